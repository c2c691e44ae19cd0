//! Error types, and how input errors are shown to a planner.
//!
//! Input errors (exit code 2) name the file, line, column and field, say what
//! was expected, and suggest the nearest valid name. Everything else is a
//! failure of the run itself (exit code 1).

use std::fmt;
use std::path::PathBuf;

/// One problem in a scenario file, located for the person who must fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// The file as the user named it (or `built-in:NAME` for shipped scenarios).
    pub file: String,
    /// Line, counted from 1 (0 when the error is about the whole file).
    pub line: usize,
    /// Column in characters, counted from 1.
    pub column: usize,
    /// Dotted path of the field, such as `crops.maize.yield_t_ha_S1`.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggestion, such as `did you mean "Sông Mã"?`.
    pub help: Option<String>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: ", self.file)?;
        } else {
            write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        }
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All the problems found in one pass over a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        if n > 1 {
            write!(f, "\n{n} errors; nothing was run or written.")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// Any error the program reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The scenario or a command-line value is wrong; the user must fix it.
    #[error("{0}")]
    Input(InputErrors),
    /// A command-line value is out of range or inconsistent.
    #[error("error: {0}")]
    Usage(String),
    /// The output folder holds results already and `--force` was not given.
    #[error(
        "error: {} already holds results; nothing was written.\n  help: choose another folder with --out, or add --force to replace them",
        .0.display()
    )]
    OutputExists(PathBuf),
    /// The output folder cannot be written: it is not a folder of its own,
    /// holds files this program did not write, or another run is writing it.
    #[error(
        "error: {} {reason}; nothing was written.\n  help: choose another folder with --out",
        .path.display()
    )]
    OutputRefused {
        /// The folder asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// Ctrl-C or SIGTERM stopped the program; carries the exit code
    /// (128 + the signal's number: 130 for Ctrl-C, 143 for SIGTERM).
    #[error("interrupted; nothing was written")]
    Interrupted(i32),
    /// Standard output was closed by its reader (`agroshift crops | head -1`):
    /// not an error, the program just stops.
    #[error("standard output closed")]
    StdoutClosed,
    /// Reading or writing a file failed.
    #[error("error: {context}: {source}")]
    Io {
        /// What the program was doing, with the path.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Anything else that stopped the run.
    #[error("error: {0}")]
    Failed(String),
}

impl Error {
    /// The process exit code: 2 for input the user must fix, 128 + the
    /// signal after an interruption, 0 when the reader of the output left,
    /// 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::OutputExists(_) | Error::OutputRefused { .. } => 2,
            Error::Interrupted(code) => *code,
            Error::StdoutClosed => 0,
            Error::Io { .. } | Error::Failed(_) => 1,
        }
    }

    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }
}

impl From<InputErrors> for Error {
    fn from(e: InputErrors) -> Self {
        Error::Input(e)
    }
}

/// Result type of the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
