//! The formats CI systems read: GitHub Actions workflow commands (`--format github`: a
//! finding shows on the pull request's line) and SARIF 2.1.0 (`--format sarif`: code
//! scanning dashboards). Both are written from one finding model, [`Finding`], which
//! `l10n check`, `package --check` and `verify` fill; lines and columns are the text
//! output's (1-based, columns in characters).

use std::collections::BTreeMap;

/// How bad a finding is, as CI systems grade it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Fails the check.
    Error,
    /// Worth a look.
    Warning,
    /// For information (a missing translation, shown from the fallback).
    Note,
}

impl Level {
    fn github(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        }
    }

    fn sarif(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// One finding: what every CI format is written from.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The finding's code (`unknown-variable`, `signature`).
    pub code: String,
    /// How bad it is.
    pub level: Level,
    /// The file, relative to where the command ran, `/`-separated.
    pub file: String,
    /// 1-based line and character column, where the finding has a place.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// What findings of its code are about, the same for all of them (a SARIF rule's
    /// description), where the code has one.
    pub rule: Option<&'static str>,
}

/// The findings as GitHub Actions workflow commands, one line each:
/// `::error file=F,line=L,col=C,title=CODE::message`.
pub fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let mut properties = vec![format!("file={}", property(&f.file))];
        if let Some((line, column)) = f.position {
            properties.push(format!("line={line}"));
            properties.push(format!("col={column}"));
        }
        properties.push(format!("title={}", property(&f.code)));
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            f.level.github(),
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// A workflow command's message, escaped as the runner reads it back.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped as the runner reads it back.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The findings as one SARIF 2.1.0 log: one run of `alliance`, one rule per code (its help
/// text from `help` of the rule's first finding), one result per finding.
pub fn sarif(findings: &[Finding]) -> serde_json::Value {
    // A rule's help: what its code is about where it says, else its first finding's help.
    let mut rules: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for f in findings {
        let help = rules.entry(f.code.as_str()).or_default();
        if help.is_none() {
            *help = f.rule.or(f.help.as_deref());
        }
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|(code, help)| {
            let mut rule = serde_json::json!({
                "id": code,
                "name": code,
                "shortDescription": { "text": code },
            });
            if let Some(help) = help {
                rule["help"] = serde_json::json!({ "text": help });
            }
            rule
        })
        .collect();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let mut location = serde_json::json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&f.file) },
                }
            });
            if let Some((line, column)) = f.position {
                location["physicalLocation"]["region"] = serde_json::json!({
                    "startLine": line.max(1),
                    "startColumn": column.max(1),
                });
            }
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str(&format!(" (help: {help})"));
            }
            serde_json::json!({
                "ruleId": f.code,
                "ruleIndex": index[f.code.as_str()],
                "level": f.level.sarif(),
                "message": { "text": text },
                "locations": [location],
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "alliance",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// `path` as a relative URI reference: `/`-separated, each byte outside the unreserved
/// set percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
