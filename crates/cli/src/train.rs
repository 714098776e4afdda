//! `nnplay train`.

use crate::CliError;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use nnplay_data::DatasetKind;
use nnplay_nn::{Activation, OptimizerKind};
use nnplay_tensor::{Device, gpu};
use nnplay_train::{Metrics, RunSpec, Session, SessionConfig, SpecSession, TrainError, Training};
use std::path::PathBuf;

/// Options of `nnplay train`; anything left out takes the spiral preset's value.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Train the model and data of a run file (a model spec with a "data" entry; see
    /// docs/spec.md) instead of the 2-D options below.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["hidden", "activation", "optimizer", "lr", "momentum", "batch_size", "l1", "l2", "noise", "train_ratio", "samples", "seed"])]
    spec: Option<PathBuf>,
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
    /// Seed of the data, the initial weights and the batch order.
    #[arg(long)]
    seed: Option<u64>,
    /// Optimizer steps to take.
    #[arg(long, default_value_t = 3000)]
    steps: u64,
    /// Print one JSON line of metrics every --every steps (and at the end) on stdout.
    #[arg(long)]
    json: bool,
    /// Steps between metric reports.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    every: u64,
    /// Where to train: cpu, gpu (Vulkan/Metal/DX12 through wgpu; fails without an
    /// adapter) or auto (a hardware GPU when there is one, else the CPU: a software GPU
    /// such as lavapipe is slower than the CPU backend).
    #[arg(long, default_value = "cpu")]
    backend: BackendChoice,
}

/// The value of `--backend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendChoice {
    Cpu,
    Gpu,
    Auto,
}

impl BackendChoice {
    /// Opens the GPU if asked to and, unless it is the CPU by default, says on stderr
    /// where the run trains.
    pub fn device(self) -> Result<Device, CliError> {
        let device = match self {
            BackendChoice::Cpu => Device::Cpu,
            BackendChoice::Gpu => {
                pollster::block_on(gpu::init()).map_err(|e| CliError::Usage(format!("--backend gpu: {e}")))?;
                Device::Gpu
            }
            BackendChoice::Auto => pollster::block_on(Device::auto()),
        };
        // The default (the CPU) goes without saying.
        match (device, gpu::adapter()) {
            (Device::Gpu, Some(adapter)) => eprintln!(
                "backend: GPU ({}, {}{})",
                adapter.name,
                adapter.backend,
                if adapter.is_software { ", a software rasteriser" } else { "" }
            ),
            _ if self == BackendChoice::Auto => eprintln!("backend: CPU (no hardware GPU)"),
            _ => {}
        }
        Ok(device)
    }
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
    let device = args.backend.device()?;
    match &args.spec {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::Usage(format!("cannot read spec file {}: {e}", path.display())))?;
            let run = RunSpec::from_json(&text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            let session =
                SpecSession::on_device(run, device).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            if !args.json {
                print!("{}", summary_table(session.summary()));
            }
            train(session, &args)
        }
        None => {
            let session = Session::on_device(args.config(), device).map_err(|e| CliError::Usage(e.to_string()))?;
            train(session, &args)
        }
    }
}

/// Steps `session`, reporting metrics every `--every` steps. On the GPU every report
/// also copies the weights to the host, so when the device is lost the run goes on on
/// the CPU from the last report.
fn train(mut session: impl Training, args: &TrainArgs) -> Result<(), CliError> {
    let progress = if args.json { ProgressBar::hidden() } else { ProgressBar::new(args.steps) };
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} steps  {msg}  [{elapsed_precise}]")
            .expect("the template is valid"),
    );
    let report = |metrics: &Metrics| -> Result<(), CliError> {
        if !metrics.train_loss.is_finite() {
            return Err(CliError::Run(format!(
                "the loss diverged at step {} (train loss {}); lower the learning rate",
                metrics.step, metrics.train_loss
            )));
        }
        if args.json {
            println!("{}", serde_json::to_string(metrics).expect("metrics serialise"));
        }
        progress.set_message(summary(metrics));
        Ok(())
    };
    report(&evaluate(&mut session, &progress)?)?;
    let mut step = 0;
    while step < args.steps {
        session.step().map_err(|e| CliError::Run(e.to_string()))?;
        step += 1;
        progress.set_position(step);
        if step % args.every == 0 || step == args.steps {
            let metrics = evaluate(&mut session, &progress)?;
            // After a fall-back the run goes on from the checkpoint's step.
            step = metrics.step;
            progress.set_position(step);
            report(&metrics)?;
        }
    }
    progress.finish();
    if !args.json {
        println!("{}", summary(&evaluate(&mut session, &progress)?));
    }
    Ok(())
}

/// The model's layers with their output shapes, parameters and FLOPs, as a table.
fn summary_table(layers: &[nnplay_nn::spec::LayerSummary]) -> String {
    let mut text =
        format!("{:<12} {:<20} {:<16} {:>10} {:>14}\n", "layer", "kind", "output", "params", "FLOPs/example");
    for layer in layers {
        let shape = format!("{:?}", layer.output_shape);
        text +=
            &format!("{:<12} {:<20} {:<16} {:>10} {:>14}\n", layer.path, layer.kind, shape, layer.params, layer.flops);
    }
    let params: usize = layers.iter().map(|l| l.params).sum();
    let flops: u64 = layers.iter().map(|l| l.flops).sum();
    text + &format!("{:<12} {:<20} {:<16} {:>10} {:>14}\n", "total", "", "", params, flops)
}

/// The session's metrics; on the GPU it also checkpoints, and after a GPU failure it
/// moves the run to the CPU (saying so on stderr) and evaluates there.
fn evaluate(session: &mut impl Training, progress: &ProgressBar) -> Result<Metrics, CliError> {
    let run_error = |e: TrainError| CliError::Run(e.to_string());
    match pollster::block_on(session.metrics()) {
        Ok(metrics) => {
            if session.device() == Device::Gpu {
                pollster::block_on(session.checkpoint()).map_err(run_error)?;
            }
            Ok(metrics)
        }
        Err(TrainError::Tensor(nnplay_tensor::TensorError::Device(_))) if session.device() == Device::Gpu => {
            let notice = session.fall_back_to_cpu().map_err(run_error)?;
            progress.suspend(|| eprintln!("warning: {notice}"));
            pollster::block_on(session.metrics()).map_err(run_error)
        }
        Err(error) => Err(run_error(error)),
    }
}

fn summary(m: &Metrics) -> String {
    let accuracy = |a: Option<f32>| a.map(|a| format!(" ({:.1} %)", a * 100.0)).unwrap_or_default();
    format!(
        "step {}: train loss {:.4}{}, test loss {:.4}{}",
        m.step,
        m.train_loss,
        accuracy(m.train_accuracy),
        m.test_loss,
        accuracy(m.test_accuracy)
    )
}
