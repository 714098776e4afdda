use crate::Shape;

/// Everything a tensor op can refuse; each message names the op and the shapes involved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TensorError {
    #[error("{op}: shapes {lhs} and {rhs} do not broadcast")]
    Broadcast { op: &'static str, lhs: Shape, rhs: Shape },
    #[error("{op}: shapes {lhs} and {rhs} do not fit: {reason}")]
    ShapeMismatch { op: &'static str, lhs: Shape, rhs: Shape, reason: String },
    #[error("{op}: axis {axis} is out of range for shape {shape}")]
    Axis { op: &'static str, axis: usize, shape: Shape },
    #[error("{op}: {reason} (shape {shape})")]
    Invalid { op: &'static str, shape: Shape, reason: String },
    #[error("{op}: {len} values cannot fill shape {shape} ({expected} elements)")]
    ElementCount { op: &'static str, len: usize, shape: Shape, expected: usize },
    #[error("{op}: index {index} is out of range 0..{size} along axis {axis}")]
    Index { op: &'static str, index: f32, size: usize, axis: usize },
    /// The GPU failed (no adapter, device lost, a kernel rejected); the message says how.
    #[error("{0}")]
    Device(String),
    #[error("backward: {0}")]
    Backward(String),
}

/// Result of a tensor op.
pub type Result<T> = std::result::Result<T, TensorError>;
