//! Regression losses: squared, absolute and Huber error, averaged over every element
//! (`reduction='mean'`).

use super::require_same_shape;
use nnplay_tensor::{BinaryOp, Result, Tensor, TensorError};

/// `torch.nn.HuberLoss`'s default `delta`.
pub const DEFAULT_HUBER_DELTA: f32 = 1.0;

/// Mean squared error over every element (`torch.nn.MSELoss`).
pub fn mse(prediction: &Tensor, target: &Tensor) -> Result<Tensor> {
    require_same_shape("mse", prediction, target)?;
    Ok(prediction.sub(target)?.square().mean_all())
}

/// Mean absolute error over every element (`torch.nn.L1Loss`); the gradient at a zero
/// difference is 0, as in torch.
pub fn l1(prediction: &Tensor, target: &Tensor) -> Result<Tensor> {
    require_same_shape("l1", prediction, target)?;
    Ok(prediction.sub(target)?.abs().mean_all())
}

/// Huber loss (`torch.nn.HuberLoss(delta)`): `0.5·d²` where `|d| < delta`, else
/// `delta·(|d| − 0.5·delta)`, averaged over every element. `delta` must be positive.
pub fn huber(prediction: &Tensor, target: &Tensor, delta: f32) -> Result<Tensor> {
    require_same_shape("huber", prediction, target)?;
    if !(delta > 0.0 && delta.is_finite()) {
        return Err(TensorError::Invalid {
            op: "huber",
            shape: prediction.shape().clone(),
            reason: format!("delta is {delta}; it must be a positive number such as {DEFAULT_HUBER_DELTA}"),
        });
    }
    let difference = prediction.sub(target)?;
    let size = difference.abs();
    // Squaring the signed difference (not |d|) keeps the gradient right at d = 0.
    let quadratic = difference.square().mul_scalar(0.5);
    let linear = size.add_scalar(-0.5 * delta).mul_scalar(delta);
    Ok(Tensor::select(&size.with_scalar(BinaryOp::GreaterEqual, delta), &linear, &quadratic)?.mean_all())
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
        }
    }

    engine_test! {
        async fn l1_and_huber_match_hand_computed_values() {
            let prediction = tensor(&[1.0, 2.0, 3.0, 4.0], &[4]);
            let target = tensor(&[0.0, 2.5, 5.0, 4.0], &[4]);
            assert_eq!(l1(&prediction, &target).unwrap().to_scalar().await.unwrap(), (1.0 + 0.5 + 2.0) / 4.0);
            // delta 1: |d| = 1 and 2 are linear (0.5, 1.5), 0.5 is quadratic (0.125).
            let loss = huber(&prediction, &target, 1.0).unwrap().to_scalar().await.unwrap();
            assert_eq!(loss, (0.5 + 0.125 + 1.5) / 4.0);
        }
    }

    engine_test! {
        async fn shape_mismatches_and_bad_delta_are_errors() {
            let (a, b) = (tensor(&[1.0, 2.0], &[2]), tensor(&[1.0], &[1]));
            for err in [mse(&a, &b).unwrap_err(), l1(&a, &b).unwrap_err(), huber(&a, &b, 1.0).unwrap_err()] {
                let message = err.to_string();
                assert!(message.contains("[2]") && message.contains("[1]") && message.contains("same shape"), "{message}");
            }
            let message = huber(&a, &a, 0.0).unwrap_err().to_string();
            assert!(message.contains("delta is 0"), "{message}");
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let prediction = tensor(&[0.3, -1.2, 0.8, 1.5, 0.1, -0.4], &[2, 3]);
            let target = tensor(&[0.5, 0.5, 0.0, 1.0, -1.0, 0.2], &[2, 3]);
            let input = std::slice::from_ref(&prediction);
            let checks = [
                ("mse", GradCheck::default().check(|v| mse(&v[0], &target), input).await),
                ("l1", GradCheck::default().check(|v| l1(&v[0], &target), input).await),
                ("huber", GradCheck::default().check(|v| huber(&v[0], &target, 0.7), input).await),
            ];
            for (name, result) in checks {
                assert!(result.is_ok(), "{name}: {result:?}");
            }
        }
    }
}
