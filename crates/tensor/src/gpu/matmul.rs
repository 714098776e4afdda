//! Matrix products: the tiled kernel the engine uses and the naive one it is measured
//! against (`cargo xtask bench gpu`).

use super::context::{Kernel, WORKGROUP, grid};
use super::{GpuBackend, GpuStorage};
use crate::{BinaryOp, ReduceOp, Shape};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// How matmul_tiled.wgsl gets its b tile.
#[derive(Clone, Copy)]
enum LoadB {
    /// b stored [k, n].
    Rows,
    /// b stored [k, n], n a multiple of 4.
    RowsVec4,
    /// b stored [n, k] (a layer's weight).
    Transposed,
    /// b stored [n, k], k a multiple of 4.
    TransposedVec4,
}

/// The source of the tiled kernel with one tile size, a-load and b-load: 2 × 2 × 4
/// variants, assembled on first use (each compiles on its first launch).
fn tiled_source(large: bool, a_vec4: bool, load_b: LoadB) -> &'static str {
    static SOURCES: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut sources = Vec::new();
        for tile in [include_str!("matmul_tile64.wgsl"), include_str!("matmul_tile128.wgsl")] {
            for a in [include_str!("matmul_load_a.wgsl"), include_str!("matmul_load_a_vec4.wgsl")] {
                for b in [
                    include_str!("matmul_load_b.wgsl"),
                    include_str!("matmul_load_b_vec4.wgsl"),
                    include_str!("matmul_load_bt.wgsl"),
                    include_str!("matmul_load_bt_vec4.wgsl"),
                ] {
                    sources
                        .push([include_str!("prelude.wgsl"), tile, a, b, include_str!("matmul_tiled.wgsl")].concat());
                }
            }
        }
        sources
    });
    &SOURCES[(large as usize * 2 + a_vec4 as usize) * 4 + load_b as usize]
}

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
    /// `a · b (+ bias)` for `batch` products: b is [k, n], or [n, k] when `b_transposed`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn product(
        &self,
        a: &GpuStorage,
        b: &GpuStorage,
        bias: Option<&GpuStorage>,
        batch: usize,
        m: usize,
        k: usize,
        n: usize,
        b_transposed: bool,
    ) -> GpuStorage {
        if k == 0 {
            let zeros = self.fill_values(0.0, batch * m * n);
            return self.add_bias(zeros, bias, batch * m, n);
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
        // Partial products get the bias after they are summed.
        let fused_bias = bias.filter(|_| splits == 1);
        let out = self.output(splits * batch * m * n);
        let bias_binding = fused_bias.unwrap_or(a).binding();
        let bindings = [a.binding(), b.binding(), out.binding(), bias_binding];
        let has_bias = fused_bias.is_some() as usize;
        if skinny {
            let count = splits * batch * m * n;
            let params = [m, k, n, count, chunk, batch, b_transposed as usize, has_bias].map(|v| v as u32);
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
            let params = [m, k, n, chunk, batch, has_bias].map(|v| v as u32);
            let load_b = match (b_transposed, k.is_multiple_of(4), n.is_multiple_of(4)) {
                (true, true, _) => LoadB::TransposedVec4,
                (true, false, _) => LoadB::Transposed,
                (false, _, true) => LoadB::RowsVec4,
                (false, _, false) => LoadB::Rows,
            };
            let source = tiled_source(large, k.is_multiple_of(4), load_b);
            self.context.launch(&Kernel { name: source, source }, &params, &bindings, groups);
        }
        if splits == 1 {
            return out;
        }
        let summed = self.reduce_op(ReduceOp::Sum, &out, &Shape::new([splits, batch * m * n]), 0);
        self.add_bias(summed, bias, batch * m, n)
    }

    /// `x[rows, n] + bias[n]`, or `x` without a bias.
    fn add_bias(&self, x: GpuStorage, bias: Option<&GpuStorage>, rows: usize, n: usize) -> GpuStorage {
        match bias {
            Some(bias) => self.binary_op(
                BinaryOp::Add,
                &x,
                &Shape::new([rows, n]),
                bias,
                &Shape::new([n]),
                &Shape::new([rows, n]),
            ),
            None => x,
        }
    }

    pub(super) fn naive_matmul(&self, a: &GpuStorage, b: &GpuStorage, m: usize, k: usize, n: usize) -> GpuStorage {
        let out = self.output(m * n);
        let params = [m, k, n, m * n, k, 1, 0, 0].map(|v| v as u32);
        let bindings = [a.binding(), b.binding(), out.binding(), a.binding()];
        self.context.launch(&MATMUL_NAIVE, &params, &bindings, grid(m * n));
        out
    }
}
