//! AdamW, `torch.optim.AdamW`: Adam whose weight decay shrinks the weights directly,
//! `p ← p·(1 − lr·λ)` before the Adam step, instead of adding `λp` to the gradient,
//! so the decay is not rescaled by the adaptive denominator.

use super::{Adam, AdamOptions, Optimizer, SavedTensor};
use crate::ParamStore;
use nnplay_tensor::{GradStore, Result, Tensor};

/// Adam with decoupled weight decay.
#[derive(Debug, Clone)]
pub struct AdamW(Adam);

impl AdamW {
    /// PyTorch's default weight decay for AdamW.
    pub const DEFAULT_WEIGHT_DECAY: f32 = 0.01;

    /// A fresh optimizer with PyTorch's defaults (weight decay 0.01) and this learning rate.
    pub fn new(learning_rate: f32) -> AdamW {
        AdamW::with_options(
            learning_rate,
            AdamOptions { weight_decay: Self::DEFAULT_WEIGHT_DECAY, ..AdamOptions::default() },
        )
    }
    /// A fresh optimizer with every option given; `options.weight_decay` is the decoupled
    /// decay ([`super::OptimizerConfig::validate`] checks user-supplied values).
    pub fn with_options(learning_rate: f32, options: AdamOptions) -> AdamW {
        AdamW(Adam::with_options(learning_rate, options).decoupled())
    }
}

impl Optimizer for AdamW {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        self.0.step(params, grads)
    }
    fn learning_rate(&self) -> f32 {
        self.0.learning_rate()
    }
    fn set_learning_rate(&mut self, lr: f32) {
        self.0.set_learning_rate(lr);
    }
    fn state(&self) -> Vec<(String, Tensor)> {
        self.0.state()
    }
    fn load_state(&mut self, params: &ParamStore, saved: &[SavedTensor]) -> std::result::Result<(), String> {
        self.0.load_state(params, saved)
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
        async fn decay_shrinks_a_weight_with_no_gradient_signal() {
            // Loss Σ 0·p: Adam's update is 0/(0+ε) = 0, so only the decay moves p.
            let mut store = ParamStore::new();
            store.add("p", Tensor::from_vec(vec![1.0, -2.0], [2], Device::Cpu).unwrap(), true);
            let mut adamw = AdamW::with_options(0.1, AdamOptions { weight_decay: 0.5, ..AdamOptions::default() });
            for _ in 0..2 {
                let loss = store.params()[0].value.mul_scalar(0.0).sum_all();
                adamw.step(&mut store, &loss.backward().unwrap()).unwrap();
            }
            assert_close(&store.params()[0].value.to_vec().await.unwrap(), &[0.9025, -1.805], 1e-6, 1e-6);
        }
    }
}
