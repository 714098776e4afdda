//! The learning-rate schedule as the controls edit it: a kind, then its parameters.

use crate::texts::Language;
use nnplay_nn::LrSchedule;

/// The kind of an [`LrSchedule`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleKind {
    Constant,
    Step,
    Exponential,
    Cosine,
    Linear,
    Warmup,
}

impl ScheduleKind {
    /// Every kind, in the order the menu lists them.
    pub const ALL: [ScheduleKind; 6] = [
        ScheduleKind::Constant,
        ScheduleKind::Step,
        ScheduleKind::Exponential,
        ScheduleKind::Cosine,
        ScheduleKind::Linear,
        ScheduleKind::Warmup,
    ];

    /// The kind of `schedule`.
    pub fn of(schedule: &LrSchedule) -> ScheduleKind {
        match schedule {
            LrSchedule::Constant => ScheduleKind::Constant,
            LrSchedule::Step { .. } => ScheduleKind::Step,
            LrSchedule::Exponential { .. } => ScheduleKind::Exponential,
            LrSchedule::Cosine { .. } => ScheduleKind::Cosine,
            LrSchedule::Linear { .. } => ScheduleKind::Linear,
            LrSchedule::Warmup { .. } => ScheduleKind::Warmup,
        }
    }

    /// A schedule of this kind with usual settings, where a learner picks it from the menu.
    pub fn starting_schedule(self) -> LrSchedule {
        match self {
            ScheduleKind::Constant => LrSchedule::Constant,
            ScheduleKind::Step => LrSchedule::Step { step_size: 100, gamma: 0.5 },
            ScheduleKind::Exponential => LrSchedule::Exponential { gamma: 0.999 },
            ScheduleKind::Cosine => LrSchedule::Cosine { t_max: 1000, eta_min: 0.0 },
            ScheduleKind::Linear => LrSchedule::Linear { start_factor: 0.1, end_factor: 1.0, total_iters: 100 },
            ScheduleKind::Warmup => {
                LrSchedule::Warmup { warmup_steps: 100, start_factor: 0.1, then: Box::new(LrSchedule::Constant) }
            }
        }
    }

    /// Its value in the menu.
    pub fn name(self) -> &'static str {
        match self {
            ScheduleKind::Constant => "constant",
            ScheduleKind::Step => "step",
            ScheduleKind::Exponential => "exponential",
            ScheduleKind::Cosine => "cosine",
            ScheduleKind::Linear => "linear",
            ScheduleKind::Warmup => "warmup",
        }
    }

    /// The kind of a menu value.
    pub fn from_name(name: &str) -> Option<ScheduleKind> {
        ScheduleKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Its text in the menu.
    pub fn label(self, language: Language) -> &'static str {
        match self {
            ScheduleKind::Constant => language.pick("Constant", "恒定"),
            ScheduleKind::Step => language.pick("Step decay", "阶梯衰减"),
            ScheduleKind::Exponential => language.pick("Exponential decay", "指数衰减"),
            ScheduleKind::Cosine => language.pick("Cosine annealing", "余弦退火"),
            ScheduleKind::Linear => language.pick("Linear", "线性"),
            ScheduleKind::Warmup => language.pick("Warm-up, then constant", "预热后恒定"),
        }
    }
}

/// A number of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleParam {
    StepSize,
    Gamma,
    TMax,
    EtaMin,
    StartFactor,
    EndFactor,
    TotalIters,
    WarmupSteps,
}

impl ScheduleParam {
    /// The parameters of `schedule` and their values, in the controls' order (a
    /// warm-up's, not those of the schedule after it).
    pub fn of(schedule: &LrSchedule) -> Vec<(ScheduleParam, f64)> {
        use ScheduleParam::*;
        match schedule {
            LrSchedule::Constant => vec![],
            LrSchedule::Step { step_size, gamma } => vec![(StepSize, *step_size as f64), (Gamma, *gamma as f64)],
            LrSchedule::Exponential { gamma } => vec![(Gamma, *gamma as f64)],
            LrSchedule::Cosine { t_max, eta_min } => vec![(TMax, *t_max as f64), (EtaMin, *eta_min as f64)],
            LrSchedule::Linear { start_factor, end_factor, total_iters } => vec![
                (StartFactor, *start_factor as f64),
                (EndFactor, *end_factor as f64),
                (TotalIters, *total_iters as f64),
            ],
            LrSchedule::Warmup { warmup_steps, start_factor, .. } => {
                vec![(WarmupSteps, *warmup_steps as f64), (StartFactor, *start_factor as f64)]
            }
        }
    }

    /// `schedule` with this parameter set to `value`, or why it cannot be (naming the
    /// parameter): a count must be a whole number, and the schedule's own check applies.
    pub fn set(self, schedule: &LrSchedule, value: f64) -> Result<LrSchedule, String> {
        let count = || {
            if value >= 0.0 && value.fract() == 0.0 && value <= u32::MAX as f64 {
                Ok(value as u64)
            } else {
                Err(format!("{} is {value}; it must be a whole number of steps", self.name()))
            }
        };
        let mut changed = schedule.clone();
        match (&mut changed, self) {
            (LrSchedule::Step { step_size, .. }, ScheduleParam::StepSize) => *step_size = count()?,
            (LrSchedule::Step { gamma, .. } | LrSchedule::Exponential { gamma }, ScheduleParam::Gamma) => {
                *gamma = value as f32
            }
            (LrSchedule::Cosine { t_max, .. }, ScheduleParam::TMax) => *t_max = count()?,
            (LrSchedule::Cosine { eta_min, .. }, ScheduleParam::EtaMin) => *eta_min = value as f32,
            (
                LrSchedule::Linear { start_factor, .. } | LrSchedule::Warmup { start_factor, .. },
                ScheduleParam::StartFactor,
            ) => *start_factor = value as f32,
            (LrSchedule::Linear { end_factor, .. }, ScheduleParam::EndFactor) => *end_factor = value as f32,
            (LrSchedule::Linear { total_iters, .. }, ScheduleParam::TotalIters) => *total_iters = count()?,
            (LrSchedule::Warmup { warmup_steps, .. }, ScheduleParam::WarmupSteps) => *warmup_steps = count()?,
            _ => return Err(format!("this schedule has no {}", self.name())),
        }
        changed.validate()?;
        Ok(changed)
    }

    /// Its name, as the schedule's errors say it.
    pub fn name(self) -> &'static str {
        match self {
            ScheduleParam::StepSize => "step size",
            ScheduleParam::Gamma => "gamma",
            ScheduleParam::TMax => "t_max",
            ScheduleParam::EtaMin => "eta_min",
            ScheduleParam::StartFactor => "start factor",
            ScheduleParam::EndFactor => "end factor",
            ScheduleParam::TotalIters => "total iters",
            ScheduleParam::WarmupSteps => "warm-up steps",
        }
    }

    /// The id of its input on the page.
    pub fn id(self) -> &'static str {
        match self {
            ScheduleParam::StepSize => "schedule-step-size",
            ScheduleParam::Gamma => "schedule-gamma",
            ScheduleParam::TMax => "schedule-t-max",
            ScheduleParam::EtaMin => "schedule-eta-min",
            ScheduleParam::StartFactor => "schedule-start-factor",
            ScheduleParam::EndFactor => "schedule-end-factor",
            ScheduleParam::TotalIters => "schedule-total-iters",
            ScheduleParam::WarmupSteps => "schedule-warmup-steps",
        }
    }

    /// Its label in `language`.
    pub fn label(self, language: Language) -> &'static str {
        match self {
            ScheduleParam::StepSize => language.pick("Steps between decays", "每次衰减间隔步数"),
            ScheduleParam::Gamma => language.pick("Decay factor (γ)", "衰减因子（γ）"),
            ScheduleParam::TMax => language.pick("Steps to the minimum", "降到最低所需步数"),
            ScheduleParam::EtaMin => language.pick("Lowest learning rate", "最低学习率"),
            ScheduleParam::StartFactor => language.pick("Start factor", "起始倍数"),
            ScheduleParam::EndFactor => language.pick("End factor", "结束倍数"),
            ScheduleParam::TotalIters => language.pick("Steps of the change", "变化所需步数"),
            ScheduleParam::WarmupSteps => language.pick("Warm-up steps", "预热步数"),
        }
    }

    /// Whether it counts steps (a whole number).
    pub fn is_count(self) -> bool {
        matches!(
            self,
            ScheduleParam::StepSize | ScheduleParam::TMax | ScheduleParam::TotalIters | ScheduleParam::WarmupSteps
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_starts_valid_and_its_parameters_read_back_as_set() {
        for kind in ScheduleKind::ALL {
            let schedule = kind.starting_schedule();
            assert!(schedule.validate().is_ok(), "{kind:?}");
            assert_eq!(ScheduleKind::of(&schedule), kind);
            assert_eq!(ScheduleKind::from_name(kind.name()), Some(kind));
            for (param, value) in ScheduleParam::of(&schedule) {
                let nudged = if param.is_count() { value + 1.0 } else { value * 0.5 };
                let changed = param.set(&schedule, nudged).unwrap();
                let read = ScheduleParam::of(&changed).into_iter().find(|(p, _)| *p == param).unwrap().1;
                assert!((read - nudged).abs() < 1e-6, "{kind:?} {param:?}: {read} vs {nudged}");
            }
        }
    }

    #[test]
    fn a_bad_value_is_refused_naming_the_parameter() {
        let step = ScheduleKind::Step.starting_schedule();
        assert_eq!(
            ScheduleParam::StepSize.set(&step, 2.5).unwrap_err(),
            "step size is 2.5; it must be a whole number of steps"
        );
        assert_eq!(ScheduleParam::StepSize.set(&step, 0.0).unwrap_err(), "step size is 0; it must be at least 1");
        assert_eq!(ScheduleParam::Gamma.set(&step, 3.0).unwrap_err(), "gamma is 3; it must be above 0 and at most 1");
        assert_eq!(ScheduleParam::TMax.set(&step, 10.0).unwrap_err(), "this schedule has no t_max");
    }
}
