//! `cargo xtask fuzz [SECONDS] [TARGET...]`: runs each fuzz target of `fuzz/` (cargo fuzz,
//! libFuzzer, on the nightly toolchain) for SECONDS, starting from its seed corpus under
//! `fuzz/corpus/TARGET`, and prints a table of executions per target. A crash stops with
//! the input that caused it under `fuzz/artifacts/TARGET/`; make it a regression test in
//! the parser's crate, fix the parser, and run again.

use crate::process::{cmd, output, repo_root, run, step};
use anyhow::{Context, Result, bail};
use std::process::Stdio;
use std::time::Instant;

/// The nightly toolchain cargo fuzz needs (libFuzzer's sanitizer flags are unstable).
const NIGHTLY: &str = "nightly";
/// The cargo-fuzz release installed when it is missing.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Memory one run may use; over it libFuzzer reports the input as a crash (an unchecked
/// size in a file must become an error, not an allocation).
const RSS_LIMIT_MB: &str = "2048";

/// Installs what is missing, then fuzzes `targets` (all when empty) for `seconds` each.
pub fn fuzz(seconds: u64, targets: &[String]) -> Result<()> {
    install()?;
    let all = list()?;
    let chosen: Vec<String> = if targets.is_empty() { all.clone() } else { targets.to_vec() };
    if let Some(unknown) = chosen.iter().find(|target| !all.contains(target)) {
        bail!("there is no fuzz target {unknown}; the targets are {}", all.join(", "));
    }
    let mut rows = Vec::new();
    for target in &chosen {
        let started = Instant::now();
        let log = step(&format!("fuzz: {target} for {seconds} s"), || {
            // New inputs go to a scratch corpus (libFuzzer writes to the first folder), so
            // the committed seeds stay as they are.
            let scratch = repo_root().join("fuzz/target/corpus").join(target);
            std::fs::create_dir_all(&scratch)?;
            let seeds = repo_root().join("fuzz/corpus").join(target);
            let out = cmd("cargo")
                .current_dir(repo_root().join("fuzz"))
                .args([&format!("+{NIGHTLY}"), "fuzz", "run", "-O", target])
                .args([&scratch, &seeds])
                .args(["--", &format!("-max_total_time={seconds}"), &format!("-rss_limit_mb={RSS_LIMIT_MB}")])
                .args(["-print_final_stats=1"])
                .stdout(Stdio::inherit())
                .stderr(Stdio::piped())
                .output()
                .context("could not start cargo fuzz")?;
            let log = String::from_utf8_lossy(&out.stderr).into_owned();
            if !out.status.success() {
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                bail!(
                    "fuzz target {target} found a crash (its input is under fuzz/artifacts/{target}/):\n{}",
                    tail.join("\n")
                );
            }
            Ok(log)
        })?;
        rows.push((target.clone(), stat(&log, "stat::number_of_executed_units"), started.elapsed().as_secs()));
    }
    println!("\n{:<18} {:>14} {:>8}", "target", "executions", "seconds");
    for (target, executions, seconds) in rows {
        println!("{target:<18} {:>14} {seconds:>8}", executions.map_or("?".to_string(), |n| n.to_string()));
    }
    Ok(())
}

/// The targets `cargo fuzz list` names.
fn list() -> Result<Vec<String>> {
    let listed =
        output(cmd("cargo").current_dir(repo_root().join("fuzz")).args([&format!("+{NIGHTLY}"), "fuzz", "list"]))
            .context("`cargo fuzz list` failed")?;
    Ok(listed.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_string).collect())
}

/// The nightly toolchain and cargo-fuzz, when missing.
fn install() -> Result<()> {
    step("install: rust nightly + cargo-fuzz", || {
        if output(cmd("rustc").arg(format!("+{NIGHTLY}")).arg("--version")).is_none() {
            run("install nightly", cmd("rustup").args(["toolchain", "install", NIGHTLY, "--profile", "minimal"]))?;
        }
        let want = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
        if output(cmd("cargo").args(["fuzz", "--version"])).as_deref() == Some(want.as_str()) {
            println!("already installed ({want})");
            return Ok(());
        }
        run(
            "install cargo-fuzz",
            cmd("cargo").args(["install", "--locked", &format!("cargo-fuzz@{CARGO_FUZZ_VERSION}")]),
        )
    })
}

/// The number libFuzzer's final stats give for `name` (`stat::name: N`).
fn stat(log: &str, name: &str) -> Option<u64> {
    log.lines().find_map(|line| line.trim().strip_prefix(name)?.trim_start_matches(':').trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_stats_are_read_from_libfuzzers_log() {
        let log = "#1024 DONE cov: 1 ft: 2\nstat::number_of_executed_units: 123456\nstat::peak_rss_mb: 80\n";
        assert_eq!(stat(log, "stat::number_of_executed_units"), Some(123_456));
        assert_eq!(stat(log, "stat::peak_rss_mb"), Some(80));
        assert_eq!(stat(log, "stat::new_units_added"), None);
    }
}
