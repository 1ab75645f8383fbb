//! The release: plan -> build -> sign -> record -> publish.
//!
//! [`plan`] turns the workspace into an ordered list of artifact [`Job`]s: one installer per
//! vendor package, one bundle per locale for a localized package (the messenger). [`run`]
//! builds the jobs in parallel (staged entries -> deterministic zip -> SHA-256), signs each
//! artifact, writes its manifest, `release.yaml`, `SHA256SUMS` and the public key into a
//! staging folder beside the output, and publishes that folder as `dist/<release>/` by one
//! rename: the output is either the complete new release or untouched.
//!
//! Templates go into artifacts by folder: `templates/installer/common/` into every artifact,
//! `templates/installer/<target>/` for each target of the package (files from `unix/` are
//! executable, files from `windows/` get CRLF line ends), and for bundles
//! `templates/bundle/`, which replaces a common template of the same output name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::archive::{self, Entry};
use crate::error::{Error, IoContext, Problem, Result, plural};
use crate::manifest::{
    ARTIFACT_SCHEMA, ArtifactEntry, ArtifactKind, ArtifactManifest, CHECKSUMS_FILE, FileRecord,
    PUBLIC_KEY_FILE, RELEASE_FILE, RELEASE_SCHEMA, ReleaseIndex, Signer,
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
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Time stamp of every archive entry; default: `date` of `alliance.yaml`, else 1980-01-01.
    pub source_date_epoch: Option<i64>,
    /// The signing key.
    pub key: KeySource,
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
}

impl Job {
    /// The artifact's file name without `.zip`: the top folder inside it.
    pub fn stem(&self) -> &str {
        self.artifact.strip_suffix(".zip").unwrap_or(&self.artifact)
    }
}

/// What a finished release holds, for the CLI to report.
#[derive(Debug)]
pub struct Report {
    /// The release folder.
    pub dir: PathBuf,
    /// The index that was written.
    pub index: ReleaseIndex,
    /// Whether a development key signed it.
    pub development_key: bool,
    /// Where the development key lives, if one was used.
    pub key_path: PathBuf,
}

/// The artifact jobs of the workspace, in a stable order.
pub fn plan(ws: &Workspace) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (index, package) in ws.packages.iter().enumerate() {
        if package.localized {
            for locale in &ws.locales {
                jobs.push(Job {
                    artifact: format!("{}-{}-{}.zip", package.id, package.version, locale.tag),
                    kind: ArtifactKind::Bundle,
                    package: index,
                    locale: Some(locale.tag.clone()),
                });
            }
        } else {
            jobs.push(Job {
                artifact: format!("{}-{}.zip", package.id, package.version),
                kind: ArtifactKind::Installer,
                package: index,
                locale: None,
            });
        }
    }
    jobs.sort_by(|a, b| a.artifact.cmp(&b.artifact));
    jobs
}

/// Builds, signs, records and publishes the whole release.
pub fn run(ws: &Workspace, options: &Options) -> Result<Report> {
    let epoch = options
        .source_date_epoch
        .or(ws.config.date_epoch)
        .unwrap_or(archive::ZIP_EPOCH);
    let jobs = plan(ws);
    if jobs.is_empty() {
        return Err(Error::Invalid(vec![
            Problem::new(
                crate::package::PACKAGES_DIR,
                "there is nothing to release: no package",
            )
            .with_help("add a package with a `package.yaml` under `packages/<id>/`"),
        ]));
    }
    let key = SigningKey::open(&ws.root, &options.key)?;
    let built: Vec<Result<Built, Vec<Problem>>> = jobs
        .par_iter()
        .map(|job| build(ws, job, epoch, &key))
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

    let signer = Signer {
        key_id: key.key_id.clone(),
        development: key.development,
    };
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut index = ReleaseIndex {
        schema: RELEASE_SCHEMA.to_string(),
        release: ws.config.release.clone(),
        reference_locale: ws.config.reference_locale.clone(),
        source_date_epoch: epoch,
        signed_by: signer.clone(),
        public_key: PUBLIC_KEY_FILE.to_string(),
        checksums: CHECKSUMS_FILE.to_string(),
        artifacts: BTreeMap::new(),
    };
    let mut checksums = String::new();
    for b in artifacts {
        let manifest_name = format!("{}.manifest.yaml", b.job.stem());
        let signature_name = format!("{}.minisig", b.job.artifact);
        let package = &ws.packages[b.job.package];
        let manifest = ArtifactManifest {
            schema: ARTIFACT_SCHEMA.to_string(),
            name: b.job.artifact.clone(),
            kind: b.job.kind,
            package: package.id.clone(),
            locale: b.job.locale.clone(),
            version: package.version.clone(),
            release: ws.config.release.clone(),
            size: b.zip.bytes.len() as u64,
            sha256: b.sha256.clone(),
            signature: signature_name.clone(),
            signed_by: signer.clone(),
            files: b
                .zip
                .entries
                .iter()
                .map(|e| FileRecord {
                    path: e.name.clone(),
                    size: e.size,
                    sha256: e.sha256.clone(),
                    mode: format!("{:04o}", e.mode),
                })
                .collect(),
        };
        index.artifacts.insert(
            b.job.artifact.clone(),
            ArtifactEntry {
                kind: b.job.kind,
                package: package.id.clone(),
                locale: b.job.locale.clone(),
                version: package.version.clone(),
                size: manifest.size,
                sha256: b.sha256.clone(),
                signature: signature_name.clone(),
                manifest: manifest_name.clone(),
            },
        );
        checksums.push_str(&format!("{}  {}\n", b.sha256, b.job.artifact));
        files.insert(
            manifest_name,
            crate::yaml::to_string(&manifest)?.into_bytes(),
        );
        files.insert(signature_name, b.signature.into_bytes());
        files.insert(b.job.artifact, b.zip.bytes);
    }
    files.insert(
        RELEASE_FILE.to_string(),
        crate::yaml::to_string(&index)?.into_bytes(),
    );
    files.insert(CHECKSUMS_FILE.to_string(), checksums.into_bytes());
    files.insert(
        PUBLIC_KEY_FILE.to_string(),
        key.public_key_file.clone().into_bytes(),
    );

    let dir = ws.config.output.join(&ws.config.release);
    publish(&ws.config.output, &ws.config.release, &files)?;
    Ok(Report {
        dir,
        index,
        development_key: key.development,
        key_path: key.secret_path,
    })
}

/// One built and signed artifact.
struct Built {
    job: Job,
    zip: archive::Zip,
    sha256: String,
    signature: String,
}

fn build(ws: &Workspace, job: &Job, epoch: i64, key: &SigningKey) -> Result<Built, Vec<Problem>> {
    let package = &ws.packages[job.package];
    let entries = stage(ws, job, package)?;
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
                    Path::new(crate::package::PACKAGES_DIR)
                        .join(&package.id)
                        .join(crate::package::PACKAGE_FILE),
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
    let comment =
        sign::trusted_comment(&job.artifact, &ws.config.release, &sha256, key.development);
    let signature = key.sign(&zip.bytes, &comment).map_err(one)?;
    Ok(Built {
        job: job.clone(),
        zip,
        sha256,
        signature,
    })
}

/// The entries of one artifact: payload, licence, Fluent resources of a bundle, and the
/// rendered templates.
fn stage(ws: &Workspace, job: &Job, package: &Package) -> Result<Vec<Entry>, Vec<Problem>> {
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
    if let Some(tag) = &job.locale
        && let Some(locale) = ws.locales.iter().find(|l| &l.tag == tag)
    {
        for file in &locale.files {
            entries.push(Entry {
                name: format!("{top}/locales/{tag}/{}", file.rel),
                mode: 0o644,
                data: file.source.as_bytes().to_vec(),
            });
        }
    }

    let context = template_context(ws, job, package, &license_name);
    for (template, target) in template_set(&ws.templates, job, package) {
        match ws.templates.render(template, &context) {
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
    release: ReleaseContext<'a>,
    package: PackageContext<'a>,
    artifact: ArtifactContext<'a>,
    files: Vec<FileContext<'a>>,
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
struct FileContext<'a> {
    path: &'a str,
    mode: String,
    executable: bool,
}

fn template_context(ws: &Workspace, job: &Job, package: &Package, license: &str) -> tera::Context {
    let context = TemplateContext {
        release: ReleaseContext {
            name: &ws.config.release,
            reference_locale: &ws.config.reference_locale,
        },
        package: PackageContext {
            id: &package.id,
            name: &package.name,
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
        files: package
            .files
            .iter()
            .map(|f| FileContext {
                path: &f.rel,
                mode: format!("{:04o}", f.mode),
                executable: f.mode & 0o111 != 0,
            })
            .collect(),
    };
    // Serializing plain strings and numbers cannot fail.
    tera::Context::from_serialize(&context).unwrap_or_default()
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Writes `files` into a staging folder in `output` and renames it to `output/<release>`.
fn publish(output: &Path, release: &str, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    std::fs::create_dir_all(output).at("create", output)?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{release}.staging-"))
        .tempdir_in(output)
        .at("create a staging folder in", output)?;
    for (name, data) in files {
        let path = staging.path().join(name);
        std::fs::write(&path, data).at("write", &path)?;
    }
    let target = output.join(release);
    let staged = staging.keep();
    let result = swap_into_place(&staged, &target);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staged);
    }
    result
}

/// Moves `staged` to `target`; an existing `target` is replaced in one step where the
/// system can (Linux `renameat2(RENAME_EXCHANGE)`), and is left as it was on failure.
fn swap_into_place(staged: &Path, target: &Path) -> Result<()> {
    match std::fs::rename(staged, target) {
        Ok(()) => return Ok(()),
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
            return std::fs::remove_dir_all(staged).at("remove the previous release", staged);
        }
    }
    let old = target.with_file_name(format!(
        ".{}.previous-{}",
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
    std::fs::remove_dir_all(&old).at("remove the previous release", &old)
}

/// A one-line summary: "7 artifacts, 123456 bytes".
pub fn summary(index: &ReleaseIndex) -> String {
    let bytes: u64 = index.artifacts.values().map(|a| a.size).sum();
    format!(
        "{}, {bytes} bytes",
        plural(index.artifacts.len(), "artifact")
    )
}
