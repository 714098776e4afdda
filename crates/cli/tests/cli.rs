//! Runs the `nnplay` binary as a user would.

use std::process::{Command, Output};

fn nnplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nnplay")).args(args).output().expect("nnplay runs")
}

#[test]
fn spiral_preset_reaches_95_percent_and_reports_json_lines() {
    let args =
        "train --dataset spiral --hidden 8,8 --activation tanh --optimizer adam --lr 0.03 --steps 3000 --seed 1 --json";
    let output = nnplay(&args.split(' ').collect::<Vec<_>>());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // One line before training, one per 100 steps.
    assert_eq!(lines.len(), 31);
    let last = lines.last().unwrap();
    assert_eq!(last["step"], 3000);
    let accuracy = last["test_accuracy"].as_f64().unwrap();
    assert!(accuracy >= 0.95, "test accuracy {accuracy}");
    assert!(last["test_loss"].as_f64().unwrap() < lines[0]["test_loss"].as_f64().unwrap() / 2.0);
}

#[test]
fn bad_arguments_exit_non_zero_naming_the_problem() {
    let cases: [(&[&str], &str); 5] = [
        (&["train", "--hidden", "8,x"], "\"x\" is not a number of neurons"),
        (&["train", "--dataset", "moons"], "unknown dataset \"moons\""),
        (&["train", "--optimizer", "lbfgs"], "unknown optimizer \"lbfgs\""),
        (&["train", "--batch-size", "0"], "batch size is 0; it must be between 1 and the 500 training points"),
        (&["train", "--noise", "3"], "dataset noise is 3; it must be between 0 and 0.5"),
    ];
    for (args, message) in cases {
        let output = nnplay(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_diverging_run_stops_with_an_explanation() {
    let output = nnplay(&[
        "train",
        "--optimizer",
        "sgd",
        "--lr",
        "10",
        "--activation",
        "relu",
        "--dataset",
        "plane",
        "--steps",
        "300",
        "--json",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the loss diverged"), "{stderr}");
}

#[test]
fn human_output_ends_with_a_summary() {
    let output = nnplay(&["train", "--dataset", "xor", "--steps", "200"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.trim_end().lines().last().unwrap().starts_with("step 200: train loss"), "{stdout}");
}

/// Trains `examples/{name}.json` for `steps` and returns the first and last metric lines.
fn train_example(name: &str, steps: u32) -> (serde_json::Value, serde_json::Value) {
    let path = format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let output =
        nnplay(&["train", "--spec", &path, "--steps", &steps.to_string(), "--every", &steps.to_string(), "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{name}: {stderr}");
    let lines: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (lines.first().unwrap().clone(), lines.last().unwrap().clone())
}

#[test]
fn every_example_spec_trains_and_its_loss_falls() {
    for (name, steps) in [("mlp", 300), ("gru", 600), ("lstm", 600), ("cnn", 40), ("transformer", 40)] {
        let (first, last) = train_example(name, steps);
        let (before, after) = (first["train_loss"].as_f64().unwrap(), last["train_loss"].as_f64().unwrap());
        assert!(after < before * 0.5, "{name}: train loss {before} -> {after}");
    }
}

#[test]
fn a_spec_that_does_not_fit_names_the_layer() {
    let dir = std::env::temp_dir().join(format!("nnplay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = std::fs::read_to_string(format!("{}/../../examples/gru.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let cases = [
        (spec.replace("\"gru\"", "\"gru3d\""), "layers[0] (gru3d): unknown layer kind"),
        (spec.replace("\"input\": [8, 1]", "\"input\": [8]"), "layers[0] (gru): "),
        (spec.replace("\"units\": 2", "\"units\": 3"), "end with a layer of 2 units"),
    ];
    for (i, (text, message)) in cases.iter().enumerate() {
        let path = dir.join(format!("bad{i}.json"));
        std::fs::write(&path, text).unwrap();
        let output = nnplay(&["train", "--spec", path.to_str().unwrap(), "--steps", "1"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(message), "case {i}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_spec_run_starts_with_the_model_summary() {
    let path = format!("{}/../../examples/cnn.json", env!("CARGO_MANIFEST_DIR"));
    let output = nnplay(&["train", "--spec", &path, "--steps", "1"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("layer") && lines[0].contains("FLOPs/example"), "{stdout}");
    // conv2d 1→8, 3×3 with padding 1 keeps 28×28: 8·1·9 weights + 8 biases.
    assert!(
        lines[1].starts_with("layers[0]") && lines[1].contains("conv2d") && lines[1].contains("[8, 28, 28]"),
        "{stdout}"
    );
    assert!(lines[1].split_whitespace().any(|w| w == "80"), "{stdout}");
    // 80 + 16·8·9 + 16 + 16·3 + 3 trainable scalars in all.
    let total = lines.iter().find(|l| l.starts_with("total")).unwrap();
    assert!(total.split_whitespace().any(|w| w == "1299"), "{stdout}");
}

/// The JSON metric lines of one run.
fn json_lines(args: &[&str]) -> Vec<serde_json::Value> {
    let output = nnplay(args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn the_gpu_backend_trains_like_the_cpu_one() {
    if !nnplay_tensor::testing::gpu_required() {
        // Without NNPLAY_TEST_GPU (set by cargo xtask test) there may be no adapter here.
        return;
    }
    let path = format!("{}/../../examples/transformer.json", env!("CARGO_MANIFEST_DIR"));
    let run = |backend| {
        json_lines(&["train", "--spec", &path, "--steps", "40", "--every", "20", "--json", "--backend", backend])
    };
    let (cpu, gpu) = (run("cpu"), run("gpu"));
    assert_eq!(cpu.len(), gpu.len());
    for (c, g) in cpu.iter().zip(&gpu) {
        let (c, g) = (c["train_loss"].as_f64().unwrap(), g["train_loss"].as_f64().unwrap());
        assert!((c - g).abs() <= 1e-3 * c.abs(), "CPU loss {c}, GPU loss {g}");
    }
    let (first, last) = (gpu[0]["train_loss"].as_f64().unwrap(), gpu[2]["train_loss"].as_f64().unwrap());
    assert!(last < first * 0.5, "GPU train loss {first} -> {last}");
}

#[test]
fn an_unknown_backend_is_refused_with_the_choices() {
    let output = nnplay(&["train", "--backend", "tpu"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("tpu") && stderr.contains("cpu") && stderr.contains("gpu"), "{stderr}");
}
