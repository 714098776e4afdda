//! The windowed pooling behind `MaxPool1d/2d` and `AvgPool1d/2d`, for any number of
//! spatial axes: each channel's windows are gathered (channels folded into the batch),
//! then reduced over the window.

use super::im2col::{PatchGather, Window};
use super::input_check::check_batch;
use nnplay_tensor::{Device, Result, Tensor};

/// How a window is reduced.
#[derive(Debug, Clone)]
enum Reduction {
    /// The largest tap; padding reads −∞ so it never wins.
    Max,
    /// The mean of the taps; padding reads 0. `divisor` is `[positions, 1]`: the taps
    /// inside the input for each window (count_include_pad = false), or None to divide
    /// by the whole kernel (PyTorch's default).
    Average { divisor: Option<Tensor> },
}

/// Settings of a pooling layer, one entry per spatial axis.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    /// Window size per axis.
    pub kernel: Vec<usize>,
    /// Step between windows per axis.
    pub stride: Vec<usize>,
    /// Padding on both sides per axis.
    pub padding: Vec<usize>,
    /// Spacing of the taps per axis.
    pub dilation: Vec<usize>,
}

/// A max or average pooling over the spatial axes of `[channels, ..spatial]` inputs.
#[derive(Debug, Clone)]
pub struct Pooling {
    /// The PyTorch class name, for errors.
    class: &'static str,
    /// Where the windows fall.
    pub window: Window,
    gather: PatchGather,
    reduction: Reduction,
    input_shape: Vec<usize>,
    output_shape: Vec<usize>,
}

impl Pooling {
    /// Max pooling of `input` (`[channels, ..spatial]`).
    pub fn max(
        class: &'static str,
        input: &[usize],
        settings: &PoolSettings,
        device: Device,
    ) -> std::result::Result<Pooling, String> {
        Pooling::new(class, input, settings, Reduction::Max, device)
    }

    /// Average pooling of `input`; `count_include_pad` divides by the whole kernel
    /// even where it overlaps the padding, as PyTorch does by default.
    pub fn average(
        class: &'static str,
        input: &[usize],
        settings: &PoolSettings,
        count_include_pad: bool,
        device: Device,
    ) -> std::result::Result<Pooling, String> {
        let mut pooling = Pooling::new(class, input, settings, Reduction::Average { divisor: None }, device)?;
        if !count_include_pad && pooling.window.is_padded() {
            let window = &pooling.window;
            let counts: Vec<f32> = window
                .taps_per_position()
                .chunks(window.taps())
                .map(|taps| taps.iter().filter(|t| t.is_some()).count() as f32)
                .collect();
            let divisor = Tensor::from_vec(counts, [window.positions(), 1], device).map_err(|e| e.to_string())?;
            pooling.reduction = Reduction::Average { divisor: Some(divisor) };
        }
        Ok(pooling)
    }

    fn new(
        class: &'static str,
        input: &[usize],
        settings: &PoolSettings,
        reduction: Reduction,
        device: Device,
    ) -> std::result::Result<Pooling, String> {
        let window =
            Window::new(class, &input[1..], &settings.kernel, &settings.stride, &settings.padding, &settings.dilation)?;
        for (&kernel, &padding) in settings.kernel.iter().zip(&settings.padding) {
            // PyTorch's own limit; it also keeps every window partly inside the input.
            if padding > kernel / 2 {
                return Err(format!(
                    "{class}: padding {padding} is more than half the kernel size {kernel}; use padding of at most {}",
                    kernel / 2
                ));
            }
        }
        let gather = PatchGather::new(class, &window, 1, device)?;
        let mut output_shape = vec![input[0]];
        output_shape.extend_from_slice(&window.output);
        Ok(Pooling { class, window, gather, reduction, input_shape: input.to_vec(), output_shape })
    }

    /// `[batch, channels, ..spatial]` to `[batch, channels, ..output]`.
    pub fn forward(&self, x: &Tensor) -> Result<Tensor> {
        check_batch(self.class, x, &self.input_shape)?;
        let pooled = match &self.reduction {
            Reduction::Max => self.gather.patches(x, f32::NEG_INFINITY)?.max_keepdim(2)?,
            Reduction::Average { divisor } => {
                let sums = self.gather.patches(x, 0.0)?.sum_keepdim(2)?;
                match divisor {
                    Some(divisor) => sums.div(divisor)?,
                    None => sums.mul_scalar(1.0 / self.window.taps() as f32),
                }
            }
        };
        let mut shape = vec![x.dims()[0]];
        shape.extend_from_slice(&self.output_shape);
        pooled.reshape(shape)
    }

    /// One example's output shape.
    pub fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }

    /// One comparison or addition per tap of every window.
    pub fn flops(&self) -> u64 {
        (self.output_shape[0] * self.window.positions() * self.window.taps()) as u64
    }
}

/// Implements [`crate::Layer`] for pooling layers that hand everything to their
/// `inner` [`Pooling`]; they differ only in how they are configured.
macro_rules! pooling_layer {
    ($($layer:ty),+) => {$(
        impl crate::Layer for $layer {
            fn forward(
                &self,
                _params: &crate::ParamStore,
                x: &nnplay_tensor::Tensor,
                _ctx: &mut crate::Context,
            ) -> nnplay_tensor::Result<nnplay_tensor::Tensor> {
                self.inner.forward(x)
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
pub(crate) use pooling_layer;
