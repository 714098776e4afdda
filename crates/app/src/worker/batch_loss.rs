//! The mean batch loss between two progress reports: the loss the steps compute anyway,
//! so the page's loss curve can move between the costly full evaluations.

/// A running mean of the batch losses read since it was last taken.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchLosses {
    sum: f64,
    count: u32,
    /// Whether a non-finite loss was read: the mean is then not finite either.
    diverged: bool,
}

impl BatchLosses {
    /// Adds one step's batch loss.
    pub fn add(&mut self, loss: f32) {
        if loss.is_finite() {
            self.sum += f64::from(loss);
            self.count += 1;
        } else {
            self.diverged = true;
        }
    }

    /// The mean of the losses added since the last call (NaN if one was not finite, `None`
    /// if none was added), and starts afresh.
    pub fn take(&mut self) -> Option<f32> {
        let taken = std::mem::take(self);
        if taken.diverged {
            return Some(f32::NAN);
        }
        (taken.count > 0).then(|| (taken.sum / f64::from(taken.count)) as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_the_mean_since_the_last_take() {
        let mut losses = BatchLosses::default();
        assert_eq!(losses.take(), None);
        losses.add(1.0);
        losses.add(0.5);
        assert_eq!(losses.take(), Some(0.75));
        assert_eq!(losses.take(), None);
        losses.add(2.0);
        assert_eq!(losses.take(), Some(2.0));
    }

    #[test]
    fn a_diverged_batch_makes_the_mean_not_finite_until_taken() {
        let mut losses = BatchLosses::default();
        losses.add(1.0);
        losses.add(f32::INFINITY);
        assert!(losses.take().unwrap().is_nan());
        losses.add(3.0);
        assert_eq!(losses.take(), Some(3.0));
    }
}
