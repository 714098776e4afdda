//! What a CNN learned and computes: the first convolution's filters as small grey images,
//! and every convolution's feature maps for the chosen example.

use super::heat::{Heat, Picture, filter_grid, grid_layout, tile};
use super::pixel_canvas::PixelCanvas;
use crate::texts::{Bilingual, Language};
use crate::worker::protocol::Views;
use nnplay_train::inspect::{ConvFilters, FeatureMaps, Image};
use std::rc::Rc;
use yew::prelude::*;

/// Most images on a row of a grid.
const MAX_COLUMNS: usize = 8;
/// Pixels between images, at the images' own scale.
const GAP: usize = 1;
const FILTERS: Bilingual = Bilingual { en: "Filters of the first convolution", zh: "第一个卷积层的滤波器" };
const MAPS: Bilingual = Bilingual { en: "Feature maps of the example", zh: "样本的特征图" };

/// Properties of [`ConvPanel`].
#[derive(Properties, PartialEq)]
pub struct ConvPanelProps {
    pub views: Rc<Views>,
    pub language: Language,
}

/// The filters and feature maps, where the run has them.
#[component]
pub fn ConvPanel(props: &ConvPanelProps) -> Html {
    let language = props.language;
    let views = &props.views;
    html! {
        <>
            if let Some(filters) = &views.filters {
                <section id="conv-filters" class="view-panel" aria-labelledby="conv-filters-heading">
                    <h3 id="conv-filters-heading">{ FILTERS.get(language) }</h3>
                    { filters_view(filters, language) }
                </section>
            }
            if !views.feature_maps.is_empty() {
                <section id="feature-maps" class="view-panel" aria-labelledby="feature-maps-heading">
                    <h3 id="feature-maps-heading">{ MAPS.get(language) }</h3>
                    { for views.feature_maps.iter().map(|maps| maps_view(maps, language)) }
                </section>
            }
        </>
    }
}

fn filters_view(filters: &ConvFilters, language: Language) -> Html {
    let inputs = filters.filters.first().map_or(0, Vec::len);
    let images: Vec<&Image> = filters.filters.iter().flatten().collect();
    let heat = Heat::of(images.iter().flat_map(|i| &i.values));
    let picture = tile(&images, filter_grid(filters.filters.len(), inputs, MAX_COLUMNS), GAP, |v| heat.grey(v));
    let (height, width) = images.first().map_or((0, 0), |i| (i.height, i.width));
    let label = match language {
        Language::En => format!(
            "{} filters of {}, {height}×{width} each over {inputs} input channel(s): mid-grey is 0, light \
             positive, dark negative",
            filters.filters.len(),
            filters.layer
        ),
        Language::Zh => format!(
            "{} 的 {} 个滤波器，每个 {height}×{width}，输入 {inputs} 个通道：\
             中灰为 0，亮为正，暗为负",
            filters.layer,
            filters.filters.len()
        ),
    };
    html! {
        <figure>
            <PixelCanvas class="filter-grid" picture={Rc::new(picture)} label={label.clone()} />
            <figcaption>{ label }</figcaption>
        </figure>
    }
}

fn maps_view(maps: &FeatureMaps, language: Language) -> Html {
    let images: Vec<&Image> = maps.maps.iter().collect();
    let heat = Heat::of(images.iter().flat_map(|i| &i.values));
    let picture: Picture = tile(&images, grid_layout(images.len(), MAX_COLUMNS), GAP, |v| heat.grey(v));
    let after =
        maps.activation.as_deref().map(|f| format!(" ({} {f})", language.pick("after", "经过"))).unwrap_or_default();
    let label = match language {
        Language::En => {
            format!("{} feature maps of {}{after}, bright where the filter responds", maps.maps.len(), maps.layer)
        }
        Language::Zh => {
            format!("{}{after} 的 {} 张特征图，亮处是滤波器响应强的地方", maps.layer, maps.maps.len())
        }
    };
    html! {
        <figure class="feature-maps" data-layer={maps.layer.clone()}>
            <PixelCanvas class="map-grid" picture={Rc::new(picture)} label={label.clone()} />
            <figcaption>{ label }</figcaption>
        </figure>
    }
}
