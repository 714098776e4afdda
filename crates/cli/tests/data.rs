//! `--data`: training on the user's own files, and the checkpoints of such runs.

mod common;

use common::{Scratch, example, json_lines, refused, stdout_of};

/// A CSV table of points on a grid, labelled by quadrant sign (xor): `a,b,label`.
fn xor_table() -> String {
    let mut text = String::from("a,b,label\n");
    for i in 0..20 {
        for j in 0..20 {
            let (a, b) = (i as f32 / 9.5 - 1.0, j as f32 / 9.5 - 1.0);
            text += &format!("{a:.3},{b:.3},{}\n", if a * b > 0.0 { "same" } else { "opposite" });
        }
    }
    text
}

#[test]
fn a_csv_table_trains_a_suggested_model_that_resumes_with_the_same_data() {
    let scratch = Scratch::new("data-csv");
    let csv = scratch.path("xor.csv");
    std::fs::write(&csv, xor_table()).unwrap();
    let checkpoint = scratch.path("run.ckpt");
    let train = |steps: &str, extra: &[&str]| {
        let mut args = vec!["train", "--data", &csv, "--steps", steps, "--every", "100", "--json"];
        args.extend_from_slice(extra);
        json_lines(&args)
    };
    let whole = train("300", &[]);
    let last = whole.last().unwrap();
    assert!(last["test_accuracy"].as_f64().unwrap() > 0.85, "{last}");

    let first = train("200", &["--save", &checkpoint]);
    let rest =
        json_lines(&["train", "--resume", &checkpoint, "--data", &csv, "--steps", "100", "--every", "100", "--json"]);
    assert_eq!(first[..], whole[..3]);
    assert_eq!(rest[..], whole[2..]);

    refused(&["eval", "--checkpoint", &checkpoint], "(give it with --data)");
    let eval = json_lines(&["eval", "--checkpoint", &checkpoint, "--data", &csv, "--json"]);
    assert_eq!(eval[..], first[2..]);

    let out = scratch.path("spec");
    stdout_of(&["export", "--checkpoint", &checkpoint, "--data", &csv, "--format", "spec", "--out", &out]);
    let spec: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("{out}/spec.json")).unwrap()).unwrap();
    assert_eq!(spec["data"], serde_json::json!({"kind": "imported", "source": csv}));
    assert_eq!(spec["input"], serde_json::json!([2]));
}

#[test]
fn a_spec_trains_its_own_model_on_the_data() {
    let scratch = Scratch::new("data-spec");
    let csv = scratch.path("xor.csv");
    std::fs::write(&csv, xor_table()).unwrap();
    // mlp.json's model (2 inputs, 2 classes); its "data" entry is replaced by the file.
    let lines =
        json_lines(&["train", "--spec", &example("mlp"), "--data", &csv, "--steps", "50", "--every", "50", "--json"]);
    assert_eq!(lines[1]["step"], 50);
    assert!(lines[1]["train_loss"].as_f64().unwrap() < lines[0]["train_loss"].as_f64().unwrap());

    // A model that does not fit the data says how to fix it.
    refused(&["train", "--spec", &example("gru"), "--data", &csv, "--steps", "1"], &format!("{csv}: spec field input"));
}

#[test]
fn text_trains_a_character_model() {
    let scratch = Scratch::new("data-text");
    let text = scratch.path("story.txt");
    std::fs::write(&text, "the cat sat on the mat. the dog sat on the log. ".repeat(20)).unwrap();
    let lines = json_lines(&["train", "--data", &text, "--steps", "20", "--every", "20", "--json"]);
    let (before, after) = (lines[0]["train_loss"].as_f64().unwrap(), lines[1]["train_loss"].as_f64().unwrap());
    assert!(after < before, "train loss {before} -> {after}");
}

#[test]
fn data_that_cannot_be_read_is_refused_naming_the_file() {
    let scratch = Scratch::new("data-bad");
    let missing = scratch.path("missing.csv");
    refused(&["train", "--data", &missing], &format!("cannot read data file {missing}"));
    let pdf = scratch.path("paper.pdf");
    std::fs::write(&pdf, b"%PDF").unwrap();
    refused(&["train", "--data", &pdf], &format!("{pdf}: not a data format nnplay reads; --data takes a .csv table"));
    let csv = scratch.path("bad.csv");
    std::fs::write(&csv, "a,b,label\n1,2,x\n3,oops,y\n").unwrap();
    refused(&["train", "--data", &csv], &format!("{csv} line 3, column 2"));
    refused(&["train", "--data", &csv, "--hidden", "4"], "cannot be used with");
}
