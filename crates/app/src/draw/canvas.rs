//! Getting at canvases and their 2-D contexts.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::NodeRef;

/// The canvas behind `node` and its 2-D context, once it is mounted.
pub fn context_2d(node: &NodeRef) -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    let canvas = node.cast::<HtmlCanvasElement>()?;
    let context = context_of(&canvas)?;
    Some((canvas, context))
}

/// The 2-D context of `canvas`.
pub fn context_of(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// A canvas that is not in the page, to draw an image once and scale it onto another.
pub fn offscreen_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()
}

/// Strokes a line through `points` in the current stroke style: a lone point as a dot,
/// no points as nothing.
pub fn polyline(cx: &CanvasRenderingContext2d, points: &[(f64, f64)]) {
    let Some(((x0, y0), rest)) = points.split_first() else { return };
    cx.begin_path();
    cx.move_to(*x0, *y0);
    if rest.is_empty() {
        cx.line_to(*x0 + 1.0, *y0);
    }
    for (x, y) in rest {
        cx.line_to(*x, *y);
    }
    cx.stroke();
}
