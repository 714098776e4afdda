//! The loss on a 2-D slice of weight space as a heat map, with each lane's path and its
//! current point, labelled.

use super::lane_style::LaneStyle;
use crate::components::language::use_language;
use crate::draw::canvas::polyline;
use crate::draw::canvas::{context_2d, context_of, offscreen_canvas};
use crate::texts::Language;
use nnplay_train::race::LossSurface;
use std::rc::Rc;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, ImageData};
use yew::prelude::*;

/// Backing-store size of the square map.
const SIZE: u32 = 360;
/// Low to high loss: light yellow to dark blue (a viridis-like ramp, so the paths in
/// their colours stay visible on both ends).
const RAMP: [[u8; 3]; 5] = [[253, 231, 37], [94, 201, 98], [33, 145, 140], [59, 82, 139], [68, 1, 84]];
/// Cells whose loss is not finite.
const OFF_SCALE: [u8; 3] = [160, 160, 160];

/// Properties of [`SurfaceMap`].
#[derive(Properties, PartialEq)]
pub struct SurfaceMapProps {
    pub surface: Rc<LossSurface>,
}

/// The heat map of the loss slice with the lanes' paths.
#[component]
pub fn SurfaceMap(props: &SurfaceMapProps) -> Html {
    let node = use_node_ref();
    let language = use_language();
    {
        let node = node.clone();
        use_effect_with((props.surface.clone(), language), move |(surface, language)| {
            if let Some((_, context)) = context_2d(&node) {
                draw(&context, surface, *language);
            }
        });
    }
    let surface = &props.surface;
    let (low, high) = loss_range(surface);
    let (column, row) = surface.origin;
    let points: usize = surface.paths.iter().map(|p| p.points.len()).sum();
    let explained = (surface.explained * 100.0).round();
    let examples = surface.examples;
    let held_en = format!(
        "This plane holds {explained} % of the runs' movement; the loss is measured on {examples} training examples."
    );
    let held_zh = format!("这个平面包含了各组训练 {explained}% 的移动；损失在 {examples} 个训练样本上计算。");
    html! {
        <figure class="race-map">
            <canvas id="race-surface" ref={node} width={SIZE.to_string()} height={SIZE.to_string()} role="img"
                data-size={surface.size.to_string()} data-step={surface.step.to_string()}
                data-paths={surface.paths.len().to_string()} data-path-points={points.to_string()}
                data-origin-loss={surface.at(column, row).to_string()}
                data-min-loss={low.to_string()} data-max-loss={high.to_string()}
                data-explained={surface.explained.to_string()}
                aria-label={language.pick("Training loss on a slice through the starting weights, with each run's path",
                    "穿过初始权重的一个切面上的训练损失，以及每组训练的路径")} />
            <figcaption>
                { language.pick(
                    "Training loss on the plane through the starting weights that holds most of the paths (light: low, dark: high; log scale). ",
                    "穿过初始权重、最能容纳各条路径的平面上的训练损失（浅色低、深色高；对数刻度）。") }
                { language.pick(&held_en, &held_zh).to_string() }
            </figcaption>
        </figure>
    }
}

/// The lowest and highest finite loss of the grid (0, 1 when there is none).
fn loss_range(surface: &LossSurface) -> (f32, f32) {
    let finite = surface.losses.iter().copied().filter(|l| l.is_finite());
    let low = finite.clone().fold(f32::INFINITY, f32::min);
    let high = finite.fold(f32::NEG_INFINITY, f32::max);
    if low.is_finite() { (low, high) } else { (0.0, 1.0) }
}

/// The colour of `loss` between `low` and `high` on a log scale (losses can span decades).
fn loss_color(loss: f32, low: f32, high: f32) -> [u8; 3] {
    if !loss.is_finite() {
        return OFF_SCALE;
    }
    let log = |v: f32| (v.max(1e-6)).ln();
    let span = log(high) - log(low);
    let t = if span > 0.0 { ((log(loss) - log(low)) / span).clamp(0.0, 1.0) } else { 0.0 };
    let position = t * (RAMP.len() - 1) as f32;
    let index = (position.floor() as usize).min(RAMP.len() - 2);
    let within = position - index as f32;
    let (from, to) = (RAMP[index], RAMP[index + 1]);
    std::array::from_fn(|i| (from[i] as f32 + (to[i] as f32 - from[i] as f32) * within).round() as u8)
}

/// RGBA pixels of the grid, one per grid point, the highest `b` row at the top.
pub fn pixels(surface: &LossSurface) -> Option<Vec<u8>> {
    let size = surface.size;
    if size == 0 || surface.losses.len() != size * size {
        return None;
    }
    let (low, high) = loss_range(surface);
    let mut image = Vec::with_capacity(size * size * 4);
    for row in (0..size).rev() {
        for column in 0..size {
            let [r, g, b] = loss_color(surface.at(column, row), low, high);
            image.extend([r, g, b, 255]);
        }
    }
    Some(image)
}

/// Where plane coordinates `(a, b)` fall on the canvas: grid point `i` is at the centre of
/// its pixel, as the scaled image shows it.
fn to_canvas(surface: &LossSurface, (a, b): (f32, f32)) -> (f64, f64) {
    let size = surface.size.max(2) as f64;
    let fraction = |v: f32, (low, high): (f32, f32)| {
        if high > low { f64::from((v - low) / (high - low)) } else { 0.5 }
    };
    let cell = SIZE as f64 / size;
    let x = (fraction(a, surface.a_range) * (size - 1.0) + 0.5) * cell;
    let y = SIZE as f64 - (fraction(b, surface.b_range) * (size - 1.0) + 0.5) * cell;
    (x, y)
}

fn draw(cx: &CanvasRenderingContext2d, surface: &LossSurface, language: Language) {
    let size = SIZE as f64;
    cx.set_fill_style_str("#fff");
    cx.fill_rect(0.0, 0.0, size, size);
    if let (Some(grid), Some(image)) = (offscreen_canvas(), pixels(surface)) {
        let cells = surface.size as u32;
        grid.set_width(cells);
        grid.set_height(cells);
        if let Some(grid_cx) = context_of(&grid)
            && let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&image), cells, cells)
            && grid_cx.put_image_data(&image, 0.0, 0.0).is_ok()
        {
            cx.set_image_smoothing_enabled(true);
            let _ = cx.draw_image_with_html_canvas_element_and_dw_and_dh(&grid, 0.0, 0.0, size, size);
        }
    }
    // The start, shared by every lane.
    let (x0, y0) = to_canvas(surface, (0.0, 0.0));
    cx.begin_path();
    let _ = cx.arc(x0, y0, 6.0, 0.0, std::f64::consts::TAU);
    cx.set_line_width(2.5);
    let _ = cx.set_line_dash(&js_sys::Array::new());
    cx.set_stroke_style_str("#000");
    cx.stroke();
    cx.set_font("bold 12px system-ui, sans-serif");
    label(cx, language.pick("start", "起点"), x0 + 9.0, y0 + 12.0);
    for (index, path) in surface.paths.iter().enumerate() {
        let style = LaneStyle::of(index);
        let points: Vec<(f64, f64)> = path
            .points
            .iter()
            .filter(|(a, b)| a.is_finite() && b.is_finite())
            .map(|&point| to_canvas(surface, point))
            .collect();
        // A white casing under the dashed line keeps it visible on any colour of the map.
        cx.set_line_width(4.5);
        let _ = cx.set_line_dash(&js_sys::Array::new());
        cx.set_stroke_style_str("rgba(255,255,255,0.8)");
        polyline(cx, &points);
        cx.set_line_width(2.5);
        style.stroke(cx);
        polyline(cx, &points);
        if let Some(&(x, y)) = points.last() {
            style.mark(cx, x, y, 6.0);
            cx.set_font("bold 12px system-ui, sans-serif");
            label(cx, &path.label, x + 9.0, y - 9.0);
        }
    }
}

/// Text with a white halo, readable on any part of the map.
fn label(cx: &CanvasRenderingContext2d, text: &str, x: f64, y: f64) {
    let x = x.min(SIZE as f64 - 70.0);
    cx.set_text_align("left");
    cx.set_text_baseline("middle");
    cx.set_line_width(3.0);
    cx.set_stroke_style_str("#fff");
    let _ = cx.set_line_dash(&js_sys::Array::new());
    let _ = cx.stroke_text(text, x, y);
    cx.set_fill_style_str("#111");
    let _ = cx.fill_text(text, x, y);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(losses: Vec<f32>) -> LossSurface {
        LossSurface {
            size: 2,
            a_range: (-1.0, 1.0),
            b_range: (0.0, 2.0),
            losses,
            origin: (0, 0),
            paths: Vec::new(),
            explained: 1.0,
            examples: 10,
            step: 0,
        }
    }

    #[test]
    fn low_loss_is_light_high_is_dark_and_the_top_row_is_the_highest_b() {
        let image = pixels(&surface(vec![0.1, 1.0, 10.0, f32::NAN])).unwrap();
        // Top row (b = 2): losses 10 and NaN; bottom row (b = 0): 0.1 and 1.
        assert_eq!(image[0..3], RAMP[4]);
        assert_eq!(image[4..7], OFF_SCALE);
        assert_eq!(image[8..11], RAMP[0]);
        assert_eq!(image[12..15], RAMP[2], "1 is halfway between 0.1 and 10 on a log scale");
        assert_eq!(pixels(&surface(vec![1.0])), None);
    }

    #[test]
    fn grid_points_sit_at_pixel_centres() {
        let s = surface(vec![1.0; 4]);
        let cell = SIZE as f64 / 2.0;
        assert_eq!(to_canvas(&s, (-1.0, 0.0)), (cell / 2.0, SIZE as f64 - cell / 2.0));
        assert_eq!(to_canvas(&s, (1.0, 2.0)), (SIZE as f64 - cell / 2.0, cell / 2.0));
    }
}
