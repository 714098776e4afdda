//! What each recurrent layer computed over the chosen sequence: its hidden state and its
//! gates as heat maps, time running left to right and one row per unit.

use super::heat::{Heat, matrix_picture};
use super::pixel_canvas::PixelCanvas;
use crate::texts::{Bilingual, Language};
use crate::worker::protocol::Views;
use nnplay_train::inspect::{GateTrace, RecurrentStates};
use std::rc::Rc;
use yew::prelude::*;

/// Hidden states of RNN, GRU and LSTM cells lie in `[-1, 1]` (tanh), gates in `[0, 1]`:
/// fixed scales, so that a map compares with the next one.
const HIDDEN: Heat = Heat::Signed(1.0);
const GATE: Heat = Heat::Positive(1.0);
const HEADING: Bilingual = Bilingual { en: "Recurrent states over time", zh: "循环层状态随时间变化" };
const HINT: Bilingual = Bilingual {
    en: "Time runs left to right, one row per unit. Hidden state: orange −1, grey 0, blue +1. \
         Gates: grey closed (0), blue open (1).",
    zh: "时间从左到右，每行一个单元。隐藏状态：橙色 −1，灰色 0，蓝色 +1。门：灰色关闭（0），蓝色打开（1）。",
};
const STACKED: Bilingual = Bilingual { en: "stacked layer", zh: "堆叠层" };

/// Properties of [`RecurrentPanel`].
#[derive(Properties, PartialEq)]
pub struct RecurrentPanelProps {
    pub views: Rc<Views>,
    pub language: Language,
}

/// One block per recurrent layer (per stacked layer).
#[component]
pub fn RecurrentPanel(props: &RecurrentPanelProps) -> Html {
    let language = props.language;
    html! {
        <section id="recurrent" class="view-panel" aria-labelledby="recurrent-heading">
            <h3 id="recurrent-heading">{ HEADING.get(language) }</h3>
            <p class="hint">
                { HINT.get(language) }
            </p>
            { for props.views.recurrent.iter().map(|states| layer_view(states, language)) }
        </section>
    }
}

fn layer_view(states: &RecurrentStates, language: Language) -> Html {
    let title = format!("{} · {} · {} {}", states.layer, states.kind, STACKED.get(language), states.stacked);
    let units = states.hidden.first().map_or(0, Vec::len);
    let hidden_label = match language {
        Language::En => format!("Hidden state of {title}: {} steps × {units} units", states.hidden.len()),
        Language::Zh => format!("{title} 的隐藏状态：{} 步 × {units} 个单元", states.hidden.len()),
    };
    let hidden = matrix_picture(&states.hidden, true, |v| HIDDEN.color(v));
    html! {
        <div class="recurrent-layer" data-layer={states.layer.clone()}>
            <h4>{ title.clone() }</h4>
            <figure>
                <PixelCanvas class="time-map" picture={Rc::new(hidden)} label={hidden_label} />
                <figcaption>{ language.pick("hidden state", "隐藏状态") }</figcaption>
            </figure>
            { for states.gates.iter().map(|gate| gate_view(gate, &title, language)) }
        </div>
    }
}

fn gate_view(gate: &GateTrace, title: &str, language: Language) -> Html {
    let label = match language {
        Language::En => format!("The {} gate of {title} over time", gate.name),
        Language::Zh => format!("{title} 的 {} 门随时间变化", gate.name),
    };
    let picture = matrix_picture(&gate.values, true, |v| GATE.color(v));
    html! {
        <figure class="gate" data-gate={gate.name.clone()}>
            <PixelCanvas class="time-map" picture={Rc::new(picture)} {label} />
            <figcaption>{ format!("{} {}", gate.name, language.pick("gate", "门")) }</figcaption>
        </figure>
    }
}
