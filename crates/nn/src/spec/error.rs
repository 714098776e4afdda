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
            SpecError::Parse(message) => write!(f, "spec: {}", clip(message, MAX_MESSAGE_CHARS)),
            SpecError::Field { field, message } => {
                write!(f, "spec field {field}: {}", clip(message, MAX_MESSAGE_CHARS))
            }
            SpecError::Layer { path, kind, message } => {
                write!(f, "{path} ({}): {}", clip(kind, MAX_KIND_CHARS), clip(message, MAX_MESSAGE_CHARS))
            }
        }
    }
}

/// Longest layer kind a message shows whole (the longest real one has 21 characters).
const MAX_KIND_CHARS: usize = 40;
/// Longest message shown whole: the list of layer kinds fits; an echo of a 10 MB value does not.
const MAX_MESSAGE_CHARS: usize = 600;

/// `text`, or its start and end around "…" with the length said when it is longer than
/// `chars` characters: the start says what is wrong, the end where (serde's line and column).
fn clip(text: &str, chars: usize) -> std::borrow::Cow<'_, str> {
    let count = text.chars().count();
    if count <= chars {
        return text.into();
    }
    let (head, tail) = (chars * 2 / 3, chars / 3);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}… ({count} characters) …{end}").into()
}

impl std::error::Error for SpecError {}

/// Writes a shape as `[1, 28, 28]`.
pub fn shape_text(shape: &[usize]) -> String {
    format!("{shape:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_kind_or_message_is_cut_around_its_middle() {
        let kind = "x".repeat(10 * 1024 * 1024);
        let error = SpecError::layer("layers[0]", &kind, "unknown layer kind");
        assert_eq!(
            error.to_string(),
            format!("layers[0] ({}… (10485760 characters) …{}): unknown layer kind", "x".repeat(26), "x".repeat(13))
        );
        let message = format!("unknown variant `{}`, expected `relu` at line 1 column 9", "é".repeat(5000));
        let shown = SpecError::Parse(message).to_string();
        assert!(
            shown.starts_with("spec: unknown variant `éé") && shown.ends_with("expected `relu` at line 1 column 9"),
            "{shown}"
        );
        assert!(shown.chars().count() < 700, "{shown}");
        assert_eq!(SpecError::layer("layers[1]", "dense", "short").to_string(), "layers[1] (dense): short");
    }
}
