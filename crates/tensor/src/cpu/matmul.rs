//! Dense f32 matrix products on the CPU, through `matrixmultiply` (ndarray's own gemm).
//!
//! It was chosen over the `gemm` crate by measurement (`nnplay bench matmul` natively,
//! `cargo xtask bench` in wasm; figures in the README): since 0.3.11 it has a SIMD128
//! kernel for wasm, where it matches or beats gemm, and natively it is faster per core;
//! its `threading` feature spreads large products over the cores.

/// `out[m×n] = a[m×k] · b[k×n]`, all row-major and contiguous.
pub fn matmul_into(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    product_into(a, b, out, m, k, n, false);
}

/// `out[m×n] = a[m×k] · w[n×k]ᵀ` (PyTorch's `linear` layout), all row-major: `w` is read
/// through its strides, never transposed in memory.
pub fn linear_into(a: &[f32], w: &[f32], out: &mut [f32], m: usize, k: usize, n: usize) {
    product_into(a, w, out, m, k, n, true);
}

fn product_into(a: &[f32], b: &[f32], out: &mut [f32], m: usize, k: usize, n: usize, b_transposed: bool) {
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
    let (row_stride, column_stride) = if b_transposed { (1, k as isize) } else { (n as isize, 1) };
    // SAFETY: the slices hold exactly m×k, k×n and m×n elements (checked above in debug
    // builds, guaranteed by the callers' shape checks), and the strides describe row-major
    // layouts of those sizes (b's either way round), so sgemm reads and writes only
    // inside them.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            row_stride,
            column_stride,
            0.0,
            out.as_mut_ptr(),
            n as isize,
            1,
        );
    }
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
            // The same product with b stored transposed ([n, k]).
            let bt: Vec<f32> = (0..n * k).map(|i| b[(i % k) * n + i / k]).collect();
            let mut linear = vec![f32::NAN; m * n];
            linear_into(&a, &bt, &mut linear, m, k, n);
            assert_eq!(linear, out, "{m}x{k}x{n} linear");
        }
    }
}
