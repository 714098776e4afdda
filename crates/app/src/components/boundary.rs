//! The decision-boundary heat map with the data points on top.

use super::language::use_language;
use crate::draw::canvas::{context_2d, context_of, offscreen_canvas};
use crate::draw::colors::{NEUTRAL, css, label_color};
use crate::draw::heatmap::pixels;
use crate::state::Action;
use nnplay_data::{Dataset2d, EXTENT, Point, Task};
use nnplay_train::Boundary;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};
use yew::prelude::*;

/// Backing-store size; as large as the canvas usually shows, so dots stay round and crisp.
const SIZE: u32 = 600;
const POINT_RADIUS: f64 = 4.5;
/// Train points get a white ring, test points a dark one, as in TensorFlow Playground.
const TRAIN_RING: &str = "#fff";
const TEST_RING: &str = "#222";

/// Properties of [`BoundaryView`].
#[derive(Properties, PartialEq)]
pub struct BoundaryViewProps {
    pub data: Option<Rc<Dataset2d>>,
    pub boundary: Option<Rc<Boundary>>,
    pub show_test: bool,
    pub on_action: Callback<Action>,
}

/// What the model predicts over the plane, and the points it learns from.
#[component]
pub fn BoundaryView(props: &BoundaryViewProps) -> Html {
    let node = use_node_ref();
    let grid = use_mut_ref(|| None::<HtmlCanvasElement>);
    {
        let node = node.clone();
        let deps = (props.data.clone(), props.boundary.clone(), props.show_test);
        use_effect_with(deps, move |(data, boundary, show_test)| {
            if let Some((_, context)) = context_2d(&node) {
                draw(&context, &grid, data.as_deref(), boundary.as_deref(), *show_test);
            }
        });
    }
    let on_toggle = props.on_action.reform(|_: Event| Action::ToggleTestPoints);
    let language = use_language();
    html! {
        <figure class="boundary">
            <canvas id="boundary" ref={node} width={SIZE.to_string()} height={SIZE.to_string()} role="img"
                aria-label={language.pick("The model's prediction over the plane, with the data points", "模型在平面上的预测，以及数据点")} />
            <figcaption>
                <span class="legend-item class-0">{ language.pick("Orange: class 0 (or −1)", "橙色：类别 0（或 −1）") }</span>
                { " · " }
                <span class="legend-item class-1">{ language.pick("Blue: class 1 (or +1)", "蓝色：类别 1（或 +1）") }</span>
                <span class="legend-note">
                    { language.pick(
                        ". Dots with a white ring are training points, with a dark ring test points.",
                        "。白色描边的点是训练数据，深色描边的点是测试数据。",
                    ) }
                </span>
            </figcaption>
            <label class="toggle">
                <input type="checkbox" id="show-test" checked={props.show_test} onchange={on_toggle} />
                { language.pick(" Show test data", " 显示测试数据") }
            </label>
        </figure>
    }
}

fn draw(
    cx: &CanvasRenderingContext2d,
    grid: &RefCell<Option<HtmlCanvasElement>>,
    data: Option<&Dataset2d>,
    boundary: Option<&Boundary>,
    show_test: bool,
) {
    let size = SIZE as f64;
    if !boundary.is_some_and(|b| paint_heatmap(cx, grid, b)) {
        cx.set_fill_style_str(&css(NEUTRAL));
        cx.fill_rect(0.0, 0.0, size, size);
    }
    let Some(data) = data else { return };
    let extent = boundary.map_or(EXTENT, |b| b.extent) as f64;
    let classification = data.task() == Task::Classification;
    let dots = |points: &[Point], ring: &str| {
        cx.set_stroke_style_str(ring);
        cx.set_line_width(1.0);
        for point in points {
            let x = (point.x as f64 + extent) / (2.0 * extent) * size;
            let y = (extent - point.y as f64) / (2.0 * extent) * size;
            cx.begin_path();
            let _ = cx.arc(x, y, POINT_RADIUS, 0.0, std::f64::consts::TAU);
            cx.set_fill_style_str(&css(label_color(point.label, classification)));
            cx.fill();
            cx.stroke();
        }
    };
    dots(&data.train, TRAIN_RING);
    if show_test {
        dots(&data.test, TEST_RING);
    }
}

/// Paints the boundary one pixel per cell on the offscreen `grid` canvas, then scales that
/// onto `cx` with smoothing; returns whether it painted.
fn paint_heatmap(
    cx: &CanvasRenderingContext2d,
    grid: &RefCell<Option<HtmlCanvasElement>>,
    boundary: &Boundary,
) -> bool {
    let mut grid = grid.borrow_mut();
    if grid.is_none() {
        *grid = offscreen_canvas();
    }
    let (Some(canvas), Some(image)) = (grid.as_ref(), pixels(boundary)) else { return false };
    let res = boundary.resolution as u32;
    canvas.set_width(res);
    canvas.set_height(res);
    let Some(grid_cx) = context_of(canvas) else { return false };
    let painted = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&image), res, res)
        .and_then(|image| grid_cx.put_image_data(&image, 0.0, 0.0));
    cx.set_image_smoothing_enabled(true);
    let size = SIZE as f64;
    painted.and_then(|()| cx.draw_image_with_html_canvas_element_and_dw_and_dh(canvas, 0.0, 0.0, size, size)).is_ok()
}
