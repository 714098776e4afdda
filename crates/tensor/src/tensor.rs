use crate::autodiff::Op;
use crate::storage::{Device, Storage};
use crate::{BinaryOp, Distribution, ReduceOp, Result, Shape, TensorError, UnaryOp};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Identifies one tensor value (clones of a handle share it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TensorId(u64);

impl TensorId {
    fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        TensorId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// An immutable n-dimensional f32 array on a [`Device`]; a cheap handle to share.
///
/// A tensor built from a *variable* (see [`Tensor::variable`]) remembers the op that
/// made it, so [`Tensor::backward`] can walk back to the variables.
#[derive(Clone)]
pub struct Tensor(Arc<Inner>);

struct Inner {
    id: TensorId,
    shape: Shape,
    storage: Storage,
    op: Option<Op>,
    is_variable: bool,
}

impl Drop for Inner {
    /// Drops the graph behind this tensor with a loop: the default recursive drop would
    /// overflow the stack on long chains (an RNN unrolled over many steps).
    fn drop(&mut self) {
        let Some(op) = self.op.take() else { return };
        let mut pending = op.into_tensors();
        while let Some(tensor) = pending.pop() {
            if let Ok(mut inner) = Arc::try_unwrap(tensor.0)
                && let Some(op) = inner.op.take()
            {
                pending.extend(op.into_tensors());
            }
        }
    }
}

impl std::fmt::Debug for Tensor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tensor({:?}, shape {}, {})", self.id(), self.shape(), self.device().name())
    }
}

impl Tensor {
    fn build(shape: Shape, storage: Storage, op: Option<Op>) -> Tensor {
        Tensor(Arc::new(Inner { id: TensorId::next(), shape, storage, op, is_variable: false }))
    }

    /// A result of `op` on `inputs`: it records `op` only when an input is tracked.
    fn from_op(shape: Shape, storage: Storage, inputs: &[&Tensor], op: impl FnOnce() -> Op) -> Tensor {
        let op = inputs.iter().any(|t| t.is_tracked()).then(op);
        Tensor::build(shape, storage, op)
    }

    /// A tensor over values a backend already computed.
    pub(crate) fn from_storage(storage: Storage, shape: impl Into<Shape>) -> Tensor {
        Tensor::build(shape.into(), storage, None)
    }
    /// A tensor holding `data` in row-major order.
    pub fn from_vec(data: Vec<f32>, shape: impl Into<Shape>, device: Device) -> Result<Tensor> {
        let shape = shape.into();
        if data.len() != shape.elem_count() {
            return Err(TensorError::ElementCount {
                op: "from_vec",
                len: data.len(),
                expected: shape.elem_count(),
                shape,
            });
        }
        Ok(Tensor::build(shape, Storage::from_vec(device, data), None))
    }
    /// A tensor of one value with shape `[]`.
    pub fn scalar(value: f32, device: Device) -> Tensor {
        Tensor::full(value, Shape::scalar(), device)
    }
    /// A tensor filled with `value`.
    pub fn full(value: f32, shape: impl Into<Shape>, device: Device) -> Tensor {
        let shape = shape.into();
        let storage = Storage::fill(device, value, &shape);
        Tensor::build(shape, storage, None)
    }
    /// A tensor of zeros.
    pub fn zeros(shape: impl Into<Shape>, device: Device) -> Tensor {
        Tensor::full(0.0, shape, device)
    }
    /// A tensor of ones.
    pub fn ones(shape: impl Into<Shape>, device: Device) -> Tensor {
        Tensor::full(1.0, shape, device)
    }
    /// Counter-based random values: the same `(seed, stream)` gives the same tensor on
    /// every backend.
    pub fn random(dist: Distribution, seed: u64, stream: u32, shape: impl Into<Shape>, device: Device) -> Tensor {
        let shape = shape.into();
        let storage = Storage::random(device, dist, seed, stream, &shape);
        Tensor::build(shape, storage, None)
    }
    /// The same values as a leaf whose gradient [`Tensor::backward`] reports.
    pub fn variable(&self) -> Tensor {
        Tensor(Arc::new(Inner {
            id: TensorId::next(),
            shape: self.shape().clone(),
            storage: self.0.storage.clone(),
            op: None,
            is_variable: true,
        }))
    }
    /// The same values, cut off from the graph.
    pub fn detach(&self) -> Tensor {
        Tensor::build(self.shape().clone(), self.0.storage.clone(), None)
    }

    /// This value's identity.
    pub fn id(&self) -> TensorId {
        self.0.id
    }
    /// The dimensions.
    pub fn shape(&self) -> &Shape {
        &self.0.shape
    }
    /// The dimensions as a slice.
    pub fn dims(&self) -> &[usize] {
        self.0.shape.dims()
    }
    /// Number of dimensions.
    pub fn rank(&self) -> usize {
        self.0.shape.rank()
    }
    /// Number of elements.
    pub fn elem_count(&self) -> usize {
        self.0.shape.elem_count()
    }
    /// Where the values live.
    pub fn device(&self) -> Device {
        self.0.storage.device()
    }
    /// The values on their device.
    pub fn storage(&self) -> &Storage {
        &self.0.storage
    }
    /// Whether this tensor is a variable.
    pub fn is_variable(&self) -> bool {
        self.0.is_variable
    }
    /// Whether gradients flow through this tensor.
    pub fn is_tracked(&self) -> bool {
        self.0.is_variable || self.0.op.is_some()
    }
    pub(crate) fn op(&self) -> Option<&Op> {
        self.0.op.as_ref()
    }

    /// Copies the values out, row-major. This is the only way values leave a tensor:
    /// a GPU backend resolves it after its queue has run, so call it rarely.
    pub async fn to_vec(&self) -> Result<Vec<f32>> {
        self.0.storage.read().await
    }
    /// The same values on `device` (a new leaf, cut off from the graph, when it moves).
    pub async fn to_device(&self, device: Device) -> Result<Tensor> {
        if self.device() == device {
            return Ok(self.clone());
        }
        let values = self.to_vec().await?;
        Tensor::from_vec(values, self.shape().clone(), device)
    }
    /// The single value of a one-element tensor.
    pub async fn to_scalar(&self) -> Result<f32> {
        if self.elem_count() != 1 {
            return Err(TensorError::Invalid {
                op: "to_scalar",
                shape: self.shape().clone(),
                reason: "the tensor does not hold exactly one value".into(),
            });
        }
        Ok(self.to_vec().await?[0])
    }

    // ---- elementwise -------------------------------------------------------------

    /// An elementwise op of one operand.
    pub fn unary(&self, op: UnaryOp) -> Tensor {
        let storage = self.0.storage.unary(op);
        Tensor::from_op(self.shape().clone(), storage, &[self], || Op::Unary(self.clone(), op))
    }
    /// Softmax over the last axis (its logarithm when `log`), shifted by each row's
    /// maximum so `exp` cannot overflow: one kernel on the GPU.
    pub fn softmax_last(&self, log: bool) -> Result<Tensor> {
        let Some(&cols) = self.dims().last() else {
            let reason = "needs at least one dimension (the classes)".into();
            return Err(TensorError::Invalid { op: "softmax", shape: self.shape().clone(), reason });
        };
        let storage = self.0.storage.softmax(self.elem_count() / cols.max(1), cols, log);
        Ok(Tensor::from_op(self.shape().clone(), storage, &[self], || Op::Softmax(self.clone(), log)))
    }
    /// An elementwise op of two operands with NumPy broadcasting.
    pub fn binary(&self, op: BinaryOp, rhs: &Tensor) -> Result<Tensor> {
        let out = Shape::broadcast(op.name(), self.shape(), rhs.shape())?;
        let storage = self.0.storage.binary(op, self.shape(), &rhs.0.storage, rhs.shape(), &out);
        Ok(Tensor::from_op(out, storage, &[self, rhs], || Op::Binary(self.clone(), rhs.clone(), op)))
    }
    /// `cond != 0 ? on_true : on_false`, all three broadcast together.
    pub fn select(cond: &Tensor, on_true: &Tensor, on_false: &Tensor) -> Result<Tensor> {
        let out = Shape::broadcast("select", cond.shape(), on_true.shape())?;
        let out = Shape::broadcast("select", &out, on_false.shape())?;
        let storage = cond.0.storage.select(
            cond.shape(),
            &on_true.0.storage,
            on_true.shape(),
            &on_false.0.storage,
            on_false.shape(),
            &out,
        );
        Ok(Tensor::from_op(out, storage, &[on_true, on_false], || {
            Op::Select(cond.detach(), on_true.clone(), on_false.clone())
        }))
    }

    /// `-x`
    pub fn neg(&self) -> Tensor {
        self.unary(UnaryOp::Neg)
    }
    /// `e^x`
    pub fn exp(&self) -> Tensor {
        self.unary(UnaryOp::Exp)
    }
    /// Natural logarithm.
    pub fn log(&self) -> Tensor {
        self.unary(UnaryOp::Log)
    }
    /// Square root.
    pub fn sqrt(&self) -> Tensor {
        self.unary(UnaryOp::Sqrt)
    }
    /// `1 / x`
    pub fn recip(&self) -> Tensor {
        self.unary(UnaryOp::Recip)
    }
    /// `|x|`
    pub fn abs(&self) -> Tensor {
        self.unary(UnaryOp::Abs)
    }
    /// -1, 0 or 1.
    pub fn sign(&self) -> Tensor {
        self.unary(UnaryOp::Sign)
    }
    /// Hyperbolic tangent.
    pub fn tanh(&self) -> Tensor {
        self.unary(UnaryOp::Tanh)
    }
    /// Logistic sigmoid.
    pub fn sigmoid(&self) -> Tensor {
        self.unary(UnaryOp::Sigmoid)
    }
    /// `max(x, 0)`
    pub fn relu(&self) -> Tensor {
        self.unary(UnaryOp::Relu)
    }
    /// The Gauss error function.
    pub fn erf(&self) -> Tensor {
        self.unary(UnaryOp::Erf)
    }
    /// `x · x`
    pub fn square(&self) -> Tensor {
        self.binary(BinaryOp::Mul, self).expect("a shape broadcasts with itself")
    }
    /// `self + rhs`
    pub fn add(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Add, rhs)
    }
    /// `self - rhs`
    pub fn sub(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Sub, rhs)
    }
    /// `self · rhs`
    pub fn mul(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Mul, rhs)
    }
    /// `self / rhs`
    pub fn div(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Div, rhs)
    }
    /// Elementwise maximum.
    pub fn maximum(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Maximum, rhs)
    }
    /// Elementwise minimum.
    pub fn minimum(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Minimum, rhs)
    }
    /// 1 where `self > rhs`, else 0.
    pub fn gt(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Greater, rhs)
    }
    /// 1 where `self >= rhs`, else 0.
    pub fn ge(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::GreaterEqual, rhs)
    }
    /// 1 where `self == rhs`, else 0.
    pub fn eq(&self, rhs: &Tensor) -> Result<Tensor> {
        self.binary(BinaryOp::Equal, rhs)
    }
    /// `self + value`
    pub fn add_scalar(&self, value: f32) -> Tensor {
        self.with_scalar(BinaryOp::Add, value)
    }
    /// `self · value`
    pub fn mul_scalar(&self, value: f32) -> Tensor {
        self.with_scalar(BinaryOp::Mul, value)
    }
    /// An op against one value, which always broadcasts.
    pub fn with_scalar(&self, op: BinaryOp, value: f32) -> Tensor {
        self.binary(op, &Tensor::scalar(value, self.device())).expect("a scalar broadcasts to any shape")
    }

    // ---- reductions --------------------------------------------------------------

    /// A reduction over `axis`, keeping it with size 1.
    pub fn reduce_keepdim(&self, op: ReduceOp, axis: usize) -> Result<Tensor> {
        self.shape().check_axis(op.name(), axis)?;
        let storage = self.0.storage.reduce(op, self.shape(), axis);
        let out = self.shape().with_dim(axis, 1);
        Ok(Tensor::from_op(out, storage, &[self], || Op::Reduce(self.clone(), op, axis)))
    }
    /// Sum over `axis`, kept with size 1.
    pub fn sum_keepdim(&self, axis: usize) -> Result<Tensor> {
        self.reduce_keepdim(ReduceOp::Sum, axis)
    }
    /// Maximum over `axis`, kept with size 1.
    pub fn max_keepdim(&self, axis: usize) -> Result<Tensor> {
        self.reduce_keepdim(ReduceOp::Max, axis)
    }
    /// Mean over `axis`, kept with size 1.
    pub fn mean_keepdim(&self, axis: usize) -> Result<Tensor> {
        let count = self.shape().dims().get(axis).copied().unwrap_or(1);
        Ok(self.sum_keepdim(axis)?.mul_scalar(1.0 / count as f32))
    }
    /// Sum of every element, shape `[]`.
    pub fn sum_all(&self) -> Tensor {
        let flat = self.reshape([self.elem_count()]).expect("same element count");
        flat.sum_keepdim(0).expect("axis 0 exists").reshape(Shape::scalar()).expect("one element")
    }
    /// Mean of every element, shape `[]`.
    pub fn mean_all(&self) -> Tensor {
        self.sum_all().mul_scalar(1.0 / self.elem_count().max(1) as f32)
    }

    /// Sums a broadcast result back down to `shape` (the gradient of a broadcast).
    pub fn sum_to(&self, shape: &Shape) -> Result<Tensor> {
        if self.shape() == shape {
            return Ok(self.clone());
        }
        let extra = self.rank().checked_sub(shape.rank()).ok_or_else(|| TensorError::ShapeMismatch {
            op: "sum_to",
            lhs: self.shape().clone(),
            rhs: shape.clone(),
            reason: "the target has more dimensions".into(),
        })?;
        let mut result = self.clone();
        for axis in 0..self.rank() {
            let target = if axis < extra { 1 } else { shape.dim(axis - extra) };
            if target == 1 && result.dims()[axis] != 1 {
                result = result.sum_keepdim(axis)?;
            }
        }
        result.reshape(shape.clone())
    }

    // ---- matrix product ----------------------------------------------------------

    /// PyTorch's `linear`: `self[.., k] · weight[n, k]ᵀ (+ bias[n])`, one kernel on the GPU
    /// (the weight is read as stored, and the bias added as each output is written).
    pub fn linear(&self, weight: &Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
        let mismatch = |reason: String| TensorError::ShapeMismatch {
            op: "linear",
            lhs: self.shape().clone(),
            rhs: weight.shape().clone(),
            reason,
        };
        let (&[n, k], Some(&inputs)) = (weight.dims(), self.dims().last()) else {
            return Err(mismatch("the weight must be [outputs, inputs] and the input have an inputs axis".into()));
        };
        if inputs != k {
            return Err(mismatch(format!("the input's last axis is {inputs} but the weight takes {k}")));
        }
        if let Some(bias) = bias
            && bias.dims() != [n]
        {
            return Err(mismatch(format!("the bias is {} but must be [{n}]", bias.shape())));
        }
        let rows = self.elem_count() / k.max(1);
        let storage = self.0.storage.linear(&weight.0.storage, bias.map(|b| &b.0.storage), rows, k, n);
        let mut out = self.dims().to_vec();
        *out.last_mut().expect("checked above") = n;
        let inputs: Vec<&Tensor> = [Some(self), Some(weight), bias].into_iter().flatten().collect();
        Ok(Tensor::from_op(Shape::new(out), storage, &inputs, || {
            Op::Linear(self.clone(), weight.clone(), bias.cloned())
        }))
    }

    /// Matrix product over the last two axes: `[.., m, k] · [.., k, n]`. Leading axes
    /// must agree, or `rhs` may be a plain `[k, n]` matrix shared by every batch.
    pub fn matmul(&self, rhs: &Tensor) -> Result<Tensor> {
        let mismatch = |reason: &str| TensorError::ShapeMismatch {
            op: "matmul",
            lhs: self.shape().clone(),
            rhs: rhs.shape().clone(),
            reason: reason.into(),
        };
        if self.rank() < 2 || rhs.rank() < 2 {
            return Err(mismatch("both operands need at least two dimensions"));
        }
        let (m, k) = (self.dims()[self.rank() - 2], self.dims()[self.rank() - 1]);
        let (k2, n) = (rhs.dims()[rhs.rank() - 2], rhs.dims()[rhs.rank() - 1]);
        if k != k2 {
            return Err(mismatch(&format!("inner dimensions {k} and {k2} differ")));
        }
        let batch_dims = &self.dims()[..self.rank() - 2];
        let mut out: Vec<usize> = batch_dims.to_vec();
        out.extend([m, n]);
        let batch: usize = batch_dims.iter().product();
        let storage = if rhs.rank() == 2 {
            // One shared right-hand matrix: fold the batch into the rows.
            self.0.storage.matmul(&rhs.0.storage, 1, batch * m, k, n)
        } else if &rhs.dims()[..rhs.rank() - 2] == batch_dims {
            self.0.storage.matmul(&rhs.0.storage, batch, m, k, n)
        } else {
            return Err(mismatch("the batch dimensions differ"));
        };
        Ok(Tensor::from_op(Shape::new(out), storage, &[self, rhs], || Op::Matmul(self.clone(), rhs.clone())))
    }

    // ---- movement ----------------------------------------------------------------

    /// The same values with another shape of equal element count (no copy).
    pub fn reshape(&self, shape: impl Into<Shape>) -> Result<Tensor> {
        let shape = shape.into();
        if shape.elem_count() != self.elem_count() {
            return Err(TensorError::ShapeMismatch {
                op: "reshape",
                lhs: self.shape().clone(),
                rhs: shape,
                reason: "element counts differ".into(),
            });
        }
        if &shape == self.shape() {
            return Ok(self.clone());
        }
        Ok(Tensor::from_op(shape, self.0.storage.clone(), &[self], || Op::Reshape(self.clone())))
    }
    /// The values broadcast to `shape`, materialised.
    pub fn broadcast_to(&self, shape: impl Into<Shape>) -> Result<Tensor> {
        let shape = shape.into();
        let out = Shape::broadcast("broadcast_to", self.shape(), &shape)?;
        if out != shape {
            return Err(TensorError::Broadcast { op: "broadcast_to", lhs: self.shape().clone(), rhs: shape });
        }
        if &out == self.shape() {
            return Ok(self.clone());
        }
        let storage = self.0.storage.expand(self.shape(), &out);
        Ok(Tensor::from_op(out, storage, &[self], || Op::Expand(self.clone())))
    }
    /// Reorders axes: output axis `i` is input axis `axes[i]`.
    pub fn permute(&self, axes: &[usize]) -> Result<Tensor> {
        let mut seen = vec![false; self.rank()];
        let valid = axes.len() == self.rank()
            && axes.iter().all(|&a| a < self.rank() && !std::mem::replace(&mut seen[a], true));
        if !valid {
            return Err(TensorError::Invalid {
                op: "permute",
                shape: self.shape().clone(),
                reason: format!("{axes:?} is not a permutation of the axes"),
            });
        }
        let out = Shape::new(axes.iter().map(|&a| self.dims()[a]).collect::<Vec<_>>());
        let storage = self.0.storage.permute(self.shape(), axes);
        Ok(Tensor::from_op(out, storage, &[self], || Op::Permute(self.clone(), axes.to_vec())))
    }
    /// Swaps the last two axes.
    pub fn transpose_last(&self) -> Result<Tensor> {
        let rank = self.rank();
        if rank < 2 {
            return Err(TensorError::Invalid {
                op: "transpose",
                shape: self.shape().clone(),
                reason: "needs at least two dimensions".into(),
            });
        }
        let mut axes: Vec<usize> = (0..rank).collect();
        axes.swap(rank - 2, rank - 1);
        self.permute(&axes)
    }
    /// Elements `start..start + len` along `axis`.
    pub fn slice(&self, axis: usize, start: usize, len: usize) -> Result<Tensor> {
        self.shape().check_axis("slice", axis)?;
        if start + len > self.dims()[axis] {
            return Err(TensorError::Invalid {
                op: "slice",
                shape: self.shape().clone(),
                reason: format!("range {start}..{} exceeds axis {axis}", start + len),
            });
        }
        let storage = self.0.storage.slice(self.shape(), axis, start, len);
        let out = self.shape().with_dim(axis, len);
        Ok(Tensor::from_op(out, storage, &[self], || Op::Slice(self.clone(), axis, start)))
    }
    /// Joins tensors along `axis`; all other axes must agree.
    pub fn concat(parts: &[Tensor], axis: usize) -> Result<Tensor> {
        let first = parts.first().ok_or_else(|| TensorError::Invalid {
            op: "concat",
            shape: Shape::scalar(),
            reason: "nothing to join".into(),
        })?;
        first.shape().check_axis("concat", axis)?;
        let mut total = 0;
        for part in parts {
            if part.rank() != first.rank() || part.shape().with_dim(axis, 0) != first.shape().with_dim(axis, 0) {
                return Err(TensorError::ShapeMismatch {
                    op: "concat",
                    lhs: first.shape().clone(),
                    rhs: part.shape().clone(),
                    reason: format!("only axis {axis} may differ"),
                });
            }
            total += part.dims()[axis];
        }
        let views: Vec<(&Storage, &Shape)> = parts.iter().map(|t| (&t.0.storage, t.shape())).collect();
        let storage = Storage::concat(&views, axis);
        let out = first.shape().with_dim(axis, total);
        let inputs: Vec<&Tensor> = parts.iter().collect();
        Ok(Tensor::from_op(out, storage, &inputs, || Op::Concat(parts.to_vec(), axis)))
    }
    /// Adds `before` and `after` elements of `value` along `axis`.
    pub fn pad(&self, axis: usize, before: usize, after: usize, value: f32) -> Result<Tensor> {
        self.shape().check_axis("pad", axis)?;
        let storage = self.0.storage.pad(self.shape(), axis, before, after, value);
        let out = self.shape().with_dim(axis, self.dims()[axis] + before + after);
        Ok(Tensor::from_op(out, storage, &[self], || Op::Pad(self.clone(), axis, before)))
    }
    /// PyTorch's `gather`: picks elements along `axis` at whole-number `index` values.
    /// `index` matches this shape on every other axis.
    pub fn gather(&self, axis: usize, index: &Tensor) -> Result<Tensor> {
        self.check_index_shape("gather", axis, index)?;
        let storage = self.0.storage.gather(self.shape(), axis, &index.0.storage, index.shape())?;
        Ok(Tensor::from_op(index.shape().clone(), storage, &[self], || Op::Gather(self.clone(), index.detach(), axis)))
    }
    /// Adds each element into a zero tensor of size `size` along `axis`, at `index`:
    /// the reverse of [`Tensor::gather`].
    pub fn scatter_add(&self, axis: usize, index: &Tensor, size: usize) -> Result<Tensor> {
        let out = self.shape().with_dim(axis, size);
        if index.shape() != self.shape() {
            return Err(TensorError::ShapeMismatch {
                op: "scatter_add",
                lhs: self.shape().clone(),
                rhs: index.shape().clone(),
                reason: "the index must have the shape of the source".into(),
            });
        }
        let storage = self.0.storage.scatter_add(self.shape(), axis, &index.0.storage, &out)?;
        Ok(Tensor::from_op(out, storage, &[self], || Op::ScatterAdd(self.clone(), index.detach(), axis)))
    }
    fn check_index_shape(&self, op: &'static str, axis: usize, index: &Tensor) -> Result<()> {
        self.shape().check_axis(op, axis)?;
        if index.rank() != self.rank() || index.shape().with_dim(axis, 0) != self.shape().with_dim(axis, 0) {
            return Err(TensorError::ShapeMismatch {
                op,
                lhs: self.shape().clone(),
                rhs: index.shape().clone(),
                reason: format!("the index must match on every axis but {axis}"),
            });
        }
        Ok(())
    }
}
