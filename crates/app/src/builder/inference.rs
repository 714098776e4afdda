//! Shape inference over the drafts, layer by layer, so that the layers before the first
//! one that breaks still show their shapes and parameters.

use super::draft::LayerDraft;
use crate::texts::Translated;
use nnplay_nn::spec::{LayerSummary, STREAMS_PER_LAYER, Site};
use nnplay_nn::{LayerSpec, ModelSpec, ParamStore, SpecError};
use nnplay_tensor::Device;
use std::fmt;

/// Why the edited model cannot be trained, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderError {
    /// The layer that breaks, by its place in the list; `None` when the problem is not one
    /// layer's (the input shape, an empty list, the spec's training settings).
    pub layer: Option<usize>,
    /// The kind of that layer.
    pub kind: Option<&'static str>,
    /// The field of that layer whose text is not a value, when that is the problem.
    pub field: Option<&'static str>,
    /// What is wrong, in one sentence; the layer's own path is left out (its row says it).
    pub message: Translated,
}

impl fmt::Display for BuilderError {
    /// `layers[2] (dense): units is 0; …`, as `nnplay_nn` names a layer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.layer, self.kind) {
            (Some(index), Some(kind)) => write!(f, "layers[{index}] ({kind}): {}", self.message.en),
            _ => f.write_str(&self.message.en),
        }
    }
}

/// What inference found: a summary for each layer up to the first that breaks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inferred {
    /// One per layer that fits, in order; shorter than the list when `error` is a layer's.
    pub summaries: Vec<LayerSummary>,
    /// The first problem, if there is one.
    pub error: Option<BuilderError>,
}

/// The spec `base` would be with `input` and these layers, or the first field that is
/// not a value.
pub fn assemble(base: &ModelSpec, input: &[usize], drafts: &[LayerDraft]) -> Result<ModelSpec, BuilderError> {
    let layers = drafts.iter().enumerate().map(|(i, draft)| parse(i, draft)).collect::<Result<_, _>>()?;
    Ok(ModelSpec { input: input.to_vec(), layers, ..base.clone() })
}

fn parse(index: usize, draft: &LayerDraft) -> Result<LayerSpec, BuilderError> {
    draft.to_spec(&format!("layers[{index}]")).map_err(|e| BuilderError {
        layer: Some(index),
        kind: Some(draft.kind),
        field: Some(e.field),
        message: e.message,
    })
}

/// Infers every layer's output shape and parameters in order, stopping at the first layer
/// whose fields are not values or that does not fit its input. Building allocates each
/// layer's weights (on the CPU), as `ModelSpec::summary` does.
pub fn infer(base: &ModelSpec, input: &[usize], drafts: &[LayerDraft]) -> Inferred {
    let general = |message: Translated| Inferred {
        summaries: Vec::new(),
        error: Some(BuilderError { layer: None, kind: None, field: None, message }),
    };
    if drafts.is_empty() {
        return general(Translated::new(
            "The model has no layers yet; add at least one.",
            "模型还没有层；请至少添加一层。",
        ));
    }
    // The spec's own checks (input shape, batch size, loss, optimizer) need a layer list
    // that is not empty; a flatten layer stands in for the drafts.
    let probe = ModelSpec { input: input.to_vec(), layers: vec![flatten()], ..base.clone() };
    if let Err(e) = probe.validate() {
        return general(crate::engine_text::both(e.to_string()));
    }
    let mut params = ParamStore::new();
    let mut shape = input.to_vec();
    let mut inferred = Inferred::default();
    for (i, draft) in drafts.iter().enumerate() {
        let spec = match parse(i, draft) {
            Ok(spec) => spec,
            Err(error) => {
                inferred.error = Some(error);
                return inferred;
            }
        };
        let path = format!("layers[{i}]");
        let name = format!("layers.{i}");
        let stream = (i as u32).wrapping_mul(STREAMS_PER_LAYER);
        let site = Site { path: &path, name: &name, seed: base.seed, stream, device: Device::Cpu };
        let before = params.scalar_count();
        match spec.build(&shape, &mut params, &site) {
            Ok(layer) => {
                shape = layer.output_shape().to_vec();
                inferred.summaries.push(LayerSummary {
                    path,
                    kind: spec.kind().to_string(),
                    output_shape: shape.clone(),
                    params: params.scalar_count() - before,
                    flops: layer.flops(),
                });
            }
            Err(e) => {
                inferred.error = Some(layer_error(i, draft.kind, &path, e));
                return inferred;
            }
        }
    }
    if let Err(message) = base.regularization.validate(&params) {
        inferred.error = Some(BuilderError {
            layer: None,
            kind: None,
            field: None,
            message: crate::engine_text::both(format!("spec field regularization: {message}")),
        });
    }
    inferred
}

fn flatten() -> LayerSpec {
    LayerSpec::Flatten(Default::default())
}

/// A build error of layer `index`, its own path left out of the message (a nested
/// layer's path is kept: it says which inner layer).
fn layer_error(index: usize, kind: &'static str, path: &str, error: SpecError) -> BuilderError {
    let message = match error {
        SpecError::Layer { path: at, message, .. } if at == path => message,
        other => other.to_string(),
    };
    BuilderError { layer: Some(index), kind: Some(kind), field: None, message: crate::engine_text::both(message) }
}
