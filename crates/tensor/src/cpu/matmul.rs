//! Dense f32 matrix products on the CPU.
//!
//! `gemm` was chosen over `matrixmultiply` after measuring both (`nnplay bench matmul`
//! natively, `cargo xtask bench` for wasm; figures in the README): it has SIMD128
//! kernels for wasm and threads natively. Even the playground's skinny products
//! (500×2 by 2×8) ran 5–10× faster through gemm than through a plain loop, so there is
//! no small-matrix path.

/// `out[m×n] = a[m×k] · b[k×n]`, all row-major and contiguous.
pub fn matmul_into(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    debug_assert_eq!(a.len(), m * k);
    debug_assert_eq!(b.len(), k * n);
    debug_assert_eq!(out.len(), m * n);
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        out.fill(0.0);
        return;
    }
    // SAFETY: the slices hold exactly m×k, k×n and m×n elements (checked above in debug
    // builds, guaranteed by the callers' shape checks), and the strides below describe
    // row-major layouts of those sizes, so gemm reads and writes only inside them.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.as_ptr(),
            1,
            k as isize,
            b.as_ptr(),
            1,
            n as isize,
            0.0,
            1.0,
            false,
            false,
            false,
            parallelism(m, k, n),
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn parallelism(m: usize, k: usize, n: usize) -> gemm::Parallelism {
    // Threads pay off only once the product is large enough to amortise waking them.
    if m * k * n >= 128 * 128 * 128 { gemm::Parallelism::Rayon(0) } else { gemm::Parallelism::None }
}

#[cfg(target_arch = "wasm32")]
fn parallelism(_m: usize, _k: usize, _n: usize) -> gemm::Parallelism {
    gemm::Parallelism::None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
        let mut out = vec![0.0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                for p in 0..k {
                    out[i * n + j] += a[i * k + p] as f64 * b[p * n + j] as f64;
                }
            }
        }
        out.into_iter().map(|v| v as f32).collect()
    }

    #[test]
    fn agrees_with_the_definition() {
        for &(m, k, n) in &[(1, 1, 1), (3, 2, 5), (10, 2, 8), (33, 65, 17), (128, 64, 96)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7 % 13) as f32 - 6.0) / 5.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5 % 11) as f32 - 5.0) / 4.0).collect();
            let mut out = vec![f32::NAN; m * n];
            matmul_into(&a, &b, &mut out, m, k, n);
            for (got, want) in out.iter().zip(reference(&a, &b, m, k, n)) {
                assert!((got - want).abs() <= 1e-4 * (1.0 + want.abs()), "{m}x{k}x{n}: {got} vs {want}");
            }
        }
    }
}
