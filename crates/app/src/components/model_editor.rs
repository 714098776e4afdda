//! "Edit the model": the model builder on the current run's model, and a button that
//! trains the edited model on the same data (a new run, from fresh weights); when the
//! current run has trained, it asks first.

use super::RestartDialog;
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
    /// The step the current run has trained to: past 0, training the edit asks first.
    pub trained_step: u64,
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
    let asking = use_state(|| false);
    let train = {
        let (draft, run, on_load, asking) =
            ((*draft).clone(), props.run.clone(), props.on_load.clone(), asking.clone());
        Callback::from(move |()| {
            asking.set(false);
            if let Some(model) = draft.clone() {
                on_load.emit(LoadRequest::Spec(Box::new(RunSpec { model, data: run.data.clone() })));
            }
        })
    };
    let on_train = {
        let (train, asking, trained) = (train.clone(), asking.clone(), props.trained_step > 0);
        Callback::from(move |_: MouseEvent| if trained { asking.set(true) } else { train.emit(()) })
    };
    let step = props.trained_step;
    let question = language.choose(
        format!(
            "Training the edited model starts a new run from step 0; the current run at step {step} is lost. Restart?"
        ),
        format!("训练编辑后的模型会从第 0 步开始新的训练；当前训练到第 {step} 步的结果将丢失。要重新开始吗？"),
    );
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
            if *asking {
                <RestartDialog question={question} {language} on_restart={train}
                    on_keep={Callback::from(move |()| asking.set(false))} />
            }
        </details>
    }
}
