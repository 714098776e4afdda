//! Step, epoch, loss and accuracy as numbers.

use super::language::use_language;
use nnplay_train::Metrics;
use yew::prelude::*;

/// Properties of [`MetricsView`].
#[derive(Properties, PartialEq)]
pub struct MetricsViewProps {
    /// `None` until the first evaluation.
    pub metrics: Option<Metrics>,
}

/// One figure: the text is for people, `data-value` the exact number for tests and tools.
fn figure(id: &'static str, label: &'static str, value: Option<String>, text: String) -> Html {
    html! {
        <>
            <dt>{ label }</dt>
            <dd id={id} data-value={value}>{ text }</dd>
        </>
    }
}

/// The latest evaluation of the model.
#[component]
pub fn MetricsView(props: &MetricsViewProps) -> Html {
    let m = props.metrics.as_ref();
    let language = use_language();
    let number = |get: fn(&Metrics) -> Option<f32>, decimals: usize| {
        let value = m.and_then(get);
        (value.map(|v| v.to_string()), value.map_or("–".to_string(), |v| format!("{v:.decimals$}")))
    };
    let percent = |get: fn(&Metrics) -> Option<f32>| {
        let value = m.and_then(get);
        (value.map(|v| v.to_string()), value.map_or("–".to_string(), |v| format!("{:.1} %", v * 100.0)))
    };
    let (step, step_text) = (m.map(|m| m.step.to_string()), m.map_or("–".to_string(), |m| m.step.to_string()));
    let (epoch, epoch_text) = number(|m| Some(m.epoch), 2);
    let (train_loss, train_loss_text) = number(|m| Some(m.train_loss), 4);
    let (test_loss, test_loss_text) = number(|m| Some(m.test_loss), 4);
    let (train_accuracy, train_accuracy_text) = percent(|m| m.train_accuracy);
    let (test_accuracy, test_accuracy_text) = percent(|m| m.test_accuracy);
    html! {
        <dl class="metrics" aria-live="off">
            { figure("step-count", language.pick("Step", "步数"), step, step_text) }
            { figure("epoch", language.pick("Epoch", "轮次"), epoch, epoch_text) }
            { figure("train-loss", language.pick("Train loss", "训练损失"), train_loss, train_loss_text) }
            { figure("test-loss", language.pick("Test loss", "测试损失"), test_loss, test_loss_text) }
            { figure("train-accuracy", language.pick("Train accuracy", "训练准确率"), train_accuracy, train_accuracy_text) }
            { figure("test-accuracy", language.pick("Test accuracy", "测试准确率"), test_accuracy, test_accuracy_text) }
        </dl>
    }
}
