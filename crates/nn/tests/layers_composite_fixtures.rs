//! The Transformer block and the residual connection against the same compositions of
//! PyTorch modules (fixtures from `scripts/golden/layers_composite.py`): outputs,
//! gradients w.r.t. the input and every parameter (found by its state_dict key), and a
//! finite-difference check of every gradient. Layers are built from their JSON spec
//! through `LayerSpec::build`, as a `ModelSpec` builds them.

mod common;

use common::layer_case::{
    gradients_match_finite_differences, load_parameters, matches_pytorch, training_output_matches,
};
use common::{Case, Fixture};
use nnplay_nn::spec::Site;
use nnplay_nn::{Layer, LayerSpec, ParamStore};
use nnplay_tensor::engine_test;

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
    let site = Site { path: "layers[0]", name: NAME, seed: 3, stream: 0, device: common::device() };
    let layer = spec.build(&input, &mut store, &site).expect("spec builds");
    assert_eq!(layer.output_shape(), input.as_slice(), "composite layers keep the shape");
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
        // Dropout 0 must be the identity in training too.
        worst = worst.max(training_output_matches(name, case, layer.as_ref(), &store).await);
        gradients_match_finite_differences(name, case, layer.as_ref(), &store).await;
    }
    worst
}

engine_test! {
    async fn transformer_block_matches_pytorch() {
        common::on_every_device(async || {
            let worst = check_cases(&["transformer_block", "transformer_block_causal"]).await;
            println!("layers_composite transformer_block: worst relative error against PyTorch {worst:e}");
        })
        .await;
    }
}

engine_test! {
    async fn residual_matches_pytorch() {
        common::on_every_device(async || {
            let worst = check_cases(&["residual_dense_tanh"]).await;
            println!("layers_composite residual: worst relative error against PyTorch {worst:e}");
        })
        .await;
    }
}
