//! `cargo xtask serve|test|bench|fuzz|soak`: installs the tools each task needs, then runs it.

mod bench;
mod fuzz;
mod html_safety;
mod install;
mod process;
mod serve;
mod soak;
mod test;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Developer tasks for NN Playground.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the web app with Trunk and serve it, rebuilding on change.
    Serve {
        /// Port to listen on.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        address: String,
    },
    /// Run lint, native tests, wasm tests in headless Chromium and the browser end-to-end test.
    Test {
        /// Run only these parts (default: all, in order lint, native, wasm, e2e).
        #[arg(value_enum)]
        parts: Vec<test::Part>,
    },
    /// Measure matmul, training steps and the wasm bundle size (a report, never a gate);
    /// `bench gpu` and `bench --spec FILE` time the GPU backend and the browser engines.
    Bench(bench::BenchArgs),
    /// Fuzz every parser of outside input (cargo fuzz on nightly; see fuzz/README.md).
    Fuzz {
        /// Seconds per target.
        #[arg(default_value_t = 60)]
        seconds: u64,
        /// Only these targets (default: all).
        targets: Vec<String>,
    },
    /// Train the Transformer preset in headless Chromium for MINUTES, sampling its memory
    /// each minute; fails when memory keeps growing (writes target/soak/report.json).
    Soak(soak::SoakArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Serve { port, address } => serve::serve(&address, port),
        Task::Test { parts } => test::test(&parts),
        Task::Bench(args) => bench::run_task(args),
        Task::Fuzz { seconds, targets } => fuzz::fuzz(seconds, &targets),
        Task::Soak(args) => soak::soak(args),
    };
    // Printed by hand: anyhow's `Termination` adds a backtrace whenever RUST_BACKTRACE is set,
    // which buries the one line that names the failing step.
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: FAILED: {error:#}");
            ExitCode::FAILURE
        }
    }
}
