//! The formats CI systems read: GitHub Actions workflow commands (`--format github`: a
//! finding shows on the pull request's line) and SARIF 2.1.0 (`--format sarif`: code
//! scanning dashboards). Both are written from the one finding model, [`Finding`], that
//! the text and JSON reports are written from too (`l10n check`, `package --check`,
//! `verify`); lines and columns are the text output's (1-based, columns in characters).

use std::collections::BTreeMap;

use crate::diagnostic::{Finding, FindingCode, Related, Severity};

/// How a finding's severity reads in each format: an error fails, a warning is worth a
/// look, a missing translation is for information.
fn github_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Missing => "notice",
    }
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Missing => "note",
    }
}

/// The findings as GitHub Actions workflow commands, one line each:
/// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::message`.
pub fn github<C: FindingCode>(findings: &[&Finding<C>]) -> String {
    let mut out = String::new();
    for f in findings {
        let p = &f.problem;
        let mut properties = vec![format!("file={}", property(&f.file()))];
        if let Some((line, column)) = p.position {
            properties.push(format!("line={line}"));
            properties.push(format!("col={column}"));
            // The runner takes columns on one line only.
            if let Some((end_line, end_column)) = p.end().filter(|end| *end > (line, column)) {
                properties.push(format!("endLine={end_line}"));
                if end_line == line {
                    properties.push(format!("endColumn={end_column}"));
                }
            }
        }
        properties.push(format!("title={}", property(f.code.name())));
        let mut message = p.message.clone();
        if let Some(help) = &p.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        for related in &f.related {
            message.push_str(&format!("\nsee {}: {}", related.message, place(related)));
        }
        out.push_str(&format!(
            "::{} {}::{}\n",
            github_level(f.severity()),
            properties.join(","),
            data(&message)
        ));
    }
    out
}

/// `file:line:column` of a related place.
fn place(related: &Related) -> String {
    let file = related.path.to_string_lossy().replace('\\', "/");
    match related.position {
        Some((line, column)) => format!("{file}:{line}:{column}"),
        None => file,
    }
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
/// text what the code is about, else the help of the rule's first finding), one result per
/// finding, with its region (start and end) and related locations.
pub fn sarif<C: FindingCode>(findings: &[&Finding<C>]) -> serde_json::Value {
    let mut rules: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for f in findings {
        let help = rules.entry(f.code.name()).or_default();
        if help.is_none() {
            *help = f.code.rule().or(f.problem.help.as_deref());
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
            let p = &f.problem;
            let mut text = p.message.clone();
            if let Some(help) = &p.help {
                text.push_str(&format!(" (help: {help})"));
            }
            let mut result = serde_json::json!({
                "ruleId": f.code.name(),
                "ruleIndex": index[f.code.name()],
                "level": sarif_level(f.severity()),
                "message": { "text": text },
                "locations": [location(&f.file(), p.position, p.end(), None)],
            });
            if !f.related.is_empty() {
                result["relatedLocations"] = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let file = r.path.to_string_lossy().replace('\\', "/");
                        let mut at = location(&file, r.position, None, Some(&r.message));
                        at["id"] = serde_json::json!(i);
                        at
                    })
                    .collect();
            }
            result
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

/// A SARIF location: the file, and the region where there is a position.
fn location(
    file: &str,
    position: Option<(usize, usize)>,
    end: Option<(usize, usize)>,
    message: Option<&str>,
) -> serde_json::Value {
    let mut at = serde_json::json!({
        "physicalLocation": { "artifactLocation": { "uri": uri(file) } }
    });
    if let Some((line, column)) = position {
        let mut region = serde_json::json!({
            "startLine": line.max(1),
            "startColumn": column.max(1),
        });
        if let Some((end_line, end_column)) = end.filter(|end| *end > (line, column)) {
            region["endLine"] = serde_json::json!(end_line);
            region["endColumn"] = serde_json::json!(end_column);
        }
        at["physicalLocation"]["region"] = region;
    }
    if let Some(message) = message {
        at["message"] = serde_json::json!({ "text": message });
    }
    at
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
