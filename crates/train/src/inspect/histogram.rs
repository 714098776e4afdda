//! Histograms of a tensor's values, for the weight and gradient views.

use serde::{Deserialize, Serialize};

/// Bins of every histogram: enough to show a shape, few enough to draw small.
pub const HISTOGRAM_BINS: usize = 24;

/// How the finite values of a tensor spread over [`HISTOGRAM_BINS`] equal bins from the
/// smallest to the largest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Left edge of the first bin (the smallest finite value).
    pub min: f32,
    /// Right edge of the last bin (the largest finite value); when every value is the
    /// same, the range is widened by 0.5 on each side and they all fall in the middle.
    pub max: f32,
    /// Values per bin; they add up to the number of finite values.
    pub counts: Vec<u32>,
    /// Values that are NaN or infinite (a diverged run), counted in no bin.
    pub non_finite: u32,
}

impl Histogram {
    /// The histogram of `values`; an empty or wholly non-finite set gives zero counts over `[0, 0]`.
    pub fn of(values: &[f32]) -> Histogram {
        let finite = || values.iter().copied().filter(|v| v.is_finite());
        let non_finite = (values.len() - finite().count()) as u32;
        let mut counts = vec![0u32; HISTOGRAM_BINS];
        let (Some(low), Some(high)) = (finite().reduce(f32::min), finite().reduce(f32::max)) else {
            return Histogram { min: 0.0, max: 0.0, counts, non_finite };
        };
        let (min, max) = if low < high { (low, high) } else { (low - 0.5, high + 0.5) };
        let scale = HISTOGRAM_BINS as f64 / (max as f64 - min as f64);
        for value in finite() {
            let bin = ((value as f64 - min as f64) * scale) as usize;
            counts[bin.min(HISTOGRAM_BINS - 1)] += 1;
        }
        Histogram { min, max, counts, non_finite }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fall_in_equal_bins_from_min_to_max() {
        let values: Vec<f32> = (0..48).map(|i| i as f32 / 47.0 * 2.0 - 1.0).collect();
        let histogram = Histogram::of(&values);
        assert_eq!((histogram.min, histogram.max), (-1.0, 1.0));
        assert_eq!(histogram.counts, vec![2; HISTOGRAM_BINS]);
        let skewed = Histogram::of(&[0.0, 0.0, 0.0, 24.0]);
        assert_eq!(skewed.counts[0], 3);
        assert_eq!(skewed.counts[HISTOGRAM_BINS - 1], 1, "the maximum lands in the last bin");
    }

    #[test]
    fn constant_empty_and_diverged_values_are_drawn_too() {
        let constant = Histogram::of(&[2.0; 5]);
        assert_eq!((constant.min, constant.max), (1.5, 2.5));
        assert_eq!(constant.counts[HISTOGRAM_BINS / 2], 5);
        let empty = Histogram::of(&[]);
        assert_eq!(empty.counts.iter().sum::<u32>(), 0);
        let diverged = Histogram::of(&[f32::NAN, 1.0, f32::INFINITY, 3.0]);
        assert_eq!(diverged.non_finite, 2);
        assert_eq!(diverged.counts.iter().sum::<u32>(), 2);
        assert_eq!((diverged.min, diverged.max), (1.0, 3.0));
    }
}
