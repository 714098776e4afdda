//! Multi-head self-attention, `torch.nn.MultiheadAttention(d, heads, batch_first=True)`
//! called as `attention(x, x, x)`, with an optional causal mask.
//!
//! Attention dropout is left out: the layer is always deterministic.

use crate::{Context, Init, Layer, ParamId, ParamStore};
use nnplay_tensor::{Device, Result, Tensor, TensorError};
use serde::{Deserialize, Serialize};

/// Added in place of the scores of masked (future) positions. Large and finite rather than
/// −∞, because WGSL lets shaders assume there are no infinities; after the row maximum is
/// subtracted its exponential is exactly 0 in f32.
const MASKED_SCORE: f32 = -1e9;

/// Settings of a [`MultiHeadAttention`] layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttentionConfig {
    /// Number of heads; it must divide the model width.
    pub num_heads: usize,
    /// Let each position attend only to itself and earlier positions (a decoder, a
    /// language model).
    #[serde(default)]
    pub causal: bool,
}

/// Self-attention over a sequence `[batch, time, d]` with PyTorch's parameters
/// `{name}.in_proj_weight` `[3·d, d]` (query, key and value projections stacked),
/// `in_proj_bias` `[3·d]`, `out_proj.weight` `[d, d]` and `out_proj.bias` `[d]`.
#[derive(Debug, Clone)]
pub struct MultiHeadAttention {
    /// Model width `d`.
    pub width: usize,
    /// Number of heads, each of width `d / num_heads`.
    pub num_heads: usize,
    /// Whether future positions are masked.
    pub causal: bool,
    /// `in_proj_weight`, `[3·d, d]`: query, key and value rows.
    pub in_proj_weight: ParamId,
    /// `in_proj_bias`, `[3·d]`.
    pub in_proj_bias: ParamId,
    /// `out_proj.weight`, `[d, d]`.
    pub out_proj_weight: ParamId,
    /// `out_proj.bias`, `[d]`.
    pub out_proj_bias: ParamId,
    output_shape: Vec<usize>,
}

impl MultiHeadAttention {
    /// Adds the parameters for inputs of shape `[time, d]` to `store`, initialised as
    /// PyTorch does: Xavier-uniform input projection, `nn.Linear`'s default output weight,
    /// zero biases. Streams `stream` and `stream + 1` of `seed` are used.
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input_shape: &[usize],
        config: AttentionConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<MultiHeadAttention, String> {
        let &[time, width] = input_shape else {
            return Err(format!(
                "attention \"{name}\": the input must be a sequence [time, width], not {input_shape:?}; \
                 embed or reshape the data so each example is a list of vectors"
            ));
        };
        if time == 0 || width == 0 {
            return Err(format!(
                "attention \"{name}\": the input [time, width] = {input_shape:?} is empty; \
                 it needs at least one step of at least one feature"
            ));
        }
        let heads = config.num_heads;
        if heads == 0 {
            return Err(format!("attention \"{name}\": num_heads is 0; use at least 1"));
        }
        if width % heads != 0 {
            return Err(format!(
                "{heads} heads do not divide the model width {width}; use a width that is a multiple of the heads"
            ));
        }
        let xavier = Init::XavierUniform { gain: 1.0 };
        let in_proj_weight =
            store.add(format!("{name}.in_proj_weight"), xavier.weight(width, 3 * width, seed, stream, device), true);
        let in_proj_bias = store.add(format!("{name}.in_proj_bias"), Tensor::zeros([3 * width], device), false);
        let out_weight = Init::PytorchDefault.weight(width, width, seed, stream.wrapping_add(1), device);
        let out_proj_weight = store.add(format!("{name}.out_proj.weight"), out_weight, true);
        let out_proj_bias = store.add(format!("{name}.out_proj.bias"), Tensor::zeros([width], device), false);
        Ok(MultiHeadAttention {
            width,
            num_heads: heads,
            causal: config.causal,
            in_proj_weight,
            in_proj_bias,
            out_proj_weight,
            out_proj_bias,
            output_shape: vec![time, width],
        })
    }

    /// `x` of shape `[batch, time, d]` to `[batch, time, d]`.
    pub fn forward(&self, store: &ParamStore, x: &Tensor) -> Result<Tensor> {
        self.forward_with_weights(store, x).map(|(output, _)| output)
    }

    /// The output and the attention weights `[batch, heads, time (query), time (key)]`,
    /// each row summing to 1 (what the UI draws as attention maps). The time may differ
    /// from the declared one.
    pub fn forward_with_weights(&self, store: &ParamStore, x: &Tensor) -> Result<(Tensor, Tensor)> {
        if x.rank() != 3 || x.dims()[2] != self.width || x.dims()[1] == 0 {
            return Err(TensorError::Invalid {
                op: "attention",
                shape: x.shape().clone(),
                reason: format!("expects [batch, time, {}] with at least one step", self.width),
            });
        }
        let (batch, time, width) = (x.dims()[0], x.dims()[1], self.width);
        let head_width = width / self.num_heads;
        let projected = x.linear(store.get(self.in_proj_weight), Some(store.get(self.in_proj_bias)))?;
        // [batch, time, d] → [batch, heads, time, head_width]
        let split_heads = |part: usize| -> Result<Tensor> {
            projected
                .slice(2, part * width, width)?
                .reshape([batch, time, self.num_heads, head_width])?
                .permute(&[0, 2, 1, 3])
        };
        // PyTorch scales the query before the product; the same rounding order keeps f32 close.
        let query = split_heads(0)?.mul_scalar(1.0 / (head_width as f32).sqrt());
        let key = split_heads(1)?;
        let value = split_heads(2)?;
        let mut scores = query.matmul(&key.transpose_last()?)?;
        if self.causal {
            scores = Tensor::select(
                &future_positions(time, x.device())?,
                &Tensor::scalar(MASKED_SCORE, x.device()),
                &scores,
            )?;
        }
        let weights = scores.softmax_last(false)?;
        let attended = weights.matmul(&value)?.permute(&[0, 2, 1, 3])?.reshape([batch, time, width])?;
        let output = attended.linear(store.get(self.out_proj_weight), Some(store.get(self.out_proj_bias)))?;
        Ok((output, weights))
    }
}

/// `[time, time]`, 1 where the key comes after the query (masked), 0 elsewhere.
fn future_positions(time: usize, device: Device) -> Result<Tensor> {
    let mask = (0..time).flat_map(|query| (0..time).map(move |key| if key > query { 1.0 } else { 0.0 })).collect();
    Tensor::from_vec(mask, [time, time], device)
}

impl Layer for MultiHeadAttention {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        MultiHeadAttention::forward(self, params, x)
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    fn flops(&self) -> u64 {
        let (time, width) = (self.output_shape[0], self.width);
        let projections = 2 * time * width * 3 * width + 3 * time * width + 2 * time * width * width + time * width;
        // Scores and weighted values (2·time²·d each), scaling, and softmax (about 4 per score).
        let attention = 4 * time * time * width + time * width + 4 * self.num_heads * time * time;
        (projections + attention) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{engine_test, testing::assert_close};

    fn config(num_heads: usize, causal: bool) -> AttentionConfig {
        AttentionConfig { num_heads, causal }
    }

    #[test]
    fn heads_must_divide_the_width() {
        let mut store = ParamStore::new();
        let error =
            MultiHeadAttention::new(&mut store, "attn", &[4, 30], config(8, false), 1, 0, Device::Cpu).unwrap_err();
        assert_eq!(error, "8 heads do not divide the model width 30; use a width that is a multiple of the heads");
        let error =
            MultiHeadAttention::new(&mut store, "attn", &[30], config(2, false), 1, 0, Device::Cpu).unwrap_err();
        assert!(error.contains("must be a sequence [time, width], not [30]"), "{error}");
        let error =
            MultiHeadAttention::new(&mut store, "attn", &[4, 8], config(0, false), 1, 0, Device::Cpu).unwrap_err();
        assert!(error.contains("num_heads is 0"), "{error}");
    }

    engine_test! {
        async fn parameters_follow_torch_names_and_init() {
            let mut store = ParamStore::new();
            MultiHeadAttention::new(&mut store, "attn", &[4, 8], config(2, false), 1, 0, Device::Cpu).unwrap();
            let names: Vec<(&str, Vec<usize>)> =
                store.params().iter().map(|p| (p.name.as_str(), p.value.dims().to_vec())).collect();
            assert_eq!(
                names,
                vec![
                    ("attn.in_proj_weight", vec![24, 8]),
                    ("attn.in_proj_bias", vec![24]),
                    ("attn.out_proj.weight", vec![8, 8]),
                    ("attn.out_proj.bias", vec![8]),
                ]
            );
            let largest = |values: Vec<f32>| values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let values = |index: usize| store.params()[index].value.to_vec();
            // xavier_uniform_ on [3·d, d]: fan_in d, fan_out 3·d.
            let in_proj = largest(values(0).await.unwrap());
            assert!(in_proj <= (6.0f32 / 32.0).sqrt() && in_proj > 0.2, "{in_proj}");
            let out_proj = largest(values(2).await.unwrap());
            assert!(out_proj <= 1.0 / 8f32.sqrt() && out_proj > 0.1, "{out_proj}");
            assert_eq!(largest(values(1).await.unwrap()), 0.0);
            assert_eq!(largest(values(3).await.unwrap()), 0.0);
        }
    }

    engine_test! {
        async fn causal_weights_ignore_the_future_and_rows_sum_to_one() {
            let mut store = ParamStore::new();
            let attention =
                MultiHeadAttention::new(&mut store, "attn", &[3, 4], config(2, true), 5, 0, Device::Cpu).unwrap();
            let x = Tensor::from_vec((0..24).map(|i| (i as f32 * 0.37).sin()).collect(), [2, 3, 4], Device::Cpu)
                .unwrap();
            let (output, weights) = attention.forward_with_weights(&store, &x).unwrap();
            assert_eq!(output.dims(), &[2, 3, 4]);
            assert_eq!(weights.dims(), &[2, 2, 3, 3]);
            let weights = weights.to_vec().await.unwrap();
            for row in weights.chunks(3) {
                assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-6, "{row:?}");
            }
            // The first query of every head sees only itself; the second never the third key.
            for block in weights.chunks(9) {
                assert_close(&block[0..3], &[1.0, 0.0, 0.0], 0.0, 0.0);
                assert_eq!(block[5], 0.0);
            }
        }
    }

    engine_test! {
        async fn one_head_with_identity_projections_matches_a_hand_computation() {
            let mut store = ParamStore::new();
            let attention =
                MultiHeadAttention::new(&mut store, "attn", &[2, 1], config(1, false), 5, 0, Device::Cpu).unwrap();
            store.set(0, &Tensor::from_vec(vec![1.0, 1.0, 1.0], [3, 1], Device::Cpu).unwrap());
            store.set(2, &Tensor::from_vec(vec![1.0], [1, 1], Device::Cpu).unwrap());
            let x = Tensor::from_vec(vec![1.0, 2.0], [1, 2, 1], Device::Cpu).unwrap();
            let y = attention.forward(&store, &x).unwrap().to_vec().await.unwrap();
            // Query i attends to key j with weight ∝ exp(x_i·x_j).
            let row = |q: f32| {
                let (a, b) = ((q * 1.0f32).exp(), (q * 2.0f32).exp());
                (a * 1.0 + b * 2.0) / (a + b)
            };
            assert_close(&y, &[row(1.0), row(2.0)], 1e-6, 1e-6);
        }
    }
}
