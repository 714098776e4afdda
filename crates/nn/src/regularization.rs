//! L1 and L2 penalties added to the loss, on the weights (not biases or norms) or on
//! parameters chosen by name.
//!
//! L2 is `λ/2 · Σw²`, so its gradient is `λ·w`: the same as PyTorch's `weight_decay`
//! for SGD and as TensorFlow Playground's L2. L1 is `λ · Σ|w|`. These are part of the
//! loss, unlike AdamW's decoupled decay, which the optimizer applies to the weights.

use crate::{Param, ParamStore};
use nnplay_tensor::{Result, Tensor};
use serde::{Deserialize, Serialize};

/// Penalty rates and the parameters they apply to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regularization {
    /// L1 rate: `l1 · Σ|w|`.
    #[serde(default)]
    pub l1: f32,
    /// L2 rate: `l2/2 · Σw²`.
    #[serde(default)]
    pub l2: f32,
    /// Parameter-name prefixes to penalise (`"layers.0."`, `"layers.2.weight"`); empty
    /// means every weight matrix and kernel, which is the usual choice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<String>,
}

impl Regularization {
    /// Whether `param` is penalised.
    pub fn applies_to(&self, param: &Param) -> bool {
        if self.parameters.is_empty() {
            param.regularize
        } else {
            param.trainable && self.parameters.iter().any(|prefix| param.name.starts_with(prefix.as_str()))
        }
    }

    /// The penalty for the current values, or `None` when both rates are zero.
    pub fn penalty(&self, store: &ParamStore) -> Result<Option<Tensor>> {
        let chosen: Vec<&Param> = store.params().iter().filter(|p| self.applies_to(p)).collect();
        terms(&chosen, self.l1, self.l2)
    }

    /// Checks the rates, and that every named prefix matches a parameter of `store`.
    pub fn validate(&self, store: &ParamStore) -> std::result::Result<(), String> {
        for (name, rate) in [("l1", self.l1), ("l2", self.l2)] {
            if !(rate.is_finite() && (0.0..=1.0).contains(&rate)) {
                return Err(format!("{name} is {rate}; use 0 to 1"));
            }
        }
        for prefix in &self.parameters {
            if !store.params().iter().any(|p| p.trainable && p.name.starts_with(prefix.as_str())) {
                let names: Vec<&str> = store.params().iter().filter(|p| p.trainable).map(|p| p.name.as_str()).collect();
                return Err(format!("no parameter is named {prefix:?}…; the model has {}", names.join(", ")));
            }
        }
        Ok(())
    }
}

fn terms(params: &[&Param], l1: f32, l2: f32) -> Result<Option<Tensor>> {
    let mut total: Option<Tensor> = None;
    for param in params {
        let mut terms = Vec::new();
        if l1 > 0.0 {
            terms.push(param.value.abs().sum_all().mul_scalar(l1));
        }
        if l2 > 0.0 {
            terms.push(param.value.square().sum_all().mul_scalar(0.5 * l2));
        }
        for term in terms {
            total = Some(match total {
                Some(t) => t.add(&term)?,
                None => term,
            });
        }
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{Device, engine_test, testing::assert_close};

    engine_test! {
        async fn chosen_parameters_are_penalised_by_name() {
            let mut store = ParamStore::new();
            store.add("layers.0.weight", Tensor::from_vec(vec![1.0, -2.0], [2], Device::Cpu).unwrap(), true);
            store.add("layers.2.weight", Tensor::from_vec(vec![3.0], [1], Device::Cpu).unwrap(), true);
            store.add("layers.2.bias", Tensor::from_vec(vec![4.0], [1], Device::Cpu).unwrap(), false);
            let chosen = Regularization { l1: 1.0, l2: 0.0, parameters: vec!["layers.2.".into()] };
            chosen.validate(&store).unwrap();
            // |3| + |4|: the bias counts once it is named.
            assert_eq!(chosen.penalty(&store).unwrap().unwrap().to_scalar().await.unwrap(), 7.0);
            let missing = Regularization { l1: 1.0, l2: 0.0, parameters: vec!["layers.9".into()] };
            let err = missing.validate(&store).unwrap_err();
            assert!(err.starts_with("no parameter is named \"layers.9\"…; the model has layers.0.weight"), "{err}");
        }
    }

    engine_test! {
        async fn penalises_weights_only_with_the_right_gradient() {
            let mut store = ParamStore::new();
            store.add("w", Tensor::from_vec(vec![1.0, -2.0, 0.5], [3], Device::Cpu).unwrap(), true);
            store.add("b", Tensor::from_vec(vec![10.0], [1], Device::Cpu).unwrap(), false);
            let rates = |l1, l2| Regularization { l1, l2, parameters: Vec::new() };
            assert!(rates(0.0, 0.0).penalty(&store).unwrap().is_none());

            let p = rates(0.1, 0.2).penalty(&store).unwrap().unwrap();
            // 0.1·3.5 + 0.1·(1 + 4 + 0.25)
            assert!((p.to_scalar().await.unwrap() - (0.35 + 0.525)).abs() < 1e-6);
            let grads = p.backward().unwrap();
            let gw = grads.get(&store.params()[0].value).unwrap().to_vec().await.unwrap();
            // λ1·sign(w) + λ2·w
            assert_close(&gw, &[0.1 + 0.2, -0.1 - 0.4, 0.1 + 0.1], 1e-6, 1e-6);
            assert!(grads.get(&store.params()[1].value).is_none());
        }
    }
}
