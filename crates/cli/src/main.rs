//! `nnplay`: train and benchmark NN Playground models from the command line, with the
//! same crates the browser runs.

mod bench;
mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "nnplay", version, about = "Train and benchmark NN Playground models")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a network on a 2-D dataset and report its metrics.
    Train(train::TrainArgs),
    /// Measure the engine's speed.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Train(args) => train::run(args),
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

/// A failure with the exit status it maps to: 2 for a bad request, 1 for a run that
/// went wrong.
#[derive(Debug)]
pub enum CliError {
    /// The arguments describe something that cannot be trained.
    Usage(String),
    /// Training itself failed (e.g. the loss diverged).
    Run(String),
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Run(_) => 1,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Run(m) => f.write_str(m),
        }
    }
}
