//! `nnplay`: train, evaluate, export and benchmark NN Playground models from the command
//! line, with the same crates the browser runs.

mod backend;
mod bench;
mod error;
mod eval;
mod export;
mod files;
mod predict;
mod presets;
mod progress;
mod report;
mod runs;
mod sample;
mod tensor_file;
mod train;
mod user_data;

pub use error::CliError;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "nnplay", version, about = "Train, evaluate, export and benchmark NN Playground models")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Refuse a run whose estimated memory (weights, gradients, optimizer state, activations,
    /// data) is over this many MiB; the browser's limit is the default.
    #[arg(long, global = true, value_name = "MIB", default_value_t = nnplay_train::budget::DEFAULT_MEMORY_BUDGET / nnplay_train::budget::MIB)]
    memory_budget: u64,
}

#[derive(Subcommand)]
enum Command {
    /// List the presets (ready runs, one per concept) with the outcome each documents.
    Presets(presets::PresetsArgs),
    /// Train a preset, a run file, a model on your data or a 2-D network; save and resume checkpoints.
    Train(train::TrainArgs),
    /// Report the loss and accuracy of a checkpoint's run.
    Eval(eval::EvalArgs),
    /// Run a checkpoint's model on the tensor `x` of a safetensors file.
    Predict(predict::PredictArgs),
    /// Write a model as a PyTorch folder, a weights file or a run file.
    Export(export::ExportArgs),
    /// Generate text with a checkpoint of a character-level language model.
    Sample(sample::SampleArgs),
    /// Measure the engine's speed.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    nnplay_train::budget::set_memory_budget(cli.memory_budget.saturating_mul(nnplay_train::budget::MIB));
    let result = match cli.command {
        Command::Presets(args) => presets::run(args),
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Predict(args) => predict::run(args),
        Command::Export(args) => export::run(args),
        Command::Sample(args) => sample::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(error.exit_code())
        }
    }
}
