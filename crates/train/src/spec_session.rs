//! Training any model spec on generated data: what `nnplay train --spec FILE` runs.

use crate::core::{Core, Examples, HostCheckpoint, Objective, fallback_notice};
use crate::session::{examples, objective};
use crate::{Metrics, TrainError};
use nnplay_data::corpus::Corpus;
use nnplay_data::{AssetFiles, Dataset2d, DatasetConfig, DatasetKind, SyntheticSpec, Task, TensorData};
use nnplay_nn::{LrSchedule, ModelSpec};
use nnplay_tensor::Device;
use nnplay_tensor::rng::StreamRng;

/// A run file: a model spec plus a `"data"` entry naming the data to train on — a 2-D
/// set (`{"kind": "spiral", "samples": 1000, "noise": 0, "train_ratio": 0.5, "seed": 1}`)
/// or another built-in one (`digits`, `shapes`, `text`, `spoken_digits`…; see [`SyntheticSpec`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    pub model: ModelSpec,
    pub data: RunData,
}

/// The data of a run.
#[derive(Debug, Clone, PartialEq)]
pub enum RunData {
    Points(DatasetConfig),
    Generated(SyntheticSpec),
    /// The user's own data (see `nnplay_data::import`), named by the file it came from. A
    /// run file records only the name: resuming needs the same data again.
    Imported {
        source: String,
        data: std::sync::Arc<TensorData>,
    },
}

/// The `"kind"` a run file gives imported data.
const IMPORTED: &str = "imported";

/// Fraction of generated examples kept for testing.
const TEST_SHARE: f32 = 0.2;

impl RunSpec {
    /// Parses a run file; errors name the field or the layer.
    pub fn from_json(text: &str) -> Result<RunSpec, TrainError> {
        let spec_error = |message: String| TrainError::Spec(message);
        let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| spec_error(format!("spec: {e}")))?;
        if !value.is_object() {
            let found = match value {
                serde_json::Value::Array(_) => "a list",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::Bool(_) => "true or false",
                _ => "null",
            };
            return Err(spec_error(format!(
                "spec: a run file is a JSON object ({{\"input\": …, \"layers\": …, \"data\": …}}), not {found}"
            )));
        }
        let data = value
            .as_object_mut()
            .and_then(|o| o.remove("data"))
            .ok_or_else(|| spec_error("spec: missing field `data` (the data to train on)".into()))?;
        let kind = data.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_string();
        if kind == IMPORTED {
            let source = data.get("source").and_then(|s| s.as_str()).unwrap_or("?");
            return Err(spec_error(format!(
                "spec field data: this run trains on imported data (\"{source}\"); load that file along with it"
            )));
        }
        let data = if kind.parse::<DatasetKind>().is_ok() {
            RunData::Points(serde_json::from_value(data).map_err(|e| spec_error(format!("spec field data: {e}")))?)
        } else {
            RunData::Generated(serde_json::from_value(data).map_err(|e| {
                spec_error(format!("spec field data: {e} (2-D sets: circle, xor, gaussian, spiral, plane)"))
            })?)
        };
        let model = ModelSpec::from_json(&value.to_string()).map_err(|e| spec_error(e.to_string()))?;
        Ok(RunSpec { model, data })
    }

    /// The run file [`RunSpec::from_json`] reads back: the model spec with a `"data"` entry.
    pub fn to_json(&self) -> String {
        let mut value = serde_json::to_value(&self.model).expect("a model spec serialises");
        let data = match &self.data {
            RunData::Points(config) => serde_json::to_value(config),
            RunData::Generated(spec) => serde_json::to_value(spec),
            RunData::Imported { source, .. } => Ok(serde_json::json!({"kind": IMPORTED, "source": source})),
        };
        value["data"] = data.expect("data settings serialise");
        value.to_string()
    }
}

/// The training settings of a run that change while it trains (see [`SpecSession::apply_live`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LiveSettings {
    pub optimizer: nnplay_nn::OptimizerConfig,
    pub batch_size: usize,
    pub l1: f32,
    pub l2: f32,
    /// How the learning rate changes with the step.
    #[serde(default)]
    pub schedule: LrSchedule,
    /// The probability of every dropout of the model; `None` when it has none.
    #[serde(default)]
    pub dropout: Option<f32>,
}

/// A model spec training on its run's data.
pub struct SpecSession {
    pub(crate) core: Core,
    data: RunData,
    /// The last copy of the weights on the host (see [`SpecSession::checkpoint`]).
    checkpoint: Option<HostCheckpoint>,
    /// The packed file the data came from, kept to rebuild the run on another device.
    assets: AssetFiles,
}

impl SpecSession {
    /// Generates the data and builds the model on the CPU; a model whose output does not
    /// fit the data is refused with the shapes and the fix.
    pub fn new(run: RunSpec) -> Result<SpecSession, TrainError> {
        SpecSession::on_device(run, Device::Cpu)
    }

    /// As [`SpecSession::new`], with the model and data on `device` (the GPU must be
    /// open: see `nnplay_tensor::gpu::init`). Packed datasets come from the files this
    /// build compiled in (see [`AssetFiles::builtin`]).
    pub fn on_device(run: RunSpec, device: Device) -> Result<SpecSession, TrainError> {
        SpecSession::with_assets(run, device, &AssetFiles::builtin())
    }

    /// Trains `model` on the user's own `data` (see `nnplay_data::import`), named `source`
    /// in the run file; a model that does not fit the data is refused with the fix.
    pub fn with_data(
        model: ModelSpec,
        source: &str,
        data: TensorData,
        device: Device,
    ) -> Result<SpecSession, TrainError> {
        let data = RunData::Imported { source: source.to_string(), data: std::sync::Arc::new(data) };
        SpecSession::with_assets(RunSpec { model, data }, device, &AssetFiles::new())
    }

    /// As [`SpecSession::on_device`], reading packed datasets from `assets` (the page
    /// fetches the file [`SyntheticSpec::asset`] names).
    pub fn with_assets(run: RunSpec, device: Device, assets: &AssetFiles) -> Result<SpecSession, TrainError> {
        // Before the data is generated or a weight allocated: see `crate::budget`.
        crate::budget::check(&run)?;
        let (objective, train, test, target) = match &run.data {
            RunData::Points(config) => points(config, device)?,
            RunData::Generated(spec) => {
                let spec_error = |e: nnplay_data::DataError| TrainError::Spec(e.to_string());
                let data = spec.generate_with(run.model.seed, assets).map_err(spec_error)?;
                let (train, test) = match spec.held_out(assets).map_err(spec_error)? {
                    Some(test_rows) => split_by(&data, &test_rows, device)?,
                    None if spec.ordered() => split(&shuffled(data.clone(), run.model.seed), device)?,
                    None => split(&data, device)?,
                };
                let objective = if data.classes == 0 { Objective::Values } else { Objective::Classes };
                (objective, train, test, Target::of(&data))
            }
            RunData::Imported { data, .. } => {
                let data = shuffled((**data).clone(), run.model.seed);
                let (train, test) = split(&data, device)?;
                let objective = if data.classes == 0 { Objective::Values } else { Objective::Classes };
                (objective, train, test, Target::of(&data))
            }
        };
        let mut kept = AssetFiles::new();
        if let RunData::Generated(spec) = &run.data
            && let Some(file) = spec.asset()
            && let Some(bytes) = assets.get(file)
        {
            kept.insert(file, bytes.to_vec());
        }
        let session = SpecSession {
            core: Core::new(run.model, objective, train, test, device)?,
            data: run.data,
            checkpoint: None,
            assets: kept,
        };
        target.check(session.core.model.input_shape(), session.core.model.output_shape())?;
        Ok(session)
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.core.steps
    }
    /// The spec as it runs now (with changes made during the run).
    pub fn spec(&self) -> &ModelSpec {
        &self.core.spec
    }
    /// Changes the base learning rate from the next step on, keeping optimizer state.
    pub fn set_learning_rate(&mut self, learning_rate: f32) -> Result<(), TrainError> {
        let mut optimizer = self.core.spec.optimizer.clone();
        optimizer.learning_rate = learning_rate;
        optimizer.validate().map_err(|e| TrainError::Spec(format!("spec field optimizer: {e}")))?;
        self.core.spec.optimizer = optimizer;
        Ok(())
    }
    /// The training settings that [`SpecSession::apply_live`] changes.
    pub fn live(&self) -> LiveSettings {
        let spec = &self.core.spec;
        LiveSettings {
            optimizer: spec.optimizer.clone(),
            batch_size: spec.batch_size,
            l1: spec.regularization.l1,
            l2: spec.regularization.l2,
            schedule: spec.schedule.clone(),
            dropout: spec.dropout(),
        }
    }

    /// Applies `live` from the next step on, without a new session: the learning rate,
    /// schedule, dropout, batch size and L1/L2 rates keep the weights and the optimizer's
    /// state; another optimizer or other optimizer settings start its state (momentum,
    /// moments) afresh, as a new optimizer would. A setting out of range is refused with
    /// its field, and nothing changes.
    pub fn apply_live(&mut self, live: &LiveSettings) -> Result<(), TrainError> {
        live.optimizer.validate().map_err(|e| TrainError::Spec(format!("optimizer: {e}")))?;
        live.schedule.validate().map_err(|e| TrainError::Spec(format!("schedule: {e}")))?;
        let mut spec_with_dropout = None;
        if let Some(p) = live.dropout
            && live.dropout != self.core.spec.dropout()
        {
            let mut spec = self.core.spec.clone();
            spec.set_dropout(p).map_err(|e| TrainError::Spec(e.to_string()))?;
            spec_with_dropout = Some((spec, p));
        }
        let examples = self.core.train.len;
        if live.batch_size == 0 || live.batch_size > examples {
            return Err(TrainError::Spec(format!(
                "batch size is {}; it must be between 1 and the {examples} training examples",
                live.batch_size
            )));
        }
        for (name, rate) in [("L1", live.l1), ("L2", live.l2)] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(TrainError::Spec(format!("{name} rate is {rate}; it must be between 0 and 1")));
            }
        }
        if live.batch_size != self.core.spec.batch_size || live.optimizer != self.core.spec.optimizer {
            let mut run = self.run();
            (run.model.batch_size, run.model.optimizer) = (live.batch_size, live.optimizer.clone());
            crate::budget::check(&run)?;
        }
        if let Some((spec, p)) = spec_with_dropout {
            self.core.model.set_dropout(p).map_err(|e| TrainError::Spec(e.to_string()))?;
            self.core.spec = spec;
        }
        let spec = &mut self.core.spec;
        spec.schedule = live.schedule.clone();
        let mut same_kind = live.optimizer.clone();
        same_kind.learning_rate = spec.optimizer.learning_rate;
        if same_kind != spec.optimizer {
            self.core.optimizer = live.optimizer.build();
        }
        spec.optimizer = live.optimizer.clone();
        spec.batch_size = live.batch_size;
        spec.regularization.l1 = live.l1;
        spec.regularization.l2 = live.l2;
        Ok(())
    }

    /// Changes the learning-rate schedule from the next step on; schedules are functions
    /// of the step, so the new one continues from the current step.
    pub fn set_schedule(&mut self, schedule: LrSchedule) -> Result<(), TrainError> {
        schedule.validate().map_err(|e| TrainError::Spec(format!("spec field schedule: {e}")))?;
        self.core.spec.schedule = schedule;
        Ok(())
    }
    /// The learning rate the next step uses.
    pub fn learning_rate(&self) -> f32 {
        self.core.spec.schedule.learning_rate(self.core.spec.optimizer.learning_rate, self.core.steps)
    }
    /// One optimizer step; reads nothing back from the device.
    pub fn step(&mut self) -> Result<(), TrainError> {
        self.core.step().map(drop)
    }
    /// One optimizer step, giving the batch's objective (loss plus penalties) before the
    /// update as a one-value tensor on the device, not yet read.
    pub fn step_with_loss(&mut self) -> Result<nnplay_tensor::Tensor, TrainError> {
        self.core.step()
    }
    /// The device the run is on.
    pub fn device(&self) -> Device {
        self.core.train.inputs.device()
    }
    /// As [`SpecSession::step_with_loss`], also measuring the global norm of the step's
    /// gradients on the device (no read) for [`SpecSession::watch_gradients`].
    pub fn step_measuring(&mut self) -> Result<nnplay_tensor::Tensor, TrainError> {
        self.core.step_measuring()
    }
    /// Reads the gradient norm the last [`SpecSession::step_measuring`] measured (once) and
    /// watches it with `loss`, a loss of about that step: a warning, with what to do, when
    /// the gradients explode while the loss is still finite (see [`crate::surge`]).
    pub async fn watch_gradients(&mut self, loss: f32) -> Result<Option<crate::GradientSurge>, TrainError> {
        Ok(self.core.watch_gradients(loss).await?)
    }
    /// The current weights, optimizer state and batch position (tensors are shared, so
    /// this is cheap), to go back to after the loss diverges.
    pub fn snapshot(&self) -> crate::Snapshot {
        self.core.snapshot()
    }
    /// Goes back to `snapshot` (taken from this session): the run continues from there as
    /// if nothing had happened since, keeping the current training settings.
    pub fn restore(&mut self, snapshot: crate::Snapshot) {
        self.core.restore(snapshot);
    }
    /// The weights as a safetensors file whose names are PyTorch's state_dict keys.
    pub async fn weights_safetensors(&self) -> Result<Vec<u8>, TrainError> {
        crate::weights::to_safetensors(&self.core.params).await
    }
    /// Puts the weights of a safetensors file (as [`SpecSession::weights_safetensors`]
    /// writes) into the model; a file that does not fit changes nothing and says why.
    pub fn load_weights(&mut self, bytes: &[u8]) -> Result<(), TrainError> {
        crate::weights::load_safetensors(&mut self.core.params, bytes)
    }
    /// The run as it stands (the spec with changes made during the run, and its data).
    pub fn run(&self) -> RunSpec {
        RunSpec { model: self.core.spec.clone(), data: self.data.clone() }
    }
    /// The whole state of the run as a checkpoint file (see [`crate::checkpoint`]): spec,
    /// data settings, weights, optimizer state, step and batch order.
    pub async fn save(&self) -> Result<Vec<u8>, TrainError> {
        let checkpoint = self.core.host_checkpoint().await?;
        let params: Vec<(String, Vec<usize>)> =
            self.core.params.params().iter().map(|p| (p.name.clone(), p.value.dims().to_vec())).collect();
        crate::checkpoint::encode(&self.run(), &params, &checkpoint)
    }
    /// Rebuilds the run of a checkpoint file on `device` and continues from it: the steps
    /// that follow are the ones the saved run would have taken.
    pub fn resume(bytes: &[u8], device: Device) -> Result<SpecSession, TrainError> {
        SpecSession::resume_with_assets(bytes, device, &AssetFiles::builtin())
    }
    /// As [`SpecSession::resume`], reading packed datasets from `assets`.
    pub fn resume_with_assets(bytes: &[u8], device: Device, assets: &AssetFiles) -> Result<SpecSession, TrainError> {
        let (run, checkpoint, shapes) = crate::checkpoint::decode(bytes, None)?;
        let mut session = SpecSession::with_assets(run, device, assets)?;
        crate::checkpoint::check_shapes(&session.core.params, &shapes)?;
        session.core.resume(&checkpoint)?;
        Ok(session)
    }
    /// As [`SpecSession::resume`] for a run that trained on imported data: `data` must be
    /// that data again (same examples; the source name is the one given now).
    pub fn resume_with_data(
        bytes: &[u8],
        device: Device,
        source: &str,
        data: TensorData,
    ) -> Result<SpecSession, TrainError> {
        let imported = RunData::Imported { source: source.to_string(), data: std::sync::Arc::new(data) };
        let (run, checkpoint, shapes) = crate::checkpoint::decode(bytes, Some(imported))?;
        let mut session = SpecSession::with_assets(run, device, &AssetFiles::new())?;
        crate::checkpoint::check_shapes(&session.core.params, &shapes)?;
        session.core.resume(&checkpoint)?;
        Ok(session)
    }
    /// Copies the weights to the host, for [`SpecSession::fall_back_to_cpu`].
    pub async fn checkpoint(&mut self) -> Result<(), TrainError> {
        self.checkpoint = Some(self.core.host_checkpoint().await?);
        Ok(())
    }
    /// Rebuilds the run on the CPU from the last checkpoint after the GPU failed, and
    /// says so in a sentence for the user.
    pub fn fall_back_to_cpu(&mut self) -> Result<String, TrainError> {
        let mut rebuilt = SpecSession::with_assets(self.run(), Device::Cpu, &self.assets)?;
        if let Some(checkpoint) = &self.checkpoint {
            rebuilt.core.resume(checkpoint)?;
        }
        self.core = rebuilt.core;
        Ok(fallback_notice(self.checkpoint.as_ref()))
    }
    /// Loss and accuracy on the whole training and test sets.
    pub async fn metrics(&self) -> Result<Metrics, TrainError> {
        let (train_loss, train_accuracy) = self.core.evaluate(&self.core.train).await?;
        let (test_loss, test_accuracy) = self.core.evaluate(&self.core.test).await?;
        Ok(Metrics {
            step: self.core.steps,
            epoch: self.core.epoch(),
            train_loss,
            test_loss,
            train_accuracy,
            test_accuracy,
        })
    }
    /// The text of a language-model run, to turn token ids into characters.
    pub fn corpus(&self) -> Result<Option<Corpus>, TrainError> {
        match &self.data {
            RunData::Generated(spec) => spec.corpus(&self.assets).map_err(|e| TrainError::Spec(e.to_string())),
            RunData::Points(_) | RunData::Imported { .. } => Ok(None),
        }
    }
    /// The model's output for `inputs` (`[n, ..input shape]`) in evaluation mode.
    pub fn predict(&self, inputs: &nnplay_tensor::Tensor) -> Result<nnplay_tensor::Tensor, TrainError> {
        Ok(self.core.predict(inputs)?)
    }
    /// The decision boundary of a run on 2-D points (see [`crate::Boundary`]); `None` for
    /// other data.
    pub async fn boundary(&self, resolution: usize) -> Result<Option<crate::Boundary>, TrainError> {
        match &self.data {
            RunData::Points(config) => {
                Ok(Some(crate::boundary::boundary(&self.core, config.kind.task(), resolution).await?))
            }
            _ => Ok(None),
        }
    }
    /// Every parameter and buffer by name, read back to the host.
    pub async fn parameters(&self) -> Result<Vec<(String, Vec<f32>)>, TrainError> {
        let mut values = Vec::with_capacity(self.core.params.len());
        for param in self.core.params.params() {
            values.push((param.name.clone(), param.value.to_vec().await?));
        }
        Ok(values)
    }
    /// Shapes, parameters and FLOPs per layer.
    pub fn summary(&self) -> &[nnplay_nn::spec::LayerSummary] {
        self.core.model.summary()
    }
}

/// What the model must take and give for the data.
struct Target {
    input: Vec<usize>,
    output: Vec<usize>,
}

impl Target {
    fn of(data: &TensorData) -> Target {
        let output = if data.classes == 0 {
            data.target_shape.clone()
        } else {
            [&data.target_shape[..], &[data.classes]].concat()
        };
        Target { input: data.input_shape.clone(), output }
    }
    fn check(&self, input: &[usize], output: &[usize]) -> Result<(), TrainError> {
        if input != self.input {
            return Err(TrainError::Spec(format!(
                "spec field input: is {input:?} but the data's examples are {:?}; set \"input\": {:?}",
                self.input, self.input
            )));
        }
        if output != self.output {
            let last = self.output.last().copied().unwrap_or(1);
            return Err(TrainError::Spec(format!(
                "the model's output {output:?} does not fit the data, which needs {:?}; end with a layer of {last} units",
                self.output
            )));
        }
        Ok(())
    }
}

fn points(config: &DatasetConfig, device: Device) -> Result<(Objective, Examples, Examples, Target), TrainError> {
    let data = Dataset2d::generate(config).map_err(|e| TrainError::Spec(e.to_string()))?;
    let task = data.task();
    let outputs = if task == Task::Classification { 2 } else { 1 };
    let target = Target { input: vec![2], output: vec![outputs] };
    let (train, test) = (examples(&data.train, task, device)?, examples(&data.test, task, device)?);
    Ok((objective(task), train, test, target))
}

/// Stream of the shuffle of ordered datasets before the split.
const SPLIT_STREAM: u32 = 0x5B11_0001;

/// `data` with its examples in a random order, so the test share has every class.
fn shuffled(data: TensorData, seed: u64) -> TensorData {
    let mut order: Vec<usize> = (0..data.len).collect();
    StreamRng::new(seed, SPLIT_STREAM).shuffle(&mut order);
    let input_width: usize = data.input_shape.iter().product();
    let target_width: usize = data.target_shape.iter().product();
    let rows = |values: &[f32], width: usize| -> Vec<f32> {
        order.iter().flat_map(|&i| values[i * width..(i + 1) * width].iter().copied()).collect()
    };
    TensorData { inputs: rows(&data.inputs, input_width), targets: rows(&data.targets, target_width), ..data }
}

/// Splits `data` into the examples `test_rows` marks false (training) and true (test).
fn split_by(data: &TensorData, test_rows: &[bool], device: Device) -> Result<(Examples, Examples), TrainError> {
    let input_width: usize = data.input_shape.iter().product();
    let target_width: usize = data.target_shape.iter().product();
    let part = |test: bool| {
        let rows: Vec<usize> = (0..data.len).filter(|&i| test_rows[i] == test).collect();
        let pick = |values: &[f32], width: usize| -> Vec<f32> {
            rows.iter().flat_map(|&i| values[i * width..(i + 1) * width].iter().copied()).collect()
        };
        Examples::new(
            pick(&data.inputs, input_width),
            &data.input_shape,
            pick(&data.targets, target_width),
            &data.target_shape,
            rows.len(),
            device,
        )
    };
    Ok((part(false)?, part(true)?))
}

fn split(data: &TensorData, device: Device) -> Result<(Examples, Examples), TrainError> {
    let test_len = ((data.len as f32 * TEST_SHARE).round() as usize).clamp(1, data.len - 1);
    let train_len = data.len - test_len;
    let input_width: usize = data.input_shape.iter().product();
    let target_width: usize = data.target_shape.iter().product();
    let part = |from: usize, len: usize| {
        Examples::new(
            data.inputs[from * input_width..(from + len) * input_width].to_vec(),
            &data.input_shape,
            data.targets[from * target_width..(from + len) * target_width].to_vec(),
            &data.target_shape,
            len,
            device,
        )
    };
    Ok((part(0, train_len)?, part(train_len, test_len)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    const RUN: &str = r#"{
        "input": [2],
        "layers": [{"kind": "dense", "units": 8}, {"kind": "activation", "function": "relu"}, {"kind": "dense", "units": 2}],
        "loss": "cross_entropy",
        "optimizer": {"kind": "sgd", "learning_rate": 0.1},
        "schedule": {"kind": "step", "step_size": 10, "gamma": 0.5},
        "batch_size": 16,
        "seed": 3,
        "data": {"kind": "xor", "samples": 200, "noise": 0, "train_ratio": 0.5, "seed": 3}
    }"#;

    engine_test! {
        async fn the_schedule_drives_the_rate_and_can_change_mid_run() {
            let mut session = SpecSession::new(RunSpec::from_json(RUN).unwrap()).unwrap();
            assert_eq!(session.learning_rate(), 0.1);
            for _ in 0..10 {
                session.step().unwrap();
            }
            assert_eq!(session.learning_rate(), 0.05);
            session.set_schedule(LrSchedule::Constant).unwrap();
            session.set_learning_rate(0.2).unwrap();
            assert_eq!(session.learning_rate(), 0.2);
            session.step().unwrap();
            assert_eq!(session.steps(), 11);
            let err = session.set_learning_rate(-1.0).unwrap_err().to_string();
            assert!(err.starts_with("spec field optimizer: learning rate is -1"), "{err}");
            assert!(session.metrics().await.unwrap().train_loss.is_finite());
        }
    }

    #[test]
    fn live_settings_apply_from_the_next_step_and_bad_ones_change_nothing() {
        let mut session = SpecSession::new(RunSpec::from_json(RUN).unwrap()).unwrap();
        session.step().unwrap();
        let mut live = session.live();
        assert_eq!((live.batch_size, live.l1, live.l2), (16, 0.0, 0.0));
        live.batch_size = 32;
        live.l2 = 0.01;
        live.optimizer.kind = nnplay_nn::OptimizerKind::Adam;
        session.apply_live(&live).unwrap();
        assert_eq!(session.spec().batch_size, 32);
        assert_eq!(session.spec().regularization.l2, 0.01);
        assert_eq!(session.spec().optimizer.kind, nnplay_nn::OptimizerKind::Adam);
        session.step().unwrap();
        assert_eq!(session.steps(), 2, "the same session goes on");
        let too_big = LiveSettings { batch_size: 10_000, ..live.clone() };
        let error = session.apply_live(&too_big).unwrap_err().to_string();
        assert!(error.contains("batch size is 10000"), "{error}");
        let bad_l1 = LiveSettings { l1: 2.0, ..live.clone() };
        assert!(session.apply_live(&bad_l1).unwrap_err().to_string().contains("L1 rate is 2"));
        assert_eq!(session.live(), live, "a refused change leaves the settings as they were");
    }

    /// A run with dropout whose batches are the whole training set, so a step's loss
    /// without dropout is the training loss an evaluation gives just before it.
    fn with_dropout(optimizer: &str) -> SpecSession {
        let run = RUN
            .replace(
                r#"{"kind": "activation", "function": "relu"}"#,
                r#"{"kind": "activation", "function": "relu"}, {"kind": "dropout", "p": 0.5}"#,
            )
            .replace(r#""batch_size": 16"#, r#""batch_size": 100"#)
            .replace(r#""kind": "sgd""#, &format!(r#""kind": "{optimizer}""#));
        SpecSession::new(RunSpec::from_json(&run).unwrap()).unwrap()
    }

    engine_test! {
        async fn a_new_dropout_rate_applies_at_the_next_step_keeping_weights_and_optimizer_state() {
            let mut session = with_dropout("sgd");
            session.step().unwrap();
            assert_eq!(session.live().dropout, Some(0.5));
            let before = session.metrics().await.unwrap().train_loss;
            let dropped = session.step_with_loss().unwrap().to_scalar().await.unwrap();
            assert!((dropped - before).abs() > 1e-4, "dropout 0.5 changes the step's loss: {dropped} vs {before}");
            let weights = session.parameters().await.unwrap();
            let live = LiveSettings { dropout: Some(0.0), ..session.live() };
            session.apply_live(&live).unwrap();
            assert_eq!(session.parameters().await.unwrap(), weights, "the weights are kept");
            assert_eq!(session.spec().dropout(), Some(0.0));
            let evaluated = session.metrics().await.unwrap().train_loss;
            let stepped = session.step_with_loss().unwrap().to_scalar().await.unwrap();
            assert!((stepped - evaluated).abs() < 1e-5, "no dropout at the next step: {stepped} vs {evaluated}");
            assert_eq!(session.steps(), 3, "the same session goes on");
        }
    }

    engine_test! {
        async fn dropout_and_schedule_changes_keep_the_optimizers_state() {
            let (mut changed, mut twin) = (with_dropout("adam"), with_dropout("adam"));
            for _ in 0..3 {
                changed.step().unwrap();
                twin.step().unwrap();
            }
            let original = changed.live();
            let other = LiveSettings { dropout: Some(0.2), schedule: LrSchedule::Constant, ..original.clone() };
            changed.apply_live(&other).unwrap();
            assert_eq!(changed.live(), other);
            changed.apply_live(&original).unwrap();
            changed.step().unwrap();
            twin.step().unwrap();
            assert_eq!(changed.parameters().await.unwrap(), twin.parameters().await.unwrap(), "Adam's moments went on");
        }
    }

    #[test]
    fn a_bad_schedule_or_dropout_is_refused_naming_it_and_changes_nothing() {
        let mut session = with_dropout("sgd");
        let live = session.live();
        let bad_schedule = LiveSettings { schedule: LrSchedule::Exponential { gamma: 2.0 }, ..live.clone() };
        let error = session.apply_live(&bad_schedule).unwrap_err().to_string();
        assert_eq!(error, "schedule: gamma is 2; it must be above 0 and at most 1");
        let bad_dropout = LiveSettings { dropout: Some(1.0), ..live.clone() };
        let error = session.apply_live(&bad_dropout).unwrap_err().to_string();
        assert_eq!(error, "spec field dropout: is 1; it must be at least 0 and below 1");
        let both = LiveSettings { dropout: Some(0.1), batch_size: 0, ..live.clone() };
        assert!(session.apply_live(&both).is_err());
        assert_eq!(session.live(), live, "nothing changed");
        let mut plain = SpecSession::new(RunSpec::from_json(RUN).unwrap()).unwrap();
        let error = plain.apply_live(&LiveSettings { dropout: Some(0.3), ..plain.live() }).unwrap_err().to_string();
        assert!(error.contains("this model has no dropout layer"), "{error}");
    }

    #[test]
    fn a_run_file_that_is_no_object_says_what_it_is() {
        let refused = |text: &str| RunSpec::from_json(text).unwrap_err().to_string();
        let object = "a run file is a JSON object ({\"input\": …, \"layers\": …, \"data\": …})";
        assert_eq!(refused("[1, 2, 3]"), format!("spec: {object}, not a list"));
        assert_eq!(refused("\"mlp\""), format!("spec: {object}, not a string"));
        assert_eq!(refused("null"), format!("spec: {object}, not null"));
    }

    #[test]
    fn a_run_file_without_data_says_so() {
        let text = RUN.replace(
            r#""data": {"kind": "xor", "samples": 200, "noise": 0, "train_ratio": 0.5, "seed": 3}"#,
            r#""x": 1"#,
        );
        let err = RunSpec::from_json(&text).err().unwrap().to_string();
        assert_eq!(err, "spec: missing field `data` (the data to train on)");
    }
}
