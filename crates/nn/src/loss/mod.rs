//! Loss functions, averaged as PyTorch's `reduction='mean'` does, and [`Loss`], the
//! serialisable choice of one for a model spec.

mod binary_cross_entropy;
mod cross_entropy;
mod regression;

pub use binary_cross_entropy::binary_cross_entropy_with_logits;
pub use cross_entropy::{CrossEntropyOptions, DEFAULT_IGNORE_INDEX, cross_entropy, log_softmax, softmax_cross_entropy};
pub use regression::{DEFAULT_HUBER_DELTA, huber, l1, mse};

use nnplay_tensor::{Result, Tensor, TensorError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A loss function with its settings, as `torch.nn` names them.
///
/// JSON (serde, externally tagged, snake_case): a plain name, which takes PyTorch's default
/// settings (`"mse"`, `"cross_entropy"`), or a one-key object mapping the name to its settings,
/// where a setting left out takes PyTorch's default
/// (`{"huber": {"delta": 0.5}}`, `{"cross_entropy": {"label_smoothing": 0.1}}`).
/// Serialising writes the plain name for losses without settings and the object form for the
/// others.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", remote = "Self", deny_unknown_fields)]
pub enum Loss {
    /// Mean squared error (`torch.nn.MSELoss`); output and target of one shape.
    Mse,
    /// Mean absolute error (`torch.nn.L1Loss`); output and target of one shape.
    L1,
    /// Huber loss (`torch.nn.HuberLoss`); output and target of one shape.
    Huber {
        /// Where the loss turns from quadratic to linear; positive.
        #[serde(default = "default_huber_delta")]
        delta: f32,
    },
    /// Binary cross-entropy on logits (`torch.nn.BCEWithLogitsLoss`); logits and
    /// targets in [0, 1] of one shape.
    BinaryCrossEntropyWithLogits,
    /// Softmax cross-entropy (`torch.nn.CrossEntropyLoss`): logits `[.., classes]` against
    /// class indices `[..]`; see [`cross_entropy`].
    CrossEntropy {
        /// Targets equal to this are left out of the loss and of the mean.
        #[serde(default = "default_ignore_index")]
        ignore_index: i64,
        /// Weight of the uniform distribution mixed into the one-hot target, in [0, 1].
        #[serde(default)]
        label_smoothing: f32,
    },
}

fn default_huber_delta() -> f32 {
    DEFAULT_HUBER_DELTA
}

fn default_ignore_index() -> i64 {
    DEFAULT_IGNORE_INDEX
}

/// The names of [`Loss::ALL`], in order (serde's error lists them).
const NAMES: [&str; 5] = ["mse", "l1", "huber", "binary_cross_entropy_with_logits", "cross_entropy"];

impl Loss {
    /// Every loss with PyTorch's default settings.
    pub const ALL: [Loss; 5] = [
        Loss::Mse,
        Loss::L1,
        Loss::Huber { delta: DEFAULT_HUBER_DELTA },
        Loss::BinaryCrossEntropyWithLogits,
        Loss::CrossEntropy { ignore_index: DEFAULT_IGNORE_INDEX, label_smoothing: 0.0 },
    ];

    /// The loss of a model's `output` against `target`, averaged (a scalar tensor).
    pub fn compute(&self, output: &Tensor, target: &Tensor) -> Result<Tensor> {
        match *self {
            Loss::Mse => mse(output, target),
            Loss::L1 => l1(output, target),
            Loss::Huber { delta } => huber(output, target, delta),
            Loss::BinaryCrossEntropyWithLogits => binary_cross_entropy_with_logits(output, target),
            Loss::CrossEntropy { ignore_index, label_smoothing } => {
                cross_entropy(output, target, &CrossEntropyOptions { ignore_index, label_smoothing })
            }
        }
    }

    /// The name used in specs and on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::L1 => "l1",
            Loss::Huber { .. } => "huber",
            Loss::BinaryCrossEntropyWithLogits => "binary_cross_entropy_with_logits",
            Loss::CrossEntropy { .. } => "cross_entropy",
        }
    }

    /// Checks the settings as torch does, naming the one out of range.
    pub fn validate(&self) -> std::result::Result<(), String> {
        match *self {
            Loss::Huber { delta } if !(delta > 0.0 && delta.is_finite()) => {
                Err(format!("huber: delta is {delta}; it must be a positive number such as {DEFAULT_HUBER_DELTA}"))
            }
            Loss::CrossEntropy { ignore_index, label_smoothing } => {
                CrossEntropyOptions { ignore_index, label_smoothing }
                    .validate()
                    .map_err(|m| format!("cross_entropy: {m}"))
            }
            _ => Ok(()),
        }
    }
}

/// The error of a loss whose two inputs must have one shape; it names both shapes.
fn require_same_shape(op: &'static str, prediction: &Tensor, target: &Tensor) -> Result<()> {
    if prediction.shape() == target.shape() {
        return Ok(());
    }
    Err(TensorError::ShapeMismatch {
        op,
        lhs: prediction.shape().clone(),
        rhs: target.shape().clone(),
        reason: "prediction and target must have the same shape".into(),
    })
}

impl Serialize for Loss {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        Loss::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Loss {
    /// Accepts a plain name (default settings) as well as the derived externally-tagged form.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(LossVisitor)
    }
}

/// Reads a plain name through [`std::str::FromStr`] and anything else through the derived form.
struct LossVisitor;

impl<'de> serde::de::Visitor<'de> for LossVisitor {
    type Value = Loss;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(r#"a loss name such as "mse", or an object such as {"huber": {"delta": 0.5}}"#)
    }
    fn visit_str<E: serde::de::Error>(self, name: &str) -> std::result::Result<Loss, E> {
        name.parse().map_err(|_| E::unknown_variant(name, &NAMES))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<Loss, A::Error> {
        Loss::deserialize(serde::de::value::MapAccessDeserializer::new(map))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> std::result::Result<Loss, A::Error> {
        Loss::deserialize(serde::de::value::EnumAccessDeserializer::new(data))
    }
}

impl std::str::FromStr for Loss {
    type Err = String;
    /// Parses a name; losses with settings get PyTorch's defaults.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Loss::ALL
            .into_iter()
            .find(|l| l.name() == s)
            .ok_or_else(|| format!("unknown loss \"{s}\"; choose one of {}", NAMES.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{Device, engine_test};

    fn tensor(values: &[f32], shape: &[usize]) -> Tensor {
        Tensor::from_vec(values.to_vec(), shape, Device::Cpu).unwrap()
    }

    #[test]
    fn json_takes_names_and_setting_objects() {
        let parse = |json: &str| serde_json::from_str::<Loss>(json);
        assert_eq!(parse(r#""mse""#).unwrap(), Loss::Mse);
        assert_eq!(parse(r#""huber""#).unwrap(), Loss::Huber { delta: 1.0 });
        assert_eq!(parse(r#"{"huber": {"delta": 0.5}}"#).unwrap(), Loss::Huber { delta: 0.5 });
        assert_eq!(
            parse(r#"{"cross_entropy": {"label_smoothing": 0.1}}"#).unwrap(),
            Loss::CrossEntropy { ignore_index: -100, label_smoothing: 0.1 }
        );
        let unknown = parse(r#"{"huber": {"beta": 0.5}}"#).unwrap_err().to_string();
        assert!(unknown.contains("beta"), "{unknown}");
        let bad_name = parse(r#""nll""#).unwrap_err().to_string();
        assert!(bad_name.starts_with("unknown variant `nll`") && bad_name.contains("cross_entropy"), "{bad_name}");
        assert!("nll".parse::<Loss>().unwrap_err().contains("choose one of mse, l1"));
        let with_settings = [Loss::Huber { delta: 0.25 }, Loss::CrossEntropy { ignore_index: 0, label_smoothing: 0.2 }];
        for loss in Loss::ALL.into_iter().chain(with_settings) {
            let json = serde_json::to_string(&loss).unwrap();
            assert_eq!(parse(&json).unwrap(), loss, "{json}");
            assert_eq!(loss.name().parse::<Loss>().map(|l| l.name()), Ok(loss.name()));
        }
        let names: Vec<&str> = Loss::ALL.iter().map(|l| l.name()).collect();
        assert_eq!(names, NAMES);
        assert_eq!(serde_json::to_string(&Loss::L1).unwrap(), r#""l1""#);
    }

    #[test]
    fn validate_names_the_bad_setting() {
        assert!(Loss::ALL.iter().all(|l| l.validate().is_ok()));
        assert!(Loss::Huber { delta: -1.0 }.validate().unwrap_err().contains("delta is -1"));
        let smoothing = Loss::CrossEntropy { ignore_index: -100, label_smoothing: 2.0 }.validate().unwrap_err();
        assert!(smoothing.contains("label_smoothing is 2"), "{smoothing}");
    }

    engine_test! {
        async fn compute_dispatches_to_the_functions() {
            let prediction = tensor(&[0.5, -1.0, 2.0, 0.0], &[2, 2]);
            let target = tensor(&[0.0, 1.0, 0.0, 1.0], &[2, 2]);
            let classes = tensor(&[1.0, 0.0], &[2]);
            let pairs = [
                (Loss::Mse, mse(&prediction, &target)),
                (Loss::L1, l1(&prediction, &target)),
                (Loss::Huber { delta: 0.5 }, huber(&prediction, &target, 0.5)),
                (Loss::BinaryCrossEntropyWithLogits, binary_cross_entropy_with_logits(&prediction, &target)),
            ];
            for (loss, expected) in pairs {
                let actual = loss.compute(&prediction, &target).unwrap().to_scalar().await.unwrap();
                assert_eq!(actual, expected.unwrap().to_scalar().await.unwrap(), "{loss:?}");
            }
            let ce = Loss::CrossEntropy { ignore_index: -100, label_smoothing: 0.0 }.compute(&prediction, &classes);
            let expected = softmax_cross_entropy(&prediction, &classes).unwrap().to_scalar().await.unwrap();
            assert_eq!(ce.unwrap().to_scalar().await.unwrap(), expected);
            let err = Loss::Mse.compute(&prediction, &classes).unwrap_err().to_string();
            assert!(err.contains("[2, 2]") && err.contains("[2]"), "{err}");
        }
    }
}
