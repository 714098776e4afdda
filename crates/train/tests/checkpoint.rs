//! A checkpoint file resumes the exact trajectory of an uninterrupted run (on the CPU the
//! losses are identical), across epoch boundaries and with dropout, momentum, Adam's
//! moments and a schedule in play; a file that is not a checkpoint is refused by reason.

use nnplay_tensor::{Device, engine_test};
use nnplay_train::{RunSpec, SpecSession};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Dropout (random per step), momentum (optimizer state), a step schedule, and batches
/// of 48 from 160 training points, so epochs end mid-run.
const DROPOUT_MOMENTUM: &str = r#"{
    "input": [2],
    "layers": [
        {"kind": "dense", "units": 16}, {"kind": "activation", "function": "relu"},
        {"kind": "dropout", "p": 0.3}, {"kind": "dense", "units": 2}
    ],
    "loss": "cross_entropy",
    "optimizer": {"kind": "momentum", "learning_rate": 0.1, "momentum": 0.9, "nesterov": true},
    "schedule": {"kind": "step", "step_size": 7, "gamma": 0.8},
    "regularization": {"l2": 0.001},
    "batch_size": 48,
    "seed": 5,
    "data": {"kind": "spiral", "samples": 320, "noise": 0.1, "train_ratio": 0.5, "seed": 2}
}"#;

/// Losses of `steps` steps of `session`.
async fn losses(session: &mut SpecSession, steps: usize) -> Vec<f32> {
    let mut losses = Vec::with_capacity(steps);
    for _ in 0..steps {
        losses.push(session.step_with_loss().unwrap().to_scalar().await.unwrap());
    }
    losses
}

/// Trains `run` for `before + after` steps without a break, and again with a save after
/// `before` steps and a resume from the file, and returns both loss lists.
async fn with_and_without_a_break(run: &str, before: usize, after: usize) -> (Vec<f32>, Vec<f32>) {
    let run = RunSpec::from_json(run).unwrap();
    let mut straight = SpecSession::new(run.clone()).unwrap();
    let uninterrupted = losses(&mut straight, before + after).await;

    let mut first = SpecSession::new(run).unwrap();
    let mut resumed = losses(&mut first, before).await;
    let file = first.save().await.unwrap();
    drop(first);
    let mut second = SpecSession::resume(&file, Device::Cpu).unwrap();
    assert_eq!(second.steps(), before as u64);
    resumed.extend(losses(&mut second, after).await);
    (uninterrupted, resumed)
}

engine_test! {
    async fn resuming_a_checkpoint_continues_the_uninterrupted_run() {
        let (uninterrupted, resumed) = with_and_without_a_break(DROPOUT_MOMENTUM, 9, 12).await;
        assert_eq!(uninterrupted, resumed);
    }
}

engine_test! {
    async fn every_example_model_resumes_exactly() {
        for (name, run) in [
            ("cnn", include_str!("../../../examples/cnn.json")),
            ("gru", include_str!("../../../examples/gru.json")),
            ("lstm", include_str!("../../../examples/lstm.json")),
            ("transformer", include_str!("../../../examples/transformer.json")),
        ] {
            let (uninterrupted, resumed) = with_and_without_a_break(run, 3, 3).await;
            assert_eq!(uninterrupted, resumed, "{name}");
        }
    }
}

engine_test! {
    async fn a_checkpoint_keeps_changes_made_during_the_run() {
        let mut session = SpecSession::new(RunSpec::from_json(DROPOUT_MOMENTUM).unwrap()).unwrap();
        session.step().unwrap();
        session.set_learning_rate(0.02).unwrap();
        let resumed = SpecSession::resume(&session.save().await.unwrap(), Device::Cpu).unwrap();
        assert_eq!(resumed.spec().optimizer.learning_rate, 0.02);
        assert_eq!(resumed.learning_rate(), session.learning_rate());
    }
}

engine_test! {
    async fn a_file_that_is_not_a_checkpoint_is_refused_by_reason() {
        let session = SpecSession::new(RunSpec::from_json(DROPOUT_MOMENTUM).unwrap()).unwrap();
        let refused = |bytes: &[u8]| SpecSession::resume(bytes, Device::Cpu).err().unwrap().to_string();

        let weights = session.weights_safetensors().await.unwrap();
        assert_eq!(
            refused(&weights),
            "checkpoint: this safetensors file is not an NN Playground checkpoint (a weights file?)"
        );
        let file = session.save().await.unwrap();
        let info = nnplay_train::checkpoint::info(&file).unwrap();
        assert_eq!((info.steps, info.asset(), info.imported()), (0, None, false));
        assert_eq!(&info.model, session.spec());
        let truncated = refused(&file[..file.len() - 100]);
        assert!(truncated.starts_with("checkpoint: not a safetensors file ("), "{truncated}");
        assert!(refused(b"hello").starts_with("checkpoint: not a safetensors file ("), "{}", refused(b"hello"));

        // A run edited by hand to a model the weights do not fit.
        // (Same length, so the header stays valid.)
        let mut edited = file.clone();
        let at = edited.windows(10).position(|w| w == br#"units\":16"#).unwrap();
        edited[at + 9] = b'7';
        assert_eq!(
            refused(&edited),
            "checkpoint: `layers.0.weight` is [16, 2]; the model's is [17, 2]"
        );
    }
}

engine_test! {
    async fn a_run_on_imported_data_resumes_with_that_data_again() {
        let data = nnplay_data::TensorData {
            inputs: (0..60).map(|i| ((i * 7) % 11) as f32 / 11.0).collect(),
            input_shape: vec![3],
            targets: (0..20).map(|i| (i % 2) as f32).collect(),
            target_shape: vec![],
            classes: 2,
            len: 20,
        };
        let model = nnplay_train::suggest_model(&data);
        let mut straight = SpecSession::with_data(model.clone(), "table.csv", data.clone(), Device::Cpu).unwrap();
        let uninterrupted = losses(&mut straight, 8).await;

        let mut first = SpecSession::with_data(model, "table.csv", data.clone(), Device::Cpu).unwrap();
        let mut resumed = losses(&mut first, 5).await;
        let file = first.save().await.unwrap();
        let refused = SpecSession::resume(&file, Device::Cpu).err().unwrap().to_string();
        assert_eq!(
            refused,
            "checkpoint: its run: spec field data: this run trains on imported data (\"table.csv\"); load that file along with it"
        );
        let mut second = SpecSession::resume_with_data(&file, Device::Cpu, "table.csv", data).unwrap();
        resumed.extend(losses(&mut second, 3).await);
        assert_eq!(uninterrupted, resumed);
    }
}

engine_test! {
    async fn a_checkpoint_names_the_packed_file_its_data_needs() {
        let run = r#"{"input": [1, 8, 8], "layers": [{"kind": "flatten"}, {"kind": "dense", "units": 10}],
            "loss": "cross_entropy", "optimizer": {"kind": "adam", "learning_rate": 0.01},
            "batch_size": 32, "seed": 1, "data": {"kind": "digits"}}"#;
        let mut session = SpecSession::new(RunSpec::from_json(run).unwrap()).unwrap();
        session.step().unwrap();
        let info = nnplay_train::checkpoint::info(&session.save().await.unwrap()).unwrap();
        assert_eq!((info.steps, info.asset()), (1, Some("digits.bin")));
    }
}
