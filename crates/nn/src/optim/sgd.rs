//! Stochastic gradient descent, `torch.optim.SGD`: with weight decay `λ`, momentum `μ`
//! and dampening `τ`, `g ← g + λp`, then `b ← μ·b + (1−τ)·g` (the first step sets
//! `b = g`), the direction is `b` (or `g + μ·b` with Nesterov), and `p ← p − lr·direction`.

use super::state::{PerParam, SavedTensor};
use super::{Optimizer, trained};
use crate::ParamStore;
use nnplay_tensor::fused::Fused;
use nnplay_tensor::{GradStore, Result, Tensor};

/// SGD's settings besides the learning rate; the default is PyTorch's (all off).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SgdOptions {
    /// Momentum factor `μ`; 0 makes it plain gradient descent.
    pub momentum: f32,
    /// Dampening `τ` of the gradient added to the momentum buffer.
    pub dampening: f32,
    /// L2 penalty `λ`, added to the gradient as `λ·p` (coupled weight decay).
    pub weight_decay: f32,
    /// Nesterov momentum: step along `g + μ·b` instead of `b` (needs momentum > 0, dampening 0).
    pub nesterov: bool,
}

/// SGD; momentum 0 makes it plain gradient descent.
#[derive(Debug, Clone)]
pub struct Sgd {
    learning_rate: f32,
    options: SgdOptions,
    /// Per parameter, the momentum buffer `b` (momentum only).
    momentum_buffers: PerParam<Tensor>,
}

impl Sgd {
    /// A fresh optimizer with momentum `momentum` and the other options off.
    pub fn new(learning_rate: f32, momentum: f32) -> Sgd {
        Sgd::with_options(learning_rate, SgdOptions { momentum, ..SgdOptions::default() })
    }
    /// A fresh optimizer with every option given ([`super::OptimizerConfig::validate`]
    /// checks user-supplied values).
    pub fn with_options(learning_rate: f32, options: SgdOptions) -> Sgd {
        Sgd { learning_rate, options, momentum_buffers: PerParam::default() }
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        let SgdOptions { momentum, dampening, weight_decay, nesterov } = self.options;
        for t in trained(params, grads) {
            let f = Fused::new();
            let value = f.input(&t.value);
            let mut direction = f.input(&t.grad);
            if weight_decay != 0.0 {
                direction = direction + value * weight_decay;
            }
            let mut buffer = None;
            if momentum != 0.0 {
                // The first step's buffer is the direction itself.
                let next = match self.momentum_buffers.take(t.index) {
                    Some(b) if dampening == 0.0 => f.input(&b) * momentum + direction,
                    Some(b) => f.input(&b) * momentum + direction * (1.0 - dampening),
                    None => direction,
                };
                buffer = Some(next);
                direction = if nesterov { direction + next * momentum } else { next };
            }
            let mut outputs = vec![value - direction * self.learning_rate];
            outputs.extend(buffer);
            let results = f.run_all(&outputs)?;
            params.set(t.index, &results[0]);
            if let Some(buffer) = results.get(1) {
                self.momentum_buffers.put(t.index, t.ordinal, buffer.clone());
            }
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
        self.momentum_buffers.entries(|b| [("momentum_buffer", b.clone())])
    }
    fn load_state(&mut self, params: &ParamStore, saved: &[SavedTensor]) -> std::result::Result<(), String> {
        self.momentum_buffers.load(params, saved, |s| s.tensor("momentum_buffer"))
    }
    fn clone_box(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{Device, engine_test, testing::assert_close};

    /// One parameter p = (1, -2) and loss Σ c·p with c = (0.5, 3): the gradient is c
    /// at every step, so the trajectory can be written down by hand.
    fn problem() -> (ParamStore, Tensor) {
        let mut store = ParamStore::new();
        store.add("p", Tensor::from_vec(vec![1.0, -2.0], [2], Device::Cpu).unwrap(), true);
        (store, Tensor::from_vec(vec![0.5, 3.0], [2], Device::Cpu).unwrap())
    }

    async fn run(optimizer: &mut dyn Optimizer, steps: usize) -> Vec<f32> {
        let (mut store, c) = problem();
        for _ in 0..steps {
            let loss = store.params()[0].value.mul(&c).unwrap().sum_all();
            optimizer.step(&mut store, &loss.backward().unwrap()).unwrap();
        }
        store.params()[0].value.to_vec().await.unwrap()
    }

    engine_test! {
        async fn plain_sgd_moves_against_the_gradient() {
            // p − 2·0.1·c
            let p = run(&mut Sgd::new(0.1, 0.0), 2).await;
            assert_close(&p, &[1.0 - 0.1, -2.0 - 0.6], 1e-6, 1e-6);
        }
    }

    engine_test! {
        async fn momentum_accumulates_velocity() {
            // v1 = c, v2 = 1.9c, v3 = 2.71c; p3 = p0 − 0.1·(1 + 1.9 + 2.71)·c
            let p = run(&mut Sgd::new(0.1, 0.9), 3).await;
            let total = 0.1 * (1.0 + 1.9 + 2.71);
            assert_close(&p, &[1.0 - total * 0.5, -2.0 - total * 3.0], 1e-5, 1e-6);
        }
    }

    engine_test! {
        async fn nesterov_looks_ahead_along_the_buffer() {
            // b1 = c, step 1 moves by c + 0.9c = 1.9c; b2 = 1.9c, step 2 moves by c + 1.71c.
            let options = SgdOptions { momentum: 0.9, nesterov: true, ..SgdOptions::default() };
            let p = run(&mut Sgd::with_options(0.1, options), 2).await;
            let total = 0.1 * (1.9 + 2.71);
            assert_close(&p, &[1.0 - total * 0.5, -2.0 - total * 3.0], 1e-5, 1e-6);
        }
    }

    engine_test! {
        async fn learning_rate_changes_apply_to_the_next_step() {
            let mut sgd = Sgd::new(0.1, 0.0);
            sgd.set_learning_rate(0.2);
            assert_eq!(sgd.learning_rate(), 0.2);
            let p = run(&mut sgd, 1).await;
            assert_close(&p, &[1.0 - 0.1, -2.0 - 0.6], 1e-6, 1e-6);
        }
    }

    engine_test! {
        async fn plain_sgd_keeps_no_state_and_momentum_names_its_buffer() {
            let mut plain = Sgd::new(0.1, 0.0);
            run(&mut plain, 1).await;
            assert!(plain.state().is_empty());
            let mut momentum = Sgd::new(0.1, 0.9);
            run(&mut momentum, 2).await;
            let state = momentum.state();
            assert_eq!(state.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["0.momentum_buffer"]);
            assert_close(&state[0].1.to_vec().await.unwrap(), &[0.95, 5.7], 1e-6, 1e-6);
        }
    }
}
