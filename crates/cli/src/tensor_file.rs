//! One named tensor in a safetensors file: what `nnplay predict` reads (`x`) and writes (`y`).

use crate::CliError;
use crate::error::bad_file;
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use std::path::Path;

/// A tensor's shape and its values as f32, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct HostTensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

/// The tensor `name` of the safetensors file at `path`, converted to f32 (integer token
/// ids and float64 arrays are common in files written from Python).
pub fn read(path: &Path, name: &str) -> Result<HostTensor, CliError> {
    let bytes = crate::files::read(path, "input file")?;
    let file = SafeTensors::deserialize(&bytes).map_err(|e| bad_file(path, format!("not a safetensors file ({e})")))?;
    let view = file.tensor(name).map_err(|_| {
        let mut names = file.names();
        names.sort_unstable();
        let found = if names.is_empty() { "none".to_string() } else { names.join(", ") };
        bad_file(path, format!("no tensor named \"{name}\" (its tensors: {found})"))
    })?;
    let values = floats(view.dtype(), view.data()).ok_or_else(|| {
        bad_file(path, format!("tensor \"{name}\" is {}; save it as float32, float64 or an integer type", view.dtype()))
    })?;
    Ok(HostTensor { shape: view.shape().to_vec(), values })
}

/// Writes `tensor` as float32 under `name`, as the only tensor of a new file at `path`.
pub fn write(path: &Path, name: &str, tensor: &HostTensor) -> Result<(), CliError> {
    let bytes: Vec<u8> = tensor.values.iter().flat_map(|v| v.to_le_bytes()).collect();
    let view = TensorView::new(Dtype::F32, tensor.shape.clone(), &bytes).expect("the values fill the shape");
    let file = safetensors::serialize([(name, view)], None).map_err(|e| CliError::Run(format!("{e}")))?;
    crate::files::write(path, &file)
}

/// Little-endian `data` of `dtype` as f32, or `None` for a dtype that is not read.
fn floats(dtype: Dtype, data: &[u8]) -> Option<Vec<f32>> {
    fn each<const N: usize>(data: &[u8], convert: impl Fn([u8; N]) -> f32) -> Vec<f32> {
        data.chunks_exact(N).map(|chunk| convert(chunk.try_into().expect("chunks of N bytes"))).collect()
    }
    Some(match dtype {
        Dtype::F32 => each(data, f32::from_le_bytes),
        Dtype::F64 => each(data, |b| f64::from_le_bytes(b) as f32),
        Dtype::I64 => each(data, |b| i64::from_le_bytes(b) as f32),
        Dtype::I32 => each(data, |b| i32::from_le_bytes(b) as f32),
        Dtype::I16 => each(data, |b| f32::from(i16::from_le_bytes(b))),
        Dtype::U8 => data.iter().map(|&b| f32::from(b)).collect(),
        Dtype::I8 => data.iter().map(|&b| f32::from(b as i8)).collect(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_tensor_reads_back() {
        let path = std::env::temp_dir().join(format!("nnplay-tensor-file-{}.safetensors", std::process::id()));
        let tensor = HostTensor { shape: vec![2, 3], values: vec![1.0, -2.0, 3.5, 0.0, 4.0, 5.0] };
        write(&path, "y", &tensor).unwrap();
        assert_eq!(read(&path, "y").unwrap(), tensor);
        let err = read(&path, "x").unwrap_err().to_string();
        assert!(err.ends_with("no tensor named \"x\" (its tensors: y)"), "{err}");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn integer_ids_become_floats() {
        let data: Vec<u8> = [3i64, -1, 7].iter().flat_map(|v| v.to_le_bytes()).collect();
        assert_eq!(floats(Dtype::I64, &data), Some(vec![3.0, -1.0, 7.0]));
        assert_eq!(floats(Dtype::F16, &[0, 0]), None);
    }
}
