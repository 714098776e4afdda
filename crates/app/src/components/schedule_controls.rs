//! The learning-rate schedule of a run spec: its kind, then its parameters. A change
//! applies from the next step; schedules are functions of the step, so the new one
//! continues from the step the run is at.

use super::course::{CourseRules, use_course};
use super::language::use_language;
use super::number_setting::NumberSetting;
use super::select_field::{Options, SelectField};
use crate::live_settings::{ScheduleKind, ScheduleParam};
use crate::share::Control;
use crate::state::Action;
use nnplay_nn::LrSchedule;
use yew::prelude::*;

/// Properties of [`ScheduleControls`].
#[derive(Properties, PartialEq)]
pub struct ScheduleControlsProps {
    pub schedule: LrSchedule,
    pub on_action: Callback<Action>,
}

/// The schedule's menu and parameter inputs; the schedule control's lock holds.
#[component]
pub fn ScheduleControls(props: &ScheduleControlsProps) -> Html {
    let language = use_language();
    let course = use_course();
    if course.hides(Control::Schedule) {
        return html! {};
    }
    let locked = course.locks(Control::Schedule);
    let kinds: Options = ScheduleKind::ALL
        .iter()
        .map(|kind| (AttrValue::from(kind.name()), AttrValue::from(kind.label(language))))
        .collect();
    let current = ScheduleKind::of(&props.schedule);
    let on_kind = props.on_action.reform(move |name: String| {
        let kind = ScheduleKind::from_name(&name).unwrap_or(current);
        Action::SetSchedule(kind.starting_schedule())
    });
    html! {
        <div class="schedule">
            <SelectField id="schedule" control={Control::Schedule}
                label={language.pick("Learning-rate schedule", "学习率调度")} options={kinds}
                selected={current.name()} onchange={on_kind} />
            { for ScheduleParam::of(&props.schedule).into_iter().map(|(param, value)| {
                let onchange = props.on_action.reform(move |value: f64| Action::SetScheduleParam(param, value));
                let step = if param.is_count() { "1" } else { "any" };
                html! {
                    <NumberSetting key={param.id()} id={param.id()} label={param.label(language)} {value} {step}
                        disabled={locked} {onchange} />
                }
            }) }
        </div>
    }
}
