//! Elementwise activation functions between layers, with PyTorch's definitions and
//! defaults, built from tensor ops so every backend runs them and autodiff differentiates them.

use nnplay_tensor::{BinaryOp, Result, Tensor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `torch.nn.LeakyReLU`'s default `negative_slope`.
pub const DEFAULT_NEGATIVE_SLOPE: f32 = 0.01;
/// `torch.nn.ELU`'s default `alpha`.
pub const DEFAULT_ELU_ALPHA: f32 = 1.0;

/// An activation function, as `torch.nn` defines it.
///
/// JSON (serde, externally tagged, snake_case): a plain name for any activation, which takes
/// PyTorch's default parameters (`"relu"`, `"leaky_relu"`), or a one-key object mapping the name
/// to its parameters, where a parameter left out takes PyTorch's default
/// (`{"leaky_relu": {"negative_slope": 0.2}}`, `{"elu": {"alpha": 0.5}}`, `{"elu": {}}`).
/// Serialising writes the plain name for activations without parameters and the object form
/// for the others.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", remote = "Self", deny_unknown_fields)]
pub enum Activation {
    /// `max(x, 0)`.
    Relu,
    /// `x` where `x > 0`, else `negative_slope · x` (`torch.nn.LeakyReLU`).
    LeakyRelu {
        /// Slope for negative inputs.
        #[serde(default = "default_negative_slope")]
        negative_slope: f32,
    },
    /// `x` where `x > 0`, else `alpha · (eˣ − 1)` (`torch.nn.ELU`).
    Elu {
        /// Value approached as `x → −∞` is `−alpha`.
        #[serde(default = "default_elu_alpha")]
        alpha: f32,
    },
    /// The exact GELU, `0.5 · x · (1 + erf(x / √2))` (`torch.nn.GELU()`, `approximate='none'`).
    Gelu,
    /// `x · sigmoid(x)` (`torch.nn.SiLU`, also called swish).
    Silu,
    /// The hyperbolic tangent.
    Tanh,
    /// `1 / (1 + e⁻ˣ)`.
    Sigmoid,
    /// Softmax over the last axis (`torch.nn.Softmax(dim=-1)`).
    Softmax,
    /// The identity.
    Linear,
}

fn default_negative_slope() -> f32 {
    DEFAULT_NEGATIVE_SLOPE
}

fn default_elu_alpha() -> f32 {
    DEFAULT_ELU_ALPHA
}

/// The names of [`Activation::ALL`], in order (serde's error lists them).
const NAMES: [&str; 9] = ["relu", "leaky_relu", "elu", "gelu", "silu", "tanh", "sigmoid", "softmax", "linear"];

impl Activation {
    /// Every activation with PyTorch's default parameters, in the order the UI lists them.
    pub const ALL: [Activation; 9] = [
        Activation::Relu,
        Activation::LeakyRelu { negative_slope: DEFAULT_NEGATIVE_SLOPE },
        Activation::Elu { alpha: DEFAULT_ELU_ALPHA },
        Activation::Gelu,
        Activation::Silu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Softmax,
        Activation::Linear,
    ];

    /// Applies the function (softmax over the last axis; a rank-0 tensor counts as one class).
    pub fn apply(self, x: &Tensor) -> Tensor {
        // Every op below works on any shape; the only axis used is the last one of a tensor of
        // rank ≥ 1, so a failure here would be a bug in this file, not bad input.
        self.try_apply(x).expect("activations accept every shape")
    }

    /// Applies the function, passing on a tensor-op error instead of panicking.
    pub fn try_apply(self, x: &Tensor) -> Result<Tensor> {
        match self {
            Activation::Relu => Ok(x.relu()),
            Activation::LeakyRelu { negative_slope } => leaky_relu(x, negative_slope),
            Activation::Elu { alpha } => elu(x, alpha),
            Activation::Gelu => gelu(x),
            Activation::Silu => x.mul(&x.sigmoid()),
            Activation::Tanh => Ok(x.tanh()),
            Activation::Sigmoid => Ok(x.sigmoid()),
            Activation::Softmax => softmax_last_axis(x),
            Activation::Linear => Ok(x.clone()),
        }
    }

    /// The name used on the command line, in the UI and in specs.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::LeakyRelu { .. } => "leaky_relu",
            Activation::Elu { .. } => "elu",
            Activation::Gelu => "gelu",
            Activation::Silu => "silu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Softmax => "softmax",
            Activation::Linear => "linear",
        }
    }

    /// `torch.nn.init.calculate_gain` for this nonlinearity; 1 for those torch has no gain
    /// for (GELU, SiLU, ELU, softmax).
    pub fn gain(self) -> f32 {
        match self {
            Activation::Relu => std::f32::consts::SQRT_2,
            Activation::LeakyRelu { negative_slope } => (2.0 / (1.0 + negative_slope * negative_slope)).sqrt(),
            Activation::Tanh => 5.0 / 3.0,
            Activation::Elu { .. }
            | Activation::Gelu
            | Activation::Silu
            | Activation::Sigmoid
            | Activation::Softmax
            | Activation::Linear => 1.0,
        }
    }

    /// Checks the parameters are finite numbers, naming the one that is not.
    pub fn validate(self) -> std::result::Result<(), String> {
        match self {
            Activation::LeakyRelu { negative_slope } if !negative_slope.is_finite() => {
                Err(format!("leaky_relu: negative_slope is {negative_slope}; give a finite number such as 0.01"))
            }
            Activation::Elu { alpha } if !alpha.is_finite() => {
                Err(format!("elu: alpha is {alpha}; give a finite number such as 1.0"))
            }
            _ => Ok(()),
        }
    }
}

/// `x` where `x > 0`, else `negative_slope · x`; the gradient at 0 is `negative_slope`, as in torch.
fn leaky_relu(x: &Tensor, negative_slope: f32) -> Result<Tensor> {
    Tensor::select(&x.with_scalar(BinaryOp::Greater, 0.0), x, &x.mul_scalar(negative_slope))
}

/// `x` where `x > 0`, else `alpha · (eˣ − 1)`.
fn elu(x: &Tensor, alpha: f32) -> Result<Tensor> {
    let positive = x.with_scalar(BinaryOp::Greater, 0.0);
    // exp only sees min(x, 0): for large positive x the unused branch would be inf, and its
    // zero gradient times inf would turn the selected gradient into NaN.
    let negative_part = x.with_scalar(BinaryOp::Minimum, 0.0);
    let exponential = negative_part.exp().add_scalar(-1.0).mul_scalar(alpha);
    Tensor::select(&positive, x, &exponential)
}

/// The exact (erf) GELU.
fn gelu(x: &Tensor) -> Result<Tensor> {
    let cdf = x.mul_scalar(std::f32::consts::FRAC_1_SQRT_2).erf().add_scalar(1.0).mul_scalar(0.5);
    x.mul(&cdf)
}

/// Softmax over the last axis (one fused op: one kernel on the GPU).
pub fn softmax_last_axis(x: &Tensor) -> Result<Tensor> {
    if x.rank() == 0 {
        // One class: probability 1, gradient 0 (the output does not depend on x).
        return softmax_last_axis(&x.reshape([1])?)?.reshape(x.shape().clone());
    }
    x.softmax_last(false)
}

impl Serialize for Activation {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        Activation::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Activation {
    /// Accepts a plain name (default parameters) as well as the derived externally-tagged form.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(ActivationVisitor)
    }
}

/// Reads a plain name through [`std::str::FromStr`] and anything else through the derived form.
struct ActivationVisitor;

impl<'de> serde::de::Visitor<'de> for ActivationVisitor {
    type Value = Activation;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(
            r#"an activation name such as "relu", or an object such as {"leaky_relu": {"negative_slope": 0.2}}"#,
        )
    }
    fn visit_str<E: serde::de::Error>(self, name: &str) -> std::result::Result<Activation, E> {
        name.parse().map_err(|_| E::unknown_variant(name, &NAMES))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<Activation, A::Error> {
        Activation::deserialize(serde::de::value::MapAccessDeserializer::new(map))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> std::result::Result<Activation, A::Error> {
        Activation::deserialize(serde::de::value::EnumAccessDeserializer::new(data))
    }
}

impl std::str::FromStr for Activation {
    type Err = String;
    /// Parses a name; activations with parameters get PyTorch's defaults.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown activation \"{s}\"; choose one of {}", NAMES.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Device, Tensor, engine_test, testing::assert_close};

    const POINTS: [f32; 5] = [-2.0, -0.5, 0.0, 0.5, 2.0];

    fn reference(activation: Activation, x: f32) -> f32 {
        let sigmoid = 1.0 / (1.0 + (-x).exp());
        match activation {
            Activation::Relu => x.max(0.0),
            Activation::LeakyRelu { negative_slope } => {
                if x > 0.0 {
                    x
                } else {
                    negative_slope * x
                }
            }
            Activation::Elu { alpha } => {
                if x > 0.0 {
                    x
                } else {
                    alpha * x.exp_m1()
                }
            }
            Activation::Gelu => 0.5 * x * (1.0 + series_erf(x / std::f32::consts::SQRT_2)),
            Activation::Silu => x * sigmoid,
            Activation::Tanh => x.tanh(),
            Activation::Sigmoid => sigmoid,
            Activation::Softmax => unreachable!("not elementwise"),
            Activation::Linear => x,
        }
    }

    /// erf by its series (enough terms for |x| ≤ 2 to f32 precision), so the test does not
    /// reuse the primitive it checks.
    fn series_erf(x: f32) -> f32 {
        let x = x as f64;
        let (mut term, mut sum) = (x, x);
        for n in 1..60 {
            term *= -x * x / n as f64;
            sum += term / (2 * n + 1) as f64;
        }
        (sum * 2.0 / std::f64::consts::PI.sqrt()) as f32
    }

    engine_test! {
        async fn values_match_the_definitions() {
            let x = Tensor::from_vec(POINTS.to_vec(), [5], Device::Cpu).unwrap();
            for activation in Activation::ALL.into_iter().filter(|a| *a != Activation::Softmax) {
                let expected: Vec<f32> = POINTS.iter().map(|&v| reference(activation, v)).collect();
                let actual = activation.apply(&x).to_vec().await.unwrap();
                assert_close(&actual, &expected, 1e-5, 1e-6);
            }
            let leaky = Activation::LeakyRelu { negative_slope: 0.2 }.apply(&x).to_vec().await.unwrap();
            assert_close(&leaky, &[-0.4, -0.1, 0.0, 0.5, 2.0], 1e-6, 0.0);
        }
    }

    engine_test! {
        async fn softmax_rows_sum_to_one_and_survive_huge_logits() {
            let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 1000.0, 0.0, -1000.0], [2, 3], Device::Cpu).unwrap();
            let y = Activation::Softmax.apply(&x).to_vec().await.unwrap();
            let e = std::f32::consts::E;
            let total = e + e * e + e.powi(3);
            assert_close(&y, &[e / total, e * e / total, e.powi(3) / total, 1.0, 0.0, 0.0], 1e-6, 1e-7);
            let scalar = Activation::Softmax.apply(&Tensor::scalar(4.0, Device::Cpu));
            assert_eq!(scalar.dims(), &[] as &[usize]);
            assert_eq!(scalar.to_scalar().await.unwrap(), 1.0);
        }
    }

    engine_test! {
        async fn elu_gradient_stays_finite_for_huge_inputs() {
            let x = Tensor::from_vec(vec![-200.0, 200.0], [2], Device::Cpu).unwrap().variable();
            let grads = Activation::Elu { alpha: 1.0 }.apply(&x).sum_all().backward().unwrap();
            assert_eq!(grads.get(&x).unwrap().to_vec().await.unwrap(), vec![0.0, 1.0]);
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences() {
            // Points away from the kinks of ReLU, leaky ReLU and ELU at 0.
            let x = Tensor::from_vec(vec![-1.3, -0.4, 0.3, 0.9, 1.7, 2.2], [2, 3], Device::Cpu).unwrap();
            let extra = [Activation::LeakyRelu { negative_slope: 0.2 }, Activation::Elu { alpha: 0.5 }];
            for activation in Activation::ALL.into_iter().chain(extra) {
                let result = GradCheck::default().check(|v| activation.try_apply(&v[0]), std::slice::from_ref(&x)).await;
                assert!(result.is_ok(), "{activation:?}: {result:?}");
            }
        }
    }

    #[test]
    fn gains_follow_torch_calculate_gain() {
        assert_eq!(Activation::Relu.gain(), std::f32::consts::SQRT_2);
        assert!((Activation::LeakyRelu { negative_slope: 0.2 }.gain() - 1.386_750_5).abs() < 1e-6);
        assert!((Activation::LeakyRelu { negative_slope: 0.01 }.gain() - 1.414_142_9).abs() < 1e-6);
        assert_eq!(Activation::Tanh.gain(), 5.0 / 3.0);
        for one in [Activation::Sigmoid, Activation::Linear, Activation::Gelu, Activation::Silu, Activation::Softmax] {
            assert_eq!(one.gain(), 1.0);
        }
    }

    #[test]
    fn names_parse_back_with_default_parameters() {
        for (activation, name) in Activation::ALL.into_iter().zip(NAMES) {
            assert_eq!(activation.name(), name);
            assert_eq!(name.parse::<Activation>(), Ok(activation));
        }
        assert_eq!("leaky_relu".parse(), Ok(Activation::LeakyRelu { negative_slope: 0.01 }));
        let err = "swish".parse::<Activation>().unwrap_err();
        assert!(err.contains("\"swish\"") && err.contains("gelu"), "{err}");
    }

    #[test]
    fn json_takes_names_and_parameter_objects() {
        let parse = |json: &str| serde_json::from_str::<Activation>(json);
        assert_eq!(parse(r#""relu""#).unwrap(), Activation::Relu);
        assert_eq!(parse(r#""leaky_relu""#).unwrap(), Activation::LeakyRelu { negative_slope: 0.01 });
        assert_eq!(
            parse(r#"{"leaky_relu": {"negative_slope": 0.2}}"#).unwrap(),
            Activation::LeakyRelu { negative_slope: 0.2 }
        );
        assert_eq!(parse(r#"{"elu": {}}"#).unwrap(), Activation::Elu { alpha: 1.0 });
        assert_eq!(parse(r#"{"elu": {"alpha": 0.5}}"#).unwrap(), Activation::Elu { alpha: 0.5 });
        let unknown = parse(r#"{"elu": {"slope": 0.5}}"#).unwrap_err().to_string();
        assert!(unknown.contains("slope"), "{unknown}");
        let bad_name = parse(r#""swish""#).unwrap_err().to_string();
        assert!(bad_name.starts_with("unknown variant `swish`, expected one of `relu`"), "{bad_name}");

        for activation in Activation::ALL.into_iter().chain([Activation::LeakyRelu { negative_slope: 0.2 }]) {
            let json = serde_json::to_string(&activation).unwrap();
            assert_eq!(parse(&json).unwrap(), activation, "{json}");
        }
        assert_eq!(serde_json::to_string(&Activation::Relu).unwrap(), r#""relu""#);
        assert_eq!(
            serde_json::to_string(&Activation::LeakyRelu { negative_slope: 0.2 }).unwrap(),
            r#"{"leaky_relu":{"negative_slope":0.2}}"#
        );
    }

    #[test]
    fn validate_rejects_non_finite_parameters() {
        assert!(Activation::LeakyRelu { negative_slope: 0.2 }.validate().is_ok());
        let err = Activation::Elu { alpha: f32::NAN }.validate().unwrap_err();
        assert!(err.contains("alpha"), "{err}");
    }
}
