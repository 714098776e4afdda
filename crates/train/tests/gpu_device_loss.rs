//! A GPU lost mid-run (the device destroyed, as a driver reset does) costs no weights:
//! the run continues on the CPU from its last checkpoint. Its own test binary, since
//! losing the device would break GPU tests running beside it.

use nnplay_tensor::testing::{devices, gpu_required};
use nnplay_tensor::{Device, TensorError, engine_test, gpu};
use nnplay_train::{RunSpec, SpecSession, TrainError};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

engine_test! {
    async fn a_lost_gpu_falls_back_to_the_cpu_from_the_last_checkpoint() {
        if !devices().await.contains(&Device::Gpu) {
            assert!(!gpu_required(), "no GPU");
            return;
        }
        let run = RunSpec::from_json(include_str!("../../../examples/mlp.json")).unwrap();
        let mut session = SpecSession::on_device(run, Device::Gpu).unwrap();
        for _ in 0..20 {
            session.step().unwrap();
        }
        let at_checkpoint = session.metrics().await.unwrap();
        session.checkpoint().await.unwrap();
        for _ in 0..5 {
            session.step().unwrap();
        }

        gpu::simulate_device_loss();
        session.step().unwrap(); // recording still "works": the failure shows at the next read
        let error = session.metrics().await.unwrap_err();
        assert!(matches!(error, TrainError::Tensor(TensorError::Device(_))), "{error}");

        let notice = session.fall_back_to_cpu().unwrap();
        assert!(notice.contains("lost") && notice.contains("CPU from step 20"), "{notice}");
        assert_eq!(session.device(), Device::Cpu);
        let resumed = session.metrics().await.unwrap();
        assert_eq!(resumed.step, 20);
        let close = |a: f32, b: f32| (a - b).abs() <= 1e-4 * a.abs().max(1.0);
        assert!(close(resumed.train_loss, at_checkpoint.train_loss), "{resumed:?} vs {at_checkpoint:?}");
        for _ in 0..10 {
            session.step().unwrap();
        }
        let later = session.metrics().await.unwrap();
        assert!(later.step == 30 && later.train_loss.is_finite(), "{later:?}");

        // A fresh device opens after the loss.
        assert!(gpu::init().await.is_ok());
        assert!(gpu::fault().is_none());
    }
}
