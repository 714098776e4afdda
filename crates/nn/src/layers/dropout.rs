//! `torch.nn.Dropout`: inverted dropout. In training each value is zeroed with
//! probability `p` and the kept ones are scaled by `1 / (1 − p)`, so the expected
//! output equals the input and evaluation needs no rescaling; in evaluation it is the
//! identity.
//!
//! The mask comes from the counter-based RNG (seed, the step's stream for this layer),
//! so it is the same on every backend; it differs from PyTorch's own RNG.

use crate::{Context, Layer, ParamStore};
use nnplay_tensor::{BinaryOp, Device, Distribution, Result, Tensor};
use serde::{Deserialize, Serialize};

/// The JSON form of a `Dropout`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropoutConfig {
    /// Probability of zeroing each value, in `[0, 1]` (default 0.5, as in PyTorch).
    #[serde(default = "half")]
    pub p: f32,
}

fn half() -> f32 {
    0.5
}

impl Default for DropoutConfig {
    fn default() -> Self {
        DropoutConfig { p: half() }
    }
}

/// Randomly zeroes values during training.
#[derive(Debug, Clone)]
pub struct Dropout {
    /// Probability of zeroing a value in training.
    pub p: f32,
    /// This layer's stream number: [`Context::stream`] turns it into the step's stream.
    pub stream: u32,
    output_shape: Vec<usize>,
}

impl Dropout {
    /// Builds the layer for inputs of shape `input`; `stream` identifies its masks among
    /// the layers of a model. It has no parameters, so `store`, `name` and `seed` are
    /// unused (the run's seed comes with each [`Context`]).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        config: &DropoutConfig,
        _seed: u64,
        stream: u32,
        _device: Device,
    ) -> std::result::Result<Dropout, String> {
        if !(0.0..=1.0).contains(&config.p) {
            return Err(format!(
                "Dropout: p = {} is not a probability; use a value from 0 to 1 (0.5 is usual)",
                config.p
            ));
        }
        Ok(Dropout { p: config.p, stream, output_shape: input.to_vec() })
    }

    /// The mask a training pass with `ctx` multiplies an input of `shape` (batch axis
    /// first) by: 0 where a value is dropped, `1 / (1 − p)` where it is kept. Values are
    /// drawn by flat index, so the first example's mask does not depend on the batch size.
    /// For `p = 1` every value is dropped.
    pub fn mask(&self, ctx: &Context, shape: &[usize], device: Device) -> Tensor {
        if self.p >= 1.0 {
            return Tensor::zeros(shape.to_vec(), device);
        }
        let uniform = Distribution::Uniform { low: 0.0, high: 1.0 };
        let draws = Tensor::random(uniform, ctx.seed, ctx.stream(self.stream), shape.to_vec(), device);
        // P(draw ≥ p) = 1 − p; kept values carry the scale, dropped ones are 0.
        draws.with_scalar(BinaryOp::GreaterEqual, self.p).mul_scalar(1.0 / (1.0 - self.p))
    }
}

impl Layer for Dropout {
    fn forward(&self, _params: &ParamStore, x: &Tensor, ctx: &mut Context) -> Result<Tensor> {
        if !ctx.train || self.p == 0.0 {
            return Ok(x.clone());
        }
        if self.p == 1.0 {
            return Ok(x.mul_scalar(0.0));
        }
        x.mul(&self.mask(ctx, x.dims(), x.device()))
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    fn flops(&self) -> u64 {
        self.output_shape.iter().product::<usize>() as u64
    }
    fn set_dropout(&mut self, p: f32) {
        self.p = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;
    use nnplay_tensor::gradcheck::GradCheck;

    fn dropout(p: f32, stream: u32) -> Dropout {
        Dropout::new(&mut ParamStore::new(), "drop", &[1000], &DropoutConfig { p }, 0, stream, Device::Cpu).unwrap()
    }

    async fn run(layer: &Dropout, x: &Tensor, ctx: &mut Context) -> Vec<f32> {
        layer.forward(&ParamStore::new(), x, ctx).unwrap().to_vec().await.unwrap()
    }

    engine_test! {
        async fn keeps_about_one_minus_p_scaled_so_the_mean_is_preserved() {
            let x = Tensor::random(Distribution::Uniform { low: 1.0, high: 2.0 }, 1, 0, [20, 1000], Device::Cpu);
            let input = x.to_vec().await.unwrap();
            for p in [0.1f32, 0.5, 0.8] {
                let y = run(&dropout(p, 3), &x, &mut Context::train(42, 7)).await;
                let kept = y.iter().filter(|&&v| v != 0.0).count() as f32 / y.len() as f32;
                assert!((kept - (1.0 - p)).abs() < 0.015, "p {p}: kept {kept}");
                // Every kept value is the input scaled by 1/(1 − p), exactly the rule.
                for (a, b) in y.iter().zip(&input) {
                    assert!(*a == 0.0 || (a - b / (1.0 - p)).abs() <= 1e-6 * a.abs(), "p {p}: {a} from {b}");
                }
                let mean_in = input.iter().sum::<f32>() / input.len() as f32;
                let mean_out = y.iter().sum::<f32>() / y.len() as f32;
                assert!((mean_out - mean_in).abs() < 0.03 * mean_in, "p {p}: mean {mean_out} vs {mean_in}");
            }
        }
    }

    engine_test! {
        async fn masks_repeat_for_a_seed_and_step_and_change_otherwise() {
            let x = Tensor::ones([4, 1000], Device::Cpu);
            let layer = dropout(0.5, 3);
            let first = run(&layer, &x, &mut Context::train(42, 7)).await;
            assert_eq!(first, run(&layer, &x, &mut Context::train(42, 7)).await);
            assert_ne!(first, run(&layer, &x, &mut Context::train(42, 8)).await, "a new step draws a new mask");
            assert_ne!(first, run(&layer, &x, &mut Context::train(43, 7)).await, "a new seed draws a new mask");
            assert_ne!(first, run(&dropout(0.5, 4), &x, &mut Context::train(42, 7)).await, "layers differ");
        }
    }

    engine_test! {
        async fn the_mask_is_the_one_forward_applies_and_the_first_row_ignores_the_batch() {
            let layer = dropout(0.3, 5);
            let ctx = Context::train(9, 4);
            let x = Tensor::ones([3, 1000], Device::Cpu);
            let applied = run(&layer, &x, &mut ctx.clone()).await;
            let mask = layer.mask(&ctx, &[3, 1000], Device::Cpu).to_vec().await.unwrap();
            assert_eq!(applied, mask);
            let first = layer.mask(&ctx, &[1, 1000], Device::Cpu).to_vec().await.unwrap();
            assert_eq!(first, mask[..1000]);
        }
    }

    engine_test! {
        async fn evaluation_is_the_identity_and_extremes_are_exact() {
            let x = Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, 1, 0, [3, 1000], Device::Cpu);
            let input = x.to_vec().await.unwrap();
            assert_eq!(run(&dropout(0.5, 0), &x, &mut Context::eval()).await, input);
            assert_eq!(run(&dropout(0.0, 0), &x, &mut Context::train(1, 1)).await, input);
            assert!(run(&dropout(1.0, 0), &x, &mut Context::train(1, 1)).await.iter().all(|&v| v == 0.0));
            let error = Dropout::new(&mut ParamStore::new(), "d", &[4], &DropoutConfig { p: 1.5 }, 0, 0, Device::Cpu).unwrap_err();
            assert!(error.contains("p = 1.5"), "{error}");
            let config: DropoutConfig = serde_json::from_str("{}").unwrap();
            assert_eq!(config.p, 0.5);
        }
    }

    engine_test! {
        async fn gradient_is_the_scaled_mask() {
            let layer = Dropout::new(&mut ParamStore::new(), "d", &[6], &DropoutConfig { p: 0.3 }, 0, 2, Device::Cpu).unwrap();
            let x = Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, 1, 0, [4, 6], Device::Cpu);
            let result = GradCheck::default()
                .check(|v| layer.forward(&ParamStore::new(), &v[0], &mut Context::train(5, 1)), &[x])
                .await;
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
