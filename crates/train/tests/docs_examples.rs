//! Every JSON example in docs/spec.md parses and builds, so the format doc stays true.

use nnplay_nn::ModelSpec;
use nnplay_train::{RunSpec, SpecSession};

const DOC: &str = include_str!("../../../docs/spec.md");

fn json_blocks() -> Vec<&'static str> {
    DOC.split("```json").skip(1).map(|rest| rest.split("```").next().unwrap()).collect()
}

#[test]
fn every_json_example_in_the_spec_doc_builds() {
    let blocks = json_blocks();
    assert!(blocks.len() >= 5, "found {} examples", blocks.len());
    for block in blocks {
        let value: serde_json::Value = serde_json::from_str(block).unwrap_or_else(|e| panic!("{e}:\n{block}"));
        if value.get("input").is_some() {
            let run = RunSpec::from_json(block).unwrap_or_else(|e| panic!("{e}:\n{block}"));
            SpecSession::new(run).unwrap_or_else(|e| panic!("{e}:\n{block}"));
        } else {
            // A single layer: build it inside a minimal spec on [time, width] input.
            let spec = serde_json::json!({
                "input": [4, 32],
                "layers": [value],
                "loss": "mse",
                "optimizer": {"kind": "sgd", "learning_rate": 0.1},
                "batch_size": 2,
                "seed": 1
            });
            let spec = ModelSpec::from_json(&spec.to_string()).unwrap_or_else(|e| panic!("{e}:\n{block}"));
            spec.summary().unwrap_or_else(|e| panic!("{e}:\n{block}"));
        }
    }
}
