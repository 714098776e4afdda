//! The learning rate over the steps: a schedule's shape (steps, cosine, warm-up) and the
//! learner's own changes during the run.

use super::language::use_language;
use super::theme::use_theme;
use crate::draw::chart::{self, Chart, Curve, HEIGHT, SOLID, WIDTH};
use crate::draw::on_frame::use_draw_on_frame;
use crate::draw::palette::Palette;
use crate::draw::scale::{Axis, tick_label};
use crate::history::History;
use crate::texts::Language;
use crate::theme::Theme;
use std::rc::Rc;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

/// The learning-rate curve's colour among the palette's series (green).
const RATE_SERIES: usize = 2;

/// Properties of [`RateChart`].
#[derive(Properties, PartialEq)]
pub struct RateChartProps {
    pub history: Rc<History>,
}

/// A line chart of the learning rate each step used; nothing before the first report.
#[component]
pub fn RateChart(props: &RateChartProps) -> Html {
    let node = use_node_ref();
    let language = use_language();
    let theme = use_theme();
    use_draw_on_frame(&node, (props.history.clone(), language, theme), draw);
    let progress = props.history.progress();
    let Some(last) = progress.last() else { return html! {} };
    let first = progress[0].learning_rate;
    html! {
        <figure class="chart">
            <canvas id="rate-chart" ref={node} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={language.pick("The learning rate over the training steps", "学习率随训练步数的变化")}
                data-points={progress.len().to_string()} data-first={first.to_string()}
                data-last={last.learning_rate.to_string()} />
            <figcaption>{ language.pick("Learning rate over training steps", "学习率随训练步数的变化") }</figcaption>
        </figure>
    }
}

fn draw(cx: &CanvasRenderingContext2d, (history, language, _): &(Rc<History>, Language, Theme)) {
    let palette = Palette::current();
    let points: Vec<(f64, f64)> =
        history.progress().iter().map(|p| (p.step as f64, f64::from(p.learning_rate))).collect();
    let chart = Chart {
        x_title: language.pick("step", "步数"),
        y_title: language.pick("learning rate", "学习率"),
        x_max: history.last_step() as f64,
        y: Axis::linear(points.iter().map(|&(_, rate)| rate)),
        y_label: tick_label,
        curves: vec![Curve {
            name: language.pick("learning rate", "学习率"),
            color: palette.series(RATE_SERIES),
            dash: SOLID,
            width: 2.0,
            points,
        }],
    };
    chart::draw(cx, &chart, &palette);
}
