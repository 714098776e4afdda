//! `cargo xtask soak MINUTES`: trains a preset (the Transformer by default) in headless
//! Chromium for MINUTES and checks that its memory levels off; tests/e2e/soak.mjs does the
//! sampling and the judging, tests/e2e/plateau.mjs holds the rule.

use crate::install;
use crate::process::{cmd, repo_root, run, step, target_dir};
use crate::test::trunk_build_release;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use std::fs;
use std::path::Path;
use std::time::SystemTime;

/// Options of `cargo xtask soak`.
#[derive(Args)]
pub struct SoakArgs {
    /// Minutes to train (at least 2: the first is a warm-up, the second half is judged).
    #[arg(value_parser = clap::value_parser!(u64).range(2..))]
    minutes: u64,
    /// The engine to train on. The CPU by default: on Chromium's software WebGPU
    /// (SwiftShader) the Transformer preset's first evaluation takes minutes; `--backend gpu
    /// --example transformer` soaks the GPU buffer pool with the small Transformer example.
    #[arg(long, value_enum, default_value_t = Engine::Cpu)]
    backend: Engine,
    /// The preset to train.
    #[arg(long, default_value = "transformer-en")]
    preset: String,
    /// Train this example of the page (`transformer`, `cnn` …) instead of a preset.
    #[arg(long, conflicts_with = "preset")]
    example: Option<String>,
    /// Build dist/ again even when it looks up to date.
    #[arg(long)]
    rebuild: bool,
}

/// Where the soak trains.
#[derive(Clone, Copy, ValueEnum)]
enum Engine {
    Gpu,
    Cpu,
}

/// The sources a release build of the app is made from, relative to the workspace root.
const APP_SOURCES: [&str; 6] = ["crates", "www", "index.html", "Trunk.toml", "Cargo.toml", "Cargo.lock"];

/// Installs what the soak needs, builds dist/ when it is older than the sources, and runs
/// tests/e2e/soak.mjs, which writes `target/soak/report.json`.
pub fn soak(args: SoakArgs) -> Result<()> {
    install::wasm_target()?;
    install::wasm_bindgen()?;
    install::trunk()?;
    install::node_packages()?;
    install::chromium()?;
    let root = repo_root();
    let built = modified(&root.join("dist/index.html"));
    let sources = APP_SOURCES.iter().filter_map(|path| newest(&root.join(path))).max();
    if args.rebuild || built.is_none() || sources > built {
        step("soak: trunk build --release", trunk_build_release)?;
    } else {
        println!("dist/ is newer than the app's sources: not rebuilt (--rebuild to force)");
    }
    let report = target_dir().join("soak").join("report.json");
    let backend = match args.backend {
        Engine::Gpu => "gpu",
        Engine::Cpu => "cpu",
    };
    let (kind, run_name) = match &args.example {
        Some(example) => ("--example", example),
        None => ("--preset", &args.preset),
    };
    step(&format!("soak: {} minutes of {run_name} on the {backend}", args.minutes), || {
        run(
            "soak",
            cmd("node")
                .arg("tests/e2e/soak.mjs")
                .arg(args.minutes.to_string())
                .args(["--backend", backend, kind, run_name, "--out"])
                .arg(&report),
        )
    })
    .with_context(|| format!("the soak failed; its figures so far: {}", report.display()))
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

/// When anything under `path` (a file or a folder) last changed; `None` if nothing is there.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    let entries = fs::read_dir(path).ok()?;
    entries.filter_map(|entry| entry.ok()).filter_map(|entry| newest(&entry.path())).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_newest_file_of_a_folder_counts_and_a_missing_path_is_none() {
        let dir = std::env::temp_dir().join(format!("xtask-soak-{}", std::process::id()));
        fs::create_dir_all(dir.join("deep/er")).unwrap();
        let old = dir.join("old.rs");
        let new = dir.join("deep/er/new.rs");
        fs::write(&old, "").unwrap();
        fs::write(&new, "").unwrap();
        let past = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options().write(true).open(&old).unwrap().set_modified(past).unwrap();
        assert_eq!(newest(&dir), modified(&new));
        assert!(newest(&dir) > Some(past));
        assert_eq!(newest(&dir.join("missing")), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
