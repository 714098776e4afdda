//! Per-neuron maps of a model of 2-D points, as TensorFlow Playground draws them: each
//! hidden neuron's activation over a grid of the data square, and the output's.

use super::Inspectable;
use crate::TrainError;
use crate::boundary::{boundary, grid};
use crate::core::Objective;
use nnplay_data::{EXTENT, Task};
use nnplay_nn::{Context, LayerSpec};
use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Largest grid side: the maps are thumbnails.
pub const MAX_RESOLUTION: usize = 64;

/// One hidden layer's neurons over the grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HiddenMaps {
    /// Place in the spec of the activation layer (`layers[1]`).
    pub layer: String,
    /// `neurons[j][row * resolution + col]`: neuron `j`'s activation, row 0 at the top.
    pub neurons: Vec<Vec<f32>>,
}

/// Every hidden neuron's activation and the output over a grid of the data square.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeuronMaps {
    /// Cells per side.
    pub resolution: usize,
    /// The grid covers `[-extent, extent]²`, as [`crate::Boundary`]'s does.
    pub extent: f32,
    /// The outputs of every activation layer (but a last one), in model order.
    pub layers: Vec<HiddenMaps>,
    /// The output, as [`crate::Boundary::values`] gives it.
    pub output: Vec<f32>,
}

/// The neuron maps of a model of 2-D points on a `resolution × resolution` grid (cell
/// centres, as the decision boundary samples them); `None` for other models.
pub async fn neuron_maps(session: &impl Inspectable, resolution: usize) -> Result<Option<NeuronMaps>, TrainError> {
    let core = session.inspected().core;
    if core.model.input_shape() != [2] {
        return Ok(None);
    }
    if !(1..=MAX_RESOLUTION).contains(&resolution) {
        return Err(TrainError::Spec(format!(
            "a neuron map of {resolution}×{resolution} cells cannot be drawn; use 1 to {MAX_RESOLUTION} per side"
        )));
    }
    let cells = resolution * resolution;
    let inputs = Tensor::from_vec(grid(resolution), [cells, 2], core.train.inputs.device())?;
    let outputs = core.model.forward_each(&core.params.detached(), &inputs, &mut Context::eval())?;
    let last = core.spec.layers.len() - 1;
    let hidden: Vec<usize> = (0..last)
        .filter(|&i| matches!(core.spec.layers[i], LayerSpec::Activation { .. }) && outputs[i].rank() == 2)
        .collect();
    let mut layers = Vec::with_capacity(hidden.len());
    if !hidden.is_empty() {
        // One read: each layer's activations, neuron by neuron ([units, cells]).
        let parts: Vec<Tensor> = hidden
            .iter()
            .map(|&i| outputs[i].transpose_last().and_then(|t| t.reshape([t.elem_count()])))
            .collect::<Result<_, _>>()?;
        let values = Tensor::concat(&parts, 0)?.to_vec().await?;
        let mut read = values.as_slice();
        for &i in &hidden {
            let (head, rest) = read.split_at(outputs[i].elem_count());
            read = rest;
            let neurons = super::rows(head, cells);
            layers.push(HiddenMaps { layer: format!("layers[{i}]"), neurons });
        }
    }
    let task = match core.objective {
        Objective::Classes => Task::Classification,
        Objective::Values => Task::Regression,
    };
    let output = boundary(core, task, resolution).await?.values;
    Ok(Some(NeuronMaps { resolution, extent: EXTENT, layers, output }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Session, SessionConfig};

    #[test]
    fn each_neuron_map_is_its_activation_over_the_grid() {
        let mut session = Session::new(SessionConfig::spiral()).unwrap();
        for _ in 0..10 {
            session.step().unwrap();
        }
        let maps = pollster::block_on(neuron_maps(&session, 16)).unwrap().unwrap();
        assert_eq!((maps.resolution, maps.extent), (16, EXTENT));
        let shape: Vec<(&str, usize)> = maps.layers.iter().map(|l| (l.layer.as_str(), l.neurons.len())).collect();
        assert_eq!(shape, vec![("layers[1]", 8), ("layers[3]", 8)]);
        assert!(maps.layers.iter().flat_map(|l| &l.neurons).all(|n| n.len() == 256));
        // Neuron 5 of the first layer by hand: tanh(w₅·(x, y) + b₅) at the cell centres.
        let params = session.params().params();
        let weight = pollster::block_on(params[0].value.to_vec()).unwrap();
        let bias = pollster::block_on(params[1].value.to_vec()).unwrap();
        let cells = grid(16);
        for (cell, point) in cells.chunks(2).enumerate() {
            let expected = (weight[10] * point[0] + weight[11] * point[1] + bias[5]).tanh();
            assert!((maps.layers[0].neurons[5][cell] - expected).abs() < 1e-5, "cell {cell}");
        }
        assert_eq!(maps.output, pollster::block_on(session.boundary(16)).unwrap().values);
        assert!(pollster::block_on(neuron_maps(&session, 0)).is_err());
    }

    #[test]
    fn models_of_other_inputs_have_no_maps() {
        let session = crate::inspect::testing::session(
            "[1, 8, 8]",
            r#"[{"kind": "flatten"}, {"kind": "dense", "units": 10}]"#,
            "cross_entropy",
            r#"{"kind": "digits"}"#,
        );
        assert_eq!(pollster::block_on(neuron_maps(&session, 16)).unwrap(), None);
    }
}
