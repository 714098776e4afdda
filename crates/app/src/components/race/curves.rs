//! Every lane's training loss over the steps, overlaid on one canvas with a legend.

use super::lane_style::LaneStyle;
use super::model::LaneCurve;
use crate::components::language::use_language;
use crate::components::theme::use_theme;
use crate::draw::canvas::context_2d;
use crate::draw::canvas::polyline;
use crate::draw::palette::Palette;
use crate::draw::scale::{nice_ceiling, tick_label};
use crate::texts::Language;
use std::rc::Rc;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

const WIDTH: u32 = 360;
const HEIGHT: u32 = 240;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
const FONT: &str = "12px system-ui, sans-serif";
/// Markers along each curve, so a lane is known by its shape too.
const MARKS_PER_CURVE: usize = 6;

/// Properties of [`RaceCurves`].
#[derive(Properties, PartialEq)]
pub struct RaceCurvesProps {
    pub lanes: Rc<Vec<LaneCurve>>,
}

/// The overlaid loss curves of the race.
#[component]
pub fn RaceCurves(props: &RaceCurvesProps) -> Html {
    let node = use_node_ref();
    let language = use_language();
    let theme = use_theme();
    {
        let node = node.clone();
        // The theme is a dependency so that a switch redraws the chart in its colours.
        use_effect_with((props.lanes.clone(), language, theme), move |(lanes, language, _)| {
            if let Some((_, context)) = context_2d(&node) {
                draw(&context, lanes, *language, &Palette::current());
            }
        });
    }
    html! {
        <canvas id="race-curves" ref={node} width={WIDTH.to_string()} height={HEIGHT.to_string()} role="img"
            aria-label={language.pick("Training loss of every run of the race over the steps",
                "赛跑中每一组训练的训练损失随步数的变化")} />
    }
}

fn draw(cx: &CanvasRenderingContext2d, lanes: &[LaneCurve], language: Language, palette: &Palette) {
    let (width, height) = (WIDTH as f64, HEIGHT as f64);
    let (right, bottom) = (width - RIGHT, height - BOTTOM);
    cx.set_fill_style_str(&palette.background);
    cx.fill_rect(0.0, 0.0, width, height);
    let finite = || lanes.iter().flat_map(|l| l.points.iter()).filter(|(_, loss)| loss.is_finite());
    let y_max = nice_ceiling(finite().map(|(_, loss)| *loss as f64).fold(0.0, f64::max));
    let x_max = finite().map(|(step, _)| *step).max().unwrap_or(1).max(1) as f64;
    let x = |step: f64| LEFT + step / x_max * (right - LEFT);
    let y = |loss: f64| bottom - (loss / y_max).min(1.0) * (bottom - TOP);

    cx.set_font(FONT);
    cx.set_line_width(1.0);
    let _ = cx.set_line_dash(&js_sys::Array::new());
    for fraction in [0.0, 0.5, 1.0] {
        let (loss, step) = (fraction * y_max, fraction * x_max);
        cx.set_stroke_style_str(&palette.grid);
        polyline(cx, &[(LEFT, y(loss)), (right, y(loss))]);
        cx.set_fill_style_str(&palette.text);
        cx.set_text_align("right");
        cx.set_text_baseline("middle");
        let _ = cx.fill_text(&tick_label(loss), LEFT - 6.0, y(loss));
        cx.set_text_align(["left", "center", "right"][(fraction * 2.0) as usize]);
        cx.set_text_baseline("top");
        let _ = cx.fill_text(&tick_label(step.round()), x(step), bottom + 5.0);
    }
    cx.set_stroke_style_str(&palette.axis);
    polyline(cx, &[(LEFT, TOP), (LEFT, bottom), (right, bottom)]);
    cx.set_text_align("center");
    cx.set_text_baseline("bottom");
    let _ = cx.fill_text(language.pick("step", "步数"), (LEFT + right) / 2.0, height - 4.0);
    cx.save();
    let _ = cx.translate(14.0, (TOP + bottom) / 2.0);
    let _ = cx.rotate(-std::f64::consts::FRAC_PI_2);
    cx.set_text_baseline("middle");
    let _ = cx.fill_text(language.pick("training loss", "训练损失"), 0.0, 0.0);
    cx.restore();

    for (index, lane) in lanes.iter().enumerate() {
        let style = LaneStyle::of(index);
        let points: Vec<(f64, f64)> = lane
            .points
            .iter()
            .filter(|(_, loss)| loss.is_finite())
            .map(|&(step, loss)| (x(step as f64), y(loss as f64)))
            .collect();
        cx.set_line_width(2.0);
        style.stroke(cx);
        polyline(cx, &points);
        let every = (points.len() / MARKS_PER_CURVE).max(1);
        // Markers are offset per lane, so lanes that run together do not hide each other's.
        for point in points.iter().skip(index * every / lanes.len().max(1)).step_by(every) {
            style.mark(cx, point.0, point.1, 3.5);
        }
    }
    legend(cx, lanes, right, palette);
}

fn legend(cx: &CanvasRenderingContext2d, lanes: &[LaneCurve], right: f64, palette: &Palette) {
    cx.set_font(FONT);
    cx.set_text_align("left");
    cx.set_text_baseline("middle");
    // A backing box, so curves passing under the legend do not run through its text.
    if !lanes.is_empty() {
        cx.set_fill_style_str(&palette.background);
        cx.set_global_alpha(0.85);
        cx.fill_rect(right - 116.0, TOP, 116.0, 4.0 + lanes.len() as f64 * 18.0);
        cx.set_global_alpha(1.0);
    }
    for (index, lane) in lanes.iter().enumerate() {
        let style = LaneStyle::of(index);
        let (left, middle) = (right - 110.0, TOP + 10.0 + index as f64 * 18.0);
        cx.set_line_width(2.0);
        style.stroke(cx);
        polyline(cx, &[(left, middle), (left + 28.0, middle)]);
        style.mark(cx, left + 14.0, middle, 3.5);
        cx.set_fill_style_str(&palette.text);
        let _ = cx.fill_text(&lane.label, left + 34.0, middle);
    }
}
