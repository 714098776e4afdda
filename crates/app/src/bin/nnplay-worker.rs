//! The training worker: a Web Worker with its own wasm instance that owns the training
//! session (see `nnplay_app::worker`).

fn main() {
    nnplay_app::worker::register();
}
