//! Optimizers and gradient clipping against `torch.optim` and `clip_grad_norm_`
//! (fixtures from `scripts/golden/optimizers.py`).

mod common;

use common::{Case, Fixture, TensorData, assert_matches};
use nnplay_nn::optim::clip_grad_norm;
use nnplay_nn::{OptimizerConfig, ParamStore};
use nnplay_tensor::{Tensor, engine_test};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FIXTURE: &str = include_str!("fixtures/optimizers.json");

/// The fixture problem's parameters w and b at step 0, with a buffer between them that
/// the optimizer must leave alone (and that PyTorch's optimizer never sees).
fn problem(case: &Case) -> (ParamStore, usize, usize) {
    let mut store = ParamStore::new();
    let w = store.add("w", step_of(case.data("w_trajectory"), 0), true).index();
    store.add_buffer("running", Tensor::from_vec(vec![5.0, 6.0], [2], common::device()).unwrap());
    let b = store.add("b", step_of(case.data("b_trajectory"), 0), true).index();
    (store, w, b)
}

/// `Σ (tanh(x·w + b) − y)²`, the loss `optimizers.py` trains.
fn loss(case: &Case, store: &ParamStore, w: usize, b: usize) -> Tensor {
    let output = case.tensor("x").matmul(&store.params()[w].value).unwrap().add(&store.params()[b].value).unwrap();
    output.tanh().sub(&case.tensor("y")).unwrap().square().sum_all()
}

/// Row `step` of a trajectory stored as `[steps + 1, ..]`.
fn row(trajectory: &TensorData, step: usize) -> TensorData {
    let size: usize = trajectory.shape[1..].iter().product();
    TensorData { shape: trajectory.shape[1..].to_vec(), data: trajectory.data[step * size..(step + 1) * size].to_vec() }
}

/// Row `step` of a trajectory as a tensor.
fn step_of(trajectory: &TensorData, step: usize) -> Tensor {
    let row = row(trajectory, step);
    Tensor::from_vec(row.data, row.shape, common::device()).unwrap()
}

/// The worst errors seen so far, for the report.
#[derive(Default)]
struct Tally {
    /// Largest relative error on values above 1e-3.
    relative: f32,
    /// Largest error as a fraction of the allowed `ABS + REL·|expected|` (1 would just pass),
    /// and where: how much room the comparison has left.
    share: (f32, String),
}

impl Tally {
    /// Asserts `actual` matches `expected` and records its errors.
    async fn check(&mut self, label: String, actual: &Tensor, expected: &TensorData) {
        let values = actual.to_vec().await.unwrap();
        let share = values
            .iter()
            .zip(&expected.data)
            .map(|(a, e)| (a - e).abs() / (common::ABS + common::REL * e.abs()))
            .fold(0.0, f32::max);
        if share > self.share.0 {
            self.share = (share, label.clone());
        }
        self.relative = self.relative.max(assert_matches(&label, actual, expected).await);
    }
}

engine_test! {
    async fn optimizers_follow_pytorchs_trajectories_and_state() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(FIXTURE);
            let mut overall = Tally::default();
            // Every case with an optimizer config is a trajectory (the others are clipping cases).
            let trajectories: Vec<(&String, &Case)> =
                fixture.cases.iter().filter(|(_, case)| case.config.get("optimizer").is_some()).collect();
            assert_eq!(trajectories.len(), 17, "trajectory cases in the fixture");
            for (name, case) in trajectories {
                let config: OptimizerConfig = serde_json::from_value(case.config["optimizer"].clone()).unwrap();
                config.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
                let mut optimizer = config.build();
                let (mut store, w, b) = problem(case);
                let (mut params, mut state_tally) = (Tally::default(), Tally::default());
                for step in 1..=case.number("steps") as usize {
                    let grads = loss(case, &store, w, b).backward().unwrap();
                    optimizer.step(&mut store, &grads).unwrap();
                    for (label, index) in [("w", w), ("b", b)] {
                        let expected = row(case.data(&format!("{label}_trajectory")), step);
                        params.check(format!("{name} {label} after step {step}"), &store.params()[index].value, &expected).await;
                    }
                }
                assert_eq!(store.params()[1].value.to_vec().await.unwrap(), [5.0, 6.0], "{name}: the buffer changed");
                let state = optimizer.state();
                let mut ours: Vec<String> = state.iter().map(|(key, _)| format!("state.{key}")).collect();
                let mut theirs: Vec<String> = case.tensors.keys().filter(|k| k.starts_with("state.")).cloned().collect();
                ours.sort();
                theirs.sort();
                assert_eq!(ours, theirs, "{name}: state keys");
                for (key, tensor) in &state {
                    state_tally.check(format!("{name} state {key}"), tensor, case.data(&format!("state.{key}"))).await;
                }
                println!(
                    "optimizers: {name} worst relative error: parameters {:e}, state {:e}; share of the tolerance used {:.2} ({}), {:.2} ({})",
                    params.relative, state_tally.relative, params.share.0, params.share.1, state_tally.share.0, state_tally.share.1
                );
                for tally in [params, state_tally] {
                    overall.relative = overall.relative.max(tally.relative);
                    if tally.share.0 > overall.share.0 {
                        overall.share = tally.share;
                    }
                }
            }
            println!(
                "optimizers: worst relative error against PyTorch {:e}; largest share of the tolerance used {:.2} ({}) (torch {})",
                overall.relative, overall.share.0, overall.share.1, fixture.torch_version
            );
        })
        .await;
    }
}

engine_test! {
    async fn clipping_matches_clip_grad_norm() {
        common::on_every_device(async || {
            let fixture = Fixture::parse(FIXTURE);
            let mut worst = 0.0f32;
            for name in ["clip_below_norm", "clip_above_norm"] {
                let case = fixture.case(name);
                let mut store = ParamStore::new();
                let w = store.add("w", case.tensor("w"), true).index();
                let b = store.add("b", case.tensor("b"), true).index();
                let grads = loss(case, &store, w, b).backward().unwrap();
                let (clipped, norm) = clip_grad_norm(&store, &grads, case.number("max_norm") as f32).unwrap();
                worst = worst.max(assert_matches(&format!("{name} total norm"), &norm, case.data("total_norm")).await);
                for (label, index) in [("w", w), ("b", b)] {
                    let value = &store.params()[index].value;
                    let raw = grads.get(value).unwrap();
                    worst = worst.max(assert_matches(&format!("{name} grad_{label}"), raw, case.data(&format!("grad_{label}"))).await);
                    let ours = clipped.get(value).unwrap();
                    let expected = case.data(&format!("clipped_{label}"));
                    worst = worst.max(assert_matches(&format!("{name} clipped_{label}"), ours, expected).await);
                }
            }
            println!("optimizers: clipping worst relative error against PyTorch {worst:e} (torch {})", fixture.torch_version);
        })
        .await;
    }
}
