//! Axis ranges and ticks for the charts: linear axes from zero to a round ceiling, and
//! logarithmic axes over whole decades that leave out values a logarithm cannot show.

/// The smallest of 1, 2, 2.5, 5 × 10ᵏ at or above `value`, so axis labels stay round.
pub fn nice_ceiling(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|&v| v >= value * (1.0 - 1e-9)).unwrap_or(value)
}

/// A label for an axis value: short, without trailing zeros; small values in exponent
/// form (`5e-4`) so a learning rate of 0.0005 does not read as 0.
pub fn tick_label(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    if value.abs() >= 10_000.0 {
        return format!("{:.0}k", value / 1000.0);
    }
    if value.abs() < 0.01 {
        return format!("{:e}", (value * 1e6).round() / 1e6);
    }
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A fraction as a whole percentage: `0.5` → `50%`.
pub fn percent_label(value: f64) -> String {
    format!("{:.0}%", value * 100.0)
}

/// How values map onto a chart's vertical axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    /// The value at the bottom of the plot.
    pub low: f64,
    /// The value at the top.
    pub high: f64,
    /// Whether equal ratios (rather than equal differences) take equal room.
    pub log: bool,
}

/// Most decades a logarithmic axis labels; wider ranges label every second or third.
const MOST_DECADE_TICKS: usize = 6;

impl Axis {
    /// A fixed linear axis from `low` to `high` (accuracy: 0 to 1).
    pub fn fixed(low: f64, high: f64) -> Axis {
        Axis { low, high, log: false }
    }

    /// A linear axis from zero to a round ceiling over the finite `values`.
    pub fn linear(values: impl IntoIterator<Item = f64>) -> Axis {
        let highest = values.into_iter().filter(|v| v.is_finite()).fold(0.0, f64::max);
        Axis { low: 0.0, high: nice_ceiling(highest), log: false }
    }

    /// A logarithmic axis over whole decades around the positive finite `values`; zeros
    /// and negatives are left out, and with no positive value at all it spans 0.1 to 1.
    pub fn log(values: impl IntoIterator<Item = f64>) -> Axis {
        let (smallest, largest) = values
            .into_iter()
            .filter(|v| v.is_finite() && *v > 0.0)
            .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if largest == 0.0 {
            return Axis { low: 0.1, high: 1.0, log: true };
        }
        let mut bottom = smallest.log10().floor();
        let mut top = largest.log10().ceil();
        if top <= bottom {
            // One exact power of ten: show the decade on either side of it.
            bottom -= 1.0;
            top += 1.0;
        }
        Axis { low: 10f64.powf(bottom), high: 10f64.powf(top), log: true }
    }

    /// Where `value` lies between the bottom (0) and the top (1) of the axis; `None` for
    /// a value the axis cannot show (not finite, or not positive on a log axis). Values
    /// outside the range give fractions outside 0..=1.
    pub fn fraction(&self, value: f64) -> Option<f64> {
        if !value.is_finite() {
            return None;
        }
        if self.log {
            if value <= 0.0 {
                return None;
            }
            let (low, high) = (self.low.log10(), self.high.log10());
            return Some((value.log10() - low) / (high - low));
        }
        let span = self.high - self.low;
        Some(if span > 0.0 { (value - self.low) / span } else { 0.0 })
    }

    /// The values to mark on the axis, bottom first: the ends and the middle of a linear
    /// axis; the powers of ten of a log axis (a single decade also gets 2 and 5 × 10ᵏ).
    pub fn ticks(&self) -> Vec<f64> {
        if !self.log {
            return vec![self.low, (self.low + self.high) / 2.0, self.high];
        }
        let (bottom, top) = (self.low.log10().round() as i32, self.high.log10().round() as i32);
        let decades = (top - bottom).max(0) as usize;
        if decades <= 1 {
            let low = self.low;
            return [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * low).collect();
        }
        let stride = decades.div_ceil(MOST_DECADE_TICKS - 1);
        let mut ticks: Vec<f64> = (bottom..=top).step_by(stride).map(|k| 10f64.powf(k as f64)).collect();
        if ticks.last().is_some_and(|&last| last < self.high * (1.0 - 1e-9)) {
            ticks.push(self.high);
        }
        ticks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `a` and `b` agree to a relative 1e-12 (powers of ten are not exact in binary).
    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
    }

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(0.693), 1.0);
        assert_eq!(nice_ceiling(0.12), 0.2);
        assert_eq!(nice_ceiling(0.021), 0.025);
        assert_eq!(nice_ceiling(3.0), 5.0);
        assert_eq!(nice_ceiling(1.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }

    #[test]
    fn labels_are_short() {
        assert_eq!(tick_label(0.5), "0.5");
        assert_eq!(tick_label(0.125), "0.125");
        assert_eq!(tick_label(1500.0), "1500");
        assert_eq!(tick_label(25_000.0), "25k");
        assert_eq!(tick_label(0.0), "0");
        assert_eq!(tick_label(0.0005), "5e-4");
        assert_eq!(tick_label(0.0025), "2.5e-3");
        assert_eq!(tick_label(0.001), "1e-3");
        assert_eq!(percent_label(0.5), "50%");
        assert_eq!(percent_label(1.0), "100%");
    }

    #[test]
    fn a_linear_axis_runs_from_zero_to_a_round_ceiling() {
        let axis = Axis::linear([0.3, 0.69, f64::NAN, f64::INFINITY, -2.0]);
        assert_eq!(axis, Axis { low: 0.0, high: 1.0, log: false });
        assert_eq!(axis.ticks(), [0.0, 0.5, 1.0]);
        assert_eq!(axis.fraction(0.25), Some(0.25));
        assert_eq!(axis.fraction(f64::NAN), None);
        assert_eq!(Axis::linear([]).high, 1.0);
        // A negative value lies below the plot rather than vanishing.
        assert_eq!(axis.fraction(-0.5), Some(-0.5));
    }

    #[test]
    fn a_log_axis_spans_whole_decades_and_skips_zeros_and_negatives() {
        let axis = Axis::log([0.0, -1.0, 0.02, 0.7, 3.0, f64::NAN]);
        assert!(close(axis.low, 0.01) && close(axis.high, 10.0), "{axis:?}");
        let ticks = axis.ticks();
        assert_eq!(ticks.len(), 4, "{ticks:?}");
        assert!(ticks.iter().zip([0.01, 0.1, 1.0, 10.0]).all(|(&t, e)| close(t, e)), "{ticks:?}");
        assert_eq!(axis.fraction(0.0), None);
        assert_eq!(axis.fraction(-3.0), None);
        let middle = axis.fraction(0.1).unwrap();
        assert!((middle - 1.0 / 3.0).abs() < 1e-12, "{middle}");
        assert!((axis.fraction(10.0).unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_log_axis_of_one_decade_or_one_value_still_has_room_and_ticks() {
        let axis = Axis::log([0.2, 0.7]);
        assert!(close(axis.low, 0.1) && close(axis.high, 1.0), "{axis:?}");
        let ticks = axis.ticks();
        assert_eq!(ticks.len(), 4);
        assert!(close(ticks[1], 0.2) && close(ticks[2], 0.5), "{ticks:?}");
        let exact = Axis::log([1.0]);
        assert!(close(exact.low, 0.1) && close(exact.high, 10.0), "{exact:?}");
        assert!(close(exact.fraction(1.0).unwrap(), 0.5));
        let nothing = Axis::log([0.0, -1.0]);
        assert_eq!((nothing.low, nothing.high, nothing.log), (0.1, 1.0, true));
    }

    #[test]
    fn a_wide_log_axis_labels_at_most_a_few_decades() {
        let axis = Axis::log([1e-9, 1e3]);
        let ticks = axis.ticks();
        assert!(ticks.len() <= MOST_DECADE_TICKS + 1, "{ticks:?}");
        assert_eq!(ticks[0], axis.low);
        assert!(close(*ticks.last().unwrap(), 1e3), "{ticks:?}");
        assert!(ticks.windows(2).all(|w| w[0] < w[1]));
    }
}
