//! Course mode: what a teacher's link locks or hides, the goal it sets and the pages
//! allowed to embed it.

use super::error::{Problem, Range};
use super::fields::{Control, Named};
use nnplay_train::Metrics;
use std::collections::BTreeSet;

/// Most origins one link may allow.
pub const MAX_ORIGINS: usize = 8;

/// A teacher's settings for an exercise; the default is no course at all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Course {
    /// Controls shown but not changeable (`lock=`).
    pub lock: BTreeSet<Control>,
    /// Controls not shown (`hide=`).
    pub hide: BTreeSet<Control>,
    /// Whether the explanations are hidden (`text=hide`), for an exercise that asks for them.
    pub hide_text: bool,
    /// The metric to reach (`target=`).
    pub target: Option<Goal>,
    /// The pages allowed to embed the playground and hear its events (`origins=`); none
    /// given means any.
    pub origins: BTreeSet<Origin>,
}

impl Course {
    /// Whether a page at `origin` (as `MessageEvent.origin` gives it) may embed this one.
    pub fn allows_embedding_in(&self, origin: &str) -> bool {
        self.origins.is_empty() || Origin::parse(origin).is_ok_and(|o| self.origins.contains(&o))
    }
}

/// A measured quantity a goal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalMetric {
    TrainLoss,
    TestLoss,
    TrainAccuracy,
    TestAccuracy,
}

// The names presets use for their metrics.
impl Named for GoalMetric {
    const ALL: &'static [Self] =
        &[GoalMetric::TrainLoss, GoalMetric::TestLoss, GoalMetric::TrainAccuracy, GoalMetric::TestAccuracy];
    fn name(self) -> &'static str {
        match self {
            GoalMetric::TrainLoss => "train_loss",
            GoalMetric::TestLoss => "test_loss",
            GoalMetric::TrainAccuracy => "train_accuracy",
            GoalMetric::TestAccuracy => "test_accuracy",
        }
    }
}

impl GoalMetric {
    fn is_accuracy(self) -> bool {
        matches!(self, GoalMetric::TrainAccuracy | GoalMetric::TestAccuracy)
    }

    /// The values a goal on this metric may name: a loss of 0 or more, an accuracy as a
    /// fraction.
    pub fn range(self) -> Range {
        if self.is_accuracy() { Range::closed(0.0, 1.0) } else { Range::closed(0.0, 1e6) }
    }

    /// The metric's value in `metrics`; accuracies are `None` for regression.
    pub fn value(self, metrics: &Metrics) -> Option<f32> {
        match self {
            GoalMetric::TrainLoss => Some(metrics.train_loss),
            GoalMetric::TestLoss => Some(metrics.test_loss),
            GoalMetric::TrainAccuracy => metrics.train_accuracy,
            GoalMetric::TestAccuracy => metrics.test_accuracy,
        }
    }

    fn words(self, zh: bool) -> &'static str {
        match (self, zh) {
            (GoalMetric::TrainLoss, false) => "training loss",
            (GoalMetric::TestLoss, false) => "test loss",
            (GoalMetric::TrainAccuracy, false) => "training accuracy",
            (GoalMetric::TestAccuracy, false) => "test accuracy",
            (GoalMetric::TrainLoss, true) => "训练损失",
            (GoalMetric::TestLoss, true) => "测试损失",
            (GoalMetric::TrainAccuracy, true) => "训练准确率",
            (GoalMetric::TestAccuracy, true) => "测试准确率",
        }
    }
}

/// Which side of the value a goal wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `<=`
    AtMost,
    /// `>=`
    AtLeast,
}

/// A target such as "reach test loss ≤ 0.2", written `test_loss<=0.2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    /// What is measured.
    pub metric: GoalMetric,
    /// Which side of `value` counts.
    pub comparison: Comparison,
    /// The bound: a loss, or an accuracy as a fraction.
    pub value: f32,
}

impl Goal {
    /// Whether `metrics` reach the goal; an accuracy goal on a regression never does.
    pub fn is_met(&self, metrics: &Metrics) -> bool {
        self.metric.value(metrics).is_some_and(|measured| match self.comparison {
            Comparison::AtMost => measured <= self.value,
            Comparison::AtLeast => measured >= self.value,
        })
    }

    /// The goal as a link writes it.
    pub fn to_link(self) -> String {
        let sign = match self.comparison {
            Comparison::AtMost => "<=",
            Comparison::AtLeast => ">=",
        };
        format!("{}{sign}{}", self.metric.name(), self.value)
    }

    /// Reads `metric<=value` or `metric>=value` (`≤` and `≥` too).
    pub fn parse(text: &str) -> Result<Goal, Problem> {
        let signs = [
            ("<=", Comparison::AtMost),
            ("≤", Comparison::AtMost),
            (">=", Comparison::AtLeast),
            ("≥", Comparison::AtLeast),
        ];
        let (metric, comparison, value) = signs
            .iter()
            .find_map(|(sign, comparison)| text.split_once(sign).map(|(m, v)| (m.trim(), *comparison, v)))
            .ok_or(Problem::BadGoal)?;
        let metric = GoalMetric::from_name(metric).ok_or_else(|| Problem::UnknownName(GoalMetric::choices()))?;
        let value = super::parse::number(value, metric.range())?;
        Ok(Goal { metric, comparison, value })
    }

    /// The goal as a sentence for the learner, in Chinese when `zh`.
    pub fn sentence(&self, zh: bool) -> String {
        let value = if self.metric.is_accuracy() { percent(self.value) } else { self.value.to_string() };
        let metric = self.metric.words(zh);
        match (self.comparison, zh) {
            (Comparison::AtMost, false) => format!("Goal: reach a {metric} of {value} or less."),
            (Comparison::AtLeast, false) => format!("Goal: reach a {metric} of {value} or more."),
            (Comparison::AtMost, true) => format!("目标：让{metric}降到 {value} 或更低。"),
            (Comparison::AtLeast, true) => format!("目标：让{metric}达到 {value} 或更高。"),
        }
    }
}

/// A fraction as a percentage with at most two decimals (`0.95` → `95 %`).
fn percent(fraction: f32) -> String {
    let hundredths = (fraction as f64 * 10_000.0).round() / 100.0;
    format!("{hundredths} %")
}

/// A web origin, `scheme://host[:port]`, in the form browsers report it (lower case, no
/// default port).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin(String);

impl Origin {
    /// The origin as browsers write it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads `scheme://host[:port]` as `crate::embed::normalise` does, the one rule for
    /// origins: http or https, no path, user, query or wildcard.
    pub fn parse(text: &str) -> Result<Origin, Problem> {
        crate::embed::normalise(text.trim()).map(Origin).map_err(|_| Problem::BadOrigin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(test_loss: f32, test_accuracy: Option<f32>) -> Metrics {
        Metrics { step: 100, epoch: 1.0, train_loss: 0.1, test_loss, train_accuracy: test_accuracy, test_accuracy }
    }

    #[test]
    fn goals_parse_judge_metrics_and_read_as_sentences() {
        let loss = Goal::parse("test_loss<=0.2").unwrap();
        assert_eq!(loss, Goal { metric: GoalMetric::TestLoss, comparison: Comparison::AtMost, value: 0.2 });
        assert!(loss.is_met(&metrics(0.2, None)));
        assert!(!loss.is_met(&metrics(0.21, None)));
        assert!(!loss.is_met(&metrics(f32::NAN, None)), "a diverged run reaches nothing");
        assert_eq!(loss.sentence(false), "Goal: reach a test loss of 0.2 or less.");
        assert_eq!(loss.sentence(true), "目标：让测试损失降到 0.2 或更低。");
        let accuracy = Goal::parse("test_accuracy≥0.95").unwrap();
        assert_eq!(accuracy.to_link(), "test_accuracy>=0.95");
        assert!(accuracy.is_met(&metrics(1.0, Some(0.96))));
        assert!(!accuracy.is_met(&metrics(1.0, Some(0.9))));
        assert!(!accuracy.is_met(&metrics(0.0, None)), "a regression has no accuracy");
        assert_eq!(accuracy.sentence(false), "Goal: reach a test accuracy of 95 % or more.");
        assert_eq!(accuracy.sentence(true), "目标：让测试准确率达到 95 % 或更高。");
    }

    #[test]
    fn malformed_goals_name_what_is_wrong() {
        assert_eq!(Goal::parse("test_loss<0.2"), Err(Problem::BadGoal));
        assert_eq!(
            Goal::parse("val_loss<=0.2"),
            Err(Problem::UnknownName("train_loss, test_loss, train_accuracy, test_accuracy".into()))
        );
        assert_eq!(Goal::parse("test_accuracy>=95"), Err(Problem::OutOfRange(Range::closed(0.0, 1.0))));
        assert_eq!(Goal::parse("test_loss<=x"), Err(Problem::NotANumber));
    }

    #[test]
    fn origins_take_the_form_browsers_report() {
        let origin = |text: &str| Origin::parse(text).map(|o| o.as_str().to_string());
        assert_eq!(origin(" https://School.Example "), Ok("https://school.example".into()));
        assert_eq!(origin("https://school.example:443"), Ok("https://school.example".into()));
        assert_eq!(origin("https://school.example:8443"), Ok("https://school.example:8443".into()));
        assert_eq!(origin("http://localhost:8080"), Ok("http://localhost:8080".into()));
        assert_eq!(origin("http://school.example"), Ok("http://school.example".into()));
        for bad in [
            "https://school.example/",
            "https://school.example/course",
            "https://*.example",
            "https://user@school.example",
            "https://school.example:0",
            "https://school.example:99999",
            "school.example",
            "https://",
            "javascript://x",
            "*",
            "null",
        ] {
            assert_eq!(origin(bad), Err(Problem::BadOrigin), "{bad}");
        }
        let course = Course { origins: [Origin::parse("https://a.example").unwrap()].into(), ..Course::default() };
        assert!(course.allows_embedding_in("https://a.example"));
        assert!(!course.allows_embedding_in("https://b.example"));
        assert!(Course::default().allows_embedding_in("https://b.example"), "no list: any page");
    }
}
