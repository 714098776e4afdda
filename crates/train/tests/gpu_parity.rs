//! The example specs train the same on the GPU as on the CPU: same seed, same batches,
//! losses within 1e-3 (relative) at every step of the first [`STEPS`]. Natively this runs on whatever adapter
//! opens (lavapipe in CI); in headless Chromium on WebGPU.

use nnplay_tensor::testing::{devices, gpu_required};
use nnplay_tensor::{Device, engine_test};
use nnplay_train::{RunSpec, SpecSession};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Steps compared: 50 natively; 20 in the browser, where the CPU side is unoptimised wasm
/// and SwiftShader runs a CNN step in about a second.
const STEPS: usize = if cfg!(target_arch = "wasm32") { 20 } else { 50 };
const TOLERANCE: f32 = 1e-3;

async fn losses(spec: &str, device: Device) -> Vec<f32> {
    let run = RunSpec::from_json(spec).unwrap();
    let mut session = SpecSession::on_device(run, device).unwrap();
    let mut losses = Vec::with_capacity(STEPS);
    for _ in 0..STEPS {
        let loss = session.step_with_loss().unwrap();
        losses.push(loss.to_scalar().await.unwrap());
    }
    losses
}

async fn assert_parity(name: &str, spec: &str) {
    if !devices().await.contains(&Device::Gpu) {
        assert!(!gpu_required(), "no GPU");
        return;
    }
    let cpu = losses(spec, Device::Cpu).await;
    let gpu = losses(spec, Device::Gpu).await;
    let mut worst = 0.0f32;
    for (step, (c, g)) in cpu.iter().zip(&gpu).enumerate() {
        assert!((c - g).abs() <= TOLERANCE * c.abs().max(1e-3), "{name} step {step}: CPU loss {c}, GPU loss {g}");
        worst = worst.max((c - g).abs() / c.abs().max(1e-3));
    }
    println!("{name}: largest relative CPU/GPU loss difference over {STEPS} steps: {worst:.2e}");
    assert!(cpu[STEPS - 1] < cpu[0], "{name}: the loss should fall ({} -> {})", cpu[0], cpu[STEPS - 1]);
}

engine_test! {
    async fn mlp_trains_alike_on_cpu_and_gpu() {
        assert_parity("mlp", include_str!("../../../examples/mlp.json")).await;
    }
}

engine_test! {
    async fn cnn_trains_alike_on_cpu_and_gpu() {
        assert_parity("cnn", include_str!("../../../examples/cnn.json")).await;
    }
}

engine_test! {
    async fn gru_trains_alike_on_cpu_and_gpu() {
        assert_parity("gru", include_str!("../../../examples/gru.json")).await;
    }
}

engine_test! {
    async fn lstm_trains_alike_on_cpu_and_gpu() {
        assert_parity("lstm", include_str!("../../../examples/lstm.json")).await;
    }
}

engine_test! {
    async fn transformer_trains_alike_on_cpu_and_gpu() {
        assert_parity("transformer", include_str!("../../../examples/transformer.json")).await;
    }
}
