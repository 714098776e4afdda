//! Running commands: print each one, time it, fail with the name of the step.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits inside the workspace").to_path_buf()
}

/// A command that runs in the workspace root.
pub fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(repo_root());
    command
}

/// Runs `command` to completion with inherited stdio; an error names `step`.
pub fn run(step: &str, command: &mut Command) -> Result<()> {
    println!("$ {}", describe(command));
    let status = command.status().with_context(|| format!("{step}: could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("{step}: `{}` failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs `command` quietly and returns its trimmed stdout, or `None` when it is missing or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Prints a step banner, runs `body` and prints how long it took.
pub fn step<T>(name: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("\n==> {name}");
    let start = Instant::now();
    let result = body();
    let verdict = if result.is_ok() { "done" } else { "FAILED" };
    println!("<== {name}: {verdict} in {}", human(start.elapsed()));
    result
}

/// Formats a duration as `1m05s` or `3.2s`.
pub fn human(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs >= 60.0 { format!("{}m{:02}s", (secs / 60.0) as u64, secs as u64 % 60) } else { format!("{secs:.1}s") }
}

fn describe(command: &Command) -> String {
    let envs: Vec<String> = command
        .get_envs()
        .filter(|(key, _)| *key != "PATH")
        .filter_map(|(key, value)| Some(format!("{}={}", key.to_str()?, value?.to_str()?)))
        .collect();
    let args: Vec<String> = std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|arg| {
            let arg = arg.to_string_lossy();
            let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:@+,%".contains(c);
            if arg.chars().all(plain) { arg.into_owned() } else { format!("'{arg}'") }
        })
        .collect();
    let mut line = envs;
    line.extend(args);
    match command.get_current_dir() {
        Some(dir) if dir != repo_root() => format!("(cd {} && {})", dir.display(), line.join(" ")),
        _ => line.join(" "),
    }
}

/// Cargo's target directory (`CARGO_TARGET_DIR` or `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"))
}
