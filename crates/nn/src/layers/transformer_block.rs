//! A pre-norm Transformer block over `[time, width]`:
//! `h = x + dropout(attention(norm1(x)))`, `y = h + dropout(mlp(norm2(h)))`, with
//! `mlp = Linear(width, hidden) → GELU → Linear(hidden, width)`.
//!
//! Parameter names follow a PyTorch module with attributes `norm1`, `attention`
//! (`nn.MultiheadAttention`), `norm2` and `mlp` (`nn.Sequential`), so export can
//! rebuild it from standard layers.

use crate::layers::attention::{AttentionConfig, MultiHeadAttention};
use crate::layers::dropout::{Dropout, DropoutConfig};
use crate::layers::layer_norm::{LayerNorm, LayerNormConfig};
use crate::spec::{Site, SpecError};
use crate::{Activation, Context, Dense, Init, Layer, ParamStore};
use nnplay_tensor::{Result, Tensor};
use serde::{Deserialize, Serialize};

/// Settings of a Transformer block.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransformerBlockConfig {
    /// Attention heads; must divide the width.
    pub num_heads: usize,
    /// Hidden units of the MLP (default 4 × width).
    #[serde(default)]
    pub mlp_hidden: Option<usize>,
    /// Dropout after attention and after the MLP (default 0).
    #[serde(default)]
    pub dropout: f32,
    /// Whether each position sees only itself and earlier ones (language models).
    #[serde(default)]
    pub causal: bool,
}

/// A pre-norm Transformer block.
#[derive(Debug)]
pub struct TransformerBlock {
    norm1: LayerNorm,
    attention: MultiHeadAttention,
    attention_dropout: Dropout,
    norm2: LayerNorm,
    expand: Dense,
    contract: Dense,
    mlp_dropout: Dropout,
    shape: Vec<usize>,
}

impl TransformerBlock {
    /// Builds the block for `[time, width]` inputs.
    pub fn new(
        store: &mut ParamStore,
        input: &[usize],
        config: &TransformerBlockConfig,
        site: &Site,
    ) -> std::result::Result<TransformerBlock, SpecError> {
        let fail = |message: String| SpecError::layer(site.path, "transformer_block", message);
        let &[_, width] = input else {
            return Err(fail(format!("its input is {input:?}; a Transformer block needs [time, width]")));
        };
        let hidden = config.mlp_hidden.unwrap_or(4 * width);
        if hidden == 0 {
            return Err(fail("mlp_hidden is 0; use at least 1".into()));
        }
        let name = |part: &str| format!("{}.{part}", site.name);
        let (seed, device) = (site.seed, site.device);
        let norm = LayerNormConfig::default();
        let norm1 = LayerNorm::new(store, &name("norm1"), input, &norm, seed, 0, device).map_err(fail)?;
        let attention_config = AttentionConfig { num_heads: config.num_heads, causal: config.causal };
        let attention = MultiHeadAttention::new(
            store,
            &name("attention"),
            input,
            attention_config,
            seed,
            site.child_stream(0),
            device,
        )
        .map_err(fail)?;
        let dropout = DropoutConfig { p: config.dropout };
        let attention_dropout =
            Dropout::new(store, &name("dropout1"), input, &dropout, seed, site.child_stream(1), device)
                .map_err(fail)?;
        let norm2 = LayerNorm::new(store, &name("norm2"), input, &norm, seed, 0, device).map_err(fail)?;
        let expand =
            Dense::new(store, &name("mlp.0"), width, hidden, Init::PytorchDefault, seed, site.child_stream(2), device)
                .with_input_shape(input);
        let hidden_shape = [input[0], hidden];
        let contract =
            Dense::new(store, &name("mlp.2"), hidden, width, Init::PytorchDefault, seed, site.child_stream(3), device)
                .with_input_shape(&hidden_shape);
        let mlp_dropout = Dropout::new(store, &name("dropout2"), input, &dropout, seed, site.child_stream(4), device)
            .map_err(fail)?;
        Ok(TransformerBlock {
            norm1,
            attention,
            attention_dropout,
            norm2,
            expand,
            contract,
            mlp_dropout,
            shape: input.to_vec(),
        })
    }

    /// The attention weights of the block for `x` (`[batch, time, width]`), as
    /// [`MultiHeadAttention::forward_with_weights`] gives them: `[batch, heads, time
    /// (query), time (key)]`, for the views that draw attention maps.
    pub fn attention_weights(&self, params: &ParamStore, x: &Tensor) -> Result<Tensor> {
        let normalised = Layer::forward(&self.norm1, params, x, &mut Context::eval())?;
        self.attention.forward_with_weights(params, &normalised).map(|(_, weights)| weights)
    }
}

impl Layer for TransformerBlock {
    fn forward(&self, params: &ParamStore, x: &Tensor, ctx: &mut Context) -> Result<Tensor> {
        let attended = Layer::forward(&self.attention, params, &Layer::forward(&self.norm1, params, x, ctx)?, ctx)?;
        let h = x.add(&Layer::forward(&self.attention_dropout, params, &attended, ctx)?)?;
        let expanded =
            Activation::Gelu.apply(&self.expand.forward(params, &Layer::forward(&self.norm2, params, &h, ctx)?)?);
        let contracted = self.contract.forward(params, &expanded)?;
        h.add(&Layer::forward(&self.mlp_dropout, params, &contracted, ctx)?)
    }
    fn output_shape(&self) -> &[usize] {
        &self.shape
    }
    fn flops(&self) -> u64 {
        let elementwise = 4 * self.shape.iter().product::<usize>() as u64;
        self.norm1.flops()
            + self.attention.flops()
            + self.norm2.flops()
            + self.expand.flops()
            + self.contract.flops()
            + elementwise
    }
    fn set_dropout(&mut self, p: f32) {
        Layer::set_dropout(&mut self.attention_dropout, p);
        Layer::set_dropout(&mut self.mlp_dropout, p);
    }
}
