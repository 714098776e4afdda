//! `nnplay sample`: text from a checkpoint of a character-level language model.

use crate::backend::BackendChoice;
use crate::{CliError, runs};
use clap::Args;
use nnplay_train::TrainError;
use nnplay_train::sampling::sample_text;
use std::path::PathBuf;

/// Options of `nnplay sample`.
#[derive(Args, Debug)]
pub struct SampleArgs {
    /// A checkpoint of a run on "chars" or "text" data, written by `nnplay train --save`.
    #[arg(long, value_name = "CKPT")]
    checkpoint: PathBuf,
    /// The text to continue (its characters must be in the run's text).
    #[arg(long, default_value = "")]
    prompt: String,
    /// Characters to generate.
    #[arg(long, default_value_t = 200)]
    chars: usize,
    /// 0 always takes the likeliest character, 1 samples the model's distribution, more
    /// flattens it.
    #[arg(long, default_value_t = 0.8)]
    temperature: f32,
    /// Seed of the draws: the same seed gives the same text.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to run the model: cpu, gpu or auto.
    #[arg(long, default_value = "cpu")]
    backend: BackendChoice,
}

/// Prints the prompt followed by the generated characters.
pub fn run(args: SampleArgs) -> Result<(), CliError> {
    let device = args.backend.device()?;
    let session = runs::checkpoint(&args.checkpoint, None, device)?;
    let text = pollster::block_on(sample_text(&session, &args.prompt, args.chars, args.temperature, args.seed))
        .map_err(|e| match e {
            TrainError::Tensor(e) => CliError::Run(e.to_string()),
            other => CliError::Usage(format!("{}: {other}", args.checkpoint.display())),
        })?;
    println!("{}{text}", args.prompt);
    Ok(())
}
