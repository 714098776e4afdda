//! Training sessions: a model, its optimizer, its data and its metrics, advanced one
//! step at a time by the CLI or the browser, publishing plain serde data.

mod boundary;
pub mod budget;
pub mod checkpoint;
mod config;
mod core;
pub mod export;
pub mod inspect;
pub mod presets;
pub mod race;
pub mod sampling;
mod session;
mod spec_session;
pub mod step_timing;
mod suggest;
pub mod surge;
pub mod weights;

pub use boundary::Boundary;
pub use config::{ConfigError, MAX_HIDDEN_LAYERS, MAX_NEURONS, SessionConfig};
pub use core::{HostCheckpoint, Snapshot};
pub use session::{Metrics, Session, TrainError, model_spec};
pub use spec_session::{LiveSettings, RunData, RunSpec, SpecSession};
pub use suggest::suggest_model;
pub use surge::GradientSurge;

use nnplay_tensor::Device;

/// What every session offers a driver (the CLI's loop, the page, a benchmark).
pub trait Training {
    /// One optimizer step.
    fn step(&mut self) -> Result<(), TrainError>;
    /// Loss and accuracy on the whole training and test sets.
    fn metrics(&self) -> impl std::future::Future<Output = Result<Metrics, TrainError>>;
    /// The device the run is on.
    fn device(&self) -> Device;
    /// Copies the weights to the host: on the GPU, do it whenever metrics are read, so a
    /// lost device costs at most the steps since.
    fn checkpoint(&mut self) -> impl std::future::Future<Output = Result<(), TrainError>>;
    /// After a GPU failure (an error from a read), rebuilds the run on the CPU from the
    /// last checkpoint and returns a sentence for the user saying so.
    fn fall_back_to_cpu(&mut self) -> Result<String, TrainError>;
}

/// Implements [`Training`] by forwarding to the session's own methods of those names.
macro_rules! training {
    ($session:ty) => {
        impl Training for $session {
            fn step(&mut self) -> Result<(), TrainError> {
                <$session>::step(self)
            }
            async fn metrics(&self) -> Result<Metrics, TrainError> {
                <$session>::metrics(self).await
            }
            fn device(&self) -> Device {
                <$session>::device(self)
            }
            async fn checkpoint(&mut self) -> Result<(), TrainError> {
                <$session>::checkpoint(self).await
            }
            fn fall_back_to_cpu(&mut self) -> Result<String, TrainError> {
                <$session>::fall_back_to_cpu(self)
            }
        }
    };
}

training!(Session);
training!(SpecSession);

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
