//! Axis ranges for the loss chart.

/// The smallest of 1, 2, 2.5, 5 × 10ᵏ at or above `value`, so axis labels stay round.
pub fn nice_ceiling(value: f64) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * magnitude).find(|&v| v >= value * (1.0 - 1e-9)).unwrap_or(value)
}

/// A label for an axis value: short, without trailing zeros.
pub fn tick_label(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    if value.abs() >= 10_000.0 {
        return format!("{:.0}k", value / 1000.0);
    }
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
