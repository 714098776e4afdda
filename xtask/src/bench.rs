//! `cargo xtask bench`: a speed and size report. Each part runs even when another fails.

use crate::install;
use crate::process::{cmd, human, repo_root, run, step, target_dir};
use crate::test::trunk_build_release;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

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
    let parts: [(&str, Part); 5] = [
        ("matmul native (nnplay bench matmul)", matmul_native),
        ("matmul numpy", matmul_numpy),
        ("wasm bench (node)", wasm_bench),
        ("spiral step native (nnplay bench step)", step_native),
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
    Ok(())
}

fn matmul_native() -> Result<()> {
    run("bench matmul native", cmd("cargo").args(["run", "--release", "-p", "nnplay-cli", "--", "bench", "matmul"]))
}

fn step_native() -> Result<()> {
    run("bench step native", cmd("cargo").args(["run", "--release", "-p", "nnplay-cli", "--", "bench", "step"]))
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
    let target = target_dir();
    let out_dir = target.join("wasm-bench");
    run(
        "wasm-bindgen wasm_bench",
        cmd("wasm-bindgen")
            .args(["--target", "nodejs", "--out-dir"])
            .arg(&out_dir)
            .arg(target.join("wasm32-unknown-unknown/release/examples/wasm_bench.wasm")),
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
