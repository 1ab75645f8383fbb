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

use crate::diagnostic::{Error, Problem, Result};

/// A span in a YAML file: the value and where it was written.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Parses `source`, the text of `path`, into `T`; an error becomes a positioned problem.
pub fn parse<T: DeserializeOwned>(path: &Path, source: &Arc<str>) -> Result<T, Problem> {
    parse_with(path, source, serde_saphyr::Options::default())
}

/// Parses `source` as [`parse`] does, but hands a key written twice to `T`'s visitor rather
/// than failing there: for a [`Value`], read key by key (`package.yaml`), whose reader
/// reports a duplicate together with every other problem of the file.
pub fn parse_with_duplicates<T: DeserializeOwned>(
    path: &Path,
    source: &Arc<str>,
) -> Result<T, Problem> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    parse_with(path, source, options)
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
        let hint = crate::diagnostic::suggest::did_you_mean(field, &known);
        return (
            format!("unknown key `{field}`; the keys are {}", known.join(", ")),
            hint,
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("`{key}` is written twice"),
            Some("keep one of them (a key may appear once in a mapping).".to_string()),
        );
    }
    if message.starts_with("budget breached") {
        return (
            "the file is too large or too deeply nested for a YAML file of this kind".to_string(),
            Some("split it, or remove what it repeats.".to_string()),
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

/// A YAML document as written, every node with its position: what a file whose every
/// problem is to be reported at once (`package.yaml`) is read into first, before its
/// fields are checked one by one.
#[derive(Debug, Clone)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// A string or boolean, as text.
    Scalar(String),
    /// A number, as serde read it (`7.0` reads as `7`: [`written`] gives the text).
    Number(String),
    /// A list.
    Seq(Vec<Spanned<Value>>),
    /// Keys and values, in the order written.
    Map(Vec<(Spanned<String>, Spanned<Value>)>),
}

impl Value {
    /// What kind of node this is, for messages (`a list`).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Scalar(_) | Value::Number(_) => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "keys and values",
        }
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Value;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
                Ok(Value::Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
                Ok(Value::Number(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
                Ok(Value::Number(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
                Ok(Value::Number(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Value, E> {
                Ok(Value::Scalar(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Value, E> {
                Ok(Value::Scalar(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Value::Seq(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Value::Map(entries))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The text of `spanned` as written in `source`, when its position is known.
pub fn written<T>(source: &str, spanned: &Spanned<T>) -> Option<String> {
    let span = spanned.referenced.span();
    let start = to_usize(span.byte_offset()?);
    let text = source.get(start..start.checked_add(to_usize(span.byte_len()?))?)?;
    Some(text.trim().to_string())
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
    serde_saphyr::to_string(value).map_err(|e| Error::YamlWrite(e.to_string()))
}

/// Writes `value` as YAML to `path` in one step ([`crate::fs::write_whole_with`]): a killed
/// run leaves the old file or the new one. It is written as it is serialized: a receipt of
/// 100,000 files is never one string.
pub fn write<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut failed = None;
    let written = crate::fs::write_whole_with(path, |out| {
        serde_saphyr::to_io_writer(&mut { out }, value).map_err(|e| {
            let message = e.to_string();
            failed = Some(message.clone());
            std::io::Error::other(message)
        })
    });
    match (written, failed) {
        (_, Some(why)) => Err(Error::YamlWrite(why)),
        (written, None) => Ok(written?),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
