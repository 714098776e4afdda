//! How the reducer applies a change of a training setting: checked first, so a value
//! out of range is refused with a sentence naming the field and the old value stays.

use super::{OptimizerField, ScheduleParam};
use crate::share::schedule_to_link;
use crate::state::{Action, State};
use crate::texts::Language;

/// The sentence for a refused change: the engine's reason (as it says it) and the value kept.
fn refused(language: Language, reason: &str, kept: impl std::fmt::Display) -> String {
    language.choose(
        format!("{reason}; it stays at {kept}"),
        format!("{}；保留原值 {kept}", crate::engine_text::chinese(reason).text),
    )
}

impl State {
    /// Applies a run spec's change of an optimizer field, the schedule or the dropout
    /// rate to its live settings, or says why it cannot.
    pub(crate) fn change_live_setting(&mut self, action: Action) {
        let Some(live) = self.live.as_mut() else { return };
        let language = self.language;
        let outcome = match action {
            Action::SetOptimizerField(field, value) => field
                .set(&live.optimizer, value)
                .map(|optimizer| live.optimizer = optimizer)
                .map_err(|reason| refused(language, &reason, field.get(&live.optimizer))),
            Action::SetSchedule(schedule) => schedule
                .validate()
                .map(|()| live.schedule = schedule)
                .map_err(|reason| refused(language, &format!("schedule: {reason}"), schedule_to_link(&live.schedule))),
            Action::SetScheduleParam(param, value) => param
                .set(&live.schedule, value)
                .map(|schedule| live.schedule = schedule)
                .map_err(|reason| refused(language, &format!("schedule: {reason}"), current(&live.schedule, param))),
            Action::SetDropout(p) => match live.dropout {
                Some(_) if (0.0..1.0).contains(&p) => {
                    live.dropout = Some(p);
                    Ok(())
                }
                Some(old) => Err(refused(language, &format!("dropout is {p}; it must be at least 0 and below 1"), old)),
                None => Ok(()),
            },
            _ => Ok(()),
        };
        self.setting_error = outcome.err();
    }

    /// Applies the playground's change of an optimizer field, or says why it cannot.
    pub(crate) fn change_playground_optimizer(&mut self, field: OptimizerField, value: f32) {
        let optimizer = &mut self.config.optimizer;
        self.setting_error = match field.set(optimizer, value) {
            Ok(changed) => {
                *optimizer = changed;
                None
            }
            Err(reason) => Some(refused(self.language, &reason, field.get(optimizer))),
        };
    }
}

/// The value of `param` in `schedule`, for the sentence of a refused change.
fn current(schedule: &nnplay_nn::LrSchedule, param: ScheduleParam) -> String {
    let value = ScheduleParam::of(schedule).into_iter().find(|(p, _)| *p == param).map(|(_, v)| v);
    value.map_or_else(|| schedule_to_link(schedule), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Example;
    use crate::live_settings::ScheduleKind;
    use crate::state::Built;
    use crate::worker::protocol::RunRef;
    use nnplay_nn::{LrSchedule, OptimizerConfig, OptimizerKind};
    use nnplay_tensor::Device;
    use nnplay_train::LiveSettings;
    use std::rc::Rc;

    use crate::state::reduce_all as reduce;

    /// A run spec with dropout, built and shown.
    fn spec_run() -> State {
        let live = LiveSettings {
            optimizer: OptimizerConfig { kind: OptimizerKind::Momentum, ..OptimizerConfig::default() },
            batch_size: 32,
            l1: 0.0,
            l2: 0.0,
            schedule: LrSchedule::Constant,
            dropout: Some(0.5),
        };
        let built = Built {
            run: RunRef::Example(Example::Cnn),
            device: Device::Cpu,
            data: None,
            layers: Rc::new([]),
            live: Some(live),
        };
        reduce(State::default(), [Action::SetExample(Example::Cnn), Action::SessionBuilt(built)])
    }

    #[test]
    fn a_run_specs_optimizer_schedule_and_dropout_change_its_live_settings() {
        let state = reduce(
            spec_run(),
            [
                Action::SetOptimizerField(OptimizerField::Momentum, 0.5),
                Action::SetSchedule(ScheduleKind::Step.starting_schedule()),
                Action::SetScheduleParam(ScheduleParam::Gamma, 0.25),
                Action::SetDropout(0.2),
            ],
        );
        let live = state.live.clone().unwrap();
        assert_eq!(live.optimizer.momentum, 0.5);
        assert_eq!(live.schedule, LrSchedule::Step { step_size: 100, gamma: 0.25 });
        assert_eq!(live.dropout, Some(0.2));
        assert_eq!(state.setting_error, None);
        assert_eq!(state.config, nnplay_train::SessionConfig::spiral(), "the playground is untouched");
    }

    #[test]
    fn a_bad_value_names_the_field_keeps_the_old_one_and_a_good_one_clears_the_error() {
        let state = reduce(spec_run(), [Action::SetOptimizerField(OptimizerField::Momentum, 1.5)]);
        assert_eq!(state.setting_error.as_deref(), Some("momentum is 1.5; it must be in [0, 1); it stays at 0.9"));
        assert_eq!(state.live.as_ref().unwrap().optimizer.momentum, 0.9);
        let state = reduce(state, [Action::SetDropout(1.0)]);
        assert_eq!(
            state.setting_error.as_deref(),
            Some("dropout is 1; it must be at least 0 and below 1; it stays at 0.5")
        );
        let state = reduce(state, [Action::SetSchedule(LrSchedule::Exponential { gamma: 0.0 })]);
        let error = state.setting_error.clone().unwrap();
        assert!(error.starts_with("schedule: gamma is 0") && error.ends_with("it stays at constant"), "{error}");
        let state = reduce(state, [Action::SetScheduleParam(ScheduleParam::Gamma, 0.5)]);
        assert!(state.setting_error.as_deref().unwrap().contains("this schedule has no gamma"));
        assert_eq!(state.live.as_ref().unwrap().schedule, LrSchedule::Constant);
        let state = reduce(state, [Action::SetDropout(0.1)]);
        assert_eq!((state.setting_error.clone(), state.live.as_ref().unwrap().dropout), (None, Some(0.1)));
        let chinese = reduce(State { language: Language::Zh, ..spec_run() }, [Action::SetDropout(-1.0)]);
        assert!(chinese.setting_error.unwrap().ends_with("保留原值 0.5"));
    }

    #[test]
    fn the_playground_changes_its_optimizer_fields_live() {
        let state = reduce(
            State::default(),
            [
                Action::SetOptimizer(OptimizerKind::Adam),
                Action::SetOptimizerField(OptimizerField::Beta2, 0.99),
                Action::SetOptimizerField(OptimizerField::Beta1, -0.1),
                Action::SetDropout(0.3),
            ],
        );
        assert_eq!(state.config.optimizer.beta2, 0.99);
        assert_eq!(state.config.optimizer.beta1, 0.9, "the bad value was refused");
        assert!(state.setting_error.as_deref().unwrap().starts_with("beta1 is -0.1"));
        assert_eq!(state.error, None, "the config itself stays valid");
        assert!(!state.config.needs_reset(&nnplay_train::SessionConfig::spiral()), "no restart needed");
    }

    #[test]
    fn locked_controls_refuse_their_settings() {
        let course = crate::share::parse("lock=optimizer,schedule,dropout").state.course;
        let state = State { course: Rc::new(course), ..spec_run() };
        let state = reduce(
            state,
            [
                Action::SetOptimizerField(OptimizerField::Momentum, 0.5),
                Action::SetSchedule(ScheduleKind::Cosine.starting_schedule()),
                Action::SetScheduleParam(ScheduleParam::Gamma, 0.5),
                Action::SetDropout(0.1),
            ],
        );
        let live = state.live.as_ref().unwrap();
        assert_eq!((live.optimizer.momentum, &live.schedule, live.dropout), (0.9, &LrSchedule::Constant, Some(0.5)));
    }
}
