//! A tensor over the adapter's storage-buffer limit is refused with a message that says
//! so, at the next read, rather than crashing; a fresh device opens afterwards. Its own
//! test binary: the refusal stops the device for every GPU test beside it.

use nnplay_tensor::testing::{devices, gpu_required};
use nnplay_tensor::{Device, Tensor, TensorError, engine_test, gpu};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

engine_test! {
    async fn a_tensor_over_the_binding_limit_is_refused_with_a_reason() {
        if !devices().await.contains(&Device::Gpu) {
            assert!(!gpu_required(), "no GPU");
            return;
        }
        let limit = gpu::max_tensor_len().unwrap();
        // Made by a kernel, so nothing of that size is ever allocated on the host.
        let huge = Tensor::zeros([limit + 1], Device::Gpu);
        let error = huge.sum_all().to_scalar().await.unwrap_err();
        let TensorError::Device(message) = &error else { panic!("{error:?}") };
        assert!(message.contains("cannot hold a tensor") && message.contains("smaller batch"), "{message}");
        assert!(gpu::init().await.is_ok());
        let small = Tensor::ones([3], Device::Gpu).sum_all().to_scalar().await.unwrap();
        assert_eq!(small, 3.0);
    }
}
