//! `nnplay bench`: the numbers behind the README's speed figures. Reports only.

use crate::CliError;
use clap::{Args, ValueEnum};
use nnplay_train::{Session, SessionConfig};
use std::time::Instant;

/// Options of `nnplay bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// What to measure.
    #[arg(value_enum)]
    what: BenchTarget,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum BenchTarget {
    /// gemm vs matrixmultiply for 256², 512², 1024².
    Matmul,
    /// The spiral preset's time per training step and per evaluation.
    Step,
}

/// Runs the chosen measurement and prints a table.
pub fn run(args: BenchArgs) -> Result<(), CliError> {
    match args.what {
        BenchTarget::Matmul => {
            let origin = Instant::now();
            let now = move || origin.elapsed().as_secs_f64();
            let rows = nnplay_tensor::bench::matmul_comparison(&[32, 64, 128, 256, 512, 1024], &now);
            print!("native ({})\n{}", std::env::consts::ARCH, nnplay_tensor::bench::format_table(&rows));
        }
        BenchTarget::Step => {
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
        }
    }
    Ok(())
}
