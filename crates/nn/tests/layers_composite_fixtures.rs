//! The Transformer block and the residual connection against the same compositions of
//! PyTorch modules (fixtures from `scripts/golden/layers_composite.py`): outputs,
//! gradients w.r.t. the input and every parameter (found by its state_dict key), and a
//! finite-difference check of every gradient. Layers are built from their JSON spec
//! through `LayerSpec::build`, as a `ModelSpec` builds them.

mod common;

use common::{Case, Fixture, assert_matches};
use nnplay_nn::spec::Site;
use nnplay_nn::{Context, Layer, LayerSpec, ParamStore};
use nnplay_tensor::gradcheck::GradCheck;
use nnplay_tensor::{Device, engine_test};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/layers_composite.json");

/// Parameter names in the store start with the layer's name and a dot; the fixture uses
/// the PyTorch module's own state_dict keys.
const NAME: &str = "block";

/// Builds the case's layer from its spec with the fixture's parameter values, checking the
/// names and shapes agree with PyTorch's.
fn build(case: &Case) -> (Box<dyn Layer>, ParamStore) {
    let spec: LayerSpec = serde_json::from_value(case.config["spec"].clone()).expect("spec parses");
    let input: Vec<usize> = serde_json::from_value(case.config["input"].clone()).expect("input shape");
    let mut store = ParamStore::new();
    let site = Site { path: "layers[0]", name: NAME, seed: 3, stream: 0, device: Device::Cpu };
    let layer = spec.build(&input, &mut store, &site).expect("spec builds");
    assert_eq!(layer.output_shape(), input.as_slice(), "composite layers keep the shape");
    load_parameters(case, &mut store);
    (layer, store)
}

/// Every parameter's key without the layer's name (`norm1.weight`, `mlp.0.bias`).
fn torch_keys(store: &ParamStore) -> Vec<String> {
    let prefix = format!("{NAME}.");
    store.params().iter().map(|p| p.name.strip_prefix(&prefix).expect("named after the layer").to_string()).collect()
}

fn load_parameters(case: &Case, store: &mut ParamStore) {
    let keys = torch_keys(store);
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

/// Compares output and gradients with PyTorch; returns the worst relative error.
async fn matches_pytorch(name: &str, case: &Case, layer: &dyn Layer, store: &ParamStore) -> f32 {
    let x = case.tensor("x").variable();
    let y = layer.forward(store, &x, &mut Context::eval()).unwrap();
    let mut worst = assert_matches(&format!("{name} y"), &y, case.data("y")).await;
    // Dropout 0 must be the identity in training too.
    let y_train = layer.forward(store, &case.tensor("x"), &mut Context::train(11, 5)).unwrap();
    worst = worst.max(assert_matches(&format!("{name} y (training)"), &y_train, case.data("y")).await);
    let grads = y.mul(&case.tensor("output_weights")).unwrap().sum_all().backward().unwrap();
    let grad_x = grads.get(&x).unwrap_or_else(|| panic!("{name}: no grad_x"));
    worst = worst.max(assert_matches(&format!("{name} grad_x"), grad_x, case.data("grad_x")).await);
    for (param, key) in store.params().iter().zip(torch_keys(store)) {
        let label = format!("grad_{key}");
        let grad = grads.get(&param.value).unwrap_or_else(|| panic!("{name}: no {label}"));
        worst = worst.max(assert_matches(&format!("{name} {label}"), grad, case.data(&label)).await);
    }
    worst
}

/// Autodiff against central differences for the input and every parameter.
async fn gradients_match_finite_differences(name: &str, case: &Case, layer: &dyn Layer, store: &ParamStore) {
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

async fn check_cases(names: &[&str]) -> f32 {
    let fixture = Fixture::parse(FIXTURE);
    let mut worst = 0.0f32;
    for &name in names {
        let case = fixture.case(name);
        let (layer, store) = build(case);
        worst = worst.max(matches_pytorch(name, case, layer.as_ref(), &store).await);
        gradients_match_finite_differences(name, case, layer.as_ref(), &store).await;
    }
    worst
}

engine_test! {
    async fn transformer_block_matches_pytorch() {
        let worst = check_cases(&["transformer_block", "transformer_block_causal"]).await;
        println!("layers_composite transformer_block: worst relative error against PyTorch {worst:e}");
    }
}

engine_test! {
    async fn residual_matches_pytorch() {
        let worst = check_cases(&["residual_dense_tanh"]).await;
        println!("layers_composite residual: worst relative error against PyTorch {worst:e}");
    }
}
