//! YAML in and out, with positions.
//!
//! Every YAML file the tool reads (`alliance.yaml`, `package.yaml`, manifests) goes through
//! [`parse`], which turns a serde-saphyr error into a [`Problem`] with file, line and column.
//! Every YAML file it writes goes through [`to_string`]. serde-saphyr is used rather than the
//! archived `serde_yaml`: see the README.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Problem, Result};

/// A span in a YAML file: the value and where it was written.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Parses `source`, the text of `path`, into `T`; an error becomes a positioned problem.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &Arc<str>) -> Result<T, Problem> {
    serde_saphyr::from_str(source).map_err(|e| {
        let message = e.without_snippet().to_string();
        // serde-saphyr appends the position to the message; we show it in our own way.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let problem = match e.location() {
            Some(loc) if loc.line() > 0 => Problem::at_line_column(
                path,
                source,
                usize::try_from(loc.line()).unwrap_or(usize::MAX),
                usize::try_from(loc.column()).unwrap_or(usize::MAX),
                message,
            ),
            _ => Problem::new(path, message),
        };
        problem.with_help(format!(
            "see the annotated example of `{}` in the README",
            file_name(path)
        ))
    })
}

/// The problem at a spanned value of a YAML file.
pub fn problem_at<T>(
    path: &Path,
    source: &Arc<str>,
    spanned: &Spanned<T>,
    message: impl Into<String>,
) -> Problem {
    let loc = spanned.referenced;
    Problem::at_line_column(
        path,
        source,
        usize::try_from(loc.line()).unwrap_or(1),
        usize::try_from(loc.column()).unwrap_or(1),
        message,
    )
}

/// Serializes `value` as YAML.
pub fn to_string<T: Serialize>(value: &T) -> Result<String> {
    serde_saphyr::to_string(value).map_err(|e| Error::Other(format!("cannot write YAML: {e}")))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
