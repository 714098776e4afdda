//! How much each position of the chosen example attends to every other: one heat map of
//! query (rows) by key (columns) for the layer and head the learner picks.

use super::heat::{Heat, matrix_picture};
use super::pixel_canvas::PixelCanvas;
use crate::texts::Language;
use crate::worker::protocol::Views;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Attention weights are shares of 1.
const WEIGHT: Heat = Heat::Positive(1.0);

/// Properties of [`AttentionPanel`].
#[derive(Properties, PartialEq)]
pub struct AttentionPanelProps {
    pub views: Rc<Views>,
    pub language: Language,
}

/// The layer and head pickers and the map.
#[component]
pub fn AttentionPanel(props: &AttentionPanelProps) -> Html {
    let chosen = use_state(|| (0usize, 0usize));
    let language = props.language;
    let maps = &props.views.attention;
    let layer = chosen.0.min(maps.len().saturating_sub(1));
    let Some(map) = maps.get(layer) else { return html! {} };
    let head = chosen.1.min(map.heads.len().saturating_sub(1));
    let on_layer = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(layer) = select.value().parse() {
                chosen.set((layer, 0));
            }
        })
    };
    let on_head = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Ok(head) = select.value().parse() {
                chosen.set((layer, head));
            }
        })
    };
    let weights = map.heads.get(head).cloned().unwrap_or_default();
    let positions = weights.len();
    let causal =
        if map.causal { language.pick(" (causal: no looking ahead)", "（因果：不看后面）") } else { "" };
    let label = match language {
        Language::En => format!(
            "Attention of {} head {head}{causal}: {positions} query positions down, {positions} key positions \
             across, blue for more attention",
            map.layer
        ),
        Language::Zh => {
            format!(
                "{} 第 {head} 个头的注意力{causal}：行是 {positions} 个查询位置，列是键位置，\
                 蓝色越深注意力越多",
                map.layer
            )
        }
    };
    let picture = matrix_picture(&weights, false, |v| WEIGHT.color(v));
    html! {
        <section id="attention" class="view-panel" aria-labelledby="attention-heading">
            <h3 id="attention-heading">{ language.pick("Attention", "注意力") }</h3>
            <div class="view-selectors">
                <label>
                    { language.pick("Layer", "层") }
                    <select id="attention-layer" onchange={on_layer}>
                        { for maps.iter().enumerate().map(|(i, m)| html! {
                            <option value={i.to_string()} selected={i == layer}>
                                { format!("{} · {}", m.layer, m.kind) }
                            </option>
                        }) }
                    </select>
                </label>
                <label>
                    { language.pick("Head", "头") }
                    <select id="attention-head" onchange={on_head}>
                        { for (0..map.heads.len()).map(|h| html! {
                            <option value={h.to_string()} selected={h == head}>{ h.to_string() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <figure>
                <PixelCanvas id="attention-map" class="attention-map" picture={Rc::new(picture)}
                    label={label.clone()} />
                <figcaption>{ language.pick("query ↓ · key →", "查询 ↓ · 键 →") }{ causal }</figcaption>
            </figure>
        </section>
    }
}
