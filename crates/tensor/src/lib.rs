//! The engine of NN Playground: one [`Tensor`] type over a small set of primitive ops,
//! reverse-mode autodiff written in terms of those ops, the CPU backend and the GPU
//! (WebGPU / wgpu) backend.
//!
//! Values leave a tensor only through async reads ([`Tensor::to_vec`]): the CPU resolves
//! them at once, the GPU backend after its queue has run.

mod autodiff;
pub mod backend;
#[cfg(feature = "bench")]
pub mod bench;
pub mod cpu;
mod error;
pub mod fused;
pub mod gpu;
pub mod gradcheck;
mod ops;
pub mod rng;
mod shape;
mod storage;
mod tensor;
#[doc(hidden)]
pub mod testing;

pub use autodiff::GradStore;
pub use backend::Backend;
pub use error::{Result, TensorError};
pub use ops::{BinaryOp, ReduceOp, UnaryOp};
pub use rng::Distribution;
pub use shape::Shape;
pub use storage::{Device, Storage};
pub use tensor::{Tensor, TensorId};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
