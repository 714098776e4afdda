//! The hook that opens the browser's GPU once, without blocking the page.

use crate::state::{Action, State};
use gloo_timers::future::TimeoutFuture;
use yew::prelude::*;

/// How long the page waits for the browser to offer a GPU before it trains on the CPU.
const PROBE_TIMEOUT_MS: u32 = 10_000;

/// Starts `gpu::init` when the page mounts and reports its answer as
/// [`Action::GpuProbed`]; a browser that does not answer in time counts as having no GPU.
#[hook]
pub fn use_gpu_probe(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    use_effect_with((), move |()| {
        let probed = dispatcher.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = nnplay_tensor::gpu::init().await.map_err(|e| e.to_string());
            probed.dispatch(Action::GpuProbed(answer));
        });
        wasm_bindgen_futures::spawn_local(async move {
            TimeoutFuture::new(PROBE_TIMEOUT_MS).await;
            let waited = PROBE_TIMEOUT_MS / 1000;
            dispatcher.dispatch(Action::GpuProbed(Err(format!("the browser did not offer a GPU within {waited} s"))));
        });
    });
}
