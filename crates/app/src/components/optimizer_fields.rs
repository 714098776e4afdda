//! The optimizer's hyper-parameters besides the learning rate, for the kind chosen.

use super::course::{CourseRules, use_course};
use super::language::use_language;
use super::number_setting::NumberSetting;
use crate::live_settings::OptimizerField;
use crate::share::Control;
use crate::state::Action;
use nnplay_nn::OptimizerConfig;
use yew::prelude::*;

/// Properties of [`OptimizerFields`].
#[derive(Properties, PartialEq)]
pub struct OptimizerFieldsProps {
    pub optimizer: OptimizerConfig,
    pub on_action: Callback<Action>,
}

/// A number input per field the optimizer reads; the optimizer control's lock holds.
#[component]
pub fn OptimizerFields(props: &OptimizerFieldsProps) -> Html {
    let language = use_language();
    let course = use_course();
    if course.hides(Control::Optimizer) {
        return html! {};
    }
    let locked = course.locks(Control::Optimizer);
    html! {
        <div class="optimizer-fields">
            { for OptimizerField::of(props.optimizer.kind).into_iter().map(|field| {
                let onchange = props.on_action.reform(move |value: f64| Action::SetOptimizerField(field, value as f32));
                html! {
                    <NumberSetting key={field.id()} id={field.id()} label={field.label(language)}
                        value={field.get(&props.optimizer) as f64} step={field.step()} disabled={locked} {onchange} />
                }
            }) }
        </div>
    }
}
