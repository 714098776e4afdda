//! Softmax cross-entropy against class indices (`torch.nn.CrossEntropyLoss`), for one
//! prediction per row (`[n, classes]`) or per sequence position (`[batch, time, classes]`).

use nnplay_tensor::{BinaryOp, Result, Tensor, TensorError};
use serde::{Deserialize, Serialize};

/// `torch.nn.CrossEntropyLoss`'s default `ignore_index`.
pub const DEFAULT_IGNORE_INDEX: i64 = -100;

/// The options of [`cross_entropy`], with `torch.nn.CrossEntropyLoss`'s names and defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CrossEntropyOptions {
    /// Positions whose target equals this class are left out of the loss and of the mean.
    pub ignore_index: i64,
    /// Mixes the one-hot target with the uniform distribution: weight `label_smoothing` on
    /// uniform, in [0, 1].
    pub label_smoothing: f32,
}

impl Default for CrossEntropyOptions {
    fn default() -> Self {
        CrossEntropyOptions { ignore_index: DEFAULT_IGNORE_INDEX, label_smoothing: 0.0 }
    }
}

impl CrossEntropyOptions {
    /// Checks `label_smoothing` lies in [0, 1], as torch does.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if (0.0..=1.0).contains(&self.label_smoothing) {
            Ok(())
        } else {
            Err(format!("label_smoothing is {}; it must lie between 0.0 and 1.0", self.label_smoothing))
        }
    }
}

/// Log-softmax over the last axis (one fused op: one kernel on the GPU).
pub fn log_softmax(logits: &Tensor) -> Result<Tensor> {
    logits.softmax_last(true).map_err(|_| TensorError::Invalid {
        op: "log_softmax",
        shape: logits.shape().clone(),
        reason: "needs at least one dimension".into(),
    })
}

/// Softmax cross-entropy of logits `[.., classes]` against class indices `[..]`, with
/// torch's defaults (`torch.nn.functional.cross_entropy(logits, classes)`).
pub fn softmax_cross_entropy(logits: &Tensor, classes: &Tensor) -> Result<Tensor> {
    cross_entropy(logits, classes, &CrossEntropyOptions::default())
}

/// Softmax cross-entropy of logits `[.., classes]` (classes on the last axis, e.g.
/// `[n, classes]` or `[batch, time, classes]`) against whole-number class indices of the
/// leading shape (`[n]`, `[batch, time]`), averaged over the positions not ignored.
///
/// Matches `torch.nn.functional.cross_entropy` (with the class axis moved last) in value
/// and gradient, label smoothing included: each position costs
/// `(1 − ε)·(−log p[target]) + ε·mean_c(−log p[c])`. One deliberate difference: when every
/// position is ignored torch returns NaN (0/0), and this returns 0 (gradients are 0 in
/// both), so a batch of pure padding does not stop training as a diverged loss would.
pub fn cross_entropy(logits: &Tensor, classes: &Tensor, options: &CrossEntropyOptions) -> Result<Tensor> {
    let dims = logits.dims();
    let shape_error = |reason: &str| TensorError::ShapeMismatch {
        op: "cross_entropy",
        lhs: logits.shape().clone(),
        rhs: classes.shape().clone(),
        reason: reason.into(),
    };
    let Some((&class_count, leading)) = dims.split_last() else {
        return Err(shape_error("logits need a class axis (last), e.g. [n, classes] or [batch, time, classes]"));
    };
    if classes.dims() != leading {
        return Err(shape_error(
            "class indices must have the logits' shape without the last (class) axis: \
             [n] for [n, classes], [batch, time] for [batch, time, classes]",
        ));
    }
    if class_count == 0 {
        return Err(shape_error("logits need at least one class"));
    }
    options.validate().map_err(|reason| TensorError::Invalid {
        op: "cross_entropy",
        shape: logits.shape().clone(),
        reason,
    })?;

    let positions = classes.elem_count();
    let log_probabilities = log_softmax(&logits.reshape([positions, class_count])?)?;
    let targets = classes.detach().reshape([positions, 1])?;
    let ignored = targets.with_scalar(BinaryOp::Equal, options.ignore_index as f32);
    let counted = ignored.neg().add_scalar(1.0);
    // Ignored targets (often -100) would be out of range for gather; any valid class will do,
    // since those positions are multiplied by 0 below.
    let safe_targets = Tensor::select(&ignored, &Tensor::scalar(0.0, targets.device()), &targets)?;
    let mut per_position = log_probabilities.gather(1, &safe_targets)?.neg();
    if options.label_smoothing > 0.0 {
        let smoothing = options.label_smoothing;
        let uniform = log_probabilities.sum_keepdim(1)?.neg().mul_scalar(1.0 / class_count as f32);
        per_position = per_position.mul_scalar(1.0 - smoothing).add(&uniform.mul_scalar(smoothing))?;
    }
    let total = per_position.mul(&counted)?.sum_all();
    total.div(&counted.sum_all().with_scalar(BinaryOp::Maximum, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Device, engine_test, testing::assert_close};

    fn tensor(values: &[f32], shape: &[usize]) -> Tensor {
        Tensor::from_vec(values.to_vec(), shape, Device::Cpu).unwrap()
    }

    engine_test! {
        async fn cross_entropy_matches_the_hand_computed_value() {
            // Row 0: logits (1, 2, 3), class 2: -log(e^3 / (e + e^2 + e^3)).
            // Row 1: logits (0, 0, 0), class 0: log 3.
            let logits = tensor(&[1.0, 2.0, 3.0, 0.0, 0.0, 0.0], &[2, 3]);
            let classes = tensor(&[2.0, 0.0], &[2]);
            let loss = softmax_cross_entropy(&logits, &classes).unwrap().to_scalar().await.unwrap();
            let e = std::f32::consts::E;
            let row0 = -(e.powi(3) / (e + e * e + e.powi(3))).ln();
            let expected = (row0 + 3f32.ln()) / 2.0;
            assert!((loss - expected).abs() < 1e-6, "{loss} vs {expected}");

            // Ignoring row 0 leaves row 1 alone; smoothing row 1 changes nothing (uniform logits).
            let options = CrossEntropyOptions { ignore_index: 2, label_smoothing: 0.3 };
            let ignoring = cross_entropy(&logits, &classes, &options).unwrap().to_scalar().await.unwrap();
            assert_close(&[ignoring], &[3f32.ln()], 1e-6, 0.0);
        }
    }

    engine_test! {
        async fn sequences_average_over_every_position() {
            let logits = tensor(&[1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.5, -0.5, 2.0, -1.0, 0.0, 1.0], &[2, 2, 3]);
            let classes = tensor(&[2.0, 0.0, 1.0, 2.0], &[2, 2]);
            let sequence = softmax_cross_entropy(&logits, &classes).unwrap().to_scalar().await.unwrap();
            let flat = softmax_cross_entropy(&logits.reshape([4, 3]).unwrap(), &classes.reshape([4]).unwrap());
            assert_eq!(sequence, flat.unwrap().to_scalar().await.unwrap());
        }
    }

    engine_test! {
        async fn an_all_ignored_batch_costs_zero_with_zero_gradients() {
            let logits = tensor(&[0.3, -1.2, 0.8, 1.5], &[2, 2]).variable();
            let options = CrossEntropyOptions { label_smoothing: 0.1, ..CrossEntropyOptions::default() };
            let loss = cross_entropy(&logits, &tensor(&[-100.0, -100.0], &[2]), &options).unwrap();
            assert_eq!(loss.to_scalar().await.unwrap(), 0.0);
            let gradient = loss.backward().unwrap().get(&logits).unwrap().to_vec().await.unwrap();
            assert_eq!(gradient, vec![0.0; 4]);
        }
    }

    engine_test! {
        async fn cross_entropy_is_stable_for_huge_logits() {
            let logits = tensor(&[1000.0, 0.0, -1000.0, 1000.0], &[2, 2]);
            let loss = softmax_cross_entropy(&logits, &tensor(&[0.0, 1.0], &[2])).unwrap();
            assert_eq!(loss.to_scalar().await.unwrap(), 0.0);
        }
    }

    engine_test! {
        async fn cross_entropy_rejects_bad_classes_and_options() {
            let logits = tensor(&[1.0, 2.0], &[1, 2]);
            let err = softmax_cross_entropy(&logits, &tensor(&[2.0], &[1])).unwrap_err();
            assert!(err.to_string().contains("index 2 is out of range 0..2"), "{err}");
            let err = softmax_cross_entropy(&tensor(&[0.0; 12], &[2, 2, 3]), &tensor(&[0.0; 2], &[2])).unwrap_err();
            let message = err.to_string();
            assert!(message.contains("[2, 2, 3]") && message.contains("[2]") && message.contains("[batch, time]"));
            let options = CrossEntropyOptions { label_smoothing: 1.5, ..CrossEntropyOptions::default() };
            let err = cross_entropy(&logits, &tensor(&[0.0], &[1]), &options).unwrap_err();
            assert!(err.to_string().contains("label_smoothing is 1.5"), "{err}");
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let logits = tensor(&[0.3, -1.2, 0.8, 1.5, 0.1, -0.4, 0.9, 0.2, -0.7, -1.1, 0.6, 1.3], &[2, 2, 3]);
            let classes = tensor(&[1.0, 0.0, -100.0, 2.0], &[2, 2]);
            let options = CrossEntropyOptions { label_smoothing: 0.2, ..CrossEntropyOptions::default() };
            let result = GradCheck::default()
                .check(|v| cross_entropy(&v[0], &classes, &options), std::slice::from_ref(&logits))
                .await;
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
