//! A line chart on a canvas, shared by the loss, accuracy and learning-rate charts: the
//! plot's geometry (pure, tested here), then axes, grid, ticks, a legend above the plot
//! (where no curve can hide it) and the curves, each with its colour and dash.

use super::canvas::polyline;
use super::palette::Palette;
use super::scale::{Axis, tick_label};
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

const FONT: &str = "12px system-ui, sans-serif";

/// Size of each chart's canvas.
pub const WIDTH: u32 = 320;
/// Height of each chart's canvas.
pub const HEIGHT: u32 = 200;
/// Plot area inside the canvas: room for the legend, tick labels and axis titles.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 26.0;
const BOTTOM: f64 = 40.0;

/// Dash patterns, so train and test differ in more than colour.
pub const SOLID: &[f64] = &[];
/// Long dashes.
pub const DASHED: &[f64] = &[6.0, 4.0];

/// One curve: how it is stroked, its name in the legend, and its `(step, value)` points.
pub struct Curve<'a> {
    pub name: &'a str,
    pub color: &'a str,
    pub dash: &'a [f64],
    pub width: f64,
    pub points: Vec<(f64, f64)>,
}

/// Everything one chart draws.
pub struct Chart<'a> {
    pub x_title: &'a str,
    pub y_title: &'a str,
    /// The last step on the horizontal axis (which starts at 0).
    pub x_max: f64,
    pub y: Axis,
    /// How a vertical tick's value is written.
    pub y_label: fn(f64) -> String,
    pub curves: Vec<Curve<'a>>,
}

/// The plot area of a `width × height` canvas and the map from data to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plot {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    x_max: f64,
    y: Axis,
}

impl Plot {
    /// The plot of steps `0..=x_max` (at least 1) against `y`.
    pub fn new(width: f64, height: f64, x_max: f64, y: Axis) -> Plot {
        let x_max = if x_max.is_finite() && x_max >= 1.0 { x_max } else { 1.0 };
        Plot { left: LEFT, top: TOP, right: width - RIGHT, bottom: height - BOTTOM, x_max, y }
    }

    /// The pixel column of `step`.
    pub fn x(&self, step: f64) -> f64 {
        self.left + step / self.x_max * (self.right - self.left)
    }

    /// The pixel row of `value`, kept inside the plot; `None` where the axis cannot show it.
    pub fn y(&self, value: f64) -> Option<f64> {
        let fraction = self.y.fraction(value)?.clamp(0.0, 1.0);
        Some(self.bottom - fraction * (self.bottom - self.top))
    }

    /// The pixel polylines through `points`: a value the axis cannot show (NaN, or zero
    /// on a log axis) breaks the line rather than dragging it to an edge.
    pub fn polylines(&self, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        let mut lines = vec![Vec::new()];
        for &(step, value) in points {
            match self.y(value) {
                Some(row) => lines.last_mut().expect("never empty").push((self.x(step), row)),
                None if lines.last().is_some_and(|line| !line.is_empty()) => lines.push(Vec::new()),
                None => {}
            }
        }
        lines.retain(|line| !line.is_empty());
        lines
    }
}

/// Draws `chart` over the whole of the canvas behind `cx`, its background, grid, axes and
/// text in `palette`'s colours (the theme shown).
pub fn draw(cx: &CanvasRenderingContext2d, chart: &Chart, palette: &Palette) {
    let (width, height) = (f64::from(WIDTH), f64::from(HEIGHT));
    let plot = Plot::new(width, height, chart.x_max, chart.y);
    cx.set_fill_style_str(&palette.background);
    cx.fill_rect(0.0, 0.0, width, height);
    cx.set_font(FONT);
    cx.set_line_width(1.0);
    set_dash(cx, SOLID);

    cx.set_text_align("right");
    cx.set_text_baseline("middle");
    for value in chart.y.ticks() {
        let Some(row) = plot.y(value) else { continue };
        cx.set_stroke_style_str(&palette.grid);
        polyline(cx, &[(plot.left, row), (plot.right, row)]);
        cx.set_fill_style_str(&palette.text);
        let _ = cx.fill_text(&(chart.y_label)(value), plot.left - 6.0, row);
    }
    cx.set_text_baseline("top");
    for (fraction, align) in [(0.0, "left"), (0.5, "center"), (1.0, "right")] {
        let step = fraction * plot.x_max;
        cx.set_text_align(align);
        let _ = cx.fill_text(&tick_label(step.round()), plot.x(step), plot.bottom + 5.0);
    }
    cx.set_stroke_style_str(&palette.axis);
    polyline(cx, &[(plot.left, plot.top), (plot.left, plot.bottom), (plot.right, plot.bottom)]);

    cx.set_text_align("center");
    cx.set_text_baseline("bottom");
    let _ = cx.fill_text(chart.x_title, (plot.left + plot.right) / 2.0, height - 4.0);
    cx.save();
    let _ = cx.translate(12.0, (plot.top + plot.bottom) / 2.0);
    let _ = cx.rotate(-std::f64::consts::FRAC_PI_2);
    cx.set_text_baseline("middle");
    let _ = cx.fill_text(chart.y_title, 0.0, 0.0);
    cx.restore();

    for curve in &chart.curves {
        cx.set_stroke_style_str(curve.color);
        cx.set_line_width(curve.width);
        set_dash(cx, curve.dash);
        for points in plot.polylines(&curve.points) {
            polyline(cx, &points);
        }
    }
    legend(cx, &chart.curves, plot.left, &palette.text);
    set_dash(cx, SOLID);
}

/// A row of samples and names (in `text`'s colour) above the plot, starting at `left`.
fn legend(cx: &CanvasRenderingContext2d, curves: &[Curve], left: f64, text: &str) {
    cx.set_text_align("left");
    cx.set_text_baseline("middle");
    let middle = TOP / 2.0;
    let mut at = left;
    for curve in curves {
        cx.set_stroke_style_str(curve.color);
        cx.set_line_width(curve.width.max(2.0));
        set_dash(cx, curve.dash);
        polyline(cx, &[(at, middle), (at + 22.0, middle)]);
        cx.set_fill_style_str(text);
        let _ = cx.fill_text(curve.name, at + 27.0, middle);
        at += 27.0 + text_width(curve.name) + 14.0;
    }
}

/// About how wide `text` is in the chart's font: Chinese characters take a full em.
fn text_width(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 6.5 } else { 12.0 }).sum()
}

fn set_dash(cx: &CanvasRenderingContext2d, dash: &[f64]) {
    let segments: js_sys::Array = dash.iter().map(|&d| JsValue::from_f64(d)).collect();
    let _ = cx.set_line_dash(&segments);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_values_map_onto_the_plot_area() {
        let plot = Plot::new(320.0, 200.0, 100.0, Axis::fixed(0.0, 1.0));
        assert_eq!(plot.x(0.0), plot.left);
        assert_eq!(plot.x(100.0), plot.right);
        assert_eq!(plot.y(0.0), Some(plot.bottom));
        assert_eq!(plot.y(1.0), Some(plot.top));
        assert_eq!(plot.y(0.5), Some((plot.top + plot.bottom) / 2.0));
        // Out-of-range values stay on the plot's edge.
        assert_eq!(plot.y(7.0), Some(plot.top));
        // A run at step 0 still has a horizontal axis.
        assert_eq!(Plot::new(320.0, 200.0, 0.0, Axis::fixed(0.0, 1.0)).x(1.0), plot.right);
    }

    #[test]
    fn values_a_log_axis_cannot_show_break_the_line() {
        let plot = Plot::new(320.0, 200.0, 4.0, Axis::log([0.1, 1.0]));
        let points = [(0.0, 1.0), (1.0, 0.0), (2.0, 0.5), (3.0, -1.0), (4.0, f64::NAN)];
        let lines = plot.polylines(&points);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0], [(plot.x(0.0), plot.top)]);
        assert_eq!(lines[1].len(), 1);
        assert!(plot.polylines(&[(0.0, 0.0)]).is_empty());
        let linear = Plot::new(320.0, 200.0, 4.0, Axis::linear([1.0]));
        assert_eq!(linear.polylines(&points[..3]).len(), 1);
    }
}
