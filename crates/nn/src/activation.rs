//! Elementwise activation functions between layers.

use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// An activation function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Relu,
    Tanh,
    Sigmoid,
    /// The identity.
    Linear,
}

impl Activation {
    /// Every activation, in the order the UI lists them.
    pub const ALL: [Activation; 4] = [Activation::Relu, Activation::Tanh, Activation::Sigmoid, Activation::Linear];

    /// Applies the function.
    pub fn apply(self, x: &Tensor) -> Tensor {
        match self {
            Activation::Relu => x.relu(),
            Activation::Tanh => x.tanh(),
            Activation::Sigmoid => x.sigmoid(),
            Activation::Linear => x.clone(),
        }
    }
    /// The name used on the command line and in specs.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }
    /// `torch.nn.init.calculate_gain` for this nonlinearity.
    pub fn gain(self) -> f32 {
        match self {
            Activation::Relu => std::f32::consts::SQRT_2,
            Activation::Tanh => 5.0 / 3.0,
            Activation::Sigmoid | Activation::Linear => 1.0,
        }
    }
}

impl std::str::FromStr for Activation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown activation \"{s}\"; choose one of relu, tanh, sigmoid, linear"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Device, Tensor, engine_test, testing::assert_close};

    engine_test! {
        async fn values_match_the_definitions() {
            let x = Tensor::from_vec(vec![-2.0, -0.5, 0.0, 0.5, 2.0], [5], Device::Cpu).unwrap();
            let get = |a: Activation| a.apply(&x);
            assert_close(&get(Activation::Relu).to_vec().await.unwrap(), &[0.0, 0.0, 0.0, 0.5, 2.0], 0.0, 0.0);
            let tanh: Vec<f32> = [-2.0f32, -0.5, 0.0, 0.5, 2.0].iter().map(|v| v.tanh()).collect();
            assert_close(&get(Activation::Tanh).to_vec().await.unwrap(), &tanh, 1e-6, 1e-7);
            let sigmoid: Vec<f32> = [-2.0f32, -0.5, 0.0, 0.5, 2.0].iter().map(|v| 1.0 / (1.0 + (-v).exp())).collect();
            assert_close(&get(Activation::Sigmoid).to_vec().await.unwrap(), &sigmoid, 1e-6, 1e-7);
            assert_close(&get(Activation::Linear).to_vec().await.unwrap(), &[-2.0, -0.5, 0.0, 0.5, 2.0], 0.0, 0.0);
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            // Points away from ReLU's kink at 0.
            let x = Tensor::from_vec(vec![-1.3, -0.4, 0.3, 0.9, 1.7, 2.2], [2, 3], Device::Cpu).unwrap();
            for activation in Activation::ALL {
                let result = GradCheck::default().check(|v| Ok(activation.apply(&v[0])), std::slice::from_ref(&x)).await;
                assert!(result.is_ok(), "{activation:?}: {result:?}");
            }
        }
    }
}
