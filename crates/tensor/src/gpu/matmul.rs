//! Matrix products: the tiled kernel the engine uses and the naive one it is measured
//! against (`cargo xtask bench gpu`).

use super::context::{Kernel, grid};
use super::{GpuBackend, GpuStorage};

const MATMUL: Kernel =
    Kernel { name: "matmul", source: concat!(include_str!("prelude.wgsl"), include_str!("matmul.wgsl")) };
const MATMUL_NAIVE: Kernel =
    Kernel { name: "matmul_naive", source: concat!(include_str!("prelude.wgsl"), include_str!("matmul_naive.wgsl")) };

/// The output tile one workgroup of matmul.wgsl computes.
const TILE: usize = 64;

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
        let out = self.output(batch * m * n);
        let limit = self.context.limits.max_compute_workgroups_per_dimension as usize;
        assert!(batch <= limit, "GPU matmul: a batch of {batch} products is over this adapter's {limit}");
        let groups = [n.div_ceil(TILE), m.div_ceil(TILE), batch].map(|g| g as u32);
        let params = [m, k, n].map(|v| v as u32);
        self.context.launch(&MATMUL, &params, &[a.binding(), b.binding(), out.binding()], groups);
        out
    }

    pub(super) fn naive_matmul(&self, a: &GpuStorage, b: &GpuStorage, m: usize, k: usize, n: usize) -> GpuStorage {
        let out = self.output(m * n);
        let params = [m, k, n, m * n].map(|v| v as u32);
        self.context.launch(&MATMUL_NAIVE, &params, &[a.binding(), b.binding(), out.binding()], grid(m * n));
        out
    }
}
