//! Where a subcommand's run comes from: a preset, a run file, a checkpoint, or the user's
//! data; every error names the file or the preset.

use crate::CliError;
use crate::error::bad_file;
use nnplay_nn::ModelSpec;
use nnplay_tensor::Device;
use nnplay_train::presets::{self, Preset};
use nnplay_train::{RunData, RunSpec, SpecSession, TrainError};
use std::path::Path;

/// The preset called `name`, or a usage error listing the presets.
pub fn preset(name: &str) -> Result<Preset, CliError> {
    presets::find(name).map_err(|e| CliError::Usage(e.to_string()))
}

/// The first run of the preset called `name`: the one the page opens.
pub fn preset_run(name: &str) -> Result<RunSpec, CliError> {
    first_run(&preset(name)?)
}

/// The first run of `preset`.
pub fn first_run(preset: &Preset) -> Result<RunSpec, CliError> {
    preset.run().map_err(|e| CliError::Run(format!("preset {}: {e}", preset.name)))
}

/// The run file at `path` (a model spec with a `"data"` entry).
pub fn run_file(path: &Path) -> Result<RunSpec, CliError> {
    RunSpec::from_json(&crate::files::read_text(path, "spec file")?).map_err(|e| bad_file(path, with_data_hint(e)))
}

/// The error, with the option to use when it asks for a run's imported data.
fn with_data_hint(error: TrainError) -> String {
    let message = error.to_string();
    if message.contains("imported data") { format!("{message} (give it with --data)") } else { message }
}

/// The model spec at `path`: a run file (its `"data"` is ignored) or a bare model spec.
pub fn model_file(path: &Path) -> Result<ModelSpec, CliError> {
    let text = crate::files::read_text(path, "spec file")?;
    model_without_data(&text).map_err(|e| bad_file(path, e))
}

fn model_without_data(text: &str) -> Result<ModelSpec, String> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("spec: {e}"))?;
    if let Some(object) = value.as_object_mut() {
        object.remove("data");
    }
    ModelSpec::from_json(&value.to_string()).map_err(|e| e.to_string())
}

/// `run` with its seed replaced: the weights, the batch order and dropout, the generated
/// data, and a 2-D set's own seed.
pub fn with_seed(mut run: RunSpec, seed: u64) -> RunSpec {
    run.model.seed = seed;
    if let RunData::Points(config) = &mut run.data {
        config.seed = seed;
    }
    run
}

/// The session of `run` on `device`; a run that does not build is a usage error naming
/// `origin` (the file or preset it came from).
pub fn session(run: RunSpec, device: Device, origin: &str) -> Result<SpecSession, CliError> {
    SpecSession::on_device(run, device).map_err(|e| build_error(origin, e))
}

/// A session that could not be built: the spec or data is wrong (usage), or the device
/// failed (run).
pub fn build_error(origin: &str, error: TrainError) -> CliError {
    match error {
        TrainError::Tensor(e) => CliError::Run(format!("{origin}: {e}")),
        other => CliError::Usage(format!("{origin}: {other}")),
    }
}

/// Trains `model` on the user's data at `data` (see [`crate::user_data`]).
pub fn session_on_data(model: ModelSpec, data: &Path, device: Device) -> Result<SpecSession, CliError> {
    let (source, examples) = crate::user_data::load(data, Some(&model.input), model.seed)?;
    SpecSession::with_data(model, &source, examples, device).map_err(|e| build_error(&source, e))
}

/// The run saved in the checkpoint at `path`, resumed on `device`; a run on imported data
/// needs that data again (`data`).
pub fn checkpoint(path: &Path, data: Option<&Path>, device: Device) -> Result<SpecSession, CliError> {
    let bytes = crate::files::read(path, "checkpoint")?;
    let origin = path.display().to_string();
    match data {
        None => SpecSession::resume(&bytes, device).map_err(|e| match e {
            TrainError::Tensor(_) => build_error(&origin, e),
            spec => CliError::Usage(format!("{origin}: {}", with_data_hint(spec))),
        }),
        Some(data) => {
            let model = checkpoint_model(&bytes).map_err(|e| bad_file(path, e))?;
            let (source, examples) = crate::user_data::load(data, Some(&model.input), model.seed)?;
            SpecSession::resume_with_data(&bytes, device, &source, examples).map_err(|e| build_error(&origin, e))
        }
    }
}

/// The model spec a checkpoint records (its `run` metadata, see
/// `nnplay_train::checkpoint`), read before its data is, since the data's shape depends on it.
fn checkpoint_model(bytes: &[u8]) -> Result<ModelSpec, String> {
    let not_a_checkpoint = || "checkpoint: not an NN Playground checkpoint (no run in its metadata)".to_string();
    let (_, header) = safetensors::SafeTensors::read_metadata(bytes)
        .map_err(|e| format!("checkpoint: not a safetensors file ({e})"))?;
    let run = header.metadata().as_ref().and_then(|m| m.get("run")).ok_or_else(not_a_checkpoint)?;
    model_without_data(run).map_err(|e| format!("checkpoint: its run: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MLP: &str = include_str!("../../../examples/mlp.json");

    #[test]
    fn a_run_file_gives_its_model_without_the_data() {
        let model = model_without_data(MLP).unwrap();
        assert_eq!(model.input, vec![2]);
        assert_eq!(model.layers.len(), 5);
    }

    #[test]
    fn the_seed_reaches_the_weights_and_a_2d_set() {
        let run = with_seed(RunSpec::from_json(MLP).unwrap(), 42);
        assert_eq!(run.model.seed, 42);
        let RunData::Points(config) = run.data else { panic!("mlp.json trains on a 2-D set") };
        assert_eq!(config.seed, 42);
    }

    #[test]
    fn a_file_that_is_not_a_checkpoint_says_so() {
        let err = checkpoint_model(b"hello").unwrap_err();
        assert!(err.starts_with("checkpoint: not a safetensors file"), "{err}");
    }
}
