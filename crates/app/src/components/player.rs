//! Play/Pause, Step, Reset and the speed.

use super::course::{CourseRules, use_course};
use super::select_field::{Options, SelectField};
use crate::share::Control;
use crate::state::Action;
use crate::worker::protocol::Speed;
use yew::prelude::*;

/// Properties of [`Player`].
#[derive(Properties, PartialEq)]
pub struct PlayerProps {
    pub running: bool,
    /// False while the controls hold an invalid config.
    pub can_play: bool,
    pub speed: Speed,
    pub on_action: Callback<Action>,
}

/// The buttons that drive training.
#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let action = |action: Action| props.on_action.reform(move |_: MouseEvent| action.clone());
    let course = use_course();
    let speeds: Options = Speed::ALL.iter().map(|s| (s.name().into(), s.title().into())).collect();
    let on_speed = props.on_action.reform(|name: String| Action::SetSpeed(Speed::from_name(&name).unwrap_or_default()));
    html! {
        <div class="player" role="toolbar" aria-label="Training">
            if !course.hides(Control::Play) {
            <button id="play" class="button primary" onclick={action(Action::TogglePlay)}
                disabled={(!props.running && !props.can_play) || course.locks(Control::Play)}
                aria-keyshortcuts="Space">
                { if props.running { "Pause" } else { "Play" } }
            </button>
            <button id="step" class="button" onclick={action(Action::Step)} disabled={course.locks(Control::Play)}
                aria-keyshortcuts="ArrowRight">{ "Step" }</button>
            }
            if !course.hides(Control::Reset) {
            <button id="reset" class="button" onclick={action(Action::Reset)} disabled={course.locks(Control::Reset)}
                aria-keyshortcuts="R">{ "Reset" }</button>
            }
            <SelectField id="speed" control={Control::Speed} label="Speed" options={speeds} selected={props.speed.name()}
                onchange={on_speed} />
        </div>
    }
}
