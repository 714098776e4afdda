//! Each layer of a spec as the PyTorch module that has its parameters (under the same
//! state_dict names and shapes) and its math: one line of an `nn.Sequential` per layer,
//! and a nested block for a residual.

use super::helpers::Helper;
use super::python::{boolean, float, pair};
use crate::export::ExportError;
use nnplay_nn::layers::rnn::RnnNonlinearity;
use nnplay_nn::{Activation, LayerSpec, ParamStore, spec::Site};
use nnplay_tensor::Device;
use std::collections::BTreeSet;

/// Spaces per indentation level of model.py.
const INDENT: usize = 4;

/// Writes the entries of `nn.Sequential(...)` blocks, collecting the helper definitions
/// and the layer kinds they use.
#[derive(Debug, Default)]
pub struct LayerWriter {
    /// The entries written so far, one line each (a residual opens a block).
    pub text: String,
    /// Helper definitions model.py must contain.
    pub helpers: BTreeSet<Helper>,
    /// Every kind written, nested ones included.
    pub kinds: BTreeSet<&'static str>,
    /// Whether some layer drops values in training (a dropout, or a Transformer block
    /// with dropout above 0).
    pub drops: bool,
}

/// Where a layer sits: its place in the spec and its parameter-name prefix.
pub struct At<'a> {
    /// `layers[3].layers[0]`, for messages.
    pub path: &'a str,
    /// `layers.3.layers.0`, the state_dict prefix.
    pub name: &'a str,
}

impl LayerWriter {
    /// Writes `layer`, whose input is `input` and output `output` (one example each),
    /// indented by `depth` levels.
    pub fn layer(
        &mut self,
        layer: &LayerSpec,
        input: &[usize],
        output: &[usize],
        at: &At,
        depth: usize,
    ) -> Result<(), ExportError> {
        let pad = " ".repeat(depth * INDENT);
        let comment = format!("# {}: {} -> {}", at.name, layer.kind(), shape(output));
        self.kinds.insert(layer.kind());
        let module = match layer {
            LayerSpec::Residual(config) => return self.residual(&config.layers, input, at, depth, &comment),
            _ => self.module(layer, input, at)?,
        };
        self.text.push_str(&format!("{pad}{module},  {comment}\n"));
        Ok(())
    }

    /// A residual as a block: `Residual(` then its layers one level deeper, then `),`.
    fn residual(
        &mut self,
        layers: &[LayerSpec],
        input: &[usize],
        at: &At,
        depth: usize,
        comment: &str,
    ) -> Result<(), ExportError> {
        let pad = " ".repeat(depth * INDENT);
        self.use_helper(Helper::Residual);
        self.text.push_str(&format!("{pad}Residual(  {comment}\n"));
        let mut shape = input.to_vec();
        // Inner shapes come from building each inner layer, as the residual does; the
        // scratch store is thrown away, and the seed does not change shapes.
        let mut scratch = ParamStore::new();
        for (j, inner) in layers.iter().enumerate() {
            let path = format!("{}.layers[{j}]", at.path);
            let name = format!("{}.layers.{j}", at.name);
            let site = Site { path: &path, name: &name, seed: 0, stream: 0, device: Device::Cpu };
            let output = inner.build(&shape, &mut scratch, &site)?.output_shape().to_vec();
            self.layer(inner, &shape, &output, &At { path: &path, name: &name }, depth + 1)?;
            shape = output;
        }
        self.text.push_str(&format!("{pad}),\n"));
        Ok(())
    }

    fn use_helper(&mut self, helper: Helper) {
        self.helpers.extend(helper.needs());
        self.helpers.insert(helper);
    }

    /// The constructor call of a layer other than a residual (which [`Self::residual`] writes).
    fn module(&mut self, layer: &LayerSpec, input: &[usize], at: &At) -> Result<String, ExportError> {
        let kind = layer.kind();
        let number = |value: f32, setting: &str| {
            float(value).ok_or_else(|| ExportError::Layer {
                path: at.path.to_string(),
                kind,
                reason: format!("{setting} is {value}, which has no Python literal; use a finite number"),
            })
        };
        let last = input.last().copied().unwrap_or(1);
        let first = input.first().copied().unwrap_or(1);
        Ok(match layer {
            LayerSpec::Dense { units, .. } => format!("nn.Linear({last}, {units})"),
            LayerSpec::Activation { function } => match *function {
                Activation::Relu => "nn.ReLU()".into(),
                Activation::LeakyRelu { negative_slope } => {
                    format!("nn.LeakyReLU(negative_slope={})", number(negative_slope, "negative_slope")?)
                }
                Activation::Elu { alpha } => format!("nn.ELU(alpha={})", number(alpha, "alpha")?),
                Activation::Gelu => "nn.GELU()".into(),
                Activation::Silu => "nn.SiLU()".into(),
                Activation::Tanh => "nn.Tanh()".into(),
                Activation::Sigmoid => "nn.Sigmoid()".into(),
                Activation::Softmax => "nn.Softmax(dim=-1)".into(),
                Activation::Linear => "nn.Identity()".into(),
            },
            LayerSpec::Conv1d(c) => format!(
                "nn.Conv1d({first}, {}, kernel_size={}, stride={}, padding={}, dilation={}, bias={})",
                c.out_channels,
                c.kernel_size,
                c.stride,
                c.padding,
                c.dilation,
                boolean(c.bias)
            ),
            LayerSpec::Conv2d(c) => format!(
                "nn.Conv2d({first}, {}, kernel_size={}, stride={}, padding={}, dilation={}, bias={})",
                c.out_channels,
                pair(c.kernel_size),
                pair(c.stride),
                pair(c.padding),
                pair(c.dilation),
                boolean(c.bias)
            ),
            LayerSpec::MaxPool1d(c) => format!(
                "nn.MaxPool1d(kernel_size={}, stride={}, padding={}, dilation={})",
                c.kernel_size,
                c.stride.unwrap_or(c.kernel_size),
                c.padding,
                c.dilation
            ),
            LayerSpec::MaxPool2d(c) => format!(
                "nn.MaxPool2d(kernel_size={}, stride={}, padding={}, dilation={})",
                pair(c.kernel_size),
                pair(c.stride.unwrap_or(c.kernel_size)),
                pair(c.padding),
                pair(c.dilation)
            ),
            LayerSpec::AvgPool1d(c) => format!(
                "nn.AvgPool1d(kernel_size={}, stride={}, padding={}, count_include_pad={})",
                c.kernel_size,
                c.stride.unwrap_or(c.kernel_size),
                c.padding,
                boolean(c.count_include_pad)
            ),
            LayerSpec::AvgPool2d(c) => format!(
                "nn.AvgPool2d(kernel_size={}, stride={}, padding={}, count_include_pad={})",
                pair(c.kernel_size),
                pair(c.stride.unwrap_or(c.kernel_size)),
                pair(c.padding),
                boolean(c.count_include_pad)
            ),
            LayerSpec::GlobalAvgPool(_) => {
                // The mean over every axis after the channels.
                let dims = input.len().saturating_sub(1);
                format!("nn.Sequential(nn.AdaptiveAvgPool{dims}d(1), nn.Flatten())")
            }
            LayerSpec::Flatten(_) => "nn.Flatten()".into(),
            LayerSpec::Dropout(c) => {
                self.drops |= c.p > 0.0;
                format!("nn.Dropout(p={})", number(c.p, "p")?)
            }
            LayerSpec::BatchNorm1d(c) | LayerSpec::BatchNorm2d(c) => {
                let class = if matches!(layer, LayerSpec::BatchNorm1d(_)) { "BatchNorm1d" } else { "BatchNorm2d" };
                let momentum = match c.momentum {
                    Some(momentum) => number(momentum, "momentum")?,
                    None => "None".into(),
                };
                format!(
                    "nn.{class}({first}, eps={}, momentum={momentum}, affine={}, track_running_stats={})",
                    number(c.eps, "eps")?,
                    boolean(c.affine),
                    boolean(c.track_running_stats)
                )
            }
            LayerSpec::LayerNorm(c) => format!(
                "nn.LayerNorm({last}, eps={}, elementwise_affine={}, bias={})",
                number(c.eps, "eps")?,
                boolean(c.elementwise_affine),
                boolean(c.bias)
            ),
            LayerSpec::Embedding(c) => {
                self.use_helper(Helper::Embedding);
                let padding = c.padding_idx.map_or("None".into(), |i| i.to_string());
                format!("Embedding({}, {}, padding_idx={padding})", c.num_embeddings, c.embedding_dim)
            }
            LayerSpec::LearnedPositional(c) => {
                self.use_helper(Helper::LearnedPositional);
                format!("LearnedPositional({}, {last})", c.max_len.unwrap_or(first))
            }
            LayerSpec::SinusoidalPositional(c) => {
                self.use_helper(Helper::SinusoidalPositional);
                format!("SinusoidalPositional({}, {last})", c.max_len.unwrap_or(first))
            }
            LayerSpec::Rnn(c) => {
                self.use_helper(Helper::Recurrent);
                let nonlinearity = match c.nonlinearity {
                    RnnNonlinearity::Tanh => "tanh",
                    RnnNonlinearity::Relu => "relu",
                };
                format!(
                    "RNN({last}, {}, num_layers={}, nonlinearity=\"{nonlinearity}\", batch_first=True, return_sequence={})",
                    c.hidden_size,
                    c.num_layers,
                    boolean(c.return_sequence)
                )
            }
            LayerSpec::Gru(c) | LayerSpec::Lstm(c) => {
                self.use_helper(Helper::Recurrent);
                let class = if matches!(layer, LayerSpec::Gru(_)) { "GRU" } else { "LSTM" };
                format!(
                    "{class}({last}, {}, num_layers={}, batch_first=True, return_sequence={})",
                    c.hidden_size,
                    c.num_layers,
                    boolean(c.return_sequence)
                )
            }
            LayerSpec::SelfAttention(c) => {
                self.use_helper(Helper::SelfAttention);
                format!("SelfAttention({last}, {}, causal={})", c.num_heads, boolean(c.causal))
            }
            LayerSpec::TransformerBlock(c) => {
                self.use_helper(Helper::TransformerBlock);
                self.drops |= c.dropout > 0.0;
                format!(
                    "TransformerBlock({last}, {}, mlp_hidden={}, dropout={}, causal={})",
                    c.num_heads,
                    c.mlp_hidden.unwrap_or(4 * last),
                    number(c.dropout, "dropout")?,
                    boolean(c.causal)
                )
            }
            LayerSpec::Residual(_) => {
                return Err(ExportError::Layer {
                    path: at.path.to_string(),
                    kind,
                    reason: "a residual is written as a block of layers, not as one module".into(),
                });
            }
        })
    }
}

/// A shape as `[2, 16]`.
fn shape(dims: &[usize]) -> String {
    format!("[{}]", dims.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))
}
