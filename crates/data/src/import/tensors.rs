//! Arrays of examples saved from Python: a safetensors file holding `x` and `y`, or a pair
//! of `.npy` files. `x`'s first axis is the examples; `y` holds one label per example
//! (or one per position, for sequences).

use super::arrays::{Element, SUPPORTED_DTYPES, check_shape};
use super::error::{ImportError, Place, quoted};
use super::npy::read_npy;
use super::{ImportLimits, TaskChoice};
use crate::TensorData;
use safetensors::{Dtype, SafeTensors};

/// Arrays read into examples.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorImport {
    /// Inputs of `x`'s shape less its first axis (`[1]` when `x` is one value per
    /// example); targets are class indices (`[]`, or `y`'s trailing axes for one class per
    /// position) or values (`[1]`, or `y`'s trailing axes; `classes == 0`).
    pub data: TensorData,
    /// `x`'s dtype as the file names it (`<f4`, `F32`…).
    pub x_dtype: String,
    /// `y`'s dtype as the file names it.
    pub y_dtype: String,
}

/// One array, converted, and where it came from (for messages).
struct Array {
    file: String,
    tensor: Option<String>,
    dtype: String,
    shape: Vec<usize>,
    values: Vec<f32>,
}

impl Array {
    fn place(&self) -> Place {
        self.tensor.clone().map_or(Place::File, Place::Tensor)
    }

    /// How a message names this array: `x.npy`, or `tensor "x"`.
    fn name(&self) -> String {
        self.tensor.as_ref().map_or_else(|| self.file.clone(), |t| format!("tensor {t:?}"))
    }

    fn example(&self, index: usize) -> Place {
        Place::Example { tensor: self.tensor.clone(), index }
    }

    /// The trailing axes: one example's shape.
    fn row_shape(&self) -> &[usize] {
        &self.shape[1..]
    }

    fn row_len(&self) -> usize {
        self.row_shape().iter().product()
    }
}

/// Reads a safetensors file holding tensors named `x` (inputs) and `y` (labels).
/// `TaskChoice::Auto` makes `y` classes when every label is a whole number from 0 and the
/// largest is below `max_classes`; `classes` is then the largest label plus one.
pub fn import_safetensors(
    file: &str,
    bytes: &[u8],
    task: TaskChoice,
    limits: &ImportLimits,
) -> Result<TensorImport, ImportError> {
    limits.check_file_size(file, bytes.len())?;
    let tensors = SafeTensors::deserialize(bytes).map_err(|e| ImportError::Unexpected {
        file: file.into(),
        place: Place::File,
        expected: "a safetensors file (a header length, a JSON header, then the data)".into(),
        found: misfit(bytes).unwrap_or_else(|| e.to_string()),
    })?;
    let (Ok(x), Ok(y)) = (tensors.tensor("x"), tensors.tensor("y")) else {
        let mut names = tensors.names();
        names.sort_unstable();
        let found = if names.is_empty() {
            "no tensors".to_string()
        } else {
            names.iter().map(|n| quoted(n)).collect::<Vec<_>>().join(", ")
        };
        return Err(ImportError::Unexpected {
            file: file.into(),
            place: Place::File,
            expected: "tensors named \"x\" (inputs) and \"y\" (labels)".into(),
            found,
        });
    };
    let read = |name: &str, view: &safetensors::tensor::TensorView<'_>| {
        let place = Place::Tensor(name.into());
        let element = safetensors_element(file, &place, view.dtype())?;
        check_shape(file, &place, view.shape(), limits)?;
        Ok::<_, ImportError>(Array {
            file: file.into(),
            tensor: Some(name.into()),
            dtype: view.dtype().to_string(),
            shape: view.shape().to_vec(),
            values: element.decode(view.data()),
        })
    };
    assemble(read("x", &x)?, read("y", &y)?, task, limits)
}

/// Reads `x` and `y` from two `.npy` files (each a name and its bytes); `task` as for
/// [`import_safetensors`].
pub fn import_npy_pair(
    x: (&str, &[u8]),
    y: (&str, &[u8]),
    task: TaskChoice,
    limits: &ImportLimits,
) -> Result<TensorImport, ImportError> {
    let read = |(file, bytes): (&str, &[u8])| {
        read_npy(file, bytes, limits).map(|a| Array {
            file: file.into(),
            tensor: None,
            dtype: a.descr,
            shape: a.shape,
            values: a.values,
        })
    };
    assemble(read(x)?, read(y)?, task, limits)
}

fn safetensors_element(file: &str, place: &Place, dtype: Dtype) -> Result<Element, ImportError> {
    Ok(match dtype {
        Dtype::BOOL => Element::Bool,
        Dtype::U8 => Element::U8,
        Dtype::I8 => Element::I8,
        Dtype::U16 => Element::U16,
        Dtype::I16 => Element::I16,
        Dtype::U32 => Element::U32,
        Dtype::I32 => Element::I32,
        Dtype::U64 => Element::U64,
        Dtype::I64 => Element::I64,
        Dtype::F32 => Element::F32,
        Dtype::F64 => Element::F64,
        other => {
            return Err(ImportError::Unsupported {
                file: file.into(),
                place: place.clone(),
                what: format!("dtype {other}"),
                advice: format!("{SUPPORTED_DTYPES} (torch: t.float())"),
            });
        }
    })
}

/// Pairs the inputs with the labels and decides the task.
fn assemble(x: Array, y: Array, task: TaskChoice, limits: &ImportLimits) -> Result<TensorImport, ImportError> {
    let (examples, labels) = (x.shape[0], y.shape[0]);
    if labels != examples {
        return Err(ImportError::Unexpected {
            file: y.file.clone(),
            place: y.place(),
            expected: format!("{examples} labels ({} has {examples} examples)", x.name()),
            found: labels.to_string(),
        });
    }
    finite(&x)?;
    finite(&y)?;
    let per_position = !matches!(y.row_shape(), [] | [1]);
    let whole_from_zero = |v: &f32| v.fract() == 0.0 && *v >= 0.0;
    let classification = match task {
        TaskChoice::Classification => true,
        TaskChoice::Regression => false,
        TaskChoice::Auto => {
            y.values.iter().all(whole_from_zero) && y.values.iter().all(|&v| (v as usize) < limits.max_classes)
        }
    };
    let (classes, target_shape) = if classification {
        if let Some(index) = y.values.iter().position(|v| !whole_from_zero(v)) {
            return Err(ImportError::Unexpected {
                file: y.file.clone(),
                place: y.example(index / y.row_len()),
                expected: "a class index (a whole number from 0)".into(),
                found: y.values[index].to_string(),
            });
        }
        let largest = y.values.iter().fold(0.0f32, |a, &b| a.max(b)) as usize;
        let classes = largest.saturating_add(1);
        if classes > limits.max_classes {
            let what = "classes (labels from 0 to the largest)";
            return Err(ImportError::OverLimit {
                file: y.file.clone(),
                place: y.place(),
                what,
                count: Some(classes),
                limit: limits.max_classes,
            });
        }
        if classes < 2 {
            return Err(ImportError::Unexpected {
                file: y.file.clone(),
                place: y.place(),
                expected: "at least two classes".into(),
                found: "only the label 0".into(),
            });
        }
        (classes, if per_position { y.row_shape().to_vec() } else { vec![] })
    } else {
        (0, if per_position { y.row_shape().to_vec() } else { vec![1] })
    };
    let input_shape = if x.row_shape().is_empty() { vec![1] } else { x.row_shape().to_vec() };
    Ok(TensorImport {
        data: TensorData { inputs: x.values, input_shape, targets: y.values, target_shape, classes, len: examples },
        x_dtype: x.dtype,
        y_dtype: y.dtype,
    })
}

/// Refuses NaN and infinities, naming the example.
fn finite(array: &Array) -> Result<(), ImportError> {
    match array.values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(index) => Err(ImportError::Unexpected {
            file: array.file.clone(),
            place: array.example(index / array.row_len()),
            expected: "finite numbers".into(),
            found: array.values[index].to_string(),
        }),
    }
}

/// The first tensor of a safetensors header whose shape and data type do not fit the span
/// of its `data_offsets`, in words; the library's own error does not name it.
fn misfit(bytes: &[u8]) -> Option<String> {
    let length = usize::try_from(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?)).ok()?;
    let header: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(bytes.get(8..8usize.checked_add(length)?)?).ok()?;
    header.iter().filter(|(name, _)| *name != "__metadata__").find_map(|(name, info)| {
        let dtype: Dtype = serde_json::from_value(info.get("dtype")?.clone()).ok()?;
        let shape: Vec<usize> = serde_json::from_value(info.get("shape")?.clone()).ok()?;
        let [start, end]: [usize; 2] = serde_json::from_value(info.get("data_offsets")?.clone()).ok()?;
        let span = end.checked_sub(start);
        let needed =
            shape.iter().try_fold(dtype.bitsize(), |n, &axis| n.checked_mul(axis)).map(|bits| bits.div_ceil(8));
        if needed.is_some() && needed == span {
            return None;
        }
        let needed = needed.map_or("more bytes than a file can hold".to_string(), |n| format!("{n} bytes"));
        let span = span.map_or(format!("offsets [{start}, {end}] that run backwards"), |n| format!("{n} bytes"));
        Some(format!(
            "tensor {} of shape {shape:?} and type {dtype:?}, which needs {needed}, given {span}",
            quoted(name)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::super::npy::npy_bytes;
    use super::*;
    use safetensors::tensor::TensorView;

    /// A safetensors file of `header` (JSON) and `data`, as a hand-written file would be.
    fn raw_safetensors(header: &str, data: &[u8]) -> Vec<u8> {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(data);
        bytes
    }

    #[test]
    fn a_tensor_whose_shape_does_not_fit_its_bytes_is_named() {
        let limits = ImportLimits::default();
        let header = r#"{"x":{"dtype":"F32","shape":[4000000000000,2],"data_offsets":[0,32]},"y":{"dtype":"F32","shape":[4],"data_offsets":[32,48]}}"#;
        let error =
            import_safetensors("big.safetensors", &raw_safetensors(header, &[0; 48]), TaskChoice::Auto, &limits);
        assert_eq!(
            error.unwrap_err().to_string(),
            "big.safetensors: expected a safetensors file (a header length, a JSON header, then the data), found tensor \
             \"x\" of shape [4000000000000, 2] and type F32, which needs 32000000000000 bytes, given 32 bytes"
        );
        let header = r#"{"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,32]}}"#;
        let error =
            import_safetensors("huge.safetensors", &raw_safetensors(header, &[0; 32]), TaskChoice::Auto, &limits);
        assert!(
            error.unwrap_err().to_string().ends_with("which needs more bytes than a file can hold, given 32 bytes")
        );
    }

    fn f32_bytes(values: &[f32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    fn i64_bytes(values: &[i64]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    fn safetensors_file(tensors: &[(&str, Dtype, &[usize], &[u8])]) -> Vec<u8> {
        let views: Vec<(&str, TensorView<'_>)> = tensors
            .iter()
            .map(|&(name, dtype, shape, data)| (name, TensorView::new(dtype, shape.to_vec(), data).unwrap()))
            .collect();
        safetensors::serialize(views, None).unwrap()
    }

    fn pair(x: &[u8], y: &[u8], task: TaskChoice) -> Result<TensorImport, ImportError> {
        import_npy_pair(("x.npy", x), ("y.npy", y), task, &ImportLimits::default())
    }

    #[test]
    fn safetensors_with_integer_labels_is_a_classification() {
        let x = f32_bytes(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        let y = i64_bytes(&[2, 0, 1]);
        let file = safetensors_file(&[("x", Dtype::F32, &[3, 2], &x), ("y", Dtype::I64, &[3], &y)]);
        let read = import_safetensors("data.safetensors", &file, TaskChoice::Auto, &ImportLimits::default()).unwrap();
        assert_eq!(read.data.inputs, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(read.data.input_shape, [2]);
        assert_eq!(read.data.targets, [2.0, 0.0, 1.0]);
        assert_eq!(read.data.target_shape, Vec::<usize>::new());
        assert_eq!((read.data.classes, read.data.len), (3, 3));
        assert_eq!((read.x_dtype.as_str(), read.y_dtype.as_str()), ("F32", "I64"));
    }

    #[test]
    fn image_shaped_inputs_keep_their_axes() {
        let x: Vec<u8> = (0..2 * 3 * 2 * 2).map(|i| i as u8).collect();
        let y = f32_bytes(&[0.0, 1.0]);
        let file = safetensors_file(&[("x", Dtype::U8, &[2, 3, 2, 2], &x), ("y", Dtype::F32, &[2, 1], &y)]);
        let read = import_safetensors("d.safetensors", &file, TaskChoice::Auto, &ImportLimits::default()).unwrap();
        assert_eq!(read.data.input_shape, [3, 2, 2]);
        assert_eq!(read.data.inputs[23], 23.0);
        assert_eq!(read.data.classes, 2);
    }

    #[test]
    fn npy_pair_with_real_labels_is_a_regression() {
        let x = npy_bytes("<f4", false, &[3], &f32_bytes(&[1.0, 2.0, 3.0]));
        let y =
            npy_bytes("<f8", false, &[3], &[0.5f64, 1.0, 1.5].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>());
        let read = pair(&x, &y, TaskChoice::Auto).unwrap();
        assert_eq!(read.data.input_shape, [1]);
        assert_eq!(read.data.targets, [0.5, 1.0, 1.5]);
        assert_eq!((read.data.classes, read.data.target_shape.clone()), (0, vec![1]));
        assert_eq!((read.x_dtype.as_str(), read.y_dtype.as_str()), ("<f4", "<f8"));
    }

    #[test]
    fn the_task_can_be_forced() {
        let x = npy_bytes("<f4", false, &[2, 1], &f32_bytes(&[1.0, 2.0]));
        let y = npy_bytes("<i4", false, &[2], &[1i32, 3].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>());
        let regression = pair(&x, &y, TaskChoice::Regression).unwrap();
        assert_eq!((regression.data.classes, regression.data.targets.clone()), (0, vec![1.0, 3.0]));
        let classes = pair(&x, &y, TaskChoice::Classification).unwrap();
        assert_eq!(classes.data.classes, 4);
    }

    #[test]
    fn labels_per_position_keep_their_axis() {
        let x = npy_bytes("<f4", false, &[2, 3], &f32_bytes(&[0.0; 6]));
        let y = npy_bytes("|u1", false, &[2, 3], &[0, 1, 2, 2, 1, 0]);
        let read = pair(&x, &y, TaskChoice::Auto).unwrap();
        assert_eq!((read.data.classes, read.data.target_shape.clone()), (3, vec![3]));
        let read = pair(&x, &y, TaskChoice::Regression).unwrap();
        assert_eq!((read.data.classes, read.data.target_shape), (0, vec![3]));
    }

    #[test]
    fn many_whole_labels_are_values_unless_forced() {
        let limits = ImportLimits { max_classes: 3, ..ImportLimits::default() };
        let x = npy_bytes("<f4", false, &[2], &f32_bytes(&[1.0, 2.0]));
        let y = npy_bytes("<i8", false, &[2], &i64_bytes(&[0, 5]));
        let read = import_npy_pair(("x.npy", &x), ("y.npy", &y), TaskChoice::Auto, &limits).unwrap();
        assert_eq!(read.data.classes, 0);
        let err = import_npy_pair(("x.npy", &x), ("y.npy", &y), TaskChoice::Classification, &limits).unwrap_err();
        assert_eq!(err.to_string(), "y.npy: 6 classes (labels from 0 to the largest); the limit is 3");
    }

    #[test]
    fn lengths_that_differ_are_both_named() {
        let x = npy_bytes("<f4", false, &[3], &f32_bytes(&[1.0, 2.0, 3.0]));
        let y = npy_bytes("<f4", false, &[2], &f32_bytes(&[1.0, 2.0]));
        assert_eq!(
            pair(&x, &y, TaskChoice::Auto).unwrap_err().to_string(),
            "y.npy: expected 3 labels (x.npy has 3 examples), found 2"
        );
        let file = safetensors_file(&[
            ("x", Dtype::F32, &[3], &f32_bytes(&[1.0, 2.0, 3.0])),
            ("y", Dtype::F32, &[2], &f32_bytes(&[1.0, 2.0])),
        ]);
        let err = import_safetensors("d.safetensors", &file, TaskChoice::Auto, &ImportLimits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.safetensors tensor \"y\": expected 3 labels (tensor \"x\" has 3 examples), found 2"
        );
    }

    #[test]
    fn forced_classes_must_be_whole_numbers_from_zero() {
        let x = npy_bytes("<f4", false, &[3], &f32_bytes(&[1.0, 2.0, 3.0]));
        let y = npy_bytes("<f4", false, &[3], &f32_bytes(&[1.0, 0.5, 0.0]));
        assert_eq!(
            pair(&x, &y, TaskChoice::Classification).unwrap_err().to_string(),
            "y.npy example index 1: expected a class index (a whole number from 0), found 0.5"
        );
        let y = npy_bytes("<i4", false, &[3], &[0i32, 1, -1].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>());
        assert_eq!(
            pair(&x, &y, TaskChoice::Classification).unwrap_err().to_string(),
            "y.npy example index 2: expected a class index (a whole number from 0), found -1"
        );
        // Negative whole numbers are values, not classes, when the task is not forced.
        assert_eq!(pair(&x, &y, TaskChoice::Auto).unwrap().data.classes, 0);
    }

    #[test]
    fn a_single_class_is_refused() {
        let x = npy_bytes("<f4", false, &[2], &f32_bytes(&[1.0, 2.0]));
        let y = npy_bytes("|u1", false, &[2], &[0, 0]);
        assert_eq!(
            pair(&x, &y, TaskChoice::Auto).unwrap_err().to_string(),
            "y.npy: expected at least two classes, found only the label 0"
        );
    }

    #[test]
    fn non_finite_values_name_their_example() {
        let x = npy_bytes("<f4", false, &[2, 2], &f32_bytes(&[1.0, 2.0, 3.0, f32::NAN]));
        let y = npy_bytes("|u1", false, &[2], &[0, 1]);
        assert_eq!(
            pair(&x, &y, TaskChoice::Auto).unwrap_err().to_string(),
            "x.npy example index 1: expected finite numbers, found NaN"
        );
        let file = safetensors_file(&[
            ("x", Dtype::F32, &[2], &f32_bytes(&[1.0, 2.0])),
            ("y", Dtype::F64, &[2], &[0.0, f64::INFINITY].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>()),
        ]);
        let err = import_safetensors("d.safetensors", &file, TaskChoice::Auto, &ImportLimits::default()).unwrap_err();
        assert_eq!(err.to_string(), "d.safetensors tensor \"y\" example index 1: expected finite numbers, found inf");
    }

    #[test]
    fn missing_tensors_are_listed() {
        let file = safetensors_file(&[
            ("inputs", Dtype::F32, &[1], &f32_bytes(&[1.0])),
            ("labels", Dtype::F32, &[1], &f32_bytes(&[1.0])),
        ]);
        let err = import_safetensors("d.safetensors", &file, TaskChoice::Auto, &ImportLimits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.safetensors: expected tensors named \"x\" (inputs) and \"y\" (labels), found \"inputs\", \"labels\""
        );
        let empty = safetensors_file(&[]);
        let err = import_safetensors("d.safetensors", &empty, TaskChoice::Auto, &ImportLimits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.safetensors: expected tensors named \"x\" (inputs) and \"y\" (labels), found no tensors"
        );
    }

    #[test]
    fn an_unsupported_dtype_names_the_tensor() {
        let file = safetensors_file(&[("x", Dtype::F16, &[2], &[0; 4]), ("y", Dtype::U8, &[2], &[0, 1])]);
        let err = import_safetensors("d.safetensors", &file, TaskChoice::Auto, &ImportLimits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.safetensors tensor \"x\": dtype F16 is not supported; save float32 or float64, or an integer or bool type (torch: t.float())"
        );
    }

    #[test]
    fn a_file_that_is_not_safetensors_is_refused() {
        let err =
            import_safetensors("d.safetensors", b"not a safetensors file", TaskChoice::Auto, &ImportLimits::default());
        let err = err.unwrap_err().to_string();
        assert!(
            err.starts_with(
                "d.safetensors: expected a safetensors file (a header length, a JSON header, then the data), found "
            ),
            "{err}"
        );
    }

    #[test]
    fn limits_are_checked_on_the_shape_and_the_file() {
        let limits = ImportLimits { max_features: 3, ..ImportLimits::default() };
        let file = safetensors_file(&[("x", Dtype::U8, &[1, 4], &[0; 4]), ("y", Dtype::U8, &[1], &[0])]);
        let err = import_safetensors("d.safetensors", &file, TaskChoice::Auto, &limits).unwrap_err();
        assert_eq!(err.to_string(), "d.safetensors tensor \"x\": 4 values per example; the limit is 3");
        let limits = ImportLimits { max_file_bytes: 16, ..ImportLimits::default() };
        let err = import_safetensors("d.safetensors", &file, TaskChoice::Auto, &limits).unwrap_err();
        assert!(err.to_string().starts_with("d.safetensors is "), "{err}");
        let x = npy_bytes("<f4", false, &[1, 4], &f32_bytes(&[0.0; 4]));
        let y = npy_bytes("|u1", false, &[1], &[0]);
        let limits = ImportLimits { max_features: 3, ..ImportLimits::default() };
        let err = import_npy_pair(("x.npy", &x), ("y.npy", &y), TaskChoice::Auto, &limits).unwrap_err();
        assert_eq!(err.to_string(), "x.npy: 4 values per example; the limit is 3");
    }
}
