//! A canvas of one pixel per value; the page's CSS scales it up (pixelated, or smooth
//! with the class `smooth`), so no drawing code sizes it.

use super::heat::Picture;
use crate::draw::canvas::context_2d;
use std::rc::Rc;
use wasm_bindgen::Clamped;
use web_sys::ImageData;
use yew::prelude::*;

/// Properties of [`PixelCanvas`].
#[derive(Properties, PartialEq)]
pub struct PixelCanvasProps {
    pub picture: Rc<Picture>,
    /// What the picture shows, for screen readers.
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// A small picture drawn pixel for pixel.
#[component]
pub fn PixelCanvas(props: &PixelCanvasProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.picture.clone(), move |picture| {
            if let Some((_, context)) = context_2d(&node) {
                paint(&context, picture);
            }
        });
    }
    let picture = &props.picture;
    html! {
        <canvas ref={node} id={props.id.clone()} class={classes!("pixels", props.class.clone())}
            width={picture.width.max(1).to_string()} height={picture.height.max(1).to_string()}
            role="img" aria-label={props.label.clone()} />
    }
}

fn paint(cx: &web_sys::CanvasRenderingContext2d, picture: &Picture) {
    if picture.width == 0 || picture.height == 0 || picture.pixels.len() != picture.width * picture.height * 4 {
        return;
    }
    let (width, height) = (picture.width as u32, picture.height as u32);
    cx.clear_rect(0.0, 0.0, width as f64, height as f64);
    if let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&picture.pixels), width, height) {
        let _ = cx.put_image_data(&image, 0.0, 0.0);
    }
}
