//! Dropout view: which values a dropout layer dropped at the last step.

use super::{Inspectable, layers};
use crate::TrainError;
use nnplay_nn::layers::dropout::Dropout;
use nnplay_nn::{Context, LayerSpec};
use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// The mask of one dropout layer for the first example of a step's batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DropoutMask {
    /// Place in the spec (`layers[2]`).
    pub layer: String,
    /// The dropout rate: the chance of dropping each value.
    pub p: f32,
    /// The training step the mask belongs to.
    pub step: u64,
    /// One example's shape at the layer.
    pub shape: Vec<usize>,
    /// Row-major: whether each value was kept (kept ones are scaled by `1 / (1 − p)`).
    pub kept: Vec<bool>,
    /// Share of values kept (about `1 − p`).
    pub kept_share: f32,
}

/// The masks of every top-level dropout layer at the last step taken (before the first
/// step: the masks the first step will use), for the first example of that step's batch.
/// Masks come from the run's seed, the step and the layer, so they are drawn again here
/// exactly as training drew them. Empty for a model without dropout.
pub async fn dropout_masks(session: &impl Inspectable) -> Result<Vec<DropoutMask>, TrainError> {
    let core = session.inspected().core;
    let step = core.steps.saturating_sub(1);
    let ctx = Context::train(core.spec.seed, step);
    let device = core.train.inputs.device();
    let mut masks = Vec::new();
    for layer in layers(core) {
        let LayerSpec::Dropout(config) = layer.spec else { continue };
        let dropout = layer.rebuild(core, |store, site| {
            Dropout::new(store, site.name, &layer.input, config, site.seed, site.stream, device)
        })?;
        let shape = [&[1][..], &layer.input].concat();
        masks.push((layer.path(), dropout.p, layer.input.clone(), dropout.mask(&ctx, &shape, device)));
    }
    if masks.is_empty() {
        return Ok(Vec::new());
    }
    let parts: Vec<Tensor> = masks.iter().map(|(.., m)| m.reshape([m.elem_count()])).collect::<Result<_, _>>()?;
    let values = Tensor::concat(&parts, 0)?.to_vec().await?;
    let mut read = values.as_slice();
    let mut result = Vec::with_capacity(masks.len());
    for (layer, p, shape, mask) in masks {
        let (head, rest) = read.split_at(mask.elem_count());
        read = rest;
        let kept: Vec<bool> = head.iter().map(|&v| v > 0.0).collect();
        let kept_share = kept.iter().filter(|&&k| k).count() as f32 / kept.len().max(1) as f32;
        result.push(DropoutMask { layer, p, step, shape, kept, kept_share });
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::testing::{XOR, session};

    const LAYERS: &str = r#"[{"kind": "dense", "units": 200}, {"kind": "activation", "function": "tanh"},
                             {"kind": "dropout", "p": 0.3}, {"kind": "dense", "units": 2}]"#;

    #[test]
    fn the_mask_is_the_one_the_last_step_applied() {
        let mut session = session("[2]", LAYERS, "cross_entropy", XOR);
        for _ in 0..3 {
            session.step().unwrap();
        }
        let masks = pollster::block_on(dropout_masks(&session)).unwrap();
        assert_eq!(masks.len(), 1);
        let mask = &masks[0];
        assert_eq!((mask.layer.as_str(), mask.p, mask.step, mask.shape.clone()), ("layers[2]", 0.3, 2, vec![200]));
        assert!((mask.kept_share - 0.7).abs() < 0.1, "{}", mask.kept_share);
        // A training pass at step 2 drops exactly these values of the first example.
        let core = &session.core;
        let inputs = core.train.inputs.slice(0, 0, 4).unwrap();
        let each = core.model.forward_each(&core.params, &inputs, &mut Context::train(core.spec.seed, 2)).unwrap();
        let dropped = pollster::block_on(each[2].to_vec()).unwrap();
        let kept: Vec<bool> = dropped[..200].iter().map(|&v| v != 0.0).collect();
        assert_eq!(mask.kept, kept);
        // The next step draws another mask.
        session.step().unwrap();
        let next = pollster::block_on(dropout_masks(&session)).unwrap();
        assert_eq!(next[0].step, 3);
        assert_ne!(next[0].kept, mask.kept);
        let plain = crate::inspect::testing::session("[2]", r#"[{"kind": "dense", "units": 2}]"#, "cross_entropy", XOR);
        assert_eq!(pollster::block_on(dropout_masks(&plain)).unwrap(), vec![]);
    }
}
