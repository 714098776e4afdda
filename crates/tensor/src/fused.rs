//! Fused elementwise programs: a straight-line sequence of unary and binary ops over
//! same-shaped tensors and constants, with several outputs. The GPU backend compiles a
//! program into one kernel (constants are parameters, so a program whose numbers change
//! every step, like an optimizer update, compiles once); the CPU runs it op by op.
//! Optimizer updates use it: one launch per parameter instead of a dozen.
//!
//! ```
//! # use nnplay_tensor::{Device, Tensor, fused::Fused};
//! # pollster::block_on(async {
//! let (p, g) = (Tensor::ones([3], Device::Cpu), Tensor::full(0.5, [3], Device::Cpu));
//! let f = Fused::new();
//! let (value, grad) = (f.input(&p), f.input(&g));
//! let [updated] = f.run([value - grad * 0.1]).unwrap();
//! assert_eq!(updated.to_vec().await.unwrap(), vec![0.95; 3]);
//! # });
//! ```

use crate::{BinaryOp, Result, Shape, Tensor, TensorError, UnaryOp};
use std::cell::RefCell;
use std::ops::{Add, Div, Mul, Sub};

/// Registers a program may use (one per step): the GPU kernel holds them all at once.
pub const MAX_STEPS: usize = 48;

/// One step of a program; its result is the register of the step's position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// Input tensor `i`.
    Input(usize),
    /// A constant.
    Constant(f32),
    Unary(UnaryOp, usize),
    Binary(BinaryOp, usize, usize),
}

/// A finished program: its steps and which registers are its outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub steps: Vec<Step>,
    pub inputs: usize,
    pub outputs: Vec<usize>,
}

/// Builds a program from expressions over its inputs, then runs it.
#[derive(Default)]
pub struct Fused {
    steps: RefCell<Vec<Step>>,
    inputs: RefCell<Vec<Tensor>>,
}

/// A value in a program being built; combine with `+ - * /` (with other values or f32).
#[derive(Clone, Copy)]
pub struct Expr<'a> {
    fused: &'a Fused,
    register: usize,
}

impl Fused {
    /// An empty program.
    pub fn new() -> Fused {
        Fused::default()
    }
    fn push(&self, step: Step) -> Expr<'_> {
        let mut steps = self.steps.borrow_mut();
        steps.push(step);
        Expr { fused: self, register: steps.len() - 1 }
    }
    /// The elements of `tensor` (every input must have the same shape).
    pub fn input(&self, tensor: &Tensor) -> Expr<'_> {
        let mut inputs = self.inputs.borrow_mut();
        inputs.push(tensor.detach());
        let index = inputs.len() - 1;
        drop(inputs);
        self.push(Step::Input(index))
    }
    /// A constant value.
    pub fn constant(&self, value: f32) -> Expr<'_> {
        self.push(Step::Constant(value))
    }

    /// Runs the program and returns one tensor per output expression, on the inputs'
    /// device and shape. Results are not tracked by autodiff.
    pub fn run<const N: usize>(&self, outputs: [Expr<'_>; N]) -> Result<[Tensor; N]> {
        Ok(self.run_all(&outputs)?.try_into().expect("one result per output"))
    }

    /// [`Fused::run`] for a number of outputs known only at run time.
    pub fn run_all(&self, outputs: &[Expr<'_>]) -> Result<Vec<Tensor>> {
        let inputs = self.inputs.borrow();
        let outputs = outputs.iter().map(|e| e.register).collect();
        let program = Program { steps: self.steps.borrow().clone(), inputs: inputs.len(), outputs };
        let first = inputs.first().ok_or_else(|| invalid(Shape::scalar(), "a fused program needs an input".into()))?;
        if let Some(other) = inputs.iter().find(|t| t.shape() != first.shape()) {
            return Err(invalid(other.shape().clone(), format!("inputs differ in shape from {}", first.shape())));
        }
        if program.steps.len() > MAX_STEPS {
            return Err(invalid(first.shape().clone(), format!("{} steps, over {MAX_STEPS}", program.steps.len())));
        }
        let storages: Vec<&crate::Storage> = inputs.iter().map(|t| t.storage()).collect();
        let results = crate::Storage::fused(&program, &storages, first.elem_count());
        Ok(results.into_iter().map(|storage| Tensor::from_storage(storage, first.shape().clone())).collect())
    }
}

fn invalid(shape: Shape, reason: String) -> TensorError {
    TensorError::Invalid { op: "fused", shape, reason }
}

impl<'a> Expr<'a> {
    fn unary(self, op: UnaryOp) -> Expr<'a> {
        self.fused.push(Step::Unary(op, self.register))
    }
    fn binary(self, op: BinaryOp, rhs: Expr<'a>) -> Expr<'a> {
        self.fused.push(Step::Binary(op, self.register, rhs.register))
    }
    /// `√x`
    pub fn sqrt(self) -> Expr<'a> {
        self.unary(UnaryOp::Sqrt)
    }
    /// `max(x, 0)`
    pub fn relu(self) -> Expr<'a> {
        self.unary(UnaryOp::Relu)
    }
    /// `x · x`
    pub fn square(self) -> Expr<'a> {
        self.binary(BinaryOp::Mul, self)
    }
    /// The larger of the two.
    pub fn maximum(self, rhs: Expr<'a>) -> Expr<'a> {
        self.binary(BinaryOp::Maximum, rhs)
    }
}

macro_rules! operator {
    ($trait:ident, $method:ident, $op:expr) => {
        impl<'a> $trait for Expr<'a> {
            type Output = Expr<'a>;
            fn $method(self, rhs: Expr<'a>) -> Expr<'a> {
                self.binary($op, rhs)
            }
        }
        impl<'a> $trait<f32> for Expr<'a> {
            type Output = Expr<'a>;
            fn $method(self, rhs: f32) -> Expr<'a> {
                let constant = self.fused.constant(rhs);
                self.binary($op, constant)
            }
        }
    };
}

operator!(Add, add, BinaryOp::Add);
operator!(Sub, sub, BinaryOp::Sub);
operator!(Mul, mul, BinaryOp::Mul);
operator!(Div, div, BinaryOp::Div);

/// Runs `program` on host values, one step at a time over whole arrays (the CPU backend).
pub(crate) fn run_on_host(program: &Program, inputs: &[&[f32]], len: usize) -> Vec<Vec<f32>> {
    let mut registers: Vec<Vec<f32>> = Vec::with_capacity(program.steps.len());
    for step in &program.steps {
        let values = match *step {
            Step::Input(i) => inputs[i].to_vec(),
            Step::Constant(c) => vec![c; len],
            Step::Unary(op, x) => registers[x].iter().map(|&v| op.apply(v)).collect(),
            Step::Binary(op, a, b) => registers[a].iter().zip(&registers[b]).map(|(&u, &v)| op.apply(u, v)).collect(),
        };
        registers.push(values);
    }
    program.outputs.iter().map(|&r| registers[r].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Device;

    #[test]
    fn a_program_computes_what_the_same_ops_compute() {
        pollster::block_on(async {
            let x = Tensor::from_vec(vec![1.0, 4.0, 9.0], [3], Device::Cpu).unwrap();
            let y = Tensor::from_vec(vec![2.0, 2.0, -1.0], [3], Device::Cpu).unwrap();
            let f = Fused::new();
            let (a, b) = (f.input(&x), f.input(&y));
            let [sum, root] = f.run([(a + b) * 0.5, a.sqrt().maximum(b) / 2.0]).unwrap();
            assert_eq!(sum.to_vec().await.unwrap(), vec![1.5, 3.0, 4.0]);
            assert_eq!(root.to_vec().await.unwrap(), vec![1.0, 1.0, 1.5]);
        });
    }

    #[test]
    fn inputs_must_share_a_shape() {
        let f = Fused::new();
        let a = f.input(&Tensor::zeros([2], Device::Cpu));
        let b = f.input(&Tensor::zeros([3], Device::Cpu));
        let error = f.run([a + b]).map(|_| ()).unwrap_err().to_string();
        assert!(error.contains("differ in shape"), "{error}");
    }
}
