//! Presets: one ready run per concept a course teaches (an optimizer, a regularizer, a
//! model family), each with an explanation in English and Chinese and the outcome it
//! documents, which [`measure`] checks. A preset is one JSON file in this folder:
//!
//! - `name`, `title`, `summary`, `explanation`, `expected` (texts in `en` and `zh`);
//! - `run`: a run file (model spec + `"data"`);
//! - `variants` (optional): runs compared side by side from the same initial weights,
//!   each a `label` and `changes` merged into `run` (objects merge, other values replace);
//! - `check`: `steps` to train and `conditions` on the metrics at the end (see [`Condition`]).

use crate::{Metrics, RunSpec, SpecSession, TrainError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The preset files, in the order the gallery shows them.
const FILES: [&str; 16] = [
    include_str!("mlp_2d.json"),
    include_str!("sgd_vs_minibatch.json"),
    include_str!("momentum.json"),
    include_str!("adaptive.json"),
    include_str!("optimizer_race.json"),
    include_str!("l1_sparse.json"),
    include_str!("l2_smooth.json"),
    include_str!("dropout_overfit.json"),
    include_str!("cnn_digits.json"),
    include_str!("cnn_shapes.json"),
    include_str!("gru_sequences.json"),
    include_str!("lstm_sequences.json"),
    include_str!("spoken_digits.json"),
    include_str!("tones.json"),
    include_str!("transformer_en.json"),
    include_str!("transformer_zh.json"),
];

/// A text in the two languages of the UI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

/// One preset (see the module documentation for the file format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    /// The name on the command line and in URLs (`momentum`).
    pub name: String,
    pub title: Text,
    /// One line for the gallery card.
    pub summary: Text,
    /// A paragraph: what to look at and why it happens.
    pub explanation: Text,
    /// The documented outcome, in words ("test accuracy ≥ 95 % within 30 s").
    pub expected: Text,
    run: Value,
    #[serde(default)]
    variants: Vec<Variant>,
    pub check: Check,
}

/// A run compared with the others of its preset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub label: String,
    changes: Value,
}

/// What [`measure`] trains and checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Steps each run trains for.
    pub steps: u64,
    pub conditions: Vec<Condition>,
    /// A shorter run with weaker conditions for the test suite, where the documented run
    /// takes minutes (the Transformer language models).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortened: Option<Box<Check>>,
}

/// A measured quantity of a trained run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    TrainLoss,
    TestLoss,
    TrainAccuracy,
    TestAccuracy,
    /// Test loss minus training loss: how much the model overfits.
    OverfitGap,
    /// The 2-norm of every parameter named `*.weight` together.
    WeightNorm,
    /// The fraction of the values of `parameter` whose magnitude is below `below`.
    NearZeroWeights,
}

impl Metric {
    /// The metric in words.
    pub fn words(self) -> &'static str {
        match self {
            Metric::TrainLoss => "training loss",
            Metric::TestLoss => "test loss",
            Metric::TrainAccuracy => "training accuracy",
            Metric::TestAccuracy => "test accuracy",
            Metric::OverfitGap => "overfit gap (test − training loss)",
            Metric::WeightNorm => "weight norm",
            Metric::NearZeroWeights => "share of near-zero weights",
        }
    }
    /// Whether a smaller value is the better one.
    fn lower_is_better(self) -> bool {
        !matches!(self, Metric::TrainAccuracy | Metric::TestAccuracy | Metric::NearZeroWeights)
    }
}

/// A documented outcome: a bound on one run's metric, or one run beating another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Condition {
    /// `metric` of the run `variant` (the first run when absent) is at least/at most a value.
    Bound {
        metric: Metric,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variant: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_least: Option<f32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_most: Option<f32>,
        /// For [`Metric::NearZeroWeights`]: which parameter and the magnitude threshold.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parameter: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        below: Option<f32>,
    },
    /// Run `better` ends with a better `compare` metric than run `than` (by `factor`: a
    /// loss at most `factor` times the other's; 1 when absent).
    Beats {
        compare: Metric,
        better: String,
        than: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        factor: Option<f32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parameter: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        below: Option<f32>,
    },
}

/// Every preset, parsed from the files compiled in.
pub fn all() -> Vec<Preset> {
    FILES.iter().map(|text| parse(text).expect("the built-in presets parse (tested)")).collect()
}

/// Reads a preset file.
pub fn parse(text: &str) -> Result<Preset, TrainError> {
    serde_json::from_str(text).map_err(|e| TrainError::Spec(format!("preset: {e}")))
}

/// The preset called `name`, or an error listing the names there are.
pub fn find(name: &str) -> Result<Preset, TrainError> {
    all().into_iter().find(|p| p.name == name).ok_or_else(|| {
        let names: Vec<String> = all().into_iter().map(|p| p.name).collect();
        TrainError::Spec(format!("no preset called \"{name}\"; the presets are {}", names.join(", ")))
    })
}

impl Preset {
    /// The runs of the preset with their labels: the run itself, or one per variant.
    pub fn runs(&self) -> Result<Vec<(String, RunSpec)>, TrainError> {
        if self.variants.is_empty() {
            return Ok(vec![(self.title.en.clone(), RunSpec::from_json(&self.run.to_string())?)]);
        }
        self.variants
            .iter()
            .map(|variant| {
                let mut run = self.run.clone();
                merge(&mut run, &variant.changes);
                let spec = RunSpec::from_json(&run.to_string())
                    .map_err(|e| TrainError::Spec(format!("preset {} run {}: {e}", self.name, variant.label)))?;
                Ok((variant.label.clone(), spec))
            })
            .collect()
    }
    /// The first run: what the app loads when the preset is opened.
    pub fn run(&self) -> Result<RunSpec, TrainError> {
        Ok(self.runs()?.remove(0).1)
    }
}

/// Merges `changes` into `base`: objects key by key, anything else replaced.
fn merge(base: &mut Value, changes: &Value) {
    match (base, changes) {
        (Value::Object(base), Value::Object(changes)) => {
            for (key, value) in changes {
                merge(base.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (base, changes) => *base = changes.clone(),
    }
}

/// One run of a preset after its steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOutcome {
    pub label: String,
    pub metrics: Metrics,
    pub weight_norm: f32,
}

/// A condition with the values it was judged on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged {
    /// The condition in words, with the measured values.
    pub description: String,
    pub holds: bool,
}

/// What [`measure`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub runs: Vec<RunOutcome>,
    pub conditions: Vec<Judged>,
}

impl Outcome {
    /// Whether every documented condition holds.
    pub fn holds(&self) -> bool {
        self.conditions.iter().all(|c| c.holds)
    }
}

/// Trains every run of `preset` for `check`'s steps (from the same seed, so the same
/// initial weights) and judges its conditions; `check` is the preset's own or its
/// shortened one.
pub async fn measure(preset: &Preset, check: &Check) -> Result<Outcome, TrainError> {
    let mut sessions = Vec::new();
    for (label, run) in preset.runs()? {
        let mut session = SpecSession::new(run)?;
        for _ in 0..check.steps {
            session.step()?;
        }
        sessions.push((label, session));
    }
    let mut runs = Vec::new();
    for (label, session) in &sessions {
        let metrics = session.metrics().await?;
        let weight_norm = weight_norm(session).await?;
        runs.push(RunOutcome { label: label.clone(), metrics, weight_norm });
    }
    let mut conditions = Vec::new();
    for condition in &check.conditions {
        conditions.push(judge(condition, &sessions, &runs).await?);
    }
    Ok(Outcome { runs, conditions })
}

async fn weight_norm(session: &SpecSession) -> Result<f32, TrainError> {
    let mut squares = 0.0f64;
    for (name, values) in session.parameters().await? {
        if name.ends_with(".weight") {
            squares += values.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>();
        }
    }
    Ok(squares.sqrt() as f32)
}

/// The value of `metric` for the run `label`.
async fn value(
    metric: Metric,
    label: &str,
    parameter: Option<&str>,
    below: Option<f32>,
    sessions: &[(String, SpecSession)],
    runs: &[RunOutcome],
) -> Result<f32, TrainError> {
    let missing = |what: &str| TrainError::Spec(format!("preset condition: {what}"));
    let index = runs.iter().position(|r| r.label == label).ok_or_else(|| missing(&format!("no run `{label}`")))?;
    let m = &runs[index].metrics;
    let accuracy = |a: Option<f32>| a.ok_or_else(|| missing("accuracy of a regression"));
    Ok(match metric {
        Metric::TrainLoss => m.train_loss,
        Metric::TestLoss => m.test_loss,
        Metric::TrainAccuracy => accuracy(m.train_accuracy)?,
        Metric::TestAccuracy => accuracy(m.test_accuracy)?,
        Metric::OverfitGap => m.test_loss - m.train_loss,
        Metric::WeightNorm => runs[index].weight_norm,
        Metric::NearZeroWeights => {
            let name = parameter.ok_or_else(|| missing("near_zero_weights needs `parameter`"))?;
            let below = below.ok_or_else(|| missing("near_zero_weights needs `below`"))?;
            let parameters = sessions[index].1.parameters().await?;
            let (_, values) =
                parameters.iter().find(|(n, _)| n == name).ok_or_else(|| missing(&format!("no parameter `{name}`")))?;
            values.iter().filter(|v| v.abs() < below).count() as f32 / values.len().max(1) as f32
        }
    })
}

async fn judge(
    condition: &Condition,
    sessions: &[(String, SpecSession)],
    runs: &[RunOutcome],
) -> Result<Judged, TrainError> {
    Ok(match condition {
        Condition::Bound { metric, variant, at_least, at_most, parameter, below } => {
            let label = variant.clone().unwrap_or_else(|| runs[0].label.clone());
            let v = value(*metric, &label, parameter.as_deref(), *below, sessions, runs).await?;
            let holds = at_least.is_none_or(|low| v >= low) && at_most.is_none_or(|high| v <= high);
            let bound = match (at_least, at_most) {
                (Some(low), Some(high)) => format!("between {low} and {high}"),
                (Some(low), None) => format!("≥ {low}"),
                (None, Some(high)) => format!("≤ {high}"),
                (None, None) => "anything".into(),
            };
            Judged { description: format!("{label}: {} = {v:.4} (expected {bound})", metric.words()), holds }
        }
        Condition::Beats { compare, better, than, factor, parameter, below } => {
            let a = value(*compare, better, parameter.as_deref(), *below, sessions, runs).await?;
            let b = value(*compare, than, parameter.as_deref(), *below, sessions, runs).await?;
            let factor = factor.unwrap_or(1.0);
            let holds = if compare.lower_is_better() { a < b * factor } else { a > b * factor };
            let relation = if compare.lower_is_better() { "<" } else { ">" };
            Judged {
                description: format!(
                    "{}: {better} {a:.4} {relation} {than} {b:.4}{}",
                    compare.words(),
                    if factor == 1.0 { String::new() } else { format!(" × {factor}") }
                ),
                holds,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_builds_and_has_both_languages() {
        let presets = all();
        let mut names: Vec<&str> = presets.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), presets.len(), "preset names are unique");
        for preset in &presets {
            for text in [&preset.title, &preset.summary, &preset.explanation, &preset.expected] {
                assert!(!text.en.trim().is_empty() && !text.zh.trim().is_empty(), "{}", preset.name);
            }
            assert!(!preset.check.conditions.is_empty(), "{} documents an outcome", preset.name);
            for (label, run) in preset.runs().unwrap() {
                SpecSession::new(run).unwrap_or_else(|e| panic!("{} {label}: {e}", preset.name));
            }
        }
    }

    #[test]
    fn variants_merge_objects_and_replace_values() {
        let mut base = serde_json::json!({"optimizer": {"kind": "sgd", "learning_rate": 0.1}, "batch_size": 8});
        merge(&mut base, &serde_json::json!({"optimizer": {"kind": "adam"}, "batch_size": 32}));
        assert_eq!(base, serde_json::json!({"optimizer": {"kind": "adam", "learning_rate": 0.1}, "batch_size": 32}));
    }

    #[test]
    fn an_unknown_preset_lists_the_names() {
        let err = find("nope").unwrap_err().to_string();
        assert!(err.starts_with("no preset called \"nope\"; the presets are"), "{err}");
    }
}
