//! A labelled number input for a live setting: it reports a value when the learner
//! commits it (Enter or leaving the field), so a half-typed number is never applied.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`NumberSetting`].
#[derive(Properties, PartialEq)]
pub struct NumberSettingProps {
    /// Id of the `<input>`, which its label points at.
    pub id: AttrValue,
    pub label: AttrValue,
    /// The value the state holds (settings are `f32`s, or counts; it is shown as an `f32`
    /// so 0.9 does not read 0.8999999761581421).
    pub value: f64,
    /// The input's `step` (`any` for free-form values).
    #[prop_or(AttrValue::Static("any"))]
    pub step: AttrValue,
    #[prop_or_default]
    pub disabled: bool,
    /// Called with the number typed; text that is no number gives NaN, which the
    /// setting's check refuses with its name.
    pub onchange: Callback<f64>,
}

/// A `<label>` and an `<input type="number">`.
#[component]
pub fn NumberSetting(props: &NumberSettingProps) -> Html {
    let onchange = props.onchange.reform(|e: Event| {
        let text = e.target_unchecked_into::<HtmlInputElement>().value();
        text.trim().parse::<f64>().unwrap_or(f64::NAN)
    });
    let node = use_node_ref();
    {
        // After a refused value the state's value has not changed, so yew would leave
        // the refused text in the box: put the state's back.
        let (node, text) = (node.clone(), shown(props.value));
        use_effect(move || {
            if let Some(input) = node.cast::<HtmlInputElement>()
                && input.value().trim().parse::<f32>().ok().map(|v| v.to_string()) != Some(text.clone())
                && web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element())
                    != Some(input.clone().into())
            {
                input.set_value(&text);
            }
        });
    }
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <input type="number" id={props.id.clone()} ref={node} step={props.step.clone()}
                value={shown(props.value)} {onchange} disabled={props.disabled} />
        </div>
    }
}

/// The text of a setting's value.
fn shown(value: f64) -> String {
    (value as f32).to_string()
}
