//! NN Playground's web page: train a small network in the browser — on 2-D points, one
//! of the example specs (CNN, GRU, LSTM, Transformer), a preset, a built-in dataset, the
//! learner's own data or a checkpoint — on the GPU through WebGPU or on the CPU, watch its
//! loss (and, for points, its decision boundary) change live, and download the model for
//! PyTorch or a checkpoint to continue later.
//!
//! Two programs share this library: the page (`nnplay-app`, the yew front end) and the
//! training worker (`nnplay-worker`, a Web Worker with its own wasm instance that owns the
//! session). They talk through the messages of [`worker::protocol`].

mod backend;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod bad_inputs;
mod builder;
mod catalog;
mod choice;
mod components;
mod download;
mod draw;
mod embed;
mod engine_text;
mod examples;
pub mod fuzzing;
mod history;
mod hooks;
mod link;
mod live_settings;
mod load;
mod loaded;
mod memory;
mod page;
mod panels;
mod persist;
mod restart;
mod share;
mod state;
mod texts;
mod theme;
pub mod worker;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Renders the page into `<body>`; the page spawns the training worker.
pub fn start_page() {
    yew::Renderer::<page::App>::new().render();
}
