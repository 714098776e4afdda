//! `nnplay predict`: a checkpoint's model run on the examples of a safetensors file.

use crate::backend::BackendChoice;
use crate::error::{bad_file, failed};
use crate::tensor_file::{self, HostTensor};
use crate::{CliError, runs};
use clap::Args;
use nnplay_tensor::{Tensor, TensorError};
use nnplay_train::{SpecSession, TrainError};
use std::path::PathBuf;

/// Options of `nnplay predict`.
#[derive(Args, Debug)]
pub struct PredictArgs {
    /// A checkpoint file written by `nnplay train --save`.
    #[arg(long, value_name = "CKPT")]
    checkpoint: PathBuf,
    /// A safetensors file with a tensor `x` of shape [n, ..the model's input shape].
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// Where to write the outputs: a safetensors file with the tensor `y` (float32, shape
    /// [n, ..the model's output shape]; scores before the softmax for classes).
    #[arg(long, value_name = "FILE")]
    output: PathBuf,
    /// The data the run trained on, when it trained on your own (see `nnplay train --data`).
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Where to run the model: cpu, gpu or auto.
    #[arg(long, default_value = "cpu")]
    backend: BackendChoice,
}

/// Examples per forward pass: bounds the memory of a large input file.
const CHUNK: usize = 1024;

/// Runs the model on every example of `x` and writes `y`.
pub fn run(args: PredictArgs) -> Result<(), CliError> {
    let device = args.backend.device()?;
    let session = runs::checkpoint(&args.checkpoint, args.data.as_deref(), device)?;
    let x = tensor_file::read(&args.input, "x")?;
    let input = &session.spec().input;
    if x.shape.len() != input.len() + 1 || x.shape[1..] != input[..] || x.shape[0] == 0 {
        return Err(bad_file(
            &args.input,
            format!(
                "tensor \"x\" has shape {:?}, but the model takes [n, {}] (n ≥ 1 examples of shape {input:?})",
                x.shape,
                input.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let y = predict(&session, &x).map_err(|e| match e {
        TrainError::Tensor(TensorError::Device(_)) => failed(e),
        // e.g. a token id outside the vocabulary.
        other => bad_file(&args.input, other),
    })?;
    tensor_file::write(&args.output, "y", &y)?;
    eprintln!("wrote y {:?} to {}", y.shape, args.output.display());
    Ok(())
}

/// The model's outputs for the rows of `x`, a chunk at a time.
fn predict(session: &SpecSession, x: &HostTensor) -> Result<HostTensor, TrainError> {
    let row: usize = x.shape[1..].iter().product();
    let mut values = Vec::new();
    let mut shape = Vec::new();
    for chunk in x.values.chunks(CHUNK * row.max(1)) {
        let rows = chunk.len() / row.max(1);
        let inputs = Tensor::from_vec(chunk.to_vec(), [&[rows], &x.shape[1..]].concat(), session.device())?;
        let outputs = session.predict(&inputs)?;
        shape = outputs.dims()[1..].to_vec();
        values.extend(pollster::block_on(outputs.to_vec())?);
    }
    Ok(HostTensor { shape: [&[x.shape[0]], &shape[..]].concat(), values })
}
