//! The session the trainer holds: the 2-D playground's or a run spec's (an example's or
//! a loaded run's), behind one set of methods so the training loop need not care which.

use super::library::Library;
use super::protocol::{BuiltRun, Model, RunRef, Target};
use crate::examples::Example;
use nnplay_data::Dataset2d;
use nnplay_tensor::{Device, Tensor, TensorError};
use nnplay_train::{Boundary, GradientSurge, Metrics, RunData, Session, Snapshot, SpecSession, TrainError};

/// A training session of either kind.
pub enum Run {
    Points(Session),
    Spec {
        run: RunRef,
        /// The start of its download names.
        stem: String,
        session: SpecSession,
        /// The points of a loaded run on 2-D data, whose decision boundary the page draws.
        plane: Option<Dataset2d>,
    },
}

impl Run {
    /// Builds the session `target` asks for; loaded runs come from `library`.
    pub fn build(target: &Target, library: &mut Library) -> Result<Run, TrainError> {
        let device = target.device;
        let run = match &target.model {
            Model::Points(config) => return Ok(Run::Points(Session::on_device(config.clone(), device)?)),
            Model::Spec(run) => *run,
        };
        let (session, stem) = match run {
            RunRef::Example(example) => {
                let spec = example
                    .run_spec()
                    .ok_or_else(|| TrainError::Spec(format!("{} has no run spec", example.title())))??;
                (SpecSession::on_device(spec, device)?, example.name().to_string())
            }
            RunRef::Loaded(id) => (library.session(id, device)?, library.stem(id)),
        };
        // The examples keep to their layers view; loaded runs on points show the plane.
        let plane = match (run, session.run().data) {
            (RunRef::Loaded(_), RunData::Points(config)) => Dataset2d::generate(&config).ok(),
            _ => None,
        };
        Ok(Run::Spec { run, stem, session, plane })
    }

    /// How the page knows this run.
    pub fn run_ref(&self) -> RunRef {
        match self {
            Run::Points(_) => RunRef::Example(Example::Playground),
            Run::Spec { run, .. } => *run,
        }
    }

    /// What the page needs to know about a freshly built session.
    pub fn built(&self) -> BuiltRun {
        match self {
            Run::Points(session) => BuiltRun {
                run: RunRef::Example(Example::Playground),
                device: session.device(),
                data: Some(session.data().clone()),
                layers: Vec::new(),
                live: None,
            },
            Run::Spec { run, session, plane, .. } => BuiltRun {
                run: *run,
                device: session.device(),
                data: plane.clone(),
                layers: session.summary().to_vec(),
                live: Some(session.live()),
            },
        }
    }

    /// The start of this run's download names: `playground-spiral`, `cnn`, `digits`…
    pub fn stem(&self) -> String {
        match self {
            Run::Points(session) => format!("playground-{}", session.config().dataset.kind.name()),
            Run::Spec { stem, .. } => stem.clone(),
        }
    }

    /// The files of the PyTorch export of the model as trained so far.
    pub async fn export_files(&self) -> Result<Vec<(String, Vec<u8>)>, String> {
        let (spec, weights) = match self {
            Run::Points(session) => (
                nnplay_train::model_spec(session.config()),
                nnplay_train::weights::to_safetensors(session.params()).await,
            ),
            Run::Spec { session, .. } => (session.spec().clone(), session.weights_safetensors().await),
        };
        let weights = weights.map_err(|e| e.to_string())?;
        nnplay_train::export::pytorch::bundle(&spec, weights).map_err(|e| e.to_string())
    }

    /// The checkpoint file of the run as it stands, and its step.
    pub async fn save(&self) -> Result<(Vec<u8>, u64), String> {
        match self {
            Run::Points(_) => Err(crate::texts::label::NO_PLAYGROUND_CHECKPOINT.en.to_string()),
            Run::Spec { session, .. } => Ok((session.save().await.map_err(|e| e.to_string())?, session.steps())),
        }
    }

    /// Whether serving `target` takes a new session rather than a change to this one.
    pub fn needs_rebuild(&self, target: &Target) -> bool {
        self.device() != target.device
            || match (self, &target.model) {
                (Run::Points(session), Model::Points(config)) => session.config().needs_reset(config),
                (Run::Spec { run, .. }, Model::Spec(wanted)) => run != wanted,
                _ => true,
            }
    }

    /// Applies the settings of `target` that need no new session: the 2-D playground's
    /// training settings, or a run spec's optimizer, batch size and L1/L2 rates.
    pub fn apply_live(&mut self, target: &Target) -> Result<(), TrainError> {
        match (self, &target.model, &target.live) {
            (Run::Points(session), Model::Points(config), _) if session.config() != config => {
                session.apply_live(config)?;
            }
            (Run::Spec { session, .. }, Model::Spec(_), Some(live)) if session.live() != *live => {
                session.apply_live(live)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// The device the session trains on.
    pub fn device(&self) -> Device {
        match self {
            Run::Points(session) => session.device(),
            Run::Spec { session, .. } => session.device(),
        }
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        match self {
            Run::Points(session) => session.steps(),
            Run::Spec { session, .. } => session.steps(),
        }
    }

    /// One optimizer step; on the GPU it is only recorded.
    pub fn step(&mut self) -> Result<(), TrainError> {
        match self {
            Run::Points(session) => session.step(),
            Run::Spec { session, .. } => session.step(),
        }
    }

    /// One optimizer step, giving the batch objective as an unread device tensor; with
    /// `measure` it also measures the gradients' global norm on the device for
    /// [`Run::watch_gradients`] (only the norm before an evaluation is ever read).
    pub fn step_with_loss(&mut self, measure: bool) -> Result<Tensor, TrainError> {
        match (self, measure) {
            (Run::Points(session), true) => session.step_measuring(),
            (Run::Points(session), false) => session.step_with_loss(),
            (Run::Spec { session, .. }, true) => session.step_measuring(),
            (Run::Spec { session, .. }, false) => session.step_with_loss(),
        }
    }

    /// Reads the gradient norm the last measuring [`Run::step_with_loss`] left and watches it
    /// with `loss`: a warning when the gradients are exploding while the loss is finite.
    pub async fn watch_gradients(&mut self, loss: f32) -> Result<Option<GradientSurge>, TrainError> {
        match self {
            Run::Points(session) => session.watch_gradients(loss).await,
            Run::Spec { session, .. } => session.watch_gradients(loss).await,
        }
    }

    /// The learning rate the next step uses: the run spec's schedule applied to its base
    /// rate (the 2-D playground has no schedule).
    pub fn learning_rate(&self) -> f32 {
        match self {
            Run::Points(session) => session.config().optimizer.learning_rate,
            Run::Spec { session, .. } => session.learning_rate(),
        }
    }

    /// Waits until the device has done every step recorded so far by reading the batch
    /// `loss` of the last one (from [`Run::step_with_loss`]), and gives it.
    pub async fn wait_for(&self, loss: Tensor) -> Result<f32, TrainError> {
        Ok(loss.to_scalar().await?)
    }

    /// Loss and accuracy on the whole training and test sets.
    pub async fn metrics(&self) -> Result<Metrics, TrainError> {
        match self {
            Run::Points(session) => session.metrics().await,
            Run::Spec { session, .. } => session.metrics().await,
        }
    }

    /// The decision boundary, for the 2-D playground.
    pub async fn boundary(&self, resolution: usize) -> Result<Option<Boundary>, TrainError> {
        match self {
            Run::Points(session) => Ok(Some(session.boundary(resolution).await?)),
            Run::Spec { session, plane: Some(_), .. } => session.boundary(resolution).await,
            Run::Spec { .. } => Ok(None),
        }
    }

    /// The class probabilities the model gives one example `input` (row-major values of
    /// the model's input shape): what the drawing pad shows.
    pub async fn classify(&self, input: &[f32]) -> Result<Vec<f32>, TrainError> {
        let Run::Spec { session, .. } = self else {
            return Err(TrainError::Spec("the 2-D playground classifies points, not drawings".into()));
        };
        let shape = session.spec().input.clone();
        let width: usize = shape.iter().product();
        if input.len() != width {
            return Err(TrainError::Spec(format!(
                "the drawing has {} values; the model takes {} ({})",
                input.len(),
                width,
                shape.iter().map(usize::to_string).collect::<Vec<_>>().join("×")
            )));
        }
        let inputs = Tensor::from_vec(input.to_vec(), [&[1][..], &shape].concat(), session.device())?;
        let scores = session.predict(&inputs)?;
        Ok(scores.softmax_last(false)?.to_vec().await?)
    }

    /// Copies the weights to the host, for [`Run::fall_back_to_cpu`].
    pub async fn checkpoint(&mut self) -> Result<(), TrainError> {
        match self {
            Run::Points(session) => session.checkpoint().await,
            Run::Spec { session, .. } => session.checkpoint().await,
        }
    }

    /// Moves the session to the CPU from its last checkpoint; the notice says so.
    pub fn fall_back_to_cpu(&mut self) -> Result<String, TrainError> {
        match self {
            Run::Points(session) => session.fall_back_to_cpu(),
            Run::Spec { session, .. } => session.fall_back_to_cpu(),
        }
    }

    /// The state to go back to if the loss diverges later: weights, optimizer state and
    /// batch position.
    pub fn snapshot(&self) -> Option<Snapshot> {
        match self {
            Run::Points(session) => Some(session.snapshot()),
            Run::Spec { session, .. } => Some(session.snapshot()),
        }
    }

    /// Goes back to `snapshot`, taken from this session.
    pub fn restore(&mut self, snapshot: Snapshot) {
        match self {
            Run::Points(session) => session.restore(snapshot),
            Run::Spec { session, .. } => session.restore(snapshot),
        }
    }
}

/// Whether `error` means the GPU failed (lost, reset, a kernel rejected) rather than
/// the model or its data.
pub fn is_device_failure(error: &TrainError) -> bool {
    matches!(error, TrainError::Tensor(TensorError::Device(_))) || nnplay_tensor::gpu::fault().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_train::SessionConfig;

    fn run(model: Model) -> Run {
        Run::build(&Target { model, device: Device::Cpu, live: None }, &mut Library::default()).unwrap()
    }

    fn names(files: &[(String, Vec<u8>)]) -> Vec<&str> {
        files.iter().map(|(name, _)| name.as_str()).collect()
    }

    #[test]
    fn the_playground_and_the_examples_export_to_pytorch() {
        let expected = ["model.py", "weights.safetensors", "spec.json", "README.md"];
        let playground = run(Model::Points(SessionConfig::spiral()));
        let files = pollster::block_on(playground.export_files()).unwrap();
        assert_eq!(names(&files), expected);
        assert_eq!(playground.stem(), "playground-spiral");
        let cnn = run(Model::Spec(RunRef::Example(Example::Cnn)));
        assert_eq!(names(&pollster::block_on(cnn.export_files()).unwrap()), expected);
    }

    #[test]
    fn a_drawing_of_the_right_size_gets_probabilities_and_another_an_error() {
        let cnn = run(Model::Spec(RunRef::Example(Example::Cnn)));
        let width: usize = match &cnn {
            Run::Spec { session, .. } => session.spec().input.iter().product(),
            Run::Points(_) => unreachable!("a spec run"),
        };
        let probabilities = pollster::block_on(cnn.classify(&vec![0.5; width])).unwrap();
        assert!((probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4, "{probabilities:?}");
        let error = pollster::block_on(cnn.classify(&[1.0, 2.0])).unwrap_err().to_string();
        assert!(error.contains("the drawing has 2 values"), "{error}");
    }

    #[test]
    fn spec_runs_go_back_to_a_snapshot_as_the_playground_does() {
        let mut gru = run(Model::Spec(RunRef::Example(Example::Gru)));
        gru.step().unwrap();
        let snapshot = gru.snapshot().expect("spec runs keep their last good state too");
        let at_snapshot = pollster::block_on(gru.metrics()).unwrap();
        for _ in 0..3 {
            gru.step().unwrap();
        }
        gru.restore(snapshot);
        assert_eq!(gru.steps(), 1);
        assert_eq!(pollster::block_on(gru.metrics()).unwrap(), at_snapshot);
    }

    #[test]
    fn only_run_specs_save_checkpoints_named_by_their_step() {
        let playground = run(Model::Points(SessionConfig::spiral()));
        let error = pollster::block_on(playground.save()).unwrap_err();
        assert!(error.starts_with("The 2-D playground has no checkpoint file"), "{error}");
        let mut gru = run(Model::Spec(RunRef::Example(Example::Gru)));
        gru.step().unwrap();
        let (bytes, step) = pollster::block_on(gru.save()).unwrap();
        assert_eq!(step, 1);
        let resumed = SpecSession::resume(&bytes, Device::Cpu).unwrap();
        assert_eq!(resumed.steps(), 1);
    }
}
