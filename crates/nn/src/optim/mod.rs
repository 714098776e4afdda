//! Optimizers, one per file, with `torch.optim` semantics. They replace parameter
//! values with tensor ops only (no reads), so a step never waits on a GPU.

mod adam;
mod sgd;

pub use adam::Adam;
pub use sgd::Sgd;

use crate::ParamStore;
use nnplay_tensor::{GradStore, Result};
use serde::{Deserialize, Serialize};

/// Updates parameters from their gradients.
pub trait Optimizer {
    /// One update of every parameter that has a gradient in `grads`.
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()>;
    /// The current learning rate.
    fn learning_rate(&self) -> f32;
    /// Changes the learning rate from the next step on, keeping the state.
    fn set_learning_rate(&mut self, lr: f32);
    /// A copy with the same state (tensors are shared, so this is cheap).
    fn clone_box(&self) -> Box<dyn Optimizer>;
}

impl Clone for Box<dyn Optimizer> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// Which optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerKind {
    /// Plain stochastic gradient descent.
    Sgd,
    /// SGD with (heavy-ball) momentum.
    Momentum,
    Adam,
}

impl OptimizerKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [OptimizerKind; 3] = [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam];

    /// The name used on the command line and in specs.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Adam => "adam",
        }
    }
}

impl std::str::FromStr for OptimizerKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        OptimizerKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| format!("unknown optimizer \"{s}\"; choose one of sgd, momentum, adam"))
    }
}

/// An optimizer and its hyper-parameters (those a kind does not use are ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizerConfig {
    pub kind: OptimizerKind,
    pub learning_rate: f32,
    /// Momentum factor of [`OptimizerKind::Momentum`].
    pub momentum: f32,
    /// Adam's decay of the first moment.
    pub beta1: f32,
    /// Adam's decay of the second moment.
    pub beta2: f32,
    /// Adam's term added to the denominator.
    pub epsilon: f32,
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
        }
    }
}

impl OptimizerConfig {
    /// Checks the hyper-parameters, naming the first that is out of range.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let check = |name: &str, value: f32, ok: bool, range: &str| {
            if ok && value.is_finite() { Ok(()) } else { Err(format!("{name} is {value}; it must be {range}")) }
        };
        check(
            "learning rate",
            self.learning_rate,
            self.learning_rate > 0.0 && self.learning_rate <= 10.0,
            "above 0 and at most 10",
        )?;
        check("momentum", self.momentum, (0.0..1.0).contains(&self.momentum), "in [0, 1)")?;
        check("beta1", self.beta1, (0.0..1.0).contains(&self.beta1), "in [0, 1)")?;
        check("beta2", self.beta2, (0.0..1.0).contains(&self.beta2), "in [0, 1)")?;
        check("epsilon", self.epsilon, self.epsilon > 0.0, "above 0")
    }

    /// The optimizer this describes, with fresh state.
    pub fn build(&self) -> Box<dyn Optimizer> {
        match self.kind {
            OptimizerKind::Sgd => Box::new(Sgd::new(self.learning_rate, 0.0)),
            OptimizerKind::Momentum => Box::new(Sgd::new(self.learning_rate, self.momentum)),
            OptimizerKind::Adam => Box::new(Adam::new(self.learning_rate, self.beta1, self.beta2, self.epsilon)),
        }
    }
}
