//! The primitive op set a backend implements. Everything else — layers, losses,
//! gradients — is written once in terms of these, so a new backend (the WebGPU one)
//! gets the whole engine by implementing this trait.
//!
//! Shapes are checked by [`crate::Tensor`] before a backend is called; backends may
//! assume valid arguments except where an op's result depends on data (gather indices).

use crate::{BinaryOp, Distribution, ReduceOp, Result, Shape, UnaryOp};
use std::future::Future;

/// A compute backend: storage of f32 values and the primitive ops over it.
pub trait Backend {
    /// Where this backend keeps a tensor's values (always dense, row-major).
    type Storage: Clone;

    /// Copies host values in.
    fn upload(&self, data: Vec<f32>) -> Self::Storage;
    /// `shape.elem_count()` copies of `value`.
    fn fill(&self, value: f32, shape: &Shape) -> Self::Storage;
    /// Counter-based random values (see [`crate::rng`]): element `i` is draw `i` of `stream`.
    fn random(&self, dist: Distribution, seed: u64, stream: u32, shape: &Shape) -> Self::Storage;

    /// An elementwise op of one operand.
    fn unary(&self, op: UnaryOp, x: &Self::Storage) -> Self::Storage;
    /// An elementwise op of two operands broadcast to `out`.
    fn binary(
        &self,
        op: BinaryOp,
        a: &Self::Storage,
        a_shape: &Shape,
        b: &Self::Storage,
        b_shape: &Shape,
        out: &Shape,
    ) -> Self::Storage;
    /// `cond != 0 ? a : b`, all three broadcast to `out`.
    #[allow(clippy::too_many_arguments)]
    fn select(
        &self,
        cond: &Self::Storage,
        cond_shape: &Shape,
        a: &Self::Storage,
        a_shape: &Shape,
        b: &Self::Storage,
        b_shape: &Shape,
        out: &Shape,
    ) -> Self::Storage;
    /// A reduction over `axis`, which is kept with size 1.
    fn reduce(&self, op: ReduceOp, x: &Self::Storage, shape: &Shape, axis: usize) -> Self::Storage;
    /// Batched matrix product `[b, m, k] x [b, k, n] -> [b, m, n]` (batch may be 1).
    fn matmul(&self, a: &Self::Storage, b: &Self::Storage, batch: usize, m: usize, k: usize, n: usize)
    -> Self::Storage;

    /// `x[rows, k] · w[n, k]ᵀ + bias[n]` (PyTorch's `linear`): the layers' weights are
    /// stored `[out, in]`, and the product reads them so, without a transposed copy.
    fn linear(
        &self,
        x: &Self::Storage,
        w: &Self::Storage,
        bias: Option<&Self::Storage>,
        rows: usize,
        k: usize,
        n: usize,
    ) -> Self::Storage;

    /// Softmax of each of `rows` rows of `cols` values (its logarithm when `log`).
    fn softmax(&self, x: &Self::Storage, rows: usize, cols: usize, log: bool) -> Self::Storage;

    /// Copies `x` broadcast to `out`.
    fn expand(&self, x: &Self::Storage, shape: &Shape, out: &Shape) -> Self::Storage;
    /// Reorders the axes: output axis `i` is input axis `axes[i]`.
    fn permute(&self, x: &Self::Storage, shape: &Shape, axes: &[usize]) -> Self::Storage;
    /// The elements `start..start + len` along `axis`.
    fn slice(&self, x: &Self::Storage, shape: &Shape, axis: usize, start: usize, len: usize) -> Self::Storage;
    /// Joins tensors that agree on every axis but `axis`.
    fn concat(&self, parts: &[(&Self::Storage, &Shape)], axis: usize) -> Self::Storage;
    /// Adds `before` and `after` elements of `value` along `axis`.
    fn pad(
        &self,
        x: &Self::Storage,
        shape: &Shape,
        axis: usize,
        before: usize,
        after: usize,
        value: f32,
    ) -> Self::Storage;
    /// `out[o, j, i] = x[o, index[o, j, i], i]` along `axis` (PyTorch's `gather`).
    fn gather(
        &self,
        x: &Self::Storage,
        shape: &Shape,
        axis: usize,
        index: &Self::Storage,
        index_shape: &Shape,
    ) -> Result<Self::Storage>;
    /// `out[o, index[o, j, i], i] += src[o, j, i]`, `out` zero-initialised with `out_shape`.
    fn scatter_add(
        &self,
        src: &Self::Storage,
        src_shape: &Shape,
        axis: usize,
        index: &Self::Storage,
        out_shape: &Shape,
    ) -> Result<Self::Storage>;

    /// Copies the values out. A GPU backend resolves this after its queue has run.
    fn read(&self, x: &Self::Storage) -> impl Future<Output = Result<Vec<f32>>>;
}
