//! A long short-term memory layer, `torch.nn.LSTM(batch_first=True)`.

use crate::layers::recurrent::{CellStep, RecurrentConfig, RecurrentStack, RecurrentTrace, gate};
use crate::{Context, Layer, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};

/// Settings of an [`Lstm`] layer.
pub type LstmConfig = RecurrentConfig;

/// An LSTM with PyTorch's gate order i, f, g, o and parameters `{name}.weight_ih_l0`
/// `[4·hidden, features]`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, from zero hidden and
/// cell states:
///
/// `i, f, o = σ(W_i· x + b_i· + W_h· h + b_h·)`, `g = tanh(W_ig x + b_ig + W_hg h + b_hg)`,
/// `c' = f ⊙ c + i ⊙ g`, `h' = o ⊙ tanh(c')`. The output is made of `h`, never `c`.
#[derive(Debug, Clone)]
pub struct Lstm {
    /// Parameters, shapes and the loop over time.
    pub stack: RecurrentStack,
}

impl Lstm {
    /// Adds the parameters for inputs of shape `[time, features]` to `store`, drawn from
    /// U(±1/√hidden) (PyTorch's default) with streams from `stream` on.
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input_shape: &[usize],
        config: LstmConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<Lstm, String> {
        Ok(Lstm { stack: RecurrentStack::new(store, name, "LSTM", input_shape, config, 4, seed, stream, device)? })
    }

    /// `x` of shape `[batch, time, features]` to `[batch, time, hidden]` or `[batch, hidden]`.
    pub fn forward(&self, store: &ParamStore, x: &Tensor) -> Result<Tensor> {
        // The state is [h, c].
        self.stack.forward(store, x, 2, |input, hidden, state| self.cell(input, hidden, state))
    }

    /// Every stacked layer's hidden state over time and its gates `"input"` (i),
    /// `"forget"` (f) and `"output"` (o), for the views that draw them.
    pub fn trace(&self, store: &ParamStore, x: &Tensor) -> Result<Vec<RecurrentTrace>> {
        self.stack.trace(store, x, 2, |input, hidden, state| self.cell(input, hidden, state))
    }

    /// One step from the state `[h, c]`: the gate equations above.
    fn cell(&self, input_gates: &Tensor, hidden_gates: &Tensor, state: &[Tensor]) -> Result<CellStep> {
        let hidden = self.stack.hidden;
        let gates = input_gates.add(hidden_gates)?;
        let input = gate(&gates, 0, hidden)?.sigmoid();
        let forget = gate(&gates, 1, hidden)?.sigmoid();
        let candidate = gate(&gates, 2, hidden)?.tanh();
        let output = gate(&gates, 3, hidden)?.sigmoid();
        let cell = forget.mul(&state[1])?.add(&input.mul(&candidate)?)?;
        let h = output.mul(&cell.tanh())?;
        Ok(CellStep { state: vec![h, cell], gates: vec![("input", input), ("forget", forget), ("output", output)] })
    }
}

impl Layer for Lstm {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        Lstm::forward(self, params, x)
    }
    fn output_shape(&self) -> &[usize] {
        self.stack.output_shape()
    }
    fn flops(&self) -> u64 {
        // Four gate sums and activations, the cell update (three), tanh of the cell and the output product.
        self.stack.flops(13)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{engine_test, testing::assert_close};

    engine_test! {
        async fn one_unit_follows_the_gate_equations_by_hand() {
            let mut store = ParamStore::new();
            let config = LstmConfig { hidden_size: 1, num_layers: 1, return_sequence: true };
            let lstm = Lstm::new(&mut store, "lstm", &[2, 1], config, 1, 0, Device::Cpu).unwrap();
            let set = |store: &mut ParamStore, index: usize, values: [f32; 4]| {
                let shape = store.params()[index].value.dims().to_vec();
                store.set(index, &Tensor::from_vec(values.to_vec(), shape, Device::Cpu).unwrap());
            };
            set(&mut store, 0, [0.5, -0.4, 0.9, 0.2]);
            set(&mut store, 1, [0.3, 0.7, -0.6, 0.8]);
            set(&mut store, 2, [0.1, 0.0, -0.2, 0.4]);
            set(&mut store, 3, [0.0, 0.2, 0.3, -0.1]);
            let x = Tensor::from_vec(vec![1.0, -2.0], [1, 2, 1], Device::Cpu).unwrap();
            let y = lstm.forward(&store, &x).unwrap();
            let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
            let (mut h, mut c) = (0.0f32, 0.0f32);
            let mut expected = Vec::new();
            for x in [1.0f32, -2.0] {
                let i = sigmoid(0.5 * x + 0.1 + 0.3 * h);
                let f = sigmoid(-0.4 * x + 0.7 * h + 0.2);
                let g = (0.9 * x - 0.2 - 0.6 * h + 0.3).tanh();
                let o = sigmoid(0.2 * x + 0.4 + 0.8 * h - 0.1);
                c = f * c + i * g;
                h = o * c.tanh();
                expected.push(h);
            }
            assert_eq!(y.dims(), &[1, 2, 1]);
            assert_close(&y.to_vec().await.unwrap(), &expected, 1e-6, 1e-6);
            // The trace holds the same states, and the forget gate of the first step by hand.
            let traces = lstm.trace(&store, &x).unwrap();
            assert_close(&traces[0].hidden.to_vec().await.unwrap(), &expected, 1e-6, 1e-6);
            let names: Vec<&str> = traces[0].gates.iter().map(|(name, _)| *name).collect();
            assert_eq!(names, vec!["input", "forget", "output"]);
            let forget = traces[0].gates[1].1.to_vec().await.unwrap();
            assert_close(&forget[..1], &[sigmoid(-0.4 + 0.2)], 1e-6, 1e-6);
        }
    }
}
