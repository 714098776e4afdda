//! Which values each dropout layer kept at the last step, as a grid of cells.

use super::heat::{Picture, grid_layout};
use super::pixel_canvas::PixelCanvas;
use crate::draw::colors::NEUTRAL;
use crate::texts::{Bilingual, Language};
use crate::worker::protocol::Views;
use nnplay_train::inspect::DropoutMask;
use std::rc::Rc;
use yew::prelude::*;

/// A kept value's cell; a dropped one is the light grey of 0.
const KEPT: [u8; 3] = [31, 35, 40];
/// Most cells on a row of a flat mask.
const MAX_COLUMNS: usize = 32;
const HINT: Bilingual = Bilingual {
    en: "Dark cells were kept at the last step, light ones dropped.",
    zh: "深色格子在上一步被保留，浅色的被丢弃。",
};

/// Properties of [`DropoutPanel`].
#[derive(Properties, PartialEq)]
pub struct DropoutPanelProps {
    pub views: Rc<Views>,
    pub language: Language,
}

/// One grid per dropout layer, with the share it kept.
#[component]
pub fn DropoutPanel(props: &DropoutPanelProps) -> Html {
    let language = props.language;
    html! {
        <section id="dropout" class="view-panel" aria-labelledby="dropout-heading">
            <h3 id="dropout-heading">{ language.pick("Dropout masks", "Dropout 掩码") }</h3>
            <p class="hint">{ HINT.get(language) }</p>
            { for props.views.dropout.iter().map(|mask| mask_view(mask, language)) }
        </section>
    }
}

fn mask_view(mask: &DropoutMask, language: Language) -> Html {
    let kept = format!("{:.1} %", mask.kept_share * 100.0);
    let text = match language {
        Language::En => format!("{}, p = {}: {kept} kept at step {}", mask.layer, mask.p, mask.step),
        Language::Zh => format!("{}，p = {}：第 {} 步保留了 {kept}", mask.layer, mask.p, mask.step),
    };
    html! {
        <figure class="dropout-mask" data-layer={mask.layer.clone()} data-kept={mask.kept_share.to_string()}>
            <PixelCanvas class="mask-grid" picture={Rc::new(mask_picture(mask))} label={text.clone()} />
            <figcaption>{ text }</figcaption>
        </figure>
    }
}

/// The mask as a picture: a multi-axis mask one row per position of its last axis
/// (`[time, features]`, a channel's rows), a flat one folded into a near-square grid.
pub fn mask_picture(mask: &DropoutMask) -> Picture {
    let count = mask.kept.len();
    let (width, height) = match mask.shape[..] {
        [.., last] if mask.shape.len() >= 2 && last > 0 => (last, count.div_ceil(last)),
        _ => {
            let layout = grid_layout(count, MAX_COLUMNS);
            (layout.columns, layout.rows)
        }
    };
    let mut pixels = vec![0u8; width * height * 4];
    for (at, &kept) in mask.kept.iter().enumerate() {
        let [r, g, b] = if kept { KEPT } else { NEUTRAL };
        pixels[at * 4..at * 4 + 4].copy_from_slice(&[r, g, b, 255]);
    }
    Picture { width, height, pixels }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(shape: Vec<usize>, kept: Vec<bool>) -> DropoutMask {
        DropoutMask { layer: "layers[1]".into(), p: 0.5, step: 3, shape, kept, kept_share: 0.5 }
    }

    #[test]
    fn kept_cells_are_dark_and_dropped_ones_light() {
        let picture = mask_picture(&mask(vec![2, 3], vec![true, false, true, false, false, true]));
        assert_eq!((picture.width, picture.height), (3, 2));
        let cells: Vec<bool> = picture.pixels.chunks(4).map(|p| p[..3] == KEPT).collect();
        assert_eq!(cells, vec![true, false, true, false, false, true]);
    }

    #[test]
    fn a_flat_mask_folds_into_a_square() {
        let picture = mask_picture(&mask(vec![10], vec![true; 10]));
        assert_eq!((picture.width, picture.height), (4, 3));
        // Two cells of the last row are left blank.
        assert_eq!(picture.pixels.chunks(4).filter(|p| p[3] == 0).count(), 2);
    }
}
