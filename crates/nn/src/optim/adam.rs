//! Adam, `torch.optim.Adam`: with weight decay `λ`, `g ← g + λp` (coupled; AdamW decays
//! the weights instead), `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, with amsgrad
//! `v̂ ← max(v̂, v)` used in place of `v`, and
//! `p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε)`.

use super::state::{PerParam, SavedTensor, step_tensor};
use super::{Optimizer, bias_correction, complement, trained};
use crate::ParamStore;
use nnplay_tensor::fused::Fused;
use nnplay_tensor::{GradStore, Result, Tensor};

/// Adam's (and AdamW's) settings besides the learning rate; the default is PyTorch's Adam.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamOptions {
    /// Decay of the first moment.
    pub beta1: f32,
    /// Decay of the second moment.
    pub beta2: f32,
    /// Term `ε` added to the denominator.
    pub epsilon: f32,
    /// Weight decay `λ`: an L2 term in the gradient for Adam, a decay of the weights for AdamW.
    pub weight_decay: f32,
    /// Normalise by the largest second moment seen so far (AMSGrad).
    pub amsgrad: bool,
}

impl Default for AdamOptions {
    fn default() -> Self {
        AdamOptions { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weight_decay: 0.0, amsgrad: false }
    }
}

/// One parameter's Adam state.
#[derive(Debug, Clone)]
struct AdamState {
    step: u64,
    exp_avg: Tensor,
    exp_avg_sq: Tensor,
    /// AMSGrad only.
    max_exp_avg_sq: Option<Tensor>,
}

/// Adam with bias correction.
#[derive(Debug, Clone)]
pub struct Adam {
    learning_rate: f32,
    options: AdamOptions,
    /// AdamW: shrink the weights by `lr·λ` instead of adding `λp` to the gradient.
    decoupled_weight_decay: bool,
    states: PerParam<AdamState>,
}

impl Adam {
    /// A fresh optimizer with PyTorch's defaults but these rates.
    pub fn new(learning_rate: f32, beta1: f32, beta2: f32, epsilon: f32) -> Adam {
        Adam::with_options(learning_rate, AdamOptions { beta1, beta2, epsilon, ..AdamOptions::default() })
    }
    /// A fresh optimizer with every option given ([`super::OptimizerConfig::validate`]
    /// checks user-supplied values).
    pub fn with_options(learning_rate: f32, options: AdamOptions) -> Adam {
        Adam { learning_rate, options, decoupled_weight_decay: false, states: PerParam::default() }
    }
    /// The same optimizer with AdamW's decoupled weight decay (`torch.optim.AdamW` is
    /// `Adam(decoupled_weight_decay=True)` too).
    pub(super) fn decoupled(mut self) -> Adam {
        self.decoupled_weight_decay = true;
        self
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        let AdamOptions { beta1, beta2, epsilon, weight_decay, amsgrad } = self.options;
        let (one_minus_beta1, one_minus_beta2) = (complement(beta1), complement(beta2));
        for t in trained(params, grads) {
            let state = self.states.take(t.index).unwrap_or_else(|| {
                let zeros = Tensor::zeros(t.grad.shape().clone(), t.grad.device());
                AdamState {
                    step: 0,
                    exp_avg: zeros.clone(),
                    exp_avg_sq: zeros.clone(),
                    max_exp_avg_sq: amsgrad.then_some(zeros),
                }
            });
            let step = state.step + 1;
            // One fused program (one GPU kernel) per parameter.
            let f = Fused::new();
            let (mut value, mut grad) = (f.input(&t.value), f.input(&t.grad));
            if weight_decay != 0.0 {
                if self.decoupled_weight_decay {
                    value = value * (1.0 - self.learning_rate * weight_decay);
                } else {
                    grad = grad + value * weight_decay;
                }
            }
            let exp_avg = f.input(&state.exp_avg) * beta1 + grad * one_minus_beta1;
            let exp_avg_sq = f.input(&state.exp_avg_sq) * beta2 + grad.square() * one_minus_beta2;
            let max_exp_avg_sq = state.max_exp_avg_sq.filter(|_| amsgrad).map(|max| f.input(&max).maximum(exp_avg_sq));
            let second_moment = max_exp_avg_sq.unwrap_or(exp_avg_sq);
            let step_size = self.learning_rate as f64 / bias_correction(beta1, step);
            let denominator = second_moment.sqrt() * (1.0 / bias_correction(beta2, step).sqrt()) as f32 + epsilon;
            let updated = value - exp_avg / denominator * step_size as f32;
            let mut outputs = vec![updated, exp_avg, exp_avg_sq];
            outputs.extend(max_exp_avg_sq);
            let mut results = f.run_all(&outputs)?.into_iter();
            let mut next = || results.next().expect("one result per output");
            params.set(t.index, &next());
            let (exp_avg, exp_avg_sq) = (next(), next());
            let max_exp_avg_sq = amsgrad.then(next);
            self.states.put(t.index, t.ordinal, AdamState { step, exp_avg, exp_avg_sq, max_exp_avg_sq });
        }
        Ok(())
    }
    fn learning_rate(&self) -> f32 {
        self.learning_rate
    }
    fn set_learning_rate(&mut self, lr: f32) {
        self.learning_rate = lr;
    }
    fn state(&self) -> Vec<(String, Tensor)> {
        self.states.entries(|s| {
            let mut entries = vec![
                ("step", step_tensor(s.step, s.exp_avg.device())),
                ("exp_avg", s.exp_avg.clone()),
                ("exp_avg_sq", s.exp_avg_sq.clone()),
            ];
            entries.extend(s.max_exp_avg_sq.clone().map(|m| ("max_exp_avg_sq", m)));
            entries
        })
    }
    fn load_state(&mut self, params: &ParamStore, saved: &[SavedTensor]) -> std::result::Result<(), String> {
        let amsgrad = self.options.amsgrad;
        self.states.load(params, saved, |s| {
            Ok(AdamState {
                step: s.step()?,
                exp_avg: s.tensor("exp_avg")?,
                exp_avg_sq: s.tensor("exp_avg_sq")?,
                max_exp_avg_sq: if amsgrad { Some(s.tensor("max_exp_avg_sq")?) } else { None },
            })
        })
    }
    fn clone_box(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{Device, engine_test, testing::assert_close};

    engine_test! {
        async fn matches_a_hand_computed_trajectory() {
            // Loss Σ c·p² with c = (1, 0.5) from p = (1, -2): gradient 2·c·p changes
            // every step, which exercises both moments and the bias correction.
            let mut store = ParamStore::new();
            store.add("p", Tensor::from_vec(vec![1.0, -2.0], [2], Device::Cpu).unwrap(), true);
            let c = Tensor::from_vec(vec![1.0, 0.5], [2], Device::Cpu).unwrap();
            let (lr, b1, b2, eps) = (0.1f32, 0.9f32, 0.999f32, 1e-8f32);
            let mut adam = Adam::new(lr, b1, b2, eps);
            for _ in 0..3 {
                let loss = store.params()[0].value.square().mul(&c).unwrap().sum_all();
                adam.step(&mut store, &loss.backward().unwrap()).unwrap();
            }
            // The same recurrence in plain f64 arithmetic.
            let mut expected = Vec::new();
            for (p0, ci) in [(1.0f64, 1.0f64), (-2.0, 0.5)] {
                let (mut p, mut m, mut v) = (p0, 0.0f64, 0.0f64);
                for t in 1..=3 {
                    let g = 2.0 * ci * p;
                    m = b1 as f64 * m + (1.0 - b1 as f64) * g;
                    v = b2 as f64 * v + (1.0 - b2 as f64) * g * g;
                    let m_hat = m / (1.0 - (b1 as f64).powi(t));
                    let v_hat = v / (1.0 - (b2 as f64).powi(t));
                    p -= lr as f64 * m_hat / (v_hat.sqrt() + eps as f64);
                }
                expected.push(p as f32);
            }
            let p = store.params()[0].value.to_vec().await.unwrap();
            assert_close(&p, &expected, 1e-5, 1e-6);
            // The first Adam step moves each weight by about lr, whatever the gradient's scale.
            assert!((p[0] - 0.7).abs() < 0.01, "{p:?}");
        }
    }

    engine_test! {
        async fn skips_buffers_and_numbers_state_by_trainable_parameter() {
            // PyTorch's optimizer sees model.parameters(), not buffers: the parameter after a
            // buffer is its index 1, and the buffer keeps its value.
            let mut store = ParamStore::new();
            store.add("a", Tensor::from_vec(vec![1.0, 2.0], [2], Device::Cpu).unwrap(), true);
            store.add_buffer("running", Tensor::from_vec(vec![5.0], [1], Device::Cpu).unwrap());
            store.add("b", Tensor::from_vec(vec![3.0], [1], Device::Cpu).unwrap(), true);
            let mut adam = Adam::with_options(0.1, AdamOptions { amsgrad: true, ..AdamOptions::default() });
            let loss = store.params()[0].value.sum_all().add(&store.params()[2].value.sum_all()).unwrap();
            adam.step(&mut store, &loss.backward().unwrap()).unwrap();
            let keys: Vec<String> = adam.state().into_iter().map(|(k, _)| k).collect();
            let expected = ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"];
            let expected: Vec<String> = ["0", "1"].iter().flat_map(|i| expected.map(|k| format!("{i}.{k}"))).collect();
            assert_eq!(keys, expected);
            assert_eq!(store.params()[1].value.to_vec().await.unwrap(), [5.0]);
            assert_close(&store.params()[2].value.to_vec().await.unwrap(), &[2.9], 1e-5, 1e-6);
        }
    }
}
