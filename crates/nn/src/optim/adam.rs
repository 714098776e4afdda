//! Adam, `torch.optim.Adam` (no weight decay, no amsgrad):
//! `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
//! `p ← p − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)`.

use super::Optimizer;
use crate::ParamStore;
use nnplay_tensor::{GradStore, Result, Tensor};

/// Adam with bias correction.
#[derive(Debug, Clone)]
pub struct Adam {
    learning_rate: f32,
    beta1: f32,
    beta2: f32,
    epsilon: f32,
    /// Steps taken so far (`t`).
    steps: i32,
    /// Per parameter, the first and second moment estimates.
    moments: Vec<Option<(Tensor, Tensor)>>,
}

impl Adam {
    /// A fresh optimizer.
    pub fn new(learning_rate: f32, beta1: f32, beta2: f32, epsilon: f32) -> Adam {
        Adam { learning_rate, beta1, beta2, epsilon, steps: 0, moments: Vec::new() }
    }
    /// The moment estimates, for checkpoints and visualisations.
    pub fn moments(&self) -> &[Option<(Tensor, Tensor)>] {
        &self.moments
    }
}

impl Optimizer for Adam {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        self.moments.resize(params.len(), None);
        self.steps += 1;
        let correction1 = 1.0 - self.beta1.powi(self.steps);
        let correction2 = 1.0 - self.beta2.powi(self.steps);
        for i in 0..params.len() {
            let value = params.params()[i].value.clone();
            let Some(grad) = grads.get(&value) else { continue };
            let (m, v) = match self.moments[i].take() {
                Some((m, v)) => (m, v),
                None => (
                    Tensor::zeros(grad.shape().clone(), grad.device()),
                    Tensor::zeros(grad.shape().clone(), grad.device()),
                ),
            };
            let m = m.mul_scalar(self.beta1).add(&grad.mul_scalar(1.0 - self.beta1))?;
            let v = v.mul_scalar(self.beta2).add(&grad.square().mul_scalar(1.0 - self.beta2))?;
            let denominator = v.mul_scalar(1.0 / correction2).sqrt().add_scalar(self.epsilon);
            let update = m.div(&denominator)?.mul_scalar(self.learning_rate / correction1);
            params.set(i, &value.detach().sub(&update)?);
            self.moments[i] = Some((m, v));
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
}
