//! `Dense` against `torch.nn.Linear` (fixtures from `scripts/golden/dense.py`).

mod common;

use common::{Fixture, assert_matches};
use nnplay_nn::{Dense, Init, ParamStore};
use nnplay_tensor::engine_test;
use nnplay_tensor::gradcheck::GradCheck;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/dense.json");

engine_test! {
    async fn dense_matches_pytorch_linear() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(FIXTURE);
            let mut worst = 0.0f32;
            for name in ["dense_small", "dense_wide"] {
                let case = fixture.case(name);
                let (inputs, outputs) = (case.number("inputs") as usize, case.number("outputs") as usize);
                let mut store = ParamStore::new();
                let layer = Dense::new(&mut store, "fc", inputs, outputs, Init::PytorchDefault, 0, 0, common::device());
                store.set(layer.weight.index(), &case.tensor("weight"));
                store.set(layer.bias.index(), &case.tensor("bias"));
                let x = case.tensor("x").variable();
                let y = layer.forward(&store, &x).unwrap();
                worst = worst.max(assert_matches(&format!("{name} y"), &y, case.data("y")).await);
                let loss = y.mul(&case.tensor("output_weights")).unwrap().sum_all();
                let grads = loss.backward().unwrap();
                let checks = [
                    ("grad_x", grads.get(&x)),
                    ("grad_weight", grads.get(store.get(layer.weight))),
                    ("grad_bias", grads.get(store.get(layer.bias))),
                ];
                for (label, grad) in checks {
                    let grad = grad.unwrap_or_else(|| panic!("{name}: no {label}"));
                    worst = worst.max(assert_matches(&format!("{name} {label}"), grad, case.data(label)).await);
                }
                let check = GradCheck::default()
                    .check(
                        |v| {
                            let mut local = store.clone();
                            local.set(layer.weight.index(), &v[1]);
                            layer.forward(&local, &v[0])
                        },
                        &[case.tensor("x"), case.tensor("weight")],
                    )
                    .await;
                assert!(check.is_ok(), "{name}: {check:?}");
            }
            println!("dense: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}
