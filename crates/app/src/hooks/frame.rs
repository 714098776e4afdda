//! The browser's clock and frames, as the training loop needs them.

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;

/// Milliseconds from a monotonic clock (`performance.now()`, else the wall clock).
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// Resolves at the next animation frame, which lets the browser lay out, paint and handle
/// input before training goes on.
pub async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().map(|w| w.request_animation_frame(&resolve).is_ok());
        if scheduled != Some(true) {
            // No window (a test harness or worker): resolve at once; the await still yields.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    // The promise only ever resolves, with `undefined`.
    let _ = JsFuture::from(promise).await;
}
