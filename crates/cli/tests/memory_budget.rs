//! `--memory-budget`: a run whose estimated memory is over it is refused before it is built.

mod common;

use common::{json_lines, refused};

#[test]
fn a_run_over_the_budget_is_refused_with_its_estimate_and_the_default_lets_presets_train() {
    refused(&["train", "--preset", "cnn-digits", "--steps", "1", "--memory-budget", "1"], "the limit is 1.0 MiB. Use ");
    refused(&["train", "--preset", "cnn-digits", "--memory-budget", "1"], "This model needs about ");
    let lines = json_lines(&["train", "--preset", "cnn-digits", "--steps", "2", "--every", "2", "--json"]);
    assert_eq!(lines.last().unwrap()["step"], 2);
    let raised =
        ["train", "--preset", "cnn-digits", "--steps", "2", "--every", "2", "--json", "--memory-budget", "4096"];
    assert_eq!(json_lines(&raised), lines);
}
