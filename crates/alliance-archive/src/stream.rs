//! The streaming zip writer: every input byte read once, compressed on all cores, written in
//! name order, and the archive hashed as it is written.
//!
//! Inputs are cut into chunks of [`CHUNK`] bytes. A bounded batch of chunks is read and
//! compressed in parallel (rayon) while a writer thread hashes the previous batch (SHA-256 of
//! each entry for the manifest; SHA-256 and BLAKE2b-512 of the archive for the index and the
//! minisign prehash) and writes it. A large file is therefore compressed in parallel too,
//! as pigz does: each chunk is an independent run of deflate blocks that ends on a byte
//! boundary (a sync flush), primed with the 32 KiB before it as its dictionary, so the
//! chunks join into one valid deflate stream. The bytes depend only on the inputs, the
//! level and the time stamp, never on the number of threads or on timing. Memory stays
//! bounded by the batch, whatever the payload's size.
//!
//! A deflated entry's sizes are not known before compression is done: it has a data
//! descriptor (the sizes and CRC-32 follow the data), as `zip` writes to a pipe. A stored
//! entry has its sizes and CRC-32 in its local header, as streaming readers need (Java's
//! `ZipInputStream` refuses a stored entry with a descriptor): an incompressible entry of
//! one chunk is held whole before it is written, and a larger one is deflated at level 0
//! (stored blocks, 5 bytes per 64 KiB) so that it can have a descriptor. ZIP64 records are
//! written where sizes, offsets or the entry count need them.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, mpsc};

use blake2::Blake2b512;
use flate2::{Compress, Compression, FlushCompress, Status};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{EntryRecord, hex};
use crate::{Error, Result};

/// Names how this writer turns inputs into bytes. The build cache files artifacts, and
/// copies compressed data from them, only under the same name: change it whenever the
/// bytes written for the same inputs, level and time stamp would change.
pub const WRITER: &str = "zip writer 2: entries of one chunk deflated whole by libdeflate, larger ones in chunks by zlib-rs";

/// The size of the pieces inputs are read, compressed and hashed in.
pub const CHUNK: usize = 1 << 20;
/// How much of an entry the trial compression looks at.
const TRIAL: usize = 64 << 10;
/// The deflate window: how much of the previous chunk primes the next one.
const WINDOW: usize = 32 << 10;
/// An entry is stored when its trial does not shrink it by at least this many percent.
const MIN_SAVING_PERCENT: usize = 5;
/// Sizes from here on get ZIP64 fields (well below 4 GiB, so that an entry that grows when
/// deflated still fits).
const ZIP64_FROM: u64 = 0xFFFF_0000;

/// File name endings of formats that are compressed already: stored without a trial.
const COMPRESSED: &[&str] = &[
    "7z", "apk", "avif", "br", "bz2", "docx", "epub", "flac", "gif", "gz", "heic", "jar", "jpeg",
    "jpg", "lz", "lz4", "lzma", "m4a", "mkv", "mov", "mp3", "mp4", "odp", "ods", "odt", "ogg",
    "opus", "png", "pptx", "rar", "tbz2", "tgz", "txz", "webm", "webp", "whl", "woff", "woff2",
    "xlsx", "xz", "zip", "zst",
];

/// How hard to compress (`compression:` in `package.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// No compression at all.
    Store,
    /// Deflate level 1.
    Fast,
    /// Deflate level 6, as `zip -r`.
    #[default]
    Default,
    /// Deflate level 9.
    Best,
}

impl Level {
    /// The deflate level, or `None` to store.
    pub(crate) fn deflate(self) -> Option<u32> {
        match self {
            Level::Store => None,
            Level::Fast => Some(1),
            Level::Default => Some(6),
            Level::Best => Some(9),
        }
    }
}

/// Where an entry's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Bytes made in memory (a rendered template, a manifest).
    Bytes(Vec<u8>),
    /// A file, read in chunks as the archive is written (shared: the caller's list of
    /// files names the same path).
    File(std::sync::Arc<Path>),
}

/// One entry to write.
#[derive(Debug, Clone)]
pub struct Input {
    /// `/`-separated path inside the archive.
    pub name: String,
    /// Unix permission bits.
    pub mode: u32,
    /// Its contents.
    pub source: Source,
    /// The size its file had when the caller listed it, if it did: the writer takes it
    /// instead of asking again. A file that is not that size when it is read is refused
    /// ("changed while it was being archived"): one changed since it was listed never goes
    /// in cut short or with what it grew by.
    pub listed_size: Option<u64>,
}

impl Input {
    /// Its size: its bytes', the size its file was listed at, or else its file's now.
    pub fn size(&self) -> Result<u64> {
        match (&self.source, self.listed_size) {
            (Source::Bytes(bytes), _) => Ok(bytes.len() as u64),
            (Source::File(_), Some(size)) => Ok(size),
            (Source::File(path), None) => std::fs::metadata(path)
                .map(|m| m.len())
                .map_err(|e| Error::io("read", path, e)),
        }
    }
}

/// Where an entry's compressed data lies in an archive this writer wrote, and what it
/// holds: what a later archive of the same contents copies instead of compressing them again
/// (the data depends only on the contents, the level and whether the name alone made it
/// stored, so the copy is byte for byte what compressing them again would write).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packed {
    /// The SHA-256 of the entry's contents.
    pub sha256: [u8; 32],
    /// The size of its contents.
    pub size: u64,
    /// The CRC-32 of its contents.
    pub crc32: u32,
    /// Whether its data is deflated (else stored).
    pub deflated: bool,
    /// Whether its name alone made it stored (a format compressed already).
    pub by_name: bool,
    /// Where its data starts in the archive.
    pub offset: u64,
    /// The length of its data.
    pub len: u64,
}

/// An earlier archive of this writer, at the same level, to copy compressed data from.
pub struct Earlier {
    /// The archive, read once from front to back.
    pub file: std::fs::File,
    /// Its size and SHA-256 as a trusted record states them: the archive is hashed whole as
    /// it is read, and the new archive is refused ([`Error::Earlier`]) if it is not these.
    pub size: u64,
    /// Its SHA-256.
    pub sha256: [u8; 32],
    /// For each input, in the order given: its data in the earlier archive, if it is there.
    pub packed: Vec<Option<Packed>>,
}

/// Whether an entry of this name is stored for its name alone: a format compressed
/// already.
pub fn stored_by_name(name: &str) -> bool {
    known_compressed(name)
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    /// The archive's size in bytes.
    pub size: u64,
    /// The archive's SHA-256, in hex.
    pub sha256: String,
    /// The archive's BLAKE2b-512: what a minisign signature signs.
    pub blake2b: [u8; 64],
    /// The entries, sorted by name, each with its size and SHA-256.
    pub entries: Vec<EntryRecord>,
    /// Where each entry's compressed data lies, in the same order (empty for an archive
    /// that was not written here, such as one taken from the cache).
    pub packed: Vec<Packed>,
    /// How many entries were copied from an earlier archive.
    pub copied: usize,
}

/// One entry, sized and with its compression chosen (or to be chosen when it is read).
struct Planned {
    input: Input,
    size: u64,
    /// The deflate level, or `None` to store.
    deflate: Option<u32>,
    /// For an entry of one chunk: the level its trial is made at when it is read, the one
    /// time it is read (its `deflate` is then decided by that trial).
    trial: Option<u32>,
    /// Its compressed data in the earlier archive, copied instead of read and compressed
    /// (boxed: a cold build copies nothing, and a plan is kept for every entry).
    copy: Option<Box<Packed>>,
}

/// One chunk of one entry.
#[derive(Clone, Copy)]
struct Unit {
    entry: usize,
    offset: u64,
    len: usize,
}

/// A chunk read and compressed.
struct Done {
    unit: Unit,
    /// The entry's deflate level, or `None` when it is stored.
    deflate: Option<u32>,
    raw: Vec<u8>,
    /// The deflated bytes; `None` for a stored entry (the raw bytes are written).
    deflated: Option<Vec<u8>>,
    crc: crc32fast::Hasher,
}

/// Writes `inputs` as a zip into `out`, every time stamp `epoch`, compressed at `level`
/// (entries that do not pay are stored); returns `out` and what was written.
pub fn write<W: Write + Send>(
    inputs: Vec<Input>,
    epoch: i64,
    level: Level,
    out: W,
) -> Result<(W, Written)> {
    write_reporting(inputs, epoch, level, out, None, &|_| {})
}

/// [`write`], copying the compressed data of unchanged contents from `earlier` (an archive
/// this writer wrote at the same level) and telling `read` how many input bytes each batch
/// read and compressed (or copied), for progress in bytes.
pub fn write_reporting<W: Write + Send>(
    inputs: Vec<Input>,
    epoch: i64,
    level: Level,
    out: W,
    earlier: Option<Earlier>,
    read_bytes: &(dyn Fn(u64) + Sync),
) -> Result<(W, Written)> {
    let (earlier, planned) = plan_all(inputs, level, earlier)?;
    let units = units(&planned);
    // A batch is a few chunks' worth of bytes, however many small files that takes: one
    // hand-off to the writer per batch, not per file.
    let batch_bytes = (rayon::current_num_threads() * 2).max(4) * CHUNK;
    let time = super::zip_time(epoch);
    let (sender, receiver) = mpsc::sync_channel::<Vec<Done>>(1);
    let written: Result<(W, Written)> = std::thread::scope(|scope| {
        // The archive's two digests are computed beside the writer, each on a thread of its
        // own: the writer only writes and hashes entries.
        let (sha_tx, sha_rx) = mpsc::sync_channel::<Arc<[u8]>>(8);
        let (blake_tx, blake_rx) = mpsc::sync_channel::<Arc<[u8]>>(8);
        let sha = scope.spawn(move || {
            let mut hash = Sha256::new();
            for bytes in sha_rx {
                hash.update(&bytes);
            }
            hex(&hash.finalize())
        });
        let blake = scope.spawn(move || {
            let mut hash = <Blake2b512 as blake2::Digest>::new();
            for bytes in blake_rx {
                blake2::Digest::update(&mut hash, &bytes);
            }
            let digest: [u8; 64] = blake2::Digest::finalize(hash).into();
            digest
        });
        let writer = scope.spawn(|| {
            let out = Hashing::new(out, [sha_tx, blake_tx]);
            let mut zip = ZipStream::new(out, time.timepart(), time.datepart(), earlier);
            zip.expect(planned.len());
            for batch in receiver {
                for done in batch {
                    zip.add(&planned[done.unit.entry], done)?;
                }
            }
            zip.finish(&planned)
        });
        let mut read = Ok(());
        for batch in batches(&units, batch_bytes) {
            let done = batch
                .par_iter()
                .map(|unit| process(&planned[unit.entry], *unit))
                .collect::<Result<Vec<_>>>();
            read_bytes(batch.iter().map(|u| unit_bytes(&planned, u)).sum());
            match done.map(|done| sender.send(done)) {
                Ok(Ok(())) => {}
                // The writer stopped: its error says why.
                Ok(Err(_)) => break,
                Err(e) => {
                    read = Err(e);
                    break;
                }
            }
        }
        drop(sender);
        let panicked = || Error::Stopped(std::io::Error::other("a writer thread panicked"));
        let written = writer.join().unwrap_or_else(|_| Err(panicked()));
        let sha256 = sha.join().map_err(|_| panicked());
        let blake2b = blake.join().map_err(|_| panicked());
        let (out, size, entries, packed) = read.and(written)?;
        let copied = planned.iter().filter(|p| p.copy.is_some()).count();
        Ok((
            out,
            Written {
                size,
                sha256: sha256?,
                blake2b: blake2b?,
                entries,
                packed,
                copied,
            },
        ))
    });
    // The writer left the names out of its records: they move in from the plans.
    let (out, mut written) = written?;
    for (entry, planned) in written.entries.iter_mut().zip(planned) {
        entry.name = planned.input.name;
    }
    Ok((out, written))
}

/// Sorts `inputs` by name, sizes each and chooses how to write it: copied from `earlier`
/// where it can be, else read and compressed. Returns the reader of `earlier`, if any copy
/// is to be made from it.
fn plan_all(
    inputs: Vec<Input>,
    level: Level,
    earlier: Option<Earlier>,
) -> Result<(Option<EarlierReader>, Vec<Planned>)> {
    let (earlier, packed) = match earlier {
        Some(Earlier {
            file,
            size,
            sha256,
            packed,
        }) if packed.len() == inputs.len() => {
            (Some(EarlierReader::new(file, size, sha256)), packed)
        }
        _ => (None, vec![None; inputs.len()]),
    };
    let mut inputs: Vec<(Input, Option<Packed>)> = inputs.into_iter().zip(packed).collect();
    inputs.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    if let Some(pair) = inputs.windows(2).find(|w| w[0].0.name == w[1].0.name) {
        return Err(Error::DuplicateEntry(pair[0].0.name.clone()));
    }
    copies_in_order(&mut inputs);
    let planned = inputs
        .into_par_iter()
        .map(|(input, copy)| plan(input, level, copy))
        .collect::<Result<Vec<_>>>()?;
    Ok((earlier, planned))
}

/// Keeps the most copies from the earlier archive that lie in its order (the longest run of
/// offsets rising with the names): the earlier archive is read once, front to back.
/// Contents found twice, or moved before the files around them, are compressed again.
fn copies_in_order(inputs: &mut [(Input, Option<Packed>)]) {
    for (input, copy) in inputs.iter_mut() {
        if copy.is_some_and(|p| p.by_name != known_compressed(&input.name)) {
            *copy = None;
        }
    }
    // Patience sorting: `tails[k]` ends the run of length k + 1 whose last offset is least.
    let candidates: Vec<usize> = (0..inputs.len())
        .filter(|&i| inputs[i].1.is_some())
        .collect();
    let offset = |i: usize| inputs[i].1.map_or(0, |p| p.offset);
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; inputs.len()];
    for &i in &candidates {
        let k = tails.partition_point(|&t| offset(t) < offset(i));
        before[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; inputs.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = before[i];
    }
    for (i, (_, copy)) in inputs.iter_mut().enumerate() {
        if !keep[i] {
            *copy = None;
        }
    }
}

/// The input bytes a unit stands for: what it reads, or what an entry copied holds.
fn unit_bytes(planned: &[Planned], unit: &Unit) -> u64 {
    let p = &planned[unit.entry];
    p.copy.as_ref().map_or(unit.len as u64, |c| c.size)
}

/// Sizes an input (by what its listing saw, if the caller listed it, else by asking) and
/// chooses how to compress it: copied from the earlier archive when its data is there
/// (`copy`, chosen by what the file holds) and of the size it has here.
fn plan(input: Input, level: Level, copy: Option<Packed>) -> Result<Planned> {
    let size = input.size()?;
    if let Some(copy) = copy.filter(|c| c.size == size) {
        return Ok(Planned {
            input,
            size,
            deflate: copy.deflated.then_some(0),
            trial: None,
            copy: Some(Box::new(copy)),
        });
    }
    // An entry of one chunk is read once, when it is compressed: its trial is made then.
    if let Some(level) = level.deflate()
        && size > 0
        && size <= CHUNK as u64
        && !known_compressed(&input.name)
    {
        return Ok(Planned {
            input,
            size,
            deflate: None,
            trial: Some(level),
            copy: None,
        });
    }
    let deflate = match level.deflate() {
        Some(_) if size == 0 || known_compressed(&input.name) => None,
        Some(level) => {
            let len = usize::try_from(size).unwrap_or(usize::MAX).min(TRIAL);
            let head = read_range(&input.source, 0, len)?;
            pays(&head, &deflate_whole(&head, level)).then_some(level)
        }
        None => None,
    };
    // Stored, an entry of more than one chunk would need a data descriptor after its data,
    // which streaming readers refuse for stored entries: stored blocks of deflate instead.
    let deflate = deflate.or((size > CHUNK as u64).then_some(0));
    Ok(Planned {
        input,
        size,
        deflate,
        trial: None,
        copy: None,
    })
}

/// Whether deflating `head` into `trial` saves enough to keep the entry deflated.
fn pays(head: &[u8], trial: &[u8]) -> bool {
    trial.len() * 100 <= head.len() * (100 - MIN_SAVING_PERCENT)
}

fn known_compressed(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ending)| {
        COMPRESSED
            .iter()
            .any(|known| ending.eq_ignore_ascii_case(known))
    })
}

/// Every chunk of every entry, in order (an empty entry, or one copied, is one empty chunk).
fn units(planned: &[Planned]) -> Vec<Unit> {
    let mut units = Vec::new();
    for (entry, p) in planned.iter().enumerate() {
        if p.copy.is_some() {
            units.push(Unit {
                entry,
                offset: 0,
                len: 0,
            });
            continue;
        }
        let mut offset = 0;
        loop {
            let len = usize::try_from((p.size - offset).min(CHUNK as u64)).unwrap_or(CHUNK);
            units.push(Unit { entry, offset, len });
            offset += len as u64;
            if offset >= p.size {
                break;
            }
        }
    }
    units
}

/// `units` in runs of about `bytes` bytes (at least one unit, at most [`MAX_BATCH`]).
fn batches(units: &[Unit], bytes: usize) -> impl Iterator<Item = &[Unit]> {
    let mut rest = units;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut total = 0;
        let mut end = 0;
        while end < rest.len() && end < MAX_BATCH && (end == 0 || total < bytes) {
            total += rest[end].len;
            end += 1;
        }
        let (batch, tail) = rest.split_at(end);
        rest = tail;
        Some(batch)
    })
}

/// The most units in one batch: what small files a batch holds at once.
const MAX_BATCH: usize = 4096;

/// Reads and compresses one chunk (an entry copied is copied by the writer).
fn process(planned: &Planned, unit: Unit) -> Result<Done> {
    if planned.copy.is_some() {
        return Ok(Done {
            unit,
            deflate: planned.deflate,
            raw: Vec::new(),
            deflated: None,
            crc: crc32fast::Hasher::new(),
        });
    }
    if let Some(level) = planned.trial {
        return process_whole(planned, unit, level);
    }
    let raw = read_range(&planned.input.source, unit.offset, unit.len)?;
    let last = unit.offset + unit.len as u64 >= planned.size;
    if last && let Source::File(path) = &planned.input.source {
        let now = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
        if now.len() != planned.size {
            return Err(Error::io(
                "read",
                path,
                std::io::Error::other("the file changed while it was being archived"),
            ));
        }
    }
    let mut crc = crc32fast::Hasher::new();
    crc.update(&raw);
    let deflated = planned.deflate.map(|level| {
        let start = unit.offset.saturating_sub(WINDOW as u64);
        let dictionary = if unit.offset == 0 {
            Ok(Vec::new())
        } else {
            read_range(
                &planned.input.source,
                start,
                usize::try_from(unit.offset - start).unwrap_or(WINDOW),
            )
        };
        dictionary.map(|d| deflate(&raw, level, &d, last))
    });
    Ok(Done {
        unit,
        deflate: planned.deflate,
        deflated: deflated.transpose()?,
        raw,
        crc,
    })
}

/// Reads an entry of one chunk once, makes its trial at `level` and keeps it deflated if
/// that pays (as [`plan`] decides for a larger entry); the trial of an entry no larger than
/// it is its compressed data.
fn process_whole(planned: &Planned, unit: Unit, level: u32) -> Result<Done> {
    let raw = read_whole(&planned.input.source, unit.len)?;
    let head = &raw[..raw.len().min(TRIAL)];
    let trial = deflate_whole(head, level);
    let deflated = pays(head, &trial).then(|| {
        if raw.len() <= TRIAL {
            trial
        } else {
            deflate_whole(&raw, level)
        }
    });
    let mut crc = crc32fast::Hasher::new();
    crc.update(&raw);
    Ok(Done {
        unit,
        deflate: deflated.is_some().then_some(level),
        deflated,
        raw,
        crc,
    })
}

/// All of `source`, which must be `len` bytes long: a file that is not (it changed since
/// it was sized) is an error. One open and one read.
fn read_whole(source: &Source, len: usize) -> Result<Vec<u8>> {
    let Source::File(path) = source else {
        return read_range(source, 0, len);
    };
    let read = || -> std::io::Result<Vec<u8>> {
        let mut file = std::fs::File::open(path)?;
        let mut data = vec![0; len + 1];
        let mut got = 0;
        loop {
            match file.read(&mut data[got..]) {
                Ok(0) => break,
                Ok(n) => {
                    let asked = data.len() - got;
                    got += n;
                    // Past its size, it grew. At its size from a read cut short, it ended
                    // there (a regular file's read stops short only at its end): no second
                    // read to be told so, for each of 100,000 small files.
                    if got > len || (got == len && n < asked) {
                        break;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if got != len {
            return Err(std::io::Error::other(
                "the file changed while it was being archived",
            ));
        }
        data.truncate(len);
        Ok(data)
    };
    read().map_err(|e| Error::io("read", path, e))
}

/// `len` bytes of `source` from `offset`.
fn read_range(source: &Source, offset: u64, len: usize) -> Result<Vec<u8>> {
    match source {
        Source::Bytes(bytes) => {
            let start = usize::try_from(offset).unwrap_or(usize::MAX);
            Ok(bytes
                .get(start..start.saturating_add(len))
                .unwrap_or_default()
                .to_vec())
        }
        Source::File(path) => {
            let read = || -> std::io::Result<Vec<u8>> {
                let mut file = std::fs::File::open(path)?;
                file.seek(SeekFrom::Start(offset))?;
                let mut data = vec![0; len];
                file.read_exact(&mut data)?;
                Ok(data)
            };
            read().map_err(|e| Error::io("read", path, e))
        }
    }
}

thread_local! {
    /// This thread's whole-buffer compressor and the level it was made for: made once and
    /// used for every small entry (a zlib stream clears 384 KiB of tables each time one is
    /// made, more than the entry itself costs to compress).
    static WHOLE: std::cell::RefCell<Option<(u32, libdeflater::Compressor)>> =
        const { std::cell::RefCell::new(None) };
}

/// Raw deflate of all of `data` at once, ending with the final block. libdeflate keeps no
/// state from one buffer to the next, so the bytes depend on `data` and `level` alone,
/// whichever thread compressed what before.
fn deflate_whole(data: &[u8], level: u32) -> Vec<u8> {
    WHOLE.with_borrow_mut(|whole| {
        if whole.as_ref().is_some_and(|(made, _)| *made != level) {
            *whole = None;
        }
        let (_, compressor) = whole.get_or_insert_with(|| {
            let lvl = libdeflater::CompressionLvl::new(i32::try_from(level).unwrap_or(6))
                .unwrap_or_default();
            (level, libdeflater::Compressor::new(lvl))
        });
        let mut out = vec![0; compressor.deflate_compress_bound(data.len())];
        match compressor.deflate_compress(data, &mut out) {
            Ok(len) => {
                out.truncate(len);
                out
            }
            // The bound is always enough; were it not, zlib does the same work.
            Err(_) => deflate(data, level, &[], true),
        }
    })
}

/// Raw deflate of `data` primed with `dictionary`, ending on a byte boundary (a sync
/// flush), or with the final block when `last`.
pub(crate) fn deflate(data: &[u8], level: u32, dictionary: &[u8], last: bool) -> Vec<u8> {
    // A new stream for each: one reset and used again made bytes that depended on which
    // thread had compressed what before.
    let mut compress = Compress::new(Compression::new(level), false);
    deflate_with(&mut compress, data, dictionary, last)
}

/// [`deflate`] with `compress`, a new stream.
fn deflate_with(compress: &mut Compress, data: &[u8], dictionary: &[u8], last: bool) -> Vec<u8> {
    if !dictionary.is_empty() {
        // Raw deflate with the zlib-rs backend accepts any dictionary.
        let _ = compress.set_dictionary(dictionary);
    }
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(data.len() / 2 + 1024);
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(64 << 10));
        }
        let consumed = usize::try_from(compress.total_in()).unwrap_or(data.len());
        let status = compress
            .compress_vec(&data[consumed..], &mut out, flush)
            .unwrap_or(Status::StreamEnd);
        let all_in = usize::try_from(compress.total_in()).unwrap_or(0) >= data.len();
        // A flush is complete when it left room in the output.
        if status == Status::StreamEnd || (!last && all_in && out.capacity() > out.len()) {
            break;
        }
    }
    out
}

/// Bytes written so far, counted and handed to the threads that hash the archive in
/// pieces of at least [`CHUNK`] (a hand-off per header of a small file would cost more than
/// hashing it).
struct Hashing<W> {
    inner: W,
    count: u64,
    /// What the digest threads have not been handed yet.
    pending: Vec<u8>,
    /// The SHA-256 and BLAKE2b-512 threads' inboxes.
    digests: [mpsc::SyncSender<Arc<[u8]>>; 2],
}

impl<W: Write> Hashing<W> {
    fn new(inner: W, digests: [mpsc::SyncSender<Arc<[u8]>>; 2]) -> Self {
        Hashing {
            inner,
            count: 0,
            pending: Vec::with_capacity(CHUNK),
            digests,
        }
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.inner.write_all(bytes).map_err(output_error)?;
        self.count += bytes.len() as u64;
        if self.pending.is_empty() && bytes.len() >= CHUNK {
            return self.hand(Arc::from(bytes));
        }
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= CHUNK {
            self.hand_pending()?;
        }
        Ok(())
    }

    /// Hands what is pending to the digest threads.
    fn hand_pending(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let shared: Arc<[u8]> = Arc::from(self.pending.as_slice());
        self.pending.clear();
        self.hand(shared)
    }

    fn hand(&self, shared: Arc<[u8]>) -> Result<()> {
        for digest in &self.digests {
            digest
                .send(Arc::clone(&shared))
                .map_err(|_| output_error(std::io::Error::other("a digest thread stopped")))?;
        }
        Ok(())
    }
}

fn output_error(e: std::io::Error) -> Error {
    Error::Write {
        what: "archive".to_string(),
        source: zip::result::ZipError::Io(e),
    }
}

/// An entry's central directory record.
struct Record {
    name: String,
    mode: u32,
    deflate: bool,
    /// Whether the CRC-32 and sizes follow the data (else they are in the local header).
    descriptor: bool,
    zip64: bool,
    offset: u64,
    crc: u32,
    compressed: u64,
    size: u64,
}

/// What the central directory needs of a written entry beyond its [`EntryRecord`] and its
/// [`Packed`] (kept small: one per entry until the end).
struct Central {
    offset: u64,
    descriptor: bool,
    zip64: bool,
}

/// The entry being written: its record, and its digests so far.
struct Current {
    record: Record,
    /// Where its data starts.
    data: u64,
    /// Whether its name alone made it stored.
    by_name: bool,
    crc: crc32fast::Hasher,
    sha256: Sha256,
    /// The digests of an entry copied from the earlier archive, known beforehand.
    copied: Option<Packed>,
}

/// The zip format, written front to back.
struct ZipStream<W> {
    out: Hashing<W>,
    time: u16,
    date: u16,
    current: Option<Current>,
    central: Vec<Central>,
    entries: Vec<EntryRecord>,
    packed: Vec<Packed>,
    earlier: Option<EarlierReader>,
}

impl<W: Write> ZipStream<W> {
    fn new(out: Hashing<W>, time: u16, date: u16, earlier: Option<EarlierReader>) -> Self {
        ZipStream {
            out,
            time,
            date,
            current: None,
            central: Vec::new(),
            entries: Vec::new(),
            packed: Vec::new(),
            earlier,
        }
    }

    /// Makes room for the records of `entries` entries at once (grown by doubling, they
    /// would take up to twice the room).
    fn expect(&mut self, entries: usize) {
        self.central.reserve_exact(entries);
        self.entries.reserve_exact(entries);
        self.packed.reserve_exact(entries);
    }

    fn add(&mut self, planned: &Planned, done: Done) -> Result<()> {
        if let Some(copy) = planned.copy.as_deref() {
            return self.copy(planned, *copy);
        }
        if done.unit.offset == 0 {
            // A stored entry is one chunk (see [`plan`]): all of it is here.
            let known = done
                .deflate
                .is_none()
                .then(|| (done.crc.clone().finalize(), done.raw.len() as u64));
            self.start(planned, done.deflate.is_some(), known)?;
        }
        let current = self
            .current
            .as_mut()
            .ok_or_else(|| output_error(std::io::Error::other("a chunk came before its entry")))?;
        current.crc.combine(&done.crc);
        current.sha256.update(&done.raw);
        current.record.size += done.raw.len() as u64;
        let data = done.deflated.as_deref().unwrap_or(&done.raw);
        current.record.compressed += data.len() as u64;
        self.out.put(data)?;
        if done.unit.offset + done.unit.len as u64 >= planned.size {
            self.end()?;
        }
        Ok(())
    }

    /// Writes `planned` with the compressed data `copy` of the earlier archive.
    fn copy(&mut self, planned: &Planned, copy: Packed) -> Result<()> {
        let known = (!copy.deflated).then_some((copy.crc32, copy.size));
        self.start(planned, copy.deflated, known)?;
        let earlier = self.earlier.as_mut().ok_or_else(|| {
            Error::Earlier("an entry to copy came without the archive to copy it from".into())
        })?;
        earlier.copy(copy.offset, copy.len, &mut self.out)?;
        if let Some(current) = self.current.as_mut() {
            current.record.size = copy.size;
            current.record.compressed = copy.len;
            current.copied = Some(copy);
        }
        self.end()
    }

    /// The local header of `planned`, deflated or not: with its CRC-32 and size when they
    /// are `known` (a stored entry), else with a data descriptor to follow.
    fn start(
        &mut self,
        planned: &Planned,
        deflated: bool,
        known: Option<(u32, u64)>,
    ) -> Result<()> {
        let zip64 = planned.size >= ZIP64_FROM;
        let name = planned.input.name.as_bytes();
        let mut header = Vec::with_capacity(30 + name.len() + 20);
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header.extend_from_slice(&version_needed(zip64).to_le_bytes());
        header.extend_from_slice(&flags(&planned.input.name, known.is_none()).to_le_bytes());
        header.extend_from_slice(&method(deflated).to_le_bytes());
        header.extend_from_slice(&self.time.to_le_bytes());
        header.extend_from_slice(&self.date.to_le_bytes());
        match known {
            Some((crc, size)) => {
                header.extend_from_slice(&crc.to_le_bytes());
                header.extend_from_slice(&narrow(size).to_le_bytes());
                header.extend_from_slice(&narrow(size).to_le_bytes());
            }
            None => {
                // CRC-32 and sizes follow the data, in the data descriptor.
                header.extend_from_slice(&0u32.to_le_bytes());
                let unknown = if zip64 { u32::MAX } else { 0 };
                header.extend_from_slice(&unknown.to_le_bytes());
                header.extend_from_slice(&unknown.to_le_bytes());
            }
        }
        header.extend_from_slice(&u16::try_from(name.len()).unwrap_or(u16::MAX).to_le_bytes());
        header.extend_from_slice(&(if zip64 { 20u16 } else { 0 }).to_le_bytes());
        header.extend_from_slice(name);
        if zip64 {
            header.extend_from_slice(&1u16.to_le_bytes());
            header.extend_from_slice(&16u16.to_le_bytes());
            header.extend_from_slice(&[0; 16]);
        }
        self.current = Some(Current {
            record: Record {
                name: planned.input.name.clone(),
                mode: planned.input.mode,
                deflate: deflated,
                descriptor: known.is_none(),
                zip64,
                offset: self.out.count,
                crc: 0,
                compressed: 0,
                size: 0,
            },
            data: self.out.count + header.len() as u64,
            by_name: known_compressed(&planned.input.name),
            crc: crc32fast::Hasher::new(),
            sha256: Sha256::new(),
            copied: None,
        });
        self.out.put(&header)
    }

    fn end(&mut self) -> Result<()> {
        let Some(current) = self.current.take() else {
            return Ok(());
        };
        let mut record = current.record;
        let (crc, sha256) = match current.copied {
            Some(copy) => (copy.crc32, copy.sha256),
            None => (current.crc.finalize(), current.sha256.finalize().into()),
        };
        record.crc = crc;
        if record.descriptor {
            self.descriptor(&record)?;
        }
        self.central.push(Central {
            offset: record.offset,
            descriptor: record.descriptor,
            zip64: record.zip64,
        });
        self.entries.push(EntryRecord {
            // Named once the writing is done, from the plans (see [`write_reporting`]).
            name: String::new(),
            mode: record.mode,
            size: record.size,
            sha256,
        });
        self.packed.push(Packed {
            sha256,
            size: record.size,
            crc32: crc,
            deflated: record.deflate,
            by_name: current.by_name,
            offset: current.data,
            len: record.compressed,
        });
        Ok(())
    }

    /// The data descriptor after an entry's data: its CRC-32 and sizes.
    fn descriptor(&mut self, record: &Record) -> Result<()> {
        let mut descriptor = Vec::with_capacity(24);
        descriptor.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
        descriptor.extend_from_slice(&record.crc.to_le_bytes());
        if record.zip64 {
            descriptor.extend_from_slice(&record.compressed.to_le_bytes());
            descriptor.extend_from_slice(&record.size.to_le_bytes());
        } else {
            descriptor.extend_from_slice(&narrow(record.compressed).to_le_bytes());
            descriptor.extend_from_slice(&narrow(record.size).to_le_bytes());
        }
        self.out.put(&descriptor)
    }

    /// Writes the central directory and the end records, once the earlier archive (if any)
    /// checked whole; returns the writer, the size, the entries and where their data lies.
    fn finish(mut self, planned: &[Planned]) -> Result<(W, u64, Vec<EntryRecord>, Vec<Packed>)> {
        self.end()?;
        if let Some(earlier) = self.earlier.take() {
            earlier.finish()?;
        }
        let start = self.out.count;
        let central = std::mem::take(&mut self.central);
        let records = self
            .entries
            .iter()
            .zip(&self.packed)
            .zip(central)
            .zip(planned);
        for (((entry, packed), central), planned) in records {
            let record = Record {
                name: planned.input.name.clone(),
                mode: entry.mode,
                deflate: packed.deflated,
                descriptor: central.descriptor,
                zip64: central.zip64,
                offset: central.offset,
                crc: packed.crc32,
                compressed: packed.len,
                size: packed.size,
            };
            let header = central_header(self.time, self.date, &record);
            self.out.put(&header)?;
        }
        let count = self.entries.len() as u64;
        let size = self.out.count - start;
        let end = end_records(count, size, start, self.out.count);
        self.out.put(&end)?;
        self.out.hand_pending()?;
        self.out.inner.flush().map_err(output_error)?;
        // Dropping the inboxes ends the digest threads.
        let Hashing { inner, count, .. } = self.out;
        Ok((inner, count, self.entries, self.packed))
    }
}

/// The central directory header of `record`, every entry stamped `time` and `date`.
fn central_header(time: u16, date: u16, record: &Record) -> Vec<u8> {
    let mut extra = Vec::new();
    let field = |value: u64, extra: &mut Vec<u8>| {
        if record.zip64 || value >= u64::from(u32::MAX) {
            extra.extend_from_slice(&value.to_le_bytes());
            u32::MAX
        } else {
            narrow(value)
        }
    };
    let size = field(record.size, &mut extra);
    let compressed = field(record.compressed, &mut extra);
    let offset = if record.offset >= u64::from(u32::MAX) {
        extra.extend_from_slice(&record.offset.to_le_bytes());
        u32::MAX
    } else {
        narrow(record.offset)
    };
    let zip64 = !extra.is_empty();
    let name = record.name.as_bytes();
    let mut header = Vec::with_capacity(46 + name.len() + 28);
    header.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    // Made by Unix (3), and the version of the format it needs.
    header.extend_from_slice(&(0x0300 | version_needed(zip64)).to_le_bytes());
    header.extend_from_slice(&version_needed(zip64).to_le_bytes());
    header.extend_from_slice(&flags(&record.name, record.descriptor).to_le_bytes());
    header.extend_from_slice(&method(record.deflate).to_le_bytes());
    header.extend_from_slice(&time.to_le_bytes());
    header.extend_from_slice(&date.to_le_bytes());
    header.extend_from_slice(&record.crc.to_le_bytes());
    header.extend_from_slice(&compressed.to_le_bytes());
    header.extend_from_slice(&size.to_le_bytes());
    header.extend_from_slice(&u16::try_from(name.len()).unwrap_or(u16::MAX).to_le_bytes());
    let extra_len = if zip64 { extra.len() + 4 } else { 0 };
    header.extend_from_slice(&u16::try_from(extra_len).unwrap_or(0).to_le_bytes());
    header.extend_from_slice(&0u16.to_le_bytes()); // comment
    header.extend_from_slice(&0u16.to_le_bytes()); // disk
    header.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
    let external = (0o100_000 | (record.mode & 0o7777)) << 16;
    header.extend_from_slice(&external.to_le_bytes());
    header.extend_from_slice(&offset.to_le_bytes());
    header.extend_from_slice(name);
    if zip64 {
        header.extend_from_slice(&1u16.to_le_bytes());
        header.extend_from_slice(&u16::try_from(extra.len()).unwrap_or(0).to_le_bytes());
        header.extend_from_slice(&extra);
    }
    header
}

/// The earlier archive, read once from front to back as entries are copied from it, and
/// hashed whole: what is copied is what its trusted record states, or nothing is written.
struct EarlierReader {
    file: std::fs::File,
    /// How far it has been read.
    at: u64,
    hash: Sha256,
    size: u64,
    sha256: [u8; 32],
    buffer: Vec<u8>,
}

impl EarlierReader {
    fn new(file: std::fs::File, size: u64, sha256: [u8; 32]) -> Self {
        EarlierReader {
            file,
            at: 0,
            hash: Sha256::new(),
            size,
            sha256,
            buffer: vec![0; CHUNK],
        }
    }

    /// Reads up to `len` bytes (at most a buffer's worth), hashed; the bytes read.
    fn next(&mut self, len: u64) -> Result<&[u8]> {
        let want = usize::try_from(len).unwrap_or(CHUNK).min(CHUNK);
        let n = loop {
            match self.file.read(&mut self.buffer[..want]) {
                Ok(0) if want > 0 => {
                    return Err(Error::Earlier(format!(
                        "it ends at byte {}, before the {} bytes its record states",
                        self.at, self.size
                    )));
                }
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::Earlier(format!("it does not read ({e})"))),
            }
        };
        self.at += n as u64;
        self.hash.update(&self.buffer[..n]);
        Ok(&self.buffer[..n])
    }

    /// Copies `len` bytes from `offset` (not before what was read already) into `out`.
    fn copy<W: Write>(&mut self, offset: u64, len: u64, out: &mut Hashing<W>) -> Result<()> {
        if offset < self.at || offset.saturating_add(len) > self.size {
            return Err(Error::Earlier(format!(
                "an entry's data at byte {offset} is not where it can be read"
            )));
        }
        while self.at < offset {
            self.next(offset - self.at)?;
        }
        let end = offset + len;
        while self.at < end {
            let piece = self.next(end - self.at)?;
            out.put(piece)?;
        }
        Ok(())
    }

    /// Reads the rest (and one byte more, if there is one) and checks the whole is what
    /// the record states.
    fn finish(mut self) -> Result<()> {
        while self.at < self.size {
            self.next(self.size - self.at)?;
        }
        let mut more = [0u8; 1];
        let longer = matches!(self.file.read(&mut more), Ok(n) if n > 0);
        let sha256: [u8; 32] = self.hash.finalize().into();
        if longer || sha256 != self.sha256 {
            return Err(Error::Earlier(
                "it is not the archive its record states (another SHA-256)".into(),
            ));
        }
        Ok(())
    }
}

/// The end of central directory record, preceded by the ZIP64 record and locator when the
/// entry count, the directory's size or its offset need them.
fn end_records(count: u64, size: u64, start: u64, zip64_at: u64) -> Vec<u8> {
    let zip64 = count >= 0xFFFF || size >= u64::from(u32::MAX) || start >= u64::from(u32::MAX);
    let mut end = Vec::with_capacity(98);
    if zip64 {
        end.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
        end.extend_from_slice(&44u64.to_le_bytes());
        end.extend_from_slice(&(0x0300 | version_needed(true)).to_le_bytes());
        end.extend_from_slice(&version_needed(true).to_le_bytes());
        end.extend_from_slice(&0u32.to_le_bytes());
        end.extend_from_slice(&0u32.to_le_bytes());
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&size.to_le_bytes());
        end.extend_from_slice(&start.to_le_bytes());
        end.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
        end.extend_from_slice(&0u32.to_le_bytes());
        end.extend_from_slice(&zip64_at.to_le_bytes());
        end.extend_from_slice(&1u32.to_le_bytes());
    }
    let count16 = u16::try_from(count).unwrap_or(u16::MAX);
    end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    end.extend_from_slice(&count16.to_le_bytes());
    end.extend_from_slice(&count16.to_le_bytes());
    end.extend_from_slice(&narrow(size).to_le_bytes());
    end.extend_from_slice(&narrow(start).to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    end
}

/// A size or offset in a 32-bit field: `0xFFFFFFFF` (see the ZIP64 record) when it does
/// not fit.
fn narrow(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn version_needed(zip64: bool) -> u16 {
    if zip64 { 45 } else { 20 }
}

/// A data descriptor (bit 3) where the sizes follow the data, and UTF-8 names (bit 11)
/// where a name is not ASCII.
fn flags(name: &str, descriptor: bool) -> u16 {
    let utf8 = if name.is_ascii() { 0 } else { 0x0800 };
    utf8 | if descriptor { 0x0008 } else { 0 }
}

fn method(deflate: bool) -> u16 {
    if deflate { 8 } else { 0 }
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    /// Text that compresses like a log, `len` bytes of it.
    fn log_text(len: usize, seed: u64) -> Vec<u8> {
        let mut text = Vec::with_capacity(len + 100);
        let mut n = seed;
        while text.len() < len {
            n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let line = format!(
                "2026-11-30T12:{:02}:{:02} host{} service[{}]: request {} took {} ms\n",
                (n >> 8) % 60,
                (n >> 16) % 60,
                (n >> 24) % 7,
                (n >> 32) % 900,
                (n >> 40) % 100_000,
                (n >> 48) % 500
            );
            text.extend_from_slice(line.as_bytes());
        }
        text.truncate(len);
        text
    }

    /// Bytes that do not compress.
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut n = seed;
        (0..len)
            .map(|_| {
                n ^= n << 13;
                n ^= n >> 7;
                n ^= n << 17;
                (n >> 24) as u8
            })
            .collect()
    }

    fn inputs(dir: &std::path::Path) -> Vec<Input> {
        let big = dir.join("big.log");
        std::fs::write(&big, log_text(3 * CHUNK + 12_345, 1)).expect("write");
        let random = dir.join("random.bin");
        std::fs::write(&random, noise(CHUNK + 7, 2)).expect("write");
        vec![
            Input {
                name: "logs/big.log".into(),
                mode: 0o644,
                source: Source::File(big.into()),
                listed_size: None,
            },
            Input {
                name: "bin/random.bin".into(),
                mode: 0o755,
                source: Source::File(random.into()),
                listed_size: None,
            },
            Input {
                name: "empty".into(),
                mode: 0o644,
                source: Source::Bytes(Vec::new()),
                listed_size: None,
            },
            Input {
                name: "photo.PNG".into(),
                mode: 0o644,
                source: Source::Bytes(log_text(10_000, 3)),
                listed_size: None,
            },
            Input {
                name: "docs/größe.txt".into(),
                mode: 0o600,
                source: Source::Bytes("Grüße\n".repeat(1000).into_bytes()),
                listed_size: None,
            },
        ]
    }

    fn contents(input: &Input) -> Vec<u8> {
        match &input.source {
            Source::Bytes(bytes) => bytes.clone(),
            Source::File(path) => std::fs::read(path).expect("read"),
        }
    }

    fn write_with(threads: usize, inputs: Vec<Input>) -> (Vec<u8>, Written) {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
            .install(|| write(inputs, 809_222_400, Level::Default, Vec::new()))
            .expect("written")
    }

    /// Of the entries an earlier archive holds, the copies kept are the most that can be
    /// read from it front to back: one moved before the others is compressed again rather
    /// than losing every copy after it; one stored there for its name but not any more
    /// (renamed from `.png` to `.txt`) is compressed again too.
    #[test]
    fn the_copies_kept_are_the_longest_run_in_the_earlier_order() {
        let packed = |offset: u64, by_name: bool| Packed {
            sha256: [0; 32],
            size: 1,
            crc32: 0,
            deflated: !by_name,
            by_name,
            offset,
            len: 1,
        };
        let input = |name: &str| Input {
            name: name.into(),
            mode: 0o644,
            source: Source::Bytes(vec![0]),
            listed_size: None,
        };
        let mut inputs = vec![
            (input("a"), Some(packed(10, false))),
            (input("b"), Some(packed(90, false))),
            (input("c"), Some(packed(20, false))),
            (input("d"), None),
            (input("e"), Some(packed(30, false))),
            (input("f.txt"), Some(packed(40, true))),
            (input("g"), Some(packed(60, false))),
        ];
        copies_in_order(&mut inputs);
        let kept: Vec<&str> = inputs
            .iter()
            .filter(|(_, copy)| copy.is_some())
            .map(|(input, _)| input.name.as_str())
            .collect();
        assert_eq!(kept, ["a", "c", "e", "g"]);
    }

    /// Batches cover every unit once, in order: small units many to a batch (at most
    /// [`MAX_BATCH`]), large ones a few chunks' worth.
    #[test]
    fn batches_hold_many_small_units_and_a_few_large_ones() {
        let unit = |len| Unit {
            entry: 0,
            offset: 0,
            len,
        };
        let small: Vec<Unit> = (0..10_000).map(|_| unit(100)).collect();
        let sizes: Vec<usize> = batches(&small, 4 * CHUNK).map(<[Unit]>::len).collect();
        assert_eq!(sizes, [MAX_BATCH, MAX_BATCH, 10_000 - 2 * MAX_BATCH]);
        let large: Vec<Unit> = (0..10).map(|_| unit(CHUNK)).collect();
        let sizes: Vec<usize> = batches(&large, 4 * CHUNK).map(<[Unit]>::len).collect();
        assert_eq!(sizes, [4, 4, 2]);
        assert_eq!(batches(&[], 4 * CHUNK).count(), 0);
    }

    /// A small file is read once, when it is compressed: one that grew or shrank since it
    /// was sized is refused then, as a large one is at its last chunk.
    #[test]
    fn a_small_file_that_changed_after_it_was_sized_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        for (before, after) in [
            (
                "a few words, a few words",
                "a few words, a few words, and more",
            ),
            ("longer than it will be", "short"),
        ] {
            let path = dir.path().join("f.txt");
            std::fs::write(&path, before).expect("write");
            let input = Input {
                name: "f.txt".to_string(),
                mode: 0o644,
                source: Source::File(path.clone().into()),
                listed_size: None,
            };
            let planned = plan(input, Level::Default, None).expect("planned");
            assert!(planned.trial.is_some(), "read once, when compressed");
            std::fs::write(&path, after).expect("write");
            let unit = units(std::slice::from_ref(&planned))[0];
            refused_as_changed(process(&planned, unit).err().expect("refused"));
        }
    }

    /// A file the caller listed is sized from the listing (not asked again), and is read
    /// at that size or refused: a file that changed after it was listed never goes in cut
    /// short or with what it grew by.
    #[test]
    fn a_listed_file_is_sized_from_its_listing_and_refused_when_it_is_not_that_size() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "hello, hello, hello").expect("write");
        let input = |listed_size| Input {
            name: "f.txt".to_string(),
            mode: 0o644,
            source: Source::File(path.clone().into()),
            listed_size,
        };
        let planned = plan(input(Some(19)), Level::Default, None).expect("planned");
        assert_eq!(planned.size, 19);
        let unit = units(std::slice::from_ref(&planned))[0];
        assert_eq!(
            process(&planned, unit).expect("read").raw,
            b"hello, hello, hello"
        );
        for size in [5, 40] {
            let planned = plan(input(Some(size)), Level::Default, None).expect("planned");
            assert_eq!(planned.size, size, "the listing's size, not the file's");
            let unit = units(std::slice::from_ref(&planned))[0];
            refused_as_changed(process(&planned, unit).err().expect("refused"));
        }
    }

    /// Asserts that `error` refuses a file that changed while it was being archived.
    fn refused_as_changed(error: Error) {
        assert!(
            error
                .to_string()
                .contains("changed while it was being archived"),
            "{error}"
        );
    }

    #[test]
    fn every_entry_reads_back_with_its_crc_mode_and_hash() {
        let dir = tempfile::tempdir().expect("dir");
        let inputs = inputs(dir.path());
        let (bytes, written) = write_with(2, inputs.clone());
        assert_eq!(written.size, bytes.len() as u64);
        assert_eq!(written.sha256, crate::sha256_hex(&bytes));
        let blake: [u8; 64] =
            blake2::Digest::finalize(<Blake2b512 as blake2::Digest>::new_with_prefix(&bytes))
                .into();
        assert_eq!(written.blake2b, blake);
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
        assert_eq!(archive.len(), inputs.len());
        for input in &inputs {
            let mut entry = archive.by_name(&input.name).expect("entry present");
            let mut data = Vec::new();
            // The zip crate checks the CRC-32 when an entry is read to its end.
            entry.read_to_end(&mut data).expect("reads, CRC matches");
            assert_eq!(data, contents(input), "{}", input.name);
            assert_eq!(entry.unix_mode().map(|m| m & 0o7777), Some(input.mode));
            let record = written
                .entries
                .iter()
                .find(|r| r.name == input.name)
                .expect("recorded");
            assert_eq!(crate::hex(&record.sha256), crate::sha256_hex(&data));
            assert_eq!(record.size, data.len() as u64);
        }
    }

    #[test]
    fn what_does_not_shrink_is_stored_and_text_is_deflated() {
        let dir = tempfile::tempdir().expect("dir");
        let (bytes, _) = write_with(2, inputs(dir.path()));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
        let method = |archive: &mut zip::ZipArchive<_>, name: &str| {
            archive.by_name(name).expect("entry").compression()
        };
        use zip::CompressionMethod::{Deflated, Stored};
        assert_eq!(method(&mut archive, "logs/big.log"), Deflated);
        assert_eq!(method(&mut archive, "docs/größe.txt"), Deflated);
        // Incompressible and more than a chunk: stored blocks of deflate (a stored entry
        // would need a data descriptor, which streaming readers refuse), a few bytes more.
        assert_eq!(method(&mut archive, "bin/random.bin"), Deflated);
        let random = archive.by_name("bin/random.bin").expect("entry");
        assert!(random.compressed_size() <= random.size() + 128);
        drop(random);
        // Known to be compressed by its name, whatever it holds.
        assert_eq!(method(&mut archive, "photo.PNG"), Stored);
    }

    #[test]
    fn the_bytes_do_not_depend_on_the_number_of_threads() {
        let dir = tempfile::tempdir().expect("dir");
        let (one, _) = write_with(1, inputs(dir.path()));
        let (four, _) = write_with(4, inputs(dir.path()));
        assert!(
            one == four,
            "1 thread and 4 threads wrote different archives"
        );
    }

    #[test]
    fn a_small_entry_compresses_to_the_same_bytes_whatever_its_thread_compressed_before() {
        let text = log_text(20_000, 3);
        let on_a_new_thread = {
            let text = text.clone();
            std::thread::spawn(move || deflate_whole(&text, 6))
                .join()
                .expect("compressed")
        };
        // This thread's compressor has worked before, on other text and at other levels.
        deflate_whole(&log_text(60_000, 4), 6);
        deflate_whole(&log_text(30_000, 5), 9);
        let here = deflate_whole(&text, 6);
        assert!(
            here == on_a_new_thread,
            "the bytes depend on the thread's past"
        );
        let mut back = Vec::new();
        flate2::read::DeflateDecoder::new(&here[..])
            .read_to_end(&mut back)
            .expect("inflates");
        assert!(back == text, "inflates to what was compressed");
    }

    #[test]
    fn chunks_joined_compress_as_well_as_one_stream() {
        let text = log_text(4 * CHUNK, 9);
        let whole = deflate(&text, 6, &[], true).len();
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("t.log");
        std::fs::write(&path, &text).expect("write");
        let input = Input {
            name: "t.log".into(),
            mode: 0o644,
            source: Source::File(path.into()),
            listed_size: None,
        };
        let (bytes, _) = write_with(2, vec![input]);
        let overhead = bytes.len() as f64 / whole as f64;
        assert!(overhead < 1.01, "chunked is {overhead:.4}× one stream");
    }

    #[test]
    fn more_entries_than_a_plain_zip_holds_get_zip64_records() {
        let inputs: Vec<Input> = (0..70_000)
            .map(|i| Input {
                name: format!("f/{i:05}"),
                mode: 0o644,
                source: Source::Bytes(Vec::new()),
                listed_size: None,
            })
            .collect();
        let (bytes, written) = write_with(2, inputs);
        assert_eq!(written.entries.len(), 70_000);
        let archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
        assert_eq!(archive.len(), 70_000);
    }

    #[test]
    fn a_file_that_changes_while_it_is_read_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("grows.log");
        std::fs::write(&path, log_text(10, 1)).expect("write");
        let planned = plan(
            Input {
                name: "grows.log".into(),
                mode: 0o644,
                source: Source::File(path.clone().into()),
                listed_size: None,
            },
            Level::Default,
            None,
        )
        .expect("planned");
        std::fs::write(&path, log_text(20, 1)).expect("write");
        let unit = units(std::slice::from_ref(&planned))[0];
        let error = process(&planned, unit).err().expect("refused");
        assert!(error.to_string().contains("changed while"), "{error}");
    }
}
