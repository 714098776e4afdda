//! Reductions over one axis, and softmax (a reduction and a map over each row).

use super::context::{Kernel, WORKGROUP, grid};
use super::{GpuBackend, GpuStorage};
use crate::{ReduceOp, Shape};

const REDUCE: Kernel =
    Kernel { name: "reduce", source: concat!(include_str!("prelude.wgsl"), include_str!("reduce.wgsl")) };
const SOFTMAX: Kernel =
    Kernel { name: "softmax", source: concat!(include_str!("prelude.wgsl"), include_str!("softmax.wgsl")) };
const REDUCE_WIDE: Kernel =
    Kernel { name: "reduce_wide", source: concat!(include_str!("prelude.wgsl"), include_str!("reduce_wide.wgsl")) };

impl GpuBackend {
    pub(super) fn reduce_op(&self, op: ReduceOp, x: &GpuStorage, shape: &Shape, axis: usize) -> GpuStorage {
        let (outer, size, inner) = shape.split_at_axis(axis);
        let count = outer * inner;
        let code = match op {
            ReduceOp::Sum => 0,
            ReduceOp::Max => 1,
        };
        let params = [count as u32, code, outer as u32, size as u32, inner as u32, op.identity().to_bits()];
        let out = self.output(count);
        let bindings = [x.binding(), out.binding()];
        // A long axis with few outputs would leave most of the GPU idle with one
        // invocation per output: give each output a workgroup instead.
        if size >= 256 && count <= 4096 {
            self.context.launch(&REDUCE_WIDE, &params, &bindings, grid(count * WORKGROUP as usize));
        } else {
            self.context.launch(&REDUCE, &params, &bindings, grid(count));
        }
        out
    }

    pub(super) fn softmax_rows(&self, x: &GpuStorage, rows: usize, cols: usize, log: bool) -> GpuStorage {
        let out = self.output(rows * cols);
        let params = [rows as u32, cols as u32, log as u32];
        self.context.launch(&SOFTMAX, &params, &[x.binding(), out.binding()], grid(rows));
        out
    }
}
