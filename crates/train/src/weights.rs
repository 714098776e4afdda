//! A model's weights as a safetensors file. Tensor names are the parameter names, which
//! are PyTorch's `state_dict` keys (`layers.0.weight`), and values are little-endian f32,
//! so `safetensors.torch.load_file` gives what `load_state_dict` expects.

use crate::TrainError;
use nnplay_nn::ParamStore;
use nnplay_tensor::Tensor;
use safetensors::tensor::{Dtype, SafeTensors, TensorView};

/// Every parameter and buffer of `params`, read back from its device, as safetensors bytes.
pub async fn to_safetensors(params: &ParamStore) -> Result<Vec<u8>, TrainError> {
    let mut tensors = Vec::with_capacity(params.len());
    for param in params.params() {
        let values = param.value.to_vec().await?;
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        tensors.push((param.name.clone(), param.value.dims().to_vec(), bytes));
    }
    let views = tensors.iter().map(|(name, shape, bytes)| {
        let view = TensorView::new(Dtype::F32, shape.clone(), bytes).expect("the byte count matches the shape");
        (name.as_str(), view)
    });
    safetensors::serialize(views, None).map_err(|e| TrainError::Spec(format!("writing safetensors: {e}")))
}

/// Replaces every parameter of `params` with the tensor of the same name in `bytes`, on
/// the parameter's device. The file must hold exactly the model's names, with its
/// shapes, in f32; otherwise nothing is changed and the error names the first problem.
pub fn load_safetensors(params: &mut ParamStore, bytes: &[u8]) -> Result<(), TrainError> {
    let invalid = |reason: String| TrainError::Spec(format!("weights file: {reason}"));
    let file = SafeTensors::deserialize(bytes).map_err(|e| invalid(format!("not a safetensors file ({e})")))?;
    let mut loaded = Vec::with_capacity(params.len());
    for param in params.params() {
        let view = file
            .tensor(&param.name)
            .map_err(|_| invalid(format!("no tensor `{}` (the model's {:?})", param.name, param.value.dims())))?;
        if view.dtype() != Dtype::F32 {
            return Err(invalid(format!("`{}` is {:?}; only F32 is supported", param.name, view.dtype())));
        }
        if view.shape() != param.value.dims() {
            return Err(invalid(format!(
                "`{}` has shape {:?} but the model's is {:?}",
                param.name,
                view.shape(),
                param.value.dims()
            )));
        }
        let values: Vec<f32> =
            view.data().chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        loaded.push(Tensor::from_vec(values, view.shape(), param.value.device())?);
    }
    if let Some(extra) = file.names().into_iter().find(|name| params.params().iter().all(|p| p.name != *name)) {
        return Err(invalid(format!("tensor `{extra}` is not a parameter of this model")));
    }
    for (index, value) in loaded.iter().enumerate() {
        params.set(index, value);
    }
    Ok(())
}
