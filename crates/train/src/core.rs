//! The training loop shared by every session: a model built from a spec, its optimizer,
//! examples on the device, and the batch order. Sessions add what their data needs
//! (the 2-D session its decision boundary).

use crate::TrainError;
use crate::surge::{GradientSurge, SurgeWatch};
use nnplay_nn::{Context, Model, ModelSpec, Optimizer, ParamStore, SavedTensor};
use nnplay_tensor::rng::StreamRng;
use nnplay_tensor::{Device, Tensor, TensorError};

/// What the targets are, which decides whether accuracy is reported.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Objective {
    /// Class indices (one per example or per position of a sequence): the output's last
    /// axis scores the classes.
    Classes,
    /// Values.
    Values,
}

/// Examples on the device: inputs `[n, ..input_shape]`, targets `[n, ..target_shape]`.
pub(crate) struct Examples {
    pub inputs: Tensor,
    pub targets: Tensor,
    pub len: usize,
}

impl Examples {
    /// Examples from row-major host values.
    pub fn new(
        inputs: Vec<f32>,
        input_shape: &[usize],
        targets: Vec<f32>,
        target_shape: &[usize],
        len: usize,
        device: Device,
    ) -> Result<Examples, TensorError> {
        let with_batch = |shape: &[usize]| [&[len][..], shape].concat();
        Ok(Examples {
            inputs: Tensor::from_vec(inputs, with_batch(input_shape), device)?,
            targets: Tensor::from_vec(targets, with_batch(target_shape), device)?,
            len,
        })
    }

    /// The examples at `rows`, gathered on the device.
    pub(crate) fn rows(&self, rows: &[usize]) -> Result<(Tensor, Tensor), TensorError> {
        Ok((pick_rows(&self.inputs, rows)?, pick_rows(&self.targets, rows)?))
    }
}

/// Rows of `tensor` along its first axis, via one gather on the flattened rows.
fn pick_rows(tensor: &Tensor, rows: &[usize]) -> Result<Tensor, TensorError> {
    let width: usize = tensor.dims()[1..].iter().product();
    let flat = tensor.reshape([tensor.dims()[0], width])?;
    let index: Vec<f32> = rows.iter().flat_map(|&r| std::iter::repeat_n(r as f32, width)).collect();
    let picked = flat.gather(0, &Tensor::from_vec(index, [rows.len(), width], tensor.device())?)?;
    picked.reshape([&[rows.len()][..], &tensor.dims()[1..]].concat())
}

/// RNG stream of the batch order; epoch `e` shuffles with stream `SHUFFLE_STREAM + e`.
/// Weight streams are small numbers (64 per layer), so these never collide.
const SHUFFLE_STREAM: u32 = 1 << 20;

/// Everything that changes as a session trains: put it back with [`Core::restore`] to
/// continue exactly from that point. Tensors are shared, so taking one is cheap.
#[derive(Clone)]
pub struct Snapshot {
    params: ParamStore,
    optimizer: Box<dyn Optimizer>,
    order: Vec<usize>,
    cursor: usize,
    epoch: u32,
    steps: u64,
}

impl Snapshot {
    /// The step the snapshot was taken at.
    pub fn steps(&self) -> u64 {
        self.steps
    }
}

/// Weights, buffers, optimizer state and batch position copied to the host: what a run
/// resumes from on the CPU when its GPU is lost, and what a checkpoint file holds. The
/// random streams are counters keyed by the seed, the step (dropout) and the epoch
/// (shuffles), so these fields are all it takes to continue the same trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct HostCheckpoint {
    pub(crate) values: Vec<Vec<f32>>,
    pub(crate) optimizer: Vec<SavedTensor>,
    pub(crate) order: Vec<usize>,
    pub(crate) cursor: usize,
    pub(crate) epoch: u32,
    pub(crate) steps: u64,
}

impl HostCheckpoint {
    /// The step the checkpoint was taken at.
    pub fn steps(&self) -> u64 {
        self.steps
    }
}

/// What the user is told when a run moves from a failed GPU to the CPU.
pub(crate) fn fallback_notice(checkpoint: Option<&HostCheckpoint>) -> String {
    let reason = nnplay_tensor::gpu::fault().unwrap_or_else(|| "the GPU failed".into());
    match checkpoint {
        Some(checkpoint) => {
            format!("{reason}. Training continues on the CPU from step {}, the last checkpoint.", checkpoint.steps)
        }
        None => format!("{reason}. Training restarts on the CPU (no checkpoint had been taken yet)."),
    }
}

/// Model + optimizer + examples + batch order.
pub(crate) struct Core {
    pub spec: ModelSpec,
    pub model: Model,
    pub params: ParamStore,
    pub optimizer: Box<dyn Optimizer>,
    pub objective: Objective,
    pub train: Examples,
    pub test: Examples,
    order: Vec<usize>,
    cursor: usize,
    epoch: u32,
    pub steps: u64,
    /// The global gradient norm of the last step that measured it, and that step's count
    /// (see [`Core::step_measuring`]), until [`Core::watch_gradients`] reads it.
    measured_norm: Option<(u64, Tensor)>,
    /// Watches the measured norms for exploding gradients.
    surge: SurgeWatch,
}

impl Core {
    /// Builds the model of `spec` for `train` and `test`.
    pub fn new(
        spec: ModelSpec,
        objective: Objective,
        train: Examples,
        test: Examples,
        device: Device,
    ) -> Result<Core, TrainError> {
        let mut model = spec.build(device).map_err(|e| TrainError::Spec(e.to_string()))?;
        let params = std::mem::take(&mut model.params);
        let optimizer = spec.optimizer.build();
        let mut core = Core {
            spec,
            model,
            params,
            optimizer,
            objective,
            train,
            test,
            order: Vec::new(),
            cursor: 0,
            epoch: 0,
            steps: 0,
            measured_norm: None,
            surge: SurgeWatch::default(),
        };
        core.shuffle();
        Ok(core)
    }

    /// Passes over the training set so far.
    pub fn epoch(&self) -> f32 {
        self.epoch as f32 + self.cursor as f32 / self.train.len as f32
    }

    /// One optimizer step on the next mini-batch; returns the batch's objective (loss
    /// plus penalties) as computed before the update, without reading it back.
    pub fn step(&mut self) -> Result<Tensor, TrainError> {
        self.advance(false)
    }

    /// As [`Core::step`], also measuring the global norm of the step's gradients on the
    /// device (a few reductions, no read) for the next [`Core::watch_gradients`].
    pub fn step_measuring(&mut self) -> Result<Tensor, TrainError> {
        self.advance(true)
    }

    fn advance(&mut self, measure: bool) -> Result<Tensor, TrainError> {
        let base = self.spec.optimizer.learning_rate;
        self.optimizer.set_learning_rate(self.spec.schedule.learning_rate(base, self.steps));
        let batch = self.next_batch();
        let (inputs, targets) = self.train.rows(&batch)?;
        let mut ctx = Context::train(self.spec.seed, self.steps);
        let output = self.model.forward(&self.params, &inputs, &mut ctx)?;
        let mut objective = self.loss(&output, &targets)?;
        if let Some(penalty) = self.spec.regularization.penalty(&self.params)? {
            objective = objective.add(&penalty)?;
        }
        let grads = objective.backward()?;
        let norm = if measure { Some(nnplay_nn::optim::gradient_norm(&self.params, &grads)?) } else { None };
        self.optimizer.step(&mut self.params, &grads)?;
        ctx.apply_buffer_updates(&mut self.params);
        self.steps += 1;
        if let Some(norm) = norm {
            self.measured_norm = Some((self.steps, norm));
        }
        Ok(objective.detach())
    }

    /// Reads the norm the last measuring step left (once) and watches it with `loss`, a
    /// loss measured at about that step: a warning when gradients are exploding while the
    /// loss is still finite, `None` otherwise or with no new norm.
    pub async fn watch_gradients(&mut self, loss: f32) -> Result<Option<GradientSurge>, TensorError> {
        let Some((step, norm)) = self.measured_norm.take() else { return Ok(None) };
        let norm = norm.to_scalar().await?;
        Ok(self.surge.record(step, norm, loss, self.spec.optimizer.clip_grad_norm))
    }

    /// The model's output for `inputs` in evaluation mode, recording no graph.
    pub fn predict(&self, inputs: &Tensor) -> Result<Tensor, TensorError> {
        self.model.forward(&self.params.detached(), inputs, &mut Context::eval())
    }

    /// Loss (without penalties) and, for classes, accuracy on the whole of `examples`, in
    /// slices of as many examples as fit the evaluation's share of memory (see
    /// [`nnplay_nn::MemoryEstimate::evaluation_rows`]): a small model takes them all at once.
    pub async fn evaluate(&self, examples: &Examples) -> Result<(f32, Option<f32>), TrainError> {
        let rows = examples.inputs.dims()[0];
        let slice = self.spec.memory_estimate().evaluation_rows().max(1);
        let (mut loss, mut right, mut labelled) = (0.0f64, 0, 0);
        let mut start = 0;
        loop {
            let len = slice.min(rows - start);
            let (inputs, targets) = if len == rows {
                (examples.inputs.clone(), examples.targets.clone())
            } else {
                (examples.inputs.slice(0, start, len)?, examples.targets.slice(0, start, len)?)
            };
            let output = self.predict(&inputs)?;
            let part = self.loss(&output, &targets)?.to_scalar().await?;
            // The loss is a mean: each slice counts by its share of the examples.
            loss += if len == rows { part as f64 } else { part as f64 * len as f64 / rows as f64 };
            if let Objective::Classes = self.objective {
                let classes = *output.dims().last().expect("classification outputs have a class axis");
                let scores = output.to_vec().await?;
                let labels = targets.to_vec().await?;
                right +=
                    scores.chunks(classes).zip(&labels).filter(|(row, label)| argmax(row) as f32 == **label).count();
                labelled += labels.len();
            }
            start += len;
            if start >= rows {
                break;
            }
        }
        let accuracy = match self.objective {
            Objective::Classes => Some(right as f32 / labelled.max(1) as f32),
            Objective::Values => None,
        };
        Ok((loss as f32, accuracy))
    }

    fn loss(&self, output: &Tensor, targets: &Tensor) -> Result<Tensor, TensorError> {
        self.spec.loss.compute(output, targets)
    }

    /// The current weights, optimizer state and batch position.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            params: self.params.clone(),
            optimizer: self.optimizer.clone(),
            order: self.order.clone(),
            cursor: self.cursor,
            epoch: self.epoch,
            steps: self.steps,
        }
    }

    /// Goes back to `snapshot`, keeping the current learning rate.
    pub fn restore(&mut self, snapshot: Snapshot) {
        let learning_rate = self.spec.optimizer.learning_rate;
        self.params = snapshot.params;
        self.optimizer = snapshot.optimizer;
        self.optimizer.set_learning_rate(learning_rate);
        self.order = snapshot.order;
        self.cursor = snapshot.cursor;
        self.epoch = snapshot.epoch;
        self.steps = snapshot.steps;
        // The norms since belong to a trajectory that no longer happened.
        self.measured_norm = None;
        self.surge = SurgeWatch::default();
    }

    /// Copies the weights, optimizer state and batch position to the host.
    pub async fn host_checkpoint(&self) -> Result<HostCheckpoint, TensorError> {
        let mut values = Vec::with_capacity(self.params.len());
        for param in self.params.params() {
            values.push(param.value.to_vec().await?);
        }
        let mut optimizer = Vec::new();
        for (name, tensor) in self.optimizer.state() {
            optimizer.push((name, tensor.dims().to_vec(), tensor.to_vec().await?));
        }
        Ok(HostCheckpoint {
            values,
            optimizer,
            order: self.order.clone(),
            cursor: self.cursor,
            epoch: self.epoch,
            steps: self.steps,
        })
    }

    /// Continues from `checkpoint` (taken from a core of the same spec, on any device).
    /// A checkpoint that does not fit the model (another spec, a damaged file) is refused
    /// with the reason.
    pub fn resume(&mut self, checkpoint: &HostCheckpoint) -> Result<(), TrainError> {
        let device = self.train.inputs.device();
        let invalid = |reason: String| TrainError::Spec(format!("checkpoint: {reason}"));
        if checkpoint.values.len() != self.params.len() {
            return Err(invalid(format!(
                "it holds {} tensors but the model has {}",
                checkpoint.values.len(),
                self.params.len()
            )));
        }
        let mut values = Vec::with_capacity(self.params.len());
        for (param, saved) in self.params.params().iter().zip(&checkpoint.values) {
            let shape = param.value.shape().clone();
            if saved.len() != shape.elem_count() {
                return Err(invalid(format!(
                    "`{}` has {} values; the model's has {}",
                    param.name,
                    saved.len(),
                    shape.elem_count()
                )));
            }
            values.push(Tensor::from_vec(saved.clone(), shape, device)?);
        }
        if checkpoint.order.len() != self.train.len
            || checkpoint.cursor > checkpoint.order.len()
            || checkpoint.order.iter().any(|&i| i >= self.train.len)
        {
            return Err(invalid(format!("its batch order does not fit the {} training examples", self.train.len)));
        }
        let mut optimizer = self.spec.optimizer.build();
        optimizer.load_state(&self.params, &checkpoint.optimizer).map_err(invalid)?;
        for (index, value) in values.iter().enumerate() {
            self.params.set(index, value);
        }
        self.optimizer = optimizer;
        self.order = checkpoint.order.clone();
        self.cursor = checkpoint.cursor;
        self.epoch = checkpoint.epoch;
        self.steps = checkpoint.steps;
        Ok(())
    }

    fn next_batch(&mut self) -> Vec<usize> {
        let size = self.spec.batch_size.min(self.train.len);
        if self.cursor + size > self.order.len() {
            self.epoch += 1;
            self.shuffle();
        }
        let batch = self.order[self.cursor..self.cursor + size].to_vec();
        self.cursor += size;
        batch
    }

    fn shuffle(&mut self) {
        self.order = (0..self.train.len).collect();
        StreamRng::new(self.spec.seed, SHUFFLE_STREAM + self.epoch).shuffle(&mut self.order);
        self.cursor = 0;
    }
}

/// Index of the largest value (the first on ties).
fn argmax(row: &[f32]) -> usize {
    row.iter().enumerate().fold(0, |best, (i, &v)| if v > row[best] { i } else { best })
}
