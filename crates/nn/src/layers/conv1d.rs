//! `torch.nn.Conv1d`: a 1-D convolution over `[channels, length]` inputs (sequences,
//! signals).

use super::convolution::{ConvSettings, Convolution};
use super::input_check::check_rank;
use crate::{ParamId, ParamStore};
use nnplay_tensor::Device;
use serde::{Deserialize, Serialize};

/// The JSON form of a `Conv1d`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conv1dConfig {
    /// Number of filters, i.e. output channels.
    pub out_channels: usize,
    /// Window length.
    pub kernel_size: usize,
    /// Step between windows (default 1).
    #[serde(default = "one")]
    pub stride: usize,
    /// Zeros added at both ends (default 0).
    #[serde(default)]
    pub padding: usize,
    /// Spacing of the kernel taps (default 1: adjacent).
    #[serde(default = "one")]
    pub dilation: usize,
    /// Whether to add a learned bias per output channel (default true).
    #[serde(default = "yes")]
    pub bias: bool,
}

fn one() -> usize {
    1
}
fn yes() -> bool {
    true
}

impl Conv1dConfig {
    /// `out_channels` filters of `kernel_size` with the defaults: stride 1, no padding,
    /// no dilation, a bias.
    pub fn new(out_channels: usize, kernel_size: usize) -> Conv1dConfig {
        Conv1dConfig { out_channels, kernel_size, stride: 1, padding: 0, dilation: 1, bias: true }
    }
}

/// A 1-D convolution with PyTorch's parameters `{name}.weight`
/// (`[out_channels, in_channels, kernel_size]`) and `{name}.bias`.
#[derive(Debug, Clone)]
pub struct Conv1d {
    /// The convolution itself (weight layout, window, parameters).
    pub inner: Convolution,
}

impl Conv1d {
    /// Builds the layer for `[channels, length]` inputs, drawing the weight from
    /// `stream` and the bias from `stream + 1` of `seed` (PyTorch's default init).
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &Conv1dConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<Conv1d, String> {
        check_rank(
            "Conv1d",
            input,
            &[2],
            "[channels, length]",
            "use Conv2d for [channels, height, width] inputs, or reshape the input",
        )?;
        let settings = ConvSettings {
            out_channels: config.out_channels,
            kernel: vec![config.kernel_size],
            stride: vec![config.stride],
            padding: vec![config.padding],
            dilation: vec![config.dilation],
            bias: config.bias,
        };
        Ok(Conv1d { inner: Convolution::new("Conv1d", store, name, input, &settings, seed, stream, device)? })
    }
    /// The weight's id.
    pub fn weight(&self) -> ParamId {
        self.inner.weight
    }
    /// The bias's id, if the layer has one.
    pub fn bias(&self) -> Option<ParamId> {
        self.inner.bias
    }
}

super::convolution::convolution_layer!(Conv1d);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Layer};
    use nnplay_tensor::Tensor;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Distribution, engine_test, testing::assert_close};

    engine_test! {
        async fn a_known_kernel_with_padding_gives_the_hand_computed_output() {
            let mut store = ParamStore::new();
            let config = Conv1dConfig { padding: 1, bias: false, ..Conv1dConfig::new(1, 3) };
            let layer = Conv1d::new(&mut store, "conv", &[1, 4], &config, 0, 0, Device::Cpu).unwrap();
            assert_eq!(store.params()[0].value.dims(), &[1, 1, 3]);
            assert_eq!(store.len(), 1);
            store.set(layer.weight().index(), &Tensor::from_vec(vec![1.0, 10.0, 100.0], [1, 1, 3], Device::Cpu).unwrap());
            let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], [1, 1, 4], Device::Cpu).unwrap();
            let y = layer.forward(&store, &x, &mut Context::eval()).unwrap();
            assert_eq!(y.dims(), &[1, 1, 4]);
            assert_close(&y.to_vec().await.unwrap(), &[210.0, 321.0, 432.0, 43.0], 1e-6, 1e-6);
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let mut store = ParamStore::new();
            let config = Conv1dConfig { stride: 2, padding: 2, dilation: 2, ..Conv1dConfig::new(3, 3) };
            let layer = Conv1d::new(&mut store, "conv", &[2, 7], &config, 4, 0, Device::Cpu).unwrap();
            assert_eq!(layer.output_shape(), &[3, 4]);
            let x = Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, 5, 0, [2, 2, 7], Device::Cpu);
            let inputs = [x, store.get(layer.weight()).clone(), store.get(layer.bias().unwrap()).clone()];
            let result = GradCheck::default()
                .check(
                    |v| {
                        let mut local = store.clone();
                        local.set(layer.weight().index(), &v[1]);
                        local.set(layer.bias().unwrap().index(), &v[2]);
                        layer.forward(&local, &v[0], &mut Context::eval())
                    },
                    &inputs,
                )
                .await;
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
