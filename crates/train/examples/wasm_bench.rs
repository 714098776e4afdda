//! Timings inside wasm, built for wasm32 by `cargo xtask bench` (a cdylib; empty natively):
//! - `run()`: the CPU matmul comparison and the spiral preset's step time (run in Node);
//! - `openGpu()`, `specSteps(..)`: ms per training step of a run spec on the wasm CPU
//!   backend or on WebGPU, run in a Web Worker of headless Chromium by `bench/browser.mjs`.
//!
//! The step timing is `nnplay_train::step_timing`, as `nnplay bench spec` uses, so
//! the four engines' figures compare: warm-up, then groups of steps each ended by one
//! read of the loss, the median over the groups.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use nnplay_tensor::{Device, gpu};
    use nnplay_train::step_timing::time_steps;
    use nnplay_train::{RunSpec, Session, SessionConfig, SpecSession};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn now_ms() -> f64;
    }

    fn now() -> f64 {
        now_ms() / 1000.0
    }

    /// Runs the CPU matmul comparison and the spiral step timing and returns the report.
    #[wasm_bindgen]
    pub fn run() -> String {
        let rows = nnplay_tensor::bench::matmul_comparison(&[32, 64, 128, 256, 512, 1024], &now);
        let mut report = String::from("wasm32 (+simd128)\n");
        report += &nnplay_tensor::bench::format_table(&rows);
        let mut session = Session::new(SessionConfig::spiral()).expect("the preset is valid");
        for _ in 0..100 {
            session.step().expect("step");
        }
        let steps = 2000;
        let started = now();
        for _ in 0..steps {
            session.step().expect("step");
        }
        let per_step = (now() - started) / steps as f64;
        report += &format!("spiral preset step (batch 64, 8-8 tanh, Adam): {:.1} µs\n", per_step * 1e6);
        report
    }

    /// Opens WebGPU and resolves to the adapter's description; rejects with the reason
    /// when there is none (no `--enable-unsafe-webgpu`, an insecure origin).
    #[wasm_bindgen(js_name = openGpu)]
    pub async fn open_gpu() -> Result<String, JsError> {
        let adapter = gpu::init().await.map_err(|e| JsError::new(&e.to_string()))?;
        let kind = if adapter.is_software { ", software" } else { "" };
        // wgpu leaves the name empty on the web; bench/worker.js asks the browser for one.
        let api = format!("({}{kind})", adapter.backend);
        Ok(if adapter.name.is_empty() { api } else { format!("{} {api}", adapter.name) })
    }

    /// Times the run spec `spec_json` (named `name` in the row) on `backend` (`cpu` or
    /// `gpu`): `steps` per timed group (0: about 0.3 s worth), `repeats` groups (0: 5, or 3
    /// when a group takes over a second). Resolves to one JSON row as `nnplay bench spec
    /// --json` prints.
    #[wasm_bindgen(js_name = specSteps)]
    pub async fn spec_steps(
        name: String,
        spec_json: String,
        backend: String,
        steps: u32,
        repeats: u32,
    ) -> Result<String, JsError> {
        let (engine, device, adapter) = match backend.as_str() {
            "cpu" => ("wasm-cpu", Device::Cpu, "wasm32 +simd128, 1 thread".to_string()),
            "gpu" => ("webgpu", Device::Gpu, open_gpu().await?),
            other => return Err(JsError::new(&format!("backend must be cpu or gpu, not {other:?}"))),
        };
        let run = RunSpec::from_json(&spec_json).map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        let mut session = SpecSession::on_device(run, device).map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        let steps = (steps > 0).then_some(steps as usize);
        let repeats = (repeats > 0).then_some(repeats as usize);
        let timing =
            time_steps(&mut session, steps, repeats, &now).await.map_err(|e| JsError::new(&format!("{name}: {e}")))?;
        let row = serde_json::json!({
            "engine": engine,
            "spec": name,
            "adapter": adapter,
            "ms_per_step": timing.median_ms,
            "min_ms": timing.min_ms,
            "max_ms": timing.max_ms,
            "steps": timing.steps,
            "repeats": timing.repeats,
            "loss": timing.loss,
            "launches_per_step": timing.launches,
        });
        Ok(row.to_string())
    }
}
