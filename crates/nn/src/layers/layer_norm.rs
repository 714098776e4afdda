//! `torch.nn.LayerNorm` over the last axis: each position's features normalised by
//! their own mean and (biased) variance, then scaled and shifted per feature. It works
//! the same in training and evaluation.

use super::input_check::{check_batch, show_dims};
use crate::{Context, Layer, ParamId, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};
use serde::{Deserialize, Serialize};

/// The JSON form of a `LayerNorm`; `normalized_shape` is the input's last axis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerNormConfig {
    /// Added to the variance before the square root (default 1e-5).
    #[serde(default = "default_eps")]
    pub eps: f32,
    /// Whether to learn a scale (`weight`) per feature (default true).
    #[serde(default = "yes")]
    pub elementwise_affine: bool,
    /// Whether to learn a shift (`bias`) per feature with the scale (default true).
    #[serde(default = "yes")]
    pub bias: bool,
}

fn default_eps() -> f32 {
    1e-5
}
fn yes() -> bool {
    true
}

impl Default for LayerNormConfig {
    fn default() -> Self {
        LayerNormConfig { eps: default_eps(), elementwise_affine: true, bias: true }
    }
}

/// Layer normalisation over the last axis.
#[derive(Debug, Clone)]
pub struct LayerNorm {
    /// Size of the normalised (last) axis.
    pub features: usize,
    /// Added to the variance before the square root.
    pub eps: f32,
    /// `{name}.weight`, starts at 1.
    pub weight: Option<ParamId>,
    /// `{name}.bias`, starts at 0.
    pub bias: Option<ParamId>,
    input_shape: Vec<usize>,
}

impl LayerNorm {
    /// Builds the layer for inputs of shape `[.., features]`. Its parameters start at
    /// fixed values, so `seed` and `stream` are unused.
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &LayerNormConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<LayerNorm, String> {
        let Some(&features) = input.last().filter(|&&f| f > 0) else {
            return Err(format!(
                "LayerNorm normalises the last axis, but the input shape {} has none to normalise; \
                 put it after a layer with features",
                show_dims(input)
            ));
        };
        if config.eps.is_nan() || config.eps <= 0.0 {
            return Err(format!("LayerNorm: eps = {} must be positive; 1e-5 is usual", config.eps));
        }
        let weight = config
            .elementwise_affine
            .then(|| store.add(format!("{name}.weight"), Tensor::ones([features], device), false));
        let bias = (config.elementwise_affine && config.bias)
            .then(|| store.add(format!("{name}.bias"), Tensor::zeros([features], device), false));
        Ok(LayerNorm { features, eps: config.eps, weight, bias, input_shape: input.to_vec() })
    }
}

impl Layer for LayerNorm {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        check_batch("LayerNorm", x, &self.input_shape)?;
        let last = x.rank() - 1;
        let centered = x.sub(&x.mean_keepdim(last)?)?;
        let var = centered.square().mean_keepdim(last)?;
        let mut y = centered.div(&var.add_scalar(self.eps).sqrt())?;
        if let Some(weight) = self.weight {
            y = y.mul(params.get(weight))?;
        }
        if let Some(bias) = self.bias {
            y = y.add(params.get(bias))?;
        }
        Ok(y)
    }
    fn output_shape(&self) -> &[usize] {
        &self.input_shape
    }
    /// Mean, variance, normalise, scale and shift: about eight operations per value.
    fn flops(&self) -> u64 {
        8 * self.input_shape.iter().product::<usize>() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Distribution, engine_test};

    engine_test! {
        async fn normalises_each_position_and_has_torch_names() {
            let mut store = ParamStore::new();
            let layer = LayerNorm::new(&mut store, "norm", &[3, 8], &LayerNormConfig::default(), 0, 0, Device::Cpu).unwrap();
            assert_eq!(store.params()[0].name, "norm.weight");
            assert_eq!(store.params()[1].name, "norm.bias");
            let x = Tensor::random(Distribution::Normal { mean: 3.0, std: 2.0 }, 1, 0, [2, 3, 8], Device::Cpu);
            let y = layer.forward(&store, &x, &mut Context::eval()).unwrap().to_vec().await.unwrap();
            for row in y.chunks(8) {
                let mean = row.iter().sum::<f32>() / 8.0;
                let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / 8.0;
                assert!(mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-3, "mean {mean} var {var}");
            }
            let mut bare = ParamStore::new();
            let config = LayerNormConfig { elementwise_affine: false, ..LayerNormConfig::default() };
            LayerNorm::new(&mut bare, "norm", &[8], &config, 0, 0, Device::Cpu).unwrap();
            assert!(bare.is_empty());
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let mut store = ParamStore::new();
            let layer = LayerNorm::new(&mut store, "norm", &[5], &LayerNormConfig::default(), 0, 0, Device::Cpu).unwrap();
            let (weight, bias) = (layer.weight.unwrap(), layer.bias.unwrap());
            let normal = Distribution::Normal { mean: 0.0, std: 1.0 };
            let inputs = [
                Tensor::random(normal, 2, 0, [3, 5], Device::Cpu),
                Tensor::random(normal, 2, 1, [5], Device::Cpu),
                Tensor::random(normal, 2, 2, [5], Device::Cpu),
            ];
            let result = GradCheck::default()
                .check(
                    |v| {
                        let mut local = store.clone();
                        local.set(weight.index(), &v[1]);
                        local.set(bias.index(), &v[2]);
                        layer.forward(&local, &v[0], &mut Context::eval())
                    },
                    &inputs,
                )
                .await;
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
