//! What the builder lets the learner edit for each layer kind: the fields (their JSON
//! names, labels in English and Chinese, and input types), each kind's title, and the
//! layer a new row starts as.

use crate::texts::Bilingual;
use nnplay_nn::LayerSpec;
use nnplay_nn::spec::KINDS;
use serde_json::json;

/// The activations as `(value, text)`, in the order `Activation::ALL` lists them.
const FUNCTIONS: &[(&str, Bilingual)] = &[
    ("relu", both("ReLU", "ReLU")),
    ("leaky_relu", both("Leaky ReLU", "泄漏 ReLU")),
    ("elu", both("ELU", "ELU")),
    ("gelu", both("GELU", "GELU")),
    ("silu", both("SiLU (swish)", "SiLU（又称 swish）")),
    ("tanh", both("tanh", "tanh")),
    ("sigmoid", both("sigmoid", "sigmoid")),
    ("softmax", both("softmax", "softmax")),
    ("linear", both("linear (identity)", "线性（恒等）")),
];

/// Dense weight initialisations; "" leaves the spec's `init` out (PyTorch's own).
const INITS: &[(&str, Bilingual)] = &[
    ("", both("PyTorch default", "PyTorch 默认")),
    ("xavier_uniform", both("Xavier uniform", "Xavier 均匀")),
    ("xavier_normal", both("Xavier normal", "Xavier 正态")),
    ("he_uniform", both("He uniform", "He 均匀")),
    ("he_normal", both("He normal", "He 正态")),
];

/// The RNN's nonlinearities.
const NONLINEARITIES: &[(&str, Bilingual)] = &[("tanh", both("tanh", "tanh")), ("relu", both("ReLU", "ReLU"))];

/// How a field is typed and what JSON value its text becomes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldKind {
    /// A whole number.
    Count,
    /// A whole number, or empty for the default that `empty` names in a few characters
    /// (the box's placeholder; JSON `null`).
    OptionalCount { empty: Bilingual },
    /// A decimal number.
    Number,
    /// A decimal number, or empty for what `empty` describes (JSON `null`).
    OptionalNumber { empty: Bilingual },
    /// One whole number for both axes, or `height×width`.
    Pair,
    /// As [`FieldKind::Pair`], or empty for what `empty` describes (JSON `null`).
    OptionalPair { empty: Bilingual },
    /// On or off.
    Switch,
    /// One of these `(value, text)` options.
    Choice(&'static [(&'static str, Bilingual)]),
    /// A JSON list of layers (the inside of a residual).
    LayerList,
}

/// One setting of a layer kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The key in the layer's JSON (`units`, `kernel_size`).
    pub name: &'static str,
    /// What the control's label says.
    pub label: Bilingual,
    pub kind: FieldKind,
    /// The field only applies while the field named first has one of the values listed
    /// (the slope of a leaky ReLU); otherwise it is hidden and left out of the spec.
    pub only_when: Option<(&'static str, &'static [&'static str])>,
    /// Its text when the layer's JSON does not give it (a hidden field's starting value).
    pub default: &'static str,
}

/// A label (or option, or placeholder) in English and Chinese.
const fn both(en: &'static str, zh: &'static str) -> Bilingual {
    Bilingual { en, zh }
}

const fn field(name: &'static str, label: Bilingual, kind: FieldKind) -> Field {
    Field { name, label, kind, only_when: None, default: "" }
}

const fn switch(name: &'static str, label: Bilingual) -> Field {
    Field { name, label, kind: FieldKind::Switch, only_when: None, default: "false" }
}

const DENSE: &[Field] = &[
    field("units", both("Units", "单元数"), FieldKind::Count),
    field("init", both("Weight init", "权重初始化"), FieldKind::Choice(INITS)),
    Field {
        name: "gain",
        label: both("Init gain", "初始化增益"),
        kind: FieldKind::Number,
        only_when: Some(("init", &["xavier_uniform", "xavier_normal"])),
        default: "1",
    },
];
const ACTIVATION: &[Field] = &[
    field("function", both("Function", "函数"), FieldKind::Choice(FUNCTIONS)),
    Field {
        name: "negative_slope",
        label: both("Negative slope", "负斜率"),
        kind: FieldKind::Number,
        only_when: Some(("function", &["leaky_relu"])),
        default: "0.01",
    },
    Field {
        name: "alpha",
        label: both("Alpha", "ELU 的 α"),
        kind: FieldKind::Number,
        only_when: Some(("function", &["elu"])),
        default: "1",
    },
];
const CONV1D: &[Field] = &[
    field("out_channels", both("Filters", "滤波器数"), FieldKind::Count),
    field("kernel_size", both("Kernel", "卷积核"), FieldKind::Count),
    field("stride", both("Stride", "步幅"), FieldKind::Count),
    field("padding", both("Padding", "填充"), FieldKind::Count),
    field("dilation", both("Dilation", "膨胀"), FieldKind::Count),
    switch("bias", both("Bias", "偏置")),
];
const CONV2D: &[Field] = &[
    field("out_channels", both("Filters", "滤波器数"), FieldKind::Count),
    field("kernel_size", both("Kernel (h×w)", "卷积核（高×宽）"), FieldKind::Pair),
    field("stride", both("Stride", "步幅"), FieldKind::Pair),
    field("padding", both("Padding", "填充"), FieldKind::Pair),
    field("dilation", both("Dilation", "膨胀"), FieldKind::Pair),
    switch("bias", both("Bias", "偏置")),
];
const STRIDE_EMPTY: Bilingual = both("= window", "= 窗口");
const MAX_POOL1D: &[Field] = &[
    field("kernel_size", both("Window", "窗口"), FieldKind::Count),
    field("stride", both("Stride", "步幅"), FieldKind::OptionalCount { empty: STRIDE_EMPTY }),
    field("padding", both("Padding", "填充"), FieldKind::Count),
    field("dilation", both("Dilation", "膨胀"), FieldKind::Count),
];
const MAX_POOL2D: &[Field] = &[
    field("kernel_size", both("Window (h×w)", "窗口（高×宽）"), FieldKind::Pair),
    field("stride", both("Stride", "步幅"), FieldKind::OptionalPair { empty: STRIDE_EMPTY }),
    field("padding", both("Padding", "填充"), FieldKind::Pair),
    field("dilation", both("Dilation", "膨胀"), FieldKind::Pair),
];
const AVG_POOL1D: &[Field] = &[
    field("kernel_size", both("Window", "窗口"), FieldKind::Count),
    field("stride", both("Stride", "步幅"), FieldKind::OptionalCount { empty: STRIDE_EMPTY }),
    field("padding", both("Padding", "填充"), FieldKind::Count),
    switch("count_include_pad", both("Count padding", "计入填充")),
];
const AVG_POOL2D: &[Field] = &[
    field("kernel_size", both("Window (h×w)", "窗口（高×宽）"), FieldKind::Pair),
    field("stride", both("Stride", "步幅"), FieldKind::OptionalPair { empty: STRIDE_EMPTY }),
    field("padding", both("Padding", "填充"), FieldKind::Pair),
    switch("count_include_pad", both("Count padding", "计入填充")),
];
const DROPOUT: &[Field] = &[field("p", both("Drop probability", "丢弃概率"), FieldKind::Number)];
const BATCH_NORM: &[Field] = &[
    field("eps", both("Epsilon", "数值稳定项 ε"), FieldKind::Number),
    field("momentum", both("Momentum", "动量"), FieldKind::OptionalNumber { empty: both("cumulative", "累积平均") }),
    switch("affine", both("Learn scale and shift", "学习缩放和平移")),
    switch("track_running_stats", both("Track running statistics", "跟踪运行统计量")),
];
const LAYER_NORM: &[Field] = &[
    field("eps", both("Epsilon", "数值稳定项 ε"), FieldKind::Number),
    switch("elementwise_affine", both("Learn scale", "学习缩放")),
    switch("bias", both("Learn shift", "学习平移")),
];
const EMBEDDING: &[Field] = &[
    field("num_embeddings", both("Vocabulary", "词表大小"), FieldKind::Count),
    field("embedding_dim", both("Dimension", "维度"), FieldKind::Count),
    field("padding_idx", both("Padding index", "填充索引"), FieldKind::OptionalCount { empty: both("none", "无") }),
];
const MAX_LEN_EMPTY: Bilingual = both("= input length", "= 输入长度");
const LEARNED_POSITIONAL: &[Field] = &[
    field("max_len", both("Longest sequence", "最长序列"), FieldKind::OptionalCount { empty: MAX_LEN_EMPTY }),
    field("init_std", both("Init std", "初始化标准差"), FieldKind::Number),
];
const SINUSOIDAL_POSITIONAL: &[Field] =
    &[field("max_len", both("Longest sequence", "最长序列"), FieldKind::OptionalCount { empty: MAX_LEN_EMPTY })];
const RNN: &[Field] = &[
    field("hidden_size", both("Hidden size", "隐藏状态大小"), FieldKind::Count),
    field("nonlinearity", both("Nonlinearity", "非线性函数"), FieldKind::Choice(NONLINEARITIES)),
    field("num_layers", both("Stacked layers", "堆叠层数"), FieldKind::Count),
    switch("return_sequence", both("Return every step", "返回每一步")),
];
const RECURRENT: &[Field] = &[
    field("hidden_size", both("Hidden size", "隐藏状态大小"), FieldKind::Count),
    field("num_layers", both("Stacked layers", "堆叠层数"), FieldKind::Count),
    switch("return_sequence", both("Return every step", "返回每一步")),
];
const SELF_ATTENTION: &[Field] =
    &[field("num_heads", both("Heads", "注意力头数"), FieldKind::Count), switch("causal", both("Causal", "因果"))];
const TRANSFORMER_BLOCK: &[Field] = &[
    field("num_heads", both("Heads", "注意力头数"), FieldKind::Count),
    field(
        "mlp_hidden",
        both("MLP units", "MLP 单元数"),
        FieldKind::OptionalCount { empty: both("4 × width", "4 × 宽度") },
    ),
    field("dropout", both("Dropout", "丢弃率"), FieldKind::Number),
    switch("causal", both("Causal", "因果")),
];
const RESIDUAL: &[Field] = &[field("layers", both("Inner layers (JSON)", "内部层（JSON）"), FieldKind::LayerList)];

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
pub fn kind_title(kind: &str) -> Bilingual {
    match kind {
        "dense" => both("Dense", "全连接"),
        "activation" => both("Activation", "激活"),
        "conv1d" => both("Conv 1-D", "一维卷积"),
        "conv2d" => both("Conv 2-D", "二维卷积"),
        "max_pool1d" => both("Max pool 1-D", "一维最大池化"),
        "max_pool2d" => both("Max pool 2-D", "二维最大池化"),
        "avg_pool1d" => both("Average pool 1-D", "一维平均池化"),
        "avg_pool2d" => both("Average pool 2-D", "二维平均池化"),
        "global_avg_pool" => both("Global average pool", "全局平均池化"),
        "flatten" => both("Flatten", "展平"),
        "dropout" => both("Dropout", "Dropout 丢弃"),
        "batch_norm1d" => both("Batch norm 1-D", "一维批归一化"),
        "batch_norm2d" => both("Batch norm 2-D", "二维批归一化"),
        "layer_norm" => both("Layer norm", "层归一化"),
        "embedding" => both("Embedding", "嵌入"),
        "learned_positional" => both("Learned positions", "可学习位置编码"),
        "sinusoidal_positional" => both("Sinusoidal positions", "正弦位置编码"),
        "rnn" => both("RNN", "RNN"),
        "gru" => both("GRU", "GRU"),
        "lstm" => both("LSTM", "LSTM"),
        "self_attention" => both("Self-attention", "自注意力"),
        "transformer_block" => both("Transformer block", "Transformer 块"),
        "residual" => both("Residual", "残差"),
        _ => both("Unknown layer", "未知层"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::has_chinese;

    /// A Chinese text, or a name Chinese readers use as it is (ReLU, GRU, tanh).
    fn reads_in_chinese(text: Bilingual) -> bool {
        has_chinese(text.zh) || (text.zh == text.en && !text.en.contains(' ') && text.en.is_ascii())
    }

    #[test]
    fn every_kind_title_label_option_and_placeholder_has_its_chinese() {
        for kind in KINDS {
            let title = kind_title(kind);
            assert_ne!(title, kind_title("no such kind"), "{kind} has no title");
            assert!(reads_in_chinese(title), "{kind}: title {title:?}");
            for field in fields_of(kind) {
                assert!(has_chinese(field.label.zh), "{kind}.{}: label {:?}", field.name, field.label);
                match field.kind {
                    FieldKind::OptionalCount { empty }
                    | FieldKind::OptionalNumber { empty }
                    | FieldKind::OptionalPair { empty } => {
                        assert!(has_chinese(empty.zh), "{kind}.{}: {empty:?}", field.name)
                    }
                    FieldKind::Choice(options) => {
                        for (value, text) in options {
                            assert!(reads_in_chinese(*text), "{kind}.{}={value}: {text:?}", field.name);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}
