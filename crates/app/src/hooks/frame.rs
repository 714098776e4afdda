//! Animation frames, which the loader waits for so a status line paints before slow work.

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;

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
