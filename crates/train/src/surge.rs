//! Warning of exploding gradients before they overflow: the global gradient norm (all
//! trainable tensors together, measured on the device by the steps that ask for it and
//! read with the evaluations) is watched, and a norm that grows a hundredfold within a
//! few samples, or a thousandfold since the run started, while the loss is still a finite
//! number raises one [`GradientSurge`]. Pure logic: it is fed one sample at a time.

use crate::presets::Text;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Growth over the window that raises a warning…
pub const SURGE_GROWTH: f32 = 100.0;
/// …or growth over the first sample (the start of the run, or the last warning)…
pub const SURGE_GROWTH_SINCE_START: f32 = 1000.0;
/// …once the norm has reached at least this: a norm growing from 1e-6 to 1e-3 is harmless.
pub const SURGE_FLOOR: f32 = 1.0;
/// Samples over which growth is measured.
pub const SURGE_WINDOW: usize = 20;

/// The gradients' global norm grew from `from_norm` (at step `from_step`) to `norm` (at
/// `step`) while the loss was still finite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradientSurge {
    pub step: u64,
    pub norm: f32,
    pub from_step: u64,
    pub from_norm: f32,
    /// The norm gradients are clipped to, when clipping is on.
    pub clipping: Option<f32>,
}

impl GradientSurge {
    /// How many times larger the norm became.
    pub fn growth(&self) -> f32 {
        self.norm / self.from_norm
    }

    /// What happens and what to do, in English and Chinese.
    pub fn message(&self) -> Text {
        let GradientSurge { step, norm, from_step, from_norm, clipping } = self;
        let growth = self.growth();
        let (advice_en, advice_zh) = match clipping {
            None => (
                "Lower the learning rate or turn on gradient clipping.".to_string(),
                "请降低学习率，或打开梯度裁剪。".to_string(),
            ),
            Some(max) => (
                format!("Lower the learning rate (gradient clipping is already on, at norm {max})."),
                format!("请降低学习率（梯度裁剪已打开，上限为 {max}）。"),
            ),
        };
        Text {
            en: format!(
                "Exploding gradients: the gradient norm grew {growth:.0}× (from {from_norm:.3} at step {from_step} \
                 to {norm:.3e} at step {step}) while the loss is still finite; the run is likely to diverge soon. \
                 {advice_en}"
            ),
            zh: format!(
                "梯度爆炸：梯度范数增长了 {growth:.0} 倍（从第 {from_step} 步的 {from_norm:.3} 到第 {step} 步的 \
                 {norm:.3e}），损失目前仍是有限的数，但训练很可能马上发散。{advice_zh}"
            ),
        }
    }
}

/// The gradient norms of the last few samples and the run's first, and the warnings they raise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SurgeWatch {
    /// The first sample with a norm above 0 since the start (or the last warning).
    start: Option<(u64, f32)>,
    /// The latest samples with a norm above 0, oldest first, at most [`SURGE_WINDOW`].
    window: VecDeque<(u64, f32)>,
}

impl SurgeWatch {
    /// Adds the global gradient norm of `step` and the loss measured with it; returns a
    /// warning when the norm has grown [`SURGE_GROWTH`]× within the window or
    /// [`SURGE_GROWTH_SINCE_START`]× since the start, is at least [`SURGE_FLOOR`], and it
    /// and the loss are finite (past that, the run has diverged and is paused instead).
    /// After a warning the watch starts over from that norm, so a norm that goes on
    /// growing warns again only after growing as much again.
    pub fn record(&mut self, step: u64, norm: f32, loss: f32, clipping: Option<f32>) -> Option<GradientSurge> {
        if !(norm.is_finite() && loss.is_finite()) || norm <= 0.0 {
            return None;
        }
        let smallest = self.window.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1));
        let start = *self.start.get_or_insert((step, norm));
        self.window.push_back((step, norm));
        if self.window.len() > SURGE_WINDOW {
            self.window.pop_front();
        }
        if norm < SURGE_FLOOR {
            return None;
        }
        let from = match smallest {
            Some(smallest) if norm >= SURGE_GROWTH * smallest.1 => smallest,
            _ if norm >= SURGE_GROWTH_SINCE_START * start.1 => start,
            _ => return None,
        };
        self.start = Some((step, norm));
        self.window.clear();
        self.window.push_back((step, norm));
        Some(GradientSurge { step, norm, from_step: from.0, from_norm: from.1, clipping })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_or_shrinking_norms_raise_nothing() {
        let mut watch = SurgeWatch::default();
        for step in 0..200 {
            let norm = 2.0 * (1.0 + (step as f32 * 0.3).sin() * 0.5) / (1.0 + step as f32 * 0.01);
            assert_eq!(watch.record(step, norm, 0.5, None), None, "step {step}");
        }
    }

    #[test]
    fn a_hundredfold_rise_within_the_window_warns_once_with_the_numbers() {
        let mut watch = SurgeWatch::default();
        let mut warnings = Vec::new();
        // Doubling every step: 0.5 · 2^k passes 100× the window's smallest at k = 7.
        for step in 0..10u64 {
            let norm = 0.5 * 2f32.powi(step as i32);
            if let Some(surge) = watch.record(step, norm, 1.0, None) {
                warnings.push(surge);
            }
        }
        assert_eq!(warnings, vec![GradientSurge { step: 7, norm: 64.0, from_step: 0, from_norm: 0.5, clipping: None }]);
        let message = warnings[0].message();
        assert!(message.en.contains("grew 128× (from 0.500 at step 0 to 6.400e1 at step 7)"), "{}", message.en);
        assert!(message.en.ends_with("Lower the learning rate or turn on gradient clipping."), "{}", message.en);
        assert!(message.zh.contains("增长了 128 倍") && message.zh.contains("打开梯度裁剪"), "{}", message.zh);
        // Growing on, it warns again once it has grown a hundredfold past the warning.
        let again = (10..20u64).find_map(|step| watch.record(step, 64.0 * 2f32.powi(step as i32 - 9), 1.0, None));
        assert_eq!(again.map(|s| (s.step, s.from_step)), Some((16, 7)));
    }

    #[test]
    fn a_slow_thousandfold_rise_since_the_start_warns() {
        let mut watch = SurgeWatch::default();
        // 1.2× per sample is only 38× over a window of 20 samples, but adds up.
        let mut growth = 1.0f32;
        let first = (0..60u64).find_map(|step| {
            growth = if step < 20 { 1.0 } else { growth * 1.2 };
            watch.record(step, 0.01 * growth, 1.0, Some(5.0))
        });
        let surge = first.expect("a warning");
        assert_eq!(surge.from_step, 0);
        assert!(surge.growth() >= SURGE_GROWTH_SINCE_START, "{surge:?}");
        assert!(surge.message().en.contains("gradient clipping is already on, at norm 5"), "{}", surge.message().en);
    }

    #[test]
    fn tiny_norms_non_finite_values_and_a_non_finite_loss_raise_nothing() {
        let mut watch = SurgeWatch::default();
        assert_eq!(watch.record(0, 1e-6, 1.0, None), None);
        assert_eq!(watch.record(1, 1e-3, 1.0, None), None, "1000× but below the floor");
        assert_eq!(watch.record(2, 50.0, f32::NAN, None), None, "the loss has diverged: pausing is the answer");
        assert_eq!(watch.record(3, f32::INFINITY, 1.0, None), None);
        assert_eq!(watch.record(4, 0.0, 1.0, None), None);
        assert!(watch.record(5, 50.0, 1.0, None).is_some(), "finite, and 50 000× the smallest");
    }
}
