//! `nnplay presets` and `nnplay train --preset`.

mod common;

use common::{json_lines, refused, stdout_of};

#[test]
fn the_list_names_every_preset_with_its_outcome() {
    let list: serde_json::Value = serde_json::from_str(&stdout_of(&["presets", "--json"])).unwrap();
    let presets = list.as_array().unwrap();
    assert!(presets.iter().any(|p| p["name"] == "mlp-2d"), "{list}");
    for preset in presets {
        for field in ["name", "title", "summary", "expected", "explanation"] {
            assert!(!preset[field].as_str().unwrap().trim().is_empty(), "{field} of {preset}");
        }
        assert!(preset["steps"].as_u64().unwrap() > 0, "{preset}");
    }

    let text = stdout_of(&["presets"]);
    for preset in presets {
        let name = preset["name"].as_str().unwrap();
        let first = text.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name} in {text}"));
        assert!(first.contains(preset["title"].as_str().unwrap()), "{text}");
        assert!(text.contains(&format!("Expected: {}", preset["expected"].as_str().unwrap())), "{text}");
    }
}

#[test]
fn chinese_texts_differ_from_the_english_ones() {
    let en: serde_json::Value = serde_json::from_str(&stdout_of(&["presets", "--json", "--lang", "en"])).unwrap();
    let zh: serde_json::Value = serde_json::from_str(&stdout_of(&["presets", "--json", "--lang", "zh"])).unwrap();
    assert_eq!(en.as_array().unwrap().len(), zh.as_array().unwrap().len());
    for (en, zh) in en.as_array().unwrap().iter().zip(zh.as_array().unwrap()) {
        assert_eq!(en["name"], zh["name"]);
        assert_ne!(en["title"], zh["title"]);
        // Chinese text is mostly outside ASCII.
        assert!(!zh["summary"].as_str().unwrap().is_ascii(), "{zh}");
    }
    assert!(stdout_of(&["presets", "--lang", "zh"]).contains("预期结果: "));
    refused(&["presets", "--lang", "fr"], "fr");
}

#[test]
fn a_preset_trains_its_run_and_its_seed_can_change() {
    let train = |extra: &[&str]| {
        let mut args = vec!["train", "--preset", "mlp-2d", "--steps", "50", "--every", "50", "--json"];
        args.extend_from_slice(extra);
        json_lines(&args)
    };
    let lines = train(&[]);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["step"], 50);
    let (before, after) = (lines[0]["train_loss"].as_f64().unwrap(), lines[1]["train_loss"].as_f64().unwrap());
    assert!(after < before, "train loss {before} -> {after}");

    assert_eq!(train(&["--seed", "1"]), lines, "the preset's own seed is 1");
    let reseeded = train(&["--seed", "7"]);
    assert_ne!(reseeded[0]["train_loss"], lines[0]["train_loss"], "another seed, other weights and data");
    assert_eq!(train(&["--seed", "7"]), reseeded, "the same seed, the same run");
}

#[test]
fn an_unknown_preset_is_refused_with_the_names() {
    refused(&["train", "--preset", "nope"], "no preset called \"nope\"; the presets are ");
    refused(&["export", "--preset", "nope", "--out", "unused"], "no preset called \"nope\"");
}

#[test]
fn a_preset_cannot_be_mixed_with_network_options() {
    refused(&["train", "--preset", "mlp-2d", "--hidden", "4"], "cannot be used with");
}
