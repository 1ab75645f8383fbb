//! `packages/<id>/package.yaml`: the YAML types and their validation.
//!
//! [`read`] parses the file into a YAML tree with positions first, then turns it into a
//! [`PackageFile`] key by key, so that every problem of the file is found in one run: an
//! unknown key (with "did you mean"), a missing one, a value of the wrong kind, a target that
//! does not exist. [`validate`] then checks what the types cannot (id, semver version,
//! licence file, size budget, the scaffold's placeholders), skipping the keys that could not
//! be read; each problem is recorded at the line and column of the offending value.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::archive::stream::Level;
use crate::diagnostic::Problem;
use crate::yaml::{self, Spanned, Value};

/// `init-package`'s `vendor`, which `package --check` refuses until it is replaced.
pub const PLACEHOLDER_VENDOR: &str = "Your Company";
/// `init-package`'s `description`, refused until replaced.
pub const PLACEHOLDER_DESCRIPTION: &str = "One or two sentences a shop would show.";
/// How the scaffold's licence file starts, refused until replaced.
pub const PLACEHOLDER_LICENSE: &str = "Licence of ";
/// How the scaffold's licence file ends.
pub const PLACEHOLDER_LICENSE_END: &str = ": replace this text with the product's licence.\n";

/// How the scaffold's `files/README.txt` ends: a note to the vendor, not for users.
pub const PLACEHOLDER_PAYLOAD: &str =
    "Put the files to install under files/; package.yaml says which are shipped.\n";
/// The scaffold's placeholder payload file, relative to `files/`.
pub const PLACEHOLDER_PAYLOAD_FILE: &str = "README.txt";

/// Whether `text` is still the licence text the scaffold wrote.
pub fn is_placeholder_license(text: &str) -> bool {
    text.starts_with(PLACEHOLDER_LICENSE) && text.ends_with(PLACEHOLDER_LICENSE_END)
}

/// The text of a `package.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageFile {
    /// The package id, which must be its folder's name.
    pub id: Spanned<String>,
    /// The product's name, as shops show it.
    pub name: String,
    /// A Fluent message of `locales/` that translates the name.
    #[serde(default)]
    pub name_message: Option<Spanned<String>>,
    /// Who makes the product.
    pub vendor: Spanned<String>,
    /// The product's version, as written; it must be a semantic version.
    pub version: Spanned<String>,
    /// One or two sentences about the product.
    pub description: Spanned<String>,
    /// A Fluent message of `locales/` that translates the description.
    #[serde(default)]
    pub description_message: Option<Spanned<String>>,
    /// The licence file, relative to the package folder.
    pub license: Spanned<String>,
    /// The product's web address, if it has one.
    #[serde(default)]
    pub homepage: Option<String>,
    /// The systems to build installers for; default both.
    #[serde(default = "all_targets")]
    pub targets: Vec<Target>,
    /// Languages the product itself supports.
    #[serde(default)]
    pub locales: Vec<String>,
    /// Default install folders.
    #[serde(default)]
    pub prefix: PrefixFile,
    /// Which files of `files/` ship, and their modes.
    #[serde(default)]
    pub files: FilesFile,
    /// Built as one bundle per workspace locale instead of one installer.
    #[serde(default)]
    pub localized: bool,
    /// Size budget of each artifact, such as `270 KB`.
    #[serde(default)]
    pub max_size: Option<Spanned<String>>,
    /// How hard to compress: `store`, `fast`, `default` (as `zip -r`) or `best`.
    #[serde(default)]
    pub compression: Option<Spanned<String>>,
    /// The vendor's scripts: hook (`post_install`, `pre_remove`) → target → file, relative
    /// to the package folder.
    #[serde(skip)]
    pub scripts: Vec<ScriptLine>,
    /// What to build: `zip` (the default), `deb`.
    #[serde(skip)]
    pub formats: Option<Vec<Spanned<String>>>,
    /// Who maintains the native packages: `Full Name <address>`.
    #[serde(skip)]
    pub maintainer: Option<Spanned<String>>,
    /// What the Debian package depends on (`depends.deb`), in Debian's syntax.
    #[serde(skip)]
    pub depends: Vec<Spanned<String>>,
    /// The keys [`read`] could not read (missing, or of the wrong kind): their values are
    /// placeholders that [`validate`] leaves alone.
    #[serde(skip)]
    pub unread: std::collections::BTreeSet<&'static str>,
}

/// The keys of a `package.yaml`, in the README's order.
const KEYS: &[&str] = &[
    "id",
    "name",
    "name_message",
    "vendor",
    "version",
    "description",
    "description_message",
    "license",
    "homepage",
    "targets",
    "locales",
    "prefix",
    "files",
    "localized",
    "max_size",
    "compression",
    "scripts",
    "formats",
    "maintainer",
    "depends",
];

/// The keys every `package.yaml` has.
const REQUIRED: &[&str] = &["id", "name", "vendor", "version", "description", "license"];

/// Reads the `package.yaml` at `rel` with text `source`, key by key: every problem goes into
/// `problems`; `None` only when the text is not YAML keys and values at all.
pub fn read(rel: &Path, source: &Arc<str>, problems: &mut Vec<Problem>) -> Option<PackageFile> {
    let document: Spanned<Value> = match yaml::parse_with_duplicates(rel, source) {
        Ok(document) => document,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    let mut reader = Reader {
        rel,
        source,
        problems,
        unread: std::collections::BTreeSet::new(),
    };
    let Value::Map(entries) = document.value else {
        let kind = document.value.kind();
        reader.problems.push(
            Problem::new(rel, format!("expected keys and values, found {kind}"))
                .with_help("see the annotated example of `package.yaml` in the README"),
        );
        return None;
    };
    let mut values = reader.known(entries);
    let mut take = |key: &'static str| values.remove(key);
    let id = take("id");
    let name = take("name");
    let name_message = take("name_message");
    let vendor = take("vendor");
    let version = take("version");
    let description = take("description");
    let description_message = take("description_message");
    let license = take("license");
    let homepage = take("homepage");
    let targets = take("targets");
    let locales = take("locales");
    let prefix = take("prefix");
    let files = take("files");
    let localized = take("localized");
    let max_size = take("max_size");
    let compression = take("compression");
    let scripts = take("scripts");
    let formats = take("formats");
    let maintainer = take("maintainer");
    let depends = take("depends");
    let file = PackageFile {
        id: reader.required("id", id),
        name: reader.required("name", name).value,
        name_message: name_message.and_then(|v| reader.text("name_message", v)),
        vendor: reader.required("vendor", vendor),
        version: reader.required("version", version),
        description: reader.required("description", description),
        description_message: description_message
            .and_then(|v| reader.text("description_message", v)),
        license: reader.required("license", license),
        homepage: homepage
            .and_then(|v| reader.text("homepage", v))
            .map(|h| h.value),
        targets: targets.map_or_else(all_targets, |v| reader.targets(v)),
        locales: locales
            .and_then(|v| reader.texts("locales", v))
            .map(|l| l.into_iter().map(|s| s.value).collect())
            .unwrap_or_default(),
        prefix: prefix.map(|v| reader.prefix(v)).unwrap_or_default(),
        files: files.map(|v| reader.files(v)).unwrap_or_default(),
        localized: localized.is_some_and(|v| reader.flag("localized", v)),
        max_size: max_size.and_then(|v| reader.text("max_size", v)),
        compression: compression.and_then(|v| reader.text("compression", v)),
        scripts: scripts.map(|v| reader.scripts(v)).unwrap_or_default(),
        formats: formats.and_then(|v| reader.texts("formats", v)),
        maintainer: maintainer.and_then(|v| reader.text("maintainer", v)),
        depends: depends.map(|v| reader.depends(v)).unwrap_or_default(),
        unread: std::collections::BTreeSet::new(),
    };
    let unread = reader.unread;
    Some(PackageFile { unread, ..file })
}

/// Reads values of a `package.yaml` into their types, recording every problem.
struct Reader<'a> {
    rel: &'a Path,
    source: &'a Arc<str>,
    problems: &'a mut Vec<Problem>,
    unread: std::collections::BTreeSet<&'static str>,
}

impl Reader<'_> {
    fn at<T>(&mut self, spanned: &Spanned<T>, message: String, help: String) {
        self.problems
            .push(yaml::problem_at(self.rel, self.source, spanned, message).with_help(help));
    }

    /// `key` holds `found` where `expected` belongs.
    fn wrong_kind(
        &mut self,
        key: &str,
        expected: &str,
        found: &Value,
        at: &serde_saphyr::Location,
        help: &str,
    ) {
        self.at(
            &Spanned::new((), *at, *at),
            format!("expected {expected} for `{key}`, found {}", found.kind()),
            help.to_string(),
        );
    }

    /// The values of the keys `package.yaml` knows, by key; an unknown key and a missing
    /// required one are problems.
    fn known(
        &mut self,
        entries: Vec<(Spanned<String>, Spanned<Value>)>,
    ) -> BTreeMap<&'static str, Spanned<Value>> {
        let mut values = BTreeMap::new();
        for (key, value) in self.once(entries) {
            match KEYS.iter().find(|k| **k == key.value) {
                Some(known) => {
                    values.insert(*known, value);
                }
                None => self.unknown(&key, KEYS),
            }
        }
        for key in REQUIRED {
            if !values.contains_key(key) {
                self.unread.insert(key);
                self.problems.push(
                    Problem::new(self.rel, format!("`{key}` is missing")).with_help(format!(
                        "add `{key}: …`; see the annotated example of `package.yaml` in the README"
                    )),
                );
            }
        }
        values
    }

    /// `entries` with each key once: a key written again is a problem (at the repetition),
    /// and its first value is the one read.
    fn once(
        &mut self,
        entries: Vec<(Spanned<String>, Spanned<Value>)>,
    ) -> Vec<(Spanned<String>, Spanned<Value>)> {
        let mut kept: Vec<(Spanned<String>, Spanned<Value>)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            if let Some((first, _)) = kept.iter().find(|(k, _)| k.value == key.value) {
                let line = first.referenced.line();
                self.at(
                    &key,
                    format!("`{}` is written twice", key.value),
                    format!(
                        "keep one of them (a key may appear once in a mapping); the first, on \
                         line {line}, is the one read"
                    ),
                );
                continue;
            }
            kept.push((key, value));
        }
        kept
    }

    fn unknown(&mut self, key: &Spanned<String>, known: &[&str]) {
        let names: Vec<String> = known.iter().map(|k| k.to_string()).collect();
        let help = crate::diagnostic::suggest::did_you_mean(&key.value, &names)
            .unwrap_or_else(|| format!("the keys here are {}", names.join(", ")));
        self.at(key, format!("unknown key `{}`", key.value), help);
    }

    /// A required text value; a placeholder where it is missing or unreadable.
    fn required(&mut self, key: &'static str, value: Option<Spanned<Value>>) -> Spanned<String> {
        match value.and_then(|v| self.text(key, v)) {
            Some(text) => text,
            None => {
                self.unread.insert(key);
                Spanned::new(
                    String::new(),
                    serde_saphyr::Location::UNKNOWN,
                    serde_saphyr::Location::UNKNOWN,
                )
            }
        }
    }

    fn text(&mut self, key: &str, value: Spanned<Value>) -> Option<Spanned<String>> {
        match value.value {
            Value::Scalar(text) => Some(Spanned::new(text, value.referenced, value.defined)),
            // A number as written (`7.0`, not the float 7).
            Value::Number(text) => {
                let at = Spanned::new((), value.referenced, value.defined);
                let written = yaml::written(self.source, &at).unwrap_or(text);
                Some(Spanned::new(written, value.referenced, value.defined))
            }
            other => {
                self.wrong_kind(
                    key,
                    "a single value",
                    &other,
                    &value.referenced,
                    "write it on one line after the key, such as `key: value`",
                );
                None
            }
        }
    }

    fn texts(&mut self, key: &str, value: Spanned<Value>) -> Option<Vec<Spanned<String>>> {
        match value.value {
            Value::Seq(items) => Some(
                items
                    .into_iter()
                    .filter_map(|item| self.text(key, item))
                    .collect(),
            ),
            other => {
                self.wrong_kind(
                    key,
                    "a list",
                    &other,
                    &value.referenced,
                    "write a list such as `[a, b]` or one `- item` per line",
                );
                None
            }
        }
    }

    fn flag(&mut self, key: &str, value: Spanned<Value>) -> bool {
        let Some(text) = self.text(key, value) else {
            return false;
        };
        match text.value.as_str() {
            "true" => true,
            "false" => false,
            other => {
                let message = format!("`{key}` should be `true` or `false`, not `{other}`");
                self.at(&text, message, "write `true` or `false`".to_string());
                false
            }
        }
    }

    fn targets(&mut self, value: Spanned<Value>) -> Vec<Target> {
        let Some(names) = self.texts("targets", value) else {
            self.unread.insert("targets");
            return all_targets();
        };
        let mut targets = Vec::new();
        for name in names {
            match name.value.as_str() {
                "unix" => targets.push(Target::Unix),
                "windows" => targets.push(Target::Windows),
                other => {
                    let message = format!("`{other}` is not a target");
                    self.at(
                        &name,
                        message,
                        "the targets are `unix` (install.sh: Linux, the BSDs, macOS) and `windows` (install.cmd)"
                            .to_string(),
                    );
                    self.unread.insert("targets");
                }
            }
        }
        targets
    }

    /// The entries of a mapping `key`, unknown sub-keys reported.
    fn entries(
        &mut self,
        key: &str,
        value: Spanned<Value>,
        known: &[&str],
    ) -> Vec<(Spanned<String>, Spanned<Value>)> {
        match value.value {
            Value::Map(entries) => self
                .once(entries)
                .into_iter()
                .filter(|(k, _)| {
                    let ok = known.is_empty() || known.contains(&k.value.as_str());
                    if !ok {
                        self.unknown(k, known);
                    }
                    ok
                })
                .collect(),
            Value::Null => Vec::new(),
            other => {
                let help = format!("write `{key}:` and its keys indented on the lines below");
                self.wrong_kind(key, "keys and values", &other, &value.referenced, &help);
                Vec::new()
            }
        }
    }

    fn prefix(&mut self, value: Spanned<Value>) -> PrefixFile {
        let mut prefix = PrefixFile::default();
        for (key, value) in self.entries("prefix", value, &["unix", "windows"]) {
            let text = self
                .text(&format!("prefix.{}", key.value), value)
                .map(|t| t.value);
            match key.value.as_str() {
                "unix" => prefix.unix = text,
                _ => prefix.windows = text,
            }
        }
        prefix
    }

    fn scripts(&mut self, value: Spanned<Value>) -> Vec<ScriptLine> {
        let mut lines = Vec::new();
        for (hook, value) in self.entries("scripts", value, &["post_install", "pre_remove"]) {
            let key = format!("scripts.{}", hook.value);
            let hook = if hook.value == "post_install" {
                Hook::PostInstall
            } else {
                Hook::PreRemove
            };
            for (target, path) in self.entries(&key, value, &["unix", "windows"]) {
                let target = if target.value == "unix" {
                    Target::Unix
                } else {
                    Target::Windows
                };
                if let Some(path) = self.text(&key, path) {
                    lines.push(ScriptLine { hook, target, path });
                }
            }
        }
        lines
    }

    /// `depends:`, one list per format (`deb:`).
    fn depends(&mut self, value: Spanned<Value>) -> Vec<Spanned<String>> {
        let mut all = Vec::new();
        for (_, list) in self.entries("depends", value, &["deb"]) {
            all.extend(self.texts("depends.deb", list).unwrap_or_default());
        }
        all
    }

    fn files(&mut self, value: Spanned<Value>) -> FilesFile {
        let mut files = FilesFile::default();
        for (key, value) in self.entries("files", value, &["include", "exclude", "modes", "config"])
        {
            match key.value.as_str() {
                "include" => files.include = self.texts("files.include", value).unwrap_or_default(),
                "exclude" => files.exclude = self.texts("files.exclude", value).unwrap_or_default(),
                "config" => files.config = self.texts("files.config", value).unwrap_or_default(),
                _ => {
                    for (glob, mode) in self.entries("files.modes", value, &[]) {
                        if let Some(mode) = self.text("files.modes", mode) {
                            files.modes.insert(glob.value, mode);
                        }
                    }
                }
            }
        }
        files
    }
}

/// When a vendor's script runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hook {
    /// After the files are installed (or upgraded).
    PostInstall,
    /// Before `alliance uninstall` removes the files.
    PreRemove,
}

impl Hook {
    /// The script's name inside the artifact (`<stem>/scripts/<name>.sh`) and the prefix.
    pub fn as_str(self) -> &'static str {
        match self {
            Hook::PostInstall => "post-install",
            Hook::PreRemove => "pre-remove",
        }
    }
}

/// One script of `scripts:`, as written.
#[derive(Debug, Clone)]
pub struct ScriptLine {
    /// When it runs.
    pub hook: Hook,
    /// The systems it is for.
    pub target: Target,
    /// The file, relative to the package folder.
    pub path: Spanned<String>,
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
    /// The install folder on Unix; `None`: `/opt/<id>`.
    #[serde(default)]
    pub unix: Option<String>,
    /// The install folder on Windows; `None`: `%ProgramFiles%\<name>`.
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
    /// Globs relative to `files/` of files to leave out even when included.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Glob -> octal mode (`"0755"`); the first matching glob wins.
    #[serde(default)]
    pub modes: BTreeMap<String, Spanned<String>>,
    /// Globs relative to `files/` of the configuration files (dpkg's conffiles): an upgrade
    /// keeps the user's changed copy of one and puts the new version beside it; any other
    /// changed file is replaced, the user's copy saved beside it.
    #[serde(default)]
    pub config: Vec<Spanned<String>>,
}

/// The checked scalar fields of a package.
#[derive(Debug)]
pub struct Checked {
    /// The version, normalized as semver prints it when it parses, else as written.
    pub version: String,
    /// The size budget in bytes; `None` when there is none, or it is not a size.
    pub max_size: Option<u64>,
    /// How hard to compress.
    pub compression: Level,
    /// What to build, sorted, without duplicates.
    pub formats: Vec<Format>,
}

/// A kind of artifact a package is built as (`formats:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// An installer zip with install scripts (the default).
    Zip,
    /// A Debian package (`.deb`).
    Deb,
}

/// Checks id, version, licence and size budget of `file`, read from `dir`.
pub fn validate(
    dir: &Path,
    rel: &Path,
    source: &Arc<str>,
    file: &PackageFile,
    problems: &mut Vec<Problem>,
) -> Checked {
    let at = Place { rel, source, file };
    validate_id(&at, dir, problems);
    let version = validate_version(&at, problems);
    let license = dir.join(&file.license.value);
    let escapes = Path::new(&file.license.value).components().any(|c| {
        !matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    validate_license(&at, &license, escapes, problems);
    // What `init-package` wrote for the vendor to replace never ships.
    placeholder_texts(&at, problems);
    if !escapes {
        placeholder_license(&at, &license, problems);
    }
    placeholder_payload(&at, dir, problems);
    if at.read("targets") && file.targets.is_empty() {
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
    let compression = validate_compression(&at, problems);
    let formats = validate_formats(&at, problems);
    if formats.contains(&Format::Deb) {
        validate_deb(&at, problems);
    }
    Checked {
        version,
        max_size,
        compression,
        formats,
    }
}

/// The `formats` of the package: `zip` unless it lists others.
fn validate_formats(at: &Place<'_>, problems: &mut Vec<Problem>) -> Vec<Format> {
    let Some(names) = &at.file.formats else {
        return vec![Format::Zip];
    };
    let mut formats = Vec::new();
    for name in names {
        match name.value.as_str() {
            "zip" => formats.push(Format::Zip),
            "deb" => formats.push(Format::Deb),
            "rpm" => problems.push(
                at.problem(name, "`rpm` packages are not built yet".to_string())
                    .with_help("list `zip`, `deb` or both"),
            ),
            other => {
                let known = ["zip".to_string(), "deb".to_string()];
                let hint = crate::diagnostic::suggest::did_you_mean(other, &known)
                    .map_or_else(String::new, |d| format!("{d} "));
                problems.push(
                    at.problem(name, format!("`{other}` is not a format"))
                        .with_help(format!(
                            "{hint}list `zip` (an installer), `deb` (a Debian package) or both"
                        )),
                );
            }
        }
    }
    if names.is_empty() {
        problems.push(
            Problem::new(at.rel, "`formats` is empty")
                .with_help("list `zip`, `deb` or both, or leave `formats` out for `zip`"),
        );
    }
    formats.sort();
    formats.dedup();
    formats
}

/// What a Debian package needs: a maintainer, a version and prefix Debian can take,
/// dependencies in its syntax, an installer for Unix of one package (not bundles).
fn validate_deb(at: &Place<'_>, problems: &mut Vec<Problem>) {
    use super::deb;
    let file = at.file;
    match &file.maintainer {
        None => problems.push(
            Problem::new(at.rel, "a Debian package needs a `maintainer`").with_help(
                "add `maintainer: Full Name <address@example.com>`: who answers for the package",
            ),
        ),
        Some(m) => {
            if let Err(why) = deb::check_maintainer(&m.value) {
                problems.push(at.problem(m, why).with_help(
                    "write a name and an e-mail address in angle brackets, as Debian does",
                ));
            }
        }
    }
    if at.read("version")
        && let Err(why) = deb::version(file.version.value.trim())
    {
        problems.push(
            at.problem(
                &file.version,
                format!(
                    "version `{}` cannot be a Debian version: {why}",
                    file.version.value
                ),
            )
            .with_help("use dots in a pre-release, such as `4.2.0-rc.1` (Debian: `4.2.0~rc.1`)"),
        );
    }
    for dependency in &file.depends {
        if let Err(why) = deb::check_dependency(&dependency.value) {
            problems.push(at.problem(dependency, format!("in `depends.deb`: {why}")).with_help(
                "write one package per item, such as `libc6 (>= 2.31)` or `python3 | python3-minimal`",
            ));
        }
    }
    if let Some(prefix) = &file.prefix.unix
        && let Err(why) = deb::check_prefix(prefix)
    {
        problems.push(
            Problem::new(at.rel, format!("`prefix.unix`: {why}")).with_help(
                "the Debian package installs the payload there; set `prefix.unix: /opt/<id>`",
            ),
        );
    }
    validate_deb_fields(at, problems);
}

/// What a Debian package's fields cannot hold (a short id, a line end), and what it cannot
/// be built from (a localized package, one without Unix).
fn validate_deb_fields(at: &Place<'_>, problems: &mut Vec<Problem>) {
    let file = at.file;
    if file.id.value.len() < 2 {
        problems.push(
            at.problem(
                &file.id,
                format!("`{}` is too short for a Debian package name", file.id.value),
            )
            .with_help("Debian's package names have two characters at least"),
        );
    }
    // A line end would start a field of its own in `control`.
    for (key, value) in [
        ("name", Some(file.name.as_str())),
        ("homepage", file.homepage.as_deref()),
    ] {
        if let Some(value) = value
            && value.chars().any(char::is_control)
        {
            problems.push(
                Problem::new(
                    at.rel,
                    format!("`{key}` holds a line end or control character"),
                )
                .with_help("a Debian package's fields are one line each: write it on one line"),
            );
        }
    }
    if file.localized {
        problems.push(
            Problem::new(
                at.rel,
                "a localized package is built as bundles, not as a Debian package",
            )
            .with_help("remove `deb` from `formats`"),
        );
    }
    if at.read("targets") && !file.targets.contains(&Target::Unix) {
        problems.push(
            Problem::new(
                at.rel,
                "a Debian package is for Unix, which `targets` leaves out",
            )
            .with_help("add `unix` to `targets`, or remove `deb` from `formats`"),
        );
    }
}

/// The `compression` of the package: `default` unless it names another level.
fn validate_compression(at: &Place<'_>, problems: &mut Vec<Problem>) -> Level {
    let Some(value) = &at.file.compression else {
        return Level::default();
    };
    let levels = [
        ("store", Level::Store),
        ("fast", Level::Fast),
        ("default", Level::Default),
        ("best", Level::Best),
    ];
    if let Some((_, level)) = levels.iter().find(|(name, _)| *name == value.value) {
        return *level;
    }
    let names: Vec<String> = levels.iter().map(|(n, _)| (*n).to_string()).collect();
    let hint = crate::diagnostic::suggest::did_you_mean(&value.value, &names)
        .map_or_else(String::new, |d| format!("{d} "));
    problems.push(
        yaml::problem_at(
            at.rel,
            at.source,
            value,
            format!("`{}` is not a compression level", value.value),
        )
        .with_help(format!(
            "{hint}write `store` (no compression), `fast`, `default` (as `zip -r`) or `best`"
        )),
    );
    Level::default()
}

/// A `package.yaml` being validated: its path, its text and what was read of it.
struct Place<'a> {
    rel: &'a Path,
    source: &'a Arc<str>,
    file: &'a PackageFile,
}

impl Place<'_> {
    /// Whether `key` was read (missing or not a single value: `read` reported it).
    fn read(&self, key: &str) -> bool {
        !self.file.unread.contains(key)
    }

    /// A problem at the value of `spanned`.
    fn problem(&self, spanned: &Spanned<String>, message: String) -> Problem {
        yaml::problem_at(self.rel, self.source, spanned, message)
    }
}

/// The id: valid, and the name of the package's folder `dir`.
fn validate_id(at: &Place<'_>, dir: &Path, problems: &mut Vec<Problem>) {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = at.file;
    let id = &file.id.value;
    if !at.read("id") {
        // Missing or not a single value: `read` reported it.
    } else if !is_valid_id(id) {
        problems.push(
            at.problem(&file.id, format!("`{id}` is not a valid package id"))
                .with_help("use lowercase letters, digits and `-`, starting with a letter"),
        );
    } else if *id != folder {
        problems.push(
            at.problem(
                &file.id,
                format!("id `{id}` differs from its folder `packages/{folder}/`"),
            )
            .with_help(format!(
                "set `id: {folder}` or rename the folder to `packages/{id}/`"
            )),
        );
    }
}

/// The version, normalized if it is a semantic version (else as written).
fn validate_version(at: &Place<'_>, problems: &mut Vec<Problem>) -> String {
    let file = at.file;
    match semver::Version::parse(file.version.value.trim()) {
        Ok(v) => v.to_string(),
        Err(_) if !at.read("version") => file.version.value.clone(),
        Err(e) => {
            problems.push(
                at.problem(
                    &file.version,
                    format!("`{}` is not a semantic version: {e}", file.version.value),
                )
                .with_help("write the version as MAJOR.MINOR.PATCH, for example `4.2.0`"),
            );
            file.version.value.clone()
        }
    }
}

/// The licence file `license`: inside the package folder (`escapes`: it is not), and there.
fn validate_license(at: &Place<'_>, license: &Path, escapes: bool, problems: &mut Vec<Problem>) {
    let file = at.file;
    if !at.read("license") {
        // Missing or not a single value: `read` reported it.
    } else if escapes {
        problems.push(
            at.problem(
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
            at.problem(
                &file.license,
                format!("licence file `{}` does not exist", file.license.value),
            )
            .with_help(format!(
                "create `{}` next to `package.yaml`",
                file.license.value
            )),
        );
    }
}

/// `vendor` and `description` still as `init-package` wrote them.
fn placeholder_texts(at: &Place<'_>, problems: &mut Vec<Problem>) {
    let file = at.file;
    for (key, spanned, placeholder) in [
        ("vendor", &file.vendor, PLACEHOLDER_VENDOR),
        ("description", &file.description, PLACEHOLDER_DESCRIPTION),
    ] {
        if at.read(key) && spanned.value.trim() == placeholder {
            problems.push(
                at.problem(
                    spanned,
                    format!("`{key}` is still the placeholder of `alliance init-package`"),
                )
                .with_help(format!(
                    "write the product's {key} instead of `{placeholder}`"
                )),
            );
        }
    }
}

/// The licence file `license` still as `init-package` wrote it.
fn placeholder_license(at: &Place<'_>, license: &Path, problems: &mut Vec<Problem>) {
    // The placeholder is one short line: a real licence is not read for it.
    let short = std::fs::metadata(license).is_ok_and(|m| m.is_file() && m.len() < 1024);
    if short && std::fs::read_to_string(license).is_ok_and(|t| is_placeholder_license(&t)) {
        problems.push(
            at.problem(
                &at.file.license,
                format!(
                    "licence file `{}` is still the placeholder of `alliance init-package`",
                    at.file.license.value
                ),
            )
            .with_help("put the product's licence text into it"),
        );
    }
}

/// The scaffold's `files/README.txt` (a note to the vendor) still in the payload, where it
/// would ship to users.
fn placeholder_payload(at: &Place<'_>, dir: &Path, problems: &mut Vec<Problem>) {
    let path = dir.join(super::FILES_DIR).join(PLACEHOLDER_PAYLOAD_FILE);
    let short = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() < 1024);
    if short && std::fs::read_to_string(&path).is_ok_and(|t| t.ends_with(PLACEHOLDER_PAYLOAD)) {
        let shown = Path::new(at.rel)
            .parent()
            .unwrap_or(Path::new(""))
            .join(super::FILES_DIR)
            .join(PLACEHOLDER_PAYLOAD_FILE);
        problems.push(
            Problem::new(
                &shown,
                "the payload still holds the placeholder `files/README.txt` of `alliance \
                 init-package`, a note to you that would ship to users",
            )
            .with_help("put the product's files under files/ and delete this one"),
        );
    }
}

/// Whether `id` can name a package: a lowercase letter, then lowercase letters, digits and
/// `-`, not ending with `-`.
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
