//! The one error of every importer. Its message always starts with the file and the place
//! in it, then says what was expected, so a person can open the file and fix it.

use std::fmt;

/// Where in a file a problem sits; shown right after the file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A line of a text file, counting from 1.
    Line(usize),
    /// A cell of a table: line and column count from 1; `name` is the column's header
    /// (empty when the table has none).
    Cell { line: usize, column: usize, name: String },
    /// A whole column of a table, counting from 1.
    Column { column: usize, name: String },
    /// A named tensor of a safetensors file.
    Tensor(String),
    /// One example (first-axis index, counting from 0 as NumPy does), in a named tensor
    /// when the file holds several.
    Example { tensor: Option<String>, index: usize },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::Line(line) => write!(f, " line {line}"),
            Place::Cell { line, column, name } => {
                write!(f, " line {line}, column {column}")?;
                column_name(f, name)
            }
            Place::Column { column, name } => {
                write!(f, " column {column}")?;
                column_name(f, name)
            }
            Place::Tensor(name) => write!(f, " tensor {}", quoted(name)),
            Place::Example { tensor, index } => {
                if let Some(name) = tensor {
                    write!(f, " tensor {}", quoted(name))?;
                }
                write!(f, " example index {index}")
            }
        }
    }
}

fn column_name(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    if name.is_empty() { Ok(()) } else { write!(f, " ({})", quoted(name)) }
}

/// Longest name or cell text a message quotes whole; a 10 MB header cell is cut.
const MAX_QUOTED_CHARS: usize = 60;
/// Longest `found` part of a message: whatever a file holds, the message stays a sentence.
const MAX_FOUND_CHARS: usize = 300;

/// `text` in quotes, cut after [`MAX_QUOTED_CHARS`] characters with its length said.
pub(crate) fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!("{:?} ({} characters)", format!("{}…", &text[..end]), text.chars().count()),
        None => format!("{text:?}"),
    }
}

/// `found` cut after [`MAX_FOUND_CHARS`] characters.
fn clipped(found: &str) -> std::borrow::Cow<'_, str> {
    match found.char_indices().nth(MAX_FOUND_CHARS) {
        Some((end, _)) => format!("{}… ({} characters)", &found[..end], found.chars().count()).into(),
        None => found.into(),
    }
}

/// Why an import failed; `file` is the name the caller passed (for a set of images with
/// no single culprit, a description of the set).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The file is larger than `ImportLimits::max_file_bytes`.
    #[error("{file} is {}; the limit is {}", ByteSize(*bytes, true), ByteSize(*limit, false))]
    FileTooLarge { file: String, bytes: usize, limit: usize },
    /// A count (examples, features, classes, characters) is over its limit; `count` is
    /// `None` when reading stopped as soon as the limit was passed.
    #[error("{file}{place}: {}; the limit is {limit}", Count(*count, what))]
    OverLimit { file: String, place: Place, what: &'static str, count: Option<usize>, limit: usize },
    /// An image's header states a size over `ImportLimits::max_image_side`.
    #[error("{file}: {width}×{height} pixels; the limit is {limit}×{limit}")]
    ImageTooLarge { file: String, width: u32, height: u32, limit: u32 },
    /// The content at `place` is not what the format (or the options) call for.
    #[error("{file}{place}: expected {expected}, found {}", clipped(found))]
    Unexpected { file: String, place: Place, expected: String, found: String },
    /// A valid feature of the format that this importer does not read, and what to do.
    #[error("{file}{place}: {} is not supported; {advice}", clipped(what))]
    Unsupported { file: String, place: Place, what: String, advice: String },
    /// The bytes are not in an image format that this importer decodes.
    #[error("{file}: not an image this importer reads (PNG, JPEG, GIF, BMP)")]
    NotAnImage { file: String },
    /// The image's header was read but its data could not be decoded.
    #[error("{file}: the {format} data cannot be decoded ({reason})")]
    Undecodable { file: String, format: &'static str, reason: String },
    /// The memory for the data made from the file could not be had (a fallible
    /// allocation said no, where an infallible one would abort the browser's worker).
    #[error("{file}: there is not enough memory for its {count} {what}; use a smaller file or fewer examples")]
    OutOfMemory { file: String, what: &'static str, count: usize },
    /// An option the caller passed is outside what the importer accepts.
    #[error("{option} is {value}; {allowed}")]
    BadOption { option: &'static str, value: String, allowed: String },
}

/// A byte count in the largest unit it reaches, with one decimal ("80.0 MiB") when the
/// flag is set (a measured size), else whole when exact ("64 MiB", a limit).
struct ByteSize(usize, bool);

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: usize = 1024;
        const MIB: usize = 1024 * 1024;
        let (unit, name) = match self.0 {
            n if n >= MIB => (MIB, "MiB"),
            n if n >= KIB => (KIB, "KiB"),
            n => return write!(f, "{n} bytes"),
        };
        if self.0.is_multiple_of(unit) && !self.1 {
            write!(f, "{} {name}", self.0 / unit)
        } else {
            write!(f, "{:.1} {name}", self.0 as f64 / unit as f64)
        }
    }
}

/// "12 classes", or "too many examples" when reading stopped at the limit.
struct Count<'a>(Option<usize>, &'a str);

impl fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(count) => write!(f, "{count} {}", self.1),
            None => write!(f, "too many {}", self.1),
        }
    }
}

/// A cell's text for a message: quoted, or "an empty cell".
pub(crate) fn quoted_or_empty(text: &str) -> String {
    if text.is_empty() { "an empty cell".to_string() } else { quoted(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_as_phrases_after_the_file_name() {
        let cell = Place::Cell { line: 12, column: 3, name: "height".into() };
        let err = ImportError::Unexpected {
            file: "scores.csv".into(),
            place: cell,
            expected: "a number".into(),
            found: "\"abc\"".into(),
        };
        assert_eq!(err.to_string(), "scores.csv line 12, column 3 (\"height\"): expected a number, found \"abc\"");
        assert_eq!(Place::Cell { line: 2, column: 1, name: String::new() }.to_string(), " line 2, column 1");
        assert_eq!(Place::Column { column: 4, name: "y".into() }.to_string(), " column 4 (\"y\")");
        assert_eq!(Place::Tensor("x".into()).to_string(), " tensor \"x\"");
        assert_eq!(Place::Example { tensor: Some("y".into()), index: 3 }.to_string(), " tensor \"y\" example index 3");
        assert_eq!(Place::Example { tensor: None, index: 0 }.to_string(), " example index 0");
        assert_eq!(Place::File.to_string(), "");
    }

    #[test]
    fn long_names_cells_and_findings_are_cut_with_their_length() {
        let header = "h".repeat(10 * 1024 * 1024);
        let place = Place::Cell { line: 3, column: 2, name: header.clone() };
        assert_eq!(place.to_string(), format!(" line 3, column 2 (\"{}…\" (10485760 characters))", "h".repeat(60)));
        assert_eq!(quoted_or_empty("é".repeat(61).as_str()), format!("\"{}…\" (61 characters)", "é".repeat(60)));
        assert_eq!(quoted_or_empty("é".repeat(60).as_str()), format!("\"{}\"", "é".repeat(60)));
        let err = ImportError::Unexpected {
            file: "a.npy".into(),
            place: Place::Tensor(header),
            expected: "a number".into(),
            found: "f".repeat(1000),
        };
        let message = err.to_string();
        assert!(message.ends_with(&format!("found {}… (1000 characters)", "f".repeat(300))), "{message}");
        assert!(message.chars().count() < 500, "{message}");
    }

    #[test]
    fn over_limit_with_and_without_a_count() {
        let err = ImportError::OverLimit {
            file: "a.csv".into(),
            place: Place::Line(7),
            what: "examples",
            count: None,
            limit: 5,
        };
        assert_eq!(err.to_string(), "a.csv line 7: too many examples; the limit is 5");
        let err = ImportError::OverLimit {
            file: "x.npy".into(),
            place: Place::File,
            what: "classes",
            count: Some(9),
            limit: 5,
        };
        assert_eq!(err.to_string(), "x.npy: 9 classes; the limit is 5");
    }

    #[test]
    fn byte_sizes_pick_their_unit() {
        assert_eq!(ByteSize(64 * 1024 * 1024, false).to_string(), "64 MiB");
        assert_eq!(ByteSize(64 * 1024 * 1024, true).to_string(), "64.0 MiB");
        assert_eq!(ByteSize(80 * 1024 * 1024 + 512 * 1024, false).to_string(), "80.5 MiB");
        assert_eq!(ByteSize(1536, true).to_string(), "1.5 KiB");
        assert_eq!(ByteSize(5, true).to_string(), "5 bytes");
    }
}
