//! Which optimizer a run uses and its hyper-parameters, as serde data (specs, URLs, CLI).

use super::{
    Adagrad, AdagradOptions, Adam, AdamOptions, AdamW, GradNormClipping, Optimizer, RmsProp, RmsPropOptions, Sgd,
    SgdOptions,
};
use serde::{Deserialize, Serialize};

/// Which optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent.
    Sgd,
    /// SGD with (heavy-ball or Nesterov) momentum.
    Momentum,
    /// Adam.
    Adam,
    /// Adagrad.
    Adagrad,
    /// RMSProp.
    #[serde(rename = "rmsprop")]
    RmsProp,
    /// Adam with decoupled weight decay.
    #[serde(rename = "adamw")]
    AdamW,
}

impl OptimizerKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [OptimizerKind; 6] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Adagrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
        OptimizerKind::AdamW,
    ];

    /// The name used on the command line and in specs.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
            OptimizerKind::Adagrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::AdamW => "adamw",
        }
    }
}

impl std::str::FromStr for OptimizerKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        OptimizerKind::ALL.into_iter().find(|k| k.name() == s).ok_or_else(|| {
            let names: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown optimizer \"{s}\"; choose one of {}", names.join(", "))
        })
    }
}

fn default_momentum() -> f32 {
    0.9
}
fn default_beta1() -> f32 {
    0.9
}
fn default_beta2() -> f32 {
    0.999
}
fn default_epsilon() -> f32 {
    1e-8
}

/// An optimizer and its hyper-parameters. Each kind reads the fields its PyTorch
/// counterpart has and ignores the others; fields added after the first release default
/// to PyTorch's values, so older JSON still parses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizerConfig {
    /// Which optimizer.
    pub kind: OptimizerKind,
    /// Learning rate (every kind).
    pub learning_rate: f32,
    /// Momentum factor of [`OptimizerKind::Momentum`] (plain SGD uses none).
    #[serde(default = "default_momentum")]
    pub momentum: f32,
    /// Adam's and AdamW's decay of the first moment.
    #[serde(default = "default_beta1")]
    pub beta1: f32,
    /// Adam's and AdamW's decay of the second moment.
    #[serde(default = "default_beta2")]
    pub beta2: f32,
    /// Term added to the denominator (Adam, AdamW, RMSProp, Adagrad; PyTorch's Adagrad
    /// default is 1e-10, the others' 1e-8).
    #[serde(default = "default_epsilon")]
    pub epsilon: f32,
    /// Dampening of SGD's momentum.
    #[serde(default)]
    pub dampening: f32,
    /// Nesterov momentum for [`OptimizerKind::Momentum`] (needs dampening 0).
    #[serde(default)]
    pub nesterov: bool,
    /// Weight decay; `None` is the kind's PyTorch default (0.01 for AdamW, 0 otherwise).
    /// AdamW decays the weights directly, the others add `λ·p` to the gradient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_decay: Option<f32>,
    /// AMSGrad variant of Adam and AdamW.
    #[serde(default)]
    pub amsgrad: bool,
    /// Adagrad's learning-rate decay per step.
    #[serde(default)]
    pub lr_decay: f32,
    /// Adagrad's starting sum of squared gradients.
    #[serde(default)]
    pub initial_accumulator_value: f32,
    /// RMSProp's smoothing constant.
    #[serde(default = "default_alpha")]
    pub alpha: f32,
    /// Centered RMSProp.
    #[serde(default)]
    pub centered: bool,
    /// RMSProp's momentum factor (separate from SGD's, whose default differs).
    #[serde(default)]
    pub rmsprop_momentum: f32,
    /// Clip the gradients to this total 2-norm before each step (`clip_grad_norm_`); `None`: no clipping.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clip_grad_norm: Option<f32>,
}

/// PyTorch's RMSProp `alpha`.
fn default_alpha() -> f32 {
    0.99
}

impl Default for OptimizerConfig {
    /// Adam with PyTorch's defaults except a learning rate suited to small playground nets.
    fn default() -> Self {
        OptimizerConfig {
            kind: OptimizerKind::Adam,
            learning_rate: 0.03,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            dampening: 0.0,
            nesterov: false,
            weight_decay: None,
            amsgrad: false,
            lr_decay: 0.0,
            initial_accumulator_value: 0.0,
            alpha: default_alpha(),
            centered: false,
            rmsprop_momentum: 0.0,
            clip_grad_norm: None,
        }
    }
}

impl OptimizerConfig {
    /// The weight decay this kind applies: the field, or PyTorch's default for the kind.
    pub fn effective_weight_decay(&self) -> f32 {
        self.weight_decay.unwrap_or(match self.kind {
            OptimizerKind::AdamW => AdamW::DEFAULT_WEIGHT_DECAY,
            _ => 0.0,
        })
    }

    /// Checks the hyper-parameters, naming the first that is out of range.
    pub fn validate(&self) -> Result<(), String> {
        let check = |name: &str, value: f32, ok: bool, range: &str| {
            if ok && value.is_finite() { Ok(()) } else { Err(format!("{name} is {value}; it must be {range}")) }
        };
        let unit = |name: &str, value: f32| check(name, value, (0.0..1.0).contains(&value), "in [0, 1)");
        check(
            "learning rate",
            self.learning_rate,
            self.learning_rate > 0.0 && self.learning_rate <= 10.0,
            "above 0 and at most 10",
        )?;
        unit("momentum", self.momentum)?;
        unit("beta1", self.beta1)?;
        unit("beta2", self.beta2)?;
        check("epsilon", self.epsilon, self.epsilon > 0.0, "above 0")?;
        check("dampening", self.dampening, (0.0..=1.0).contains(&self.dampening), "in [0, 1]")?;
        if let Some(decay) = self.weight_decay {
            check("weight decay", decay, (0.0..=1.0).contains(&decay), "in [0, 1]")?;
        }
        check("lr decay", self.lr_decay, self.lr_decay >= 0.0, "at least 0")?;
        let initial = self.initial_accumulator_value;
        check("initial accumulator value", initial, initial >= 0.0, "at least 0")?;
        unit("alpha", self.alpha)?;
        unit("RMSProp momentum", self.rmsprop_momentum)?;
        if let Some(max_norm) = self.clip_grad_norm {
            check("gradient clipping norm", max_norm, max_norm > 0.0, "above 0 (or no clipping)")?;
        }
        if self.kind == OptimizerKind::Momentum && self.nesterov && (self.momentum == 0.0 || self.dampening != 0.0) {
            return Err(format!(
                "Nesterov momentum needs momentum above 0 and dampening 0 (momentum is {}, dampening {}); \
                 change those or turn Nesterov off",
                self.momentum, self.dampening
            ));
        }
        Ok(())
    }

    /// The optimizer this describes, with fresh state (call [`Self::validate`] first on
    /// user input: out-of-range values are not checked here).
    pub fn build(&self) -> Box<dyn Optimizer> {
        let lr = self.learning_rate;
        let weight_decay = self.effective_weight_decay();
        let adam = AdamOptions {
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            weight_decay,
            amsgrad: self.amsgrad,
        };
        let optimizer: Box<dyn Optimizer> = match self.kind {
            OptimizerKind::Sgd => Box::new(Sgd::with_options(lr, SgdOptions { weight_decay, ..SgdOptions::default() })),
            OptimizerKind::Momentum => Box::new(Sgd::with_options(
                lr,
                SgdOptions {
                    momentum: self.momentum,
                    dampening: self.dampening,
                    weight_decay,
                    nesterov: self.nesterov,
                },
            )),
            OptimizerKind::Adam => Box::new(Adam::with_options(lr, adam)),
            OptimizerKind::AdamW => Box::new(AdamW::with_options(lr, adam)),
            OptimizerKind::Adagrad => Box::new(Adagrad::new(
                lr,
                AdagradOptions {
                    lr_decay: self.lr_decay,
                    weight_decay,
                    initial_accumulator_value: self.initial_accumulator_value,
                    epsilon: self.epsilon,
                },
            )),
            OptimizerKind::RmsProp => Box::new(RmsProp::new(
                lr,
                RmsPropOptions {
                    alpha: self.alpha,
                    epsilon: self.epsilon,
                    weight_decay,
                    momentum: self.rmsprop_momentum,
                    centered: self.centered,
                },
            )),
        };
        match self.clip_grad_norm {
            Some(max_norm) => Box::new(GradNormClipping::new(optimizer, max_norm)),
            None => optimizer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    engine_test! {
        async fn json_from_before_the_new_fields_still_parses() {
            let json = r#"{"kind":"adam","learning_rate":0.01,"momentum":0.9,"beta1":0.9,"beta2":0.999,"epsilon":1e-8}"#;
            let config: OptimizerConfig = serde_json::from_str(json).unwrap();
            let expected = OptimizerConfig { learning_rate: 0.01, ..OptimizerConfig::default() };
            assert_eq!(config, expected);
            assert!(config.validate().is_ok());
        }
    }

    engine_test! {
        async fn every_kind_round_trips_through_its_name_and_json() {
            for kind in OptimizerKind::ALL {
                assert_eq!(kind.name().parse::<OptimizerKind>(), Ok(kind));
                assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.name()));
                let config = OptimizerConfig { kind, clip_grad_norm: Some(1.0), ..OptimizerConfig::default() };
                let json = serde_json::to_string(&config).unwrap();
                assert_eq!(serde_json::from_str::<OptimizerConfig>(&json).unwrap(), config);
            }
            let error = "adamax".parse::<OptimizerKind>().unwrap_err();
            assert_eq!(error, "unknown optimizer \"adamax\"; choose one of sgd, momentum, adagrad, rmsprop, adam, adamw");
        }
    }

    engine_test! {
        async fn validate_names_the_bad_field_and_its_range() {
            let bad = |change: fn(&mut OptimizerConfig)| {
                let mut config = OptimizerConfig::default();
                change(&mut config);
                config.validate().unwrap_err()
            };
            assert_eq!(bad(|c| c.learning_rate = -1.0), "learning rate is -1; it must be above 0 and at most 10");
            assert_eq!(bad(|c| c.weight_decay = Some(-0.1)), "weight decay is -0.1; it must be in [0, 1]");
            assert_eq!(bad(|c| c.alpha = 1.0), "alpha is 1; it must be in [0, 1)");
            assert_eq!(bad(|c| c.dampening = f32::NAN), "dampening is NaN; it must be in [0, 1]");
            assert_eq!(
                bad(|c| c.clip_grad_norm = Some(0.0)),
                "gradient clipping norm is 0; it must be above 0 (or no clipping)"
            );
            let nesterov = bad(|c| {
                c.kind = OptimizerKind::Momentum;
                c.nesterov = true;
                c.dampening = 0.5;
            });
            assert!(nesterov.starts_with("Nesterov momentum needs momentum above 0 and dampening 0"), "{nesterov}");
        }
    }

    engine_test! {
        async fn adamw_defaults_to_pytorchs_weight_decay() {
            let adamw = OptimizerConfig { kind: OptimizerKind::AdamW, ..OptimizerConfig::default() };
            assert_eq!(adamw.effective_weight_decay(), 0.01);
            assert_eq!(OptimizerConfig::default().effective_weight_decay(), 0.0);
            let set = OptimizerConfig { weight_decay: Some(0.2), ..adamw };
            assert_eq!(set.effective_weight_decay(), 0.2);
        }
    }
}
