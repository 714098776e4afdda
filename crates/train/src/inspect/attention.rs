//! Attention view: how much each position of one input attends to every other, per
//! layer and head.

use super::{Inspectable, input_of, layers, outputs_for, rows};
use crate::TrainError;
use nnplay_nn::LayerSpec;
use nnplay_nn::layers::attention::MultiHeadAttention;
use nnplay_nn::layers::transformer_block::TransformerBlock;
use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// The attention weights of one layer for one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttentionMaps {
    /// Place in the spec (`layers[2]`).
    pub layer: String,
    /// `self_attention` or `transformer_block`.
    pub kind: String,
    /// Whether positions see only themselves and earlier ones (zeros above the diagonal).
    pub causal: bool,
    /// `heads[h][query][key]`; each row sums to 1.
    pub heads: Vec<Vec<Vec<f32>>>,
}

/// The attention weights of every self-attention layer and Transformer block for test
/// example `example` (evaluation mode, one read); empty for a model without attention.
pub async fn attention_maps(session: &impl Inspectable, example: usize) -> Result<Vec<AttentionMaps>, TrainError> {
    let core = session.inspected().core;
    let attending: Vec<_> = layers(core)
        .into_iter()
        .filter(|l| matches!(l.spec, LayerSpec::SelfAttention(_) | LayerSpec::TransformerBlock(_)))
        .collect();
    if attending.is_empty() {
        return Ok(Vec::new());
    }
    let (input, outputs) = outputs_for(core, example)?;
    let params = core.params.detached();
    let device = core.train.inputs.device();
    let mut weights = Vec::with_capacity(attending.len());
    for layer in &attending {
        let x = input_of(&input, &outputs, layer.index);
        let shape = &layer.input;
        let (layer_weights, causal) = match layer.spec {
            LayerSpec::SelfAttention(config) => {
                let attention = layer.rebuild(core, |store, site| {
                    MultiHeadAttention::new(store, site.name, shape, *config, site.seed, site.stream, device)
                })?;
                (attention.forward_with_weights(&params, x)?.1, config.causal)
            }
            LayerSpec::TransformerBlock(config) => {
                let block = layer.rebuild(core, |store, site| {
                    TransformerBlock::new(store, shape, config, site).map_err(|e| e.to_string())
                })?;
                (block.attention_weights(&params, x)?, config.causal)
            }
            _ => continue,
        };
        weights.push((layer, layer_weights, causal));
    }
    let parts: Vec<Tensor> = weights.iter().map(|(_, w, _)| w.reshape([w.elem_count()])).collect::<Result<_, _>>()?;
    let values = Tensor::concat(&parts, 0)?.to_vec().await?;
    let mut read = values.as_slice();
    let mut maps = Vec::with_capacity(weights.len());
    for (layer, layer_weights, causal) in weights {
        // [1, heads, time, time]
        let (heads, time) = (layer_weights.dims()[1], layer_weights.dims()[2]);
        let (head, rest) = read.split_at(layer_weights.elem_count());
        read = rest;
        let heads = (0..heads).map(|h| rows(&head[h * time * time..(h + 1) * time * time], time)).collect();
        maps.push(AttentionMaps { layer: layer.path(), kind: layer.spec.kind().to_string(), causal, heads });
    }
    Ok(maps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::testing::session;

    const LAYERS: &str = r#"[{"kind": "dense", "units": 4}, {"kind": "self_attention", "num_heads": 2, "causal": true},
                             {"kind": "transformer_block", "num_heads": 2},
                             {"kind": "flatten"}, {"kind": "dense", "units": 1}]"#;
    const ADDING: &str = r#"{"kind": "adding", "samples": 40, "length": 6}"#;

    #[test]
    fn rows_sum_to_one_and_a_causal_layer_never_looks_ahead() {
        let mut session = session("[6, 2]", LAYERS, "mse", ADDING);
        session.step().unwrap();
        let maps = pollster::block_on(attention_maps(&session, 3)).unwrap();
        let layers: Vec<(&str, &str, bool)> =
            maps.iter().map(|m| (m.layer.as_str(), m.kind.as_str(), m.causal)).collect();
        assert_eq!(layers, vec![("layers[1]", "self_attention", true), ("layers[2]", "transformer_block", false)]);
        for map in &maps {
            assert_eq!(map.heads.len(), 2);
            for head in &map.heads {
                assert_eq!((head.len(), head[0].len()), (6, 6));
                for (query, row) in head.iter().enumerate() {
                    assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{row:?}");
                    if map.causal {
                        assert!(row[query + 1..].iter().all(|&w| w == 0.0), "query {query} looks ahead: {row:?}");
                    }
                }
            }
        }
        assert!(maps[1].heads[0][0][5] > 0.0, "a full block looks ahead");
    }

    #[test]
    fn the_maps_are_the_layers_own_weights() {
        let session = session("[6, 2]", LAYERS, "mse", ADDING);
        let maps = pollster::block_on(attention_maps(&session, 0)).unwrap();
        let core = &session.core;
        let input = core.test.inputs.slice(0, 0, 1).unwrap();
        let each = core.model.forward_each(&core.params, &input, &mut nnplay_nn::Context::eval()).unwrap();
        // Attention by hand from the session's tensors layers.1.in_proj_weight and bias: two heads of width 2.
        let x = pollster::block_on(each[0].to_vec()).unwrap();
        let weight = pollster::block_on(core.params.params()[2].value.to_vec()).unwrap();
        let bias = pollster::block_on(core.params.params()[3].value.to_vec()).unwrap();
        let project =
            |t: usize, row: usize| bias[row] + (0..4).map(|k| weight[row * 4 + k] * x[t * 4 + k]).sum::<f32>();
        for head in 0..2 {
            for query in 0..6 {
                let scores: Vec<f32> = (0..=query)
                    .map(|key| {
                        (0..2).map(|d| project(query, head * 2 + d) * project(key, 4 + head * 2 + d)).sum::<f32>()
                            / 2f32.sqrt()
                    })
                    .collect();
                let top = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let total: f32 = scores.iter().map(|s| (s - top).exp()).sum();
                for (key, score) in scores.iter().enumerate() {
                    let expected = (score - top).exp() / total;
                    let got = maps[0].heads[head][query][key];
                    assert!((got - expected).abs() < 1e-5, "head {head} ({query}, {key}): {got} vs {expected}");
                }
            }
        }
    }
}
