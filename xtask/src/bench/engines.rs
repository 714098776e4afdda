//! Runs the timings on each engine: natively through `nnplay bench` (CPU and wgpu's
//! adapter), in headless Chromium through bench/browser.mjs (wasm CPU and WebGPU).

use super::report::{MatmulRow, StepRow};
use crate::install;
use crate::process::{cmd, repo_root, run, target_dir};
use anyhow::{Context, Result, bail};
use serde::de::DeserializeOwned;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Builds the `nnplay` CLI (release) and returns its path.
pub fn build_cli() -> Result<PathBuf> {
    run("build nnplay (release)", cmd("cargo").args(["build", "--release", "-p", "nnplay-cli"]))?;
    Ok(target_dir().join("release/nnplay"))
}

/// `nnplay` run for a GPU measurement: Mesa's Vulkan loader wants XDG_RUNTIME_DIR,
/// which a root shell in CI often lacks.
fn nnplay(cli: &Path) -> Command {
    let mut command = cmd(&cli.to_string_lossy());
    if std::env::var_os("XDG_RUNTIME_DIR").is_none() {
        command.env("XDG_RUNTIME_DIR", std::env::temp_dir());
    }
    command
}

/// GFLOP/s of the tiled and naive GPU kernels and of the CPU backend at `sizes`.
/// Rows measured before a failure are kept.
pub fn native_matmul(cli: &Path, sizes: &[usize]) -> (Vec<MatmulRow>, Result<()>) {
    let sizes: Vec<String> = sizes.iter().map(usize::to_string).collect();
    let mut command = nnplay(cli);
    command.args(["bench", "gpu-matmul", "--json", "--sizes", &sizes.join(",")]);
    json_lines("nnplay bench gpu-matmul", &mut command, |row: &MatmulRow| {
        println!("  {:<10} {:>5}²  {:>9.2} GFLOP/s", row.engine, row.n, row.gflops)
    })
}

/// Step times of `specs` natively on `backend` (`cpu` or `gpu`); every spec gets a row,
/// failed ones with the error.
pub fn native_steps(cli: &Path, backend: &str, specs: &[PathBuf], steps: Option<u64>) -> Vec<StepRow> {
    let engine = format!("native-{backend}");
    let mut command = nnplay(cli);
    command.args(["bench", "spec", "--json", "--backend", backend]).args(specs);
    if let Some(steps) = steps {
        command.args(["--steps", &steps.to_string()]);
    }
    let (mut rows, result) = json_lines(&format!("nnplay bench spec --backend {backend}"), &mut command, print_step);
    if let Err(error) = result {
        for spec in specs {
            let name = spec_name(spec);
            if !rows.iter().any(|row| row.spec == name) {
                rows.push(StepRow::failed(&engine, &name, format!("{error:#}")));
            }
        }
    }
    rows
}

/// Step times of `specs` in headless Chromium on the wasm CPU backend and on WebGPU;
/// every spec and engine gets a row, failed ones with the error.
pub fn browser_steps(specs: &[PathBuf], steps: Option<u64>) -> Vec<StepRow> {
    let engines = ["wasm-cpu", "webgpu"];
    let out = target_dir().join("bench/browser-steps.json");
    let measured = build_web_bench().and_then(|pkg| {
        let _ = fs::remove_file(&out);
        let mut command = cmd("node");
        command.arg("bench/browser.mjs").arg("--pkg").arg(&pkg).arg("--out").arg(&out);
        command.args(["--engines", &engines.join(",")]).args(specs);
        if let Some(steps) = steps {
            command.args(["--steps", &steps.to_string()]);
        }
        // It exits non-zero when no spec could be timed, after writing each one's error.
        let ran = run("browser bench (node bench/browser.mjs)", &mut command);
        let Ok(text) = fs::read_to_string(&out) else {
            ran?;
            bail!("bench/browser.mjs wrote no {}", out.display());
        };
        serde_json::from_str::<Vec<StepRow>>(&text).with_context(|| format!("parse {}", out.display()))
    });
    match measured {
        Ok(rows) => rows,
        Err(error) => engines
            .iter()
            .flat_map(|engine| specs.iter().map(move |spec| (engine, spec)))
            .map(|(engine, spec)| StepRow::failed(engine, &spec_name(spec), format!("{error:#}")))
            .collect(),
    }
}

/// Builds the `wasm_bench` example for wasm32 (release) and returns the `.wasm` file.
pub fn build_wasm_bench() -> Result<PathBuf> {
    install::wasm_target()?;
    install::wasm_bindgen()?;
    run(
        "build wasm_bench example",
        cmd("cargo").args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "nnplay-train",
            "--example",
            "wasm_bench",
        ]),
    )?;
    Ok(target_dir().join("wasm32-unknown-unknown/release/examples/wasm_bench.wasm"))
}

/// `wasm_bench` bound for the browser (`wasm-bindgen --target web`), with Chromium and
/// playwright-core in place; returns the folder bench/browser.mjs serves as /pkg/.
fn build_web_bench() -> Result<PathBuf> {
    let wasm = build_wasm_bench()?;
    install::chromium()?;
    install::node_packages()?;
    let pkg = target_dir().join("bench/web");
    run(
        "wasm-bindgen --target web wasm_bench",
        cmd("wasm-bindgen").args(["--target", "web", "--out-dir"]).arg(&pkg).arg(&wasm),
    )?;
    Ok(pkg)
}

fn print_step(row: &StepRow) {
    if let Some(ms) = row.ms_per_step {
        println!("  {:<11} {:<14} {ms:>10.3} ms/step", row.engine, row.spec);
    }
}

/// The name a spec goes by in the tables: its file stem, as the benchmarks report it.
pub fn spec_name(path: &Path) -> String {
    path.file_stem().unwrap_or_default().to_string_lossy().into_owned()
}

/// Runs `command`, reads one JSON row per stdout line, and calls `show` on each as it
/// arrives; keeps the rows read before a failure. Its stderr is passed through, and a
/// failure names nnplay's own `error:` line.
fn json_lines<T: DeserializeOwned>(step: &str, command: &mut Command, show: impl Fn(&T)) -> (Vec<T>, Result<()>) {
    let mut rows = Vec::new();
    let result = (|| {
        println!("$ {command:?}");
        let mut child = command
            .current_dir(repo_root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("{step}: could not start"))?;
        let stderr = child.stderr.take().expect("stderr is piped");
        let last_error = std::thread::spawn(move || {
            let mut last_error = None;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("{line}");
                if let Some(error) = line.strip_prefix("error: ") {
                    last_error = Some(error.to_string());
                }
            }
            last_error
        });
        let stdout = child.stdout.take().expect("stdout is piped");
        for line in BufReader::new(stdout).lines() {
            let line = line.with_context(|| format!("{step}: read output"))?;
            let row: T = serde_json::from_str(&line).with_context(|| format!("{step}: not a JSON row: {line}"))?;
            show(&row);
            rows.push(row);
        }
        let status = child.wait().with_context(|| format!("{step}: wait"))?;
        let last_error = last_error.join().ok().flatten();
        if !status.success() {
            match last_error {
                Some(error) => bail!("{step} failed: {error}"),
                None => bail!("{step} failed ({status})"),
            }
        }
        Ok(())
    })();
    (rows, result)
}
