//! L1 and L2 penalties on the weights (not the biases), added to the loss.
//!
//! L2 is `λ/2 · Σw²`, so its gradient is `λ·w`: the same as PyTorch's `weight_decay`
//! for SGD and as TensorFlow Playground's L2. L1 is `λ · Σ|w|`.

use crate::ParamStore;
use nnplay_tensor::{Result, Tensor};

/// The penalty for the current weights, or `None` when both rates are zero.
pub fn penalty(store: &ParamStore, l1: f32, l2: f32) -> Result<Option<Tensor>> {
    let mut total: Option<Tensor> = None;
    for param in store.params().iter().filter(|p| p.regularize) {
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
        async fn penalises_weights_only_with_the_right_gradient() {
            let mut store = ParamStore::new();
            store.add("w", Tensor::from_vec(vec![1.0, -2.0, 0.5], [3], Device::Cpu).unwrap(), true);
            store.add("b", Tensor::from_vec(vec![10.0], [1], Device::Cpu).unwrap(), false);
            assert!(penalty(&store, 0.0, 0.0).unwrap().is_none());

            let p = penalty(&store, 0.1, 0.2).unwrap().unwrap();
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
