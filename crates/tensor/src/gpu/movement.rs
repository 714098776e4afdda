//! Movement kernels: one strided gather serves broadcast, permute and slice; pad and
//! concatenation have their own.

use super::context::{Kernel, grid};
use super::{GpuBackend, GpuStorage, words};
use crate::Shape;

const STRIDED_COPY: Kernel =
    Kernel { name: "strided_copy", source: concat!(include_str!("prelude.wgsl"), include_str!("strided_copy.wgsl")) };
const PAD: Kernel = Kernel { name: "pad", source: concat!(include_str!("prelude.wgsl"), include_str!("pad.wgsl")) };
const PLACE: Kernel =
    Kernel { name: "place", source: concat!(include_str!("prelude.wgsl"), include_str!("place.wgsl")) };

/// Merges neighbouring axes that every operand walks as one (the outer axis's stride is
/// the inner one's times its size) and drops axes of size 1, so kernels loop over as
/// few axes as possible: a contiguous operand becomes one axis.
pub(super) fn collapse(dims: &[usize], operands: &[Vec<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut merged: Vec<usize> = Vec::new();
    let mut strides: Vec<Vec<usize>> = vec![Vec::new(); operands.len()];
    for (axis, &size) in dims.iter().enumerate() {
        if size == 1 {
            continue;
        }
        let joins = !merged.is_empty()
            && operands.iter().zip(&strides).all(|(operand, kept)| kept.last() == Some(&(operand[axis] * size)));
        if joins {
            *merged.last_mut().expect("not empty") *= size;
        } else {
            merged.push(size);
            strides.iter_mut().for_each(|kept| kept.push(0));
        }
        for (kept, operand) in strides.iter_mut().zip(operands) {
            *kept.last_mut().expect("pushed above") = operand[axis];
        }
    }
    if merged.is_empty() {
        merged.push(1);
        strides.iter_mut().for_each(|kept| kept.push(0));
    }
    (merged, strides)
}

impl GpuBackend {
    /// `out[i] = x[offset + Σ index_d · strides_d]` over an output of `dims`.
    pub(super) fn strided_copy(&self, x: &GpuStorage, offset: usize, dims: &[usize], strides: &[usize]) -> GpuStorage {
        let count: usize = dims.iter().product();
        let (dims, strides) = collapse(dims, &[strides.to_vec()]);
        let mut params = vec![count as u32, dims.len() as u32, offset as u32];
        params.extend(words(&dims));
        params.extend(words(&strides[0]));
        let out = self.output(count);
        self.context.launch(&STRIDED_COPY, &params, &[x.binding(), out.binding()], grid(count));
        out
    }

    pub(super) fn pad_axis(
        &self,
        x: &GpuStorage,
        shape: &Shape,
        axis: usize,
        before: usize,
        after: usize,
        value: f32,
    ) -> GpuStorage {
        let (outer, size, inner) = shape.split_at_axis(axis);
        let total = size + before + after;
        let count = outer * total * inner;
        let params = [count, size, inner, before, total].map(|v| v as u32);
        let params = [&params[..], &[value.to_bits()]].concat();
        let out = self.output(count);
        self.context.launch(&PAD, &params, &[x.binding(), out.binding()], grid(count));
        out
    }

    pub(super) fn concat_parts(&self, parts: &[(&GpuStorage, &Shape)], axis: usize) -> GpuStorage {
        let total: usize = parts.iter().map(|(_, shape)| shape.dim(axis)).sum();
        let (outer, _, inner) = parts[0].1.split_at_axis(axis);
        let out = self.output(outer * total * inner);
        let mut start = 0;
        for (part, shape) in parts {
            let size = shape.dim(axis);
            let params = [part.len(), size, inner, total, start].map(|v| v as u32);
            self.context.launch(&PLACE, &params, &[part.binding(), out.binding()], grid(part.len()));
            start += size;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::collapse;

    #[test]
    fn contiguous_axes_merge_and_broadcast_axes_stay_apart() {
        // Same-shape operands become one axis.
        assert_eq!(collapse(&[2, 3, 4], &[vec![12, 4, 1], vec![12, 4, 1]]), (vec![24], vec![vec![1], vec![1]]));
        // A bias repeated over rows keeps the row axis separate.
        assert_eq!(collapse(&[5, 3], &[vec![3, 1], vec![0, 1]]), (vec![5, 3], vec![vec![3, 1], vec![0, 1]]));
        // Axes of size 1 vanish; a single value is one axis of stride 0.
        assert_eq!(collapse(&[1, 1], &[vec![0, 0]]), (vec![1], vec![vec![0]]));
        // A transpose cannot merge.
        assert_eq!(collapse(&[3, 2], &[vec![1, 3]]), (vec![3, 2], vec![vec![1, 3]]));
    }
}
