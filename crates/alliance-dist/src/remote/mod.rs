//! The end user's side over the network: `install PACKAGE --from URL`, `upgrade` and
//! `mirror`, from any static HTTP(S) server, none of which is trusted.
//!
//! A mirror may serve tampered files, an old release (rollback), a release frozen in time
//! (freeze), endless or stalled bodies. What stops each ([`Mirror::index`], [`http`]):
//! - the index `release.yaml` counts only when signed by a pinned key (`--key`, else the
//!   user's trust store), never a key from the mirror; it is capped at [`MAX_INDEX_BYTES`];
//! - an index past its signed `expires` is refused (unless `--allow-expired`, said loudly),
//!   and one whose `sequence` is below the one recorded in the prefix's receipt;
//! - every artifact is fetched with the size the signed index states as a hard cap, hashed as
//!   it arrives and compared with the signed SHA-256, its signature and manifest capped by
//!   their kinds' limits, all into a temporary folder, and verified as `alliance verify`
//!   does before anything is installed; `install` then writes nothing into the prefix
//!   before everything is verified, and never lowers the installed version;
//! - connecting, answering and every read have a timeout, and every file a deadline (from
//!   its signed size, else a fixed one); redirects are few and only to `http(s)://`.
//!
//! [`channel`] finds the newest release from a mirror's `channel.yaml`, trusted the same way;
//! [`mirror`](mod@mirror) copies a whole release folder the same way.

pub mod channel;
pub mod delta;
pub mod http;
pub mod mirror;

use std::path::Path;

use http::Size;

use crate::diagnostic::{Error, IoContext, Problem, Result};
use crate::install::{self, Choices, Installed, Receipt, Refused, Source};
use crate::manifest::{ArtifactEntry, ArtifactKind, RELEASE_FILE, ReleaseIndex};
use crate::sign::TrustedKey;
use crate::verify::{self, ArtifactFiles, MAX_SIGNATURE_BYTES};

pub use crate::progress::{Progress, Transfer, Work};
pub use channel::open;
pub use mirror::{Mirrored, mirror};

/// The largest `release.yaml` fetched.
pub const MAX_INDEX_BYTES: u64 = 16 << 20;

/// What a command trusts and how long it waits.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The pinned keys: the index and every artifact must be signed by one of them.
    pub keys: Vec<TrustedKey>,
    /// The root of trust pinned, if any: the chain the mirror serves (`root/`) is walked
    /// from it, and then its roles decide who signs the index and each package.
    pub root: Option<crate::trust::PinnedRoot>,
    /// Accept an expired index (each use is warned about).
    pub allow_expired: bool,
    /// Accept a release signed by a development key.
    pub allow_dev: bool,
    /// The waits: to connect, for an answer, for each read, and for a whole file.
    pub waits: http::Waits,
    /// Told of each artifact's download, for progress.
    pub progress: Progress,
}

/// A release folder on a mirror.
pub struct Mirror {
    client: http::Client,
    base: String,
    settings: Settings,
    /// The index the channel this folder was reached through states, if it was.
    expected: Option<crate::manifest::ChannelRelease>,
    /// The channel to ask for later releases: the one this folder was reached through, or
    /// the one its index names.
    channel: Option<String>,
    /// The root of trust accepted from the pinned one through the chain this folder serves.
    root: Option<std::sync::Arc<crate::root::Accepted>>,
}

/// A release index fetched from a mirror and trusted: signed by a pinned key, fresh, not
/// older than one seen before.
#[derive(Debug, Clone)]
pub struct SignedIndex {
    /// The index.
    pub index: ReleaseIndex,
    /// The pinned key that signed it.
    pub key: String,
    /// `release.yaml` as fetched.
    pub data: Vec<u8>,
    /// Its `.minisig` as fetched.
    pub signature: Vec<u8>,
    /// Its co-signatures that count (`release.yaml.<KEYID>.minisig`), where a root of trust
    /// asks more than one signature of the index.
    pub cosignatures: Vec<(String, Vec<u8>)>,
    /// What was accepted that the user should hear about (an expired index, with
    /// `--allow-expired`).
    pub warnings: Vec<String>,
}

impl Mirror {
    /// The release folder at `url` (`http://` or `https://`).
    pub fn new(url: &str, settings: Settings) -> Result<Mirror> {
        let mut mirror = Mirror {
            client: http::Client::new(settings.waits),
            base: http::release_folder(url)?,
            settings,
            expected: None,
            channel: None,
            root: None,
        };
        if let Some(pinned) = mirror.settings.root.clone() {
            let accepted = mirror.follow_root(&pinned)?;
            pinned.keep(&accepted)?;
            mirror.root = Some(std::sync::Arc::new(accepted));
        }
        Ok(mirror)
    }

    /// The chain this folder serves (`root/N.yaml` and each signature a key of version
    /// N−1 or N may have made), fetched one version after another from `pinned` until the
    /// server has no next one, and walked as a local chain is ([`crate::root::walk`]).
    fn follow_root(&self, pinned: &crate::trust::PinnedRoot) -> Result<crate::root::Accepted> {
        let dir = tempfile::tempdir().at("create a temporary folder", Path::new("."))?;
        self.fetch_root_chain(pinned.root.version + 1, Some(&pinned.root), dir.path())?;
        crate::root::walk(&pinned.root, dir.path(), crate::date::now())
    }

    /// Fetches the versions from `first` of the chain this folder serves into `into`, each
    /// with the signatures the root keys of the version before it (`before`, for the
    /// first) and of its own may have made, until the server has no next version. Only
    /// fetched: [`crate::root::walk`] decides what counts.
    pub(super) fn fetch_root_chain(
        &self,
        first: u64,
        before: Option<&crate::root::Root>,
        into: &Path,
    ) -> Result<Vec<String>> {
        let mut fetched = Vec::new();
        let mut before = before.cloned();
        for version in first..first.saturating_add(1000) {
            let name = format!("{version}.yaml");
            let path = into.join(&name);
            let url = self.url(&format!("{}/{name}", crate::root::ROOT_DIR));
            if !self.optional_file(&url, 1 << 20, &path)? {
                break;
            }
            fetched.push(name);
            let next = crate::root::Signed::read(&path)?;
            // The ids looked for: the root keys of the version trusted before, and at most
            // 64 of this one's (its file is not trusted yet: it cannot make a client fetch
            // without end).
            let signers: std::collections::BTreeSet<&String> = before
                .iter()
                .flat_map(|b| &b.root.keys)
                .chain(next.root.root.keys.iter().take(64))
                .collect();
            for id in signers {
                let signature = format!("{version}.yaml.{id}.minisig");
                let url = self.url(&format!("{}/{signature}", crate::root::ROOT_DIR));
                if self.optional_file(&url, MAX_SIGNATURE_BYTES, &into.join(&signature))? {
                    fetched.push(signature);
                }
            }
            // Each version is checked as it arrives: a mirror cannot make a client fetch
            // past the first one that does not follow.
            match &before {
                Some(trusted) => next.check_successor_of(trusted)?,
                None => next.check_self_signed()?,
            }
            before = Some(next.root);
        }
        Ok(fetched)
    }

    /// Where the root of trust asks more than one signature of the index: the
    /// co-signatures of `release.yaml` (`data`, whose `.minisig` is `signature`) that
    /// count, fetched for each other key of the `index` role; refused when they do not
    /// reach the threshold.
    fn index_cosignatures(
        &self,
        data: &[u8],
        signature: &[u8],
        release: &str,
    ) -> std::result::Result<Vec<(String, Vec<u8>)>, String> {
        let Some(accepted) = &self.root else {
            return Ok(Vec::new());
        };
        let (threshold, role) = accepted.index_threshold();
        if threshold < 2 {
            return Ok(Vec::new());
        }
        let keys = accepted.index_keys()?;
        let primary = crate::sign::verify_trusted(&keys, &String::from_utf8_lossy(signature), data)
            .map(|(key, _)| key.key_id.clone())
            .map_err(|e| e.to_string())?;
        let sha256 = crate::archive::sha256_hex(data);
        let mut signers = std::collections::BTreeSet::from([primary.clone()]);
        let mut counted = Vec::new();
        for key in keys.iter().filter(|k| k.key_id != primary) {
            let name = crate::cosign::file_name(RELEASE_FILE, &key.key_id);
            let Ok(text) = self
                .client
                .bytes(&self.url(&name), Size::AtMost(MAX_SIGNATURE_BYTES))
            else {
                continue;
            };
            let counts = crate::sign::verify_trusted(
                std::slice::from_ref(key),
                &String::from_utf8_lossy(&text),
                data,
            )
            .is_ok_and(|(_, comment)| {
                crate::cosign::binds(&comment, RELEASE_FILE, release, &sha256)
            });
            if counts {
                signers.insert(key.key_id.clone());
                counted.push((name, text));
            }
        }
        let check = crate::cosign::threshold_check(RELEASE_FILE, &role, threshold, &signers, &keys);
        if check.ok {
            Ok(counted)
        } else {
            Err(format!("{}; nothing was installed or kept", check.detail))
        }
    }

    /// Fetches into `dir` the co-signatures of the artifact `name` and of its manifest
    /// that the keys of its package's delegation may have made, where the root of trust
    /// asks more than one signature of it (what counts is decided when it is verified).
    fn fetch_cosignatures(&self, name: &str, package: &str, dir: &Path) -> Result<()> {
        let Some(accepted) = &self.root else {
            return Ok(());
        };
        if accepted.package_threshold(package).0 < 2 {
            return Ok(());
        }
        let keys = accepted.keys_for_package(package).unwrap_or_default();
        let stem = crate::manifest::stem(name);
        for file in [name.to_string(), format!("{stem}.manifest.yaml")] {
            for key in &keys {
                let cosignature = crate::cosign::file_name(&file, &key.key_id);
                let url = self.url(&cosignature);
                self.optional_file(&url, MAX_SIGNATURE_BYTES, &dir.join(&cosignature))?;
            }
        }
        Ok(())
    }

    /// The root of trust accepted for this folder, if one is pinned.
    pub fn accepted_root(&self) -> Option<&crate::root::Accepted> {
        self.root.as_deref()
    }

    /// The keys that may sign an index (or a channel): the root's `index` role under a root
    /// of trust, else the pinned keys.
    fn index_keys(&self) -> std::result::Result<Vec<TrustedKey>, String> {
        match &self.root {
            Some(accepted) => accepted.index_keys(),
            None => Ok(self.settings.keys.clone()),
        }
    }

    /// The keys that may sign package `package`: its delegation's under a root of trust,
    /// else the pinned keys.
    fn package_keys(&self, package: &str) -> std::result::Result<Vec<TrustedKey>, String> {
        match &self.root {
            Some(accepted) => accepted.keys_for_package(package),
            None => Ok(self.settings.keys.clone()),
        }
    }

    /// The folder's address, without a trailing `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The address of the file `name` of the folder.
    pub fn url(&self, name: &str) -> String {
        http::join(&self.base, name)
    }

    /// Fetches `url` (at most `cap` bytes) into `path`; `false`, and nothing left at `path`,
    /// when the server has no such file (404).
    fn optional_file(&self, url: &str, cap: u64, path: &Path) -> Result<bool> {
        match self.client.file(url, Size::AtMost(cap), path) {
            Ok(_) => Ok(true),
            Err(Error::Fetch(crate::diagnostic::FetchError::Status { status: 404, .. })) => {
                let _ = std::fs::remove_file(path);
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// The signature (`<name>.minisig`) of the file `name` of the folder; None when the
    /// server has none (404).
    fn signature_of(&self, name: &str) -> Result<Option<Vec<u8>>> {
        let url = self.url(&format!("{name}.minisig"));
        match self.client.bytes(&url, Size::AtMost(MAX_SIGNATURE_BYTES)) {
            Ok(signature) => Ok(Some(signature)),
            Err(Error::Fetch(crate::diagnostic::FetchError::Status { status: 404, .. })) => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Fetches `release.yaml` and its signature and trusts them only if a pinned key signed
    /// them, a release key unless development keys are allowed, the index has not expired
    /// (unless allowed), and its sequence is not below `seen`.
    pub fn index(&self, seen: Option<u64>) -> Result<SignedIndex> {
        let url = self.url(RELEASE_FILE);
        let refuse = |why: String| Error::Mirror {
            url: url.clone(),
            why,
        };
        let cap = match &self.expected {
            Some(stated) => Size::Signed(stated.size),
            None => Size::AtMost(MAX_INDEX_BYTES),
        };
        let data = self.client.bytes(&url, cap)?;
        let signature = self.signature_of(RELEASE_FILE)?;
        // Nothing unsigned reaches the YAML parser.
        let Some(signature) = signature else {
            return Err(refuse(format!(
                "`{RELEASE_FILE}` is not signed (no `{RELEASE_FILE}.minisig`): an unsigned index is never read; nothing was installed or kept"
            )));
        };
        let (index, key) = self.signed_index(&data, &signature).map_err(refuse)?;
        self.check_expected(&data, index.sequence)?;
        if index.signed_by.development && !self.settings.allow_dev {
            return Err(refuse(
                "signed by a development key, which proves nothing to anyone else; pass --allow-dev to accept it".to_string(),
            ));
        }
        let mut warnings = Vec::new();
        let folder = self.base.rsplit('/').next().unwrap_or_default();
        if folder != index.release && folder.chars().any(|c| c.is_ascii_digit()) {
            warnings.push(format!(
                "the folder `{}` serves the signed index of release {}, not of a release named `{folder}`: \
                 the mirror put another release there (what is signed is what counts)",
                self.base, index.release
            ));
        }
        if index.expires.is_none() {
            warnings.push(format!(
                "the signed index of release {} never expires: a mirror could go on serving it after newer releases (publishers: release --expires)",
                index.release
            ));
        }
        let stamp = Stamp {
            expires: index.expires.as_deref(),
            sequence: index.sequence,
            seen,
        };
        fresh("index", stamp, &self.settings, &mut warnings).map_err(refuse)?;
        let cosignatures = self
            .index_cosignatures(&data, &signature, &index.release)
            .map_err(refuse)?;
        Ok(SignedIndex {
            index,
            key,
            data,
            signature,
            cosignatures,
            warnings,
        })
    }

    /// The index `data` if a pinned key made `signature` over it, bound to it by its trusted
    /// comment, with that key (`name (id)`); else why not. One signature check, and the
    /// index is parsed only once it verified.
    fn signed_index(
        &self,
        data: &[u8],
        signature: &[u8],
    ) -> std::result::Result<(ReleaseIndex, String), String> {
        let keys = self.index_keys()?;
        let (trusted, comment) = signed_by_pinned(&keys, data, signature).map_err(|why| {
            format!(
                "the signature of `{RELEASE_FILE}` does not verify with a pinned key: {why}; nothing was installed or kept"
            )
        })?;
        let text = std::str::from_utf8(data)
            .map_err(|_| format!("not a release index: `{RELEASE_FILE}` is not UTF-8 text"))?;
        let index: ReleaseIndex = crate::manifest::read(Path::new(RELEASE_FILE), text)
            .map_err(|refused| format!("not a release index: {}", Problem::from(refused)))?;
        let check = verify::bound_check(
            "index",
            RELEASE_FILE,
            data,
            &index.release,
            trusted,
            &comment,
        );
        if !check.ok {
            return Err(format!("{}; nothing was installed or kept", check.detail));
        }
        Ok((index, format!("{} ({})", trusted.name, trusted.key_id)))
    }

    /// Downloads the artifact `name` the signed index `signed` lists as `entry` into `dir`,
    /// with its signature, manifest and the manifest's signature: the artifact capped at its
    /// signed size and refused unless it has that size and SHA-256, the manifest refused
    /// unless a pinned key signed it for this release. Returns what was learnt on the way
    /// (the artifact's digests, the manifest's check), so that nothing is checked twice.
    pub fn download(
        &self,
        name: &str,
        entry: &ArtifactEntry,
        signed: &SignedIndex,
        dir: &Path,
    ) -> Result<verify::Known> {
        let url = self.url(name);
        let files = artifact_files(&url, name, entry)?;
        let progress = &self.settings.progress;
        progress.tell(Transfer::Started {
            work: Work::Fetching,
            name,
            size: entry.size,
        });
        let digests = self.client.file_reporting(
            &url,
            Size::Signed(entry.size),
            &dir.join(name),
            &|bytes| progress.tell(Transfer::Bytes(bytes)),
        )?;
        progress.tell(Transfer::Done {
            work: Work::Fetching,
            name,
            size: digests.size,
        });
        if digests.size != entry.size {
            return Err(crate::diagnostic::FetchError::Short {
                url,
                got: digests.size,
                want: entry.size,
            }
            .into());
        }
        if digests.sha256 != entry.sha256 {
            let _ = std::fs::remove_file(dir.join(name));
            return Err(Error::Mirror {
                url,
                why: "its SHA-256 is not the one the signed index states: it was tampered with or damaged; nothing was installed or kept".to_string(),
            });
        }
        self.fetch_signed_files(name, &files, &entry.package, dir)?;
        // Nothing unsigned reaches the YAML parser.
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).at("read", &path)
        };
        let (manifest, signature) = (read(&files.manifest)?, read(&files.manifest_signature)?);
        let keys = self
            .package_keys(&entry.package)
            .map_err(|why| Error::Mirror {
                url: url.clone(),
                why,
            })?;
        let check = verify::check_signed_file(
            "manifest",
            &files.manifest,
            &manifest,
            Some(&signature),
            &signed.index.release,
            &keys,
        );
        if !check.ok {
            return Err(Error::Mirror {
                url: self.url(&files.manifest),
                why: format!(
                    "its signature does not verify with a pinned key, for release {} ({}); nothing was installed or kept",
                    signed.index.release, check.detail
                ),
            });
        }
        Ok(verify::Known {
            digests: Some(digests),
            entries_checked_by_caller: false,
            manifest: Some(check),
        })
    }

    /// Fetches what comes with the artifact `name` of `package` (its `files`: signature,
    /// manifest, the manifest's signature, co-signatures) into `dir`, each capped by its
    /// kind's limit; nothing of it is read here.
    fn fetch_signed_files(
        &self,
        name: &str,
        files: &ArtifactFiles,
        package: &str,
        dir: &Path,
    ) -> Result<()> {
        for (file, cap) in [
            (&files.signature, MAX_SIGNATURE_BYTES),
            (&files.manifest_signature, MAX_SIGNATURE_BYTES),
            (&files.manifest, crate::manifest::MAX_MANIFEST_BYTES),
        ] {
            self.client
                .file(&self.url(file), Size::AtMost(cap), &dir.join(file))?;
        }
        self.fetch_cosignatures(name, package, dir)
    }

    /// Verifies the artifact `name` downloaded into `dir` as `alliance verify` does, with
    /// what its download learnt (`known`), and that its signed manifest describes it as the
    /// signed index lists it.
    pub fn verify(
        &self,
        dir: &Path,
        name: &str,
        signed: &SignedIndex,
        known: verify::Known,
    ) -> verify::Verification {
        let options = self.verify_options(dir);
        let mut verification = verify::verify_with(&dir.join(name), &options, known);
        if let (Some(manifest), Some(entry), Some(files)) = (
            &verification.manifest,
            signed.index.artifacts.get(name),
            ArtifactFiles::of(name),
        ) {
            let check =
                verify::listed_check(manifest, &files.manifest, entry, &signed.index.release);
            verification.checks.push(check);
            verification.ok = verification.checks.iter().all(|c| c.ok);
        }
        verification
    }

    /// The options to verify what was downloaded into `dir` with.
    fn verify_options(&self, dir: &Path) -> verify::Options {
        verify::Options {
            keys: match &self.root {
                Some(accepted) => accepted.all_keys(),
                None => self.settings.keys.clone(),
            },
            release_dir: Some(dir.to_path_buf()),
            allow_dev: self.settings.allow_dev,
            limits: crate::archive::Limits::default(),
            progress: self.settings.progress.clone(),
            root: self.root.clone(),
        }
    }
}

/// What a signed index or channel says of its freshness, and what the install has seen.
#[derive(Debug, Clone, Copy)]
struct Stamp<'a> {
    /// When it expires (RFC 3339), if it does.
    expires: Option<&'a str>,
    /// Its sequence.
    sequence: u64,
    /// The highest sequence the install has seen.
    seen: Option<u64>,
}

/// Refuses the signed `what` (index, channel) whose `stamp` says it expired (unless
/// `settings` allow it, which is added to `warnings`) or is older than what was seen (a
/// rollback).
fn fresh(
    what: &str,
    stamp: Stamp<'_>,
    settings: &Settings,
    warnings: &mut Vec<String>,
) -> std::result::Result<(), String> {
    if let Some(seen) = stamp.seen
        && stamp.sequence < seen
    {
        return Err(format!(
            "the {what} has sequence {}, below the {seen} this install has already seen: \
             the mirror is serving an older {what} (a rollback); try another mirror",
            stamp.sequence
        ));
    }
    let Some(expires) = stamp.expires else {
        return Ok(());
    };
    let Some(at) = crate::date::parse_timestamp(expires) else {
        return Err(format!("`expires: {expires}` is not a time"));
    };
    if at <= crate::date::now() {
        let said = format!("the signed {what} expired at {expires}");
        if !settings.allow_expired {
            return Err(format!(
                "{said}: the mirror may be serving a release frozen in time, hiding newer ones; \
                 try another mirror, or pass --allow-expired to accept it anyway"
            ));
        }
        warnings.push(format!(
            "{said}; accepted because of --allow-expired: a newer release may exist"
        ));
    }
    Ok(())
}

/// Whether a pinned key made `signature` over `data`, checked before anything parses it.
fn signed_by_pinned<'k>(
    keys: &'k [TrustedKey],
    data: &[u8],
    signature: &[u8],
) -> std::result::Result<(&'k TrustedKey, String), String> {
    let signature =
        std::str::from_utf8(signature).map_err(|_| "the signature is not text".to_string())?;
    crate::sign::verify_trusted(keys, signature, data).map_err(|e| e.to_string())
}

/// The names of `name`'s signature and manifest; refused unless `name` is a plain artifact
/// name and the index names the same files.
fn artifact_files(url: &str, name: &str, entry: &ArtifactEntry) -> Result<ArtifactFiles> {
    match ArtifactFiles::of(name) {
        Some(files) if files.signature == entry.signature && files.manifest == entry.manifest => {
            Ok(files)
        }
        _ => Err(Error::Mirror {
            url: url.to_string(),
            why: format!(
                "the signed index lists `{}` with files that do not go with it",
                name.escape_default()
            ),
        }),
    }
}

/// What to install from a mirror.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    /// The package id.
    pub package: &'a str,
    /// For a localized package's bundle: the locale wanted (the closest the release has is
    /// taken, else its reference locale).
    pub locale: Option<&'a str>,
    /// The user's language (`LC_ALL`, `LC_MESSAGES` or `LANG`, as a tag: `de-DE`) and
    /// where it was read, for a package that comes as bundles only when no `locale` is
    /// given.
    pub system_locale: Option<(&'a str, &'a str)>,
}

/// The artifact of the index that `wanted` names: the installer of the package, or its
/// bundle of the locale closest to the one wanted (with a note saying so when it is
/// another).
pub fn find<'i>(
    url: &str,
    index: &'i ReleaseIndex,
    wanted: Wanted<'_>,
) -> Result<(&'i str, &'i ArtifactEntry, Option<String>)> {
    let of_package = |kind: ArtifactKind| {
        index
            .artifacts
            .iter()
            .filter(move |(_, e)| e.kind == kind && e.package == wanted.package)
    };
    let not_there = || Error::Mirror {
        url: url.to_string(),
        why: not_found(index, wanted),
    };
    if wanted.locale.is_none()
        && let Some((name, entry)) = of_package(ArtifactKind::Installer).next()
    {
        return Ok((name, entry, None));
    }
    let bundle_tags = || {
        let mut tags: Vec<&str> = of_package(ArtifactKind::Bundle)
            .filter_map(|(_, e)| e.locale.as_deref())
            .collect();
        tags.sort_unstable();
        tags
    };
    let (locale, from_system) = match (wanted.locale, wanted.system_locale) {
        (Some(locale), _) => (locale, None),
        (None, _) if bundle_tags().is_empty() => return Err(not_there()),
        (None, Some((tag, source))) => (tag, Some(source)),
        (None, None) => return Err(no_language(wanted.package, &bundle_tags())),
    };
    let requested = crate::l10n::tag::Tag::new(locale);
    if requested.id().is_none() {
        return Err(Error::Invalid(vec![
            Problem::new("--locale", format!("`{locale}` is not a language tag"))
                .with_help("give a tag such as `de`, `pt-BR` or `zh-TW`"),
        ]));
    }
    let bundles: Vec<(&String, &ArtifactEntry)> = of_package(ArtifactKind::Bundle).collect();
    let tags: Vec<&str> = bundles
        .iter()
        .filter_map(|(_, e)| e.locale.as_deref())
        .collect();
    let exact = tags.iter().find(|t| t.eq_ignore_ascii_case(locale));
    let available: Vec<crate::l10n::tag::Tag> = tags
        .iter()
        .map(|t| crate::l10n::tag::Tag::new(*t))
        .collect();
    let chosen = exact
        .map(|t| (*t).to_string())
        .or_else(|| {
            crate::bundle::closest_locale(&requested, &available.iter().collect::<Vec<_>>())
        })
        .or_else(|| {
            tags.contains(&index.reference_locale.as_str())
                .then(|| index.reference_locale.clone())
        })
        .ok_or_else(not_there)?;
    let (name, entry) = bundles
        .into_iter()
        .find(|(_, e)| e.locale.as_deref() == Some(chosen.as_str()))
        .ok_or_else(not_there)?;
    let note = bundle_note(
        &index.release,
        locale,
        &chosen,
        exact.is_some(),
        from_system,
    );
    Ok((name, entry, note))
}

/// The refusal of a package that comes as bundles only, with no language asked for or set.
fn no_language(package: &str, tags: &[&str]) -> Error {
    Error::Invalid(vec![
        Problem::new(
            "--locale",
            format!(
                "`{package}` comes as one bundle per language, and no language is set (LC_ALL, \
                 LC_MESSAGES, LANG)"
            ),
        )
        .with_help(format!("give --locale, one of: {}", tags.join(", "))),
    ])
}

/// What to say of the bundle `chosen` for `locale` (asked for, or the language of
/// `from_system`), if anything.
fn bundle_note(
    release: &str,
    locale: &str,
    chosen: &str,
    exact: bool,
    from_system: Option<&str>,
) -> Option<String> {
    match (exact, from_system) {
        (false, None) => Some(format!(
            "release {release} has no bundle of `{locale}`; installing the closest it has, \
             `{chosen}`"
        )),
        (false, Some(source)) => Some(format!(
            "release {release} has no bundle of `{locale}` (the language of {source}); \
             installing the closest it has, `{chosen}`; --locale chooses another"
        )),
        (true, Some(source)) => Some(format!(
            "installing the `{chosen}` bundle, the language of {source}; --locale chooses \
             another"
        )),
        (true, None) => None,
    }
}

/// Why `wanted` is not in `index`, with what is.
fn not_found(index: &ReleaseIndex, wanted: Wanted<'_>) -> String {
    let kind = if wanted.locale.is_some() {
        ArtifactKind::Bundle
    } else {
        ArtifactKind::Installer
    };
    let mut packages: Vec<&String> = index
        .artifacts
        .values()
        .filter(|e| e.kind == kind)
        .map(|e| &e.package)
        .collect();
    packages.dedup();
    let what = if wanted.locale.is_some() {
        "messenger bundles"
    } else {
        "installers"
    };
    let hint = crate::diagnostic::suggest::did_you_mean(wanted.package, packages.iter().copied())
        .map(|phrase| format!(" ({phrase})"))
        .unwrap_or_default();
    format!(
        "release {} has no {} of `{}`{hint}; it has {what} of: {}",
        index.release,
        if wanted.locale.is_some() {
            "bundle"
        } else {
            "installer"
        },
        wanted.package,
        packages
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// What [`install`] did.
#[derive(Debug)]
pub struct Fetched {
    /// The index it trusted.
    pub index: SignedIndex,
    /// The artifact installed (or refused).
    pub artifact: String,
    /// The install, or why it was refused.
    pub outcome: std::result::Result<Installed, Refused>,
    /// How an upgrade came by the installer, where it tried parts first.
    pub delta: Option<delta::Delta>,
}

/// `alliance install PACKAGE --from URL`: locks `prefix` for the whole command, trusts the
/// index of the release `url` leads to ([`open`]: a channel's newest, or the release folder
/// `url`; with the sequence the prefix's receipt recorded), downloads the artifact `wanted`
/// names into the prefix's transaction folder, verifies it, then installs or upgrades it
/// into `prefix`. An upgrade signed by another key than the installed version's is refused
/// before anything is downloaded (unless allowed).
pub fn install(
    url: &str,
    settings: Settings,
    wanted: Wanted<'_>,
    prefix: &Path,
    choices: Choices,
) -> Result<Fetched> {
    let mut locked = install::Prefix::lock(prefix, true)?;
    let receipt = locked.installed()?;
    let seen = receipt
        .as_ref()
        .and_then(|r| r.source.as_ref())
        .map(|s| s.sequence);
    let (mirror, mut signed) = open(url, settings, seen)?;
    let mirror = &mirror;
    let (name, entry, note) = find(mirror.base(), &signed.index, wanted)?;
    let (name, entry) = (name.to_string(), entry.clone());
    signed.warnings.extend(note);
    if let Some(receipt) = &receipt
        && let Some(refused) = key_refusal(mirror, receipt, &entry, &choices)
    {
        return Ok(Fetched {
            index: signed,
            artifact: name,
            outcome: Err(refused),
            delta: None,
        });
    }
    let (outcome, delta) =
        fetch_and_install(mirror, &signed, (&name, &entry), &mut locked, choices)?;
    if let Ok(installed) = &outcome
        && installed.unchanged
    {
        install::record_seen(&mut locked, &source_of(mirror, &signed))?;
    }
    Ok(Fetched {
        index: signed,
        artifact: name,
        outcome,
        delta,
    })
}

/// Why the artifact the signed index lists as `entry` may not replace the install of
/// `receipt`, if it may not: another key signed it, and the user did not allow a change.
/// (The artifact's own signature is checked again when it is installed.)
fn key_refusal(
    mirror: &Mirror,
    receipt: &Receipt,
    entry: &ArtifactEntry,
    choices: &Choices,
) -> Option<Refused> {
    let replaces = receipt.package == entry.package
        && (choices.reinstall || install::version_order(&entry.version, &receipt.version).is_ne());
    if !replaces || choices.allow_key_change || receipt.key_id() == Some(entry.key_id.as_str()) {
        return None;
    }
    // Under a root of trust, a key its delegation of the package holds may sign the next
    // version (the artifact is verified against that delegation before it is installed).
    if let Some(accepted) = &mirror.root
        && accepted.root.delegates(&entry.package, &entry.key_id)
    {
        return None;
    }
    let new_key = mirror
        .settings
        .keys
        .iter()
        .find(|k| k.key_id == entry.key_id)
        .map_or_else(
            || format!("key {}", entry.key_id),
            |k| format!("{} ({})", k.name, k.key_id),
        );
    Some(Refused::KeyChanged {
        package: receipt.package.clone(),
        installed: receipt.version.clone(),
        installed_key: receipt.key.clone(),
        new_key,
    })
}

/// The source of an install from `mirror` whose index is `signed`.
fn source_of(mirror: &Mirror, signed: &SignedIndex) -> Source {
    Source {
        url: mirror.base().to_string(),
        sequence: signed.index.sequence,
        channel: mirror.channel.clone(),
    }
}

/// Downloads `name` of `signed` into the transaction folder of the locked `prefix`,
/// verifies it and installs it: over an installed version of the package (and unless
/// `choices.full`), only the parts of the installer the prefix lacks ([`delta`]), else (or
/// where parts will not do) the whole installer. Returns the outcome and, where parts were
/// tried, how it went.
fn fetch_and_install(
    mirror: &Mirror,
    signed: &SignedIndex,
    (name, entry): (&str, &ArtifactEntry),
    prefix: &mut install::Prefix,
    choices: Choices,
) -> Result<(
    std::result::Result<Installed, Refused>,
    Option<delta::Delta>,
)> {
    let choices = Choices {
        source: Some(source_of(mirror, signed)),
        ..choices
    };
    let mut tried = None;
    if let Some(old) = prefix
        .installed()?
        .filter(|old| !choices.full && old.package == entry.package)
    {
        let parts = prefix.scratch("parts")?;
        let fetched =
            delta::fetch_parts(mirror, (name, entry), signed, (prefix.dir(), &old), &parts);
        match fetched {
            Ok(delta::Parts::Fetched(verification, saved)) => {
                let options = mirror.verify_options(&parts);
                match install::install_into(prefix, *verification, &options, choices.clone())? {
                    Err(Refused::Archive(why)) => {
                        prefix.discard_staging()?;
                        tried = Some(delta::Delta::Whole(format!(
                            "the parts fetched were refused ({why}); the whole installer was fetched instead"
                        )));
                    }
                    outcome => return Ok((outcome, Some(delta::Delta::Parts(saved)))),
                }
            }
            Ok(delta::Parts::Whole(why)) => tried = Some(delta::Delta::Whole(why)),
            Err(e) if delta::is_wrong_part(&e) => {
                tried = Some(delta::Delta::Whole(format!(
                    "{e}; the whole installer was fetched instead"
                )));
            }
            Err(e) => return Err(e),
        }
    }
    let download = prefix.scratch("download")?;
    let known = verify::Known {
        // Staging checks each entry against the manifest as it inflates it: once.
        entries_checked_by_caller: true,
        ..mirror.download(name, entry, signed, &download)?
    };
    let verification = mirror.verify(&download, name, signed, known);
    let outcome = install::install_into(
        prefix,
        verification,
        &mirror.verify_options(&download),
        choices,
    )?;
    Ok((outcome, tried))
}

/// How much of the installer `name` an upgrade of the locked `prefix` would fetch: its parts
/// that the prefix lacks (the central directory is fetched to know), or the whole
/// installer, and why.
fn would_fetch(
    mirror: &Mirror,
    signed: &SignedIndex,
    (name, entry): (&str, &ArtifactEntry),
    prefix: &mut install::Prefix,
    choices: &Choices,
) -> Result<delta::Delta> {
    let whole = |why: String| Ok(delta::Delta::Whole(why));
    if choices.full {
        return whole(format!("{} bytes (--full)", entry.size));
    }
    let receipt = prefix.receipt()?;
    let dir = prefix.scratch("parts")?;
    match delta::plan_parts(
        mirror,
        (name, entry),
        signed,
        (prefix.dir(), &receipt),
        &dir,
    ) {
        Ok(delta::Parts::Fetched(verification, saved)) if verification.ok => {
            Ok(delta::Delta::Parts(saved))
        }
        Ok(delta::Parts::Fetched(verification, _)) => Err(Error::Mirror {
            url: mirror.url(name),
            why: format!(
                "it does not verify: {}; nothing would be installed",
                verification.failures()
            ),
        }),
        Ok(delta::Parts::Whole(why)) => whole(why),
        Err(e) if delta::is_wrong_part(&e) => whole(e.to_string()),
        Err(e) => Err(e),
    }
}

/// What [`upgrade`] found or did.
#[derive(Debug)]
pub enum Upgrade {
    /// The prefix holds the newest version the mirror has.
    UpToDate {
        /// What the prefix holds.
        receipt: Box<Receipt>,
        /// The version the mirror has (the same, or lower).
        offered: String,
        /// The index trusted.
        index: Box<SignedIndex>,
    },
    /// A newer version was fetched and installed, or refused.
    Fetched(Box<Fetched>),
    /// A newer version is there, and was neither fetched nor installed (`--dry-run`).
    Would {
        /// What the prefix holds.
        receipt: Box<Receipt>,
        /// The version the mirror has.
        offered: String,
        /// How much of its installer an upgrade would fetch.
        fetch: delta::Delta,
    },
}

/// `alliance upgrade --prefix DIR`: installs the newer version of what `prefix` holds from
/// the mirror at `from` (default: the channel its receipt recorded, else the release folder
/// it was installed from), if the mirror has one, with the prefix locked for the whole
/// command; with `dry_run`, says what it would fetch and changes nothing. A bundle keeps its locale: a release without a bundle of it is refused, and the
/// prefix stays as it is.
pub fn upgrade(
    prefix: &Path,
    (from, dry_run): (Option<&str>, bool),
    settings: Settings,
    choices: Choices,
) -> Result<Upgrade> {
    let mut locked = install::Prefix::lock(prefix, false)?;
    let receipt = locked.receipt()?;
    let seen = receipt.source.as_ref().map(|s| s.sequence);
    let (mirror, signed) = match (from, &receipt.source) {
        (Some(url), _) => open(url, settings, seen)?,
        (None, Some(source)) => follow(source, settings)?,
        (None, None) => {
            return Err(Error::Mirror {
                url: prefix.display().to_string(),
                why: format!(
                    "{} {} was not installed from a mirror, so there is none to ask; pass --from URL",
                    receipt.package, receipt.version
                ),
            });
        }
    };
    let (name, entry) = match &receipt.locale {
        Some(locale) => match same_locale(&signed.index, &receipt.package, locale) {
            Some(found) => found,
            None => {
                let why = no_locale(&signed.index, &receipt, locale, mirror.base(), prefix);
                return Ok(Upgrade::Fetched(Box::new(Fetched {
                    artifact: format!("{} ({locale})", receipt.package),
                    index: signed,
                    outcome: Err(Refused::NoLocale(why)),
                    delta: None,
                })));
            }
        },
        None => {
            let wanted = Wanted {
                package: &receipt.package,
                locale: None,
                system_locale: None,
            };
            let (name, entry, _) = find(mirror.base(), &signed.index, wanted)?;
            (name, entry)
        }
    };
    if install::version_order(&entry.version, &receipt.version).is_le() {
        // What was seen counts: an index below it is refused from now on.
        install::record_seen(&mut locked, &source_of(&mirror, &signed))?;
        return Ok(Upgrade::UpToDate {
            offered: entry.version.clone(),
            receipt: Box::new(Receipt::clone(&receipt)),
            index: Box::new(signed),
        });
    }
    let (name, entry) = (name.to_string(), entry.clone());
    if let Some(refused) = key_refusal(&mirror, &receipt, &entry, &choices) {
        return Ok(Upgrade::Fetched(Box::new(Fetched {
            index: signed,
            artifact: name,
            outcome: Err(refused),
            delta: None,
        })));
    }
    if dry_run {
        let fetch = would_fetch(&mirror, &signed, (&name, &entry), &mut locked, &choices)?;
        return Ok(Upgrade::Would {
            offered: entry.version.clone(),
            receipt: Box::new(Receipt::clone(&receipt)),
            fetch,
        });
    }
    let choices = Choices {
        allow_downgrade: false,
        reinstall: false,
        ..choices
    };
    let (outcome, delta) =
        fetch_and_install(&mirror, &signed, (&name, &entry), &mut locked, choices)?;
    Ok(Upgrade::Fetched(Box::new(Fetched {
        index: signed,
        artifact: name,
        outcome,
        delta,
    })))
}

/// The newest release of where an install came from: its channel, else its release folder
/// (also when the channel is gone from the mirror, which is said).
fn follow(source: &Source, settings: Settings) -> Result<(Mirror, SignedIndex)> {
    let Some(channel) = &source.channel else {
        return open(&source.url, settings, Some(source.sequence));
    };
    match open(channel, settings.clone(), Some(source.sequence)) {
        Err(Error::Fetch(crate::diagnostic::FetchError::Status { status: 404, .. })) => {
            let (mirror, mut signed) = open(&source.url, settings, Some(source.sequence))?;
            signed.warnings.push(format!(
                "the channel {channel} is not there (404); asked the release folder this install came from instead, which may not be the newest"
            ));
            Ok((mirror, signed))
        }
        other => other,
    }
}

/// The bundle of `package` in `locale` (as a tag, whatever its case) that `index` lists.
fn same_locale<'i>(
    index: &'i ReleaseIndex,
    package: &str,
    locale: &str,
) -> Option<(&'i str, &'i ArtifactEntry)> {
    index
        .artifacts
        .iter()
        .find(|(_, e)| {
            e.kind == ArtifactKind::Bundle
                && e.package == package
                && e.locale
                    .as_deref()
                    .is_some_and(|l| l.eq_ignore_ascii_case(locale))
        })
        .map(|(name, entry)| (name.as_str(), entry))
}

/// Why a bundle of `locale` is not upgraded from `index`, and how to change language.
fn no_locale(
    index: &ReleaseIndex,
    receipt: &Receipt,
    locale: &str,
    url: &str,
    prefix: &Path,
) -> String {
    let mut others: Vec<&str> = index
        .artifacts
        .values()
        .filter(|e| e.kind == ArtifactKind::Bundle && e.package == receipt.package)
        .filter_map(|e| e.locale.as_deref())
        .collect();
    others.sort_unstable();
    let has = if others.is_empty() {
        format!("no bundle of {} at all", receipt.package)
    } else {
        format!("bundles of {}", others.join(", "))
    };
    format!(
        "release {} has no bundle of `{locale}`: {} {} ({locale}) in `{}` stays as it is. \
         The release has {has}; to change to another language: alliance install {} --from {url} --locale LOCALE --prefix {}",
        index.release,
        receipt.package,
        receipt.version,
        prefix.display(),
        receipt.package,
        prefix.display()
    )
}
