//! A labelled drop-down.

use super::course::{CourseRules, use_course};
use crate::share::Control;
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
    /// An option with the value "" shown while none of the others is chosen ("Choose…").
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// The course control it is, which a course link may hide or lock.
    #[prop_or_default]
    pub control: Option<Control>,
}

/// A `<label>` and a `<select>` whose choice is driven by the state.
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let node = use_node_ref();
    let course = use_course();
    {
        // The `selected` attributes only set the first choice; after every render the
        // select shows the state's (a load that failed leaves the menu as it was).
        let (node, selected) = (node.clone(), props.selected.clone());
        use_effect(move || {
            if let Some(select) = node.cast::<HtmlSelectElement>()
                && select.value() != *selected
            {
                select.set_value(&selected);
            }
        });
    }
    if props.control.is_some_and(|control| course.hides(control)) {
        return html! {};
    }
    let locked = props.control.is_some_and(|control| course.locks(control));
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <select id={props.id.clone()} ref={node} {onchange} disabled={locked}>
                if let Some(placeholder) = &props.placeholder {
                    <option value="" disabled=true selected={props.selected.is_empty()}>{ placeholder }</option>
                }
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
