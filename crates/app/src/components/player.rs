//! Play/Pause, Step and Reset.

use crate::state::Action;
use yew::prelude::*;

/// Properties of [`Player`].
#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub running: bool,
    /// False while the controls hold an invalid config.
    pub can_play: bool,
    pub on_action: Callback<Action>,
}

/// The buttons that drive training.
#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let action = |action: Action| props.on_action.reform(move |_: MouseEvent| action.clone());
    html! {
        <div class="player" role="toolbar" aria-label="Training">
            <button id="play" class="button primary" onclick={action(Action::TogglePlay)}
                disabled={!props.running && !props.can_play}>
                { if props.running { "Pause" } else { "Play" } }
            </button>
            <button id="step" class="button" onclick={action(Action::Step)}>{ "Step" }</button>
            <button id="reset" class="button" onclick={action(Action::Reset)}>{ "Reset" }</button>
        </div>
    }
}
