//! Every `Activation` against `torch.nn.functional` (fixtures from
//! `scripts/golden/activations.py`), plus a finite-difference check of each.

mod common;

use common::{Fixture, assert_matches};
use nnplay_nn::Activation;
use nnplay_tensor::engine_test;
use nnplay_tensor::gradcheck::GradCheck;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/activations.json");

engine_test! {
    async fn activations_match_pytorch() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(FIXTURE);
            let mut worst = 0.0f32;
            let mut covered = Vec::new();
            for (name, case) in &fixture.cases {
                // The config holds the activation in the spec's JSON form, so parsing is tested too.
                let activation: Activation = serde_json::from_value(case.config["activation"].clone())
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                covered.push(activation.name());
                let x = case.tensor("x").variable();
                let y = activation.try_apply(&x).unwrap();
                worst = worst.max(assert_matches(&format!("{name} y"), &y, case.data("y")).await);
                let grads = y.mul(&case.tensor("output_weights")).unwrap().sum_all().backward().unwrap();
                let grad_x = grads.get(&x).unwrap_or_else(|| panic!("{name}: no grad_x"));
                worst = worst.max(assert_matches(&format!("{name} grad_x"), grad_x, case.data("grad_x")).await);

                let check = GradCheck::default().check(|v| activation.try_apply(&v[0]), &[case.tensor("x")]).await;
                assert!(check.is_ok(), "{name}: {check:?}");
            }
            for activation in Activation::ALL {
                assert!(covered.contains(&activation.name()), "no fixture for {}", activation.name());
            }
            println!("activations: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}
