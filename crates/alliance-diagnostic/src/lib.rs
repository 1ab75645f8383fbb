//! Problems and the errors every crate of alliance shares: the leaf they all report
//! through.
//!
//! A [`Problem`] is one thing wrong with the user's input, pinned to a file and, where there
//! is one, a line and column, with a hint how to fix it. Loading and checking collect every
//! problem they find before giving up, so a user fixes them all in one round; they travel as
//! [`Error::Invalid`]. A failure to read or write is [`Error::Io`], which names its path.
//! [`source`] reads text and turns byte offsets into lines and columns; [`suggest`] finds
//! the name a typo meant; [`escape`] writes control characters as escapes wherever text is
//! shown.
//!
//! Each error says what to do next ([`Error::help`]); the exit code a command ends with is
//! decided by the binary, in one place.

pub mod escape;
pub mod finding;
mod problem;
pub mod source;
pub mod suggest;

use std::path::{Path, PathBuf};

pub use finding::{Finding, FindingCode, Related, Severity};
pub use problem::{Problem, ProblemDiagnostic};

/// The result type of the crates that report through this one.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What stops the work of a crate that reads the user's files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is wrong; every problem found is listed.
    #[error("{} found", plural(.0.len(), "problem"))]
    Invalid(Vec<Problem>),
    /// Reading or writing a file failed.
    #[error("cannot {action} `{}`: {source}", shown(.path))]
    Io {
        /// What was being done: "read", "write", "create" …
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl Error {
    /// An I/O error on `path` while doing `action` ("read", "write", "create" …).
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }

    /// What to do next, where the message alone does not say (each [`Problem`] carries its
    /// own).
    pub fn help(&self) -> Option<String> {
        match self {
            Error::Invalid(_) => None,
            Error::Io { source, path, .. } => io_help(source, path),
        }
    }
}

/// What to do about the I/O error `source` on `path`.
pub fn io_help(source: &std::io::Error, path: &Path) -> Option<String> {
    use std::io::ErrorKind;
    let shown = shown(path);
    Some(match source.kind() {
        ErrorKind::NotFound => format!("check that `{shown}` exists, and its spelling"),
        ErrorKind::PermissionDenied => {
            format!("check the permissions of `{shown}` and of the folders above it")
        }
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "make room on the disk, then run the command again".to_string()
        }
        ErrorKind::ReadOnlyFilesystem => {
            format!("`{shown}` is on a read-only file system: use a writable folder")
        }
        ErrorKind::AlreadyExists => format!("move `{shown}` away, or choose another name"),
        _ => return None,
    })
}

/// Adds the path to an I/O result, so that no I/O error reaches the user without one.
pub trait IoContext<T> {
    /// Tags an I/O error with what was being done to which path.
    fn at(self, action: &'static str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, action: &'static str, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(action, path, e))
    }
}

/// `path` as a message shows it: its control characters escaped ([`escape::escape`]), so
/// that a path given on the command line or found outside cannot drive the terminal or
/// start a line of its own.
pub fn shown(path: &Path) -> String {
    escape::escape(&path.display().to_string()).into_owned()
}

/// "1 problem", "3 problems".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
