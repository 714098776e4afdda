//! Reading and writing the files the subcommands are given, with errors that name them.

use crate::CliError;
use std::path::Path;

/// The bytes of `path`; `what` says what the file is for ("checkpoint", "spec file").
pub fn read(path: &Path, what: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::Usage(format!("cannot read {what} {}: {e}", path.display())))
}

/// The text of `path`, which must be UTF-8.
pub fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    String::from_utf8(read(path, what)?)
        .map_err(|e| CliError::Usage(format!("{what} {} is not UTF-8 text: {e}", path.display())))
}

/// Writes `bytes` to `path`, replacing what was there.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    std::fs::write(path, bytes).map_err(|e| CliError::Run(format!("cannot write {}: {e}", path.display())))
}

/// Creates the folder `path` (and its parents) unless it exists.
pub fn create_dir(path: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(path)
        .map_err(|e| CliError::Run(format!("cannot create the folder {}: {e}", path.display())))
}
