//! The build cache: an artifact whose inputs, settings and key are all unchanged is taken
//! from `.alliance/cache/` instead of being built again.
//!
//! Each artifact is filed under a key, the SHA-256 of everything its bytes and signature
//! depend on: the tool's version, the artifact's name and release, the time stamp, the
//! compression level, the signing key, and every entry's name, mode and the SHA-256 of its
//! contents. A file's digest (and CRC-32) is remembered with what the system says of it
//! (size, modification and change times to the nanosecond, inode): the file is hashed again
//! when any of them differs, or when it changed too recently for its times to tell (within
//! two seconds of being remembered). A change to any of them gives another key, so a run
//! rebuilds exactly the artifacts a change touches.
//!
//! Nothing in the cache is taken on trust: anyone who can write a file can change it. A hit
//! is copied into the release (a reflink or an in-kernel copy where the file system offers
//! one), hashed as the release holds it, and published only if it is exactly what a cold
//! build would write: its size and SHA-256 those of its record, its signature made by this
//! run's key with the trusted comment of this artifact, release and SHA-256, and its
//! entries (names, modes, sizes, CRC-32) those of the inputs the key was computed from.
//! Anything else is thrown away, said in a warning, and built again. The cache and a release never share a file: an artifact
//! edited in place in a release folder leaves the cache as it was.
//!
//! An entry is a folder holding the artifact and its record (`written.json`: size, digests,
//! signature); it is filled beside and renamed into place, so a run that dies leaves no half
//! entry. The cache keeps the most recently used entries within [`MAX_BYTES`], and is safe
//! to delete at any time.
//!
//! A miss is not built from nothing: an entry also holds `packed.bin`, where each entry's
//! compressed data lies in its artifact and what it holds (SHA-256, size, CRC-32), signed by
//! the key that signed the artifact (`packed.bin.minisig`). `previous/` names, for each
//! package, target and locale (its *family*), the entry built last. The next build of the
//! family copies the compressed data of every content it finds there instead of compressing
//! it again ([`Cache::earlier`]): the same bytes a cold build writes, since an entry's data
//! depends only on its contents and the level. The index is used only when this run's key
//! verifies it; the artifact is hashed whole as it is copied from, and a build whose copies
//! are not what the signed index states is thrown away and built cold.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::archive::EntryRecord;
use crate::archive::stream::{Earlier, Input, Level, Source, Written};
use crate::diagnostic::{Error, IoContext, Result};
use crate::sign::{self, SigningKey};

mod packed;

/// Where the cache lives in a workspace.
pub const CACHE_DIR: &str = ".alliance/cache";
/// The most bytes the cache keeps; the least recently used entries go first.
pub const MAX_BYTES: u64 = 2 << 30;
/// The largest record (`written.json`) read.
const MAX_RECORD_BYTES: u64 = 1 << 20;

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
    /// The key that signs it (its public key names it; whether it is a development key
    /// shows in the trusted comment).
    pub key: &'a SigningKey,
    /// What the artifact is a build of whatever its version: its package, kind and
    /// locale. The next build of the family copies what it can from the last one.
    pub family: &'a str,
}

/// The key an artifact is filed under, and what a hit must hold.
pub(super) struct Key {
    /// The entry's folder name in the cache: the SHA-256 of everything the artifact
    /// depends on, in hex.
    pub id: String,
    /// The entries the inputs give, sorted by name, each with its CRC-32.
    entries: Vec<(EntryRecord, u32)>,
    /// What each input holds, in the order of the inputs.
    contents: Vec<Content>,
}

/// What a look-up in the cache found.
pub(super) enum Lookup {
    /// Nothing filed under the key.
    Miss,
    /// The artifact, checked and copied into place.
    Hit(Hit),
    /// An entry that is not what it must be, thrown away: why.
    Discarded(String),
}

/// A cached artifact.
pub(super) struct Hit {
    /// What was written.
    pub written: Written,
    /// Its signature.
    pub signature: String,
}

/// What `written.json` holds: the artifact's size, digests and signature, none of it taken
/// on trust ([`verify_hit`]).
#[derive(Serialize, Deserialize)]
struct Record {
    size: u64,
    sha256: String,
    blake2b: String,
    signature: String,
}

/// The cache of a workspace.
pub(super) struct Cache {
    dir: PathBuf,
    /// The digests of input files, by their path's digest, with what identified each file
    /// when it was hashed.
    digests: RwLock<HashMap<PathKey, Remembered>>,
}

/// Bytes kept as they are and written in lowercase hex in `inputs.json`: a path's digest
/// ([`PathKey`]) or a SHA-256.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Hex<const N: usize>([u8; N]);

impl<const N: usize> Serialize for Hex<N> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::archive::hex(&self.0))
    }
}

impl<'de, const N: usize> Deserialize<'de> for Hex<N> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        unhex(&text)
            .and_then(|bytes| <[u8; N]>::try_from(bytes).ok())
            .map(Hex)
            .ok_or_else(|| serde::de::Error::custom(format!("not {N} bytes in hex")))
    }
}

/// What names a file in the digests the cache remembers: the first 128 bits of the SHA-256
/// of its path (a path is not kept: a workspace of many files would hold each one twice
/// more).
type PathKey = Hex<16>;

impl PathKey {
    fn of(path: &Path) -> PathKey {
        let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        Hex(key)
    }
}

/// A file's digests, and what the system said of the file when it was hashed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Remembered {
    stat: Stat,
    sha256: Hex<32>,
    /// Its CRC-32, as a zip entry of it records it (absent from what older runs wrote: the
    /// file is then hashed again).
    #[serde(default)]
    crc32: Option<u32>,
}

/// A cache entry being made ([`Cache::begin`]): removed unless [`Cache::put`] files it.
pub(super) struct Filling {
    dir: tempfile::TempDir,
}

impl Filling {
    /// Where the copy of the artifact is written, as the artifact is: a file of its own
    /// (a published artifact shares no file with the cache).
    pub fn artifact(&self) -> PathBuf {
        self.dir.path().join("artifact.zip")
    }
}

/// What identifies a file's contents without reading them.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stat {
    size: u64,
    modified: u128,
    changed: u128,
    inode: u64,
}

/// What an input holds, as an archive records it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Content {
    size: u64,
    sha256: [u8; 32],
    crc32: u32,
}

/// The file in the cache remembering input digests.
const DIGESTS_FILE: &str = "inputs.json";
/// The folder naming the last build of each family.
const PREVIOUS_DIR: &str = "previous";

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
            digests: RwLock::new(digests),
        }
    }

    /// Writes down the input digests of this run for the next; a cache that cannot be
    /// written is no error.
    pub fn remember(&self) {
        let Ok(digests) = self.digests.read() else {
            return;
        };
        let _ = std::fs::create_dir_all(&self.dir);
        let path = self.dir.join(DIGESTS_FILE);
        let fresh = self
            .dir
            .join(format!(".{DIGESTS_FILE}.{}", std::process::id()));
        // Written as it is serialized: the text of many files' digests is never held whole.
        let written = std::fs::File::create(&fresh).is_ok_and(|file| {
            let mut out = std::io::BufWriter::new(file);
            serde_json::to_writer(&mut out, &*digests).is_ok()
                && std::io::Write::flush(&mut out).is_ok()
        });
        if !written || std::fs::rename(&fresh, &path).is_err() {
            let _ = std::fs::remove_file(&fresh);
        }
    }

    /// The key of an artifact of `inputs` built with `settings`.
    pub fn key(&self, settings: &Settings<'_>, inputs: &[Input]) -> Result<Key> {
        let contents = inputs
            .par_iter()
            .map_init(
                || vec![0u8; 256 << 10],
                |buffer, input| self.content(&input.source, buffer),
            )
            .collect::<Result<Vec<_>>>()?;
        let mut order: Vec<usize> = (0..inputs.len()).collect();
        order.sort_by(|&a, &b| inputs[a].name.cmp(&inputs[b].name));
        let id = key_id(
            settings,
            order
                .iter()
                .map(|&i| (inputs[i].name.as_str(), inputs[i].mode, contents[i].sha256)),
        );
        let mut entries = Vec::with_capacity(inputs.len());
        for i in order {
            let record = EntryRecord {
                name: inputs[i].name.clone(),
                mode: inputs[i].mode,
                size: contents[i].size,
                sha256: contents[i].sha256,
            };
            entries.push((record, contents[i].crc32));
        }
        Ok(Key {
            id,
            entries,
            contents,
        })
    }

    /// The id of the key of the artifact built with `settings` that holds `written` (what
    /// [`Cache::key`] gives for its inputs, without reading them again).
    pub fn id_of(settings: &Settings<'_>, written: &Written) -> String {
        key_id(
            settings,
            written
                .entries
                .iter()
                .zip(&written.packed)
                .map(|(e, p)| (e.name.as_str(), e.mode, p.sha256)),
        )
    }

    /// Whether the cache has built an artifact of the family of `settings`: when it has
    /// not, nothing in it can be a hit or be copied from, and the inputs are not read
    /// before they are built (their digests come from the writing, see [`Cache::learn`]).
    pub fn knows(&self, settings: &Settings<'_>) -> bool {
        self.pointer(settings.family).exists()
    }

    /// Learns what the payload `files` held from `written`, the artifact a cold build wrote
    /// of them (each under `prefix` in it), by what the payload's listing saw of each file
    /// before it was read (it is not asked about again): a file whose size is what was
    /// written and that was last changed at least two seconds before the build `started`
    /// (nanoseconds since the epoch) held what was written, and holds it still while its
    /// size, times and inode stay.
    pub fn learn(
        &self,
        started: u128,
        written: &Written,
        files: &[crate::package::PayloadFile],
        prefix: &str,
    ) {
        let settled_by = started.saturating_sub(2_000_000_000);
        let mut by_name: Vec<u32> = (0..u32::try_from(files.len()).unwrap_or(u32::MAX)).collect();
        by_name.par_sort_unstable_by(|&a, &b| files[a as usize].rel.cmp(&files[b as usize].rel));
        let learnt: Vec<(PathKey, Remembered)> = written
            .entries
            .par_iter()
            .zip(&written.packed)
            .filter_map(|(entry, packed)| {
                let rel = entry.name.strip_prefix(prefix)?;
                let at = by_name
                    .binary_search_by(|&i| files[i as usize].rel.as_str().cmp(rel))
                    .ok()?;
                let file = &files[by_name[at] as usize];
                // What the listing saw, before the file was read: a change since shows.
                let (path, stat) = (&file.path, Stat::from(file.seen?));
                let settled = stat.modified.max(stat.changed) < settled_by;
                (stat.size == packed.size && settled).then(|| {
                    let remembered = Remembered {
                        stat,
                        sha256: Hex(packed.sha256),
                        crc32: Some(packed.crc32),
                    };
                    (PathKey::of(path), remembered)
                })
            })
            .collect();
        if let Ok(mut digests) = self.digests.write() {
            digests.extend(learnt);
        }
    }

    /// The artifact filed under `key`, checked as it is copied to `to` (see the module's
    /// doc): a hit, a miss, or an entry thrown away because it is not what a build with
    /// `settings` writes. What a hit is not is never left at `to`.
    pub fn get(&self, key: &Key, settings: &Settings<'_>, to: &Path) -> Lookup {
        let entry = self.dir.join(&key.id);
        let found = self.check_copy(&entry, key, settings, to);
        if !matches!(found, Lookup::Hit(_)) {
            let _ = std::fs::remove_file(to);
        }
        match &found {
            // Touched: the least recently used entries are pruned first.
            Lookup::Hit(_) => {
                let _ = std::fs::File::open(&entry)
                    .and_then(|f| f.set_modified(std::time::SystemTime::now()));
                self.point(settings.family, &key.id);
            }
            Lookup::Discarded(_) => {
                let _ = std::fs::remove_dir_all(&entry).or_else(|_| std::fs::remove_file(&entry));
            }
            Lookup::Miss => {}
        }
        found
    }

    /// [`Cache::get`] of the cache entry `entry`, leaving `to` as it is.
    fn check_copy(&self, entry: &Path, key: &Key, settings: &Settings<'_>, to: &Path) -> Lookup {
        let record = match std::fs::symlink_metadata(entry) {
            Ok(m) if m.is_dir() => {
                let path = entry.join("written.json");
                match read_record(&path) {
                    Ok(record) => record,
                    Err(why) => return Lookup::Discarded(why),
                }
            }
            Ok(_) => return Lookup::Discarded("is not a folder".to_string()),
            Err(_) => return Lookup::Miss,
        };
        let artifact = entry.join("artifact.zip");
        let from = match crate::untrusted::open_regular(&artifact) {
            Ok(file) => file,
            Err(e) => return Lookup::Discarded(format!("does not read ({e})")),
        };
        let (size, sha256) = match copy_hashing(&from, record.size, to) {
            Ok(copied) => copied,
            Err(CopyFailed::Source(e)) => return Lookup::Discarded(format!("does not read ({e})")),
            // Writing the release failed: building it will say why.
            Err(CopyFailed::Target) => return Lookup::Miss,
        };
        let sha256 = crate::archive::hex(&sha256);
        match verify_hit(&record, size, &sha256, settings)
            .and_then(|blake2b| entries_match(to, &key.entries).map(|()| blake2b))
        {
            Ok(blake2b) => Lookup::Hit(Hit {
                written: Written {
                    size,
                    sha256,
                    blake2b,
                    entries: key.entries.iter().map(|(e, _)| e.clone()).collect(),
                    packed: Vec::new(),
                    copied: 0,
                },
                signature: record.signature,
            }),
            Err(why) => Lookup::Discarded(why),
        }
    }

    /// A folder for a new entry, and where in it the copy of the artifact about to be
    /// built is written, as the artifact itself is (see [`Cache::put`]). `None` when the
    /// cache cannot be written, which is no error: the next run builds again.
    pub fn begin(&self) -> Option<Filling> {
        std::fs::create_dir_all(&self.dir).ok()?;
        let dir = tempfile::Builder::new()
            .prefix(".filling-")
            .tempdir_in(&self.dir)
            .ok()?;
        Some(Filling { dir })
    }

    /// Files the new entry `filling` under `key`: the artifact's copy written into it
    /// (which must be `written`, else nothing is filed), its record, and the index of its
    /// compressed data signed by the key of `settings`; names it the last build of its
    /// family, then prunes the cache to its bound. A cache that cannot be written is no
    /// error: the next run builds again.
    pub fn put(
        &self,
        filling: Filling,
        key: &str,
        written: &Written,
        signature: &str,
        settings: &Settings<'_>,
    ) {
        let copied = std::fs::symlink_metadata(filling.artifact())
            .is_ok_and(|m| m.is_file() && m.len() == written.size);
        if copied && self.try_put(&filling, written, signature, settings).is_ok() {
            let target = self.dir.join(key);
            let filled = filling.dir.keep();
            if std::fs::rename(&filled, &target).is_err() {
                // Another run filed the same artifact first.
                let _ = std::fs::remove_dir_all(&filled);
            }
            self.point(settings.family, key);
        }
        self.prune();
    }

    fn try_put(
        &self,
        filling: &Filling,
        written: &Written,
        signature: &str,
        settings: &Settings<'_>,
    ) -> Result<()> {
        let record = Record {
            size: written.size,
            sha256: written.sha256.clone(),
            blake2b: crate::archive::hex(&written.blake2b),
            signature: signature.to_string(),
        };
        let text = serde_json::to_string(&record).map_err(|e| Error::YamlWrite(e.to_string()))?;
        let dir = filling.dir.path();
        let path = dir.join("written.json");
        std::fs::write(&path, text).at("write", &path)?;
        if written.packed.len() == written.entries.len() {
            let index = packed::index(settings, written);
            let signature = settings
                .key
                .sign(&index, &packed::comment(&written.sha256))?;
            let path = dir.join(packed::FILE);
            std::fs::write(&path, index).at("write", &path)?;
            let path = dir.join(packed::SIGNATURE);
            std::fs::write(&path, signature).at("write", &path)?;
        }
        Ok(())
    }

    /// Where the cache names the last build of `family`.
    fn pointer(&self, family: &str) -> PathBuf {
        let digest = Sha256::digest(family.as_bytes());
        self.dir
            .join(PREVIOUS_DIR)
            .join(crate::archive::hex(&digest[..16]))
    }

    /// Names the entry `key` as the last build of `family`.
    fn point(&self, family: &str, key: &str) {
        let path = self.pointer(family);
        let Some(dir) = path.parent() else { return };
        let _ = std::fs::create_dir_all(dir);
        // A file of its own for each artifact built at once, renamed into place.
        if let Ok(mut fresh) = tempfile::Builder::new().prefix(".new-").tempfile_in(dir)
            && std::io::Write::write_all(&mut fresh, key.as_bytes()).is_ok()
        {
            let _ = fresh.persist(&path);
        }
    }

    /// Removes the pointers a killed run left half written in `previous/` ([`Cache::point`]
    /// writes each into a `.new-*` file first): those an hour old, never one a running
    /// build is writing.
    fn remove_killed_pointers(&self) {
        let Ok(entries) = std::fs::read_dir(self.dir.join(PREVIOUS_DIR)) else {
            return;
        };
        for entry in entries.flatten() {
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            if left_by_a_killed_run(modified)
                && entry.file_name().to_string_lossy().starts_with(".new-")
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The last build of the family of `settings`, for a build of `inputs` (whose key is
    /// `key`) to copy compressed data from: the contents of each input that it holds at
    /// the same level, as its index signed by this run's key states. `None` when there is
    /// none, or none that this run's key and tool can use.
    pub fn earlier(&self, key: &Key, settings: &Settings<'_>, inputs: &[Input]) -> Option<Earlier> {
        let id = std::fs::read_to_string(self.pointer(settings.family)).ok()?;
        if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let entry = self.dir.join(id);
        let index =
            crate::untrusted::read_capped(&entry.join(packed::FILE), packed::MAX_BYTES).ok()?;
        let signature =
            crate::untrusted::read_capped(&entry.join(packed::SIGNATURE), MAX_RECORD_BYTES).ok()?;
        let signature = String::from_utf8(signature).ok()?;
        let (_, comment) =
            sign::verify_trusted(&[settings.key.trusted()], &signature, &index).ok()?;
        let read = packed::read(&index, settings)?;
        if comment != packed::comment(&crate::archive::hex(&read.sha256)) {
            return None;
        }
        let file = crate::untrusted::open_regular(&entry.join("artifact.zip")).ok()?;
        let found = inputs
            .iter()
            .zip(&key.contents)
            .map(|(input, content)| {
                let by_name = crate::archive::stream::stored_by_name(&input.name);
                read.entries
                    .get(&(content.sha256, by_name))
                    .filter(|p| p.size == content.size && p.crc32 == content.crc32)
                    .copied()
            })
            .collect();
        Some(Earlier {
            file,
            size: read.size,
            sha256: read.sha256,
            packed: found,
        })
    }

    /// Removes the least recently used entries until the cache holds at most
    /// [`MAX_BYTES`], and what runs that died while filing left.
    fn prune(&self) {
        self.remove_killed_pointers();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut kept = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let modified = entry.metadata().and_then(|m| m.modified()).ok();
            if name == PREVIOUS_DIR || name == DIGESTS_FILE {
                continue;
            }
            if name.starts_with(".filling-") {
                // One being written (its copy of the artifact growing) is not old.
                let written = std::fs::metadata(path.join("artifact.zip"))
                    .and_then(|m| m.modified())
                    .ok();
                if left_by_a_killed_run(modified.max(written)) {
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
    /// What an input holds: remembered, when the file is as it was when it was hashed,
    /// else hashed (and remembered). The file is asked about here, not taken as the
    /// payload's listing saw it: one changed or removed since is never taken from the cache.
    fn content(&self, source: &Source, buffer: &mut [u8]) -> Result<Content> {
        let path = match source {
            Source::Bytes(bytes) => {
                return Ok(Content {
                    size: bytes.len() as u64,
                    sha256: Sha256::digest(bytes).into(),
                    crc32: crc32fast::hash(bytes),
                });
            }
            Source::File(path) => path,
        };
        // A file as it was when it was hashed is not opened: one stat of its path (none for
        // a file never hashed).
        let key = PathKey::of(path);
        let known = self.digests.read().is_ok_and(|d| d.contains_key(&key));
        if known
            && let Some(content) = std::fs::metadata(path)
                .ok()
                .and_then(|m| stat_of_metadata(&m))
                .and_then(|stat| self.remembered(key, stat))
        {
            return Ok(content);
        }
        let mut file = std::fs::File::open(path).at("read", path)?;
        // What is remembered is the stat of the file as it was before it was read: a change
        // while it is read shows in its times.
        let stat = stat_of(&file);
        let mut hash = Sha256::new();
        let mut crc = crc32fast::Hasher::new();
        let size = crate::archive::read_pieces(&mut file, buffer, |b| {
            hash.update(b);
            crc.update(b);
        })
        .at("read", path)?;
        let content = Content {
            size,
            sha256: hash.finalize().into(),
            crc32: crc.finalize(),
        };
        // A file changed within the last two seconds may change again within the same
        // tick of its clock: it is not remembered.
        let settled =
            stat.filter(|s| now_nanos().saturating_sub(s.modified.max(s.changed)) > 2_000_000_000);
        if let (Some(stat), Ok(mut digests)) = (settled, self.digests.write()) {
            digests.insert(
                key,
                Remembered {
                    stat,
                    sha256: Hex(content.sha256),
                    crc32: Some(content.crc32),
                },
            );
        }
        Ok(content)
    }

    /// What the file of `key` held when it was hashed, if the system says of it now what
    /// it said then (`stat`).
    fn remembered(&self, key: PathKey, stat: Stat) -> Option<Content> {
        let digests = self.digests.read().ok()?;
        let r = digests.get(&key).filter(|r| r.stat == stat)?;
        Some(Content {
            size: stat.size,
            sha256: r.sha256.0,
            crc32: r.crc32?,
        })
    }
}

/// Whether a file last changed at `modified` is work a killed run left: an hour old (a
/// running build keeps what it writes newer than that).
fn left_by_a_killed_run(modified: Option<std::time::SystemTime>) -> bool {
    modified
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

/// The SHA-256, in hex, of everything an artifact built with `settings` depends on, its
/// entries (name, mode, contents' SHA-256) given in name order.
fn key_id<'e>(
    settings: &Settings<'_>,
    entries: impl Iterator<Item = (&'e str, u32, [u8; 32])>,
) -> String {
    let mut hash = Sha256::new();
    let mut feed = |label: &str, value: &[u8]| {
        hash.update((label.len() as u64).to_le_bytes());
        hash.update(label.as_bytes());
        hash.update((value.len() as u64).to_le_bytes());
        hash.update(value);
    };
    feed("tool", env!("CARGO_PKG_VERSION").as_bytes());
    feed("writer", crate::archive::stream::WRITER.as_bytes());
    feed("artifact", settings.artifact.as_bytes());
    feed("release", settings.release.as_bytes());
    feed("epoch", &settings.epoch.to_le_bytes());
    feed("level", format!("{:?}", settings.level).as_bytes());
    feed("key", settings.key.public_key_file.as_bytes());
    feed("development", &[u8::from(settings.key.development)]);
    for (name, mode, sha256) in entries {
        feed("entry", name.as_bytes());
        feed("mode", &mode.to_le_bytes());
        feed("sha256", &sha256);
    }
    crate::archive::hex(&hash.finalize())
}

/// The record at `path`, or why it does not read.
fn read_record(path: &Path) -> std::result::Result<Record, String> {
    let data = crate::untrusted::read_capped(path, MAX_RECORD_BYTES)
        .map_err(|e| format!("has no readable record `written.json` ({e})"))?;
    serde_json::from_slice(&data)
        .map_err(|e| format!("has a record `written.json` that does not read ({e})"))
}

/// Why a copy failed: reading the cache, or writing the release.
enum CopyFailed {
    Source(std::io::Error),
    Target,
}

/// The pieces a hit is copied in.
const PIECE: usize = 1 << 20;

/// Copies `from` (which its record says is `size` bytes: no more than one byte past that
/// is read) to a new file `to`, hashing what `to` holds; returns its size and SHA-256. A
/// reflink where the file system offers one (the clone is then read and hashed), else a
/// copy by the kernel ([`copy_in_kernel`]), else one pass: each piece read is written, and
/// hashed meanwhile on a thread of its own.
fn copy_hashing(
    from: &std::fs::File,
    size: u64,
    to: &Path,
) -> std::result::Result<(u64, [u8; 32]), CopyFailed> {
    let target = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(to)
        .map_err(|_| CopyFailed::Target)?;
    let cap = size.saturating_add(1);
    #[cfg(target_os = "linux")]
    if rustix::fs::ioctl_ficlone(&target, from).is_ok() {
        // The clone is what is published: it is what is hashed.
        let mut hash = Sha256::new();
        let mut buffer = vec![0u8; PIECE];
        let read = crate::archive::read_pieces((&target).take(cap), &mut buffer, |b| {
            hash.update(b);
        })
        .map_err(CopyFailed::Source)?;
        return Ok((read, hash.finalize().into()));
    }
    #[cfg(target_os = "linux")]
    if size > PIECE as u64
        && let Some(copied) = copy_in_kernel(from, cap, &target)
    {
        return copied;
    }
    let mut source = from.take(cap);
    let mut out = &target;
    if size <= PIECE as u64 {
        let mut data = Vec::with_capacity(PIECE);
        source.read_to_end(&mut data).map_err(CopyFailed::Source)?;
        out.write_all(&data).map_err(|_| CopyFailed::Target)?;
        return Ok((data.len() as u64, Sha256::digest(&data).into()));
    }
    // Pieces go to the hashing thread once written, and come back to be filled again.
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|scope| {
        let hashing = scope.spawn(move || {
            let mut hash = Sha256::new();
            for piece in full_rx {
                hash.update(&piece);
                let _ = empty_tx.send(piece);
            }
            <[u8; 32]>::from(hash.finalize())
        });
        let mut read = 0u64;
        let copied = loop {
            let mut piece = empty_rx.try_recv().unwrap_or_default();
            piece.resize(PIECE, 0);
            let n = match source.read(&mut piece) {
                Ok(0) => break Ok(read),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(CopyFailed::Source(e)),
            };
            piece.truncate(n);
            read += n as u64;
            if out.write_all(&piece).is_err() {
                break Err(CopyFailed::Target);
            }
            if full_tx.send(piece).is_err() {
                break Err(CopyFailed::Target);
            }
        };
        drop(full_tx);
        let sha256 = hashing.join().map_err(|_| CopyFailed::Target)?;
        copied.map(|read| (read, sha256))
    })
}

/// The pieces [`copy_in_kernel`] copies and hashes.
#[cfg(target_os = "linux")]
const KERNEL_PIECE: usize = 8 << 20;

/// [`copy_hashing`] by `copy_file_range`: the kernel copies from page cache to page cache
/// (several times faster than a read and a write here), and a thread of its own reads back
/// and hashes what `to` holds, a piece behind the copy. `None` where the file system does
/// not copy this way (nothing written yet: the caller copies the usual way); at most `cap`
/// bytes are copied.
#[cfg(target_os = "linux")]
fn copy_in_kernel(
    from: &std::fs::File,
    cap: u64,
    to: &std::fs::File,
) -> Option<std::result::Result<(u64, [u8; 32]), CopyFailed>> {
    use std::os::unix::fs::FileExt;
    let mut copied = 0u64;
    let first = rustix::fs::copy_file_range(from, None, to, None, KERNEL_PIECE.min(cap as usize));
    match first {
        Ok(n) => copied += n as u64,
        Err(_) => return None,
    }
    // Offsets up to which `to` holds its copy go to the hashing thread.
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<u64>(8);
    let result = std::thread::scope(|scope| {
        let hashing = scope.spawn(move || -> std::io::Result<[u8; 32]> {
            let mut hash = Sha256::new();
            let mut buffer = vec![0u8; PIECE];
            let mut hashed = 0u64;
            for done in done_rx {
                while hashed < done {
                    let n = buffer.len().min((done - hashed) as usize);
                    to.read_exact_at(&mut buffer[..n], hashed)?;
                    hash.update(&buffer[..n]);
                    hashed += n as u64;
                }
            }
            Ok(hash.finalize().into())
        });
        let copying = loop {
            if done_tx.send(copied).is_err() {
                break Err(CopyFailed::Target);
            }
            let left = cap - copied;
            if left == 0 {
                break Ok(copied);
            }
            let piece = KERNEL_PIECE.min(usize::try_from(left).unwrap_or(KERNEL_PIECE));
            match rustix::fs::copy_file_range(from, None, to, None, piece) {
                Ok(0) => break Ok(copied),
                Ok(n) => copied += n as u64,
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => break Err(CopyFailed::Source(e.into())),
            }
        };
        drop(done_tx);
        let hashed = hashing.join().map_err(|_| CopyFailed::Target)?;
        let copied = copying?;
        hashed
            .map(|sha256| (copied, sha256))
            .map_err(CopyFailed::Source)
    });
    Some(result)
}

/// Checks a copied hit of `size` bytes and SHA-256 `sha256` against its `record` and its
/// signature: made by the key of `settings`, with the trusted comment a build with
/// `settings` signs. Returns the artifact's BLAKE2b-512 (what the signature signs).
fn verify_hit(
    record: &Record,
    size: u64,
    sha256: &str,
    settings: &Settings<'_>,
) -> std::result::Result<[u8; 64], String> {
    if size != record.size {
        return Err(format!("is not the {} bytes its record says", record.size));
    }
    if sha256 != record.sha256 {
        return Err("is not the artifact its record describes (another SHA-256)".to_string());
    }
    let blake2b: [u8; 64] = unhex(&record.blake2b)
        .and_then(|b| b.try_into().ok())
        .ok_or("has a record whose BLAKE2b is not one")?;
    let keys = [settings.key.trusted()];
    // Only prehashed signatures are made: there is no other reading of the data to offer.
    let unread = || -> std::io::Result<std::io::Cursor<Vec<u8>>> {
        Err(std::io::Error::other("not a prehashed signature"))
    };
    let (_, comment) = sign::verify_trusted_prehashed(&keys, &record.signature, &blake2b, unread)
        .map_err(|e| format!("has a signature that does not verify: {e}"))?;
    let expected = sign::trusted_comment(
        settings.artifact,
        settings.release,
        sha256,
        settings.key.development,
    );
    if comment != expected {
        return Err(format!(
            "has a signature whose trusted comment is `{comment}`, not `{expected}`"
        ));
    }
    Ok(blake2b)
}

/// Checks that the zip at `path` holds exactly `entries` (names in order, modes, sizes,
/// CRC-32), as its central directory says.
/// Read through the hostile-input reader's [`alliance_archive::list`]: a cached
/// file is outside the run's making until it checks.
fn entries_match(path: &Path, entries: &[(EntryRecord, u32)]) -> std::result::Result<(), String> {
    let reader =
        alliance_archive::SharedReader::open(path).map_err(|e| format!("does not read ({e})"))?;
    let listed = alliance_archive::list(&reader, alliance_archive::Limits::default())
        .map_err(|e| format!("is not a readable zip ({e})"))?;
    if listed.len() != entries.len() {
        return Err(format!(
            "holds {} entries, not the {} its inputs give",
            listed.len(),
            entries.len()
        ));
    }
    for (entry, (expected, crc32)) in listed.iter().zip(entries) {
        let same = entry.name == expected.name
            && entry.mode.map(|m| m & 0o777) == Some(expected.mode)
            && entry.size == expected.size
            && entry.crc32 == *crc32;
        if !same {
            return Err(format!(
                "does not hold `{}` as its inputs give it",
                expected.name
            ));
        }
    }
    Ok(())
}

/// What the system says of an open file; `None` where it cannot tell enough.
fn stat_of(file: &std::fs::File) -> Option<Stat> {
    stat_of_metadata(&file.metadata().ok()?)
}

/// What `m` says of a file; `None` where it cannot tell enough (elsewhere than on Unix,
/// every file is hashed).
fn stat_of_metadata(m: &std::fs::Metadata) -> Option<Stat> {
    crate::fs::Stat::of(m).map(Stat::from)
}

impl From<crate::fs::Stat> for Stat {
    fn from(s: crate::fs::Stat) -> Stat {
        Stat {
            size: s.size,
            modified: u128::from(s.modified),
            changed: u128::from(s.changed),
            inode: s.inode,
        }
    }
}

pub(super) fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
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
        let source = Source::File(path.clone().into());
        let mut buffer = vec![0u8; 4096];
        let first = cache.content(&source, &mut buffer).expect("hashed").sha256;
        assert_eq!(first, <[u8; 32]>::from(Sha256::digest(b"one")));
        // What is remembered is what is used: mark it, and the mark comes back.
        let marked = [7u8; 32];
        cache
            .digests
            .write()
            .expect("lock")
            .get_mut(&PathKey::of(&path))
            .expect("remembered")
            .sha256 = Hex(marked);
        assert_eq!(
            cache.content(&source, &mut buffer).expect("ok").sha256,
            marked
        );
        // Through a file written down and read back by the next run, too.
        cache.remember();
        let next = Cache::of(dir.path());
        assert_eq!(
            next.content(&source, &mut buffer).expect("ok").sha256,
            marked
        );
        std::fs::write(&path, "two").expect("write");
        let after = next.content(&source, &mut buffer).expect("hashed").sha256;
        assert_eq!(after, <[u8; 32]>::from(Sha256::digest(b"two")));
    }

    /// `len` bytes that do not repeat (a xorshift stream), in a file of `dir`.
    fn noise(dir: &Path, name: &str, len: usize) -> (PathBuf, Vec<u8>) {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let data: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let path = dir.join(name);
        std::fs::write(&path, &data).expect("write");
        (path, data)
    }

    /// A hit larger than a piece (copied by the kernel where it can, in several pieces) is
    /// copied whole, and the digest returned is that of what the release now holds; a
    /// record that says fewer bytes than the file has makes the copy stop one byte past
    /// them (the size check then refuses it), whichever way the copy was made.
    #[test]
    fn a_hit_is_copied_whole_and_hashed_as_the_release_holds_it() {
        let dir = tempfile::tempdir().expect("dir");
        let len = 2 * (8 << 20) + 12_345;
        let (from, data) = noise(dir.path(), "artifact.zip", len);
        let to = dir.path().join("copy.zip");
        let source = std::fs::File::open(&from).expect("open");
        let Ok((size, sha256)) = copy_hashing(&source, len as u64, &to) else {
            panic!("the copy failed");
        };
        assert_eq!(size, len as u64);
        assert_eq!(sha256, <[u8; 32]>::from(Sha256::digest(&data)));
        assert!(std::fs::read(&to).expect("copied") == data, "another copy");

        let declared = 3 << 20;
        let source = std::fs::File::open(&from).expect("open");
        let Ok((size, sha256)) = copy_hashing(&source, declared, &to) else {
            panic!("the copy failed");
        };
        let held = &data[..declared as usize + 1];
        assert_eq!(size, declared + 1);
        assert_eq!(sha256, <[u8; 32]>::from(Sha256::digest(held)));
        assert!(std::fs::read(&to).expect("copied") == held, "another copy");
    }
}
