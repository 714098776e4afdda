//! The convolution behind `Conv1d` and `Conv2d`, for any number of spatial axes:
//! im2col (one gather) followed by one matrix product with the reshaped weight.

use super::im2col::{PatchGather, Window};
use super::input_check::{check_batch, check_parameter_size};
use crate::{Init, ParamId, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};

/// Settings of a convolution, one entry per spatial axis.
#[derive(Debug, Clone)]
pub struct ConvSettings {
    /// Number of filters.
    pub out_channels: usize,
    /// Window size per axis.
    pub kernel: Vec<usize>,
    /// Step between windows per axis.
    pub stride: Vec<usize>,
    /// Zeros added on both sides per axis.
    pub padding: Vec<usize>,
    /// Spacing of the taps per axis.
    pub dilation: Vec<usize>,
    /// Whether there is a bias.
    pub bias: bool,
}

/// A convolution with PyTorch's weight layout `[out_channels, in_channels, ..kernel]`
/// and zero padding.
#[derive(Debug, Clone)]
pub struct Convolution {
    /// The PyTorch class name (`Conv1d`, `Conv2d`), for errors.
    class: &'static str,
    /// Channels of the input.
    pub in_channels: usize,
    /// Channels of the output (filters).
    pub out_channels: usize,
    /// Where the windows fall.
    pub window: Window,
    gather: PatchGather,
    /// `{name}.weight`: `[out_channels, in_channels, ..kernel]`.
    pub weight: ParamId,
    /// `{name}.bias`: `[out_channels]`, if the layer has one.
    pub bias: Option<ParamId>,
    input_shape: Vec<usize>,
    output_shape: Vec<usize>,
}

impl Convolution {
    /// Adds `{name}.weight` (stream `stream`) and, with a bias, `{name}.bias` (stream
    /// `stream + 1`), both drawn as PyTorch does: U(±1/√fan_in), fan_in =
    /// in_channels · kernel taps. `input` is `[in_channels, ..spatial]`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        class: &'static str,
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        settings: &ConvSettings,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<Convolution, String> {
        if settings.out_channels == 0 {
            return Err(format!("{class}: out_channels is 0; a convolution needs at least one output channel"));
        }
        let in_channels = input[0];
        let window =
            Window::new(class, &input[1..], &settings.kernel, &settings.stride, &settings.padding, &settings.dilation)?;
        let gather = PatchGather::new(class, &window, in_channels, device)?;
        let fan_in = in_channels * window.taps();
        let distribution = Init::PytorchDefault.distribution(fan_in, settings.out_channels * window.taps());
        let mut weight_shape = vec![settings.out_channels, in_channels];
        weight_shape.extend_from_slice(&settings.kernel);
        check_parameter_size(class, "weight", &weight_shape)?;
        let weight =
            store.add(format!("{name}.weight"), Tensor::random(distribution, seed, stream, weight_shape, device), true);
        let bias = settings.bias.then(|| {
            let values = Tensor::random(distribution, seed, stream.wrapping_add(1), [settings.out_channels], device);
            store.add(format!("{name}.bias"), values, false)
        });
        let mut output_shape = vec![settings.out_channels];
        output_shape.extend_from_slice(&window.output);
        Ok(Convolution {
            class,
            in_channels,
            out_channels: settings.out_channels,
            window,
            gather,
            weight,
            bias,
            input_shape: input.to_vec(),
            output_shape,
        })
    }

    /// `[batch, in_channels, ..spatial]` to `[batch, out_channels, ..output]`.
    pub fn forward(&self, params: &ParamStore, x: &Tensor) -> Result<Tensor> {
        check_batch(self.class, x, &self.input_shape)?;
        let batch = x.dims()[0];
        let patches = self.gather.patches(x, 0.0)?; // [batch, positions, in_channels · taps]
        let patch_len = self.in_channels * self.window.taps();
        let weight = params.get(self.weight).reshape([self.out_channels, patch_len])?.transpose_last()?;
        let mut y = patches.matmul(&weight)?; // [batch, positions, out_channels]
        if let Some(bias) = self.bias {
            y = y.add(params.get(bias))?;
        }
        let mut shape = vec![batch];
        shape.extend_from_slice(&self.output_shape);
        y.transpose_last()?.reshape(shape)
    }

    /// One example's output shape.
    pub fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }

    /// A multiply-add per weight per output position, plus the bias.
    pub fn flops(&self) -> u64 {
        let positions = self.window.positions() as u64;
        let per_position = (2 * self.in_channels * self.window.taps() * self.out_channels) as u64;
        let bias = if self.bias.is_some() { self.out_channels as u64 } else { 0 };
        positions * (per_position + bias)
    }
}

/// Implements [`crate::Layer`] for convolutions that hand everything to their `inner`
/// [`Convolution`]; 1-D and 2-D differ only in how they are configured.
macro_rules! convolution_layer {
    ($($layer:ty),+) => {$(
        impl crate::Layer for $layer {
            fn forward(
                &self,
                params: &crate::ParamStore,
                x: &nnplay_tensor::Tensor,
                _ctx: &mut crate::Context,
            ) -> nnplay_tensor::Result<nnplay_tensor::Tensor> {
                self.inner.forward(params, x)
            }
            fn output_shape(&self) -> &[usize] {
                self.inner.output_shape()
            }
            fn flops(&self) -> u64 {
                self.inner.flops()
            }
        }
    )+};
}
pub(crate) use convolution_layer;
