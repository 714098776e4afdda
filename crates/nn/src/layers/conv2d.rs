//! `torch.nn.Conv2d`: a 2-D convolution over `[channels, height, width]` inputs.

use super::convolution::{ConvSettings, Convolution};
use super::input_check::check_rank;
use super::pair::Pair;
use crate::{ParamId, ParamStore};
use nnplay_tensor::Device;
use serde::{Deserialize, Serialize};

/// The JSON form of a `Conv2d`; sizes are a number or `[height, width]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conv2dConfig {
    /// Number of filters, i.e. output channels.
    pub out_channels: usize,
    /// Window size.
    pub kernel_size: Pair,
    /// Step between windows (default 1).
    #[serde(default = "one")]
    pub stride: Pair,
    /// Zeros added on every side (default 0).
    #[serde(default = "zero")]
    pub padding: Pair,
    /// Spacing of the kernel taps (default 1: adjacent).
    #[serde(default = "one")]
    pub dilation: Pair,
    /// Whether to add a learned bias per output channel (default true).
    #[serde(default = "yes")]
    pub bias: bool,
}

fn one() -> Pair {
    Pair::square(1)
}
fn zero() -> Pair {
    Pair::square(0)
}
fn yes() -> bool {
    true
}

impl Conv2dConfig {
    /// `out_channels` filters of `kernel_size` with the defaults: stride 1, no padding,
    /// no dilation, a bias.
    pub fn new(out_channels: usize, kernel_size: impl Into<Pair>) -> Conv2dConfig {
        Conv2dConfig {
            out_channels,
            kernel_size: kernel_size.into(),
            stride: one(),
            padding: zero(),
            dilation: one(),
            bias: true,
        }
    }
}

/// A 2-D convolution with PyTorch's parameters `{name}.weight`
/// (`[out_channels, in_channels, kernel_height, kernel_width]`) and `{name}.bias`.
#[derive(Debug, Clone)]
pub struct Conv2d {
    /// The convolution itself (weight layout, window, parameters).
    pub inner: Convolution,
}

impl Conv2d {
    /// Builds the layer for `[channels, height, width]` inputs, drawing the weight from
    /// `stream` and the bias from `stream + 1` of `seed` (PyTorch's default init).
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &Conv2dConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<Conv2d, String> {
        check_rank(
            "Conv2d",
            input,
            &[3],
            "[channels, height, width]",
            "use Conv1d for [channels, length] inputs, or reshape the input",
        )?;
        let settings = ConvSettings {
            out_channels: config.out_channels,
            kernel: config.kernel_size.0.to_vec(),
            stride: config.stride.0.to_vec(),
            padding: config.padding.0.to_vec(),
            dilation: config.dilation.0.to_vec(),
            bias: config.bias,
        };
        Ok(Conv2d { inner: Convolution::new("Conv2d", store, name, input, &settings, seed, stream, device)? })
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

super::convolution::convolution_layer!(Conv2d);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Layer};
    use nnplay_tensor::Tensor;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Distribution, engine_test, testing::assert_close};

    fn build(input: &[usize], config: &Conv2dConfig) -> (ParamStore, Conv2d) {
        let mut store = ParamStore::new();
        let layer = Conv2d::new(&mut store, "conv", input, config, 3, 0, Device::Cpu).unwrap();
        (store, layer)
    }

    #[test]
    fn config_reads_numbers_pairs_and_defaults() {
        let config: Conv2dConfig =
            serde_json::from_str(r#"{"out_channels": 8, "kernel_size": [3, 5], "padding": 1}"#).unwrap();
        assert_eq!(config.kernel_size, Pair([3, 5]));
        assert_eq!(config.padding, Pair([1, 1]));
        assert_eq!(config.stride, Pair([1, 1]));
        assert!(config.bias);
        let error = serde_json::from_str::<Conv2dConfig>(r#"{"kernel_size": 3}"#).unwrap_err().to_string();
        assert!(error.contains("out_channels"), "{error}");
        // A misspelt setting is an error, not silently the default.
        let error = serde_json::from_str::<Conv2dConfig>(r#"{"out_channels": 2, "kernel_size": 3, "stirde": 2}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown field `stirde`"), "{error}");
    }

    engine_test! {
        async fn shapes_names_and_init_follow_pytorch() {
            let (store, layer) = build(&[3, 8, 6], &Conv2dConfig { stride: Pair([2, 1]), ..Conv2dConfig::new(4, 3) });
            assert_eq!(layer.output_shape(), &[4, 3, 4]);
            assert_eq!(store.params()[0].name, "conv.weight");
            assert_eq!(store.params()[0].value.dims(), &[4, 3, 3, 3]);
            assert_eq!(store.params()[1].name, "conv.bias");
            assert_eq!(layer.flops(), 12 * (2 * 27 * 4 + 4));
            let bound = 1.0 / 27f32.sqrt();
            for param in store.params() {
                let values = param.value.to_vec().await.unwrap();
                assert!(values.iter().all(|v| v.abs() <= bound), "{} exceeds ±1/√fan_in", param.name);
            }
            let (store, _) = build(&[3, 8, 6], &Conv2dConfig { bias: false, ..Conv2dConfig::new(4, 3) });
            assert_eq!(store.len(), 1);
        }
    }

    #[test]
    fn impossible_settings_name_the_fix() {
        let mut store = ParamStore::new();
        let error = Conv2d::new(&mut store, "c", &[1, 3, 3], &Conv2dConfig::new(2, 5), 0, 0, Device::Cpu).unwrap_err();
        assert_eq!(error, "Conv2d: kernel 5×5 is larger than the padded input 3×3; lower kernel_size or add padding");
        let error = Conv2d::new(&mut store, "c", &[3, 9], &Conv2dConfig::new(2, 3), 0, 0, Device::Cpu).unwrap_err();
        assert!(error.contains("[channels, height, width], got [3, 9]"), "{error}");
        let error = Conv2d::new(&mut store, "c", &[3, 9, 9], &Conv2dConfig::new(0, 3), 0, 0, Device::Cpu).unwrap_err();
        assert!(error.contains("out_channels"), "{error}");
        let huge = Conv2dConfig::new(1 << 30, 3);
        let error = Conv2d::new(&mut store, "c", &[3, 9, 9], &huge, 0, 0, Device::Cpu).unwrap_err();
        assert!(error.contains("weight of shape [1073741824, 3, 3, 3] would hold more than"), "{error}");
    }

    engine_test! {
        async fn a_known_kernel_gives_the_hand_computed_output() {
            // One 3×3 input channel, a 2×2 kernel [[1, 0], [0, -1]] (x[i,j] − x[i+1,j+1]), bias 0.5.
            let (mut store, layer) = build(&[1, 3, 3], &Conv2dConfig::new(1, 2));
            store.set(layer.weight().index(), &Tensor::from_vec(vec![1.0, 0.0, 0.0, -1.0], [1, 1, 2, 2], Device::Cpu).unwrap());
            store.set(layer.bias().unwrap().index(), &Tensor::from_vec(vec![0.5], [1], Device::Cpu).unwrap());
            let x = Tensor::from_vec(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0], [1, 1, 3, 3], Device::Cpu).unwrap();
            let y = layer.forward(&store, &x, &mut Context::eval()).unwrap();
            assert_eq!(y.dims(), &[1, 1, 2, 2]);
            assert_close(&y.to_vec().await.unwrap(), &[1.0 - 16.0 + 0.5, 2.0 - 32.0 + 0.5, 8.0 - 128.0 + 0.5, 16.0 - 256.0 + 0.5], 1e-6, 1e-6);
            let wrong = Tensor::zeros([1, 2, 3, 3], Device::Cpu);
            let error = layer.forward(&store, &wrong, &mut Context::eval()).unwrap_err().to_string();
            assert!(error.contains("Conv2d") && error.contains("[batch, 1, 3, 3]"), "{error}");
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let config = Conv2dConfig {
                stride: Pair([2, 1]),
                padding: Pair([1, 0]),
                dilation: Pair([1, 2]),
                ..Conv2dConfig::new(2, [2, 2])
            };
            let (store, layer) = build(&[2, 4, 5], &config);
            let x = Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, 5, 0, [2, 2, 4, 5], Device::Cpu);
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
