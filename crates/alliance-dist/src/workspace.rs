//! The workspace: `alliance.yaml` and the discovery of `locales/`, `packages/` and `templates/`.
//!
//! [`Workspace::load`] reads everything a command may need into a validated model and reports
//! every problem it finds at once ([`Error::Invalid`]), so that no later stage sees bad input.
//! Later stages are pure functions of this model plus the files it points to.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Error, Problem, Result};
use crate::l10n::{self, Locale};
use crate::package::{self, Package};
use crate::templates::Templates;
use crate::yaml::{self, Spanned};

/// The name of the workspace configuration file.
pub const CONFIG_FILE: &str = "alliance.yaml";
/// What ends the name of a release's pseudo-locales' folder, `dist/<release>-pseudo/`
/// (never a release name of its own).
pub const PSEUDO_SUFFIX: &str = "-pseudo";

/// The workspace `start` is in: the nearest folder holding [`CONFIG_FILE`], from `start`
/// up, as git and cargo find theirs. It is `.` when that is `start` itself, else `..`
/// repeated, so that paths shown stay relative to the folder the command runs in.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .position(|dir| dir.join(CONFIG_FILE).is_file())
        .map(|up| match up {
            0 => PathBuf::from("."),
            _ => std::iter::repeat_n("..", up).collect(),
        })
}

/// `alliance.yaml`. Only `release` and `reference_locale` are required.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The release name, used as the output folder name (`dist/<release>/`).
    release: Spanned<String>,
    /// The locale every other locale is compared with and falls back to.
    reference_locale: Spanned<String>,
    /// Locales to build; default: every folder under `locales/`.
    #[serde(default)]
    locales: Option<Vec<Spanned<String>>>,
    /// Output folder, relative to the workspace; default `dist`.
    #[serde(default)]
    output: Option<Spanned<String>>,
    /// Release date (`YYYY-MM-DD`), the time stamp of every archive entry unless
    /// `SOURCE_DATE_EPOCH` is set; default 1980-01-01, the earliest a zip can hold.
    #[serde(default)]
    date: Option<Spanned<String>>,
    /// When a release's signed index expires (`YYYY-MM-DD`, RFC 3339, or `30d` after the
    /// release is made); default: never. `release --expires` wins.
    #[serde(default)]
    expires: Option<Spanned<String>>,
    /// Signing settings; default: a development key.
    #[serde(default)]
    signing: SigningFile,
    /// Translator checks.
    #[serde(default)]
    l10n: L10nFile,
    /// Fallback chains: locale -> locales to try before the reference (`zh-TW: [zh-CN]`).
    #[serde(default)]
    fallback: BTreeMap<String, Vec<Spanned<String>>>,
    /// The alliance's root of trust (`root init` makes `root/N.yaml` of it); default: none,
    /// one key signs everything.
    #[serde(default)]
    trust: Option<TrustFile>,
}

/// `trust:` of `alliance.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustFile {
    root: RoleFile,
    index: RoleFile,
    #[serde(default)]
    vendors: Vec<VendorFile>,
}

/// A role of `trust:`: key files (relative to the workspace) and a threshold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFile {
    keys: Vec<Spanned<String>>,
    #[serde(default = "one")]
    threshold: usize,
    /// How long a root is valid (`365d`, or a date); only for `root`.
    #[serde(default)]
    expires: Option<Spanned<String>>,
}

/// A vendor's delegation in `trust:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorFile {
    name: String,
    keys: Vec<Spanned<String>>,
    #[serde(default = "one")]
    threshold: usize,
    packages: Vec<String>,
}

fn one() -> usize {
    1
}

/// The `trust:` section of `alliance.yaml`: what `alliance root init` makes a root of.
#[derive(Debug, Clone)]
pub struct TrustConfig {
    /// The founders' key files and threshold.
    pub root: RoleConfig,
    /// How long each root version is valid.
    pub root_expires: crate::date::Expiry,
    /// The index's key files and threshold.
    pub index: RoleConfig,
    /// The vendors' delegations, in order: name, role, package globs.
    pub vendors: Vec<(String, RoleConfig, Vec<String>)>,
}

/// Key files (absolute) and a threshold.
#[derive(Debug, Clone)]
pub struct RoleConfig {
    /// The public key files.
    pub keys: Vec<PathBuf>,
    /// How many of them must sign.
    pub threshold: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct L10nFile {
    /// Words and phrases (brand names) that may stay as in the reference.
    #[serde(default)]
    untranslated_allow: Vec<String>,
    /// Locales whose typography is not checked.
    #[serde(default)]
    typography_off: Vec<String>,
    /// Refuse to build a bundle with a message `l10n check` rejects, rather than taking
    /// that message from the next locale of the chain.
    #[serde(default)]
    strict: bool,
    /// What a bundle ships for a stale translation.
    #[serde(default)]
    stale: StalePolicy,
}

/// `l10n.stale`: what a bundle ships for a translation whose reference text changed since
/// it was translated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StalePolicy {
    /// The translation as it is (usually better than the reference language); the bundle's
    /// manifest lists it under `stale`.
    #[default]
    Ship,
    /// The next locale of the chain's text (the reference's, in the end).
    Fallback,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SigningFile {
    /// Path of the minisign secret key, relative to the workspace.
    #[serde(default)]
    secret_key: Option<Spanned<String>>,
}

/// Which parts of the workspace a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parts {
    All,
    L10n,
    /// `alliance.yaml` and the reference locale; the other locales are loaded one at a time
    /// ([`Workspace::load_locale`]).
    L10nByLocale,
    Packages,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The release name: a folder name safe everywhere ([`release_name_problem`]).
    pub release: String,
    /// The reference locale's tag.
    pub reference_locale: String,
    /// The output folder (absolute).
    pub output: PathBuf,
    /// Seconds since the epoch of the release date, if `date` was set.
    pub date_epoch: Option<i64>,
    /// When the release index expires (`expires`), if it does.
    pub expires: Option<crate::date::Expiry>,
    /// The configured secret key (absolute), if any.
    pub secret_key: Option<PathBuf>,
    /// Words that may stay identical to the reference (`l10n.untranslated_allow`).
    pub untranslated_allow: Vec<String>,
    /// Locales whose typography is not checked (`l10n.typography_off`).
    pub typography_off: Vec<String>,
    /// `l10n.strict`: a rejected message refuses the build instead of falling back.
    pub l10n_strict: bool,
    /// `l10n.stale`: what a bundle ships for a stale translation.
    pub stale: StalePolicy,
    /// Configured fallback chains (without the locale itself and the reference).
    pub fallback: BTreeMap<String, Vec<String>>,
    /// The alliance's root of trust (`trust:`), if it declares one.
    pub trust: Option<TrustConfig>,
}

/// Everything a command works on, validated.
#[derive(Debug)]
pub struct Workspace {
    /// The workspace folder.
    pub root: PathBuf,
    /// `alliance.yaml`.
    pub config: Config,
    /// The configured locales, sorted by tag; the reference is among them. Only the
    /// reference after [`Workspace::load_l10n_by_locale`].
    pub locales: Vec<Locale>,
    /// The tags of every configured locale, sorted, loaded or not.
    pub locale_tags: Vec<String>,
    /// Every package, sorted by id.
    pub packages: Vec<Package>,
    /// The Tera templates.
    pub templates: Templates,
}

impl Workspace {
    /// Loads and validates the whole workspace at `root`; every problem is reported at once.
    pub fn load(root: &Path) -> Result<Workspace> {
        Self::load_parts(root, Parts::All)
    }

    /// Loads `alliance.yaml`, the locales and the packages, for `alliance package --check`:
    /// a broken template or translation does not hide the packages' problems.
    pub fn load_packages(root: &Path) -> Result<Workspace> {
        Self::load_parts(root, Parts::Packages)
    }

    /// Loads `alliance.yaml` and the locales only: what translators' commands need, so that
    /// a broken package or template does not stop them. Fluent syntax is not checked here:
    /// `l10n check` reports it as findings.
    pub fn load_l10n(root: &Path) -> Result<Workspace> {
        Self::load_parts(root, Parts::L10n)
    }

    /// Loads `alliance.yaml` and the reference locale only, as [`Workspace::load_l10n`]
    /// does, for a command that goes through the other locales one at a time
    /// ([`Workspace::load_locale`]) and so never holds every translation at once.
    pub fn load_l10n_by_locale(root: &Path) -> Result<Workspace> {
        Self::load_parts(root, Parts::L10nByLocale)
    }

    /// How `l10n check` checks locales `tags` against `reference` here: the configured
    /// words and locales, and each locale's record of stale translations.
    pub fn check_options(
        &self,
        reference: &Locale,
        tags: &[String],
    ) -> Result<l10n::check::Options> {
        // The records say which texts of the configured reference were translated: checked
        // against another locale (`--reference`), nothing is stale.
        let records = if reference.tag == self.config.reference_locale {
            l10n::stale::records(&self.root, reference, tags)?
        } else {
            std::collections::BTreeMap::new()
        };
        Ok(l10n::check::Options {
            untranslated_allow: self.config.untranslated_allow.clone(),
            typography_off: self.config.typography_off.clone(),
            errors_only: false,
            records,
        })
    }

    /// Loads the configured locale `tag`.
    pub fn load_locale(&self, tag: &str) -> Result<Locale> {
        let mut loaded = l10n::load_locales(&self.root, &[tag.to_string()])?;
        Ok(loaded.remove(0))
    }

    /// Reads and validates `alliance.yaml` of `root` alone (`None`: there is none), for
    /// the commands that only need to know where the workspace's output is.
    pub fn config_only(root: &Path) -> Result<Option<Config>> {
        let Some((source, file)) = read_config(root)? else {
            return Ok(None);
        };
        let mut problems = Vec::new();
        let config = validate_config(root, Path::new(CONFIG_FILE), &source, &file, &mut problems);
        if problems.is_empty() {
            Ok(Some(config))
        } else {
            Err(Error::Invalid(problems))
        }
    }

    fn load_parts(root: &Path, parts: Parts) -> Result<Workspace> {
        let Some((source, file)) = read_config(root)? else {
            let config_path = root.join(CONFIG_FILE);
            // `.` is where the search from the current folder up ended (see [`discover`]).
            let (shown, place) = if root == Path::new(".") {
                (Path::new(CONFIG_FILE), "this folder or any folder above it")
            } else {
                (config_path.as_path(), "this folder")
            };
            return Err(Error::Invalid(vec![
                Problem::new(shown, format!("no `{CONFIG_FILE}` in {place}")).with_help(format!(
                    "run alliance in or below a workspace folder, pass `--root DIR`, or create \
                         `{CONFIG_FILE}` with at least `release: \"1995.08\"` and \
                         `reference_locale: en-US`"
                )),
            ]));
        };
        let rel_config = Path::new(CONFIG_FILE);

        let mut problems = Vec::new();
        let config = validate_config(root, rel_config, &source, &file, &mut problems);
        let tags = locale_tags(root, rel_config, &source, &file, &config, &mut problems)?;
        let folders: Vec<String> = l10n::locale_folders(&root.join(l10n::LOCALES_DIR))?
            .into_iter()
            .collect();
        validate_fallback(rel_config, &source, &file, &folders, &mut problems);
        let locales = if parts == Parts::L10nByLocale {
            let reference: Vec<String> = tags
                .iter()
                .filter(|t| **t == config.reference_locale)
                .cloned()
                .collect();
            l10n::load_locales(root, &reference)?
        } else {
            l10n::load_locales(root, &tags)?
        };
        if parts == Parts::All {
            problems.extend(
                locales
                    .iter()
                    .filter_map(|l| l10n::parse::validate_tag(&l.tag)),
            );
            // A translation's broken entry is taken from the next locale of the chain (see
            // `bundle`); the reference's would be missing from every bundle.
            let reference: Vec<l10n::Locale> = locales
                .iter()
                .filter(|l| l.tag == config.reference_locale)
                .cloned()
                .collect();
            problems.extend(l10n::parse::syntax_problems_all(&reference));
            // So would an entry nested too deep, and text damaged by a wrong encoding.
            problems.extend(
                reference
                    .iter()
                    .flat_map(|l| &l.files)
                    .flat_map(|f| &f.findings)
                    .map(|f| f.problem.clone()),
            );
        }
        let packages = if matches!(parts, Parts::L10n | Parts::L10nByLocale) {
            Vec::new()
        } else {
            let reference = locales.iter().find(|l| l.tag == config.reference_locale);
            package::load_all(
                root,
                &reference.map(l10n::message_ids).unwrap_or_default(),
                &mut problems,
            )?
        };
        let templates = if parts == Parts::All {
            Templates::load(root, &mut problems)?
        } else {
            Templates::empty()
        };

        if !problems.is_empty() {
            problems.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
            return Err(Error::Invalid(problems));
        }
        Ok(Workspace {
            root: root.to_path_buf(),
            config,
            locales,
            locale_tags: tags,
            packages,
            templates,
        })
    }

    /// What `alliance.yaml` says about the locales' fallback chains, for the catalogs.
    pub fn fallback(&self) -> crate::bundle::Fallback<'_> {
        crate::bundle::Fallback {
            reference: &self.config.reference_locale,
            configured: &self.config.fallback,
            stale_fallback: self.config.stale == StalePolicy::Fallback,
        }
    }

    /// The reference locale.
    pub fn reference(&self) -> &Locale {
        self.locales
            .iter()
            .find(|l| l.tag == self.config.reference_locale)
            .unwrap_or(&self.locales[0])
    }

    /// `path` relative to the workspace root, for display.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

fn validate_config(
    root: &Path,
    rel: &Path,
    source: &Arc<str>,
    file: &ConfigFile,
    problems: &mut Vec<Problem>,
) -> Config {
    let release = file.release.value.trim().to_string();
    if let Some((label, help)) = release_name_problem(&release) {
        let shown = crate::diagnostic::escape::escape(&release);
        let shown = match shown.char_indices().nth(40) {
            Some((cut, _)) => format!("{}…", &shown[..cut]),
            None => shown.into_owned(),
        };
        problems.push(
            yaml::problem_at(
                rel,
                source,
                &file.release,
                format!("`{shown}` cannot be a release name: {label}"),
            )
            .with_label("used as a folder name")
            .with_help(help),
        );
    }
    let output = match &file.output {
        Some(out) if out.value.trim().is_empty() => {
            problems.push(yaml::problem_at(rel, source, out, "`output` is empty"));
            root.join("dist")
        }
        Some(out) => root.join(&out.value),
        None => root.join("dist"),
    };
    let date_epoch = file
        .date
        .as_ref()
        .and_then(|d| match crate::date::parse_date(&d.value) {
            Some(epoch) => Some(epoch),
            None => {
                problems.push(
                    yaml::problem_at(rel, source, d, format!("`{}` is not a date", d.value))
                        .with_help(
                            "write the release date as `YYYY-MM-DD`, for example `1995-08-24`",
                        ),
                );
                None
            }
        });
    let expires = validate_expires(rel, source, file.expires.as_ref(), problems);
    Config {
        release,
        reference_locale: file.reference_locale.value.clone(),
        output,
        date_epoch,
        expires,
        secret_key: file
            .signing
            .secret_key
            .as_ref()
            .map(|k| root.join(&k.value)),
        untranslated_allow: file.l10n.untranslated_allow.clone(),
        typography_off: file.l10n.typography_off.clone(),
        l10n_strict: file.l10n.strict,
        stale: file.l10n.stale,
        fallback: file
            .fallback
            .iter()
            .map(|(tag, chain)| (tag.clone(), chain.iter().map(|t| t.value.clone()).collect()))
            .collect(),
        trust: file
            .trust
            .as_ref()
            .map(|t| validate_trust(root, rel, source, t, problems)),
    }
}

/// The `trust:` section, its key files made absolute (read by `root init`).
fn validate_trust(
    root: &Path,
    rel: &Path,
    source: &Arc<str>,
    file: &TrustFile,
    problems: &mut Vec<Problem>,
) -> TrustConfig {
    let role = |r: &RoleFile| RoleConfig {
        keys: r.keys.iter().map(|k| root.join(&k.value)).collect(),
        threshold: r.threshold,
    };
    let root_expires = match &file.root.expires {
        Some(e) => crate::date::Expiry::parse(&e.value).unwrap_or_else(|| {
            problems.push(
                yaml::problem_at(rel, source, e, format!("`{}` is not an expiry", e.value))
                    .with_help("write how long a root is valid, `365d`, or a date, `2027-12-31`"),
            );
            crate::date::Expiry::Days(365)
        }),
        None => crate::date::Expiry::Days(365),
    };
    TrustConfig {
        root: role(&file.root),
        root_expires,
        index: role(&file.index),
        vendors: file
            .vendors
            .iter()
            .map(|v| {
                (
                    v.name.clone(),
                    RoleConfig {
                        keys: v.keys.iter().map(|k| root.join(&k.value)).collect(),
                        threshold: v.threshold,
                    },
                    v.packages.clone(),
                )
            })
            .collect(),
    }
}

/// The longest release name, in characters. A release name is a folder name (`dist/<release>/`,
/// `.<release>.shard-<i>-of-<n>.previous-<pid>` while a run publishes), part of every
/// trusted comment and of a mirror's addresses: 64 leaves room under the 255 bytes of a
/// file name, and under Windows' 260 characters of a path.
pub const MAX_RELEASE_CHARS: usize = 64;

/// The rule of release names, as the help of every refusal says it.
const RELEASE_RULE: &str = "a release name is at most 64 characters: ASCII letters, digits, \
     `.`, `_` and `-`, starting with a letter or digit and not ending with `.`, not a device \
     name of Windows (`CON`, `NUL`, `COM1` …) nor ending in `-pseudo`; such as `1995.08` or \
     `2026-spring`";

/// What is wrong with `release` as a release name (a label, and the help), if anything: it
/// must be a folder name that is the same on every system and shows what it is (the rule
/// of [`RELEASE_RULE`]; Windows' device names as `archive` refuses them in artifacts).
pub fn release_name_problem(release: &str) -> Option<(String, String)> {
    let rule = || RELEASE_RULE.to_string();
    let chars = release.chars().count();
    if release.is_empty() {
        return Some(("empty".to_string(), rule()));
    }
    if chars > MAX_RELEASE_CHARS {
        return Some((
            format!("{chars} characters, more than the {MAX_RELEASE_CHARS} allowed"),
            rule(),
        ));
    }
    if let Some(c) = release
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        let shown = if crate::diagnostic::escape::is_escaped(c) {
            format!("`{}` (U+{:04X})", c.escape_unicode(), u32::from(c))
        } else {
            format!("`{c}` (U+{:04X})", u32::from(c))
        };
        return Some((
            format!("{shown} is not a letter, digit, `.`, `_` or `-`"),
            rule(),
        ));
    }
    if !release.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Some(("it must start with a letter or digit".to_string(), rule()));
    }
    if release.ends_with('.') {
        // Windows drops a folder name's last dot.
        return Some(("it must not end with `.`".to_string(), rule()));
    }
    if crate::archive::is_reserved_on_windows(release) {
        return Some((
            "a device name reserved on Windows, not a folder there".to_string(),
            rule(),
        ));
    }
    if release.ends_with(PSEUDO_SUFFIX) {
        // `dist/<release>-pseudo/` holds another release's pseudo-locale bundles.
        return Some((
            "the pseudo-locales' folder of another release".to_string(),
            format!(
                "names ending in `-pseudo` are kept for `dist/<release>-pseudo/`; choose another ({RELEASE_RULE})"
            ),
        ));
    }
    None
}

/// The text and YAML of `alliance.yaml` in `root`; `None` when there is none.
fn read_config(root: &Path) -> Result<Option<(Arc<str>, ConfigFile)>> {
    let config_path = root.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&config_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", &config_path, e)),
    };
    let source: Arc<str> = Arc::from(text);
    let file = yaml::parse(Path::new(CONFIG_FILE), &source).map_err(|p| Error::Invalid(vec![p]))?;
    Ok(Some((source, file)))
}

/// The locales to load: the configured list, or every folder under `locales/`.
fn locale_tags(
    root: &Path,
    rel: &Path,
    source: &Arc<str>,
    file: &ConfigFile,
    config: &Config,
    problems: &mut Vec<Problem>,
) -> Result<Vec<String>> {
    let dir = root.join(l10n::LOCALES_DIR);
    let on_disk = l10n::locale_folders(&dir)?;
    let mut tags = BTreeSet::new();
    match &file.locales {
        Some(list) => {
            for tag in list {
                if on_disk.contains(&tag.value) {
                    tags.insert(tag.value.clone());
                } else {
                    problems.push(
                        yaml::problem_at(rel, source, tag, format!("locale `{}` has no folder `locales/{}/`", tag.value, tag.value))
                            .with_help(l10n::tag::suggest(&tag.value, &on_disk).unwrap_or_else(|| {
                                format!("create it with `alliance l10n add {}`, or remove it from `locales`", tag.value)
                            })),
                    );
                }
            }
        }
        None => tags.extend(on_disk.iter().cloned()),
    }
    if on_disk.contains(&config.reference_locale) {
        tags.insert(config.reference_locale.clone());
    } else {
        problems.push(
            yaml::problem_at(
                rel,
                source,
                &file.reference_locale,
                format!("the reference locale `{}` has no folder `locales/{}/`", config.reference_locale, config.reference_locale),
            )
            .with_help(l10n::tag::suggest(&config.reference_locale, &on_disk).unwrap_or_else(|| {
                "the reference locale holds the source texts every translation is compared with".to_string()
            })),
        );
    }
    Ok(tags.into_iter().collect())
}

/// Every locale named in `fallback` must have a folder under `locales/`.
/// The expiry `expires:` of `alliance.yaml` names, or a problem at its value.
fn validate_expires(
    rel: &Path,
    source: &Arc<str>,
    expires: Option<&Spanned<String>>,
    problems: &mut Vec<Problem>,
) -> Option<crate::date::Expiry> {
    let expires = expires?;
    let parsed = crate::date::Expiry::parse(&expires.value);
    if parsed.is_none() {
        problems.push(
            yaml::problem_at(
                rel,
                source,
                expires,
                format!("`{}` is not an expiry", expires.value),
            )
            .with_help(
                "write a date (`2027-01-31`, the end of that day in UTC), a time (`2027-01-31T12:00:00Z`), or a number of days after the release (`30d`)",
            ),
        );
    }
    parsed
}

fn validate_fallback(
    rel: &Path,
    source: &Arc<str>,
    file: &ConfigFile,
    tags: &[String],
    problems: &mut Vec<Problem>,
) {
    for (tag, chain) in &file.fallback {
        if !tags.contains(tag) {
            problems.push(
                Problem::new(
                    rel,
                    format!(
                        "`fallback` names the locale `{tag}`, which this workspace does not have"
                    ),
                )
                .with_help(
                    l10n::tag::suggest(tag, tags)
                        .unwrap_or_else(|| "remove it, or add the locale".to_string()),
                ),
            );
        }
        for link in chain {
            if !tags.contains(&link.value) {
                problems.push(
                    yaml::problem_at(
                        rel,
                        source,
                        link,
                        format!("`{}` is not a locale of this workspace", link.value),
                    )
                    .with_help(
                        l10n::tag::suggest(&link.value, tags).unwrap_or_else(|| {
                            "a fallback must be a locale under `locales/`".to_string()
                        }),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_folder_holding_the_configuration_is_the_workspace() {
        let outer = tempfile::tempdir().expect("temp dir");
        let inner = outer.path().join("a/b");
        let deep = inner.join("c/d");
        std::fs::create_dir_all(&deep).expect("folders");
        assert_eq!(discover(&deep), None);
        std::fs::write(outer.path().join(CONFIG_FILE), "").expect("config");
        assert_eq!(discover(&deep), Some(PathBuf::from("../../../..")));
        std::fs::write(inner.join(CONFIG_FILE), "").expect("config");
        assert_eq!(discover(&deep), Some(PathBuf::from("../..")));
        assert_eq!(discover(&inner), Some(PathBuf::from(".")));
        // A folder named like the configuration is no configuration.
        std::fs::create_dir(deep.join(CONFIG_FILE)).expect("folder");
        assert_eq!(discover(&deep), Some(PathBuf::from("../..")));
    }
}
