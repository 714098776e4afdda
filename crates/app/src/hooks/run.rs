//! The session the trainer holds: the 2-D playground's or an example spec's, behind one
//! set of methods so the training loop need not care which.

use crate::examples::Example;
use crate::state::{Built, Model, Target};
use nnplay_nn::spec::LayerSummary;
use nnplay_tensor::{Device, Tensor, TensorError};
use nnplay_train::{Boundary, Metrics, Session, Snapshot, SpecSession, TrainError};
use std::rc::Rc;

/// A training session of either kind.
pub enum Run {
    Points(Session),
    Spec { example: Example, session: SpecSession },
}

impl Run {
    /// Builds the session `target` asks for.
    pub fn build(target: &Target) -> Result<Run, TrainError> {
        match &target.model {
            Model::Points(config) => Ok(Run::Points(Session::on_device(config.clone(), target.device)?)),
            Model::Spec(example) => {
                let run = example
                    .run_spec()
                    .ok_or_else(|| TrainError::Spec(format!("{} has no run spec", example.title())))??;
                Ok(Run::Spec { example: *example, session: SpecSession::on_device(run, target.device)? })
            }
        }
    }

    /// What the page needs to know about a freshly built session.
    pub fn built(&self) -> Built {
        match self {
            Run::Points(session) => Built {
                example: Example::Playground,
                device: session.device(),
                data: Some(Rc::new(session.data().clone())),
                layers: Rc::new([]),
            },
            Run::Spec { example, session } => Built {
                example: *example,
                device: session.device(),
                data: None,
                layers: Rc::<[LayerSummary]>::from(session.summary()),
            },
        }
    }

    /// Whether serving `target` takes a new session rather than a change to this one.
    pub fn needs_rebuild(&self, target: &Target) -> bool {
        self.device() != target.device
            || match (self, &target.model) {
                (Run::Points(session), Model::Points(config)) => session.config().needs_reset(config),
                (Run::Spec { example, .. }, Model::Spec(wanted)) => example != wanted,
                _ => true,
            }
    }

    /// Applies the settings of `target` that need no new session (2-D playground only;
    /// spec examples have no live settings on this page).
    pub fn apply_live(&mut self, target: &Target) -> Result<(), TrainError> {
        if let (Run::Points(session), Model::Points(config)) = (self, &target.model)
            && session.config() != config
        {
            session.apply_live(config)?;
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

    /// One optimizer step, giving the batch loss as an unread device tensor where the
    /// session offers it.
    pub fn step_with_loss(&mut self) -> Result<Option<Tensor>, TrainError> {
        match self {
            Run::Points(session) => session.step().map(|()| None),
            Run::Spec { session, .. } => session.step_with_loss().map(Some),
        }
    }

    /// Waits until the device has done every step recorded so far by reading one small
    /// value, the batch `loss` of [`Run::step_with_loss`] where there is one, and gives it.
    pub async fn wait_for(&self, loss: Option<Tensor>) -> Result<Option<f32>, TrainError> {
        if let Some(loss) = loss {
            return Ok(Some(loss.to_scalar().await?));
        }
        // The 2-D session gives no batch loss; its output bias (two values) is as small
        // a read, and the device finishes the earlier work first.
        if let Run::Points(session) = self
            && let Some(last) = session.params().params().last()
        {
            last.value.to_vec().await?;
        }
        Ok(None)
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
            Run::Spec { .. } => Ok(None),
        }
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

    /// The state to go back to if the loss diverges later (2-D playground only).
    pub fn snapshot(&self) -> Option<Snapshot> {
        match self {
            Run::Points(session) => Some(session.snapshot()),
            Run::Spec { .. } => None,
        }
    }

    /// Goes back to `snapshot`, taken from this session.
    pub fn restore(&mut self, snapshot: Snapshot) {
        if let Run::Points(session) = self {
            session.restore(snapshot);
        }
    }
}

/// Whether `error` means the GPU failed (lost, reset, a kernel rejected) rather than
/// the model or its data.
pub fn is_device_failure(error: &TrainError) -> bool {
    matches!(error, TrainError::Tensor(TensorError::Device(_))) || nnplay_tensor::gpu::fault().is_some()
}
