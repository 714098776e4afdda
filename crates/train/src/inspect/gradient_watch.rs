//! Watching the gradient norms of the layers over a run, to tell the user in plain words
//! when gradients vanish or explode. Pure logic: it is fed the norms (from
//! [`super::layer_stats`]) one sample at a time.

use super::layer_stats::LayerStats;
use crate::presets::Text;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// A gradient norm below this is vanishing.
pub const VANISHING_NORM: f32 = 1e-6;
/// A gradient norm above this is exploding.
pub const EXPLODING_NORM: f32 = 1e3;
/// Growth over the watch's window that counts as exploding…
pub const EXPLODING_GROWTH: f32 = 10.0;
/// …once the norm has reached at least this (a norm growing from 1e-8 to 1e-7 is harmless).
pub const GROWTH_FLOOR: f32 = 1.0;

/// Something wrong with the gradients at the latest sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GradientAlert {
    /// Early `layers` get almost no gradient (the largest of theirs is `norm`) while a
    /// later one, `later`, gets `later_norm`.
    Vanishing { layers: Vec<String>, norm: f32, later: String, later_norm: f32 },
    /// The gradient of `layer` grew from `from` to `to` over the last `samples` samples.
    Growing { layer: String, from: f32, to: f32, samples: usize },
    /// The gradient of `layer` is above [`EXPLODING_NORM`], or no longer a finite number.
    TooLarge { layer: String, norm: f32 },
}

impl GradientAlert {
    /// What happens and what to try, in English and Chinese.
    pub fn message(&self) -> Text {
        match self {
            GradientAlert::Vanishing { layers, norm, later, later_norm } => {
                let layers = layers.join(", ");
                Text {
                    en: format!(
                        "Vanishing gradients: {layers} get gradients below {VANISHING_NORM:.0e} (at most {norm:.1e}) \
                         while {later} gets {later_norm:.1e}, so the early layers barely learn. Saturating activations \
                         (sigmoid, tanh) and deep stacks cause this; try ReLU, He initialisation, batch normalisation \
                         or residual connections."
                    ),
                    zh: format!(
                        "梯度消失：{layers} 的梯度低于 {VANISHING_NORM:.0e}（最大 {norm:.1e}），而 {later} 的梯度为 \
                         {later_norm:.1e}，前面的层几乎学不到东西。饱和的激活函数（sigmoid、tanh）和很深的网络会造成这种情况；\
                         可以试试 ReLU、He 初始化、批归一化或残差连接。"
                    ),
                }
            }
            GradientAlert::Growing { layer, from, to, samples } => Text {
                en: format!(
                    "Exploding gradients: the gradient of {layer} grew from {from:.2} to {to:.2} over the last \
                     {samples} samples. Lower the learning rate or clip the gradient norm (clip_grad_norm)."
                ),
                zh: format!(
                    "梯度爆炸：{layer} 的梯度在最近 {samples} 次采样中从 {from:.2} 增长到 {to:.2}。\
                     请降低学习率，或裁剪梯度范数（clip_grad_norm）。"
                ),
            },
            GradientAlert::TooLarge { layer, norm } if !norm.is_finite() => Text {
                en: format!(
                    "Exploding gradients: the gradient of {layer} is no longer a finite number, so the run has \
                     diverged. Start again with a lower learning rate or clip the gradient norm (clip_grad_norm)."
                ),
                zh: format!(
                    "梯度爆炸：{layer} 的梯度已不再是有限的数，训练已经发散。请用更低的学习率重新开始，\
                     或裁剪梯度范数（clip_grad_norm）。"
                ),
            },
            GradientAlert::TooLarge { layer, norm } => Text {
                en: format!(
                    "Exploding gradients: the gradient of {layer} has norm {norm:.1e}, above {EXPLODING_NORM}. \
                     Lower the learning rate or clip the gradient norm (clip_grad_norm)."
                ),
                zh: format!(
                    "梯度爆炸：{layer} 的梯度范数为 {norm:.1e}，超过 {EXPLODING_NORM}。\
                     请降低学习率，或裁剪梯度范数（clip_grad_norm）。"
                ),
            },
        }
    }
}

/// The per-layer gradient norms of the last few samples, and the alerts they raise.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientWatch {
    /// Samples over which growth is measured.
    window: usize,
    /// The latest `window + 1` samples, oldest first: (layer, norm) in model order.
    history: VecDeque<Vec<(String, f32)>>,
}

impl Default for GradientWatch {
    /// Growth measured over 5 samples.
    fn default() -> Self {
        GradientWatch::new(5)
    }
}

impl GradientWatch {
    /// A watch that measures growth over `window` samples (at least 1).
    pub fn new(window: usize) -> GradientWatch {
        GradientWatch { window: window.max(1), history: VecDeque::new() }
    }

    /// Adds a sample of the layers' gradient norms (layer name, norm; in model order) and
    /// returns what is wrong at this sample: vanishing early layers, and each layer whose
    /// norm is too large or grew too fast. A sample of other layers than the last (the
    /// model changed) starts the history afresh.
    pub fn record(&mut self, norms: Vec<(String, f32)>) -> Vec<GradientAlert> {
        let same_layers = |sample: &Vec<(String, f32)>| sample.iter().map(|(n, _)| n).eq(norms.iter().map(|(n, _)| n));
        if !self.history.back().is_none_or(same_layers) {
            self.history.clear();
        }
        self.history.push_back(norms);
        if self.history.len() > self.window + 1 {
            self.history.pop_front();
        }
        let latest = self.history.back().expect("just pushed");
        let oldest = self.history.front().expect("just pushed");
        let mut alerts: Vec<GradientAlert> = vanishing(latest).into_iter().collect();
        for ((layer, norm), (_, old)) in latest.iter().zip(oldest) {
            if !norm.is_finite() || *norm > EXPLODING_NORM {
                alerts.push(GradientAlert::TooLarge { layer: layer.clone(), norm: *norm });
            } else if self.history.len() > 1 && *norm >= GROWTH_FLOOR && *norm >= EXPLODING_GROWTH * old {
                let samples = self.history.len() - 1;
                alerts.push(GradientAlert::Growing { layer: layer.clone(), from: *old, to: *norm, samples });
            }
        }
        alerts
    }

    /// [`GradientWatch::record`] of the norms in `stats`.
    pub fn record_stats(&mut self, stats: &[LayerStats]) -> Vec<GradientAlert> {
        self.record(stats.iter().map(|l| (l.layer.clone(), l.gradient_norm())).collect())
    }
}

/// The layers whose norm vanishes while a later layer's does not.
fn vanishing(sample: &[(String, f32)]) -> Option<GradientAlert> {
    let healthy = |norm: f32| norm >= VANISHING_NORM || !norm.is_finite();
    let last_healthy = sample.iter().rposition(|(_, norm)| healthy(*norm))?;
    let early: Vec<&(String, f32)> = sample[..last_healthy].iter().filter(|(_, norm)| !healthy(*norm)).collect();
    if early.is_empty() {
        return None;
    }
    let first = sample.iter().position(|(name, _)| *name == early[0].0).expect("from the sample");
    let (later, later_norm) = sample[first..]
        .iter()
        .filter(|(_, norm)| healthy(*norm))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a healthy layer follows");
    Some(GradientAlert::Vanishing {
        layers: early.iter().map(|(name, _)| name.clone()).collect(),
        norm: early.iter().map(|(_, norm)| *norm).fold(0.0, f32::max),
        later: later.clone(),
        later_norm: *later_norm,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(norms: &[f32]) -> Vec<(String, f32)> {
        norms.iter().enumerate().map(|(i, &n)| (format!("layers[{}]", 2 * i), n)).collect()
    }

    #[test]
    fn healthy_gradients_raise_nothing() {
        let mut watch = GradientWatch::default();
        for step in 0..10 {
            assert_eq!(watch.record(sample(&[0.1, 0.3 + step as f32 * 0.01, 0.5])), vec![]);
        }
    }

    #[test]
    fn early_layers_below_the_threshold_vanish_when_later_ones_do_not() {
        let mut watch = GradientWatch::default();
        let alerts = watch.record(sample(&[1e-9, 3e-7, 0.02, 0.5]));
        assert_eq!(
            alerts,
            vec![GradientAlert::Vanishing {
                layers: vec!["layers[0]".into(), "layers[2]".into()],
                norm: 3e-7,
                later: "layers[6]".into(),
                later_norm: 0.5,
            }]
        );
        let message = alerts[0].message();
        assert!(
            message.en.starts_with("Vanishing gradients: layers[0], layers[2] get gradients below 1e-6"),
            "{}",
            message.en
        );
        assert!(
            message.en.contains("at most 3.0e-7") && message.en.contains("layers[6] gets 5.0e-1"),
            "{}",
            message.en
        );
        assert!(message.zh.starts_with("梯度消失：layers[0], layers[2]"), "{}", message.zh);
        // Everything small (a converged run) or only the last layer small is not vanishing.
        assert_eq!(watch.record(sample(&[1e-9, 1e-8, 1e-9, 1e-7])), vec![]);
        assert_eq!(watch.record(sample(&[0.1, 0.2, 0.3, 1e-8])), vec![]);
    }

    #[test]
    fn a_tenfold_rise_over_the_window_or_a_huge_norm_explodes() {
        let mut watch = GradientWatch::new(3);
        assert_eq!(watch.record(sample(&[0.5, 0.2])), vec![]);
        assert_eq!(watch.record(sample(&[1.0, 0.2])), vec![]);
        assert_eq!(watch.record(sample(&[2.0, 0.2])), vec![]);
        let alerts = watch.record(sample(&[6.0, 0.2]));
        assert_eq!(alerts, vec![GradientAlert::Growing { layer: "layers[0]".into(), from: 0.5, to: 6.0, samples: 3 }]);
        assert!(alerts[0].message().en.contains("grew from 0.50 to 6.00 over the last 3 samples"));
        assert!(alerts[0].message().zh.contains("从 0.50 增长到 6.00"));
        // The window has moved on: 1.0 → 7.0 is less than tenfold.
        assert_eq!(watch.record(sample(&[7.0, 0.2])), vec![]);
        let alerts = watch.record(sample(&[7.0, 2000.0]));
        assert_eq!(alerts, vec![GradientAlert::TooLarge { layer: "layers[2]".into(), norm: 2000.0 }]);
        assert!(alerts[0].message().en.contains("norm 2.0e3, above 1000"), "{}", alerts[0].message().en);
        let alerts = watch.record(sample(&[f32::NAN, 0.2]));
        assert!(alerts[0].message().en.contains("no longer a finite number"), "{:?}", alerts);
    }

    #[test]
    fn growth_from_tiny_norms_is_not_an_explosion_and_new_layers_restart_the_history() {
        let mut watch = GradientWatch::new(2);
        watch.record(sample(&[1e-4, 0.1]));
        assert_eq!(watch.record(sample(&[1e-2, 0.1])), vec![], "100× but still far below 1");
        watch.record(sample(&[0.05, 0.1]));
        // Other layers: the 0.05 of the old model is not compared with the new model's 5.
        let other: Vec<(String, f32)> = vec![("layers[1]".into(), 5.0)];
        assert_eq!(watch.record(other), vec![]);
    }
}
