//! Classifier views on the test set: a grid of the first examples with the predicted and
//! the true class, and the confusion matrix of the whole set.

use super::{Inspectable, rows};
use crate::TrainError;
use crate::core::Objective;
use nnplay_nn::loss;
use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// Classifiers with more classes than this (a large vocabulary) get no confusion matrix.
pub const MAX_CONFUSION_CLASSES: usize = 128;

/// How the model classifies one test example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Its place in the test set.
    pub index: usize,
    pub predicted: usize,
    pub actual: usize,
    pub correct: bool,
    /// The probability the model gives the predicted class.
    pub confidence: f32,
    /// Row-major input values, to draw the example.
    pub input: Vec<f32>,
}

/// The first examples of the test set as the model classifies them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Predictions {
    /// One example's input shape.
    pub input_shape: Vec<usize>,
    pub classes: usize,
    pub examples: Vec<Prediction>,
}

/// Counts of (true class, predicted class) over the whole test set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub classes: usize,
    /// `counts[actual][predicted]`.
    pub counts: Vec<Vec<u32>>,
    /// Every count together: the test examples (or, for a class per position, the
    /// positions whose target is a class; ignored positions are left out).
    pub total: u32,
}

/// The model's classes for the first `count` test examples (fewer when the test set is
/// smaller), or `None` unless the model gives one class per example.
pub async fn predictions(session: &impl Inspectable, count: usize) -> Result<Option<Predictions>, TrainError> {
    let core = session.inspected().core;
    let &[classes] = core.model.output_shape() else {
        return Ok(None);
    };
    if core.objective != Objective::Classes {
        return Ok(None);
    }
    let count = count.min(core.test.len);
    let input_shape = core.model.input_shape().to_vec();
    if count == 0 {
        return Ok(Some(Predictions { input_shape, classes, examples: Vec::new() }));
    }
    let inputs = core.test.inputs.slice(0, 0, count)?;
    let probabilities = loss::log_softmax(&core.predict(&inputs)?)?.exp();
    let width = inputs.elem_count() / count;
    // One read: probabilities, targets, inputs.
    let parts = [
        probabilities.reshape([count * classes])?,
        core.test.targets.slice(0, 0, count)?.reshape([count])?,
        inputs.reshape([count * width])?,
    ];
    let values = Tensor::concat(&parts, 0)?.to_vec().await?;
    let (probabilities, rest) = values.split_at(count * classes);
    let (targets, inputs) = rest.split_at(count);
    let examples = rows(probabilities, classes)
        .into_iter()
        .zip(targets)
        .zip(rows(inputs, width))
        .enumerate()
        .map(|(index, ((row, &target), input))| {
            let predicted = argmax(&row);
            let actual = target as usize;
            Prediction { index, predicted, actual, correct: predicted == actual, confidence: row[predicted], input }
        })
        .collect();
    Ok(Some(Predictions { input_shape, classes, examples }))
}

/// The confusion matrix on the first `examples` test examples (the whole set when it has
/// fewer), computed on the device so that only the matrix is read; `None` for a model
/// that does not classify or has more than [`MAX_CONFUSION_CLASSES`] classes. The
/// predicted class is the highest score, the first on ties, as accuracy counts it. The
/// cost is one forward pass over those examples (a character Transformer's whole test
/// set takes seconds on the CPU: pass a few hundred there).
pub async fn confusion_matrix(
    session: &impl Inspectable,
    examples: usize,
) -> Result<Option<ConfusionMatrix>, TrainError> {
    let core = session.inspected().core;
    let classes = *core.model.output_shape().last().expect("outputs have a shape");
    if core.objective != Objective::Classes || classes > MAX_CONFUSION_CLASSES {
        return Ok(None);
    }
    let examples = examples.min(core.test.len);
    if examples == 0 {
        return Ok(Some(ConfusionMatrix { classes, counts: vec![vec![0; classes]; classes], total: 0 }));
    }
    let device = core.test.inputs.device();
    let scores = core.predict(&core.test.inputs.slice(0, 0, examples)?)?;
    let targets = core.test.targets.slice(0, 0, examples)?;
    let positions = scores.elem_count() / classes;
    let scores = scores.reshape([positions, classes])?;
    // rank[j] = classes − j: the largest rank among the maxima picks the first of them.
    let rank = Tensor::from_vec((0..classes).map(|j| (classes - j) as f32).collect(), [1, classes], device)?;
    let is_max = scores.ge(&scores.max_keepdim(1)?)?;
    let predicted = is_max.mul(&rank)?.max_keepdim(1)?.eq(&rank)?;
    let class = Tensor::from_vec((0..classes).map(|j| j as f32).collect(), [1, classes], device)?;
    let actual = targets.reshape([positions, 1])?.eq(&class)?;
    let counts = actual.transpose_last()?.matmul(&predicted)?.to_vec().await?;
    let counts: Vec<Vec<u32>> = counts.chunks(classes).map(|row| row.iter().map(|&c| c as u32).collect()).collect();
    let total = counts.iter().flatten().sum();
    Ok(Some(ConfusionMatrix { classes, counts, total }))
}

/// Index of the largest value (the first on ties).
fn argmax(row: &[f32]) -> usize {
    row.iter().enumerate().fold(0, |best, (i, &v)| if v > row[best] { i } else { best })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::testing::{XOR, session};
    use nnplay_tensor::Device;

    const CLASSIFIER: &str = r#"[{"kind": "conv2d", "out_channels": 4, "kernel_size": 3}, {"kind": "flatten"},
                                 {"kind": "dense", "units": 10}]"#;

    #[test]
    fn the_grid_gives_each_examples_class_and_truth() {
        let mut session = session("[1, 8, 8]", CLASSIFIER, "cross_entropy", r#"{"kind": "digits"}"#);
        for _ in 0..20 {
            session.step().unwrap();
        }
        let grid = pollster::block_on(predictions(&session, 12)).unwrap().unwrap();
        assert_eq!((grid.classes, grid.input_shape.clone(), grid.examples.len()), (10, vec![1, 8, 8], 12));
        let targets = pollster::block_on(session.core.test.targets.to_vec()).unwrap();
        let scores = pollster::block_on(session.core.predict(&session.core.test.inputs).unwrap().to_vec()).unwrap();
        let inputs = pollster::block_on(session.core.test.inputs.to_vec()).unwrap();
        for example in &grid.examples {
            let i = example.index;
            assert_eq!(example.actual, targets[i] as usize);
            assert_eq!(example.predicted, argmax(&scores[i * 10..(i + 1) * 10]));
            assert_eq!(example.correct, example.predicted == example.actual);
            assert!(example.confidence >= 0.1 && example.confidence <= 1.0, "the top of 10 probabilities");
            assert_eq!(example.input, inputs[i * 64..(i + 1) * 64]);
        }
        let all = pollster::block_on(predictions(&session, 1_000_000)).unwrap().unwrap();
        assert_eq!(all.examples.len(), session.core.test.len);
    }

    #[test]
    fn the_confusion_matrix_counts_every_test_example_and_its_diagonal_is_the_accuracy() {
        let mut session = session("[1, 8, 8]", CLASSIFIER, "cross_entropy", r#"{"kind": "digits"}"#);
        for _ in 0..30 {
            session.step().unwrap();
        }
        let matrix = pollster::block_on(confusion_matrix(&session, usize::MAX)).unwrap().unwrap();
        assert_eq!(matrix.total as usize, session.core.test.len);
        assert_eq!(matrix.counts.len(), 10);
        let targets = pollster::block_on(session.core.test.targets.to_vec()).unwrap();
        for class in 0..10 {
            let actual = targets.iter().filter(|&&t| t as usize == class).count() as u32;
            assert_eq!(matrix.counts[class].iter().sum::<u32>(), actual, "row {class} holds that class's examples");
        }
        let right: u32 = (0..10).map(|c| matrix.counts[c][c]).sum();
        let accuracy = pollster::block_on(session.metrics()).unwrap().test_accuracy.unwrap();
        assert!((right as f32 / matrix.total as f32 - accuracy).abs() < 1e-6);
        // The first 7 examples only: their rows count them.
        let first = pollster::block_on(confusion_matrix(&session, 7)).unwrap().unwrap();
        assert_eq!(first.total, 7);
        for class in 0..10 {
            let actual = targets[..7].iter().filter(|&&t| t as usize == class).count() as u32;
            assert_eq!(first.counts[class].iter().sum::<u32>(), actual);
        }
    }

    #[test]
    fn ties_go_to_the_first_class_and_regression_gets_nothing() {
        let mut session = session("[2]", r#"[{"kind": "dense", "units": 2}]"#, "cross_entropy", XOR);
        for index in 0..2 {
            let shape = session.core.params.params()[index].value.dims().to_vec();
            session.core.params.set(index, &nnplay_tensor::Tensor::zeros(shape, Device::Cpu));
        }
        let matrix = pollster::block_on(confusion_matrix(&session, 100)).unwrap().unwrap();
        assert_eq!(matrix.counts[0][1] + matrix.counts[1][1], 0, "equal scores predict class 0");
        assert_eq!(matrix.total, 50);
        let values = r#"{"kind": "plane", "samples": 100, "noise": 0, "train_ratio": 0.5, "seed": 1}"#;
        let regression = crate::inspect::testing::session("[2]", r#"[{"kind": "dense", "units": 1}]"#, "mse", values);
        assert_eq!(pollster::block_on(confusion_matrix(&regression, 100)).unwrap(), None);
        assert_eq!(pollster::block_on(predictions(&regression, 4)).unwrap(), None);
    }
}
