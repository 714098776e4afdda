//! One setting of a layer: a labelled text box, check box, menu or JSON area, showing
//! the text as typed.

use super::fields::{Field, FieldKind};
use crate::components::language::use_language;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Properties of [`FieldInput`].
#[derive(Properties, PartialEq)]
pub struct FieldInputProps {
    /// Id of the control, which its label points at.
    pub id: AttrValue,
    pub field: Field,
    /// The text as typed.
    pub text: AttrValue,
    /// Whether the layer's error is this field's.
    #[prop_or_default]
    pub invalid: bool,
    /// Id of the element that explains the error, while `invalid`.
    #[prop_or_default]
    pub described_by: Option<AttrValue>,
    /// Shown but not editable.
    #[prop_or_default]
    pub locked: bool,
    /// Called with the new text.
    pub on_text: Callback<String>,
}

/// A `<label>` and its control.
#[component]
pub fn FieldInput(props: &FieldInputProps) -> Html {
    let FieldInputProps { id, field, text, invalid, described_by, locked, .. } = props;
    let invalid_attr = invalid.then_some(AttrValue::Static("true"));
    let language = use_language();
    let described_by = described_by.clone().filter(|_| *invalid);
    // Numbers are typed into text boxes: a number box empties its value while what is typed
    // is not yet a number, and would wipe a half-typed "1e" on the next render.
    // An optional field's placeholder names the default that leaving it empty gives.
    let text_box = |inputmode: &'static str, placeholder: Option<String>| {
        let title = placeholder
            .as_ref()
            .map(|p| language.choose(format!("Leave empty for the default ({p})"), format!("留空则用默认值（{p}）")));
        let oninput = props.on_text.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <input type="text" id={id.clone()} {inputmode} value={text.clone()} {oninput} disabled={*locked}
                placeholder={placeholder} {title} aria-invalid={invalid_attr.clone()}
                aria-describedby={described_by.clone()} autocomplete="off" spellcheck="false" />
        }
    };
    let empty_means = |empty: crate::texts::Bilingual| Some(empty.get(language).to_string());
    let control = match field.kind {
        FieldKind::Count => text_box("numeric", None),
        FieldKind::OptionalCount { empty } => text_box("numeric", empty_means(empty)),
        FieldKind::Number => text_box("decimal", None),
        FieldKind::OptionalNumber { empty } => text_box("decimal", empty_means(empty)),
        FieldKind::Pair => text_box("text", None),
        FieldKind::OptionalPair { empty } => text_box("text", empty_means(empty)),
        FieldKind::Switch => {
            let onchange =
                props.on_text.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked().to_string());
            return html! {
                <div class="builder-field builder-switch">
                    <input type="checkbox" id={id.clone()} checked={text.as_str() == "true"} {onchange}
                        disabled={*locked} aria-invalid={invalid_attr} aria-describedby={described_by} />
                    <label for={id.clone()}>{ field.label.get(language) }</label>
                </div>
            };
        }
        FieldKind::Choice(options) => {
            let onchange = props.on_text.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
            html! {
                <select id={id.clone()} {onchange} disabled={*locked} aria-invalid={invalid_attr}
                    aria-describedby={described_by}>
                    { for options.iter().map(|(value, title)| html! {
                        <option value={*value} selected={*value == text.as_str()}>{ title.get(language) }</option>
                    }) }
                </select>
            }
        }
        FieldKind::LayerList => {
            let oninput = props.on_text.reform(|e: InputEvent| text_area_value(&e));
            html! {
                <textarea id={id.clone()} rows="4" value={text.clone()} {oninput} readonly={*locked}
                    aria-invalid={invalid_attr} aria-describedby={described_by} spellcheck="false" />
            }
        }
    };
    let wide = matches!(field.kind, FieldKind::LayerList).then_some("builder-field-wide");
    html! {
        <div class={classes!("builder-field", wide)} data-field={field.name}>
            <label for={id.clone()}>{ field.label.get(language) }</label>
            { control }
        </div>
    }
}

/// The value of the text area an input event came from (read as a property: the page's
/// web-sys build has no text-area type).
pub fn text_area_value(event: &InputEvent) -> String {
    event
        .target()
        .and_then(|target| js_sys::Reflect::get(&target, &"value".into()).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}
