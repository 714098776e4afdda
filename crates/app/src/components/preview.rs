//! A few examples of the run's data: images on a canvas, anything else as lines.

use super::language::use_language;
use super::theme::use_theme;
use crate::draw::canvas::{context_2d, context_of, offscreen_canvas};
use crate::draw::palette::Palette;
use crate::draw::thumbnails::{image_pixels, image_shape, label, line};
use nnplay_data::TensorData;
use std::rc::Rc;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, ImageData};
use yew::prelude::*;

/// Side of one example on the canvas, and the room for its label below.
const CELL: u32 = 64;
const GAP: u32 = 8;
const LABEL_HEIGHT: u32 = 18;
/// Lines shown for data that are not images.
const LINES: usize = 4;

/// Properties of [`Preview`].
#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    pub data: Rc<TensorData>,
    pub class_names: Rc<[String]>,
}

/// The examples with their labels.
#[component]
pub fn Preview(props: &PreviewProps) -> Html {
    let node = use_node_ref();
    let language = use_language();
    let images = image_shape(&props.data).is_some();
    let theme = use_theme();
    {
        let node = node.clone();
        use_effect_with((props.data.clone(), props.class_names.clone(), theme), move |(data, names, _)| {
            if let Some((_, context)) = context_2d(&node) {
                draw(&context, data, names, &Palette::current());
            }
        });
    }
    if !images {
        return html! {
            <ul class="samples" id="preview-lines">
                { for (0..props.data.len.min(LINES)).map(|i| html! {
                    <li>{ line(&props.data, i, &props.class_names) }</li>
                }) }
            </ul>
        };
    }
    let width = props.data.len as u32 * (CELL + GAP);
    html! {
        <canvas id="preview" ref={node} width={width.to_string()} height={(CELL + LABEL_HEIGHT).to_string()}
            role="img" aria-label={language.pick("A few examples of the data with their classes", "几个数据样本及其类别")} />
    }
}

fn draw(cx: &CanvasRenderingContext2d, data: &TensorData, class_names: &[String], palette: &Palette) {
    let Some((_, height, width)) = image_shape(data) else { return };
    let Some(scratch) = offscreen_canvas() else { return };
    scratch.set_width(width as u32);
    scratch.set_height(height as u32);
    let Some(scratch_cx) = context_of(&scratch) else { return };
    // A theme change redraws the labels in a new colour over the old ones.
    cx.clear_rect(0.0, 0.0, (data.len as u32 * (CELL + GAP)) as f64, (CELL + LABEL_HEIGHT) as f64);
    cx.set_image_smoothing_enabled(false);
    cx.set_font("12px system-ui, sans-serif");
    cx.set_text_align("center");
    cx.set_text_baseline("top");
    for index in 0..data.len {
        let Some(pixels) = image_pixels(data, index) else { continue };
        let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&pixels), width as u32, height as u32)
        else {
            continue;
        };
        let left = (index as u32 * (CELL + GAP)) as f64;
        let cell = CELL as f64;
        if scratch_cx.put_image_data(&image, 0.0, 0.0).is_ok() {
            let _ = cx.draw_image_with_html_canvas_element_and_dw_and_dh(&scratch, left, 0.0, cell, cell);
        }
        cx.set_fill_style_str(&palette.text);
        let _ = cx.fill_text(&label(data, index, class_names), left + cell / 2.0, cell + 3.0);
    }
}
