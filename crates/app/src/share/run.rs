//! What a link trains — a preset, a built-in dataset, an inline run spec or the 2-D
//! playground — and the settings it changes on whichever run that is.

use super::error::{Problem, Range};
use nnplay_data::DatasetKind;
use nnplay_nn::{Activation, LayerSpec, LrSchedule, OptimizerConfig, OptimizerKind};
use nnplay_train::{LiveSettings, RunData, RunSpec, SessionConfig};

/// Noise of the 2-D sets (as `DatasetConfig::validate` allows).
pub const NOISE: Range = Range::closed(0.0, 0.5);
/// Share of the points used for training (as `DatasetConfig::validate` allows).
pub const TRAIN_RATIO: Range = Range::closed(0.1, 0.9);
/// Learning rate (as `OptimizerConfig::validate` allows).
pub const LEARNING_RATE: Range = Range::above(0.0, 10.0);
/// Momentum, beta1 and beta2 (as `OptimizerConfig::validate` allows).
pub const DECAY: Range = Range::below(0.0, 1.0);
/// Adam's epsilon: above 0 as the optimizer requires, and at most 1 for sense.
pub const EPSILON: Range = Range::above(0.0, 1.0);
/// Adagrad's learning-rate decay: at least 0 as the optimizer requires, at most 1 for sense.
pub const LR_DECAY: Range = Range::closed(0.0, 1.0);
/// L1 and L2 rates and weight decay (as `SessionConfig::validate`, `Regularization::validate`
/// and `OptimizerConfig::validate` allow).
pub const PENALTY: Range = Range::closed(0.0, 1.0);
/// Dropout probability: 1 would zero every value.
pub const DROPOUT: Range = Range::below(0.0, 1.0);
/// Largest batch a link may ask for; a run may allow fewer (its training examples).
pub const MAX_BATCH: u64 = 65_536;

/// The run a link opens.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    /// The 2-D playground with these settings (`dataset=` a 2-D set, `noise=`, …).
    Playground(Plane),
    /// A preset of `nnplay_train::presets`, by name (`preset=`).
    Preset(String),
    /// A built-in dataset other than the 2-D sets (those open the playground), by its
    /// menu name in `catalog::datasets` (`dataset=`).
    Dataset(String),
    /// A whole run file, inline (`spec=`, base64url of its JSON).
    Spec(Box<RunSpec>),
}

impl Default for Run {
    fn default() -> Run {
        Run::Playground(Plane::default())
    }
}

impl Run {
    /// An inline run for a link; a run on the learner's own data cannot travel in one.
    pub fn spec(run: RunSpec) -> Result<Run, String> {
        check_shareable(&run)?;
        Ok(Run::Spec(Box::new(run)))
    }

    /// Whether this is the 2-D playground.
    pub fn is_playground(&self) -> bool {
        matches!(self, Run::Playground(_))
    }
}

/// Whether `run` can travel in a link: a run on the learner's own data cannot.
pub fn check_shareable(run: &RunSpec) -> Result<(), String> {
    match &run.data {
        RunData::Imported { source, .. } => Err(format!(
            "a link cannot hold the data of \"{source}\": share the file with the run, or choose a built-in dataset"
        )),
        _ => Ok(()),
    }
}

/// The 2-D playground's data and network, as its controls set them.
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    /// The 2-D set.
    pub kind: DatasetKind,
    /// Noise from 0 to 0.5.
    pub noise: f32,
    /// Share of the points used for training.
    pub train_ratio: f32,
    /// Neurons per hidden layer.
    pub hidden: Vec<usize>,
    /// One of `Activation::ALL` (a link names activations with their default parameters).
    pub activation: Activation,
}

impl Default for Plane {
    /// The page's default: the spiral preset.
    fn default() -> Plane {
        Plane::of(&SessionConfig::spiral())
    }
}

impl Plane {
    /// The data and network settings of `config`.
    pub fn of(config: &SessionConfig) -> Plane {
        Plane {
            kind: config.dataset.kind,
            noise: config.dataset.noise,
            train_ratio: config.dataset.train_ratio,
            hidden: config.hidden.clone(),
            activation: config.activation,
        }
    }

    /// Puts these settings into `config`.
    pub fn apply_to(&self, config: &mut SessionConfig) {
        config.dataset.kind = self.kind;
        config.dataset.noise = self.noise;
        config.dataset.train_ratio = self.train_ratio;
        config.hidden = self.hidden.clone();
        config.activation = self.activation;
    }
}

/// Training settings a link changes on any run; `None` keeps the run's own (the
/// playground's default, the preset's, the spec's).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overrides {
    /// Which optimizer.
    pub optimizer: Option<OptimizerKind>,
    /// The base learning rate.
    pub learning_rate: Option<f32>,
    /// SGD's momentum factor.
    pub momentum: Option<f32>,
    /// Adam's and AdamW's decay of the first moment.
    pub beta1: Option<f32>,
    /// Adam's and AdamW's decay of the second moment.
    pub beta2: Option<f32>,
    /// The term added to the optimizer's denominator.
    pub epsilon: Option<f32>,
    /// Weight decay.
    pub weight_decay: Option<f32>,
    /// RMSProp's decay of its average of squared gradients (`alpha`).
    pub alpha: Option<f32>,
    /// RMSProp's momentum factor.
    pub rmsprop_momentum: Option<f32>,
    /// Adagrad's learning-rate decay.
    pub lr_decay: Option<f32>,
    /// Examples per step.
    pub batch_size: Option<usize>,
    /// L1 penalty rate on the weights.
    pub l1: Option<f32>,
    /// L2 penalty rate on the weights.
    pub l2: Option<f32>,
    /// The probability of every dropout of a run spec (layers, Transformer blocks).
    pub dropout: Option<f32>,
    /// The seed of the data, the initial weights and the batch order.
    pub seed: Option<u64>,
    /// The learning-rate schedule of a run spec.
    pub schedule: Option<LrSchedule>,
}

impl Overrides {
    /// The settings of `config` that differ from the page's default (the spiral preset).
    pub fn of_config(config: &SessionConfig) -> Overrides {
        let default = SessionConfig::spiral();
        let changed = |value: f32, default: f32| (value != default).then_some(value);
        Overrides {
            batch_size: (config.batch_size != default.batch_size).then_some(config.batch_size),
            l1: changed(config.l1, default.l1),
            l2: changed(config.l2, default.l2),
            dropout: None,
            seed: (config.seed != default.seed).then_some(config.seed),
            schedule: None,
            ..Overrides::of_optimizer(&config.optimizer, &default.optimizer)
        }
    }

    /// The optimizer settings of `optimizer` that differ from `start`'s (the rest unset).
    fn of_optimizer(optimizer: &OptimizerConfig, start: &OptimizerConfig) -> Overrides {
        let changed = |value: f32, start: f32| (value != start).then_some(value);
        Overrides {
            optimizer: (optimizer.kind != start.kind).then_some(optimizer.kind),
            learning_rate: changed(optimizer.learning_rate, start.learning_rate),
            momentum: changed(optimizer.momentum, start.momentum),
            beta1: changed(optimizer.beta1, start.beta1),
            beta2: changed(optimizer.beta2, start.beta2),
            epsilon: changed(optimizer.epsilon, start.epsilon),
            weight_decay: (optimizer.weight_decay != start.weight_decay).then(|| optimizer.effective_weight_decay()),
            alpha: changed(optimizer.alpha, start.alpha),
            rmsprop_momentum: changed(optimizer.rmsprop_momentum, start.rmsprop_momentum),
            lr_decay: changed(optimizer.lr_decay, start.lr_decay),
            ..Overrides::default()
        }
    }

    /// These settings, with `fallback`'s where these set none.
    pub fn or(self, fallback: Overrides) -> Overrides {
        Overrides {
            optimizer: self.optimizer.or(fallback.optimizer),
            learning_rate: self.learning_rate.or(fallback.learning_rate),
            momentum: self.momentum.or(fallback.momentum),
            beta1: self.beta1.or(fallback.beta1),
            beta2: self.beta2.or(fallback.beta2),
            epsilon: self.epsilon.or(fallback.epsilon),
            weight_decay: self.weight_decay.or(fallback.weight_decay),
            alpha: self.alpha.or(fallback.alpha),
            rmsprop_momentum: self.rmsprop_momentum.or(fallback.rmsprop_momentum),
            lr_decay: self.lr_decay.or(fallback.lr_decay),
            batch_size: self.batch_size.or(fallback.batch_size),
            l1: self.l1.or(fallback.l1),
            l2: self.l2.or(fallback.l2),
            dropout: self.dropout.or(fallback.dropout),
            seed: self.seed.or(fallback.seed),
            schedule: self.schedule.or(fallback.schedule),
        }
    }

    /// The live settings of a run spec that differ from those `base` starts with: what a
    /// link to `base` must add to give the run as the learner has set it.
    pub fn of_live(base: &RunSpec, live: &LiveSettings) -> Overrides {
        let model = &base.model;
        let changed = |value: f32, base: f32| (value != base).then_some(value);
        Overrides {
            batch_size: (live.batch_size != model.batch_size).then_some(live.batch_size),
            l1: changed(live.l1, model.regularization.l1),
            l2: changed(live.l2, model.regularization.l2),
            dropout: live.dropout.filter(|p| Some(*p) != model.dropout()),
            seed: None,
            schedule: (live.schedule != model.schedule).then(|| live.schedule.clone()),
            ..Overrides::of_optimizer(&live.optimizer, &model.optimizer)
        }
    }

    /// Puts the optimizer settings into `optimizer`, leaving the ones the link does not set.
    fn apply_to_optimizer(&self, optimizer: &mut OptimizerConfig) {
        set(&mut optimizer.kind, self.optimizer);
        set(&mut optimizer.learning_rate, self.learning_rate);
        set(&mut optimizer.momentum, self.momentum);
        set(&mut optimizer.beta1, self.beta1);
        set(&mut optimizer.beta2, self.beta2);
        set(&mut optimizer.epsilon, self.epsilon);
        set(&mut optimizer.weight_decay, self.weight_decay.map(Some));
        set(&mut optimizer.alpha, self.alpha);
        set(&mut optimizer.rmsprop_momentum, self.rmsprop_momentum);
        set(&mut optimizer.lr_decay, self.lr_decay);
    }

    /// Puts the settings into a playground config (dropout and schedule have no place
    /// there); the seed seeds the points too, as the page's seed box does.
    pub fn apply_to_config(&self, config: &mut SessionConfig) {
        self.apply_to_optimizer(&mut config.optimizer);
        set(&mut config.batch_size, self.batch_size);
        set(&mut config.l1, self.l1);
        set(&mut config.l2, self.l2);
        set(&mut config.seed, self.seed);
        set(&mut config.dataset.seed, self.seed);
    }

    /// Puts the settings into a run spec (a preset's, a dataset's or an inline one).
    pub fn apply_to_run(&self, run: &mut RunSpec) {
        let model = &mut run.model;
        self.apply_to_optimizer(&mut model.optimizer);
        set(&mut model.batch_size, self.batch_size);
        set(&mut model.regularization.l1, self.l1);
        set(&mut model.regularization.l2, self.l2);
        set(&mut model.seed, self.seed);
        set(&mut model.schedule, self.schedule.clone());
        if let Some(p) = self.dropout {
            // A model without dropout has nothing to set; the link's value is ignored.
            let _ = model.set_dropout(p);
        }
    }
}

/// `*field = value` when there is a value.
fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// Deepest nesting of `warmup:` a link may write.
const MAX_SCHEDULE_DEPTH: usize = 4;

/// A schedule as a link writes it: `constant`, `step:SIZE:GAMMA`, `exp:GAMMA`,
/// `cosine:T_MAX[:ETA_MIN]`, `linear:START:END:TOTAL` or `warmup:STEPS:START:THEN`.
pub fn schedule_to_link(schedule: &LrSchedule) -> String {
    match schedule {
        LrSchedule::Constant => "constant".into(),
        LrSchedule::Step { step_size, gamma } => format!("step:{step_size}:{gamma}"),
        LrSchedule::Exponential { gamma } => format!("exp:{gamma}"),
        LrSchedule::Cosine { t_max, eta_min } if *eta_min == 0.0 => format!("cosine:{t_max}"),
        LrSchedule::Cosine { t_max, eta_min } => format!("cosine:{t_max}:{eta_min}"),
        LrSchedule::Linear { start_factor, end_factor, total_iters } => {
            format!("linear:{start_factor}:{end_factor}:{total_iters}")
        }
        LrSchedule::Warmup { warmup_steps, start_factor, then } => {
            format!("warmup:{warmup_steps}:{start_factor}:{}", schedule_to_link(then))
        }
    }
}

/// Reads [`schedule_to_link`]'s form and checks it with `LrSchedule::validate`.
pub fn schedule_from_link(text: &str) -> Result<LrSchedule, Problem> {
    let schedule = read_schedule(text.trim(), 0).ok_or(Problem::BadSchedule)?;
    schedule.validate().map_err(Problem::ScheduleRange)?;
    Ok(schedule)
}

fn read_schedule(text: &str, depth: usize) -> Option<LrSchedule> {
    let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
    if kind == "warmup" {
        let mut parts = rest.splitn(3, ':');
        let (steps, start, then) = (parts.next()?, parts.next()?, parts.next()?);
        if depth >= MAX_SCHEDULE_DEPTH {
            return None;
        }
        let then = Box::new(read_schedule(then, depth + 1)?);
        return Some(LrSchedule::Warmup { warmup_steps: steps.parse().ok()?, start_factor: finite(start)?, then });
    }
    let numbers: Vec<&str> = if rest.is_empty() { Vec::new() } else { rest.split(':').collect() };
    Some(match (kind, numbers.as_slice()) {
        ("constant", []) => LrSchedule::Constant,
        ("step", [size, gamma]) => LrSchedule::Step { step_size: size.parse().ok()?, gamma: finite(gamma)? },
        ("exp", [gamma]) => LrSchedule::Exponential { gamma: finite(gamma)? },
        ("cosine", [t_max]) => LrSchedule::Cosine { t_max: t_max.parse().ok()?, eta_min: 0.0 },
        ("cosine", [t_max, eta_min]) => LrSchedule::Cosine { t_max: t_max.parse().ok()?, eta_min: finite(eta_min)? },
        ("linear", [start, end, total]) => LrSchedule::Linear {
            start_factor: finite(start)?,
            end_factor: finite(end)?,
            total_iters: total.parse().ok()?,
        },
        _ => return None,
    })
}

/// A finite f32, or `None`.
fn finite(text: &str) -> Option<f32> {
    text.parse::<f32>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_nn::OptimizerConfig;

    /// The page's own checks, so the link's ranges cannot drift from them.
    #[test]
    fn the_links_ranges_agree_with_the_engines_checks() {
        let edges = |range: Range| {
            let (low, high) = (range.low as f32, range.high as f32);
            [low, high, low - 1e-6, high + 1e-6, (low + high) / 2.0]
        };
        let optimizer_accepts = |change: &dyn Fn(&mut OptimizerConfig)| {
            let mut config = OptimizerConfig::default();
            change(&mut config);
            config.validate().is_ok()
        };
        for value in edges(LEARNING_RATE) {
            assert_eq!(
                optimizer_accepts(&|c| c.learning_rate = value),
                LEARNING_RATE.contains(value as f64),
                "{value}"
            );
        }
        for value in edges(DECAY) {
            for field in [|c: &mut OptimizerConfig, v| c.momentum = v, |c: &mut OptimizerConfig, v| c.beta2 = v] {
                assert_eq!(optimizer_accepts(&|c| field(c, value)), DECAY.contains(value as f64), "{value}");
            }
        }
        let config_accepts = |change: &dyn Fn(&mut SessionConfig)| {
            let mut config = SessionConfig::spiral();
            change(&mut config);
            config.validate().is_ok()
        };
        for value in edges(NOISE) {
            assert_eq!(config_accepts(&|c| c.dataset.noise = value), NOISE.contains(value as f64), "{value}");
        }
        for value in edges(TRAIN_RATIO) {
            assert_eq!(config_accepts(&|c| c.dataset.train_ratio = value), TRAIN_RATIO.contains(value as f64));
        }
        for value in edges(PENALTY) {
            assert_eq!(config_accepts(&|c| c.l2 = value), PENALTY.contains(value as f64), "{value}");
        }
        assert!(!optimizer_accepts(&|c| c.epsilon = 0.0) && !EPSILON.contains(0.0));
    }

    #[test]
    fn overrides_reach_every_field_of_a_config_and_of_a_run() {
        let overrides = Overrides {
            optimizer: Some(OptimizerKind::Momentum),
            learning_rate: Some(0.5),
            momentum: Some(0.8),
            beta1: Some(0.7),
            beta2: Some(0.95),
            epsilon: Some(1e-6),
            weight_decay: Some(0.05),
            alpha: Some(0.9),
            rmsprop_momentum: Some(0.5),
            lr_decay: Some(0.01),
            batch_size: Some(16),
            l1: Some(0.001),
            l2: Some(0.002),
            dropout: Some(0.25),
            seed: Some(9),
            schedule: Some(LrSchedule::Exponential { gamma: 0.99 }),
        };
        let mut config = SessionConfig::spiral();
        overrides.apply_to_config(&mut config);
        assert_eq!((config.seed, config.dataset.seed, config.batch_size), (9, 9, 16));
        let read_back =
            Overrides { dropout: Some(0.25), schedule: overrides.schedule.clone(), ..Overrides::of_config(&config) };
        assert_eq!(read_back, overrides);

        let json = crate::examples::Example::Transformer.spec_json().unwrap();
        let mut run = RunSpec::from_json(json).unwrap();
        overrides.apply_to_run(&mut run);
        let model = &run.model;
        assert_eq!(
            (model.optimizer.kind, model.optimizer.learning_rate, model.optimizer.epsilon),
            (OptimizerKind::Momentum, 0.5, 1e-6)
        );
        assert_eq!(
            (model.batch_size, model.seed, model.regularization.l1, model.regularization.l2),
            (16, 9, 0.001, 0.002)
        );
        assert_eq!(model.schedule, LrSchedule::Exponential { gamma: 0.99 });
        let dropouts: Vec<f32> = model
            .layers
            .iter()
            .filter_map(|layer| match layer {
                LayerSpec::TransformerBlock(block) => Some(block.dropout),
                LayerSpec::Dropout(dropout) => Some(dropout.p),
                _ => None,
            })
            .collect();
        assert!(!dropouts.is_empty() && dropouts.iter().all(|p| *p == 0.25), "{dropouts:?}");
    }

    #[test]
    fn schedules_round_trip_through_their_link_form() {
        let schedules = [
            LrSchedule::Constant,
            LrSchedule::Step { step_size: 100, gamma: 0.5 },
            LrSchedule::Exponential { gamma: 0.99 },
            LrSchedule::Cosine { t_max: 1000, eta_min: 0.0 },
            LrSchedule::Cosine { t_max: 1000, eta_min: 0.001 },
            LrSchedule::Linear { start_factor: 0.1, end_factor: 1.0, total_iters: 100 },
            LrSchedule::Warmup {
                warmup_steps: 100,
                start_factor: 0.1,
                then: Box::new(LrSchedule::Cosine { t_max: 1000, eta_min: 0.0 }),
            },
        ];
        for schedule in schedules {
            assert_eq!(schedule_from_link(&schedule_to_link(&schedule)), Ok(schedule));
        }
        assert_eq!(schedule_to_link(&LrSchedule::Cosine { t_max: 10, eta_min: 0.0 }), "cosine:10");
        for bad in ["", "cosine", "step:100", "step:x:0.5", "exp:NaN", "linear:1:1", "warmup:1:0.5", "sawtooth:3"] {
            assert_eq!(schedule_from_link(bad), Err(Problem::BadSchedule), "{bad}");
        }
        assert_eq!(
            schedule_from_link(&"warmup:1:0.5:".repeat(5).replace("::", ":constant:")),
            Err(Problem::BadSchedule)
        );
        assert_eq!(
            schedule_from_link("exp:1.5"),
            Err(Problem::ScheduleRange("gamma is 1.5; it must be above 0 and at most 1".into()))
        );
    }

    #[test]
    fn a_run_on_the_learners_own_data_cannot_travel_in_a_link() {
        let json = crate::examples::Example::Mlp.spec_json().unwrap();
        let mut run = RunSpec::from_json(json).unwrap();
        assert!(Run::spec(run.clone()).is_ok());
        let data = nnplay_data::TensorData {
            inputs: vec![0.0; 2],
            input_shape: vec![2],
            targets: vec![0.0],
            target_shape: vec![],
            classes: 2,
            len: 1,
        };
        run.data = RunData::Imported { source: "mine.csv".into(), data: std::sync::Arc::new(data) };
        assert_eq!(
            Run::spec(run),
            Err("a link cannot hold the data of \"mine.csv\": share the file with the run, \
                 or choose a built-in dataset"
                .into())
        );
    }
}
