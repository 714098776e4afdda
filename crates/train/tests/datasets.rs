//! Every built-in dataset trains: each `"data"` kind of a run file gives examples whose
//! shapes a suggested model fits, with a held-out test share, and one step runs.

use nnplay_data::{AssetFiles, SyntheticSpec};
use nnplay_tensor::{Device, engine_test};
use nnplay_train::{RunData, RunSpec, SpecSession, suggest_model};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The `"data"` entry of every built-in kind beyond the 2-D sets, small.
const KINDS: [&str; 13] = [
    r#"{"kind": "bars", "samples": 30, "size": 8}"#,
    r#"{"kind": "parity", "samples": 30, "length": 6, "window": 3}"#,
    r#"{"kind": "chars", "samples": 30, "length": 8}"#,
    r#"{"kind": "digits"}"#,
    r#"{"kind": "digits", "upscaled": true}"#,
    r#"{"kind": "shapes", "samples": 40, "size": 16}"#,
    r#"{"kind": "adding", "samples": 30, "length": 10}"#,
    r#"{"kind": "copy", "samples": 30, "length": 3, "symbols": 4}"#,
    r#"{"kind": "reverse", "samples": 30, "length": 3, "symbols": 4}"#,
    r#"{"kind": "sine", "samples": 30, "length": 12}"#,
    r#"{"kind": "tones", "samples": 20}"#,
    r#"{"kind": "spoken_digits"}"#,
    r#"{"kind": "text", "language": "zh", "samples": 20, "length": 12}"#,
];

engine_test! {
    async fn every_builtin_dataset_trains_with_a_suggested_model() {
        let assets = AssetFiles::builtin();
        for kind in KINDS {
            let spec: SyntheticSpec = serde_json::from_str(kind).unwrap();
            let data = spec.generate_with(1, &assets).unwrap_or_else(|e| panic!("{kind}: {e}"));
            let run = RunSpec { model: suggest_model(&data), data: RunData::Generated(spec) };
            // The run file round-trips, data entry included.
            assert_eq!(RunSpec::from_json(&run.to_json()).unwrap(), run, "{kind}");
            let mut session = SpecSession::with_assets(run, Device::Cpu, &assets).unwrap_or_else(|e| panic!("{kind}: {e}"));
            session.step().unwrap();
            let metrics = session.metrics().await.unwrap();
            assert!(metrics.train_loss.is_finite() && metrics.test_loss.is_finite(), "{kind}: {metrics:?}");
            assert_eq!(metrics.test_accuracy.is_some(), data.classes > 0, "{kind}");
        }
    }
}

engine_test! {
    async fn a_packed_dataset_that_is_not_loaded_says_which_file() {
        let spec: SyntheticSpec = serde_json::from_str(r#"{"kind": "digits"}"#).unwrap();
        assert_eq!(spec.asset(), Some("digits.bin"));
        let err = spec.generate_with(1, &AssetFiles::new()).unwrap_err().to_string();
        assert!(err.starts_with("dataset file digits.bin: not loaded"), "{err}");
    }
}

engine_test! {
    async fn a_model_that_does_not_fit_a_packed_dataset_is_told_its_shape() {
        let run = RunSpec::from_json(
            r#"{"input": [1, 8, 8], "layers": [{"kind": "flatten"}, {"kind": "dense", "units": 10}],
                "loss": "cross_entropy", "optimizer": {"kind": "adam", "learning_rate": 0.01},
                "batch_size": 32, "seed": 1, "data": {"kind": "spoken_digits"}}"#,
        );
        let err = run.map(|r| SpecSession::new(r).map(drop)).unwrap().unwrap_err().to_string();
        assert!(err.contains("[1, 32, 40]"), "a mismatched input names the data's shape: {err}");
    }
}

engine_test! {
    async fn spoken_digits_are_tested_on_voices_never_heard_in_training() {
        let assets = AssetFiles::builtin();
        let spec: SyntheticSpec = serde_json::from_str(r#"{"kind": "spoken_digits"}"#).unwrap();
        let held_out = spec.held_out(&assets).unwrap().unwrap();
        let voices = nnplay_data::spoken::voices(assets.get("spoken-digits.bin").unwrap()).unwrap();
        assert_eq!(held_out.iter().filter(|&&test| test).count(), 80);
        for (clip, &voice) in voices.of_clip.iter().enumerate() {
            let same_voice = voices.of_clip.iter().zip(&held_out).filter(|(v, _)| **v == voice);
            assert!(same_voice.clone().all(|(_, &test)| test == held_out[clip]), "voice {voice} is on both sides");
        }
    }
}
