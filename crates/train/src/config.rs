//! What a session trains: the dataset, the network and the optimizer settings.

use nnplay_data::{DataError, DatasetConfig, DatasetKind};
use nnplay_nn::{Activation, OptimizerConfig, OptimizerKind};
use serde::{Deserialize, Serialize};

/// Most hidden layers a 2-D playground network may have.
pub const MAX_HIDDEN_LAYERS: usize = 8;
/// Most neurons in one hidden layer.
pub const MAX_NEURONS: usize = 256;

/// Everything that defines a run; the same config and seed give the same run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionConfig {
    pub dataset: DatasetConfig,
    /// Neurons per hidden layer.
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub optimizer: OptimizerConfig,
    /// Training points per step.
    pub batch_size: usize,
    /// L1 penalty rate on the weights.
    pub l1: f32,
    /// L2 penalty rate on the weights.
    pub l2: f32,
    /// Seed of the initial weights and of the batch order.
    pub seed: u64,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig::spiral()
    }
}

/// Why a config cannot be trained; the message names the field and the allowed range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("{0}")]
    Field(String),
}

impl SessionConfig {
    /// The spiral preset: two tanh layers of 8 and Adam at 0.03 on batches of 64 of
    /// 500 training points, which reaches ≥ 95 % test accuracy within 3000 steps
    /// (batches of 10 stall near 70 %: the gradient noise keeps the arms tangled).
    pub fn spiral() -> SessionConfig {
        SessionConfig {
            dataset: DatasetConfig { kind: DatasetKind::Spiral, samples: 1000, ..DatasetConfig::default() },
            hidden: vec![8, 8],
            activation: Activation::Tanh,
            optimizer: OptimizerConfig { kind: OptimizerKind::Adam, learning_rate: 0.03, ..OptimizerConfig::default() },
            batch_size: 64,
            l1: 0.0,
            l2: 0.0,
            seed: 1,
        }
    }

    /// Number of training points this config yields.
    pub fn train_points(&self) -> usize {
        ((self.dataset.samples as f32 * self.dataset.train_ratio).round() as usize).clamp(1, self.dataset.samples - 1)
    }

    /// Checks every field, naming the first that is out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.dataset.validate()?;
        let field = |message: String| Err(ConfigError::Field(message));
        if self.hidden.len() > MAX_HIDDEN_LAYERS {
            return field(format!("{} hidden layers is too many; use at most {MAX_HIDDEN_LAYERS}", self.hidden.len()));
        }
        if let Some((i, &n)) = self.hidden.iter().enumerate().find(|(_, n)| !(1..=MAX_NEURONS).contains(*n)) {
            return field(format!("hidden layer {} has {n} neurons; use 1 to {MAX_NEURONS}", i + 1));
        }
        self.optimizer.validate().map_err(|m| ConfigError::Field(format!("optimizer: {m}")))?;
        let train = self.train_points();
        if self.batch_size == 0 || self.batch_size > train {
            return field(format!(
                "batch size is {}; it must be between 1 and the {train} training points",
                self.batch_size
            ));
        }
        for (name, rate) in [("L1 rate", self.l1), ("L2 rate", self.l2)] {
            if !(rate.is_finite() && (0.0..=1.0).contains(&rate)) {
                return field(format!("{name} is {rate}; it must be between 0 and 1"));
            }
        }
        Ok(())
    }

    /// Whether switching from `self` to `other` needs a fresh session (new data, a new
    /// network or a new seed); other changes apply to a running session.
    pub fn needs_reset(&self, other: &SessionConfig) -> bool {
        self.dataset != other.dataset
            || self.hidden != other.hidden
            || self.activation != other.activation
            || self.seed != other.seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spiral_preset_is_valid_and_round_trips_as_json() {
        let config = SessionConfig::spiral();
        config.validate().unwrap();
        let json = serde_json::to_string(&config).unwrap();
        assert!(json.contains("\"kind\":\"spiral\""), "{json}");
        assert_eq!(serde_json::from_str::<SessionConfig>(&json).unwrap(), config);
    }

    #[test]
    fn errors_name_the_field_and_the_range() {
        let bad = |f: fn(&mut SessionConfig)| {
            let mut c = SessionConfig::spiral();
            f(&mut c);
            c.validate().unwrap_err().to_string()
        };
        assert_eq!(bad(|c| c.hidden = vec![8, 0]), "hidden layer 2 has 0 neurons; use 1 to 256");
        assert_eq!(bad(|c| c.batch_size = 600), "batch size is 600; it must be between 1 and the 500 training points");
        assert_eq!(
            bad(|c| c.optimizer.learning_rate = -1.0),
            "optimizer: learning rate is -1; it must be above 0 and at most 10"
        );
        assert_eq!(bad(|c| c.l2 = f32::NAN), "L2 rate is NaN; it must be between 0 and 1");
        assert_eq!(bad(|c| c.hidden = vec![1; 9]), "9 hidden layers is too many; use at most 8");
        assert_eq!(bad(|c| c.dataset.train_ratio = 1.0), "dataset train_ratio is 1; it must be between 0.1 and 0.9");
    }

    #[test]
    fn only_data_network_and_seed_changes_need_a_reset() {
        let a = SessionConfig::spiral();
        let mut b = a.clone();
        b.optimizer.learning_rate = 0.1;
        b.batch_size = 20;
        b.l2 = 0.01;
        b.optimizer.kind = OptimizerKind::Sgd;
        assert!(!a.needs_reset(&b));
        b.hidden = vec![4];
        assert!(a.needs_reset(&b));
    }
}
