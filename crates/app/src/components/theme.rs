//! The theme shown, as canvases read it (a yew context from the page, so a canvas redraws
//! when it changes), and the header's button that switches it.

use crate::state::Action;
use crate::texts::Language;
use crate::theme::{self, Theme};
use yew::prelude::*;

/// The theme the page shows (light where none is provided, as in a component's test).
#[hook]
pub fn use_theme() -> Theme {
    use_context::<Theme>().unwrap_or_default()
}

/// Properties of [`ThemeButton`].
#[derive(Properties, PartialEq)]
pub struct ThemeButtonProps {
    /// The theme shown now.
    pub theme: Theme,
    pub language: Language,
    pub on_action: Callback<Action>,
}

/// A toggle button, pressed while the dark theme is shown; a click switches to the other
/// theme and keeps that pick for later visits.
#[component]
pub fn ThemeButton(props: &ThemeButtonProps) -> Html {
    let next = props.theme.other();
    let onclick = props.on_action.reform(move |_: MouseEvent| {
        theme::save(next);
        Action::SetTheme(next)
    });
    let dark = props.theme == Theme::Dark;
    html! {
        <button id="theme" class="button" type="button" aria-pressed={dark.to_string()} data-theme={props.theme.code()}
            {onclick}>
            <span aria-hidden="true">{ if dark { "☾ " } else { "☀ " } }</span>
            { props.language.pick("Dark theme", "深色主题") }
        </button>
    }
}
