//! The fraction of the training and test sets classified right over the steps, for
//! classification runs.

use super::language::use_language;
use super::theme::use_theme;
use crate::draw::chart::{self, Chart, Curve, DASHED, HEIGHT, SOLID, WIDTH};
use crate::draw::on_frame::use_draw_on_frame;
use crate::draw::palette::Palette;
use crate::draw::scale::{Axis, percent_label};
use crate::history::History;
use crate::texts::Language;
use crate::theme::Theme;
use std::rc::Rc;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

/// The history as this chart sees it: equal while the evaluations are, so the progress
/// reports between evaluations (which carry no accuracy) cause no redraw.
#[derive(Clone)]
struct Evaluations(Rc<History>);

impl PartialEq for Evaluations {
    fn eq(&self, other: &Evaluations) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.points() == other.0.points()
    }
}

/// Properties of [`AccuracyChart`].
#[derive(Properties, PartialEq)]
pub struct AccuracyChartProps {
    pub history: Rc<History>,
}

/// A line chart of train and test accuracy from 0 to 100 %; nothing for a run that
/// reports no accuracy (regression).
#[component]
pub fn AccuracyChart(props: &AccuracyChartProps) -> Html {
    let node = use_node_ref();
    let language = use_language();
    let theme = use_theme();
    use_draw_on_frame(&node, (Evaluations(props.history.clone()), language, theme), draw);
    if !props.history.has_accuracy() {
        return html! {};
    }
    let label = language.pick(
        "Train accuracy (solid grey) and test accuracy (dashed orange) over the training steps",
        "训练准确率（灰色实线）和测试准确率（橙色虚线）随训练步数的变化",
    );
    html! {
        <figure class="chart">
            <canvas id="accuracy-chart" ref={node} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={label} data-points={props.history.points().len().to_string()} />
            <figcaption>{ language.pick("Accuracy over training steps", "准确率随训练步数的变化") }</figcaption>
        </figure>
    }
}

fn draw(cx: &CanvasRenderingContext2d, (Evaluations(history), language, _): &(Evaluations, Language, Theme)) {
    let palette = Palette::current();
    let series = |accuracy: fn(&crate::history::LossPoint) -> Option<f32>| -> Vec<(f64, f64)> {
        history.points().iter().map(|p| (p.step as f64, accuracy(p).map_or(f64::NAN, f64::from))).collect()
    };
    let chart = Chart {
        x_title: language.pick("step", "步数"),
        y_title: language.pick("accuracy", "准确率"),
        // The last evaluation's step: the axis moves only when there is accuracy to show.
        x_max: history.points().last().map_or(0, |p| p.step) as f64,
        y: Axis::fixed(0.0, 1.0),
        y_label: percent_label,
        curves: vec![
            Curve {
                name: language.pick("train", "训练"),
                color: &palette.train,
                dash: SOLID,
                width: 2.0,
                points: series(|p| p.train_accuracy),
            },
            Curve {
                name: language.pick("test", "测试"),
                color: &palette.test,
                dash: DASHED,
                width: 2.0,
                points: series(|p| p.test_accuracy),
            },
        ],
    };
    chart::draw(cx, &chart, &palette);
}
