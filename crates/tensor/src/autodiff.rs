//! Reverse-mode autodiff. Every tracked result remembers the op and inputs that made
//! it; [`Tensor::backward`] orders that graph and applies each op's gradient rule,
//! written with the same tensor ops (so a new backend gets gradients for free).

use crate::{BinaryOp, ReduceOp, Result, Tensor, TensorError, TensorId, UnaryOp};
use std::collections::{HashMap, HashSet};

/// How a tracked tensor was made.
pub(crate) enum Op {
    Unary(Tensor, UnaryOp),
    Binary(Tensor, Tensor, BinaryOp),
    /// The condition is detached: it takes no gradient.
    Select(Tensor, Tensor, Tensor),
    Reduce(Tensor, ReduceOp, usize),
    Matmul(Tensor, Tensor),
    /// Input, weight `[n, k]`, bias `[n]`: `x · wᵀ + b`.
    Linear(Tensor, Tensor, Option<Tensor>),
    Expand(Tensor),
    Reshape(Tensor),
    Permute(Tensor, Vec<usize>),
    /// Input, axis, start.
    Slice(Tensor, usize, usize),
    Concat(Vec<Tensor>, usize),
    /// Input, axis, elements added before.
    Pad(Tensor, usize, usize),
    /// Softmax over the last axis; `true` for its logarithm.
    Softmax(Tensor, bool),
    /// Source, index, axis.
    Gather(Tensor, Tensor, usize),
    ScatterAdd(Tensor, Tensor, usize),
}

impl Op {
    /// Every tensor the op holds, by value (for dropping a graph without recursion).
    pub(crate) fn into_tensors(self) -> Vec<Tensor> {
        match self {
            Op::Unary(x, _)
            | Op::Reduce(x, _, _)
            | Op::Expand(x)
            | Op::Reshape(x)
            | Op::Permute(x, _)
            | Op::Slice(x, _, _)
            | Op::Softmax(x, _)
            | Op::Pad(x, _, _) => vec![x],
            Op::Binary(a, b, _) | Op::Matmul(a, b) | Op::Gather(a, b, _) | Op::ScatterAdd(a, b, _) => vec![a, b],
            Op::Select(c, a, b) => vec![c, a, b],
            Op::Linear(x, w, b) => [Some(x), Some(w), b].into_iter().flatten().collect(),
            Op::Concat(parts, _) => parts,
        }
    }

    fn inputs(&self) -> Vec<&Tensor> {
        match self {
            Op::Unary(x, _)
            | Op::Reduce(x, _, _)
            | Op::Expand(x)
            | Op::Reshape(x)
            | Op::Permute(x, _)
            | Op::Slice(x, _, _)
            | Op::Pad(x, _, _)
            | Op::Softmax(x, _)
            | Op::Gather(x, _, _)
            | Op::ScatterAdd(x, _, _) => vec![x],
            Op::Binary(a, b, _) | Op::Matmul(a, b) | Op::Select(_, a, b) => vec![a, b],
            Op::Linear(x, w, b) => [Some(x), Some(w), b.as_ref()].into_iter().flatten().collect(),
            Op::Concat(parts, _) => parts.iter().collect(),
        }
    }
}

/// Gradients of a scalar with respect to the variables it depends on.
#[derive(Default, Clone)]
pub struct GradStore(HashMap<TensorId, Tensor>);

impl GradStore {
    /// The gradient for `variable`, if the result depended on it.
    pub fn get(&self, variable: &Tensor) -> Option<&Tensor> {
        self.0.get(&variable.id())
    }
    /// Takes the gradient for `variable` out of the store.
    pub fn remove(&mut self, variable: &Tensor) -> Option<Tensor> {
        self.0.remove(&variable.id())
    }
    /// Sets the gradient for `variable`.
    pub fn insert(&mut self, variable: &Tensor, grad: Tensor) {
        self.0.insert(variable.id(), grad);
    }
    /// Number of gradients held.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether no gradient is held.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Tensor {
    /// Gradients of this one-element tensor with respect to every variable it depends on.
    pub fn backward(&self) -> Result<GradStore> {
        if self.elem_count() != 1 {
            return Err(TensorError::Backward(format!("the result must hold one value, not shape {}", self.shape())));
        }
        let order = self.topological_order();
        let mut grads: HashMap<TensorId, Tensor> = HashMap::new();
        grads.insert(self.id(), Tensor::ones(self.shape().clone(), self.device()));
        let mut result = GradStore::default();
        for node in order.iter().rev() {
            let Some(grad) = grads.remove(&node.id()) else { continue };
            if node.is_variable() {
                result.0.insert(node.id(), grad);
                continue;
            }
            let Some(op) = node.op() else { continue };
            for (input, input_grad) in op.inputs().into_iter().zip(input_grads(node, op, &grad)?) {
                let Some(input_grad) = input_grad else { continue };
                if !input.is_tracked() {
                    continue;
                }
                let total = match grads.remove(&input.id()) {
                    Some(previous) => previous.add(&input_grad)?,
                    None => input_grad,
                };
                grads.insert(input.id(), total);
            }
        }
        Ok(result)
    }

    /// Tracked tensors reachable from this one, every input before its users.
    /// Iterative, so long recurrent graphs cannot overflow the stack.
    fn topological_order(&self) -> Vec<Tensor> {
        let mut order = Vec::new();
        let mut visited = HashSet::new();
        let mut stack: Vec<(Tensor, bool)> = vec![(self.clone(), false)];
        while let Some((node, inputs_done)) = stack.pop() {
            if inputs_done {
                order.push(node);
                continue;
            }
            if !visited.insert(node.id()) {
                continue;
            }
            stack.push((node.clone(), true));
            if let Some(op) = node.op() {
                for input in op.inputs() {
                    if input.is_tracked() && !visited.contains(&input.id()) {
                        stack.push((input.clone(), false));
                    }
                }
            }
        }
        order
    }
}

/// The gradient rule of each op: the gradient of every input (None where it takes none),
/// given the node and the gradient arriving at it. Inputs are detached so that
/// computing gradients records no new graph.
fn input_grads(node: &Tensor, op: &Op, grad: &Tensor) -> Result<Vec<Option<Tensor>>> {
    let output = node.detach();
    Ok(match op {
        Op::Unary(x, kind) => {
            let x = x.detach();
            let local = match kind {
                UnaryOp::Neg => return Ok(vec![Some(grad.neg())]),
                UnaryOp::Exp => output,
                UnaryOp::Log => x.recip(),
                UnaryOp::Sqrt => output.recip().mul_scalar(0.5),
                UnaryOp::Recip => output.square().neg(),
                UnaryOp::Abs => x.sign(),
                UnaryOp::Sign => return Ok(vec![None]),
                UnaryOp::Tanh => output.square().neg().add_scalar(1.0),
                UnaryOp::Sigmoid => output.mul(&output.neg().add_scalar(1.0))?,
                UnaryOp::Relu => x.with_scalar(BinaryOp::Greater, 0.0),
                // d/dx erf(x) = 2/√π · e^(−x²)
                UnaryOp::Erf => x.square().neg().exp().mul_scalar(std::f32::consts::FRAC_2_SQRT_PI),
            };
            vec![Some(grad.mul(&local)?)]
        }
        Op::Binary(a, b, kind) => {
            let (a, b) = (a.detach(), b.detach());
            let (ga, gb) = match kind {
                BinaryOp::Add => (grad.clone(), grad.clone()),
                BinaryOp::Sub => (grad.clone(), grad.neg()),
                BinaryOp::Mul => (grad.mul(&b)?, grad.mul(&a)?),
                BinaryOp::Div => {
                    let ga = grad.div(&b)?;
                    (ga.clone(), ga.mul(&output)?.neg())
                }
                BinaryOp::Maximum | BinaryOp::Minimum => {
                    // Ties send the whole gradient to the left operand.
                    let left = if *kind == BinaryOp::Maximum { a.ge(&b)? } else { b.ge(&a)? };
                    let ga = grad.mul(&left)?;
                    (ga.clone(), grad.sub(&ga)?)
                }
                BinaryOp::Greater | BinaryOp::GreaterEqual | BinaryOp::Equal => return Ok(vec![None, None]),
            };
            vec![Some(ga.sum_to(a.shape())?), Some(gb.sum_to(b.shape())?)]
        }
        Op::Select(cond, a, b) => {
            let zeros = Tensor::zeros(grad.shape().clone(), grad.device());
            let ga = Tensor::select(cond, grad, &zeros)?.sum_to(a.shape())?;
            let gb = Tensor::select(cond, &zeros, grad)?.sum_to(b.shape())?;
            vec![Some(ga), Some(gb)]
        }
        Op::Reduce(x, kind, axis) => {
            let x = x.detach();
            match kind {
                ReduceOp::Sum => vec![Some(grad.broadcast_to(x.shape().clone())?)],
                ReduceOp::Max => {
                    // Split evenly between tied maxima (as torch.amax does).
                    let hits = x.eq(&output)?;
                    let share = hits.div(&hits.sum_keepdim(*axis)?)?;
                    vec![Some(share.mul(grad)?)]
                }
            }
        }
        Op::Matmul(a, b) => {
            let (a, b) = (a.detach(), b.detach());
            let ga = grad.matmul(&b.transpose_last()?)?;
            let gb = if b.rank() == 2 && a.rank() > 2 {
                // b was shared by every batch: fold the batch into the rows.
                let k = a.dims()[a.rank() - 1];
                let n = grad.dims()[grad.rank() - 1];
                let rows = a.elem_count() / k;
                a.reshape([rows, k])?.transpose_last()?.matmul(&grad.reshape([rows, n])?)?
            } else {
                a.transpose_last()?.matmul(grad)?
            };
            vec![Some(ga), Some(gb)]
        }
        Op::Linear(x, w, b) => {
            let (x, w) = (x.detach(), w.detach());
            let (n, k) = (w.dims()[0], w.dims()[1]);
            let rows = x.elem_count() / k.max(1);
            let gx = grad.matmul(&w)?;
            let gw = grad.reshape([rows, n])?.transpose_last()?.matmul(&x.reshape([rows, k])?)?;
            let mut grads = vec![Some(gx), Some(gw)];
            if let Some(b) = b {
                grads.push(Some(grad.sum_to(b.shape())?));
            }
            grads
        }
        Op::Expand(x) => vec![Some(grad.sum_to(x.shape())?)],
        Op::Reshape(x) => vec![Some(grad.reshape(x.shape().clone())?)],
        Op::Permute(_, axes) => {
            let mut inverse = vec![0; axes.len()];
            for (i, &a) in axes.iter().enumerate() {
                inverse[a] = i;
            }
            vec![Some(grad.permute(&inverse)?)]
        }
        Op::Slice(x, axis, start) => {
            let after = x.dims()[*axis] - start - grad.dims()[*axis];
            vec![Some(grad.pad(*axis, *start, after, 0.0)?)]
        }
        Op::Concat(parts, axis) => {
            let mut start = 0;
            let mut grads = Vec::with_capacity(parts.len());
            for part in parts {
                let len = part.dims()[*axis];
                grads.push(Some(grad.slice(*axis, start, len)?));
                start += len;
            }
            grads
        }
        Op::Pad(x, axis, before) => vec![Some(grad.slice(*axis, *before, x.dims()[*axis])?)],
        Op::Softmax(x, log) => {
            let axis = x.rank() - 1;
            let output = output.detach();
            vec![Some(if *log {
                // d/dx of x − logsumexp(x): g − softmax · Σg
                grad.sub(&output.exp().mul(&grad.sum_keepdim(axis)?)?)?
            } else {
                // y ⊙ (g − Σ(g ⊙ y))
                output.mul(&grad.sub(&grad.mul(&output)?.sum_keepdim(axis)?)?)?
            })]
        }
        Op::Gather(x, index, axis) => vec![Some(grad.scatter_add(*axis, index, x.dims()[*axis])?)],
        Op::ScatterAdd(_, index, axis) => vec![Some(grad.gather(*axis, index)?)],
    })
}
