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

/// How closely the GPU backend must match the CPU backend and the PyTorch fixtures:
/// `|gpu - expected| <= GPU_ABS + GPU_REL * |expected|`. Kernels may reorder sums and use
/// their own exp/log/tanh, so results agree to rounding, not bit for bit.
pub const GPU_REL: f32 = 1e-4;
/// See [`GPU_REL`].
pub const GPU_ABS: f32 = 1e-5;

/// Whether the tests must run on a GPU: `NNPLAY_TEST_GPU` set when the tests were built
/// (so it reaches wasm tests too) or, natively, when they run. `cargo xtask test` sets it.
pub fn gpu_required() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("NNPLAY_TEST_GPU").is_some() {
        return true;
    }
    option_env!("NNPLAY_TEST_GPU").is_some()
}

/// The devices the engine's tests run on: the CPU, and the GPU when one opens. Without a
/// GPU the GPU half is left out, unless [`gpu_required`], when that is a failure.
pub async fn devices() -> Vec<crate::Device> {
    let mut devices = vec![crate::Device::Cpu];
    match crate::gpu::init().await {
        Ok(_) => devices.push(crate::Device::Gpu),
        Err(error) if gpu_required() => panic!("NNPLAY_TEST_GPU is set but the GPU did not open: {error}"),
        Err(_) => {}
    }
    devices
}
