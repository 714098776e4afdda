//! Text a character model writes now, and how daring its sampling is.

use crate::state::Action;
use crate::texts::{Bilingual, Language};
use web_sys::HtmlInputElement;
use yew::prelude::*;

const TEMPERATURE: Bilingual = Bilingual {
    en: "Temperature (0 always picks the likeliest character, 2 is wild)",
    zh: "温度（0 总是选最可能的字符，2 很随意）",
};

/// Properties of [`SamplePanel`].
#[derive(Properties, PartialEq)]
pub struct SamplePanelProps {
    pub text: AttrValue,
    pub temperature: f32,
    pub language: Language,
    pub on_action: Callback<Action>,
}

/// The generated text and the temperature slider.
#[component]
pub fn SamplePanel(props: &SamplePanelProps) -> Html {
    let language = props.language;
    let on_input = props.on_action.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        Action::SetTemperature(input.value().parse().unwrap_or(0.8))
    });
    html! {
        <section id="sample" class="view-panel" aria-labelledby="sample-heading">
            <h3 id="sample-heading">{ language.pick("Generated text", "生成的文本") }</h3>
            <pre id="sample-text" class="sample-text">{ props.text.clone() }</pre>
            <label for="temperature">
                { TEMPERATURE.get(language) }
            </label>
            <div class="temperature">
                <input type="range" id="temperature" min="0" max="2" step="0.1"
                    value={format!("{:.1}", props.temperature)} oninput={on_input} />
                <output for="temperature">{ format!("{:.1}", props.temperature) }</output>
            </div>
        </section>
    }
}
