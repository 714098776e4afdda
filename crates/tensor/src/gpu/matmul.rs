//! Matrix products: the tiled kernel the engine uses and the naive one it is measured
//! against (`cargo xtask bench gpu`).

use super::context::{Kernel, WORKGROUP, grid};
use super::{GpuBackend, GpuStorage};
use crate::{ReduceOp, Shape};
use std::sync::atomic::{AtomicBool, Ordering};

/// The tiled kernel with each tile size and way of loading.
macro_rules! tiled {
    ($name:literal, $tile:literal, $loads:literal) => {
        Kernel {
            name: $name,
            source: concat!(
                include_str!("prelude.wgsl"),
                include_str!($tile),
                include_str!($loads),
                include_str!("matmul_tiled.wgsl")
            ),
        }
    };
}
const MATMUL_64: Kernel = tiled!("matmul_64", "matmul_tile64.wgsl", "matmul_scalar_loads.wgsl");
const MATMUL_64_VEC4: Kernel = tiled!("matmul_64_vec4", "matmul_tile64.wgsl", "matmul_vec4_loads.wgsl");
const MATMUL_128: Kernel = tiled!("matmul_128", "matmul_tile128.wgsl", "matmul_scalar_loads.wgsl");
const MATMUL_128_VEC4: Kernel = tiled!("matmul_128_vec4", "matmul_tile128.wgsl", "matmul_vec4_loads.wgsl");
const MATMUL_NAIVE: Kernel =
    Kernel { name: "matmul_naive", source: concat!(include_str!("prelude.wgsl"), include_str!("matmul_naive.wgsl")) };

/// From this many rows and columns on, a hardware GPU gets the 128×128 tile (8×8 outputs
/// per invocation: twice the arithmetic per value loaded, the usual way past 1 TFLOP/s).
/// Software adapters keep the 64×64 tile, which measured ~20 % faster on lavapipe. Both
/// take 8 KiB of workgroup memory and 256 invocations, within WebGPU's guaranteed limits
/// (16 KiB, 256), so every adapter can run both.
const LARGE: usize = 512;

/// Lets the tests run the 128×128 tile on the software adapters CI has.
static LARGE_TILES_EVERYWHERE: AtomicBool = AtomicBool::new(false);

/// Uses the 128×128 tile for large products on software adapters too (for tests).
#[doc(hidden)]
pub fn use_large_tiles_everywhere(on: bool) {
    LARGE_TILES_EVERYWHERE.store(on, Ordering::Relaxed);
}
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
        let hardware = !self.context.summary.is_software || LARGE_TILES_EVERYWHERE.load(Ordering::Relaxed);
        let large = m >= LARGE && n >= LARGE && hardware;
        let tile = if large { 128 } else { 64 };
        let (groups, min_chunk) = if skinny {
            ((batch * m * n).div_ceil(WORKGROUP as usize), 64)
        } else {
            (batch * m.div_ceil(tile) * n.div_ceil(tile), 256)
        };
        let splits = SPREAD.div_ceil(groups).min(k / min_chunk).max(1);
        // Chunks are whole steps of the tiled kernel's depth (16 or 8).
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
            let groups = [n.div_ceil(tile), m.div_ceil(tile), splits * batch].map(|g| g as u32);
            let params = [m, k, n, chunk, batch].map(|v| v as u32);
            let vec4 = k.is_multiple_of(4) && n.is_multiple_of(4);
            let kernel = match (tile, vec4) {
                (128, true) => &MATMUL_128_VEC4,
                (128, false) => &MATMUL_128,
                (_, true) => &MATMUL_64_VEC4,
                (_, false) => &MATMUL_64,
            };
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
