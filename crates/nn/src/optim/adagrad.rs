//! Adagrad, `torch.optim.Adagrad`: with weight decay `λ` and learning-rate decay `η`,
//! `g ← g + λp`, `s ← s + g²` (from `initial_accumulator_value`), and
//! `p ← p − lr / (1 + (t−1)·η) · g / (√s + ε)`.

use super::state::{PerParam, SavedTensor, step_tensor};
use super::{Optimizer, trained};
use crate::ParamStore;
use nnplay_tensor::fused::Fused;
use nnplay_tensor::{GradStore, Result, Tensor};

/// Adagrad's settings besides the learning rate; the default is PyTorch's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdagradOptions {
    /// Decay `η` of the learning rate with the step count.
    pub lr_decay: f32,
    /// L2 penalty `λ`, added to the gradient as `λ·p`.
    pub weight_decay: f32,
    /// The value the sum of squared gradients starts from.
    pub initial_accumulator_value: f32,
    /// Term `ε` added to the denominator.
    pub epsilon: f32,
}

impl Default for AdagradOptions {
    fn default() -> Self {
        AdagradOptions { lr_decay: 0.0, weight_decay: 0.0, initial_accumulator_value: 0.0, epsilon: 1e-10 }
    }
}

/// Adagrad: each weight's step shrinks with the squared gradients it has seen.
#[derive(Debug, Clone)]
pub struct Adagrad {
    learning_rate: f32,
    options: AdagradOptions,
    /// Per parameter, the steps taken and the running sum of squared gradients.
    sums: PerParam<(u64, Tensor)>,
}

impl Adagrad {
    /// A fresh optimizer ([`super::OptimizerConfig::validate`] checks user-supplied values).
    pub fn new(learning_rate: f32, options: AdagradOptions) -> Adagrad {
        Adagrad { learning_rate, options, sums: PerParam::default() }
    }
}

impl Optimizer for Adagrad {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        let AdagradOptions { lr_decay, weight_decay, initial_accumulator_value, epsilon } = self.options;
        for t in trained(params, grads) {
            let (step, sum) = match self.sums.take(t.index) {
                Some(state) => state,
                None => (0, Tensor::full(initial_accumulator_value, t.grad.shape().clone(), t.grad.device())),
            };
            let step = step + 1;
            let f = Fused::new();
            let (value, mut grad) = (f.input(&t.value), f.input(&t.grad));
            if weight_decay != 0.0 {
                grad = grad + value * weight_decay;
            }
            let decayed_lr = self.learning_rate as f64 / (1.0 + (step - 1) as f64 * lr_decay as f64);
            let sum = f.input(&sum) + grad.square();
            let updated = value - grad / (sum.sqrt() + epsilon) * decayed_lr as f32;
            let [updated, sum] = f.run([updated, sum])?;
            params.set(t.index, &updated);
            self.sums.put(t.index, t.ordinal, (step, sum));
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
        self.sums.entries(|(step, sum)| [("step", step_tensor(*step, sum.device())), ("sum", sum.clone())])
    }
    fn load_state(&mut self, params: &ParamStore, saved: &[SavedTensor]) -> std::result::Result<(), String> {
        self.sums.load(params, saved, |s| Ok((s.step()?, s.tensor("sum")?)))
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
            // Loss Σ c·p² from p = (1, -2), c = (1, 0.5), with lr decay and a starting sum.
            let mut store = ParamStore::new();
            store.add("p", Tensor::from_vec(vec![1.0, -2.0], [2], Device::Cpu).unwrap(), true);
            let c = Tensor::from_vec(vec![1.0, 0.5], [2], Device::Cpu).unwrap();
            let options = AdagradOptions { lr_decay: 0.1, initial_accumulator_value: 0.5, ..AdagradOptions::default() };
            let mut adagrad = Adagrad::new(0.2, options);
            for _ in 0..3 {
                let loss = store.params()[0].value.square().mul(&c).unwrap().sum_all();
                adagrad.step(&mut store, &loss.backward().unwrap()).unwrap();
            }
            let mut expected = Vec::new();
            for (p0, ci) in [(1.0f64, 1.0f64), (-2.0, 0.5)] {
                let (mut p, mut sum) = (p0, 0.5f64);
                for t in 1..=3 {
                    let g = 2.0 * ci * p;
                    sum += g * g;
                    p -= 0.2 / (1.0 + (t - 1) as f64 * 0.1) * g / (sum.sqrt() + 1e-10);
                }
                expected.push(p as f32);
            }
            assert_close(&store.params()[0].value.to_vec().await.unwrap(), &expected, 1e-5, 1e-6);
            let keys: Vec<String> = adagrad.state().into_iter().map(|(k, _)| k).collect();
            assert_eq!(keys, ["0.step", "0.sum"]);
            assert_eq!(adagrad.state()[0].1.to_scalar().await.unwrap(), 3.0);
        }
    }
}
