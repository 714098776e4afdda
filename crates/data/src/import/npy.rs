//! NumPy's `.npy` files (what `np.save` writes): the magic `\x93NUMPY`, a version, a
//! header that is a Python dict literal (`descr`, `fortran_order`, `shape`), then the
//! data. The format is small enough to read here; only its dict needs a tiny parser.

use super::ImportLimits;
use super::arrays::{Element, SUPPORTED_DTYPES, check_shape, python_shape};
use super::error::{ImportError, Place};

/// An array read from an NPY file, converted to f32.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyArray {
    /// The dtype as the file names it (`<f4`, `|u1`…).
    pub descr: String,
    /// The shape; the first axis is the examples.
    pub shape: Vec<usize>,
    /// The elements in row-major order.
    pub values: Vec<f32>,
}

const MAGIC: &[u8] = b"\x93NUMPY";

/// Reads an NPY file (versions 1 to 3) whose first axis is the examples, checking the
/// size, dtype, layout and shape limits before converting any data.
pub fn read_npy(file: &str, bytes: &[u8], limits: &ImportLimits) -> Result<NpyArray, ImportError> {
    limits.check_file_size(file, bytes.len())?;
    let (header, data) = split_header(file, bytes)?;
    let fields = parse_dict(header).ok_or_else(|| match negative_shape(header) {
        Some(shape) => ImportError::Unexpected {
            file: file.into(),
            place: Place::File,
            expected: "a 'shape' of sizes ≥ 0".into(),
            found: shape.into(),
        },
        None => bad_header(file, header),
    })?;
    let field = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let (Some(descr), Some(Literal::Bool(fortran)), Some(Literal::Shape(shape))) =
        (field("descr"), field("fortran_order"), field("shape"))
    else {
        return Err(bad_header(file, header));
    };
    let descr = match descr {
        Literal::Text(descr) => descr.clone(),
        _ => return Err(unsupported(file, "a structured dtype", "save a plain numeric array")),
    };
    let element = element(file, &descr)?;
    if *fortran && shape.len() > 1 {
        // One axis is laid out the same either way; more would need transposing.
        let advice = "save it in C order (numpy: np.save(path, np.ascontiguousarray(a)))";
        return Err(unsupported(file, "fortran_order True (column-major data)", advice));
    }
    let count = check_shape(file, &Place::File, shape, limits)?;
    let needed = count * element.size();
    if data.len() != needed {
        return Err(ImportError::Unexpected {
            file: file.into(),
            place: Place::File,
            expected: format!("{needed} bytes of data for shape {} of {descr}", python_shape(shape)),
            found: data.len().to_string(),
        });
    }
    Ok(NpyArray { descr, shape: shape.clone(), values: element.decode(data) })
}

/// The header text and the data after it.
fn split_header<'a>(file: &str, bytes: &'a [u8]) -> Result<(&'a str, &'a [u8]), ImportError> {
    if !bytes.starts_with(MAGIC) || bytes.len() < 10 {
        let found = if bytes.starts_with(b"PK") {
            "a ZIP archive (an .npz? save each array with np.save)"
        } else {
            "other bytes"
        };
        return Err(ImportError::Unexpected {
            file: file.into(),
            place: Place::File,
            expected: "an NPY file (starting with \\x93NUMPY, as np.save writes)".into(),
            found: found.into(),
        });
    }
    let (length_end, header_len) = match bytes[6] {
        1 => (10usize, usize::from(u16::from_le_bytes([bytes[8], bytes[9]]))),
        2 | 3 if bytes.len() >= 12 => (12, u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize),
        major => {
            let what = format!("NPY version {major}.{}", bytes[7]);
            return Err(unsupported(file, &what, "save it with np.save (versions 1 to 3)"));
        }
    };
    let Some(header) = bytes.get(length_end..length_end.saturating_add(header_len)) else {
        return Err(ImportError::Unexpected {
            file: file.into(),
            place: Place::File,
            expected: format!("an NPY header of {header_len} bytes"),
            found: format!("the file ends after {} bytes", bytes.len()),
        });
    };
    let header = std::str::from_utf8(header).map_err(|_| bad_header(file, &String::from_utf8_lossy(header)))?;
    Ok((header, &bytes[length_end + header_len..]))
}

/// The element type of a `descr` such as `<f4`.
fn element(file: &str, descr: &str) -> Result<Element, ImportError> {
    let mut chars = descr.chars();
    let (order, kind, size) = (chars.next(), chars.next(), chars.as_str());
    let element = match (kind, size) {
        (Some('b'), "1") => Element::Bool,
        (Some('u'), "1") => Element::U8,
        (Some('i'), "1") => Element::I8,
        (Some('u'), "2") => Element::U16,
        (Some('i'), "2") => Element::I16,
        (Some('u'), "4") => Element::U32,
        (Some('i'), "4") => Element::I32,
        (Some('u'), "8") => Element::U64,
        (Some('i'), "8") => Element::I64,
        (Some('f'), "4") => Element::F32,
        (Some('f'), "8") => Element::F64,
        _ => {
            return Err(unsupported(
                file,
                &format!("dtype {descr}"),
                &format!("{SUPPORTED_DTYPES} (numpy: a.astype(np.float32))"),
            ));
        }
    };
    match order {
        Some('<' | '|') => Ok(element),
        Some('>') if element.size() == 1 => Ok(element),
        Some('>') => {
            let advice = format!("save it little-endian (numpy: a.astype('<{}'))", &descr[1..]);
            Err(unsupported(file, &format!("big-endian dtype {descr}"), &advice))
        }
        _ => Err(unsupported(file, &format!("dtype {descr}"), SUPPORTED_DTYPES)),
    }
}

/// The values an NPY header holds.
#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Text(String),
    Bool(bool),
    Shape(Vec<usize>),
    /// A list: a structured dtype's fields.
    List,
}

/// Parses `{'key': value, ...}` with the values NPY headers use; None if it is not one.
fn parse_dict(header: &str) -> Option<Vec<(String, Literal)>> {
    let mut parser = Parser { text: header.as_bytes(), pos: 0 };
    parser.expect(b'{')?;
    let mut fields = Vec::new();
    while !parser.eat(b'}') {
        let key = parser.string()?;
        parser.expect(b':')?;
        fields.push((key, parser.literal()?));
        if !parser.eat(b',') {
            parser.expect(b'}')?;
            break;
        }
    }
    parser.skip_space();
    (parser.pos == parser.text.len()).then_some(fields)
}

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.text.get(self.pos).is_some_and(u8::is_ascii_whitespace) {
            self.pos += 1;
        }
    }

    /// Skips space, then consumes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.text.get(self.pos) == Some(&byte);
        self.pos += usize::from(found);
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    fn string(&mut self) -> Option<String> {
        self.skip_space();
        let quote = *self.text.get(self.pos).filter(|q| matches!(q, b'\'' | b'"'))?;
        let start = self.pos + 1;
        let len = self.text[start..].iter().position(|&b| b == quote)?;
        self.pos = start + len + 1;
        String::from_utf8(self.text[start..start + len].to_vec()).ok()
    }

    fn literal(&mut self) -> Option<Literal> {
        self.skip_space();
        let rest = &self.text[self.pos..];
        if let Some(word) = [("True", true), ("False", false)].into_iter().find(|(w, _)| rest.starts_with(w.as_bytes()))
        {
            self.pos += word.0.len();
            return Some(Literal::Bool(word.1));
        }
        match rest.first()? {
            b'\'' | b'"' => self.string().map(Literal::Text),
            b'(' => self.shape().map(Literal::Shape),
            b'[' => self.list(),
            _ => None,
        }
    }

    /// `(3, 4)`, `(3,)` or `()`.
    fn shape(&mut self) -> Option<Vec<usize>> {
        self.expect(b'(')?;
        let mut axes = Vec::new();
        while !self.eat(b')') {
            self.skip_space();
            let digits = self.text[self.pos..].iter().take_while(|b| b.is_ascii_digit()).count();
            let number = std::str::from_utf8(&self.text[self.pos..self.pos + digits]).ok()?.parse().ok()?;
            self.pos += digits;
            // Python 2 wrote long integers as `3L`.
            self.eat(b'L');
            axes.push(number);
            if !self.eat(b',') {
                self.expect(b')')?;
                break;
            }
        }
        Some(axes)
    }

    /// Skips a bracketed list, nested or not (its content is not needed).
    fn list(&mut self) -> Option<Literal> {
        let mut depth = 0usize;
        for (offset, &b) in self.text[self.pos..].iter().enumerate() {
            match b {
                b'[' | b'(' => depth += 1,
                b']' | b')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                self.pos += offset + 1;
                return Some(Literal::List);
            }
        }
        None
    }
}

/// The header's `'shape'` tuple if it holds a negative size, which no dict parse accepts.
fn negative_shape(header: &str) -> Option<&str> {
    let after = &header[header.find("'shape'")?..];
    let open = after.find('(')?;
    let tuple = &after[open..=open + after[open..].find(')')?];
    tuple.contains('-').then_some(tuple)
}

fn bad_header(file: &str, header: &str) -> ImportError {
    let mut shown: String = header.trim().chars().take(80).collect();
    if shown.len() < header.trim().len() {
        shown.push('…');
    }
    ImportError::Unexpected {
        file: file.into(),
        place: Place::File,
        expected: "an NPY header dict with 'descr', 'fortran_order' and 'shape'".into(),
        found: format!("{shown:?}"),
    }
}

fn unsupported(file: &str, what: &str, advice: &str) -> ImportError {
    ImportError::Unsupported { file: file.into(), place: Place::File, what: what.into(), advice: advice.into() }
}

/// Writes an NPY file as `np.save` does (version 1, header padded to 64 bytes), for tests.
#[cfg(test)]
pub(crate) fn npy_bytes(descr: &str, fortran: bool, shape: &[usize], data: &[u8]) -> Vec<u8> {
    let fortran = if fortran { "True" } else { "False" };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {}, }}", python_shape(shape));
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut bytes = MAGIC.to_vec();
    bytes.extend([1, 0]);
    bytes.extend((header.len() as u16).to_le_bytes());
    bytes.extend(header.as_bytes());
    bytes.extend(data);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f32_bytes(values: &[f32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    fn read(bytes: &[u8]) -> Result<NpyArray, ImportError> {
        read_npy("x.npy", bytes, &ImportLimits::default())
    }

    fn message(bytes: &[u8]) -> String {
        read(bytes).unwrap_err().to_string()
    }

    #[test]
    fn a_negative_size_in_the_shape_is_named() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (-4, 2), }";
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
        bytes.extend_from_slice(header.as_bytes());
        let error = read_npy("x.npy", &bytes, &ImportLimits::default()).unwrap_err();
        assert_eq!(error.to_string(), "x.npy: expected a 'shape' of sizes ≥ 0, found (-4, 2)");
        assert_eq!(negative_shape("{'shape': )-1("), None, "a close before the open is no tuple");
    }

    #[test]
    fn reads_float32_rows() {
        let array = read(&npy_bytes("<f4", false, &[2, 3], &f32_bytes(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.5]))).unwrap();
        assert_eq!(array.descr, "<f4");
        assert_eq!(array.shape, [2, 3]);
        assert_eq!(array.values, [1.0, 2.0, 3.0, 4.0, 5.0, 6.5]);
    }

    #[test]
    fn reads_every_accepted_dtype() {
        let cases: [(&str, Vec<u8>, f32); 9] = [
            ("<f8", 2.5f64.to_le_bytes().to_vec(), 2.5),
            ("<i4", (-3i32).to_le_bytes().to_vec(), -3.0),
            ("<i8", 7i64.to_le_bytes().to_vec(), 7.0),
            ("|u1", vec![200], 200.0),
            ("|i1", vec![0xFE], -2.0),
            ("<u2", 600u16.to_le_bytes().to_vec(), 600.0),
            ("<i2", (-600i16).to_le_bytes().to_vec(), -600.0),
            ("<u4", 9u32.to_le_bytes().to_vec(), 9.0),
            ("|b1", vec![1], 1.0),
        ];
        for (descr, data, value) in cases {
            let array = read(&npy_bytes(descr, false, &[1], &data)).unwrap();
            assert_eq!(array.values, [value], "{descr}");
        }
    }

    #[test]
    fn reads_version_2_headers_and_python_2_longs() {
        let header = "{'shape': (2L,), 'fortran_order': False, 'descr': '<f4'}\n";
        let mut bytes = MAGIC.to_vec();
        bytes.extend([2, 0]);
        bytes.extend((header.len() as u32).to_le_bytes());
        bytes.extend(header.as_bytes());
        bytes.extend(f32_bytes(&[0.5, 1.5]));
        let array = read(&bytes).unwrap();
        assert_eq!((array.shape, array.values), (vec![2], vec![0.5, 1.5]));
    }

    #[test]
    fn fortran_order_is_refused_only_where_it_changes_the_layout() {
        let err = message(&npy_bytes("<f4", true, &[2, 2], &f32_bytes(&[1.0; 4])));
        assert_eq!(
            err,
            "x.npy: fortran_order True (column-major data) is not supported; \
             save it in C order (numpy: np.save(path, np.ascontiguousarray(a)))"
        );
        assert_eq!(read(&npy_bytes("<f4", true, &[2], &f32_bytes(&[1.0, 2.0]))).unwrap().values, [1.0, 2.0]);
    }

    #[test]
    fn big_endian_and_other_dtypes_are_refused_with_advice() {
        assert_eq!(
            message(&npy_bytes(">f4", false, &[1], &[0; 4])),
            "x.npy: big-endian dtype >f4 is not supported; save it little-endian (numpy: a.astype('<f4'))"
        );
        assert_eq!(
            message(&npy_bytes("<f2", false, &[1], &[0; 2])),
            "x.npy: dtype <f2 is not supported; save float32 or float64, or an integer or bool type \
             (numpy: a.astype(np.float32))"
        );
        assert_eq!(
            message(&npy_bytes("|O", false, &[1], &[0; 8])),
            "x.npy: dtype |O is not supported; save float32 or float64, or an integer or bool type \
             (numpy: a.astype(np.float32))"
        );
        assert_eq!(
            message(&npy_bytes("=f4", false, &[1], &[0; 4])),
            "x.npy: dtype =f4 is not supported; save float32 or float64, or an integer or bool type"
        );
    }

    #[test]
    fn a_structured_dtype_is_refused() {
        let header = "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }\n";
        let mut bytes = MAGIC.to_vec();
        bytes.extend([1, 0]);
        bytes.extend((header.len() as u16).to_le_bytes());
        bytes.extend(header.as_bytes());
        bytes.extend([0; 8]);
        assert_eq!(message(&bytes), "x.npy: a structured dtype is not supported; save a plain numeric array");
    }

    #[test]
    fn not_an_npy_file() {
        let expected = "x.npy: expected an NPY file (starting with \\x93NUMPY, as np.save writes), found";
        assert_eq!(message(b"hello"), format!("{expected} other bytes"));
        assert_eq!(
            message(b"PK\x03\x04rest"),
            format!("{expected} a ZIP archive (an .npz? save each array with np.save)")
        );
        assert_eq!(message(b"\x93NUMPY\x01"), format!("{expected} other bytes"));
    }

    #[test]
    fn an_unknown_version_is_refused() {
        let mut bytes = npy_bytes("<f4", false, &[1], &[0; 4]);
        bytes[6] = 4;
        assert_eq!(message(&bytes), "x.npy: NPY version 4.0 is not supported; save it with np.save (versions 1 to 3)");
    }

    #[test]
    fn a_truncated_header_or_data_is_refused() {
        let bytes = npy_bytes("<f4", false, &[2], &f32_bytes(&[1.0, 2.0]));
        assert_eq!(
            message(&bytes[..40]),
            "x.npy: expected an NPY header of 118 bytes, found the file ends after 40 bytes"
        );
        assert_eq!(
            message(&bytes[..bytes.len() - 1]),
            "x.npy: expected 8 bytes of data for shape (2,) of <f4, found 7"
        );
    }

    #[test]
    fn a_header_that_is_not_a_dict_is_quoted() {
        let mut bytes = npy_bytes("<f4", false, &[1], &[0; 4]);
        let header = b"{'descr': '<f4', 'shape': (1,)}";
        bytes[10..10 + header.len()].copy_from_slice(header);
        bytes[10 + header.len()..10 + header.len() + 2].copy_from_slice(b"xx");
        let err = message(&bytes);
        assert!(
            err.starts_with(
                "x.npy: expected an NPY header dict with 'descr', 'fortran_order' and 'shape', found \"{'descr'"
            ),
            "{err}"
        );
        // A dict without fortran_order is refused the same way.
        let header = "{'descr': '<f4', 'shape': (1,)}\n";
        let mut bytes = MAGIC.to_vec();
        bytes.extend([1, 0]);
        bytes.extend((header.len() as u16).to_le_bytes());
        bytes.extend(header.as_bytes());
        bytes.extend([0; 4]);
        assert_eq!(
            message(&bytes),
            "x.npy: expected an NPY header dict with 'descr', 'fortran_order' and 'shape', \
             found \"{'descr': '<f4', 'shape': (1,)}\""
        );
    }

    #[test]
    fn limits_are_checked_before_converting() {
        let limits = ImportLimits { max_examples: 2, ..ImportLimits::default() };
        let err = read_npy("x.npy", &npy_bytes("<f4", false, &[3], &f32_bytes(&[0.0; 3])), &limits).unwrap_err();
        assert_eq!(err.to_string(), "x.npy: 3 examples; the limit is 2");
        let limits = ImportLimits { max_file_bytes: 100, ..ImportLimits::default() };
        let err = read_npy("x.npy", &npy_bytes("<f4", false, &[3], &f32_bytes(&[0.0; 3])), &limits).unwrap_err();
        assert_eq!(err.to_string(), "x.npy is 140 bytes; the limit is 100 bytes");
    }

    #[test]
    fn the_dict_parser_reads_what_numpy_writes() {
        let fields = parse_dict("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }    \n").unwrap();
        assert_eq!(
            fields,
            [
                ("descr".to_string(), Literal::Text("<f4".into())),
                ("fortran_order".to_string(), Literal::Bool(false)),
                ("shape".to_string(), Literal::Shape(vec![3, 4])),
            ]
        );
        assert_eq!(parse_dict("{'shape': ()}").unwrap(), [("shape".to_string(), Literal::Shape(vec![]))]);
        assert_eq!(parse_dict("{'a': [('x', [1, 2])]}").unwrap(), [("a".to_string(), Literal::List)]);
        assert_eq!(parse_dict("{'a': 1}"), None);
        assert_eq!(parse_dict("{'a': (1, 2"), None);
        assert_eq!(parse_dict("{'a': ((1]"), None);
        assert_eq!(parse_dict("{'a': True} extra"), None);
    }
}
