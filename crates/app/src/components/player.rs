//! Play/Pause, Step, Reset and the speed.

use super::course::{CourseRules, use_course};
use super::language::use_language;
use super::select_field::{Options, SelectField};
use crate::share::Control;
use crate::state::Action;
use crate::texts::Language;
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

/// What the speed menu calls `speed` in `language`.
fn speed_title(speed: Speed, language: Language) -> String {
    match speed {
        Speed::PerSecond(1) => language.pick("1 step/s (slow motion)", "每秒 1 步（慢动作）").to_string(),
        Speed::PerSecond(steps) => language.choose(format!("{steps} steps/s"), format!("每秒 {steps} 步")),
        Speed::Max => language.pick("Flat out", "全速").to_string(),
    }
}

/// The buttons that drive training.
#[component]
pub fn Player(props: &PlayerProps) -> Html {
    let action = |action: Action| props.on_action.reform(move |_: MouseEvent| action.clone());
    let course = use_course();
    let language = use_language();
    let speeds: Options = Speed::ALL.iter().map(|s| (s.name().into(), speed_title(*s, language).into())).collect();
    let on_speed = props.on_action.reform(|name: String| Action::SetSpeed(Speed::from_name(&name).unwrap_or_default()));
    html! {
        <div class="player" role="toolbar" aria-label={language.pick("Training", "训练")}>
            if !course.hides(Control::Play) {
            <button id="play" class="button primary" onclick={action(Action::TogglePlay)}
                disabled={(!props.running && !props.can_play) || course.locks(Control::Play)}
                aria-keyshortcuts="Space">
                { if props.running { language.pick("Pause", "暂停") } else { language.pick("Play", "训练") } }
            </button>
            <button id="step" class="button" onclick={action(Action::Step)} disabled={course.locks(Control::Play)}
                aria-keyshortcuts="ArrowRight">{ language.pick("Step", "单步") }</button>
            }
            if !course.hides(Control::Reset) {
            <button id="reset" class="button" onclick={action(Action::Reset)} disabled={course.locks(Control::Reset)}
                aria-keyshortcuts="R">{ language.pick("Reset", "重置") }</button>
            }
            <SelectField id="speed" control={Control::Speed} label={language.pick("Speed", "速度")} options={speeds} selected={props.speed.name()}
                onchange={on_speed} />
        </div>
    }
}
