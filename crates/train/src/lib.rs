//! Training sessions: a model, its optimizer, its data and its metrics, advanced one
//! step at a time by the CLI or the browser, publishing plain serde data.

mod config;
mod session;

pub use config::{ConfigError, MAX_HIDDEN_LAYERS, MAX_NEURONS, SessionConfig};
pub use session::{Boundary, Metrics, Session, Snapshot, TrainError};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
