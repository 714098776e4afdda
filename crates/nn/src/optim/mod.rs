//! Optimizers, one per file, with `torch.optim` semantics. They replace parameter
//! values with tensor ops only (no reads), so a step never waits on a GPU.

mod adagrad;
mod adam;
mod adamw;
mod clip;
mod config;
mod rmsprop;
mod sgd;
mod state;

pub use adagrad::{Adagrad, AdagradOptions};
pub use adam::{Adam, AdamOptions};
pub use adamw::AdamW;
pub use clip::{GradNormClipping, clip_grad_norm, gradient_norm};
pub use config::{OptimizerConfig, OptimizerKind};
pub use rmsprop::{RmsProp, RmsPropOptions};
pub use sgd::{Sgd, SgdOptions};
pub use state::SavedTensor;

use crate::ParamStore;
use nnplay_tensor::{GradStore, Result, Tensor};

/// Updates parameters from their gradients.
pub trait Optimizer {
    /// One update of every trainable parameter that has a gradient in `grads`; the others
    /// (buffers, parameters the loss did not use) keep their value and their state.
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()>;
    /// The current learning rate.
    fn learning_rate(&self) -> f32;
    /// Changes the learning rate from the next step on, keeping the state.
    fn set_learning_rate(&mut self, lr: f32);
    /// The state a checkpoint saves, under the keys of torch's `optimizer.state_dict()["state"]`
    /// flattened as `"{index}.{key}"` (`"0.exp_avg"`, `"1.step"`…), where `index` counts the
    /// trainable parameters of the store in order (buffers are not optimizer parameters in
    /// PyTorch either). Parameters that never had a gradient have no entries.
    fn state(&self) -> Vec<(String, Tensor)>;
    /// Replaces the state with `saved` (as [`Optimizer::state`] names it, read back to the
    /// host) for the trainable parameters of `params`: a checkpoint's resume. A name, shape
    /// or step that does not fit is refused with a sentence naming it, and nothing changes.
    fn load_state(&mut self, params: &ParamStore, saved: &[SavedTensor]) -> std::result::Result<(), String>;
    /// A copy with the same state (tensors are shared, so this is cheap).
    fn clone_box(&self) -> Box<dyn Optimizer>;
}

impl Clone for Box<dyn Optimizer> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// A parameter that an optimizer updates in this step.
struct Trained {
    /// Position in the [`ParamStore`].
    index: usize,
    /// Position among the trainable parameters: PyTorch's index in the optimizer state.
    ordinal: usize,
    /// The current value, cut off from the graph.
    value: Tensor,
    /// Its gradient, cut off from the graph so state tensors never hold on to old graphs.
    grad: Tensor,
}

/// The trainable parameters of `params` that have a gradient in `grads`.
fn trained(params: &ParamStore, grads: &GradStore) -> Vec<Trained> {
    params
        .params()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.trainable)
        .enumerate()
        .filter_map(|(ordinal, (index, p))| {
            let grad = grads.get(&p.value)?.detach();
            Some(Trained { index, ordinal, value: p.value.detach(), grad })
        })
        .collect()
}

/// The value a decay rate was written as: the f64 of the shortest decimal that rounds to
/// this f32. PyTorch computes `1 − β` and `βᵗ` in f64 from the decimal, and the difference
/// matters near 1: 0.999 as f32 is 0.99900001, whose complement is 1.3e-5 off 0.001.
fn decimal(rate: f32) -> f64 {
    rate.to_string().parse().unwrap_or(rate as f64)
}

/// `1 − β` for the moving averages' `(1 − β)·x` terms, as PyTorch computes it.
fn complement(rate: f32) -> f32 {
    (1.0 - decimal(rate)) as f32
}

/// `1 − βᵗ`, the bias correction of an exponential moving average started at zero,
/// computed in f64 on the host (as `torch.optim` does when `capturable` is off) so it
/// is exact even when `βᵗ` is close to 1.
fn bias_correction(beta: f32, step: u64) -> f64 {
    1.0 - decimal(beta).powf(step as f64)
}
