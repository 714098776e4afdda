//! What to train and where: the example, the backend, and a badge naming the engine that
//! actually runs.

use super::select_field::{Options, SelectField};
use crate::backend::{self, BackendChoice, GpuStatus};
use crate::examples::Example;
use crate::state::Action;
use nnplay_tensor::Device;
use yew::prelude::*;

/// Properties of [`RunControls`].
#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    pub example: Example,
    pub backend: BackendChoice,
    pub gpu: GpuStatus,
    /// The device of the session trained now, `None` before the first one is built.
    pub device: Option<Device>,
    /// The example of the session trained now.
    pub built_example: Option<Example>,
    pub on_action: Callback<Action>,
}

/// The example and backend choices; changing either starts a fresh run.
#[component]
pub fn RunControls(props: &RunControlsProps) -> Html {
    let examples: Options =
        Example::ALL.iter().map(|e| (AttrValue::from(e.name()), AttrValue::from(e.title()))).collect();
    let on_example =
        props.on_action.reform(|name: String| Action::SetExample(name.parse().unwrap_or(Example::Playground)));
    let backends: Options =
        BackendChoice::ALL.iter().map(|c| (AttrValue::from(c.name()), AttrValue::from(c.title()))).collect();
    let on_backend =
        props.on_action.reform(|name: String| Action::SetBackend(name.parse().unwrap_or(BackendChoice::Auto)));
    // data-value says where the current session runs; it is absent until one is built.
    let (value, text, hint) = match props.device {
        Some(device) => (
            Some(device.name().to_lowercase()),
            backend::badge_text(device, &props.gpu),
            backend::badge_hint(props.backend, device, &props.gpu),
        ),
        None => (None, "starting…".to_string(), "Looking for a GPU in this browser.".to_string()),
    };
    html! {
        <section class="panel" aria-labelledby="run-heading">
            <h2 id="run-heading">{ "Run" }</h2>
            <SelectField id="example" label="Example" options={examples} selected={props.example.name()}
                onchange={on_example} />
            <SelectField id="backend" label="Backend" options={backends} selected={props.backend.name()}
                onchange={on_backend} />
            <p class="backend">
                { "Training on: " }
                <span id="backend-badge" class="badge" data-value={value}
                    data-example={props.built_example.map(|e| e.name())} title={hint}>{ text }</span>
            </p>
        </section>
    }
}
