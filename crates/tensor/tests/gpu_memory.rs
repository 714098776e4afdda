//! The buffer pool's figures (`gpu::memory`) follow the tensors: a live tensor's buffer
//! counts as live, a dropped one's as pooled, and a new tensor of the same size takes it
//! back. Its own test binary, so no other test's tensors move the figures meanwhile.

use nnplay_tensor::testing::{devices, gpu_required};
use nnplay_tensor::{Device, Tensor, engine_test, gpu};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// 1000 values: 4000 bytes, which the pool rounds up to its 4096-byte size class.
const VALUES: usize = 1000;
const BUFFER_BYTES: u64 = 4096;

engine_test! {
    async fn the_pool_counts_live_and_free_buffers() {
        if !devices().await.contains(&Device::Gpu) {
            assert!(!gpu_required(), "no GPU");
            return;
        }
        // Warm up: whatever a first kernel caches (single values) is counted before we look.
        let warm = Tensor::ones([VALUES], Device::Gpu);
        assert_eq!(warm.to_vec().await.unwrap().len(), VALUES);
        drop(warm);
        let before = gpu::memory().expect("the GPU is open");

        let tensor = Tensor::ones([VALUES], Device::Gpu);
        let held = gpu::memory().unwrap();
        assert_eq!(held.live_bytes, before.live_bytes + BUFFER_BYTES, "{before:?} -> {held:?}");
        assert_eq!(held.live_buffers, before.live_buffers + 1);
        // The free buffer of the warm-up was taken back rather than a new one made.
        assert_eq!(held.pooled_bytes, before.pooled_bytes - BUFFER_BYTES);
        assert_eq!(tensor.to_vec().await.unwrap(), vec![1.0; VALUES]);

        drop(tensor);
        let after = gpu::memory().unwrap();
        assert_eq!(after, before, "the dropped tensor's buffer went back to the pool");
    }
}
