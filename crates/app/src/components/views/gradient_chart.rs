//! Each layer's gradient norm over the steps on a log scale, under the newest warnings
//! about vanishing or exploding gradients in plain words.

use crate::components::theme::use_theme;
use crate::draw::canvas::{context_2d, polyline};
use crate::draw::palette::{Palette, SERIES};
use crate::draw::scale::tick_label;
use crate::state::GradientHistory;
use crate::texts::{Bilingual, Language};
use crate::worker::protocol::Views;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

const WIDTH: u32 = 320;
const HEIGHT: u32 = 180;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 28.0;
const FONT: &str = "11px system-ui, sans-serif";
/// Dash patterns in turn, so that lines differ by more than colour.
const SERIES_DASHES: [&[f64]; 3] = [&[], &[6.0, 3.0], &[2.0, 2.0]];
/// Warnings shown at once.
const SHOWN_ALERTS: usize = 3;
const HEADING: Bilingual = Bilingual { en: "Gradient norms over time", zh: "梯度范数随时间变化" };

/// Properties of [`GradientChart`].
#[derive(Properties, PartialEq)]
pub struct GradientChartProps {
    pub history: Rc<GradientHistory>,
    /// The latest views, whose warnings (newest first) head the chart.
    pub views: Rc<Views>,
    pub language: Language,
}

/// The warnings, the chart and its legend.
#[component]
pub fn GradientChart(props: &GradientChartProps) -> Html {
    let node = use_node_ref();
    let theme = use_theme();
    {
        let node = node.clone();
        use_effect_with((props.history.clone(), theme), move |(history, _)| {
            if let Some((_, context)) = context_2d(&node) {
                draw(&context, history, &Palette::current());
            }
        });
    }
    let language = props.language;
    let label = language.pick(
        "Gradient norm of each layer over the training steps, on a log scale",
        "各层梯度范数随训练步数的变化（对数刻度）",
    );
    html! {
        <section id="gradient-norms" class="view-panel" aria-labelledby="gradient-norms-heading">
            <h3 id="gradient-norms-heading">{ HEADING.get(language) }</h3>
            <div id="gradient-alerts" role="status">
                { for props.views.alerts.iter().take(SHOWN_ALERTS).map(|alert| html! {
                    <p class="gradient-alert">
                        <span aria-hidden="true">{ "⚠ " }</span>{ language.text(&alert.message()) }
                    </p>
                }) }
            </div>
            <figure class="chart">
                <canvas id="gradient-chart" ref={node} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                    role="img" aria-label={label} />
                <figcaption>
                    <ul class="series-legend">
                        { for props.history.layers.iter().enumerate().map(|(i, layer)| html! {
                            <li class={format!("series-{}", i % SERIES)}>{ layer.clone() }</li>
                        }) }
                    </ul>
                </figcaption>
            </figure>
        </section>
    }
}

/// The whole powers of ten `(low, high)` that hold every positive finite norm, at least one
/// decade apart; `(-3, 0)` when there is none.
pub fn decade_range(norms: impl IntoIterator<Item = f32>) -> (i32, i32) {
    let (mut low, mut high) = (f32::INFINITY, 0.0f32);
    for norm in norms.into_iter().filter(|n| n.is_finite() && *n > 0.0) {
        low = low.min(norm);
        high = high.max(norm);
    }
    if high == 0.0 {
        return (-3, 0);
    }
    let (low, high) = (low.log10().floor() as i32, high.log10().ceil() as i32);
    (low, high.max(low + 1))
}

fn draw(cx: &CanvasRenderingContext2d, history: &GradientHistory, palette: &Palette) {
    let (width, height) = (WIDTH as f64, HEIGHT as f64);
    let (right, bottom) = (width - RIGHT, height - BOTTOM);
    cx.clear_rect(0.0, 0.0, width, height);
    let (low, high) = decade_range(history.samples.iter().flat_map(|(_, norms)| norms.iter().copied()));
    let first = history.samples.first().map_or(0, |(step, _)| *step) as f64;
    let last = history.samples.last().map_or(1, |(step, _)| *step) as f64;
    let span = (last - first).max(1.0);
    let x = |step: u64| LEFT + (step as f64 - first) / span * (right - LEFT);
    let y = |norm: f32| bottom - (norm.log10() as f64 - low as f64) / (high - low) as f64 * (bottom - TOP);

    cx.set_font(FONT);
    cx.set_line_width(1.0);
    cx.set_text_align("right");
    cx.set_text_baseline("middle");
    let decades = (high - low) as usize;
    let every = decades.div_ceil(5).max(1);
    for power in (low..=high).step_by(every) {
        let at = y(10f32.powi(power));
        cx.set_stroke_style_str(&palette.grid);
        polyline(cx, &[(LEFT, at), (right, at)]);
        cx.set_fill_style_str(&palette.text);
        let _ = cx.fill_text(&format!("1e{power}"), LEFT - 4.0, at);
    }
    cx.set_text_baseline("top");
    for (step, align) in [(first, "left"), (last, "right")] {
        cx.set_text_align(align);
        let _ = cx.fill_text(&tick_label(step), x(step as u64), bottom + 4.0);
    }
    cx.set_line_width(1.5);
    for layer in 0..history.layers.len() {
        cx.set_stroke_style_str(palette.series(layer));
        let dash = SERIES_DASHES[(layer / SERIES + layer) % SERIES_DASHES.len()];
        let dash: js_sys::Array = dash.iter().map(|&d| JsValue::from_f64(d)).collect();
        let _ = cx.set_line_dash(&dash);
        // A norm of 0 or not a number has no place on a log scale: the line breaks there.
        let mut run = Vec::new();
        for (step, norms) in &history.samples {
            match norms.get(layer) {
                Some(&norm) if norm.is_finite() && norm > 0.0 => run.push((x(*step), y(norm))),
                _ => polyline(cx, &std::mem::take(&mut run)),
            }
        }
        polyline(cx, &run);
    }
    let _ = cx.set_line_dash(&js_sys::Array::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_axis_holds_every_norm_in_whole_decades() {
        assert_eq!(decade_range([0.02, 3.0, 0.5]), (-2, 1));
        assert_eq!(decade_range([1e-7, 0.0, f32::NAN, f32::INFINITY, 40.0]), (-7, 2));
        assert_eq!(decade_range([0.5, 0.5]), (-1, 0));
        assert_eq!(decade_range([1.0]), (0, 1), "at least one decade");
        assert_eq!(decade_range([]), (-3, 0));
        assert_eq!(decade_range([0.0, f32::NAN]), (-3, 0));
    }
}
