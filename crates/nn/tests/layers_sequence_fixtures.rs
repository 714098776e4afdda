//! RNN, GRU, LSTM and multi-head self-attention against `torch.nn.RNN/GRU/LSTM` and
//! `torch.nn.MultiheadAttention` (fixtures from `scripts/golden/layers_sequence.py`):
//! outputs, attention weights, gradients w.r.t. the input and every parameter (found by
//! its state_dict key), and a finite-difference check of every gradient.

mod common;

use common::{Case, Fixture, assert_matches};
use nnplay_nn::layers::attention::{AttentionConfig, MultiHeadAttention};
use nnplay_nn::layers::gru::{Gru, GruConfig};
use nnplay_nn::layers::lstm::{Lstm, LstmConfig};
use nnplay_nn::layers::rnn::{Rnn, RnnConfig};
use nnplay_nn::{Context, Layer, ParamStore};
use nnplay_tensor::gradcheck::GradCheck;
use nnplay_tensor::{Device, engine_test};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/layers_sequence.json");

/// Parameter names in the store start with the layer's name and a dot; the fixture uses
/// the module's own state_dict keys.
const NAME: &str = "layer";

/// Builds the case's layer (its settings come from the fixture's JSON through serde) with
/// the fixture's parameter values, checking the names and shapes agree with PyTorch's.
fn build(case: &Case) -> (Box<dyn Layer>, ParamStore) {
    let input_shape = [case.number("time") as usize, case.number("features") as usize];
    let settings = case.config["layer"].clone();
    let mut store = ParamStore::new();
    let (store_ref, seed, stream, device) = (&mut store, 3, 0, Device::Cpu);
    let layer: Box<dyn Layer> = match case.config["kind"].as_str().expect("kind") {
        "rnn" => {
            let config: RnnConfig = serde_json::from_value(settings).unwrap();
            Box::new(Rnn::new(store_ref, NAME, &input_shape, config, seed, stream, device).unwrap())
        }
        "gru" => {
            let config: GruConfig = serde_json::from_value(settings).unwrap();
            Box::new(Gru::new(store_ref, NAME, &input_shape, config, seed, stream, device).unwrap())
        }
        "lstm" => {
            let config: LstmConfig = serde_json::from_value(settings).unwrap();
            Box::new(Lstm::new(store_ref, NAME, &input_shape, config, seed, stream, device).unwrap())
        }
        "attention" => {
            let config: AttentionConfig = serde_json::from_value(settings).unwrap();
            Box::new(MultiHeadAttention::new(store_ref, NAME, &input_shape, config, seed, stream, device).unwrap())
        }
        other => panic!("unknown kind {other}"),
    };
    load_parameters(case, &mut store);
    (layer, store)
}

/// Every parameter's key without the layer's name (`weight_ih_l0`, `out_proj.weight`).
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
    assert_eq!(&y.dims()[1..], layer.output_shape(), "{name}: declared output shape");
    let mut worst = assert_matches(&format!("{name} y"), &y, case.data("y")).await;
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
        // ReLU has a kink at 0 that central differences may straddle; the fixture covers it.
        if !name.contains("relu") {
            gradients_match_finite_differences(name, case, layer.as_ref(), &store).await;
        }
    }
    worst
}

engine_test! {
    async fn rnn_matches_pytorch() {
        let worst = check_cases(&["rnn_tanh_sequence", "rnn_tanh_last", "rnn_relu_sequence"]).await;
        println!("layers_sequence rnn: worst relative error against PyTorch {worst:e}");
    }
}

engine_test! {
    async fn gru_matches_pytorch() {
        let worst = check_cases(&["gru_sequence", "gru_last", "gru_two_layers_last"]).await;
        println!("layers_sequence gru: worst relative error against PyTorch {worst:e}");
    }
}

engine_test! {
    async fn lstm_matches_pytorch() {
        let worst = check_cases(&["lstm_sequence", "lstm_last", "lstm_two_layers_sequence"]).await;
        println!("layers_sequence lstm: worst relative error against PyTorch {worst:e}");
    }
}

engine_test! {
    async fn attention_matches_pytorch() {
        let mut worst = check_cases(&["attention", "attention_causal"]).await;
        // The per-head weights, as `need_weights=True, average_attn_weights=False` gives them.
        let fixture = Fixture::parse(FIXTURE);
        for name in ["attention", "attention_causal"] {
            let case = fixture.case(name);
            let input_shape = [case.number("time") as usize, case.number("features") as usize];
            let config: AttentionConfig = serde_json::from_value(case.config["layer"].clone()).unwrap();
            let mut store = ParamStore::new();
            let layer = MultiHeadAttention::new(&mut store, NAME, &input_shape, config, 3, 0, Device::Cpu).unwrap();
            load_parameters(case, &mut store);
            let (_, weights) = layer.forward_with_weights(&store, &case.tensor("x")).unwrap();
            let label = format!("{name} attention_weights");
            worst = worst.max(assert_matches(&label, &weights, case.data("attention_weights")).await);
        }
        println!("layers_sequence attention: worst relative error against PyTorch {worst:e} (torch {})",
            fixture.torch_version);
    }
}

engine_test! {
    async fn detached_parameters_record_no_graph() {
        // Evaluation through `ParamStore::detached` must not build a graph over time.
        let fixture = Fixture::parse(FIXTURE);
        let (layer, store) = build(fixture.case("lstm_last"));
        let y = layer.forward(&store.detached(), &fixture.case("lstm_last").tensor("x"), &mut Context::eval()).unwrap();
        assert!(!y.is_tracked());
    }
}
