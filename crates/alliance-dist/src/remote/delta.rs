//! Delta upgrades: an upgrade fetches only the parts of the new installer whose contents
//! the prefix does not hold already, from the very installer on the mirror, by HTTP
//! `Range` requests — no second artifact for a vendor to build, publish or let go stale.
//!
//! Trust is the full download's, carried by the signed manifest ([`verify::verify_parts`]):
//! the manifest must be signed for the release by a pinned key of the package and state
//! the SHA-256 and size the signed index gives the installer. Then:
//! - the installed files that still hold what the receipt says, and whose contents the
//!   manifest lists, are the sources of those entries (content-addressed: a file moved or
//!   renamed is not fetched again);
//! - the installer's last bytes and its central directory are fetched, and the directory
//!   must list exactly the manifest's entries, else the installer is refused;
//! - the entries no installed file holds are fetched, adjacent ones in one request, one
//!   request at a time, into a sparse copy of the installer in the transaction folder;
//! - staging inflates each fetched entry and copies each installed one, checking every
//!   one against the manifest's size and SHA-256, before anything changes in the prefix,
//!   which then switches as after a full download.
//!
//! A mirror that answers a range with the whole file, or with another part, is not
//! trusted for parts: the whole installer is fetched instead and verified as always
//! ([`Parts::Whole`] says why). Under a root of trust the whole installer is fetched:
//! its co-signatures are made over the whole file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::http::Ranged;
use super::{Mirror, SignedIndex, artifact_files};
use crate::archive::{self, SharedReader};
use crate::diagnostic::{Error, FetchError, IoContext, Result};
use crate::install::Receipt;
use crate::manifest::{ArtifactEntry, ArtifactManifest};
use crate::verify::{self, Check, Files, Verification};

/// The last bytes of an installer fetched first: its end records, and with them most
/// often its whole central directory.
const TAIL_BYTES: u64 = 64 << 10;

/// The most bytes of central directory fetched (100,000 entries take about 10 MB).
const MAX_DIRECTORY_BYTES: u64 = 64 << 20;

/// The most bytes a central directory record takes besides its name: 46 of its own and
/// its extra fields (alliance writes at most a zip64 one of 28; other writers add time
/// stamps and Unix owners).
const DIRECTORY_RECORD: u64 = 46 + 128;

/// What a delta upgrade fetched of an installer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Bytes of the installer fetched: its central directory and the entries no installed
    /// file holds.
    pub fetched: u64,
    /// The installer's size.
    pub size: u64,
    /// The entries fetched.
    pub changed: usize,
    /// The installer's entries.
    pub entries: usize,
    /// The range requests made.
    pub requests: usize,
}

/// What [`fetch_parts`] came to.
#[derive(Debug)]
pub enum Parts {
    /// The parts were fetched: the installer's verification, to install from.
    Fetched(Box<Verification>, Saved),
    /// The whole installer is to be fetched: why.
    Whole(String),
}

/// How an upgrade came by its installer, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    /// Only the parts the prefix lacked.
    Parts(Saved),
    /// The whole installer, where parts were tried first: why.
    Whole(String),
}

/// Fetches the parts of the installer `name` (listed as `entry` in `signed`) that the
/// prefix `prefix` (holding `receipt`) lacks into the folder `dir`, with its signed files;
/// see the module's doc.
pub fn fetch_parts(
    mirror: &Mirror,
    (name, entry): (&str, &ArtifactEntry),
    signed: &SignedIndex,
    (prefix, receipt): (&Path, &Receipt),
    dir: &Path,
) -> Result<Parts> {
    fetch_or_plan(
        mirror,
        (name, entry),
        signed,
        (prefix, receipt),
        (dir, false),
    )
}

/// What [`fetch_parts`] would fetch (`upgrade --dry-run`): the signed files, the last
/// bytes and the central directory are fetched, checked and read; the entries are not.
/// The [`Saved`] of [`Parts::Fetched`] counts what would be fetched; its verification is
/// not one to install from.
pub fn plan_parts(
    mirror: &Mirror,
    (name, entry): (&str, &ArtifactEntry),
    signed: &SignedIndex,
    (prefix, receipt): (&Path, &Receipt),
    dir: &Path,
) -> Result<Parts> {
    fetch_or_plan(
        mirror,
        (name, entry),
        signed,
        (prefix, receipt),
        (dir, true),
    )
}

/// [`fetch_parts`], or with `plan_only` [`plan_parts`].
fn fetch_or_plan(
    mirror: &Mirror,
    (name, entry): (&str, &ArtifactEntry),
    signed: &SignedIndex,
    (prefix, receipt): (&Path, &Receipt),
    (dir, plan_only): (&Path, bool),
) -> Result<Parts> {
    if mirror.root.is_some() {
        return Ok(Parts::Whole(
            "under a root of trust the whole installer is fetched: its co-signatures are made over the whole file".to_string(),
        ));
    }
    let url = mirror.url(name);
    let files = artifact_files(&url, name, entry)?;
    mirror.fetch_signed_files(name, &files, &entry.package, dir)?;
    let read = |file: &str| {
        let path = dir.join(file);
        std::fs::read(&path).at("read", &path)
    };
    let keys = mirror
        .package_keys(&entry.package)
        .map_err(|why| Error::Mirror {
            url: url.clone(),
            why,
        })?;
    let signed_files = Files {
        manifest: read(&files.manifest)?,
        manifest_signature: Some(read(&files.manifest_signature)?),
        dir: Some(dir.to_path_buf()),
        ..Files::default()
    };
    let release = signed.index.release.as_str();
    let options = mirror.verify_options(dir);
    // Nothing unsigned reaches the YAML parser: the manifest is checked, then read.
    let mut verification =
        verify::verify_parts(name, entry, signed_files, (release, &keys), &options);
    let Some(manifest) = verification.manifest.as_ref().filter(|_| verification.ok) else {
        // Refused as a full download would refuse it.
        return Ok(Parts::Fetched(Box::new(verification), no_parts(entry)));
    };
    let elsewhere = installed_contents(prefix, receipt, manifest);
    let artifact = dir.join(name);
    let mut fetcher = Fetcher::new(mirror, &url, entry.size, &artifact)?;
    fetcher.plan_only = plan_only;
    let (saved, wanted) = match fetcher.parts(manifest, &elsewhere)? {
        Ok(found) => found,
        Err(why) => return Ok(Parts::Whole(why)),
    };
    verification.checks.push(Check::pass(
        "parts",
        format!(
            "{wanted} of {} entries fetched ({} of {} bytes), {} copied from the installed files, each checked against the signed manifest as it is staged; {} not fetched, as an install does not place them",
            manifest.files.len(),
            saved.fetched,
            saved.size,
            elsewhere.values().filter(|f| f.is_some()).count(),
            elsewhere.values().filter(|f| f.is_none()).count()
        ),
    ));
    verification.files.artifact = SharedReader::open(&artifact)?;
    verification.files.elsewhere = elsewhere;
    verification.artifact = artifact;
    Ok(Parts::Fetched(Box::new(verification), saved))
}

/// What is said of an installer of which nothing was fetched.
fn no_parts(entry: &ArtifactEntry) -> Saved {
    Saved {
        fetched: 0,
        size: entry.size,
        changed: 0,
        entries: 0,
        requests: 0,
    }
}

/// The entries of `manifest` not to fetch: those an install does not place (`None`: the
/// install scripts, the read-me…) and those whose contents an installed file of `prefix`
/// (as `receipt` lists them) holds, with that file; each such file still holds what the
/// receipt says (it is read and hashed, on all cores: a file the user changed holds
/// something else).
fn installed_contents(
    prefix: &Path,
    receipt: &Receipt,
    manifest: &ArtifactManifest,
) -> BTreeMap<String, Option<(PathBuf, crate::fs::FileId)>> {
    let placed: BTreeSet<String> = manifest
        .payload()
        .into_iter()
        .map(|(file, _)| file.path.clone())
        .chain(
            crate::install::scripts::entries(manifest)
                .into_iter()
                .map(|(entry, _)| entry),
        )
        .collect();
    let mut holding: HashMap<&str, Vec<(&str, u64)>> = HashMap::new();
    for (rel, file) in &receipt.files {
        // A receipt is the prefix's, as writable as its files: only a safe name, reached
        // through no link, is read.
        if archive::safe_name(rel).is_err() || crate::fs::crosses_link(prefix, rel) {
            continue;
        }
        holding
            .entry(file.sha256.as_str())
            .or_default()
            .push((rel.as_str(), file.size));
    }
    let wanted: BTreeSet<&str> = manifest
        .files
        .iter()
        .filter(|f| placed.contains(&f.path))
        .map(|f| f.sha256.as_str())
        .filter(|sha256| holding.contains_key(sha256))
        .collect();
    let found: HashMap<&str, (PathBuf, crate::fs::FileId)> = wanted
        .par_iter()
        .filter_map(|&sha256| {
            holding[sha256].iter().find_map(|&(rel, size)| {
                let path = prefix.join(rel);
                let id = holds(&path, size, sha256)?;
                Some((sha256, (path, id)))
            })
        })
        .collect();
    manifest
        .files
        .iter()
        .filter_map(|f| {
            if !placed.contains(&f.path) {
                return Some((f.path.clone(), None));
            }
            let path = found.get(f.sha256.as_str())?;
            Some((f.path.clone(), Some(path.clone())))
        })
        .collect()
}

/// The identity of the regular file `path` (not a link) if it holds `size` bytes whose
/// SHA-256 is `sha256` (hex).
fn holds(path: &Path, size: u64, sha256: &str) -> Option<crate::fs::FileId> {
    let (file, id) = crate::fs::open_regular_no_follow(path).ok()?;
    if file.metadata().map(|m| m.len()).ok() != Some(size) {
        return None;
    }
    let mut hash = Sha256::new();
    let limited = std::io::Read::take(file, size.saturating_add(1));
    let read = crate::fs::read_pieces(limited, &mut vec![0u8; 256 << 10], |piece| {
        hash.update(piece);
    })
    .ok()?;
    (read == size && archive::hex(&hash.finalize()) == sha256).then_some(id)
}

/// Fetches parts of one installer into a sparse copy of it.
struct Fetcher<'m> {
    mirror: &'m Mirror,
    url: &'m str,
    /// The installer's size, as the signed index states it.
    total: u64,
    /// The copy, as long as the installer, holding only what was fetched.
    file: std::fs::File,
    path: &'m Path,
    fetched: u64,
    requests: usize,
    /// The entries' parts are counted, not fetched.
    plan_only: bool,
    /// When the fetcher was made, and how long all its parts may take (the whole
    /// installer's deadline).
    started: std::time::Instant,
    deadline: std::time::Duration,
}

impl<'m> Fetcher<'m> {
    /// A fetcher of the installer at `url` of `total` bytes into a new file `path`.
    fn new(mirror: &'m Mirror, url: &'m str, total: u64, path: &'m Path) -> Result<Self> {
        let file = std::fs::File::create(path).at("create", path)?;
        file.set_len(total).at("write", path)?;
        Ok(Fetcher {
            mirror,
            url,
            total,
            file,
            path,
            fetched: 0,
            requests: 0,
            plan_only: false,
            started: std::time::Instant::now(),
            deadline: mirror.client.deadline(super::http::Size::Signed(total)),
        })
    }

    /// Fetches the central directory and the entries `elsewhere` does not hold; what was
    /// saved and how many entries were fetched, or why the whole installer is needed.
    /// An installer whose directory does not list exactly `manifest`'s entries is refused.
    fn parts(
        &mut self,
        manifest: &ArtifactManifest,
        elsewhere: &BTreeMap<String, Option<(PathBuf, crate::fs::FileId)>>,
    ) -> Result<std::result::Result<(Saved, usize), String>> {
        let total = self.total;
        let tail_start = total - total.min(TAIL_BYTES);
        let Some(tail) = self.part(tail_start, total - tail_start, true)? else {
            return Ok(Err(self.ignored()));
        };
        let refused = |why: String| Error::Mirror {
            url: self.url.to_string(),
            why: format!(
                "{why}: it is not the installer its signed manifest describes; nothing was installed"
            ),
        };
        let (directory, end, count) = archive::directory_bounds(&tail, tail_start, total)
            .map_err(|why| refused(why.to_string()))?;
        // Nothing unsigned is parsed beyond what the manifest's entries can take.
        if count != manifest.files.len() as u64 {
            return Err(refused(format!(
                "its central directory has {count} entries, the signed manifest {}",
                manifest.files.len()
            )));
        }
        let most: u64 = manifest
            .files
            .iter()
            .map(|f| DIRECTORY_RECORD + f.path.len() as u64)
            .sum();
        if end - directory > most.min(MAX_DIRECTORY_BYTES) {
            return Err(refused(format!(
                "its central directory ({} bytes) is larger than the signed manifest's entries take",
                end - directory
            )));
        }
        if directory < tail_start
            && self
                .part(directory, tail_start - directory, false)?
                .is_none()
        {
            return Ok(Err(self.ignored()));
        }
        let reader = SharedReader::open(self.path)?;
        let spans = archive::spans(&reader, archive::Limits::default())
            .map_err(|e| refused(e.to_string()))?;
        let listed: BTreeSet<&str> = spans.iter().map(|s| s.name.as_str()).collect();
        let signed: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
        if let Some(added) = listed.difference(&signed).next() {
            let added = added.escape_default();
            return Err(refused(format!(
                "its central directory lists `{added}`, which the signed manifest does not"
            )));
        }
        if let Some(missing) = signed.difference(&listed).next() {
            let missing = missing.escape_default();
            return Err(refused(format!(
                "its central directory lacks `{missing}`, which the signed manifest lists"
            )));
        }
        // What is fetched already (the last bytes) is not fetched again.
        let have = directory.min(tail_start);
        let mut wanted: Vec<(u64, u64)> = spans
            .iter()
            .filter(|s| !elsewhere.contains_key(&s.name))
            .map(|s| (s.start, s.end.min(have)))
            .collect();
        let changed = wanted.len();
        wanted.sort_unstable();
        for (start, end) in merged(&wanted).into_iter().filter(|(s, e)| e > s) {
            if self.plan_only {
                (self.fetched, self.requests) = (self.fetched + end - start, self.requests + 1);
            } else if self.part(start, end - start, false)?.is_none() {
                return Ok(Err(self.ignored()));
            }
        }
        self.file.flush().at("write", self.path)?;
        let saved = Saved {
            fetched: self.fetched,
            size: total,
            changed,
            entries: spans.len(),
            requests: self.requests,
        };
        Ok(Ok((saved, changed)))
    }

    /// Fetches `len` bytes at `start` into the copy (and returns them, when `keep`);
    /// `None` when the mirror answered with the whole file. A part that comes back wrong
    /// is an error [`FetchError::Range`], which [`Fetcher::parts`]' caller turns into a
    /// full download.
    fn part(&mut self, start: u64, len: u64, keep: bool) -> Result<Option<Vec<u8>>> {
        // One deadline for all the parts, the whole installer's: a mirror that spreads the
        // changed entries and stalls each request just short of its timeout gains nothing.
        if self.started.elapsed() > self.deadline {
            return Err(FetchError::Deadline {
                url: self.url.to_string(),
                seconds: self.deadline.as_secs(),
            }
            .into());
        }
        self.file
            .seek(SeekFrom::Start(start))
            .at("write", self.path)?;
        let mut kept = Vec::new();
        let (file, path) = (&mut self.file, self.path);
        self.requests += 1;
        let answer = self
            .mirror
            .client
            .range(self.url, (start, len), self.total, |piece| {
                if keep {
                    kept.extend_from_slice(piece);
                }
                file.write_all(piece).at("write", path)
            })?;
        if answer == Ranged::Whole {
            return Ok(None);
        }
        self.fetched += len;
        Ok(Some(kept))
    }

    /// Why the whole installer is fetched from a mirror that ignores ranges.
    fn ignored(&self) -> String {
        format!(
            "{} answered a request for part of the installer with the whole file (it does not serve ranges)",
            self.url
        )
    }
}

/// `ranges` (sorted), with each run of adjacent ones made one.
fn merged(ranges: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for &(start, end) in ranges {
        match runs.last_mut() {
            Some(run) if run.1 == start => run.1 = end,
            _ => runs.push((start, end)),
        }
    }
    runs
}

/// Whether a failed part is a mirror's wrong answer to a range (the whole installer is
/// fetched instead), rather than a failure a full download would meet too.
pub fn is_wrong_part(error: &Error) -> bool {
    matches!(error, Error::Fetch(FetchError::Range { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_parts_are_fetched_in_one_request() {
        assert_eq!(
            merged(&[(0, 10), (10, 25), (30, 40), (40, 41), (50, 60)]),
            [(0, 25), (30, 41), (50, 60)]
        );
        assert!(merged(&[]).is_empty());
    }
}
