//! An activation function as a layer of a model spec.

use crate::{Activation, Context, Layer, ParamStore};
use nnplay_tensor::{Result, Tensor};

/// Applies an [`Activation`] elementwise; the shape is unchanged.
#[derive(Debug, Clone)]
pub struct ActivationLayer {
    pub function: Activation,
    shape: Vec<usize>,
}

impl ActivationLayer {
    /// The function applied to inputs of shape `input`.
    pub fn new(function: Activation, input: &[usize]) -> ActivationLayer {
        ActivationLayer { function, shape: input.to_vec() }
    }
}

impl Layer for ActivationLayer {
    fn forward(&self, _params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        Ok(self.function.apply(x))
    }
    fn output_shape(&self) -> &[usize] {
        &self.shape
    }
    fn flops(&self) -> u64 {
        // A handful of operations per element; count one as the convention for cheap
        // elementwise work.
        self.shape.iter().product::<usize>() as u64
    }
}
