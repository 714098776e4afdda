//! Which test example the example views (feature maps, recurrent states, attention) show,
//! with that example's input and target.

use super::inputs::{class_name, input_picture, input_text};
use super::pixel_canvas::PixelCanvas;
use crate::state::Action;
use crate::texts::Language;
use nnplay_train::inspect::Example;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`ExamplePicker`].
#[derive(Properties, PartialEq)]
pub struct ExamplePickerProps {
    /// The example the views show now.
    pub example: Example,
    /// The example asked for (the views follow a step later).
    pub requested: usize,
    pub class_names: Rc<[String]>,
    pub language: Language,
    pub on_action: Callback<Action>,
}

/// Previous and next buttons around a number box, then the example itself.
#[component]
pub fn ExamplePicker(props: &ExamplePickerProps) -> Html {
    let language = props.language;
    let requested = props.requested;
    let on_previous = props.on_action.reform(move |_: MouseEvent| Action::SetViewExample(requested.saturating_sub(1)));
    let on_next = props.on_action.reform(move |_: MouseEvent| Action::SetViewExample(requested + 1));
    let on_change = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(index) = input.value().trim().parse::<usize>() {
                on_action.emit(Action::SetViewExample(index));
            }
        })
    };
    let example = &props.example;
    let shown = match input_picture(&example.input_shape, &example.input) {
        Some(picture) => {
            let label = language.pick("The input of test example", "测试样本的输入：");
            let label = format!("{label} {}", example.index);
            html! { <PixelCanvas id="example-input" class="example-input" picture={Rc::new(picture)} {label} /> }
        }
        None => html! { <code id="example-input" class="example-input">{ input_text(&example.input) }</code> },
    };
    let target = match example.target[..] {
        [class] if class >= 0.0 && class.fract() == 0.0 => class_name(class as usize, &props.class_names),
        _ => input_text(&example.target),
    };
    html! {
        <section id="view-example" class="view-panel" aria-labelledby="view-example-heading">
            <h3 id="view-example-heading">{ language.pick("Example shown", "所示样本") }</h3>
            <div class="example-picker">
                <button type="button" id="previous-example" onclick={on_previous} disabled={requested == 0}
                    aria-label={language.pick("Previous test example", "上一个测试样本")}>{ "◀" }</button>
                <label class="example-number">
                    { language.pick("Test example", "测试样本") }
                    <input type="number" id="view-example-index" min="0" step="1" value={requested.to_string()}
                        onchange={on_change} />
                </label>
                <button type="button" id="next-example" onclick={on_next}
                    aria-label={language.pick("Next test example", "下一个测试样本")}>{ "▶" }</button>
            </div>
            <div class="example-shown">
                { shown }
                <p>
                    { format!("#{} · {} ", example.index, language.pick("target:", "目标：")) }
                    <strong>{ target }</strong>
                </p>
            </div>
        </section>
    }
}
