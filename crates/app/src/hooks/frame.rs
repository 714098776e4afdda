//! Animation frames, which the loader waits for so a status line paints before slow work.

use js_sys::Promise;
use wasm_bindgen_futures::JsFuture;

/// Longest wait for a frame: browsers pause animation frames in hidden tabs and in frames
/// of another origin scrolled out of view (an embed lower down a course page), where
/// nothing needs painting and the work must go on anyway.
const FRAME_TIMEOUT_MS: i32 = 100;

/// Resolves at the next animation frame (or after [`FRAME_TIMEOUT_MS`] when frames are
/// paused), which lets the browser lay out, paint and handle input before work goes on.
pub async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            // No window (a test harness or worker): resolve at once; the await still yields.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        // Whichever comes first resolves the promise; the second call does nothing.
        let _ = window.request_animation_frame(&resolve);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, FRAME_TIMEOUT_MS);
    });
    // The promise only ever resolves, with `undefined`.
    let _ = JsFuture::from(promise).await;
}
