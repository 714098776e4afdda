//! Which points to learn: dataset, noise, train/test split and seed.

use super::course::{CourseRules, use_course};
use super::language::use_language;
use super::select_field::{Options, SelectField};
use crate::catalog::{self, BuiltinData};
use crate::share::Control;
use crate::state::Action;
use nnplay_data::{DatasetConfig, DatasetKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`DataControls`].
#[derive(Properties, PartialEq)]
pub struct DataControlsProps {
    pub dataset: DatasetConfig,
    pub seed_text: AttrValue,
    pub on_action: Callback<Action>,
}

/// The data settings; changing any of them starts a fresh run.
#[component]
pub fn DataControls(props: &DataControlsProps) -> Html {
    let dataset = &props.dataset;
    let language = use_language();
    // The catalog names the 2-D sets in both languages.
    let title = |kind: DatasetKind| {
        catalog::datasets()
            .into_iter()
            .find(|d| d.data == BuiltinData::Plane(kind))
            .map_or(kind.title(), |d| d.title.get(language))
    };
    let kinds: Options =
        DatasetKind::ALL.iter().map(|k| (AttrValue::from(k.name()), AttrValue::from(title(*k)))).collect();
    let on_kind =
        props.on_action.reform(|name: String| Action::SetDataset(name.parse().unwrap_or(DatasetKind::Spiral)));
    // The sliders work in whole percent so their steps are exact.
    let percent = |fraction: f32| (fraction * 100.0).round() as i32;
    let slider = |to_action: fn(f32) -> Action| {
        props.on_action.reform(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlInputElement>().value_as_number();
            to_action(value as f32 / 100.0)
        })
    };
    let on_seed =
        props.on_action.reform(|e: InputEvent| Action::SetSeed(e.target_unchecked_into::<HtmlInputElement>().value()));
    let course = use_course();
    html! {
        <section class="panel" aria-labelledby="data-heading">
            <h2 id="data-heading">{ language.pick("Data", "数据") }</h2>
            <SelectField id="dataset" control={Control::Dataset} label={language.pick("Dataset", "数据集")} options={kinds} selected={dataset.kind.name()} onchange={on_kind} />
            if !course.hides(Control::Noise) {
            <div class="field">
                <label for="noise">{ format!("{} {} %", language.pick("Noise:", "噪声："), percent(dataset.noise)) }</label>
                <input type="range" id="noise" min="0" max="50" step="5"
                    value={percent(dataset.noise).to_string()} oninput={slider(Action::SetNoise)}
                    disabled={course.locks(Control::Noise)} />
            </div>
            <div class="field">
                <label for="train-ratio">{ format!("{} {} %", language.pick("Training data:", "训练数据："), percent(dataset.train_ratio)) }</label>
                <input type="range" id="train-ratio" min="10" max="90" step="10"
                    value={percent(dataset.train_ratio).to_string()} oninput={slider(Action::SetTrainRatio)}
                    disabled={course.locks(Control::Noise)} />
            </div>
            }
            if !course.hides(Control::Seed) {
            <div class="field">
                <label for="seed">{ language.pick("Seed", "种子") }</label>
                <input type="number" id="seed" min="0" step="1" value={props.seed_text.clone()} oninput={on_seed}
                    disabled={course.locks(Control::Seed)} />
            </div>
            }
        </section>
    }
}
