//! `nnplay bench gpu-matmul` and `nnplay bench spec` as `cargo xtask bench gpu` runs them:
//! the JSON rows they print and the errors for bad input. Never timing thresholds.

use serde_json::Value;
use std::process::{Command, Output};

fn nnplay(args: &[&str]) -> Output {
    // Mesa's Vulkan loader wants XDG_RUNTIME_DIR.
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").unwrap_or_else(|| std::env::temp_dir().into());
    Command::new(env!("CARGO_BIN_EXE_nnplay")).args(args).env("XDG_RUNTIME_DIR", runtime).output().expect("nnplay runs")
}

fn rows(args: &[&str]) -> Vec<Value> {
    let output = nnplay(args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

fn example(name: &str) -> String {
    format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

/// A step row as the xtask report reads it, timed with the steps and repeats asked for.
fn check_step_row(row: &Value, engine: &str, spec: &str, steps: u64, repeats: u64) {
    assert_eq!(row["engine"], engine, "{row}");
    assert_eq!(row["spec"], spec, "{row}");
    assert!(!row["adapter"].as_str().unwrap().is_empty(), "{row}");
    assert_eq!((row["steps"].as_u64(), row["repeats"].as_u64()), (Some(steps), Some(repeats)), "{row}");
    let (min, median, max) =
        (row["min_ms"].as_f64().unwrap(), row["ms_per_step"].as_f64().unwrap(), row["max_ms"].as_f64().unwrap());
    assert!(0.0 < min && min <= median && median <= max, "{row}");
    assert!(row["loss"].as_f64().unwrap().is_finite(), "{row}");
}

#[test]
fn bench_spec_prints_one_row_per_file() {
    let (mlp, gru) = (example("mlp"), example("gru"));
    let rows = rows(&["bench", "spec", &mlp, &gru, "--steps", "2", "--repeats", "3", "--json"]);
    assert_eq!(rows.len(), 2);
    check_step_row(&rows[0], "native-cpu", "mlp", 2, 3);
    check_step_row(&rows[1], "native-cpu", "gru", 2, 3);
    assert!(rows[0].get("launches_per_step").is_none(), "the CPU launches no kernels: {}", rows[0]);
}

#[test]
fn bench_spec_reads_every_file_before_timing_any() {
    let output = nnplay(&["bench", "spec", &example("mlp"), "no/such/spec.json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot read spec file no/such/spec.json"), "{stderr}");
    assert!(output.stdout.is_empty(), "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn gpu_matmul_on_the_cpu_kernel_reports_each_size() {
    let rows = rows(&["bench", "gpu-matmul", "--kernels", "cpu", "--sizes", "16,32", "--budget", "0.2", "--json"]);
    let sizes: Vec<u64> = rows.iter().map(|row| row["n"].as_u64().unwrap()).collect();
    assert_eq!(sizes, [16, 32]);
    for row in &rows {
        assert_eq!(row["engine"], "cpu", "{row}");
        assert!(row["gflops"].as_f64().unwrap() > 0.0 && row["ms"].as_f64().unwrap() > 0.0, "{row}");
        assert!(row["products"].as_u64().unwrap() >= 1 && row["repeats"].as_u64().unwrap() >= 1, "{row}");
    }
}

#[test]
fn gpu_matmul_refuses_bad_sizes_and_budgets() {
    let cases: [(&[&str], &str); 3] = [
        (&["--sizes", "0"], "--sizes: 0 is not a matrix size"),
        (&["--budget", "0"], "--budget must be positive seconds, not 0"),
        (&["--kernels", "blas"], "blas"),
    ];
    for (args, message) in cases {
        let output = nnplay(&[&["bench", "gpu-matmul", "--kernels", "cpu"], args].concat());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn the_gpu_benchmarks_run_on_the_gpu() {
    if !nnplay_tensor::testing::gpu_required() {
        // Without NNPLAY_TEST_GPU (set by cargo xtask test) there may be no adapter here.
        return;
    }
    let matmul =
        rows(&["bench", "gpu-matmul", "--kernels", "tiled,naive", "--sizes", "64", "--budget", "0.2", "--json"]);
    let engines: Vec<&str> = matmul.iter().map(|row| row["engine"].as_str().unwrap()).collect();
    assert_eq!(engines, ["gpu-tiled", "gpu-naive"]);
    assert!(matmul.iter().all(|row| row["gflops"].as_f64().unwrap() > 0.0), "{matmul:?}");
    let steps =
        rows(&["bench", "spec", &example("mlp"), "--backend", "gpu", "--steps", "2", "--repeats", "1", "--json"]);
    check_step_row(&steps[0], "native-gpu", "mlp", 2, 1);
    assert!(steps[0]["launches_per_step"].as_f64().unwrap() >= 1.0, "{}", steps[0]);
}
