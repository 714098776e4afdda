use super::catalogue::ENTRIES;
use super::template::Template;
use super::*;
use crate::texts::has_chinese;
use nnplay_nn::ModelSpec;
use nnplay_tensor::Device;
use std::collections::BTreeSet;

#[test]
fn every_entry_names_the_same_slots_in_both_languages_and_is_chinese() {
    for (en, zh) in ENTRIES {
        let slots = |text| Template::parse(text).slot_names().into_iter().collect::<BTreeSet<_>>();
        assert_eq!(slots(en), slots(zh), "{en:?} and {zh:?} name other slots");
        let literal = Template::parse(zh).fill(|_| String::new());
        let kept = en == zh || literal.trim().is_empty() || literal.contains('：');
        assert!(kept || has_chinese(zh), "{en:?}: its Chinese {zh:?} holds no Chinese");
    }
}

#[test]
fn english_stays_as_the_engine_wrote_it() {
    let sentence = "a.csv line 3, column 2 (\"y\"): expected a number, found \"oops\"";
    assert_eq!(say(Language::En, sentence), sentence);
}

#[test]
fn import_errors_name_the_file_line_and_column_in_chinese() {
    assert_eq!(
        say(Language::Zh, "a.csv line 3, column 2 (\"y\"): expected a number, found \"oops\""),
        "a.csv 第 3 行第 2 列（\"y\"）：应为数字，实际是 \"oops\""
    );
    assert_eq!(
        say(Language::Zh, "row_short.csv line 3: expected 3 columns (as in line 1), found 2"),
        "row_short.csv 第 3 行：应为 3 列（与第 1 行相同），实际是 2"
    );
    assert_eq!(
        say(
            Language::Zh,
            "text.txt line 1, column 4: expected UTF-8 text (save the file as UTF-8), found the byte 0xE9"
        ),
        "text.txt 第 1 行第 4 列：应为 UTF-8 文本（请把文件存为 UTF-8），实际是字节 0xE9"
    );
    assert_eq!(
        say(Language::Zh, "big.txt: 1500 distinct characters; the limit is 1000"),
        "big.txt：有 1500 个不同的字符；上限是 1000"
    );
}

#[test]
fn a_sentence_inside_a_sentence_is_translated_too() {
    let nested = "checkpoint: its run: layers[1] (dense): units is 0; a dense layer needs at least 1 unit";
    let said = chinese(nested);
    assert!(said.complete, "{said:?}");
    assert_eq!(said.text, "检查点：其中的训练描述：layers[1]（dense）：units 是 0；全连接层至少需要 1 个单元");
    let json = chinese("spec: EOF while parsing a string at line 1 column 71");
    assert_eq!(json.text, "模型描述：字符串还没结束文件就结束了（文件可能被截断了）（第 1 行第 71 列）");
    let notice = chinese(
        "the GPU device was lost (destroyed on purpose). Training continues on the CPU from step 40, the last checkpoint.",
    );
    assert!(notice.complete && notice.text.contains("第 40 步"), "{notice:?}");
}

#[test]
fn an_unknown_sentence_is_kept_and_marked_incomplete() {
    let said = chinese("matmul: shapes 2×3 and 4×5");
    assert_eq!(said, Translation { text: "matmul: shapes 2×3 and 4×5".into(), complete: false });
    // A known frame around an unknown reason: the frame is said, the reason kept.
    let framed = chinese("checkpoint: something new went wrong");
    assert_eq!(framed.text, "检查点：something new went wrong");
    assert!(!framed.complete);
}

#[test]
fn notes_on_cut_text_are_said_in_chinese() {
    assert_eq!(
        clip_notes_in_chinese("\"xx…\" (10485760 characters) and (3 characters)"),
        "\"xx…\"（共 10485760 个字符） and（共 3 个字符）"
    );
    assert_eq!(clip_notes_in_chinese("no (note characters) here"), "no (note characters) here");
}

/// Layers a learner can get wrong in a hand-written or shared spec, each as the JSON of
/// one layer after an input of [1, 8, 8] or [6, 4] (a sequence).
const BAD_LAYERS: &[(&str, &str)] = &[
    ("[1, 8, 8]", r#"{"kind": "dense", "units": 0}"#),
    ("[1, 8, 8]", r#"{"kind": "conv2d", "out_channels": 0, "kernel_size": 3}"#),
    ("[1, 8, 8]", r#"{"kind": "conv2d", "out_channels": 2, "kernel_size": 0}"#),
    ("[1, 8, 8]", r#"{"kind": "conv2d", "out_channels": 2, "kernel_size": 3, "stride": 0}"#),
    ("[1, 8, 8]", r#"{"kind": "conv2d", "out_channels": 2, "kernel_size": 3, "dilation": 0}"#),
    ("[1, 8, 8]", r#"{"kind": "conv2d", "out_channels": 2, "kernel_size": 12}"#),
    ("[1, 8, 8]", r#"{"kind": "conv2d", "out_channels": 2, "kernel_size": 3, "dilation": 5}"#),
    ("[1, 8, 8]", r#"{"kind": "conv1d", "out_channels": 2, "kernel_size": 3}"#),
    ("[1, 8, 8]", r#"{"kind": "max_pool2d", "kernel_size": 2, "padding": 2}"#),
    ("[1, 8, 8]", r#"{"kind": "max_pool1d", "kernel_size": 2}"#),
    ("[1, 8, 8]", r#"{"kind": "avg_pool1d", "kernel_size": 2}"#),
    ("[6, 4]", r#"{"kind": "avg_pool2d", "kernel_size": 2}"#),
    ("[6, 4]", r#"{"kind": "batch_norm2d"}"#),
    ("[1, 8, 8]", r#"{"kind": "batch_norm1d"}"#),
    ("[1, 8, 8]", r#"{"kind": "batch_norm2d", "eps": 0}"#),
    ("[1, 8, 8]", r#"{"kind": "batch_norm2d", "momentum": 2}"#),
    ("[1, 8, 8]", r#"{"kind": "dropout", "p": 2}"#),
    ("[1, 8, 8]", r#"{"kind": "layer_norm", "normalized_shape": [8], "eps": 0}"#),
    ("[6, 4]", r#"{"kind": "gru", "hidden_size": 0}"#),
    ("[6, 4]", r#"{"kind": "lstm", "hidden_size": 4, "num_layers": 0}"#),
    ("[1, 8, 8]", r#"{"kind": "lstm", "hidden_size": 4}"#),
    ("[6, 4]", r#"{"kind": "self_attention", "num_heads": 0}"#),
    ("[6, 4]", r#"{"kind": "self_attention", "num_heads": 3}"#),
    ("[1, 8, 8]", r#"{"kind": "self_attention", "num_heads": 1}"#),
    ("[1, 8, 8]", r#"{"kind": "transformer_block", "num_heads": 1}"#),
    ("[6, 4]", r#"{"kind": "transformer_block", "num_heads": 2, "mlp_hidden": 0}"#),
    ("[6, 4]", r#"{"kind": "learned_positional", "max_len": 3}"#),
    ("[1, 8, 8]", r#"{"kind": "learned_positional", "max_len": 3}"#),
    ("[6]", r#"{"kind": "embedding", "num_embeddings": 0, "embedding_dim": 4}"#),
    ("[6]", r#"{"kind": "embedding", "num_embeddings": 5, "embedding_dim": 4, "padding_idx": 9}"#),
    ("[1, 8, 8]", r#"{"kind": "activation", "function": "swish"}"#),
    ("[1, 8, 8]", r#"{"kind": "activation", "function": {"leaky_relu": {"negative_slope": "x"}}}"#),
    ("[1, 8, 8]", r#"{"kind": "residual", "layers": []}"#),
    ("[1, 8, 8]", r#"{"kind": "residual", "layers": [{"kind": "flatten"}]}"#),
    ("[4]", r#"{"kind": "global_avg_pool"}"#),
    ("[1, 8, 8]", r#"{"kind": "conv3d"}"#),
    ("[1, 8, 8]", r#"{"units": 4}"#),
    ("[1, 8, 8]", r#"{"kind": "dense", "units": "four"}"#),
    ("[1, 8, 8]", r#"{"kind": "dense", "units": 4, "colour": "red"}"#),
];

#[test]
fn every_bad_layer_is_said_in_chinese() {
    let mut missing = Vec::new();
    for (input, layer) in BAD_LAYERS {
        let json = format!(
            r#"{{"input": {input}, "layers": [{layer}], "loss": "mse",
                "optimizer": {{"kind": "sgd", "learning_rate": 0.1}}, "batch_size": 2, "seed": 3}}"#
        );
        let error = match ModelSpec::from_json(&json).and_then(|spec| spec.build(Device::Cpu).map(|_| ())) {
            Ok(()) => panic!("{layer} after {input} was accepted"),
            Err(error) => error.to_string(),
        };
        let said = chinese(&error);
        if !said.complete {
            missing.push(format!("{error}\n    zh: {}", said.text));
        }
    }
    assert!(missing.is_empty(), "{} message(s) not in the catalogue:\n{}", missing.len(), missing.join("\n"));
}

/// Settings out of range, as the worker refuses a learner's change during a run.
#[test]
fn every_refused_setting_is_said_in_chinese() {
    let mut optimizer = nnplay_nn::optim::OptimizerConfig { learning_rate: 20.0, ..Default::default() };
    let mut reasons = vec![optimizer.validate().unwrap_err()];
    optimizer.learning_rate = 0.1;
    optimizer.beta2 = 1.5;
    reasons.push(optimizer.validate().unwrap_err());
    let schedule = nnplay_nn::schedule::LrSchedule::Step { step_size: 0, gamma: 0.5 };
    reasons.push(schedule.validate().unwrap_err());
    let warmup = nnplay_nn::schedule::LrSchedule::Warmup {
        warmup_steps: 10,
        start_factor: 0.1,
        then: Box::new(nnplay_nn::schedule::LrSchedule::Exponential { gamma: 3.0 }),
    };
    reasons.push(warmup.validate().unwrap_err());
    for reason in reasons {
        let said = chinese(&format!("optimizer: {reason}"));
        assert!(said.complete, "{reason}: {said:?}");
    }
}

#[test]
fn the_pages_saving_errors_are_said_in_chinese() {
    for sentence in [
        "The run could not be saved: the browser's storage for this page is full (quota exceeded).".to_string(),
        format!(
            "The saved run could not be read: {}.",
            crate::persist::store::describe("UnknownError", "Internal error.", "reading the run")
        ),
        "No checkpoint for the autosave: tensor error: something new".to_string(),
    ] {
        let said = chinese(&sentence);
        assert!(has_chinese(&said.text) && !said.text.starts_with("The"), "{sentence}: {said:?}");
    }
    let quota = chinese("The run could not be saved: the browser's storage for this page is full (quota exceeded).");
    assert_eq!(quota.text, "训练无法保存：浏览器给这个页面的存储空间已满（超出配额）。");
    assert!(quota.complete);
}

#[test]
fn a_refused_race_is_said_in_chinese() {
    let said = chinese(
        "the race stopped: race: `adam` starts from other weights than `sgd` (12 of 40 differ); give every run the \
         same model and seed",
    );
    assert!(said.complete, "{said:?}");
    assert_eq!(
        said.text,
        "赛跑停止了：赛跑：`adam` 的初始权重与 `sgd` 不同（40 个中有 12 个不同）；请让每个训练用相同的模型和种子"
    );
}

#[test]
fn an_unknown_preset_is_said_in_chinese() {
    let error = nnplay_train::presets::find("nope").expect_err("no such preset").to_string();
    let said = chinese(&error);
    assert!(said.complete && said.text.starts_with("没有名为“nope”的预设；可选的预设有 mlp-2d"), "{said:?}");
}

#[test]
fn a_run_over_the_memory_budget_is_said_in_chinese() {
    let spec = ModelSpec::from_json(
        r#"{"input": [4096], "layers": [{"kind": "dense", "units": 16384}, {"kind": "dense", "units": 4096}],
            "loss": "mse", "optimizer": {"kind": "adam", "learning_rate": 0.001}, "batch_size": 64, "seed": 1}"#,
    )
    .unwrap();
    let refusal = spec.memory_estimate().check(64 << 20).unwrap_err();
    let said = chinese(&refusal);
    assert!(said.complete, "{refusal}\n{said:?}");
    assert!(said.text.starts_with("这个模型大约需要 ") && said.text.contains("Adam 状态"), "{said:?}");
}

#[test]
fn a_gpu_out_of_memory_is_said_in_chinese() {
    let said = chinese(
        "the GPU ran out of memory (a buffer of 3.0 MiB could not be allocated; a smaller model or batch needs less). \
         Training continues on the CPU from step 20, the last checkpoint.",
    );
    assert!(said.complete, "{said:?}");
    assert!(said.text.starts_with("GPU 内存不足（无法分配 3.0 MiB 的缓冲区；"), "{said:?}");
}
