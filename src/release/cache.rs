//! The build cache: an artifact whose inputs, settings and key are all unchanged is taken
//! from `.alliance/cache/` instead of being built again.
//!
//! Each artifact is filed under a key, the SHA-256 of everything its bytes and signature
//! depend on: the tool's version, the artifact's name and release, the time stamp, the
//! compression level, the signing key, and every entry's name, mode and the SHA-256 of its
//! contents. A file's digest is remembered with what the system says of it (size,
//! modification and change times to the nanosecond, inode): the file is hashed again when
//! any of them differs, or when it changed too recently for its times to tell (within two
//! seconds of being remembered). A change to any of them
//! gives another key, so a run rebuilds exactly the artifacts a change touches, and a hit
//! is byte for byte what a cold build writes. A hit is hard-linked into the release (an
//! artifact is never changed in place; one that was, through such a link, no longer has
//! the modification time its entry recorded, and is built again). An entry is a folder
//! holding the artifact,
//! its signature and what was written (`written.json`); it is filled beside and renamed
//! into place, so a run that dies leaves no half entry. The cache keeps the most recently
//! used entries within [`MAX_BYTES`], and is safe to delete at any time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::archive::EntryRecord;
use crate::archive::stream::{Input, Level, Source, Written};
use crate::diagnostic::{Error, IoContext, Result};

/// Where the cache lives in a workspace.
pub const CACHE_DIR: &str = ".alliance/cache";
/// The most bytes the cache keeps; the least recently used entries go first.
pub const MAX_BYTES: u64 = 2 << 30;

/// What an artifact's bytes and signature depend on besides its entries.
pub(super) struct Settings<'a> {
    /// The artifact's file name.
    pub artifact: &'a str,
    /// The release its trusted comment names.
    pub release: &'a str,
    /// The time stamp of every entry.
    pub epoch: i64,
    /// The compression level.
    pub level: Level,
    /// The signing key's public key file (it names the key and says whether it is a
    /// development key).
    pub public_key: &'a str,
    /// Whether the key is a development key (its trusted comments say so).
    pub development: bool,
}

/// A cached artifact.
pub(super) struct Hit {
    /// What was written.
    pub written: Written,
    /// Its signature.
    pub signature: String,
}

/// What `written.json` holds.
#[derive(Serialize, Deserialize)]
struct Record {
    /// The cached artifact's modification time (nanoseconds since the epoch) when it was
    /// filed: an artifact changed in place (through a hard link from a release folder) is
    /// never taken again.
    modified: u128,
    size: u64,
    sha256: String,
    blake2b: String,
    entries: Vec<(String, u32, u64, String)>,
    signature: String,
}

/// The cache of a workspace.
pub(super) struct Cache {
    dir: PathBuf,
    /// The digests of input files, by path, with what identified each file when it was
    /// hashed.
    digests: Mutex<HashMap<PathBuf, Remembered>>,
}

/// A file's digest, and what the system said of the file when it was hashed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Remembered {
    stat: Stat,
    sha256: String,
}

/// What identifies a file's contents without reading them.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stat {
    size: u64,
    modified: u128,
    changed: u128,
    inode: u64,
}

/// The file in the cache remembering input digests.
const DIGESTS_FILE: &str = "inputs.json";

impl Cache {
    /// The cache of the workspace at `root`.
    pub fn of(root: &Path) -> Cache {
        let dir = root.join(CACHE_DIR);
        let digests = std::fs::read_to_string(dir.join(DIGESTS_FILE))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Cache {
            dir,
            digests: Mutex::new(digests),
        }
    }

    /// Writes down the input digests of this run for the next; a cache that cannot be
    /// written is no error.
    pub fn remember(&self) {
        let Ok(digests) = self.digests.lock() else {
            return;
        };
        let Ok(text) = serde_json::to_string(&*digests) else {
            return;
        };
        let _ = std::fs::create_dir_all(&self.dir);
        let path = self.dir.join(DIGESTS_FILE);
        let fresh = self
            .dir
            .join(format!(".{DIGESTS_FILE}.{}", std::process::id()));
        if std::fs::write(&fresh, text).is_ok() && std::fs::rename(&fresh, &path).is_err() {
            let _ = std::fs::remove_file(&fresh);
        }
    }

    /// The key of an artifact of `inputs` built with `settings`.
    pub fn key(&self, settings: &Settings<'_>, inputs: &[Input]) -> Result<String> {
        let digests = inputs
            .par_iter()
            .map_init(
                || vec![0u8; 256 << 10],
                |buffer, input| self.content_digest(&input.source, buffer),
            )
            .collect::<Result<Vec<_>>>()?;
        let mut order: Vec<usize> = (0..inputs.len()).collect();
        order.sort_by(|&a, &b| inputs[a].name.cmp(&inputs[b].name));
        let mut hash = Sha256::new();
        let mut feed = |label: &str, value: &[u8]| {
            hash.update((label.len() as u64).to_le_bytes());
            hash.update(label.as_bytes());
            hash.update((value.len() as u64).to_le_bytes());
            hash.update(value);
        };
        feed("tool", env!("CARGO_PKG_VERSION").as_bytes());
        feed("artifact", settings.artifact.as_bytes());
        feed("release", settings.release.as_bytes());
        feed("epoch", &settings.epoch.to_le_bytes());
        feed("level", format!("{:?}", settings.level).as_bytes());
        feed("key", settings.public_key.as_bytes());
        feed("development", &[u8::from(settings.development)]);
        for i in order {
            feed("entry", inputs[i].name.as_bytes());
            feed("mode", &inputs[i].mode.to_le_bytes());
            feed("sha256", &digests[i]);
        }
        Ok(crate::archive::hex(&hash.finalize()))
    }

    /// The artifact filed under `key`, linked (or copied) to `to`; `None` when there is none (or what
    /// there is does not read: it is then built again).
    pub fn get(&self, key: &str, to: &Path) -> Option<Hit> {
        let entry = self.dir.join(key);
        let text = std::fs::read_to_string(entry.join("written.json")).ok()?;
        let record: Record = serde_json::from_str(&text).ok()?;
        let artifact = entry.join("artifact.zip");
        let metadata = std::fs::metadata(&artifact).ok()?;
        if metadata.len() != record.size || modified_nanos(&metadata) != Some(record.modified) {
            return None;
        }
        // Artifacts are never changed in place: a link is as good as a copy, and instant.
        if std::fs::hard_link(&artifact, to).is_err() {
            std::fs::copy(&artifact, to).ok()?;
        }
        // Touched: the least recently used entries are pruned first.
        let _ =
            std::fs::File::open(&entry).and_then(|f| f.set_modified(std::time::SystemTime::now()));
        let mut blake2b = [0u8; 64];
        let bytes = unhex(&record.blake2b)?;
        if bytes.len() != 64 {
            return None;
        }
        blake2b.copy_from_slice(&bytes);
        Some(Hit {
            written: Written {
                size: record.size,
                sha256: record.sha256,
                blake2b,
                entries: record
                    .entries
                    .into_iter()
                    .map(|(name, mode, size, sha256)| EntryRecord {
                        name,
                        mode,
                        size,
                        sha256,
                    })
                    .collect(),
            },
            signature: record.signature,
        })
    }

    /// Files the artifact at `artifact` under `key`, then prunes the cache to its bound. A
    /// cache that cannot be written is no error: the next run builds again.
    pub fn put(&self, key: &str, artifact: &Path, written: &Written, signature: &str) {
        let _ = self.try_put(key, artifact, written, signature);
        self.prune();
    }

    fn try_put(
        &self,
        key: &str,
        artifact: &Path,
        written: &Written,
        signature: &str,
    ) -> Result<()> {
        std::fs::create_dir_all(&self.dir).at("create", &self.dir)?;
        let filling = tempfile::Builder::new()
            .prefix(".filling-")
            .tempdir_in(&self.dir)
            .at("create a folder in", &self.dir)?;
        let copy = filling.path().join("artifact.zip");
        std::fs::copy(artifact, &copy).at("copy", artifact)?;
        let modified = std::fs::metadata(&copy)
            .ok()
            .and_then(|m| modified_nanos(&m))
            .unwrap_or_default();
        let record = Record {
            modified,
            size: written.size,
            sha256: written.sha256.clone(),
            blake2b: crate::archive::hex(&written.blake2b),
            entries: written
                .entries
                .iter()
                .map(|e| (e.name.clone(), e.mode, e.size, e.sha256.clone()))
                .collect(),
            signature: signature.to_string(),
        };
        let text = serde_json::to_string(&record).map_err(|e| Error::YamlWrite(e.to_string()))?;
        let path = filling.path().join("written.json");
        std::fs::write(&path, text).at("write", &path)?;
        let target = self.dir.join(key);
        let filled = filling.keep();
        if std::fs::rename(&filled, &target).is_err() {
            // Another run filed the same artifact first.
            let _ = std::fs::remove_dir_all(&filled);
        }
        Ok(())
    }

    /// Removes the least recently used entries until the cache holds at most
    /// [`MAX_BYTES`], and what runs that died while filing left.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut kept = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            if name.starts_with(".filling-") {
                let old = modified
                    .and_then(|m| m.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 3600);
                if old {
                    let _ = std::fs::remove_dir_all(&path);
                }
                continue;
            }
            let size = std::fs::metadata(path.join("artifact.zip")).map_or(0, |m| m.len());
            kept.push((modified, size, path));
        }
        kept.sort_by_key(|k| std::cmp::Reverse(k.0));
        let mut total = 0u64;
        for (_, size, path) in kept {
            total = total.saturating_add(size);
            if total > MAX_BYTES {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

impl Cache {
    /// The SHA-256 of an input's contents: remembered, when the file is as it was when it
    /// was hashed, else hashed (and remembered).
    fn content_digest(&self, source: &Source, buffer: &mut [u8]) -> Result<[u8; 32]> {
        let path = match source {
            Source::Bytes(bytes) => return Ok(Sha256::digest(bytes).into()),
            Source::File(path) => path,
        };
        let mut file = std::fs::File::open(path).at("read", path)?;
        let stat = stat_of(&file);
        if let Some(stat) = stat {
            let remembered = self.digests.lock().ok().and_then(|d| d.get(path).cloned());
            if let Some(r) = remembered.filter(|r| r.stat == stat) {
                let bytes = unhex(&r.sha256).filter(|b| b.len() == 32);
                if let Some(bytes) = bytes {
                    let mut digest = [0u8; 32];
                    digest.copy_from_slice(&bytes);
                    return Ok(digest);
                }
            }
        }
        let mut hash = Sha256::new();
        crate::archive::read_pieces(&mut file, buffer, |b| hash.update(b)).at("read", path)?;
        let digest: [u8; 32] = hash.finalize().into();
        // A file changed within the last two seconds may change again within the same
        // tick of its clock: it is not remembered.
        let settled =
            stat.filter(|s| now_nanos().saturating_sub(s.modified.max(s.changed)) > 2_000_000_000);
        if let (Some(stat), Ok(mut digests)) = (settled, self.digests.lock()) {
            let sha256 = crate::archive::hex(&digest);
            digests.insert(path.clone(), Remembered { stat, sha256 });
        }
        Ok(digest)
    }
}

/// What the system says of an open file; `None` where it cannot tell enough.
#[cfg(unix)]
fn stat_of(file: &std::fs::File) -> Option<Stat> {
    use std::os::unix::fs::MetadataExt;
    let m = file.metadata().ok()?;
    let nanos = |seconds: i64, nanos: i64| -> Option<u128> {
        Some(u128::try_from(seconds).ok()? * 1_000_000_000 + u128::try_from(nanos).ok()?)
    };
    Some(Stat {
        size: m.len(),
        modified: nanos(m.mtime(), m.mtime_nsec())?,
        changed: nanos(m.ctime(), m.ctime_nsec())?,
        inode: m.ino(),
    })
}

/// Elsewhere every file is hashed.
#[cfg(not(unix))]
fn stat_of(_: &std::fs::File) -> Option<Stat> {
    None
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// The modification time of a file, in nanoseconds since the epoch.
fn modified_nanos(metadata: &std::fs::Metadata) -> Option<u128> {
    let modified = metadata.modified().ok()?;
    Some(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
}

/// The bytes of lowercase hex `text`.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A settled file's digest is remembered and used while the file is as it was; any
    /// write to it (even one keeping its size) makes it hashed again.
    #[test]
    fn a_remembered_digest_serves_only_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("payload.txt");
        std::fs::write(&path, "one").expect("write");
        // Older than the two seconds in which a file's times cannot tell a change.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let cache = Cache::of(dir.path());
        let source = Source::File(path.clone());
        let mut buffer = vec![0u8; 4096];
        let first = cache.content_digest(&source, &mut buffer).expect("hashed");
        assert_eq!(first, <[u8; 32]>::from(Sha256::digest(b"one")));
        // What is remembered is what is used: mark it, and the mark comes back.
        let marked = [7u8; 32];
        cache
            .digests
            .lock()
            .expect("lock")
            .get_mut(&path)
            .expect("remembered")
            .sha256 = crate::archive::hex(&marked);
        assert_eq!(
            cache.content_digest(&source, &mut buffer).expect("ok"),
            marked
        );
        // Through a file written down and read back by the next run, too.
        cache.remember();
        let next = Cache::of(dir.path());
        assert_eq!(
            next.content_digest(&source, &mut buffer).expect("ok"),
            marked
        );
        std::fs::write(&path, "two").expect("write");
        let after = next.content_digest(&source, &mut buffer).expect("hashed");
        assert_eq!(after, <[u8; 32]>::from(Sha256::digest(b"two")));
    }
}
