//! What the subcommands print for people: a metrics line and the model's layer table.

use nnplay_nn::spec::LayerSummary;
use nnplay_train::Metrics;

/// One line: the step, the losses and, for classes, the accuracies.
pub fn metrics_line(m: &Metrics) -> String {
    let accuracy = |a: Option<f32>| a.map(|a| format!(" ({:.1} %)", a * 100.0)).unwrap_or_default();
    format!(
        "step {}: train loss {:.4}{}, test loss {:.4}{}",
        m.step,
        m.train_loss,
        accuracy(m.train_accuracy),
        m.test_loss,
        accuracy(m.test_accuracy)
    )
}

/// The model's layers with their output shapes, parameters and FLOPs, as a table.
pub fn layer_table(layers: &[LayerSummary]) -> String {
    let mut text =
        format!("{:<12} {:<20} {:<16} {:>10} {:>14}\n", "layer", "kind", "output", "params", "FLOPs/example");
    for layer in layers {
        let shape = format!("{:?}", layer.output_shape);
        text +=
            &format!("{:<12} {:<20} {:<16} {:>10} {:>14}\n", layer.path, layer.kind, shape, layer.params, layer.flops);
    }
    let params: usize = layers.iter().map(|l| l.params).sum();
    let flops: u64 = layers.iter().map(|l| l.flops).sum();
    text + &format!("{:<12} {:<20} {:<16} {:>10} {:>14}\n", "total", "", "", params, flops)
}

/// The metrics as the one JSON line `--json` prints.
pub fn metrics_json(m: &Metrics) -> String {
    serde_json::to_string(m).expect("metrics serialise")
}
