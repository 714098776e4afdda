//! What every layer implements, and what a forward pass carries besides the input.

use crate::{ParamId, ParamStore};
use nnplay_tensor::{Result, Tensor, rng};

/// Training or evaluation mode, the dropout randomness, and the buffer updates a
/// training pass produces (BatchNorm's running statistics).
#[derive(Debug, Clone)]
pub struct Context {
    /// Training mode: dropout drops, BatchNorm uses and updates batch statistics.
    pub train: bool,
    /// Seed of the run's random draws.
    pub seed: u64,
    /// The training step; each step draws new dropout masks.
    pub step: u64,
    /// New values for buffers, applied by the caller after the pass with
    /// [`ParamStore::set`]; a pass never mutates the store it reads.
    pub buffer_updates: Vec<(ParamId, Tensor)>,
}

impl Context {
    /// A training pass at `step` of a run seeded with `seed`.
    pub fn train(seed: u64, step: u64) -> Context {
        Context { train: true, seed, step, buffer_updates: Vec::new() }
    }
    /// An evaluation pass: deterministic, no buffer updates.
    pub fn eval() -> Context {
        Context { train: false, seed: 0, step: 0, buffer_updates: Vec::new() }
    }
    /// The RNG stream for the layer whose own stream number is `layer` at this step:
    /// the same on every backend, different for every layer and step.
    pub fn stream(&self, layer: u32) -> u32 {
        rng::hash(self.step, layer, 0x5eed)
    }
    /// Applies the buffer updates to `store`.
    pub fn apply_buffer_updates(&mut self, store: &mut ParamStore) {
        for (id, value) in self.buffer_updates.drain(..) {
            store.set(id.index(), &value);
        }
    }
}

/// A layer: a function of its input and of its parameters in a [`ParamStore`]. Shapes
/// below leave out the batch axis, which every input has first.
pub trait Layer: std::fmt::Debug {
    /// `x` of shape `[batch, ..input]` to `[batch, ..output]`.
    fn forward(&self, params: &ParamStore, x: &Tensor, ctx: &mut Context) -> Result<Tensor>;
    /// The shape of one example's output.
    fn output_shape(&self) -> &[usize];
    /// Floating-point operations of the forward pass for one example (a multiply-add
    /// counts two), for the model summary.
    fn flops(&self) -> u64;
    /// Sets the probability of the dropout this layer applies, itself or inside it, from
    /// the next pass on; layers without dropout ignore it. The caller checks `p` is in `[0, 1)`.
    fn set_dropout(&mut self, _p: f32) {}
}
