//! `cargo xtask test`: lint, native tests, wasm tests in headless Chromium, browser e2e.

use crate::install::{self, CHROMEDRIVER};
use crate::process::{cmd, run, step, target_dir};
use anyhow::{Context, Result};
use clap::ValueEnum;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// One part of the test run; parts always run in this order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Part {
    /// rustfmt check and clippy (native workspace, wasm app).
    Lint,
    /// `cargo test` on the native crates.
    Native,
    /// tensor, nn, train and app tests compiled to wasm and run in headless Chromium.
    Wasm,
    /// `trunk build --release`, then tests/e2e/spiral.mjs trains the spiral in the real page.
    E2e,
}

/// Chromium flags for wasm-bindgen-test-runner; the network ones stop Chromium from calling
/// home, which on a closed network floods the log with refused connections.
const WEBDRIVER_JSON: &str = r#"{"goog:chromeOptions":{"args":["--headless=new","--no-sandbox","--enable-unsafe-webgpu","--disable-background-networking","--disable-component-update","--no-first-run","--disable-sync"]}}"#;

/// Runs `parts` (all when empty), installing what they need first, failing at the first error.
pub fn test(parts: &[Part]) -> Result<()> {
    let mut parts = if parts.is_empty() { Part::value_variants().to_vec() } else { parts.to_vec() };
    parts.sort();
    parts.dedup();
    let needs = |part| parts.contains(&part);

    if needs(Part::Lint) {
        install::rust_components()?;
    }
    if needs(Part::Lint) || needs(Part::Wasm) || needs(Part::E2e) {
        install::wasm_target()?;
    }
    if needs(Part::Native) {
        install::vulkan()?;
    }
    if needs(Part::Wasm) || needs(Part::E2e) {
        install::wasm_bindgen()?;
        install::chromium()?;
    }
    if needs(Part::E2e) {
        install::trunk()?;
        install::node_packages()?;
    }

    for part in parts {
        match part {
            Part::Lint => lint()?,
            Part::Native => native()?,
            Part::Wasm => wasm()?,
            Part::E2e => e2e()?,
        }
    }
    println!("\nxtask test: all requested parts passed");
    Ok(())
}

fn lint() -> Result<()> {
    step("test lint: cargo fmt --check", || {
        run("lint (rustfmt)", cmd("cargo").args(["fmt", "--all", "--", "--check"]))
    })?;
    step("test lint: no string becomes HTML or code", || crate::html_safety::check(&crate::process::repo_root()))?;
    step("test lint: clippy native", || {
        run(
            "lint (clippy native)",
            cmd("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
        )
    })?;
    step("test lint: clippy wasm app", || {
        run(
            "lint (clippy wasm app)",
            cmd("cargo").args([
                "clippy",
                "-p",
                "nnplay-app",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ]),
        )
    })
}

fn native() -> Result<()> {
    step("test native: cargo test", || {
        // The app's reducer and drawing helpers are plain Rust, so they test natively too.
        // NNPLAY_TEST_GPU: the engine's tests must also pass on the GPU backend (lavapipe).
        run("native tests", gpu_env(cmd("cargo").args(["test", "--workspace"])))
    })
}

fn wasm() -> Result<()> {
    step("test wasm: cargo test in headless Chromium", || {
        let webdriver_json = write_webdriver_json()?;
        // No -q: the runner's per-test lines are the only sign of progress in a slow browser run.
        run(
            "wasm tests",
            gpu_env(&mut cmd("cargo"))
                .args(["test", "--target", "wasm32-unknown-unknown"])
                .args(["-p", "nnplay-tensor", "-p", "nnplay-nn", "-p", "nnplay-train", "-p", "nnplay-app"])
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
                .env("CHROMEDRIVER", CHROMEDRIVER)
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
                // Training tests in the browser, on WebGPU over SwiftShader too, take far longer
                // than the runner's 20 s default.
                .env("WASM_BINDGEN_TEST_TIMEOUT", "900"),
        )
    })
}

/// Makes the engine's tests require the GPU backend (WebGPU in Chromium, lavapipe
/// natively) instead of leaving it out when no adapter opens.
pub fn gpu_env(command: &mut Command) -> &mut Command {
    command.env("NNPLAY_TEST_GPU", "1").env("XDG_RUNTIME_DIR", runtime_dir())
}

/// Mesa's Vulkan loader wants XDG_RUNTIME_DIR; a root shell in CI often has none.
fn runtime_dir() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir)
}

/// The end-to-end scripts under tests/e2e, in the order they run.
const E2E_SCRIPTS: [&str; 10] =
    ["spiral", "datasets", "gpu", "ui", "persist", "embed", "share", "look", "race", "memory"];

fn e2e() -> Result<()> {
    // The soak's plateau rule is pure; the soak itself (`cargo xtask soak`) takes minutes.
    step("test e2e: node --test tests/e2e/plateau.test.mjs", || {
        run("e2e (plateau rule)", cmd("node").args(["--test", "tests/e2e/plateau.test.mjs"]))
    })?;
    step("test e2e: trunk build --release", trunk_build_release)?;
    for name in E2E_SCRIPTS {
        let script = format!("tests/e2e/{name}.mjs");
        step(&format!("test e2e: node {script}"), || run(&format!("e2e ({name})"), cmd("node").arg(&script)))?;
    }
    Ok(())
}

/// Builds the app into dist/ with wasm-opt; shared with `bench`.
pub fn trunk_build_release() -> Result<()> {
    run("trunk build --release", cmd("trunk").args(["build", "--release"]).env("PATH", install::path_with_node_bins()?))
}

fn write_webdriver_json() -> Result<PathBuf> {
    let dir = target_dir().join("xtask");
    fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
    let path = dir.join("webdriver.json");
    fs::write(&path, WEBDRIVER_JSON).with_context(|| format!("write {}", path.display()))?;
    Ok(path)
}
