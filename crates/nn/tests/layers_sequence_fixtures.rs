//! RNN, GRU, LSTM and multi-head self-attention against `torch.nn.RNN/GRU/LSTM` and
//! `torch.nn.MultiheadAttention` (fixtures from `scripts/golden/layers_sequence.py`):
//! outputs, attention weights, gradients w.r.t. the input and every parameter (found by
//! its state_dict key), and a finite-difference check of every gradient.

mod common;

use common::layer_case::{gradients_match_finite_differences, load_parameters, matches_pytorch};
use common::{Case, Fixture, assert_matches};
use nnplay_nn::layers::attention::{AttentionConfig, MultiHeadAttention};
use nnplay_nn::layers::gru::{Gru, GruConfig};
use nnplay_nn::layers::lstm::{Lstm, LstmConfig};
use nnplay_nn::layers::rnn::{Rnn, RnnConfig};
use nnplay_nn::{Context, Layer, ParamStore};
use nnplay_tensor::engine_test;

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
    let (store_ref, seed, stream, device) = (&mut store, 3, 0, common::device());
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
    load_parameters(case, &mut store, NAME);
    (layer, store)
}

async fn check_cases(names: &[&str]) -> f32 {
    let fixture = Fixture::parse(FIXTURE);
    let mut worst = 0.0f32;
    for &name in names {
        let case = fixture.case(name);
        let (layer, store) = build(case);
        worst = worst.max(matches_pytorch(name, case, layer.as_ref(), &store, NAME).await);
        // ReLU has a kink at 0 that central differences may straddle; the fixture covers it.
        if !name.contains("relu") {
            gradients_match_finite_differences(name, case, layer.as_ref(), &store).await;
        }
    }
    worst
}

engine_test! {
    async fn rnn_matches_pytorch() {
        common::on_every_device(async || {
            let worst = check_cases(&["rnn_tanh_sequence", "rnn_tanh_last", "rnn_relu_sequence"]).await;
            println!("layers_sequence rnn: worst relative error against PyTorch {worst:e}");
        })
        .await;
    }
}

engine_test! {
    async fn gru_matches_pytorch() {
        common::on_every_device(async || {
            let worst = check_cases(&["gru_sequence", "gru_last", "gru_two_layers_last"]).await;
            println!("layers_sequence gru: worst relative error against PyTorch {worst:e}");
        })
        .await;
    }
}

engine_test! {
    async fn lstm_matches_pytorch() {
        common::on_every_device(async || {
            let worst = check_cases(&["lstm_sequence", "lstm_last", "lstm_two_layers_sequence"]).await;
            println!("layers_sequence lstm: worst relative error against PyTorch {worst:e}");
        })
        .await;
    }
}

engine_test! {
    async fn attention_matches_pytorch() {
        common::on_every_device(async || {
            let mut worst = check_cases(&["attention", "attention_causal"]).await;
            // The per-head weights, as `need_weights=True, average_attn_weights=False` gives them.
            let fixture = Fixture::parse(FIXTURE);
            for name in ["attention", "attention_causal"] {
                let case = fixture.case(name);
                let input_shape = [case.number("time") as usize, case.number("features") as usize];
                let config: AttentionConfig = serde_json::from_value(case.config["layer"].clone()).unwrap();
                let mut store = ParamStore::new();
                let layer = MultiHeadAttention::new(&mut store, NAME, &input_shape, config, 3, 0, common::device()).unwrap();
                load_parameters(case, &mut store, NAME);
                let (_, weights) = layer.forward_with_weights(&store, &case.tensor("x")).unwrap();
                let label = format!("{name} attention_weights");
                worst = worst.max(assert_matches(&label, &weights, case.data("attention_weights")).await);
            }
            println!("layers_sequence attention: worst relative error against PyTorch {worst:e} (torch {})",
                fixture.torch_version);
        })
        .await;
    }
}

engine_test! {
    async fn detached_parameters_record_no_graph() {
        common::on_every_device(async || {
            // Evaluation through `ParamStore::detached` must not build a graph over time.
            let fixture = Fixture::parse(FIXTURE);
            let (layer, store) = build(fixture.case("lstm_last"));
            let y = layer.forward(&store.detached(), &fixture.case("lstm_last").tensor("x"), &mut Context::eval()).unwrap();
            assert!(!y.is_tracked());
        })
        .await;
    }
}
