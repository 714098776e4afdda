//! `nnplay train --save/--resume`, `nnplay eval`, `nnplay predict` and `nnplay sample`:
//! everything that reads a checkpoint.

mod common;

use common::{Scratch, example, json_lines, nnplay, refused, stdout_of};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};

/// Trains `spec` for `steps` with reports every `every` steps; `extra` adds options.
fn train(spec: &str, steps: u32, every: u32, extra: &[&str]) -> Vec<serde_json::Value> {
    let (steps, every) = (steps.to_string(), every.to_string());
    let mut args = vec!["train", "--spec", spec, "--steps", &steps, "--every", &every, "--json"];
    args.extend_from_slice(extra);
    json_lines(&args)
}

#[test]
fn a_resumed_run_ends_where_the_uninterrupted_one_does() {
    let scratch = Scratch::new("resume");
    let checkpoint = scratch.path("half.ckpt");
    // A 2-D set and a generated text: the batch order and the optimizer state must carry over.
    for (name, every) in [("mlp", 20), ("transformer", 10)] {
        let spec = example(name);
        let whole = train(&spec, 4 * every, every, &[]);
        let first_half = train(&spec, 2 * every, every, &["--save", &checkpoint]);
        let second_half = json_lines(&[
            "train",
            "--resume",
            &checkpoint,
            "--steps",
            &(2 * every).to_string(),
            "--every",
            &every.to_string(),
            "--json",
        ]);
        assert_eq!(first_half[..], whole[..3], "{name}");
        // The resumed run reports the checkpoint's step first, then the same steps as the whole run.
        assert_eq!(second_half[..], whole[2..], "{name}");

        let eval = json_lines(&["eval", "--checkpoint", &checkpoint, "--json"]);
        assert_eq!(eval[..], first_half[2..], "{name}: eval gives the saved run's metrics");
    }
}

#[test]
fn eval_prints_a_sentence_by_default() {
    let scratch = Scratch::new("eval");
    let checkpoint = scratch.path("run.ckpt");
    train(&example("mlp"), 30, 30, &["--save", &checkpoint]);
    let text = stdout_of(&["eval", "--checkpoint", &checkpoint]);
    assert!(text.starts_with("step 30: train loss "), "{text}");
}

#[test]
fn the_human_output_says_where_the_checkpoint_went() {
    let scratch = Scratch::new("saved");
    let checkpoint = scratch.path("run.ckpt");
    let output = nnplay(&["train", "--spec", &example("mlp"), "--steps", "5", "--save", &checkpoint]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("checkpoint: step 5 saved to {checkpoint}")), "{stderr}");
}

/// Writes a safetensors file with one tensor `x` of `shape` and `dtype`.
fn write_x(path: &str, dtype: Dtype, shape: &[usize], bytes: &[u8]) {
    let view = TensorView::new(dtype, shape.to_vec(), bytes).unwrap();
    std::fs::write(path, safetensors::serialize([("x", view)], None).unwrap()).unwrap();
}

/// The shape and values of tensor `y` in `path`.
fn read_y(path: &str) -> (Vec<usize>, Vec<f32>) {
    let bytes = std::fs::read(path).unwrap();
    let file = SafeTensors::deserialize(&bytes).unwrap();
    let y = file.tensor("y").unwrap();
    assert_eq!(y.dtype(), Dtype::F32);
    let values = y.data().chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect();
    (y.shape().to_vec(), values)
}

#[test]
fn predict_writes_one_output_row_per_example() {
    let scratch = Scratch::new("predict");
    let (checkpoint, x, y) = (scratch.path("mlp.ckpt"), scratch.path("x.safetensors"), scratch.path("y.safetensors"));
    train(&example("mlp"), 200, 200, &["--save", &checkpoint]);
    // mlp.json learns the circle set: inside the circle is one class, far outside the other.
    let points: [f32; 10] = [0.0, 0.0, 0.05, -0.05, 0.95, 0.95, -0.95, 0.95, 0.0, 0.0];
    let bytes: Vec<u8> = points.iter().flat_map(|v| v.to_le_bytes()).collect();
    write_x(&x, Dtype::F32, &[5, 2], &bytes);
    let output = nnplay(&["predict", "--checkpoint", &checkpoint, "--input", &x, "--output", &y]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (shape, values) = read_y(&y);
    assert_eq!(shape, [5, 2]);
    assert!(values.iter().all(|v| v.is_finite()));
    let class = |row: usize| usize::from(values[2 * row + 1] > values[2 * row]);
    assert_eq!(values[..2], values[8..], "the same point, the same scores");
    assert_eq!(class(0), class(1), "two points near the centre");
    assert_eq!(class(2), class(3), "two corners");
    assert_ne!(class(0), class(2), "the centre and a corner");
}

#[test]
fn predict_reads_integer_token_ids_and_gives_scores_per_position() {
    let scratch = Scratch::new("predict-ids");
    let (checkpoint, x, y) = (scratch.path("lm.ckpt"), scratch.path("x.safetensors"), scratch.path("y.safetensors"));
    train(&example("transformer"), 2, 2, &["--save", &checkpoint]);
    let ids: Vec<u8> = (0..3 * 16).flat_map(|i| (i as i64 % 28).to_le_bytes()).collect();
    write_x(&x, Dtype::I64, &[3, 16], &ids);
    stdout_of(&["predict", "--checkpoint", &checkpoint, "--input", &x, "--output", &y]);
    assert_eq!(read_y(&y).0, [3, 16, 28]);
}

#[test]
fn predict_refuses_an_input_of_the_wrong_shape_naming_the_file() {
    let scratch = Scratch::new("predict-shape");
    let (checkpoint, x, y) = (scratch.path("mlp.ckpt"), scratch.path("x.safetensors"), scratch.path("y.safetensors"));
    train(&example("mlp"), 1, 1, &["--save", &checkpoint]);
    write_x(&x, Dtype::F32, &[2, 3], &[0; 24]);
    refused(
        &["predict", "--checkpoint", &checkpoint, "--input", &x, "--output", &y],
        &format!("{x}: tensor \"x\" has shape [2, 3], but the model takes [n, 2]"),
    );
    assert!(!std::path::Path::new(&y).exists());
}

#[test]
fn sample_continues_the_prompt_the_same_way_for_the_same_seed() {
    let scratch = Scratch::new("sample");
    let checkpoint = scratch.path("lm.ckpt");
    train(&example("transformer"), 60, 60, &["--save", &checkpoint]);
    let sample = |seed: &str| {
        stdout_of(&["sample", "--checkpoint", &checkpoint, "--prompt", "the ", "--chars", "30", "--seed", seed])
    };
    let text = sample("3");
    let text = text.strip_suffix('\n').unwrap();
    assert!(text.starts_with("the "), "{text:?}");
    assert_eq!(text.chars().count(), 4 + 30, "{text:?}");
    assert_eq!(sample("3").trim_end_matches('\n'), text);

    refused(&["sample", "--checkpoint", &checkpoint, "--prompt", "THE"], "prompt: character 'T'");
    let mlp = scratch.path("mlp.ckpt");
    train(&example("mlp"), 1, 1, &["--save", &mlp]);
    refused(&["sample", "--checkpoint", &mlp], "this run does not model text");
}

#[test]
fn a_missing_or_damaged_checkpoint_is_refused_naming_the_file() {
    let scratch = Scratch::new("damaged");
    let missing = scratch.path("missing.ckpt");
    for command in ["eval", "sample"] {
        refused(&[command, "--checkpoint", &missing], &format!("cannot read checkpoint {missing}"));
    }
    refused(&["train", "--resume", &missing], &format!("cannot read checkpoint {missing}"));

    let garbage = scratch.path("garbage.ckpt");
    std::fs::write(&garbage, b"not a checkpoint at all").unwrap();
    refused(&["eval", "--checkpoint", &garbage], &format!("{garbage}: checkpoint: not a safetensors file"));

    // A real checkpoint cut short.
    let whole = scratch.path("whole.ckpt");
    train(&example("mlp"), 1, 1, &["--save", &whole]);
    let bytes = std::fs::read(&whole).unwrap();
    let cut = scratch.path("cut.ckpt");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    refused(&["train", "--resume", &cut, "--steps", "1"], &format!("{cut}: checkpoint: not a safetensors file"));

    // A weights file is safetensors too, but not a checkpoint.
    let out = scratch.path("weights");
    stdout_of(&["export", "--spec", &example("mlp"), "--format", "safetensors", "--out", &out]);
    let weights = format!("{out}/weights.safetensors");
    refused(&["eval", "--checkpoint", &weights], "is not an NN Playground checkpoint");
}

#[test]
fn save_needs_a_run_with_a_checkpoint_format() {
    refused(&["train", "--dataset", "xor", "--steps", "1", "--save", "x.ckpt"], "--save needs");
    refused(&["train", "--resume", "x.ckpt", "--seed", "3"], "cannot be used with");
}
