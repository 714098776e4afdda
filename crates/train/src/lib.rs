//! Training sessions: a model, its optimizer, its data and its metrics, advanced one
//! step at a time by the CLI or the browser, publishing plain serde data.

mod config;
mod core;
mod session;
mod spec_session;

pub use config::{ConfigError, MAX_HIDDEN_LAYERS, MAX_NEURONS, SessionConfig};
pub use core::Snapshot;
pub use session::{Boundary, Metrics, Session, TrainError, model_spec};
pub use spec_session::{RunData, RunSpec, SpecSession};

/// What every session offers a driver (the CLI's loop, a benchmark).
pub trait Training {
    /// One optimizer step.
    fn step(&mut self) -> Result<(), TrainError>;
    /// Loss and accuracy on the whole training and test sets.
    fn metrics(&self) -> impl std::future::Future<Output = Result<Metrics, TrainError>>;
}

impl Training for Session {
    fn step(&mut self) -> Result<(), TrainError> {
        Session::step(self)
    }
    async fn metrics(&self) -> Result<Metrics, TrainError> {
        Session::metrics(self).await
    }
}

impl Training for SpecSession {
    fn step(&mut self) -> Result<(), TrainError> {
        SpecSession::step(self)
    }
    async fn metrics(&self) -> Result<Metrics, TrainError> {
        SpecSession::metrics(self).await
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
