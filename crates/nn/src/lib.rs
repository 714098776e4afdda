//! Layers, activations, losses, optimizers and regularizers of NN Playground, written
//! once over `nnplay_tensor` ops so they run on every backend.

pub mod activation;
pub mod init;
mod layer;
pub mod layers;
pub mod loss;
pub mod optim;
mod params;
pub mod regularization;
pub mod schedule;
pub mod spec;

pub use activation::Activation;
pub use init::Init;
pub use layer::{Context, Layer};
pub use layers::dense::Dense;
pub use optim::{Optimizer, OptimizerConfig, OptimizerKind, SavedTensor};
pub use params::{Param, ParamId, ParamStore};
pub use regularization::Regularization;
pub use schedule::LrSchedule;
pub use spec::{LayerSpec, MemoryEstimate, Model, ModelSpec, SpecError};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
