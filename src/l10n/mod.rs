//! Localization: the Fluent resources of every locale.
//!
//! `locales/<tag>/**/*.ftl` is read into one [`Locale`] per tag ([`load_locales`]); a file is
//! matched to the reference file with the same relative path. [`parse`] turns a file into a
//! fluent-syntax AST and reports every syntax error with the parser's own position.

pub mod parse;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::{IoContext, Problem, Result};

/// The folder holding one folder per locale.
pub const LOCALES_DIR: &str = "locales";

/// One locale: its tag and its Fluent files.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The BCP 47 tag, as the folder is named (`zh-CN`).
    pub tag: String,
    /// The Fluent files, sorted by relative path.
    pub files: Vec<FtlFile>,
}

/// One `.ftl` file of a locale.
#[derive(Debug, Clone)]
pub struct FtlFile {
    /// Path relative to the locale folder, with `/` separators (`mail/compose.ftl`).
    pub rel: String,
    /// Path relative to the workspace root, for messages (`locales/de/mail/compose.ftl`).
    pub display: PathBuf,
    /// The file's text.
    pub source: Arc<str>,
}

/// The folder names under `locales/`, sorted.
pub fn locale_folders(dir: &Path) -> Result<BTreeSet<String>> {
    let mut tags = BTreeSet::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(tags),
        Err(e) => return Err(crate::error::Error::io("read", dir, e)),
    };
    for entry in entries {
        let entry = entry.at("read", dir)?;
        if entry.file_type().at("read", &entry.path())?.is_dir() {
            tags.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(tags)
}

/// Reads every `.ftl` file of the given locales, in parallel, and checks its syntax.
pub fn load_locales(
    root: &Path,
    tags: &[String],
    problems: &mut Vec<Problem>,
) -> Result<Vec<Locale>> {
    let mut jobs = Vec::new();
    for tag in tags {
        if let Err(p) = parse::validate_tag(tag) {
            problems.push(p);
        }
        let dir = root.join(LOCALES_DIR).join(tag);
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&dir).to_path_buf();
                crate::error::Error::io("read", &path, e.into())
            })?;
            let is_ftl = entry.path().extension().is_some_and(|x| x == "ftl");
            if entry.file_type().is_file() && is_ftl {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                jobs.push((tag.clone(), rel, entry.into_path()));
            }
        }
    }
    let files: Vec<(String, FtlFile, Vec<Problem>)> = jobs
        .into_par_iter()
        .map(|(tag, rel, path)| {
            let source = crate::workspace::read_text(&path)?;
            let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let file = FtlFile {
                rel,
                display,
                source,
            };
            let problems = parse::syntax_problems(&file);
            Ok((tag, file, problems))
        })
        .collect::<Result<_>>()?;
    let mut locales: Vec<Locale> = tags
        .iter()
        .map(|tag| Locale {
            tag: tag.clone(),
            files: Vec::new(),
        })
        .collect();
    for (tag, file, file_problems) in files {
        problems.extend(file_problems);
        if let Some(locale) = locales.iter_mut().find(|l| l.tag == tag) {
            locale.files.push(file);
        }
    }
    Ok(locales)
}
