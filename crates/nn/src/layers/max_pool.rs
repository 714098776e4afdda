//! `torch.nn.MaxPool1d` and `torch.nn.MaxPool2d`: the largest value of each window.
//!
//! Where a window holds the same maximum twice, the gradient is split between them
//! (PyTorch sends it all to the first); with real-valued data ties are rare.

use super::input_check::check_rank;
use super::pair::Pair;
use super::pooling::{PoolSettings, Pooling};
use crate::ParamStore;
use nnplay_tensor::Device;
use serde::{Deserialize, Serialize};

/// The JSON form of a `MaxPool1d`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxPool1dConfig {
    /// Window length.
    pub kernel_size: usize,
    /// Step between windows (default: the kernel size, so windows do not overlap).
    #[serde(default)]
    pub stride: Option<usize>,
    /// −∞ added at both ends (default 0); at most half the kernel size.
    #[serde(default)]
    pub padding: usize,
    /// Spacing of the taps (default 1: adjacent).
    #[serde(default = "one")]
    pub dilation: usize,
}

/// The JSON form of a `MaxPool2d`; sizes are a number or `[height, width]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaxPool2dConfig {
    /// Window size.
    pub kernel_size: Pair,
    /// Step between windows (default: the kernel size, so windows do not overlap).
    #[serde(default)]
    pub stride: Option<Pair>,
    /// −∞ added on every side (default 0); at most half the kernel size.
    #[serde(default = "zero_pair")]
    pub padding: Pair,
    /// Spacing of the taps (default 1: adjacent).
    #[serde(default = "one_pair")]
    pub dilation: Pair,
}

fn one() -> usize {
    1
}
fn one_pair() -> Pair {
    Pair::square(1)
}
fn zero_pair() -> Pair {
    Pair::square(0)
}

impl MaxPool1dConfig {
    /// Non-overlapping windows of `kernel_size`.
    pub fn new(kernel_size: usize) -> MaxPool1dConfig {
        MaxPool1dConfig { kernel_size, stride: None, padding: 0, dilation: 1 }
    }
}

impl MaxPool2dConfig {
    /// Non-overlapping windows of `kernel_size`.
    pub fn new(kernel_size: impl Into<Pair>) -> MaxPool2dConfig {
        MaxPool2dConfig { kernel_size: kernel_size.into(), stride: None, padding: zero_pair(), dilation: one_pair() }
    }
}

/// Max pooling over `[channels, length]` inputs.
#[derive(Debug, Clone)]
pub struct MaxPool1d {
    /// The pooling itself (window geometry).
    pub inner: Pooling,
}

impl MaxPool1d {
    /// Builds the layer for `[channels, length]` inputs; it has no parameters, so
    /// `store`, `name`, `seed` and `stream` are unused (the signature is every layer's).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        config: &MaxPool1dConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<MaxPool1d, String> {
        check_rank("MaxPool1d", input, &[2], "[channels, length]", "use MaxPool2d for images")?;
        let settings = PoolSettings {
            kernel: vec![config.kernel_size],
            stride: vec![config.stride.unwrap_or(config.kernel_size)],
            padding: vec![config.padding],
            dilation: vec![config.dilation],
        };
        Ok(MaxPool1d { inner: Pooling::max("MaxPool1d", input, &settings, device)? })
    }
}

/// Max pooling over `[channels, height, width]` inputs.
#[derive(Debug, Clone)]
pub struct MaxPool2d {
    /// The pooling itself (window geometry).
    pub inner: Pooling,
}

impl MaxPool2d {
    /// Builds the layer for `[channels, height, width]` inputs; it has no parameters,
    /// so `store`, `name`, `seed` and `stream` are unused (the signature is every layer's).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        config: &MaxPool2dConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<MaxPool2d, String> {
        check_rank(
            "MaxPool2d",
            input,
            &[3],
            "[channels, height, width]",
            "use MaxPool1d for [channels, length] inputs",
        )?;
        let settings = PoolSettings {
            kernel: config.kernel_size.0.to_vec(),
            stride: config.stride.unwrap_or(config.kernel_size).0.to_vec(),
            padding: config.padding.0.to_vec(),
            dilation: config.dilation.0.to_vec(),
        };
        Ok(MaxPool2d { inner: Pooling::max("MaxPool2d", input, &settings, device)? })
    }
}

super::pooling::pooling_layer!(MaxPool1d, MaxPool2d);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Layer};
    use nnplay_tensor::Tensor;
    use nnplay_tensor::engine_test;
    use nnplay_tensor::gradcheck::GradCheck;

    fn pool2d(input: &[usize], config: &MaxPool2dConfig) -> std::result::Result<MaxPool2d, String> {
        MaxPool2d::new(&mut ParamStore::new(), "pool", input, config, 0, 0, Device::Cpu)
    }

    #[test]
    fn stride_defaults_to_the_kernel_and_padding_is_limited() {
        let config: MaxPool2dConfig = serde_json::from_str(r#"{"kernel_size": 2}"#).unwrap();
        assert_eq!(pool2d(&[3, 8, 6], &config).unwrap().output_shape(), &[3, 4, 3]);
        let config = MaxPool2dConfig { padding: Pair::square(2), ..MaxPool2dConfig::new(3) };
        let error = pool2d(&[3, 8, 6], &config).unwrap_err();
        assert_eq!(error, "MaxPool2d: padding 2 is more than half the kernel size 3; use padding of at most 1");
        let config: MaxPool1dConfig = serde_json::from_str(r#"{"kernel_size": 3, "stride": 1, "padding": 1}"#).unwrap();
        let layer = MaxPool1d::new(&mut ParamStore::new(), "p", &[2, 5], &config, 0, 0, Device::Cpu).unwrap();
        assert_eq!(layer.output_shape(), &[2, 5]);
    }

    engine_test! {
        async fn picks_the_largest_value_and_ignores_padding() {
            // 4×4 of negative values: padding must not contribute its zeros.
            let layer = pool2d(&[1, 4, 4], &MaxPool2dConfig { stride: Some(Pair::square(2)), padding: Pair::square(1), ..MaxPool2dConfig::new(3) }).unwrap();
            let x = Tensor::from_vec((0..16).map(|v| -(v as f32) - 1.0).collect(), [1, 1, 4, 4], Device::Cpu).unwrap();
            let y = layer.forward(&ParamStore::new(), &x, &mut Context::eval()).unwrap();
            assert_eq!(y.dims(), &[1, 1, 2, 2]);
            // Windows start at rows/cols −1 and 1: maxima at (0,0), (0,1), (1,0), (1,1).
            assert_eq!(y.to_vec().await.unwrap(), vec![-1.0, -2.0, -5.0, -6.0]);
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            // Distinct values spaced well beyond the finite-difference step: no ties.
            let values: Vec<f32> = (0..40).map(|i| ((i * 17) % 40) as f32 * 0.1 - 2.0).collect();
            let x = Tensor::from_vec(values, [1, 2, 4, 5], Device::Cpu).unwrap();
            let config = MaxPool2dConfig { stride: Some(Pair([1, 2])), padding: Pair::square(1), ..MaxPool2dConfig::new([2, 3]) };
            let layer = pool2d(&[2, 4, 5], &config).unwrap();
            let result = GradCheck::default()
                .check(|v| layer.forward(&ParamStore::new(), &v[0], &mut Context::eval()), std::slice::from_ref(&x))
                .await;
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
