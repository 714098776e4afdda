//! What NPY and safetensors arrays share: little-endian element types converted to f32,
//! and the shape checks made before any data is converted.

use super::ImportLimits;
use super::error::{ImportError, Place};

/// The element types read from either format, all stored little-endian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Element {
    Bool,
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    U64,
    I64,
    F32,
    F64,
}

/// What to say when a dtype is refused.
pub(crate) const SUPPORTED_DTYPES: &str = "save float32 or float64, or an integer or bool type";

impl Element {
    /// Bytes per element.
    pub(crate) fn size(self) -> usize {
        match self {
            Element::Bool | Element::U8 | Element::I8 => 1,
            Element::U16 | Element::I16 => 2,
            Element::U32 | Element::I32 | Element::F32 => 4,
            Element::U64 | Element::I64 | Element::F64 => 8,
        }
    }

    /// The elements of `bytes` as f32 (64-bit values are rounded to the nearest f32);
    /// a trailing partial element is ignored (callers check the length first).
    pub(crate) fn decode(self, bytes: &[u8]) -> Vec<f32> {
        match self {
            Element::Bool => bytes.iter().map(|&b| f32::from(u8::from(b != 0))).collect(),
            Element::U8 => bytes.iter().map(|&b| f32::from(b)).collect(),
            Element::I8 => bytes.iter().map(|&b| f32::from(b as i8)).collect(),
            Element::U16 => le(bytes, |b| f32::from(u16::from_le_bytes(b))),
            Element::I16 => le(bytes, |b| f32::from(i16::from_le_bytes(b))),
            Element::U32 => le(bytes, |b| u32::from_le_bytes(b) as f32),
            Element::I32 => le(bytes, |b| i32::from_le_bytes(b) as f32),
            Element::U64 => le(bytes, |b| u64::from_le_bytes(b) as f32),
            Element::I64 => le(bytes, |b| i64::from_le_bytes(b) as f32),
            Element::F32 => le(bytes, f32::from_le_bytes),
            Element::F64 => le(bytes, |b| f64::from_le_bytes(b) as f32),
        }
    }
}

fn le<const N: usize>(bytes: &[u8], convert: impl Fn([u8; N]) -> f32) -> Vec<f32> {
    bytes
        .chunks_exact(N)
        .map(|chunk| {
            let mut array = [0; N];
            array.copy_from_slice(chunk);
            convert(array)
        })
        .collect()
}

/// A shape as Python prints it: `(3,)`, `(3, 4)`, `()`.
pub(crate) fn python_shape(shape: &[usize]) -> String {
    match shape {
        [one] => format!("({one},)"),
        _ => format!("({})", shape.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
    }
}

/// Checks that the first axis is the examples, within the limits, and returns the number
/// of elements; called before any data is converted.
pub(crate) fn check_shape(
    file: &str,
    place: &Place,
    shape: &[usize],
    limits: &ImportLimits,
) -> Result<usize, ImportError> {
    let unexpected = |expected: &str| ImportError::Unexpected {
        file: file.into(),
        place: place.clone(),
        expected: expected.into(),
        found: format!("shape {}", python_shape(shape)),
    };
    let over =
        |what, count, limit| ImportError::OverLimit { file: file.into(), place: place.clone(), what, count, limit };
    let Some((&examples, rest)) = shape.split_first() else {
        return Err(unexpected("an array whose first axis is the examples"));
    };
    if examples == 0 {
        return Err(unexpected("at least one example"));
    }
    if rest.contains(&0) {
        return Err(unexpected("at least one value per example"));
    }
    if examples > limits.max_examples {
        return Err(over("examples", Some(examples), limits.max_examples));
    }
    // None when the product overflows: a shape no file can hold.
    let per_example = rest.iter().try_fold(1usize, |product, &axis| product.checked_mul(axis));
    match per_example {
        Some(count) if count <= limits.max_features => Ok(examples * count),
        count => Err(over("values per example", count, limits.max_features)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_type_decodes_little_endian() {
        assert_eq!(Element::Bool.decode(&[0, 1, 7]), [0.0, 1.0, 1.0]);
        assert_eq!(Element::U8.decode(&[0, 255]), [0.0, 255.0]);
        assert_eq!(Element::I8.decode(&[0xFF, 5]), [-1.0, 5.0]);
        assert_eq!(Element::U16.decode(&[0x34, 0x12]), [4660.0]);
        assert_eq!(Element::I16.decode(&(-300i16).to_le_bytes()), [-300.0]);
        assert_eq!(Element::U32.decode(&70_000u32.to_le_bytes()), [70_000.0]);
        assert_eq!(Element::I32.decode(&(-7i32).to_le_bytes()), [-7.0]);
        assert_eq!(Element::U64.decode(&9u64.to_le_bytes()), [9.0]);
        assert_eq!(Element::I64.decode(&(-9i64).to_le_bytes()), [-9.0]);
        assert_eq!(Element::F32.decode(&1.5f32.to_le_bytes()), [1.5]);
        assert_eq!(Element::F64.decode(&(-0.25f64).to_le_bytes()), [-0.25]);
        let sizes = [Element::Bool, Element::I16, Element::F32, Element::I64].map(Element::size);
        assert_eq!(sizes, [1, 2, 4, 8]);
    }

    #[test]
    fn shapes_print_as_python_tuples() {
        assert_eq!(python_shape(&[]), "()");
        assert_eq!(python_shape(&[3]), "(3,)");
        assert_eq!(python_shape(&[3, 4]), "(3, 4)");
    }

    #[test]
    fn shape_checks_name_the_problem_and_the_limit() {
        let limits = ImportLimits { max_examples: 10, max_features: 6, ..ImportLimits::default() };
        let check = |shape: &[usize]| check_shape("x.npy", &Place::File, shape, &limits).map_err(|e| e.to_string());
        assert_eq!(check(&[4, 2, 3]), Ok(24));
        assert_eq!(check(&[4]), Ok(4));
        assert_eq!(check(&[]), Err("x.npy: expected an array whose first axis is the examples, found shape ()".into()));
        assert_eq!(check(&[0, 3]), Err("x.npy: expected at least one example, found shape (0, 3)".into()));
        assert_eq!(check(&[2, 0]), Err("x.npy: expected at least one value per example, found shape (2, 0)".into()));
        assert_eq!(check(&[11, 1]), Err("x.npy: 11 examples; the limit is 10".into()));
        assert_eq!(check(&[2, 7]), Err("x.npy: 7 values per example; the limit is 6".into()));
        let huge = [2, usize::MAX, usize::MAX];
        assert_eq!(check(&huge), Err("x.npy: too many values per example; the limit is 6".into()));
    }
}
