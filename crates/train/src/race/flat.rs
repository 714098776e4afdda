//! A model's trainable weights as one flat vector, and back: the coordinates of weight
//! space that paths and the loss surface live in. Buffers (BatchNorm's statistics) are
//! not weights an optimizer moves, so they stay out.

use crate::TrainError;
use nnplay_nn::ParamStore;
use nnplay_tensor::{Device, Tensor};

/// Every trainable parameter of `params`, read back and concatenated in parameter order.
pub async fn flatten(params: &ParamStore) -> Result<Vec<f32>, TrainError> {
    let mut flat = Vec::with_capacity(params.scalar_count());
    for param in params.params().iter().filter(|p| p.trainable) {
        flat.extend(param.value.to_vec().await?);
    }
    Ok(flat)
}

/// A copy of `params` (detached, on `device`) whose trainable parameters take their
/// values from `flat`, in the order [`flatten`] writes; `flat` must be that long.
pub fn unflatten(params: &ParamStore, flat: &[f32], device: Device) -> Result<ParamStore, TrainError> {
    if flat.len() != params.scalar_count() {
        return Err(TrainError::Spec(format!(
            "race: a weight vector of {} values does not fit a model of {} weights",
            flat.len(),
            params.scalar_count()
        )));
    }
    let mut store = params.detached();
    let mut offset = 0;
    for (index, param) in params.params().iter().enumerate() {
        if !param.trainable {
            continue;
        }
        let count = param.value.elem_count();
        let value = Tensor::from_vec(flat[offset..offset + count].to_vec(), param.value.shape().clone(), device)?;
        store.set(index, &value.detach());
        offset += count;
    }
    Ok(store.detached())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_survive_flattening_and_a_wrong_length_is_refused() {
        let mut params = ParamStore::new();
        params.add("a.weight", Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], [2, 2], Device::Cpu).unwrap(), true);
        params.add_buffer("a.running_mean", Tensor::from_vec(vec![9.0], [1], Device::Cpu).unwrap());
        params.add("a.bias", Tensor::from_vec(vec![5.0, 6.0], [2], Device::Cpu).unwrap(), false);
        let flat = pollster::block_on(flatten(&params)).unwrap();
        assert_eq!(flat, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "buffers stay out");
        let moved: Vec<f32> = flat.iter().map(|v| v * 10.0).collect();
        let store = unflatten(&params, &moved, Device::Cpu).unwrap();
        assert_eq!(pollster::block_on(flatten(&store)).unwrap(), moved);
        let buffer = pollster::block_on(store.params()[1].value.to_vec()).unwrap();
        assert_eq!(buffer, [9.0], "the buffer is kept as it was");
        let error = unflatten(&params, &[1.0], Device::Cpu).unwrap_err().to_string();
        assert!(error.contains("1 values does not fit a model of 6 weights"), "{error}");
    }
}
