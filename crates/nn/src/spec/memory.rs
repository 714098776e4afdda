//! How much memory a run will take, estimated from its spec before anything is built
//! (see [`super::footprint`]), and the sentence that refuses a run over a budget.

use super::ModelSpec;
use crate::{OptimizerConfig, OptimizerKind};

/// Bytes of one value: every tensor is f32.
const VALUE_BYTES: u64 = 4;

/// What backward adds to the values the forward pass kept: a gradient of about the same
/// size for each, alive until the tape is done. The tape keeps every intermediate of the
/// step (it holds each op's inputs), so a batch costs its forward values twice over.
pub const BACKWARD_FACTOR: u64 = 2;

/// Most bytes one evaluation pass holds at once: evaluating every training example in one
/// forward pass made a small Transformer peak at 1.2 GiB, so sessions evaluate in slices
/// of [`MemoryEstimate::evaluation_rows`] examples.
pub const EVALUATION_SLICE_BYTES: u64 = 64 * 1024 * 1024;

/// The memory a run needs, in bytes, by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryEstimate {
    /// Parameters and buffers (running statistics, fixed tables).
    pub weights: u64,
    /// One gradient per trainable parameter.
    pub gradients: u64,
    /// The optimizer's state: none for SGD, one copy of the parameters for momentum,
    /// Adagrad and RMSProp (two or three with centring and momentum), two for Adam.
    pub optimizer: u64,
    /// The values one training step keeps for backward, for a batch of `batch_size`, and
    /// their gradients ([`BACKWARD_FACTOR`]).
    pub activations: u64,
    /// Evaluating a slice of the training set in one forward pass without a tape: the
    /// largest layer's values for every example of the slice (0 until [`MemoryEstimate::with_data`]).
    pub evaluation: u64,
    /// The training data: its rows on the host and its tensors.
    pub data: u64,
    /// Examples per step.
    pub batch_size: usize,
    /// Training examples one evaluation pass takes at once.
    pub examples: usize,
    optimizer_kind: OptimizerKind,
    /// Values of the largest layer for one example (what evaluation holds per example).
    largest_layer_values: u64,
}

impl ModelSpec {
    /// The memory this spec needs without its data, from shape inference alone. A layer
    /// that does not fit ends the count there: building allocates the layers before it
    /// and then fails, so the estimate stays an upper bound of what building takes.
    pub fn memory_estimate(&self) -> MemoryEstimate {
        let (layers, _) = self.walk();
        let sum = |of: fn(&super::LayerFootprint) -> u64| layers.iter().map(of).fold(0u64, u64::saturating_add);
        let (params, buffers, values) = (sum(|l| l.params), sum(|l| l.buffers), sum(|l| l.values));
        let bytes = |count: u64| count.saturating_mul(VALUE_BYTES);
        let batch = self.batch_size as u64;
        MemoryEstimate {
            weights: bytes(params.saturating_add(buffers)),
            gradients: bytes(params),
            optimizer: bytes(params.saturating_mul(state_copies(&self.optimizer))),
            activations: bytes(values.saturating_mul(batch).saturating_mul(BACKWARD_FACTOR)),
            evaluation: 0,
            data: 0,
            batch_size: self.batch_size,
            examples: 0,
            optimizer_kind: self.optimizer.kind,
            largest_layer_values: layers.iter().map(|l| l.values).max().unwrap_or(0),
        }
    }
}

/// Copies of the parameters the optimizer keeps.
fn state_copies(optimizer: &OptimizerConfig) -> u64 {
    let flag = |on: bool| on as u64;
    match optimizer.kind {
        OptimizerKind::Sgd => 0,
        OptimizerKind::Momentum => flag(optimizer.momentum > 0.0),
        OptimizerKind::Adagrad => 1,
        OptimizerKind::RmsProp => 1 + flag(optimizer.centered) + flag(optimizer.rmsprop_momentum > 0.0),
        OptimizerKind::Adam | OptimizerKind::AdamW => 2 + flag(optimizer.amsgrad),
    }
}

impl MemoryEstimate {
    /// This estimate with the training data: `examples` rows (evaluated in slices of at
    /// most [`MemoryEstimate::evaluation_rows`]) taking `bytes` in all.
    pub fn with_data(mut self, examples: usize, bytes: u64) -> MemoryEstimate {
        self.examples = examples.min(self.evaluation_rows());
        self.data = bytes;
        let per_example = self.largest_layer_values.saturating_mul(VALUE_BYTES);
        self.evaluation = (self.examples as u64).saturating_mul(per_example);
        self
    }

    /// Examples one evaluation pass may take at once to hold at most
    /// [`EVALUATION_SLICE_BYTES`] (at least one).
    pub fn evaluation_rows(&self) -> usize {
        let per_example = self.largest_layer_values.saturating_mul(VALUE_BYTES).max(1);
        (EVALUATION_SLICE_BYTES / per_example).clamp(1, usize::MAX as u64) as usize
    }

    /// Bytes in all: a training step and an evaluation do not overlap, so the larger counts.
    pub fn total(&self) -> u64 {
        [self.weights, self.gradients, self.optimizer, self.activations.max(self.evaluation), self.data]
            .into_iter()
            .fold(0, u64::saturating_add)
    }

    /// "about 730 MiB (weights 200 MiB, gradients 200 MiB, Adam state 400 MiB, …)": the
    /// total and its parts; parts of nothing are left out.
    pub fn sentence(&self) -> String {
        let mut parts = vec![format!("weights {}", size_text(self.weights))];
        if self.gradients > 0 {
            parts.push(format!("gradients {}", size_text(self.gradients)));
        }
        if self.optimizer > 0 {
            parts.push(format!("{} state {}", optimizer_name(self.optimizer_kind), size_text(self.optimizer)));
        }
        if self.evaluation > self.activations {
            parts.push(format!("evaluating {} examples at once: {}", self.examples, size_text(self.evaluation)));
        } else {
            parts.push(format!("activations for a batch of {}: {}", self.batch_size, size_text(self.activations)));
        }
        if self.data > 0 {
            parts.push(format!("data {}", size_text(self.data)));
        }
        format!("about {} ({})", size_text(self.total()), parts.join(", "))
    }

    /// Refuses an estimate over `limit` bytes with the estimate, its parts and what to
    /// change, largest cause first.
    pub fn check(&self, limit: u64) -> Result<(), String> {
        let total = self.total();
        if total <= limit {
            return Ok(());
        }
        let mut fixes = vec!["fewer or smaller layers"];
        let activations = self.activations.max(self.evaluation);
        if self.activations >= self.evaluation && self.activations >= total / 4 {
            fixes.insert(0, "a smaller batch");
        }
        if self.optimizer >= total / 4 {
            fixes.push(if self.optimizer >= activations { "SGD, which keeps no state" } else { "SGD" });
        }
        let last = fixes.pop().expect("one fix at least");
        let fixes = if fixes.is_empty() { last.to_string() } else { format!("{}, or {last}", fixes.join(", ")) };
        Err(format!("This model needs {}; the limit is {}. Use {fixes}.", self.sentence(), size_text(limit)))
    }
}

fn optimizer_name(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Sgd => "SGD",
        OptimizerKind::Momentum => "momentum",
        OptimizerKind::Adam => "Adam",
        OptimizerKind::AdamW => "AdamW",
        OptimizerKind::Adagrad => "Adagrad",
        OptimizerKind::RmsProp => "RMSProp",
    }
}

/// `730 MiB`, `2.5 MiB`, `12 KiB`, `100 bytes`: whole numbers where the decimal says nothing.
pub fn size_text(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    const MIB: f64 = 1024.0 * 1024.0;
    let value = bytes as f64;
    if value >= 10.0 * MIB {
        format!("{:.0} MiB", value / MIB)
    } else if value >= MIB {
        format!("{:.1} MiB", value / MIB)
    } else if value >= KIB {
        format!("{:.0} KiB", value / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(layers: serde_json::Value, optimizer: &str, batch_size: usize) -> ModelSpec {
        let value = serde_json::json!({
            "input": [256], "layers": layers, "loss": "cross_entropy",
            "optimizer": serde_json::from_str::<serde_json::Value>(optimizer).unwrap(),
            "batch_size": batch_size, "seed": 1
        });
        ModelSpec::from_json(&value.to_string()).unwrap()
    }

    const MIB: u64 = 1024 * 1024;

    #[test]
    fn the_parts_follow_the_parameters_the_optimizer_and_the_batch() {
        let layers = serde_json::json!([{"kind": "dense", "units": 1024}, {"kind": "dense", "units": 10}]);
        let params = 257 * 1024 + 1025 * 10;
        let adam = spec(layers.clone(), r#"{"kind": "adam", "learning_rate": 0.001}"#, 32).memory_estimate();
        assert_eq!(adam.weights, params * 4);
        assert_eq!(adam.gradients, params * 4);
        assert_eq!(adam.optimizer, 2 * params * 4);
        assert_eq!(adam.activations, 32 * (1024 + 10) * 4 * BACKWARD_FACTOR);
        let sgd = spec(layers.clone(), r#"{"kind": "sgd", "learning_rate": 0.1}"#, 64).memory_estimate();
        assert_eq!(sgd.optimizer, 0);
        assert_eq!(sgd.activations, 2 * adam.activations);
        let rmsprop = r#"{"kind": "rmsprop", "learning_rate": 0.01, "centered": true, "rmsprop_momentum": 0.9}"#;
        assert_eq!(spec(layers.clone(), rmsprop, 1).memory_estimate().optimizer, 3 * params * 4);
        let momentum = r#"{"kind": "momentum", "learning_rate": 0.01, "momentum": 0.9}"#;
        assert_eq!(spec(layers.clone(), momentum, 1).memory_estimate().optimizer, params * 4);
        let adagrad = r#"{"kind": "adagrad", "learning_rate": 0.01}"#;
        assert_eq!(spec(layers, adagrad, 1).memory_estimate().optimizer, params * 4);
        let with_data = adam.clone().with_data(1000, 3 * MIB);
        assert_eq!((with_data.examples, with_data.evaluation), (1000, 1000 * 1024 * 4));
        assert_eq!(with_data.total(), adam.total() - adam.activations + with_data.evaluation + 3 * MIB);
    }

    #[test]
    fn an_estimate_over_the_limit_is_refused_with_its_parts_and_the_fixes() {
        let layers = serde_json::json!([{"kind": "dense", "units": 8192}, {"kind": "dense", "units": 8192},
            {"kind": "dense", "units": 10}]);
        let estimate = spec(layers, r#"{"kind": "adam", "learning_rate": 0.001}"#, 64).memory_estimate();
        assert_eq!(estimate.check(u64::MAX), Ok(()));
        let message = estimate.check(512 * MIB).unwrap_err();
        assert_eq!(
            message,
            "This model needs about 1066 MiB (weights 264 MiB, gradients 264 MiB, Adam state 529 MiB, \
             activations for a batch of 64: 8.0 MiB); the limit is 512 MiB. \
             Use fewer or smaller layers, or SGD, which keeps no state."
        );
    }

    #[test]
    fn a_large_batch_is_named_as_the_fix_and_evaluation_is_sliced() {
        let layers = serde_json::json!([{"kind": "dense", "units": 4096}, {"kind": "dense", "units": 2}]);
        let batch = spec(layers.clone(), r#"{"kind": "sgd", "learning_rate": 0.1}"#, 8192).memory_estimate();
        let message = batch.check(64 * MIB).unwrap_err();
        assert!(message.contains("activations for a batch of 8192: 256 MiB"), "{message}");
        assert!(message.ends_with("Use a smaller batch, or fewer or smaller layers."), "{message}");
        let small = spec(layers, r#"{"kind": "sgd", "learning_rate": 0.1}"#, 8).memory_estimate();
        let evaluated = small.with_data(20_000, MIB);
        assert_eq!(evaluated.examples, 4096, "64 MiB of 4098 values an example");
        let message = evaluated.check(16 * MIB).unwrap_err();
        assert!(message.contains("evaluating 4096 examples at once: 64 MiB"), "{message}");
        assert!(message.ends_with("Use fewer or smaller layers."), "{message}");
    }

    #[test]
    fn a_spec_that_does_not_fit_counts_the_layers_before_it() {
        let layers = serde_json::json!([{"kind": "dense", "units": 100}, {"kind": "conv2d", "out_channels": 2,
            "kernel_size": 3}]);
        let estimate = spec(layers, r#"{"kind": "sgd", "learning_rate": 0.1}"#, 1).memory_estimate();
        assert_eq!(estimate.weights, 257 * 100 * 4);
    }

    #[test]
    fn sizes_read_in_the_unit_that_fits() {
        assert_eq!(size_text(730 * MIB), "730 MiB");
        assert_eq!(size_text(5 * MIB / 2), "2.5 MiB");
        assert_eq!(size_text(12 * 1024), "12 KiB");
        assert_eq!(size_text(100), "100 bytes");
    }
}
