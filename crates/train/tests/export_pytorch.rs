//! The PyTorch export: for every layer kind, the parameters the playground builds are
//! exactly the state_dict PyTorch's modules declare (names, shapes, order), model.py
//! declares a module for every layer, and — where python3 has torch and safetensors —
//! the exported model loads the weights with strict=True and computes the playground's
//! outputs.
#![cfg(not(target_arch = "wasm32"))]

use nnplay_nn::spec::KINDS;
use nnplay_nn::{Activation, Context, LayerSpec, ModelSpec, Regularization};
use nnplay_tensor::rng::StreamRng;
use nnplay_tensor::{Device, Tensor};
use nnplay_train::RunSpec;
use nnplay_train::export::ExportError;
use nnplay_train::export::pytorch::{bundle, model_py};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Small specs that together use every layer kind and setting that changes the PyTorch
/// module, and every loss, optimizer and schedule kind.
const SPECS: &[(&str, &str)] = &[
    (
        "dense_activations",
        r#"{"input": [5], "layers": [
            {"kind": "dense", "units": 8}, {"kind": "activation", "function": "relu"},
            {"kind": "dense", "units": 8}, {"kind": "activation", "function": {"leaky_relu": {"negative_slope": 0.2}}},
            {"kind": "dense", "units": 8}, {"kind": "activation", "function": {"elu": {"alpha": 0.5}}},
            {"kind": "dropout", "p": 0.3},
            {"kind": "dense", "units": 8}, {"kind": "activation", "function": "gelu"},
            {"kind": "batch_norm1d"},
            {"kind": "activation", "function": "silu"}, {"kind": "activation", "function": "tanh"},
            {"kind": "layer_norm", "eps": 0.001},
            {"kind": "dense", "units": 6}, {"kind": "activation", "function": "sigmoid"},
            {"kind": "activation", "function": "linear"}, {"kind": "activation", "function": "softmax"}
        ],
        "loss": {"huber": {"delta": 0.5}},
        "optimizer": {"kind": "momentum", "learning_rate": 0.05, "nesterov": true, "weight_decay": 0.001,
                      "clip_grad_norm": 1.0},
        "schedule": {"kind": "warmup", "warmup_steps": 10, "start_factor": 0.1,
                     "then": {"kind": "cosine", "t_max": 100, "eta_min": 0.001}},
        "regularization": {"l2": 0.01},
        "batch_size": 4, "seed": 3}"#,
    ),
    (
        "conv2d_pools",
        r#"{"input": [2, 11, 10], "layers": [
            {"kind": "conv2d", "out_channels": 4, "kernel_size": [3, 2], "stride": [1, 2], "padding": [1, 0],
             "dilation": [2, 1]},
            {"kind": "batch_norm2d", "momentum": null},
            {"kind": "activation", "function": "relu"},
            {"kind": "max_pool2d", "kernel_size": 3, "stride": [2, 1], "padding": 1, "dilation": [1, 2]},
            {"kind": "conv2d", "out_channels": 3, "kernel_size": 2, "padding": 1, "bias": false},
            {"kind": "avg_pool2d", "kernel_size": [3, 2], "stride": [2, 1], "padding": [1, 1],
             "count_include_pad": false},
            {"kind": "avg_pool2d", "kernel_size": 2},
            {"kind": "max_pool2d", "kernel_size": 1},
            {"kind": "global_avg_pool"},
            {"kind": "dense", "units": 3}
        ],
        "loss": "cross_entropy",
        "optimizer": {"kind": "rmsprop", "learning_rate": 0.01, "centered": true, "rmsprop_momentum": 0.5},
        "schedule": {"kind": "step", "step_size": 10, "gamma": 0.5},
        "regularization": {"l1": 0.001, "parameters": ["layers.0.", "layers.9.weight"]},
        "batch_size": 4, "seed": 4}"#,
    ),
    (
        "conv1d_pools",
        r#"{"input": [3, 20], "layers": [
            {"kind": "conv1d", "out_channels": 4, "kernel_size": 3, "padding": 2, "dilation": 2},
            {"kind": "batch_norm1d", "eps": 0.001, "momentum": 0.2},
            {"kind": "max_pool1d", "kernel_size": 3, "stride": 2, "padding": 1},
            {"kind": "conv1d", "out_channels": 5, "kernel_size": 2, "stride": 2, "bias": false},
            {"kind": "avg_pool1d", "kernel_size": 3, "stride": 1, "padding": 1, "count_include_pad": false},
            {"kind": "avg_pool1d", "kernel_size": 2, "padding": 1},
            {"kind": "max_pool1d", "kernel_size": 2, "dilation": 2, "stride": 1},
            {"kind": "flatten"},
            {"kind": "dense", "units": 2}
        ],
        "loss": "binary_cross_entropy_with_logits",
        "optimizer": {"kind": "adagrad", "learning_rate": 0.1, "lr_decay": 0.01, "initial_accumulator_value": 0.1},
        "schedule": {"kind": "exponential", "gamma": 0.99},
        "batch_size": 4, "seed": 5}"#,
    ),
    (
        "global_pool_1d",
        r#"{"input": [2, 7], "layers": [
            {"kind": "conv1d", "out_channels": 3, "kernel_size": 3},
            {"kind": "global_avg_pool"}, {"kind": "dense", "units": 2}
        ],
        "loss": "l1", "optimizer": {"kind": "sgd", "learning_rate": 0.1}, "batch_size": 4, "seed": 6}"#,
    ),
    (
        "recurrent_sequences",
        r#"{"input": [6, 3], "layers": [
            {"kind": "rnn", "hidden_size": 5, "nonlinearity": "relu", "return_sequence": true},
            {"kind": "rnn", "hidden_size": 4, "num_layers": 2, "return_sequence": true},
            {"kind": "gru", "hidden_size": 4, "num_layers": 2, "return_sequence": true},
            {"kind": "lstm", "hidden_size": 3, "return_sequence": true},
            {"kind": "lstm", "hidden_size": 4, "num_layers": 2},
            {"kind": "dense", "units": 2}
        ],
        "loss": "cross_entropy",
        "optimizer": {"kind": "adamw", "learning_rate": 0.003, "amsgrad": true},
        "schedule": {"kind": "linear", "start_factor": 0.5, "total_iters": 20},
        "batch_size": 4, "seed": 7}"#,
    ),
    (
        "recurrent_last",
        r#"{"input": [5, 2], "layers": [
            {"kind": "gru", "hidden_size": 6},
            {"kind": "dense", "units": 3}
        ],
        "loss": "cross_entropy", "optimizer": {"kind": "adam", "learning_rate": 0.01}, "batch_size": 4, "seed": 8}"#,
    ),
    (
        "attention_tokens",
        r#"{"input": [7], "layers": [
            {"kind": "embedding", "num_embeddings": 11, "embedding_dim": 8, "padding_idx": 0},
            {"kind": "sinusoidal_positional", "max_len": 10},
            {"kind": "self_attention", "num_heads": 2},
            {"kind": "self_attention", "num_heads": 4, "causal": true},
            {"kind": "transformer_block", "num_heads": 2, "mlp_hidden": 12, "dropout": 0.1, "causal": true},
            {"kind": "transformer_block", "num_heads": 4},
            {"kind": "residual", "layers": [{"kind": "layer_norm"}, {"kind": "self_attention", "num_heads": 2,
                                                                      "causal": true}]},
            {"kind": "layer_norm", "elementwise_affine": false},
            {"kind": "dense", "units": 11}
        ],
        "loss": {"cross_entropy": {"ignore_index": 0, "label_smoothing": 0.1}},
        "optimizer": {"kind": "adamw", "learning_rate": 0.003},
        "batch_size": 4, "seed": 9}"#,
    ),
    (
        "learned_positions",
        r#"{"input": [6, 4], "layers": [
            {"kind": "learned_positional", "max_len": 9},
            {"kind": "layer_norm", "bias": false},
            {"kind": "sinusoidal_positional"},
            {"kind": "dense", "units": 2}
        ],
        "loss": "mse", "optimizer": {"kind": "adam", "learning_rate": 0.01}, "batch_size": 4, "seed": 10}"#,
    ),
    (
        "residual_nested",
        r#"{"input": [6], "layers": [
            {"kind": "residual", "layers": [{"kind": "dense", "units": 10}, {"kind": "activation", "function": "relu"},
                                            {"kind": "dense", "units": 6}]},
            {"kind": "residual", "layers": [
                {"kind": "layer_norm"},
                {"kind": "residual", "layers": [{"kind": "dense", "units": 6}, {"kind": "activation", "function": "tanh"}]},
                {"kind": "batch_norm1d", "affine": false}
            ]},
            {"kind": "batch_norm1d", "track_running_stats": false},
            {"kind": "dense", "units": 3}
        ],
        "loss": "mse", "optimizer": {"kind": "sgd", "learning_rate": 0.1},
        "regularization": {"l1": 0.0001, "l2": 0.001},
        "batch_size": 4, "seed": 11}"#,
    ),
];

/// The run files in `examples/`: a model spec plus its data.
const EXAMPLES: &[(&str, &str)] = &[
    ("example_mlp", include_str!("../../../examples/mlp.json")),
    ("example_cnn", include_str!("../../../examples/cnn.json")),
    ("example_gru", include_str!("../../../examples/gru.json")),
    ("example_lstm", include_str!("../../../examples/lstm.json")),
    ("example_transformer", include_str!("../../../examples/transformer.json")),
];

/// Every spec under test, by name.
fn all_specs() -> Vec<(&'static str, ModelSpec)> {
    let small = SPECS.iter().map(|(name, text)| (*name, ModelSpec::from_json(text).unwrap()));
    let examples = EXAMPLES.iter().map(|(name, text)| (*name, RunSpec::from_json(text).unwrap().model));
    small.chain(examples).collect()
}

/// A state_dict entry: key and shape.
type Entry = (String, Vec<usize>);

/// What the PyTorch module a layer exports as declares in its state_dict, in order,
/// written from PyTorch's documented conventions (not from the playground's code):
/// parameters first, then buffers, then child modules.
fn torch_state_dict(layer: &LayerSpec, input: &[usize], prefix: &str, template: &ModelSpec) -> Vec<Entry> {
    let key = |name: &str, shape: &[usize]| (format!("{prefix}.{name}"), shape.to_vec());
    let last = *input.last().unwrap();
    // nn.Linear(in, out): weight [out, in], bias [out].
    let linear = |name: &str, inputs: usize, outputs: usize| {
        vec![key(&format!("{name}weight"), &[outputs, inputs]), key(&format!("{name}bias"), &[outputs])]
    };
    // nn.LayerNorm(features): weight and bias [features].
    let layer_norm = |name: &str, features: usize| {
        vec![key(&format!("{name}weight"), &[features]), key(&format!("{name}bias"), &[features])]
    };
    // nn.MultiheadAttention(d): in_proj_weight [3d, d], in_proj_bias [3d], then out_proj, an nn.Linear(d, d).
    let attention = |name: &str, width: usize| {
        let mut entries = vec![
            key(&format!("{name}in_proj_weight"), &[3 * width, width]),
            key(&format!("{name}in_proj_bias"), &[3 * width]),
        ];
        entries.extend(linear(&format!("{name}out_proj."), width, width));
        entries
    };
    // nn.RNN / GRU / LSTM(in, hidden, num_layers): for each layer k, weight_ih_lk [gates·hidden,
    // in or hidden], weight_hh_lk [gates·hidden, hidden], bias_ih_lk and bias_hh_lk [gates·hidden].
    let recurrent = |gates: usize, hidden: usize, layers: usize| {
        (0..layers)
            .flat_map(|k| {
                let inputs = if k == 0 { last } else { hidden };
                [
                    key(&format!("weight_ih_l{k}"), &[gates * hidden, inputs]),
                    key(&format!("weight_hh_l{k}"), &[gates * hidden, hidden]),
                    key(&format!("bias_ih_l{k}"), &[gates * hidden]),
                    key(&format!("bias_hh_l{k}"), &[gates * hidden]),
                ]
            })
            .collect::<Vec<_>>()
    };
    match layer {
        LayerSpec::Dense { units, .. } => linear("", last, *units),
        // nn.ConvNd(in, out, kernel): weight [out, in, ..kernel], bias [out].
        LayerSpec::Conv1d(c) => {
            let mut entries = vec![key("weight", &[c.out_channels, input[0], c.kernel_size])];
            if c.bias {
                entries.push(key("bias", &[c.out_channels]));
            }
            entries
        }
        LayerSpec::Conv2d(c) => {
            let [kh, kw] = c.kernel_size.0;
            let mut entries = vec![key("weight", &[c.out_channels, input[0], kh, kw])];
            if c.bias {
                entries.push(key("bias", &[c.out_channels]));
            }
            entries
        }
        // nn.BatchNormNd(C): weight, bias [C] (affine); buffers running_mean, running_var [C]
        // and num_batches_tracked [] (track_running_stats).
        LayerSpec::BatchNorm1d(c) | LayerSpec::BatchNorm2d(c) => {
            let channels = input[0];
            let mut entries = Vec::new();
            if c.affine {
                entries.extend([key("weight", &[channels]), key("bias", &[channels])]);
            }
            if c.track_running_stats {
                entries.extend([
                    key("running_mean", &[channels]),
                    key("running_var", &[channels]),
                    key("num_batches_tracked", &[]),
                ]);
            }
            entries
        }
        // nn.LayerNorm(F, elementwise_affine, bias): weight [F] if affine, bias [F] if both.
        LayerSpec::LayerNorm(c) => match (c.elementwise_affine, c.bias) {
            (true, true) => layer_norm("", last),
            (true, false) => vec![key("weight", &[last])],
            (false, _) => vec![],
        },
        // nn.Embedding(n, d): weight [n, d].
        LayerSpec::Embedding(c) => vec![key("weight", &[c.num_embeddings, c.embedding_dim])],
        // An nn.Embedding(max_len, d) table: weight [max_len, d].
        LayerSpec::LearnedPositional(c) => vec![key("weight", &[c.max_len.unwrap_or(input[0]), last])],
        LayerSpec::Rnn(c) => recurrent(1, c.hidden_size, c.num_layers),
        LayerSpec::Gru(c) => recurrent(3, c.hidden_size, c.num_layers),
        LayerSpec::Lstm(c) => recurrent(4, c.hidden_size, c.num_layers),
        LayerSpec::SelfAttention(_) => attention("", last),
        // norm1, attention, norm2, mlp = Sequential(Linear(d, h), GELU, Linear(h, d)).
        LayerSpec::TransformerBlock(c) => {
            let hidden = c.mlp_hidden.unwrap_or(4 * last);
            let mut entries = layer_norm("norm1.", last);
            entries.extend(attention("attention.", last));
            entries.extend(layer_norm("norm2.", last));
            entries.extend(linear("mlp.0.", last, hidden));
            entries.extend(linear("mlp.2.", hidden, last));
            entries
        }
        // Children `layers.j` of an nn.Sequential, each with its own input shape.
        LayerSpec::Residual(c) => {
            let inner = ModelSpec {
                input: input.to_vec(),
                layers: c.layers.clone(),
                regularization: Regularization::default(),
                ..template.clone()
            };
            let shapes = inner_inputs(&inner);
            c.layers
                .iter()
                .enumerate()
                .flat_map(|(j, child)| torch_state_dict(child, &shapes[j], &format!("{prefix}.layers.{j}"), template))
                .collect()
        }
        // Activations, pooling, flatten and dropout have no state; the sinusoid table is a
        // buffer registered with persistent=False, so it is left out of the state_dict.
        LayerSpec::Activation { .. }
        | LayerSpec::MaxPool1d(_)
        | LayerSpec::MaxPool2d(_)
        | LayerSpec::AvgPool1d(_)
        | LayerSpec::AvgPool2d(_)
        | LayerSpec::GlobalAvgPool(_)
        | LayerSpec::Flatten(_)
        | LayerSpec::Dropout(_)
        | LayerSpec::SinusoidalPositional(_) => vec![],
    }
}

/// The input shape of each layer of `spec`.
fn inner_inputs(spec: &ModelSpec) -> Vec<Vec<usize>> {
    let summary = spec.summary().unwrap();
    std::iter::once(spec.input.clone()).chain(summary.iter().map(|s| s.output_shape.clone())).collect()
}

/// The torch class model.py must construct for a layer (matched in the layer's line).
fn torch_class(layer: &LayerSpec) -> &'static str {
    match layer {
        LayerSpec::Dense { .. } => "nn.Linear(",
        LayerSpec::Activation { function } => match function {
            Activation::Relu => "nn.ReLU()",
            Activation::LeakyRelu { .. } => "nn.LeakyReLU(",
            Activation::Elu { .. } => "nn.ELU(",
            Activation::Gelu => "nn.GELU()",
            Activation::Silu => "nn.SiLU()",
            Activation::Tanh => "nn.Tanh()",
            Activation::Sigmoid => "nn.Sigmoid()",
            Activation::Softmax => "nn.Softmax(dim=-1)",
            Activation::Linear => "nn.Identity()",
        },
        LayerSpec::Conv1d(_) => "nn.Conv1d(",
        LayerSpec::Conv2d(_) => "nn.Conv2d(",
        LayerSpec::MaxPool1d(_) => "nn.MaxPool1d(",
        LayerSpec::MaxPool2d(_) => "nn.MaxPool2d(",
        LayerSpec::AvgPool1d(_) => "nn.AvgPool1d(",
        LayerSpec::AvgPool2d(_) => "nn.AvgPool2d(",
        LayerSpec::GlobalAvgPool(_) => "nn.AdaptiveAvgPool",
        LayerSpec::Flatten(_) => "nn.Flatten()",
        LayerSpec::Dropout(_) => "nn.Dropout(",
        LayerSpec::BatchNorm1d(_) => "nn.BatchNorm1d(",
        LayerSpec::BatchNorm2d(_) => "nn.BatchNorm2d(",
        LayerSpec::LayerNorm(_) => "nn.LayerNorm(",
        LayerSpec::Embedding(_) => "Embedding(",
        LayerSpec::LearnedPositional(_) => "LearnedPositional(",
        LayerSpec::SinusoidalPositional(_) => "SinusoidalPositional(",
        LayerSpec::Rnn(_) => "RNN(",
        LayerSpec::Gru(_) => "GRU(",
        LayerSpec::Lstm(_) => "LSTM(",
        LayerSpec::SelfAttention(_) => "SelfAttention(",
        LayerSpec::TransformerBlock(_) => "TransformerBlock(",
        LayerSpec::Residual(_) => "Residual(",
    }
}

/// Checks that `source` has a line for each of `layers` (named under `prefix`) with the
/// right torch class, recursing into residuals; collects the kinds seen.
fn check_lines(source: &str, layers: &[LayerSpec], prefix: &str, kinds: &mut BTreeSet<&'static str>) {
    for (i, layer) in layers.iter().enumerate() {
        let name = format!("{prefix}.{i}");
        let tag = format!("# {name}: {} -> ", layer.kind());
        let line = source.lines().find(|line| line.contains(&tag)).unwrap_or_else(|| panic!("no line for {tag}"));
        assert!(line.contains(torch_class(layer)), "{name}: expected {} in {line:?}", torch_class(layer));
        kinds.insert(layer.kind());
        if let LayerSpec::Residual(config) = layer {
            check_lines(source, &config.layers, &format!("{name}.layers"), kinds);
        }
    }
}

#[test]
fn parameters_follow_the_state_dict_of_the_pytorch_modules() {
    let mut kinds = BTreeSet::new();
    for (name, spec) in all_specs() {
        let model = spec.build(Device::Cpu).unwrap();
        let inputs = inner_inputs(&spec);
        let expected: Vec<Entry> = spec
            .layers
            .iter()
            .enumerate()
            .flat_map(|(i, layer)| torch_state_dict(layer, &inputs[i], &format!("layers.{i}"), &spec))
            .collect();
        let actual: Vec<Entry> =
            model.params.params().iter().map(|p| (p.name.clone(), p.value.dims().to_vec())).collect();
        assert_eq!(actual, expected, "{name}");

        let source = model_py(&spec).unwrap();
        check_lines(&source, &spec.layers, "layers", &mut kinds);
        assert!(source.contains("class Model(nn.Module):"), "{name}");
        assert!(source.contains(r#"m.load_state_dict(load_file("weights.safetensors"), strict=True)"#), "{name}");
        for helper in ["Embedding", "LearnedPositional", "SinusoidalPositional", "SelfAttention", "TransformerBlock"] {
            let call = format!("{helper}(");
            let used = source.lines().any(|line| line.trim_start().starts_with(&call) && line.contains("# layers."));
            assert_eq!(used, source.contains(&format!("class {helper}(")), "{name}: {helper} used iff defined");
        }
    }
    let all: BTreeSet<&str> = KINDS.iter().copied().collect();
    assert_eq!(kinds, all, "the specs under test cover every layer kind");
}

#[test]
fn the_header_gives_the_shapes_and_the_training_settings() {
    let spec = RunSpec::from_json(EXAMPLES[4].1).unwrap().model;
    let source = model_py(&spec).unwrap();
    assert!(source.starts_with(r#""""NN Playground model, exported to PyTorch."#), "{source}");
    assert!(source.contains("Input x: token ids [batch, 16], whole numbers in 0..28"), "{source}");
    assert!(source.contains("Output y: [batch, 16, 28], class logits"), "{source}");
    assert!(source.contains("INPUT_SHAPE = (16,)"), "{source}");
    assert!(source.contains("OUTPUT_SHAPE = (16, 28)"), "{source}");
    assert!(
        source.contains("model.parameters(), lr=0.003, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False")
    );
    assert!(source.contains("return torch.optim.AdamW("));
    assert!(source.contains("BATCH_SIZE = 16"));
}

#[test]
fn a_bundle_holds_the_four_files_and_refuses_weights_of_another_model() {
    let spec = ModelSpec::from_json(SPECS[0].1).unwrap();
    let model = spec.build(Device::Cpu).unwrap();
    let weights = pollster::block_on(nnplay_train::weights::to_safetensors(&model.params)).unwrap();
    let files = bundle(&spec, weights.clone()).unwrap();
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["model.py", "weights.safetensors", "spec.json", "README.md"]);
    assert_eq!(files[0].1, model_py(&spec).unwrap().into_bytes());
    assert_eq!(files[1].1, weights);
    let round_trip = ModelSpec::from_json(std::str::from_utf8(&files[2].1).unwrap()).unwrap();
    assert_eq!(round_trip, spec);
    let readme = std::str::from_utf8(&files[3].1).unwrap();
    assert!(readme.contains("strict=True") && readme.contains("Input `x`: float32 [batch, 5]"), "{readme}");

    let other = ModelSpec::from_json(SPECS[3].1).unwrap().build(Device::Cpu).unwrap();
    let other_weights = pollster::block_on(nnplay_train::weights::to_safetensors(&other.params)).unwrap();
    let error = bundle(&spec, other_weights).unwrap_err();
    assert!(matches!(error, ExportError::Weights(_)), "{error:?}");
    assert!(error.to_string().contains("`layers.0.weight` has shape [3, 2, 3] but the model's is [8, 5]"), "{error}");
}

#[test]
fn a_spec_that_does_not_build_is_refused_naming_the_layer() {
    let mut spec = ModelSpec::from_json(SPECS[3].1).unwrap();
    spec.input = vec![2];
    let error = model_py(&spec).unwrap_err();
    assert!(error.to_string().starts_with("cannot export: layers[0] (conv1d): "), "{error}");
}

/// Checks that every model.py parses as Python, where python3 runs (torch is not needed).
#[test]
fn model_py_is_valid_python() {
    let folder = std::env::temp_dir().join(format!("nnplay-export-python-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let mut paths = Vec::new();
    for (name, spec) in all_specs() {
        let path = folder.join(format!("{name}.py"));
        std::fs::write(&path, model_py(&spec).unwrap()).unwrap();
        paths.push(path);
    }
    let parse = "import ast, sys\nfor path in sys.argv[1:]:\n    ast.parse(open(path).read(), path)";
    let result = Command::new("python3").args(["-c", parse]).args(&paths).output();
    std::fs::remove_dir_all(&folder).unwrap();
    match result {
        Ok(output) => assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr)),
        Err(error) => println!("skipped: python3 does not start ({error})"),
    }
}

// ---- With PyTorch ----

/// Outputs must agree within this, absolute plus relative to PyTorch's value.
const TOLERANCE: f32 = 1e-5;

/// Why python3 cannot run the exports, if it cannot.
fn torch_missing() -> Option<String> {
    match Command::new("python3").args(["-c", "import torch, safetensors"]).output() {
        Ok(output) if output.status.success() => None,
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            Some(stderr.lines().last().unwrap_or("no message").to_string())
        }
        Err(error) => Some(format!("python3 does not start: {error}")),
    }
}

/// Gives every parameter and buffer values away from its initial ones (LayerNorm starts
/// at 1 and 0, attention biases at 0, running statistics at 0 and 1), so each one's role
/// is compared: random shifts, a positive running variance and a whole batch count.
fn randomize(params: &mut nnplay_nn::ParamStore) {
    for index in 0..params.len() {
        let param = &params.params()[index];
        let old = pollster::block_on(param.value.to_vec()).unwrap();
        let mut rng = StreamRng::new(77, index as u32);
        let new: Vec<f32> = if param.name.ends_with("num_batches_tracked") {
            vec![7.0]
        } else if param.name.ends_with("running_var") {
            old.iter().map(|_| rng.uniform(0.5, 1.5)).collect()
        } else {
            old.iter().map(|v| v + rng.uniform(-0.5, 0.5)).collect()
        };
        let value = Tensor::from_vec(new, param.value.dims().to_vec(), Device::Cpu).unwrap();
        params.set(index, &value);
    }
}

/// A fixed batch of 3 examples: token ids for an embedding, else normal values.
fn fixed_input(spec: &ModelSpec) -> Tensor {
    let count = 3 * spec.input.iter().product::<usize>();
    let mut rng = StreamRng::new(2024, 0);
    let values: Vec<f32> = match spec.layers.first() {
        Some(LayerSpec::Embedding(c)) => (0..count).map(|_| rng.below(c.num_embeddings) as f32).collect(),
        _ => (0..count).map(|_| rng.normal()).collect(),
    };
    let mut shape = vec![3];
    shape.extend_from_slice(&spec.input);
    Tensor::from_vec(values, shape, Device::Cpu).unwrap()
}

/// Writes one f32 tensor as a safetensors file.
fn write_tensor(path: &Path, name: &str, values: &[f32], shape: &[usize]) {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    let view = safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.to_vec(), &bytes).unwrap();
    std::fs::write(path, safetensors::serialize([(name, view)], None).unwrap()).unwrap();
}

/// A tensor of a safetensors file as f64 values.
fn read_tensor(file: &safetensors::SafeTensors, name: &str) -> (Vec<f64>, Vec<usize>) {
    let view = file.tensor(name).unwrap();
    let values = match view.dtype() {
        safetensors::Dtype::F32 => {
            view.data().chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().unwrap()) as f64).collect()
        }
        safetensors::Dtype::F64 => {
            view.data().chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().unwrap())).collect()
        }
        other => panic!("{name} is {other:?}"),
    };
    (values, view.shape().to_vec())
}

/// The largest absolute difference, and the largest difference relative to the tolerance
/// (over 1 fails: |a − b| > TOLERANCE · (1 + |b|)).
fn differences(ours: &[f32], theirs: &[f64]) -> (f64, f64) {
    ours.iter().zip(theirs).fold((0.0, 0.0), |(abs, ratio), (&a, &b)| {
        let difference = (a as f64 - b).abs();
        (abs.max(difference), ratio.max(difference / (TOLERANCE as f64 * (1.0 + b.abs()))))
    })
}

#[test]
fn exported_models_compute_the_playground_outputs_in_pytorch() {
    if let Some(reason) = torch_missing() {
        println!("skipped: python3 cannot import torch and safetensors ({reason})");
        return;
    }
    let root = std::env::temp_dir().join(format!("nnplay-export-pytorch-{}", std::process::id()));
    let mut cases = Vec::new();
    for (name, spec) in all_specs() {
        let mut model = spec.build(Device::Cpu).unwrap();
        randomize(&mut model.params);
        let x = fixed_input(&spec);
        let y = model.forward(&model.params.detached(), &x, &mut Context::eval()).unwrap();
        let y = (pollster::block_on(y.to_vec()).unwrap(), y.dims().to_vec());
        let weights = pollster::block_on(nnplay_train::weights::to_safetensors(&model.params)).unwrap();
        let folder = root.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        for (file, bytes) in bundle(&spec, weights).unwrap() {
            std::fs::write(folder.join(file), bytes).unwrap();
        }
        write_tensor(&folder.join("input.safetensors"), "x", &pollster::block_on(x.to_vec()).unwrap(), x.dims());
        cases.push((name, folder, y));
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pytorch/run_exports.py");
    let output = Command::new("python3").arg(&script).args(cases.iter().map(|(_, folder, _)| folder)).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    let mut failures = Vec::new();
    for (name, folder, (ours, shape)) in &cases {
        let bytes = std::fs::read(folder.join("output.safetensors")).unwrap();
        let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
        let (theirs, their_shape) = read_tensor(&file, "y");
        let (reference, _) = read_tensor(&file, "y64");
        assert_eq!(&their_shape, shape, "{name}: output shape");
        let (max_abs, ratio) = differences(ours, &theirs);
        let (max_abs64, _) = differences(ours, &reference);
        let largest = theirs.iter().fold(0f64, |m, v| m.max(v.abs()));
        println!(
            "{name}: max |ours − torch f32| = {max_abs:.2e} ({:.0}% of the tolerance), max |ours − torch f64| = \
             {max_abs64:.2e}, max |output| = {largest:.2}",
            ratio * 100.0
        );
        if ratio > 1.0 {
            failures.push(format!("{name}: differs by up to {max_abs:.2e}"));
        }
    }
    std::fs::remove_dir_all(&root).unwrap();
    assert!(failures.is_empty(), "outside |a − b| ≤ {TOLERANCE}·(1 + |b|): {failures:?}");
}
