//! A vanilla recurrent layer, `torch.nn.RNN(batch_first=True)`:
//! `h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)` (or ReLU instead of tanh).

use crate::layers::recurrent::{CellStep, RecurrentConfig, RecurrentStack, RecurrentTrace, one_layer};
use crate::{Context, Layer, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};
use serde::{Deserialize, Serialize};

/// The function applied to the new hidden state, `torch.nn.RNN(nonlinearity=..)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RnnNonlinearity {
    #[default]
    Tanh,
    Relu,
}

/// Settings of an [`Rnn`] layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RnnConfig {
    /// Size of the hidden state `h`.
    pub hidden_size: usize,
    /// tanh (PyTorch's default) or relu.
    #[serde(default)]
    pub nonlinearity: RnnNonlinearity,
    /// Layers stacked on top of each other.
    #[serde(default = "one_layer")]
    pub num_layers: usize,
    /// Return every step's hidden state `[batch, time, hidden]`, or only the last `[batch, hidden]`.
    #[serde(default)]
    pub return_sequence: bool,
}

/// A vanilla (Elman) RNN with PyTorch's parameters `{name}.weight_ih_l0` `[hidden, features]`,
/// `weight_hh_l0` `[hidden, hidden]`, `bias_ih_l0`, `bias_hh_l0`, starting from a zero state.
#[derive(Debug, Clone)]
pub struct Rnn {
    /// tanh or relu.
    pub nonlinearity: RnnNonlinearity,
    /// Parameters, shapes and the loop over time.
    pub stack: RecurrentStack,
}

impl Rnn {
    /// Adds the parameters for inputs of shape `[time, features]` to `store`, drawn from
    /// U(±1/√hidden) (PyTorch's default) with streams from `stream` on.
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input_shape: &[usize],
        config: RnnConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<Rnn, String> {
        let recurrent = RecurrentConfig {
            hidden_size: config.hidden_size,
            num_layers: config.num_layers,
            return_sequence: config.return_sequence,
        };
        let stack = RecurrentStack::new(store, name, "RNN", input_shape, recurrent, 1, seed, stream, device)?;
        Ok(Rnn { nonlinearity: config.nonlinearity, stack })
    }

    /// `x` of shape `[batch, time, features]` to `[batch, time, hidden]` or `[batch, hidden]`.
    pub fn forward(&self, store: &ParamStore, x: &Tensor) -> Result<Tensor> {
        self.stack.forward(store, x, 1, |input, hidden, state| self.cell(input, hidden, state))
    }

    /// Every stacked layer's hidden state over time (a plain RNN has no gates).
    pub fn trace(&self, store: &ParamStore, x: &Tensor) -> Result<Vec<RecurrentTrace>> {
        self.stack.trace(store, x, 1, |input, hidden, state| self.cell(input, hidden, state))
    }

    /// One step: the nonlinearity of the two halves' sum.
    fn cell(&self, input_gates: &Tensor, hidden_gates: &Tensor, _state: &[Tensor]) -> Result<CellStep> {
        let pre_activation = input_gates.add(hidden_gates)?;
        let h = match self.nonlinearity {
            RnnNonlinearity::Tanh => pre_activation.tanh(),
            RnnNonlinearity::Relu => pre_activation.relu(),
        };
        Ok(CellStep { state: vec![h], gates: Vec::new() })
    }
}

impl Layer for Rnn {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        Rnn::forward(self, params, x)
    }
    fn output_shape(&self) -> &[usize] {
        self.stack.output_shape()
    }
    fn flops(&self) -> u64 {
        // The sum of the two halves, then the nonlinearity.
        self.stack.flops(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{engine_test, testing::assert_close};

    fn config(hidden_size: usize, return_sequence: bool) -> RnnConfig {
        RnnConfig { hidden_size, nonlinearity: RnnNonlinearity::Tanh, num_layers: 1, return_sequence }
    }

    engine_test! {
        async fn one_unit_follows_the_recurrence_by_hand() {
            let mut store = ParamStore::new();
            let rnn = Rnn::new(&mut store, "rnn", &[2, 1], config(1, true), 1, 0, Device::Cpu).unwrap();
            for (index, value) in [0.5, -1.0, 0.1, 0.2].into_iter().enumerate() {
                store.set(index, &Tensor::full(value, store.params()[index].value.dims().to_vec(), Device::Cpu));
            }
            let x = Tensor::from_vec(vec![1.0, 2.0], [1, 2, 1], Device::Cpu).unwrap();
            let y = rnn.forward(&store, &x).unwrap();
            assert_eq!(y.dims(), &[1, 2, 1]);
            let h1 = (0.5f32 + 0.3).tanh();
            let h2 = (1.0f32 + 0.3 - h1).tanh();
            assert_close(&y.to_vec().await.unwrap(), &[h1, h2], 1e-6, 1e-6);
        }
    }

    engine_test! {
        async fn a_long_sequence_trains_without_overflowing_the_stack() {
            let mut store = ParamStore::new();
            let time = 5000;
            let rnn = Rnn::new(&mut store, "rnn", &[time, 1], config(2, false), 1, 0, Device::Cpu).unwrap();
            let x = Tensor::full(0.1, [1, time, 1], Device::Cpu);
            let y = rnn.forward(&store, &x).unwrap();
            assert_eq!(y.dims(), &[1, 2]);
            let grads = y.sum_all().backward().unwrap();
            let grad = grads.get(store.get(rnn.stack.layers[0].weight_hh)).expect("weight_hh gets a gradient");
            assert!(grad.to_vec().await.unwrap().iter().all(|g| g.is_finite()));
            // Dropping `y` and the gradients frees the 5000-step graph; it must not recurse.
            drop((y, grads));
        }
    }

    engine_test! {
        async fn inputs_of_the_wrong_width_are_refused() {
            let mut store = ParamStore::new();
            let rnn = Rnn::new(&mut store, "rnn", &[4, 3], config(2, true), 1, 0, Device::Cpu).unwrap();
            let error = rnn.forward(&store, &Tensor::zeros([2, 4, 5], Device::Cpu)).unwrap_err().to_string();
            assert!(error.contains("RNN") && error.contains("[batch, time, 3]"), "{error}");
            // A sequence of another length is fine: the loop follows the input.
            assert_eq!(rnn.forward(&store, &Tensor::zeros([2, 6, 3], Device::Cpu)).unwrap().dims(), &[2, 6, 2]);
        }
    }

    #[test]
    fn config_reads_from_json_with_defaults() {
        let config: RnnConfig = serde_json::from_str(r#"{"hidden_size": 4, "nonlinearity": "relu"}"#).unwrap();
        assert_eq!(
            config,
            RnnConfig { hidden_size: 4, nonlinearity: RnnNonlinearity::Relu, num_layers: 1, return_sequence: false }
        );
    }
}
