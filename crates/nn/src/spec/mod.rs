//! `ModelSpec`: the JSON description of a model that the UI, the CLI, export and presets
//! share. Building one infers every layer's shapes, counts parameters and FLOPs, and
//! reports a spec that does not fit with an error naming the layer — never a panic.
//! The format is documented in `docs/spec.md`.

mod dropout_rate;
mod error;
mod footprint;
mod layer_spec;
mod memory;

pub use error::SpecError;
pub use footprint::LayerFootprint;
pub use layer_spec::{KINDS, LayerSpec, STREAMS_PER_LAYER, Site};
pub use memory::{BACKWARD_FACTOR, EVALUATION_SLICE_BYTES, MemoryEstimate, size_text};

use crate::loss::Loss;
use crate::regularization::Regularization;
use crate::schedule::LrSchedule;
use crate::{Context, Layer, OptimizerConfig, ParamStore};
use nnplay_tensor::{Device, Result as TensorResult, Tensor};
use serde::{Deserialize, Serialize};

/// A model and how to train it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Shape of one example, without the batch axis: `[2]` for points, `[1, 28, 28]` for
    /// images, `[time, features]` for sequences, `[time]` for token ids.
    pub input: Vec<usize>,
    /// The layers, applied in order.
    pub layers: Vec<LayerSpec>,
    /// What training minimises: `"cross_entropy"` for classes (one per example or per
    /// position), `"mse"` for values, …
    pub loss: Loss,
    pub optimizer: OptimizerConfig,
    /// How the learning rate changes over the steps; constant by default.
    #[serde(default)]
    pub schedule: LrSchedule,
    /// L1/L2 penalties (on the weights unless parameters are named); none by default.
    #[serde(default)]
    pub regularization: Regularization,
    /// Examples per step.
    pub batch_size: usize,
    /// Seed of the initial weights, the batch order and dropout.
    pub seed: u64,
}

/// What shape inference found for one layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerSummary {
    /// Place in the spec (`layers[2]`).
    pub path: String,
    pub kind: String,
    /// One example's output shape.
    pub output_shape: Vec<usize>,
    /// Trainable scalars.
    pub params: usize,
    /// Forward FLOPs for one example.
    pub flops: u64,
}

/// A built model: its layers and their parameters.
#[derive(Debug)]
pub struct Model {
    pub params: ParamStore,
    layers: Vec<Box<dyn Layer>>,
    input: Vec<usize>,
    summary: Vec<LayerSummary>,
}

impl ModelSpec {
    /// Parses a spec, naming the layer when one is malformed or of an unknown kind.
    pub fn from_json(text: &str) -> Result<ModelSpec, SpecError> {
        let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| SpecError::Parse(e.to_string()))?;
        // Layers are parsed one by one so that an error can say which.
        let layers = match value.get_mut("layers").map(serde_json::Value::take) {
            Some(serde_json::Value::Array(layers)) => layers,
            Some(_) => return Err(SpecError::Parse("layers must be a list".into())),
            None => return Err(SpecError::Parse("missing field `layers`".into())),
        };
        value["layers"] = serde_json::Value::Array(Vec::new());
        let mut spec: ModelSpec = serde_json::from_value(value.clone()).map_err(|e| field_error(&value, e))?;
        spec.layers = layers
            .into_iter()
            .enumerate()
            .map(|(i, layer)| parse_layer(&format!("layers[{i}]"), layer))
            .collect::<Result<_, _>>()?;
        Ok(spec)
    }

    /// Checks the top-level fields.
    pub fn validate(&self) -> Result<(), SpecError> {
        let field = |field, message: String| Err(SpecError::Field { field, message });
        if self.input.is_empty() || self.input.contains(&0) {
            return field(
                "input",
                format!("{} has an axis of size 0 or none at all; give every axis a size ≥ 1", shape_text(&self.input)),
            );
        }
        if self.batch_size == 0 {
            return field("batch_size", "is 0; use at least 1".into());
        }
        if self.layers.is_empty() {
            return field("layers", "is empty; list at least one layer".into());
        }
        self.loss.validate().map_err(|message| SpecError::Field { field: "loss", message })?;
        self.schedule.validate().map_err(|message| SpecError::Field { field: "schedule", message })?;
        self.optimizer.validate().map_err(|message| SpecError::Field { field: "optimizer", message })
    }

    /// Shape inference alone: each layer's output shape, parameters and FLOPs.
    pub fn summary(&self) -> Result<Vec<LayerSummary>, SpecError> {
        Ok(self.build(Device::Cpu)?.summary)
    }

    /// Builds the model on `device` with freshly initialised weights.
    pub fn build(&self, device: Device) -> Result<Model, SpecError> {
        self.validate()?;
        let mut params = ParamStore::new();
        let mut layers = Vec::with_capacity(self.layers.len());
        let mut summary = Vec::with_capacity(self.layers.len());
        let mut shape = self.input.clone();
        for (i, spec) in self.layers.iter().enumerate() {
            let path = format!("layers[{i}]");
            let name = format!("layers.{i}");
            let site = Site { path: &path, name: &name, seed: self.seed, stream: i as u32 * STREAMS_PER_LAYER, device };
            let before = params.scalar_count();
            let layer = spec.build(&shape, &mut params, &site)?;
            shape = layer.output_shape().to_vec();
            summary.push(LayerSummary {
                path,
                kind: spec.kind().to_string(),
                output_shape: shape.clone(),
                params: params.scalar_count() - before,
                flops: layer.flops(),
            });
            layers.push(layer);
        }
        let regularization = self.regularization.validate(&params);
        regularization.map_err(|message| SpecError::Field { field: "regularization", message })?;
        Ok(Model { params, layers, input: self.input.clone(), summary })
    }
}

/// The error of the first top-level field that does not read as its type, named; a
/// `serde_json::Value` keeps no position, so its own error would not say which field.
fn field_error(value: &serde_json::Value, error: serde_json::Error) -> SpecError {
    fn check<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<(), String> {
        serde_json::from_value::<T>(value.clone()).map(drop).map_err(|e| e.to_string())
    }
    type Check = fn(&serde_json::Value) -> Result<(), String>;
    let fields: [(&'static str, Check); 7] = [
        ("input", check::<Vec<usize>>),
        ("loss", check::<Loss>),
        ("optimizer", check::<OptimizerConfig>),
        ("schedule", check::<LrSchedule>),
        ("regularization", check::<Regularization>),
        ("batch_size", check::<usize>),
        ("seed", check::<u64>),
    ];
    fields
        .into_iter()
        .find_map(|(field, check)| {
            let message = check(value.get(field)?).err()?;
            Some(SpecError::Field { field, message })
        })
        .unwrap_or_else(|| SpecError::Parse(error.to_string()))
}

fn parse_layer(path: &str, value: serde_json::Value) -> Result<LayerSpec, SpecError> {
    let kind = value.get("kind").and_then(|k| k.as_str()).map(str::to_string);
    let Some(kind) = kind else {
        return Err(SpecError::layer(path, "?", "has no \"kind\"; give one of ".to_string() + &KINDS.join(", ")));
    };
    if !KINDS.contains(&kind.as_str()) {
        return Err(SpecError::layer(path, &kind, format!("unknown layer kind; use one of {}", KINDS.join(", "))));
    }
    serde_json::from_value(value).map_err(|e| SpecError::layer(path, &kind, e.to_string()))
}

use error::shape_text;

impl Model {
    /// Runs every layer on `x` of shape `[batch, ..input]`.
    pub fn forward(&self, params: &ParamStore, x: &Tensor, ctx: &mut Context) -> TensorResult<Tensor> {
        let mut h = x.clone();
        for layer in &self.layers {
            h = layer.forward(params, &h, ctx)?;
        }
        Ok(h)
    }
    /// Runs every layer on `x` as [`Model::forward`] does, and returns every layer's
    /// output in order (the last is the model's): what views of feature maps and
    /// activations draw.
    pub fn forward_each(&self, params: &ParamStore, x: &Tensor, ctx: &mut Context) -> TensorResult<Vec<Tensor>> {
        let mut outputs: Vec<Tensor> = Vec::with_capacity(self.layers.len());
        for layer in &self.layers {
            let output = layer.forward(params, outputs.last().unwrap_or(x), ctx)?;
            outputs.push(output);
        }
        Ok(outputs)
    }
    /// One example's input shape.
    pub fn input_shape(&self) -> &[usize] {
        &self.input
    }
    /// One example's output shape.
    pub fn output_shape(&self) -> &[usize] {
        self.summary.last().map(|s| s.output_shape.as_slice()).unwrap_or(&self.input)
    }
    /// Shapes, parameters and FLOPs per layer.
    pub fn summary(&self) -> &[LayerSummary] {
        &self.summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    const MLP: &str = r#"{
        "input": [2],
        "layers": [
            {"kind": "dense", "units": 8},
            {"kind": "activation", "function": "tanh"},
            {"kind": "dense", "units": 2}
        ],
        "loss": "cross_entropy",
        "optimizer": {"kind": "adam", "learning_rate": 0.03, "momentum": 0.9, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
        "batch_size": 32,
        "seed": 1
    }"#;

    fn with_layers(layers: &str) -> String {
        let mut spec: serde_json::Value = serde_json::from_str(MLP).unwrap();
        spec["layers"] = serde_json::from_str(layers).unwrap();
        spec.to_string()
    }

    #[test]
    fn a_top_level_field_of_the_wrong_type_is_named() {
        let with = |field: &str, value: serde_json::Value| {
            let mut spec: serde_json::Value = serde_json::from_str(MLP).unwrap();
            spec[field] = value;
            ModelSpec::from_json(&spec.to_string()).unwrap_err().to_string()
        };
        assert_eq!(
            with("input", serde_json::json!([-2])),
            "spec field input: invalid value: integer `-2`, expected usize"
        );
        assert_eq!(
            with("batch_size", serde_json::json!("32")),
            "spec field batch_size: invalid type: string \"32\", expected usize"
        );
        assert!(
            with("optimizer", serde_json::json!({"kind": "adam", "learning_rate": "fast"}))
                .starts_with("spec field optimizer: ")
        );
        assert!(with("seed", serde_json::json!(-1)).starts_with("spec field seed: invalid value: integer `-1`"));
    }

    #[test]
    fn summary_infers_shapes_parameters_and_flops() {
        let spec = ModelSpec::from_json(MLP).unwrap();
        let summary = spec.summary().unwrap();
        let shapes: Vec<&[usize]> = summary.iter().map(|s| s.output_shape.as_slice()).collect();
        assert_eq!(shapes, vec![&[8][..], &[8], &[2]]);
        assert_eq!(summary.iter().map(|s| s.params).collect::<Vec<_>>(), vec![2 * 8 + 8, 0, 8 * 2 + 2]);
        assert_eq!(summary[0].flops, 2 * 2 * 8);
        assert_eq!(summary[2].path, "layers[2]");
    }

    engine_test! {
        async fn a_built_model_runs_forward_with_pytorch_names() {
            let model = ModelSpec::from_json(MLP).unwrap().build(Device::Cpu).unwrap();
            let names: Vec<&str> = model.params.params().iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, vec!["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"]);
            let x = Tensor::zeros([5, 2], Device::Cpu);
            let y = model.forward(&model.params, &x, &mut Context::eval()).unwrap();
            assert_eq!(y.dims(), &[5, 2]);
            assert_eq!(model.output_shape(), &[2]);
            let x = Tensor::from_vec((0..10).map(|i| i as f32 * 0.3 - 1.0).collect(), [5, 2], Device::Cpu).unwrap();
            let each = model.forward_each(&model.params, &x, &mut Context::eval()).unwrap();
            let dims: Vec<&[usize]> = each.iter().map(|t| t.dims()).collect();
            assert_eq!(dims, vec![&[5, 8][..], &[5, 8], &[5, 2]]);
            let hidden = each[0].to_vec().await.unwrap().iter().map(|v| v.tanh()).collect::<Vec<_>>();
            assert_eq!(each[1].to_vec().await.unwrap(), hidden);
            let y = model.forward(&model.params, &x, &mut Context::eval()).unwrap();
            assert_eq!(each[2].to_vec().await.unwrap(), y.to_vec().await.unwrap());
        }
    }

    #[test]
    fn round_trips_through_json() {
        let spec = ModelSpec::from_json(MLP).unwrap();
        let text = serde_json::to_string(&spec).unwrap();
        assert_eq!(ModelSpec::from_json(&text).unwrap(), spec);
    }

    #[test]
    fn errors_name_the_layer() {
        let error = |layers: &str| {
            ModelSpec::from_json(&with_layers(layers)).and_then(|s| s.summary().map(|_| ())).unwrap_err().to_string()
        };
        assert_eq!(
            error(r#"[{"kind": "dense", "units": 4}, {"kind": "conv3d"}]"#),
            format!("layers[1] (conv3d): unknown layer kind; use one of {}", KINDS.join(", "))
        );
        assert_eq!(
            error(r#"[{"units": 4}]"#),
            format!("layers[0] (?): has no \"kind\"; give one of {}", KINDS.join(", "))
        );
        assert_eq!(
            error(r#"[{"kind": "dense", "units": 0}]"#),
            "layers[0] (dense): units is 0; a dense layer needs at least 1 unit"
        );
        assert!(error(r#"[{"kind": "dense", "unit": 4}]"#).starts_with("layers[0] (dense): unknown field `unit`"));
        assert!(
            error(r#"[{"kind": "activation", "function": "swish"}]"#)
                .starts_with("layers[0] (activation): unknown variant `swish`")
        );
    }

    /// The broken specs the acceptance list names: each a one-line error naming the layer.
    #[test]
    fn broken_specs_name_the_layer_and_the_shapes() {
        let error = |input: &str, layers: &str| {
            let mut spec: serde_json::Value = serde_json::from_str(&with_layers(layers)).unwrap();
            spec["input"] = serde_json::from_str(input).unwrap();
            let message =
                ModelSpec::from_json(&spec.to_string()).and_then(|s| s.summary().map(|_| ())).unwrap_err().to_string();
            assert_eq!(message.lines().count(), 1, "{message}");
            message
        };
        let conv = r#"[{"kind": "conv2d", "out_channels": 4, "kernel_size": 5}]"#;
        let wrong_input = error("[2]", conv);
        assert!(wrong_input.starts_with("layers[0] (conv2d): ") && wrong_input.contains("[2]"), "{wrong_input}");
        let too_big = error("[1, 3, 3]", conv);
        assert!(too_big.starts_with("layers[0] (conv2d): ") && too_big.contains("larger than"), "{too_big}");
        let heads = error(
            "[10]",
            r#"[{"kind": "embedding", "num_embeddings": 20, "embedding_dim": 30},
                {"kind": "transformer_block", "num_heads": 4}]"#,
        );
        assert!(heads.starts_with("layers[1] (transformer_block): ") && heads.contains("30"), "{heads}");
        let nested = error("[8]", r#"[{"kind": "residual", "layers": [{"kind": "dense", "units": 4}]}]"#);
        assert!(nested.starts_with("layers[0] (residual): its layers turn [8] into [4]"), "{nested}");
        let huge = error("[100000]", r#"[{"kind": "dense", "units": 100000}]"#);
        assert!(huge.starts_with("layers[0] (dense): 100000×100000 = 10000000000 weights is more than"), "{huge}");
        let unknown = error("[2]", r#"[{"kind": "conv3d"}]"#);
        assert!(unknown.starts_with("layers[0] (conv3d): unknown layer kind"), "{unknown}");
    }

    #[test]
    fn top_level_errors_name_the_field() {
        let bad = MLP.replace("\"batch_size\": 32", "\"batch_size\": 0");
        assert_eq!(
            ModelSpec::from_json(&bad).unwrap().summary().unwrap_err().to_string(),
            "spec field batch_size: is 0; use at least 1"
        );
        let bad = MLP.replace("\"input\": [2]", "\"input\": [0]");
        assert!(
            ModelSpec::from_json(&bad).unwrap().summary().unwrap_err().to_string().starts_with("spec field input: [0]")
        );
        assert!(ModelSpec::from_json("{").unwrap_err().to_string().starts_with("spec: EOF while parsing"));
    }
}
