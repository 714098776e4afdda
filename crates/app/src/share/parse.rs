//! Reading a link's hash into a [`UrlState`], value by value: whatever cannot be used
//! is reported and replaced by its fallback, and nothing panics.

use super::course::{Goal, MAX_ORIGINS, Origin};
use super::error::{Fallback, HashError, Problem, Range, shorten};
use super::escape::{EscapeError, base64_decode, percent_decode};
use super::fields::{Control, Key, Named, Panel};
use super::run::{
    DECAY, DROPOUT, EPSILON, LEARNING_RATE, LR_DECAY, MAX_BATCH, NOISE, Overrides, PENALTY, Plane, Run, TRAIN_RATIO,
    check_shareable, schedule_from_link,
};
use super::{MAX_HASH_LENGTH, MAX_LIST_ITEMS, PageSettings, Parsed, UrlState};
use crate::catalog;
use nnplay_data::DatasetKind;
use nnplay_train::{MAX_HIDDEN_LAYERS, MAX_NEURONS, RunSpec, SessionConfig};
use std::collections::{BTreeMap, BTreeSet};

/// Reads a link's hash (with or without its `#`); see the module documentation.
pub fn parse(hash: &str) -> Parsed {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    if hash.len() > MAX_HASH_LENGTH {
        return Parsed { state: UrlState::default(), errors: vec![HashError::TooLong { length: hash.len() }] };
    }
    let mut reader = Reader { given: BTreeMap::new(), errors: Vec::new() };
    for part in hash.split('&').filter(|part| !part.is_empty()) {
        let (key, value) = match part.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (part, None),
        };
        let key = percent_decode(key).unwrap_or_else(|_| key.to_string());
        match Key::from_name(key.trim()) {
            Some(key) => reader.given.entry(key).or_default().push(value),
            None => reader.errors.push(HashError::UnknownKey { key }),
        }
    }
    let state = reader.state();
    Parsed { state, errors: reader.errors }
}

/// The key-value pairs of a hash, taken out one key at a time.
struct Reader<'a> {
    /// The raw (still escaped) values of each key; `None` for a key without `=`.
    given: BTreeMap<Key, Vec<Option<&'a str>>>,
    errors: Vec<HashError>,
}

impl<'a> Reader<'a> {
    fn state(&mut self) -> UrlState {
        let run = self.run();
        let overrides = self.overrides(&run);
        let page = self.page();
        let course = self.course();
        debug_assert!(self.given.is_empty(), "every key is read: {:?}", self.given.keys());
        UrlState { run, overrides, page, course }
    }

    fn run(&mut self) -> Run {
        let named: Vec<Key> =
            [Key::Preset, Key::Dataset, Key::Spec].into_iter().filter(|k| self.given.contains_key(k)).collect();
        let mut run = match named.as_slice() {
            [] => None,
            [Key::Preset] => self.field(Key::Preset, Fallback::Playground, preset).map(Run::Preset),
            [Key::Dataset] => self.field(Key::Dataset, Fallback::Playground, dataset),
            [Key::Spec] => self.field(Key::Spec, Fallback::Playground, spec).map(Run::Spec),
            _ => {
                for key in &named {
                    self.given.remove(key);
                }
                self.errors.push(HashError::RunConflict { keys: named.iter().map(|k| k.name()).collect() });
                None
            }
        }
        .unwrap_or_default();
        match &mut run {
            Run::Playground(plane) => self.plane(plane),
            _ => {
                for key in [Key::Noise, Key::Train, Key::Hidden, Key::Activation] {
                    self.reject(key, Problem::OnlyForPlayground);
                }
            }
        }
        run
    }

    fn plane(&mut self, plane: &mut Plane) {
        let default = Plane::default();
        let fallback = |value: String| Fallback::Default(value);
        if let Some(noise) = self.field(Key::Noise, fallback(default.noise.to_string()), |t| number(t, NOISE)) {
            plane.noise = noise;
        }
        let ratio = self.field(Key::Train, fallback(default.train_ratio.to_string()), |t| number(t, TRAIN_RATIO));
        if let Some(ratio) = ratio {
            plane.train_ratio = ratio;
        }
        if let Some(hidden) = self.field(Key::Hidden, fallback(hidden_to_link(&default.hidden)), hidden) {
            plane.hidden = hidden;
        }
        if let Some(activation) = self.field(Key::Activation, fallback(default.activation.name().into()), named) {
            plane.activation = activation;
        }
    }

    fn overrides(&mut self, run: &Run) -> Overrides {
        let Run::Playground(plane) = run else {
            return self.overrides_with(false, |_| Fallback::RunsOwn);
        };
        let config = SessionConfig::spiral();
        let optimizer = &config.optimizer;
        let mut overrides = self.overrides_with(true, |key| {
            Fallback::Default(match key {
                Key::Optimizer => optimizer.kind.name().into(),
                Key::LearningRate => optimizer.learning_rate.to_string(),
                Key::Momentum => optimizer.momentum.to_string(),
                Key::Beta1 => optimizer.beta1.to_string(),
                Key::Beta2 => optimizer.beta2.to_string(),
                Key::Epsilon => optimizer.epsilon.to_string(),
                Key::WeightDecay => optimizer.effective_weight_decay().to_string(),
                Key::Alpha => optimizer.alpha.to_string(),
                Key::RmsPropMomentum => optimizer.rmsprop_momentum.to_string(),
                Key::LrDecay => optimizer.lr_decay.to_string(),
                Key::Batch => config.batch_size.to_string(),
                Key::L1 => config.l1.to_string(),
                Key::L2 => config.l2.to_string(),
                Key::Seed => config.seed.to_string(),
                _ => String::new(),
            })
        });
        // Only the playground knows how many points it trains on before it runs.
        let mut with_plane = config.clone();
        plane.apply_to(&mut with_plane);
        let train_points = with_plane.train_points();
        if let Some(batch) = overrides.batch_size.filter(|b| *b > train_points) {
            self.errors.push(HashError::Field {
                key: Key::Batch.name(),
                value: batch.to_string(),
                problem: Problem::OutOfRange(Range::closed(1.0, train_points as f64)),
                fallback: Fallback::Default(config.batch_size.to_string()),
            });
            overrides.batch_size = None;
        }
        overrides
    }

    /// The overrides, each bad one replaced by `fallback(key)`; dropout and schedule are
    /// refused on the playground, which has neither.
    fn overrides_with(&mut self, playground: bool, fallback: impl Fn(Key) -> Fallback) -> Overrides {
        let number_of =
            |reader: &mut Self, key: Key, range: Range| reader.field(key, fallback(key), |t| number(t, range));
        let learning_rate = number_of(self, Key::LearningRate, LEARNING_RATE);
        let momentum = number_of(self, Key::Momentum, DECAY);
        let beta1 = number_of(self, Key::Beta1, DECAY);
        let beta2 = number_of(self, Key::Beta2, DECAY);
        let epsilon = number_of(self, Key::Epsilon, EPSILON);
        let weight_decay = number_of(self, Key::WeightDecay, PENALTY);
        let alpha = number_of(self, Key::Alpha, DECAY);
        let rmsprop_momentum = number_of(self, Key::RmsPropMomentum, DECAY);
        let lr_decay = number_of(self, Key::LrDecay, LR_DECAY);
        let l1 = number_of(self, Key::L1, PENALTY);
        let l2 = number_of(self, Key::L2, PENALTY);
        let (dropout, schedule) = if playground {
            self.reject(Key::Dropout, Problem::NotForPlayground);
            self.reject(Key::Schedule, Problem::NotForPlayground);
            (None, None)
        } else {
            (
                number_of(self, Key::Dropout, DROPOUT),
                self.field(Key::Schedule, fallback(Key::Schedule), schedule_from_link),
            )
        };
        Overrides {
            optimizer: self.field(Key::Optimizer, fallback(Key::Optimizer), named),
            learning_rate,
            momentum,
            beta1,
            beta2,
            epsilon,
            weight_decay,
            alpha,
            rmsprop_momentum,
            lr_decay,
            batch_size: self.field(Key::Batch, fallback(Key::Batch), |t| whole(t, 1, MAX_BATCH)).map(|b| b as usize),
            l1,
            l2,
            dropout,
            seed: self.field(Key::Seed, fallback(Key::Seed), |t| whole(t, 0, u64::MAX)),
            schedule,
        }
    }

    fn page(&mut self) -> PageSettings {
        let default = PageSettings::default();
        let fallback = |value: &str| Fallback::Default(value.into());
        let panels = self.list(Key::Panels, Fallback::PageChooses, MAX_LIST_ITEMS, named::<Panel>);
        PageSettings {
            backend: self.field(Key::Backend, fallback(default.backend.name()), named).unwrap_or(default.backend),
            speed: self.field(Key::Speed, fallback(Named::name(default.speed)), named).unwrap_or(default.speed),
            language: self.field(Key::Language, Fallback::PageChooses, named),
            panels: panels.map(BTreeSet::from_iter),
            scale: self.field(Key::Scale, fallback(Named::name(default.scale)), named).unwrap_or(default.scale),
            theme: self.field(Key::Theme, Fallback::PageChooses, named),
        }
    }

    fn course(&mut self) -> super::Course {
        let controls = |reader: &mut Self, key| {
            let list = reader.list(key, Fallback::Ignored, MAX_LIST_ITEMS, named::<Control>);
            list.map(BTreeSet::from_iter).unwrap_or_default()
        };
        let lock = controls(self, Key::Lock);
        let hide = controls(self, Key::Hide);
        let hide_text = self.field(Key::Text, Fallback::Default("show".into()), |text| match text.trim() {
            "show" => Ok(false),
            "hide" => Ok(true),
            _ => Err(Problem::UnknownName("show, hide".into())),
        });
        let target = self.field(Key::Target, Fallback::Ignored, |text| Goal::parse(text.trim()));
        let origins = self.list(Key::Origins, Fallback::Ignored, MAX_ORIGINS, Origin::parse);
        super::Course {
            lock,
            hide,
            hide_text: hide_text.unwrap_or(false),
            target,
            origins: origins.map(BTreeSet::from_iter).unwrap_or_default(),
        }
    }

    /// The one raw value of `key`, if it is given once and with a value.
    fn raw(&mut self, key: Key, fallback: &Fallback) -> Option<&'a str> {
        let values = self.given.remove(&key)?;
        let key = key.name();
        match values.as_slice() {
            [Some(value)] => Some(value),
            [None] => {
                let problem = Problem::NoValue;
                self.errors.push(HashError::Field { key, value: String::new(), problem, fallback: fallback.clone() });
                None
            }
            _ => {
                self.errors.push(HashError::DuplicateKey { key, fallback: fallback.clone() });
                None
            }
        }
    }

    /// The value of `key` read by `read`, or `None` (and an error) when it cannot be used.
    fn field<T>(&mut self, key: Key, fallback: Fallback, read: impl FnOnce(&str) -> Result<T, Problem>) -> Option<T> {
        let raw = self.raw(key, &fallback)?;
        let result = percent_decode(raw).map_err(|e| (raw.to_string(), escape_problem(e)));
        match result.and_then(|text| read(&text).map_err(|problem| (text, problem))) {
            Ok(value) => Some(value),
            Err((value, problem)) => {
                self.errors.push(HashError::Field { key: key.name(), value, problem, fallback });
                None
            }
        }
    }

    /// The comma-separated items of `key` that `read` accepts (`none` or nothing: no
    /// items); a bad item is left out, with an error, and the others kept.
    fn list<T>(
        &mut self,
        key: Key,
        fallback: Fallback,
        max: usize,
        read: impl Fn(&str) -> Result<T, Problem>,
    ) -> Option<Vec<T>> {
        let raw = self.raw(key, &fallback)?;
        if raw.is_empty() || raw == "none" {
            return Some(Vec::new());
        }
        let items: Vec<&str> = raw.split(',').collect();
        if items.len() > max {
            let problem = Problem::TooMany { count: items.len(), max };
            self.errors.push(HashError::Field { key: key.name(), value: raw.to_string(), problem, fallback });
            return None;
        }
        let mut kept = Vec::new();
        for item in items {
            let result = percent_decode(item).map_err(|e| (item.to_string(), escape_problem(e)));
            match result.and_then(|text| read(text.trim()).map_err(|problem| (text, problem))) {
                Ok(value) => kept.push(value),
                Err((value, problem)) => {
                    let fallback = Fallback::LeftOut;
                    self.errors.push(HashError::Field { key: key.name(), value, problem, fallback });
                }
            }
        }
        Some(kept)
    }

    /// Reports `key`, if given, as not applying to this run.
    fn reject(&mut self, key: Key, problem: Problem) {
        let Some(values) = self.given.remove(&key) else { return };
        let value = values.into_iter().flatten().next().unwrap_or_default();
        let value = percent_decode(value).unwrap_or_else(|_| value.to_string());
        self.errors.push(HashError::Field { key: key.name(), value, problem, fallback: Fallback::Ignored });
    }
}

fn escape_problem(error: EscapeError) -> Problem {
    match error {
        EscapeError::BrokenPercent => Problem::BrokenPercent,
        EscapeError::NotUtf8 => Problem::NotUtf8,
        EscapeError::NotBase64 => Problem::NotBase64,
        EscapeError::TruncatedBase64 => Problem::TruncatedBase64,
    }
}

/// A finite number inside `range`.
pub fn number(text: &str, range: Range) -> Result<f32, Problem> {
    let value: f32 = text.trim().parse().map_err(|_| Problem::NotANumber)?;
    if !value.is_finite() {
        return Err(Problem::NotFinite);
    }
    if !range.contains(value as f64) {
        return Err(Problem::OutOfRange(range));
    }
    Ok(value)
}

/// A whole number from `low` to `high`; `1e3` and `64.0` count as whole.
pub fn whole(text: &str, low: u64, high: u64) -> Result<u64, Problem> {
    let text = text.trim();
    let out_of_range = || Problem::OutOfRange(Range::closed(low as f64, high as f64));
    let value = match text.parse::<u64>() {
        Ok(value) => value,
        Err(_) => {
            let value: f64 = text.parse().map_err(|_| Problem::NotANumber)?;
            if !value.is_finite() {
                return Err(Problem::NotFinite);
            }
            if value < 0.0 {
                return Err(Problem::Negative);
            }
            if value.fract() != 0.0 {
                return Err(Problem::NotWhole);
            }
            // Beyond 2⁵³ a float no longer names one whole number.
            if value >= 9_007_199_254_740_992.0 {
                return Err(out_of_range());
            }
            value as u64
        }
    };
    if (low..=high).contains(&value) { Ok(value) } else { Err(out_of_range()) }
}

/// A value of a [`Named`] type.
fn named<T: Named>(text: &str) -> Result<T, Problem> {
    T::from_name(text.trim()).ok_or_else(|| Problem::UnknownName(T::choices()))
}

/// The hidden layers as a link writes them: `8,8`, or `none`.
pub fn hidden_to_link(hidden: &[usize]) -> String {
    if hidden.is_empty() {
        return "none".into();
    }
    hidden.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(",")
}

/// Neurons per hidden layer, all of them valid, or the first problem.
fn hidden(text: &str) -> Result<Vec<usize>, Problem> {
    let text = text.trim();
    if text.is_empty() || text == "none" {
        return Ok(Vec::new());
    }
    let items: Vec<&str> = text.split(',').collect();
    if items.len() > MAX_HIDDEN_LAYERS {
        return Err(Problem::TooMany { count: items.len(), max: MAX_HIDDEN_LAYERS });
    }
    items
        .into_iter()
        .map(|item| {
            let item_problem = |problem| Problem::Item { item: shorten(item.trim()), problem: Box::new(problem) };
            whole(item, 1, MAX_NEURONS as u64).map(|n| n as usize).map_err(item_problem)
        })
        .collect()
}

fn preset(name: &str) -> Result<String, Problem> {
    let presets = catalog::presets();
    match presets.iter().find(|p| p.name == name.trim()) {
        Some(preset) => Ok(preset.name.clone()),
        None => Err(Problem::UnknownName(presets.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "))),
    }
}

/// A 2-D set opens the playground; another built-in dataset its own run.
fn dataset(name: &str) -> Result<Run, Problem> {
    let name = name.trim();
    if let Some(kind) = DatasetKind::from_name(name) {
        return Ok(Run::Playground(Plane { kind, ..Plane::default() }));
    }
    let datasets = catalog::datasets();
    match datasets.iter().find(|d| d.name == name) {
        Some(dataset) => Ok(Run::Dataset(dataset.name.to_string())),
        None => Err(Problem::UnknownName(datasets.iter().map(|d| d.name).collect::<Vec<_>>().join(", "))),
    }
}

fn spec(text: &str) -> Result<Box<RunSpec>, Problem> {
    let bytes = base64_decode(text.trim()).map_err(escape_problem)?;
    let json = String::from_utf8(bytes).map_err(|_| Problem::NotUtf8)?;
    let run = RunSpec::from_json(&json).map_err(|e| Problem::BadSpec(e.to_string()))?;
    check_shareable(&run).map_err(Problem::BadSpec)?;
    Ok(Box::new(run))
}
