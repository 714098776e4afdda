//! How each lane is drawn, the same on the curves and on the map: a colour, a dash
//! pattern and a marker, so lanes differ by more than colour alone.

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// Okabe–Ito colours, told apart with the common colour-vision deficiencies.
const COLORS: [&str; 6] = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"];
/// Dash patterns in canvas pixels (empty: solid).
const DASHES: [&[f64]; 6] = [&[], &[8.0, 4.0], &[2.0, 3.0], &[10.0, 3.0, 2.0, 3.0], &[4.0, 4.0], &[1.0, 5.0]];

/// A lane's marker shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const MARKERS: [Marker; 4] = [Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond];

/// The style of lane `index`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneStyle {
    pub color: &'static str,
    pub dash: &'static [f64],
    pub marker: Marker,
}

impl LaneStyle {
    /// The style of the lane at `index` (styles repeat after six lanes, markers after four).
    pub fn of(index: usize) -> LaneStyle {
        LaneStyle {
            color: COLORS[index % COLORS.len()],
            dash: DASHES[index % DASHES.len()],
            marker: MARKERS[index % MARKERS.len()],
        }
    }

    /// Sets the stroke colour and dash of `cx` for this lane's line.
    pub fn stroke(&self, cx: &CanvasRenderingContext2d) {
        cx.set_stroke_style_str(self.color);
        let dash = js_sys::Array::new();
        for &length in self.dash {
            dash.push(&JsValue::from_f64(length));
        }
        let _ = cx.set_line_dash(&dash);
    }

    /// Draws this lane's marker centred on `(x, y)`, filled in its colour with a white edge.
    pub fn mark(&self, cx: &CanvasRenderingContext2d, x: f64, y: f64, radius: f64) {
        let _ = cx.set_line_dash(&js_sys::Array::new());
        cx.begin_path();
        match self.marker {
            Marker::Circle => {
                let _ = cx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
            }
            Marker::Square => cx.rect(x - radius, y - radius, 2.0 * radius, 2.0 * radius),
            Marker::Triangle => {
                cx.move_to(x, y - radius * 1.2);
                cx.line_to(x + radius * 1.1, y + radius * 0.8);
                cx.line_to(x - radius * 1.1, y + radius * 0.8);
                cx.close_path();
            }
            Marker::Diamond => {
                cx.move_to(x, y - radius * 1.3);
                cx.line_to(x + radius * 1.1, y);
                cx.line_to(x, y + radius * 1.3);
                cx.line_to(x - radius * 1.1, y);
                cx.close_path();
            }
        }
        cx.set_fill_style_str(self.color);
        cx.fill();
        cx.set_stroke_style_str("#fff");
        cx.set_line_width(1.5);
        cx.stroke();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_four_lanes_differ_in_colour_dash_and_marker() {
        let styles: Vec<LaneStyle> = (0..4).map(LaneStyle::of).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert!(a.color != b.color && a.dash != b.dash && a.marker != b.marker, "{a:?} vs {b:?}");
            }
        }
    }
}
