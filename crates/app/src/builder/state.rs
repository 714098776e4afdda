//! The model builder's state: one reducer holding the layers as typed, what shape
//! inference made of them, and the JSON box; every edit is a [`BuilderAction`].

use super::draft::LayerDraft;
use super::fields::{default_layer, known_kind};
use super::inference::{BuilderError, assemble, infer};
use super::spec_text::spec_text;
use super::text::shape_text;
use crate::engine_text;
use crate::texts::Translated;
use nnplay_nn::ModelSpec;
use nnplay_nn::spec::LayerSummary;
use serde_json::Value;
use std::rc::Rc;
use yew::Reducible;

/// How the last import or export went.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonNote {
    /// The box holds the current spec.
    Exported,
    /// The box's spec replaced the layers; the text says anything left out.
    Imported(Translated),
    /// Nothing changed, and why.
    Failed(Translated),
}

/// The model being built.
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderState {
    /// The spec's settings besides input and layers (loss, optimizer, batch size, seed…),
    /// kept as they came.
    base: ModelSpec,
    /// Shape of one example, without the batch axis.
    pub input: Vec<usize>,
    /// The shape the page's data fixed with `SetInputShape`, which an imported or reset
    /// spec's own input does not replace.
    data_input: Option<Vec<usize>>,
    /// The layers, in order, as typed.
    pub layers: Vec<LayerDraft>,
    /// Output shape and parameters of each layer up to the first that breaks.
    pub summaries: Vec<LayerSummary>,
    /// Parameters of the layers in `summaries`.
    pub total_params: usize,
    /// The first problem; the model cannot be trained while there is one.
    pub error: Option<BuilderError>,
    /// The text of the import/export box.
    pub json_text: String,
    /// The outcome of the last import or export, until the next edit.
    pub json_note: Option<JsonNote>,
    /// The id the next new layer gets.
    next_id: u64,
}

/// An edit of the model.
#[derive(Debug, Clone, PartialEq)]
pub enum BuilderAction {
    /// The page's data has examples of this shape; the model's input stays at it, through
    /// imports and resets, from now on.
    SetInputShape(Vec<usize>),
    /// A new layer of `kind` (a name of `nnplay_nn::spec::KINDS`) with its defaults, put
    /// before the layer now at `at` (at the end when `at` is past it).
    AddLayer {
        kind: String,
        at: usize,
    },
    RemoveLayer(usize),
    /// Swaps the layer with the one above it.
    MoveUp(usize),
    /// Swaps the layer with the one below it.
    MoveDown(usize),
    /// The text of one field of one layer, as typed.
    SetField {
        index: usize,
        field: String,
        text: String,
    },
    /// The import/export box's text, as typed.
    SetJsonText(String),
    /// Replaces the model with the spec (or run file) in this JSON; on an error the
    /// layers stay as they are.
    ImportJson(String),
    /// Writes the current spec into the box.
    ExportJson,
    /// Starts over from this spec.
    Reset(ModelSpec),
    /// Shows how something done with the JSON went (a download the browser refused).
    ShowNote(JsonNote),
}

impl BuilderState {
    /// The builder showing `spec`.
    pub fn new(spec: ModelSpec) -> BuilderState {
        let mut state = BuilderState {
            base: spec.clone(),
            input: Vec::new(),
            data_input: None,
            layers: Vec::new(),
            summaries: Vec::new(),
            total_params: 0,
            error: None,
            json_text: String::new(),
            json_note: None,
            next_id: 0,
        };
        state.reset(spec);
        state
    }

    /// The spec as it stands, if it can be trained.
    pub fn valid_spec(&self) -> Option<ModelSpec> {
        match self.error {
            None => assemble(&self.base, &self.input, &self.layers).ok(),
            Some(_) => None,
        }
    }

    /// The first layer that breaks and what is wrong with it (the tests read it; the rows show it).
    #[cfg_attr(not(test), expect(dead_code, reason = "the rows read the error itself"))]
    pub fn layer_error(&self) -> Option<(usize, &str)> {
        let error = self.error.as_ref()?;
        Some((error.layer?, error.message.en.as_str()))
    }

    /// The spec as pretty JSON, when every field is a value (it may still not fit: the
    /// learner can fix it by hand); otherwise the field to fix first.
    pub fn export_json(&self) -> Result<String, Translated> {
        let spec = assemble(&self.base, &self.input, &self.layers).map_err(|e| {
            let zh = match (e.layer, e.kind) {
                (Some(index), Some(kind)) => format!("layers[{index}] ({kind})：{}", e.message.zh),
                _ => e.message.zh.clone(),
            };
            Translated::new(format!("Nothing exported: fix {e} first."), format!("未导出：请先改正 {zh}。"))
        })?;
        spec_text(&spec).map_err(|e| {
            Translated::new(
                format!("Nothing exported: {e}"),
                format!("未导出：{}", engine_text::chinese(&e.to_string()).text),
            )
        })
    }

    /// Applies one edit.
    pub fn apply(&mut self, action: BuilderAction) {
        let count = self.layers.len();
        match action {
            BuilderAction::SetInputShape(input) => {
                self.input.clone_from(&input);
                self.data_input = Some(input);
                self.refresh();
                return;
            }
            BuilderAction::AddLayer { kind, at } => {
                let at = at.min(count);
                // A new layer is sized for what reaches it, when that is known.
                let incoming = match at {
                    0 => Some(self.input.as_slice()),
                    _ => self.summaries.get(at - 1).map(|s| s.output_shape.as_slice()),
                };
                let Some(spec) = known_kind(&kind).and_then(|kind| default_layer(kind, incoming)) else {
                    return;
                };
                let draft = LayerDraft::from_spec(&spec, self.take_id());
                self.layers.insert(at, draft);
            }
            BuilderAction::RemoveLayer(index) if index < count => {
                self.layers.remove(index);
            }
            BuilderAction::MoveUp(index) if index > 0 && index < count => self.layers.swap(index - 1, index),
            BuilderAction::MoveDown(index) if index + 1 < count => self.layers.swap(index, index + 1),
            BuilderAction::SetField { index, field, text } => {
                let changed = self.layers.get_mut(index).is_some_and(|draft| draft.set_text(&field, text));
                if !changed {
                    return;
                }
            }
            BuilderAction::SetJsonText(text) => {
                self.json_text = text;
                return;
            }
            BuilderAction::ImportJson(text) => {
                self.json_text.clone_from(&text);
                match import(&text) {
                    Ok((spec, mut note)) => {
                        if let Some(data) = self.data_input.as_ref().filter(|data| **data != spec.input) {
                            let (theirs, ours) = (shape_text(&spec.input), shape_text(data));
                            note.en.push_str(&format!(" Its input {theirs} was replaced by the data's {ours}."));
                            note.zh.push_str(&format!("它的输入 {theirs} 已换成数据的 {ours}。"));
                        }
                        self.reset(spec);
                        self.json_note = Some(JsonNote::Imported(note));
                    }
                    Err(message) => self.json_note = Some(JsonNote::Failed(message)),
                }
                return;
            }
            BuilderAction::ExportJson => {
                self.json_note = Some(match self.export_json() {
                    Ok(text) => {
                        self.json_text = text;
                        JsonNote::Exported
                    }
                    Err(message) => JsonNote::Failed(message),
                });
                return;
            }
            BuilderAction::Reset(spec) => {
                self.reset(spec);
                return;
            }
            BuilderAction::ShowNote(note) => {
                self.json_note = Some(note);
                return;
            }
            // A move or removal of a row that is not there (a double click on the last
            // row's ✕) changes nothing.
            BuilderAction::RemoveLayer(_) | BuilderAction::MoveUp(_) | BuilderAction::MoveDown(_) => return,
        }
        self.json_note = None;
        self.refresh();
    }

    fn reset(&mut self, spec: ModelSpec) {
        self.layers = Vec::with_capacity(spec.layers.len());
        for layer in &spec.layers {
            let draft = LayerDraft::from_spec(layer, self.take_id());
            self.layers.push(draft);
        }
        self.input = self.data_input.clone().unwrap_or_else(|| spec.input.clone());
        self.base = spec;
        self.json_note = None;
        self.refresh();
    }

    fn take_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Infers the shapes again after an edit.
    fn refresh(&mut self) {
        let inferred = infer(&self.base, &self.input, &self.layers);
        self.total_params = inferred.summaries.iter().map(|s| s.params).sum();
        self.summaries = inferred.summaries;
        self.error = inferred.error;
    }
}

/// The model spec in `text`, and a note on what was left out; a run file's `data` entry
/// is dropped (the builder edits the model; the data comes from the page).
fn import(text: &str) -> Result<(ModelSpec, Translated), Translated> {
    let failed = |en: String, zh: String| {
        Translated::new(format!("Not imported, the model is unchanged: {en}"), format!("未导入，模型未变：{zh}"))
    };
    let mut value: Value = serde_json::from_str(text).map_err(|e| {
        failed(
            format!("the JSON does not parse: {e}"),
            format!("JSON 无法解析：{}", engine_text::chinese(&e.to_string()).text),
        )
    })?;
    let dropped_data = value.as_object_mut().and_then(|object| object.remove("data")).is_some();
    let spec = ModelSpec::from_json(&value.to_string()).map_err(|e| {
        let said = engine_text::both(e.to_string());
        failed(said.en, said.zh)
    })?;
    let note = match dropped_data {
        true => Translated::new(
            "Imported the run's model; its data entry was left out (the page's data is used).",
            "已导入运行文件中的模型；其中的 data 项被略去（使用页面的数据）。",
        ),
        false => Translated::new("Imported.", "已导入。"),
    };
    Ok((spec, note))
}

impl Reducible for BuilderState {
    type Action = BuilderAction;

    fn reduce(self: Rc<Self>, action: BuilderAction) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        state.apply(action);
        Rc::new(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_nn::spec::KINDS;

    /// A spec with these layers (JSON list) on inputs of `input`.
    fn spec(input: &str, layers: &str) -> ModelSpec {
        ModelSpec::from_json(&format!(
            r#"{{"input": {input}, "layers": {layers}, "loss": "cross_entropy",
                "optimizer": {{"kind": "adam", "learning_rate": 0.01}}, "batch_size": 8, "seed": 3}}"#
        ))
        .unwrap()
    }

    fn kinds(state: &BuilderState) -> Vec<&str> {
        state.layers.iter().map(|l| l.kind).collect()
    }

    fn shapes(state: &BuilderState) -> Vec<Vec<usize>> {
        state.summaries.iter().map(|s| s.output_shape.clone()).collect()
    }

    fn set(state: &mut BuilderState, index: usize, field: &str, text: &str) {
        state.apply(BuilderAction::SetField { index, field: field.into(), text: text.into() });
    }

    #[test]
    fn every_kind_can_be_added_with_a_default_that_fits() {
        // A suitable input for each kind: features, a sequence of channels, an image, token
        // ids, a sequence of vectors.
        let inputs: &[(&str, &[&str])] = &[
            ("[8]", &["dense", "activation", "dropout", "batch_norm1d", "layer_norm", "residual"]),
            ("[3, 16]", &["conv1d", "max_pool1d", "avg_pool1d", "global_avg_pool"]),
            ("[1, 8, 8]", &["conv2d", "max_pool2d", "avg_pool2d", "batch_norm2d", "flatten"]),
            ("[10]", &["embedding"]),
            ("[10, 16]", &["learned_positional", "sinusoidal_positional", "self_attention", "transformer_block"]),
            ("[10, 4]", &["rnn", "gru", "lstm"]),
        ];
        let covered: Vec<&str> = inputs.iter().flat_map(|(_, kinds)| kinds.iter().copied()).collect();
        for kind in KINDS {
            assert!(covered.contains(kind), "{kind} is not tested");
        }
        for (input, kinds_here) in inputs {
            for kind in *kinds_here {
                let mut state = BuilderState::new(spec(input, "[]"));
                assert!(state.error.is_some(), "an empty model cannot be trained");
                state.apply(BuilderAction::AddLayer { kind: kind.to_string(), at: 0 });
                assert_eq!(kinds(&state), vec![*kind]);
                assert_eq!(state.error, None, "{kind} on {input}");
                let summary = &state.summaries[0];
                assert!(!summary.output_shape.is_empty() && !summary.output_shape.contains(&0), "{kind}");
                assert_eq!(state.total_params, summary.params);
                assert_eq!(state.valid_spec().unwrap().layers.len(), 1);
            }
        }
    }

    #[test]
    fn new_layers_go_where_asked_and_fit_what_reaches_them() {
        let mut state = BuilderState::new(spec("[2]", r#"[{"kind": "dense", "units": 6}]"#));
        state.apply(BuilderAction::AddLayer { kind: "residual".into(), at: 1 });
        state.apply(BuilderAction::AddLayer { kind: "activation".into(), at: 1 });
        state.apply(BuilderAction::AddLayer { kind: "dense".into(), at: 99 });
        assert_eq!(kinds(&state), vec!["dense", "activation", "residual", "dense"]);
        // The residual's inside was sized for the 6 features it receives.
        assert_eq!(state.error, None);
        assert_eq!(shapes(&state), vec![vec![6], vec![6], vec![6], vec![16]]);
        assert_eq!(state.summaries[2].params, 6 * 6 + 6);
        assert_eq!(state.total_params, (2 * 6 + 6) + (6 * 6 + 6) + (6 * 16 + 16));
        // A name that is not a kind adds nothing.
        state.apply(BuilderAction::AddLayer { kind: "conv3d".into(), at: 0 });
        assert_eq!(state.layers.len(), 4);
        // Every new layer has its own id, for the page's rows.
        let mut ids: Vec<u64> = state.layers.iter().map(|l| l.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 4);
    }

    #[test]
    fn moves_and_removals_keep_the_summaries_in_step() {
        let layers = r#"[{"kind": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1},
            {"kind": "activation", "function": "relu"}, {"kind": "flatten"}, {"kind": "dense", "units": 3}]"#;
        let mut state = BuilderState::new(spec("[1, 6, 6]", layers));
        assert_eq!(shapes(&state), vec![vec![4, 6, 6], vec![4, 6, 6], vec![144], vec![3]]);
        state.apply(BuilderAction::MoveDown(1));
        assert_eq!(kinds(&state), vec!["conv2d", "flatten", "activation", "dense"]);
        assert_eq!(shapes(&state), vec![vec![4, 6, 6], vec![144], vec![144], vec![3]]);
        state.apply(BuilderAction::MoveUp(2));
        assert_eq!(kinds(&state), vec!["conv2d", "activation", "flatten", "dense"]);
        state.apply(BuilderAction::RemoveLayer(0));
        assert_eq!(kinds(&state), vec!["activation", "flatten", "dense"]);
        assert_eq!(shapes(&state), vec![vec![1, 6, 6], vec![36], vec![3]]);
        assert_eq!(state.total_params, 36 * 3 + 3);
        // Rows that are not there (the first row up, the last down, a stale index) change nothing.
        let before = state.clone();
        for action in [BuilderAction::MoveUp(0), BuilderAction::MoveDown(2), BuilderAction::RemoveLayer(3)] {
            state.apply(action);
            assert_eq!(state, before);
        }
        for _ in 0..3 {
            state.apply(BuilderAction::RemoveLayer(0));
        }
        assert!(state.layers.is_empty() && state.summaries.is_empty());
        let error = state.error.clone().unwrap();
        assert_eq!((error.layer, error.message.en.contains("no layers")), (None, true));
        assert!(crate::texts::has_chinese(&error.message.zh));
        assert_eq!(state.valid_spec(), None);
    }

    #[test]
    fn a_layer_that_does_not_fit_carries_the_error_until_it_is_fixed() {
        let layers = r#"[{"kind": "conv2d", "out_channels": 4, "kernel_size": 3}, {"kind": "flatten"},
            {"kind": "max_pool2d", "kernel_size": 2}, {"kind": "dense", "units": 3}]"#;
        let mut state = BuilderState::new(spec("[1, 6, 6]", layers));
        let (index, message) = state.layer_error().unwrap();
        assert_eq!(index, 2);
        assert!(message.contains("[64]"), "the message shows the shape that reached it: {message}");
        let error = state.error.clone().unwrap();
        assert!(error.to_string().starts_with("layers[2] (max_pool2d): "), "{error}");
        // The layers before it still show their shapes; the ones after have none yet.
        assert_eq!(shapes(&state), vec![vec![4, 4, 4], vec![64]]);
        assert_eq!(state.valid_spec(), None);
        // Pooling before flattening fixes it.
        state.apply(BuilderAction::MoveUp(2));
        assert_eq!(state.error, None);
        assert_eq!(shapes(&state), vec![vec![4, 4, 4], vec![4, 2, 2], vec![16], vec![3]]);
        assert_eq!(state.valid_spec().unwrap().layers[1].kind(), "max_pool2d");
        // A bad value (not a bad number) is the layer's error too, in nn's own words.
        set(&mut state, 3, "units", "0");
        assert_eq!(state.layer_error(), Some((3, "units is 0; a dense layer needs at least 1 unit")));
    }

    #[test]
    fn a_half_typed_number_names_the_field_and_stays_as_typed() {
        let mut state = BuilderState::new(spec("[2]", r#"[{"kind": "dense", "units": 8}, {"kind": "dropout"}]"#));
        set(&mut state, 1, "p", "0.");
        assert_eq!(state.error, None, "\"0.\" is already the number 0");
        set(&mut state, 1, "p", "-");
        let error = state.error.clone().unwrap();
        assert_eq!((error.layer, error.kind, error.field), (Some(1), Some("dropout"), Some("p")));
        assert_eq!(error.to_string(), "layers[1] (dropout): p \"-\" is not a number; type one such as 0.5");
        assert_eq!(state.layers[1].text("p"), Some("-"));
        assert_eq!(state.valid_spec(), None);
        set(&mut state, 1, "p", "0.25");
        set(&mut state, 0, "units", "");
        let error = state.error.clone().unwrap();
        assert_eq!((error.layer, error.field), (Some(0), Some("units")));
        assert_eq!(error.message, Translated::new("units is empty; type a whole number", "units 为空；请输入一个整数"));
        // Nothing after the broken field is inferred, and exporting names what to fix.
        assert!(state.summaries.is_empty());
        state.apply(BuilderAction::ExportJson);
        assert!(matches!(&state.json_note, Some(JsonNote::Failed(m)) if m.en.contains("layers[0] (dense): units")));
        assert!(
            matches!(&state.json_note, Some(JsonNote::Failed(m)) if m.zh.starts_with("未导出：请先改正 layers[0] (dense)：units"))
        );
        set(&mut state, 0, "units", "12");
        assert_eq!(shapes(&state), vec![vec![12], vec![12]]);
        let spec = state.valid_spec().unwrap();
        assert_eq!(serde_json::to_value(&spec.layers[1]).unwrap()["p"], 0.25);
        // A field the kind does not have changes nothing.
        let before = state.clone();
        set(&mut state, 0, "kernel_size", "3");
        assert_eq!(state, before);
    }

    #[test]
    fn the_input_shape_comes_from_the_data() {
        let mut state = BuilderState::new(spec("[2]", r#"[{"kind": "dense", "units": 4}]"#));
        state.apply(BuilderAction::SetInputShape(vec![5]));
        assert_eq!(state.total_params, 5 * 4 + 4);
        assert_eq!(state.valid_spec().unwrap().input, vec![5]);
        // An imported model is checked against the data's input, and the note says so.
        let imported = r#"{"input": [3], "layers": [{"kind": "dense", "units": 2}], "loss": "mse",
            "optimizer": {"kind": "sgd", "learning_rate": 0.1}, "batch_size": 4, "seed": 1}"#;
        state.apply(BuilderAction::ImportJson(imported.into()));
        let note = Translated::new(
            "Imported. Its input 3 was replaced by the data's 5.",
            "已导入。它的输入 3 已换成数据的 5。",
        );
        assert_eq!(state.json_note, Some(JsonNote::Imported(note)));
        assert_eq!(state.valid_spec().unwrap().input, vec![5]);
        assert_eq!(state.total_params, 5 * 2 + 2);
        state.apply(BuilderAction::Reset(spec("[7]", r#"[{"kind": "dense", "units": 1}]"#)));
        assert_eq!(state.input, vec![5]);
        state.apply(BuilderAction::SetInputShape(vec![0]));
        let error = state.error.clone().unwrap();
        assert_eq!(error.layer, None);
        assert!(error.message.en.starts_with("spec field input: [0]"), "{error}");
    }

    #[test]
    fn export_then_import_gives_the_same_spec() {
        let examples = [
            include_str!("../../../../examples/mlp.json"),
            include_str!("../../../../examples/cnn.json"),
            include_str!("../../../../examples/gru.json"),
            include_str!("../../../../examples/lstm.json"),
            include_str!("../../../../examples/transformer.json"),
        ];
        for example in examples {
            let mut state = BuilderState::new(spec("[2]", r#"[{"kind": "dense", "units": 4}]"#));
            state.apply(BuilderAction::ImportJson(example.to_string()));
            // Run files carry their data too; the builder takes the model and says so.
            assert!(matches!(&state.json_note, Some(JsonNote::Imported(note)) if note.en.contains("data")));
            let mut run: Value = serde_json::from_str(example).unwrap();
            run.as_object_mut().unwrap().remove("data");
            let expected = ModelSpec::from_json(&run.to_string()).unwrap();
            assert_eq!(state.valid_spec(), Some(expected.clone()));
            assert_eq!(state.summaries, expected.summary().unwrap());
            state.apply(BuilderAction::ExportJson);
            assert_eq!(state.json_note, Some(JsonNote::Exported));
            let mut other = BuilderState::new(spec("[3]", r#"[{"kind": "flatten"}]"#));
            other.apply(BuilderAction::ImportJson(state.json_text.clone()));
            assert_eq!(other.json_note, Some(JsonNote::Imported(Translated::new("Imported.", "已导入。"))));
            assert_eq!(other.valid_spec(), Some(expected));
        }
    }

    #[test]
    fn a_spec_that_does_not_fit_can_still_be_exported_and_imported() {
        let broken = spec("[2]", r#"[{"kind": "conv2d", "out_channels": 4, "kernel_size": 3}]"#);
        let mut state = BuilderState::new(broken.clone());
        assert_eq!(state.layer_error().map(|(i, _)| i), Some(0));
        state.apply(BuilderAction::ExportJson);
        let mut other = BuilderState::new(spec("[2]", "[]"));
        other.apply(BuilderAction::ImportJson(state.json_text.clone()));
        assert_eq!(other.layers, state.layers.iter().map(|l| LayerDraft { id: 1, ..l.clone() }).collect::<Vec<_>>());
        assert_eq!(other.error, state.error);
    }

    #[test]
    fn a_bad_import_names_the_problem_and_keeps_the_layers() {
        let mut state = BuilderState::new(spec("[2]", r#"[{"kind": "dense", "units": 4}]"#));
        set(&mut state, 0, "units", "4x");
        let before = state.clone();
        let failures = [
            ("{\"input\": [2], ", "the JSON does not parse: EOF while parsing"),
            (r#"[1, 2]"#, "spec: missing field `layers`"),
            (
                r#"{"input": [2], "layers": [{"kind": "dense", "units": 4}, {"kind": "conv3d"}], "loss": "mse",
                   "optimizer": {"kind": "sgd", "learning_rate": 0.1}, "batch_size": 4, "seed": 1}"#,
                "layers[1] (conv3d): unknown layer kind",
            ),
        ];
        for (text, expected) in failures {
            state.apply(BuilderAction::ImportJson(text.to_string()));
            let Some(JsonNote::Failed(message)) = &state.json_note else { panic!("{text} was imported") };
            assert!(message.en.starts_with("Not imported, the model is unchanged: "), "{message:?}");
            assert!(message.zh.starts_with("未导入，模型未变："), "{message:?}");
            assert!(message.en.contains(expected), "{message:?} should say {expected}");
            assert_eq!(state.layers, before.layers);
            assert_eq!(state.error, before.error);
            // The box keeps the text so that it can be corrected.
            assert_eq!(state.json_text, text);
        }
    }

    #[test]
    fn reset_starts_over_and_an_edit_clears_the_json_note() {
        let mut state = BuilderState::new(spec("[2]", r#"[{"kind": "dense", "units": 4}]"#));
        state.apply(BuilderAction::ExportJson);
        assert_eq!(state.json_note, Some(JsonNote::Exported));
        set(&mut state, 0, "units", "5");
        assert_eq!(state.json_note, None);
        let other = spec("[3, 4]", r#"[{"kind": "gru", "hidden_size": 6}, {"kind": "dense", "units": 2}]"#);
        state.apply(BuilderAction::Reset(other.clone()));
        assert_eq!(kinds(&state), vec!["gru", "dense"]);
        assert_eq!(state.valid_spec(), Some(other));
    }
}
