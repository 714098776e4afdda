//! A multi-layer perceptron: dense layers with one activation between them and a
//! linear output layer (logits or a regression value).

use crate::{Activation, Dense, Init, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};

/// Dense layers `inputs → hidden… → outputs`.
#[derive(Debug, Clone)]
pub struct Mlp {
    pub layers: Vec<Dense>,
    pub activation: Activation,
}

impl Mlp {
    /// Builds the layers, adding their parameters to `store`. Hidden layers use
    /// `Init::for_activation`, the output layer Xavier with gain 1.
    pub fn new(
        store: &mut ParamStore,
        inputs: usize,
        hidden: &[usize],
        outputs: usize,
        activation: Activation,
        seed: u64,
        device: Device,
    ) -> Mlp {
        let mut sizes = vec![inputs];
        sizes.extend_from_slice(hidden);
        sizes.push(outputs);
        let last = sizes.len() - 2;
        let layers = sizes
            .windows(2)
            .enumerate()
            .map(|(i, pair)| {
                let init = if i == last { Init::XavierUniform { gain: 1.0 } } else { Init::for_activation(activation) };
                // Each layer draws from its own pair of RNG streams.
                Dense::new(store, &format!("layers.{i}"), pair[0], pair[1], init, seed, 2 * i as u32, device)
            })
            .collect();
        Mlp { layers, activation }
    }

    /// The output of the last layer (no activation on it).
    pub fn forward(&self, store: &ParamStore, x: &Tensor) -> Result<Tensor> {
        self.forward_all(store, x).map(|mut outputs| outputs.pop().expect("at least one layer"))
    }

    /// The output of every layer, after its activation (the last one without): what
    /// the UI shows as per-neuron maps.
    pub fn forward_all(&self, store: &ParamStore, x: &Tensor) -> Result<Vec<Tensor>> {
        let mut outputs = Vec::with_capacity(self.layers.len());
        let mut h = x.clone();
        for (i, layer) in self.layers.iter().enumerate() {
            h = layer.forward(store, &h)?;
            if i + 1 < self.layers.len() {
                h = self.activation.apply(&h);
            }
            outputs.push(h.clone());
        }
        Ok(outputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    engine_test! {
        async fn shapes_and_parameter_names_follow_the_sizes() {
            let mut store = ParamStore::new();
            let mlp = Mlp::new(&mut store, 2, &[8, 8], 2, Activation::Tanh, 1, Device::Cpu);
            assert_eq!(mlp.layers.len(), 3);
            assert_eq!(store.scalar_count(), 2 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2);
            assert_eq!(store.params()[4].name, "layers.2.weight");
            let x = Tensor::zeros([5, 2], Device::Cpu);
            let outputs = mlp.forward_all(&store, &x).unwrap();
            let shapes: Vec<Vec<usize>> = outputs.iter().map(|t| t.dims().to_vec()).collect();
            assert_eq!(shapes, vec![vec![5, 8], vec![5, 8], vec![5, 2]]);
        }
    }

    engine_test! {
        async fn same_seed_same_weights() {
            let build = |seed| {
                let mut store = ParamStore::new();
                Mlp::new(&mut store, 2, &[4], 1, Activation::Relu, seed, Device::Cpu);
                store
            };
            let a = build(3).params()[0].value.to_vec().await.unwrap();
            let b = build(3).params()[0].value.to_vec().await.unwrap();
            let c = build(4).params()[0].value.to_vec().await.unwrap();
            assert_eq!(a, b);
            assert_ne!(a, c);
        }
    }
}
