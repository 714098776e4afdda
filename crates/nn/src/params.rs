use nnplay_tensor::Tensor;

/// Index of a parameter in its [`ParamStore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParamId(usize);

impl ParamId {
    /// Position in the store (creation order).
    pub fn index(self) -> usize {
        self.0
    }
}

/// A named tensor of a model: its name is PyTorch's `state_dict` key. Trainable ones
/// are autodiff variables; buffers (BatchNorm's running statistics) are not, so they
/// get no gradient and optimizers pass them by.
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub value: Tensor,
    /// Whether L1/L2 penalties apply (weights yes, biases and buffers no).
    pub regularize: bool,
    /// Whether the optimizer trains it (false for buffers).
    pub trainable: bool,
}

/// Every tensor of a model's state. Layers hold [`ParamId`]s into it; optimizers and
/// buffer updates replace values after each step.
#[derive(Debug, Clone, Default)]
pub struct ParamStore {
    params: Vec<Param>,
}

impl ParamStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a trainable parameter and returns its id.
    pub fn add(&mut self, name: impl Into<String>, value: Tensor, regularize: bool) -> ParamId {
        self.params.push(Param { name: name.into(), value: value.variable(), regularize, trainable: true });
        ParamId(self.params.len() - 1)
    }
    /// Adds a buffer: state that is saved with the model but not trained.
    pub fn add_buffer(&mut self, name: impl Into<String>, value: Tensor) -> ParamId {
        self.params.push(Param { name: name.into(), value: value.detach(), regularize: false, trainable: false });
        ParamId(self.params.len() - 1)
    }
    /// The current value of a parameter.
    pub fn get(&self, id: ParamId) -> &Tensor {
        &self.params[id.0].value
    }
    /// Replaces a value: a trainable one becomes a variable (if it is not yet), a buffer
    /// is detached.
    pub fn set(&mut self, index: usize, value: &Tensor) {
        let param = &mut self.params[index];
        param.value = match (param.trainable, value.is_variable()) {
            (true, true) => value.clone(),
            (true, false) => value.variable(),
            (false, _) => value.detach(),
        };
    }
    /// A copy whose values are cut off from autodiff: forward passes through it record
    /// no graph (evaluation, predictions for the UI).
    pub fn detached(&self) -> ParamStore {
        let params = self.params.iter().map(|p| Param { value: p.value.detach(), ..p.clone() }).collect();
        ParamStore { params }
    }
    /// All parameters in creation order.
    pub fn params(&self) -> &[Param] {
        &self.params
    }
    /// Number of parameters (tensors).
    pub fn len(&self) -> usize {
        self.params.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }
    /// Number of trainable scalars.
    pub fn scalar_count(&self) -> usize {
        self.params.iter().filter(|p| p.trainable).map(|p| p.value.elem_count()).sum()
    }
}
