//! The 2-D playground session: TensorFlow-Playground data and an MLP built from a
//! [`SessionConfig`], with the decision boundary for the page.

use crate::core::{Core, Examples, HostCheckpoint, Objective, Snapshot, fallback_notice};
use crate::{Boundary, ConfigError, SessionConfig};
use nnplay_data::{Dataset2d, EXTENT, Point, Task};
use nnplay_nn::loss::Loss;
use nnplay_nn::schedule::LrSchedule;
use nnplay_nn::{Activation, Init, LayerSpec, ModelSpec, Regularization};
use nnplay_tensor::{Device, Tensor, TensorError};
use serde::{Deserialize, Serialize};

/// Why a session could not be built or advanced.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Spec(String),
    #[error("tensor error: {0}")]
    Tensor(#[from] TensorError),
}

/// How the model does on the whole training and test sets at one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Steps taken so far.
    pub step: u64,
    /// Passes over the training set so far (fractional).
    pub epoch: f32,
    pub train_loss: f32,
    pub test_loss: f32,
    /// Fraction classified right (classification only).
    pub train_accuracy: Option<f32>,
    pub test_accuracy: Option<f32>,
}

/// The 2-D playground: data + MLP + optimizer + metrics, advanced by [`Session::step`].
pub struct Session {
    config: SessionConfig,
    data: Dataset2d,
    device: Device,
    pub(crate) core: Core,
    /// The last copy of the weights on the host (see [`Session::checkpoint`]).
    checkpoint: Option<HostCheckpoint>,
}

/// The model spec of a 2-D session: hidden dense layers with the activation between
/// them (Xavier or He initialised), and a linear output of 2 logits or 1 value.
pub fn model_spec(config: &SessionConfig) -> ModelSpec {
    let mut layers = Vec::new();
    for &units in &config.hidden {
        layers.push(LayerSpec::Dense { units, init: Some(Init::for_activation(config.activation)) });
        layers.push(LayerSpec::Activation { function: config.activation });
    }
    let (outputs, loss) = match config.dataset.kind.task() {
        Task::Classification => (2, Loss::CrossEntropy { ignore_index: -100, label_smoothing: 0.0 }),
        Task::Regression => (1, Loss::Mse),
    };
    layers
        .push(LayerSpec::Dense { units: outputs, init: Some(Init::XavierUniform { gain: Activation::Linear.gain() }) });
    ModelSpec {
        input: vec![2],
        layers,
        loss,
        optimizer: config.optimizer.clone(),
        regularization: Regularization { l1: config.l1, l2: config.l2, parameters: Vec::new() },
        schedule: LrSchedule::Constant,
        batch_size: config.batch_size,
        seed: config.seed,
    }
}

/// Inputs `[n, 2]` scaled to `[-1, 1]` and targets (`[n]` classes or `[n, 1]` values).
pub(crate) fn examples(points: &[Point], task: Task, device: Device) -> Result<Examples, TensorError> {
    let inputs: Vec<f32> = points.iter().flat_map(|p| [p.x / EXTENT, p.y / EXTENT]).collect();
    let labels: Vec<f32> = points.iter().map(|p| p.label).collect();
    let target_shape: &[usize] = match task {
        Task::Classification => &[],
        Task::Regression => &[1],
    };
    Examples::new(inputs, &[2], labels, target_shape, points.len(), device)
}

/// Classes are scored for accuracy, values are not.
pub(crate) fn objective(task: Task) -> Objective {
    match task {
        Task::Classification => Objective::Classes,
        Task::Regression => Objective::Values,
    }
}

impl Session {
    /// Generates the data and builds the network of `config` on the CPU.
    pub fn new(config: SessionConfig) -> Result<Session, TrainError> {
        Session::on_device(config, Device::Cpu)
    }

    /// Like [`Session::new`] on a chosen device.
    pub fn on_device(config: SessionConfig, device: Device) -> Result<Session, TrainError> {
        config.validate()?;
        let data = Dataset2d::generate(&config.dataset).map_err(ConfigError::from)?;
        let task = data.task();
        let objective = objective(task);
        let train = examples(&data.train, task, device)?;
        let test = examples(&data.test, task, device)?;
        let core = Core::new(model_spec(&config), objective, train, test, device)?;
        Ok(Session { config, data, device, core, checkpoint: None })
    }

    /// The device the session trains on.
    pub fn device(&self) -> Device {
        self.device
    }
    /// Copies the weights to the host, for [`Session::fall_back_to_cpu`].
    pub async fn checkpoint(&mut self) -> Result<(), TrainError> {
        self.checkpoint = Some(self.core.host_checkpoint().await?);
        Ok(())
    }
    /// Rebuilds the session on the CPU from the last checkpoint after the GPU failed,
    /// and says so in a sentence for the user.
    pub fn fall_back_to_cpu(&mut self) -> Result<String, TrainError> {
        let mut rebuilt = Session::on_device(self.config.clone(), Device::Cpu)?;
        if let Some(checkpoint) = &self.checkpoint {
            rebuilt.core.resume(checkpoint)?;
        }
        (self.device, self.core) = (Device::Cpu, rebuilt.core);
        Ok(fallback_notice(self.checkpoint.as_ref()))
    }
    /// The config this session runs (with live changes applied).
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }
    /// The generated points, for plotting.
    pub fn data(&self) -> &Dataset2d {
        &self.data
    }
    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.core.steps
    }
    /// Passes over the training set so far.
    pub fn epoch(&self) -> f32 {
        self.core.epoch()
    }
    /// The trainable parameters.
    pub fn params(&self) -> &nnplay_nn::ParamStore {
        &self.core.params
    }
    /// The current weights, optimizer state and batch position.
    pub fn snapshot(&self) -> Snapshot {
        self.core.snapshot()
    }
    /// Goes back to `snapshot` (taken from this session): the run continues from there
    /// as if nothing had happened since, keeping the current hyper-parameters.
    pub fn restore(&mut self, snapshot: Snapshot) {
        self.core.restore(snapshot);
    }

    /// Applies the changes of `config` that need no reset (learning rate, batch size,
    /// optimizer and its settings, L1/L2) and returns `true`; returns `false` and changes
    /// nothing when `config` needs a fresh session. Changing the optimizer's kind or its
    /// settings other than the learning rate restarts its state (momentum, moments).
    pub fn apply_live(&mut self, config: &SessionConfig) -> Result<bool, TrainError> {
        if self.config.needs_reset(config) {
            return Ok(false);
        }
        config.validate()?;
        let mut same_optimizer = config.optimizer.clone();
        same_optimizer.learning_rate = self.config.optimizer.learning_rate;
        if same_optimizer != self.config.optimizer {
            self.core.optimizer = config.optimizer.build();
        } else {
            self.core.optimizer.set_learning_rate(config.optimizer.learning_rate);
        }
        self.core.spec = model_spec(config);
        self.config = config.clone();
        Ok(true)
    }

    /// One optimizer step on the next mini-batch. Reads nothing back from the device.
    pub fn step(&mut self) -> Result<(), TrainError> {
        self.core.step().map(drop)
    }
    /// One optimizer step, giving the batch's objective (loss plus penalties) before the
    /// update as a one-value tensor on the device, not yet read.
    pub fn step_with_loss(&mut self) -> Result<Tensor, TrainError> {
        self.core.step()
    }
    /// As [`Session::step_with_loss`], also measuring the global norm of the step's
    /// gradients on the device (no read) for [`Session::watch_gradients`].
    pub fn step_measuring(&mut self) -> Result<Tensor, TrainError> {
        self.core.step_measuring()
    }
    /// Reads the gradient norm the last [`Session::step_measuring`] measured (once) and
    /// watches it with `loss`: a warning when the gradients explode while the loss is
    /// still finite (see [`crate::surge`]).
    pub async fn watch_gradients(&mut self, loss: f32) -> Result<Option<crate::GradientSurge>, TrainError> {
        Ok(self.core.watch_gradients(loss).await?)
    }

    /// Loss and accuracy on the whole training and test sets (without the L1/L2 penalty).
    pub async fn metrics(&self) -> Result<Metrics, TrainError> {
        let (train_loss, train_accuracy) = self.core.evaluate(&self.core.train).await?;
        let (test_loss, test_accuracy) = self.core.evaluate(&self.core.test).await?;
        Ok(Metrics { step: self.steps(), epoch: self.epoch(), train_loss, test_loss, train_accuracy, test_accuracy })
    }

    /// The model's output on a `resolution × resolution` grid over the data square.
    pub async fn boundary(&self, resolution: usize) -> Result<Boundary, TrainError> {
        crate::boundary::boundary(&self.core, self.data.task(), resolution).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_data::DatasetKind;
    use nnplay_nn::OptimizerKind;
    use nnplay_tensor::engine_test;

    engine_test! {
        /// The spiral preset reaches ≥ 95 % test accuracy within 3000 steps.
        async fn spiral_preset_learns_the_spiral() {
            let mut session = Session::new(SessionConfig::spiral()).unwrap();
            let before = session.metrics().await.unwrap();
            for _ in 0..3000 {
                session.step().unwrap();
            }
            let after = session.metrics().await.unwrap();
            assert_eq!(after.step, 3000);
            let accuracy = after.test_accuracy.unwrap();
            assert!(accuracy >= 0.95, "test accuracy {accuracy}, metrics {after:?}");
            assert!(after.test_loss < before.test_loss / 2.0, "{before:?} -> {after:?}");
        }
    }

    engine_test! {
        async fn same_config_same_run() {
            let run = || async {
                let mut session = Session::new(SessionConfig::spiral()).unwrap();
                for _ in 0..50 {
                    session.step().unwrap();
                }
                session.metrics().await.unwrap()
            };
            assert_eq!(run().await, run().await);
        }
    }

    engine_test! {
        async fn regression_and_every_optimizer_lower_the_loss() {
            for kind in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
                let mut config = SessionConfig::spiral();
                config.dataset.kind = DatasetKind::Plane;
                config.optimizer.kind = kind;
                config.optimizer.learning_rate = if kind == OptimizerKind::Adam { 0.01 } else { 0.05 };
                config.l2 = 0.001;
                let mut session = Session::new(config).unwrap();
                let before = session.metrics().await.unwrap();
                for _ in 0..300 {
                    session.step().unwrap();
                }
                let after = session.metrics().await.unwrap();
                assert!(after.test_accuracy.is_none());
                assert!(after.train_loss < before.train_loss * 0.5, "{kind:?}: {before:?} -> {after:?}");
            }
        }
    }

    engine_test! {
        async fn restoring_a_snapshot_replays_the_same_steps() {
            let mut session = Session::new(SessionConfig::spiral()).unwrap();
            for _ in 0..20 {
                session.step().unwrap();
            }
            let snapshot = session.snapshot();
            assert_eq!(snapshot.steps(), 20);
            for _ in 0..30 {
                session.step().unwrap();
            }
            let first = session.metrics().await.unwrap();
            session.restore(snapshot);
            assert_eq!(session.steps(), 20);
            for _ in 0..30 {
                session.step().unwrap();
            }
            assert_eq!(session.metrics().await.unwrap(), first);
        }
    }

    engine_test! {
        async fn boundary_covers_the_grid_in_range() {
            let session = Session::new(SessionConfig::spiral()).unwrap();
            let boundary = session.boundary(16).await.unwrap();
            assert_eq!(boundary.values.len(), 256);
            assert!(boundary.values.iter().all(|v| (-1.0..=1.0).contains(v)));
            assert_eq!(boundary.extent, EXTENT);
        }
    }

    engine_test! {
        async fn live_changes_apply_without_reset_and_structural_ones_are_refused() {
            let mut session = Session::new(SessionConfig::spiral()).unwrap();
            for _ in 0..10 {
                session.step().unwrap();
            }
            let mut config = session.config().clone();
            config.optimizer.learning_rate = 0.001;
            config.batch_size = 25;
            assert!(session.apply_live(&config).unwrap());
            session.step().unwrap();
            assert_eq!(session.steps(), 11);
            assert_eq!(session.config().batch_size, 25);
            config.hidden = vec![3];
            assert!(!session.apply_live(&config).unwrap());
            assert_eq!(session.config().hidden, vec![8, 8]);
            config.hidden = vec![8, 8];
            config.batch_size = 0;
            let err = session.apply_live(&config).unwrap_err();
            assert!(err.to_string().starts_with("batch size is 0"), "{err}");
        }
    }

    engine_test! {
        async fn bad_config_is_refused_with_the_reason() {
            let mut config = SessionConfig::spiral();
            config.hidden = vec![0];
            let err = Session::new(config).err().unwrap();
            assert_eq!(err.to_string(), "hidden layer 1 has 0 neurons; use 1 to 256");
        }
    }
}
