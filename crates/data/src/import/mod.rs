//! Importing the user's own data: CSV tables, folders of images, plain text, and arrays
//! saved as safetensors or NPY. Every importer takes the file's name (used only in
//! messages) and its bytes, so the browser (an upload) and the CLI (a file it read) share
//! it; nothing here touches the file system.

mod arrays;
mod csv;
mod error;
mod images;
mod limits;
mod npy;
mod tensors;
mod text;

pub use self::csv::{AUTO_MAX_CLASSES, CsvImport, CsvOptions, HeaderRow, LabelColumn, import_csv};
pub use error::{ImportError, Place};
pub use images::{ClassSource, IMAGE_SIZES, ImageChannels, ImageImport, ImageOptions, import_images};
pub use limits::ImportLimits;
pub use npy::{NpyArray, read_npy};
pub use tensors::{TensorImport, import_npy_pair, import_safetensors};
pub use text::{TextImport, import_text};

use serde::{Deserialize, Serialize};

/// Whether the labels are classes or real values; `Auto` decides from the labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskChoice {
    /// Classification when the labels look like classes (each importer says how it judges).
    #[default]
    Auto,
    /// Labels are classes: `classes > 0`, one class index per example.
    Classification,
    /// Labels are real values: `classes == 0`.
    Regression,
}
