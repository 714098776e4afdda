//! Exports of a model spec and its trained weights for use outside the playground. The
//! files are built in memory (no file system), so the browser can offer them as a
//! download and the CLI can write them to a folder.

pub mod pytorch;

use nnplay_nn::SpecError;

/// Why a model could not be exported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    /// The spec itself does not build; the message names the layer or field.
    #[error("cannot export: {0}")]
    Spec(#[from] SpecError),
    /// A layer whose settings have no PyTorch form.
    #[error("cannot export {path} ({kind}): {reason}")]
    Layer {
        /// Place in the spec (`layers[2]`, `layers[3].layers[0]`).
        path: String,
        /// The layer's kind as written in JSON.
        kind: &'static str,
        /// What cannot be written, and why.
        reason: String,
    },
    /// A top-level setting (loss, optimizer, schedule, penalty) with no torch form.
    #[error("cannot export spec field {field}: {reason}")]
    Setting {
        /// The spec field.
        field: &'static str,
        /// What cannot be written, and why.
        reason: String,
    },
    /// The weights file does not belong to the spec's model.
    #[error("cannot export: {0}")]
    Weights(String),
    /// The spec could not be written as JSON.
    #[error("cannot export: writing spec.json failed ({0})")]
    Json(String),
}
