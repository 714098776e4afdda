//! The decision boundary of a run spec that trains on 2-D points (a preset on the
//! spiral, a checkpoint of one), drawn as the playground draws its own.

use nnplay_data::{EXTENT, Task};
use nnplay_tensor::Tensor;
use nnplay_train::{Boundary, SpecSession, TrainError};

/// The model's output on a `resolution × resolution` grid over the data square, as
/// `Session::boundary` gives it: inputs scaled to [-1, 1] (the sessions divide points by
/// the extent), `2·P(class 1) − 1` for classes, the clamped value for a regression.
pub async fn boundary(session: &SpecSession, task: Task, resolution: usize) -> Result<Boundary, TrainError> {
    let inputs = Tensor::from_vec(grid(resolution), [resolution * resolution, 2], session.device())?;
    let output = session.predict(&inputs)?.to_vec().await?;
    Ok(Boundary { resolution, extent: EXTENT, values: values(&output, task) })
}

/// Cell centres, row 0 at the top (`y = 1`), as `[x, y]` pairs.
fn grid(resolution: usize) -> Vec<f32> {
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

/// One value in [-1, 1] per cell from the model's outputs (two logits per cell for
/// classes, one value for a regression).
fn values(output: &[f32], task: Task) -> Vec<f32> {
    match task {
        // 2·softmax(z)₁ − 1 = 2·σ(z₁ − z₀) − 1 = tanh((z₁ − z₀) / 2).
        Task::Classification => output.chunks(2).map(|z| ((z[1] - z[0]) / 2.0).tanh()).collect(),
        Task::Regression => output.iter().map(|v| v.clamp(-1.0, 1.0)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_train::{Session, SessionConfig};

    #[test]
    fn the_grid_runs_left_to_right_from_the_top() {
        let grid = grid(2);
        assert_eq!(grid, vec![-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
    }

    #[test]
    fn logits_become_twice_the_class_1_probability_less_one() {
        let values = values(&[0.0, 0.0, -3.0, 3.0, 2.0, -2.0], Task::Classification);
        let expected = [0.0, 2.0 / (1.0 + (-6.0f32).exp()) - 1.0, 2.0 / (1.0 + 4.0f32.exp()) - 1.0];
        for (value, expected) in values.iter().zip(expected) {
            assert!((value - expected).abs() < 1e-6, "{value} vs {expected}");
        }
        assert_eq!(values_of_regression(), vec![-1.0, 0.25, 1.0]);
    }

    fn values_of_regression() -> Vec<f32> {
        values(&[-3.0, 0.25, 7.0], Task::Regression)
    }

    #[test]
    fn a_spec_session_on_the_spiral_draws_the_boundary_the_playground_draws() {
        let config = SessionConfig::spiral();
        let session = Session::new(config.clone()).unwrap();
        let run = nnplay_train::RunSpec {
            model: nnplay_train::model_spec(&config),
            data: nnplay_train::RunData::Points(config.dataset.clone()),
        };
        let mut spec = SpecSession::new(run).unwrap();
        let weights = pollster::block_on(nnplay_train::weights::to_safetensors(session.params())).unwrap();
        spec.load_weights(&weights).unwrap();
        let mine = pollster::block_on(boundary(&spec, Task::Classification, 8)).unwrap();
        let theirs = pollster::block_on(session.boundary(8)).unwrap();
        assert_eq!((mine.resolution, mine.extent), (theirs.resolution, theirs.extent));
        for (a, b) in mine.values.iter().zip(&theirs.values) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
    }
}
