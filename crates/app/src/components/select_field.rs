//! A labelled drop-down.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// `(value, text)` of each option, in order.
pub type Options = Vec<(AttrValue, AttrValue)>;

/// Properties of [`SelectField`].
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    /// Id of the `<select>`, which its label points at.
    pub id: AttrValue,
    pub label: AttrValue,
    pub options: Options,
    /// Value of the chosen option.
    pub selected: AttrValue,
    /// Called with the value of a newly chosen option.
    pub onchange: Callback<String>,
}

/// A `<label>` and a `<select>` whose choice is driven by the state.
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <select id={props.id.clone()} {onchange}>
                { for props.options.iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={*value == props.selected}>{ text }</option>
                }) }
            </select>
        </div>
    }
}

/// Options for numbers, shown and sent back as Rust prints them.
pub fn number_options(values: &[f32]) -> Options {
    values.iter().map(|v| (AttrValue::from(v.to_string()), AttrValue::from(v.to_string()))).collect()
}
