//! Per-parameter optimizer state, kept by position in the `ParamStore` and named for
//! checkpoints the way torch's `optimizer.state_dict()` names it.

use nnplay_tensor::{Device, Tensor};

/// One state value per trained parameter, created the first time it gets a gradient.
#[derive(Debug, Clone)]
pub(super) struct PerParam<S> {
    /// By position in the `ParamStore`: the parameter's index among the trainable ones
    /// (its key in PyTorch) and its state.
    slots: Vec<Option<(usize, S)>>,
}

impl<S> Default for PerParam<S> {
    fn default() -> Self {
        PerParam { slots: Vec::new() }
    }
}

impl<S> PerParam<S> {
    /// Takes the state of the parameter at store position `index` out, if it has one.
    pub(super) fn take(&mut self, index: usize) -> Option<S> {
        self.slots.get_mut(index).and_then(Option::take).map(|(_, state)| state)
    }
    /// Stores the state of the parameter at store position `index`, trainable number `ordinal`.
    pub(super) fn put(&mut self, index: usize, ordinal: usize, state: S) {
        if self.slots.len() <= index {
            self.slots.resize_with(index + 1, || None);
        }
        self.slots[index] = Some((ordinal, state));
    }
    /// Every stored state's entries as `("{ordinal}.{key}", tensor)`, in parameter order.
    pub(super) fn entries<'a, E>(&'a self, named: impl Fn(&'a S) -> E) -> Vec<(String, Tensor)>
    where
        E: IntoIterator<Item = (&'static str, Tensor)>,
    {
        self.slots
            .iter()
            .flatten()
            .flat_map(|(ordinal, state)| named(state).into_iter().map(move |(key, t)| (format!("{ordinal}.{key}"), t)))
            .collect()
    }
}

/// A step count as torch stores it: a one-element f32 tensor of shape `[]`.
pub(super) fn step_tensor(step: u64, device: Device) -> Tensor {
    Tensor::scalar(step as f32, device)
}
