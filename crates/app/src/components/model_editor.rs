//! "Edit the model": the model builder on the current run's model, and a button that
//! trains the edited model on the same data (a new run, from fresh weights).

use super::language::use_language;
use crate::builder::ModelBuilder;
use crate::load::LoadRequest;
use crate::share::Control;
use nnplay_nn::ModelSpec;
use nnplay_train::RunSpec;
use yew::prelude::*;

/// Properties of [`ModelEditor`].
#[derive(Properties, PartialEq)]
pub struct ModelEditorProps {
    /// The run shown now, whose model the builder starts from.
    pub run: RunSpec,
    pub on_load: Callback<LoadRequest>,
}

/// The builder and its "Train this model" button, which stays off while the edited
/// model does not fit (the builder shows why, on the layer that breaks).
#[component]
pub fn ModelEditor(props: &ModelEditorProps) -> Html {
    let course = super::course::use_course();
    let language = use_language();
    let draft = use_state(|| Some(props.run.model.clone()));
    let on_change = {
        let draft = draft.clone();
        Callback::from(move |spec: Option<ModelSpec>| draft.set(spec))
    };
    let on_train = {
        let (draft, run, on_load) = ((*draft).clone(), props.run.clone(), props.on_load.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(model) = draft.clone() {
                on_load.emit(LoadRequest::Spec(Box::new(RunSpec { model, data: run.data.clone() })));
            }
        })
    };
    if course.hide.contains(&Control::Model) {
        return html! {};
    }
    let locked = course.lock.contains(&Control::Model);
    html! {
        <details class="panel model-editor" id="model-editor">
            <summary>{ language.pick("Edit the model", "编辑模型") }</summary>
            <ModelBuilder spec={props.run.model.clone()} {on_change} {locked} />
            <button id="train-edited" class="button primary" onclick={on_train}
                disabled={draft.is_none() || locked}
                title={language.pick("Start a new run of the edited model on the same data", "用同样的数据从头训练编辑后的模型")}>
                { language.pick("Train this model", "训练这个模型") }
            </button>
        </details>
    }
}
