//! Timings inside wasm (run by `cargo xtask bench` in Node): the matmul comparison and
//! the spiral preset's step time. Built as a cdylib for wasm32; empty natively.

#[cfg(target_arch = "wasm32")]
mod wasm {
    use nnplay_train::{Session, SessionConfig};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn now_ms() -> f64;
    }

    fn now() -> f64 {
        now_ms() / 1000.0
    }

    /// Runs every measurement and returns the report.
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
}
