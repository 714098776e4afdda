//! How to train: optimizer and its hyper-parameters, learning rate and schedule, batch
//! size, regularisation and dropout. These apply to a running session without a reset.

use super::course::{CourseRules, use_course};
use super::language::use_language;
use super::number_setting::NumberSetting;
use super::optimizer_fields::OptimizerFields;
use super::schedule_controls::ScheduleControls;
use super::select_field::{Options, SelectField, number_options};
use crate::share::Control;
use crate::state::Action;
use crate::texts::Language;
use nnplay_nn::{LrSchedule, OptimizerConfig, OptimizerKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Learning rates offered, as in TensorFlow Playground.
const LEARNING_RATES: [f32; 11] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];
/// L1 and L2 rates offered; the engine accepts up to 1.
const PENALTY_RATES: [f32; 8] = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

/// Properties of [`TrainingControls`].
#[derive(Properties, PartialEq)]
pub struct TrainingControlsProps {
    pub optimizer: OptimizerConfig,
    /// The batch size as typed.
    pub batch_text: AttrValue,
    pub l1: f32,
    pub l2: f32,
    /// A run spec's schedule (the playground has none).
    #[prop_or_default]
    pub schedule: Option<LrSchedule>,
    /// A run spec's dropout rate, when its model has dropout.
    #[prop_or_default]
    pub dropout: Option<f32>,
    /// Why the last change of a setting was refused.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_action: Callback<Action>,
}

/// The optimizer's standard name (only "with momentum" is translated).
fn optimizer_title(kind: OptimizerKind, language: Language) -> &'static str {
    match kind {
        OptimizerKind::Sgd => "SGD",
        OptimizerKind::Momentum => language.pick("SGD with momentum", "带动量的 SGD"),
        OptimizerKind::Adagrad => "Adagrad",
        OptimizerKind::RmsProp => "RMSProp",
        OptimizerKind::Adam => "Adam",
        OptimizerKind::AdamW => "AdamW",
    }
}

/// The live training settings.
#[component]
pub fn TrainingControls(props: &TrainingControlsProps) -> Html {
    let language = use_language();
    let kinds: Options = OptimizerKind::ALL
        .iter()
        .map(|k| (AttrValue::from(k.name()), AttrValue::from(optimizer_title(*k, language))))
        .collect();
    let on_kind =
        props.on_action.reform(|name: String| Action::SetOptimizer(name.parse().unwrap_or(OptimizerKind::Adam)));
    // The options are printed from these same numbers, so parsing them back cannot fail.
    let rate = |to_action: fn(f32) -> Action| {
        props.on_action.reform(move |value: String| to_action(value.parse().unwrap_or_default()))
    };
    let on_batch = props
        .on_action
        .reform(|e: InputEvent| Action::SetBatchSize(e.target_unchecked_into::<HtmlInputElement>().value()));
    let course = use_course();
    html! {
        <section class="panel" aria-labelledby="training-heading">
            <h2 id="training-heading">{ language.pick("Training", "训练") }</h2>
            <SelectField id="optimizer" control={Control::Optimizer} label={language.pick("Optimizer", "优化器")} options={kinds}
                selected={props.optimizer.kind.name()} onchange={on_kind} />
            <OptimizerFields optimizer={props.optimizer.clone()} on_action={props.on_action.clone()} />
            <SelectField id="learning-rate" control={Control::LearningRate} label={language.pick("Learning rate", "学习率")} options={number_options(&LEARNING_RATES)}
                selected={props.optimizer.learning_rate.to_string()} onchange={rate(Action::SetLearningRate)} />
            if let Some(schedule) = &props.schedule {
                <ScheduleControls schedule={schedule.clone()} on_action={props.on_action.clone()} />
            }
            if !course.hides(Control::Batch) {
            <div class="field">
                <label for="batch-size">{ language.pick("Batch size", "批大小") }</label>
                <input type="number" id="batch-size" min="1" step="1" value={props.batch_text.clone()} oninput={on_batch}
                    disabled={course.locks(Control::Batch)} />
            </div>
            }
            <SelectField id="l1" control={Control::Regularization} label={language.pick("L1 rate", "L1 正则化率")} options={number_options(&PENALTY_RATES)}
                selected={props.l1.to_string()} onchange={rate(Action::SetL1)} />
            <SelectField id="l2" control={Control::Regularization} label={language.pick("L2 rate", "L2 正则化率")} options={number_options(&PENALTY_RATES)}
                selected={props.l2.to_string()} onchange={rate(Action::SetL2)} />
            if let Some(p) = props.dropout && !course.hides(Control::Dropout) {
                <NumberSetting id="dropout" label={language.pick("Dropout rate", "Dropout 比率")} value={p as f64}
                    step="0.05" disabled={course.locks(Control::Dropout)}
                    onchange={props.on_action.reform(|p: f64| Action::SetDropout(p as f32))} />
            }
            if let Some(error) = &props.error {
                <p id="setting-error" class="error" role="alert">{ error }</p>
            }
        </section>
    }
}
