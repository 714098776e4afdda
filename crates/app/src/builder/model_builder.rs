//! The model builder component: the layer list, "Add layer", the total and the JSON box,
//! over a [`BuilderState`] of its own; the page hears of every change of the trainable
//! spec through `on_change`.

use super::add_layer::AddLayer;
use super::focus::{focus, focus_after};
use super::json_box::JsonBox;
use super::layer_row::LayerRow;
use super::state::{BuilderAction, BuilderState, JsonNote};
use super::text::{count_text, shape_text};
use crate::components::language::use_language;
use crate::download;
use nnplay_nn::ModelSpec;
use yew::prelude::*;

/// The media type of the downloaded spec.
const JSON: &str = "application/json";
/// The downloaded spec's file name.
const FILE_NAME: &str = "model-spec.json";

/// Properties of [`ModelBuilder`].
#[derive(Properties, PartialEq)]
pub struct ModelBuilderProps {
    /// The model to start from; a new one (other than the last the builder sent through
    /// `on_change`) replaces the layers being edited.
    pub spec: ModelSpec,
    /// Shape of one example of the page's data, which replaces `spec.input`; empty to keep
    /// the spec's (and an imported spec's) own.
    #[prop_or_default]
    pub input_shape: Vec<usize>,
    /// Called with the spec whenever it changes and can be trained, and with `None` while
    /// it cannot (the page disables Play).
    pub on_change: Callback<Option<ModelSpec>>,
    /// Shows the model without letting it be edited (a teacher's fixed exercise).
    #[prop_or_default]
    pub locked: bool,
}

/// `spec` with the page's input shape, when it gives one.
fn with_input(spec: &ModelSpec, input: &[usize]) -> ModelSpec {
    match input.is_empty() {
        true => spec.clone(),
        false => ModelSpec { input: input.to_vec(), ..spec.clone() },
    }
}

/// The whole builder.
#[component]
pub fn ModelBuilder(props: &ModelBuilderProps) -> Html {
    let state = {
        let (spec, input) = (props.spec.clone(), props.input_shape.clone());
        use_reducer(move || {
            let mut state = BuilderState::new(spec);
            if !input.is_empty() {
                state.apply(BuilderAction::SetInputShape(input));
            }
            state
        })
    };
    // The last spec sent to the page, and the props last seen, so that the page handing
    // back what it was sent does not reset the texts under the learner's cursor.
    let sent = use_mut_ref(|| None::<ModelSpec>);
    let seen = use_mut_ref(|| (props.spec.clone(), props.input_shape.clone()));
    {
        let (state, sent) = (state.clone(), sent.clone());
        use_effect_with((props.spec.clone(), props.input_shape.clone()), move |(spec, input)| {
            let mut seen = seen.borrow_mut();
            if seen.0 != *spec {
                let given = with_input(spec, input);
                if sent.borrow().as_ref() != Some(&given) {
                    state.dispatch(BuilderAction::Reset(given));
                }
            } else if seen.1 != *input && !input.is_empty() {
                state.dispatch(BuilderAction::SetInputShape(input.clone()));
            }
            *seen = (spec.clone(), input.clone());
        });
    }
    {
        let on_change = props.on_change.clone();
        use_effect_with(state.valid_spec(), move |valid| {
            *sent.borrow_mut() = valid.clone();
            on_change.emit(valid.clone());
        });
    }
    let dispatch: Callback<BuilderAction> = state.dispatcher().into();
    let on_import = {
        let (dispatch, text) = (dispatch.clone(), state.json_text.clone());
        Callback::from(move |()| dispatch.emit(BuilderAction::ImportJson(text.clone())))
    };
    let on_download = {
        let (dispatch, state) = (dispatch.clone(), state.clone());
        Callback::from(move |()| match state.export_json() {
            Ok(text) => {
                if let Err(message) = download::offer(FILE_NAME, text.as_bytes(), JSON) {
                    dispatch.emit(BuilderAction::ShowNote(JsonNote::Failed(crate::engine_text::both(message))));
                }
            }
            // Exporting says which field to fix.
            Err(_) => dispatch.emit(BuilderAction::ExportJson),
        })
    };
    // Rows' buttons say where focus goes once the list has changed under them.
    let pending_focus = use_mut_ref(|| None::<String>);
    {
        let pending_focus = pending_focus.clone();
        use_effect(move || {
            if let Some(id) = pending_focus.borrow_mut().take() {
                focus(&id);
            }
        });
    }
    let row_dispatch = {
        let (dispatch, count) = (dispatch.clone(), state.layers.len());
        Callback::from(move |action: BuilderAction| {
            *pending_focus.borrow_mut() = focus_after(&action, count);
            dispatch.emit(action);
        })
    };
    let locked = props.locked;
    let language = use_language();
    let error = state.error.as_ref();
    let general_error = error.filter(|e| e.layer.is_none());
    let rows = state.layers.iter().enumerate().map(|(index, draft)| {
        html! {
            <LayerRow key={draft.id} {index} count={state.layers.len()} draft={draft.clone()}
                summary={state.summaries.get(index).cloned()}
                error={error.filter(|e| e.layer == Some(index)).cloned()}
                {locked} dispatch={row_dispatch.clone()} />
        }
    });
    let total = match error {
        None => count_text(state.total_params),
        Some(_) => "?".to_string(),
    };
    html! {
        <section id="builder" class="panel builder" aria-labelledby="builder-heading">
            <h2 id="builder-heading">{ language.pick("Model", "模型") }</h2>
            <p id="builder-input" class="builder-input">
                { language.pick("Input: ", "输入：") }<span class="builder-shape">{ shape_text(&state.input) }</span>
            </p>
            if let Some(error) = general_error {
                <p id="builder-general-error" class="builder-error error" role="alert">{ error.message.get(language) }</p>
            }
            <ol id="builder-layers" class="builder-layers">{ for rows }</ol>
            if !locked {
                <AddLayer kinds={state.layers.iter().map(|l| l.kind).collect::<Vec<_>>()}
                    dispatch={dispatch.clone()} />
            }
            <p id="builder-total" class="builder-total">
                { language.pick("Total parameters: ", "参数总数：") }<strong>{ total }</strong>
                if error.is_some() {
                    <span class="builder-total-note">{ language.pick(" (fix the error to count them all)", "（改正错误后才能全部算出）") }</span>
                }
            </p>
            <JsonBox text={state.json_text.clone()} note={state.json_note.clone()} {locked} {dispatch}
                {on_import} {on_download} />
        </section>
    }
}
