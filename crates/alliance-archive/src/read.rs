//! The hostile-safe reader: an untrusted zip checked against the manifest that describes
//! it, entry by entry, streaming.
//!
//! Nothing of the archive is trusted. The central directory is checked first, as a whole:
//! names must be safe relative paths and the same in each entry's local header (other
//! tools read that one), links are refused, every entry must be one the manifest lists
//! with the permissions it promises, and the entry count and total size have caps. Then
//! the entries are read on all cores, each through a reader of its own, streaming: hashed
//! as they are inflated, never more than their declared size plus one byte (a zip bomb or
//! a lying header stops there), and handed to the caller's writer as they go. A caller
//! that installs writes into a staging folder it throws away when anything mismatches.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{Expected, Limits, Mismatch, hex, name_clashes, safe_name};
use alliance_diagnostic::IoContext;

use crate::{Error, Result};

/// What an entry read: all of it and as expected, more than it declares, or otherwise
/// not what the manifest says.
enum Outcome {
    Matches,
    TooLarge,
    Changed,
}

/// An entry to read, found acceptable in the central directory: its name and what it
/// must hold borrowed from the manifest's [`Expected`].
struct Wanted<'e> {
    index: usize,
    name: &'e str,
    size: u64,
    sha256: &'e str,
    mode: u32,
    /// What reading it found (`Changed` until it is read).
    outcome: Outcome,
}

/// The entries that matched, each `(name, mode)`, for a caller that lists what it wrote.
pub type Entries = Vec<(String, u32)>;

/// What a [`SharedReader`] reads.
#[derive(Debug)]
enum Backing {
    File(std::fs::File),
    Bytes(Vec<u8>),
}

/// A reader of one open file (or of bytes) that many threads share: each clone reads at
/// its own position (`pread`), so a zip's entries can be inflated in parallel, and a file
/// checked once is read again as the very file that was checked, whatever happens to its
/// path meanwhile.
#[derive(Debug, Clone)]
pub struct SharedReader {
    backing: Arc<Backing>,
    position: u64,
    len: u64,
}

impl Default for SharedReader {
    fn default() -> Self {
        SharedReader::from_bytes(Vec::new())
    }
}

impl SharedReader {
    /// Opens `path` to be read.
    pub fn open(path: &Path) -> Result<SharedReader> {
        let file = std::fs::File::open(path).at("read", path)?;
        Ok(SharedReader::from_file(file).at("read", path)?)
    }

    /// Reads the open `file`.
    pub fn from_file(file: std::fs::File) -> std::io::Result<SharedReader> {
        let len = file.metadata()?.len();
        Ok(SharedReader {
            backing: Arc::new(Backing::File(file)),
            position: 0,
            len,
        })
    }

    /// Reads `bytes`.
    pub fn from_bytes(bytes: Vec<u8>) -> SharedReader {
        SharedReader {
            len: bytes.len() as u64,
            backing: Arc::new(Backing::Bytes(bytes)),
            position: 0,
        }
    }

    /// The length of what it reads.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether there is nothing to read.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// A reader from the start, of its own.
    pub fn from_start(&self) -> SharedReader {
        SharedReader {
            position: 0,
            ..self.clone()
        }
    }
}

impl Read for SharedReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = match &*self.backing {
            #[cfg(unix)]
            Backing::File(file) => std::os::unix::fs::FileExt::read_at(file, buf, self.position)?,
            #[cfg(windows)]
            Backing::File(file) => {
                std::os::windows::fs::FileExt::seek_read(file, buf, self.position)?
            }
            Backing::Bytes(bytes) => {
                let start = usize::try_from(self.position).unwrap_or(usize::MAX);
                let rest = bytes.get(start..).unwrap_or_default();
                let n = rest.len().min(buf.len());
                buf[..n].copy_from_slice(&rest[..n]);
                n
            }
        };
        self.position += n as u64;
        Ok(n)
    }
}

impl Seek for SharedReader {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let position = match to {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        self.position = position.ok_or_else(|| std::io::Error::other("seek before the start"))?;
        Ok(self.position)
    }
}

/// For [`read_checked`] and [`read_checked_from`]: only check, write nothing.
pub fn check_only<E>(_: &str, _: u32) -> std::result::Result<Option<std::io::Sink>, E> {
    Ok(None)
}

/// Reads the untrusted zip `bytes` against `expected`; see [`read_checked_from`].
pub fn read_checked<W: Write, E: From<Error> + Send>(
    bytes: &[u8],
    expected: &Expected,
    limits: Limits,
    open: impl Fn(&str, u32) -> std::result::Result<Option<W>, E> + Sync,
) -> std::result::Result<(Mismatch, Entries), E> {
    read_from(
        std::io::Cursor::new(bytes),
        expected,
        (limits, &|_| false),
        open,
    )
}

/// Reads the untrusted zip `reader` reads against `expected` (name → size, SHA-256,
/// mode), on all cores. `open(name, mode)` gives a writer for an entry's bytes as they are
/// read (or `None` to only check it); what was written is right only if the mismatch comes
/// back empty. Returns the mismatch and the entries that matched. `open` fails with the
/// caller's own error type `E`, which this crate's errors become.
pub fn read_checked_from<W: Write, E: From<Error> + Send>(
    reader: &SharedReader,
    expected: &Expected,
    limits: Limits,
    open: impl Fn(&str, u32) -> std::result::Result<Option<W>, E> + Sync,
) -> std::result::Result<(Mismatch, Entries), E> {
    read_from(reader.from_start(), expected, (limits, &|_| false), open)
}

/// [`read_checked_from`], except that the entries `elsewhere` names are neither read nor
/// their local headers looked at (an archive of which only some parts were fetched: the
/// caller has the others' contents from elsewhere and checks them itself); the central
/// directory still lists them as `expected` says, and they count as matched.
pub fn read_checked_skipping<W: Write, E: From<Error> + Send>(
    reader: &SharedReader,
    expected: &Expected,
    (limits, elsewhere): (Limits, Elsewhere<'_>),
    open: impl Fn(&str, u32) -> std::result::Result<Option<W>, E> + Sync,
) -> std::result::Result<(Mismatch, Entries), E> {
    read_from(reader.from_start(), expected, (limits, elsewhere), open)
}

/// Which entries a caller has from elsewhere than the archive (see
/// [`read_checked_skipping`]).
pub type Elsewhere<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Checks the central directory of the untrusted zip `reader` reads against `expected`
/// (names, local headers, links, modes, counts, sizes) without inflating anything: what
/// [`read_checked_from`] refuses before it reads a byte of an entry.
pub fn check_directory(
    reader: &SharedReader,
    expected: &Expected,
    limits: Limits,
) -> Result<Mismatch> {
    check_directory_skipping(reader, expected, (limits, &|_| false))
}

/// [`check_directory`], except that the local headers of the entries `elsewhere` names
/// are not looked at (see [`read_checked_skipping`]).
pub fn check_directory_skipping(
    reader: &SharedReader,
    expected: &Expected,
    (limits, elsewhere): (Limits, Elsewhere<'_>),
) -> Result<Mismatch> {
    let reader = reader.from_start();
    let archive = zip::ZipArchive::new(reader.clone()).map_err(|source| Error::Read {
        what: "not a readable zip archive".to_string(),
        source,
    })?;
    let mut mismatch = Mismatch::default();
    directory(
        &archive,
        reader,
        expected,
        (limits, elsewhere),
        &mut mismatch,
    )?;
    Ok(mismatch)
}

/// One entry as a zip's central directory lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryEntry {
    /// The entry's name, UTF-8 and a safe relative path.
    pub name: String,
    /// Its Unix permission bits, if it has any.
    pub mode: Option<u32>,
    /// Its uncompressed size, as declared.
    pub size: u64,
    /// Its CRC-32, as declared.
    pub crc32: u32,
}

/// The entries of the untrusted zip `reader` reads, in the central directory's order,
/// without inflating anything: refused when the directory does not read, lists more
/// entries than `limits` allow, or names an entry unsafely (not UTF-8, absolute, `..`).
pub fn list(reader: &SharedReader, limits: Limits) -> Result<Vec<DirectoryEntry>> {
    let mut archive = listed_directory(reader, limits)?;
    (0..archive.len())
        .map(|i| {
            let entry = archive.by_index_raw(i).map_err(|source| Error::Read {
                what: format!("entry {i} of the archive cannot be read"),
                source,
            })?;
            Ok(DirectoryEntry {
                name: entry_name(entry.name_raw(), i)
                    .map_err(refused)?
                    .to_string(),
                mode: entry.unix_mode(),
                size: entry.size(),
                crc32: entry.crc32(),
            })
        })
        .collect()
}

/// The central directory of the untrusted zip `reader` reads, for [`list`] and [`spans`]:
/// refused when it does not read or lists more entries than `limits` allow.
fn listed_directory(
    reader: &SharedReader,
    limits: Limits,
) -> Result<zip::ZipArchive<SharedReader>> {
    let archive = zip::ZipArchive::new(reader.from_start()).map_err(|source| Error::Read {
        what: "not a readable zip archive".to_string(),
        source,
    })?;
    if archive.len() > limits.max_entries {
        return Err(refused(format!(
            "{} entries, more than the {} allowed",
            archive.len(),
            limits.max_entries
        )));
    }
    Ok(archive)
}

/// The error refusing an archive, saying `why`.
fn refused(why: String) -> Error {
    Error::Diagnostic(alliance_diagnostic::Error::Invalid(vec![
        alliance_diagnostic::Problem::new("archive", why),
    ]))
}

/// Where one entry's bytes lie in a zip: its local header, data and data descriptor, up to
/// the next entry (or the central directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The entry's name, UTF-8 and a safe relative path.
    pub name: String,
    /// Where its local header starts.
    pub start: u64,
    /// Where the next entry, or the central directory, starts.
    pub end: u64,
}

/// The [`Span`] of each entry of the untrusted zip `reader` reads, in the central
/// directory's order, read from the central directory alone (the only part of the
/// archive it needs): refused as [`list`] refuses, and when two entries start at the same
/// place or one starts beyond the central directory.
pub fn spans(reader: &SharedReader, limits: Limits) -> Result<Vec<Span>> {
    let archive = listed_directory(reader, limits)?;
    if archive.has_duplicate_names() {
        return Err(refused("two entries have the same name".to_string()));
    }
    let directory = archive.central_directory_start();
    let mut listed = Vec::with_capacity(archive.len());
    let mut starts = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        // The central directory's record alone: no local header is read.
        let entry = archive.by_index_data(i).map_err(|source| Error::Read {
            what: format!("entry {i} of the archive cannot be read"),
            source,
        })?;
        let name = entry_name(entry.name_raw(), i).map_err(refused)?;
        listed.push(name.to_string());
        starts.push(entry.header_start());
    }
    let mut order: Vec<usize> = (0..starts.len()).collect();
    order.sort_unstable_by_key(|&i| starts[i]);
    let mut ends = vec![directory; starts.len()];
    for pair in order.windows(2) {
        if starts[pair[0]] == starts[pair[1]] {
            return Err(refused(format!(
                "`{}` and `{}` start at the same place",
                listed[pair[0]], listed[pair[1]]
            )));
        }
        ends[pair[0]] = starts[pair[1]];
    }
    listed
        .into_iter()
        .zip(starts.into_iter().zip(ends))
        .map(|(name, (start, end))| {
            if start >= directory {
                return Err(refused(format!(
                    "`{name}` starts beyond the central directory"
                )));
            }
            Ok(Span { name, start, end })
        })
        .collect()
}

/// Where the central directory of a zip of `total` bytes lies, `(start, end)`, and how
/// many entries it says it has, read from its last bytes `tail` (starting at `tail_start`,
/// holding the end records): what to fetch of an archive to read its directory. Refused
/// (why) when the end records are not there or place the directory outside the archive.
pub fn directory_bounds(
    tail: &[u8],
    tail_start: u64,
    total: u64,
) -> std::result::Result<(u64, u64, u64), String> {
    let bytes = |at: usize, n: usize| tail.get(at..at.checked_add(n)?);
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes(at, 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(bytes(at, 4)?.try_into().ok()?));
    let u64_at = |at: usize| Some(u64::from_le_bytes(bytes(at, 8)?.try_into().ok()?));
    // The end record is the last `PK 5 6` whose comment reaches exactly the end.
    let end = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&at| {
            bytes(at, 4) == Some(b"PK\x05\x06")
                && u16_at(at + 20).map(|n| at + 22 + usize::from(n)) == Some(tail.len())
        })
        .ok_or("no end of central directory record in its last bytes: not a zip archive")?;
    let broken = "its end of central directory record is cut short";
    let mut count = u64::from(u16_at(end + 10).ok_or(broken)?);
    let mut size = u64::from(u32_at(end + 12).ok_or(broken)?);
    let mut start = u64::from(u32_at(end + 16).ok_or(broken)?);
    if size == u64::from(u32::MAX) || start == u64::from(u32::MAX) || count == 0xffff {
        let locator = end
            .checked_sub(20)
            .filter(|&at| bytes(at, 4) == Some(b"PK\x06\x07"))
            .ok_or("a zip64 archive without its zip64 end locator")?;
        let record = u64_at(locator + 8)
            .and_then(|at| at.checked_sub(tail_start))
            .and_then(|at| usize::try_from(at).ok())
            .filter(|&at| at.checked_add(56).is_some_and(|e| e <= locator))
            .filter(|&at| bytes(at, 4) == Some(b"PK\x06\x06"))
            .ok_or("the zip64 end record is not where its locator says")?;
        let field = |at: usize| u64_at(record + at).ok_or("the zip64 end record is cut short");
        (count, size, start) = (field(32)?, field(40)?, field(48)?);
    }
    let end_at = tail_start + end as u64;
    match start.checked_add(size) {
        Some(stop) if stop <= end_at && end_at < total => Ok((start, stop, count)),
        _ => Err(format!(
            "its central directory ({size} bytes at {start}) is not inside the archive"
        )),
    }
}

fn read_from<R, W, E>(
    reader: R,
    expected: &Expected,
    (limits, elsewhere): (Limits, Elsewhere<'_>),
    open: impl Fn(&str, u32) -> std::result::Result<Option<W>, E> + Sync,
) -> std::result::Result<(Mismatch, Entries), E>
where
    R: Read + Seek + Clone + Send + Sync,
    W: Write,
    E: From<Error> + Send,
{
    let archive = zip::ZipArchive::new(reader.clone()).map_err(|source| Error::Read {
        what: "not a readable zip archive".to_string(),
        source,
    })?;
    let mut mismatch = Mismatch::default();
    let Some(mut wanted) = directory(
        &archive,
        reader,
        expected,
        (limits, elsewhere),
        &mut mismatch,
    )?
    else {
        return Ok((mismatch, Vec::new()));
    };
    // The largest first, one entry a task: no core waits for another's last big entry.
    // Each outcome is kept in its entry (no second list of 100,000 entries).
    wanted.sort_unstable_by_key(|w| std::cmp::Reverse(w.size));
    wanted.par_iter_mut().with_max_len(1).try_for_each_init(
        || archive.clone(),
        |archive, w| {
            if !matches!(w.outcome, Outcome::Matches) {
                w.outcome = read_entry(archive, w, &open)?;
            }
            Ok::<(), E>(())
        },
    )?;
    wanted.sort_unstable_by_key(|w| w.index);
    let mut matched = Vec::new();
    for w in wanted {
        match w.outcome {
            Outcome::Matches => matched.push((w.name.to_string(), w.mode)),
            Outcome::TooLarge => mismatch.refused.push(format!(
                "`{}` holds more than the {} bytes it declares",
                w.name, w.size
            )),
            Outcome::Changed => mismatch.changed.push(w.name.to_string()),
        }
    }
    Ok((mismatch, matched))
}

/// Checks the central directory: what is refused goes into `mismatch`, with what the
/// archive adds and lacks; returns the entries to read, or `None` when the archive is
/// refused as a whole (too many entries, too large in all).
fn directory<'e, R: Read + Seek + Clone>(
    archive: &zip::ZipArchive<R>,
    mut reader: R,
    expected: &Expected<'e>,
    (limits, elsewhere): (Limits, Elsewhere<'_>),
    mismatch: &mut Mismatch,
) -> Result<Option<Vec<Wanted<'e>>>> {
    let mut archive = archive.clone();
    if archive.has_duplicate_names() {
        mismatch
            .refused
            .push("two entries have the same name".to_string());
    }
    if archive.len() > limits.max_entries {
        mismatch.refused.push(format!(
            "{} entries, more than the {} allowed",
            archive.len(),
            limits.max_entries
        ));
        return Ok(None);
    }
    let mut wanted = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let w = match listed(&mut archive, &mut reader, index, (expected, elsewhere))? {
            Listed::Refused(why) => {
                mismatch.refused.push(why);
                continue;
            }
            Listed::Added(name) => {
                mismatch.added.push(name);
                continue;
            }
            Listed::Wanted(w) => w,
        };
        total = total.saturating_add(w.size);
        if total > limits.max_total {
            mismatch.refused.push(format!(
                "the entries exceed the {} bytes allowed in all",
                limits.max_total
            ));
            return Ok(None);
        }
        wanted.push(w);
    }
    let names = wanted.iter().map(|w| w.name);
    let clashes = name_clashes(names.chain(mismatch.added.iter().map(String::as_str)));
    mismatch.refused.extend(clashes);
    let seen: rustc_hash::FxHashSet<&str> = wanted.iter().map(|w| w.name).collect();
    mismatch.missing = expected
        .keys()
        .filter(|k| !seen.contains(*k))
        .map(|k| (*k).to_string())
        .collect();
    Ok(Some(wanted))
}

/// What the central directory says of one entry.
enum Listed<'e> {
    /// It is refused: why.
    Refused(String),
    /// The manifest does not list it.
    Added(String),
    /// It is to be read.
    Wanted(Wanted<'e>),
}

/// Entry `index` of `archive` as the central directory lists it, checked: a readable name,
/// the same name in its local header (unless it is one of those `elsewhere` names, whose
/// bytes are not in the archive: it is not to be read, as if it matched), no link, listed
/// in `expected` with the same permissions.
fn listed<'e, R: Read + Seek + Clone>(
    archive: &mut zip::ZipArchive<R>,
    reader: &mut R,
    index: usize,
    (expected, elsewhere): (&Expected<'e>, Elsewhere<'_>),
) -> Result<Listed<'e>> {
    // The central directory's record alone: the local header is read below, for an entry
    // that is in the archive.
    let entry = archive.by_index_data(index).map_err(|source| Error::Read {
        what: format!("entry {index} of the archive cannot be read"),
        source,
    })?;
    let name = match entry_name(entry.name_raw(), index) {
        Ok(name) => name,
        Err(refusal) => return Ok(Listed::Refused(refusal)),
    };
    let skipped = elsewhere(name);
    // Other tools read the name in the local header: it must be the same one.
    if !skipped && !local_name_is(reader, entry.header_start(), entry.name_raw()) {
        return Ok(Listed::Refused(format!(
            "`{name}`: its local header names another file than the central directory"
        )));
    }
    if entry.is_symlink() {
        return Ok(Listed::Refused(format!("`{name}` is a symbolic link")));
    }
    let Some((&name, &(size, sha256, mode))) = expected.get_key_value(name) else {
        return Ok(Listed::Added(name.to_string()));
    };
    // The archive's own permissions must be the ones the manifest promises.
    if entry.unix_mode().map(|m| m & 0o777) != Some(mode) {
        return Ok(Listed::Refused(wrong_mode(name, entry.unix_mode(), mode)));
    }
    Ok(Listed::Wanted(Wanted {
        index,
        name,
        size,
        sha256,
        mode,
        outcome: if skipped {
            Outcome::Matches
        } else {
            Outcome::Changed
        },
    }))
}

/// Reads entry `w`, hashing it and handing its bytes to the writer `open` gives, never
/// more than its declared size plus one byte.
fn read_entry<R: Read + Seek, W: Write, E: From<Error>>(
    archive: &mut zip::ZipArchive<R>,
    w: &Wanted,
    open: &(impl Fn(&str, u32) -> std::result::Result<Option<W>, E> + Sync),
) -> std::result::Result<Outcome, E> {
    let Ok(entry) = archive.by_index(w.index) else {
        return Ok(Outcome::Changed);
    };
    let mut out = open(w.name, w.mode)?;
    // A write that fails (a full disk, a quota) is an I/O error naming the entry, not a
    // fault of the archive.
    let unwritable = |e: std::io::Error| E::from(Error::io("write", Path::new(&w.name), e));
    let mut limited = entry.take(w.size.saturating_add(1));
    let mut hash = Sha256::new();
    let mut read = 0u64;
    let mut buffer = vec![0u8; 256 << 10];
    loop {
        let n = match limited.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) => return Ok(Outcome::Changed),
        };
        read += n as u64;
        if read > w.size {
            return Ok(Outcome::TooLarge);
        }
        hash.update(&buffer[..n]);
        if let Some(out) = &mut out {
            out.write_all(&buffer[..n]).map_err(unwritable)?;
        }
    }
    if let Some(out) = &mut out {
        out.flush().map_err(unwritable)?;
    }
    Ok(if read == w.size && hex(&hash.finalize()) == w.sha256 {
        Outcome::Matches
    } else {
        Outcome::Changed
    })
}

/// Why an entry whose permissions are `found` is refused where the manifest says `mode`.
fn wrong_mode(name: &str, found: Option<u32>, mode: u32) -> String {
    let found = found.map_or_else(|| "none".to_string(), |m| format!("{:04o}", m & 0o777));
    format!("`{name}` has permissions {found}, not the {mode:04o} of the manifest")
}

/// The name of entry `i` if it is UTF-8 and a safe relative path; otherwise why it is
/// refused.
fn entry_name(raw: &[u8], i: usize) -> std::result::Result<&str, String> {
    let Ok(name) = std::str::from_utf8(raw) else {
        return Err(format!("entry {i} has a name that is not UTF-8"));
    };
    safe_name(name).map_err(|why| format!("`{}` {why}", name.escape_default()))?;
    Ok(name)
}

/// Whether the local header at `offset` of a zip names the file `name`.
fn local_name_is(reader: &mut (impl Read + Seek), offset: u64, name: &[u8]) -> bool {
    let mut header = [0u8; 30];
    if reader.seek(SeekFrom::Start(offset)).is_err() || reader.read_exact(&mut header).is_err() {
        return false;
    }
    if header[..4] != *b"PK\x03\x04"
        || usize::from(u16::from_le_bytes([header[26], header[27]])) != name.len()
    {
        return false;
    }
    let mut found = [0u8; 256];
    let mut at = 0;
    while at < name.len() {
        let n = (name.len() - at).min(found.len());
        if reader.read_exact(&mut found[..n]).is_err() || found[..n] != name[at..at + n] {
            return false;
        }
        at += n;
    }
    true
}
