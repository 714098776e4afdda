//! What the builder lets the learner edit for each layer kind: the fields (their JSON
//! names, labels and input types), each kind's title, and the layer a new row starts as.

use nnplay_nn::LayerSpec;
use nnplay_nn::spec::KINDS;
use serde_json::json;

/// The activations as `(value, text)`, in the order `Activation::ALL` lists them.
const FUNCTIONS: &[(&str, &str)] = &[
    ("relu", "ReLU"),
    ("leaky_relu", "Leaky ReLU"),
    ("elu", "ELU"),
    ("gelu", "GELU"),
    ("silu", "SiLU (swish)"),
    ("tanh", "tanh"),
    ("sigmoid", "sigmoid"),
    ("softmax", "softmax"),
    ("linear", "linear (identity)"),
];

/// Dense weight initialisations; "" leaves the spec's `init` out (PyTorch's own).
const INITS: &[(&str, &str)] = &[
    ("", "PyTorch default"),
    ("xavier_uniform", "Xavier uniform"),
    ("xavier_normal", "Xavier normal"),
    ("he_uniform", "He uniform"),
    ("he_normal", "He normal"),
];

/// The RNN's nonlinearities.
const NONLINEARITIES: &[(&str, &str)] = &[("tanh", "tanh"), ("relu", "ReLU")];

/// How a field is typed and what JSON value its text becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    /// A whole number.
    Count,
    /// A whole number, or empty for the default that `empty` names in a few characters
    /// (the box's placeholder; JSON `null`).
    OptionalCount { empty: &'static str },
    /// A decimal number.
    Number,
    /// A decimal number, or empty for what `empty` describes (JSON `null`).
    OptionalNumber { empty: &'static str },
    /// One whole number for both axes, or `height×width`.
    Pair,
    /// As [`FieldKind::Pair`], or empty for what `empty` describes (JSON `null`).
    OptionalPair { empty: &'static str },
    /// On or off.
    Switch,
    /// One of these `(value, text)` options.
    Choice(&'static [(&'static str, &'static str)]),
    /// A JSON list of layers (the inside of a residual).
    LayerList,
}

/// One setting of a layer kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The key in the layer's JSON (`units`, `kernel_size`).
    pub name: &'static str,
    /// What the control's label says.
    pub label: &'static str,
    pub kind: FieldKind,
    /// The field only applies while the field named first has one of the values listed
    /// (the slope of a leaky ReLU); otherwise it is hidden and left out of the spec.
    pub only_when: Option<(&'static str, &'static [&'static str])>,
    /// Its text when the layer's JSON does not give it (a hidden field's starting value).
    pub default: &'static str,
}

const fn field(name: &'static str, label: &'static str, kind: FieldKind) -> Field {
    Field { name, label, kind, only_when: None, default: "" }
}

const fn switch(name: &'static str, label: &'static str) -> Field {
    Field { name, label, kind: FieldKind::Switch, only_when: None, default: "false" }
}

const DENSE: &[Field] = &[
    field("units", "Units", FieldKind::Count),
    field("init", "Weight init", FieldKind::Choice(INITS)),
    Field {
        name: "gain",
        label: "Init gain",
        kind: FieldKind::Number,
        only_when: Some(("init", &["xavier_uniform", "xavier_normal"])),
        default: "1",
    },
];
const ACTIVATION: &[Field] = &[
    field("function", "Function", FieldKind::Choice(FUNCTIONS)),
    Field {
        name: "negative_slope",
        label: "Negative slope",
        kind: FieldKind::Number,
        only_when: Some(("function", &["leaky_relu"])),
        default: "0.01",
    },
    Field {
        name: "alpha",
        label: "Alpha",
        kind: FieldKind::Number,
        only_when: Some(("function", &["elu"])),
        default: "1",
    },
];
const CONV1D: &[Field] = &[
    field("out_channels", "Filters", FieldKind::Count),
    field("kernel_size", "Kernel", FieldKind::Count),
    field("stride", "Stride", FieldKind::Count),
    field("padding", "Padding", FieldKind::Count),
    field("dilation", "Dilation", FieldKind::Count),
    switch("bias", "Bias"),
];
const CONV2D: &[Field] = &[
    field("out_channels", "Filters", FieldKind::Count),
    field("kernel_size", "Kernel (h×w)", FieldKind::Pair),
    field("stride", "Stride", FieldKind::Pair),
    field("padding", "Padding", FieldKind::Pair),
    field("dilation", "Dilation", FieldKind::Pair),
    switch("bias", "Bias"),
];
const STRIDE_EMPTY: &str = "= window";
const MAX_POOL1D: &[Field] = &[
    field("kernel_size", "Window", FieldKind::Count),
    field("stride", "Stride", FieldKind::OptionalCount { empty: STRIDE_EMPTY }),
    field("padding", "Padding", FieldKind::Count),
    field("dilation", "Dilation", FieldKind::Count),
];
const MAX_POOL2D: &[Field] = &[
    field("kernel_size", "Window (h×w)", FieldKind::Pair),
    field("stride", "Stride", FieldKind::OptionalPair { empty: STRIDE_EMPTY }),
    field("padding", "Padding", FieldKind::Pair),
    field("dilation", "Dilation", FieldKind::Pair),
];
const AVG_POOL1D: &[Field] = &[
    field("kernel_size", "Window", FieldKind::Count),
    field("stride", "Stride", FieldKind::OptionalCount { empty: STRIDE_EMPTY }),
    field("padding", "Padding", FieldKind::Count),
    switch("count_include_pad", "Count padding"),
];
const AVG_POOL2D: &[Field] = &[
    field("kernel_size", "Window (h×w)", FieldKind::Pair),
    field("stride", "Stride", FieldKind::OptionalPair { empty: STRIDE_EMPTY }),
    field("padding", "Padding", FieldKind::Pair),
    switch("count_include_pad", "Count padding"),
];
const DROPOUT: &[Field] = &[field("p", "Drop probability", FieldKind::Number)];
const BATCH_NORM: &[Field] = &[
    field("eps", "Epsilon", FieldKind::Number),
    field("momentum", "Momentum", FieldKind::OptionalNumber { empty: "cumulative" }),
    switch("affine", "Learn scale and shift"),
    switch("track_running_stats", "Track running statistics"),
];
const LAYER_NORM: &[Field] = &[
    field("eps", "Epsilon", FieldKind::Number),
    switch("elementwise_affine", "Learn scale"),
    switch("bias", "Learn shift"),
];
const EMBEDDING: &[Field] = &[
    field("num_embeddings", "Vocabulary", FieldKind::Count),
    field("embedding_dim", "Dimension", FieldKind::Count),
    field("padding_idx", "Padding index", FieldKind::OptionalCount { empty: "none" }),
];
const MAX_LEN_EMPTY: &str = "= input length";
const LEARNED_POSITIONAL: &[Field] = &[
    field("max_len", "Longest sequence", FieldKind::OptionalCount { empty: MAX_LEN_EMPTY }),
    field("init_std", "Init std", FieldKind::Number),
];
const SINUSOIDAL_POSITIONAL: &[Field] =
    &[field("max_len", "Longest sequence", FieldKind::OptionalCount { empty: MAX_LEN_EMPTY })];
const RNN: &[Field] = &[
    field("hidden_size", "Hidden size", FieldKind::Count),
    field("nonlinearity", "Nonlinearity", FieldKind::Choice(NONLINEARITIES)),
    field("num_layers", "Stacked layers", FieldKind::Count),
    switch("return_sequence", "Return every step"),
];
const RECURRENT: &[Field] = &[
    field("hidden_size", "Hidden size", FieldKind::Count),
    field("num_layers", "Stacked layers", FieldKind::Count),
    switch("return_sequence", "Return every step"),
];
const SELF_ATTENTION: &[Field] = &[field("num_heads", "Heads", FieldKind::Count), switch("causal", "Causal")];
const TRANSFORMER_BLOCK: &[Field] = &[
    field("num_heads", "Heads", FieldKind::Count),
    field("mlp_hidden", "MLP units", FieldKind::OptionalCount { empty: "4 × width" }),
    field("dropout", "Dropout", FieldKind::Number),
    switch("causal", "Causal"),
];
const RESIDUAL: &[Field] = &[field("layers", "Inner layers (JSON)", FieldKind::LayerList)];

/// The fields of `kind` (a name from `KINDS`), in the order the row shows them.
pub fn fields_of(kind: &str) -> &'static [Field] {
    match kind {
        "dense" => DENSE,
        "activation" => ACTIVATION,
        "conv1d" => CONV1D,
        "conv2d" => CONV2D,
        "max_pool1d" => MAX_POOL1D,
        "max_pool2d" => MAX_POOL2D,
        "avg_pool1d" => AVG_POOL1D,
        "avg_pool2d" => AVG_POOL2D,
        "dropout" => DROPOUT,
        "batch_norm1d" | "batch_norm2d" => BATCH_NORM,
        "layer_norm" => LAYER_NORM,
        "embedding" => EMBEDDING,
        "learned_positional" => LEARNED_POSITIONAL,
        "sinusoidal_positional" => SINUSOIDAL_POSITIONAL,
        "rnn" => RNN,
        "gru" | "lstm" => RECURRENT,
        "self_attention" => SELF_ATTENTION,
        "transformer_block" => TRANSFORMER_BLOCK,
        "residual" => RESIDUAL,
        // global_avg_pool and flatten have no settings.
        _ => &[],
    }
}

/// The name a learner reads for `kind`.
pub fn kind_title(kind: &str) -> &'static str {
    match kind {
        "dense" => "Dense",
        "activation" => "Activation",
        "conv1d" => "Conv 1-D",
        "conv2d" => "Conv 2-D",
        "max_pool1d" => "Max pool 1-D",
        "max_pool2d" => "Max pool 2-D",
        "avg_pool1d" => "Average pool 1-D",
        "avg_pool2d" => "Average pool 2-D",
        "global_avg_pool" => "Global average pool",
        "flatten" => "Flatten",
        "dropout" => "Dropout",
        "batch_norm1d" => "Batch norm 1-D",
        "batch_norm2d" => "Batch norm 2-D",
        "layer_norm" => "Layer norm",
        "embedding" => "Embedding",
        "learned_positional" => "Learned positions",
        "sinusoidal_positional" => "Sinusoidal positions",
        "rnn" => "RNN",
        "gru" => "GRU",
        "lstm" => "LSTM",
        "self_attention" => "Self-attention",
        "transformer_block" => "Transformer block",
        "residual" => "Residual",
        _ => "Unknown layer",
    }
}

/// `kind` as the `&'static` name `KINDS` holds, if it is a kind at all.
pub fn known_kind(kind: &str) -> Option<&'static str> {
    KINDS.iter().copied().find(|k| *k == kind)
}

/// The layer a new row of `kind` starts as, for an input of shape `incoming` (the output
/// of the layer before, when it fits): small sizes that train in seconds, and a residual
/// whose inside keeps the incoming width. `None` for a name that is not a kind.
pub fn default_layer(kind: &str, incoming: Option<&[usize]>) -> Option<LayerSpec> {
    let width = incoming.and_then(|shape| shape.last().copied()).filter(|w| *w > 0);
    let settings = match kind {
        "dense" => json!({"units": 16}),
        "activation" => json!({"function": "relu"}),
        "conv1d" | "conv2d" => json!({"out_channels": 8, "kernel_size": 3, "padding": 1}),
        "max_pool1d" | "max_pool2d" | "avg_pool1d" | "avg_pool2d" => json!({"kernel_size": 2}),
        "dropout" => json!({"p": 0.2}),
        "embedding" => json!({"num_embeddings": 32, "embedding_dim": 16}),
        "rnn" | "gru" | "lstm" => json!({"hidden_size": 16}),
        "self_attention" | "transformer_block" => json!({"num_heads": 2}),
        "residual" => match width {
            Some(units) => json!({"layers": [
                {"kind": "dense", "units": units},
                {"kind": "activation", "function": "relu"}
            ]}),
            None => json!({"layers": [{"kind": "layer_norm"}]}),
        },
        _ => json!({}),
    };
    let mut value = settings;
    value["kind"] = json!(known_kind(kind)?);
    serde_json::from_value(value).ok()
}
