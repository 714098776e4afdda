use nnplay_tensor::Tensor;

/// Index of a parameter in its [`ParamStore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParamId(usize);

/// A trainable tensor with a name (PyTorch's `state_dict` key) and whether L1/L2
/// penalties apply to it (weights yes, biases no).
#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub value: Tensor,
    pub regularize: bool,
}

/// Every trainable tensor of a model. Layers hold [`ParamId`]s into it, optimizers
/// replace the values after each step; values are always autodiff variables.
#[derive(Debug, Clone, Default)]
pub struct ParamStore {
    params: Vec<Param>,
}

impl ParamStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a parameter and returns its id.
    pub fn add(&mut self, name: impl Into<String>, value: Tensor, regularize: bool) -> ParamId {
        self.params.push(Param { name: name.into(), value: value.variable(), regularize });
        ParamId(self.params.len() - 1)
    }
    /// The current value of a parameter.
    pub fn get(&self, id: ParamId) -> &Tensor {
        &self.params[id.0].value
    }
    /// Replaces a parameter's value; a value that is not yet a variable becomes one.
    pub fn set(&mut self, index: usize, value: &Tensor) {
        self.params[index].value = if value.is_variable() { value.clone() } else { value.variable() };
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
    /// Number of scalar weights in all parameters.
    pub fn scalar_count(&self) -> usize {
        self.params.iter().map(|p| p.value.elem_count()).sum()
    }
}
