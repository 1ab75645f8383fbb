//! Localization: the Fluent resources of every locale.
//!
//! `locales/<tag>/**/*.ftl` is read into one [`Locale`] per tag ([`load_locales`]); a file is
//! matched to the reference file with the same relative path. [`load`] turns a file's bytes
//! into the text every parser sees (decoded, entries nested too deep left out) and what it
//! found doing so; [`parse`] turns a file into a fluent-syntax AST and reports every syntax
//! error at the entry it breaks.

pub mod ast;
pub mod check;
pub mod format;
pub mod load;
pub mod parse;
pub mod plural;
pub mod report;
pub mod scaffold;
pub mod stale;
pub mod syntax;
pub mod tag;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use alliance_diagnostic::source::LineIndex;
use alliance_diagnostic::{IoContext, Problem, Result};

/// The folder holding one folder per locale.
pub const LOCALES_DIR: &str = "locales";

/// One locale: its tag and its Fluent files.
#[derive(Debug, Clone)]
pub struct Locale {
    /// The BCP 47 tag, as the folder is named (`zh-CN`), parsed once here.
    pub tag: tag::Tag,
    /// The Fluent files, sorted by relative path.
    pub files: Vec<FtlFile>,
}

/// One `.ftl` file of a locale; made by [`FtlFile::new`] (in [`load`]).
#[derive(Debug, Clone)]
pub struct FtlFile {
    /// Path relative to the locale folder, with `/` separators (`mail/compose.ftl`).
    pub rel: String,
    /// Path relative to the workspace root, for messages (`locales/de/mail/compose.ftl`).
    pub display: PathBuf,
    /// The text as written (decoded, entries nested too deep blanked out), shared with the
    /// snippets of the problems found in it; offsets hold for it and [`FtlFile::source`].
    pub text: Arc<str>,
    /// Where each line of `source` starts: positions of findings convert through it.
    pub lines: Arc<LineIndex>,
    /// What loading found (`encoding`, `too-deep`), reported by `l10n check`.
    pub findings: Vec<report::Finding>,
    /// `source` parsed, once, when the file was read: every check, proof and bundle of the
    /// run reads this one parse.
    pub parsed: Arc<syntax::Parsed>,
}

impl FtlFile {
    /// The file's text as every parser reads it: decoded as UTF-8 (lossily) without a
    /// byte-order mark, entries nested too deep blanked out (lines and offsets unchanged).
    /// The very text the resource was parsed from, broken entries blanked out too (see
    /// [`syntax`]): a slice of the resource (an id, a pattern) is a slice of this, and its
    /// offset here is its place in the file.
    pub fn source(&self) -> &str {
        self.parsed.resource.source()
    }

    /// The file's Fluent resource (with `Junk` where entries are broken).
    pub fn resource(&self) -> &fluent_bundle::FluentResource {
        &self.parsed.resource
    }

    /// The file's syntax errors, each with the entry it broke.
    pub fn syntax_errors(&self) -> &[fluent_syntax::parser::ParserError] {
        &self.parsed.errors
    }
}

/// The folder names under `locales/`, sorted.
pub fn locale_folders(dir: &Path) -> Result<BTreeSet<String>> {
    let mut tags = BTreeSet::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(tags),
        Err(e) => return Err(alliance_diagnostic::Error::io("read", dir, e)),
    };
    for entry in entries {
        let entry = entry.at("read", dir)?;
        if entry.file_type().at("read", &entry.path())?.is_dir() {
            tags.insert(entry.file_name().to_string_lossy().into_owned());
        }
    }
    Ok(tags)
}

/// Reads every `.ftl` file of the given locales, in parallel.
pub fn load_locales(root: &Path, tags: &[String]) -> Result<Vec<Locale>> {
    let mut jobs = Vec::new();
    for tag in tags {
        let dir = root.join(LOCALES_DIR).join(tag);
        for walked in alliance_fs::walk(&dir, None) {
            let walked = walked?;
            let is_ftl = walked.path().extension().is_some_and(|x| x == "ftl");
            if walked.entry.file_type().is_file() && is_ftl {
                jobs.push((tag.clone(), walked.rel, walked.entry.into_path()));
            }
        }
    }
    let files: Vec<(String, FtlFile)> = jobs
        .into_par_iter()
        .map(|(tag, rel, path)| {
            // Not `read_to_string`: a file that is not UTF-8 is a finding, not an error.
            let bytes = std::fs::read(&path).at("read", &path)?;
            let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            Ok((tag, FtlFile::new(rel, display, &bytes)))
        })
        .collect::<Result<_>>()?;
    let mut locales: Vec<Locale> = tags
        .iter()
        .map(|tag| Locale {
            tag: tag::Tag::new(tag.as_str()),
            files: Vec::new(),
        })
        .collect();
    for (tag, file) in files {
        if let Some(locale) = locales.iter_mut().find(|l| l.tag == tag) {
            locale.files.push(file);
        }
    }
    Ok(locales)
}

/// The ids of the messages (not terms) of `locale`.
pub fn message_ids(locale: &Locale) -> std::collections::HashSet<String> {
    let mut ids = std::collections::HashSet::new();
    for file in &locale.files {
        for entry in file.resource().entries() {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                ids.insert(message.id.name.to_string());
            }
        }
    }
    ids
}

/// What `add_locale` did.
#[derive(Debug)]
pub struct Added {
    /// The new folder, relative to the workspace.
    pub dir: PathBuf,
    /// The files written, relative to the new folder.
    pub files: Vec<String>,
    /// Whether `alliance.yaml` was edited (it lists its locales explicitly).
    pub registered: bool,
}

/// Creates `locales/<tag>/` under the workspace folder `root` from `reference` and
/// registers it in the workspace's configuration file `config_file` (`alliance.yaml`,
/// relative to `root`); the folder appears complete or not at all.
pub fn add_locale(root: &Path, config_file: &str, reference: &Locale, tag: &str) -> Result<Added> {
    use alliance_diagnostic::Error;
    let new_tag = scaffold::validate_new_tag(tag).map_err(|message| {
        Error::Invalid(vec![Problem::new(
            Path::new(LOCALES_DIR).join(tag),
            message,
        )])
    })?;
    let locales_dir = root.join(LOCALES_DIR);
    let dir = locales_dir.join(tag);
    let existing = locale_folders(&locales_dir)?;
    if let Some(same) = existing.iter().find(|t| t.eq_ignore_ascii_case(tag)) {
        return Err(Error::Invalid(vec![
            Problem::new(
                Path::new(LOCALES_DIR).join(same),
                format!("locale `{same}` already exists"),
            )
            .with_help(format!("check it with `alliance l10n check {same}`")),
        ]));
    }
    let config_path = root.join(config_file);
    let config = std::fs::read_to_string(&config_path).at("read", &config_path)?;
    let registered = scaffold::register(&config, tag)
        .map_err(|message| Error::Invalid(vec![Problem::new(config_file, message)]))?;

    let files = scaffold::scaffold(reference, &new_tag);
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{tag}.new-"))
        .tempdir_in(&locales_dir)
        .at("create a folder in", &locales_dir)?;
    for (rel, text) in &files {
        let path = staging.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).at("create", parent)?;
        }
        std::fs::write(&path, text).at("write", &path)?;
    }
    // Every message is as the reference has it now: the record starts there.
    let (lock, texts) = stale::record_new(reference);
    lock.write(
        &staging.path().join(stale::LOCK_FILE),
        tag,
        reference.tag.as_str(),
    )?;
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, &dir) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io("create", &dir, e));
    }
    if let Some(new_config) = &registered
        && let Err(e) = alliance_fs::write_whole(&config_path, new_config.as_bytes())
    {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    stale::save(root, reference, tag, &lock, texts)?;
    Ok(Added {
        dir: Path::new(LOCALES_DIR).join(tag),
        files: files.into_iter().map(|(rel, _)| rel).collect(),
        registered: registered.is_some(),
    })
}
