//! What the CLI tests share: running the binary, reading its JSON lines, scratch folders.

#![allow(dead_code)] // Each test binary uses its own part of this.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `nnplay` with `args`.
pub fn nnplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nnplay")).args(args).output().expect("nnplay runs")
}

/// Runs `nnplay`, which must succeed, and returns its stdout.
pub fn stdout_of(args: &[&str]) -> String {
    let output = nnplay(args);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The JSON lines a successful run prints.
pub fn json_lines(args: &[&str]) -> Vec<serde_json::Value> {
    stdout_of(args).lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

/// Runs `nnplay`, which must fail with status 2 and one `error:` line containing `message`.
pub fn refused(args: &[&str], message: &str) {
    let output = nnplay(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
}

/// The path of `examples/{name}.json`.
pub fn example(name: &str) -> String {
    format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

/// A scratch folder, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A new empty folder named after the test.
    pub fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("nnplay-cli-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// `name` inside the folder, as a string for the command line.
    pub fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }

    /// The folder itself.
    pub fn dir(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
