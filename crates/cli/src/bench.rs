//! `nnplay bench`: the numbers behind the README's speed figures. Reports only.

mod gpu_matmul;
mod spec_steps;
mod timing;

use crate::CliError;
use clap::{Args, Subcommand};
use nnplay_train::{Session, SessionConfig};
use std::time::Instant;

/// Options of `nnplay bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// What to measure.
    #[command(subcommand)]
    what: BenchTarget,
}

#[derive(Subcommand, Debug)]
enum BenchTarget {
    /// CPU matmul: gemm vs matrixmultiply for 32² … 1024².
    Matmul,
    /// The spiral preset's time per training step and per evaluation.
    Step,
    /// GFLOP/s of the GPU's tiled matmul, its naive baseline kernel and the CPU backend.
    GpuMatmul(gpu_matmul::GpuMatmulArgs),
    /// Milliseconds per training step of run-spec files (e.g. examples/*.json) on one backend.
    Spec(spec_steps::SpecArgs),
}

/// Runs the chosen measurement and prints a table (or JSON where asked).
pub fn run(args: BenchArgs) -> Result<(), CliError> {
    match args.what {
        BenchTarget::Matmul => cpu_matmul(),
        BenchTarget::Step => spiral_step(),
        BenchTarget::GpuMatmul(args) => gpu_matmul::run(args),
        BenchTarget::Spec(args) => spec_steps::run(args),
    }
}

fn cpu_matmul() -> Result<(), CliError> {
    let origin = Instant::now();
    let now = move || origin.elapsed().as_secs_f64();
    let rows = nnplay_tensor::bench::matmul_comparison(&[32, 64, 128, 256, 512, 1024], &now);
    print!("native ({})\n{}", std::env::consts::ARCH, nnplay_tensor::bench::format_table(&rows));
    Ok(())
}

fn spiral_step() -> Result<(), CliError> {
    let mut session = Session::new(SessionConfig::spiral()).map_err(|e| CliError::Run(e.to_string()))?;
    for _ in 0..100 {
        session.step().map_err(|e| CliError::Run(e.to_string()))?;
    }
    let steps = 3000;
    let started = Instant::now();
    for _ in 0..steps {
        session.step().map_err(|e| CliError::Run(e.to_string()))?;
    }
    let per_step = started.elapsed().as_secs_f64() / steps as f64;
    let evaluations = 100;
    let started = Instant::now();
    for _ in 0..evaluations {
        pollster::block_on(session.metrics()).map_err(|e| CliError::Run(e.to_string()))?;
    }
    let per_eval = started.elapsed().as_secs_f64() / evaluations as f64;
    println!("native spiral preset step (batch 64, 8-8 tanh, Adam): {:.1} µs", per_step * 1e6);
    println!("native spiral preset evaluation (1000 points): {:.1} µs", per_eval * 1e6);
    Ok(())
}
