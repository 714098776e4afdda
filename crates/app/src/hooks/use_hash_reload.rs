//! A hash edited by hand in the address bar opens the page it describes: the page reloads
//! with it. (The page's own updates of the hash use `history.replaceState`, which fires no
//! `hashchange`, so they never reload it.)

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// Reloads the page when its hash is changed from outside.
#[hook]
pub fn use_hash_reload() {
    use_effect_with((), |()| {
        let window = web_sys::window();
        let listener = Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        if let Some(window) = &window {
            let _ = window.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = &window {
                let _ = window.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
        }
    });
}
