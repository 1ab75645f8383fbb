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
    parse_with(path, source, serde_saphyr::Options::default())
}

/// Parses a file that may be larger than the parser's default budget allows: up to `nodes`
/// YAML nodes (scalars, sequences and mappings) and `bytes` of text. The other limits
/// (nesting, aliases, anchors) stay as strict as for every other file.
pub fn parse_large<T: DeserializeOwned>(
    path: &Path,
    source: &Arc<str>,
    nodes: usize,
    bytes: usize,
) -> Result<T, Problem> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = nodes;
    budget.max_events = nodes.saturating_mul(2);
    budget.max_total_scalar_bytes = bytes;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    parse_with(path, source, options)
}

fn parse_with<T: DeserializeOwned>(
    path: &Path,
    source: &Arc<str>,
    options: serde_saphyr::Options,
) -> Result<T, Problem> {
    serde_saphyr::from_str_with_options(source, options).map_err(|e| {
        let message = e.without_snippet().to_string();
        // serde-saphyr appends the position to the message; we show it in our own way.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let (message, hint) = explain(&message);
        let problem = match e.location() {
            Some(loc) if loc.line() > 0 => Problem::at_line_column(
                path,
                source,
                to_usize(loc.line()),
                to_usize(loc.column()),
                message,
            ),
            _ => Problem::new(path, message),
        };
        let example = format!(
            "see the annotated example of `{}` in the README",
            file_name(path)
        );
        problem.with_help(match hint {
            Some(hint) => format!("{hint} {example}"),
            None => example,
        })
    })
}

/// serde-saphyr's message in words a user knows, and a hint where one helps.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once("`, expected one of ")
    {
        let known: Vec<String> = expected.split(", ").map(str::to_string).collect();
        let hint = crate::workspace::did_you_mean(field, &known);
        return (
            format!("unknown key `{field}`; the keys are {}", known.join(", ")),
            hint,
        );
    }
    let plain = match message {
        "expected sequence start" => "expected a list, such as `[a, b]` or one `- item` per line",
        "expected mapping start" => "expected keys and values (a mapping)",
        "expected string scalar" => "expected a single text value",
        other => other,
    };
    (plain.to_string(), None)
}

/// The problem at a spanned value of a YAML file.
pub fn problem_at<T>(
    path: &Path,
    source: &Arc<str>,
    spanned: &Spanned<T>,
    message: impl Into<String>,
) -> Problem {
    let loc = spanned.referenced;
    let span = loc.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(offset), Some(len)) if loc.line() > 0 => {
            let (offset, len) = (to_usize(offset), to_usize(len));
            Problem::at(path, source, offset..offset.saturating_add(len), message)
        }
        _ => Problem::at_line_column(
            path,
            source,
            to_usize(loc.line()),
            to_usize(loc.column()),
            message,
        ),
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
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
