//! What an example spec trains: a sentence and its layers.

use super::language::use_language;
use super::layers_table::LayersTable;
use crate::examples::Example;
use nnplay_nn::spec::LayerSummary;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`SpecView`].
#[derive(Properties, PartialEq)]
pub struct SpecViewProps {
    pub example: Example,
    /// The built session's layers; empty until it is built.
    pub layers: Rc<[LayerSummary]>,
}

/// The model of a spec example, layer by layer with shapes and parameter counts.
#[component]
pub fn SpecView(props: &SpecViewProps) -> Html {
    let language = use_language();
    html! {
        <section class="panel spec" id="spec-view" aria-labelledby="spec-heading">
            <h2 id="spec-heading">{ props.example.title_in(language) }</h2>
            <p>{ props.example.description_in(language) }</p>
            <LayersTable layers={props.layers.clone()} />
        </section>
    }
}
