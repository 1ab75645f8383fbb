//! The release: plan -> build -> sign -> record -> publish.
//!
//! [`plan`] turns the workspace into an ordered list of artifact [`Job`]s: one installer per
//! vendor package, one bundle per locale (and pseudo-locale) for a localized package (the
//! messenger). [`run`] builds every locale's [`Catalog`] and proves it formats, then builds
//! the jobs in parallel (staged entries -> deterministic zip -> SHA-256), signs each
//! artifact, writes its manifest, `release.yaml`, `SHA256SUMS` and the public key into a
//! staging folder beside the output, and publishes that folder as `dist/<release>/` by one
//! rename: the output is either the complete new release or untouched. Only writing is
//! done under the output folder's [`lock`]; first, what dead runs left there is removed.
//! `alliance bundle` and `package` run the same stages for some artifacts and keep the
//! release's others, each verified with the signing key before it is signed into the new
//! index (`reverify`): nothing is signed that was not built or verified in the same run.
//! Pseudo-locale bundles (`bundle --pseudo`) never enter the release: they are published
//! the same way into their own folder, `dist/<release>-pseudo/` ([`pseudo_folder`]), with
//! its own index, signed with the workspace's development key as release
//! `<release>-pseudo`; a run of pseudo-locales alone neither locks nor reads nor writes
//! the release folder.
//!
//! Templates go into artifacts by folder: `templates/installer/common/` into every artifact,
//! `templates/installer/<target>/` for each target of the package (files from `unix/` are
//! executable, files from `windows/` get CRLF line ends), and for bundles
//! `templates/bundle/`, which replaces a common template of the same output name. Templates
//! are rendered in the artifact's locale (the reference for installers), where `t()`
//! formats its messages.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::archive::{self, Entry};
use crate::bundle::{Catalog, Direction, Localizer, Pseudo};
use crate::diagnostic::{Error, IoContext, Problem, Result, plural};
use crate::manifest::{
    ARTIFACT_SCHEMA, ArtifactEntry, ArtifactKind, ArtifactManifest, BundleInfo, CHECKSUMS_FILE,
    FileRecord, LOCALES_DIR, PUBLIC_KEY_FILE, RELEASE_FILE, RELEASE_SCHEMA, ReleaseIndex, Signer,
};
use crate::package::{Package, Target, collect::FILES_DIR};
use crate::sign::{self, KeySource, SigningKey};
use crate::templates::{self, Templates};
use crate::workspace::Workspace;

/// The template folder rendered into every artifact.
pub const COMMON_TEMPLATES: &str = "installer/common";
/// The template folder rendered into bundles, replacing common templates of the same name.
pub const BUNDLE_TEMPLATES: &str = "bundle";

/// How to run a release.
#[derive(Clone, Default)]
pub struct Options {
    /// Time stamp of every archive entry; default: `date` of `alliance.yaml`, else 1980-01-01.
    pub source_date_epoch: Option<i64>,
    /// The signing key.
    pub key: KeySource,
    /// Which artifacts to build.
    pub selection: Selection,
    /// Refuse to build a bundle with a message `l10n check` rejects (`--strict`,
    /// `l10n.strict`), rather than taking it from the next locale of the chain.
    pub strict: bool,
    /// Told about each step, for progress bars and logs.
    pub progress: Option<Progress>,
}

/// A listener for the steps of a run.
pub type Progress = std::sync::Arc<dyn Fn(Step<'_>) + Send + Sync>;

/// A step of a run.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// The plan is made: how many artifacts, how many input bytes.
    Planned { jobs: usize, bytes: u64 },
    /// Catalogs are built and proven; building starts.
    Building,
    /// One artifact is built and signed.
    Built { artifact: &'a str, size: u64 },
    /// Everything is written and published.
    Published,
}

/// Which artifacts to build.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `Some`: bundles only (`alliance bundle`), of these locales (all when empty, none
    /// when empty and `pseudo` is not), added to the existing release folder. `None`: the
    /// whole release.
    pub bundles_only: Option<Vec<String>>,
    /// `Some`: vendor installers only (`alliance package`), of these packages (all when
    /// empty), added to the existing release folder.
    pub installers_only: Option<Vec<String>>,
    /// Pseudo-locale bundles to build as well, into their own folder ([`pseudo_folder`]),
    /// never into the release.
    pub pseudo: Vec<Pseudo>,
    /// `Some((i, n))`: build only shard `i` of `n` (1-based) of the plan, into
    /// `dist/<release>.shard-<i>-of-<n>/`, for `alliance manifest merge`.
    pub shard: Option<(usize, usize)>,
}

/// One artifact to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The artifact's file name.
    pub artifact: String,
    /// Installer or bundle.
    pub kind: ArtifactKind,
    /// Index of the package in the workspace.
    pub package: usize,
    /// The locale of a bundle.
    pub locale: Option<String>,
    /// Bytes of its inputs, for progress and for balancing shards.
    pub estimate: u64,
    /// A pseudo-locale bundle: built into [`pseudo_folder`], signed with the development
    /// key, never listed in the release's index.
    pub pseudo: bool,
}

impl Job {
    /// The artifact's file name without `.zip`: the top folder inside it.
    pub fn stem(&self) -> &str {
        self.artifact.strip_suffix(".zip").unwrap_or(&self.artifact)
    }
}

/// What a run published into one folder, for the CLI to report.
#[derive(Debug)]
pub struct Report {
    /// The release folder (or the pseudo-locales' folder).
    pub dir: PathBuf,
    /// The index that was written.
    pub index: ReleaseIndex,
    /// The artifacts built by this run (others were kept).
    pub built: Vec<String>,
    /// Whether a development key signed it.
    pub development_key: bool,
    /// Where the signing key lives.
    pub key_path: PathBuf,
    /// What went wrong after the release was published (it stands, and verifies).
    pub warnings: Vec<String>,
    /// The pseudo-locales' folder ([`pseudo_folder`]), not the release.
    pub pseudo: bool,
}

/// The folder of the pseudo-locale bundles of `release`, beside the release folder:
/// `<release>-pseudo`. It is also the release its index, manifests and trusted comments
/// name, so that none of its artifacts can pass for one of the release.
pub fn pseudo_folder(release: &str) -> String {
    format!("{release}-pseudo")
}

/// The folder a run of `selection` writes in the output folder, for `release` its own:
/// the release's, or its shard's (`<release>.shard-<i>-of-<n>`).
pub fn folder(release: &str, selection: &Selection) -> String {
    match selection.shard {
        Some((i, n)) => format!("{release}.shard-{i}-of-{n}"),
        None => release.to_string(),
    }
}

/// The artifact jobs of `selection`, in a stable order: with a shard, only its share of
/// the whole plan. `--dry-run` prints exactly this; [`run`] builds exactly this.
pub fn plan(ws: &Workspace, selection: &Selection) -> Vec<Job> {
    let jobs = whole_plan(ws, selection);
    match selection.shard {
        Some((i, n)) => {
            let assignment = crate::shard::shards(&jobs, n);
            jobs.into_iter()
                .zip(assignment)
                .filter(|(_, s)| *s + 1 == i)
                .map(|(j, _)| j)
                .collect()
        }
        None => jobs,
    }
}

/// The artifact jobs of `selection`, every shard's.
fn whole_plan(ws: &Workspace, selection: &Selection) -> Vec<Job> {
    let mut jobs = Vec::new();
    let reference_bytes: u64 = ws
        .reference()
        .files
        .iter()
        .map(|f| f.source.len() as u64)
        .sum();
    for (index, package) in ws.packages.iter().enumerate() {
        let payload: u64 = package.files.iter().map(|f| f.size).sum();
        if package.localized && selection.installers_only.is_none() {
            let tags: Vec<&str> = match &selection.bundles_only {
                Some(only) if !only.is_empty() => only.iter().map(String::as_str).collect(),
                // `bundle --pseudo KIND` alone builds the pseudo-locales alone.
                Some(_) if !selection.pseudo.is_empty() => Vec::new(),
                _ => ws.locales.iter().map(|l| l.tag.as_str()).collect(),
            };
            // A tag of a selected pseudo-locale is that pseudo-locale, never a release bundle.
            let tags = tags
                .into_iter()
                .filter(|t| !selection.pseudo.iter().any(|p| p.tag() == *t))
                .map(|t| (t, false));
            let pseudo = selection.pseudo.iter().map(|p| (p.tag(), true));
            for (tag, pseudo) in tags.chain(pseudo) {
                jobs.push(Job {
                    artifact: format!("{}-{}-{tag}.zip", package.id, package.version),
                    kind: ArtifactKind::Bundle,
                    package: index,
                    locale: Some(tag.to_string()),
                    estimate: payload + reference_bytes,
                    pseudo,
                });
            }
        } else if !package.localized
            && selection.bundles_only.is_none()
            && selection
                .installers_only
                .as_ref()
                .is_none_or(|only| only.is_empty() || only.contains(&package.id))
        {
            jobs.push(Job {
                artifact: format!("{}-{}.zip", package.id, package.version),
                kind: ArtifactKind::Installer,
                package: index,
                locale: None,
                estimate: payload,
                pseudo: false,
            });
        }
    }
    jobs.sort_by(|a, b| a.artifact.cmp(&b.artifact));
    jobs.dedup_by(|a, b| a.artifact == b.artifact);
    jobs
}

/// Builds, signs, records and publishes the selected artifacts: one report per folder
/// written, the release's (or its shard's) first, then the pseudo-locales'.
pub fn run(ws: &Workspace, options: &Options) -> Result<Vec<Report>> {
    let epoch = options
        .source_date_epoch
        .or(ws.config.date_epoch)
        .unwrap_or(archive::ZIP_EPOCH);
    if let Some(only) = &options.selection.installers_only {
        let ids: Vec<&String> = ws
            .packages
            .iter()
            .filter(|p| !p.localized)
            .map(|p| &p.id)
            .collect();
        let unknown: Vec<Problem> = only
            .iter()
            .filter(|id| !ids.contains(id))
            .map(|id| {
                Problem::new(
                    Path::new(crate::package::PACKAGES_DIR).join(id),
                    format!("there is no vendor package `{id}`"),
                )
                .with_help(
                    crate::diagnostic::suggest::did_you_mean(id, ids.iter().copied())
                        .unwrap_or_else(|| {
                            format!(
                                "the vendor packages are {}",
                                ids.iter()
                                    .map(|i| i.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                )
            })
            .collect();
        if !unknown.is_empty() {
            return Err(Error::Invalid(unknown));
        }
    }
    let jobs = plan(ws, &options.selection);
    let planned: Vec<String> = whole_plan(ws, &options.selection)
        .into_iter()
        .map(|j| j.artifact)
        .collect();
    if jobs.is_empty() && options.selection.shard.is_none() {
        let what = if options.selection.bundles_only.is_some() {
            "no localized package"
        } else {
            "no package"
        };
        return Err(Error::Invalid(vec![
            Problem::new(crate::package::PACKAGES_DIR, format!("there is nothing to build: {what}"))
                .with_help("add a package with a `package.yaml` under `packages/<id>/` (`localized: true` for bundles)"),
        ]));
    }
    let tell = |step: Step<'_>| {
        if let Some(progress) = &options.progress {
            progress(step);
        }
    };
    tell(Step::Planned {
        jobs: jobs.len(),
        bytes: jobs.iter().map(|j| j.estimate).sum(),
    });
    let dir_name = folder(&ws.config.release, &options.selection);
    // Translations and the key are checked before the output folder is touched.
    let Catalogs {
        by_tag: catalogs,
        warnings: mut fallback_warnings,
    } = catalogs(ws, &jobs, &options.selection.pseudo, options.strict)?;
    let all: Vec<&Catalog> = catalogs.values().collect();
    let localizer =
        Arc::new(Localizer::new(&all, &ws.config.reference_locale).map_err(Error::Invalid)?);
    let templates = ws.templates.localized(Arc::clone(&localizer));
    // Pseudo-locales are for testers: they go into their own folder, signed with the
    // development key whatever signs the release, so that a release key never vouches for
    // them; a run of pseudo-locales alone needs no release key and leaves the release be.
    let writes_release = options.selection.shard.is_some() || jobs.iter().any(|j| !j.pseudo);
    let development = KeySource::default();
    let key = SigningKey::open(
        &ws.root,
        if writes_release {
            &options.key
        } else {
            &development
        },
    )?;
    let pseudo_name = pseudo_folder(&ws.config.release);
    let pseudo_key = if jobs.iter().any(|j| j.pseudo) {
        Some(SigningKey::open(&ws.root, &development)?)
    } else {
        None
    };
    tell(Step::Building);

    let built: Vec<Result<Built, Vec<Problem>>> = jobs
        .par_iter()
        .map(|job| {
            let signing = match &pseudo_key {
                Some(key) if job.pseudo => Signing {
                    key,
                    release: &pseudo_name,
                },
                _ => Signing {
                    key: &key,
                    release: &ws.config.release,
                },
            };
            let built = build(ws, &templates, &localizer, &catalogs, job, epoch, signing);
            if let Ok(b) = &built {
                tell(Step::Built {
                    artifact: &b.job.artifact,
                    size: b.zip.bytes.len() as u64,
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

    // Building touched nothing outside: the output folder is locked only to be written,
    // every folder this run writes before any of them is.
    let mut folders = Vec::new();
    if writes_release {
        folders.push(Folder::open(
            ws,
            dir_name,
            &ws.config.release,
            key,
            false,
            epoch,
        )?);
    }
    if let Some(pseudo_key) = pseudo_key {
        folders.push(Folder::open(
            ws,
            pseudo_name.clone(),
            &pseudo_name,
            pseudo_key,
            true,
            epoch,
        )?);
    }
    let partial =
        options.selection.bundles_only.is_some() || options.selection.installers_only.is_some();
    for folder in &mut folders {
        // The pseudo-locales' folder holds what this run built, and nothing of earlier ones.
        if partial && !folder.pseudo {
            let dir = ws.config.output.join(&folder.dir_name);
            let kept = kept_artifacts(&dir, &folder.release, &jobs, &folder.key)?;
            folder.files = kept.files;
            folder.index.artifacts = kept.entries;
        }
    }
    for b in artifacts {
        let Some(folder) = folders.iter_mut().find(|f| f.pseudo == b.job.pseudo) else {
            continue;
        };
        folder.built.push(b.job.artifact.clone());
        let Folder {
            files,
            index,
            key,
            signer,
            release,
            ..
        } = folder;
        let manifest_name = format!("{}.manifest.yaml", b.job.stem());
        let signature_name = format!("{}.minisig", b.job.artifact);
        let package = &ws.packages[b.job.package];
        let bundle = b
            .job
            .locale
            .as_ref()
            .and_then(|tag| catalogs.get(tag))
            .map(|c| BundleInfo {
                chain: c.chain.clone(),
                taken_from: c.taken_from.clone(),
                translated: c.translated,
                rejected: c.rejected.clone(),
                direction: c.direction,
            });
        let manifest = ArtifactManifest {
            schema: ARTIFACT_SCHEMA.to_string(),
            name: b.job.artifact.clone(),
            kind: b.job.kind,
            package: package.id.clone(),
            locale: b.job.locale.clone(),
            version: package.version.clone(),
            release: release.clone(),
            size: b.zip.bytes.len() as u64,
            sha256: b.sha256.clone(),
            signature: signature_name.clone(),
            signed_by: signer.clone(),
            bundle: bundle.clone(),
            files: b.zip.entries.iter().map(FileRecord::from).collect(),
        };
        index.artifacts.insert(
            b.job.artifact.clone(),
            ArtifactEntry::of(&manifest, &manifest_name),
        );
        // The manifest is signed too: it promises each file's permissions and hash.
        let manifest_text = crate::yaml::to_string(&manifest)?.into_bytes();
        insert_signed(files, &manifest_name, manifest_text, release, key)?;
        files.insert(signature_name, b.signature.into_bytes());
        files.insert(b.job.artifact, b.zip.bytes);
    }
    for folder in &mut folders {
        let Folder {
            files, index, key, ..
        } = folder;
        match options.selection.shard {
            Some((i, n)) if !folder.pseudo => {
                let shard = crate::shard::ShardManifest {
                    schema: crate::shard::SHARD_SCHEMA.to_string(),
                    release: index.release.clone(),
                    shard: i,
                    of: n,
                    inputs: crate::shard::inputs_digest(ws, epoch)?,
                    plan: planned.clone(),
                    reference_locale: index.reference_locale.clone(),
                    source_date_epoch: epoch,
                    signed_by: index.signed_by.clone(),
                    artifacts: index.artifacts.clone(),
                };
                // Signed, so that a merge trusts nothing of a shard it did not verify.
                let shard_text = crate::yaml::to_string(&shard)?.into_bytes();
                insert_signed(
                    files,
                    crate::shard::SHARD_FILE,
                    shard_text,
                    &ws.config.release,
                    key,
                )?;
                files.insert(
                    PUBLIC_KEY_FILE.to_string(),
                    key.public_key_file.clone().into_bytes(),
                );
            }
            // Testers' builds get no download page.
            _ if folder.pseudo => seal_index(index, key, files)?,
            _ => seal(ws, &templates, &localizer, &catalogs, index, key, files)?,
        }
    }
    let mut reports = Vec::new();
    for folder in folders {
        let published = publish(&ws.config.output, &folder.dir_name, &folder.files)?;
        reports.push(Report {
            dir: ws.config.output.join(&folder.dir_name),
            index: folder.index,
            built: folder.built,
            development_key: folder.key.development,
            key_path: folder.key.secret_path,
            // What bundles did not take from a locale is told with the release's folder.
            warnings: if folder.pseudo {
                published.warnings
            } else {
                std::mem::take(&mut fallback_warnings)
                    .into_iter()
                    .chain(published.warnings)
                    .collect()
            },
            pseudo: folder.pseudo,
        });
    }
    tell(Step::Published);
    Ok(reports)
}

/// A folder a run writes, while it is being filled: the release (or a shard of it), or the
/// pseudo-locales' folder ([`pseudo_folder`]).
struct Folder {
    /// Its name in the output folder.
    dir_name: String,
    /// The release its index, manifests and trusted comments name.
    release: String,
    /// The key that signs everything in it.
    key: SigningKey,
    signer: Signer,
    /// The pseudo-locales' folder.
    pseudo: bool,
    /// Its index, so far.
    index: ReleaseIndex,
    /// Its files, so far.
    files: BTreeMap<String, Vec<u8>>,
    /// The artifacts this run built into it.
    built: Vec<String>,
    /// Held until the run ends: no other run writes the folder meanwhile.
    _lock: std::fs::File,
}

impl Folder {
    /// Locks folder `dir_name` of the output folder, to be filled with the artifacts of
    /// `release` signed with `key`, their entries time-stamped `epoch`.
    fn open(
        ws: &Workspace,
        dir_name: String,
        release: &str,
        key: SigningKey,
        pseudo: bool,
        epoch: i64,
    ) -> Result<Folder> {
        let lock = lock(&ws.config.output, &dir_name)?;
        let signer = Signer {
            key_id: key.key_id.clone(),
            development: key.development,
        };
        let index = ReleaseIndex {
            schema: RELEASE_SCHEMA.to_string(),
            release: release.to_string(),
            reference_locale: ws.config.reference_locale.clone(),
            source_date_epoch: epoch,
            signed_by: signer.clone(),
            public_key: PUBLIC_KEY_FILE.to_string(),
            checksums: CHECKSUMS_FILE.to_string(),
            artifacts: BTreeMap::new(),
        };
        Ok(Folder {
            dir_name,
            release: release.to_string(),
            key,
            signer,
            pseudo,
            index,
            files: BTreeMap::new(),
            built: Vec::new(),
            _lock: lock,
        })
    }
}

/// Takes the lock of release folder `name` in `output` for the whole run: a second run on
/// it (from this workspace or any other sharing the output folder) refuses at once. The
/// lock is `output/.<name>.lock`, one per release folder, so that shards of one release may
/// run side by side.
pub fn lock(output: &Path, name: &str) -> Result<std::fs::File> {
    std::fs::create_dir_all(output).at("create", output)?;
    let path = output.join(format!(".{name}.lock"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .at("open", &path)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
            folder: output.join(name),
            lock: path,
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io("lock", &path, e)),
    }
}

/// Adds file `name` with `data` to `files`, and its signature `<name>.minisig`, whose
/// trusted comment names the file, `release` and its SHA-256.
fn insert_signed(
    files: &mut BTreeMap<String, Vec<u8>>,
    name: &str,
    data: Vec<u8>,
    release: &str,
    key: &SigningKey,
) -> Result<()> {
    let comment =
        sign::trusted_comment(name, release, &archive::sha256_hex(&data), key.development);
    files.insert(
        format!("{name}.minisig"),
        key.sign(&data, &comment)?.into_bytes(),
    );
    files.insert(name.to_string(), data);
    Ok(())
}

/// Adds the download page, the signed index and checksums, and the public key.
pub(crate) fn seal(
    ws: &Workspace,
    templates: &Templates,
    localizer: &Localizer,
    catalogs: &BTreeMap<String, Catalog>,
    index: &ReleaseIndex,
    key: &SigningKey,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<()> {
    if let Some(page) = crate::site::download_page(ws, templates, localizer, catalogs, index)? {
        files.insert(crate::site::PAGE_FILE.to_string(), page.into_bytes());
    }
    seal_index(index, key, files)
}

/// Adds the signed index and checksums, and the public key.
fn seal_index(
    index: &ReleaseIndex,
    key: &SigningKey,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<()> {
    let checksums = crate::verify::checksums(index);
    // The index and the checksums are signed too, so a mirror cannot alter either.
    let index_text = crate::yaml::to_string(index)?.into_bytes();
    for (name, data) in [
        (RELEASE_FILE, index_text),
        (CHECKSUMS_FILE, checksums.into_bytes()),
    ] {
        insert_signed(files, name, data, &index.release, key)?;
    }
    files.insert(
        PUBLIC_KEY_FILE.to_string(),
        key.public_key_file.clone().into_bytes(),
    );
    Ok(())
}

/// The catalogs of a run, and what they did not take from a locale.
pub(crate) struct Catalogs {
    /// By tag: every locale of the workspace (the download page shows package names in all
    /// of them) and the pseudo-locales of the run.
    pub by_tag: BTreeMap<String, Catalog>,
    /// One warning per bundle locale with messages `l10n check` rejects, which its bundle
    /// takes from the next locale of its chain instead.
    pub warnings: Vec<String>,
}

/// The catalog of every locale (and pseudo-locale) the jobs need, each checked and proven
/// to format. A message with an error finding of `l10n check` is taken from the next
/// locale of its chain; with `strict`, such a message in a bundle the jobs build refuses
/// the run instead.
pub(crate) fn catalogs(
    ws: &Workspace,
    jobs: &[Job],
    pseudo: &[Pseudo],
    strict: bool,
) -> Result<Catalogs> {
    let bundled: BTreeSet<String> = jobs.iter().filter_map(|j| j.locale.clone()).collect();
    let mut tags = bundled.clone();
    tags.extend(ws.locales.iter().map(|l| l.tag.clone()));
    let mut unknown = Vec::new();
    for tag in &tags {
        let is_pseudo = pseudo.iter().any(|p| p.tag() == tag);
        if !is_pseudo && !ws.locales.iter().any(|l| &l.tag == tag) {
            let known: Vec<&String> = ws.locales.iter().map(|l| &l.tag).collect();
            unknown.push(
                Problem::new(
                    Path::new(crate::l10n::LOCALES_DIR).join(tag),
                    format!("there is no locale `{tag}`"),
                )
                .with_help(
                    crate::l10n::tag::suggest(tag, known)
                        .unwrap_or_else(|| format!("create it with `alliance l10n add {tag}`")),
                ),
            );
        }
    }
    if !unknown.is_empty() {
        return Err(Error::Invalid(unknown));
    }
    let locales: Vec<&crate::l10n::Locale> = ws.locales.iter().collect();
    // The verdict is all a build needs: no finding per missing message.
    let options = crate::l10n::check::Options {
        untranslated_allow: ws.config.untranslated_allow.clone(),
        errors_only: true,
    };
    let checked = crate::l10n::check::check(ws.reference(), &locales, &options);
    if strict {
        // Every locale a bundle takes messages from, not only the bundle's own.
        let links: BTreeSet<String> = bundled
            .iter()
            .filter(|tag| !pseudo.iter().any(|p| p.tag() == tag.as_str()))
            .flat_map(|tag| crate::bundle::chain(&ws.locales, ws.fallback(), tag))
            .filter(|tag| *tag != ws.config.reference_locale)
            .collect();
        let refused: Vec<Problem> = links
            .iter()
            .filter_map(|tag| checked.locales.get(tag))
            .flat_map(|report| &report.findings)
            .filter(|f| f.severity() == crate::l10n::report::Severity::Error)
            .map(|f| {
                let help = f.problem.help.clone().unwrap_or_default();
                f.problem.clone().with_help(format!(
                    "{help}\n[{}] `--strict` (or `l10n.strict` in alliance.yaml) refuses to ship a message `alliance l10n check` rejects; without it, the message is taken from the next locale of the chain",
                    f.code.as_str()
                ))
            })
            .collect();
        if !refused.is_empty() {
            return Err(Error::Invalid(refused));
        }
    }
    let sources = crate::bundle::Sources::new(&ws.locales, ws.fallback(), &checked);
    let built: Vec<(Catalog, Vec<Problem>)> = tags
        .par_iter()
        .map(|tag| {
            let catalog = match pseudo.iter().find(|p| p.tag() == tag) {
                Some(p) => Catalog::pseudo(ws.reference(), *p),
                None => Catalog::from_sources(&sources, tag),
            };
            let problems = catalog.prove();
            (catalog, problems)
        })
        .collect();
    // A broken message fails every bundle that takes it: told once, naming the bundles.
    let mut problems: Vec<(Problem, Vec<String>)> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut by_tag = BTreeMap::new();
    let mut warnings = Vec::new();
    for (catalog, found) in built {
        for problem in found {
            let key = (problem.location(), problem.message.clone());
            match seen.get(&key) {
                Some(&i) => problems[i].1.push(catalog.tag.clone()),
                None => {
                    seen.insert(key, problems.len());
                    problems.push((problem, vec![catalog.tag.clone()]));
                }
            }
        }
        let own: Vec<_> = catalog
            .rejected
            .iter()
            .filter(|r| r.locale == catalog.tag)
            .collect();
        if !own.is_empty() && bundled.contains(&catalog.tag) {
            let first: Vec<String> = own
                .iter()
                .take(3)
                .map(|r| format!("`{}` ({})", r.id, r.code))
                .collect();
            let more = if own.len() > 3 { ", …" } else { "" };
            warnings.push(format!(
                "`{}`: {} with errors {} back to the next locale of its chain: {}{more}; see `alliance l10n check {}` (`--strict` refuses to build instead)",
                catalog.tag,
                crate::diagnostic::plural(own.len(), "message"),
                if own.len() == 1 { "falls" } else { "fall" },
                first.join(", "),
                catalog.tag
            ));
        }
        by_tag.insert(catalog.tag.clone(), catalog);
    }
    if problems.is_empty() {
        return Ok(Catalogs { by_tag, warnings });
    }
    Err(Error::Invalid(
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
    ))
}

/// The artifacts of an existing release that a partial run keeps.
#[derive(Default)]
struct Kept {
    entries: BTreeMap<String, ArtifactEntry>,
    files: BTreeMap<String, Vec<u8>>,
}

/// The artifacts of the release in `dir` that this run does not rebuild, each verified
/// before it is signed into the new index: `release.yaml` signed by this run's key, and
/// every kept artifact passing `alliance verify` with that key alone, listed as its signed
/// manifest describes it. Anything else refuses the run (nothing is re-signed that was not
/// built or verified in the same run).
fn kept_artifacts(dir: &Path, release: &str, jobs: &[Job], key: &SigningKey) -> Result<Kept> {
    let index_path = dir.join(RELEASE_FILE);
    if !dir.exists() {
        return Ok(Kept::default());
    }
    if !index_path.is_file() {
        // Publishing would drop whatever the folder holds.
        return Err(Error::Unverified(vec![
            Problem::new(
                &index_path,
                "the release folder has no index: what it holds cannot be kept",
            )
            .with_help(REBUILD_WHOLE),
        ]));
    }
    let trusted = [key.trusted()];
    let (index, signature) = crate::verify::load_index(&index_path, &trusted)?;
    if index.signed_by.key_id != key.key_id {
        return Err(Error::OtherKey {
            what: format!("`{}` was", dir.display()),
            signed_by: index.signed_by.key_id.clone(),
            but: format!(
                "but this run signs with key {}; run `alliance release` to rebuild it whole",
                key.key_id
            ),
        });
    }
    let mut problems = Vec::new();
    if !signature.ok {
        problems.push(Problem::new(&index_path, signature.detail).with_help(REBUILD_WHOLE));
    }
    if index.release != release {
        // Another release's folder put in this one's place: its artifacts are not this
        // release's (a rollback), however well signed.
        problems.push(
            Problem::new(
                &index_path,
                format!(
                    "the index is of release `{}`, not `{release}`",
                    index.release
                ),
            )
            .with_help(REBUILD_WHOLE),
        );
    }
    let rebuilt: BTreeSet<&str> = jobs.iter().map(|j| j.artifact.as_str()).collect();
    let mut kept = Kept::default();
    for (name, entry) in index.artifacts {
        if rebuilt.contains(name.as_str()) {
            continue;
        }
        // A pseudo-locale bundle an earlier version put into the release: testers' builds
        // are never signed into a release index again.
        let pseudo_tags = [Pseudo::Accented.tag(), Pseudo::Bidi.tag()];
        if entry
            .locale
            .as_deref()
            .is_some_and(|l| pseudo_tags.contains(&l))
        {
            continue;
        }
        match reverify(dir, &name, &entry, release, key) {
            Ok(files) => {
                kept.files.extend(files);
                kept.entries.insert(name, entry);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(kept)
    } else {
        Err(Error::Unverified(problems))
    }
}

/// How to get out of a release folder that does not verify.
const REBUILD_WHOLE: &str =
    "restore the release folder, or run `alliance release` to rebuild it whole";

/// Verifies artifact `name` of folder `dir`, built by an earlier run, before this run signs
/// it into an index of `release`: a plain artifact name, `alliance verify` with `key` as
/// the only trusted key, a manifest of this release, and `entry` (from an index or shard)
/// equal to what the signed manifest says. Returns its four files as they were checked.
pub(crate) fn reverify(
    dir: &Path,
    name: &str,
    entry: &ArtifactEntry,
    release: &str,
    key: &SigningKey,
) -> Result<Vec<(String, Vec<u8>)>, Problem> {
    let path = dir.join(name);
    let refuse = |why: String| Problem::new(&path, why).with_help(REBUILD_WHOLE);
    let Some(names) = crate::verify::ArtifactFiles::of(name) else {
        return Err(refuse(format!("`{name}` is not the name of an artifact")));
    };
    let options = crate::verify::Options {
        keys: vec![key.trusted()],
        release_dir: Some(dir.to_path_buf()),
        allow_dev: key.development,
        limits: archive::Limits::default(),
    };
    let verification = crate::verify::verify(&path, &options);
    if !verification.ok {
        return Err(refuse(format!(
            "`{name}` does not verify: {}",
            verification.failures()
        )));
    }
    let Some(manifest) = verification.manifest.as_ref() else {
        return Err(refuse(format!("`{name}` has no manifest")));
    };
    if manifest.release != release {
        return Err(refuse(format!(
            "`{name}` is of release `{}`, not `{release}`",
            manifest.release
        )));
    }
    if ArtifactEntry::of(manifest, &names.manifest) != *entry {
        return Err(refuse(format!(
            "`{name}` is listed otherwise than its signed manifest describes it"
        )));
    }
    let files = verification.files;
    Ok(vec![
        (name.to_string(), files.artifact),
        (names.signature, files.signature),
        (names.manifest, files.manifest),
        (
            names.manifest_signature,
            files.manifest_signature.unwrap_or_default(),
        ),
    ])
}

/// What signs an artifact: the key, and the release its trusted comment names.
#[derive(Clone, Copy)]
struct Signing<'a> {
    key: &'a SigningKey,
    release: &'a str,
}

/// One built and signed artifact.
struct Built {
    job: Job,
    zip: archive::Zip,
    sha256: String,
    signature: String,
}

fn build(
    ws: &Workspace,
    templates: &Templates,
    localizer: &Localizer,
    catalogs: &BTreeMap<String, Catalog>,
    job: &Job,
    epoch: i64,
    Signing { key, release }: Signing<'_>,
) -> Result<Built, Vec<Problem>> {
    let package = &ws.packages[job.package];
    let catalog = job.locale.as_ref().and_then(|t| catalogs.get(t));
    let entries = stage(ws, templates, localizer, catalog, job, package)?;
    let definition = Path::new(crate::package::PACKAGES_DIR)
        .join(&package.id)
        .join(crate::package::PACKAGE_FILE);
    // What `verify` and `install` would refuse to read is never built.
    let total: u64 = entries.iter().map(|e| e.data.len() as u64).sum();
    if entries.len() > archive::MAX_ENTRIES || total > archive::MAX_TOTAL {
        return Err(vec![
            Problem::new(
                &definition,
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
    let one = |e: Error| vec![Problem::new(&job.artifact, e.to_string())];
    let zip = archive::write_zip(entries, epoch).map_err(one)?;
    if let Some(budget) = package.max_size {
        let size = zip.bytes.len() as u64;
        if size > budget {
            let mut largest = zip.entries.clone();
            largest.sort_by(|a, b| b.size.cmp(&a.size).then(a.name.cmp(&b.name)));
            let top: Vec<String> = largest
                .iter()
                .take(3)
                .map(|e| format!("`{}` ({} bytes)", e.name, e.size))
                .collect();
            return Err(vec![
                Problem::new(
                    &definition,
                    format!(
                        "`{}` is {size} bytes, over its budget `max_size` of {budget} bytes",
                        job.artifact
                    ),
                )
                .with_help(format!("the largest entries are {}", top.join(", "))),
            ]);
        }
    }
    let sha256 = archive::sha256_hex(&zip.bytes);
    let comment = sign::trusted_comment(&job.artifact, release, &sha256, key.development);
    let signature = key.sign(&zip.bytes, &comment).map_err(one)?;
    Ok(Built {
        job: job.clone(),
        zip,
        sha256,
        signature,
    })
}

/// The entries of one artifact: payload, licence, the bundle's Fluent resources, and the
/// rendered templates.
fn stage(
    ws: &Workspace,
    templates: &Templates,
    localizer: &Localizer,
    catalog: Option<&Catalog>,
    job: &Job,
    package: &Package,
) -> Result<Vec<Entry>, Vec<Problem>> {
    let top = job.stem();
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut read = |path: &Path| -> Option<Vec<u8>> {
        match std::fs::read(path) {
            Ok(data) => Some(data),
            Err(e) => {
                problems.push(Problem::new(ws.relative(path), format!("cannot read: {e}")));
                None
            }
        }
    };
    for file in &package.files {
        if let Some(data) = read(&file.path) {
            entries.push(Entry {
                name: format!("{top}/{FILES_DIR}/{}", file.rel),
                mode: file.mode,
                data,
            });
        }
    }
    let license_name = package
        .license
        .file_name()
        .map_or_else(|| "LICENSE".into(), |n| n.to_string_lossy().into_owned());
    if let Some(data) = read(&package.license) {
        entries.push(Entry {
            name: format!("{top}/{license_name}"),
            mode: 0o644,
            data,
        });
    }
    if let Some(catalog) = catalog {
        // The translations install beside the payload, as `locales/<locale>/…`: a payload
        // file of the same path would be overwritten by one of them.
        let payload: BTreeMap<String, &str> = package
            .files
            .iter()
            .map(|f| (f.rel.to_lowercase(), f.rel.as_str()))
            .collect();
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
        for (rel, text) in &catalog.files {
            entries.push(Entry {
                name: format!("{top}/{LOCALES_DIR}/{}/{rel}", catalog.tag),
                mode: 0o644,
                data: text.clone().into_bytes(),
            });
        }
    }

    let context = template_context(ws, localizer, job, package, catalog, &license_name);
    for (template, target) in template_set(templates, job, package) {
        match templates.render(template, &context) {
            Ok(text) => {
                let (data, mode) = match target {
                    Some(Target::Unix) => (text.into_bytes(), 0o755),
                    Some(Target::Windows) => (crlf(&text).into_bytes(), 0o644),
                    None => (text.into_bytes(), 0o644),
                };
                entries.push(Entry {
                    name: format!("{top}/{}", templates::output_name(template)),
                    mode,
                    data,
                });
            }
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
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
    files: Vec<FileContext>,
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
struct FileContext {
    /// Where it installs, relative to the prefix.
    path: String,
    /// Where it is in the artifact, relative to its top folder (`files/bin/spark`,
    /// `locales/de/messenger.ftl`).
    source: String,
    mode: String,
    executable: bool,
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
        // The payload as the manifest declares it (`ArtifactManifest::payload`): the
        // package's files, and a bundle's translations.
        files: package
            .files
            .iter()
            .map(|f| FileContext {
                path: f.rel.clone(),
                source: format!("{FILES_DIR}/{}", f.rel),
                mode: format!("{:04o}", f.mode),
                executable: f.mode & 0o111 != 0,
            })
            .chain(catalog.into_iter().flat_map(|c| {
                c.files.iter().map(|(rel, _)| {
                    let path = format!("{LOCALES_DIR}/{}/{rel}", c.tag);
                    FileContext {
                        source: path.clone(),
                        path,
                        mode: "0644".into(),
                        executable: false,
                    }
                })
            }))
            .collect(),
    };
    // Serializing plain strings and numbers cannot fail.
    tera::Context::from_serialize(&context).unwrap_or_default()
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// What publishing left behind, to be told as warnings: the release is published.
#[derive(Debug, Default)]
pub struct Published {
    pub warnings: Vec<String>,
}

/// Writes `files` into a staging folder in `output` and renames it to `output/<release>`;
/// first removes what runs killed while publishing `release` left there. The caller holds
/// the lock of `output/<release>` ([`lock`]).
pub fn publish(
    output: &Path,
    release: &str,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Published> {
    publish_with(output, release, files, |dir| std::fs::remove_dir_all(dir))
}

/// [`publish`], removing folders with `remove` (tests make it fail).
fn publish_with(
    output: &Path,
    release: &str,
    files: &BTreeMap<String, Vec<u8>>,
    remove: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<Published> {
    std::fs::create_dir_all(output).at("create", output)?;
    let mut published = Published::default();
    for leftover in leftovers(output, release)? {
        if let Err(e) = remove(&leftover) {
            published.warnings.push(format!(
                "cannot remove `{}`, left by an earlier run: {e}",
                leftover.display()
            ));
        }
    }
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{release}{STAGING}"))
        .tempdir_in(output)
        .at("create a staging folder in", output)?;
    for (name, data) in files {
        let path = staging.path().join(name);
        std::fs::write(&path, data).at("write", &path)?;
    }
    let target = output.join(release);
    let staged = staging.keep();
    match swap_into_place(&staged, &target) {
        Ok(None) => {}
        Ok(Some(previous)) => {
            if let Err(e) = remove(&previous) {
                published.warnings.push(format!(
                    "the release is published, but the previous one could not be removed from `{}` ({e}); the next run removes it",
                    previous.display()
                ));
            }
        }
        Err(e) => {
            let _ = remove(&staged);
            return Err(e);
        }
    }
    Ok(published)
}

/// Marks a staging folder: `.<release>.staging-XXXXXX`.
const STAGING: &str = ".staging-";
/// Marks a previous release moved aside: `.<release>.previous-<pid>`.
const PREVIOUS: &str = ".previous-";

/// The folders of `output` that runs publishing `release` leave when they die: staging
/// folders and previous releases moved aside.
fn leftovers(output: &Path, release: &str) -> Result<Vec<PathBuf>> {
    let staging = format!(".{release}{STAGING}");
    let previous = format!(".{release}{PREVIOUS}");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(output).at("read", output)? {
        let entry = entry.at("read", output)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name
            .strip_prefix(&staging)
            .is_some_and(|rest| rest.len() == 6 && rest.chars().all(|c| c.is_ascii_alphanumeric()))
            || name
                .strip_prefix(&previous)
                .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

/// Moves `staged` to `target`; an existing `target` is replaced in one step where the
/// system can (Linux `renameat2(RENAME_EXCHANGE)`), and is left as it was on failure.
/// Returns where the previous release now is, to be removed.
fn swap_into_place(staged: &Path, target: &Path) -> Result<Option<PathBuf>> {
    match std::fs::rename(staged, target) {
        Ok(()) => return Ok(None),
        Err(e) if !target.is_dir() => {
            return Err(Error::io("rename the staging folder to", target, e));
        }
        Err(_) => {}
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the previous release.
            return Ok(Some(staged.to_path_buf()));
        }
    }
    let old = target.with_file_name(format!(
        ".{}{PREVIOUS}{}",
        target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    std::fs::rename(target, &old).at("move aside", target)?;
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(&old, target);
        return Err(Error::io("rename the staging folder to", target, e));
    }
    Ok(Some(old))
}

/// A one-line summary: "7 artifacts, 123456 bytes".
pub fn summary(index: &ReleaseIndex) -> String {
    let bytes: u64 = index.artifacts.values().map(|a| a.size).sum();
    format!(
        "{}, {bytes} bytes",
        plural(index.artifacts.len(), "artifact")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> BTreeMap<String, Vec<u8>> {
        BTreeMap::from([("a.txt".to_string(), text.as_bytes().to_vec())])
    }

    /// Issue 9, item 11: a previous release that cannot be removed after the swap is a
    /// warning naming where it is, the new release stands, and the next run removes it.
    #[test]
    fn a_previous_release_that_cannot_be_removed_is_a_warning_and_cleaned_next_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("dist");
        publish(&output, "r", &files("one")).expect("first");
        let failing = |_: &Path| Err(std::io::Error::other("busy"));
        let published = publish_with(&output, "r", &files("two"), failing).expect("published");
        assert_eq!(
            std::fs::read_to_string(output.join("r/a.txt")).expect("read"),
            "two",
            "the new release is in place"
        );
        assert_eq!(published.warnings.len(), 1, "{:?}", published.warnings);
        let warning = &published.warnings[0];
        assert!(
            warning.contains("could not be removed") && warning.contains("busy"),
            "{warning}"
        );
        let left = leftovers(&output, "r").expect("listed");
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(
            warning.contains(&left[0].display().to_string()),
            "{warning}"
        );
        assert_eq!(
            std::fs::read_to_string(left[0].join("a.txt")).expect("read"),
            "one",
            "what is left is the previous release"
        );
        let published = publish(&output, "r", &files("three")).expect("third");
        assert!(published.warnings.is_empty(), "{:?}", published.warnings);
        assert!(!left[0].exists(), "cleaned by the next run");
        assert!(leftovers(&output, "r").expect("listed").is_empty());
    }
}
