//! The layer kinds a spec may list, and how each is built for a given input shape.

use super::error::{SpecError, shape_text};
use crate::layers::activation_layer::ActivationLayer;
use crate::layers::attention::{AttentionConfig, MultiHeadAttention};
use crate::layers::avg_pool::{AvgPool1d, AvgPool1dConfig, AvgPool2d, AvgPool2dConfig};
use crate::layers::batch_norm::{BatchNorm, BatchNormConfig};
use crate::layers::conv1d::{Conv1d, Conv1dConfig};
use crate::layers::conv2d::{Conv2d, Conv2dConfig};
use crate::layers::dropout::{Dropout, DropoutConfig};
use crate::layers::embedding::{Embedding, EmbeddingConfig};
use crate::layers::flatten::{Flatten, FlattenConfig};
use crate::layers::global_avg_pool::{GlobalAvgPool, GlobalAvgPoolConfig};
use crate::layers::gru::{Gru, GruConfig};
use crate::layers::layer_norm::{LayerNorm, LayerNormConfig};
use crate::layers::lstm::{Lstm, LstmConfig};
use crate::layers::max_pool::{MaxPool1d, MaxPool1dConfig, MaxPool2d, MaxPool2dConfig};
use crate::layers::positional::{
    LearnedPositional, LearnedPositionalConfig, SinusoidalPositional, SinusoidalPositionalConfig,
};
use crate::layers::residual::{Residual, ResidualConfig};
use crate::layers::rnn::{Rnn, RnnConfig};
use crate::layers::transformer_block::{TransformerBlock, TransformerBlockConfig};
use crate::{Activation, Dense, Init, Layer, ParamStore};
use nnplay_tensor::{Device, rng};

/// Most weights one dense layer may have (64 Mi, 256 MiB of f32): a typo such as a
/// million units is refused instead of exhausting memory.
pub const MAX_DENSE_WEIGHTS: usize = 1 << 26;

/// Each layer gets this many RNG streams for its parameters.
pub const STREAMS_PER_LAYER: u32 = 64;
use serde::{Deserialize, Serialize};

/// One entry of a spec's `layers` list; `"kind"` selects the variant, the other fields
/// are that kind's settings (see `docs/spec.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum LayerSpec {
    /// Fully connected, `torch.nn.Linear`, over the last axis. `init` defaults to
    /// PyTorch's own (U(±1/√fan_in) for weight and bias).
    Dense {
        units: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        init: Option<Init>,
    },
    /// An elementwise function.
    Activation { function: Activation },
    /// `torch.nn.Conv1d` over `[channels, length]`.
    Conv1d(Conv1dConfig),
    /// `torch.nn.Conv2d` over `[channels, height, width]`.
    Conv2d(Conv2dConfig),
    /// `torch.nn.MaxPool1d`.
    MaxPool1d(MaxPool1dConfig),
    /// `torch.nn.MaxPool2d`.
    MaxPool2d(MaxPool2dConfig),
    /// `torch.nn.AvgPool1d`.
    AvgPool1d(AvgPool1dConfig),
    /// `torch.nn.AvgPool2d`.
    AvgPool2d(AvgPool2dConfig),
    /// Mean over every axis after the channels: `[channels, ..]` to `[channels]`.
    GlobalAvgPool(GlobalAvgPoolConfig),
    /// Everything but the batch axis into one.
    Flatten(FlattenConfig),
    /// Inverted dropout with counter-based masks.
    Dropout(DropoutConfig),
    /// `torch.nn.BatchNorm1d` over `[features]` or `[channels, length]`.
    BatchNorm1d(BatchNormConfig),
    /// `torch.nn.BatchNorm2d` over `[channels, height, width]`.
    BatchNorm2d(BatchNormConfig),
    /// `torch.nn.LayerNorm` over the last axis.
    LayerNorm(LayerNormConfig),
    /// `torch.nn.Embedding`: token ids `[time]` to `[time, dim]`.
    Embedding(EmbeddingConfig),
    /// A learned position table added to `[time, dim]`.
    LearnedPositional(LearnedPositionalConfig),
    /// The fixed sine/cosine position code added to `[time, dim]`.
    SinusoidalPositional(SinusoidalPositionalConfig),
    /// Elman RNN over `[time, features]`, `torch.nn.RNN` (batch_first).
    Rnn(RnnConfig),
    /// `torch.nn.GRU` over `[time, features]`.
    Gru(GruConfig),
    /// `torch.nn.LSTM` over `[time, features]`.
    Lstm(LstmConfig),
    /// Multi-head self-attention over `[time, width]`, `torch.nn.MultiheadAttention`.
    SelfAttention(AttentionConfig),
    /// Pre-norm Transformer block: attention and an MLP, each with a residual.
    TransformerBlock(TransformerBlockConfig),
    /// `x + f(x)` where `f` is a list of layers that keeps the shape.
    Residual(ResidualConfig),
}

/// Every kind name, for the "unknown kind" message.
pub const KINDS: &[&str] = &[
    "dense",
    "activation",
    "conv1d",
    "conv2d",
    "max_pool1d",
    "max_pool2d",
    "avg_pool1d",
    "avg_pool2d",
    "global_avg_pool",
    "flatten",
    "dropout",
    "batch_norm1d",
    "batch_norm2d",
    "layer_norm",
    "embedding",
    "learned_positional",
    "sinusoidal_positional",
    "rnn",
    "gru",
    "lstm",
    "self_attention",
    "transformer_block",
    "residual",
];

/// Where a layer is built: its place in the spec, its parameter-name prefix, and its
/// RNG streams.
#[derive(Clone, Copy)]
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

impl Site<'_> {
    /// The first RNG stream of child `index` of a composite layer. A hash with the top
    /// bit set, so it never meets a top-level layer's streams (small numbers) and
    /// siblings at any depth practically never meet each other.
    pub fn child_stream(&self, index: u32) -> u32 {
        (rng::hash(self.stream as u64, index, 0xc0de) | 0x8000_0000) & !(STREAMS_PER_LAYER - 1)
    }
}

impl LayerSpec {
    /// The kind's name as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            LayerSpec::Dense { .. } => "dense",
            LayerSpec::Activation { .. } => "activation",
            LayerSpec::Conv1d(_) => "conv1d",
            LayerSpec::Conv2d(_) => "conv2d",
            LayerSpec::MaxPool1d(_) => "max_pool1d",
            LayerSpec::MaxPool2d(_) => "max_pool2d",
            LayerSpec::AvgPool1d(_) => "avg_pool1d",
            LayerSpec::AvgPool2d(_) => "avg_pool2d",
            LayerSpec::GlobalAvgPool(_) => "global_avg_pool",
            LayerSpec::Flatten(_) => "flatten",
            LayerSpec::Dropout(_) => "dropout",
            LayerSpec::BatchNorm1d(_) => "batch_norm1d",
            LayerSpec::BatchNorm2d(_) => "batch_norm2d",
            LayerSpec::LayerNorm(_) => "layer_norm",
            LayerSpec::Embedding(_) => "embedding",
            LayerSpec::LearnedPositional(_) => "learned_positional",
            LayerSpec::SinusoidalPositional(_) => "sinusoidal_positional",
            LayerSpec::Rnn(_) => "rnn",
            LayerSpec::Gru(_) => "gru",
            LayerSpec::Lstm(_) => "lstm",
            LayerSpec::SelfAttention(_) => "self_attention",
            LayerSpec::TransformerBlock(_) => "transformer_block",
            LayerSpec::Residual(_) => "residual",
        }
    }

    /// Builds the layer for inputs of shape `input` (no batch axis), adding its
    /// parameters to `store`.
    pub fn build(&self, input: &[usize], store: &mut ParamStore, site: &Site) -> Result<Box<dyn Layer>, SpecError> {
        let fail = |message: String| SpecError::layer(site.path, self.kind(), message);
        // Every layer constructor has the same shape; this keeps the table below readable.
        macro_rules! build {
            ($layer:ident :: $new:ident, $config:expr) => {
                Box::new(
                    $layer::$new(store, site.name, input, $config, site.seed, site.stream, site.device)
                        .map_err(fail)?,
                )
            };
        }
        let layer: Box<dyn Layer> = match self {
            LayerSpec::Dense { units, init } => {
                if *units == 0 {
                    return Err(fail("units is 0; a dense layer needs at least 1 unit".into()));
                }
                let Some(&features) = input.last() else {
                    return Err(fail(
                        "its input is a single number; dense layers need an input with a feature axis".into(),
                    ));
                };
                if features.saturating_mul(*units) > MAX_DENSE_WEIGHTS {
                    return Err(fail(format!(
                        "{features}×{units} = {} weights is more than the {MAX_DENSE_WEIGHTS} a layer may have; use fewer units",
                        features.saturating_mul(*units)
                    )));
                }
                let init = init.unwrap_or(Init::PytorchDefault);
                let layer = Dense::new(store, site.name, features, *units, init, site.seed, site.stream, site.device);
                Box::new(layer.with_input_shape(input))
            }
            LayerSpec::Activation { function } => {
                function.validate().map_err(fail)?;
                Box::new(ActivationLayer::new(*function, input))
            }
            LayerSpec::Conv1d(config) => build!(Conv1d::new, config),
            LayerSpec::Conv2d(config) => build!(Conv2d::new, config),
            LayerSpec::MaxPool1d(config) => build!(MaxPool1d::new, config),
            LayerSpec::MaxPool2d(config) => build!(MaxPool2d::new, config),
            LayerSpec::AvgPool1d(config) => build!(AvgPool1d::new, config),
            LayerSpec::AvgPool2d(config) => build!(AvgPool2d::new, config),
            LayerSpec::GlobalAvgPool(config) => build!(GlobalAvgPool::new, config),
            LayerSpec::Flatten(config) => build!(Flatten::new, config),
            LayerSpec::Dropout(config) => build!(Dropout::new, config),
            LayerSpec::BatchNorm1d(config) => build!(BatchNorm::new_1d, config),
            LayerSpec::BatchNorm2d(config) => build!(BatchNorm::new_2d, config),
            LayerSpec::LayerNorm(config) => build!(LayerNorm::new, config),
            LayerSpec::Embedding(config) => build!(Embedding::new, config),
            LayerSpec::LearnedPositional(config) => build!(LearnedPositional::new, config),
            LayerSpec::SinusoidalPositional(config) => build!(SinusoidalPositional::new, config),
            LayerSpec::Rnn(config) => build!(Rnn::new, *config),
            LayerSpec::Gru(config) => build!(Gru::new, *config),
            LayerSpec::Lstm(config) => build!(Lstm::new, *config),
            LayerSpec::SelfAttention(config) => build!(MultiHeadAttention::new, *config),
            LayerSpec::TransformerBlock(config) => Box::new(TransformerBlock::new(store, input, config, site)?),
            LayerSpec::Residual(config) => Box::new(Residual::new(store, input, config, site)?),
        };
        if layer.output_shape().contains(&0) {
            return Err(fail(format!("its output shape {} is empty", shape_text(layer.output_shape()))));
        }
        Ok(layer)
    }
}
