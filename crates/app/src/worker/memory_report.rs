//! The worker's part of the memory figures (see `crate::memory`): its wasm memory and the
//! GPU buffer pool, sent to the page every few seconds while they change.

use super::clock::sleep;
use super::protocol::{FromWorker, WorkerMemory};
use super::trainer::Outbox;

/// Milliseconds between two looks at the worker's memory.
pub const INTERVAL_MS: f64 = 5000.0;

/// The worker's memory now.
pub fn measure() -> WorkerMemory {
    WorkerMemory { wasm_bytes: crate::memory::wasm_memory_bytes(), gpu: nnplay_tensor::gpu::memory() }
}

/// Sends [`FromWorker::Memory`] to `outbox` now and then every [`INTERVAL_MS`] when the
/// figures changed; runs as long as the worker.
pub async fn report(outbox: Outbox) {
    let mut last = None;
    loop {
        let now = measure();
        if last != Some(now) {
            outbox(FromWorker::Memory(now));
            last = Some(now);
        }
        sleep(INTERVAL_MS).await;
    }
}
