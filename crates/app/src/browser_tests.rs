//! The page's state and its link, tested in the browser (wasm-bindgen-test in headless
//! Chromium): the reducer and the URL hash behave there as they do natively.

use crate::hooks::page_url::Opening;
use crate::link;
use crate::share::{self, Control};
use crate::state::{Action, State};
use crate::worker::protocol::Speed;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::Reducible;

/// A link that sets every kind of field.
const EVERY_FIELD: &str = "preset=momentum&opt=adam&lr=0.1&momentum=0.8&beta1=0.85&beta2=0.99&eps=0.0001&batch=16\
    &l1=0.001&l2=0.01&dropout=0.2&seed=7&schedule=step:100:0.5&backend=cpu&speed=16&lang=zh&panels=loss,boundary\
    &scale=log&theme=dark&lock=optimizer,learning-rate&hide=files&text=hide&target=test_loss%3C%3D0.2\
    &origins=https://school.example";

#[wasm_bindgen_test]
fn every_field_of_a_link_survives_a_round_trip() {
    let parsed = share::parse(EVERY_FIELD);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.messages(false));
    let again = share::parse(&share::encode(&parsed.state));
    assert_eq!(again.state, parsed.state);
    assert!(again.errors.is_empty());
}

#[wasm_bindgen_test]
fn a_hand_edited_or_truncated_hash_says_what_it_ignored_and_falls_back_to_defaults() {
    for hash in ["#lr=abc", "#bogus=1&lr=0.1", "#spec=eyJsYXllcn", "#lr=%E2%8", "#batch=-3&seed=1e99"] {
        let start = link::start(Opening::default(), None, hash);
        assert!(!start.state.link_errors.is_empty(), "{hash} gives no error");
        assert_eq!(start.state.config.optimizer.kind, nnplay_train::SessionConfig::spiral().optimizer.kind);
    }
}

#[wasm_bindgen_test]
fn the_reducer_plays_steps_and_keeps_course_locks() {
    let course = share::parse("lock=play&target=test_loss<=0.5").state.course;
    let state = Rc::new(State { course: Rc::new(course), gallery: false, ..State::default() });
    let state = state.reduce(Action::TogglePlay).reduce(Action::SetSpeed(Speed::PerSecond(4)));
    assert!(!state.running, "play is locked");
    assert!(!state.can_use(Control::Play));
    assert_eq!(state.speed, Speed::PerSecond(4));
    let state = state.reduce(Action::AddLayer);
    assert_eq!(state.config.hidden.len(), 3);
    let link = link::link_of(&state).expect("the playground has a link");
    let back = link::start(Opening::default(), None, &share::encode(&link)).state;
    assert_eq!(back.config, state.config);
    assert!(!back.can_use(Control::Play), "the course travels with the link");
}

#[wasm_bindgen_test]
fn canvases_read_the_colours_of_the_theme_shown() {
    use crate::draw::palette::Palette;
    use crate::theme::{self, Theme};
    let document = web_sys::window().unwrap().document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(
        ":root { --chart-background: #fafafa; } :root[data-theme=\"dark\"] { --chart-background: #161b22; }",
    ));
    document.body().unwrap().append_child(&style).unwrap();
    theme::show(Theme::Dark);
    assert_eq!(document.document_element().unwrap().get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(Palette::current().background, "#161b22");
    assert_eq!(Palette::current().text, Palette::light().text, "a colour the sheet leaves out falls back");
    theme::show(Theme::Light);
    assert_eq!(Palette::current().background, "#fafafa");
    style.remove();
}
