//! What an example spec trains: a sentence and its layers.

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
    let total: usize = props.layers.iter().map(|l| l.params).sum();
    let shape = |dims: &[usize]| dims.iter().map(usize::to_string).collect::<Vec<_>>().join("×");
    html! {
        <section class="panel spec" id="spec-view" aria-labelledby="spec-heading">
            <h2 id="spec-heading">{ props.example.title() }</h2>
            <p>{ props.example.description() }</p>
            <table class="layers-table">
                <thead>
                    <tr><th>{ "Layer" }</th><th>{ "Output" }</th><th class="number">{ "Parameters" }</th></tr>
                </thead>
                <tbody>
                    { for props.layers.iter().map(|layer| html! {
                        <tr>
                            <td>{ &layer.kind }</td>
                            <td>{ shape(&layer.output_shape) }</td>
                            <td class="number">{ layer.params }</td>
                        </tr>
                    }) }
                </tbody>
                <tfoot>
                    <tr><td colspan="2">{ "Total" }</td><td class="number">{ total }</td></tr>
                </tfoot>
            </table>
        </section>
    }
}
