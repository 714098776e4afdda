//! The loss curve's points, thinned as a run grows so the chart stays cheap to keep and draw.

/// Points kept before the older half is thinned out.
pub const HISTORY_LIMIT: usize = 600;

/// Train and test loss at one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossPoint {
    pub step: u64,
    pub train: f32,
    pub test: f32,
}

/// Loss points in step order, at most [`HISTORY_LIMIT`] of them, roughly evenly spaced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    points: Vec<LossPoint>,
    /// Least step distance between two kept points; grows as the run does.
    gap: u64,
}

impl History {
    /// The kept points, oldest first.
    pub fn points(&self) -> &[LossPoint] {
        &self.points
    }

    /// Records a point. Non-finite losses are left out (the page explains divergence
    /// separately), and a point closer than `gap` to the one before the last replaces the
    /// last, so the curve always ends at the latest evaluation.
    pub fn push(&mut self, point: LossPoint) {
        if !(point.train.is_finite() && point.test.is_finite()) {
            return;
        }
        let len = self.points.len();
        match self.points.last() {
            Some(last) if point.step <= last.step => {
                self.points[len - 1] = point;
                return;
            }
            _ if len >= 2 && point.step - self.points[len - 2].step < self.gap => {
                self.points[len - 1] = point;
                return;
            }
            _ => self.points.push(point),
        }
        if self.points.len() > HISTORY_LIMIT {
            self.thin();
        }
    }

    /// Drops the points after `step`, for a run that went back to an earlier step.
    pub fn truncate_after(&mut self, step: u64) {
        self.points.retain(|p| p.step <= step);
    }

    fn thin(&mut self) {
        let last = self.points[self.points.len() - 1];
        let mut index = 0;
        self.points.retain(|_| {
            index += 1;
            index % 2 == 1
        });
        if self.points.last() != Some(&last) {
            self.points.push(last);
        }
        let span = last.step - self.points[0].step;
        self.gap = span / self.points.len() as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(step: u64) -> LossPoint {
        LossPoint { step, train: 1.0 / (step + 1) as f32, test: 1.0 }
    }

    #[test]
    fn stays_bounded_evenly_spaced_and_ends_at_the_latest_point() {
        let mut history = History::default();
        for step in (0..=100_000).step_by(37) {
            history.push(point(step));
            assert!(history.points().len() <= HISTORY_LIMIT);
            assert_eq!(history.points().last().unwrap().step, step);
        }
        let steps: Vec<u64> = history.points().iter().map(|p| p.step).collect();
        assert!(steps.len() > HISTORY_LIMIT / 3, "{}", steps.len());
        assert!(steps.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(steps[0], 0);
        let widest = steps.windows(2).map(|w| w[1] - w[0]).max().unwrap();
        assert!(widest < 100_000 / 100, "widest gap {widest}");
    }

    #[test]
    fn non_finite_losses_and_repeated_steps_do_not_add_points() {
        let mut history = History::default();
        history.push(point(0));
        history.push(LossPoint { step: 5, train: f32::NAN, test: 1.0 });
        history.push(LossPoint { step: 0, train: 0.5, test: 0.5 });
        assert_eq!(history.points(), &[LossPoint { step: 0, train: 0.5, test: 0.5 }]);
    }

    #[test]
    fn a_run_sent_back_to_an_earlier_step_continues_from_there() {
        let mut history = History::default();
        for step in 0..10 {
            history.push(point(step * 10));
        }
        history.truncate_after(45);
        history.push(point(50));
        let steps: Vec<u64> = history.points().iter().map(|p| p.step).collect();
        assert_eq!(steps, [0, 10, 20, 30, 40, 50]);
    }
}
