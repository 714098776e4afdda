use crate::{Result, TensorError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The dimensions of a tensor, outermost first (row-major storage).
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Shape(Vec<usize>);

impl Shape {
    /// A shape from its dimensions.
    pub fn new(dims: impl Into<Vec<usize>>) -> Self {
        Shape(dims.into())
    }
    /// The shape of a single number.
    pub fn scalar() -> Self {
        Shape(Vec::new())
    }
    /// The dimensions.
    pub fn dims(&self) -> &[usize] {
        &self.0
    }
    /// Number of dimensions.
    pub fn rank(&self) -> usize {
        self.0.len()
    }
    /// Number of elements.
    pub fn elem_count(&self) -> usize {
        self.0.iter().product()
    }
    /// Size of one dimension.
    pub fn dim(&self, axis: usize) -> usize {
        self.0[axis]
    }
    /// Row-major strides in elements.
    pub fn strides(&self) -> Vec<usize> {
        let mut strides = vec![1; self.rank()];
        for i in (0..self.rank().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1] * self.0[i + 1];
        }
        strides
    }
    /// The strides of this shape broadcast to `out`: 0 along axes it repeats (missing
    /// leading axes and axes of size 1).
    pub fn broadcast_strides(&self, out: &Shape) -> Vec<usize> {
        let extra = out.rank() - self.rank();
        let strides = self.strides();
        (0..out.rank())
            .map(|axis| if axis < extra || self.dim(axis - extra) == 1 { 0 } else { strides[axis - extra] })
            .collect()
    }
    /// The same shape with `axis` replaced by `size`.
    pub fn with_dim(&self, axis: usize, size: usize) -> Shape {
        let mut dims = self.0.clone();
        dims[axis] = size;
        Shape(dims)
    }
    /// Checks that `axis` exists, naming `op` otherwise.
    pub fn check_axis(&self, op: &'static str, axis: usize) -> Result<()> {
        if axis < self.rank() { Ok(()) } else { Err(TensorError::Axis { op, axis, shape: self.clone() }) }
    }
    /// The shape both operands broadcast to (NumPy rules), or an error naming `op`.
    pub fn broadcast(op: &'static str, lhs: &Shape, rhs: &Shape) -> Result<Shape> {
        let rank = lhs.rank().max(rhs.rank());
        let mut dims = vec![0; rank];
        for (i, dim) in dims.iter_mut().enumerate() {
            let l = dim_from_end(lhs, rank - 1 - i);
            let r = dim_from_end(rhs, rank - 1 - i);
            *dim = match (l, r) {
                (a, b) if a == b => a,
                (1, b) => b,
                (a, 1) => a,
                _ => {
                    return Err(TensorError::Broadcast { op, lhs: lhs.clone(), rhs: rhs.clone() });
                }
            };
        }
        Ok(Shape(dims))
    }
    /// The size of one group before `axis`, at `axis`, and after it: how gather,
    /// scatter and concat see any shape.
    pub fn split_at_axis(&self, axis: usize) -> (usize, usize, usize) {
        let outer = self.0[..axis].iter().product();
        let inner = self.0[axis + 1..].iter().product();
        (outer, self.0[axis], inner)
    }
}

fn dim_from_end(shape: &Shape, from_end: usize) -> usize {
    if from_end < shape.rank() { shape.0[shape.rank() - 1 - from_end] } else { 1 }
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[")?;
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{d}")?;
        }
        write!(f, "]")
    }
}

impl From<&[usize]> for Shape {
    fn from(dims: &[usize]) -> Self {
        Shape(dims.to_vec())
    }
}
impl<const N: usize> From<[usize; N]> for Shape {
    fn from(dims: [usize; N]) -> Self {
        Shape(dims.to_vec())
    }
}
impl From<Vec<usize>> for Shape {
    fn from(dims: Vec<usize>) -> Self {
        Shape(dims)
    }
}
impl From<&Shape> for Shape {
    fn from(shape: &Shape) -> Self {
        shape.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcasting_follows_numpy_rules() {
        let s = Shape::broadcast("add", &Shape::from([4, 1, 3]), &Shape::from([5, 1])).unwrap();
        assert_eq!(s, Shape::from([4, 5, 3]));
        let err = Shape::broadcast("add", &Shape::from([2, 3]), &Shape::from([4])).unwrap_err();
        assert_eq!(err.to_string(), "add: shapes [2, 3] and [4] do not broadcast");
    }

    #[test]
    fn strides_are_row_major() {
        assert_eq!(Shape::from([2, 3, 4]).strides(), vec![12, 4, 1]);
        assert_eq!(Shape::from([2, 3, 4]).split_at_axis(1), (2, 3, 4));
    }
}
