//! Recording: what a run writes beside its artifacts, signed. Each artifact's manifest
//! ([`Folder::add`]), the index `release.yaml`, `SHA256SUMS`, the public key and the
//! download page ([`seal`], [`seal_index`]), a shard's `shard.yaml`; and the artifacts of
//! an existing release that a partial run keeps, each verified again before it is signed
//! into the new index ([`kept_artifacts`], [`reverify`]): nothing is signed that was not
//! built or verified in the same run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Folder;
use super::build::{Built, Inputs, Keys};
use super::plan::{Job, Plan, Shard, folder};
use super::publish::{Content, Files, lock};
use crate::archive;
use crate::bundle::{Catalog, Pseudo};
use crate::diagnostic::{Error, IoContext, Problem, Result, plural};
use crate::manifest::{
    ARTIFACT_SCHEMA, ArtifactEntry, ArtifactManifest, BundleInfo, CHANNEL_FROM_RELEASE,
    CHECKSUMS_FILE, PUBLIC_KEY_FILE, RELEASE_FILE, RELEASE_SCHEMA, ReleaseIndex, SHARD_FILE,
    SHARD_SCHEMA, ShardManifest, Signer,
};
use crate::sign::{self, SigningKey};
use crate::workspace::Workspace;

/// What a new index says of its freshness: its sequence, which clients never accept going
/// down (rollback), and when it expires, after which clients refuse it (freeze).
#[derive(Debug, Clone, Copy)]
pub(super) struct Freshness {
    /// The sequence ([`sequence`]).
    pub sequence: u64,
    /// Seconds since the epoch when the index expires, if it does.
    pub expires: Option<i64>,
}

impl Freshness {
    /// The freshness of the index `options` asks for in `ws`; refused when its sequence
    /// leaves no room for a later release ([`sequence`]).
    pub fn of(ws: &Workspace, options: &super::Options) -> Result<Freshness> {
        let now = crate::date::now();
        let sequence = match options.sequence {
            Some(u64::MAX) => {
                return Err(Error::SequenceExhausted {
                    what: format!(
                        "`--sequence {}` is the largest sequence there is: no later release could be numbered above it",
                        u64::MAX
                    ),
                    help: "choose a smaller --sequence (by default it is the time stamp in seconds, one above any other release in the output folder)".to_string(),
                });
            }
            Some(sequence) => sequence,
            None => sequence(
                &ws.config.output,
                &ws.config.release,
                options.source_date_epoch.unwrap_or(now),
            )?,
        };
        Ok(Freshness {
            sequence,
            expires: options.expires.map(|e| e.at(now)),
        })
    }

    /// The warning of an index that has expired already, as it is written.
    pub fn warning(&self) -> Option<String> {
        let expires = self.expires?;
        (expires <= crate::date::now()).then(|| {
            format!(
                "the index expired at {} already: clients refuse it (choose a later --expires)",
                crate::date::timestamp(expires)
            )
        })
    }
}

/// The default sequence of a new index of `release` in `output`: the highest of `time`
/// (the time stamp, else the time now), the sequence of this release's index already there
/// (a rebuild keeps it), and one more than that of any other release there. Indexes that do
/// not read count for nothing: this is the workspace's own output. A sequence that would
/// be `u64::MAX`, or past it, is refused: it leaves no room for a later release.
pub(super) fn sequence(output: &Path, release: &str, time: i64) -> Result<u64> {
    let mut sequence = u64::try_from(time).unwrap_or(0).max(1);
    let Ok(entries) = std::fs::read_dir(output) else {
        return Ok(sequence);
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with(crate::workspace::PSEUDO_SUFFIX) {
            continue;
        }
        let path = entry.path().join(RELEASE_FILE);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(index) = crate::manifest::read::<ReleaseIndex>(&path, &text) else {
            continue;
        };
        // As the user wrote the output folder, without `./`.
        let folder = entry.path();
        let folder = folder.strip_prefix(".").unwrap_or(&folder);
        let path = folder.join(RELEASE_FILE);
        let exhausted = |what: String| Error::SequenceExhausted {
            what,
            help: format!(
                "give this release a smaller --sequence (clients that saw a larger one refuse it until they are reinstalled), or move `{}` out of the output folder",
                folder.display()
            ),
        };
        let same = index.release == release;
        if index.sequence == u64::MAX {
            let why = if same {
                format!(
                    ", which a rebuild of release `{release}` keeps: no later release could be numbered above it"
                )
            } else {
                format!(": release `{release}` cannot be numbered above it")
            };
            return Err(exhausted(format!(
                "`{}` has sequence {}, the largest there is{why}",
                path.display(),
                u64::MAX
            )));
        }
        let next = if same {
            index.sequence
        } else {
            index.sequence + 1
        };
        if next == u64::MAX {
            return Err(exhausted(format!(
                "this release would get sequence {next}, the largest there is (one above that of `{}`): no later release could be numbered above it",
                path.display()
            )));
        }
        sequence = sequence.max(next);
    }
    Ok(sequence)
}

/// Locks and fills every folder `plan` writes with its artifacts, `built`, and what records
/// them: the release's (or its shard's), then the pseudo-locales'.
pub(super) fn record(
    ws: &Workspace,
    plan: &Plan<'_>,
    inputs: &Inputs,
    keys: Keys,
    freshness: &Freshness,
    built: Vec<Built>,
    contributed: super::federation::Contributed,
) -> Result<Vec<Folder>> {
    let under_root = contributed.under_root;
    let mut folders = open_folders(ws, plan, keys, freshness)?;
    let mut contributed = Some(contributed);
    for folder in &mut folders {
        // The pseudo-locales' folder holds what this run built, and nothing of earlier ones.
        // Under a root of trust, what a partial run keeps is verified against each
        // package's delegation instead (`federation::contributions`).
        if plan.selection.partial() && !folder.pseudo && !under_root {
            let dir = ws.config.output.join(&folder.dir_name);
            let kept = kept_artifacts(&dir, &folder.release, &plan.jobs, &folder.key)?;
            folder.files = kept.files;
            folder.index.artifacts = kept.entries;
        }
        // The vendors' verified artifacts go into the release, as they were signed.
        if !folder.pseudo
            && let Some(c) = contributed.take()
        {
            folder.files.extend(c.files);
            folder.index.artifacts.extend(c.entries);
        }
    }
    for b in built {
        if let Some(folder) = folders.iter_mut().find(|f| f.pseudo == b.job.pseudo) {
            folder.add(ws, &inputs.catalogs, b)?;
        }
    }
    for folder in &mut folders {
        match plan.selection.shard() {
            Some(shard) if !folder.pseudo => folder.seal_shard(ws, plan, shard)?,
            // Testers' builds get no download page.
            _ if folder.pseudo => seal_index(&folder.index, &folder.key, &mut folder.files)?,
            _ => seal(ws, inputs, &folder.index, &folder.key, &mut folder.files)?,
        }
    }
    Ok(folders)
}

/// Locks every folder `plan` writes, each to be signed with its key of `keys`.
fn open_folders(
    ws: &Workspace,
    plan: &Plan<'_>,
    keys: Keys,
    freshness: &Freshness,
) -> Result<Vec<Folder>> {
    // Building touched nothing outside: the output folder is locked only to be written,
    // every folder this run writes before any of them is.
    let Keys {
        release,
        pseudo,
        pseudo_release,
    } = keys;
    let mut folders = Vec::new();
    if plan.writes_release() {
        let dir_name = folder(&ws.config.release, plan.selection);
        let release_name = &ws.config.release;
        folders.push(Folder::open(
            ws,
            dir_name,
            release_name,
            release,
            false,
            plan.epoch,
            freshness,
        )?);
    }
    if let Some(key) = pseudo {
        let dir_name = pseudo_release.clone();
        folders.push(Folder::open(
            ws,
            dir_name,
            &pseudo_release,
            key,
            true,
            plan.epoch,
            freshness,
        )?);
    }
    Ok(folders)
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
        freshness: &Freshness,
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
            sequence: freshness.sequence,
            expires: freshness.expires.map(crate::date::timestamp),
            signed_by: signer.clone(),
            public_key: PUBLIC_KEY_FILE.to_string(),
            checksums: CHECKSUMS_FILE.to_string(),
            // The pseudo-locales' folder is in no channel.
            channel: (!pseudo).then(|| CHANNEL_FROM_RELEASE.to_string()),
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
            cached: Vec::new(),
            _lock: lock,
        })
    }

    /// Adds the built artifact `b`, its signature and its signed manifest, and lists it in
    /// the index.
    fn add(
        &mut self,
        ws: &Workspace,
        catalogs: &BTreeMap<String, Catalog>,
        b: Built,
    ) -> Result<()> {
        self.built.push(b.job.artifact.clone());
        if b.cached {
            self.cached.push(b.job.artifact.clone());
        }
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
                stale: c.stale.clone(),
                direction: c.direction,
            });
        let manifest = ArtifactManifest {
            schema: ARTIFACT_SCHEMA.to_string(),
            name: b.job.artifact.clone(),
            kind: b.job.kind,
            package: package.id.clone(),
            locale: b.job.locale.clone(),
            version: package.version.clone(),
            release: self.release.clone(),
            size: b.written.size,
            sha256: b.written.sha256.clone(),
            signature: signature_name.clone(),
            signed_by: self.signer.clone(),
            bundle,
            // Written from the entries as it is serialized (`with_entries`).
            files: Vec::new(),
            config: package
                .files
                .iter()
                .filter(|f| f.config)
                .map(|f| f.rel.clone())
                .collect(),
        };
        self.index.artifacts.insert(
            b.job.artifact.clone(),
            ArtifactEntry::of(&manifest, &manifest_name),
        );
        // The manifest is signed too: it promises each file's permissions and hash. It is
        // written beside the artifact in the spool as it is serialized (a line per entry),
        // hashed on the way.
        let spool = b.file.parent().unwrap_or(Path::new("."));
        let path = spool.join(&manifest_name);
        let (sha256, blake2b) = spool_yaml(&path, |out| {
            manifest.write_with_entries(&b.written.entries, out)
        })?;
        let comment =
            sign::trusted_comment(&manifest_name, &self.release, &sha256, self.key.development);
        self.files.insert(
            format!("{manifest_name}.minisig"),
            self.key
                .sign_prehashed(&blake2b, &comment)?
                .into_bytes()
                .into(),
        );
        self.files.insert(manifest_name, Content::Spooled(path));
        self.files
            .insert(signature_name, b.signature.into_bytes().into());
        self.files.insert(b.job.artifact, Content::Spooled(b.file));
        Ok(())
    }

    /// Adds `shard.yaml` of `shard` of `plan` (signed) and the public key: a shard has no
    /// index of its own; `manifest merge` writes the release's.
    fn seal_shard(&mut self, ws: &Workspace, plan: &Plan<'_>, shard: Shard) -> Result<()> {
        let index = &self.index;
        let manifest = ShardManifest {
            schema: SHARD_SCHEMA.to_string(),
            release: index.release.clone(),
            shard: shard.index,
            of: shard.count,
            inputs: inputs_digest(ws, plan.epoch)?,
            plan: plan.whole.clone(),
            reference_locale: index.reference_locale.clone(),
            source_date_epoch: plan.epoch,
            signed_by: index.signed_by.clone(),
            artifacts: index.artifacts.clone(),
        };
        // Signed, so that a merge trusts nothing of a shard it did not verify.
        let text = crate::yaml::to_string(&manifest)?.into_bytes();
        insert_signed(
            &mut self.files,
            SHARD_FILE,
            text,
            &ws.config.release,
            &self.key,
        )?;
        self.files.insert(
            PUBLIC_KEY_FILE.to_string(),
            self.key.public_key_file.clone().into_bytes().into(),
        );
        Ok(())
    }
}

/// Writes into the new file `path` (in the spool, until it is published or the spool is
/// removed) the YAML `write` makes, as it is made; returns its SHA-256 in hex and its
/// BLAKE2b-512 (what a minisign signature signs).
fn spool_yaml(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::result::Result<(), serde_saphyr::ser::Error>,
) -> Result<(String, [u8; 64])> {
    use sha2::Digest;
    use std::io::Write;
    let file = std::fs::File::create_new(path).at("create", path)?;
    let mut out = Digesting {
        out: std::io::BufWriter::with_capacity(1 << 16, file),
        sha256: sha2::Sha256::new(),
        blake2b: <blake2::Blake2b512 as blake2::Digest>::new(),
    };
    write(&mut out).map_err(|e| Error::YamlWrite(e.to_string()))?;
    out.flush().at("write", path)?;
    let Digesting {
        out,
        sha256,
        blake2b,
    } = out;
    out.into_inner()
        .map_err(|e| Error::io("write", path, e.into_error()))?;
    let blake2b = blake2::Digest::finalize(blake2b).into();
    Ok((archive::hex(&sha256.finalize()), blake2b))
}

/// Writes to `out`, hashing what it writes.
struct Digesting<W> {
    out: W,
    sha256: sha2::Sha256,
    blake2b: blake2::Blake2b512,
}

impl<W: std::io::Write> std::io::Write for Digesting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.out.write(buf)?;
        self.sha256.update(&buf[..n]);
        blake2::Digest::update(&mut self.blake2b, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Adds file `name` with `data` to `files`, and its signature `<name>.minisig`, whose
/// trusted comment names the file, `release` and its SHA-256.
fn insert_signed(
    files: &mut Files,
    name: &str,
    data: Vec<u8>,
    release: &str,
    key: &SigningKey,
) -> Result<()> {
    let comment =
        sign::trusted_comment(name, release, &archive::sha256_hex(&data), key.development);
    files.insert(
        format!("{name}.minisig"),
        key.sign(&data, &comment)?.into_bytes().into(),
    );
    files.insert(name.to_string(), data.into());
    Ok(())
}

/// Adds the download page, the signed index and checksums, and the public key.
pub(super) fn seal(
    ws: &Workspace,
    inputs: &Inputs,
    index: &ReleaseIndex,
    key: &SigningKey,
    files: &mut Files,
) -> Result<()> {
    let Inputs {
        catalogs,
        localizer,
        templates,
    } = inputs;
    if let Some(page) = crate::site::download_page(ws, templates, localizer, catalogs, index)? {
        files.insert(crate::site::PAGE_FILE.to_string(), page.into_bytes().into());
    }
    add_root_chain(&ws.root, files)?;
    seal_index(index, key, files)
}

/// Adds the workspace's root chain (`root/N.yaml` and their signatures), when it has one;
/// the run checked it as a client walks it before anything was built
/// (`root::workspace_chain`, in `release::run` and `merge`).
fn add_root_chain(ws_root: &Path, files: &mut Files) -> Result<()> {
    let dir = ws_root.join(crate::root::ROOT_DIR);
    for version in crate::root::versions_in(&dir)? {
        let file = format!("{version}.yaml");
        let path = dir.join(&file);
        let data = std::fs::read(&path).at("read", &path)?;
        files.insert(format!("{}/{file}", crate::root::ROOT_DIR), data.into());
        for (name, data) in crate::cosign::beside(&dir, &file) {
            files.insert(format!("{}/{name}", crate::root::ROOT_DIR), data.into());
        }
    }
    Ok(())
}

/// Adds the signed index and checksums, and the public key.
fn seal_index(index: &ReleaseIndex, key: &SigningKey, files: &mut Files) -> Result<()> {
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
        key.public_key_file.clone().into_bytes().into(),
    );
    Ok(())
}

/// Refuses a partial run whose key is not the one that signed the release it adds to,
/// before anything is built (recording would refuse it anyway, after the work): the
/// index's `signed_by`, as its signature check reads it.
pub(super) fn check_kept_key(ws: &Workspace, plan: &Plan<'_>, key: &SigningKey) -> Result<()> {
    if !plan.selection.partial() || !plan.writes_release() {
        return Ok(());
    }
    let dir = ws
        .config
        .output
        .join(folder(&ws.config.release, plan.selection));
    let index_path = dir.join(RELEASE_FILE);
    if !index_path.is_file() {
        return Ok(());
    }
    let trusted = [key.trusted()];
    let (index, _) = crate::verify::load_index(&index_path, &trusted)?;
    if index.signed_by.key_id != key.key_id {
        return Err(other_key(&dir, &index.signed_by.key_id, key));
    }
    Ok(())
}

/// The refusal of a run signing with `key` into the release in `dir`, which `signed_by`
/// signed.
fn other_key(dir: &Path, signed_by: &str, key: &SigningKey) -> Error {
    Error::OtherKey {
        what: format!("`{}` was", dir.display()),
        signed_by: signed_by.to_string(),
        but: format!(
            "but this run signs with key {}; run `alliance release` to rebuild it whole",
            key.key_id
        ),
    }
}

/// The artifacts of an existing release that a partial run keeps.
#[derive(Default)]
struct Kept {
    entries: BTreeMap<String, ArtifactEntry>,
    files: Files,
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
        return Err(other_key(dir, &index.signed_by.key_id, key));
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
pub(super) fn reverify(
    dir: &Path,
    name: &str,
    entry: &ArtifactEntry,
    release: &str,
    key: &SigningKey,
) -> Result<Vec<(String, Content)>, Problem> {
    let options = crate::verify::Options {
        keys: vec![key.trusted()],
        allow_dev: key.development,
        ..Default::default()
    };
    let (files, listed) = verified(dir, name, release, &options)?;
    if listed != *entry {
        return Err(Problem::new(
            dir.join(name),
            format!("`{name}` is listed otherwise than its signed manifest describes it"),
        )
        .with_help(REBUILD_WHOLE));
    }
    Ok(files)
}

/// Verifies artifact `name` of folder `dir` with `options` (its release folder: `dir`) as
/// `alliance verify` does, and checks that its manifest is of `release`. Returns its four
/// files as they were checked, and its index entry as its signed manifest describes it.
pub(super) fn verified(
    dir: &Path,
    name: &str,
    release: &str,
    options: &crate::verify::Options,
) -> Result<(Vec<(String, Content)>, ArtifactEntry), Problem> {
    let path = dir.join(name);
    let refuse = |why: String| Problem::new(&path, why).with_help(REBUILD_WHOLE);
    let Some(names) = crate::verify::ArtifactFiles::of(name) else {
        return Err(refuse(format!("`{name}` is not the name of an artifact")));
    };
    let options = crate::verify::Options {
        release_dir: Some(dir.to_path_buf()),
        ..options.clone()
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
    let entry = ArtifactEntry::of(manifest, &names.manifest);
    let files = verification.files;
    // The artifact is copied from the very file that was verified.
    let mut kept = vec![
        (name.to_string(), Content::Copy(files.artifact)),
        (names.signature, files.signature.into()),
        (names.manifest.clone(), files.manifest.into()),
        (
            names.manifest_signature,
            files.manifest_signature.unwrap_or_default().into(),
        ),
    ];
    // Its co-signatures go with it (`cosign`): they only ever add to its signers.
    for file in [name, names.manifest.as_str()] {
        for (cosignature, data) in crate::cosign::beside(dir, file) {
            kept.push((cosignature, data.into()));
        }
    }
    Ok((kept, entry))
}

/// A digest of everything a release is built from.
fn inputs_digest(ws: &Workspace, epoch: i64) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let mut feed = |name: &str, data: &[u8]| {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash.update(archive::sha256_hex(data).as_bytes());
    };
    feed("epoch", epoch.to_string().as_bytes());
    let config = ws.root.join(crate::workspace::CONFIG_FILE);
    feed("config", &std::fs::read(&config).at("read", &config)?);
    for locale in &ws.locales {
        for file in &locale.files {
            feed(&file.display.to_string_lossy(), file.source().as_bytes());
        }
    }
    for package in &ws.packages {
        feed(
            &package.definition.to_string_lossy(),
            &std::fs::read(ws.root.join(&package.definition)).at("read", &package.definition)?,
        );
        feed(
            &package.license.to_string_lossy(),
            &std::fs::read(&package.license).at("read", &package.license)?,
        );
        for file in &package.files {
            feed(
                &format!("{}/{} {:o}", package.id, file.rel, file.mode),
                &std::fs::read(&file.path).at("read", &file.path)?,
            );
        }
    }
    for (name, source) in ws.templates.sources() {
        feed(name, source.as_bytes());
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// A one-line summary: "7 artifacts, 123456 bytes".
pub fn summary(index: &ReleaseIndex) -> String {
    let bytes: u64 = index.artifacts.values().map(|a| a.size).sum();
    format!(
        "{}, {bytes} bytes",
        plural(index.artifacts.len(), "artifact")
    )
}
