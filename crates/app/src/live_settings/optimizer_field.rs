//! An optimizer hyper-parameter the controls offer, for the kinds that read it.

use crate::texts::Language;
use nnplay_nn::{OptimizerConfig, OptimizerKind};

/// A number of [`OptimizerConfig`] besides the learning rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OptimizerField {
    /// SGD's momentum factor.
    Momentum,
    /// Adam's and AdamW's decay of the first moment.
    Beta1,
    /// Adam's and AdamW's decay of the second moment.
    Beta2,
    /// The term added to the denominator.
    Epsilon,
    /// Weight decay (AdamW's is decoupled; the others add it to the gradient).
    WeightDecay,
    /// RMSProp's decay of its average of squared gradients (PyTorch's `alpha`).
    Decay,
    /// RMSProp's own momentum factor.
    RmsPropMomentum,
    /// Adagrad's learning-rate decay per step.
    LrDecay,
}

impl OptimizerField {
    /// Every field, in the order the controls list them.
    pub const ALL: [OptimizerField; 8] = [
        OptimizerField::Momentum,
        OptimizerField::Beta1,
        OptimizerField::Beta2,
        OptimizerField::Decay,
        OptimizerField::RmsPropMomentum,
        OptimizerField::LrDecay,
        OptimizerField::WeightDecay,
        OptimizerField::Epsilon,
    ];

    /// The fields an optimizer of `kind` reads, in the controls' order.
    pub fn of(kind: OptimizerKind) -> Vec<OptimizerField> {
        OptimizerField::ALL.into_iter().filter(|field| field.applies_to(kind)).collect()
    }

    /// Whether an optimizer of `kind` reads this field.
    pub fn applies_to(self, kind: OptimizerKind) -> bool {
        use OptimizerKind::*;
        match self {
            OptimizerField::Momentum => kind == Momentum,
            OptimizerField::Beta1 | OptimizerField::Beta2 => matches!(kind, Adam | AdamW),
            OptimizerField::Epsilon => matches!(kind, Adam | AdamW | RmsProp | Adagrad),
            OptimizerField::WeightDecay => true,
            OptimizerField::Decay | OptimizerField::RmsPropMomentum => kind == RmsProp,
            OptimizerField::LrDecay => kind == Adagrad,
        }
    }

    /// The field's value in `config` (weight decay as the kind applies it).
    pub fn get(self, config: &OptimizerConfig) -> f32 {
        match self {
            OptimizerField::Momentum => config.momentum,
            OptimizerField::Beta1 => config.beta1,
            OptimizerField::Beta2 => config.beta2,
            OptimizerField::Epsilon => config.epsilon,
            OptimizerField::WeightDecay => config.effective_weight_decay(),
            OptimizerField::Decay => config.alpha,
            OptimizerField::RmsPropMomentum => config.rmsprop_momentum,
            OptimizerField::LrDecay => config.lr_decay,
        }
    }

    /// `config` with this field set to `value`, or why `value` cannot be used (the
    /// optimizer's own check, naming the field); `config` itself is left as it was.
    pub fn set(self, config: &OptimizerConfig, value: f32) -> Result<OptimizerConfig, String> {
        let mut changed = config.clone();
        match self {
            OptimizerField::Momentum => changed.momentum = value,
            OptimizerField::Beta1 => changed.beta1 = value,
            OptimizerField::Beta2 => changed.beta2 = value,
            OptimizerField::Epsilon => changed.epsilon = value,
            OptimizerField::WeightDecay => changed.weight_decay = Some(value),
            OptimizerField::Decay => changed.alpha = value,
            OptimizerField::RmsPropMomentum => changed.rmsprop_momentum = value,
            OptimizerField::LrDecay => changed.lr_decay = value,
        }
        changed.validate()?;
        Ok(changed)
    }

    /// The id of its input on the page.
    pub fn id(self) -> &'static str {
        match self {
            OptimizerField::Momentum => "momentum",
            OptimizerField::Beta1 => "beta1",
            OptimizerField::Beta2 => "beta2",
            OptimizerField::Epsilon => "epsilon",
            OptimizerField::WeightDecay => "weight-decay",
            OptimizerField::Decay => "rmsprop-decay",
            OptimizerField::RmsPropMomentum => "rmsprop-momentum",
            OptimizerField::LrDecay => "lr-decay",
        }
    }

    /// Its label in `language`.
    pub fn label(self, language: Language) -> &'static str {
        match self {
            OptimizerField::Momentum => language.pick("Momentum", "动量"),
            OptimizerField::Beta1 => language.pick("β1 (first moment decay)", "β1（一阶矩衰减）"),
            OptimizerField::Beta2 => language.pick("β2 (second moment decay)", "β2（二阶矩衰减）"),
            OptimizerField::Epsilon => language.pick("Epsilon", "Epsilon（防除零项）"),
            OptimizerField::WeightDecay => language.pick("Weight decay", "权重衰减"),
            OptimizerField::Decay => language.pick("Decay (α)", "衰减率（α）"),
            OptimizerField::RmsPropMomentum => language.pick("RMSProp momentum", "RMSProp 动量"),
            OptimizerField::LrDecay => language.pick("Learning-rate decay", "学习率衰减"),
        }
    }

    /// The input's `step`: the size of a sensible change.
    pub fn step(self) -> &'static str {
        match self {
            OptimizerField::Epsilon => "any",
            OptimizerField::Beta2 => "0.001",
            _ => "0.01",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_lists_the_fields_its_optimizer_reads() {
        use OptimizerField::*;
        assert_eq!(OptimizerField::of(OptimizerKind::Sgd), [WeightDecay]);
        assert_eq!(OptimizerField::of(OptimizerKind::Momentum), [Momentum, WeightDecay]);
        assert_eq!(OptimizerField::of(OptimizerKind::Adam), [Beta1, Beta2, WeightDecay, Epsilon]);
        assert_eq!(OptimizerField::of(OptimizerKind::RmsProp), [Decay, RmsPropMomentum, WeightDecay, Epsilon]);
        assert_eq!(OptimizerField::of(OptimizerKind::Adagrad), [LrDecay, WeightDecay, Epsilon]);
    }

    #[test]
    fn a_field_sets_its_own_value_and_a_bad_one_is_named() {
        let config = OptimizerConfig::default();
        for field in OptimizerField::ALL {
            let changed = field.set(&config, 0.25).unwrap();
            assert_eq!(field.get(&changed), 0.25, "{field:?}");
            let others = OptimizerField::ALL.into_iter().filter(|other| *other != field);
            assert!(others.clone().all(|other| other.get(&changed) == other.get(&config)), "{field:?}");
        }
        assert_eq!(OptimizerField::Momentum.set(&config, 1.5).unwrap_err(), "momentum is 1.5; it must be in [0, 1)");
        assert_eq!(OptimizerField::Epsilon.set(&config, f32::NAN).unwrap_err(), "epsilon is NaN; it must be above 0");
        let adamw = OptimizerConfig { kind: OptimizerKind::AdamW, ..config };
        assert_eq!(OptimizerField::WeightDecay.get(&adamw), 0.01, "AdamW's default decay is shown");
    }
}
