//! `packages/<id>/package.yaml`: the YAML types and their validation.
//!
//! [`PackageFile`] mirrors the file (unknown keys are errors); [`validate`] checks what the
//! types cannot — id, semver version, licence file, size budget — and records each problem at
//! the line and column of the offending value.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::error::Problem;
use crate::yaml::{self, Spanned};

/// The text of a `package.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageFile {
    pub id: Spanned<String>,
    pub name: String,
    /// A Fluent message of `locales/` that translates the name.
    #[serde(default)]
    pub name_message: Option<Spanned<String>>,
    pub vendor: Spanned<String>,
    pub version: Spanned<String>,
    pub description: Spanned<String>,
    /// A Fluent message of `locales/` that translates the description.
    #[serde(default)]
    pub description_message: Option<Spanned<String>>,
    /// The licence file, relative to the package folder.
    pub license: Spanned<String>,
    #[serde(default)]
    pub homepage: Option<String>,
    #[serde(default = "all_targets")]
    pub targets: Vec<Target>,
    /// Languages the product itself supports.
    #[serde(default)]
    pub locales: Vec<String>,
    #[serde(default)]
    pub prefix: PrefixFile,
    #[serde(default)]
    pub files: FilesFile,
    /// Built as one bundle per workspace locale instead of one installer.
    #[serde(default)]
    pub localized: bool,
    /// Size budget of each artifact, such as `270 KB`.
    #[serde(default)]
    pub max_size: Option<Spanned<String>>,
}

/// Operating-system families an installer supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Linux, the BSDs, macOS: `install.sh`.
    Unix,
    /// Windows: `install.cmd`.
    Windows,
}

impl Target {
    /// The target's name as written in `package.yaml` and the template folder.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Unix => "unix",
            Target::Windows => "windows",
        }
    }
}

fn all_targets() -> Vec<Target> {
    vec![Target::Unix, Target::Windows]
}

/// Default install locations.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixFile {
    #[serde(default)]
    pub unix: Option<String>,
    #[serde(default)]
    pub windows: Option<String>,
}

/// Which files of `files/` go into the package.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesFile {
    /// Globs relative to `files/`; default `**`.
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Glob -> octal mode (`"0755"`); the first matching glob wins.
    #[serde(default)]
    pub modes: BTreeMap<String, Spanned<String>>,
}

/// The checked scalar fields of a package.
#[derive(Debug)]
pub struct Checked {
    pub version: String,
    pub max_size: Option<u64>,
}

/// Checks id, version, licence and size budget of `file`, read from `dir`.
pub fn validate(
    dir: &Path,
    rel: &Path,
    source: &Arc<str>,
    file: &PackageFile,
    problems: &mut Vec<Problem>,
) -> Checked {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = &file.id.value;
    if !is_valid_id(id) {
        problems.push(
            yaml::problem_at(
                rel,
                source,
                &file.id,
                format!("`{id}` is not a valid package id"),
            )
            .with_help("use lowercase letters, digits and `-`, starting with a letter"),
        );
    } else if *id != folder {
        problems.push(
            yaml::problem_at(
                rel,
                source,
                &file.id,
                format!("id `{id}` differs from its folder `packages/{folder}/`"),
            )
            .with_help(format!(
                "set `id: {folder}` or rename the folder to `packages/{id}/`"
            )),
        );
    }
    let version = match semver::Version::parse(file.version.value.trim()) {
        Ok(v) => v.to_string(),
        Err(e) => {
            problems.push(
                yaml::problem_at(
                    rel,
                    source,
                    &file.version,
                    format!("`{}` is not a semantic version: {e}", file.version.value),
                )
                .with_help("write the version as MAJOR.MINOR.PATCH, for example `4.2.0`"),
            );
            file.version.value.clone()
        }
    };
    let license = dir.join(&file.license.value);
    let escapes = Path::new(&file.license.value).components().any(|c| {
        !matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if escapes {
        problems.push(
            yaml::problem_at(
                rel,
                source,
                &file.license,
                format!(
                    "licence file `{}` is outside the package folder",
                    file.license.value
                ),
            )
            .with_help("put the licence file inside the package folder and name it relative to it"),
        );
    } else if !license.is_file() {
        problems.push(
            yaml::problem_at(
                rel,
                source,
                &file.license,
                format!("licence file `{}` does not exist", file.license.value),
            )
            .with_help(format!(
                "create `{}` next to `package.yaml`",
                file.license.value
            )),
        );
    }
    // What `init-package` wrote for the vendor to replace never ships.
    for (key, spanned, placeholder) in [
        ("vendor", &file.vendor, super::scaffold::PLACEHOLDER_VENDOR),
        (
            "description",
            &file.description,
            super::scaffold::PLACEHOLDER_DESCRIPTION,
        ),
    ] {
        if spanned.value.trim() == placeholder {
            problems.push(
                yaml::problem_at(
                    rel,
                    source,
                    spanned,
                    format!("`{key}` is still the placeholder of `alliance init-package`"),
                )
                .with_help(format!(
                    "write the product's {key} instead of `{placeholder}`"
                )),
            );
        }
    }
    // The placeholder is one short line: a real licence is not read for it.
    let short = std::fs::metadata(&license).is_ok_and(|m| m.is_file() && m.len() < 1024);
    if !escapes
        && short
        && std::fs::read_to_string(&license)
            .is_ok_and(|t| super::scaffold::is_placeholder_license(&t))
    {
        problems.push(
            yaml::problem_at(
                rel,
                source,
                &file.license,
                format!(
                    "licence file `{}` is still the placeholder of `alliance init-package`",
                    file.license.value
                ),
            )
            .with_help("put the product's licence text into it"),
        );
    }
    if file.targets.is_empty() {
        problems.push(
            Problem::new(rel, "`targets` is empty").with_help("list `unix`, `windows` or both"),
        );
    }
    let max_size = file.max_size.as_ref().and_then(|m| match parse_size(&m.value) {
        Some(size) => Some(size),
        None => {
            problems.push(
                yaml::problem_at(rel, source, m, format!("`{}` is not a size", m.value))
                    .with_help("write a size such as `270 KB` (1 KB = 1000 bytes), `1.5 MB` or `64 KiB`"),
            );
            None
        }
    });
    Checked { version, max_size }
}

pub fn is_valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
}

/// Bytes of a size written as `270 KB`, `1.5 MB`, `64 KiB` or `1000`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = (number * factor).round();
    (0.0..1e18).contains(&bytes).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("270 KB"), Some(270_000));
        assert_eq!(parse_size("1.5MB"), Some(1_500_000));
        assert_eq!(parse_size("64 KiB"), Some(65_536));
        assert_eq!(parse_size("12"), Some(12));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("3 parsecs"), None);
    }

    #[test]
    fn ids_are_kebab_case() {
        assert!(is_valid_id("spark-messenger"));
        assert!(!is_valid_id("Spark"));
        assert!(!is_valid_id("9lives"));
        assert!(!is_valid_id("a/b"));
    }
}
