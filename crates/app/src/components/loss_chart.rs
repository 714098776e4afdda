//! The train and test loss over the steps, drawn on a canvas.

use super::language::use_language;
use crate::draw::canvas::context_2d;
use crate::draw::scale::{nice_ceiling, tick_label};
use crate::history::{History, LossPoint};
use crate::texts::Language;
use std::rc::Rc;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

const WIDTH: u32 = 320;
const HEIGHT: u32 = 200;
/// Plot area inside the canvas: room for tick labels and axis titles.
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
const TRAIN_COLOR: &str = "#5f6368";
const TEST_COLOR: &str = "#d9480f";
const TEXT_COLOR: &str = "#333";
const FONT: &str = "12px system-ui, sans-serif";

/// Properties of [`LossChart`].
#[derive(Properties, PartialEq)]
pub struct LossChartProps {
    pub history: Rc<History>,
}

/// A line chart of both losses, with axes and a legend.
#[component]
pub fn LossChart(props: &LossChartProps) -> Html {
    let node = use_node_ref();
    let language = use_language();
    {
        let node = node.clone();
        use_effect_with((props.history.clone(), language), move |(history, language)| {
            if let Some((_, context)) = context_2d(&node) {
                draw(&context, history.points(), *language);
            }
        });
    }
    html! {
        <figure class="chart">
            <canvas id="loss-chart" ref={node} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={language.pick("Train and test loss over the training steps", "训练损失和测试损失随训练步数的变化")} />
            <figcaption>{ language.pick("Loss over training steps", "损失随训练步数的变化") }</figcaption>
        </figure>
    }
}

fn draw(cx: &CanvasRenderingContext2d, points: &[LossPoint], language: Language) {
    let (width, height) = (WIDTH as f64, HEIGHT as f64);
    let (right, bottom) = (width - RIGHT, height - BOTTOM);
    cx.set_fill_style_str("#fff");
    cx.fill_rect(0.0, 0.0, width, height);

    let highest = points.iter().flat_map(|p| [p.train, p.test]).fold(0.0f32, f32::max) as f64;
    let y_max = nice_ceiling(highest);
    let x_max = points.last().map_or(1, |p| p.step.max(1)) as f64;
    let x = |step: f64| LEFT + step / x_max * (right - LEFT);
    let y = |loss: f64| bottom - loss / y_max * (bottom - TOP);

    cx.set_font(FONT);
    cx.set_line_width(1.0);
    for fraction in [0.0, 0.5, 1.0] {
        let (loss, step) = (fraction * y_max, fraction * x_max);
        cx.set_stroke_style_str("#e6e6e6");
        line(cx, &[(LEFT, y(loss)), (right, y(loss))]);
        cx.set_fill_style_str(TEXT_COLOR);
        cx.set_text_align("right");
        cx.set_text_baseline("middle");
        let _ = cx.fill_text(&tick_label(loss), LEFT - 6.0, y(loss));
        cx.set_text_align(if fraction == 0.0 {
            "left"
        } else if fraction == 1.0 {
            "right"
        } else {
            "center"
        });
        cx.set_text_baseline("top");
        let _ = cx.fill_text(&tick_label(step.round()), x(step), bottom + 5.0);
    }
    cx.set_stroke_style_str("#888");
    line(cx, &[(LEFT, TOP), (LEFT, bottom), (right, bottom)]);

    cx.set_text_align("center");
    cx.set_text_baseline("bottom");
    let _ = cx.fill_text(language.pick("step", "步数"), (LEFT + right) / 2.0, height - 4.0);
    cx.save();
    let _ = cx.translate(14.0, (TOP + bottom) / 2.0);
    let _ = cx.rotate(-std::f64::consts::FRAC_PI_2);
    cx.set_text_baseline("middle");
    let _ = cx.fill_text(language.pick("loss", "损失"), 0.0, 0.0);
    cx.restore();

    cx.set_line_width(2.0);
    for (color, loss) in [(TRAIN_COLOR, (|p: &LossPoint| p.train) as fn(&LossPoint) -> f32), (TEST_COLOR, |p| p.test)] {
        cx.set_stroke_style_str(color);
        let curve: Vec<_> = points.iter().map(|p| (x(p.step as f64), y(loss(p) as f64))).collect();
        line(cx, &curve);
    }
    legend(cx, right, language);
}

fn legend(cx: &CanvasRenderingContext2d, right: f64, language: Language) {
    cx.set_text_align("left");
    cx.set_text_baseline("middle");
    for (row, (color, name)) in
        [(TRAIN_COLOR, language.pick("train", "训练")), (TEST_COLOR, language.pick("test", "测试"))]
            .into_iter()
            .enumerate()
    {
        let (left, middle) = (right - 70.0, TOP + 10.0 + row as f64 * 18.0);
        cx.set_stroke_style_str(color);
        line(cx, &[(left, middle), (left + 20.0, middle)]);
        cx.set_fill_style_str(TEXT_COLOR);
        let _ = cx.fill_text(name, left + 26.0, middle);
    }
}

/// Strokes a polyline through `points`.
fn line(cx: &CanvasRenderingContext2d, points: &[(f64, f64)]) {
    let Some(((x0, y0), rest)) = points.split_first() else { return };
    cx.begin_path();
    cx.move_to(*x0, *y0);
    for (x, y) in rest {
        cx.line_to(*x, *y);
    }
    cx.stroke();
}
