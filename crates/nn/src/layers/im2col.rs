//! Sliding windows for convolution and pooling, built from the primitive ops: every
//! window of the input is collected with ONE `gather` whose index depends only on the
//! shapes, so it is computed once on the host when the layer is built. `gather`'s
//! gradient is `scatter_add`, so the backward pass comes with it.

use nnplay_tensor::{Device, Result, Tensor};

/// Indices travel as f32, which holds whole numbers exactly only up to 2²⁴.
const LARGEST_EXACT_INDEX: usize = 1 << 24;

/// Most values one example's patches may hold (256 MiB of f32): far beyond any model
/// that trains in a browser, low enough that a typo cannot exhaust memory.
const MAX_GATHERED: usize = 1 << 26;

/// The geometry of a window sliding over the spatial axes of an input (one entry per
/// axis, PyTorch's rules: zero padding on both sides, `dilation` spaces the taps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Spatial sizes of the input, without padding.
    pub input: Vec<usize>,
    /// Window size.
    pub kernel: Vec<usize>,
    /// Step between windows.
    pub stride: Vec<usize>,
    /// Padding on both sides.
    pub padding: Vec<usize>,
    /// Spacing of the taps.
    pub dilation: Vec<usize>,
    /// Spatial sizes of the output: `⌊(in + 2·pad − dilation·(kernel − 1) − 1) / stride⌋ + 1`.
    pub output: Vec<usize>,
}

impl Window {
    /// Checks the settings against the input and computes the output size; `layer`
    /// names the layer in errors.
    pub fn new(
        layer: &str,
        input: &[usize],
        kernel: &[usize],
        stride: &[usize],
        padding: &[usize],
        dilation: &[usize],
    ) -> std::result::Result<Window, String> {
        let show = |values: &[usize]| values.iter().map(usize::to_string).collect::<Vec<_>>().join("×");
        if kernel.contains(&0) {
            return Err(format!("{layer}: kernel_size {} has a zero; use sizes of at least 1", show(kernel)));
        }
        if stride.contains(&0) {
            return Err(format!("{layer}: stride {} has a zero; use strides of at least 1", show(stride)));
        }
        if dilation.contains(&0) {
            return Err(format!("{layer}: dilation {} has a zero; use 1 for adjacent taps", show(dilation)));
        }
        // Saturating: absurd settings from a hand-edited spec must give an error, not an overflow.
        let padded: Vec<usize> =
            input.iter().zip(padding).map(|(i, p)| i.saturating_add(p.saturating_mul(2))).collect();
        let span: Vec<usize> =
            kernel.iter().zip(dilation).map(|(k, d)| d.saturating_mul(k - 1).saturating_add(1)).collect();
        if padded.iter().zip(&span).any(|(p, s)| s > p) {
            let what = if dilation.iter().all(|&d| d == 1) {
                format!("kernel {}", show(kernel))
            } else {
                format!("kernel {} dilated by {} (spanning {})", show(kernel), show(dilation), show(&span))
            };
            return Err(format!(
                "{layer}: {what} is larger than the padded input {}; lower kernel_size or add padding",
                show(&padded)
            ));
        }
        let output: Vec<usize> = padded.iter().zip(&span).zip(stride).map(|((p, s), st)| (p - s) / st + 1).collect();
        let gathered = checked_product(&output).and_then(|positions| positions.checked_mul(checked_product(kernel)?));
        if gathered.is_none_or(|count| count > MAX_GATHERED) {
            return Err(format!(
                "{layer}: {} windows of kernel {} would gather more than {MAX_GATHERED} values per channel; \
                 use a larger stride, less padding or a smaller kernel",
                show(&output),
                show(kernel)
            ));
        }
        Ok(Window {
            input: input.to_vec(),
            kernel: kernel.to_vec(),
            stride: stride.to_vec(),
            padding: padding.to_vec(),
            dilation: dilation.to_vec(),
            output,
        })
    }

    /// Number of window positions (output elements per channel).
    pub fn positions(&self) -> usize {
        self.output.iter().product()
    }
    /// Number of taps of one window.
    pub fn taps(&self) -> usize {
        self.kernel.iter().product()
    }
    /// Whether any padding is added.
    pub fn is_padded(&self) -> bool {
        self.padding.iter().any(|&p| p > 0)
    }

    /// For every window position (row-major over the output) and every tap (row-major
    /// over the kernel), the flat offset of the input element it reads, or `None` where
    /// it falls on the padding.
    pub fn taps_per_position(&self) -> Vec<Option<usize>> {
        let rank = self.input.len();
        let input_strides = row_major_strides(&self.input);
        let mut result = Vec::with_capacity(self.positions() * self.taps());
        for position in 0..self.positions() {
            let out = unflatten(position, &self.output);
            for tap in 0..self.taps() {
                let offset = unflatten(tap, &self.kernel);
                let mut flat = 0;
                let mut inside = true;
                for axis in 0..rank {
                    let at = (out[axis] * self.stride[axis] + offset[axis] * self.dilation[axis]) as isize
                        - self.padding[axis] as isize;
                    if at < 0 || at as usize >= self.input[axis] {
                        inside = false;
                        break;
                    }
                    flat += at as usize * input_strides[axis];
                }
                result.push(inside.then_some(flat));
            }
        }
        result
    }
}

/// Collects windows of `[rows, channels, ..spatial]` inputs into
/// `[rows, positions, channels · taps]` (each patch channel-major, then kernel
/// row-major, as PyTorch lays out a convolution weight).
#[derive(Debug, Clone)]
pub struct PatchGather {
    /// `[1, positions · channels · taps]`: where each patch element comes from in the
    /// flattened input of one row, whose extra last slot holds the padding value.
    index: Tensor,
    /// Elements of one row: `channels · ∏ spatial`.
    row_len: usize,
    positions: usize,
    patch_len: usize,
    padded: bool,
}

impl PatchGather {
    /// The index for `channels` channels of `window`'s input.
    pub fn new(
        layer: &str,
        window: &Window,
        channels: usize,
        device: Device,
    ) -> std::result::Result<PatchGather, String> {
        let spatial: usize = window.input.iter().product();
        let row_len = channels.saturating_mul(spatial);
        if row_len >= LARGEST_EXACT_INDEX {
            return Err(format!(
                "{layer}: one example has {row_len} input values, more than the {LARGEST_EXACT_INDEX} a window \
                 index can address; use a smaller input or fewer channels"
            ));
        }
        let (positions, per_window) = (window.positions(), window.taps());
        let total = positions.saturating_mul(per_window).saturating_mul(channels);
        if total > MAX_GATHERED {
            return Err(format!(
                "{layer}: the patches of one example would hold {total} values, more than {MAX_GATHERED}; \
                 use fewer channels, a larger stride or a smaller kernel"
            ));
        }
        let taps = window.taps_per_position();
        let mut index = Vec::with_capacity(positions * channels * per_window);
        for position in 0..positions {
            let window_taps = &taps[position * per_window..(position + 1) * per_window];
            for channel in 0..channels {
                // Padding reads the extra slot after the row's last element.
                index.extend(window_taps.iter().map(|tap| tap.map_or(row_len, |t| channel * spatial + t) as f32));
            }
        }
        let len = index.len();
        let index = Tensor::from_vec(index, [1, len], device).map_err(|e| format!("{layer}: {e}"))?;
        Ok(PatchGather { index, row_len, positions, patch_len: channels * per_window, padded: window.is_padded() })
    }

    /// Patches of `x` (`[rows, channels, ..spatial]`, any leading shape whose element
    /// count is a multiple of one row): `[rows, positions, channels · taps]`, reading
    /// `pad_value` on the padding.
    pub fn patches(&self, x: &Tensor, pad_value: f32) -> Result<Tensor> {
        let rows = x.elem_count() / self.row_len;
        let mut flat = x.reshape([rows, self.row_len])?;
        if self.padded {
            flat = flat.pad(1, 0, 1, pad_value)?;
        }
        let index = self.index.broadcast_to([rows, self.index.elem_count()])?;
        flat.gather(1, &index)?.reshape([rows, self.positions, self.patch_len])
    }
}

fn checked_product(dims: &[usize]) -> Option<usize> {
    dims.iter().try_fold(1usize, |product, &d| product.checked_mul(d))
}

fn row_major_strides(dims: &[usize]) -> Vec<usize> {
    let mut strides = vec![1; dims.len()];
    for i in (0..dims.len().saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * dims[i + 1];
    }
    strides
}

fn unflatten(mut flat: usize, dims: &[usize]) -> Vec<usize> {
    let mut coords = vec![0; dims.len()];
    for axis in (0..dims.len()).rev() {
        coords[axis] = flat % dims[axis];
        flat /= dims[axis];
    }
    coords
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    #[test]
    fn output_sizes_follow_pytorch() {
        let w = Window::new("Conv2d", &[7, 9], &[3, 2], &[2, 1], &[1, 0], &[1, 3]).unwrap();
        // (7 + 2 − 2 − 1)/2 + 1 = 4; (9 − 3 − 1)/1 + 1 = 6
        assert_eq!(w.output, vec![4, 6]);
        let error = Window::new("Conv2d", &[3, 3], &[5, 5], &[1, 1], &[0, 0], &[1, 1]).unwrap_err();
        assert_eq!(error, "Conv2d: kernel 5×5 is larger than the padded input 3×3; lower kernel_size or add padding");
        assert!(Window::new("Conv1d", &[5], &[2], &[0], &[0], &[1]).unwrap_err().contains("stride"));
        // Absurd numbers are refused, not overflowed.
        let error = Window::new("Conv1d", &[5], &[usize::MAX], &[1], &[0], &[usize::MAX]).unwrap_err();
        assert!(error.contains("larger than the padded input"), "{error}");
        let error =
            Window::new("Conv2d", &[5, 5], &[1, 1], &[1, 1], &[usize::MAX / 4, usize::MAX / 4], &[1, 1]).unwrap_err();
        assert!(error.contains("would gather more than"), "{error}");
    }

    engine_test! {
        async fn patches_read_the_right_elements_and_padding() {
            // One channel 3×3 holding 1..9, kernel 2×2, padding 1, stride 2: four windows.
            let window = Window::new("test", &[3, 3], &[2, 2], &[2, 2], &[1, 1], &[1, 1]).unwrap();
            assert_eq!(window.output, vec![2, 2]);
            let gather = PatchGather::new("test", &window, 1, Device::Cpu).unwrap();
            let x = Tensor::from_vec((1..=9).map(|v| v as f32).collect(), [1, 1, 3, 3], Device::Cpu).unwrap();
            let patches = gather.patches(&x, -1.0).unwrap();
            assert_eq!(patches.dims(), &[1, 4, 4]);
            let expected = [
                -1.0, -1.0, -1.0, 1.0, // top left: only x[0,0] is inside
                -1.0, -1.0, 2.0, 3.0, //
                -1.0, 4.0, -1.0, 7.0, //
                5.0, 6.0, 8.0, 9.0,
            ];
            assert_eq!(patches.to_vec().await.unwrap(), expected);
        }
    }
}
