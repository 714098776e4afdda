//! Every `Loss` and option against `torch.nn.functional` (fixtures from
//! `scripts/golden/losses.py`), plus a finite-difference check of each.

mod common;

use common::{Fixture, assert_matches};
use nnplay_nn::loss::Loss;
use nnplay_tensor::engine_test;
use nnplay_tensor::gradcheck::GradCheck;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/losses.json");

engine_test! {
    async fn losses_match_pytorch() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(FIXTURE);
            let mut worst = 0.0f32;
            let mut covered = Vec::new();
            for (name, case) in &fixture.cases {
                // The config holds the loss in the spec's JSON form, so parsing is tested too.
                let loss: Loss =
                    serde_json::from_value(case.config["loss"].clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
                covered.push(loss.name());
                let prediction = case.tensor("prediction").variable();
                // Regression fixtures also hold the target's gradient; the others' targets are constants.
                let target_has_gradient = case.tensors.contains_key("grad_target");
                let target = if target_has_gradient { case.tensor("target").variable() } else { case.tensor("target") };
                let value = loss.compute(&prediction, &target).unwrap();
                worst = worst.max(assert_matches(&format!("{name} loss"), &value, case.data("loss")).await);
                let grads = value.backward().unwrap();
                let grad_prediction = grads.get(&prediction).unwrap_or_else(|| panic!("{name}: no grad_prediction"));
                let label = format!("{name} grad_prediction");
                worst = worst.max(assert_matches(&label, grad_prediction, case.data("grad_prediction")).await);
                if target_has_gradient {
                    let grad_target = grads.get(&target).unwrap_or_else(|| panic!("{name}: no grad_target"));
                    let label = format!("{name} grad_target");
                    worst = worst.max(assert_matches(&label, grad_target, case.data("grad_target")).await);
                }

                let constant_target = case.tensor("target");
                let check =
                    GradCheck::default().check(|v| loss.compute(&v[0], &constant_target), &[case.tensor("prediction")]).await;
                assert!(check.is_ok(), "{name}: {check:?}");
            }
            for loss in Loss::ALL {
                assert!(covered.contains(&loss.name()), "no fixture for {}", loss.name());
            }
            println!("losses: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}
