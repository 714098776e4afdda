//! A fully connected layer, `torch.nn.Linear`: `y = x·Wᵀ + b`.

use crate::{Context, Init, Layer, ParamId, ParamStore};
use nnplay_tensor::{Device, Result, Tensor};

/// A fully connected layer whose weight has PyTorch's `[out, in]` layout.
#[derive(Debug, Clone)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    pub weight: ParamId,
    pub bias: ParamId,
    /// One example's output: `[outputs]`, or `[.., outputs]` when the input has leading
    /// axes (a sequence), which the layer maps position by position.
    output_shape: Vec<usize>,
}

impl Dense {
    /// Adds the layer's weight (`{name}.weight`) and bias (`{name}.bias`) to `store`,
    /// drawn with `init` from streams `stream` and `stream + 1` of `seed`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        inputs: usize,
        outputs: usize,
        init: Init,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> Dense {
        let weight = store.add(format!("{name}.weight"), init.weight(inputs, outputs, seed, stream, device), true);
        let bias = store.add(format!("{name}.bias"), init.bias(inputs, outputs, seed, stream + 1, device), false);
        Dense { inputs, outputs, weight, bias, output_shape: vec![outputs] }
    }

    /// The same layer applied to inputs of shape `input` (its last axis must be `inputs`).
    pub fn with_input_shape(mut self, input: &[usize]) -> Dense {
        self.output_shape = input[..input.len().saturating_sub(1)].to_vec();
        self.output_shape.push(self.outputs);
        self
    }

    /// `x` of shape `[.., inputs]` to `[.., outputs]`.
    pub fn forward(&self, store: &ParamStore, x: &Tensor) -> Result<Tensor> {
        x.linear(store.get(self.weight), Some(store.get(self.bias)))
    }
}

impl Layer for Dense {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        Dense::forward(self, params, x)
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    fn flops(&self) -> u64 {
        let positions: usize = self.output_shape[..self.output_shape.len() - 1].iter().product();
        (2 * self.inputs * self.outputs * positions) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{engine_test, testing::assert_close};

    engine_test! {
        async fn computes_x_times_w_transposed_plus_b() {
            let mut store = ParamStore::new();
            let layer = Dense::new(&mut store, "fc", 3, 2, Init::PytorchDefault, 1, 0, Device::Cpu);
            store.set(0, &Tensor::from_vec(vec![1.0, 2.0, 3.0, -1.0, 0.5, 0.0], [2, 3], Device::Cpu).unwrap());
            store.set(1, &Tensor::from_vec(vec![0.1, -0.2], [2], Device::Cpu).unwrap());
            let x = Tensor::from_vec(vec![1.0, 1.0, 1.0, 2.0, 0.0, -1.0], [2, 3], Device::Cpu).unwrap();
            let y = layer.forward(&store, &x).unwrap().to_vec().await.unwrap();
            assert_close(&y, &[6.1, -0.7, -0.9, -2.2], 1e-6, 1e-6);
            assert_eq!(store.params()[0].name, "fc.weight");
            assert_eq!(store.params()[1].name, "fc.bias");
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            let mut store = ParamStore::new();
            let layer = Dense::new(&mut store, "fc", 3, 4, Init::PytorchDefault, 7, 0, Device::Cpu);
            let x = Tensor::from_vec((0..6).map(|i| i as f32 * 0.3 - 0.7).collect(), [2, 3], Device::Cpu).unwrap();
            let inputs = [x, store.get(layer.weight).clone(), store.get(layer.bias).clone()];
            let result = GradCheck::default()
                .check(
                    |v| {
                        let mut local = store.clone();
                        local.set(0, &v[1]);
                        local.set(1, &v[2]);
                        layer.forward(&local, &v[0])
                    },
                    &inputs,
                )
                .await;
            assert!(result.is_ok(), "{result:?}");
        }
    }
}
