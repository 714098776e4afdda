//! The train and test loss over the steps, with the batch loss between evaluations, on a
//! linear or logarithmic axis (the link's `scale=`).

use super::language::use_language;
use super::theme::use_theme;
use crate::draw::chart::{self, Chart, Curve, DASHED, HEIGHT, SOLID, WIDTH};
use crate::draw::on_frame::use_draw_on_frame;
use crate::draw::palette::Palette;
use crate::draw::scale::{Axis, tick_label};
use crate::history::History;
use crate::share::{Named, Scale};
use crate::state::Action;
use crate::texts::Language;
use crate::theme::Theme;
use std::rc::Rc;
use web_sys::{CanvasRenderingContext2d, HtmlInputElement};
use yew::prelude::*;

/// Properties of [`LossChart`].
#[derive(Properties, PartialEq)]
pub struct LossChartProps {
    pub history: Rc<History>,
    pub scale: Scale,
    pub on_action: Callback<Action>,
}

/// A line chart of both losses and the batch loss, with axes, a legend and the
/// linear/log switch.
#[component]
pub fn LossChart(props: &LossChartProps) -> Html {
    let node = use_node_ref();
    let language = use_language();
    let theme = use_theme();
    // The theme is in the data so that a switch redraws the chart in its colours.
    use_draw_on_frame(&node, (props.history.clone(), props.scale, language, theme), draw);
    let on_log = props.on_action.reform(|event: Event| {
        let checked = event.target_unchecked_into::<HtmlInputElement>().checked();
        Action::SetScale(if checked { Scale::Log } else { Scale::Linear })
    });
    let log = props.scale == Scale::Log;
    let label = language.pick(
        "Train loss (solid grey), test loss (dashed orange) and batch loss (thin blue) over the training steps",
        "训练损失（灰色实线）、测试损失（橙色虚线）和批次损失（蓝色细线）随训练步数的变化",
    );
    html! {
        <figure class="chart">
            <canvas id="loss-chart" ref={node} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={label} data-scale={props.scale.name()}
                data-points={props.history.points().len().to_string()}
                data-progress-points={props.history.progress().len().to_string()} />
            <figcaption>
                { language.pick("Loss over training steps", "损失随训练步数的变化") }
                <label class="toggle chart-switch">
                    <input id="log-scale" type="checkbox" checked={log} onchange={on_log} />
                    { language.pick(" Log scale", " 对数坐标") }
                </label>
            </figcaption>
        </figure>
    }
}

fn draw(cx: &CanvasRenderingContext2d, (history, scale, language, _): &(Rc<History>, Scale, Language, Theme)) {
    let palette = Palette::current();
    let points = history.points();
    let evaluated = |loss: fn(&crate::history::LossPoint) -> f32| -> Vec<(f64, f64)> {
        points.iter().map(|p| (p.step as f64, f64::from(loss(p)))).collect()
    };
    let batch: Vec<(f64, f64)> =
        history.progress().iter().map(|p| (p.step as f64, p.batch_loss.map_or(f64::NAN, f64::from))).collect();
    let (train, test) = (evaluated(|p| p.train), evaluated(|p| p.test));
    let values = || train.iter().chain(&test).chain(&batch).map(|&(_, v)| v);
    let y = match scale {
        Scale::Linear => Axis::linear(values()),
        Scale::Log => Axis::log(values()),
    };
    let curves = vec![
        // The batch loss is noisy: drawn first and thin, it stays behind the evaluations.
        Curve {
            name: language.pick("batch", "批次"),
            color: palette.series(0),
            dash: SOLID,
            width: 1.0,
            points: batch,
        },
        Curve { name: language.pick("train", "训练"), color: &palette.train, dash: SOLID, width: 2.0, points: train },
        Curve { name: language.pick("test", "测试"), color: &palette.test, dash: DASHED, width: 2.0, points: test },
    ];
    let y_title = match scale {
        Scale::Linear => language.pick("loss", "损失"),
        Scale::Log => language.pick("loss (log)", "损失（对数）"),
    };
    let chart = Chart {
        x_title: language.pick("step", "步数"),
        y_title,
        x_max: history.last_step() as f64,
        y,
        y_label: tick_label,
        curves,
    };
    chart::draw(cx, &chart, &palette);
}
