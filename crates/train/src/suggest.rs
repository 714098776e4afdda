//! A first model for data the user brought: what the page and `nnplay train --data`
//! start from before the learner edits it.

use nnplay_data::TensorData;
use nnplay_nn::ModelSpec;
use serde_json::json;

/// A small model that fits `data`'s shapes: an MLP for rows of numbers, a CNN for images
/// (`[channels, height, width]`), and a causal Transformer for token sequences with a
/// target per position. Classification ends in one unit per class with cross-entropy,
/// regression in the target's width with mean squared error.
pub fn suggest_model(data: &TensorData) -> ModelSpec {
    let regression = data.classes == 0;
    let outputs = if regression { data.target_shape.iter().product::<usize>().max(1) } else { data.classes };
    let loss = if regression { json!("mse") } else { json!("cross_entropy") };
    let layers = match data.input_shape.as_slice() {
        [_, _, _] => json!([
            {"kind": "conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1},
            {"kind": "activation", "function": "relu"},
            {"kind": "max_pool2d", "kernel_size": 2},
            {"kind": "conv2d", "out_channels": 16, "kernel_size": 3, "padding": 1},
            {"kind": "activation", "function": "relu"},
            {"kind": "global_avg_pool"},
            {"kind": "dense", "units": outputs}
        ]),
        [_] if !regression && data.target_shape == data.input_shape => json!([
            {"kind": "embedding", "num_embeddings": data.classes, "embedding_dim": 32},
            {"kind": "learned_positional", "init_std": 0.02},
            {"kind": "transformer_block", "num_heads": 4, "causal": true},
            {"kind": "layer_norm"},
            {"kind": "dense", "units": outputs}
        ]),
        _ => json!([
            {"kind": "flatten"},
            {"kind": "dense", "units": 32},
            {"kind": "activation", "function": "relu"},
            {"kind": "dense", "units": 32},
            {"kind": "activation", "function": "relu"},
            {"kind": "dense", "units": outputs}
        ]),
    };
    let spec = json!({
        "input": data.input_shape,
        "layers": layers,
        "loss": loss,
        "optimizer": {"kind": "adam", "learning_rate": 0.003},
        "batch_size": 32,
        "seed": 1
    });
    ModelSpec::from_json(&spec.to_string()).expect("suggested specs are valid (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SpecSession;
    use nnplay_tensor::Device;

    fn data(input_shape: &[usize], target_shape: &[usize], classes: usize) -> TensorData {
        let len = 20;
        let width: usize = input_shape.iter().product();
        let targets: usize = target_shape.iter().product();
        TensorData {
            inputs: (0..len * width).map(|i| (i % 3) as f32).collect(),
            input_shape: input_shape.to_vec(),
            targets: (0..len * targets).map(|i| (i % classes.max(2)) as f32).collect(),
            target_shape: target_shape.to_vec(),
            classes,
            len,
        }
    }

    #[test]
    fn the_suggestion_fits_tables_images_text_and_regressions() {
        for data in [data(&[5], &[], 3), data(&[1, 12, 12], &[], 4), data(&[8], &[8], 3), data(&[4], &[1], 0)] {
            let model = suggest_model(&data);
            let mut session = SpecSession::with_data(model, "test", data.clone(), Device::Cpu)
                .unwrap_or_else(|e| panic!("{:?} → {e}", data.input_shape));
            session.step().unwrap();
        }
    }
}
