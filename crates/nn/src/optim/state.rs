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

/// One saved state tensor on the host, as a checkpoint holds it: `("{ordinal}.{key}",
/// shape, values)` under the names [`super::Optimizer::state`] gives.
pub type SavedTensor = (String, Vec<usize>, Vec<f32>);

/// The saved entries of one trained parameter, for an optimizer to rebuild its state from.
pub(super) struct Saved<'a> {
    ordinal: usize,
    value: &'a Tensor,
    entries: Vec<(&'a str, &'a [usize], &'a [f32])>,
}

impl Saved<'_> {
    /// The tensor saved under `key`, on the parameter's device; it must have the parameter's shape.
    pub(super) fn tensor(&self, key: &str) -> Result<Tensor, String> {
        self.optional(key)?.ok_or_else(|| format!("optimizer state: `{}.{key}` is missing", self.ordinal))
    }
    /// As [`Saved::tensor`], for state that only some settings keep.
    pub(super) fn optional(&self, key: &str) -> Result<Option<Tensor>, String> {
        let Some(&(_, shape, values)) = self.entries.iter().find(|(k, ..)| *k == key) else {
            return Ok(None);
        };
        if shape != self.value.dims() || values.len() != self.value.elem_count() {
            return Err(format!(
                "optimizer state: `{}.{key}` has shape {shape:?} but its parameter's is {:?}",
                self.ordinal,
                self.value.dims()
            ));
        }
        Tensor::from_vec(values.to_vec(), shape, self.value.device()).map(Some).map_err(|e| e.to_string())
    }
    /// The step count saved under `step`.
    pub(super) fn step(&self) -> Result<u64, String> {
        match self.entries.iter().find(|(k, ..)| *k == "step") {
            Some(&(_, _, [step])) if *step >= 0.0 && step.fract() == 0.0 => Ok(*step as u64),
            Some(_) => Err(format!("optimizer state: `{}.step` is not one whole number", self.ordinal)),
            None => Err(format!("optimizer state: `{}.step` is missing", self.ordinal)),
        }
    }
}

impl<S> PerParam<S> {
    /// Replaces every state with the ones `saved` holds for the trainable parameters of
    /// `params`, each built by `build`. On an error nothing changes.
    pub(super) fn load(
        &mut self,
        params: &crate::ParamStore,
        saved: &[SavedTensor],
        build: impl Fn(&Saved) -> Result<S, String>,
    ) -> Result<(), String> {
        let trainable: Vec<(usize, &Tensor)> =
            params.params().iter().enumerate().filter(|(_, p)| p.trainable).map(|(i, p)| (i, &p.value)).collect();
        let mut groups: Vec<Saved> = Vec::new();
        for (name, shape, values) in saved {
            let parsed = name.split_once('.').and_then(|(ordinal, key)| Some((ordinal.parse::<usize>().ok()?, key)));
            let Some((ordinal, key)) = parsed else {
                return Err(format!("optimizer state: `{name}` is not named \"{{parameter}}.{{key}}\""));
            };
            let Some(&(_, value)) = trainable.get(ordinal) else {
                return Err(format!(
                    "optimizer state: `{name}` is for trained parameter {ordinal}, but the model has {}",
                    trainable.len()
                ));
            };
            match groups.iter_mut().find(|g| g.ordinal == ordinal) {
                Some(group) => group.entries.push((key, shape, values)),
                None => groups.push(Saved { ordinal, value, entries: vec![(key, shape, values)] }),
            }
        }
        let mut loaded = PerParam::default();
        for group in &groups {
            loaded.put(trainable[group.ordinal].0, group.ordinal, build(group)?);
        }
        *self = loaded;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optim::{OptimizerConfig, OptimizerKind};
    use crate::{Optimizer, ParamStore};
    use nnplay_tensor::Device;
    use nnplay_tensor::engine_test;

    /// A buffer and two weights; the loss 2·Σ tanh(a) + Σ b² gives gradients that change each step.
    fn model() -> ParamStore {
        let mut store = ParamStore::new();
        store.add_buffer("running", Tensor::from_vec(vec![0.5], [1], Device::Cpu).unwrap());
        store.add("a", Tensor::from_vec(vec![1.0, -2.0, 0.5], [3], Device::Cpu).unwrap(), true);
        store.add("b", Tensor::from_vec(vec![0.3, 0.7], [2], Device::Cpu).unwrap(), true);
        store
    }

    fn step(optimizer: &mut dyn Optimizer, store: &mut ParamStore) {
        let a = store.params()[1].value.tanh().mul_scalar(2.0).sum_all();
        let loss = a.add(&store.params()[2].value.square().sum_all()).unwrap();
        let grads = loss.backward().unwrap();
        optimizer.step(store, &grads).unwrap();
    }

    async fn saved(optimizer: &dyn Optimizer) -> Vec<SavedTensor> {
        let mut saved = Vec::new();
        for (name, tensor) in optimizer.state() {
            saved.push((name, tensor.dims().to_vec(), tensor.to_vec().await.unwrap()));
        }
        saved
    }

    async fn values(store: &ParamStore) -> Vec<f32> {
        let mut values = Vec::new();
        for param in store.params() {
            values.extend(param.value.to_vec().await.unwrap());
        }
        values
    }

    fn configs() -> Vec<OptimizerConfig> {
        let config = |kind| OptimizerConfig { kind, learning_rate: 0.05, ..OptimizerConfig::default() };
        let mut configs: Vec<OptimizerConfig> = [
            OptimizerKind::Sgd,
            OptimizerKind::Momentum,
            OptimizerKind::Adam,
            OptimizerKind::AdamW,
            OptimizerKind::Adagrad,
            OptimizerKind::RmsProp,
        ]
        .into_iter()
        .map(config)
        .collect();
        configs.push(OptimizerConfig { amsgrad: true, ..config(OptimizerKind::Adam) });
        configs.push(OptimizerConfig { centered: true, momentum: 0.5, ..config(OptimizerKind::RmsProp) });
        configs
    }

    engine_test! {
        async fn a_loaded_state_continues_the_same_trajectory() {
            for config in configs() {
                let (mut store, mut optimizer) = (model(), config.build());
                for _ in 0..3 {
                    step(optimizer.as_mut(), &mut store);
                }
                let saved = saved(optimizer.as_ref()).await;
                let mut resumed_store = model();
                for (index, param) in store.params().iter().enumerate() {
                    resumed_store.set(index, &param.value);
                }
                let mut resumed = config.build();
                resumed.load_state(&resumed_store, &saved).unwrap();
                for _ in 0..3 {
                    step(optimizer.as_mut(), &mut store);
                    step(resumed.as_mut(), &mut resumed_store);
                }
                assert_eq!(values(&store).await, values(&resumed_store).await, "{:?}", config.kind);
                // A fresh optimizer (no state) would have gone elsewhere, except SGD, which has none.
                if config.kind != OptimizerKind::Sgd {
                    assert!(!saved.is_empty(), "{:?}", config.kind);
                }
            }
        }
    }

    #[test]
    fn a_state_that_does_not_fit_is_refused_by_name() {
        let store = model();
        let mut adam = OptimizerConfig { kind: OptimizerKind::Adam, ..OptimizerConfig::default() }.build();
        let load =
            |adam: &mut Box<dyn Optimizer>, saved: Vec<SavedTensor>| adam.load_state(&store, &saved).unwrap_err();
        let entry = |name: &str, shape: &[usize]| (name.to_string(), shape.to_vec(), vec![0.0; shape.iter().product()]);
        assert_eq!(
            load(&mut adam, vec![entry("5.exp_avg", &[3])]),
            "optimizer state: `5.exp_avg` is for trained parameter 5, but the model has 2"
        );
        assert_eq!(
            load(&mut adam, vec![entry("0.step", &[]), entry("0.exp_avg", &[2]), entry("0.exp_avg_sq", &[3])]),
            "optimizer state: `0.exp_avg` has shape [2] but its parameter's is [3]"
        );
        assert_eq!(load(&mut adam, vec![entry("0.exp_avg", &[3])]), "optimizer state: `0.step` is missing");
        assert_eq!(
            load(&mut adam, vec![entry("moments", &[3])]),
            "optimizer state: `moments` is not named \"{parameter}.{key}\""
        );
        assert!(adam.state().is_empty(), "a refused state leaves the optimizer as it was");
    }
}
