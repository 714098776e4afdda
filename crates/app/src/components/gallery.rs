//! The landing view: a card per preset, grouped by the kind of network it trains, and a
//! card for the free 2-D playground. Opening a card loads it ready to play.

use crate::catalog::{self, Family};
use crate::examples::Example;
use crate::load::LoadRequest;
use crate::state::Action;
use crate::texts::Language;
use yew::prelude::*;

/// Properties of [`Gallery`].
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub language: Language,
    pub on_action: Callback<Action>,
    pub on_load: Callback<LoadRequest>,
}

/// The preset gallery.
#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let language = props.language;
    let open_playground = props.on_action.reform(|_: MouseEvent| Action::SetExample(Example::Playground));
    let section = |family: Family| {
        let cards = catalog::presets().iter().filter(|preset| catalog::family(preset) == family).map(|preset| {
            let name = preset.name.clone();
            let (on_action, on_load) = (props.on_action.clone(), props.on_load.clone());
            let open = Callback::from(move |_: MouseEvent| {
                on_action.emit(Action::CloseGallery);
                on_load.emit(LoadRequest::Preset(name.clone()));
            });
            html! {
                <li>
                    <button class="card" data-preset={preset.name.clone()} onclick={open}>
                        <span class="card-title">{ language.text(&preset.title) }</span>
                        <span class="card-summary">{ language.text(&preset.summary) }</span>
                    </button>
                </li>
            }
        });
        html! {
            <section class="gallery-family" aria-label={family.title().get(language)}>
                <h3>{ family.title().get(language) }</h3>
                <ul class="cards">{ for cards }</ul>
            </section>
        }
    };
    html! {
        <section id="gallery" class="gallery" aria-labelledby="gallery-heading">
            <h2 id="gallery-heading">{ language.pick("Pick something to train", "选一个来训练") }</h2>
            <ul class="cards">
                <li>
                    <button id="open-playground" class="card card-free" onclick={open_playground}>
                        <span class="card-title">{ language.pick("2-D playground", "二维练习场") }</span>
                        <span class="card-summary">{ language.pick(
                            "Points in the plane and a small network you shape yourself: layers, neurons, \
                             activation, optimizer, regularization.",
                            "平面上的点和一个由你搭建的小网络：层数、神经元、激活函数、优化器、正则化。",
                        ) }</span>
                    </button>
                </li>
            </ul>
            { for Family::ALL.into_iter().map(section) }
        </section>
    }
}
