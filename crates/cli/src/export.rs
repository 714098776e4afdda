//! `nnplay export`: a model as a PyTorch folder, a weights file or a run file.

use crate::error::failed;
use crate::{CliError, files, runs};
use clap::{ArgGroup, Args};
use nnplay_nn::ModelSpec;
use nnplay_tensor::Device;
use nnplay_train::RunSpec;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Options of `nnplay export`.
#[derive(Args, Debug)]
#[command(group(ArgGroup::new("source").required(true).args(["checkpoint", "spec", "preset"])))]
pub struct ExportArgs {
    /// A checkpoint written by `nnplay train --save`: its model with the trained weights.
    #[arg(long, value_name = "CKPT")]
    checkpoint: Option<PathBuf>,
    /// A run file or a bare model spec: its model with its initial weights.
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// A preset (see `nnplay presets`): its first run's model with its initial weights.
    #[arg(long, value_name = "NAME")]
    preset: Option<String>,
    /// The data a checkpoint's run trained on, when it trained on your own.
    #[arg(long, value_name = "PATH", requires = "checkpoint")]
    data: Option<PathBuf>,
    /// pytorch: model.py, weights.safetensors, spec.json and README.md; safetensors: the
    /// weights alone (PyTorch state_dict names); spec: the run file as spec.json (the model
    /// and its "data" entry, which `nnplay train --spec` reads).
    #[arg(long, default_value = "pytorch")]
    format: Format,
    /// The folder to write into (created if missing; files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// What `nnplay export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A folder PyTorch loads: model.py, weights.safetensors, spec.json, README.md.
    Pytorch,
    /// weights.safetensors only.
    Safetensors,
    /// spec.json only: the run file.
    Spec,
}

/// The model to export: its spec, its run's `"data"` entry (if known) and its weights as
/// safetensors.
struct Exported {
    model: ModelSpec,
    data: Option<Value>,
    weights: Vec<u8>,
}

/// A run file: the model spec's fields in their order, then `"data"`.
#[derive(Serialize)]
struct RunFile<'a> {
    #[serde(flatten)]
    model: &'a ModelSpec,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
}

impl Exported {
    fn run_file(&self) -> RunFile<'_> {
        RunFile { model: &self.model, data: self.data.as_ref() }
    }
}

/// Writes the files of `--format` into `--out` and lists them on stdout.
pub fn run(args: ExportArgs) -> Result<(), CliError> {
    let exported = source(&args)?;
    let files = match args.format {
        Format::Pytorch => nnplay_train::export::pytorch::bundle(&exported.model, exported.weights)
            .map_err(|e| CliError::Usage(format!("{}: {e}", origin(&args))))?,
        Format::Safetensors => vec![("weights.safetensors".to_string(), exported.weights)],
        Format::Spec => {
            let text = serde_json::to_string_pretty(&exported.run_file()).expect("a run file serialises");
            vec![("spec.json".to_string(), (text + "\n").into_bytes())]
        }
    };
    files::create_dir(&args.out)?;
    for (name, bytes) in files {
        let path = args.out.join(name);
        files::write(&path, &bytes)?;
        println!("{}", path.display());
    }
    Ok(())
}

/// How messages name the model's source.
fn origin(args: &ExportArgs) -> String {
    match (&args.checkpoint, &args.spec, &args.preset) {
        (Some(path), ..) | (None, Some(path), _) => path.display().to_string(),
        (.., Some(name)) => format!("preset {name}"),
        _ => unreachable!("clap requires one source"),
    }
}

fn source(args: &ExportArgs) -> Result<Exported, CliError> {
    if let Some(path) = &args.checkpoint {
        let session = runs::checkpoint(path, args.data.as_deref(), Device::Cpu)?;
        let run = session.run();
        let weights = pollster::block_on(session.weights_safetensors()).map_err(failed)?;
        return Ok(Exported { data: data_entry(&run), model: run.model, weights });
    }
    if let Some(name) = &args.preset {
        let run = runs::preset_run(name)?;
        let weights = initial_weights(&run.model, &format!("preset {name}"))?;
        return Ok(Exported { data: data_entry(&run), model: run.model, weights });
    }
    let path = args.spec.as_deref().expect("clap requires one source");
    spec_file(path)
}

/// A run file or bare model spec: the model as parsed, with the file's `"data"` entry
/// kept as written.
fn spec_file(path: &Path) -> Result<Exported, CliError> {
    let model = runs::model_file(path)?;
    let text = files::read_text(path, "spec file")?;
    let data = serde_json::from_str::<Value>(&text).ok().and_then(|mut v| v.get_mut("data").map(Value::take));
    let weights = initial_weights(&model, &path.display().to_string())?;
    Ok(Exported { model, data, weights })
}

/// The weights `model` starts training from (its seed draws them).
fn initial_weights(model: &ModelSpec, origin: &str) -> Result<Vec<u8>, CliError> {
    let built = model.build(Device::Cpu).map_err(|e| CliError::Usage(format!("{origin}: {e}")))?;
    pollster::block_on(nnplay_train::weights::to_safetensors(&built.params)).map_err(failed)
}

/// The `"data"` entry of `run`'s file.
fn data_entry(run: &RunSpec) -> Option<Value> {
    let mut file: Value = serde_json::from_str(&run.to_json()).expect("a run serialises to JSON");
    file.get_mut("data").map(Value::take)
}
