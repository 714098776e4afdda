//! Built-in datasets of NN Playground. This first part holds the TensorFlow-Playground
//! style 2-D sets: four classification problems and a regression plane.

mod plane;
mod synthetic;

pub use plane::{DataError, Dataset2d, DatasetConfig, DatasetKind, EXTENT, Point, Task};
pub use synthetic::{SyntheticSpec, TEXT, TensorData, vocabulary};
