//! TensorFlow Playground's neuron maps: what every hidden neuron of a 2-D model outputs
//! over the plane, layer by layer, and what the output does.

use super::heat::Picture;
use super::pixel_canvas::PixelCanvas;
use crate::draw::heatmap::pixels;
use crate::texts::{Bilingual, Language};
use nnplay_train::Boundary;
use nnplay_train::inspect::NeuronMaps;
use std::rc::Rc;
use yew::prelude::*;

const HINT: Bilingual = Bilingual {
    en: "Each neuron's output over the plane: orange negative, blue positive.",
    zh: "每个神经元在平面上的输出：橙色为负，蓝色为正。",
};

/// Properties of [`NeuronsPanel`].
#[derive(Properties, PartialEq)]
pub struct NeuronsPanelProps {
    pub maps: NeuronMaps,
    pub language: Language,
}

/// A row of small maps per hidden layer, then the output's map.
#[component]
pub fn NeuronsPanel(props: &NeuronsPanelProps) -> Html {
    let language = props.language;
    let maps = &props.maps;
    let output_label = language.pick("The output over the plane", "输出在平面上的值");
    html! {
        <section id="neurons" class="view-panel" aria-labelledby="neurons-heading">
            <h3 id="neurons-heading">{ language.pick("What each neuron sees", "每个神经元看到的") }</h3>
            <p class="hint">{ HINT.get(language) }</p>
            { for maps.layers.iter().map(|layer| html! {
                <div class="neuron-layer" data-layer={layer.layer.clone()}>
                    <h4>{ layer.layer.clone() }</h4>
                    <ul class="neuron-maps">
                        { for layer.neurons.iter().enumerate().map(|(j, values)| {
                            let label = format!("{} {} {j}", layer.layer, language.pick("neuron", "神经元"));
                            html! { <li>{ map_canvas(maps.resolution, maps.extent, &scaled(values), label) }</li> }
                        }) }
                    </ul>
                </div>
            }) }
            <div class="neuron-layer">
                <h4>{ language.pick("Output", "输出") }</h4>
                { map_canvas(maps.resolution, maps.extent, &maps.output, output_label.to_string()) }
            </div>
        </section>
    }
}

fn map_canvas(resolution: usize, extent: f32, values: &[f32], label: String) -> Html {
    let boundary = Boundary { resolution, extent, values: values.to_vec() };
    let Some(pixels) = pixels(&boundary) else { return html! {} };
    let picture = Picture { width: resolution, height: resolution, pixels };
    html! { <PixelCanvas class={classes!("neuron-map", "smooth")} picture={Rc::new(picture)} {label} /> }
}

/// A neuron's outputs brought into `[-1, 1]` for the colour scale: as they are when they
/// fit (tanh, sigmoid), else divided by the largest magnitude (ReLU).
pub fn scaled(values: &[f32]) -> Vec<f32> {
    let largest = values.iter().filter(|v| v.is_finite()).fold(1.0f32, |m, v| m.max(v.abs()));
    values.iter().map(|v| v / largest).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_outputs_past_one_are_scaled_down() {
        assert_eq!(scaled(&[-0.5, 0.25]), vec![-0.5, 0.25]);
        assert_eq!(scaled(&[0.0, 2.0, 4.0]), vec![0.0, 0.5, 1.0]);
        assert_eq!(scaled(&[f32::INFINITY, -2.0])[1], -1.0);
    }
}
