//! An allocation the GPU cannot make (its memory full, as
//! `nnplay_tensor::gpu::simulate_out_of_memory` makes the next one) is reported at the
//! next read as "out of memory" rather than crashing; a fresh device opens afterwards. Its
//! own test binary: the fault stops the device for every GPU test beside it.

use nnplay_tensor::testing::{devices, gpu_required};
use nnplay_tensor::{Device, Tensor, TensorError, engine_test, gpu};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

engine_test! {
    async fn an_allocation_past_the_gpus_memory_is_a_fault_named_out_of_memory() {
        if !devices().await.contains(&Device::Gpu) {
            assert!(!gpu_required(), "no GPU");
            return;
        }
        let x = Tensor::from_vec((0..1000).map(|i| i as f32).collect(), [1000], Device::Gpu).unwrap();
        assert_eq!(x.sum_all().to_scalar().await.unwrap(), 499_500.0, "the GPU works before");
        gpu::simulate_out_of_memory();
        let error = x.mul_scalar(2.0).sum_all().to_scalar().await.unwrap_err();
        let TensorError::Device(message) = &error else { panic!("{error:?}") };
        assert!(message.starts_with("the GPU ran out of memory (a buffer of "), "{message}");
        assert_eq!(gpu::fault().as_deref(), Some(message.as_str()));
        // Tensors made before the fault fail too: the device is done.
        assert!(x.sum_all().to_scalar().await.is_err());
        assert!(gpu::init().await.is_ok());
        assert!(gpu::fault().is_none());
        let fresh = Tensor::ones([3], Device::Gpu).sum_all().to_scalar().await.unwrap();
        assert_eq!(fresh, 3.0);
    }
}
