//! The decision boundary of a model on 2-D points: its output on a grid over the data
//! square, drawn by the page as a heat map under the points.

use crate::TrainError;
use crate::core::Core;
use nnplay_data::{EXTENT, Task};
use nnplay_nn::loss;
use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// The model's output over a grid covering the data square, for the decision-boundary
/// heat map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    /// Cells per side.
    pub resolution: usize,
    /// The grid covers `[-extent, extent]²`.
    pub extent: f32,
    /// `values[row * resolution + col]`, row 0 at the top (`y = +extent`), each in
    /// `[-1, 1]`: `2·P(class 1) − 1` for classification, the clamped prediction for
    /// regression.
    pub values: Vec<f32>,
}

/// The boundary of `core`'s model on a `resolution × resolution` grid; inputs are the
/// cell centres scaled to `[-1, 1]`, as the sessions scale points.
pub(crate) async fn boundary(core: &Core, task: Task, resolution: usize) -> Result<Boundary, TrainError> {
    let inputs = Tensor::from_vec(grid(resolution), [resolution * resolution, 2], core.train.inputs.device())?;
    let output = core.predict(&inputs)?;
    let values = match task {
        Task::Classification => {
            let probability = loss::log_softmax(&output)?.exp().slice(1, 1, 1)?;
            probability.mul_scalar(2.0).add_scalar(-1.0).to_vec().await?
        }
        Task::Regression => output.to_vec().await?.into_iter().map(|v| v.clamp(-1.0, 1.0)).collect(),
    };
    Ok(Boundary { resolution, extent: EXTENT, values })
}

/// Cell centres, row 0 at the top (`y = 1`), as `[x, y]` pairs.
pub(crate) fn grid(resolution: usize) -> Vec<f32> {
    let step = 2.0 / resolution as f32;
    let mut grid = Vec::with_capacity(resolution * resolution * 2);
    for row in 0..resolution {
        let y = 1.0 - (row as f32 + 0.5) * step;
        for col in 0..resolution {
            grid.extend([-1.0 + (col as f32 + 0.5) * step, y]);
        }
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::{RunData, RunSpec, Session, SessionConfig, SpecSession, model_spec};

    #[test]
    fn the_grid_runs_left_to_right_from_the_top() {
        assert_eq!(grid(2), vec![-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
    }

    #[test]
    fn a_spec_session_on_the_spiral_draws_the_boundary_the_playground_draws() {
        let config = SessionConfig::spiral();
        let mut playground = Session::new(config.clone()).unwrap();
        for _ in 0..20 {
            playground.step().unwrap();
        }
        let run = RunSpec { model: model_spec(&config), data: RunData::Points(config.dataset.clone()) };
        let mut spec = SpecSession::new(run).unwrap();
        let weights = pollster::block_on(crate::weights::to_safetensors(playground.params())).unwrap();
        spec.load_weights(&weights).unwrap();
        let mine = pollster::block_on(spec.boundary(8)).unwrap().unwrap();
        assert_eq!(mine, pollster::block_on(playground.boundary(8)).unwrap());
        assert!(mine.values.iter().any(|v| v.abs() > 0.01), "a trained model draws something");
    }
}
