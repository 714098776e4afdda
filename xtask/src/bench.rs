//! `cargo xtask bench`: a speed and size report. Each part runs even when another fails.
//! `cargo xtask bench gpu` and `cargo xtask bench --spec FILE` time the GPU backend and
//! training steps on four engines: native CPU, native GPU (wgpu), wasm CPU and WebGPU
//! in headless Chromium.

mod engines;
mod report;

use crate::install;
use crate::process::{cmd, human, repo_root, run, step, target_dir};
use crate::test::trunk_build_release;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use report::{Machine, Report};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// Options of `cargo xtask bench`.
#[derive(Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    task: Option<BenchTask>,
    /// Time this run-spec file (model + data, as `nnplay train --spec` takes) on every
    /// engine instead of the default report; writes target/bench/spec-<name>.json.
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// Steps per timed group, each group ended by one read of the loss (default: about
    /// 0.3 s worth per engine, at most 200).
    #[arg(long, global = true, value_parser = clap::value_parser!(u64).range(1..))]
    steps: Option<u64>,
}

#[derive(Subcommand)]
enum BenchTask {
    /// GPU matmul GFLOP/s (tiled vs naive vs CPU) and ms per training step of the example
    /// specs on four engines; writes target/bench/gpu.json.
    Gpu,
}

/// Square sizes of the GPU matmul table.
const GPU_MATMUL_SIZES: [usize; 4] = [256, 512, 1024, 2048];
/// The run specs of the step table, in table order.
const EXAMPLE_SPECS: [&str; 5] =
    ["examples/mlp.json", "examples/cnn.json", "examples/gru.json", "examples/lstm.json", "examples/transformer.json"];

/// Runs the report, the GPU benchmark or the one-spec timing that `args` asks for.
pub fn run_task(args: BenchArgs) -> Result<()> {
    match (args.task, args.spec) {
        (Some(BenchTask::Gpu), None) => gpu(args.steps),
        (None, Some(spec)) => one_spec(&spec, args.steps),
        (None, None) if args.steps.is_some() => bail!("--steps needs `gpu` or --spec FILE"),
        (None, None) => bench(),
        (Some(_), Some(_)) => bail!("--spec FILE times one spec on its own: leave out `gpu`"),
    }
}

/// The GPU matmul table and the example specs on every engine.
fn gpu(steps: Option<u64>) -> Result<()> {
    let start = Instant::now();
    let specs: Vec<PathBuf> = EXAMPLE_SPECS.iter().map(|spec| repo_root().join(spec)).collect();
    let mut failed = Vec::new();
    let cli = step("bench gpu: build nnplay", || {
        install::vulkan()?;
        engines::build_cli()
    });
    let (matmul, mut steps_rows) = match &cli {
        Ok(cli) => {
            let (matmul, result) = step("bench gpu: matmul (nnplay bench gpu-matmul)", || {
                let (rows, result) = engines::native_matmul(cli, &GPU_MATMUL_SIZES);
                Ok((rows, result))
            })?;
            if let Err(error) = result {
                failed.push(format!("matmul: {error:#}"));
            }
            let native = step("bench gpu: steps natively (nnplay bench spec)", || {
                let mut rows = engines::native_steps(cli, "cpu", &specs, steps);
                rows.extend(engines::native_steps(cli, "gpu", &specs, steps));
                Ok(rows)
            })?;
            (matmul, native)
        }
        Err(error) => {
            failed.push(format!("build nnplay: {error:#}"));
            (Vec::new(), Vec::new())
        }
    };
    steps_rows.extend(step("bench gpu: steps in headless Chromium (bench/browser.mjs)", || {
        Ok(engines::browser_steps(&specs, steps))
    })?);
    finish(Report { machine: Machine::here(), matmul, steps: steps_rows, failed }, "gpu.json", start)
}

/// `spec` on every engine.
fn one_spec(spec: &Path, steps: Option<u64>) -> Result<()> {
    let start = Instant::now();
    // Relative to where the user ran cargo, while the engines run in the workspace root.
    let spec = spec.canonicalize().with_context(|| format!("--spec {}: cannot open it", spec.display()))?;
    let specs = [spec.clone()];
    let mut failed = Vec::new();
    let mut rows = match step("bench spec: build nnplay", || {
        install::vulkan()?;
        engines::build_cli()
    }) {
        Ok(cli) => step("bench spec: natively (nnplay bench spec)", || {
            let mut rows = engines::native_steps(&cli, "cpu", &specs, steps);
            rows.extend(engines::native_steps(&cli, "gpu", &specs, steps));
            Ok(rows)
        })?,
        Err(error) => {
            failed.push(format!("build nnplay: {error:#}"));
            Vec::new()
        }
    };
    rows.extend(step("bench spec: in headless Chromium (bench/browser.mjs)", || {
        Ok(engines::browser_steps(&specs, steps))
    })?);
    let file = format!("spec-{}.json", engines::spec_name(&spec));
    finish(Report { machine: Machine::here(), matmul: Vec::new(), steps: rows, failed }, &file, start)
}

/// Prints the tables, writes `target/bench/{file}`, and fails when nothing was measured.
fn finish(report: Report, file: &str, start: Instant) -> Result<()> {
    let path = target_dir().join("bench").join(file);
    report.write(&path)?;
    println!(
        "
{}",
        report.tables()
    );
    println!("written to {} ({})", path.display(), human(start.elapsed()));
    if report.matmul.is_empty() && report.steps.iter().all(|row| row.ms_per_step.is_none()) {
        bail!("nothing could be measured (see above)");
    }
    Ok(())
}

/// Times `a @ b` in float32, best of several runs, as the yardstick for our own matmul.
const NUMPY_MATMUL: &str = r#"
import timeit, numpy as np
print(f"numpy {np.__version__} matmul float32, best of 5")
rng = np.random.default_rng(0)
for n in (256, 512, 1024):
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b
    reps = max(1, int(2e8 // n**3))
    best = min(timeit.repeat(lambda: a @ b, number=reps, repeat=5)) / reps
    print(f"  n={n:5}  {2 * n**3 / best / 1e9:8.1f} GFLOP/s  ({best * 1e3:.2f} ms)")
"#;

/// One benchmark part; its error is reported, not propagated.
type Part = fn() -> Result<()>;

/// Runs every benchmark part, then prints which parts failed; never fails itself.
pub fn bench() -> Result<()> {
    let start = Instant::now();
    let parts: [(&str, Part); 6] = [
        ("matmul native (nnplay bench matmul)", matmul_native),
        ("matmul numpy", matmul_numpy),
        ("wasm bench (node)", wasm_bench),
        ("spiral step native (nnplay bench step)", step_native),
        ("layers native (cargo bench -p nnplay-nn --bench layers)", layers_native),
        ("wasm bundle size", bundle_size),
    ];
    let results: Vec<(&str, Result<()>)> =
        parts.into_iter().map(|(name, part)| (name, step(&format!("bench: {name}"), part))).collect();

    println!("\nbench summary ({}):", human(start.elapsed()));
    for (name, result) in &results {
        match result {
            Ok(()) => println!("  ok      {name}"),
            Err(error) => println!("  FAILED  {name}: {error:#}"),
        }
    }
    // Minutes on a software adapter, so not part of this report.
    println!("\nthe GPU backend and the browser engines: cargo xtask bench gpu");
    Ok(())
}

fn matmul_native() -> Result<()> {
    run("bench matmul native", cmd("cargo").args(["run", "--release", "-p", "nnplay-cli", "--", "bench", "matmul"]))
}

fn step_native() -> Result<()> {
    run("bench step native", cmd("cargo").args(["run", "--release", "-p", "nnplay-cli", "--", "bench", "step"]))
}

/// Per-layer forward + backward times (criterion), then a compact table of this run's
/// medians read back from criterion's `estimates.json` files.
fn layers_native() -> Result<()> {
    let home = target_dir().join("criterion");
    let started = SystemTime::now();
    run(
        "bench layers native",
        cmd("cargo").args(["bench", "-p", "nnplay-nn", "--bench", "layers"]).env("CRITERION_HOME", &home),
    )?;
    let rows = layer_medians(&home.join("layers"), started)?;
    if rows.is_empty() {
        bail!("no results of this run under {}", home.join("layers").display());
    }
    println!("\n  layer forward + backward, CPU, batch 32 (sizes: crates/nn/benches/layers.rs)");
    println!("  {:<20} {:>10}", "layer", "median");
    for (name, median) in &rows {
        println!("  {name:<20} {:>10}", short_duration(*median));
    }
    Ok(())
}

/// `(benchmark, median)` for every benchmark under `group` written since `since`, in the
/// order they ran (older results of benchmarks no longer in the file are left out).
fn layer_medians(group: &Path, since: SystemTime) -> Result<Vec<(String, Duration)>> {
    let mut rows = Vec::new();
    for entry in fs::read_dir(group).with_context(|| format!("read {}", group.display()))? {
        let dir = entry?.path();
        let estimates = dir.join("new/estimates.json");
        let Ok(written) = fs::metadata(&estimates).and_then(|meta| meta.modified()) else { continue };
        if written < since {
            continue;
        }
        let text = fs::read_to_string(&estimates).with_context(|| format!("read {}", estimates.display()))?;
        let nanos = median_nanos(&text).with_context(|| format!("no median in {}", estimates.display()))?;
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        rows.push((written, name, Duration::from_secs_f64(nanos / 1e9)));
    }
    rows.sort_by_key(|(written, _, _)| *written);
    Ok(rows.into_iter().map(|(_, name, median)| (name, median)).collect())
}

/// The median's point estimate (ns) in criterion's `estimates.json`:
/// `{.., "median": {"confidence_interval": {..}, "point_estimate": 123.4, ..}, ..}`.
/// Read by hand because xtask has no JSON parser and needs only this number.
fn median_nanos(estimates: &str) -> Option<f64> {
    let median = &estimates[estimates.find("\"median\":")?..];
    let value = &median[median.find("\"point_estimate\":")? + "\"point_estimate\":".len()..];
    let end = value.find([',', '}']).unwrap_or(value.len());
    value[..end].trim().parse().ok()
}

/// `270.1 µs` or `27.01 ms`: finer digits are noise on a shared machine.
fn short_duration(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1000.0 { format!("{micros:.1} µs") } else { format!("{:.2} ms", micros / 1000.0) }
}

fn matmul_numpy() -> Result<()> {
    let python = python_with_numpy()?;
    run("bench matmul numpy", Command::new(python).args(["-c", NUMPY_MATMUL]))
}

/// The system python if it has numpy, else a venv under target/ with numpy installed.
fn python_with_numpy() -> Result<PathBuf> {
    let has_numpy = |python: &Path| {
        Command::new(python).args(["-c", "import numpy"]).output().is_ok_and(|out| out.status.success())
    };
    let system = PathBuf::from("python3");
    if has_numpy(&system) {
        return Ok(system);
    }
    let venv = target_dir().join("bench-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        run("create bench venv", Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    if !has_numpy(&python) {
        run("pip install numpy", Command::new(&python).args(["-m", "pip", "install", "--quiet", "numpy"]))?;
    }
    Ok(python)
}

fn wasm_bench() -> Result<()> {
    let wasm = engines::build_wasm_bench()?;
    let out_dir = target_dir().join("wasm-bench");
    run(
        "wasm-bindgen wasm_bench",
        cmd("wasm-bindgen").args(["--target", "nodejs", "--out-dir"]).arg(&out_dir).arg(&wasm),
    )?;
    let module = out_dir.join("wasm_bench.js");
    let script = format!("console.log(require({}).run())", js_string(&module.to_string_lossy()));
    run("node wasm_bench", cmd("node").args(["-e", &script]))
}

fn bundle_size() -> Result<()> {
    install::wasm_target()?;
    install::wasm_bindgen()?;
    install::trunk()?;
    install::node_packages()?;
    trunk_build_release()?;
    let dist = repo_root().join("dist");
    let mut found = false;
    for entry in fs::read_dir(&dist).with_context(|| format!("read {}", dist.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "wasm") {
            found = true;
            let raw = fs::metadata(&path)?.len();
            let gzip = gzip_size(&path)?;
            println!(
                "  {}: {} raw, {} gzip -9",
                path.file_name().unwrap_or_default().to_string_lossy(),
                kib(raw),
                kib(gzip)
            );
        }
    }
    if !found {
        bail!("no .wasm file in {}", dist.display());
    }
    Ok(())
}

fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip").args(["-9", "-c"]).arg(path).output().context("run gzip -9")?;
    if !out.status.success() {
        bail!("gzip -9 {} failed ({})", path.display(), out.status);
    }
    Ok(out.stdout.len() as u64)
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB ({bytes} B)", bytes as f64 / 1024.0)
}

/// A JSON string literal is also a valid JS string literal.
fn js_string(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            _ => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_median_not_the_mean_or_median_abs_dev() {
        let estimates = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":3.0},"point_estimate":2.0,"standard_error":0.5},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.0,"upper_bound":2.0},"point_estimate":1500.25,"standard_error":0.1},"median_abs_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":0.1,"upper_bound":0.2},"point_estimate":0.15,"standard_error":0.01},"slope":null}"#;
        assert_eq!(median_nanos(estimates), Some(1500.25));
        assert_eq!(median_nanos(r#"{"mean":{"point_estimate":2.0}}"#), None);
    }

    #[test]
    fn short_durations_switch_to_milliseconds_at_one() {
        assert_eq!(short_duration(Duration::from_nanos(270_060)), "270.1 µs");
        assert_eq!(short_duration(Duration::from_micros(27_006)), "27.01 ms");
    }
}
