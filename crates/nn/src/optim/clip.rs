//! Gradient-norm clipping, `torch.nn.utils.clip_grad_norm_`: every gradient is scaled by
//! `min(max_norm / (‖g‖ + 1e-6), 1)`, where `‖g‖` is the 2-norm of all of them together.
//! The factor stays a tensor (no `if norm > max_norm` on the host), so clipping never
//! waits for a GPU.

use super::{Optimizer, SavedTensor};
use crate::ParamStore;
use nnplay_tensor::{BinaryOp, Device, GradStore, Result, Tensor};

/// The total 2-norm of the gradients of `params`' trainable tensors (a `[]` tensor on
/// their device, not read back; 0 without gradients): what clipping compares with its
/// limit, and what a run watches to see gradients explode before they overflow.
pub fn gradient_norm(params: &ParamStore, grads: &GradStore) -> Result<Tensor> {
    norm_of(&with_gradients(params, grads), params)
}

/// The gradients of `params`' trainable tensors scaled so that their total 2-norm is at
/// most `max_norm`, and that norm before clipping (a `[]` tensor). Gradients of other
/// tensors are copied unchanged.
pub fn clip_grad_norm(params: &ParamStore, grads: &GradStore, max_norm: f32) -> Result<(GradStore, Tensor)> {
    let with_grad = with_gradients(params, grads);
    let total_norm = norm_of(&with_grad, params)?;
    if with_grad.is_empty() {
        return Ok((grads.clone(), total_norm));
    }
    let factor = total_norm.add_scalar(1e-6).recip().mul_scalar(max_norm).with_scalar(BinaryOp::Minimum, 1.0);
    let mut clipped = grads.clone();
    for (value, grad) in with_grad {
        clipped.insert(value, grad.detach().mul(&factor)?);
    }
    Ok((clipped, total_norm))
}

/// The trainable tensors of `params` that have a gradient, with it.
fn with_gradients<'a>(params: &'a ParamStore, grads: &'a GradStore) -> Vec<(&'a Tensor, &'a Tensor)> {
    params.params().iter().filter(|p| p.trainable).filter_map(|p| Some((&p.value, grads.get(&p.value)?))).collect()
}

/// The total 2-norm of the gradients in `with_grad`; 0 on the device of `params` for none.
fn norm_of(with_grad: &[(&Tensor, &Tensor)], params: &ParamStore) -> Result<Tensor> {
    let Some(((_, first), rest)) = with_grad.split_first() else {
        let device = params.params().first().map_or(Device::Cpu, |p| p.value.device());
        return Ok(Tensor::scalar(0.0, device));
    };
    let mut squares = first.detach().square().sum_all();
    for (_, grad) in rest {
        squares = squares.add(&grad.detach().square().sum_all())?;
    }
    Ok(squares.sqrt())
}

/// An optimizer that clips the gradients' total norm to `max_norm` before every step.
#[derive(Clone)]
pub struct GradNormClipping {
    inner: Box<dyn Optimizer>,
    max_norm: f32,
}

impl GradNormClipping {
    /// `inner`, with gradients clipped to total norm `max_norm` first.
    pub fn new(inner: Box<dyn Optimizer>, max_norm: f32) -> GradNormClipping {
        GradNormClipping { inner, max_norm }
    }
}

impl Optimizer for GradNormClipping {
    fn step(&mut self, params: &mut ParamStore, grads: &GradStore) -> Result<()> {
        let (clipped, _) = clip_grad_norm(params, grads, self.max_norm)?;
        self.inner.step(params, &clipped)
    }
    fn learning_rate(&self) -> f32 {
        self.inner.learning_rate()
    }
    fn set_learning_rate(&mut self, lr: f32) {
        self.inner.set_learning_rate(lr);
    }
    fn state(&self) -> Vec<(String, Tensor)> {
        self.inner.state()
    }
    fn load_state(&mut self, params: &ParamStore, saved: &[SavedTensor]) -> std::result::Result<(), String> {
        self.inner.load_state(params, saved)
    }
    fn clone_box(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::{Device, engine_test, testing::assert_close};

    /// Two parameters with gradients (3, 0) and (4): total norm 5.
    fn problem() -> (ParamStore, GradStore) {
        let mut store = ParamStore::new();
        store.add("a", Tensor::from_vec(vec![1.0, 1.0], [2], Device::Cpu).unwrap(), true);
        store.add("b", Tensor::from_vec(vec![1.0], [1], Device::Cpu).unwrap(), true);
        let c = Tensor::from_vec(vec![3.0, 0.0], [2], Device::Cpu).unwrap();
        let loss = store.params()[0].value.mul(&c).unwrap().sum_all();
        let loss = loss.add(&store.params()[1].value.mul_scalar(4.0).sum_all()).unwrap();
        let grads = loss.backward().unwrap();
        (store, grads)
    }

    engine_test! {
        async fn scales_every_gradient_by_the_same_factor() {
            let (store, grads) = problem();
            let (clipped, norm) = clip_grad_norm(&store, &grads, 1.0).unwrap();
            assert_close(&[norm.to_scalar().await.unwrap()], &[5.0], 1e-6, 1e-6);
            let a = clipped.get(&store.params()[0].value).unwrap().to_vec().await.unwrap();
            let b = clipped.get(&store.params()[1].value).unwrap().to_vec().await.unwrap();
            assert_close(&a, &[0.6, 0.0], 1e-5, 1e-6);
            assert_close(&b, &[0.8], 1e-5, 1e-6);
        }
    }

    engine_test! {
        async fn leaves_small_gradients_alone() {
            let (store, grads) = problem();
            let (clipped, _) = clip_grad_norm(&store, &grads, 10.0).unwrap();
            let a = clipped.get(&store.params()[0].value).unwrap().to_vec().await.unwrap();
            assert_eq!(a, [3.0, 0.0]);
        }
    }

    engine_test! {
        async fn the_norm_alone_is_the_one_clipping_measures() {
            let (store, grads) = problem();
            let norm = gradient_norm(&store, &grads).unwrap().to_scalar().await.unwrap();
            assert_close(&[norm], &[5.0], 1e-6, 1e-6);
            let none = gradient_norm(&store, &GradStore::default()).unwrap().to_scalar().await.unwrap();
            assert_eq!(none, 0.0);
        }
    }

    engine_test! {
        async fn no_gradients_give_a_zero_norm() {
            let (store, _) = problem();
            let (clipped, norm) = clip_grad_norm(&store, &GradStore::default(), 1.0).unwrap();
            assert!(clipped.is_empty());
            assert_eq!(norm.to_scalar().await.unwrap(), 0.0);
        }
    }
}
