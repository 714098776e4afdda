//! Binary cross-entropy on logits (`torch.nn.BCEWithLogitsLoss`), in a form that stays
//! finite for any logit.

use super::require_same_shape;
use nnplay_tensor::{BinaryOp, Result, Tensor};

/// Mean of `log(1 + eˣ) − x·y` over every element: binary cross-entropy of `sigmoid(x)`
/// against targets `y` in [0, 1] (soft targets allowed), without forming `sigmoid(x)`.
pub fn binary_cross_entropy_with_logits(logits: &Tensor, targets: &Tensor) -> Result<Tensor> {
    require_same_shape("binary_cross_entropy_with_logits", logits, targets)?;
    Ok(softplus(logits)?.sub(&logits.mul(targets)?)?.mean_all())
}

/// `log(1 + eˣ)`, as `x + log(1 + e⁻ˣ)` for `x ≥ 0` so `exp` never overflows.
///
/// Each branch is fed only the inputs it is chosen for (0 elsewhere): an overflowing unused
/// branch would put `0 · inf = NaN` into the gradient. Writing it with `relu` and `|x|`
/// instead would give a wrong gradient at exactly `x = 0`, where those kinks meet.
fn softplus(x: &Tensor) -> Result<Tensor> {
    let non_negative = x.with_scalar(BinaryOp::GreaterEqual, 0.0);
    let zero = Tensor::scalar(0.0, x.device());
    let upper_input = Tensor::select(&non_negative, x, &zero)?;
    let lower_input = Tensor::select(&non_negative, &zero, x)?;
    let upper = upper_input.add(&upper_input.neg().exp().add_scalar(1.0).log())?;
    let lower = lower_input.exp().add_scalar(1.0).log();
    Tensor::select(&non_negative, &upper, &lower)
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
        async fn matches_the_definition() {
            let logits = [-2.0f32, 0.0, 0.5, 3.0];
            let targets = [0.0f32, 1.0, 0.3, 1.0];
            let expected: f32 = logits
                .iter()
                .zip(&targets)
                .map(|(x, y)| {
                    let p = 1.0 / (1.0 + (-x).exp());
                    -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
                })
                .sum::<f32>()
                / 4.0;
            let loss = binary_cross_entropy_with_logits(&tensor(&logits, &[4]), &tensor(&targets, &[4])).unwrap();
            assert_close(&[loss.to_scalar().await.unwrap()], &[expected], 1e-6, 1e-7);
        }
    }

    engine_test! {
        async fn huge_logits_give_finite_loss_and_gradients() {
            let logits = tensor(&[1000.0, -1000.0, 1000.0, -1000.0, 0.0], &[5]).variable();
            let targets = tensor(&[1.0, 0.0, 0.0, 1.0, 1.0], &[5]);
            let loss = binary_cross_entropy_with_logits(&logits, &targets).unwrap();
            // Two right (0), two wrong by 1000, one at even odds (log 2).
            assert_close(&[loss.to_scalar().await.unwrap()], &[(2000.0 + 2f32.ln()) / 5.0], 1e-6, 0.0);
            let gradient = loss.backward().unwrap().get(&logits).unwrap().to_vec().await.unwrap();
            // sigmoid(x) − y, over 5; at x = 0 the kink-free form gives exactly 0.5 − 1.
            assert_close(&gradient, &[0.0, 0.0, 0.2, -0.2, -0.1], 1e-6, 1e-7);
        }
    }

    engine_test! {
        async fn shape_mismatch_names_both_shapes() {
            let err = binary_cross_entropy_with_logits(&tensor(&[0.0; 6], &[2, 3]), &tensor(&[0.0; 3], &[3]));
            let message = err.unwrap_err().to_string();
            assert!(message.contains("[2, 3]") && message.contains("[3]"), "{message}");
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let logits = tensor(&[0.3, -1.2, 0.8, 1.5, 0.1, -2.4], &[2, 3]);
            let targets = tensor(&[1.0, 0.0, 0.2, 1.0, 0.0, 0.7], &[2, 3]);
            let result = GradCheck::default()
                .check(|v| binary_cross_entropy_with_logits(&v[0], &targets), std::slice::from_ref(&logits))
                .await;
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
