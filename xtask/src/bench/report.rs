//! The rows the GPU and browser benchmarks print as JSON, the tables made of them, and
//! `target/bench/*.json`.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::fs;
use std::path::Path;

/// The step-timing engines, in table order.
pub const ENGINES: [&str; 4] = ["native-cpu", "native-gpu", "wasm-cpu", "webgpu"];

/// One matmul kernel at one size (`nnplay bench gpu-matmul --json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MatmulRow {
    pub engine: String,
    pub adapter: String,
    pub n: usize,
    pub gflops: f64,
    pub ms: f64,
    pub products: usize,
    pub repeats: usize,
}

/// One spec on one engine (`nnplay bench spec --json`, bench/browser.mjs), or why it failed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepRow {
    pub engine: String,
    pub spec: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub adapter: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms_per_step: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeats: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launches_per_step: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl StepRow {
    /// A row saying `spec` could not be timed on `engine`, and why.
    pub fn failed(engine: &str, spec: &str, error: String) -> StepRow {
        StepRow {
            engine: engine.into(),
            spec: spec.into(),
            adapter: String::new(),
            ms_per_step: None,
            min_ms: None,
            max_ms: None,
            steps: None,
            repeats: None,
            loss: None,
            launches_per_step: None,
            error: Some(error),
        }
    }
}

/// Everything one benchmark run measured, as written to `target/bench/*.json`.
#[derive(Debug, Serialize)]
pub struct Report {
    pub machine: Machine,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matmul: Vec<MatmulRow>,
    pub steps: Vec<StepRow>,
    /// Parts that failed, with the error (their rows are missing or carry `error`).
    pub failed: Vec<String>,
}

/// Where the figures were taken.
#[derive(Debug, Serialize)]
pub struct Machine {
    pub os: &'static str,
    pub arch: &'static str,
    pub cpus: usize,
}

impl Machine {
    /// This machine.
    pub fn here() -> Machine {
        Machine {
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

impl Report {
    /// Writes the report as pretty JSON, creating the folder.
    pub fn write(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
        }
        let json = serde_json::to_string_pretty(self).expect("reports serialise");
        fs::write(path, json + "\n").with_context(|| format!("write {}", path.display()))
    }

    /// The matmul table (when measured), the step table and the failures, as printed.
    pub fn tables(&self) -> String {
        let mut text = String::new();
        if !self.matmul.is_empty() {
            text += &matmul_table(&self.matmul);
            text.push('\n');
        }
        text += &step_table(&self.steps);
        if !self.failed.is_empty() {
            text += "\nfailed:\n";
            for failure in &self.failed {
                let _ = writeln!(text, "  {failure}");
            }
        }
        text
    }
}

/// GFLOP/s per size (rows) and kernel (columns), then which adapter each kernel ran on.
pub fn matmul_table(rows: &[MatmulRow]) -> String {
    let engines = in_order(rows.iter().map(|row| row.engine.as_str()));
    let sizes: BTreeSet<usize> = rows.iter().map(|row| row.n).collect();
    let mut text = String::from("matmul n×n · n×n, GFLOP/s (median; ms per product)\n");
    let _ = write!(text, "{:>6}", "n");
    for engine in &engines {
        let _ = write!(text, "  {engine:>22}");
    }
    text.push('\n');
    for n in sizes {
        let _ = write!(text, "{n:>6}");
        for engine in &engines {
            let cell = rows
                .iter()
                .find(|row| row.n == n && row.engine == *engine)
                .map_or("-".to_string(), |row| format!("{} ({} ms)", figure(row.gflops), figure(row.ms)));
            let _ = write!(text, "  {cell:>22}");
        }
        text.push('\n');
    }
    for engine in &engines {
        if let Some(row) = rows.iter().find(|row| row.engine == *engine) {
            let _ = writeln!(text, "  {engine}: {}", row.adapter);
        }
    }
    text
}

/// Milliseconds per step per spec (rows) and engine (columns), then each engine's adapter.
pub fn step_table(rows: &[StepRow]) -> String {
    let specs = in_order(rows.iter().map(|row| row.spec.as_str()));
    let engines: Vec<&str> = ENGINES.iter().copied().filter(|e| rows.iter().any(|row| row.engine == *e)).collect();
    let mut text = String::from("ms per training step (median of timed groups after warm-up)\n");
    let _ = write!(text, "{:<14}", "spec");
    for engine in &engines {
        let _ = write!(text, " {engine:>11}");
    }
    text.push('\n');
    for spec in specs {
        let _ = write!(text, "{spec:<14}");
        for engine in &engines {
            let row = rows.iter().find(|row| row.spec == spec && row.engine == *engine);
            let cell = match row {
                Some(StepRow { ms_per_step: Some(ms), .. }) => figure(*ms),
                Some(_) => "failed".into(),
                None => "-".into(),
            };
            let _ = write!(text, " {cell:>11}");
        }
        text.push('\n');
    }
    for engine in &engines {
        if let Some(row) = rows.iter().find(|row| row.engine == *engine && !row.adapter.is_empty()) {
            let _ = writeln!(text, "  {engine}: {}", row.adapter);
        }
    }
    let launches: Vec<String> = rows
        .iter()
        .filter(|row| row.engine == "native-gpu")
        .filter_map(|row| Some(format!("{} {:.0}", row.spec, row.launches_per_step?)))
        .collect();
    if !launches.is_empty() {
        let _ = writeln!(text, "  GPU kernel launches per step: {}", launches.join(", "));
    }
    for row in rows {
        if let Some(error) = &row.error {
            let _ = writeln!(text, "  {} {} failed: {error}", row.engine, row.spec);
        }
    }
    text
}

/// Three significant digits or whole units: `0.0561`, `4.38`, `171`, `1068`.
fn figure(value: f64) -> String {
    match value.abs() {
        v if v >= 100.0 => format!("{value:.0}"),
        v if v >= 10.0 => format!("{value:.1}"),
        v if v >= 1.0 => format!("{value:.2}"),
        _ => format!("{value:.3}"),
    }
}

/// The distinct values in the order they first appear.
fn in_order<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for value in values {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(engine: &str, spec: &str, ms: f64) -> StepRow {
        let adapter = format!("{engine} adapter");
        StepRow { adapter, ms_per_step: Some(ms), error: None, ..StepRow::failed(engine, spec, String::new()) }
    }

    #[test]
    fn step_table_puts_engines_in_fixed_order_and_marks_failures() {
        let rows = vec![
            timed("webgpu", "mlp", 18.48),
            timed("native-cpu", "mlp", 0.0561),
            timed("native-cpu", "cnn", 8.6),
            StepRow::failed("webgpu", "cnn", "no WebGPU adapter".into()),
            StepRow { launches_per_step: Some(84.0), ..timed("native-gpu", "mlp", 4.4) },
        ];
        let table = step_table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>(), ["spec", "native-cpu", "native-gpu", "webgpu"]);
        assert_eq!(lines[2].split_whitespace().collect::<Vec<_>>(), ["mlp", "0.056", "4.40", "18.5"]);
        assert_eq!(lines[3].split_whitespace().collect::<Vec<_>>(), ["cnn", "8.60", "-", "failed"]);
        assert!(table.contains("webgpu cnn failed: no WebGPU adapter"), "{table}");
        assert!(table.contains("native-cpu: native-cpu adapter"), "{table}");
        assert!(table.contains("GPU kernel launches per step: mlp 84"), "{table}");
    }

    #[test]
    fn matmul_table_has_a_row_per_size_and_a_column_per_kernel() {
        let row = |engine: &str, n, gflops, ms| MatmulRow {
            engine: engine.into(),
            adapter: format!("{engine} adapter"),
            n,
            gflops,
            ms,
            products: 1,
            repeats: 1,
        };
        let rows =
            vec![row("gpu-tiled", 256, 2.18, 15.41), row("cpu", 256, 175.2, 0.19), row("gpu-tiled", 512, 2.24, 119.6)];
        let table = matmul_table(&rows);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>(), ["n", "gpu-tiled", "cpu"]);
        assert_eq!(lines[2], format!("{:>6}  {:>22}  {:>22}", 256, "2.18 (15.4 ms)", "175 (0.190 ms)"));
        assert_eq!(lines[3], format!("{:>6}  {:>22}  {:>22}", 512, "2.24 (120 ms)", "-"));
        assert_eq!(lines[4], "  gpu-tiled: gpu-tiled adapter");
    }

    #[test]
    fn rows_read_from_the_benchmarks_json() {
        let native: StepRow = serde_json::from_str(
            r#"{"engine":"native-gpu","spec":"mlp","adapter":"llvmpipe","ms_per_step":4.38,"min_ms":4.1,"max_ms":4.7,"steps":75,"repeats":5,"loss":0.5}"#,
        )
        .unwrap();
        assert_eq!((native.ms_per_step, native.steps, native.error), (Some(4.38), Some(75), None));
        let failed: StepRow = serde_json::from_str(r#"{"engine":"webgpu","spec":"cnn","error":"hung"}"#).unwrap();
        assert_eq!((failed.ms_per_step, failed.error.as_deref()), (None, Some("hung")));
    }

    #[test]
    fn figures_keep_about_three_digits() {
        assert_eq!(figure(0.05612), "0.056");
        assert_eq!(figure(4.381), "4.38");
        assert_eq!(figure(18.48), "18.5");
        assert_eq!(figure(1067.6), "1068");
    }
}
