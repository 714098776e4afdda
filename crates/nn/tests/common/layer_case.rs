//! Checking one layer against a PyTorch fixture case whose tensors are `x`, `y`,
//! `output_weights`, `grad_x`, and each parameter by its state_dict key with its
//! `grad_<key>`. Store names are `<prefix>.<state_dict key>`, `prefix` being the name the
//! test gave the layer.

use super::{Case, assert_matches};
use nnplay_nn::{Context, Layer, ParamStore};
use nnplay_tensor::gradcheck::GradCheck;

/// Every parameter's key without the layer's name (`weight_ih_l0`, `norm1.weight`), in
/// store order.
pub fn torch_keys(store: &ParamStore, prefix: &str) -> Vec<String> {
    let prefix = format!("{prefix}.");
    store.params().iter().map(|p| p.name.strip_prefix(&prefix).expect("named after the layer").to_string()).collect()
}

/// Sets every parameter to the fixture's value for its key, checking the names match the
/// ones PyTorch has gradients for and the shapes agree.
pub fn load_parameters(case: &Case, store: &mut ParamStore, prefix: &str) {
    let keys = torch_keys(store, prefix);
    let mut fixture_keys: Vec<&str> =
        case.tensors.keys().filter_map(|k| k.strip_prefix("grad_")).filter(|k| *k != "x").collect();
    let mut ours: Vec<&str> = keys.iter().map(String::as_str).collect();
    fixture_keys.sort();
    ours.sort();
    assert_eq!(ours, fixture_keys, "parameter names differ from PyTorch's state_dict");
    for (index, key) in keys.iter().enumerate() {
        let value = case.tensor(key);
        assert_eq!(store.params()[index].value.dims(), value.dims(), "{key}: shape");
        store.set(index, &value);
    }
}

/// Compares the output (and its declared shape) and the gradients of the loss weighted by
/// `output_weights` w.r.t. the input and every parameter with PyTorch; returns the worst
/// relative error.
pub async fn matches_pytorch(name: &str, case: &Case, layer: &dyn Layer, store: &ParamStore, prefix: &str) -> f32 {
    let x = case.tensor("x").variable();
    let y = layer.forward(store, &x, &mut Context::eval()).unwrap();
    assert_eq!(&y.dims()[1..], layer.output_shape(), "{name}: declared output shape");
    let mut worst = assert_matches(&format!("{name} y"), &y, case.data("y")).await;
    let grads = y.mul(&case.tensor("output_weights")).unwrap().sum_all().backward().unwrap();
    let grad_x = grads.get(&x).unwrap_or_else(|| panic!("{name}: no grad_x"));
    worst = worst.max(assert_matches(&format!("{name} grad_x"), grad_x, case.data("grad_x")).await);
    for (param, key) in store.params().iter().zip(torch_keys(store, prefix)) {
        let label = format!("grad_{key}");
        let grad = grads.get(&param.value).unwrap_or_else(|| panic!("{name}: no {label}"));
        worst = worst.max(assert_matches(&format!("{name} {label}"), grad, case.data(&label)).await);
    }
    worst
}

/// For layers built with dropout 0: the output in training mode must equal PyTorch's
/// (evaluation) `y`, since dropout 0 is the identity in training too. Returns the worst
/// relative error.
pub async fn training_output_matches(name: &str, case: &Case, layer: &dyn Layer, store: &ParamStore) -> f32 {
    let y_train = layer.forward(store, &case.tensor("x"), &mut Context::train(11, 5)).unwrap();
    assert_matches(&format!("{name} y (training)"), &y_train, case.data("y")).await
}

/// Autodiff against central differences for the input and every parameter. On the CPU
/// only: autodiff's rules do not depend on the backend, the GPU's gradients are compared
/// with PyTorch's directly (`matches_pytorch`), and thousands of perturbed forward passes,
/// each read back, take minutes on a software GPU.
pub async fn gradients_match_finite_differences(name: &str, case: &Case, layer: &dyn Layer, store: &ParamStore) {
    if super::device() != nnplay_tensor::Device::Cpu {
        return;
    }
    let mut inputs = vec![case.tensor("x")];
    inputs.extend(store.params().iter().map(|p| p.value.detach()));
    let check = GradCheck::default()
        .check(
            |v| {
                let mut local = store.clone();
                for (index, value) in v[1..].iter().enumerate() {
                    local.set(index, value);
                }
                layer.forward(&local, &v[0], &mut Context::eval())
            },
            &inputs,
        )
        .await;
    assert!(check.is_ok(), "{name}: {check:?}");
}
