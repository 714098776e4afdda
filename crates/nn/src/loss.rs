//! Loss functions, averaged over the batch as PyTorch's `reduction='mean'` does.

use nnplay_tensor::{Result, Tensor, TensorError};

/// Mean squared error over every element.
pub fn mse(prediction: &Tensor, target: &Tensor) -> Result<Tensor> {
    if prediction.shape() != target.shape() {
        return Err(TensorError::ShapeMismatch {
            op: "mse",
            lhs: prediction.shape().clone(),
            rhs: target.shape().clone(),
            reason: "prediction and target must have the same shape".into(),
        });
    }
    Ok(prediction.sub(target)?.square().mean_all())
}

/// Log-softmax over the last axis of `[n, classes]` logits, shifted by the row maximum
/// so `exp` cannot overflow (the shift cancels, so it takes no gradient).
pub fn log_softmax(logits: &Tensor) -> Result<Tensor> {
    let axis = logits.rank().checked_sub(1).ok_or_else(|| TensorError::Invalid {
        op: "log_softmax",
        shape: logits.shape().clone(),
        reason: "needs at least one dimension".into(),
    })?;
    let shifted = logits.sub(&logits.max_keepdim(axis)?.detach())?;
    shifted.sub(&shifted.exp().sum_keepdim(axis)?.log())
}

/// Softmax cross-entropy of `[n, classes]` logits against `[n]` class indices,
/// `torch.nn.functional.cross_entropy`.
pub fn softmax_cross_entropy(logits: &Tensor, classes: &Tensor) -> Result<Tensor> {
    if logits.rank() != 2 || classes.rank() != 1 || classes.dims()[0] != logits.dims()[0] {
        return Err(TensorError::ShapeMismatch {
            op: "softmax_cross_entropy",
            lhs: logits.shape().clone(),
            rhs: classes.shape().clone(),
            reason: "expects logits [n, classes] and class indices [n]".into(),
        });
    }
    let n = logits.dims()[0];
    let picked = log_softmax(logits)?.gather(1, &classes.reshape([n, 1])?)?;
    Ok(picked.mean_all().neg())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Device, engine_test};

    fn tensor(values: &[f32], shape: &[usize]) -> Tensor {
        Tensor::from_vec(values.to_vec(), shape, Device::Cpu).unwrap()
    }

    engine_test! {
        async fn mse_is_the_mean_of_squares() {
            let loss = mse(&tensor(&[1.0, 2.0, 3.0, 4.0], &[2, 2]), &tensor(&[0.0, 2.0, 5.0, 4.0], &[2, 2])).unwrap();
            assert_eq!(loss.to_scalar().await.unwrap(), (1.0 + 0.0 + 4.0 + 0.0) / 4.0);
            let err = mse(&tensor(&[1.0, 2.0], &[2]), &tensor(&[1.0], &[1])).unwrap_err();
            assert!(err.to_string().contains("same shape"), "{err}");
        }
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
        async fn cross_entropy_rejects_bad_classes() {
            let logits = tensor(&[1.0, 2.0], &[1, 2]);
            let err = softmax_cross_entropy(&logits, &tensor(&[2.0], &[1])).unwrap_err();
            assert!(err.to_string().contains("index 2 is out of range 0..2"), "{err}");
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let logits = tensor(&[0.3, -1.2, 0.8, 1.5, 0.1, -0.4], &[2, 3]);
            let classes = tensor(&[1.0, 0.0], &[2]);
            let ce = GradCheck::default().check(|v| softmax_cross_entropy(&v[0], &classes), std::slice::from_ref(&logits)).await;
            assert!(ce.is_ok(), "{ce:?}");
            let target = tensor(&[0.5, 0.5, 0.0, 1.0, -1.0, 0.2], &[2, 3]);
            let squared = GradCheck::default().check(|v| mse(&v[0], &target), &[logits]).await;
            assert!(squared.is_ok(), "{squared:?}");
        }
    }
}
