//! What the recurrent layers (RNN, GRU, LSTM) share: their settings, their parameters in
//! `torch.nn.RNN`'s layout, and the loop over time that stacks layers and returns either
//! the whole sequence or the last hidden state.

use crate::{ParamId, ParamStore};
use nnplay_tensor::{Device, Distribution, Result, Tensor, TensorError};
use serde::{Deserialize, Serialize};

/// Settings of a GRU or LSTM layer (an RNN adds its nonlinearity, see `RnnConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecurrentConfig {
    /// Size of the hidden state `h`.
    pub hidden_size: usize,
    /// Layers stacked on top of each other, as `torch.nn.GRU(num_layers=..)`.
    #[serde(default = "one_layer")]
    pub num_layers: usize,
    /// Return every step's hidden state `[batch, time, hidden]` (to feed another sequence
    /// layer), or only the last one `[batch, hidden]` (to feed a classifier).
    #[serde(default)]
    pub return_sequence: bool,
}

/// The most layers one recurrent layer may stack: each uses four RNG streams, and a
/// layer of a model owns 64.
pub const MAX_LAYERS: usize = 16;

pub(crate) fn one_layer() -> usize {
    1
}

/// The four tensors of one stacked layer, PyTorch's `weight_ih_l{k}`, `weight_hh_l{k}`,
/// `bias_ih_l{k}` and `bias_hh_l{k}`; the weights are `[gates·hidden, in]`.
#[derive(Debug, Clone, Copy)]
pub struct RecurrentWeights {
    /// `weight_ih_l{k}`, `[gates·hidden, in]`.
    pub weight_ih: ParamId,
    /// `weight_hh_l{k}`, `[gates·hidden, hidden]`.
    pub weight_hh: ParamId,
    /// `bias_ih_l{k}`, `[gates·hidden]`.
    pub bias_ih: ParamId,
    /// `bias_hh_l{k}`, `[gates·hidden]`.
    pub bias_hh: ParamId,
}

/// The parameters and shapes of a stack of recurrent layers, and the loop over time;
/// each layer kind supplies only its cell (the gate equations of one step).
#[derive(Debug, Clone)]
pub struct RecurrentStack {
    /// "RNN", "GRU" or "LSTM", for error messages.
    pub kind: &'static str,
    /// Steps of the input sequence.
    pub time: usize,
    /// Features per step of the input.
    pub features: usize,
    /// Size of the hidden state.
    pub hidden: usize,
    /// Gates per hidden unit: 1 (RNN), 3 (GRU), 4 (LSTM).
    pub gates: usize,
    /// Whether the output is every step's hidden state or only the last.
    pub return_sequence: bool,
    /// One entry per stacked layer, bottom first.
    pub layers: Vec<RecurrentWeights>,
    output_shape: Vec<usize>,
}

impl RecurrentStack {
    /// Checks `input_shape` (`[time, features]`) and `config`, and adds every layer's
    /// parameters to `store` drawn from U(±1/√hidden) as PyTorch's default, each tensor
    /// from its own stream `stream + 4·layer + k`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        kind: &'static str,
        input_shape: &[usize],
        config: RecurrentConfig,
        gates: usize,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<RecurrentStack, String> {
        let &[time, features] = input_shape else {
            return Err(format!(
                "{kind} \"{name}\": the input must be a sequence [time, features], not {input_shape:?}; \
                 reshape the data so each example is a list of steps"
            ));
        };
        if time == 0 || features == 0 {
            return Err(format!(
                "{kind} \"{name}\": the input [time, features] = {input_shape:?} is empty; \
                 it needs at least one step of at least one feature"
            ));
        }
        if config.hidden_size == 0 {
            return Err(format!("{kind} \"{name}\": hidden_size is 0; use at least 1"));
        }
        if config.num_layers == 0 || config.num_layers > MAX_LAYERS {
            return Err(format!("{kind} \"{name}\": num_layers is {}; use 1 to {MAX_LAYERS}", config.num_layers));
        }
        let hidden = config.hidden_size;
        let bound = 1.0 / (hidden as f32).sqrt();
        let uniform = Distribution::Uniform { low: -bound, high: bound };
        let mut layers = Vec::with_capacity(config.num_layers);
        for layer in 0..config.num_layers {
            let inputs = if layer == 0 { features } else { hidden };
            let base = stream.wrapping_add(4 * layer as u32);
            let mut add = |suffix: &str, shape: Vec<usize>, k: u32, regularize: bool| {
                let value = Tensor::random(uniform, seed, base.wrapping_add(k), shape, device);
                store.add(format!("{name}.{suffix}_l{layer}"), value, regularize)
            };
            layers.push(RecurrentWeights {
                weight_ih: add("weight_ih", vec![gates * hidden, inputs], 0, true),
                weight_hh: add("weight_hh", vec![gates * hidden, hidden], 1, true),
                bias_ih: add("bias_ih", vec![gates * hidden], 2, false),
                bias_hh: add("bias_hh", vec![gates * hidden], 3, false),
            });
        }
        let output_shape = if config.return_sequence { vec![time, hidden] } else { vec![hidden] };
        Ok(RecurrentStack {
            kind,
            time,
            features,
            hidden,
            gates,
            return_sequence: config.return_sequence,
            layers,
            output_shape,
        })
    }

    /// The shape of one example's output: `[time, hidden]` or `[hidden]`.
    pub fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }

    /// Floating-point operations for one example: the two matrix products and bias adds
    /// of every gate at every step, plus `elementwise_per_unit` operations per hidden unit
    /// and step for the cell's gate arithmetic.
    pub fn flops(&self, elementwise_per_unit: usize) -> u64 {
        let gate_rows = self.gates * self.hidden;
        let per_step: usize = (0..self.layers.len())
            .map(|layer| {
                let inputs = if layer == 0 { self.features } else { self.hidden };
                2 * gate_rows * (inputs + self.hidden) + 2 * gate_rows + elementwise_per_unit * self.hidden
            })
            .sum();
        (self.time * per_step) as u64
    }

    /// Runs `x` (`[batch, time, features]`; the time may differ from the declared one)
    /// through every layer from a zero state.
    ///
    /// `cell(input_gates, hidden_gates, state)` computes one step: `input_gates` is
    /// `x_t·W_ihᵀ + b_ih` and `hidden_gates` is `h·W_hhᵀ + b_hh`, both `[batch, gates·hidden]`;
    /// `state` holds `state_len` tensors `[batch, hidden]`, the hidden state first (an LSTM
    /// adds its cell state). It returns the new state (and the gates it computed, which
    /// only [`RecurrentStack::trace`] keeps).
    pub fn forward(
        &self,
        store: &ParamStore,
        x: &Tensor,
        state_len: usize,
        cell: impl Fn(&Tensor, &Tensor, &[Tensor]) -> Result<CellStep>,
    ) -> Result<Tensor> {
        self.run(store, x, state_len, cell, false).map(|(output, _)| output)
    }

    /// As [`RecurrentStack::forward`], but returns what every stacked layer computed at
    /// every step (bottom layer first): the hidden states and the cell's gates, for the
    /// views that draw them. Slower than `forward`, which keeps none of it.
    pub fn trace(
        &self,
        store: &ParamStore,
        x: &Tensor,
        state_len: usize,
        cell: impl Fn(&Tensor, &Tensor, &[Tensor]) -> Result<CellStep>,
    ) -> Result<Vec<RecurrentTrace>> {
        self.run(store, x, state_len, cell, true).map(|(_, traces)| traces)
    }

    /// The loop behind [`RecurrentStack::forward`] and [`RecurrentStack::trace`]; with
    /// `record`, every layer's hidden states and gates are kept.
    fn run(
        &self,
        store: &ParamStore,
        x: &Tensor,
        state_len: usize,
        cell: impl Fn(&Tensor, &Tensor, &[Tensor]) -> Result<CellStep>,
        record: bool,
    ) -> Result<(Tensor, Vec<RecurrentTrace>)> {
        if x.rank() != 3 || x.dims()[2] != self.features || x.dims()[1] == 0 {
            return Err(TensorError::Invalid {
                op: self.kind,
                shape: x.shape().clone(),
                reason: format!("expects [batch, time, {}] with at least one step", self.features),
            });
        }
        let (batch, time) = (x.dims()[0], x.dims()[1]);
        let gate_width = self.gates * self.hidden;
        let over_time = |steps: &[Tensor]| -> Result<Tensor> {
            let steps: Vec<Tensor> = steps.iter().map(|s| s.reshape([batch, 1, self.hidden])).collect::<Result<_>>()?;
            Tensor::concat(&steps, 1)
        };
        let mut sequence = x.clone();
        let mut last_hidden = None;
        let mut traces = Vec::new();
        for (index, weights) in self.layers.iter().enumerate() {
            let keep_sequence = record || self.return_sequence || index + 1 < self.layers.len();
            // The input side of every step at once: one large product instead of `time` small ones.
            let input_gates = sequence.linear(store.get(weights.weight_ih), Some(store.get(weights.bias_ih)))?;
            let (weight_hh, bias_hh) = (store.get(weights.weight_hh), store.get(weights.bias_hh));
            let mut state = vec![Tensor::zeros([batch, self.hidden], x.device()); state_len];
            let mut steps = Vec::with_capacity(if keep_sequence { time } else { 0 });
            let mut gates: Vec<(&'static str, Vec<Tensor>)> = Vec::new();
            for t in 0..time {
                let step_input = input_gates.slice(1, t, 1)?.reshape([batch, gate_width])?;
                let hidden_gates = state[0].linear(weight_hh, Some(bias_hh))?;
                let step = cell(&step_input, &hidden_gates, &state)?;
                state = step.state;
                if keep_sequence {
                    steps.push(state[0].clone());
                }
                if record {
                    for (k, (name, value)) in step.gates.into_iter().enumerate() {
                        match gates.get_mut(k) {
                            Some((_, values)) => values.push(value),
                            None => gates.push((name, vec![value])),
                        }
                    }
                }
            }
            if keep_sequence {
                sequence = over_time(&steps)?;
            }
            if record {
                let gates =
                    gates.iter().map(|(name, values)| Ok((*name, over_time(values)?))).collect::<Result<_>>()?;
                traces.push(RecurrentTrace { hidden: sequence.clone(), gates });
            }
            last_hidden = state.into_iter().next();
        }
        let output = if self.return_sequence { sequence } else { last_hidden.expect("at least one layer") };
        Ok((output, traces))
    }
}

/// One step of a recurrent cell: the new state (the hidden state first) and the gate
/// activations computed on the way, named, each `[batch, hidden]`.
#[derive(Debug, Clone)]
pub struct CellStep {
    /// The state the next step starts from.
    pub state: Vec<Tensor>,
    /// The gates, in the cell's order (`("update", z)`…); empty for a plain RNN.
    pub gates: Vec<(&'static str, Tensor)>,
}

/// What one stacked layer computed over a whole sequence (see [`RecurrentStack::trace`]).
#[derive(Debug, Clone)]
pub struct RecurrentTrace {
    /// The hidden state after every step, `[batch, time, hidden]`.
    pub hidden: Tensor,
    /// Every gate of the cell by name, `[batch, time, hidden]` each.
    pub gates: Vec<(&'static str, Tensor)>,
}

/// Gate `index` (0-based, in PyTorch's order) of a `[batch, gates·hidden]` tensor.
pub(crate) fn gate(gates: &Tensor, index: usize, hidden: usize) -> Result<Tensor> {
    gates.slice(1, index * hidden, hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    fn config(hidden_size: usize, num_layers: usize) -> RecurrentConfig {
        RecurrentConfig { hidden_size, num_layers, return_sequence: false }
    }

    #[test]
    fn parameters_follow_torch_names_and_shapes() {
        let mut store = ParamStore::new();
        let stack = RecurrentStack::new(&mut store, "gru", "GRU", &[5, 3], config(4, 2), 3, 1, 0, Device::Cpu).unwrap();
        let names: Vec<(&str, Vec<usize>)> =
            store.params().iter().map(|p| (p.name.as_str(), p.value.dims().to_vec())).collect();
        assert_eq!(
            names,
            vec![
                ("gru.weight_ih_l0", vec![12, 3]),
                ("gru.weight_hh_l0", vec![12, 4]),
                ("gru.bias_ih_l0", vec![12]),
                ("gru.bias_hh_l0", vec![12]),
                ("gru.weight_ih_l1", vec![12, 4]),
                ("gru.weight_hh_l1", vec![12, 4]),
                ("gru.bias_ih_l1", vec![12]),
                ("gru.bias_hh_l1", vec![12]),
            ]
        );
        assert_eq!(stack.output_shape(), &[4]);
        assert!(store.params()[0].regularize && !store.params()[2].regularize);
    }

    engine_test! {
        async fn every_tensor_is_drawn_from_plus_minus_one_over_root_hidden() {
            let mut store = ParamStore::new();
            RecurrentStack::new(&mut store, "lstm", "LSTM", &[2, 3], config(16, 1), 4, 1, 0, Device::Cpu).unwrap();
            for param in store.params() {
                let values = param.value.to_vec().await.unwrap();
                let largest = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                assert!(largest <= 0.25 && largest > 0.2, "{}: {largest}", param.name);
            }
            let first = store.params()[0].value.to_vec().await.unwrap();
            let second = store.params()[1].value.to_vec().await.unwrap();
            assert_ne!(first[..16], second[..16], "each tensor draws from its own stream");
        }
    }

    #[test]
    fn bad_settings_are_refused_with_a_fix() {
        let mut store = ParamStore::new();
        let mut build = |shape: &[usize], config| {
            RecurrentStack::new(&mut store, "rnn", "RNN", shape, config, 1, 1, 0, Device::Cpu).unwrap_err()
        };
        assert!(build(&[3], config(4, 1)).contains("must be a sequence [time, features], not [3]"));
        assert!(build(&[0, 3], config(4, 1)).contains("at least one step"));
        assert!(build(&[2, 3], config(0, 1)).contains("hidden_size is 0"));
        assert!(build(&[2, 3], config(4, 0)).contains("num_layers is 0; use 1 to 16"));
        assert!(build(&[2, 3], config(4, 17)).contains("num_layers is 17"));
    }

    #[test]
    fn config_defaults_to_one_layer_and_the_last_state() {
        let config: RecurrentConfig = serde_json::from_str(r#"{"hidden_size": 8}"#).unwrap();
        assert_eq!(config, RecurrentConfig { hidden_size: 8, num_layers: 1, return_sequence: false });
    }
}
