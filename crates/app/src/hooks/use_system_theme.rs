//! The system's light or dark theme, kept up to date while the page is open.

use crate::theme::{self, Theme};
use yew::prelude::*;

/// The system's theme; the component renders again when the system switches.
#[hook]
pub fn use_system_theme() -> Theme {
    let shown = use_state(theme::system);
    {
        let shown = shown.clone();
        use_effect_with((), move |()| {
            let watch = theme::watch_system(move |theme| shown.set(theme));
            move || drop(watch)
        });
    }
    *shown
}
