use std::fmt;

/// Why a model spec cannot be built: one line that names where the problem is and,
/// for layers, the shapes involved and what would fix it.
#[derive(Debug, Clone, PartialEq)]
pub enum SpecError {
    /// The text is not valid JSON, or a top-level field has the wrong type.
    Parse(String),
    /// A top-level field (not a layer) is out of range.
    Field { field: &'static str, message: String },
    /// A layer does not fit: `path` is its place in the spec (`layers[2]`,
    /// `layers[3].layers[0]`), `kind` its kind.
    Layer { path: String, kind: String, message: String },
}

impl SpecError {
    /// An error of the layer at `path`.
    pub fn layer(path: &str, kind: &str, message: impl Into<String>) -> SpecError {
        SpecError::Layer { path: path.to_string(), kind: kind.to_string(), message: message.into() }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Parse(message) => write!(f, "spec: {message}"),
            SpecError::Field { field, message } => write!(f, "spec field {field}: {message}"),
            SpecError::Layer { path, kind, message } => write!(f, "{path} ({kind}): {message}"),
        }
    }
}

impl std::error::Error for SpecError {}

/// Writes a shape as `[1, 28, 28]`.
pub fn shape_text(shape: &[usize]) -> String {
    format!("{shape:?}")
}
