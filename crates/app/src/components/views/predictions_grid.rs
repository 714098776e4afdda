//! The first test examples with the class the model predicts and the true one; mistakes
//! are marked with ✗ and the class `mistake`, not by colour alone.

use super::inputs::{class_name, input_picture, input_text};
use super::pixel_canvas::PixelCanvas;
use crate::texts::{Bilingual, Language};
use nnplay_train::inspect::{Prediction, Predictions};
use std::rc::Rc;
use yew::prelude::*;

const HEADING: Bilingual = Bilingual { en: "Predictions on test examples", zh: "测试样本上的预测" };

/// Properties of [`PredictionsGrid`].
#[derive(Properties, PartialEq)]
pub struct PredictionsGridProps {
    pub predictions: Predictions,
    pub class_names: Rc<[String]>,
    pub language: Language,
}

/// A thumbnail or a line per example, with its classes.
#[component]
pub fn PredictionsGrid(props: &PredictionsGridProps) -> Html {
    let language = props.language;
    let grid = &props.predictions;
    let wrong = grid.examples.iter().filter(|e| !e.correct).count();
    let summary = match language {
        Language::En => format!("{wrong} of the first {} test examples are misclassified.", grid.examples.len()),
        Language::Zh => format!("前 {} 个测试样本中有 {wrong} 个分类错误。", grid.examples.len()),
    };
    html! {
        <section id="predictions" class="view-panel" aria-labelledby="predictions-heading">
            <h3 id="predictions-heading">{ HEADING.get(language) }</h3>
            <p class="predictions-summary">{ summary }</p>
            <ul class="prediction-grid">
                { for grid.examples.iter().map(|example| item(example, grid, &props.class_names, language)) }
            </ul>
        </section>
    }
}

fn item(example: &Prediction, grid: &Predictions, names: &[String], language: Language) -> Html {
    let (predicted, actual) = (class_name(example.predicted, names), class_name(example.actual, names));
    let input = match input_picture(&grid.input_shape, &example.input) {
        Some(picture) => {
            let label = format!("{} {}", language.pick("Test example", "测试样本"), example.index);
            html! { <PixelCanvas class="prediction-thumb" picture={Rc::new(picture)} {label} /> }
        }
        None => html! { <code class="prediction-input">{ input_text(&example.input) }</code> },
    };
    let (mark, verdict) = if example.correct {
        ("✓", language.pick("right", "正确"))
    } else {
        ("✗", language.pick("wrong", "错误"))
    };
    html! {
        <li class={classes!("prediction", (!example.correct).then_some("mistake"))}
            data-predicted={example.predicted.to_string()} data-actual={example.actual.to_string()}>
            { input }
            <span class="prediction-classes">
                <span class="mark" aria-hidden="true">{ mark }</span>
                <span class="visually-hidden">{ verdict }{ ": " }</span>
                { language.pick("predicted ", "预测 ") }<strong>{ predicted }</strong>
                { format!(" ({:.0} %)", example.confidence * 100.0) }
                <br />
                { language.pick("true ", "真实 ") }{ actual }
            </span>
        </li>
    }
}
