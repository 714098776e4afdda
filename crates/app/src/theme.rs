//! The page's colour theme. Light or dark follows the system until the learner (the
//! header's theme button) or the link (`theme=`) picks one; the pick is kept in
//! `localStorage`. The page marks `<html data-theme=…>` with the theme shown, and the
//! style sheets and canvases (see `draw::palette`) take their colours from that.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// A colour theme of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    /// Its code in `data-theme`, `localStorage` and links: `light` or `dark`.
    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme of a code, if it is one.
    pub fn from_code(code: &str) -> Option<Theme> {
        [Theme::Light, Theme::Dark].into_iter().find(|theme| theme.code() == code.trim())
    }

    /// The other theme, which the theme button switches to.
    pub fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

/// Where the learner's pick is kept between visits.
const STORAGE_KEY: &str = "nnplay-theme";
/// The media query of a system in dark mode.
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// The theme picked on an earlier visit, if any (none where storage is blocked).
pub fn saved() -> Option<Theme> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Theme::from_code(&storage.get_item(STORAGE_KEY).ok()??)
}

/// Keeps `theme` for later visits; a browser that refuses storage just forgets it.
pub fn save(theme: Theme) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(STORAGE_KEY, theme.code());
    }
}

/// The system's theme now (light where the browser cannot say).
pub fn system() -> Theme {
    let dark = web_sys::window().and_then(|w| w.match_media(DARK_QUERY).ok().flatten()).is_some_and(|m| m.matches());
    if dark { Theme::Dark } else { Theme::Light }
}

/// Marks `<html>` with `theme`, which switches the style sheets' colours.
pub fn show(theme: Theme) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme.code());
    }
}

/// Calls `changed` with the system's theme whenever it changes; dropping the returned
/// guard stops listening.
pub fn watch_system(changed: impl Fn(Theme) + 'static) -> Option<SystemWatch> {
    let query = web_sys::window()?.match_media(DARK_QUERY).ok()??;
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_| changed(system()));
    query.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref()).ok()?;
    Some(SystemWatch { query, listener })
}

/// A listener on the system's theme, removed when dropped.
pub struct SystemWatch {
    query: web_sys::MediaQueryList,
    listener: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for SystemWatch {
    fn drop(&mut self) {
        let _ = self.query.remove_event_listener_with_callback("change", self.listener.as_ref().unchecked_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_other_flips() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::from_code(theme.code()), Some(theme));
            assert_eq!(theme.other().other(), theme);
            assert_ne!(theme.other(), theme);
        }
        assert_eq!(Theme::from_code(" dark "), Some(Theme::Dark));
        assert_eq!(Theme::from_code("sepia"), None);
    }
}
