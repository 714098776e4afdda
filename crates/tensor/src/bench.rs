//! The matmul measurement behind the choice of `gemm` (see `cpu/matmul.rs`), shared by
//! `nnplay bench matmul` natively and the wasm benchmark. Reports, never asserts.

use serde::Serialize;

/// GFLOP/s of one square size for each candidate.
#[derive(Debug, Clone, Serialize)]
pub struct MatmulRow {
    pub n: usize,
    /// The engine's path: matrixmultiply, threaded natively.
    pub engine: f64,
    /// gemm on one thread.
    pub gemm_single_thread: f64,
    /// gemm on every core (the same as one thread in wasm).
    pub gemm_threaded: f64,
}

/// Measures `n×n · n×n` for each size; `now` returns seconds from any fixed origin.
pub fn matmul_comparison(sizes: &[usize], now: &dyn Fn() -> f64) -> Vec<MatmulRow> {
    sizes
        .iter()
        .map(|&n| {
            let a: Vec<f32> = (0..n * n).map(|i| (i % 17) as f32 * 0.1 - 0.8).collect();
            let b: Vec<f32> = (0..n * n).map(|i| (i % 13) as f32 * 0.1 - 0.6).collect();
            let mut out = vec![0.0f32; n * n];
            let flops = 2.0 * (n as f64).powi(3);
            let engine = best_gflops(flops, now, || crate::cpu::matmul_into(&a, &b, &mut out, n, n, n));
            let gemm_single_thread = best_gflops(flops, now, || gemm(&a, &b, &mut out, n, gemm::Parallelism::None));
            let gemm_threaded = best_gflops(flops, now, || gemm(&a, &b, &mut out, n, all_cores()));
            MatmulRow { n, engine, gemm_single_thread, gemm_threaded }
        })
        .collect()
}

/// Best of several runs (at least 3, and at least ~0.3 s in all), as GFLOP/s.
fn best_gflops(flops: f64, now: &dyn Fn() -> f64, mut run: impl FnMut()) -> f64 {
    run(); // warm caches and thread pools
    let started = now();
    let mut best = f64::INFINITY;
    let mut reps = 0;
    while reps < 3 || (now() - started < 0.3 && reps < 200) {
        let t0 = now();
        run();
        best = best.min(now() - t0);
        reps += 1;
    }
    flops / best.max(1e-9) / 1e9
}

#[cfg(not(target_arch = "wasm32"))]
fn all_cores() -> gemm::Parallelism {
    gemm::Parallelism::Rayon(0)
}

#[cfg(target_arch = "wasm32")]
fn all_cores() -> gemm::Parallelism {
    gemm::Parallelism::None
}

fn gemm(a: &[f32], b: &[f32], out: &mut [f32], n: usize, parallelism: gemm::Parallelism) {
    let s = n as isize;
    // SAFETY: all three slices hold n×n values, described row-major by these strides.
    unsafe {
        gemm::gemm(
            n,
            n,
            n,
            out.as_mut_ptr(),
            1,
            s,
            false,
            a.as_ptr(),
            1,
            s,
            b.as_ptr(),
            1,
            s,
            0.0,
            1.0,
            false,
            false,
            false,
            parallelism,
        );
    }
}

/// The rows as an aligned text table.
pub fn format_table(rows: &[MatmulRow]) -> String {
    let mut text = String::from("matmul GFLOP/s (n×n·n×n, f32, best of runs)\n");
    text += &format!("{:>6} {:>24} {:>14} {:>14}\n", "n", "engine (matrixmultiply)", "gemm 1 thread", "gemm threaded");
    for row in rows {
        text += &format!(
            "{:>6} {:>24.1} {:>14.1} {:>14.1}\n",
            row.n, row.engine, row.gemm_single_thread, row.gemm_threaded
        );
    }
    text
}
