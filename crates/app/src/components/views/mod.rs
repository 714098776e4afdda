//! The live views of the model, drawn from what the training worker computes (see
//! [`Views`]): layer statistics and gradient warnings, CNN filters and feature maps,
//! predictions and the confusion matrix, a drawing pad, recurrent states, attention,
//! generated text, dropout masks and the playground's neuron maps. Each panel shows only
//! where its data is present, so each run shows what applies to it. Styles: `www/views.css`.

mod attention_panel;
mod confusion_table;
mod conv_panel;
mod drawing;
mod drawing_pad;
mod dropout_panel;
mod example_picker;
mod gradient_chart;
mod heat;
mod histogram_bars;
mod inputs;
mod layer_panel;
mod neurons_panel;
mod pixel_canvas;
mod predictions_grid;
mod recurrent_panel;
mod sample_panel;

use crate::share::Panel;
use crate::state::{Action, GradientHistory};
use crate::texts::{Bilingual, Language};
use crate::worker::protocol::{ViewRequest, Views};
use attention_panel::AttentionPanel;
use confusion_table::ConfusionTable;
use conv_panel::ConvPanel;
use drawing_pad::{DrawingPad, drawable};
use dropout_panel::DropoutPanel;
use example_picker::ExamplePicker;
use gradient_chart::GradientChart;
use layer_panel::LayerPanel;
use neurons_panel::NeuronsPanel;
use predictions_grid::PredictionsGrid;
use recurrent_panel::RecurrentPanel;
use sample_panel::SamplePanel;
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// Said while the views are switched off.
const OFF: Bilingual = Bilingual {
    en: "The views are off; computing them takes training time.",
    zh: "视图已关闭；计算它们会占用训练时间。",
};
/// Said until the worker's first views arrive.
const WAITING: Bilingual = Bilingual {
    en: "The views appear once the model has been looked into.",
    zh: "查看模型后，视图将显示在这里。",
};

/// Properties of [`ModelViews`].
#[derive(Properties, PartialEq)]
pub struct ModelViewsProps {
    /// The latest views from the worker (`State::views`).
    pub views: Option<Rc<Views>>,
    /// Gradient norms over time (`State::gradient_history`).
    pub history: Rc<GradientHistory>,
    /// What the panels ask of the worker (`State::view_request`).
    pub request: ViewRequest,
    /// The model's answer for the last drawing (`State::drawing_prediction`).
    pub prediction: Option<Result<Vec<f32>, String>>,
    /// The run's class names; classes go by number where there are none.
    pub class_names: Rc<[String]>,
    /// The panels the page shows (`State::panels`; `None`: all that apply).
    #[prop_or_default]
    pub panels: Option<BTreeSet<Panel>>,
    pub language: Language,
    pub on_action: Callback<Action>,
}

/// The views section: its switch, then every panel that applies to the run.
#[component]
pub fn ModelViews(props: &ModelViewsProps) -> Html {
    let language = props.language;
    let wanted = props.request.wanted;
    let on_toggle = props.on_action.reform(move |_: MouseEvent| Action::ShowViews(!wanted));
    let body = match (&props.views, wanted) {
        (_, false) => html! {
            <p class="hint">{ OFF.get(language) }</p>
        },
        (None, true) => html! {
            <p class="hint" role="status">{ WAITING.get(language) }</p>
        },
        (Some(views), true) => panels(props, views),
    };
    html! {
        <section id="views" class="panel views" aria-labelledby="views-heading">
            <div class="views-head">
                <h2 id="views-heading">{ language.pick("Inside the model", "模型内部") }</h2>
                <button type="button" id="toggle-views" aria-pressed={wanted.to_string()} onclick={on_toggle}>
                    { language.pick("Show model views", "显示模型视图") }
                </button>
            </div>
            { body }
        </section>
    }
}

/// Every panel whose data `views` holds.
fn panels(props: &ModelViewsProps, views: &Rc<Views>) -> Html {
    let (language, on_action) = (props.language, props.on_action.clone());
    let names = props.class_names.clone();
    let example_views = !views.feature_maps.is_empty() || !views.recurrent.is_empty() || !views.attention.is_empty();
    let pad = views.predictions.as_ref().and_then(|p| drawable(&p.input_shape));
    // A panel the page's Panels menu (or the link) left out is not drawn.
    let shows = |panel: Panel| props.panels.as_ref().is_none_or(|shown| shown.contains(&panel));
    html! {
        <>
            <p class="views-step" data-step={views.step.to_string()}>
                { format!("{} {}", language.pick("As of step", "截至第"), views.step) }{ language.pick("", " 步") }
            </p>
            if !views.layers.is_empty() && shows(Panel::Layers) {
                <GradientChart history={props.history.clone()} views={views.clone()} {language} />
            }
            if !views.layers.is_empty() && shows(Panel::Histograms) {
                <LayerPanel views={views.clone()} {language} />
            }
            if let (Some(example), true) = (&views.example, example_views) {
                <ExamplePicker example={example.clone()} requested={props.request.example} class_names={names.clone()}
                    {language} on_action={on_action.clone()} />
            }
            if (views.filters.is_some() || !views.feature_maps.is_empty()) && shows(Panel::Filters) {
                <ConvPanel views={views.clone()} {language} />
            }
            if !views.recurrent.is_empty() && shows(Panel::Hidden) {
                <RecurrentPanel views={views.clone()} {language} />
            }
            if !views.attention.is_empty() && shows(Panel::Attention) {
                <AttentionPanel views={views.clone()} {language} />
            }
            if let Some(predictions) = &views.predictions {
                <PredictionsGrid predictions={predictions.clone()} class_names={names.clone()} {language} />
            }
            if let Some(matrix) = views.confusion.as_ref().filter(|_| shows(Panel::Confusion)) {
                <ConfusionTable matrix={matrix.clone()} class_names={names.clone()} {language} />
            }
            if let Some((input_height, input_width)) = pad {
                <DrawingPad {input_height} {input_width} prediction={props.prediction.clone()}
                    class_names={names.clone()} {language} on_action={on_action.clone()} />
            }
            if let Some(text) = &views.sample {
                <SamplePanel text={text.clone()} temperature={props.request.temperature} {language}
                    on_action={on_action.clone()} />
            }
            if !views.dropout.is_empty() {
                <DropoutPanel views={views.clone()} {language} />
            }
            if let Some(maps) = views.neurons.as_ref().filter(|_| shows(Panel::Hidden)) {
                <NeuronsPanel maps={maps.clone()} {language} />
            }
        </>
    }
}
