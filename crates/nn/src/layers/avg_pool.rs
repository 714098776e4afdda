//! `torch.nn.AvgPool1d` and `torch.nn.AvgPool2d`: the mean of each window.

use super::input_check::check_rank;
use super::pair::Pair;
use super::pooling::{PoolSettings, Pooling};
use crate::ParamStore;
use nnplay_tensor::Device;
use serde::{Deserialize, Serialize};

/// The JSON form of an `AvgPool1d`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvgPool1dConfig {
    /// Window length.
    pub kernel_size: usize,
    /// Step between windows (default: the kernel size, so windows do not overlap).
    #[serde(default)]
    pub stride: Option<usize>,
    /// Zeros added at both ends (default 0); at most half the kernel size.
    #[serde(default)]
    pub padding: usize,
    /// Whether padded zeros count in the mean's divisor (default true, as in PyTorch).
    #[serde(default = "yes")]
    pub count_include_pad: bool,
}

/// The JSON form of an `AvgPool2d`; sizes are a number or `[height, width]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvgPool2dConfig {
    /// Window size.
    pub kernel_size: Pair,
    /// Step between windows (default: the kernel size, so windows do not overlap).
    #[serde(default)]
    pub stride: Option<Pair>,
    /// Zeros added on every side (default 0); at most half the kernel size.
    #[serde(default = "zero_pair")]
    pub padding: Pair,
    /// Whether padded zeros count in the mean's divisor (default true, as in PyTorch).
    #[serde(default = "yes")]
    pub count_include_pad: bool,
}

fn yes() -> bool {
    true
}
fn zero_pair() -> Pair {
    Pair::square(0)
}

impl AvgPool1dConfig {
    /// Non-overlapping windows of `kernel_size`.
    pub fn new(kernel_size: usize) -> AvgPool1dConfig {
        AvgPool1dConfig { kernel_size, stride: None, padding: 0, count_include_pad: true }
    }
}

impl AvgPool2dConfig {
    /// Non-overlapping windows of `kernel_size`.
    pub fn new(kernel_size: impl Into<Pair>) -> AvgPool2dConfig {
        AvgPool2dConfig { kernel_size: kernel_size.into(), stride: None, padding: zero_pair(), count_include_pad: true }
    }
}

/// Average pooling over `[channels, length]` inputs.
#[derive(Debug, Clone)]
pub struct AvgPool1d {
    /// The pooling itself (window geometry).
    pub inner: Pooling,
}

impl AvgPool1d {
    /// Builds the layer for `[channels, length]` inputs; it has no parameters, so
    /// `store`, `name`, `seed` and `stream` are unused (the signature is every layer's).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        config: &AvgPool1dConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<AvgPool1d, String> {
        check_rank("AvgPool1d", input, &[2], "[channels, length]", "use AvgPool2d for images")?;
        let settings = PoolSettings {
            kernel: vec![config.kernel_size],
            stride: vec![config.stride.unwrap_or(config.kernel_size)],
            padding: vec![config.padding],
            dilation: vec![1],
        };
        Ok(AvgPool1d { inner: Pooling::average("AvgPool1d", input, &settings, config.count_include_pad, device)? })
    }
}

/// Average pooling over `[channels, height, width]` inputs.
#[derive(Debug, Clone)]
pub struct AvgPool2d {
    /// The pooling itself (window geometry).
    pub inner: Pooling,
}

impl AvgPool2d {
    /// Builds the layer for `[channels, height, width]` inputs; it has no parameters,
    /// so `store`, `name`, `seed` and `stream` are unused (the signature is every layer's).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        config: &AvgPool2dConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<AvgPool2d, String> {
        check_rank(
            "AvgPool2d",
            input,
            &[3],
            "[channels, height, width]",
            "use AvgPool1d for [channels, length] inputs",
        )?;
        let settings = PoolSettings {
            kernel: config.kernel_size.0.to_vec(),
            stride: config.stride.unwrap_or(config.kernel_size).0.to_vec(),
            padding: config.padding.0.to_vec(),
            dilation: vec![1, 1],
        };
        Ok(AvgPool2d { inner: Pooling::average("AvgPool2d", input, &settings, config.count_include_pad, device)? })
    }
}

super::pooling::pooling_layer!(AvgPool1d, AvgPool2d);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Context, Layer};
    use nnplay_tensor::Tensor;
    use nnplay_tensor::engine_test;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::testing::assert_close;

    fn pool2d(input: &[usize], config: &AvgPool2dConfig) -> AvgPool2d {
        AvgPool2d::new(&mut ParamStore::new(), "pool", input, config, 0, 0, Device::Cpu).unwrap()
    }

    engine_test! {
        async fn padding_counts_in_the_divisor_only_when_asked() {
            let x = Tensor::ones([1, 1, 2, 2], Device::Cpu);
            let padded = AvgPool2dConfig { padding: Pair::square(1), stride: Some(Pair::square(1)), ..AvgPool2dConfig::new(2) };
            let including = pool2d(&[1, 2, 2], &padded).forward(&ParamStore::new(), &x, &mut Context::eval()).unwrap();
            assert_eq!(including.dims(), &[1, 1, 3, 3]);
            assert_close(&including.to_vec().await.unwrap(), &[0.25, 0.5, 0.25, 0.5, 1.0, 0.5, 0.25, 0.5, 0.25], 1e-6, 0.0);
            let excluding = AvgPool2dConfig { count_include_pad: false, ..padded };
            let y = pool2d(&[1, 2, 2], &excluding).forward(&ParamStore::new(), &x, &mut Context::eval()).unwrap();
            assert_close(&y.to_vec().await.unwrap(), &[1.0; 9], 1e-6, 0.0);
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let x = Tensor::from_vec((0..30).map(|i| (i as f32 * 0.37).sin()).collect(), [1, 2, 15], Device::Cpu).unwrap();
            for count_include_pad in [true, false] {
                let config = AvgPool1dConfig { stride: Some(2), padding: 1, count_include_pad, ..AvgPool1dConfig::new(3) };
                let layer = AvgPool1d::new(&mut ParamStore::new(), "p", &[2, 15], &config, 0, 0, Device::Cpu).unwrap();
                assert_eq!(layer.output_shape(), &[2, 8]);
                let result = GradCheck::default()
                    .check(|v| layer.forward(&ParamStore::new(), &v[0], &mut Context::eval()), std::slice::from_ref(&x))
                    .await;
                assert!(result.is_ok(), "{result:?}");
            }
        }
    }
}
