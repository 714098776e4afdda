//! What an embedded playground tells its host page. Each event is posted as a plain object
//! `{source: "nn-playground", type, ...}`: `type` in kebab-case (`ready`, `step`, `metrics`,
//! `target-reached`, `error`), the other keys in snake_case (`train_loss`), as `embed.js`
//! documents. A number that is NaN or infinite is posted as `null`, since JSON has neither.

use nnplay_train::Metrics;
use serde::Serialize;
use serde_json::Value;

/// The `source` every event carries, so the host tells them from other messages.
pub const MESSAGE_SOURCE: &str = "nn-playground";

/// An event for the host page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum EmbedEvent {
    /// The page has built its first run and takes commands.
    Ready {
        /// The preset shown, if the page opened one.
        preset: Option<String>,
        /// The playground's version (its crate version).
        version: String,
    },
    /// A training step (posted at most a few times a second; see [`super::Throttle`]).
    Step { step: u64, loss: f64 },
    /// An evaluation on the training and test sets; accuracies are `null` for regression.
    Metrics { step: u64, train_loss: f64, test_loss: f64, train_accuracy: Option<f64>, test_accuracy: Option<f64> },
    /// The goal of the URL's `target` (such as `test_loss<=0.2`) was first met at `step`.
    TargetReached { goal: String, step: u64 },
    /// Something went wrong that the host may want to show (a refused command, a run that failed).
    Error { message: String },
}

/// The posted object: the event's keys after `source`.
#[derive(Serialize)]
struct Message<'a> {
    source: &'static str,
    #[serde(flatten)]
    event: &'a EmbedEvent,
}

impl EmbedEvent {
    /// The `ready` event of this version of the playground.
    pub fn ready(preset: Option<&str>) -> EmbedEvent {
        EmbedEvent::Ready { preset: preset.map(str::to_string), version: env!("CARGO_PKG_VERSION").to_string() }
    }

    /// The `metrics` event of an evaluation.
    pub fn metrics(metrics: &Metrics) -> EmbedEvent {
        EmbedEvent::Metrics {
            step: metrics.step,
            train_loss: widen(metrics.train_loss),
            test_loss: widen(metrics.test_loss),
            train_accuracy: metrics.train_accuracy.map(widen),
            test_accuracy: metrics.test_accuracy.map(widen),
        }
    }

    /// Its `type` in the posted message (`target-reached`).
    pub fn type_name(&self) -> &'static str {
        match self {
            EmbedEvent::Ready { .. } => "ready",
            EmbedEvent::Step { .. } => "step",
            EmbedEvent::Metrics { .. } => "metrics",
            EmbedEvent::TargetReached { .. } => "target-reached",
            EmbedEvent::Error { .. } => "error",
        }
    }

    /// The object to post: `{source: "nn-playground", type, ...}`.
    pub fn to_message(&self) -> Value {
        // Serialising plain numbers, strings and options cannot fail.
        serde_json::to_value(Message { source: MESSAGE_SOURCE, event: self }).unwrap_or(Value::Null)
    }

    /// The object to post, as JSON text.
    pub fn to_json(&self) -> String {
        self.to_message().to_string()
    }
}

/// An f32 metric as the f64 of its shortest decimal form, so the host reads 0.6 rather
/// than 0.6000000238418579; NaN and infinities stay as they are (and are posted as null).
pub fn widen(value: f32) -> f64 {
    if value.is_finite() { value.to_string().parse().unwrap_or(f64::from(value)) } else { f64::from(value) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_event_is_an_object_tagged_with_source_and_type() {
        let ready = EmbedEvent::ready(Some("momentum"));
        let version = env!("CARGO_PKG_VERSION");
        assert_eq!(
            ready.to_message(),
            json!({"source": "nn-playground", "type": "ready", "preset": "momentum", "version": version})
        );
        assert_eq!(
            EmbedEvent::ready(None).to_message(),
            json!({"source": "nn-playground", "type": "ready", "preset": null, "version": version})
        );
        assert_eq!(
            EmbedEvent::Step { step: 12, loss: 0.5 }.to_message(),
            json!({"source": "nn-playground", "type": "step", "step": 12, "loss": 0.5})
        );
        assert_eq!(
            EmbedEvent::TargetReached { goal: "test_loss<=0.2".into(), step: 340 }.to_message(),
            json!({"source": "nn-playground", "type": "target-reached", "goal": "test_loss<=0.2", "step": 340})
        );
        assert_eq!(
            EmbedEvent::Error { message: "the loss became NaN".into() }.to_message(),
            json!({"source": "nn-playground", "type": "error", "message": "the loss became NaN"})
        );
    }

    fn metrics() -> Metrics {
        Metrics {
            step: 100,
            epoch: 2.5,
            train_loss: 0.25,
            test_loss: 0.5,
            train_accuracy: Some(0.75),
            test_accuracy: None,
        }
    }

    #[test]
    fn metrics_carry_losses_and_accuracies_in_snake_case() {
        assert_eq!(
            EmbedEvent::metrics(&metrics()).to_message(),
            json!({
                "source": "nn-playground", "type": "metrics", "step": 100,
                "train_loss": 0.25, "test_loss": 0.5, "train_accuracy": 0.75, "test_accuracy": null,
            })
        );
    }

    #[test]
    fn metrics_are_posted_as_their_shortest_decimals() {
        let mut evaluation = metrics();
        evaluation.test_accuracy = Some(0.6);
        evaluation.train_loss = 0.1;
        let message = EmbedEvent::metrics(&evaluation).to_json();
        assert!(message.contains("\"test_accuracy\":0.6,"), "{message}");
        assert!(message.contains("\"train_loss\":0.1,"), "{message}");
        assert_eq!(f64::from(0.6f32), 0.6000000238418579, "without widen the host would read this");
        assert!(widen(f32::NAN).is_nan());
        assert_eq!(widen(f32::INFINITY), f64::INFINITY);
    }

    #[test]
    fn nan_losses_are_posted_as_null() {
        let text = EmbedEvent::Step { step: 3, loss: f64::NAN }.to_json();
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed["loss"], Value::Null, "{text}");
        assert_eq!(parsed["step"], 3);
    }

    #[test]
    fn type_names_match_the_posted_type() {
        let events = [
            EmbedEvent::ready(None),
            EmbedEvent::Step { step: 1, loss: 1.0 },
            EmbedEvent::metrics(&metrics()),
            EmbedEvent::TargetReached { goal: "test_accuracy>=0.9".into(), step: 1 },
            EmbedEvent::Error { message: "x".into() },
        ];
        for event in events {
            assert_eq!(event.to_message()["type"], event.type_name());
        }
    }
}
