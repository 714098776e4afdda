//! Helpers for tests that run both natively and in the browser.

/// Declares an async test that runs natively (driven by `pollster`) and, on wasm32,
/// under `wasm-bindgen-test` in headless Chromium. The calling crate needs `pollster`
/// and (for wasm32) `wasm-bindgen-test` as dev-dependencies.
#[macro_export]
macro_rules! engine_test {
    ($(#[$meta:meta])* async fn $name:ident() $body:block) => {
        #[cfg(not(target_arch = "wasm32"))]
        #[test]
        $(#[$meta])*
        fn $name() {
            ::pollster::block_on(async $body)
        }

        #[cfg(target_arch = "wasm32")]
        #[::wasm_bindgen_test::wasm_bindgen_test]
        $(#[$meta])*
        async fn $name() $body
    };
}

/// Asserts that two slices agree elementwise within `abs + rel * |expected|`.
#[track_caller]
pub fn assert_close(actual: &[f32], expected: &[f32], rel: f32, abs: f32) {
    assert_eq!(actual.len(), expected.len(), "lengths differ: {actual:?} vs {expected:?}");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            (a - e).abs() <= abs + rel * e.abs(),
            "element {i}: got {a}, expected {e}\n  actual   {actual:?}\n  expected {expected:?}"
        );
    }
}
