//! Global average pooling: the mean of each channel over all its spatial positions,
//! `[channels, ..spatial]` to `[channels]` (PyTorch: `AdaptiveAvgPool2d(1)` then
//! `Flatten()`, or `x.mean(dim=(2, 3))`).

use super::input_check::{check_batch, check_rank};
use crate::{Context, Layer, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};
use serde::{Deserialize, Serialize};

/// The JSON form of a global average pool: it has no settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalAvgPoolConfig {}

/// Averages every channel over its spatial axes.
#[derive(Debug, Clone)]
pub struct GlobalAvgPool {
    input_shape: Vec<usize>,
    output_shape: Vec<usize>,
}

impl GlobalAvgPool {
    /// Builds the layer for `[channels, ..spatial]` inputs (one or two spatial axes);
    /// it has no parameters, so only `input` is used (the signature is every layer's).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        _config: &GlobalAvgPoolConfig,
        _seed: u64,
        _stream: u32,
        _device: Device,
    ) -> std::result::Result<GlobalAvgPool, String> {
        check_rank(
            "GlobalAvgPool",
            input,
            &[2, 3],
            "[channels, length] or [channels, height, width]",
            "it averages the axes after the channels, so put it after a convolution or pooling layer",
        )?;
        Ok(GlobalAvgPool { input_shape: input.to_vec(), output_shape: vec![input[0]] })
    }

    fn spatial(&self) -> usize {
        self.input_shape[1..].iter().product()
    }
}

impl Layer for GlobalAvgPool {
    fn forward(&self, _params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        check_batch("GlobalAvgPool", x, &self.input_shape)?;
        let (batch, channels) = (x.dims()[0], self.input_shape[0]);
        x.reshape([batch, channels, self.spatial()])?.mean_keepdim(2)?.reshape([batch, channels])
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    fn flops(&self) -> u64 {
        (self.input_shape[0] * self.spatial()) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::testing::assert_close;

    engine_test! {
        async fn averages_each_channel() {
            let layer = GlobalAvgPool::new(&mut ParamStore::new(), "gap", &[2, 2, 2], &GlobalAvgPoolConfig {}, 0, 0, Device::Cpu).unwrap();
            assert_eq!(layer.output_shape(), &[2]);
            let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, -1.0, -1.0, -1.0, 5.0], [1, 2, 2, 2], Device::Cpu).unwrap();
            let y = layer.forward(&ParamStore::new(), &x, &mut Context::eval()).unwrap();
            assert_eq!(y.dims(), &[1, 2]);
            assert_close(&y.to_vec().await.unwrap(), &[2.5, 0.5], 1e-6, 0.0);
            let result = GradCheck::default()
                .check(|v| layer.forward(&ParamStore::new(), &v[0], &mut Context::eval()), &[x])
                .await;
            assert!(result.is_ok(), "{result:?}");
            let error = GlobalAvgPool::new(&mut ParamStore::new(), "gap", &[8], &GlobalAvgPoolConfig {}, 0, 0, Device::Cpu).unwrap_err();
            assert!(error.contains("got [8]"), "{error}");
        }
    }
}
