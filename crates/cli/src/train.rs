//! `nnplay train`.

use crate::backend::BackendChoice;
use crate::error::failed;
use crate::{CliError, progress, report, runs};
use clap::Args;
use indicatif::ProgressBar;
use nnplay_data::DatasetKind;
use nnplay_nn::{Activation, OptimizerKind};
use nnplay_tensor::Device;
use nnplay_train::{Metrics, RunSpec, Session, SessionConfig, SpecSession, TrainError, Training};
use std::path::PathBuf;

/// The options of the 2-D network, which a run from a file, a preset, data or a checkpoint
/// does not take.
const NETWORK_OPTIONS: [&str; 12] = [
    "dataset",
    "hidden",
    "activation",
    "optimizer",
    "lr",
    "momentum",
    "batch_size",
    "l1",
    "l2",
    "noise",
    "train_ratio",
    "samples",
];

/// Options of `nnplay train`; anything left out takes the spiral preset's value.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Train the first run of a preset (see `nnplay presets`); --steps defaults to the
    /// preset's documented steps.
    #[arg(long, value_name = "NAME", conflicts_with_all = NETWORK_OPTIONS, conflicts_with_all = ["spec", "data"])]
    preset: Option<String>,
    /// Train the model and data of a run file (a model spec with a "data" entry; see
    /// docs/spec.md) instead of the 2-D options below.
    #[arg(long, value_name = "FILE", conflicts_with_all = NETWORK_OPTIONS)]
    spec: Option<PathBuf>,
    /// Train on your own examples: a .csv table (label in the last column), a .safetensors
    /// file with tensors x and y, a .txt text (character windows) or a folder of images
    /// (one subfolder per class). With --spec, its model trains on them; alone, a model
    /// suggested for the data does. With --resume, the data the checkpoint trained on.
    #[arg(long, value_name = "PATH", conflicts_with_all = NETWORK_OPTIONS)]
    data: Option<PathBuf>,
    /// Continue the run of a checkpoint file (written by --save) for --steps more steps;
    /// the run, its seed and its step come from the file.
    #[arg(long, value_name = "CKPT", conflicts_with_all = NETWORK_OPTIONS, conflicts_with_all = ["preset", "spec", "seed"])]
    resume: Option<PathBuf>,
    /// Write a checkpoint of the run (spec, data settings, weights, optimizer state, step)
    /// to this file at the end; --resume continues it.
    #[arg(long, value_name = "CKPT")]
    save: Option<PathBuf>,
    /// Dataset: circle, xor, gaussian, spiral or plane (regression).
    #[arg(long, default_value = "spiral")]
    dataset: DatasetKind,
    /// Neurons per hidden layer, comma-separated (e.g. 8,8); "none" for no hidden layer.
    #[arg(long, value_parser = parse_hidden)]
    hidden: Option<Hidden>,
    /// Activation of the hidden layers: relu, leaky_relu, elu, gelu, silu, tanh, sigmoid or linear.
    #[arg(long)]
    activation: Option<Activation>,
    /// Optimizer: sgd, momentum, adagrad, rmsprop, adam or adamw.
    #[arg(long)]
    optimizer: Option<OptimizerKind>,
    /// Learning rate.
    #[arg(long)]
    lr: Option<f32>,
    /// Momentum factor (optimizer momentum).
    #[arg(long)]
    momentum: Option<f32>,
    /// Training points per step.
    #[arg(long)]
    batch_size: Option<usize>,
    /// L1 penalty rate on the weights.
    #[arg(long)]
    l1: Option<f32>,
    /// L2 penalty rate on the weights.
    #[arg(long)]
    l2: Option<f32>,
    /// Dataset noise, 0 to 0.5.
    #[arg(long)]
    noise: Option<f32>,
    /// Fraction of points used for training, 0.1 to 0.9.
    #[arg(long)]
    train_ratio: Option<f32>,
    /// Number of points in the dataset.
    #[arg(long)]
    samples: Option<usize>,
    /// Seed of the data, the initial weights and the batch order (for a preset or run
    /// file, replaces the run's seed).
    #[arg(long)]
    seed: Option<u64>,
    /// Optimizer steps to take [default: 3000, or the preset's steps].
    #[arg(long)]
    steps: Option<u64>,
    /// Print one JSON line of metrics every --every steps (and at the end) on stdout.
    #[arg(long)]
    json: bool,
    /// Steps between metric reports (counted from step 0, also when resuming).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    every: u64,
    /// Where to train: cpu, gpu (Vulkan/Metal/DX12 through wgpu; fails without an
    /// adapter) or auto (a hardware GPU when there is one, else the CPU: a software GPU
    /// such as lavapipe is slower than the CPU backend).
    #[arg(long, default_value = "cpu")]
    backend: BackendChoice,
}

/// Hidden layer sizes (a newtype so clap does not read `Vec` as "repeat the flag").
#[derive(Debug, Clone)]
struct Hidden(Vec<usize>);

fn parse_hidden(text: &str) -> Result<Hidden, String> {
    if text.trim() == "none" {
        return Ok(Hidden(Vec::new()));
    }
    text.split(',')
        .map(|part| {
            let part = part.trim();
            part.parse::<usize>().map_err(|_| format!("\"{part}\" is not a number of neurons (expected e.g. 8,8)"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Hidden)
}

impl TrainArgs {
    /// The session config: the spiral preset with every given option applied.
    fn config(&self) -> SessionConfig {
        let mut config = SessionConfig::spiral();
        config.dataset.kind = self.dataset;
        if let Some(Hidden(sizes)) = &self.hidden {
            config.hidden = sizes.clone();
        }
        if let Some(v) = self.activation {
            config.activation = v;
        }
        if let Some(v) = self.optimizer {
            config.optimizer.kind = v;
        }
        if let Some(v) = self.lr {
            config.optimizer.learning_rate = v;
        }
        if let Some(v) = self.momentum {
            config.optimizer.momentum = v;
        }
        if let Some(v) = self.batch_size {
            config.batch_size = v;
        }
        if let Some(v) = self.l1 {
            config.l1 = v;
        }
        if let Some(v) = self.l2 {
            config.l2 = v;
        }
        if let Some(v) = self.noise {
            config.dataset.noise = v;
        }
        if let Some(v) = self.train_ratio {
            config.dataset.train_ratio = v;
        }
        if let Some(v) = self.samples {
            config.dataset.samples = v;
        }
        if let Some(v) = self.seed {
            config.seed = v;
            config.dataset.seed = v;
        }
        config
    }
}

/// Trains and reports; fails with a usage error for a bad config and a run error when
/// the loss diverges.
pub fn run(args: TrainArgs) -> Result<(), CliError> {
    if args.save.is_some()
        && args.preset.is_none()
        && args.spec.is_none()
        && args.data.is_none()
        && args.resume.is_none()
    {
        return Err(CliError::Usage(
            "--save needs a run with a checkpoint format: give --preset, --spec, --data or --resume \
             (the 2-D options train a session that is not saved)"
                .into(),
        ));
    }
    let device = args.backend.device()?;
    let (session, default_steps) = match spec_session(&args, device)? {
        Some(pair) => pair,
        None => {
            let session = Session::on_device(args.config(), device).map_err(|e| CliError::Usage(e.to_string()))?;
            train(session, &args, args.steps.unwrap_or(DEFAULT_STEPS))?;
            return Ok(());
        }
    };
    if !args.json {
        print!("{}", report::layer_table(session.summary()));
    }
    let session = train(session, &args, args.steps.unwrap_or(default_steps))?;
    if let Some(path) = &args.save {
        let bytes = pollster::block_on(session.save()).map_err(failed)?;
        crate::files::write(path, &bytes)?;
        eprintln!("checkpoint: step {} saved to {}", session.steps(), path.display());
    }
    Ok(())
}

/// Steps when neither --steps nor a preset says.
const DEFAULT_STEPS: u64 = 3000;

/// The session of a preset, a run file, the user's data or a checkpoint, with the steps
/// it trains for by default; `None` for the 2-D options.
fn spec_session(args: &TrainArgs, device: Device) -> Result<Option<(SpecSession, u64)>, CliError> {
    let seeded = |run: RunSpec| match args.seed {
        Some(seed) => runs::with_seed(run, seed),
        None => run,
    };
    if let Some(path) = &args.resume {
        return Ok(Some((runs::checkpoint(path, args.data.as_deref(), device)?, DEFAULT_STEPS)));
    }
    if let Some(name) = &args.preset {
        let preset = runs::preset(name)?;
        let run = seeded(runs::first_run(&preset)?);
        return Ok(Some((runs::session(run, device, &format!("preset {name}"))?, preset.check.steps)));
    }
    let session = match (&args.spec, &args.data) {
        (Some(spec), None) => runs::session(seeded(runs::run_file(spec)?), device, &spec.display().to_string())?,
        (Some(spec), Some(data)) => {
            let mut model = runs::model_file(spec)?;
            model.seed = args.seed.unwrap_or(model.seed);
            runs::session_on_data(model, data, device)?
        }
        (None, Some(data)) => {
            let seed = args.seed.unwrap_or(SUGGESTED_SEED);
            let (source, examples) = crate::user_data::load(data, None, seed)?;
            let mut model = nnplay_train::suggest_model(&examples);
            model.seed = seed;
            if !args.json {
                println!("model: suggested for {source} (export it with `nnplay export --format spec` to edit it)");
            }
            SpecSession::with_data(model, &source, examples, device).map_err(|e| runs::build_error(&source, e))?
        }
        (None, None) => return Ok(None),
    };
    Ok(Some((session, DEFAULT_STEPS)))
}

/// The seed of a suggested model when --seed does not give one.
const SUGGESTED_SEED: u64 = 1;

/// Steps `session` `steps` times, reporting metrics every `--every` steps (counted from
/// step 0, so a resumed run reports at the steps the uninterrupted one did). On the GPU
/// every report also copies the weights to the host, so when the device is lost the run
/// goes on on the CPU from the last report.
fn train<S: Training>(mut session: S, args: &TrainArgs, steps: u64) -> Result<S, CliError> {
    let progress = progress::steps_bar(steps, args.json);
    let report = |metrics: &Metrics| -> Result<(), CliError> {
        if !metrics.train_loss.is_finite() {
            return Err(CliError::Run(format!(
                "the loss diverged at step {} (train loss {}); lower the learning rate",
                metrics.step, metrics.train_loss
            )));
        }
        if args.json {
            println!("{}", report::metrics_json(metrics));
        }
        progress.set_message(report::metrics_line(metrics));
        Ok(())
    };
    let first = evaluate(&mut session, &progress)?;
    report(&first)?;
    let (start, end) = (first.step, first.step + steps);
    let mut step = start;
    while step < end {
        session.step().map_err(failed)?;
        step += 1;
        progress.set_position(step - start);
        if step % args.every == 0 || step == end {
            let metrics = evaluate(&mut session, &progress)?;
            // After a fall-back the run goes on from the checkpoint's step.
            step = metrics.step;
            progress.set_position(step.saturating_sub(start));
            report(&metrics)?;
        }
    }
    progress.finish_and_clear();
    if !args.json {
        println!("{}", report::metrics_line(&evaluate(&mut session, &progress)?));
    }
    Ok(session)
}

/// The session's metrics; on the GPU it also checkpoints, and after a GPU failure it
/// moves the run to the CPU (saying so on stderr) and evaluates there.
fn evaluate(session: &mut impl Training, progress: &ProgressBar) -> Result<Metrics, CliError> {
    match pollster::block_on(session.metrics()) {
        Ok(metrics) => {
            if session.device() == Device::Gpu {
                pollster::block_on(session.checkpoint()).map_err(failed)?;
            }
            Ok(metrics)
        }
        Err(TrainError::Tensor(nnplay_tensor::TensorError::Device(_))) if session.device() == Device::Gpu => {
            let notice = session.fall_back_to_cpu().map_err(failed)?;
            progress.suspend(|| eprintln!("warning: {notice}"));
            pollster::block_on(session.metrics()).map_err(failed)
        }
        Err(error) => Err(failed(error)),
    }
}
