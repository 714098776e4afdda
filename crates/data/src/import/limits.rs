//! The limits an import is checked against before anything large is built, so a wrong
//! file fails with a sentence instead of exhausting the browser's memory.

use super::error::ImportError;
use serde::{Deserialize, Serialize};

/// How large an imported file and the data made from it may be; the app may pass its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLimits {
    /// Largest accepted file, in bytes.
    pub max_file_bytes: usize,
    /// Most examples (rows, images, first-axis entries).
    pub max_examples: usize,
    /// Most input values per example.
    pub max_features: usize,
    /// Largest image width and height, checked from the header before decoding.
    pub max_image_side: u32,
    /// Most classes (for text: most distinct characters, the vocabulary).
    pub max_classes: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_file_bytes: 64 * 1024 * 1024,
            max_examples: 100_000,
            max_features: 4096,
            max_image_side: 4096,
            max_classes: 1000,
        }
    }
}

impl ImportLimits {
    /// Refuses a file of `len` bytes over `max_file_bytes` (callers may check a file's
    /// size before reading it).
    pub fn check_file_size(&self, file: &str, len: usize) -> Result<(), ImportError> {
        if len > self.max_file_bytes {
            return Err(ImportError::FileTooLarge { file: file.to_string(), bytes: len, limit: self.max_file_bytes });
        }
        Ok(())
    }
}

/// An empty vector with room for `count` values, or an error naming `file` when the
/// memory cannot be had: an import's sizes come from outside, and in wasm an allocation
/// that fails aborts the worker instead of returning.
pub fn room_for<T>(file: &str, what: &'static str, count: usize) -> Result<Vec<T>, ImportError> {
    let mut values = Vec::new();
    values.try_reserve_exact(count).map_err(|_| ImportError::OutOfMemory { file: file.to_string(), what, count })?;
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_names_both_sizes_in_mib() {
        let limits = ImportLimits::default();
        let err = limits.check_file_size("scores.csv", 80 * 1024 * 1024).unwrap_err();
        assert_eq!(err.to_string(), "scores.csv is 80.0 MiB; the limit is 64 MiB");
    }

    #[test]
    fn room_that_cannot_be_had_is_an_error_not_an_abort() {
        assert_eq!(room_for::<f32>("a.csv", "values", 10).unwrap().capacity(), 10);
        let error = room_for::<f32>("a.csv", "values", usize::MAX / 8).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "a.csv: there is not enough memory for its {} values; use a smaller file or fewer examples",
                usize::MAX / 8
            )
        );
    }

    #[test]
    fn a_file_at_the_limit_passes() {
        let limits = ImportLimits::default();
        assert_eq!(limits.check_file_size("a.csv", limits.max_file_bytes), Ok(()));
    }

    #[test]
    fn small_limits_are_shown_in_kib_or_bytes() {
        let limits = ImportLimits { max_file_bytes: 2048, ..ImportLimits::default() };
        let err = limits.check_file_size("a.csv", 3000).unwrap_err();
        assert_eq!(err.to_string(), "a.csv is 2.9 KiB; the limit is 2 KiB");
        let limits = ImportLimits { max_file_bytes: 10, ..ImportLimits::default() };
        let err = limits.check_file_size("a.csv", 11).unwrap_err();
        assert_eq!(err.to_string(), "a.csv is 11 bytes; the limit is 10 bytes");
    }
}
