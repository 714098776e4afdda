//! `nnplay bench spec FILE…`: milliseconds per training step of run-spec files on one backend.
//! The browser engines time the same way in `crates/train/examples/wasm_bench.rs`.

use super::timing::{cpu_name, now, open_gpu};
use crate::CliError;
use clap::{Args, ValueEnum};
use nnplay_tensor::Device;
use nnplay_train::step_timing::time_steps;
use nnplay_train::{RunSpec, SpecSession};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Options of `nnplay bench spec`.
#[derive(Args, Debug)]
pub struct SpecArgs {
    /// Run-spec files (model + data, as `nnplay train --spec` takes), timed one after another.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where the steps run.
    #[arg(long, value_enum, default_value_t = Backend::Cpu)]
    backend: Backend,
    /// Steps per timed group, ended by one read of the loss (default: about 0.3 s worth, at most 200).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    steps: Option<u64>,
    /// Timed groups; the median step time is reported (default 5, or 3 when a group takes
    /// over a second).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    repeats: Option<u64>,
    /// Print one JSON object per file and line instead of a table.
    #[arg(long)]
    json: bool,
}

/// Where to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Backend {
    /// The CPU backend.
    Cpu,
    /// The GPU backend through wgpu (fails without an adapter).
    Gpu,
}

/// One spec on one engine.
#[derive(Debug, Serialize)]
pub struct StepRow {
    /// `native-cpu` or `native-gpu` (the browser's are `wasm-cpu` and `webgpu`).
    pub engine: &'static str,
    /// The file's stem: `mlp` for `examples/mlp.json`.
    pub spec: String,
    pub adapter: String,
    /// Median over the groups of (time of the group) / (steps in it).
    pub ms_per_step: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    /// Steps per timed group and how many groups.
    pub steps: usize,
    pub repeats: usize,
    /// The batch loss of the last step: a sanity check that it trained.
    pub loss: f32,
    /// GPU kernel launches per step (GPU engines only): per-launch overhead dominates
    /// small models on a GPU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launches_per_step: Option<f64>,
}

/// Times every file; prints a table or JSON lines.
pub fn run(args: SpecArgs) -> Result<(), CliError> {
    // Every file is read before anything is timed: a typo in the last should not cost minutes.
    let runs = args.files.iter().map(|path| read(path)).collect::<Result<Vec<_>, _>>()?;
    let (engine, device, adapter) = match args.backend {
        Backend::Cpu => ("native-cpu", Device::Cpu, cpu_name()),
        Backend::Gpu => ("native-gpu", Device::Gpu, open_gpu()?),
    };
    if !args.json {
        println!("{:<12} {:<14} {:>9} {:>19}  {:<8} adapter", "engine", "spec", "ms/step", "min–max", "runs");
    }
    for (path, run) in args.files.iter().zip(runs) {
        let mut session =
            SpecSession::on_device(run, device).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
        let steps = args.steps.map(|s| s as usize);
        let timing = pollster::block_on(time_steps(&mut session, steps, args.repeats.map(|r| r as usize), &now))
            .map_err(|e| CliError::Run(format!("{}: {e}", path.display())))?;
        let row = StepRow {
            engine,
            spec: path.file_stem().unwrap_or_default().to_string_lossy().into_owned(),
            adapter: adapter.clone(),
            ms_per_step: timing.median_ms,
            min_ms: timing.min_ms,
            max_ms: timing.max_ms,
            steps: timing.steps,
            repeats: timing.repeats,
            loss: timing.loss,
            launches_per_step: timing.launches,
        };
        if args.json {
            println!("{}", serde_json::to_string(&row).expect("rows serialise"));
        } else {
            let range = format!("{:.3}–{:.3}", row.min_ms, row.max_ms);
            let runs = format!("{}×{}", row.repeats, row.steps);
            println!(
                "{:<12} {:<14} {:>9.3} {range:>19}  {runs:<8} {}",
                row.engine, row.spec, row.ms_per_step, row.adapter
            );
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<RunSpec, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read spec file {}: {e}", path.display())))?;
    RunSpec::from_json(&text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
}
