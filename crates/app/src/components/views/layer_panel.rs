//! Per layer: its tensors' weight and gradient histograms, the gradient norm, the share of
//! near-zero weights and the dead ReLU units.

use super::histogram_bars::HistogramBars;
use crate::texts::{Bilingual, Language};
use crate::worker::protocol::Views;
use nnplay_train::inspect::{DeadUnits, LayerStats, ParamStats};
use std::rc::Rc;
use yew::prelude::*;

/// The palette series of the weights' histogram bars, and of the gradients'.
const WEIGHT_SERIES: usize = 0;
const GRADIENT_SERIES: usize = 1;
/// Tensors of a layer shown at once (a weight and its bias); a Transformer block's dozen
/// others fold away.
const SHOWN_PARAMS: usize = 2;
const HEADING: Bilingual = Bilingual { en: "Layers: weights and gradients", zh: "各层：权重与梯度" };
const NEAR_ZERO: Bilingual = Bilingual {
    en: "Weights near zero (|w| < 0.001, what L1 aims for)",
    zh: "接近零的权重（|w| < 0.001，L1 的目标）",
};

/// Properties of [`LayerPanel`].
#[derive(Properties, PartialEq)]
pub struct LayerPanelProps {
    pub views: Rc<Views>,
    pub language: Language,
}

/// The statistics of every layer with weights.
#[component]
pub fn LayerPanel(props: &LayerPanelProps) -> Html {
    let language = props.language;
    html! {
        <section id="layer-stats" class="view-panel" aria-labelledby="layer-stats-heading">
            <h3 id="layer-stats-heading">{ HEADING.get(language) }</h3>
            <ol class="layer-stats">
                { for props.views.layers.iter().map(|layer| layer_item(layer, language)) }
            </ol>
        </section>
    }
}

fn layer_item(layer: &LayerStats, language: Language) -> Html {
    let norm = format!("{:.2e}", layer.gradient_norm());
    let near_zero = format!("{:.1} %", near_zero_share(layer) * 100.0);
    html! {
        <li class="layer-stat" data-layer={layer.layer.clone()}>
            <h4>{ format!("{} · {}", layer.layer, layer.kind) }</h4>
            <dl class="layer-figures">
                <dt>{ language.pick("Gradient norm", "梯度范数") }</dt>
                <dd class="gradient-norm" data-value={layer.gradient_norm().to_string()}>{ norm }</dd>
                <dt>{ NEAR_ZERO.get(language) }</dt>
                <dd class="near-zero">{ near_zero }</dd>
                if let Some(dead) = &layer.dead_units {
                    <dt>{ language.pick("Dead ReLU units", "死亡 ReLU 单元") }</dt>
                    <dd class={classes!("dead-units", (dead.dead > 0).then_some("warning"))}>
                        { dead_text(dead, language) }
                    </dd>
                }
            </dl>
            <ul class="param-stats">
                { for layer.params.iter().take(SHOWN_PARAMS).map(|param| param_item(param, language)) }
            </ul>
            if layer.params.len() > SHOWN_PARAMS {
                <details class="more-params">
                    <summary>{ more_text(layer.params.len() - SHOWN_PARAMS, language) }</summary>
                    <ul class="param-stats">
                        { for layer.params.iter().skip(SHOWN_PARAMS).map(|param| param_item(param, language)) }
                    </ul>
                </details>
            }
        </li>
    }
}

fn param_item(param: &ParamStats, language: Language) -> Html {
    let shape = param.shape.iter().map(usize::to_string).collect::<Vec<_>>().join("×");
    let weights_label = format!("{} {}", language.pick("Weights of", "权重："), param.name);
    let gradient_label = format!("{} {}", language.pick("Gradient of", "梯度："), param.name);
    html! {
        <li class="param-stat">
            <span class="param-name">{ format!("{} [{shape}]", param.name) }</span>
            <div class="param-histograms">
                <div>
                    <span class="histogram-title">{ language.pick("weights", "权重") }</span>
                    <HistogramBars histogram={param.weights.clone()} series={WEIGHT_SERIES} label={weights_label} />
                </div>
                <div>
                    <span class="histogram-title">{ language.pick("gradient", "梯度") }</span>
                    <HistogramBars histogram={param.gradient.clone()} series={GRADIENT_SERIES} label={gradient_label} />
                </div>
            </div>
        </li>
    }
}

/// The share of the layer's weights (all its tensors) that are near zero, weighting each
/// tensor by its size.
pub fn near_zero_share(layer: &LayerStats) -> f32 {
    let size = |p: &ParamStats| p.weights.counts.iter().sum::<u32>() as f32 + p.weights.non_finite as f32;
    let total: f32 = layer.params.iter().map(size).sum();
    if total == 0.0 {
        return 0.0;
    }
    layer.params.iter().map(|p| p.near_zero * size(p)).sum::<f32>() / total
}

/// "10 more tensors".
fn more_text(count: usize, language: Language) -> String {
    match language {
        Language::En => format!("{count} more tensor{}", if count == 1 { "" } else { "s" }),
        Language::Zh => format!("另外 {count} 个张量"),
    }
}

/// "3 of 16 units dead".
pub fn dead_text(dead: &DeadUnits, language: Language) -> String {
    match language {
        Language::En => format!("{} of {} units dead", dead.dead, dead.units),
        Language::Zh => format!("{} 个单元中有 {} 个死亡", dead.units, dead.dead),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_train::inspect::Histogram;

    fn param(values: &[f32], near_zero: f32) -> ParamStats {
        ParamStats {
            name: "layers.0.weight".into(),
            shape: vec![values.len()],
            weights: Histogram::of(values),
            gradient: Histogram::of(values),
            gradient_norm: 1.0,
            near_zero,
        }
    }

    #[test]
    fn the_near_zero_share_weights_each_tensor_by_its_size() {
        // 6 weights, half near zero; 2 biases, none.
        let layer = LayerStats {
            layer: "layers[0]".into(),
            kind: "dense".into(),
            params: vec![param(&[0.0, 0.0, 0.0, 1.0, 1.0, 1.0], 0.5), param(&[1.0, 2.0], 0.0)],
            dead_units: None,
        };
        assert_eq!(near_zero_share(&layer), 3.0 / 8.0);
        assert_eq!(near_zero_share(&LayerStats { params: vec![], ..layer }), 0.0);
    }

    #[test]
    fn dead_units_read_as_a_sentence() {
        let dead = DeadUnits { dead: 3, units: 16 };
        assert_eq!(dead_text(&dead, Language::En), "3 of 16 units dead");
        assert_eq!(dead_text(&dead, Language::Zh), "16 个单元中有 3 个死亡");
    }
}
