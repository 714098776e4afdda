//! What a loaded run is: a preset's texts, a dataset's description, facts and a few
//! examples, and the model's layers.

use super::language::use_language;
use super::layers_table::LayersTable;
use super::preview::Preview;
use crate::loaded::Loaded;
use crate::texts::label;
use nnplay_nn::spec::LayerSummary;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`RunInfo`].
#[derive(Properties, PartialEq)]
pub struct RunInfoProps {
    pub loaded: Rc<Loaded>,
    /// The built session's layers; empty until it is built.
    pub layers: Rc<[LayerSummary]>,
}

/// The loaded run's panel.
#[component]
pub fn RunInfo(props: &RunInfoProps) -> Html {
    let about = &props.loaded.about;
    let course = super::course::use_course();
    let language = use_language();
    let class_names: Rc<[String]> = about.class_names.clone().into();
    html! {
        <section class="panel spec run-info" id="run-info" data-key={props.loaded.source.key()}
            aria-labelledby="run-info-heading">
            if let Some(kind) = about.kind {
                <p class="kind">{ kind.get(language) }</p>
            }
            <h2 id="run-info-heading">{ about.title.get(language) }</h2>
            // A course that hides the texts asks the learner to find out for themselves.
            { for about.sections.iter().filter(|_| !course.hide_text).map(|(heading, text)| html! {
                <>
                    <h3>{ heading.get(language) }</h3>
                    <p class="section">{ text.get(language) }</p>
                </>
            }) }
            if !about.facts.is_empty() {
                <p class="facts" id="run-facts">{ about.facts.get(language) }</p>
            }
            if let Some(preview) = &about.preview {
                <h3>{ label::PREVIEW.get(language) }</h3>
                <Preview data={preview.clone()} {class_names} />
            }
            if !about.texts.is_empty() {
                <h3>{ label::PREVIEW.get(language) }</h3>
                <ul class="samples" id="preview-texts">
                    { for about.texts.iter().map(|text| html! { <li>{ format!("“{text}”") }</li> }) }
                </ul>
            }
            <h3>{ label::MODEL.get(language) }</h3>
            <LayersTable layers={props.layers.clone()} />
        </section>
    }
}
