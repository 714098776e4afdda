//! Matrix products: the tiled kernel the engine uses and the naive one it is measured
//! against (`cargo xtask bench gpu`).

use super::context::{Kernel, WORKGROUP, grid};
use super::{GpuBackend, GpuStorage};
use crate::{ReduceOp, Shape};

const MATMUL: Kernel = Kernel {
    name: "matmul",
    source: concat!(
        include_str!("prelude.wgsl"),
        include_str!("matmul_scalar_loads.wgsl"),
        include_str!("matmul_tiled.wgsl")
    ),
};
const MATMUL_VEC4: Kernel = Kernel {
    name: "matmul_vec4",
    source: concat!(
        include_str!("prelude.wgsl"),
        include_str!("matmul_vec4_loads.wgsl"),
        include_str!("matmul_tiled.wgsl")
    ),
};
const MATMUL_NAIVE: Kernel =
    Kernel { name: "matmul_naive", source: concat!(include_str!("prelude.wgsl"), include_str!("matmul_naive.wgsl")) };

/// The output tile one workgroup of matmul.wgsl computes.
const TILE: usize = 64;
/// Below this many rows or columns a 64×64 tile is mostly padding: the product goes to
/// the one-invocation-per-output kernel instead.
const SKINNY: usize = 32;
/// Workgroups a product should spread over; fewer (a weight gradient: small output, long
/// k) and k is split into chunks whose partial products are summed.
const SPREAD: usize = 128;

impl GpuBackend {
    pub(super) fn tiled_matmul(
        &self,
        a: &GpuStorage,
        b: &GpuStorage,
        batch: usize,
        m: usize,
        k: usize,
        n: usize,
    ) -> GpuStorage {
        if k == 0 {
            return self.fill_values(0.0, batch * m * n);
        }
        let skinny = m < SKINNY || n < SKINNY;
        let (groups, min_chunk) = if skinny {
            ((batch * m * n).div_ceil(WORKGROUP as usize), 64)
        } else {
            (batch * m.div_ceil(TILE) * n.div_ceil(TILE), 256)
        };
        let splits = SPREAD.div_ceil(groups).min(k / min_chunk).max(1);
        // Chunks are whole steps of the tiled kernel's depth (16).
        let chunk = k.div_ceil(splits).next_multiple_of(16);
        let splits = k.div_ceil(chunk);
        let out = self.output(splits * batch * m * n);
        let bindings = [a.binding(), b.binding(), out.binding()];
        if skinny {
            let count = splits * batch * m * n;
            let params = [m, k, n, count, chunk, batch].map(|v| v as u32);
            self.context.launch(&MATMUL_NAIVE, &params, &bindings, grid(count));
        } else {
            let limit = self.context.limits.max_compute_workgroups_per_dimension as usize;
            if splits * batch > limit {
                self.context.record_fault(format!(
                    "the GPU cannot run a batch of {batch} matrix products at once (this adapter's limit is {limit})"
                ));
                return out;
            }
            let groups = [n.div_ceil(TILE), m.div_ceil(TILE), splits * batch].map(|g| g as u32);
            let params = [m, k, n, chunk, batch].map(|v| v as u32);
            let kernel = if k.is_multiple_of(4) && n.is_multiple_of(4) { &MATMUL_VEC4 } else { &MATMUL };
            self.context.launch(kernel, &params, &bindings, groups);
        }
        if splits == 1 {
            return out;
        }
        self.reduce_op(ReduceOp::Sum, &out, &Shape::new([splits, batch * m * n]), 0)
    }

    pub(super) fn naive_matmul(&self, a: &GpuStorage, b: &GpuStorage, m: usize, k: usize, n: usize) -> GpuStorage {
        let out = self.output(m * n);
        let params = [m, k, n, m * n, k, 1].map(|v| v as u32);
        self.context.launch(&MATMUL_NAIVE, &params, &[a.binding(), b.binding(), out.binding()], grid(m * n));
        out
    }
}
