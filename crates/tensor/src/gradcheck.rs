//! Finite-difference gradient checking, shared by the tests of every crate that builds
//! on tensors (ops here, layers and losses in `nn`).

use crate::{Distribution, Result, Tensor};

/// Step and tolerances of a check: analytic and numeric gradients must satisfy
/// `|a - n| <= abs + rel * max(|a|, |n|)`.
#[derive(Debug, Clone, Copy)]
pub struct GradCheck {
    /// Central-difference step.
    pub eps: f32,
    /// Relative tolerance.
    pub rel: f32,
    /// Absolute tolerance.
    pub abs: f32,
}

impl Default for GradCheck {
    /// Tolerances that suit f32 with a step of 1e-3 on smooth functions of O(1) values.
    fn default() -> Self {
        GradCheck { eps: 1e-3, rel: 2e-2, abs: 2e-3 }
    }
}

impl GradCheck {
    /// Compares the autodiff gradient of `f` at `inputs` with central differences.
    ///
    /// The output is reduced with fixed random weights rather than a plain sum, so the
    /// gradient arriving at `f`'s output is not all ones (which would hide transposes
    /// and broadcasting mistakes). Returns a description of the first mismatch.
    pub async fn check<F>(&self, f: F, inputs: &[Tensor]) -> std::result::Result<(), String>
    where
        F: Fn(&[Tensor]) -> Result<Tensor>,
    {
        let fail = |e: crate::TensorError| e.to_string();
        let variables: Vec<Tensor> = inputs.iter().map(Tensor::variable).collect();
        let output = f(&variables).map_err(fail)?;
        let weights = Tensor::random(
            Distribution::Uniform { low: 0.5, high: 1.5 },
            99,
            0,
            output.shape().clone(),
            output.device(),
        );
        let loss = output.mul(&weights).map_err(fail)?.sum_all();
        let grads = loss.backward().map_err(fail)?;
        let weight_values = weights.to_vec().await.map_err(fail)?;

        for (i, input) in inputs.iter().enumerate() {
            let analytic = match grads.get(&variables[i]) {
                Some(g) => g.to_vec().await.map_err(fail)?,
                None => vec![0.0; input.elem_count()],
            };
            let base = input.to_vec().await.map_err(fail)?;
            for j in 0..base.len() {
                let shifted = |delta: f32| {
                    let mut values = base.clone();
                    values[j] += delta;
                    let mut moved: Vec<Tensor> = inputs.to_vec();
                    moved[i] = Tensor::from_vec(values, input.shape().clone(), input.device())?;
                    f(&moved)
                };
                let plus = shifted(self.eps).map_err(fail)?.to_vec().await.map_err(fail)?;
                let minus = shifted(-self.eps).map_err(fail)?.to_vec().await.map_err(fail)?;
                // Sum in f64 so rounding in the reduction does not swamp the difference.
                let diff: f64 = plus
                    .iter()
                    .zip(&minus)
                    .zip(&weight_values)
                    .map(|((p, m), w)| (*p as f64 - *m as f64) * *w as f64)
                    .sum();
                let numeric = (diff / (2.0 * self.eps as f64)) as f32;
                let a = analytic[j];
                let tolerance = self.abs + self.rel * a.abs().max(numeric.abs());
                if (a - numeric).abs() > tolerance || !a.is_finite() {
                    return Err(format!(
                        "input {i} element {j}: autodiff gives {a}, finite differences give {numeric}"
                    ));
                }
            }
        }
        Ok(())
    }
}
