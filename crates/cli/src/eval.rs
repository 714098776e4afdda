//! `nnplay eval`: the loss and accuracy of a checkpoint's run.

use crate::backend::BackendChoice;
use crate::error::failed;
use crate::{CliError, report, runs};
use clap::Args;
use std::path::PathBuf;

/// Options of `nnplay eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// A checkpoint file written by `nnplay train --save`.
    #[arg(long, value_name = "CKPT")]
    checkpoint: PathBuf,
    /// The data the run trained on, when it trained on your own (see `nnplay train --data`).
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// One JSON line of metrics on stdout instead of the sentence.
    #[arg(long)]
    json: bool,
    /// Where to evaluate: cpu, gpu or auto.
    #[arg(long, default_value = "cpu")]
    backend: BackendChoice,
}

/// Evaluates the checkpoint's model on its run's training and test sets.
pub fn run(args: EvalArgs) -> Result<(), CliError> {
    let device = args.backend.device()?;
    let session = runs::checkpoint(&args.checkpoint, args.data.as_deref(), device)?;
    let metrics = pollster::block_on(session.metrics()).map_err(failed)?;
    if args.json {
        println!("{}", report::metrics_json(&metrics));
    } else {
        println!("{}", report::metrics_line(&metrics));
    }
    Ok(())
}
