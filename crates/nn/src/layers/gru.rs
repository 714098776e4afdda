//! A gated recurrent unit layer, `torch.nn.GRU(batch_first=True)`.

use crate::layers::recurrent::{CellStep, RecurrentConfig, RecurrentStack, RecurrentTrace, gate};
use crate::{Context, Layer, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};

/// Settings of a [`Gru`] layer.
pub type GruConfig = RecurrentConfig;

/// A GRU with PyTorch's gate order r, z, n and parameters `{name}.weight_ih_l0`
/// `[3·hidden, features]`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, from a zero state:
///
/// `r = σ(W_ir x + b_ir + W_hr h + b_hr)`, `z = σ(W_iz x + b_iz + W_hz h + b_hz)`,
/// `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 − z) ⊙ n + z ⊙ h`.
#[derive(Debug, Clone)]
pub struct Gru {
    /// Parameters, shapes and the loop over time.
    pub stack: RecurrentStack,
}

impl Gru {
    /// Adds the parameters for inputs of shape `[time, features]` to `store`, drawn from
    /// U(±1/√hidden) (PyTorch's default) with streams from `stream` on.
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input_shape: &[usize],
        config: GruConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<Gru, String> {
        Ok(Gru { stack: RecurrentStack::new(store, name, "GRU", input_shape, config, 3, seed, stream, device)? })
    }

    /// `x` of shape `[batch, time, features]` to `[batch, time, hidden]` or `[batch, hidden]`.
    pub fn forward(&self, store: &ParamStore, x: &Tensor) -> Result<Tensor> {
        self.stack.forward(store, x, 1, |input, hidden, state| self.cell(input, hidden, state))
    }

    /// Every stacked layer's hidden state over time and its gates `"reset"` (r) and
    /// `"update"` (z), for the views that draw them.
    pub fn trace(&self, store: &ParamStore, x: &Tensor) -> Result<Vec<RecurrentTrace>> {
        self.stack.trace(store, x, 1, |input, hidden, state| self.cell(input, hidden, state))
    }

    /// One step: the gate equations above.
    fn cell(&self, input_gates: &Tensor, hidden_gates: &Tensor, state: &[Tensor]) -> Result<CellStep> {
        let hidden = self.stack.hidden;
        let input_gate = |i| gate(input_gates, i, hidden);
        let hidden_gate = |i| gate(hidden_gates, i, hidden);
        let reset = input_gate(0)?.add(&hidden_gate(0)?)?.sigmoid();
        let update = input_gate(1)?.add(&hidden_gate(1)?)?.sigmoid();
        // The reset gate scales the hidden side only, bias included, as PyTorch does.
        let candidate = input_gate(2)?.add(&reset.mul(&hidden_gate(2)?)?)?.tanh();
        // (1 − z)·n + z·h, written as n + z·(h − n).
        let h = candidate.add(&update.mul(&state[0].sub(&candidate)?)?)?;
        Ok(CellStep { state: vec![h], gates: vec![("reset", reset), ("update", update)] })
    }
}

impl Layer for Gru {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        Gru::forward(self, params, x)
    }
    fn output_shape(&self) -> &[usize] {
        self.stack.output_shape()
    }
    fn flops(&self) -> u64 {
        // Three gate sums and activations, the reset product and add, the blend (three ops).
        self.stack.flops(11)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{engine_test, testing::assert_close};

    engine_test! {
        async fn one_unit_follows_the_gate_equations_by_hand() {
            let mut store = ParamStore::new();
            let config = GruConfig { hidden_size: 1, num_layers: 1, return_sequence: false };
            let gru = Gru::new(&mut store, "gru", &[2, 1], config, 1, 0, Device::Cpu).unwrap();
            let set = |store: &mut ParamStore, index: usize, values: [f32; 3]| {
                let shape = store.params()[index].value.dims().to_vec();
                store.set(index, &Tensor::from_vec(values.to_vec(), shape, Device::Cpu).unwrap());
            };
            set(&mut store, 0, [0.5, -0.4, 0.9]);
            set(&mut store, 1, [0.3, 0.7, -0.6]);
            set(&mut store, 2, [0.1, 0.0, -0.2]);
            set(&mut store, 3, [0.0, 0.2, 0.3]);
            let x = Tensor::from_vec(vec![1.0, -2.0], [1, 2, 1], Device::Cpu).unwrap();
            let y = gru.forward(&store, &x).unwrap();
            let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
            let mut h = 0.0f32;
            for x in [1.0f32, -2.0] {
                let r = sigmoid(0.5 * x + 0.1 + 0.3 * h);
                let z = sigmoid(-0.4 * x + 0.7 * h + 0.2);
                let n = (0.9 * x - 0.2 + r * (-0.6 * h + 0.3)).tanh();
                h = (1.0 - z) * n + z * h;
            }
            assert_eq!(y.dims(), &[1, 1]);
            assert_close(&y.to_vec().await.unwrap(), &[h], 1e-6, 1e-6);
        }
    }

    engine_test! {
        async fn the_trace_holds_every_hidden_state_and_the_gates_by_hand() {
            let mut store = ParamStore::new();
            let config = GruConfig { hidden_size: 1, num_layers: 1, return_sequence: false };
            let gru = Gru::new(&mut store, "gru", &[2, 1], config, 1, 0, Device::Cpu).unwrap();
            for (index, values) in [[0.5, -0.4, 0.9], [0.3, 0.7, -0.6], [0.1, 0.0, -0.2], [0.0, 0.2, 0.3]].into_iter().enumerate() {
                let shape = store.params()[index].value.dims().to_vec();
                store.set(index, &Tensor::from_vec(values.to_vec(), shape, Device::Cpu).unwrap());
            }
            let x = Tensor::from_vec(vec![1.0, -2.0], [1, 2, 1], Device::Cpu).unwrap();
            let traces = gru.trace(&store, &x).unwrap();
            assert_eq!(traces.len(), 1);
            let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
            let (mut h, mut hidden, mut resets, mut updates) = (0.0f32, Vec::new(), Vec::new(), Vec::new());
            for x in [1.0f32, -2.0] {
                let r = sigmoid(0.5 * x + 0.1 + 0.3 * h);
                let z = sigmoid(-0.4 * x + 0.7 * h + 0.2);
                let n = (0.9 * x - 0.2 + r * (-0.6 * h + 0.3)).tanh();
                h = (1.0 - z) * n + z * h;
                hidden.push(h);
                resets.push(r);
                updates.push(z);
            }
            let trace = &traces[0];
            assert_eq!(trace.hidden.dims(), &[1, 2, 1]);
            assert_close(&trace.hidden.to_vec().await.unwrap(), &hidden, 1e-6, 1e-6);
            let names: Vec<&str> = trace.gates.iter().map(|(name, _)| *name).collect();
            assert_eq!(names, vec!["reset", "update"]);
            assert_close(&trace.gates[0].1.to_vec().await.unwrap(), &resets, 1e-6, 1e-6);
            assert_close(&trace.gates[1].1.to_vec().await.unwrap(), &updates, 1e-6, 1e-6);
            // The last hidden state of the trace is what forward returns.
            let last = trace.hidden.to_vec().await.unwrap()[1];
            assert_eq!(gru.forward(&store, &x).unwrap().to_vec().await.unwrap(), vec![last]);
        }
    }
}
