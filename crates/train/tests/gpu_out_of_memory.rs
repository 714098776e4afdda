//! The GPU running out of memory mid-run costs no weights: the run continues on the CPU
//! from its last checkpoint, as after a lost device. Its own test binary, since the fault
//! stops the device for GPU tests running beside it.

use nnplay_tensor::testing::{devices, gpu_required};
use nnplay_tensor::{Device, TensorError, engine_test, gpu};
use nnplay_train::{RunSpec, SpecSession, TrainError};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

engine_test! {
    async fn a_gpu_out_of_memory_falls_back_to_the_cpu_from_the_last_checkpoint() {
        if !devices().await.contains(&Device::Gpu) {
            assert!(!gpu_required(), "no GPU");
            return;
        }
        let run = RunSpec::from_json(include_str!("../../../examples/mlp.json")).unwrap();
        let mut session = SpecSession::on_device(run, Device::Gpu).unwrap();
        let first = session.metrics().await.unwrap();
        for _ in 0..20 {
            session.step().unwrap();
        }
        let at_checkpoint = session.metrics().await.unwrap();
        session.checkpoint().await.unwrap();
        for _ in 0..5 {
            session.step().unwrap();
        }

        gpu::simulate_out_of_memory();
        session.step().unwrap(); // the failed allocation shows at the next read
        let error = session.metrics().await.unwrap_err();
        let TrainError::Tensor(TensorError::Device(reason)) = &error else { panic!("{error:?}") };
        assert!(reason.contains("out of memory"), "{reason}");

        let notice = session.fall_back_to_cpu().unwrap();
        assert!(notice.starts_with("the GPU ran out of memory"), "{notice}");
        assert!(notice.contains("continues on the CPU from step 20"), "{notice}");
        assert_eq!(session.device(), Device::Cpu);
        let resumed = session.metrics().await.unwrap();
        assert_eq!(resumed.step, 20, "the run keeps its step count");
        let close = |a: f32, b: f32| (a - b).abs() <= 1e-4 * a.abs().max(1.0);
        assert!(close(resumed.train_loss, at_checkpoint.train_loss), "{resumed:?} vs {at_checkpoint:?}");
        for _ in 0..30 {
            session.step().unwrap();
        }
        let later = session.metrics().await.unwrap();
        assert_eq!(later.step, 50);
        assert!(later.train_loss.is_finite() && later.train_loss < first.train_loss, "{first:?} then {later:?}");

        assert!(gpu::init().await.is_ok());
        assert!(gpu::fault().is_none());
    }
}
