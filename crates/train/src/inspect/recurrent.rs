//! Recurrent views: the hidden state of every RNN, GRU and LSTM layer over the steps of
//! one sequence, and the gates that decided it (GRU: reset and update; LSTM: input,
//! forget and output).

use super::{Inspectable, input_of, layers, outputs_for, rows};
use crate::TrainError;
use nnplay_nn::LayerSpec;
use nnplay_nn::layers::gru::Gru;
use nnplay_nn::layers::lstm::Lstm;
use nnplay_nn::layers::recurrent::RecurrentTrace;
use nnplay_nn::layers::rnn::Rnn;
use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// One gate over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateTrace {
    /// `"reset"`, `"update"` (GRU); `"input"`, `"forget"`, `"output"` (LSTM).
    pub name: String,
    /// `values[t][unit]`, each in `[0, 1]`.
    pub values: Vec<Vec<f32>>,
}

/// What one recurrent layer (one of its stacked layers) computed over a sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecurrentStates {
    /// Place in the spec (`layers[0]`).
    pub layer: String,
    /// `rnn`, `gru` or `lstm`.
    pub kind: String,
    /// Which of its stacked layers (`num_layers`), 0 at the bottom.
    pub stacked: usize,
    /// `hidden[t][unit]`: the hidden state after step `t`.
    pub hidden: Vec<Vec<f32>>,
    /// The gates in the cell's order; none for a plain RNN.
    pub gates: Vec<GateTrace>,
}

/// The hidden states and gates of every recurrent layer for test example `example`
/// (evaluation mode, one read); empty for a model without recurrent layers.
pub async fn recurrent_states(session: &impl Inspectable, example: usize) -> Result<Vec<RecurrentStates>, TrainError> {
    let core = session.inspected().core;
    let recurrent: Vec<_> = layers(core)
        .into_iter()
        .filter(|l| matches!(l.spec, LayerSpec::Rnn(_) | LayerSpec::Gru(_) | LayerSpec::Lstm(_)))
        .collect();
    if recurrent.is_empty() {
        return Ok(Vec::new());
    }
    let (input, outputs) = outputs_for(core, example)?;
    let params = core.params.detached();
    let mut traced: Vec<(String, &str, Vec<RecurrentTrace>)> = Vec::new();
    for layer in &recurrent {
        let x = input_of(&input, &outputs, layer.index);
        let (shape, device) = (&layer.input, core.train.inputs.device());
        let traces = match layer.spec {
            LayerSpec::Rnn(config) => layer
                .rebuild(core, |store, site| {
                    Rnn::new(store, site.name, shape, *config, site.seed, site.stream, device)
                })?
                .trace(&params, x)?,
            LayerSpec::Gru(config) => layer
                .rebuild(core, |store, site| {
                    Gru::new(store, site.name, shape, *config, site.seed, site.stream, device)
                })?
                .trace(&params, x)?,
            LayerSpec::Lstm(config) => layer
                .rebuild(core, |store, site| {
                    Lstm::new(store, site.name, shape, *config, site.seed, site.stream, device)
                })?
                .trace(&params, x)?,
            _ => continue,
        };
        traced.push((layer.path(), layer.spec.kind(), traces));
    }
    // One read: every hidden state and gate, flattened.
    let mut parts = Vec::new();
    for (_, _, traces) in &traced {
        for trace in traces {
            parts.push(trace.hidden.reshape([trace.hidden.elem_count()])?);
            for (_, gate) in &trace.gates {
                parts.push(gate.reshape([gate.elem_count()])?);
            }
        }
    }
    let values = Tensor::concat(&parts, 0)?.to_vec().await?;
    let mut read = values.as_slice();
    let mut take = |tensor: &Tensor| {
        let (head, rest) = read.split_at(tensor.elem_count());
        read = rest;
        rows(head, *tensor.dims().last().expect("[1, time, hidden]"))
    };
    let mut states = Vec::new();
    for (layer, kind, traces) in &traced {
        for (stacked, trace) in traces.iter().enumerate() {
            let hidden = take(&trace.hidden);
            let gates = trace
                .gates
                .iter()
                .map(|(name, gate)| GateTrace { name: name.to_string(), values: take(gate) })
                .collect();
            states.push(RecurrentStates { layer: layer.clone(), kind: kind.to_string(), stacked, hidden, gates });
        }
    }
    Ok(states)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::testing::session;
    use nnplay_tensor::Device;

    const ADDING: &str = r#"{"kind": "adding", "samples": 40, "length": 6}"#;

    #[test]
    fn a_one_unit_gru_starts_as_a_hand_computation_says() {
        let mut session =
            session("[6, 2]", r#"[{"kind": "gru", "hidden_size": 1}, {"kind": "dense", "units": 1}]"#, "mse", ADDING);
        // weight_ih [3, 2], weight_hh [3, 1], bias_ih [3], bias_hh [3]; gate order r, z, n.
        let values: [&[f32]; 4] =
            [&[0.5, -0.3, -0.4, 0.8, 0.9, 0.2], &[0.3, 0.7, -0.6], &[0.1, 0.0, -0.2], &[0.0, 0.2, 0.3]];
        for (index, values) in values.iter().enumerate() {
            let shape = session.core.params.params()[index].value.dims().to_vec();
            session.core.params.set(index, &Tensor::from_vec(values.to_vec(), shape, Device::Cpu).unwrap());
        }
        let states = pollster::block_on(recurrent_states(&session, 1)).unwrap();
        assert_eq!(states.len(), 1);
        let state = &states[0];
        assert_eq!((state.layer.as_str(), state.kind.as_str(), state.stacked), ("layers[0]", "gru", 0));
        assert_eq!((state.hidden.len(), state.hidden[0].len()), (6, 1));
        let example = pollster::block_on(crate::inspect::test_example(&session, 1)).unwrap();
        let (x0, x1) = (example.input[0], example.input[1]);
        let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
        // From h = 0 at t = 0.
        let r = sigmoid(0.5 * x0 - 0.3 * x1 + 0.1);
        let z = sigmoid(-0.4 * x0 + 0.8 * x1 + 0.2);
        let n = (0.9 * x0 + 0.2 * x1 - 0.2 + r * 0.3).tanh();
        let h = (1.0 - z) * n;
        assert!((state.hidden[0][0] - h).abs() < 1e-6, "{} vs {h}", state.hidden[0][0]);
        let names: Vec<&str> = state.gates.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, vec!["reset", "update"]);
        assert!((state.gates[0].values[0][0] - r).abs() < 1e-6);
        assert!((state.gates[1].values[0][0] - z).abs() < 1e-6);
    }

    #[test]
    fn stacked_lstm_layers_each_show_their_states_and_three_gates() {
        let layers = r#"[{"kind": "lstm", "hidden_size": 3, "num_layers": 2}, {"kind": "dense", "units": 1}]"#;
        let lstm = session("[6, 2]", layers, "mse", ADDING);
        let states = pollster::block_on(recurrent_states(&lstm, 0)).unwrap();
        assert_eq!(states.iter().map(|s| s.stacked).collect::<Vec<_>>(), vec![0, 1]);
        for state in &states {
            assert_eq!((state.hidden.len(), state.hidden[5].len()), (6, 3));
            let names: Vec<&str> = state.gates.iter().map(|g| g.name.as_str()).collect();
            assert_eq!(names, vec!["input", "forget", "output"]);
            assert!(state.gates.iter().flat_map(|g| g.values.iter().flatten()).all(|v| (0.0..=1.0).contains(v)));
        }
        // The top layer's last state is what the dense layer reads.
        let core = &lstm.core;
        let input = core.test.inputs.slice(0, 0, 1).unwrap();
        let each = core.model.forward_each(&core.params, &input, &mut nnplay_nn::Context::eval()).unwrap();
        let last = pollster::block_on(each[0].to_vec()).unwrap();
        assert_eq!(states[1].hidden[5], last);
        let rnn =
            session("[6, 2]", r#"[{"kind": "rnn", "hidden_size": 2}, {"kind": "dense", "units": 1}]"#, "mse", ADDING);
        let states = pollster::block_on(recurrent_states(&rnn, 0)).unwrap();
        assert!(states[0].gates.is_empty());
    }
}
