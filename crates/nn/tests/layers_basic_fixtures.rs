//! Convolution, pooling, normalisation, embedding, positional and dropout layers against
//! PyTorch (fixtures from `scripts/golden/layers_basic_*.py`): outputs, gradients w.r.t.
//! the input and every parameter (found by its state_dict key), BatchNorm's running
//! statistics, and a finite-difference check of every gradient.

mod common;

use common::{Case, Fixture, assert_matches};
use nnplay_nn::layers::avg_pool::{AvgPool1d, AvgPool2d};
use nnplay_nn::layers::batch_norm::BatchNorm;
use nnplay_nn::layers::conv1d::Conv1d;
use nnplay_nn::layers::conv2d::Conv2d;
use nnplay_nn::layers::dropout::Dropout;
use nnplay_nn::layers::embedding::Embedding;
use nnplay_nn::layers::flatten::Flatten;
use nnplay_nn::layers::global_avg_pool::GlobalAvgPool;
use nnplay_nn::layers::layer_norm::LayerNorm;
use nnplay_nn::layers::max_pool::{MaxPool1d, MaxPool2d};
use nnplay_nn::layers::positional::{LearnedPositional, SinusoidalPositional};
use nnplay_nn::{Context, Layer, ParamStore};
use nnplay_tensor::engine_test;
use nnplay_tensor::gradcheck::GradCheck;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const CONV: &str = include_str!("fixtures/layers_basic_conv.json");
const POOL: &str = include_str!("fixtures/layers_basic_pool.json");
const NORM: &str = include_str!("fixtures/layers_basic_norm.json");
const EMBEDDING: &str = include_str!("fixtures/layers_basic_embedding.json");

/// Parameter names in the store start with the layer's name and a dot; the fixture uses
/// the module's own state_dict keys.
const NAME: &str = "layer";

/// Builds the case's layer from its JSON config (through serde, as a spec would).
fn build(case: &Case) -> (Box<dyn Layer>, ParamStore) {
    let input: Vec<usize> = serde_json::from_value(case.config["input_shape"].clone()).unwrap();
    let settings = case.config["layer"].clone();
    let mut store = ParamStore::new();
    let (s, seed, stream, device) = (&mut store, 3, 0, common::device());
    macro_rules! layer {
        ($constructor:path) => {
            Box::new(
                $constructor(s, NAME, &input, &serde_json::from_value(settings).unwrap(), seed, stream, device)
                    .unwrap(),
            )
        };
    }
    let layer: Box<dyn Layer> = match case.config["kind"].as_str().expect("kind") {
        "conv1d" => layer!(Conv1d::new),
        "conv2d" => layer!(Conv2d::new),
        "max_pool1d" => layer!(MaxPool1d::new),
        "max_pool2d" => layer!(MaxPool2d::new),
        "avg_pool1d" => layer!(AvgPool1d::new),
        "avg_pool2d" => layer!(AvgPool2d::new),
        "global_avg_pool" => layer!(GlobalAvgPool::new),
        "flatten" => layer!(Flatten::new),
        "batch_norm1d" => layer!(BatchNorm::new_1d),
        "batch_norm2d" => layer!(BatchNorm::new_2d),
        "layer_norm" => layer!(LayerNorm::new),
        "embedding" => layer!(Embedding::new),
        "learned_positional" => layer!(LearnedPositional::new),
        "sinusoidal_positional" => layer!(SinusoidalPositional::new),
        "dropout" => layer!(Dropout::new),
        other => panic!("unknown kind {other}"),
    };
    load_parameters(case, &mut store);
    (layer, store)
}

/// A parameter's key without the layer's name (`weight`, `running_mean`).
fn torch_key(name: &str) -> &str {
    name.strip_prefix(&format!("{NAME}.")).expect("named after the layer")
}

/// Sets the trainable parameters to the fixture's values (found by state_dict key, with
/// the same shapes), checking that PyTorch computed gradients for exactly those.
fn load_parameters(case: &Case, store: &mut ParamStore) {
    let mut ours = Vec::new();
    for index in 0..store.len() {
        let param = &store.params()[index];
        if param.trainable {
            let key = torch_key(&param.name).to_string();
            let value = case.tensor(&key);
            assert_eq!(param.value.dims(), value.dims(), "{key}: shape");
            store.set(index, &value);
            ours.push(key);
        }
    }
    for key in case.tensors.keys().filter_map(|k| k.strip_prefix("grad_")) {
        let key = key.strip_suffix("_eval").unwrap_or(key);
        assert!(
            key == "x" || ours.iter().any(|k| k == key),
            "PyTorch has a gradient for {key}, we have no such parameter"
        );
    }
}

/// Runs `x{suffix}` through the layer, compares the output `y{suffix}` and the gradients
/// of the loss weighted by `output_weights{suffix}` w.r.t. the input (where PyTorch has
/// one) and every trainable parameter. Returns the worst relative error.
async fn matches_pytorch(
    name: &str,
    case: &Case,
    layer: &dyn Layer,
    store: &ParamStore,
    ctx: &mut Context,
    suffix: &str,
) -> f32 {
    let x = case.tensor(&format!("x{suffix}")).variable();
    let y = layer.forward(store, &x, ctx).unwrap();
    assert_eq!(&y.dims()[1..], layer.output_shape(), "{name}: declared output shape");
    let mut worst = assert_matches(&format!("{name} y{suffix}"), &y, case.data(&format!("y{suffix}"))).await;
    let weights = case.tensor(&format!("output_weights{suffix}"));
    let grads = y.mul(&weights).unwrap().sum_all().backward().unwrap();
    let grad_x = format!("grad_x{suffix}");
    if case.tensors.contains_key(&grad_x) {
        let grad = grads.get(&x).unwrap_or_else(|| panic!("{name}: no {grad_x}"));
        worst = worst.max(assert_matches(&format!("{name} {grad_x}"), grad, case.data(&grad_x)).await);
    } else {
        assert!(grads.get(&x).is_none(), "{name}: PyTorch gives no input gradient");
    }
    for param in store.params().iter().filter(|p| p.trainable) {
        let label = format!("grad_{}{suffix}", torch_key(&param.name));
        let grad = grads.get(&param.value).unwrap_or_else(|| panic!("{name}: no {label}"));
        worst = worst.max(assert_matches(&format!("{name} {label}"), grad, case.data(&label)).await);
    }
    worst
}

/// Autodiff against central differences for the input (unless it holds indices) and
/// every trainable parameter; `train` picks the mode of every pass. On the CPU only, as
/// `common::layer_case::gradients_match_finite_differences` explains.
async fn gradients_match_finite_differences(
    name: &str,
    case: &Case,
    layer: &dyn Layer,
    store: &ParamStore,
    train: bool,
) {
    if common::device() != nnplay_tensor::Device::Cpu {
        return;
    }
    let x_is_differentiable = case.tensors.contains_key("grad_x");
    let trainable: Vec<usize> = (0..store.len()).filter(|&i| store.params()[i].trainable).collect();
    let mut inputs = vec![case.tensor("x")];
    inputs.extend(trainable.iter().map(|&i| store.params()[i].value.detach()));
    let check = GradCheck::default()
        .check(
            |v| {
                let mut local = store.clone();
                for (&index, value) in trainable.iter().zip(&v[1..]) {
                    local.set(index, value);
                }
                let x = if x_is_differentiable { v[0].clone() } else { case.tensor("x") };
                let mut ctx = if train { Context::train(0, 0) } else { Context::eval() };
                layer.forward(&local, &x, &mut ctx)
            },
            &inputs,
        )
        .await;
    assert!(check.is_ok(), "{name}: {check:?}");
}

/// Output and gradients against PyTorch, then finite differences, for every case of a
/// fixture whose layer behaves the same in training and evaluation.
async fn check_stateless_cases(fixture: &Fixture, skip: &[&str]) -> f32 {
    let mut worst = 0.0f32;
    for (name, case) in fixture.cases.iter().filter(|(name, _)| !skip.contains(&name.as_str())) {
        let (layer, store) = build(case);
        worst = worst.max(matches_pytorch(name, case, layer.as_ref(), &store, &mut Context::eval(), "").await);
        // The padding row shows its value yet takes no gradient, by design; the fixture
        // checks that zero gradient against PyTorch.
        if !name.contains("padding_idx") {
            gradients_match_finite_differences(name, case, layer.as_ref(), &store, false).await;
        }
    }
    worst
}

engine_test! {
    async fn convolutions_match_pytorch() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(CONV);
            let worst = check_stateless_cases(&fixture, &[]).await;
            println!("layers_basic_conv: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}

engine_test! {
    async fn pooling_and_flatten_match_pytorch() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(POOL);
            let worst = check_stateless_cases(&fixture, &[]).await;
            println!("layers_basic_pool: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}

engine_test! {
    async fn normalisation_matches_pytorch() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(NORM);
            let mut worst = 0.0f32;
            for name in ["batch_norm1d_features", "batch_norm1d_sequence", "batch_norm2d"] {
                let case = fixture.case(name);
                let (layer, mut store) = build(case);
                // A training step: batch statistics, and the running statistics it leaves.
                let mut ctx = Context::train(0, 0);
                worst = worst.max(matches_pytorch(name, case, layer.as_ref(), &store, &mut ctx, "").await);
                gradients_match_finite_differences(name, case, layer.as_ref(), &store, true).await;
                ctx.apply_buffer_updates(&mut store);
                worst = worst.max(running_statistics_match(name, case, &store).await);
                // Evaluation with those running statistics.
                worst = worst.max(matches_pytorch(name, case, layer.as_ref(), &store, &mut Context::eval(), "_eval").await);
            }

            // momentum = null: the running statistics average the two batches seen.
            let name = "batch_norm2d_cumulative";
            let case = fixture.case(name);
            let (layer, mut store) = build(case);
            for (step, x) in ["x_step0", "x_step1"].into_iter().enumerate() {
                let mut ctx = Context::train(0, step as u64);
                layer.forward(&store, &case.tensor(x), &mut ctx).unwrap();
                ctx.apply_buffer_updates(&mut store);
            }
            worst = worst.max(running_statistics_match(name, case, &store).await);

            worst = worst.max(check_stateless_cases(&fixture, &[
                "batch_norm1d_features", "batch_norm1d_sequence", "batch_norm2d", "batch_norm2d_cumulative",
            ]).await);
            println!("layers_basic_norm: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}

/// Compares every buffer the fixture holds (`running_mean`, `running_var`,
/// `num_batches_tracked`) with the store's.
async fn running_statistics_match(name: &str, case: &Case, store: &ParamStore) -> f32 {
    let mut worst = 0.0f32;
    let mut compared = 0;
    for param in store.params().iter().filter(|p| !p.trainable) {
        let key = torch_key(&param.name);
        if let Some(expected) = case.tensors.get(key) {
            worst = worst.max(assert_matches(&format!("{name} {key}"), &param.value, expected).await);
            compared += 1;
        }
    }
    assert!(compared >= 2, "{name}: the fixture has no running statistics");
    worst
}

engine_test! {
    async fn embeddings_and_positions_match_pytorch() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(EMBEDDING);
            let worst = check_stateless_cases(&fixture, &["dropout"]).await;
            println!("layers_basic_embedding: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}

engine_test! {
    async fn dropout_follows_pytorchs_rule() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(EMBEDDING);
            let case = fixture.case("dropout");
            let (layer, store) = build(case);
            let x = case.tensor("x");
            let eval = layer.forward(&store, &x, &mut Context::eval()).unwrap();
            assert_matches("dropout y_eval", &eval, case.data("y_eval")).await;

            // The masks differ (each its own RNG), but where both keep a value they must
            // agree on it: the same 1/(1 − p) scale.
            let ours = layer.forward(&store, &x, &mut Context::train(7, 1)).unwrap().to_vec().await.unwrap();
            let theirs = &case.data("y_train").data;
            let mut both_kept = 0;
            for (a, b) in ours.iter().zip(theirs) {
                if *a != 0.0 && *b != 0.0 {
                    assert!((a - b).abs() <= 1e-6 + 1e-5 * b.abs(), "kept value {a}, PyTorch {b}");
                    both_kept += 1;
                }
            }
            assert!(both_kept > 20, "only {both_kept} values kept by both");
        })
        .await;
    }
}
