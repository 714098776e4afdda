//! The worker's clock and its ways to let the page's messages in: a worker has no window
//! and no animation frames, only `performance.now()` and timers.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};

/// Milliseconds from a monotonic clock (`performance.now()` of the worker or the page,
/// else the wall clock).
pub fn now() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
    performance.map_or_else(js_sys::Date::now, |p| p.now())
}

/// Returns after the messages waiting for this thread have been handled: a timer is a new
/// task, where a resolved promise would run before them.
pub async fn yield_now() {
    TimeoutFuture::new(0).await;
}

/// Waits `ms` milliseconds (at least one turn of the event loop).
pub async fn sleep(ms: f64) {
    TimeoutFuture::new(ms.clamp(0.0, 60_000.0) as u32).await;
}
