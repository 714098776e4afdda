//! The goal of an exercise, from the URL's `target` (`test_loss<=0.2`,
//! `test_accuracy>=0.9`): when an evaluation first meets it, the page posts
//! [`super::EmbedEvent::TargetReached`].

use nnplay_train::Metrics;
use std::fmt;

/// A metric compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    pub metric: GoalMetric,
    pub comparison: Comparison,
    pub threshold: f64,
}

/// The metrics a goal may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalMetric {
    TrainLoss,
    TestLoss,
    TrainAccuracy,
    TestAccuracy,
}

/// How the metric must compare with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    AtMost,
    Below,
    AtLeast,
    Above,
}

const METRICS: [(&str, GoalMetric); 4] = [
    ("train_loss", GoalMetric::TrainLoss),
    ("test_loss", GoalMetric::TestLoss),
    ("train_accuracy", GoalMetric::TrainAccuracy),
    ("test_accuracy", GoalMetric::TestAccuracy),
];
// Two-character operators first, so `<=` is not read as `<` followed by `=0.2`.
const COMPARISONS: [(&str, Comparison); 4] =
    [("<=", Comparison::AtMost), (">=", Comparison::AtLeast), ("<", Comparison::Below), (">", Comparison::Above)];
const EXAMPLE: &str = "write it as METRIC<=NUMBER, such as test_loss<=0.2 or test_accuracy>=0.9";

impl Goal {
    /// Reads a goal such as `test_loss<=0.2` (spaces allowed); the error names what is wrong.
    pub fn parse(text: &str) -> Result<Goal, String> {
        const MAX_CHARS: usize = 64;
        if text.chars().count() > MAX_CHARS {
            return Err(format!(
                "the target is {} characters long; at most {MAX_CHARS} are read",
                text.chars().count()
            ));
        }
        let Some((at, operator, comparison)) = COMPARISONS
            .iter()
            .filter_map(|&(operator, comparison)| text.find(operator).map(|at| (at, operator, comparison)))
            .min_by_key(|&(at, operator, _)| (at, usize::MAX - operator.len()))
        else {
            return Err(format!("the target \"{text}\" compares nothing; {EXAMPLE}"));
        };
        let name = text[..at].trim();
        let Some(&(_, metric)) = METRICS.iter().find(|(known, _)| *known == name) else {
            let names = METRICS.map(|(name, _)| name).join(", ");
            return Err(format!("the target names the metric \"{name}\"; use one of {names}"));
        };
        let number = text[at + operator.len()..].trim();
        let threshold = match number.parse::<f64>() {
            Ok(value) if value.is_finite() => value,
            _ => return Err(format!("the target's threshold \"{number}\" is not a number; {EXAMPLE}")),
        };
        let accuracy = matches!(metric, GoalMetric::TrainAccuracy | GoalMetric::TestAccuracy);
        if accuracy && !(0.0..=1.0).contains(&threshold) {
            return Err(format!("the target's accuracy {threshold} is a fraction from 0 to 1 (0.9 is 90 %)"));
        }
        Ok(Goal { metric, comparison, threshold })
    }

    /// Whether an evaluation meets the goal (never for an accuracy the run does not have, or a NaN).
    pub fn reached(&self, metrics: &Metrics) -> bool {
        let value = match self.metric {
            GoalMetric::TrainLoss => Some(metrics.train_loss),
            GoalMetric::TestLoss => Some(metrics.test_loss),
            GoalMetric::TrainAccuracy => metrics.train_accuracy,
            GoalMetric::TestAccuracy => metrics.test_accuracy,
        };
        let Some(value) = value.filter(|v| v.is_finite()) else { return false };
        // Compared in f32, the metrics' precision, so that a loss shown as 0.2 meets `<=0.2`.
        let threshold = self.threshold as f32;
        match self.comparison {
            Comparison::AtMost => value <= threshold,
            Comparison::Below => value < threshold,
            Comparison::AtLeast => value >= threshold,
            Comparison::Above => value > threshold,
        }
    }
}

impl fmt::Display for Goal {
    /// The goal as the URL writes it (`test_loss<=0.2`), for the `target-reached` event.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = METRICS.iter().find(|(_, metric)| *metric == self.metric).map_or("", |(name, _)| name);
        let operator = COMPARISONS.iter().find(|(_, c)| *c == self.comparison).map_or("", |(operator, _)| operator);
        write!(f, "{name}{operator}{}", self.threshold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics(test_loss: f32, test_accuracy: Option<f32>) -> Metrics {
        Metrics { step: 10, epoch: 1.0, train_loss: 0.5, test_loss, train_accuracy: None, test_accuracy }
    }

    #[test]
    fn goals_parse_and_print_as_written() {
        let goal = Goal::parse("test_loss<=0.2").unwrap();
        assert_eq!(goal, Goal { metric: GoalMetric::TestLoss, comparison: Comparison::AtMost, threshold: 0.2 });
        assert_eq!(goal.to_string(), "test_loss<=0.2");
        assert_eq!(Goal::parse(" test_accuracy >= 0.9 ").unwrap().to_string(), "test_accuracy>=0.9");
        assert_eq!(Goal::parse("train_loss<1e-2").unwrap().to_string(), "train_loss<0.01");
        assert_eq!(Goal::parse("train_accuracy>0.5").unwrap().comparison, Comparison::Above);
    }

    #[test]
    fn a_goal_is_reached_by_the_metric_it_names() {
        let goal = Goal::parse("test_loss<=0.2").unwrap();
        assert!(!goal.reached(&metrics(0.3, None)));
        assert!(goal.reached(&metrics(0.2, None)));
        assert!(!Goal::parse("test_loss<0.2").unwrap().reached(&metrics(0.2, None)));
        assert!(!goal.reached(&metrics(f32::NAN, None)));
        let accuracy = Goal::parse("test_accuracy>=0.9").unwrap();
        assert!(accuracy.reached(&metrics(1.0, Some(0.95))));
        assert!(!accuracy.reached(&metrics(1.0, Some(0.85))));
        assert!(!accuracy.reached(&metrics(1.0, None)), "a regression run has no accuracy to reach");
    }

    #[test]
    fn bad_goals_are_named() {
        let error = |text: &str| Goal::parse(text).unwrap_err();
        assert_eq!(
            error("test_loss"),
            "the target \"test_loss\" compares nothing; write it as METRIC<=NUMBER, such as test_loss<=0.2 or test_accuracy>=0.9"
        );
        assert_eq!(
            error("loss<=0.2"),
            "the target names the metric \"loss\"; use one of train_loss, test_loss, train_accuracy, test_accuracy"
        );
        assert!(error("test_loss<=abc").starts_with("the target's threshold \"abc\" is not a number"));
        assert!(error("test_loss<=NaN").starts_with("the target's threshold \"NaN\" is not a number"));
        assert!(error("test_loss<=inf").starts_with("the target's threshold \"inf\" is not a number"));
        assert_eq!(error("test_accuracy>=90"), "the target's accuracy 90 is a fraction from 0 to 1 (0.9 is 90 %)");
        assert_eq!(error(&"x".repeat(65)), "the target is 65 characters long; at most 64 are read");
    }
}
