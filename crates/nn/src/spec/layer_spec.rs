//! The layer kinds a spec may list, and how each is built for a given input shape.

use super::error::{SpecError, shape_text};
use crate::layers::activation_layer::ActivationLayer;
use crate::{Activation, Dense, Init, Layer, ParamStore};
use nnplay_tensor::Device;
use serde::{Deserialize, Serialize};

/// One entry of a spec's `layers` list; `"kind"` selects the variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum LayerSpec {
    /// Fully connected, `torch.nn.Linear`, over the last axis.
    Dense { units: usize },
    /// An elementwise function.
    Activation { function: Activation },
}

/// Every kind name, for the "unknown kind" message.
pub const KINDS: &[&str] = &["dense", "activation"];

/// Where a layer is built: its place in the spec, its parameter-name prefix, and its
/// RNG streams.
pub struct Site<'a> {
    /// Path in the spec, for messages (`layers[2]`).
    pub path: &'a str,
    /// PyTorch name prefix of its parameters (`layers.2`).
    pub name: &'a str,
    pub seed: u64,
    /// First RNG stream of this layer; it may use the next 63.
    pub stream: u32,
    pub device: Device,
}

impl LayerSpec {
    /// The kind's name as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            LayerSpec::Dense { .. } => "dense",
            LayerSpec::Activation { .. } => "activation",
        }
    }

    /// Builds the layer for inputs of shape `input` (no batch axis), adding its
    /// parameters to `store`.
    pub fn build(&self, input: &[usize], store: &mut ParamStore, site: &Site) -> Result<Box<dyn Layer>, SpecError> {
        let fail = |message: String| SpecError::layer(site.path, self.kind(), message);
        let layer: Box<dyn Layer> = match self {
            LayerSpec::Dense { units } => {
                if *units == 0 {
                    return Err(fail("units is 0; a dense layer needs at least 1 unit".into()));
                }
                let Some(&features) = input.last() else {
                    return Err(fail(
                        "its input is a single number; dense layers need an input with a feature axis".into(),
                    ));
                };
                let init = Init::PytorchDefault;
                let layer = Dense::new(store, site.name, features, *units, init, site.seed, site.stream, site.device);
                Box::new(layer.with_input_shape(input))
            }
            LayerSpec::Activation { function } => Box::new(ActivationLayer::new(*function, input)),
        };
        if layer.output_shape().contains(&0) {
            return Err(fail(format!("its output shape {} is empty", shape_text(layer.output_shape()))));
        }
        Ok(layer)
    }
}
