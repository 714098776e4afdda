//! A model's layers with their output shapes and parameter counts.

use super::language::use_language;
use nnplay_nn::spec::LayerSummary;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`LayersTable`].
#[derive(Properties, PartialEq)]
pub struct LayersTableProps {
    /// The built session's layers; empty until it is built.
    pub layers: Rc<[LayerSummary]>,
}

/// One row per layer and a total.
#[component]
pub fn LayersTable(props: &LayersTableProps) -> Html {
    let language = use_language();
    let total: usize = props.layers.iter().map(|l| l.params).sum();
    let shape = |dims: &[usize]| dims.iter().map(usize::to_string).collect::<Vec<_>>().join("×");
    html! {
        <table class="layers-table">
            <thead>
                <tr>
                    <th>{ language.pick("Layer", "层") }</th>
                    <th>{ language.pick("Output", "输出形状") }</th>
                    <th class="number">{ language.pick("Parameters", "参数") }</th>
                </tr>
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
                <tr><td colspan="2">{ language.pick("Total", "合计") }</td><td class="number">{ total }</td></tr>
            </tfoot>
        </table>
    }
}
