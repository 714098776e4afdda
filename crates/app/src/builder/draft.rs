//! One layer as the learner edits it: its kind and each field's text as typed, so that a
//! half-typed number stays on screen; turned into a `LayerSpec` through its JSON form, which
//! keeps the builder in step with whatever `nnplay_nn` accepts.

use super::fields::{Field, FieldKind, fields_of};
use crate::texts::Translated;
use nnplay_nn::LayerSpec;
use serde_json::{Map, Value, json};

/// A field whose text does not make a value: which field, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's JSON name.
    pub field: &'static str,
    /// One sentence that starts with the field's name, in English and Chinese (the
    /// engine's own sentences are in English only).
    pub message: Translated,
}

/// A layer being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerDraft {
    /// Stays with the layer when it moves, so the page keeps its row (and focus).
    pub id: u64,
    /// Its kind, one of `nnplay_nn::spec::KINDS`.
    pub kind: &'static str,
    /// The text of each field of `fields_of(kind)`, in that order.
    pub texts: Vec<String>,
}

impl LayerDraft {
    /// The draft of an existing layer, every field written out (defaults included).
    pub fn from_spec(spec: &LayerSpec, id: u64) -> LayerDraft {
        let kind = spec.kind();
        // A layer spec is plain data, so it always has a JSON form; an empty one would only
        // mean every field starts at its default text.
        let mut object = match serde_json::to_value(spec) {
            Ok(Value::Object(object)) => object,
            _ => Map::new(),
        };
        flatten(kind, &mut object);
        let texts = fields_of(kind)
            .iter()
            .map(|field| match object.get(field.name) {
                Some(value) => value_text(field.kind, value),
                None => field.default.to_string(),
            })
            .collect();
        LayerDraft { id, kind, texts }
    }

    /// The text of the field named `name`, if the kind has one.
    pub fn text(&self, name: &str) -> Option<&str> {
        let position = fields_of(self.kind).iter().position(|f| f.name == name)?;
        self.texts.get(position).map(String::as_str)
    }

    /// Sets the text of the field named `name`; false if the kind has no such field.
    pub fn set_text(&mut self, name: &str, text: String) -> bool {
        match fields_of(self.kind).iter().position(|f| f.name == name) {
            Some(position) if position < self.texts.len() => {
                self.texts[position] = text;
                true
            }
            _ => false,
        }
    }

    /// Whether `field` applies to this layer now (a leaky ReLU's slope only while the
    /// function is leaky ReLU).
    pub fn shows(&self, field: &Field) -> bool {
        match field.only_when {
            Some((other, values)) => self.text(other).is_some_and(|text| values.contains(&text)),
            None => true,
        }
    }

    /// The layer spec the texts describe, or the first field whose text is not a value.
    /// `path` names the layer in a nested residual's messages (`layers[2]`).
    pub fn to_spec(&self, path: &str) -> Result<LayerSpec, FieldError> {
        let mut object = Map::new();
        object.insert("kind".into(), json!(self.kind));
        for (field, text) in fields_of(self.kind).iter().zip(&self.texts) {
            if self.shows(field) {
                object.insert(field.name.into(), parse(field, text, path)?);
            }
        }
        nest(self.kind, &mut object);
        // The fields above are every field the kind has, each parsed to the type it takes,
        // so this fails only where a value is out of the type's range.
        serde_json::from_value(Value::Object(object))
            .map_err(|e| FieldError { field: first_field(self.kind), message: crate::engine_text::both(e.to_string()) })
    }
}

fn first_field(kind: &str) -> &'static str {
    fields_of(kind).first().map_or("kind", |f| f.name)
}

/// Rewrites the JSON of a layer so that each field of [`fields_of`] is one plain value:
/// an activation's `{"leaky_relu": {"negative_slope": 0.2}}` becomes `function` and
/// `negative_slope`, a dense layer's `init` object becomes `init` and `gain`.
fn flatten(kind: &str, object: &mut Map<String, Value>) {
    match kind {
        "activation" => {
            if let Some(Value::Object(function)) = object.get("function").cloned() {
                for (name, parameters) in function {
                    object.insert("function".into(), json!(name));
                    if let Value::Object(parameters) = parameters {
                        object.extend(parameters);
                    }
                }
            }
        }
        "dense" => match object.remove("init") {
            Some(Value::Object(mut init)) => {
                let name = init.remove("kind").and_then(|k| k.as_str().map(str::to_string)).unwrap_or_default();
                // PyTorch's default is what no `init` means too; the menu offers it once.
                let name = if name == "pytorch_default" { String::new() } else { name };
                object.insert("init".into(), json!(name));
                object.extend(init);
            }
            _ => {
                object.insert("init".into(), json!(""));
            }
        },
        _ => {}
    }
}

/// The inverse of [`flatten`].
fn nest(kind: &str, object: &mut Map<String, Value>) {
    match kind {
        "activation" => {
            let name = object.get("function").and_then(Value::as_str).unwrap_or_default().to_string();
            let parameter = ["negative_slope", "alpha"].into_iter().find_map(|p| Some((p, object.remove(p)?)));
            if let Some((parameter, value)) = parameter {
                object.insert("function".into(), json!({ name: { parameter: value } }));
            }
        }
        "dense" => {
            let name = object.remove("init").and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let gain = object.remove("gain");
            if !name.is_empty() {
                let mut init = json!({"kind": name});
                if let Some(gain) = gain {
                    init["gain"] = gain;
                }
                object.insert("init".into(), init);
            }
        }
        _ => {}
    }
}

/// A JSON value as the text of a field of `kind`.
fn value_text(kind: FieldKind, value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(on) => on.to_string(),
        Value::String(text) => text.clone(),
        // Every decimal setting is an f32: printed as one, 0.1 reads "0.1", not 0.10000000149.
        Value::Number(number) if matches!(kind, FieldKind::Number | FieldKind::OptionalNumber { .. }) => {
            number.as_f64().map_or_else(|| number.to_string(), |n| (n as f32).to_string())
        }
        Value::Number(number) => number.to_string(),
        Value::Array(items) if matches!(kind, FieldKind::Pair | FieldKind::OptionalPair { .. }) => {
            items.iter().map(Value::to_string).collect::<Vec<_>>().join("×")
        }
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// The JSON value of `text` in `field`, or why it is not one.
fn parse(field: &Field, text: &str, path: &str) -> Result<Value, FieldError> {
    let name = field.name;
    let fail = |en: String, zh: String| FieldError { field: name, message: Translated::new(en, zh) };
    let text = text.trim();
    let count = |text: &str| match text.parse::<usize>() {
        Ok(value) => Ok(json!(value)),
        Err(_) if text.is_empty() => {
            Err(fail(format!("{name} is empty; type a whole number"), format!("{name} 为空；请输入一个整数")))
        }
        Err(_) => Err(fail(
            format!("{name} \"{text}\" is not a whole number (0, 1, 2, …)"),
            format!("{name}“{text}”不是整数（0、1、2……）"),
        )),
    };
    let number = |text: &str| match text.parse::<f32>() {
        Ok(value) if value.is_finite() => Ok(json!(value)),
        _ if text.is_empty() => Err(fail(
            format!("{name} is empty; type a number such as 0.5"),
            format!("{name} 为空；请输入一个数，例如 0.5"),
        )),
        _ => Err(fail(
            format!("{name} \"{text}\" is not a number; type one such as 0.5"),
            format!("{name}“{text}”不是数；请输入一个数，例如 0.5"),
        )),
    };
    let pair = |text: &str| {
        // "3×" is a size being typed, not 3.
        let sizes: Option<Vec<usize>> = text.split(['×', 'x', 'X', '*', ',']).map(|p| p.trim().parse().ok()).collect();
        match sizes.as_deref() {
            Some([size]) => Ok(json!(size)),
            Some([height, width]) => Ok(json!([height, width])),
            _ if text.is_empty() => Err(fail(
                format!("{name} is empty; type one size (3) or height×width (3×5)"),
                format!("{name} 为空；请输入一个尺寸（3）或 高×宽（3×5）"),
            )),
            _ => Err(fail(
                format!("{name} \"{text}\" is not a size; type one number (3) or height×width (3×5)"),
                format!("{name}“{text}”不是尺寸；请输入一个数（3）或 高×宽（3×5）"),
            )),
        }
    };
    match field.kind {
        FieldKind::Count => count(text),
        FieldKind::Number => number(text),
        FieldKind::Pair => pair(text),
        FieldKind::OptionalCount { .. } | FieldKind::OptionalNumber { .. } | FieldKind::OptionalPair { .. }
            if text.is_empty() =>
        {
            Ok(Value::Null)
        }
        FieldKind::OptionalCount { .. } => count(text),
        FieldKind::OptionalNumber { .. } => number(text),
        FieldKind::OptionalPair { .. } => pair(text),
        FieldKind::Switch => Ok(json!(text == "true")),
        FieldKind::Choice(options) if options.iter().any(|(value, _)| *value == text) => Ok(json!(text)),
        FieldKind::Choice(options) => {
            let values: Vec<&str> = options.iter().map(|(value, _)| *value).filter(|v| !v.is_empty()).collect();
            let values = values.join(", ");
            Err(fail(format!("{name} \"{text}\" is not one of {values}"), format!("{name}“{text}”不是 {values} 之一")))
        }
        FieldKind::LayerList => {
            layer_list(text, path).map_err(|e| FieldError { field: name, message: crate::engine_text::both(e) })
        }
    }
}

/// The inside of a residual: a JSON list whose entries are each checked as a layer, so
/// that an error names the one at fault (`layers[1].layers[0]`).
fn layer_list(text: &str, path: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("layers is not valid JSON: {e}"))?;
    let Value::Array(items) = &value else {
        return Err(r#"layers must be a list of layers, such as [{"kind": "dense", "units": 8}]"#.into());
    };
    for (j, item) in items.iter().enumerate() {
        if let Err(e) = serde_json::from_value::<LayerSpec>(item.clone()) {
            let kind = item.get("kind").and_then(Value::as_str).unwrap_or("?");
            return Err(format!("{path}.layers[{j}] ({kind}): {e}"));
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(json: &str) -> LayerSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_setting_survives_a_draft() {
        let layers = [
            r#"{"kind": "dense", "units": 7, "init": {"kind": "xavier_normal", "gain": 0.5}}"#,
            r#"{"kind": "dense", "units": 7, "init": {"kind": "he_uniform"}}"#,
            r#"{"kind": "activation", "function": {"leaky_relu": {"negative_slope": 0.2}}}"#,
            r#"{"kind": "activation", "function": {"elu": {"alpha": 0.3}}}"#,
            r#"{"kind": "activation", "function": "gelu"}"#,
            r#"{"kind": "conv2d", "out_channels": 4, "kernel_size": [3, 5], "stride": 2, "padding": [1, 2],
                "dilation": 1, "bias": false}"#,
            r#"{"kind": "conv1d", "out_channels": 4, "kernel_size": 5, "stride": 2, "padding": 1, "dilation": 2,
                "bias": false}"#,
            r#"{"kind": "max_pool2d", "kernel_size": [2, 3], "stride": [1, 2], "padding": 1, "dilation": 2}"#,
            r#"{"kind": "avg_pool1d", "kernel_size": 3, "stride": 1, "padding": 1, "count_include_pad": false}"#,
            r#"{"kind": "batch_norm2d", "eps": 0.001, "momentum": null, "affine": false,
                "track_running_stats": false}"#,
            r#"{"kind": "layer_norm", "eps": 0.0001, "elementwise_affine": true, "bias": false}"#,
            r#"{"kind": "embedding", "num_embeddings": 10, "embedding_dim": 4, "padding_idx": 0}"#,
            r#"{"kind": "learned_positional", "max_len": 64, "init_std": 0.02}"#,
            r#"{"kind": "rnn", "hidden_size": 5, "nonlinearity": "relu", "num_layers": 2, "return_sequence": true}"#,
            r#"{"kind": "transformer_block", "num_heads": 4, "mlp_hidden": 64, "dropout": 0.1, "causal": true}"#,
            r#"{"kind": "residual", "layers": [{"kind": "layer_norm"}, {"kind": "dense", "units": 8}]}"#,
        ];
        for json in layers {
            let spec = layer(json);
            let draft = LayerDraft::from_spec(&spec, 0);
            assert_eq!(draft.to_spec("layers[0]").unwrap(), spec, "{json} became {:?}", draft.texts);
        }
    }

    #[test]
    fn texts_read_as_typed() {
        let draft = LayerDraft::from_spec(&layer(r#"{"kind": "conv2d", "out_channels": 4, "kernel_size": [3, 5]}"#), 0);
        assert_eq!(draft.text("kernel_size"), Some("3×5"));
        assert_eq!(draft.text("bias"), Some("true"));
        let draft = LayerDraft::from_spec(&layer(r#"{"kind": "dropout", "p": 0.1}"#), 0);
        assert_eq!(draft.text("p"), Some("0.1"));
        let draft = LayerDraft::from_spec(&layer(r#"{"kind": "activation", "function": "relu"}"#), 0);
        // The slope is hidden until the function is leaky ReLU, and then starts at PyTorch's.
        let slope = fields_of("activation")[1];
        assert!(!draft.shows(&slope));
        let mut leaky = draft.clone();
        leaky.set_text("function", "leaky_relu".into());
        assert!(leaky.shows(&slope));
        assert_eq!(leaky.to_spec("layers[0]").unwrap(), layer(r#"{"kind": "activation", "function": "leaky_relu"}"#));
    }

    #[test]
    fn pairs_accept_the_usual_spellings() {
        let mut draft = LayerDraft::from_spec(&layer(r#"{"kind": "max_pool2d", "kernel_size": 2}"#), 0);
        for (text, expected) in [("2x3", "[2, 3]"), ("2, 3", "[2, 3]"), ("4", "4"), (" 2 × 2 ", "2"), ("1*2", "[1, 2]")]
        {
            draft.set_text("kernel_size", text.into());
            let spec = draft.to_spec("layers[0]").unwrap();
            let json = format!(r#"{{"kind": "max_pool2d", "kernel_size": {expected}}}"#);
            assert_eq!(spec, layer(&json), "{text}");
        }
        draft.set_text("kernel_size", "3×".into());
        let error = draft.to_spec("layers[0]").unwrap_err();
        assert_eq!(error.field, "kernel_size");
        assert!(error.message.en.starts_with("kernel_size \"3×\" is not a size"), "{:?}", error.message);
        assert!(error.message.zh.starts_with("kernel_size“3×”不是尺寸"), "{:?}", error.message);
    }

    #[test]
    fn a_bad_inner_layer_is_named_by_its_path() {
        let mut draft = LayerDraft::from_spec(&layer(r#"{"kind": "residual", "layers": [{"kind": "flatten"}]}"#), 0);
        draft.set_text("layers", r#"[{"kind": "flatten"}, {"kind": "dense"}]"#.into());
        let error = draft.to_spec("layers[3]").unwrap_err();
        assert_eq!(error.field, "layers");
        assert!(
            error.message.en.starts_with("layers[3].layers[1] (dense): missing field `units`"),
            "{:?}",
            error.message
        );
        draft.set_text("layers", r#"{"kind": "flatten"}"#.into());
        assert!(draft.to_spec("layers[3]").unwrap_err().message.en.starts_with("layers must be a list"));
    }
}
