//! A checkpoint file: the run (model spec and data), the weights, the optimizer state, the
//! step, and the batch order, in one safetensors file. Resuming it continues the exact
//! trajectory an uninterrupted run would have had: every random stream is a counter keyed
//! by the seed and the step (dropout) or the epoch (shuffles), which the file records.
//!
//! Tensors: `model.{name}` (the weights under PyTorch's state_dict names),
//! `optimizer.{index}.{key}` (torch's optimizer state names), `data.order` (u32 indices of
//! the training examples in this epoch's order). Metadata: `format`, `version`, `run` (the
//! run file as JSON), `steps`, `epoch`, `cursor` (position in the order).

use crate::core::HostCheckpoint;
use crate::{RunData, RunSpec, TrainError};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};

/// The `format` metadata value that marks a checkpoint.
const FORMAT: &str = "nnplay-checkpoint";
/// The version this build writes and reads.
const VERSION: &str = "1";

/// Writes `checkpoint` of `run` (whose parameters are `params`, names and shapes in store
/// order) as bytes.
pub(crate) fn encode(
    run: &RunSpec,
    params: &[(String, Vec<usize>)],
    checkpoint: &HostCheckpoint,
) -> Result<Vec<u8>, TrainError> {
    let little_endian = |values: &[f32]| values.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
    let mut tensors: Vec<(String, Vec<usize>, Dtype, Vec<u8>)> = Vec::new();
    for ((name, shape), values) in params.iter().zip(&checkpoint.values) {
        tensors.push((format!("model.{name}"), shape.clone(), Dtype::F32, little_endian(values)));
    }
    let names: Vec<&str> = params.iter().map(|(name, _)| name.as_str()).collect();
    for (name, shape, values) in &checkpoint.optimizer {
        tensors.push((format!("optimizer.{name}"), shape.clone(), Dtype::F32, little_endian(values)));
    }
    let order: Vec<u8> = checkpoint.order.iter().flat_map(|&i| (i as u32).to_le_bytes()).collect();
    tensors.push(("data.order".into(), vec![checkpoint.order.len()], Dtype::U32, order));
    let metadata = [
        ("format".to_string(), FORMAT.to_string()),
        ("version".to_string(), VERSION.to_string()),
        ("run".to_string(), run.to_json()),
        ("parameters".to_string(), serde_json::to_string(&names).expect("names serialise")),
        ("steps".to_string(), checkpoint.steps.to_string()),
        ("epoch".to_string(), checkpoint.epoch.to_string()),
        ("cursor".to_string(), checkpoint.cursor.to_string()),
    ];
    let views = tensors.iter().map(|(name, shape, dtype, bytes)| {
        let view = TensorView::new(*dtype, shape.clone(), bytes).expect("the byte count matches the shape");
        (name.as_str(), view)
    });
    safetensors::serialize(views, Some(metadata.into_iter().collect()))
        .map_err(|e| TrainError::Spec(format!("writing a checkpoint: {e}")))
}

/// What a checkpoint holds, read without building its run: enough to fetch the packed
/// file its data needs, or to load the user's data at the model's input shape.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointInfo {
    /// The model spec as it ran (with changes made during the run).
    pub model: nnplay_nn::ModelSpec,
    /// The run file's `"data"` entry.
    pub data: serde_json::Value,
    /// Steps taken when it was saved.
    pub steps: u64,
}

impl CheckpointInfo {
    /// The packed dataset file the run needs (see `nnplay_data::AssetFiles`), if any.
    pub fn asset(&self) -> Option<&'static str> {
        serde_json::from_value::<nnplay_data::SyntheticSpec>(self.data.clone()).ok().and_then(|spec| spec.asset())
    }
    /// Whether the run trained on imported data, which resuming needs again.
    pub fn imported(&self) -> bool {
        self.data["kind"] == "imported"
    }
}

/// Reads what a checkpoint file holds without building its run; a file that is not a
/// checkpoint is refused as [`SpecSession::resume`](crate::SpecSession::resume) would.
pub fn info(bytes: &[u8]) -> Result<CheckpointInfo, TrainError> {
    let invalid = |reason: String| TrainError::Spec(format!("checkpoint: {reason}"));
    let (_, header) =
        SafeTensors::read_metadata(bytes).map_err(|e| invalid(format!("not a safetensors file ({e})")))?;
    let metadata = header.metadata().clone().unwrap_or_default();
    if metadata.get("format").map(String::as_str) != Some(FORMAT) {
        return Err(invalid("this safetensors file is not an NN Playground checkpoint (a weights file?)".into()));
    }
    let field = |key: &str| metadata.get(key).ok_or_else(|| invalid(format!("metadata has no `{key}`")));
    let mut run: serde_json::Value =
        serde_json::from_str(field("run")?).map_err(|e| invalid(format!("its run: {e}")))?;
    let data = run.as_object_mut().and_then(|o| o.remove("data")).unwrap_or_default();
    let model = nnplay_nn::ModelSpec::from_json(&run.to_string()).map_err(|e| invalid(format!("its run: {e}")))?;
    let steps = field("steps")?.parse().map_err(|_| invalid("`steps` is not a whole number".into()))?;
    Ok(CheckpointInfo { model, data, steps })
}

/// The shapes of a checkpoint's weights, in the model's order (see [`check_shapes`]).
pub(crate) type Shapes = Vec<Vec<usize>>;

/// Reads a checkpoint: the run it belongs to, the state to resume and the shapes of its
/// weights. A file that is not a checkpoint, or is damaged, is refused with the reason.
/// A run on imported data takes that data from `imported`.
pub(crate) fn decode(bytes: &[u8], imported: Option<RunData>) -> Result<(RunSpec, HostCheckpoint, Shapes), TrainError> {
    let invalid = |reason: String| TrainError::Spec(format!("checkpoint: {reason}"));
    let (_, header) =
        SafeTensors::read_metadata(bytes).map_err(|e| invalid(format!("not a safetensors file ({e})")))?;
    let metadata = header.metadata().clone().unwrap_or_default();
    let field = |key: &str| metadata.get(key).ok_or_else(|| invalid(format!("metadata has no `{key}`")));
    if metadata.get("format").map(String::as_str) != Some(FORMAT) {
        return Err(invalid("this safetensors file is not an NN Playground checkpoint (a weights file?)".into()));
    }
    let version = field("version")?;
    if version != VERSION {
        return Err(invalid(format!("version {version} is not one this build reads ({VERSION})")));
    }
    let number = |key: &str| {
        let text = field(key)?;
        text.parse::<u64>().map_err(|_| invalid(format!("`{key}` is \"{text}\", not a whole number")))
    };
    let run = match imported {
        Some(data) => {
            let mut value: serde_json::Value =
                serde_json::from_str(field("run")?).map_err(|e| invalid(format!("its run: {e}")))?;
            if value["data"]["kind"] != "imported" {
                return Err(invalid("its run trains on built-in data, not on an imported file".into()));
            }
            value.as_object_mut().map(|o| o.remove("data"));
            let model =
                nnplay_nn::ModelSpec::from_json(&value.to_string()).map_err(|e| invalid(format!("its run: {e}")))?;
            RunSpec { model, data }
        }
        None => RunSpec::from_json(field("run")?).map_err(|e| invalid(format!("its run: {e}")))?,
    };
    let file = SafeTensors::deserialize(bytes).map_err(|e| invalid(format!("damaged ({e})")))?;
    // safetensors sorts tensors by name; the `parameters` list gives the model's order.
    let parameters: Vec<String> = serde_json::from_str(field("parameters")?)
        .map_err(|e| invalid(format!("`parameters` is not a list of names ({e})")))?;
    let (mut values, mut shapes) = (Vec::with_capacity(parameters.len()), Vec::with_capacity(parameters.len()));
    for name in &parameters {
        let key = format!("model.{name}");
        let view = file.tensor(&key).map_err(|_| invalid(format!("no tensor `{key}`")))?;
        values.push(floats(&key, &view)?);
        shapes.push(view.shape().to_vec());
    }
    let (mut optimizer, mut order) = (Vec::new(), None);
    for (name, view) in file.tensors() {
        if let Some(index) = name.strip_prefix("optimizer.") {
            optimizer.push((index.to_string(), view.shape().to_vec(), floats(&name, &view)?));
        } else if name.strip_prefix("model.").is_some_and(|n| parameters.iter().any(|p| p == n)) {
            // Read above, in order.
        } else if name == "data.order" && view.dtype() == Dtype::U32 {
            let indices = view.data().chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
            order = Some(indices.collect());
        } else {
            return Err(invalid(format!("unexpected tensor `{name}` ({:?})", view.dtype())));
        }
    }
    let checkpoint = HostCheckpoint {
        values,
        optimizer,
        order: order.ok_or_else(|| invalid("no `data.order`".into()))?,
        cursor: number("cursor")? as usize,
        epoch: u32::try_from(number("epoch")?).map_err(|_| invalid("`epoch` is too large".into()))?,
        steps: number("steps")?,
    };
    Ok((run, checkpoint, shapes))
}

/// Refuses saved weights whose shapes are not the model's: the same number of values in
/// another shape ([1, 4] for [2, 2]) would load scrambled. A count that differs is left
/// to `Core::resume`, which says so.
pub(crate) fn check_shapes(params: &nnplay_nn::ParamStore, shapes: &[Vec<usize>]) -> Result<(), TrainError> {
    for (param, shape) in params.params().iter().zip(shapes) {
        let model = param.value.dims();
        if model != shape.as_slice() {
            return Err(TrainError::Spec(format!(
                "checkpoint: `{}` is {shape:?}; the model's is {model:?}",
                param.name
            )));
        }
    }
    Ok(())
}

/// The values of an F32 tensor, all finite: a NaN or an infinity would only make the
/// resumed run's losses NaN, so the file is refused with the first one's place.
fn floats(name: &str, view: &TensorView) -> Result<Vec<f32>, TrainError> {
    if view.dtype() != Dtype::F32 {
        return Err(TrainError::Spec(format!("checkpoint: `{name}` is {:?}, not F32", view.dtype())));
    }
    let values: Vec<f32> = view.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
    if let Some((index, value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(TrainError::Spec(format!(
            "checkpoint: `{name}` holds {value} at index {index}; a run whose weights or optimizer state are not \
             finite cannot be resumed (resume an earlier checkpoint)"
        )));
    }
    Ok(values)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::{RunSpec, SpecSession};
    use nnplay_tensor::Device;
    use safetensors::tensor::{Dtype, SafeTensors, TensorView};

    const RUN: &str = r#"{"input": [2], "layers": [{"kind": "dense", "units": 2}], "loss": "cross_entropy",
        "optimizer": {"kind": "adam", "learning_rate": 0.1}, "batch_size": 4, "seed": 1,
        "data": {"kind": "circle", "samples": 20, "noise": 0, "train_ratio": 0.5, "seed": 1}}"#;

    /// A checkpoint of one step of [`RUN`] (Adam, so it has optimizer state).
    fn saved() -> Vec<u8> {
        let mut session = SpecSession::new(RunSpec::from_json(RUN).unwrap()).unwrap();
        session.step().unwrap();
        pollster::block_on(session.save()).unwrap()
    }

    /// `file` with the tensor `name` rewritten as `shape` and `values`.
    fn edited(file: &[u8], name: &str, shape: &[usize], values: &[f32]) -> Vec<u8> {
        let (_, header) = SafeTensors::read_metadata(file).unwrap();
        let tensors = SafeTensors::deserialize(file).unwrap();
        let mut owned: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> =
            tensors.tensors().into_iter().map(|(n, v)| (n, v.dtype(), v.shape().to_vec(), v.data().to_vec())).collect();
        let tensor = owned.iter_mut().find(|(n, ..)| n == name).expect("the tensor is in the file");
        tensor.2 = shape.to_vec();
        tensor.3 = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let views =
            owned.iter().map(|(n, dtype, shape, bytes)| (n, TensorView::new(*dtype, shape.clone(), bytes).unwrap()));
        safetensors::serialize(views, header.metadata().clone()).unwrap()
    }

    fn refused(bytes: &[u8]) -> String {
        SpecSession::resume(bytes, Device::Cpu).err().expect("the file is refused").to_string()
    }

    #[test]
    fn weights_or_optimizer_state_that_are_not_finite_are_refused_by_place() {
        let file = saved();
        assert!(SpecSession::resume(&file, Device::Cpu).is_ok());
        let nan = edited(&file, "model.layers.0.weight", &[2, 2], &[0.5, f32::NAN, 0.1, 0.2]);
        assert_eq!(
            refused(&nan),
            "checkpoint: `model.layers.0.weight` holds NaN at index 1; a run whose weights or optimizer state are not \
             finite cannot be resumed (resume an earlier checkpoint)"
        );
        let tensors = SafeTensors::deserialize(&file).unwrap();
        let moment = tensors.names().into_iter().find(|n| n.starts_with("optimizer.")).expect("Adam keeps moments");
        let moment = moment.to_string();
        let values = [0.0, 0.0, f32::INFINITY, 0.0];
        assert!(refused(&edited(&file, &moment, &[2, 2], &values)).contains("holds inf at index 2"));
    }

    #[test]
    fn weights_of_the_right_count_in_the_wrong_shape_are_refused() {
        let file = saved();
        let scrambled = edited(&file, "model.layers.0.weight", &[1, 4], &[0.5, 0.4, 0.1, 0.2]);
        assert_eq!(refused(&scrambled), "checkpoint: `layers.0.weight` is [1, 4]; the model's is [2, 2]");
    }
}
