//! Building: the catalog of every locale a run needs ([`catalogs`], checked and proven),
//! the template context, the entries of each artifact ([`stage`]: payload, licence,
//! translations, rendered templates), and each artifact zipped and signed, in parallel.
//!
//! Templates go into artifacts by folder: `templates/installer/common/` into every artifact,
//! `templates/installer/<target>/` for each target of the package (files from `unix/` are
//! executable, files from `windows/` get CRLF line ends), and for bundles
//! `templates/bundle/`, which replaces a common template of the same output name. Templates
//! are rendered in the artifact's locale (the reference for installers), where `t()`
//! formats its messages.

use crate::l10n::tag::Tag;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::Step;
use super::cache::{CACHE_DIR, Cache, Lookup, Settings};
use super::plan::{Job, Plan, pseudo_folder};
use crate::archive;
use crate::archive::stream::{Earlier, Input, Source, Written};
use crate::bundle::{Catalog, Direction, Localizer, Pseudo};
use crate::diagnostic::{Error, IoContext, Problem, Result};
use crate::manifest::{ArtifactKind, LOCALES_DIR};
use crate::package::{FILES_DIR, Package, Target};
use crate::sign::{self, KeySource, SigningKey};
use crate::templates::{self, Templates};
use crate::workspace::Workspace;

/// The template folder rendered into every artifact.
pub const COMMON_TEMPLATES: &str = "installer/common";
/// The template folder rendered into bundles, replacing common templates of the same name.
pub const BUNDLE_TEMPLATES: &str = "bundle";

/// What every artifact of a run is built from, besides its package: the catalogs, and the
/// templates with `t()` formatting in them.
pub(super) struct Inputs {
    /// By tag ([`Catalogs::by_tag`]).
    pub catalogs: BTreeMap<String, Catalog>,
    pub localizer: Arc<Localizer>,
    pub templates: Templates,
}

impl Inputs {
    /// The inputs of `catalogs`: their localizer, and the workspace's templates using it.
    pub fn of(ws: &Workspace, catalogs: BTreeMap<String, Catalog>) -> Result<Inputs> {
        let all: Vec<&Catalog> = catalogs.values().collect();
        let localizer =
            Arc::new(Localizer::new(&all, &ws.config.reference_locale).map_err(Error::Invalid)?);
        let templates = ws.templates.localized(Arc::clone(&localizer));
        Ok(Inputs {
            catalogs,
            localizer,
            templates,
        })
    }
}

/// The keys of a run: the release's, and the development key for pseudo-locale bundles.
pub(super) struct Keys {
    /// Signs the release (or its shard); the development key for pseudo-locales alone.
    pub release: SigningKey,
    /// Signs the pseudo-locale bundles, if the run builds any.
    pub pseudo: Option<SigningKey>,
    /// The release the pseudo-locales' folder names ([`pseudo_folder`]).
    pub pseudo_release: String,
}

impl Keys {
    /// Opens the keys `plan` needs, `key` for the release.
    pub fn open(ws: &Workspace, plan: &Plan<'_>, key: &KeySource) -> Result<Keys> {
        // Pseudo-locales are for testers: they go into their own folder, signed with the
        // development key whatever signs the release, so that a release key never vouches
        // for them; a run of pseudo-locales alone needs no release key and leaves the
        // release be.
        let development = KeySource::default();
        let release = SigningKey::open(
            &ws.root,
            if plan.writes_release() {
                key
            } else {
                &development
            },
        )?;
        let pseudo = if plan.has_pseudo() {
            Some(SigningKey::open(&ws.root, &development)?)
        } else {
            None
        };
        Ok(Keys {
            release,
            pseudo,
            pseudo_release: pseudo_folder(&ws.config.release),
        })
    }

    /// What signs `job`'s artifact.
    fn signing<'a>(&'a self, ws: &'a Workspace, job: &Job) -> Signing<'a> {
        match &self.pseudo {
            Some(key) if job.pseudo => Signing {
                key,
                release: &self.pseudo_release,
            },
            _ => Signing {
                key: &self.release,
                release: &ws.config.release,
            },
        }
    }
}

/// Builds and signs every job of `plan`, in parallel, telling `tell` of each; a problem of
/// any refuses the run, each told once.
pub(super) fn build_all(
    ws: &Workspace,
    inputs: &Inputs,
    keys: &Keys,
    plan: &Plan<'_>,
    spool: &Spool,
    tell: &(dyn Fn(Step<'_>) + Sync),
) -> Result<Vec<Built>> {
    let built: Vec<Result<Built, Vec<Problem>>> = plan
        .jobs
        .par_iter()
        .map(|job| {
            let built = build(
                ws,
                inputs,
                job,
                plan.epoch,
                spool,
                keys.signing(ws, job),
                tell,
            );
            if let Ok(b) = &built {
                tell(Step::Built {
                    artifact: &b.job.artifact,
                    size: b.written.size,
                    cached: b.cached,
                    copied: b.written.copied,
                    entries: b.written.entries.len(),
                    input: job.estimate,
                });
            }
            built
        })
        .collect();
    let mut problems = Vec::new();
    let mut artifacts = Vec::new();
    for result in built {
        match result {
            Ok(b) => artifacts.push(b),
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        // A broken common template fails every artifact the same way: report it once.
        problems.sort_by_key(|p| (p.location(), p.message.clone()));
        problems.dedup_by(|a, b| a.location() == b.location() && a.message == b.message);
        return Err(Error::Invalid(problems));
    }
    Ok(artifacts)
}

/// The catalogs of a run, and what they did not take from a locale.
pub(super) struct Catalogs {
    /// By tag: every locale of the workspace (the download page shows package names in all
    /// of them) and the pseudo-locales of the run.
    pub by_tag: BTreeMap<String, Catalog>,
    /// One warning per bundle locale with messages `l10n check` rejects, which its bundle
    /// takes from the next locale of its chain instead.
    pub warnings: Vec<String>,
}

/// The catalog of every locale (and pseudo-locale) the jobs need, each checked and proven
/// to format (the jobs' locales were found in the workspace by [`check_job_locales`]
/// before the run planned anything). A message with an error finding of `l10n check` is
/// taken from the next locale of its chain; with `strict`, such a message in a bundle the
/// jobs build refuses the run instead.
pub(super) fn catalogs(
    ws: &Workspace,
    jobs: &[Job],
    pseudo: &[Pseudo],
    strict: bool,
) -> Result<Catalogs> {
    let bundled = bundled_tags(jobs);
    let mut tags = bundled.clone();
    tags.extend(ws.locales.iter().map(|l| l.tag.clone()));
    let locales: Vec<&crate::l10n::Locale> = ws.locales.iter().collect();
    // The verdict is all a build needs: no finding per missing message.
    let options = crate::l10n::check::Options {
        errors_only: true,
        ..ws.check_options(ws.reference(), &ws.locale_tags)?
    };
    let checked = crate::l10n::check::check(ws.reference(), &locales, &options);
    reference_controls(ws, &checked)?;
    let plural_gaps = plural_gaps(&bundled, &checked);
    if strict {
        refuse_rejected(ws, &bundled, pseudo, &checked)?;
        refuse_plural_gaps(&plural_gaps)?;
    }
    let sources = crate::bundle::Sources::new(&ws.locales, ws.fallback(), &checked);
    let built: Vec<(Catalog, Vec<Problem>)> = tags
        .par_iter()
        .map(|tag| {
            let catalog = match pseudo.iter().find(|p| *tag == p.tag()) {
                Some(p) => Catalog::pseudo(ws.reference(), *p),
                None => Catalog::from_sources(&sources, tag),
            };
            let problems = catalog.prove();
            (catalog, problems)
        })
        .collect();
    let mut catalogs = gather(built, &bundled)?;
    catalogs.warnings.extend(
        plural_gaps
            .iter()
            .map(|(tag, gaps)| plural_gap_warning(tag, gaps)),
    );
    Ok(catalogs)
}

/// The messages of each bundled locale whose plural selects lack a category the locale's
/// whole numbers select (`missing-plural-category` of `l10n check`): the bundle shows the
/// default variant's text for those numbers ("Znaleziono 3 osób").
fn plural_gaps<'c>(
    bundled: &BTreeSet<Tag>,
    checked: &'c crate::l10n::report::Report,
) -> Vec<(String, Vec<&'c crate::l10n::report::Finding>)> {
    bundled
        .iter()
        .filter_map(|tag| {
            let gaps: Vec<_> = checked
                .locales
                .get(tag.as_str())?
                .findings
                .iter()
                .filter(|f| f.code == crate::l10n::report::Code::MissingPluralCategory)
                .collect();
            (!gaps.is_empty()).then(|| (tag.to_string(), gaps))
        })
        .collect()
}

/// The warning for a bundle whose messages lack plural categories: how many, the first
/// with the categories and a number of each.
fn plural_gap_warning(tag: &str, gaps: &[&crate::l10n::report::Finding]) -> String {
    let first: Vec<String> = gaps
        .iter()
        .take(3)
        .map(|f| {
            let id = f.id.as_deref().unwrap_or_default();
            // "… has no variant for the plural category `[few]` (such as 2)": the part after
            // "category".
            let what = f
                .problem
                .message
                .split_once("category ")
                .map_or("", |(_, what)| what);
            format!("`{id}` ({} at {})", what, f.problem.location())
        })
        .collect();
    let more = if gaps.len() > 3 { "; …" } else { "" };
    format!(
        "`{tag}`: {} {} no variant for a plural category of the language, and {} the default variant's text for those numbers: {}{more}; see `alliance l10n check {tag}` (`--strict` refuses to build instead)",
        crate::diagnostic::plural(gaps.len(), "message"),
        if gaps.len() == 1 { "has" } else { "have" },
        if gaps.len() == 1 { "shows" } else { "show" },
        first.join("; ")
    )
}

/// `--strict`: refuses a bundled message that lacks a plural category of its locale.
fn refuse_plural_gaps(gaps: &[(String, Vec<&crate::l10n::report::Finding>)]) -> Result<()> {
    let refused: Vec<Problem> = gaps
        .iter()
        .flat_map(|(_, findings)| findings)
        .map(|f| {
            let help = f.problem.help.clone().unwrap_or_default();
            f.problem.clone().with_help(format!(
                "{help}\n[missing-plural-category] `--strict` (or `l10n.strict` in alliance.yaml) refuses to ship a message that shows the wrong form for some numbers"
            ))
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(refused))
    }
}

/// Refuses a control character in a message of the reference: it has no next locale to take
/// the message from, so the character would ship in every bundle.
fn reference_controls(ws: &Workspace, checked: &crate::l10n::report::Report) -> Result<()> {
    let problems: Vec<Problem> = checked
        .locales
        .get(&ws.config.reference_locale)
        .into_iter()
        .flat_map(|report| &report.findings)
        .filter(|f| f.code == crate::l10n::report::Code::ControlCharacter)
        .map(|f| f.problem.clone())
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The catalogs `built` (each with the problems of its proof), and the warnings of those
/// of `bundled`; a broken message fails every bundle that takes it, told once, naming the
/// bundles.
fn gather(built: Vec<(Catalog, Vec<Problem>)>, bundled: &BTreeSet<Tag>) -> Result<Catalogs> {
    let mut problems: Vec<(Problem, Vec<String>)> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut by_tag = BTreeMap::new();
    let mut warnings = Vec::new();
    for (catalog, found) in built {
        for problem in found {
            let key = (problem.location(), problem.message.clone());
            match seen.get(&key) {
                Some(&i) => problems[i].1.push(catalog.tag.to_string()),
                None => {
                    seen.insert(key, problems.len());
                    problems.push((problem, vec![catalog.tag.to_string()]));
                }
            }
        }
        if bundled.contains(&catalog.tag) {
            warnings.extend(barren_file_warnings(&catalog));
            warnings.extend(fallback_warning(&catalog));
        }
        by_tag.insert(catalog.tag.to_string(), catalog);
    }
    if problems.is_empty() {
        Ok(Catalogs { by_tag, warnings })
    } else {
        Err(in_bundles(problems))
    }
}

/// Refuses a bundle of `jobs` whose locale is neither a locale of the workspace nor a
/// pseudo-locale of the run: told before anything is planned or built.
pub(super) fn check_job_locales(ws: &Workspace, jobs: &[Job], pseudo: &[Pseudo]) -> Result<()> {
    check_locales(ws, &bundled_tags(jobs), pseudo)
}

/// The locales of the bundles among `jobs`, each tag parsed once here (the workspace's
/// were parsed where its locales were read).
fn bundled_tags(jobs: &[Job]) -> BTreeSet<Tag> {
    jobs.iter()
        .filter_map(|j| j.locale.as_deref().map(Tag::new))
        .collect()
}

/// Refuses a tag of `tags` that is neither a locale of the workspace nor a pseudo-locale
/// of the run.
fn check_locales(ws: &Workspace, tags: &BTreeSet<Tag>, pseudo: &[Pseudo]) -> Result<()> {
    let mut unknown = Vec::new();
    for tag in tags {
        let is_pseudo = pseudo.iter().any(|p| *tag == p.tag());
        if !is_pseudo && !ws.locales.iter().any(|l| l.tag == *tag) {
            let known: Vec<String> = ws.locales.iter().map(|l| l.tag.to_string()).collect();
            let shown = crate::diagnostic::escape::escape(tag);
            unknown.push(
                Problem::new(
                    Path::new(crate::l10n::LOCALES_DIR).join(tag.as_str()),
                    format!("there is no locale `{shown}`"),
                )
                .with_help(
                    crate::l10n::tag::suggest(tag, &known)
                        .unwrap_or_else(|| format!("create it with `alliance l10n add {shown}`")),
                ),
            );
        }
    }
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(unknown))
    }
}

/// `--strict`: refuses every error finding of `l10n check` in a locale a bundle of
/// `bundled` takes messages from.
fn refuse_rejected(
    ws: &Workspace,
    bundled: &BTreeSet<Tag>,
    pseudo: &[Pseudo],
    checked: &crate::l10n::report::Report,
) -> Result<()> {
    // Every locale a bundle takes messages from, not only the bundle's own.
    let links: BTreeSet<String> = bundled
        .iter()
        .filter(|tag| !pseudo.iter().any(|p| **tag == p.tag()))
        .flat_map(|tag| crate::bundle::chain(&ws.locales, ws.fallback(), tag))
        .filter(|tag| *tag != ws.config.reference_locale)
        .collect();
    let refused: Vec<Problem> = links
        .iter()
        .filter_map(|tag| checked.locales.get(tag))
        .flat_map(|report| &report.findings)
        .filter(|f| {
            f.severity() == crate::l10n::report::Severity::Error
                || f.code == crate::l10n::report::Code::Stale
        })
        .map(|f| {
            let help = f.problem.help.clone().unwrap_or_default();
            f.problem.clone().with_help(format!(
                "{help}\n[{}] `--strict` (or `l10n.strict` in alliance.yaml) refuses to ship a message `alliance l10n check` rejects; without it, the message is taken from the next locale of the chain",
                f.code.as_str()
            ))
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(refused))
    }
}

/// The warning for a bundle's catalog that takes messages of its own locale from the next
/// locale of its chain, because `l10n check` rejects them.
fn fallback_warning(catalog: &Catalog) -> Option<String> {
    let own: Vec<_> = catalog
        .rejected
        .iter()
        .filter(|r| r.locale == catalog.tag && r.messages.is_none())
        .collect();
    if own.is_empty() {
        return None;
    }
    let first: Vec<String> = own
        .iter()
        .take(3)
        .map(|r| format!("`{}` ({})", r.id, r.code))
        .collect();
    let more = if own.len() > 3 { ", …" } else { "" };
    Some(format!(
        "`{}`: {} with errors {} back to the next locale of its chain: {}{more}; see `alliance l10n check {}` (`--strict` refuses to build instead)",
        catalog.tag,
        crate::diagnostic::plural(own.len(), "message"),
        if own.len() == 1 { "falls" } else { "fall" },
        first.join(", "),
        catalog.tag
    ))
}

/// One warning per file of a bundle's own locale that gave the bundle nothing: which file,
/// why, and how many messages the next locale of the chain gave instead.
fn barren_file_warnings(catalog: &Catalog) -> Vec<String> {
    catalog
        .rejected
        .iter()
        .filter(|r| r.locale == catalog.tag)
        .filter_map(|r| Some((r, r.messages?)))
        .map(|(r, lost)| {
            let why = match r.code.as_str() {
                "syntax" => "no entry of it parses".to_string(),
                "rejected" => "every entry of it has an error".to_string(),
                code => format!("every entry of it has an error ({code} first)"),
            };
            format!(
                "{}/{}/{} gives the `{}` bundle nothing ({why}): its {} {} from the next locale of its chain; see `alliance l10n check {}`",
                crate::l10n::LOCALES_DIR,
                catalog.tag,
                r.id,
                catalog.tag,
                crate::diagnostic::plural(lost, "message"),
                if lost == 1 { "comes" } else { "come" },
                catalog.tag
            )
        })
        .collect()
}

/// The problems of the catalogs, each naming the bundles it fails.
fn in_bundles(problems: Vec<(Problem, Vec<String>)>) -> Error {
    Error::Invalid(
        problems
            .into_iter()
            .map(|(mut problem, bundles)| {
                let names: Vec<String> = bundles.iter().map(|t| format!("`{t}`")).collect();
                problem.message = match names.as_slice() {
                    [one] => format!("{}, in the {one} bundle", problem.message),
                    many => format!("{}, in the bundles {}", problem.message, many.join(", ")),
                };
                problem
            })
            .collect(),
    )
}

/// What signs an artifact: the key, and the release its trusted comment names.
#[derive(Clone, Copy)]
struct Signing<'a> {
    key: &'a SigningKey,
    release: &'a str,
}

/// One built and signed artifact.
pub(super) struct Built {
    /// What was built.
    pub job: Job,
    /// The artifact, in the spool.
    pub file: PathBuf,
    /// Its size, hashes and entries.
    pub written: Written,
    /// Its minisign signature.
    pub signature: String,
    /// Taken from the build cache.
    pub cached: bool,
    /// What was wrong with the build cache's copy, which was thrown away.
    pub warning: Option<String>,
}

/// Where a run writes its artifacts as they are built: a folder `build-XXXXXX` in the output
/// folder's [`WORK_DIR`](super::publish::WORK_DIR), so that publishing moves each into place
/// by a rename. The run
/// holds a lock on `.lock` in it: a later run removes the spool of a run that died, never
/// one that is alive. An output folder the spool had to create goes with it when nothing
/// was published into it: a failed run leaves nothing behind.
pub(super) struct Spool {
    /// Where unchanged artifacts are taken from, and new ones filed.
    cache: Cache,
    dir: tempfile::TempDir,
    _lock: std::fs::File,
    /// The output folder, when the spool created it.
    created: Option<PathBuf>,
}

impl Drop for Spool {
    fn drop(&mut self) {
        // Removed here, before an output folder it created (dropping `dir` afterwards
        // finds nothing left to remove).
        let _ = std::fs::remove_dir_all(self.dir.path());
        if let Some(output) = &self.created {
            // Each fails, as it should, once anything was published or locked there.
            let _ = std::fs::remove_dir(output.join(super::publish::WORK_DIR));
            let _ = std::fs::remove_dir(output);
        }
    }
}

/// The name of every spool starts so (`.alliance-build-` in the output folder itself, as
/// older versions made them).
const SPOOL_PREFIX: &str = "build-";
const OLD_SPOOL_PREFIX: &str = ".alliance-build-";

impl Spool {
    /// A new spool in `output`, after removing those of runs that died, taking unchanged
    /// artifacts from `cache`.
    pub fn new(output: &Path, cache: Cache) -> Result<Spool> {
        let created = (!output.exists()).then(|| output.to_path_buf());
        let work = output.join(super::publish::WORK_DIR);
        std::fs::create_dir_all(&work).at("create", &work)?;
        remove_dead_spools(&work, SPOOL_PREFIX);
        remove_dead_spools(output, OLD_SPOOL_PREFIX);
        let dir = tempfile::Builder::new()
            .prefix(SPOOL_PREFIX)
            .tempdir_in(&work)
            .at("create a folder in", &work)?;
        let path = dir.path().join(".lock");
        let lock = std::fs::File::create(&path).at("create", &path)?;
        lock.try_lock()
            .map_err(|e| Error::io("lock", &path, std::io::Error::other(e.to_string())))?;
        Ok(Spool {
            cache,
            dir,
            _lock: lock,
            created,
        })
    }

    /// Writes down what the cache learnt in this run.
    pub fn remember(&self) {
        self.cache.remember();
    }

    /// Where artifact `name` is written.
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Removes the spools in `dir` (named `prefix…`) whose run is gone (their lock is free);
/// what cannot be removed stays for the next run.
fn remove_dead_spools(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(prefix) {
            continue;
        }
        let dir = entry.path();
        let dead = std::fs::File::open(dir.join(".lock"))
            .map(|lock| lock.try_lock().is_ok())
            .unwrap_or(true);
        if dead {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Builds `job`'s artifact into `spool`: staged, zipped as it is read (entries stamped
/// `epoch`), within its limits and budget, and signed.
fn build(
    ws: &Workspace,
    inputs: &Inputs,
    job: &Job,
    epoch: i64,
    spool: &Spool,
    Signing { key, release }: Signing<'_>,
    tell: &(dyn Fn(Step<'_>) + Sync),
) -> Result<Built, Vec<Problem>> {
    let package = &ws.packages[job.package];
    if job.kind == ArtifactKind::Deb {
        return build_deb(job, package, epoch, spool, Signing { key, release });
    }
    let catalog = job.locale.as_ref().and_then(|t| inputs.catalogs.get(t));
    let staged = || {
        stage(
            ws,
            &inputs.templates,
            &inputs.localizer,
            catalog,
            job,
            package,
            spool.dir.path(),
        )
    };
    let Staged {
        entries,
        files: _rendered,
    } = staged()?;
    let definition = &package.definition;
    within_limits(&entries, job, definition)?;
    let one = |e: Error| vec![Problem::new(&job.artifact, e.to_string())];
    let file = spool.path(&job.artifact);
    let family = family(job, package);
    let settings = Settings {
        artifact: &job.artifact,
        release,
        epoch,
        level: package.compression,
        key,
        family: &family,
    };
    let (cache_key, found) = spool.look_up(&settings, &entries, &file).map_err(one)?;
    let sources = Sources {
        files: &package.files,
        prefix: format!("{}/{FILES_DIR}/", job.stem()),
        staged: &staged,
    };
    let id = cache_key.as_ref().map(|k| k.id.clone());
    let mut warning = None;
    let (written, origin) = match found {
        Lookup::Hit(hit) => (hit.written, Origin::Cached(hit.signature)),
        found => {
            if let (Lookup::Discarded(why), Some(id)) = (found, &id) {
                warning = Some(format!(
                    "the cached `{}` {why}; it was built again (`{CACHE_DIR}/{id}` was thrown away)",
                    job.artifact
                ));
            }
            let (written, set_aside, filling) =
                write_miss(spool, cache_key, &settings, &file, entries, &sources, tell)?;
            warning = set_aside.or(warning);
            (written, Origin::New(filling))
        }
    };
    if let Some(problem) = over_budget(package, job, definition, &written) {
        return Err(vec![problem]);
    }
    let from_cache = matches!(origin, Origin::Cached(_));
    let signature = match origin {
        Origin::Cached(signature) => signature,
        Origin::New(filling) => sign_new(spool, &settings, &written, filling).map_err(one)?,
    };
    Ok(Built {
        job: job.clone(),
        file,
        written,
        signature,
        cached: from_cache,
        warning,
    })
}

/// Builds `job`'s Debian package of `package` into `spool` (every time stamp `epoch`) and
/// signs it. It is written whole each time: the build cache keeps zips.
fn build_deb(
    job: &Job,
    package: &Package,
    epoch: i64,
    spool: &Spool,
    Signing { key, release }: Signing<'_>,
) -> Result<Built, Vec<Problem>> {
    let one = |e: Error| vec![Problem::new(&job.artifact, e.to_string())];
    let (inputs, control) = crate::package::deb::contents(package, epoch);
    let definition = &package.definition;
    within_limits(&inputs, job, definition)?;
    let file = spool.path(&job.artifact);
    let written = crate::archive::deb::write(&file, inputs, &control, epoch, package.compression)
        .map_err(|e| one(e.into()))?;
    if let Some(problem) = over_budget(package, job, definition, &written) {
        return Err(vec![problem]);
    }
    let family = family(job, package);
    let settings = Settings {
        artifact: &job.artifact,
        release,
        epoch,
        level: package.compression,
        key,
        family: &family,
    };
    let signature = sign_new(spool, &settings, &written, None).map_err(one)?;
    Ok(Built {
        job: job.clone(),
        file,
        written,
        signature,
        cached: false,
        warning: None,
    })
}

/// Where an artifact came from: the cache, with its signature, or this run, with the cache
/// entry its copy was written into (if the cache could take one).
enum Origin {
    Cached(String),
    New(Option<super::cache::Filling>),
}

/// Signs the artifact this run `written` with the key of `settings`, and files it in the
/// cache under the id of what it holds, from the entry `filling` its copy went into;
/// returns the signature. The id is made from what was written, not taken from the key
/// the inputs gave before: a file changed in between is filed under what it holds.
fn sign_new(
    spool: &Spool,
    settings: &Settings<'_>,
    written: &Written,
    filling: Option<super::cache::Filling>,
) -> Result<String> {
    let key = settings.key;
    let comment = sign::trusted_comment(
        settings.artifact,
        settings.release,
        &written.sha256,
        key.development,
    );
    let signature = key.sign_prehashed(&written.blake2b, &comment)?;
    if let Some(filling) = filling {
        let id = Cache::id_of(settings, written);
        spool.cache.put(filling, &id, written, &signature, settings);
    }
    Ok(signature)
}

/// What `job`'s artifact is a build of, whatever its version: its package, kind, locale,
/// and whether it is a pseudo-locale's (see [`Settings::family`]).
fn family(job: &Job, package: &Package) -> String {
    format!(
        "{}/{:?}/{}/{}",
        package.id,
        job.kind,
        job.locale.as_deref().unwrap_or_default(),
        job.pseudo
    )
}

impl Spool {
    /// The key of the artifact of `entries` built with `settings`, and what the cache
    /// holds under it (copied to `file` if it is a hit). The key reads every input the
    /// cache does not remember (and remembers it). A family the cache never built has
    /// nothing in it to take or copy: no key then, and a miss; its inputs are read once,
    /// as they are written ([`write_cold`]).
    fn look_up(
        &self,
        settings: &Settings<'_>,
        entries: &[Input],
        file: &Path,
    ) -> Result<(Option<super::cache::Key>, Lookup)> {
        if !self.cache.knows(settings) {
            return Ok((None, Lookup::Miss));
        }
        let key = self.cache.key(settings, entries)?;
        let found = self.cache.get(&key, settings, file);
        Ok((Some(key), found))
    }
}

/// Writes the artifact of `entries`, of a family the cache never built, to `file`: each
/// input is read once, as it is written, and the cache learns what the files held from
/// the writing (so that the next build, after a change, reads only what changed).
fn write_cold(
    spool: &Spool,
    settings: &Settings<'_>,
    file: &Path,
    entries: Vec<Input>,
    sources: &Sources<'_>,
    copy: Option<&Path>,
    tell: &(dyn Fn(Step<'_>) + Sync),
) -> Result<Written, Vec<Problem>> {
    let started = super::cache::now_nanos();
    let written = write_fresh(file, entries, settings, copy, tell)?;
    spool
        .cache
        .learn(started, &written, sources.files, &sources.prefix);
    Ok(written)
}

/// What an artifact is built from, beyond its entries: its payload files and the folder
/// they are in inside it (`<top>/files/`), which the cache learns the digests of from a
/// cold build, and how to stage its entries again.
struct Sources<'a> {
    files: &'a [crate::package::PayloadFile],
    prefix: String,
    staged: &'a dyn Fn() -> Result<Staged, Vec<Problem>>,
}

/// Writes the artifact of `entries` to `file` from its files alone, copying nothing.
fn write_fresh(
    file: &Path,
    entries: Vec<Input>,
    settings: &Settings<'_>,
    copy: Option<&Path>,
    tell: &(dyn Fn(Step<'_>) + Sync),
) -> Result<Written, Vec<Problem>> {
    let read = |bytes| tell(Step::Read { bytes });
    write_artifact(file, entries, settings, None, copy, &read)
        .map_err(|e| vec![Problem::new(settings.artifact, e.to_string())])?
        .map_err(|why| vec![Problem::new(file, why)])
}

/// Refuses the artifact of `entries` when `verify` and `install` would refuse to read it:
/// what they refuse is never built. The payload's files count at the sizes they had when
/// the workspace was loaded (`Input::listed_size`): they are not asked again; a file that
/// cannot be read counts 0 here and fails when it is written.
fn within_limits(entries: &[Input], job: &Job, definition: &Path) -> Result<(), Vec<Problem>> {
    let total = entries
        .iter()
        .map(|e| e.size().unwrap_or(0))
        .fold(0, u64::saturating_add);
    if entries.len() > archive::MAX_ENTRIES || total > archive::MAX_TOTAL {
        return Err(vec![
            Problem::new(
                definition,
                format!(
                    "`{}` would hold {} entries of {total} bytes; an artifact may hold at most {} entries and {} bytes",
                    job.artifact,
                    entries.len(),
                    archive::MAX_ENTRIES,
                    archive::MAX_TOTAL
                ),
            )
            .with_help("leave files out with `files.exclude`, or split the package in two"),
        ]);
    }
    Ok(())
}

/// The problem of an artifact larger than its package's `max_size`, if it is.
fn over_budget(
    package: &Package,
    job: &Job,
    definition: &Path,
    written: &Written,
) -> Option<Problem> {
    let budget = package.max_size?;
    let size = written.size;
    if size <= budget {
        return None;
    }
    let mut largest = written.entries.clone();
    largest.sort_by(|a, b| b.size.cmp(&a.size).then(a.name.cmp(&b.name)));
    let top: Vec<String> = largest
        .iter()
        .take(3)
        .map(|e| format!("`{}` ({} bytes)", e.name, e.size))
        .collect();
    Some(
        Problem::new(
            definition,
            format!(
                "`{}` is {size} bytes, over its budget `max_size` of {budget} bytes",
                job.artifact
            ),
        )
        .with_help(format!("the largest entries are {}", top.join(", "))),
    )
}

/// Writes the artifact of a cache miss to `file`, copying what it can from the last build
/// of its family (without a `key`, the family was never built: [`write_cold`]), and its
/// copy into a new cache entry as it is written, when the cache can take one. A last build
/// that is not what its signed index states is set aside and the artifact built again from
/// its files (`sources` stages them again): the warning says so.
type Miss = (Written, Option<String>, Option<super::cache::Filling>);
fn write_miss(
    spool: &Spool,
    key: Option<super::cache::Key>,
    settings: &Settings<'_>,
    file: &Path,
    entries: Vec<Input>,
    sources: &Sources<'_>,
    tell: &(dyn Fn(Step<'_>) + Sync),
) -> Result<Miss, Vec<Problem>> {
    let one = |e: Error| vec![Problem::new(settings.artifact, e.to_string())];
    let read = |bytes| tell(Step::Read { bytes });
    let filling = spool.cache.begin();
    let copy = filling.as_ref().map(super::cache::Filling::artifact);
    let copy = copy.as_deref();
    let Some(key) = key else {
        let written = write_cold(spool, settings, file, entries, sources, copy, tell)?;
        return Ok((written, None, filling));
    };
    let earlier = spool.cache.earlier(&key, settings, &entries);
    // What the key holds of every entry is not needed to write them.
    drop(key);
    match write_artifact(file, entries, settings, earlier, copy, &read).map_err(one)? {
        Ok(written) => Ok((written, None, filling)),
        Err(why) => {
            let warning = format!(
                "the last build of `{}` in `{CACHE_DIR}` could not be copied from: {why}; it was built again from its files",
                settings.artifact
            );
            let again = (sources.staged)()?;
            let written = write_fresh(file, again.entries, settings, copy, tell)?;
            Ok((written, Some(warning), filling))
        }
    }
}

/// Writes the zip of `entries` to `path` (and the same bytes to `copy`, the cache's copy,
/// if it can: a copy that cannot be written is given up, never the artifact), each input
/// read once (or its compressed data copied from `earlier`), and returns its hashes;
/// `Ok(Err(why))` when `earlier` is not the archive its signed index states (nothing
/// written is then of use).
fn write_artifact(
    path: &Path,
    entries: Vec<Input>,
    settings: &Settings<'_>,
    earlier: Option<Earlier>,
    copy: Option<&Path>,
    read: &(dyn Fn(u64) + Sync),
) -> Result<std::result::Result<Written, String>> {
    let file = std::fs::File::create(path).at("create", path)?;
    // A copy left by an attempt before this one (set aside, see [`write_miss`]) goes
    // first: only this attempt's bytes may be filed.
    let copy = copy.and_then(|c| {
        let _ = std::fs::remove_file(c);
        std::fs::File::create(c).ok()
    });
    let out = std::io::BufWriter::with_capacity(1 << 20, Tee { file, copy });
    let (out, written) = match archive::stream::write_reporting(
        entries,
        settings.epoch,
        settings.level,
        out,
        earlier,
        read,
    ) {
        Err(archive::Error::Earlier(why)) => return Ok(Err(why)),
        done => done?,
    };
    out.into_inner()
        .map_err(|e| Error::io("write", path, e.into_error()))?;
    Ok(Ok(written))
}

/// An artifact's file, and the cache's copy of it written beside it; writing the copy
/// fails quietly, and then stops (the cache files nothing of a copy of the wrong size).
struct Tee {
    file: std::fs::File,
    copy: Option<std::fs::File>,
}

impl std::io::Write for Tee {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        if let Some(copy) = &mut self.copy
            && copy.write_all(&buf[..n]).is_err()
        {
            self.copy = None;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The entries of one artifact, and the files in the spool they read from.
struct Staged {
    entries: Vec<Input>,
    /// The rendered templates, removed when dropped: kept until the artifact is written.
    files: Vec<tempfile::TempPath>,
}

/// The entries of one artifact: payload, licence, the bundle's Fluent resources, and the
/// templates, rendered into files in `spool`.
fn stage(
    ws: &Workspace,
    templates: &Templates,
    localizer: &Localizer,
    catalog: Option<&Catalog>,
    job: &Job,
    package: &Package,
    spool: &Path,
) -> Result<Staged, Vec<Problem>> {
    let top = job.stem();
    let mut problems = Vec::new();
    let license_name = package
        .license
        .file_name()
        .map_or_else(|| "LICENSE".into(), |n| n.to_string_lossy().into_owned());
    // The templates first, each into a file of its own, on a core of its own (an install
    // script lists every file): their context, a value per payload file, is let go before
    // the entries are made.
    let context = template_context(ws, localizer, job, package, catalog, &license_name);
    let set: Vec<_> = template_set(templates, job, package).into_iter().collect();
    let rendered: Vec<_> = set
        .par_iter()
        .map(|(template, target)| {
            let crlf = *target == Some(Target::Windows);
            templates.render_to_file(template, &context, spool, crlf)
        })
        .collect();
    drop(context);
    let mut entries = package_entries(top, package, &license_name);
    if let Some(catalog) = catalog {
        problems.extend(translations_clash(package, catalog));
        for (rel, text) in &catalog.files {
            entries.push(Input {
                name: format!("{top}/{LOCALES_DIR}/{}/{rel}", catalog.tag),
                mode: 0o644,
                source: Source::Bytes(text.clone().into_bytes()),
                listed_size: None,
            });
        }
    }
    let mut files = Vec::with_capacity(rendered.len());
    for ((template, target), rendered) in set.into_iter().zip(rendered) {
        match rendered {
            Ok(path) => {
                entries.push(Input {
                    name: format!("{top}/{}", templates::output_name(template)),
                    mode: if target == Some(Target::Unix) {
                        0o755
                    } else {
                        0o644
                    },
                    source: Source::File(path.to_path_buf().into()),
                    listed_size: None,
                });
                files.push(path);
            }
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(Staged { entries, files })
    } else {
        Err(problems)
    }
}

/// The package's payload under `<top>/files/`, in the order of `package.files`, then its
/// licence as `<top>/<license_name>` and its scripts, each read when the archive is
/// written.
fn package_entries(top: &str, package: &Package, license_name: &str) -> Vec<Input> {
    let mut entries = package.payload_inputs(&format!("{top}/{FILES_DIR}"));
    entries.push(Input {
        name: format!("{top}/{license_name}"),
        mode: 0o644,
        source: Source::File(package.license.clone().into()),
        listed_size: None,
    });
    for script in &package.scripts {
        entries.push(Input {
            name: format!(
                "{top}/{}",
                crate::package::scripts::Script::entry(script.hook, script.target)
            ),
            mode: if script.target == Target::Unix {
                0o755
            } else {
                0o644
            },
            source: Source::File(script.path.clone().into()),
            listed_size: None,
        });
    }
    entries
}

/// The translations install beside the payload, as `locales/<locale>/…`: a payload file
/// of the same path would be overwritten by one of them.
fn translations_clash(package: &Package, catalog: &Catalog) -> Vec<Problem> {
    let payload: BTreeMap<String, &str> = package
        .files
        .iter()
        .map(|f| (f.rel.to_lowercase(), f.rel.as_str()))
        .collect();
    let mut problems = Vec::new();
    for (rel, _) in &catalog.files {
        let installed = format!("{LOCALES_DIR}/{}/{rel}", catalog.tag);
        if let Some(clash) = payload.get(&installed.to_lowercase()) {
            problems.push(
                Problem::new(
                    Path::new(crate::package::PACKAGES_DIR)
                        .join(&package.id)
                        .join(crate::package::PACKAGE_FILE),
                    format!(
                        "`{FILES_DIR}/{clash}` would be installed where the bundle's translation `{installed}` goes"
                    ),
                )
                .with_help(format!(
                    "move it out of `{FILES_DIR}/{LOCALES_DIR}/`, or leave it out with `files.exclude`"
                )),
            );
        }
    }
    problems
}

/// The templates rendered into `job`'s artifact, with the target each one belongs to.
fn template_set<'t>(
    templates: &'t Templates,
    job: &Job,
    package: &Package,
) -> Vec<(&'t str, Option<Target>)> {
    let mut chosen: BTreeMap<&str, (&str, Option<Target>)> = BTreeMap::new();
    for name in templates.in_folder(COMMON_TEMPLATES) {
        chosen.insert(templates::output_name(name), (name, None));
    }
    if job.kind == ArtifactKind::Bundle {
        for name in templates.in_folder(BUNDLE_TEMPLATES) {
            chosen.insert(templates::output_name(name), (name, None));
        }
    }
    for target in &package.targets {
        for name in templates.in_folder(&format!("installer/{}", target.as_str())) {
            chosen.insert(templates::output_name(name), (name, Some(*target)));
        }
    }
    chosen.into_values().collect()
}

#[derive(Serialize)]
struct TemplateContext<'a> {
    /// The locale the templates are rendered in (`t()` formats in it).
    locale: &'a str,
    release: ReleaseContext<'a>,
    package: PackageContext<'a>,
    artifact: ArtifactContext<'a>,
    bundle: Option<BundleContext<'a>>,
    files: FilesContext<'a>,
    /// The vendor's scripts in the artifact: `scripts.post_install.unix` is
    /// `scripts/post-install.sh` when the package has one, else empty.
    scripts: BTreeMap<&'static str, BTreeMap<&'static str, String>>,
}

#[derive(Serialize)]
struct ReleaseContext<'a> {
    name: &'a str,
    reference_locale: &'a str,
}

#[derive(Serialize)]
struct PackageContext<'a> {
    id: &'a str,
    name: &'a str,
    /// The name in the artifact's locale (`name_message`), else `name`.
    title: &'a str,
    /// The description in the artifact's locale (`description_message`), else `description`.
    summary: &'a str,
    vendor: &'a str,
    version: &'a str,
    description: &'a str,
    license: &'a str,
    homepage: Option<&'a str>,
    targets: Vec<&'static str>,
    locales: &'a [String],
    prefix_unix: &'a str,
    prefix_windows: &'a str,
}

#[derive(Serialize)]
struct ArtifactContext<'a> {
    name: &'a str,
    kind: ArtifactKind,
    root: &'a str,
    locale: Option<&'a str>,
    files_dir: &'static str,
}

#[derive(Serialize)]
struct BundleContext<'a> {
    /// The fallback chain, the locale first.
    chain: &'a [String],
    /// The locale after this one in the chain (where untranslated text comes from).
    fallback: Option<&'a str>,
    /// Whether the locale translates every message itself.
    complete: bool,
    /// Percent of the messages the locale translates itself.
    translated: f64,
    direction: Direction,
}

/// One payload file, as the install scripts copy it.
#[derive(Serialize)]
struct FileContext<'a> {
    /// Where it installs, relative to the prefix.
    #[serde(serialize_with = "as_text")]
    path: Joined<'a>,
    /// Where it is in the artifact, relative to its top folder (`files/bin/spark`,
    /// `locales/de/messenger.ftl`).
    #[serde(serialize_with = "as_text")]
    source: Joined<'a>,
    /// Its permission bits in octal, `0644`.
    #[serde(serialize_with = "as_text")]
    mode: Octal,
    executable: bool,
}

/// A `/`-separated path of up to three parts (the empty ones left out), written when it is
/// serialized: a payload of many files is not copied for the templates.
#[derive(Clone, Copy)]
struct Joined<'a>([&'a str; 3]);

impl std::fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = self.0.iter().filter(|p| !p.is_empty());
        if let Some(first) = parts.next() {
            f.write_str(first)?;
        }
        for part in parts {
            write!(f, "/{part}")?;
        }
        Ok(())
    }
}

/// Permission bits, shown in octal with four digits.
struct Octal(u32);

impl std::fmt::Display for Octal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04o}", self.0)
    }
}

fn as_text<S: serde::Serializer>(
    value: &impl std::fmt::Display,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// The payload as the manifest declares it (`ArtifactManifest::payload`): the package's
/// files, and a bundle's translations. Each file's context is made as it is serialized,
/// never all of them at once.
struct FilesContext<'a> {
    package: &'a Package,
    catalog: Option<&'a Catalog>,
}

impl Serialize for FilesContext<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let payload = self.package.files.iter().map(|f| FileContext {
            path: Joined(["", "", &f.rel]),
            source: Joined([FILES_DIR, "", &f.rel]),
            mode: Octal(f.mode),
            executable: f.mode & 0o111 != 0,
        });
        let translations = self.catalog.into_iter().flat_map(|c| {
            c.files.iter().map(|(rel, _)| {
                let path = Joined([LOCALES_DIR, &c.tag, rel]);
                FileContext {
                    path,
                    source: path,
                    mode: Octal(0o644),
                    executable: false,
                }
            })
        });
        serializer.collect_seq(payload.chain(translations))
    }
}

fn template_context(
    ws: &Workspace,
    localizer: &Localizer,
    job: &Job,
    package: &Package,
    catalog: Option<&Catalog>,
    license: &str,
) -> tera::Context {
    let locale = job.locale.as_deref().unwrap_or(&ws.config.reference_locale);
    let translated = |message: &Option<String>, fallback: &str| {
        message
            .as_deref()
            .and_then(|id| localizer.message(locale, id).ok())
            .unwrap_or_else(|| fallback.to_string())
    };
    let title = translated(&package.name_message, &package.name);
    let summary = translated(&package.description_message, &package.description);
    let context = TemplateContext {
        locale,
        release: ReleaseContext {
            name: &ws.config.release,
            reference_locale: &ws.config.reference_locale,
        },
        package: PackageContext {
            id: &package.id,
            name: &package.name,
            title: &title,
            summary: &summary,
            vendor: &package.vendor,
            version: &package.version,
            description: &package.description,
            license,
            homepage: package.homepage.as_deref(),
            targets: package.targets.iter().map(|t| t.as_str()).collect(),
            locales: &package.locales,
            prefix_unix: &package.prefix_unix,
            prefix_windows: &package.prefix_windows,
        },
        artifact: ArtifactContext {
            name: &job.artifact,
            kind: job.kind,
            root: job.stem(),
            locale: job.locale.as_deref(),
            files_dir: FILES_DIR,
        },
        bundle: catalog.map(|c| BundleContext {
            chain: &c.chain,
            fallback: c.chain.get(1).map(String::as_str),
            complete: c.complete,
            translated: c.translated,
            direction: c.direction,
        }),
        files: FilesContext { package, catalog },
        scripts: script_contexts(package),
    };
    // Serializing plain strings and numbers cannot fail.
    tera::Context::from_serialize(&context).unwrap_or_default()
}

/// Where each hook's script of each target is in the artifact, or empty.
fn script_contexts(package: &Package) -> BTreeMap<&'static str, BTreeMap<&'static str, String>> {
    use crate::package::def::Hook;
    [
        (Hook::PostInstall, "post_install"),
        (Hook::PreRemove, "pre_remove"),
    ]
    .into_iter()
    .map(|(hook, key)| {
        let targets = [Target::Unix, Target::Windows]
            .into_iter()
            .map(|target| {
                let has = package
                    .scripts
                    .iter()
                    .any(|s| s.hook == hook && s.target == target);
                let entry = if has {
                    crate::package::scripts::Script::entry(hook, target)
                } else {
                    String::new()
                };
                (target.as_str(), entry)
            })
            .collect();
        (key, targets)
    })
    .collect()
}
