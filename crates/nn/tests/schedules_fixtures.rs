//! Learning-rate schedules against `torch.optim.lr_scheduler` (fixtures from
//! `scripts/golden/schedules.py`).

mod common;

use common::{Fixture, assert_matches};
use nnplay_nn::LrSchedule;
use nnplay_tensor::{Tensor, engine_test};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/schedules.json");

engine_test! {
    async fn schedules_match_pytorchs_schedulers() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(FIXTURE);
            let mut worst = 0.0f32;
            for (name, case) in &fixture.cases {
                let schedule: LrSchedule = serde_json::from_value(case.config["schedule"].clone()).unwrap();
                schedule.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
                let base_lr = case.number("base_lr") as f32;
                let steps = case.number("steps") as u64;
                let rates: Vec<f32> = (0..steps).map(|step| schedule.learning_rate(base_lr, step)).collect();
                let rates = Tensor::from_vec(rates, [steps as usize], common::device()).unwrap();
                worst = worst.max(assert_matches(name, &rates, case.data("lr")).await);
            }
            assert!(!fixture.cases.is_empty(), "the fixture has cases");
            println!("schedules: worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}
