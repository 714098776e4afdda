//! Learning-rate schedules with `torch.optim.lr_scheduler` semantics, written as pure
//! functions of the step: a schedule changed during a run takes effect at the next step,
//! with no scheduler state to carry.

use serde::{Deserialize, Serialize};

/// How the learning rate changes with the number of optimizer steps taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LrSchedule {
    /// The base learning rate throughout.
    #[default]
    Constant,
    /// `StepLR`: multiply by `gamma` every `step_size` steps.
    Step {
        /// Steps between decays.
        step_size: u64,
        /// Factor of each decay.
        gamma: f32,
    },
    /// `ExponentialLR`: multiply by `gamma` every step.
    Exponential {
        /// Factor per step.
        gamma: f32,
    },
    /// `CosineAnnealingLR`: from the base rate down to `eta_min` along half a cosine over
    /// `t_max` steps. As in PyTorch, it then rises again along the cosine (period `2·t_max`).
    Cosine {
        /// Steps from the base rate to `eta_min`.
        t_max: u64,
        /// The lowest learning rate (absolute, not a factor).
        #[serde(default)]
        eta_min: f32,
    },
    /// `LinearLR`: the factor goes linearly from `start_factor` to `end_factor` over
    /// `total_iters` steps and stays there (a linear warm-up with the defaults).
    Linear {
        /// Factor at step 0.
        start_factor: f32,
        /// Factor from step `total_iters` on.
        #[serde(default = "one")]
        end_factor: f32,
        /// Steps the change takes.
        total_iters: u64,
    },
    /// A linear warm-up from `start_factor` over `warmup_steps` steps, then `then` from its
    /// own step 0 (`SequentialLR([LinearLR(start_factor, total_iters=warmup_steps), then],
    /// milestones=[warmup_steps])`).
    Warmup {
        /// Steps of warm-up.
        warmup_steps: u64,
        /// Factor at step 0.
        start_factor: f32,
        /// The schedule after the warm-up.
        then: Box<LrSchedule>,
    },
}

/// The default `end_factor` of `LinearLR`.
fn one() -> f32 {
    1.0
}

impl LrSchedule {
    /// The learning rate for the step after `step` steps have been taken (step 0 is the
    /// first update, PyTorch's `last_epoch`), given the optimizer's base rate.
    pub fn learning_rate(&self, base_lr: f32, step: u64) -> f32 {
        self.rate(base_lr as f64, step) as f32
    }

    /// The same in f64, so factors like `γᵗ` lose nothing before the final rounding.
    fn rate(&self, base: f64, step: u64) -> f64 {
        match self {
            LrSchedule::Constant => base,
            LrSchedule::Step { step_size, gamma } => base * (*gamma as f64).powf((step / step_size.max(&1)) as f64),
            LrSchedule::Exponential { gamma } => base * (*gamma as f64).powf(step as f64),
            LrSchedule::Cosine { t_max, eta_min } => {
                let eta_min = *eta_min as f64;
                let phase = std::f64::consts::PI * step as f64 / (*t_max).max(1) as f64;
                eta_min + (base - eta_min) * (1.0 + phase.cos()) / 2.0
            }
            LrSchedule::Linear { start_factor, end_factor, total_iters } => {
                base * linear_factor(*start_factor as f64, *end_factor as f64, step, *total_iters)
            }
            LrSchedule::Warmup { warmup_steps, start_factor, then } => {
                if step < *warmup_steps {
                    base * linear_factor(*start_factor as f64, 1.0, step, *warmup_steps)
                } else {
                    then.rate(base, step - warmup_steps)
                }
            }
        }
    }

    /// Checks the settings, naming the first that is out of range.
    pub fn validate(&self) -> Result<(), String> {
        let check = |name: &str, value: f32, ok: bool, range: &str| {
            if ok && value.is_finite() { Ok(()) } else { Err(format!("{name} is {value}; it must be {range}")) }
        };
        let at_least_one = |name: &str, value: u64| {
            if value >= 1 { Ok(()) } else { Err(format!("{name} is 0; it must be at least 1")) }
        };
        let gamma = |gamma: f32| check("gamma", gamma, gamma > 0.0 && gamma <= 1.0, "above 0 and at most 1");
        match self {
            LrSchedule::Constant => Ok(()),
            LrSchedule::Step { step_size, gamma: g } => {
                at_least_one("step size", *step_size)?;
                gamma(*g)
            }
            LrSchedule::Exponential { gamma: g } => gamma(*g),
            LrSchedule::Cosine { t_max, eta_min } => {
                at_least_one("t_max", *t_max)?;
                check("eta_min", *eta_min, *eta_min >= 0.0, "at least 0")
            }
            LrSchedule::Linear { start_factor, end_factor, total_iters } => {
                let (start, end) = (*start_factor, *end_factor);
                check("start factor", start, start > 0.0 && start <= 1.0, "above 0 and at most 1")?;
                check("end factor", end, (0.0..=1.0).contains(&end), "in [0, 1]")?;
                at_least_one("total iters", *total_iters)
            }
            LrSchedule::Warmup { warmup_steps, start_factor, then } => {
                at_least_one("warm-up steps", *warmup_steps)?;
                let start = *start_factor;
                check("start factor", start, start > 0.0 && start <= 1.0, "above 0 and at most 1")?;
                then.validate().map_err(|e| format!("after the warm-up: {e}"))
            }
        }
    }
}

/// `LinearLR`'s factor after `step` of `total` steps.
fn linear_factor(start: f64, end: f64, step: u64, total: u64) -> f64 {
    let progress = step.min(total) as f64 / total.max(1) as f64;
    start + (end - start) * progress
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    engine_test! {
        async fn schedules_parse_from_json_by_kind() {
            let json = r#"{"kind":"warmup","warmup_steps":5,"start_factor":0.1,
                "then":{"kind":"cosine","t_max":20}}"#;
            let schedule: LrSchedule = serde_json::from_str(json).unwrap();
            let cosine = LrSchedule::Cosine { t_max: 20, eta_min: 0.0 };
            assert_eq!(schedule, LrSchedule::Warmup { warmup_steps: 5, start_factor: 0.1, then: Box::new(cosine) });
            let linear: LrSchedule = serde_json::from_str(r#"{"kind":"linear","start_factor":0.5,"total_iters":4}"#).unwrap();
            assert_eq!(linear, LrSchedule::Linear { start_factor: 0.5, end_factor: 1.0, total_iters: 4 });
            assert_eq!(serde_json::to_string(&LrSchedule::Constant).unwrap(), r#"{"kind":"constant"}"#);
        }
    }

    engine_test! {
        async fn the_rate_is_a_function_of_the_step_alone() {
            let step = LrSchedule::Step { step_size: 3, gamma: 0.5 };
            let rates: Vec<f32> = (0..7).map(|t| step.learning_rate(1.0, t)).collect();
            assert_eq!(rates, [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]);
            let warmup = LrSchedule::Linear { start_factor: 0.25, end_factor: 1.0, total_iters: 3 };
            assert_eq!(warmup.learning_rate(0.4, 0), 0.1);
            assert_eq!(warmup.learning_rate(0.4, 100), 0.4);
            assert_eq!(LrSchedule::Constant.learning_rate(0.3, 1000), 0.3);
        }
    }

    engine_test! {
        async fn validate_names_the_bad_setting() {
            let bad = |s: LrSchedule| s.validate().unwrap_err();
            assert_eq!(bad(LrSchedule::Step { step_size: 0, gamma: 0.5 }), "step size is 0; it must be at least 1");
            assert_eq!(bad(LrSchedule::Exponential { gamma: 1.5 }), "gamma is 1.5; it must be above 0 and at most 1");
            assert_eq!(bad(LrSchedule::Cosine { t_max: 10, eta_min: -1.0 }), "eta_min is -1; it must be at least 0");
            let nested = LrSchedule::Warmup {
                warmup_steps: 2,
                start_factor: 0.5,
                then: Box::new(LrSchedule::Linear { start_factor: 0.0, end_factor: 1.0, total_iters: 2 }),
            };
            assert_eq!(bad(nested), "after the warm-up: start factor is 0; it must be above 0 and at most 1");
            assert!(LrSchedule::default().validate().is_ok());
        }
    }
}
