//! `torch.nn.Flatten`: every axis but the batch joined into one, e.g. the
//! `[channels, height, width]` of a convolution to the `[features]` a dense layer takes.

use super::input_check::{check_batch, show_dims};
use crate::{Context, Layer, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};
use serde::{Deserialize, Serialize};

/// The JSON form of a `Flatten`: it has no settings (PyTorch's `start_dim=1`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlattenConfig {}

/// Joins all axes after the batch.
#[derive(Debug, Clone)]
pub struct Flatten {
    input_shape: Vec<usize>,
    output_shape: Vec<usize>,
}

impl Flatten {
    /// Builds the layer for inputs of shape `input`; it has no parameters, so only
    /// `input` is used (the signature is every layer's).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        _config: &FlattenConfig,
        _seed: u64,
        _stream: u32,
        _device: Device,
    ) -> std::result::Result<Flatten, String> {
        if input.is_empty() || input.contains(&0) {
            return Err(format!(
                "Flatten: the input shape {} has nothing to flatten; it needs at least one axis and no empty ones",
                show_dims(input)
            ));
        }
        Ok(Flatten { input_shape: input.to_vec(), output_shape: vec![input.iter().product()] })
    }
}

impl Layer for Flatten {
    fn forward(&self, _params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        check_batch("Flatten", x, &self.input_shape)?;
        x.reshape([x.dims()[0], self.output_shape[0]])
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    fn flops(&self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    engine_test! {
        async fn joins_all_but_the_batch() {
            let layer = Flatten::new(&mut ParamStore::new(), "flat", &[2, 3, 4], &FlattenConfig {}, 0, 0, Device::Cpu).unwrap();
            assert_eq!(layer.output_shape(), &[24]);
            let values: Vec<f32> = (0..48).map(|v| v as f32).collect();
            let x = Tensor::from_vec(values.clone(), [2, 2, 3, 4], Device::Cpu).unwrap();
            let y = layer.forward(&ParamStore::new(), &x, &mut Context::eval()).unwrap();
            assert_eq!(y.dims(), &[2, 24]);
            assert_eq!(y.to_vec().await.unwrap(), values);
        }
    }
}
