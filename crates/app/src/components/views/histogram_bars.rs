//! A small bar chart of one histogram (a tensor's weights or its gradient).

use crate::components::language::use_language;
use crate::components::theme::use_theme;
use crate::draw::canvas::context_2d;
use crate::draw::palette::Palette;
use crate::draw::scale::tick_label;
use nnplay_train::inspect::Histogram;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

const WIDTH: u32 = 120;
const HEIGHT: u32 = 40;
/// Height of a bin with any value in it, so a lone value still shows.
const LEAST_BAR: f64 = 1.0;

/// Properties of [`HistogramBars`].
#[derive(Properties, PartialEq)]
pub struct HistogramBarsProps {
    pub histogram: Histogram,
    /// The palette's series whose colour the bars take.
    pub series: usize,
    /// What the histogram is of (`weights of layers.0.weight`), for the label.
    pub label: AttrValue,
}

/// The histogram's bars, with its range under them.
#[component]
pub fn HistogramBars(props: &HistogramBarsProps) -> Html {
    let node = use_node_ref();
    let theme = use_theme();
    let language = use_language();
    {
        let node = node.clone();
        let deps = (props.histogram.clone(), props.series, theme);
        use_effect_with(deps, move |(histogram, series, _)| {
            if let Some((_, context)) = context_2d(&node) {
                draw(&context, histogram, Palette::current().series(*series));
            }
        });
    }
    let histogram = &props.histogram;
    let range = format!("{} … {}", tick_label(histogram.min as f64), tick_label(histogram.max as f64));
    let broken = (histogram.non_finite > 0).then(|| format!(" · {} NaN/∞", histogram.non_finite));
    let (name, count) = (&props.label, histogram.counts.iter().sum::<u32>());
    let label =
        language.choose(format!("{name}: {count} values from {range}"), format!("{name}：{count} 个值，范围 {range}"));
    html! {
        <figure class="histogram">
            <canvas ref={node} width={WIDTH.to_string()} height={HEIGHT.to_string()} role="img" aria-label={label} />
            <figcaption>{ range }{ broken }</figcaption>
        </figure>
    }
}

/// Each bin's bar height on a chart `height` high: proportional to the fullest bin, at
/// least [`LEAST_BAR`] for a bin that is not empty.
pub fn bar_heights(counts: &[u32], height: f64) -> Vec<f64> {
    let fullest = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    counts.iter().map(|&c| if c == 0 { 0.0 } else { (c as f64 / fullest * height).max(LEAST_BAR) }).collect()
}

fn draw(cx: &CanvasRenderingContext2d, histogram: &Histogram, color: &str) {
    let (width, height) = (WIDTH as f64, HEIGHT as f64);
    cx.clear_rect(0.0, 0.0, width, height);
    let bars = bar_heights(&histogram.counts, height);
    let bar_width = width / bars.len().max(1) as f64;
    cx.set_fill_style_str(color);
    for (index, bar) in bars.iter().enumerate() {
        cx.fill_rect(index as f64 * bar_width, height - bar, (bar_width - 1.0).max(1.0), *bar);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_fullest_bin_and_small_ones_still_show() {
        assert_eq!(bar_heights(&[0, 5, 10, 1000], 40.0), vec![0.0, 1.0, 1.0, 40.0]);
        assert_eq!(bar_heights(&[2, 4], 40.0), vec![20.0, 40.0]);
        assert_eq!(bar_heights(&[0, 0], 40.0), vec![0.0, 0.0]);
    }
}
