//! Plain text for character-level models: checked to be UTF-8, not blank, and within the
//! limits; turning it into training windows is the corpus module's job.

use super::ImportLimits;
use super::error::{ImportError, Place};
use std::collections::BTreeSet;

/// A text file read for a character model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextImport {
    /// The text, without a byte-order mark, with Windows line ends (`\r\n`) made `\n` so
    /// they do not add a character to the vocabulary.
    pub text: String,
    /// Number of characters (Unicode scalar values) in `text`.
    pub chars: usize,
    /// Number of distinct characters: the vocabulary a model of it needs.
    pub distinct_chars: usize,
}

/// Reads UTF-8 text from `bytes`; `file` names it in messages. The distinct characters
/// are checked against `max_classes`, since each one is a class of the model.
pub fn import_text(file: &str, bytes: &[u8], limits: &ImportLimits) -> Result<TextImport, ImportError> {
    limits.check_file_size(file, bytes.len())?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(file, bytes, e.valid_up_to()))?;
    if text.trim().is_empty() {
        let found = if text.is_empty() { "an empty file" } else { "only white space" };
        return Err(ImportError::Unexpected {
            file: file.into(),
            place: Place::File,
            expected: "some text".into(),
            found: found.into(),
        });
    }
    let text = text.replace("\r\n", "\n");
    let distinct: BTreeSet<char> = text.chars().collect();
    if distinct.len() > limits.max_classes {
        return Err(ImportError::OverLimit {
            file: file.into(),
            place: Place::File,
            what: "distinct characters",
            count: Some(distinct.len()),
            limit: limits.max_classes,
        });
    }
    Ok(TextImport { chars: text.chars().count(), distinct_chars: distinct.len(), text })
}

/// The error for the first invalid byte, at its line and column (in characters, from 1).
fn not_utf8(file: &str, bytes: &[u8], valid_up_to: usize) -> ImportError {
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    ImportError::Unexpected {
        file: file.into(),
        place: Place::Cell { line, column, name: String::new() },
        expected: "UTF-8 text (save the file as UTF-8)".into(),
        found: format!("the byte 0x{:02X}", bytes[valid_up_to]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<TextImport, ImportError> {
        import_text("notes.txt", bytes, &ImportLimits::default())
    }

    #[test]
    fn counts_characters_not_bytes() {
        let text = read("héllo\nwörld".as_bytes()).unwrap();
        assert_eq!(text.text, "héllo\nwörld");
        assert_eq!(text.chars, 11);
        // h é l o \n w ö r d
        assert_eq!(text.distinct_chars, 9);
    }

    #[test]
    fn strips_the_bom_and_windows_line_ends() {
        let text = read(b"\xEF\xBB\xBFab\r\nba\r\n").unwrap();
        assert_eq!(text.text, "ab\nba\n");
        assert_eq!((text.chars, text.distinct_chars), (6, 3));
    }

    #[test]
    fn an_invalid_byte_names_its_line_and_column() {
        let err = read(b"first line\nsecond caf\xE9 line\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "notes.txt line 2, column 11: expected UTF-8 text (save the file as UTF-8), found the byte 0xE9"
        );
        // Columns count characters, so a multi-byte letter before the bad byte is one column.
        let err = read("é".bytes().chain([0xFF]).collect::<Vec<u8>>().as_slice()).unwrap_err();
        assert!(err.to_string().starts_with("notes.txt line 1, column 2: "), "{err}");
    }

    #[test]
    fn empty_and_blank_files_are_refused() {
        assert_eq!(read(b"").unwrap_err().to_string(), "notes.txt: expected some text, found an empty file");
        assert_eq!(
            read(b"\xEF\xBB\xBF").unwrap_err().to_string(),
            "notes.txt: expected some text, found an empty file"
        );
        assert_eq!(read(b" \n\t\n").unwrap_err().to_string(), "notes.txt: expected some text, found only white space");
    }

    #[test]
    fn limits_on_size_and_vocabulary() {
        let small = ImportLimits { max_file_bytes: 3, ..ImportLimits::default() };
        let err = import_text("notes.txt", b"abcd", &small).unwrap_err();
        assert_eq!(err.to_string(), "notes.txt is 4 bytes; the limit is 3 bytes");
        let few = ImportLimits { max_classes: 3, ..ImportLimits::default() };
        let err = import_text("notes.txt", b"abcd", &few).unwrap_err();
        assert_eq!(err.to_string(), "notes.txt: 4 distinct characters; the limit is 3");
        assert_eq!(import_text("notes.txt", b"abcabc", &few).unwrap().distinct_chars, 3);
    }
}
