//! "Add layer": a menu of every kind, where to put it, and the button.

use super::fields::kind_title;
use super::state::BuilderAction;
use crate::components::language::use_language;
use nnplay_nn::spec::KINDS;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The kind the menu starts at.
const FIRST_KIND: &str = "dense";
/// The position menu's value for "at the end".
const AT_END: &str = "end";

/// Properties of [`AddLayer`].
#[derive(Properties, PartialEq)]
pub struct AddLayerProps {
    /// The kinds of the layers now in the list, to name the places between them.
    pub kinds: Vec<&'static str>,
    pub dispatch: Callback<BuilderAction>,
}

/// The controls that add a layer.
#[component]
pub fn AddLayer(props: &AddLayerProps) -> Html {
    let kind = use_state(|| FIRST_KIND.to_string());
    let language = use_language();
    let at = use_state(|| AT_END.to_string());
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| kind.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_at = {
        let at = at.clone();
        Callback::from(move |e: Event| at.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let count = props.kinds.len();
    // A position past the list (after a removal) means the end.
    let position = at.parse::<usize>().ok().filter(|i| *i < count);
    let on_add = {
        let kind = (*kind).clone();
        props
            .dispatch
            .reform(move |_: MouseEvent| BuilderAction::AddLayer { kind: kind.clone(), at: position.unwrap_or(count) })
    };
    let position_value = position.map_or(AT_END.to_string(), |i| i.to_string());
    html! {
        <div class="builder-add">
            <div class="builder-field">
                <label for="builder-add-kind">{ language.pick("Layer kind", "层的类型") }</label>
                <select id="builder-add-kind" onchange={on_kind}>
                    { for KINDS.iter().map(|k| html! {
                        <option value={*k} selected={*k == kind.as_str()}>{ kind_title(k).get(language) }</option>
                    }) }
                </select>
            </div>
            <div class="builder-field">
                <label for="builder-add-at">{ language.pick("Position", "位置") }</label>
                <select id="builder-add-at" onchange={on_at}>
                    <option value={AT_END} selected={position.is_none()}>{ language.pick("At the end", "放在最后") }</option>
                    { for props.kinds.iter().enumerate().map(|(i, k)| html! {
                        <option value={i.to_string()} selected={position_value == i.to_string()}>
                            { language.choose(format!("Before layer {} ({})", i + 1, kind_title(k).en), format!("第 {} 层（{}）之前", i + 1, kind_title(k).zh)) }
                        </option>
                    }) }
                </select>
            </div>
            <button type="button" id="builder-add" onclick={on_add}>{ language.pick("Add layer", "添加层") }</button>
        </div>
    }
}
