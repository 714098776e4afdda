//! RMSProp, `torch.optim.RMSprop`: with smoothing `α` and weight decay `λ`, `g ← g + λp`,
//! `s ← α·s + (1−α)·g²`; centered also tracks `ḡ ← α·ḡ + (1−α)·g` and uses `s − ḡ²`;
//! `a = √(…) + ε`; then `p ← p − lr·g/a`, or with momentum `μ`, `b ← μ·b + g/a`, `p ← p − lr·b`.

use super::state::{PerParam, SavedTensor, step_tensor};
use super::{Optimizer, complement, trained};
use crate::ParamStore;
use nnplay_tensor::fused::Fused;
use nnplay_tensor::{GradStore, Result, Tensor};

/// RMSProp's settings besides the learning rate; the default is PyTorch's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmsPropOptions {
    /// Smoothing constant `α` of the squared-gradient average.
    pub alpha: f32,
    /// Term `ε` added to the denominator.
    pub epsilon: f32,
    /// L2 penalty `λ`, added to the gradient as `λ·p`.
    pub weight_decay: f32,
    /// Momentum factor `μ` (0: none).
    pub momentum: f32,
    /// Normalise by the estimated variance of the gradient instead of its second moment.
    pub centered: bool,
}

impl Default for RmsPropOptions {
    fn default() -> Self {
        RmsPropOptions { alpha: 0.99, epsilon: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false }
    }
}

/// One parameter's RMSProp state.
#[derive(Debug, Clone)]
struct RmsPropState {
    step: u64,
    square_avg: Tensor,
    /// Centered only.
    grad_avg: Option<Tensor>,
    /// Momentum only.
    momentum_buffer: Option<Tensor>,
}

/// RMSProp: divides each gradient by a running root-mean-square of its recent values.
#[derive(Debug, Clone)]
pub struct RmsProp {
    learning_rate: f32,
    options: RmsPropOptions,
    states: PerParam<RmsPropState>,
}

impl RmsProp {
    /// A fresh optimizer ([`super::OptimizerConfig::validate`] checks user-supplied values).
    pub fn new(learning_rate: f32, options: RmsPropOptions) -> RmsProp {
        RmsProp { learning_rate, options, states: PerParam::default() }
    }
}

impl Optimizer for RmsProp {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        let RmsPropOptions { alpha, epsilon, weight_decay, momentum, centered } = self.options;
        let one_minus_alpha = complement(alpha);
        for t in trained(params, grads) {
            let state = self.states.take(t.index).unwrap_or_else(|| {
                let zeros = Tensor::zeros(t.grad.shape().clone(), t.grad.device());
                RmsPropState {
                    step: 0,
                    square_avg: zeros.clone(),
                    grad_avg: centered.then(|| zeros.clone()),
                    momentum_buffer: (momentum > 0.0).then_some(zeros),
                }
            });
            let f = Fused::new();
            let (value, mut grad) = (f.input(&t.value), f.input(&t.grad));
            if weight_decay != 0.0 {
                grad = grad + value * weight_decay;
            }
            let square_avg = f.input(&state.square_avg) * alpha + grad.square() * one_minus_alpha;
            let grad_avg =
                state.grad_avg.filter(|_| centered).map(|avg| f.input(&avg) * alpha + grad * one_minus_alpha);
            // s − ḡ² is never negative in exact arithmetic; the relu keeps f32 rounding
            // from turning a zero into a NaN under the square root.
            let variance = grad_avg.map_or(square_avg, |avg| (square_avg - avg.square()).relu());
            let normalized = grad / (variance.sqrt() + epsilon);
            let buffer = state.momentum_buffer.filter(|_| momentum > 0.0).map(|b| f.input(&b) * momentum + normalized);
            let updated = value - buffer.unwrap_or(normalized) * self.learning_rate;
            let mut outputs = vec![updated, square_avg];
            outputs.extend(grad_avg);
            outputs.extend(buffer);
            let mut results = f.run_all(&outputs)?.into_iter();
            let mut next = || results.next().expect("one result per output");
            params.set(t.index, &next());
            let square_avg = next();
            let grad_avg = grad_avg.is_some().then(&mut next);
            let momentum_buffer = buffer.is_some().then(&mut next);
            let state = RmsPropState { step: state.step + 1, square_avg, grad_avg, momentum_buffer };
            self.states.put(t.index, t.ordinal, state);
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
            let mut entries =
                vec![("step", step_tensor(s.step, s.square_avg.device())), ("square_avg", s.square_avg.clone())];
            entries.extend(s.momentum_buffer.clone().map(|b| ("momentum_buffer", b)));
            entries.extend(s.grad_avg.clone().map(|g| ("grad_avg", g)));
            entries
        })
    }
    fn load_state(&mut self, params: &ParamStore, saved: &[SavedTensor]) -> std::result::Result<(), String> {
        let RmsPropOptions { momentum, centered, .. } = self.options;
        self.states.load(params, saved, |s| {
            Ok(RmsPropState {
                step: s.step()?,
                square_avg: s.tensor("square_avg")?,
                grad_avg: if centered { Some(s.tensor("grad_avg")?) } else { None },
                momentum_buffer: if momentum > 0.0 { Some(s.tensor("momentum_buffer")?) } else { None },
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
        async fn matches_a_hand_computed_centered_momentum_trajectory() {
            let mut store = ParamStore::new();
            store.add("p", Tensor::from_vec(vec![1.0, -2.0], [2], Device::Cpu).unwrap(), true);
            let c = Tensor::from_vec(vec![1.0, 0.5], [2], Device::Cpu).unwrap();
            let options = RmsPropOptions { alpha: 0.9, momentum: 0.5, centered: true, ..RmsPropOptions::default() };
            let mut rmsprop = RmsProp::new(0.01, options);
            for _ in 0..3 {
                let loss = store.params()[0].value.square().mul(&c).unwrap().sum_all();
                rmsprop.step(&mut store, &loss.backward().unwrap()).unwrap();
            }
            let mut expected = Vec::new();
            for (p0, ci) in [(1.0f64, 1.0f64), (-2.0, 0.5)] {
                let (mut p, mut s, mut m, mut b) = (p0, 0.0f64, 0.0f64, 0.0f64);
                for _ in 1..=3 {
                    let g = 2.0 * ci * p;
                    s = 0.9 * s + 0.1 * g * g;
                    m = 0.9 * m + 0.1 * g;
                    b = 0.5 * b + g / ((s - m * m).sqrt() + 1e-8);
                    p -= 0.01 * b;
                }
                expected.push(p as f32);
            }
            assert_close(&store.params()[0].value.to_vec().await.unwrap(), &expected, 1e-5, 1e-6);
            let keys: Vec<String> = rmsprop.state().into_iter().map(|(k, _)| k).collect();
            assert_eq!(keys, ["0.step", "0.square_avg", "0.momentum_buffer", "0.grad_avg"]);
        }
    }
}
