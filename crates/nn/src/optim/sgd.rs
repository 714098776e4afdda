//! Stochastic gradient descent with optional momentum, `torch.optim.SGD`:
//! `v ← μ·v + g` (the first step sets `v = g`), then `p ← p − lr·v`.

use super::Optimizer;
use crate::ParamStore;
use nnplay_tensor::{GradStore, Result, Tensor};

/// SGD; momentum 0 makes it plain gradient descent.
#[derive(Debug, Clone)]
pub struct Sgd {
    learning_rate: f32,
    momentum: f32,
    /// Per parameter, the velocity buffer (momentum only).
    velocity: Vec<Option<Tensor>>,
}

impl Sgd {
    /// A fresh optimizer.
    pub fn new(learning_rate: f32, momentum: f32) -> Sgd {
        Sgd { learning_rate, momentum, velocity: Vec::new() }
    }
    /// The velocity buffers, for checkpoints and visualisations.
    pub fn velocity(&self) -> &[Option<Tensor>] {
        &self.velocity
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        self.velocity.resize(params.len(), None);
        for i in 0..params.len() {
            let value = params.params()[i].value.clone();
            let Some(grad) = grads.get(&value) else { continue };
            let direction = if self.momentum > 0.0 {
                let v = match self.velocity[i].take() {
                    Some(v) => v.mul_scalar(self.momentum).add(grad)?,
                    None => grad.clone(),
                };
                self.velocity[i] = Some(v.clone());
                v
            } else {
                grad.clone()
            };
            params.set(i, &value.detach().sub(&direction.mul_scalar(self.learning_rate))?);
        }
        Ok(())
    }
    fn learning_rate(&self) -> f32 {
        self.learning_rate
    }
    fn set_learning_rate(&mut self, lr: f32) {
        self.learning_rate = lr;
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
        async fn learning_rate_changes_apply_to_the_next_step() {
            let mut sgd = Sgd::new(0.1, 0.0);
            sgd.set_learning_rate(0.2);
            assert_eq!(sgd.learning_rate(), 0.2);
            let p = run(&mut sgd, 1).await;
            assert_close(&p, &[1.0 - 0.1, -2.0 - 0.6], 1e-6, 1e-6);
        }
    }
}
