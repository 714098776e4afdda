//! Per-layer statistics of the weights and of the gradient on one training batch: the
//! histograms, the gradient's norm, the share of near-zero weights (what L1 drives to
//! zero) and the ReLU units that never fire.
//!
//! A step's gradients are consumed by the optimizer and not kept, so they are computed
//! here again on one batch at the current weights: the same objective (loss plus L1/L2
//! penalties) and the same dropout masks the next step will use, without updating
//! anything. They are the raw gradients, before any clipping the optimizer applies.

use super::histogram::Histogram;
use super::{Inspectable, LayerInfo, layers};
use crate::TrainError;
use crate::core::Core;
use nnplay_nn::{Activation, Context, LayerSpec};
use nnplay_tensor::{BinaryOp, Tensor};
use serde::{Deserialize, Serialize};

/// Weights whose magnitude is below this count as zero (L1 drives weights there).
pub const NEAR_ZERO: f32 = 1e-3;

/// One trainable tensor of a layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamStats {
    /// PyTorch's name (`layers.0.weight`).
    pub name: String,
    pub shape: Vec<usize>,
    /// The values now.
    pub weights: Histogram,
    /// The gradient on the probe batch.
    pub gradient: Histogram,
    /// The gradient's 2-norm.
    pub gradient_norm: f32,
    /// Share of values with `|w| <` [`NEAR_ZERO`].
    pub near_zero: f32,
}

/// Units of a layer followed by a ReLU (directly or after batch normalisation) that output
/// 0 for every example of the batch (and at every position of a sequence or image): they
/// pass no gradient, so they stay dead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadUnits {
    pub dead: usize,
    /// Units of the layer (features, or channels of a convolution).
    pub units: usize,
}

/// The statistics of one layer with trainable parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerStats {
    /// Place in the spec (`layers[0]`).
    pub layer: String,
    /// The layer's kind (`dense`).
    pub kind: String,
    /// Its trainable tensors (buffers such as running statistics are left out).
    pub params: Vec<ParamStats>,
    /// For a layer whose output goes straight into a ReLU.
    pub dead_units: Option<DeadUnits>,
}

impl LayerStats {
    /// The 2-norm of the layer's whole gradient (all its tensors together), what
    /// [`super::GradientWatch`] follows.
    pub fn gradient_norm(&self) -> f32 {
        self.params.iter().map(|p| p.gradient_norm * p.gradient_norm).sum::<f32>().sqrt()
    }
}

/// Statistics of every layer with trainable parameters, from one forward and backward
/// pass on the probe batch (see [`probe_rows`]) and one read from the device.
pub async fn layer_stats(session: &impl Inspectable) -> Result<Vec<LayerStats>, TrainError> {
    let core = session.inspected().core;
    let (inputs, targets) = core.train.rows(&probe_rows(core))?;
    let mut ctx = Context::train(core.spec.seed, core.steps);
    let outputs = core.model.forward_each(&core.params, &inputs, &mut ctx)?;
    let output = outputs.last().ok_or_else(|| TrainError::Spec("the model has no layers".into()))?;
    let mut objective = core.spec.loss.compute(output, &targets)?;
    if let Some(penalty) = core.spec.regularization.penalty(&core.params)? {
        objective = objective.add(&penalty)?;
    }
    let grads = objective.backward()?;

    // Everything to read, flattened into one tensor: weights, gradients, then ReLU counts.
    let layers: Vec<LayerInfo> = layers(core).into_iter().filter(|l| !trainable(core, l).is_empty()).collect();
    let mut parts = Vec::new();
    for layer in &layers {
        for index in trainable(core, layer) {
            let value = &core.params.params()[index].value;
            let flat = [value.elem_count()];
            let grad = grads.get(value).map(Tensor::detach).unwrap_or_else(|| Tensor::zeros(flat, value.device()));
            parts.push(value.detach().reshape(flat)?);
            parts.push(grad.reshape(flat)?);
        }
        if let Some(relu) = relu_after(core, layer) {
            parts.push(firing(layer.spec, &outputs[relu])?);
        }
    }
    let values = Tensor::concat(&parts, 0)?.to_vec().await?;

    let mut read = values.as_slice();
    let mut take = |n: usize| {
        let (head, rest) = read.split_at(n);
        read = rest;
        head
    };
    let mut stats = Vec::with_capacity(layers.len());
    for layer in &layers {
        let mut params = Vec::new();
        for index in trainable(core, layer) {
            let param = &core.params.params()[index];
            let count = param.value.elem_count();
            let (weights, gradient) = (take(count), take(count));
            params.push(ParamStats {
                name: param.name.clone(),
                shape: param.value.dims().to_vec(),
                weights: Histogram::of(weights),
                gradient: Histogram::of(gradient),
                gradient_norm: gradient.iter().map(|g| g * g).sum::<f32>().sqrt(),
                near_zero: weights.iter().filter(|w| w.abs() < NEAR_ZERO).count() as f32 / count.max(1) as f32,
            });
        }
        let dead_units = relu_after(core, layer).map(|relu| {
            let fired = take(units(layer.spec, outputs[relu].dims()));
            DeadUnits { dead: fired.iter().filter(|&&n| n == 0.0).count(), units: fired.len() }
        });
        stats.push(LayerStats { layer: layer.path(), kind: layer.spec.kind().to_string(), params, dead_units });
    }
    Ok(stats)
}

/// The training rows of the probe batch: a batch of the run's size, spread evenly over
/// the training set so that every part of it (every class, when it is sorted) shows.
pub(crate) fn probe_rows(core: &Core) -> Vec<usize> {
    let len = core.train.len;
    let count = core.spec.batch_size.clamp(1, len.max(1));
    (0..count).map(|k| k * len / count).collect()
}

/// Indices of the trainable tensors of `layer`.
fn trainable(core: &Core, layer: &LayerInfo) -> Vec<usize> {
    layer.params.clone().filter(|&i| core.params.params()[i].trainable).collect()
}

/// The index of the ReLU layer that takes `layer`'s output, directly or after batch
/// normalisation (which keeps the units), if one does.
fn relu_after(core: &Core, layer: &LayerInfo) -> Option<usize> {
    let mut next = layer.index + 1;
    while matches!(core.spec.layers.get(next), Some(LayerSpec::BatchNorm1d(_) | LayerSpec::BatchNorm2d(_))) {
        next += 1;
    }
    matches!(core.spec.layers.get(next), Some(LayerSpec::Activation { function: Activation::Relu })).then_some(next)
}

/// How many values of `output` (`[batch, ..]`, after the ReLU) are positive, per unit of
/// the layer before: channels (axis 1) for a convolution, the last axis otherwise.
fn firing(spec: &LayerSpec, output: &Tensor) -> Result<Tensor, TrainError> {
    let positive = output.detach().with_scalar(BinaryOp::Greater, 0.0);
    let dims = output.dims();
    let units = units(spec, dims);
    let per_unit = if is_conv(spec) {
        let (batch, rest) = (dims[0], dims[2..].iter().product::<usize>());
        positive.reshape([batch, units, rest])?.permute(&[1, 0, 2])?.reshape([units, batch * rest])?.sum_keepdim(1)?
    } else {
        positive.reshape([output.elem_count() / units, units])?.sum_keepdim(0)?
    };
    Ok(per_unit.reshape([units])?)
}

/// Units of a layer whose batch output has shape `dims`.
fn units(spec: &LayerSpec, dims: &[usize]) -> usize {
    if is_conv(spec) { dims[1] } else { *dims.last().expect("outputs have a batch axis") }
}

fn is_conv(spec: &LayerSpec) -> bool {
    matches!(spec, LayerSpec::Conv1d(_) | LayerSpec::Conv2d(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::testing::{XOR, session};
    use nnplay_tensor::Device;

    const MLP: &str = r#"[{"kind": "dense", "units": 8}, {"kind": "activation", "function": "relu"},
                          {"kind": "dense", "units": 2}]"#;

    #[test]
    fn histograms_cover_every_weight_and_near_zero_counts_small_ones() {
        let mut session = session("[2]", MLP, "cross_entropy", XOR);
        for _ in 0..5 {
            session.step().unwrap();
        }
        let stats = pollster::block_on(layer_stats(&session)).unwrap();
        let layers: Vec<(&str, &str)> = stats.iter().map(|l| (l.layer.as_str(), l.kind.as_str())).collect();
        assert_eq!(layers, vec![("layers[0]", "dense"), ("layers[2]", "dense")]);
        let names: Vec<&str> = stats.iter().flat_map(|l| l.params.iter().map(|p| p.name.as_str())).collect();
        assert_eq!(names, vec!["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"]);
        for (param, stats) in session.core.params.params().iter().zip(stats.iter().flat_map(|l| &l.params)) {
            let count = param.value.elem_count() as u32;
            assert_eq!(stats.weights.counts.iter().sum::<u32>(), count, "{}", stats.name);
            assert_eq!(stats.gradient.counts.iter().sum::<u32>(), count, "{}", stats.name);
            let values = pollster::block_on(param.value.to_vec()).unwrap();
            let smallest = values.iter().copied().fold(f32::INFINITY, f32::min);
            assert_eq!(stats.weights.min, smallest);
            let near_zero = values.iter().filter(|v| v.abs() < NEAR_ZERO).count() as f32 / values.len() as f32;
            assert_eq!(stats.near_zero, near_zero);
        }
        assert_eq!(stats[1].dead_units, None, "the output layer feeds no ReLU");
        // A fresh layer's zero biases are all near zero; trained ones have moved.
        assert!(stats[0].params[0].near_zero < 0.5);
    }

    #[test]
    fn gradient_norms_are_those_of_an_explicit_backward_and_nothing_changes() {
        // A batch as large as the training set makes the probe batch the whole set, in order.
        let mut session = session("[2]", MLP, "cross_entropy", XOR);
        session.core.spec.batch_size = 1000;
        session.step().unwrap();
        let before = pollster::block_on(session.core.host_checkpoint()).unwrap();
        let stats = pollster::block_on(layer_stats(&session)).unwrap();
        let after = pollster::block_on(session.core.host_checkpoint()).unwrap();
        assert_eq!(after, before, "weights, optimizer state, step and batch order unchanged");

        let core = &session.core;
        assert_eq!(probe_rows(core), (0..core.train.len).collect::<Vec<_>>());
        let mut ctx = Context::train(core.spec.seed, core.steps);
        let output = core.model.forward(&core.params, &core.train.inputs, &mut ctx).unwrap();
        let grads = core.spec.loss.compute(&output, &core.train.targets).unwrap().backward().unwrap();
        for (param, stats) in core.params.params().iter().zip(stats.iter().flat_map(|l| &l.params)) {
            let grad = pollster::block_on(grads.get(&param.value).unwrap().to_vec()).unwrap();
            let norm = grad.iter().map(|g| g * g).sum::<f32>().sqrt();
            assert!(
                (stats.gradient_norm - norm).abs() <= 1e-6 * norm.max(1.0),
                "{}: {} vs {norm}",
                param.name,
                stats.gradient_norm
            );
            assert!(norm > 0.0, "{} gets a gradient", param.name);
        }
        let layer_norm = (stats[0].params[0].gradient_norm.powi(2) + stats[0].params[1].gradient_norm.powi(2)).sqrt();
        assert_eq!(stats[0].gradient_norm(), layer_norm);
    }

    #[test]
    fn a_layer_with_a_very_negative_bias_is_wholly_dead() {
        let mut session = session("[2]", MLP, "cross_entropy", XOR);
        let stats = pollster::block_on(layer_stats(&session)).unwrap();
        let alive = stats[0].dead_units.unwrap();
        assert_eq!(alive.units, 8);
        assert!(alive.dead < 8, "a fresh layer has live units: {alive:?}");
        session.core.params.set(1, &Tensor::full(-100.0, [8], Device::Cpu));
        let stats = pollster::block_on(layer_stats(&session)).unwrap();
        assert_eq!(stats[0].dead_units, Some(DeadUnits { dead: 8, units: 8 }));
        // Dead units pass no gradient back to their weights.
        assert_eq!(stats[0].params[0].gradient_norm, 0.0);
    }

    #[test]
    fn units_count_through_a_batch_norm_before_the_relu() {
        let layers = r#"[{"kind": "dense", "units": 6}, {"kind": "batch_norm1d"},
                         {"kind": "activation", "function": "relu"}, {"kind": "dense", "units": 2}]"#;
        let mut session = session("[2]", layers, "cross_entropy", XOR);
        let names: Vec<&str> = session.core.params.params().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names[3], "layers.1.bias");
        session.core.params.set(3, &Tensor::full(-100.0, [6], Device::Cpu));
        let stats = pollster::block_on(layer_stats(&session)).unwrap();
        assert_eq!(stats[0].dead_units, Some(DeadUnits { dead: 6, units: 6 }));
        assert_eq!(stats[1].layer, "layers[1]");
        assert_eq!(stats[1].params.len(), 2, "running statistics are buffers, not shown");
        assert_eq!(stats[1].dead_units, Some(DeadUnits { dead: 6, units: 6 }));
    }

    #[test]
    fn dead_channels_of_a_convolution_count_over_every_position() {
        let layers = r#"[{"kind": "conv2d", "out_channels": 3, "kernel_size": 3, "padding": 1},
                         {"kind": "activation", "function": "relu"}, {"kind": "flatten"}, {"kind": "dense", "units": 10}]"#;
        let mut session = session("[1, 8, 8]", layers, "cross_entropy", r#"{"kind": "digits"}"#);
        session.core.params.set(1, &Tensor::from_vec(vec![-100.0, 0.0, 100.0], [3], Device::Cpu).unwrap());
        let stats = pollster::block_on(layer_stats(&session)).unwrap();
        assert_eq!(stats[0].dead_units, Some(DeadUnits { dead: 1, units: 3 }));
    }
}
