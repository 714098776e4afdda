//! The CPU backend. Values sit in a shared, immutable `Vec<f32>` in row-major order;
//! ndarray views over it do the broadcasting, axis reductions and movement, and
//! [`matmul`] hands products to the `gemm` crate.

mod matmul;
mod strided;

pub use matmul::{linear_into, matmul_into};

use crate::backend::Backend;
use crate::{BinaryOp, Distribution, ReduceOp, Result, Shape, TensorError, UnaryOp, rng};
use ndarray::{ArrayD, ArrayViewD, Axis, IxDyn, Slice};
use std::sync::Arc;

/// Host-memory values of one tensor; cloning shares them.
#[derive(Clone, Debug)]
pub struct CpuStorage(Arc<Vec<f32>>);

impl CpuStorage {
    /// The values in row-major order.
    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }
    fn view<'a>(&'a self, shape: &Shape) -> ArrayViewD<'a, f32> {
        ArrayViewD::from_shape(IxDyn(shape.dims()), &self.0).expect("storage length matches its shape")
    }
}

fn store(values: Vec<f32>) -> CpuStorage {
    CpuStorage(Arc::new(values))
}

/// Collects an array in row-major order whatever its memory layout.
fn store_array(array: ArrayD<f32>) -> CpuStorage {
    if array.is_standard_layout() {
        store(array.into_raw_vec_and_offset().0)
    } else {
        store(array.iter().copied().collect())
    }
}

/// The CPU backend; it has no state.
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuBackend;

impl Backend for CpuBackend {
    type Storage = CpuStorage;

    fn upload(&self, data: Vec<f32>) -> CpuStorage {
        store(data)
    }

    fn fill(&self, value: f32, shape: &Shape) -> CpuStorage {
        store(vec![value; shape.elem_count()])
    }

    fn random(&self, dist: Distribution, seed: u64, stream: u32, shape: &Shape) -> CpuStorage {
        store((0..shape.elem_count() as u32).map(|i| rng::sample(dist, seed, stream, i)).collect())
    }

    fn unary(&self, op: UnaryOp, x: &CpuStorage) -> CpuStorage {
        store(x.0.iter().map(|&v| op.apply(v)).collect())
    }

    fn binary(
        &self,
        op: BinaryOp,
        a: &CpuStorage,
        a_shape: &Shape,
        b: &CpuStorage,
        b_shape: &Shape,
        out: &Shape,
    ) -> CpuStorage {
        // Fast paths for the common cases: same shape, or one side a single value.
        if a_shape == out && b_shape == out {
            return store(a.0.iter().zip(b.0.iter()).map(|(&x, &y)| op.apply(x, y)).collect());
        }
        if a_shape == out && b.0.len() == 1 {
            let y = b.0[0];
            return store(a.0.iter().map(|&x| op.apply(x, y)).collect());
        }
        if b_shape == out && a.0.len() == 1 {
            let x = a.0[0];
            return store(b.0.iter().map(|&y| op.apply(x, y)).collect());
        }
        // A bias-style operand: it fills the trailing axes of the output and repeats.
        if a_shape == out && repeats_along_leading_axes(b_shape, out) {
            let rows = a.0.chunks(b.0.len());
            return store(rows.flat_map(|row| row.iter().zip(b.0.iter()).map(|(&x, &y)| op.apply(x, y))).collect());
        }
        if b_shape == out && repeats_along_leading_axes(a_shape, out) {
            let rows = b.0.chunks(a.0.len());
            return store(rows.flat_map(|row| a.0.iter().zip(row).map(|(&x, &y)| op.apply(x, y))).collect());
        }
        let a = self.expand(a, a_shape, out);
        let b = self.expand(b, b_shape, out);
        store(a.0.iter().zip(b.0.iter()).map(|(&x, &y)| op.apply(x, y)).collect())
    }

    fn select(
        &self,
        cond: &CpuStorage,
        cond_shape: &Shape,
        a: &CpuStorage,
        a_shape: &Shape,
        b: &CpuStorage,
        b_shape: &Shape,
        out: &Shape,
    ) -> CpuStorage {
        let (cond, a, b) =
            (self.expand(cond, cond_shape, out), self.expand(a, a_shape, out), self.expand(b, b_shape, out));
        let values = cond.0.iter().zip(a.0.iter().zip(b.0.iter()));
        store(values.map(|(&c, (&x, &y))| if c != 0.0 { x } else { y }).collect())
    }

    fn reduce(&self, op: ReduceOp, x: &CpuStorage, shape: &Shape, axis: usize) -> CpuStorage {
        let (outer, size, inner) = shape.split_at_axis(axis);
        let mut result = vec![op.identity(); outer * inner];
        let values = x.as_slice();
        // Walk memory in order: for each outer block, fold every row of the axis into
        // the inner accumulators.
        for o in 0..outer {
            let acc = &mut result[o * inner..(o + 1) * inner];
            for s in 0..size {
                let row = &values[(o * size + s) * inner..(o * size + s + 1) * inner];
                for (a, &v) in acc.iter_mut().zip(row) {
                    *a = op.combine(*a, v);
                }
            }
        }
        store(result)
    }

    fn matmul(&self, a: &CpuStorage, b: &CpuStorage, batch: usize, m: usize, k: usize, n: usize) -> CpuStorage {
        let mut out = vec![0.0; batch * m * n];
        for i in 0..batch {
            matmul_into(
                &a.0[i * m * k..(i + 1) * m * k],
                &b.0[i * k * n..(i + 1) * k * n],
                &mut out[i * m * n..(i + 1) * m * n],
                m,
                k,
                n,
            );
        }
        store(out)
    }

    fn linear(
        &self,
        x: &CpuStorage,
        w: &CpuStorage,
        bias: Option<&CpuStorage>,
        rows: usize,
        k: usize,
        n: usize,
    ) -> CpuStorage {
        let mut out = vec![0.0; rows * n];
        linear_into(&x.0, &w.0, &mut out, rows, k, n);
        if let Some(bias) = bias {
            for row in out.chunks_mut(n.max(1)) {
                row.iter_mut().zip(bias.0.iter()).for_each(|(v, b)| *v += b);
            }
        }
        store(out)
    }

    fn softmax(&self, x: &CpuStorage, rows: usize, cols: usize, log: bool) -> CpuStorage {
        let mut out = Vec::with_capacity(rows * cols);
        for row in x.0.chunks(cols.max(1)).take(rows) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum: f32 = row.iter().map(|&v| (v - max).exp()).sum();
            if log {
                let log_sum = sum.ln();
                out.extend(row.iter().map(|&v| (v - max) - log_sum));
            } else {
                out.extend(row.iter().map(|&v| (v - max).exp() / sum));
            }
        }
        store(out)
    }

    fn expand(&self, x: &CpuStorage, shape: &Shape, out: &Shape) -> CpuStorage {
        if shape == out {
            return x.clone();
        }
        store(strided::copy_strided(&x.0, 0, out.dims(), &shape.broadcast_strides(out)))
    }

    fn permute(&self, x: &CpuStorage, shape: &Shape, axes: &[usize]) -> CpuStorage {
        let in_strides = shape.strides();
        let dims: Vec<usize> = axes.iter().map(|&a| shape.dim(a)).collect();
        let strides: Vec<usize> = axes.iter().map(|&a| in_strides[a]).collect();
        store(strided::copy_strided(&x.0, 0, &dims, &strides))
    }

    fn slice(&self, x: &CpuStorage, shape: &Shape, axis: usize, start: usize, len: usize) -> CpuStorage {
        let strides = shape.strides();
        let dims = shape.with_dim(axis, len);
        store(strided::copy_strided(&x.0, start * strides[axis], dims.dims(), &strides))
    }

    fn concat(&self, parts: &[(&CpuStorage, &Shape)], axis: usize) -> CpuStorage {
        let views: Vec<ArrayViewD<f32>> = parts.iter().map(|(s, shape)| s.view(shape)).collect();
        store_array(ndarray::concatenate(Axis(axis), &views).expect("shapes checked by Tensor"))
    }

    fn pad(&self, x: &CpuStorage, shape: &Shape, axis: usize, before: usize, after: usize, value: f32) -> CpuStorage {
        let out = shape.with_dim(axis, shape.dim(axis) + before + after);
        let mut result = ArrayD::from_elem(IxDyn(out.dims()), value);
        result.slice_axis_mut(Axis(axis), Slice::from(before..before + shape.dim(axis))).assign(&x.view(shape));
        store_array(result)
    }

    fn gather(
        &self,
        x: &CpuStorage,
        shape: &Shape,
        axis: usize,
        index: &CpuStorage,
        index_shape: &Shape,
    ) -> Result<CpuStorage> {
        let (outer, size, inner) = shape.split_at_axis(axis);
        let picks = index_shape.dim(axis);
        let mut out = Vec::with_capacity(outer * picks * inner);
        for o in 0..outer {
            for j in 0..picks {
                for i in 0..inner {
                    let raw = index.0[(o * picks + j) * inner + i];
                    let at = checked_index("gather", raw, size, axis)?;
                    out.push(x.0[(o * size + at) * inner + i]);
                }
            }
        }
        Ok(store(out))
    }

    fn scatter_add(
        &self,
        src: &CpuStorage,
        src_shape: &Shape,
        axis: usize,
        index: &CpuStorage,
        out_shape: &Shape,
    ) -> Result<CpuStorage> {
        let (outer, size, inner) = out_shape.split_at_axis(axis);
        let picks = src_shape.dim(axis);
        let mut out = vec![0.0; out_shape.elem_count()];
        for o in 0..outer {
            for j in 0..picks {
                for i in 0..inner {
                    let at_src = (o * picks + j) * inner + i;
                    let at = checked_index("scatter_add", index.0[at_src], size, axis)?;
                    out[(o * size + at) * inner + i] += src.0[at_src];
                }
            }
        }
        Ok(store(out))
    }

    async fn read(&self, x: &CpuStorage) -> Result<Vec<f32>> {
        Ok(x.0.as_ref().clone())
    }
}

/// Whether `operand`, broadcast to `out`, is its own values repeated end to end: its
/// dimensions, leading 1s aside, equal the trailing dimensions of `out`.
fn repeats_along_leading_axes(operand: &Shape, out: &Shape) -> bool {
    let dims = operand.dims();
    let first = dims.iter().position(|&d| d != 1).unwrap_or(dims.len());
    let significant = &dims[first..];
    out.dims().ends_with(significant) && operand.elem_count() > 0
}

/// Indices travel as f32 (the engine has one dtype); they must be whole and in range.
fn checked_index(op: &'static str, raw: f32, size: usize, axis: usize) -> Result<usize> {
    if raw >= 0.0 && raw.fract() == 0.0 && (raw as usize) < size {
        Ok(raw as usize)
    } else {
        Err(TensorError::Index { op, index: raw, size, axis })
    }
}
