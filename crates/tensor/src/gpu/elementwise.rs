//! Elementwise kernels: fill, counter-based random values, unary ops, and binary ops
//! and select with broadcasting.

use super::context::{Kernel, grid};
use super::movement::collapse;
use super::{GpuBackend, GpuStorage, words};
use crate::{BinaryOp, Distribution, Shape, UnaryOp, rng};

const FILL: Kernel = Kernel { name: "fill", source: concat!(include_str!("prelude.wgsl"), include_str!("fill.wgsl")) };
const RANDOM: Kernel =
    Kernel { name: "random", source: concat!(include_str!("prelude.wgsl"), include_str!("random.wgsl")) };
const UNARY: Kernel = Kernel {
    name: "unary",
    source: concat!(include_str!("prelude.wgsl"), include_str!("unary_ops.wgsl"), include_str!("unary.wgsl")),
};
const BINARY: Kernel = Kernel {
    name: "binary",
    source: concat!(include_str!("prelude.wgsl"), include_str!("binary_ops.wgsl"), include_str!("binary.wgsl")),
};
const SELECT: Kernel =
    Kernel { name: "select", source: concat!(include_str!("prelude.wgsl"), include_str!("select.wgsl")) };

impl GpuBackend {
    pub(super) fn fill_values(&self, value: f32, len: usize) -> GpuStorage {
        let out = self.output(len);
        self.context.launch(&FILL, &[len as u32, value.to_bits()], &[out.binding()], grid(len));
        out
    }

    pub(super) fn random_values(&self, dist: Distribution, seed: u64, stream: u32, len: usize) -> GpuStorage {
        let (kind, a, b) = match dist {
            Distribution::Uniform { low, high } => (0, low, high),
            Distribution::Normal { mean, std } => (1, mean, std),
        };
        let params = [len as u32, kind, rng::stream_key(seed, stream), a.to_bits(), b.to_bits()];
        let out = self.output(len);
        self.context.launch(&RANDOM, &params, &[out.binding()], grid(len));
        out
    }

    pub(super) fn unary_op(&self, op: UnaryOp, x: &GpuStorage) -> GpuStorage {
        let out = self.output(x.len());
        // The kernel's switch follows UnaryOp's declaration order.
        self.context.launch(
            &UNARY,
            &[x.len() as u32, op as u32, f32::NAN.to_bits()],
            &[x.binding(), out.binding()],
            grid(x.len()),
        );
        out
    }

    pub(super) fn binary_op(
        &self,
        op: BinaryOp,
        a: &GpuStorage,
        a_shape: &Shape,
        b: &GpuStorage,
        b_shape: &Shape,
        out_shape: &Shape,
    ) -> GpuStorage {
        let count = out_shape.elem_count();
        let (dims, strides) =
            collapse(out_shape.dims(), &[a_shape.broadcast_strides(out_shape), b_shape.broadcast_strides(out_shape)]);
        let mut params = vec![count as u32, op as u32, dims.len() as u32];
        params.extend(words(&dims));
        strides.iter().for_each(|s| params.extend(words(s)));
        let out = self.output(count);
        self.context.launch(&BINARY, &params, &[a.binding(), b.binding(), out.binding()], grid(count));
        out
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn select_op(
        &self,
        cond: &GpuStorage,
        cond_shape: &Shape,
        a: &GpuStorage,
        a_shape: &Shape,
        b: &GpuStorage,
        b_shape: &Shape,
        out_shape: &Shape,
    ) -> GpuStorage {
        let count = out_shape.elem_count();
        let operands = [cond_shape, a_shape, b_shape].map(|shape| shape.broadcast_strides(out_shape));
        let (dims, strides) = collapse(out_shape.dims(), &operands);
        let mut params = vec![count as u32, dims.len() as u32];
        params.extend(words(&dims));
        strides.iter().for_each(|s| params.extend(words(s)));
        let out = self.output(count);
        let bindings = [cond.binding(), a.binding(), b.binding(), out.binding()];
        self.context.launch(&SELECT, &params, &bindings, grid(count));
        out
    }
}
