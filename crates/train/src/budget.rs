//! The memory budget a run must fit: estimated from its spec and data settings alone
//! (see [`nnplay_nn::MemoryEstimate`]) and checked before the data is generated or the
//! model built, so a run too large for the browser is refused with a sentence instead of
//! crashing the tab. Every session constructor checks it; the CLI's `--memory-budget` and
//! the page's `?memory-budget=` set it.

use crate::{RunData, RunSpec, TrainError};
use nnplay_data::SyntheticSpec;
use nnplay_nn::MemoryEstimate;
use std::sync::atomic::{AtomicU64, Ordering};

/// One mebibyte.
pub const MIB: u64 = 1024 * 1024;

/// The budget unless one is set: what a browser tab can spare for training (a wasm
/// instance may grow to 4 GiB, but phones and school laptops give a tab far less). The
/// CLI keeps it too, so a run file that trains there trains in the page.
pub const DEFAULT_MEMORY_BUDGET: u64 = 512 * MIB;

/// The budget of this process; one per worker or CLI run, so a global is the honest place.
static BUDGET: AtomicU64 = AtomicU64::new(DEFAULT_MEMORY_BUDGET);

/// Sets the budget every session built from now on must fit, in bytes.
pub fn set_memory_budget(bytes: u64) {
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// The budget sessions are checked against, in bytes.
pub fn memory_budget() -> u64 {
    BUDGET.load(Ordering::Relaxed)
}

/// Copies of the data a run holds at once: the generated rows, a shuffled copy (ordered
/// and imported sets) and the train and test tensors.
const DATA_COPIES: u64 = 3;

/// The memory `run` needs: its model's estimate plus its data, from settings alone.
pub fn estimate(run: &RunSpec) -> MemoryEstimate {
    let input_values = run.model.input.iter().fold(1u64, |product, &d| product.saturating_mul(d as u64));
    let (examples, values_per_example) = data_size(&run.data, input_values);
    let examples = match run.data {
        RunData::Imported { .. } => examples,
        _ => examples.min(MAX_GENERATED_EXAMPLES),
    };
    let data_bytes = (examples as u64).saturating_mul(values_per_example).saturating_mul(4 * DATA_COPIES);
    run.model.memory_estimate().with_data(examples, data_bytes)
}

/// Refuses `run` when its estimate is over the process's budget ([`memory_budget`]).
pub fn check(run: &RunSpec) -> Result<(), TrainError> {
    check_within(run, memory_budget())
}

/// Refuses `run` when its estimate is over `limit` bytes, with the estimate, its parts
/// and what to change.
pub fn check_within(run: &RunSpec, limit: u64) -> Result<(), TrainError> {
    estimate(run).check(limit).map_err(TrainError::Spec)
}

/// Examples and values (input and target) per example of `data`; `input_values` is what
/// the model takes per example, for sets whose rows the settings do not size.
fn data_size(data: &RunData, input_values: u64) -> (usize, u64) {
    let square = |size: usize| (size as u64).saturating_mul(size as u64) + 1;
    let length = |length: usize| length as u64;
    match data {
        RunData::Points(config) => (config.samples, 3),
        RunData::Imported { data, .. } => {
            (data.len, (data.inputs.len() + data.targets.len()) as u64 / data.len.max(1) as u64)
        }
        RunData::Generated(spec) => {
            let (examples, values) = match spec {
                SyntheticSpec::Bars { samples, size } => (*samples, square(*size)),
                SyntheticSpec::Shapes(settings) => (settings.samples, square(settings.size)),
                SyntheticSpec::Parity { samples, length: steps, .. } => (*samples, length(*steps) + 1),
                SyntheticSpec::Chars { samples, length: steps }
                | SyntheticSpec::Text { samples, length: steps, .. } => (*samples, 2 * length(*steps)),
                SyntheticSpec::Adding(settings) => (settings.samples, 2 * length(settings.length) + 1),
                SyntheticSpec::Copy(settings) | SyntheticSpec::Reverse(settings) => {
                    (settings.samples, 2 * (2 * length(settings.length) + 1))
                }
                SyntheticSpec::Sine(settings) => (settings.samples, length(settings.length) + 1),
                SyntheticSpec::Tones(settings) => (settings.samples, input_values + 1),
                SyntheticSpec::Digits { upscaled } => (DIGITS, if *upscaled { square(16) } else { square(8) }),
                SyntheticSpec::SpokenDigits => (SPOKEN_DIGITS, input_values + 1),
            };
            (examples, values.max(input_values))
        }
    }
}

/// Most examples a generated set makes: its generator refuses more (with the field and
/// the range) before allocating, so a larger count never reaches memory.
const MAX_GENERATED_EXAMPLES: usize = 20_000;

/// Examples of the packed digits and spoken digits (see `nnplay_data::digits` and `spoken`).
const DIGITS: usize = 1797;
const SPOKEN_DIGITS: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SpecSession;

    /// A run of `layers` on 28×28 shapes, trained with `optimizer`.
    fn run(layers: serde_json::Value, optimizer: &str, batch_size: usize) -> RunSpec {
        let value = serde_json::json!({
            "input": [1, 28, 28], "layers": layers, "loss": "cross_entropy",
            "optimizer": serde_json::from_str::<serde_json::Value>(optimizer).unwrap(),
            "batch_size": batch_size, "seed": 1,
            "data": {"kind": "shapes", "samples": 400, "size": 28, "noise": 0.1}
        });
        RunSpec::from_json(&value.to_string()).unwrap()
    }

    fn too_big() -> RunSpec {
        let layers = serde_json::json!([{"kind": "flatten"}, {"kind": "dense", "units": 8192},
            {"kind": "activation", "function": "relu"}, {"kind": "dense", "units": 8192}, {"kind": "dense", "units": 4}]);
        run(layers, r#"{"kind": "adam", "learning_rate": 0.001}"#, 64)
    }

    #[test]
    fn a_model_over_the_budget_is_refused_before_it_is_built() {
        let error = SpecSession::new(too_big()).err().expect("refused").to_string();
        assert_eq!(
            error,
            "This model needs about 1151 MiB (weights 281 MiB, gradients 281 MiB, Adam state 561 MiB, \
             evaluating 400 examples at once: 25 MiB, data 3.6 MiB); the limit is 512 MiB. \
             Use fewer or smaller layers, or SGD, which keeps no state."
        );
        // The same run fits a larger budget.
        assert_eq!(check_within(&too_big(), 2048 * MIB).map_err(|e| e.to_string()), Ok(()));
    }

    #[test]
    fn a_normal_run_passes_and_trains() {
        let layers = serde_json::json!([{"kind": "conv2d", "out_channels": 8, "kernel_size": 3},
            {"kind": "activation", "function": "relu"}, {"kind": "max_pool2d", "kernel_size": 2},
            {"kind": "flatten"}, {"kind": "dense", "units": 4}]);
        let run = run(layers, r#"{"kind": "adam", "learning_rate": 0.01}"#, 32);
        let estimate = estimate(&run);
        assert!(estimate.total() < 64 * MIB, "{}", estimate.sentence());
        assert_eq!(estimate.data, 400 * (28 * 28 + 1) * 4 * DATA_COPIES);
        let mut session = SpecSession::new(run).unwrap();
        session.step().unwrap();
    }

    #[test]
    fn a_live_batch_over_the_budget_is_refused_and_the_old_one_kept() {
        let conv = serde_json::json!({"kind": "conv2d", "out_channels": 16, "kernel_size": 3});
        let relu = serde_json::json!({"kind": "activation", "function": "relu"});
        let layers =
            serde_json::json!([conv, relu, conv, relu, conv, {"kind": "flatten"}, {"kind": "dense", "units": 4}]);
        let run = run(layers, r#"{"kind": "sgd", "learning_rate": 0.01}"#, 8);
        let mut larger = run.clone();
        larger.model.batch_size = 320;
        assert!(estimate(&run).total() < DEFAULT_MEMORY_BUDGET && estimate(&larger).total() > DEFAULT_MEMORY_BUDGET);
        let mut session = SpecSession::new(run).unwrap();
        let mut live = session.live();
        live.batch_size = 320;
        let error = session.apply_live(&live).unwrap_err().to_string();
        assert!(error.contains("activations for a batch of 320"), "{error}");
        assert!(error.ends_with("Use a smaller batch, or fewer or smaller layers."), "{error}");
        assert_eq!(session.live().batch_size, 8);
        live.batch_size = 16;
        session.apply_live(&live).unwrap();
        assert_eq!(session.live().batch_size, 16);
    }

    #[test]
    fn every_built_in_preset_fits_the_default_budget() {
        let mut runs = 0;
        for preset in crate::presets::all() {
            for (name, run) in preset.runs().unwrap() {
                let estimate = estimate(&run);
                assert!(estimate.total() < DEFAULT_MEMORY_BUDGET, "{} {name}: {}", preset.name, estimate.sentence());
                runs += 1;
            }
        }
        assert!(runs > 10, "{runs} runs");
    }

    #[test]
    fn generated_data_is_sized_from_its_settings() {
        let shapes = too_big();
        let (examples, values) = data_size(&shapes.data, 28 * 28);
        assert_eq!((examples, values), (400, 28 * 28 + 1));
        let bars = RunData::Generated(SyntheticSpec::Bars { samples: 20_000, size: 64 });
        assert_eq!(data_size(&bars, 2), (20_000, 64 * 64 + 1));
    }
}
