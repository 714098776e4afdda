//! Keyboard shortcuts: Space plays or pauses, → takes a step, R resets — except while
//! typing in a field, where the keys are the field's.

use crate::state::Action;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// The action of a key, if it is a shortcut.
pub fn shortcut(key: &str) -> Option<Action> {
    match key {
        " " | "Spacebar" => Some(Action::TogglePlay),
        "ArrowRight" => Some(Action::Step),
        "r" | "R" => Some(Action::Reset),
        _ => None,
    }
}

/// Listens for the shortcuts on the document while the page is mounted.
#[hook]
pub fn use_keyboard_shortcuts(on_action: Callback<Action>) {
    use_effect_with((), move |()| {
        let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
            if event.ctrl_key() || event.meta_key() || event.alt_key() || typing(&event) {
                return;
            }
            if let Some(action) = shortcut(&event.key()) {
                event.prevent_default();
                on_action.emit(action);
            }
        });
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(document) = &document {
            let _ = document.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(document) = &document {
                let _ = document.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
        }
    });
}

/// Whether the key goes to a field, a button or a menu (Space presses a focused button).
fn typing(event: &KeyboardEvent) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return false };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON")
        || target.get_attribute("contenteditable").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_arrow_and_r_are_the_shortcuts() {
        assert_eq!(shortcut(" "), Some(Action::TogglePlay));
        assert_eq!(shortcut("ArrowRight"), Some(Action::Step));
        assert_eq!(shortcut("R"), Some(Action::Reset));
        assert_eq!(shortcut("x"), None);
    }
}
