//! Idempotent, pinned installs of the tools the tasks need; each skips when already right.

use crate::process::{cmd, output, repo_root, run, step};
use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

/// Trunk version; Trunk.toml pins the wasm-bindgen and wasm-opt versions it may use.
pub const TRUNK_VERSION: &str = "0.21.14";
/// Debian's Chromium, driven by Playwright (e2e) and chromedriver (wasm tests).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver, matching [`CHROMIUM`]'s version.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// rustfmt and clippy, needed by the lint step.
pub fn rust_components() -> Result<()> {
    step("install: rustfmt + clippy", || {
        let has = |sub: &str| output(cmd("cargo").args([sub, "--version"])).is_some();
        if has("fmt") && has("clippy") {
            println!("already installed");
            return Ok(());
        }
        run("install rustfmt + clippy", cmd("rustup").args(["component", "add", "rustfmt", "clippy"]))
    })
}

/// The wasm32-unknown-unknown standard library.
pub fn wasm_target() -> Result<()> {
    step(&format!("install: rust target {WASM_TARGET}"), || {
        let installed = output(cmd("rustup").args(["target", "list", "--installed"]))
            .context("`rustup target list --installed` failed; is rustup on PATH?")?;
        if installed.lines().any(|line| line.trim() == WASM_TARGET) {
            println!("already installed");
            return Ok(());
        }
        run("install wasm32 target", cmd("rustup").args(["target", "add", WASM_TARGET]))
    })
}

/// Trunk, built in debug: it only orchestrates, and a debug build installs ~7x faster.
pub fn trunk() -> Result<()> {
    step(&format!("install: trunk {TRUNK_VERSION}"), || {
        let want = format!("trunk {TRUNK_VERSION}");
        if output(cmd("trunk").arg("--version")).as_deref() == Some(want.as_str()) {
            println!("already installed ({want})");
            return Ok(());
        }
        run("install trunk", cmd("cargo").args(["install", "--locked", "--debug", &format!("trunk@{TRUNK_VERSION}")]))
    })
}

/// wasm-bindgen and wasm-bindgen-test-runner, at the version Cargo.lock resolved.
pub fn wasm_bindgen() -> Result<()> {
    let version = locked_version("wasm-bindgen")?;
    step(&format!("install: wasm-bindgen-cli {version}"), || {
        let want = |tool: &str| output(cmd(tool).arg("--version")).as_deref() == Some(&format!("{tool} {version}"));
        if want("wasm-bindgen") && want("wasm-bindgen-test-runner") {
            println!("already installed (wasm-bindgen {version})");
            return Ok(());
        }
        // Deliberately not --locked: only the version must match Cargo.lock; the CLI's own deps may float.
        run("install wasm-bindgen-cli", cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))
    })
}

/// Chromium and chromedriver from Debian, which root can install; others are told what to install.
pub fn chromium() -> Result<()> {
    step("install: chromium + chromium-driver", || {
        if [CHROMIUM, CHROMEDRIVER].iter().all(|path| exists(path)) {
            println!("already installed ({CHROMIUM}, {CHROMEDRIVER})");
            return Ok(());
        }
        apt_install(&["chromium", "chromium-driver"])?;
        for path in [CHROMIUM, CHROMEDRIVER] {
            if !exists(path) {
                bail!("install chromium: {path} still missing after apt-get install");
            }
        }
        Ok(())
    })
}

/// Mesa's lavapipe, the software Vulkan driver the GPU backend's native tests run on.
pub fn vulkan() -> Result<()> {
    step("install: mesa-vulkan-drivers + libvulkan1 (lavapipe)", || {
        if lavapipe_installed() {
            println!("already installed (lavapipe in {VULKAN_ICDS})");
            return Ok(());
        }
        apt_install(&["mesa-vulkan-drivers", "libvulkan1"])?;
        if !lavapipe_installed() {
            bail!("install vulkan: no lvp_icd.*.json in {VULKAN_ICDS} after apt-get install");
        }
        Ok(())
    })
}

/// Where Vulkan drivers register themselves.
const VULKAN_ICDS: &str = "/usr/share/vulkan/icd.d";

fn lavapipe_installed() -> bool {
    let has_icd = fs::read_dir(VULKAN_ICDS)
        .map(|entries| entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("lvp_icd")))
        .unwrap_or(false);
    has_icd && output(Command::new("ldconfig").arg("-p")).is_some_and(|libraries| libraries.contains("libvulkan.so.1"))
}

/// Node.js and the e2e test's npm packages (playwright-core, binaryen for wasm-opt).
pub fn node_packages() -> Result<()> {
    step("install: node + npm packages (tests/e2e)", || {
        if output(Command::new("node").arg("--version")).is_none() {
            apt_install(&["nodejs", "npm"])?;
        }
        let dir = e2e_dir();
        let lock = fs::read(dir.join("package-lock.json")).context("read tests/e2e/package-lock.json")?;
        // npm ci wipes node_modules, so remember which lock file the current one came from.
        let stamp = dir.join("node_modules/.xtask-package-lock.json");
        if fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
            println!("already installed (node_modules matches package-lock.json)");
            return Ok(());
        }
        run("install npm packages", Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))?;
        fs::write(&stamp, lock).context("write node_modules stamp")
    })
}

/// `tests/e2e`, home of the browser test and its npm packages.
pub fn e2e_dir() -> PathBuf {
    repo_root().join("tests/e2e")
}

/// PATH with tests/e2e/node_modules/.bin first, so Trunk finds binaryen's wasm-opt.
pub fn path_with_node_bins() -> Result<OsString> {
    let mut paths = vec![e2e_dir().join("node_modules/.bin")];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).context("build PATH with node_modules/.bin")
}

/// The version Cargo.lock resolved for `package` (the first entry of that name).
pub fn locked_version(package: &str) -> Result<String> {
    let lock = fs::read_to_string(repo_root().join("Cargo.lock")).context("read Cargo.lock")?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines().skip_while(|line| line.trim() != name_line);
    lines
        .nth(1)
        .and_then(|line| line.trim().strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_string)
        .with_context(|| format!("Cargo.lock has no `{package}` package entry"))
}

fn exists(path: &str) -> bool {
    std::path::Path::new(path).exists()
}

fn apt_install(packages: &[&str]) -> Result<()> {
    let list = packages.join(" ");
    if output(Command::new("id").arg("-u")).as_deref() != Some("0") {
        bail!("missing Debian packages: install them as root with `apt-get install {list}`");
    }
    let install = || {
        let mut command = Command::new("apt-get");
        command.env("DEBIAN_FRONTEND", "noninteractive").args(["install", "-y"]).args(packages);
        run(&format!("apt-get install {list}"), &mut command)
    };
    // A fresh machine's package lists may be missing or stale; refresh only when needed.
    if install().is_ok() {
        return Ok(());
    }
    run("apt-get update", Command::new("apt-get").arg("update"))?;
    install()
}
