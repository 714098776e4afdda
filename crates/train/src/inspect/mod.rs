//! The data behind the live views of a run: plain serde snapshots the page draws, one
//! file per kind of view. Each function reads from the device once or a few times and
//! changes nothing in the session (weights, optimizer state, batch order, steps).
//!
//! | view | function | applies to |
//! |---|---|---|
//! | weight and gradient histograms, gradient norms, near-zero weights, dead ReLUs | [`layer_stats`] | every model |
//! | vanishing or exploding gradients over time | [`GradientWatch`] | fed from `layer_stats` |
//! | first conv layer's filters, feature maps of one example | [`conv_filters`], [`feature_maps`] | CNNs |
//! | predictions grid, confusion matrix on the test set | [`predictions`], [`confusion_matrix`] | classifiers |
//! | hidden state and gates over time | [`recurrent_states`] | RNN, GRU, LSTM layers |
//! | attention weights per head | [`attention_maps`] | self-attention, Transformer blocks |
//! | the dropout mask of the last step | [`dropout_masks`] | dropout layers |
//! | per-neuron maps over the data square | [`neuron_maps`] | models of 2-D points |
//!
//! Only layers at the top level of a spec are looked into; layers inside a `residual`
//! (and the dropouts inside a Transformer block) are not.

mod attention;
mod conv;
mod dropout;
mod example;
mod gradient_watch;
mod histogram;
mod layer_stats;
mod neuron_maps;
mod predictions;
mod recurrent;

pub use attention::{AttentionMaps, attention_maps};
pub use conv::{ConvFilters, FeatureMaps, Image, conv_filters, feature_maps};
pub use dropout::{DropoutMask, dropout_masks};
pub use example::{Example, test_example};
pub use gradient_watch::{
    EXPLODING_GROWTH, EXPLODING_NORM, GROWTH_FLOOR, GradientAlert, GradientWatch, VANISHING_NORM,
};
pub use histogram::{HISTOGRAM_BINS, Histogram};
pub use layer_stats::{DeadUnits, LayerStats, NEAR_ZERO, ParamStats, layer_stats};
pub use neuron_maps::{HiddenMaps, MAX_RESOLUTION, NeuronMaps, neuron_maps};
pub use predictions::{ConfusionMatrix, MAX_CONFUSION_CLASSES, Prediction, Predictions, confusion_matrix, predictions};
pub use recurrent::{GateTrace, RecurrentStates, recurrent_states};

use crate::core::Core;
use crate::{Session, SpecSession, TrainError};
use nnplay_nn::spec::{STREAMS_PER_LAYER, Site};
use nnplay_nn::{Context, LayerSpec, ParamStore};
use nnplay_tensor::Tensor;
use std::ops::Range;

/// A session whose model the views can look into: a [`SpecSession`] or the 2-D [`Session`].
pub trait Inspectable {
    /// What the functions of this module read (opaque outside this crate).
    #[doc(hidden)]
    fn inspected(&self) -> Inspected<'_>;
}

/// The model, weights and data of a session, as the functions of this module read them.
#[doc(hidden)]
pub struct Inspected<'a> {
    core: &'a Core,
}

impl Inspectable for SpecSession {
    fn inspected(&self) -> Inspected<'_> {
        Inspected { core: &self.core }
    }
}

impl Inspectable for Session {
    fn inspected(&self) -> Inspected<'_> {
        Inspected { core: &self.core }
    }
}

/// One top-level layer of the model: its spec, shapes and parameters.
struct LayerInfo<'a> {
    /// Place in the spec.
    index: usize,
    spec: &'a LayerSpec,
    /// One example's input and output shapes.
    input: Vec<usize>,
    output: Vec<usize>,
    /// Its tensors in the session's [`ParamStore`] (`layers.{index}.…`).
    params: Range<usize>,
}

impl LayerInfo<'_> {
    /// `layers[2]`, as errors and the spec editor name it.
    fn path(&self) -> String {
        format!("layers[{}]", self.index)
    }

    /// Builds this layer again with `build` at the place the model built it, so that its
    /// parameter ids point at the session's own tensors; the fresh weights it draws are
    /// never used. `build` gets a store holding the tensors before this layer, and the
    /// layer's site (name, seed, stream).
    fn rebuild<L>(
        &self,
        core: &Core,
        build: impl FnOnce(&mut ParamStore, &Site) -> Result<L, String>,
    ) -> Result<L, TrainError> {
        let params = core.params.params();
        let mut store = ParamStore::new();
        for param in &params[..self.params.start] {
            store.add_buffer(param.name.clone(), param.value.clone());
        }
        let (path, name) = (self.path(), format!("layers.{}", self.index));
        let device = core.train.inputs.device();
        let stream = self.index as u32 * STREAMS_PER_LAYER;
        let site = Site { path: &path, name: &name, seed: core.spec.seed, stream, device };
        let layer = build(&mut store, &site).map_err(|e| TrainError::Spec(format!("{path}: {e}")))?;
        let rebuilt: Vec<&str> = store.params()[self.params.start..].iter().map(|p| p.name.as_str()).collect();
        let own: Vec<&str> = params[self.params.clone()].iter().map(|p| p.name.as_str()).collect();
        if rebuilt != own {
            return Err(TrainError::Spec(format!(
                "{path}: rebuilding the layer gave the tensors {rebuilt:?}, not the model's {own:?}"
            )));
        }
        Ok(layer)
    }
}

/// Every top-level layer of `core`'s model.
fn layers(core: &Core) -> Vec<LayerInfo<'_>> {
    let summary = core.model.summary();
    let params = core.params.params();
    let mut input = core.model.input_shape().to_vec();
    let mut start = 0;
    let mut layers = Vec::with_capacity(summary.len());
    for (index, (spec, layer)) in core.spec.layers.iter().zip(summary).enumerate() {
        let prefix = format!("layers.{index}.");
        let end = start + params[start..].iter().take_while(|p| p.name.starts_with(&prefix)).count();
        let output = layer.output_shape.clone();
        layers.push(LayerInfo {
            index,
            spec,
            input: std::mem::replace(&mut input, output.clone()),
            output,
            params: start..end,
        });
        start = end;
    }
    layers
}

/// Test example `index` as a batch of one, or an error naming the range.
fn test_input(core: &Core, index: usize) -> Result<Tensor, TrainError> {
    if index >= core.test.len {
        return Err(TrainError::Spec(format!(
            "example {index} is not in the test set, which has examples 0 to {}",
            core.test.len.saturating_sub(1)
        )));
    }
    Ok(core.test.inputs.slice(0, index, 1)?)
}

/// Every layer's output for one test example, in evaluation mode, recording no graph.
fn outputs_for(core: &Core, index: usize) -> Result<(Tensor, Vec<Tensor>), TrainError> {
    let input = test_input(core, index)?;
    let outputs = core.model.forward_each(&core.params.detached(), &input, &mut Context::eval())?;
    Ok((input, outputs))
}

/// The input of layer `index` given every layer's output.
fn input_of<'a>(input: &'a Tensor, outputs: &'a [Tensor], index: usize) -> &'a Tensor {
    if index == 0 { input } else { &outputs[index - 1] }
}

/// Splits row-major `values` into rows of `width`.
fn rows(values: &[f32], width: usize) -> Vec<Vec<f32>> {
    values.chunks(width.max(1)).map(<[f32]>::to_vec).collect()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Tiny runs for the tests of this module.

    use crate::{RunSpec, SpecSession};

    /// A session of `layers` (JSON) on `input` and `data` (JSON), seeded 1.
    pub fn session(input: &str, layers: &str, loss: &str, data: &str) -> SpecSession {
        let text = format!(
            r#"{{"input": {input}, "layers": {layers}, "loss": "{loss}",
                "optimizer": {{"kind": "sgd", "learning_rate": 0.1}}, "batch_size": 8, "seed": 1, "data": {data}}}"#
        );
        SpecSession::new(RunSpec::from_json(&text).unwrap()).unwrap()
    }

    /// 2-D points of the XOR set.
    pub const XOR: &str = r#"{"kind": "xor", "samples": 100, "noise": 0, "train_ratio": 0.5, "seed": 1}"#;
}
