//! Writing a [`UrlState`] as a link's hash: keys in their canonical order, values
//! percent-escaped, lists comma-separated, and every default left out.

use super::course::Course;
use super::escape::{base64_encode, percent_encode};
use super::fields::{Key, Named};
use super::parse::hidden_to_link;
use super::run::{Overrides, Plane, Run, schedule_to_link};
use super::{PageSettings, UrlState};

/// The hash of `state`, without its `#`; [`super::parse`] reads it back as `state`.
pub fn encode(state: &UrlState) -> String {
    let mut pairs: Vec<(Key, String)> = Vec::new();
    run(&state.run, &mut pairs);
    overrides(&state.overrides, &mut pairs);
    page(&state.page, &mut pairs);
    course(&state.course, &mut pairs);
    pairs.sort_by_key(|(key, _)| *key);
    pairs.iter().map(|(key, value)| format!("{}={value}", key.name())).collect::<Vec<_>>().join("&")
}

fn run(run: &Run, pairs: &mut Vec<(Key, String)>) {
    match run {
        Run::Preset(name) => pairs.push((Key::Preset, percent_encode(name))),
        Run::Dataset(name) => pairs.push((Key::Dataset, percent_encode(name))),
        Run::Spec(spec) => pairs.push((Key::Spec, base64_encode(spec.to_json().as_bytes()))),
        Run::Playground(plane) => {
            let default = Plane::default();
            if plane.kind != default.kind {
                pairs.push((Key::Dataset, plane.kind.name().into()));
            }
            number(pairs, Key::Noise, Some(plane.noise).filter(|n| *n != default.noise));
            number(pairs, Key::Train, Some(plane.train_ratio).filter(|r| *r != default.train_ratio));
            if plane.hidden != default.hidden {
                pairs.push((Key::Hidden, hidden_to_link(&plane.hidden)));
            }
            if plane.activation != default.activation {
                pairs.push((Key::Activation, plane.activation.name().into()));
            }
        }
    }
}

fn overrides(overrides: &Overrides, pairs: &mut Vec<(Key, String)>) {
    if let Some(kind) = overrides.optimizer {
        pairs.push((Key::Optimizer, kind.name().into()));
    }
    number(pairs, Key::LearningRate, overrides.learning_rate);
    number(pairs, Key::Momentum, overrides.momentum);
    number(pairs, Key::Beta1, overrides.beta1);
    number(pairs, Key::Beta2, overrides.beta2);
    number(pairs, Key::Epsilon, overrides.epsilon);
    number(pairs, Key::WeightDecay, overrides.weight_decay);
    number(pairs, Key::Alpha, overrides.alpha);
    number(pairs, Key::RmsPropMomentum, overrides.rmsprop_momentum);
    number(pairs, Key::LrDecay, overrides.lr_decay);
    if let Some(batch) = overrides.batch_size {
        pairs.push((Key::Batch, batch.to_string()));
    }
    number(pairs, Key::L1, overrides.l1);
    number(pairs, Key::L2, overrides.l2);
    number(pairs, Key::Dropout, overrides.dropout);
    if let Some(seed) = overrides.seed {
        pairs.push((Key::Seed, seed.to_string()));
    }
    if let Some(schedule) = &overrides.schedule {
        pairs.push((Key::Schedule, percent_encode(&schedule_to_link(schedule))));
    }
}

fn page(page: &PageSettings, pairs: &mut Vec<(Key, String)>) {
    let default = PageSettings::default();
    if page.backend != default.backend {
        pairs.push((Key::Backend, page.backend.name().into()));
    }
    if page.speed != default.speed {
        pairs.push((Key::Speed, Named::name(page.speed).into()));
    }
    if let Some(language) = page.language {
        pairs.push((Key::Language, Named::name(language).into()));
    }
    if let Some(panels) = &page.panels {
        pairs.push((Key::Panels, list(panels.iter().map(|p| p.name()))));
    }
    if page.scale != default.scale {
        pairs.push((Key::Scale, page.scale.name().into()));
    }
    if let Some(theme) = page.theme {
        pairs.push((Key::Theme, Named::name(theme).into()));
    }
}

fn course(course: &Course, pairs: &mut Vec<(Key, String)>) {
    if !course.lock.is_empty() {
        pairs.push((Key::Lock, list(course.lock.iter().map(|c| c.name()))));
    }
    if !course.hide.is_empty() {
        pairs.push((Key::Hide, list(course.hide.iter().map(|c| c.name()))));
    }
    if course.hide_text {
        pairs.push((Key::Text, "hide".into()));
    }
    if let Some(goal) = &course.target {
        pairs.push((Key::Target, percent_encode(&goal.to_link())));
    }
    if !course.origins.is_empty() {
        pairs.push((Key::Origins, list(course.origins.iter().map(|o| o.as_str()))));
    }
}

/// A number in the shortest form that reads back as the same `f32`.
fn number(pairs: &mut Vec<(Key, String)>, key: Key, value: Option<f32>) {
    if let Some(value) = value {
        pairs.push((key, value.to_string()));
    }
}

/// Items escaped one by one and joined with commas; no items is `none`.
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(percent_encode).collect();
    if items.is_empty() { "none".into() } else { items.join(",") }
}
