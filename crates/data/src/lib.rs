//! Built-in datasets of NN Playground: the TensorFlow-Playground style 2-D sets,
//! generated images, sequences and sounds, the packed assets under `www/data/` (digits,
//! text, spoken digits), and the import of the user's own data.

mod assets;
mod plane;
mod synthetic;

pub mod corpus;
pub mod digits;
pub mod import;
pub mod sequences;
pub mod shapes;
pub mod spoken;
pub mod tones;

pub use assets::{AssetFiles, FILES as ASSET_FILES};
pub use plane::{DataError, Dataset2d, DatasetConfig, DatasetKind, EXTENT, Point, Task};
pub use synthetic::{SyntheticSpec, TEXT, TensorData, TextLanguage, vocabulary};
