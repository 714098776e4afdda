//! `nnplay export`: the files each format writes, from a checkpoint, a spec or a preset.

mod common;

use common::{Scratch, example, json_lines, refused, stdout_of};
use safetensors::SafeTensors;
use std::path::Path;

/// Names, shapes and values of every tensor in a safetensors file.
fn tensors(path: &Path) -> Vec<(String, Vec<usize>, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap();
    let file = SafeTensors::deserialize(&bytes).unwrap();
    let mut tensors: Vec<_> =
        file.tensors().into_iter().map(|(name, view)| (name, view.shape().to_vec(), view.data().to_vec())).collect();
    tensors.sort();
    tensors
}

#[test]
fn a_checkpoint_exports_to_a_pytorch_folder_with_its_trained_weights() {
    let scratch = Scratch::new("export-pytorch");
    let checkpoint = scratch.path("run.ckpt");
    json_lines(&["train", "--spec", &example("cnn"), "--steps", "3", "--json", "--save", &checkpoint]);
    let out = scratch.path("torch");
    let listed = stdout_of(&["export", "--checkpoint", &checkpoint, "--format", "pytorch", "--out", &out]);
    let names = ["model.py", "weights.safetensors", "spec.json", "README.md"];
    assert_eq!(listed.lines().collect::<Vec<_>>(), names.map(|n| format!("{out}/{n}")), "{listed}");
    let model_py = std::fs::read_to_string(format!("{out}/model.py")).unwrap();
    assert!(model_py.contains("class Model(nn.Module)") && model_py.contains("nn.Conv2d"), "{model_py}");
    let spec: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("{out}/spec.json")).unwrap()).unwrap();
    assert_eq!(spec["input"], serde_json::json!([1, 28, 28]));

    // The initial weights of the same spec: same names and shapes, other values.
    let initial = scratch.path("initial");
    stdout_of(&["export", "--spec", &example("cnn"), "--format", "safetensors", "--out", &initial]);
    let (trained, initial) = (
        tensors(&Path::new(&out).join("weights.safetensors")),
        tensors(&Path::new(&initial).join("weights.safetensors")),
    );
    assert!(trained.iter().any(|(name, ..)| name == "layers.0.weight"), "state_dict names");
    assert_eq!(
        trained.iter().map(|(n, s, _)| (n, s)).collect::<Vec<_>>(),
        initial.iter().map(|(n, s, _)| (n, s)).collect::<Vec<_>>()
    );
    assert_ne!(trained, initial, "three steps moved the weights");
}

#[test]
fn the_safetensors_format_writes_the_weights_alone() {
    let scratch = Scratch::new("export-weights");
    let out = scratch.path("weights");
    stdout_of(&["export", "--preset", "mlp-2d", "--format", "safetensors", "--out", &out]);
    let files: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, ["weights.safetensors"]);
    let names: Vec<String> = tensors(&Path::new(&out).join("weights.safetensors")).into_iter().map(|t| t.0).collect();
    assert_eq!(
        names,
        ["layers.0.bias", "layers.0.weight", "layers.2.bias", "layers.2.weight", "layers.4.bias", "layers.4.weight"]
    );
}

#[test]
fn an_exported_run_file_trains_like_its_source() {
    let scratch = Scratch::new("export-spec");
    let out = scratch.path("spec");
    stdout_of(&["export", "--preset", "mlp-2d", "--format", "spec", "--out", &out]);
    let spec = format!("{out}/spec.json");
    let from_file = json_lines(&["train", "--spec", &spec, "--steps", "20", "--every", "10", "--json"]);
    let from_preset = json_lines(&["train", "--preset", "mlp-2d", "--steps", "20", "--every", "10", "--json"]);
    assert_eq!(from_file, from_preset);

    // A checkpoint's run file is its spec and data: trained from the start, it repeats the run.
    let checkpoint = scratch.path("run.ckpt");
    let trained = json_lines(&[
        "train",
        "--spec",
        &example("gru"),
        "--steps",
        "10",
        "--every",
        "10",
        "--json",
        "--save",
        &checkpoint,
    ]);
    let again = scratch.path("again");
    stdout_of(&["export", "--checkpoint", &checkpoint, "--format", "spec", "--out", &again]);
    let retrained =
        json_lines(&["train", "--spec", &format!("{again}/spec.json"), "--steps", "10", "--every", "10", "--json"]);
    assert_eq!(retrained, trained);
}

#[test]
fn export_refuses_bad_requests() {
    let scratch = Scratch::new("export-bad");
    let out = scratch.path("out");
    refused(&["export", "--preset", "mlp-2d", "--format", "onnx", "--out", &out], "invalid value 'onnx' for '--format");
    refused(&["export", "--format", "spec", "--out", &out], "--checkpoint");
    refused(&["export", "--preset", "mlp-2d", "--spec", &example("mlp"), "--out", &out], "cannot be used with");
    let missing = scratch.path("missing.json");
    refused(&["export", "--spec", &missing, "--out", &out], &format!("cannot read spec file {missing}"));
    let bad = scratch.path("bad.json");
    let mlp = std::fs::read_to_string(example("mlp")).unwrap();
    std::fs::write(&bad, mlp.replacen("\"dense\"", "\"dense3\"", 1)).unwrap();
    refused(&["export", "--spec", &bad, "--out", &out], &format!("{bad}: layers[0] (dense3): unknown layer kind"));
    assert!(!Path::new(&out).exists(), "nothing written after a refusal");
}
