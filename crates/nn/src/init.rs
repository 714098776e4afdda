//! Weight initialisation exactly as `torch.nn.init` defines it, drawn from the
//! counter-based RNG so every backend starts from the same weights.

use crate::Activation;
use nnplay_tensor::{Device, Distribution, Shape, Tensor};
use serde::{Deserialize, Serialize};

/// How to draw a weight matrix of shape `[fan_out, fan_in]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Init {
    /// `nn.Linear`'s own default: `kaiming_uniform_(a=√5)`, i.e. U(±1/√fan_in).
    PytorchDefault,
    /// `xavier_uniform_`: U(±gain·√(6/(fan_in+fan_out))).
    XavierUniform { gain: f32 },
    /// `xavier_normal_`: N(0, gain·√(2/(fan_in+fan_out))).
    XavierNormal { gain: f32 },
    /// `kaiming_uniform_(nonlinearity='relu')`: U(±√(6/fan_in)).
    HeUniform,
    /// `kaiming_normal_(nonlinearity='relu')`: N(0, √(2/fan_in)).
    HeNormal,
}

impl Init {
    /// He for the ReLU family (for small slopes LeakyReLU's gain √(2/(1+a²)) is ReLU's
    /// √2 to within 0.01 %), Xavier with the activation's gain otherwise.
    pub fn for_activation(activation: Activation) -> Init {
        match activation {
            Activation::Relu | Activation::LeakyRelu { .. } => Init::HeUniform,
            other => Init::XavierUniform { gain: other.gain() },
        }
    }

    /// The distribution for a weight with these fans.
    pub fn distribution(self, fan_in: usize, fan_out: usize) -> Distribution {
        let (fan_in, fan_out) = (fan_in.max(1) as f32, fan_out.max(1) as f32);
        match self {
            Init::PytorchDefault => uniform(1.0 / fan_in.sqrt()),
            Init::XavierUniform { gain } => uniform(gain * (6.0 / (fan_in + fan_out)).sqrt()),
            Init::XavierNormal { gain } => {
                Distribution::Normal { mean: 0.0, std: gain * (2.0 / (fan_in + fan_out)).sqrt() }
            }
            Init::HeUniform => uniform((6.0 / fan_in).sqrt()),
            Init::HeNormal => Distribution::Normal { mean: 0.0, std: (2.0 / fan_in).sqrt() },
        }
    }

    /// A weight tensor of shape `[fan_out, fan_in]` drawn from `(seed, stream)`.
    pub fn weight(self, fan_in: usize, fan_out: usize, seed: u64, stream: u32, device: Device) -> Tensor {
        Tensor::random(self.distribution(fan_in, fan_out), seed, stream, Shape::from([fan_out, fan_in]), device)
    }

    /// The bias that goes with this weight: PyTorch's default draws it from
    /// U(±1/√fan_in); Xavier and He leave it at zero, as is usual with them.
    pub fn bias(self, fan_in: usize, fan_out: usize, seed: u64, stream: u32, device: Device) -> Tensor {
        match self {
            Init::PytorchDefault => Tensor::random(self.distribution(fan_in, fan_out), seed, stream, [fan_out], device),
            _ => Tensor::zeros([fan_out], device),
        }
    }
}

fn uniform(bound: f32) -> Distribution {
    Distribution::Uniform { low: -bound, high: bound }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    async fn spread(init: Init, fan_in: usize, fan_out: usize) -> (f32, f32) {
        let values = init.weight(fan_in, fan_out, 5, 0, Device::Cpu).to_vec().await.unwrap();
        let n = values.len() as f32;
        let mean = values.iter().sum::<f32>() / n;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
        let max = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        (var.sqrt(), max)
    }

    engine_test! {
        async fn bounds_and_spread_follow_torch_nn_init() {
            // fan_in 200, fan_out 100: a uniform bound b has std b/√3.
            let (std, max) = spread(Init::XavierUniform { gain: 1.0 }, 200, 100).await;
            let bound = (6.0f32 / 300.0).sqrt();
            assert!(max <= bound && max > 0.95 * bound, "xavier max {max} bound {bound}");
            assert!((std - bound / 3f32.sqrt()).abs() < 0.03 * bound, "xavier std {std}");

            let (std, max) = spread(Init::HeUniform, 200, 100).await;
            let bound = (6.0f32 / 200.0).sqrt();
            assert!(max <= bound && max > 0.95 * bound, "he max {max}");
            assert!((std - bound / 3f32.sqrt()).abs() < 0.03 * bound, "he std {std}");

            let (std, _) = spread(Init::HeNormal, 200, 100).await;
            assert!((std - (2.0f32 / 200.0).sqrt()).abs() < 0.03 * std, "he normal std {std}");

            let (std, _) = spread(Init::XavierNormal { gain: 5.0 / 3.0 }, 200, 100).await;
            let want = 5.0 / 3.0 * (2.0f32 / 300.0).sqrt();
            assert!((std - want).abs() < 0.03 * want, "xavier normal std {std}");

            let (_, max) = spread(Init::PytorchDefault, 200, 100).await;
            assert!(max <= 1.0 / 200f32.sqrt());
        }
    }

    #[test]
    fn gains_follow_calculate_gain() {
        assert_eq!(Init::for_activation(Activation::Relu), Init::HeUniform);
        assert_eq!(Init::for_activation(Activation::Tanh), Init::XavierUniform { gain: 5.0 / 3.0 });
        assert_eq!(Init::for_activation(Activation::LeakyRelu { negative_slope: 0.01 }), Init::HeUniform);
    }
}
