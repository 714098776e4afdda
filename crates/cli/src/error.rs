//! The one error of every subcommand and the exit status it maps to.

/// A failure with the exit status it maps to: 2 for a bad request (arguments, a file that
/// cannot be read or is not what it should be), 1 for a run that went wrong.
#[derive(Debug)]
pub enum CliError {
    /// The arguments or an input file describe something that cannot be done.
    Usage(String),
    /// The work itself failed (the loss diverged, an output could not be written).
    Run(String),
}

impl CliError {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Run(_) => 1,
        }
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Usage(m) | CliError::Run(m) => f.write_str(m),
        }
    }
}

/// A usage error about `path`: "{path}: {error}".
pub fn bad_file(path: &std::path::Path, error: impl std::fmt::Display) -> CliError {
    CliError::Usage(format!("{}: {error}", path.display()))
}

/// A run error from a failed training or inference step.
pub fn failed(error: impl std::fmt::Display) -> CliError {
    CliError::Run(error.to_string())
}
