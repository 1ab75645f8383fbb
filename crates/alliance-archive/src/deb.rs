//! Debian packages (`.deb`), written as `dpkg-deb --build` writes them and reproducible to
//! the byte: an `ar` archive of `debian-binary`, `control.tar.gz` and `data.tar.gz`.
//!
//! The payload is read once, as it is written: each file goes into `data.tar.gz` (GNU tar,
//! owner `root:root`, every time stamp the given epoch, entries and folders in name order,
//! gzip without a name or time) with its SHA-256 and MD5 taken on the way, in a file beside
//! the package. The control archive, which must come first and lists every file's MD5
//! (`md5sums`), is made from those; the package is then the control archive and the data
//! copied after it, hashed as written. Nothing is held whole in memory.

use std::io::{Read, Write};
use std::path::Path;

use blake2::Blake2b512;
use md5::Md5;
use sha2::{Digest, Sha256};

use crate::stream::{Input, Level, Source, Written};
use crate::{EntryRecord, Error, Result};

/// What goes into the control archive besides `md5sums`.
#[derive(Debug, Clone, Default)]
pub struct Control {
    /// The `control` file's fields in order, without `Installed-Size`, which is counted
    /// from the files and put after `Architecture`. A value of several lines is written
    /// as given (continuation lines start with a space).
    pub fields: Vec<(String, String)>,
    /// The configuration files, as absolute paths (`conffiles`).
    pub conffiles: Vec<String>,
    /// Maintainer scripts by name (`postinst`, `prerm`), written with mode 0755.
    pub scripts: Vec<(String, Vec<u8>)>,
}

/// The largest size a member of the tar archive may have (its size field: 11 octal digits).
const MAX_TAR_SIZE: u64 = (1 << 33) - 1;

/// Writes the package of `inputs` (names are paths from the root, `opt/x/bin/y`; sorted
/// here) and `control` to `out`, every time stamp `epoch`. Returns its size, hashes and
/// entries (the files, not folders, by name).
pub fn write(
    out: &Path,
    mut inputs: Vec<Input>,
    control: &Control,
    epoch: i64,
    level: Level,
) -> Result<Written> {
    inputs.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(twice) = inputs.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(Error::DuplicateEntry(twice[0].name.clone()));
    }
    // A tar time has 11 octal digits.
    let mtime = u64::try_from(epoch)
        .ok()
        .filter(|&t| t < 1 << 33)
        .ok_or_else(|| {
            Error::io(
                "write",
                out,
                std::io::Error::other(format!(
                    "the time stamp {epoch} (SOURCE_DATE_EPOCH) is not one a Debian package can hold (1970 to 2242)"
                )),
            )
        })?;
    let level = level.deflate().unwrap_or(0);
    let data_path = out.with_extension("data.tar.gz.part");
    let written = (|| {
        let file =
            std::fs::File::create(&data_path).map_err(|e| Error::io("create", &data_path, e))?;
        let gz = ParallelGz::new(std::io::BufWriter::with_capacity(1 << 20, file), level);
        let mut tar = TarWriter { out: gz, mtime };
        let (entries, md5s) = write_data(&mut tar, &inputs, &data_path)?;
        let buffered = tar
            .finish()
            .map_err(|e| Error::io("write", &data_path, e))?;
        let file = buffered
            .into_inner()
            .map_err(|e| Error::io("write", &data_path, e.into_error()))?;
        drop(file);
        let installed_kib: u64 = entries.iter().map(|e| e.size.div_ceil(1024)).sum();
        let control_tar = control_archive(control, &entries, &md5s, installed_kib, mtime, level)
            .map_err(|e| Error::io("write", out, e))?;
        assemble(out, &control_tar, &data_path, mtime, entries)
    })();
    let _ = std::fs::remove_file(&data_path);
    if written.is_err() {
        let _ = std::fs::remove_file(out);
    }
    written
}

/// Writes every folder and file of `inputs` into `tar`; returns the files' records and MD5s.
fn write_data<W: Write>(
    tar: &mut TarWriter<W>,
    inputs: &[Input],
    data_path: &Path,
) -> Result<(Vec<EntryRecord>, Vec<[u8; 16]>)> {
    let mut entries = Vec::with_capacity(inputs.len());
    let mut md5s = Vec::with_capacity(inputs.len());
    let io = |e| Error::io("write", data_path, e);
    tar.dir("./").map_err(io)?;
    let mut made: Vec<&str> = Vec::new();
    for input in inputs {
        // Each folder above the file that is not written yet, outermost first.
        let mut at = 0;
        for (i, _) in input.name.match_indices('/') {
            let dir = &input.name[..i];
            if made.get(at) != Some(&dir) {
                made.truncate(at);
                made.push(dir);
                tar.dir(&format!("./{dir}/")).map_err(io)?;
            }
            at += 1;
        }
        made.truncate(at);
        let size = input.size()?;
        if size > MAX_TAR_SIZE {
            return Err(Error::io(
                "read",
                Path::new(&input.name),
                std::io::Error::other("a file of 8 GiB or more cannot go into a Debian package"),
            ));
        }
        let mut sha = Sha256::new();
        let mut md5 = Md5::new();
        let name = format!("./{}", input.name);
        tar.header(&name, b'0', input.mode & 0o7777, size)
            .map_err(io)?;
        match &input.source {
            Source::Bytes(bytes) => {
                sha.update(bytes);
                md5.update(bytes);
                tar.out.write_all(bytes).map_err(io)?;
            }
            Source::File(path) => {
                copy_file(path, size, &mut tar.out, |piece| {
                    sha.update(piece);
                    md5.update(piece);
                })?;
            }
        }
        tar.pad(size).map_err(io)?;
        entries.push(EntryRecord {
            name: input.name.clone(),
            mode: input.mode & 0o7777,
            size,
            sha256: sha.finalize().into(),
        });
        md5s.push(md5.finalize().into());
    }
    Ok((entries, md5s))
}

/// Copies exactly `size` bytes of the file at `path` to `out`, each piece also to `seen`;
/// a file of another size now is refused as changed.
fn copy_file(
    path: &Path,
    size: u64,
    out: &mut impl Write,
    mut seen: impl FnMut(&[u8]),
) -> Result<()> {
    let read_error = |e| Error::io("read", path, e);
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut buf = vec![0u8; (size.min(1 << 20) as usize).max(1)];
    let mut left = size;
    loop {
        let n = file.read(&mut buf).map_err(read_error)?;
        if n == 0 {
            break;
        }
        if n as u64 > left {
            left = u64::MAX;
            break;
        }
        seen(&buf[..n]);
        out.write_all(&buf[..n])
            .map_err(|e| Error::io("write", path, e))?;
        left -= n as u64;
    }
    if left != 0 {
        return Err(read_error(std::io::Error::other(
            "the file changed while it was being archived",
        )));
    }
    Ok(())
}

/// `control.tar.gz`: `control`, `md5sums`, `conffiles` and the scripts.
fn control_archive(
    control: &Control,
    entries: &[EntryRecord],
    md5s: &[[u8; 16]],
    installed_kib: u64,
    mtime: u64,
    level: u32,
) -> std::io::Result<Vec<u8>> {
    let mut text = String::new();
    let mut sized = false;
    for (name, value) in &control.fields {
        text.push_str(&format!("{name}: {value}\n"));
        if name == "Architecture" {
            text.push_str(&format!("Installed-Size: {installed_kib}\n"));
            sized = true;
        }
    }
    if !sized {
        text.push_str(&format!("Installed-Size: {installed_kib}\n"));
    }
    let mut sums = String::new();
    for (entry, md5) in entries.iter().zip(md5s) {
        sums.push_str(&alliance_fs::hex(md5));
        sums.push_str("  ");
        sums.push_str(&entry.name);
        sums.push('\n');
    }
    let mut files: Vec<(&str, Vec<u8>, u32)> = vec![
        ("./control", text.into_bytes(), 0o644),
        ("./md5sums", sums.into_bytes(), 0o644),
    ];
    if !control.conffiles.is_empty() {
        let list: String = control.conffiles.iter().map(|c| format!("{c}\n")).collect();
        files.push(("./conffiles", list.into_bytes(), 0o644));
    }
    let scripts: Vec<(String, &Vec<u8>)> = control
        .scripts
        .iter()
        .map(|(name, body)| (format!("./{name}"), body))
        .collect();
    for (name, body) in &scripts {
        files.push((name, (*body).clone(), 0o755));
    }
    files.sort_by(|a, b| a.0.cmp(b.0));
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    let mut tar = TarWriter { out: gz, mtime };
    tar.dir("./")?;
    for (name, body, mode) in files {
        tar.header(name, b'0', mode, body.len() as u64)?;
        tar.out.write_all(&body)?;
        tar.pad(body.len() as u64)?;
    }
    tar.finish()
}

/// Writes the `ar` archive at `out`: `debian-binary`, `control_tar`, and the data archive
/// at `data_path` copied; hashed as written.
fn assemble(
    out: &Path,
    control_tar: &[u8],
    data_path: &Path,
    mtime: u64,
    entries: Vec<EntryRecord>,
) -> Result<Written> {
    let write_error = |e| Error::io("write", out, e);
    let data_size = std::fs::metadata(data_path)
        .map_err(|e| Error::io("read", data_path, e))?
        .len();
    let file = std::fs::File::create(out).map_err(|e| Error::io("create", out, e))?;
    let mut w = Hashing {
        out: std::io::BufWriter::with_capacity(1 << 20, file),
        sha: Sha256::new(),
        blake: <Blake2b512 as blake2::Digest>::new(),
        size: 0,
    };
    w.write_all(b"!<arch>\n").map_err(write_error)?;
    for (name, body) in [
        ("debian-binary", &b"2.0\n"[..]),
        ("control.tar.gz", control_tar),
    ] {
        ar_member(&mut w, name, body.len() as u64, mtime).map_err(write_error)?;
        w.write_all(body).map_err(write_error)?;
        ar_pad(&mut w, body.len() as u64).map_err(write_error)?;
    }
    ar_member(&mut w, "data.tar.gz", data_size, mtime).map_err(write_error)?;
    let mut data = std::fs::File::open(data_path).map_err(|e| Error::io("read", data_path, e))?;
    let copied = std::io::copy(&mut data, &mut w).map_err(write_error)?;
    if copied != data_size {
        return Err(write_error(std::io::Error::other(
            "the package's data archive changed while it was copied",
        )));
    }
    ar_pad(&mut w, data_size).map_err(write_error)?;
    let Hashing {
        out: buffered,
        sha,
        blake,
        size,
    } = w;
    let file = buffered
        .into_inner()
        .map_err(|e| write_error(e.into_error()))?;
    file.sync_all().map_err(write_error)?;
    Ok(Written {
        size,
        sha256: alliance_fs::hex(&sha.finalize()),
        blake2b: blake2::Digest::finalize(blake).into(),
        entries,
        packed: Vec::new(),
        copied: 0,
    })
}

/// A writer that hashes and counts what goes through it.
struct Hashing<W> {
    out: W,
    sha: Sha256,
    blake: Blake2b512,
    size: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.sha.update(&buf[..n]);
        blake2::Digest::update(&mut self.blake, &buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// An `ar` member header as `dpkg-deb` writes it: owner 0, mode 100644.
fn ar_member(w: &mut impl Write, name: &str, size: u64, mtime: u64) -> std::io::Result<()> {
    if size >= 10_000_000_000 {
        return Err(std::io::Error::other(format!(
            "`{name}` would be {size} bytes, more than a Debian package's member can be"
        )));
    }
    let header = format!(
        "{name:<16}{mtime:<12}{:<6}{:<6}{:<8}{size:<10}`\n",
        0, 0, 100_644
    );
    debug_assert_eq!(header.len(), 60);
    w.write_all(header.as_bytes())
}

/// The newline an `ar` member of odd size is followed by.
fn ar_pad(w: &mut impl Write, size: u64) -> std::io::Result<()> {
    if size % 2 == 1 {
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// A GNU tar stream: headers written here, contents by the caller, then [`TarWriter::pad`].
struct TarWriter<W> {
    out: W,
    mtime: u64,
}

impl<W: Write> TarWriter<W> {
    fn dir(&mut self, name: &str) -> std::io::Result<()> {
        self.header(name, b'5', 0o755, 0)
    }

    /// The header of entry `name` (a GNU long-name entry first when it does not fit).
    fn header(&mut self, name: &str, kind: u8, mode: u32, size: u64) -> std::io::Result<()> {
        let bytes = name.as_bytes();
        if bytes.len() > 100 {
            let mut long = bytes.to_vec();
            long.push(0);
            self.out.write_all(&tar_header(
                "././@LongLink",
                b'L',
                0o644,
                long.len() as u64,
                0,
            ))?;
            self.out.write_all(&long)?;
            self.pad(long.len() as u64)?;
        }
        let cut = &name[..floor_char_boundary(name, 100)];
        self.out
            .write_all(&tar_header(cut, kind, mode, size, self.mtime))
    }

    /// Zeros to the end of a 512-byte block after `size` bytes of contents.
    fn pad(&mut self, size: u64) -> std::io::Result<()> {
        let rest = (512 - size % 512) % 512;
        self.out.write_all(&[0u8; 512][..rest as usize])
    }
}

impl<W: Write> TarWriter<flate2::write::GzEncoder<W>> {
    /// The two zero blocks that end the archive; the compressed stream finished.
    fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(&[0u8; 1024])?;
        self.out.finish()
    }
}

impl<W: Write> TarWriter<ParallelGz<W>> {
    /// The two zero blocks that end the archive; the compressed stream finished.
    fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(&[0u8; 1024])?;
        self.out.finish()
    }
}

/// How much of the stream one task compresses.
const GZ_CHUNK: usize = 1 << 20;
/// How many chunks are compressed together, on all cores.
const GZ_BATCH: usize = 8;
/// Deflate's window: each chunk is primed with the last bytes of the one before.
const WINDOW: usize = 32 << 10;

/// A gzip stream compressed on all cores, as `pigz` does: the stream is cut into chunks of
/// [`GZ_CHUNK`], each deflated with the end of the one before as its dictionary and ended
/// on a byte boundary, so that they join into one deflate stream. The bytes depend only on
/// the data and the level, never on the threads. No name or time in the header.
struct ParallelGz<W> {
    out: W,
    level: u32,
    chunk: Vec<u8>,
    batch: Vec<Vec<u8>>,
    /// The end of the last chunk compressed.
    dictionary: Vec<u8>,
    crc: crc32fast::Hasher,
    size: u64,
    header: bool,
}

impl<W: Write> ParallelGz<W> {
    fn new(out: W, level: u32) -> Self {
        ParallelGz {
            out,
            level,
            chunk: Vec::with_capacity(GZ_CHUNK),
            batch: Vec::new(),
            dictionary: Vec::new(),
            crc: crc32fast::Hasher::new(),
            size: 0,
            header: false,
        }
    }

    /// Compresses the chunks of the batch on all cores and writes them in order; `last`:
    /// the final one ends the deflate stream.
    fn compress_batch(&mut self, last: bool) -> std::io::Result<()> {
        use rayon::prelude::*;
        if !self.header {
            let extra = match self.level {
                9 => 2,
                1 => 4,
                _ => 0,
            };
            self.out
                .write_all(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extra, 255])?;
            self.header = true;
        }
        if last && self.batch.is_empty() {
            self.batch.push(Vec::new());
        }
        let count = self.batch.len();
        let batch = std::mem::take(&mut self.batch);
        let previous = std::mem::take(&mut self.dictionary);
        let level = self.level;
        let compressed: Vec<Vec<u8>> = (0..count)
            .into_par_iter()
            .map(|i| {
                let before: &[u8] = if i == 0 { &previous } else { &batch[i - 1] };
                let dictionary = &before[before.len().saturating_sub(WINDOW)..];
                crate::stream::deflate(&batch[i], level, dictionary, last && i + 1 == count)
            })
            .collect();
        for (data, packed) in batch.iter().zip(&compressed) {
            self.crc.update(data);
            self.out.write_all(packed)?;
        }
        if let Some(end) = batch.last() {
            self.dictionary = end[end.len().saturating_sub(WINDOW)..].to_vec();
        }
        Ok(())
    }

    /// The last chunks, then the trailer (CRC-32 and size); the writer underneath.
    fn finish(mut self) -> std::io::Result<W> {
        if !self.chunk.is_empty() {
            self.batch.push(std::mem::take(&mut self.chunk));
        }
        self.compress_batch(true)?;
        let crc = self.crc.clone().finalize();
        self.out.write_all(&crc.to_le_bytes())?;
        // ISIZE: the size modulo 2^32, as gzip keeps it.
        self.out.write_all(&(self.size as u32).to_le_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Write for ParallelGz<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(GZ_CHUNK - self.chunk.len());
        self.chunk.extend_from_slice(&buf[..n]);
        self.size += n as u64;
        if self.chunk.len() == GZ_CHUNK {
            let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(GZ_CHUNK));
            self.batch.push(full);
            if self.batch.len() == GZ_BATCH {
                self.compress_batch(false)?;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The largest index at most `max` that is a character boundary of `text`.
fn floor_char_boundary(text: &str, max: usize) -> usize {
    let mut at = max.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One 512-byte GNU tar header.
fn tar_header(name: &str, kind: u8, mode: u32, size: u64, mtime: u64) -> [u8; 512] {
    let mut h = [0u8; 512];
    let put = |h: &mut [u8; 512], at: usize, value: &[u8]| {
        h[at..at + value.len()].copy_from_slice(value);
    };
    put(&mut h, 0, name.as_bytes());
    put(&mut h, 100, format!("{mode:07o}\0").as_bytes());
    put(&mut h, 108, b"0000000\0");
    put(&mut h, 116, b"0000000\0");
    put(&mut h, 124, format!("{size:011o}\0").as_bytes());
    put(&mut h, 136, format!("{mtime:011o}\0").as_bytes());
    put(&mut h, 148, b"        ");
    h[156] = kind;
    put(&mut h, 257, b"ustar  \0");
    put(&mut h, 265, b"root");
    put(&mut h, 297, b"root");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    put(&mut h, 148, format!("{sum:06o}\0 ").as_bytes());
    h
}

/// Checks the Debian package `reader` holds, as hostile input, against `expected`: an
/// `ar` archive of `debian-binary` (`2.0`), `control.tar.gz` and `data.tar.gz`, whose data
/// holds exactly the expected files (folders aside) with their sizes, SHA-256 and modes, and
/// nothing but files and folders. Reads at most what `limits` allow; never writes.
pub fn check(
    reader: &crate::SharedReader,
    expected: &crate::Expected<'_>,
    limits: crate::Limits,
) -> Result<crate::Mismatch> {
    let bad = not_a_package;
    let mut r = reader.from_start();
    let total = reader.len();
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic)
        .map_err(|_| bad("too short to be a Debian package".into()))?;
    if &magic != b"!<arch>\n" {
        return Err(bad("not a Debian package (no `ar` archive)".into()));
    }
    let mut offset = 8u64;
    let mut members = Vec::new();
    let mut mismatch = crate::Mismatch::default();
    while offset < total {
        let mut header = [0u8; 60];
        r.read_exact(&mut header)
            .map_err(|_| bad(format!("a member header at byte {offset} is cut short")))?;
        if &header[58..60] != b"`\n" {
            return Err(bad(format!(
                "the member header at byte {offset} is damaged"
            )));
        }
        let name = String::from_utf8_lossy(&header[..16])
            .trim_end()
            .trim_end_matches('/')
            .to_string();
        let size: u64 = std::str::from_utf8(&header[48..58])
            .ok()
            .and_then(|t| t.trim_end().parse().ok())
            .ok_or_else(|| bad(format!("member `{name}` has no readable size")))?;
        let start = offset + 60;
        let end = start
            .checked_add(size)
            .filter(|&e| e <= total)
            .ok_or_else(|| bad(format!("member `{name}` runs past the end of the file")))?;
        let expected_name = ["debian-binary", "control.tar.gz", "data.tar.gz"].get(members.len());
        if expected_name != Some(&name.as_str()) {
            return Err(bad(format!(
                "member {} is `{name}`, where a package made by alliance has `{}`",
                members.len() + 1,
                expected_name.unwrap_or(&"nothing")
            )));
        }
        let body = (&mut r).take(size);
        match name.as_str() {
            "debian-binary" => {
                let mut text = Vec::new();
                body.take(5)
                    .read_to_end(&mut text)
                    .map_err(|e| Error::io("read", Path::new(&name), e))?;
                if size != 4 || text != b"2.0\n" {
                    return Err(bad("`debian-binary` is not `2.0`".into()));
                }
            }
            "data.tar.gz" => mismatch = check_data_member(body, expected, limits)?,
            // The control archive (control, md5sums, conffiles, scripts) is covered by the
            // signature and the SHA-256 of the whole package, checked before this is read;
            // the files it describes are checked here.
            _ => {}
        }
        members.push(name);
        offset = end + end % 2;
        std::io::Seek::seek(&mut r, std::io::SeekFrom::Start(offset))
            .map_err(|e| Error::io("read", Path::new("package"), e))?;
    }
    if members.len() != 3 {
        return Err(bad(format!("it has {} members, not 3", members.len())));
    }
    Ok(mismatch)
}

/// The `data.tar.gz` member `body`: its files against `expected`, then nothing after the
/// tar's end but its zero padding, the gzip stream whole (CRC and size) and ending with the
/// member.
fn check_data_member<R: Read>(
    body: std::io::Take<R>,
    expected: &crate::Expected<'_>,
    limits: crate::Limits,
) -> Result<crate::Mismatch> {
    let mut buffered = std::io::BufReader::new(body);
    let mut gz = flate2::bufread::GzDecoder::new(&mut buffered);
    let mismatch = check_data(&mut gz, expected, limits)?;
    // The gzip stream must end there (its CRC and size checked) and the member
    // with it: nothing unread may hide behind the data.
    // After the end block, only the tar's zero padding (one more block here;
    // a record of 10 KiB from other writers).
    let mut rest = Vec::new();
    (&mut gz)
        .take(20 << 10)
        .read_to_end(&mut rest)
        .map_err(|e| {
            not_a_package(format!(
                "the data archive's compressed stream is damaged: {e}"
            ))
        })?;
    let more = gz.read(&mut [0u8; 1]).map_err(|e| {
        not_a_package(format!(
            "the data archive's compressed stream is damaged: {e}"
        ))
    })?;
    drop(gz);
    let after = buffered.buffer().len() as u64 + buffered.get_ref().limit();
    if rest.iter().any(|&b| b != 0) || more != 0 || after != 0 {
        return Err(not_a_package(
            "the data archive has bytes after its end, which a package made by alliance never has"
                .into(),
        ));
    }
    Ok(mismatch)
}

/// The data archive's files against `expected`.
fn check_data(
    mut tar: impl Read,
    expected: &crate::Expected<'_>,
    limits: crate::Limits,
) -> Result<crate::Mismatch> {
    let io = |e| Error::io("read", Path::new("data.tar.gz"), e);
    let mut mismatch = crate::Mismatch::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut long_name: Option<String> = None;
    let (mut entries, mut bytes) = (0usize, 0u64);
    loop {
        let mut header = [0u8; 512];
        tar.read_exact(&mut header)
            .map_err(|_| not_a_package("the data archive is cut short".into()))?;
        if header.iter().all(|&b| b == 0) {
            break;
        }
        let size = checked_size(&header)?;
        // Files count against the limit; each may bring a long name and a folder.
        entries += 1;
        bytes = bytes.saturating_add(size);
        if entries > limits.max_entries.saturating_mul(4) || bytes > limits.max_total {
            return Err(not_a_package(
                "the data archive holds more than a package may".into(),
            ));
        }
        owned_by_root(&header)?;
        let mut body = (&mut tar).take(size);
        let name = match long_name.take() {
            Some(name) => name,
            None => {
                let end = header[..100].iter().position(|&b| b == 0).unwrap_or(100);
                text(&header[..end])?
            }
        };
        let mode = octal(&header[100..108])
            .ok_or_else(|| not_a_package(format!("`{name}` has no readable mode")))?
            as u32;
        match header[156] {
            b'L' if size <= 4096 => {
                let mut bytes = Vec::new();
                body.read_to_end(&mut bytes).map_err(io)?;
                let bytes = bytes.strip_suffix(b"\0").unwrap_or(&bytes);
                long_name = Some(text(bytes)?);
            }
            b'5' => mismatch
                .refused
                .extend(unknown_folder(&name, mode, expected)),
            b'0' => {
                let Some(path) = name.strip_prefix("./").map(str::to_string) else {
                    mismatch
                        .refused
                        .push(format!("`{name}` does not start with `./`"));
                    continue_past(body, size).map_err(io)?;
                    continue;
                };
                let mode = mode & 0o7777;
                let digest = sha256_of(&mut body).map_err(io)?;
                if !seen.insert(path.clone()) {
                    mismatch
                        .refused
                        .push(format!("`{path}` is in the data archive twice"));
                } else {
                    match expected.get(path.as_str()) {
                        None => mismatch.added.push(path),
                        Some(&(want_size, want_sha, want_mode)) => {
                            if (want_size, want_sha, want_mode) != (size, digest.as_str(), mode) {
                                mismatch.changed.push(path);
                            }
                        }
                    }
                }
            }
            _ => mismatch.refused.push(format!(
                "`{name}` is a link or special file, which a package made by alliance never holds"
            )),
        }
        continue_past(body, size).map_err(io)?;
    }
    mismatch.missing = expected
        .keys()
        .filter(|name| !seen.contains(**name))
        .map(|name| (*name).to_string())
        .collect();
    Ok(mismatch)
}

/// The SHA-256 of what `from` reads, in hex.
fn sha256_of(from: &mut impl Read) -> std::io::Result<String> {
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            return Ok(alliance_fs::hex(&sha.finalize()));
        }
        sha.update(&buf[..n]);
    }
}

/// The size a tar header declares, once its checksum is found right.
fn checked_size(header: &[u8; 512]) -> Result<u64> {
    let stored = octal(&header[148..156])
        .ok_or_else(|| not_a_package("a data header has no checksum".into()))?;
    let sum: u64 = header
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(b)
            }
        })
        .sum();
    if sum != stored {
        return Err(not_a_package(
            "a header of the data archive is damaged (its checksum)".into(),
        ));
    }
    octal(&header[124..136])
        .ok_or_else(|| not_a_package("a data entry has no readable size".into()))
}

/// An archive from outside that is not a Debian package alliance made: `what` says why.
fn not_a_package(what: String) -> Error {
    Error::Read {
        what,
        source: zip::result::ZipError::InvalidArchive("not a Debian package".into()),
    }
}

/// Why the folder entry `name` with `mode` is not one the writer makes: `./` and the
/// folders of the manifest's files, each 0755.
fn unknown_folder(name: &str, mode: u32, expected: &crate::Expected<'_>) -> Option<String> {
    let Some(folder) = name.strip_prefix("./") else {
        return Some(format!("the folder `{name}` does not start with `./`"));
    };
    let known = folder.is_empty()
        || (folder.ends_with('/')
            && expected
                .range(folder..)
                .next()
                .is_some_and(|(f, _)| f.starts_with(folder)));
    (!known || mode != 0o755).then(|| {
        format!(
            "the folder `{name}` (mode {mode:04o}) is not one of the manifest's files' folders with mode 0755"
        )
    })
}

/// An octal number field of a tar header, as the writer makes them: digits, then NUL or
/// space to the end (nothing that dpkg would read otherwise, such as leading NULs).
fn octal(field: &[u8]) -> Option<u64> {
    let digits = field.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || field[digits..].iter().any(|&b| b != 0 && b != b' ') {
        return None;
    }
    let text = std::str::from_utf8(&field[..digits]).ok()?;
    u64::from_str_radix(text, 8).ok()
}

/// A name from the archive, which must be UTF-8.
fn text(bytes: &[u8]) -> Result<String> {
    String::from_utf8(bytes.to_vec())
        .map_err(|_| not_a_package("a name in the data archive is not UTF-8".into()))
}

/// Refuses a header that is not GNU tar's (whose name may then have a prefix that dpkg
/// puts in front of it) or whose entry is not owned by root.
fn owned_by_root(header: &[u8; 512]) -> Result<()> {
    let field = |at: usize, len: usize| {
        let end = header[at..at + len]
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(len);
        &header[at..at + end]
    };
    let root = &header[257..265] == b"ustar  \0"
        && octal(&header[108..116]) == Some(0)
        && octal(&header[116..124]) == Some(0)
        && field(265, 32) == b"root"
        && field(297, 32) == b"root";
    if root {
        Ok(())
    } else {
        Err(not_a_package(
            "an entry of the data archive is not a GNU tar entry owned by root:root".into(),
        ))
    }
}

/// Reads past what is left of an entry's `body` and its padding to a 512-byte block.
fn continue_past<R: Read>(mut body: std::io::Take<&mut R>, size: u64) -> std::io::Result<()> {
    std::io::copy(&mut body, &mut std::io::sink())?;
    let pad = (512 - size % 512) % 512;
    std::io::copy(&mut body.into_inner().take(pad), &mut std::io::sink())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(name: &str, data: &[u8], mode: u32) -> Input {
        Input {
            name: name.to_string(),
            mode,
            source: Source::Bytes(data.to_vec()),
            listed_size: None,
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_bytes_and_the_folders_come_before_their_files() {
        let dir = tempfile::tempdir().expect("dir");
        let control = Control {
            fields: vec![
                ("Package".into(), "p".into()),
                ("Architecture".into(), "all".into()),
            ],
            ..Control::default()
        };
        let long = format!("opt/p/{}/x", "d".repeat(120));
        let inputs = vec![
            bytes("opt/p/b", b"bee", 0o644),
            bytes(&long, b"long", 0o644),
            bytes("opt/p/a/z", b"zed", 0o755),
        ];
        let one = dir.path().join("one.deb");
        let two = dir.path().join("two.deb");
        let a = write(&one, inputs.clone(), &control, 1_000_000, Level::Default).expect("one");
        let mut reversed = inputs;
        reversed.reverse();
        let b = write(&two, reversed, &control, 1_000_000, Level::Default).expect("two");
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(
            std::fs::read(&one).expect("ok"),
            std::fs::read(&two).expect("ok")
        );
        let names: Vec<&str> = a.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["opt/p/a/z", "opt/p/b", long.as_str()]);
        assert!(!dir.path().join("one.data.tar.gz.part").exists());

        // The data archive, read back: every folder before what it holds, the long name whole.
        let data = std::fs::read(&one).expect("ok");
        let at = data
            .windows(11)
            .position(|w| w == b"data.tar.gz")
            .expect("ok")
            + 60;
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(&data[at..])
            .read_to_end(&mut tar)
            .expect("gzip");
        let mut names = Vec::new();
        let mut i = 0;
        let mut long_name = None;
        while tar[i] != 0 {
            let header = &tar[i..i + 512];
            let end = header[..100].iter().position(|&b| b == 0).unwrap_or(100);
            let size =
                usize::from_str_radix(std::str::from_utf8(&header[124..135]).expect("ok"), 8)
                    .expect("ok");
            let body = &tar[i + 512..i + 512 + size];
            i += 512 + size.div_ceil(512) * 512;
            if header[156] == b'L' {
                long_name = Some(String::from_utf8(body[..size - 1].to_vec()).expect("ok"));
                continue;
            }
            let name = long_name
                .take()
                .unwrap_or_else(|| String::from_utf8(header[..end].to_vec()).expect("ok"));
            names.push(name);
        }
        let dir_long = format!("./opt/p/{}/", "d".repeat(120));
        assert_eq!(
            names,
            [
                "./",
                "./opt/",
                "./opt/p/",
                "./opt/p/a/",
                "./opt/p/a/z",
                "./opt/p/b",
                dir_long.as_str(),
                format!("./{long}").as_str()
            ]
        );
    }

    #[test]
    fn a_package_is_checked_against_what_was_written_and_a_changed_byte_is_found() {
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("p.deb");
        let long = format!("opt/p/{}/x", "d".repeat(120));
        let inputs = vec![
            bytes("opt/p/a", b"alpha", 0o644),
            bytes(&long, b"long one", 0o755),
        ];
        let written = write(&out, inputs, &Control::default(), 0, Level::Store).expect("write");
        let hexes: Vec<String> = written
            .entries
            .iter()
            .map(|e| alliance_fs::hex(&e.sha256))
            .collect();
        let expected: crate::Expected<'_> = written
            .entries
            .iter()
            .zip(&hexes)
            .map(|(e, h)| (e.name.as_str(), (e.size, h.as_str(), e.mode)))
            .collect();
        let data = std::fs::read(&out).expect("ok");
        let limits = crate::Limits::default();
        let check =
            |bytes: Vec<u8>| check(&crate::SharedReader::from_bytes(bytes), &expected, limits);
        assert!(check(data.clone()).expect("reads").is_empty());

        // Stored (level 0), so the payload's bytes are there to change: the CRC of gzip is
        // not what finds it, the SHA-256 is (the stream is read, not its trailer).
        let mut changed = data.clone();
        let at = changed
            .windows(5)
            .position(|w| w == b"alpha")
            .expect("stored");
        changed[at] = b'A';
        let outcome = check(changed);
        assert!(
            outcome.as_ref().map_or(true, |m| !m.is_empty()),
            "a changed byte passed: {outcome:?}"
        );

        // Fewer expected files: the other is not in the manifest; more: one is missing.
        let mut fewer = expected.clone();
        fewer.remove(long.as_str());
        let m = super::check(
            &crate::SharedReader::from_bytes(data.clone()),
            &fewer,
            limits,
        )
        .expect("reads");
        assert_eq!(m.added, std::slice::from_ref(&long));
        let mut more = expected.clone();
        more.insert("opt/p/b", (1, "00", 0o644));
        let m = super::check(
            &crate::SharedReader::from_bytes(data.clone()),
            &more,
            limits,
        )
        .expect("reads");
        assert_eq!(m.missing, ["opt/p/b"]);

        // Not a package, cut short, a member renamed: refused, never a panic.
        for cut in [0, 7, 8, 50, 68, 200, data.len() - 1] {
            let _ = check(data[..cut].to_vec());
        }
        assert!(check(b"PK\x03\x04 not a package".to_vec()).is_err());
        let mut renamed = data.clone();
        renamed[8..8 + 13].copy_from_slice(b"debian-binarz");
        assert!(
            check(renamed)
                .expect_err("refused")
                .to_string()
                .contains("debian-binarz")
        );
    }

    /// `deb` with its data archive changed by `change` (header checksums made right again),
    /// and `trailer` appended to its compressed stream.
    fn rebuilt(deb: &[u8], change: impl Fn(&mut Vec<u8>), trailer: &[u8]) -> Vec<u8> {
        let at = deb
            .windows(11)
            .position(|w| w == b"data.tar.gz")
            .expect("data");
        let mut tar = Vec::new();
        flate2::read::GzDecoder::new(&deb[at + 60..])
            .read_to_end(&mut tar)
            .expect("gzip");
        change(&mut tar);
        for block in tar.chunks_mut(512) {
            if block.len() == 512 && block[257..262] == *b"ustar" {
                block[148..156].copy_from_slice(b"        ");
                let sum: u32 = block.iter().map(|&b| u32::from(b)).sum();
                block[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
            }
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        gz.write_all(&tar).expect("gzip");
        let mut data = gz.finish().expect("gzip");
        data.extend_from_slice(trailer);
        let mut out = deb[..at].to_vec();
        let mut header = Vec::new();
        ar_member(&mut header, "data.tar.gz", data.len() as u64, 0).expect("header");
        out.extend_from_slice(&header);
        out.extend_from_slice(&data);
        if data.len() % 2 == 1 {
            out.push(b'\n');
        }
        out
    }

    /// The offset of the header of entry `name` in `tar`.
    fn header_of(tar: &[u8], name: &str) -> usize {
        tar.windows(name.len())
            .position(|w| w == name.as_bytes())
            .expect("entry")
    }

    #[test]
    fn what_dpkg_would_install_otherwise_than_the_manifest_says_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("p.deb");
        let inputs = vec![bytes("opt/p/bin/a", b"alpha", 0o755)];
        let written = write(&out, inputs, &Control::default(), 0, Level::Default).expect("write");
        let sha = alliance_fs::hex(&written.entries[0].sha256);
        let expected: crate::Expected<'_> = [("opt/p/bin/a", (5, sha.as_str(), 0o755))].into();
        let deb = std::fs::read(&out).expect("ok");
        let check = |bytes: Vec<u8>| {
            super::check(
                &crate::SharedReader::from_bytes(bytes),
                &expected,
                crate::Limits::default(),
            )
        };
        let passes = |bytes: Vec<u8>| check(bytes).is_ok_and(|m| m.is_empty());
        assert!(
            passes(rebuilt(&deb, |_| {}, b"")),
            "the untouched package passes"
        );

        // A POSIX header whose prefix dpkg would put in front of the name.
        let prefixed = rebuilt(
            &deb,
            |tar| {
                let at = header_of(tar, "./opt/p/bin/a");
                tar[at + 257..at + 265].copy_from_slice(b"ustar\x0000");
                tar[at + 345..at + 355].copy_from_slice(b"etc/cron.d");
            },
            b"",
        );
        assert!(!passes(prefixed));
        // Another owner.
        let owned = rebuilt(
            &deb,
            |tar| {
                let at = header_of(tar, "./opt/p/bin/a");
                tar[at + 108..at + 116].copy_from_slice(b"0003326\0");
            },
            b"",
        );
        assert!(!passes(owned));
        // A mode dpkg reads as 0000.
        let mode = rebuilt(
            &deb,
            |tar| {
                let at = header_of(tar, "./opt/p/bin/a");
                tar[at + 100..at + 108].copy_from_slice(b"\x00\x00\x00\x000755");
            },
            b"",
        );
        assert!(!passes(mode));
        // A folder the manifest's files are not in, or of another mode.
        for (from, to) in [("./opt/p/bin/", "./etc/cron/d/"), ("./opt/p/", "./opt/q/")] {
            let folder = rebuilt(
                &deb,
                |tar| {
                    let at = header_of(tar, &format!("{from}\0"));
                    tar[at..at + to.len()].copy_from_slice(to.as_bytes());
                },
                b"",
            );
            assert!(!passes(folder), "{to}");
        }
        let open = rebuilt(
            &deb,
            |tar| {
                let at = header_of(tar, "./opt/p/bin/\0");
                tar[at + 100..at + 108].copy_from_slice(b"0000777\0");
            },
            b"",
        );
        assert!(!passes(open));
        // Bytes after the compressed stream.
        assert!(!passes(rebuilt(&deb, |_| {}, b"hidden")));
    }

    #[test]
    fn gzip_made_on_all_cores_is_one_stream_gzip_reads_whatever_the_threads() {
        let mut data = Vec::new();
        let mut n: u32 = 7;
        while data.len() < GZ_CHUNK * GZ_BATCH + GZ_CHUNK * 2 + 5 {
            n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            // Half text, half noise: compressible, with matches across chunk boundaries.
            if n.is_multiple_of(2) {
                data.extend_from_slice(b"ledger line ");
            } else {
                data.extend_from_slice(&n.to_le_bytes());
            }
        }
        for len in [0, 1, GZ_CHUNK - 1, GZ_CHUNK, data.len()] {
            let make = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .expect("pool");
                pool.install(|| {
                    let mut gz = ParallelGz::new(Vec::new(), 6);
                    // Written in odd pieces, as the tar writer does.
                    for piece in data[..len].chunks(100_003) {
                        gz.write_all(piece).expect("write");
                    }
                    gz.finish().expect("finish")
                })
            };
            let one = make(1);
            assert_eq!(one, make(4), "{len} bytes: other bytes on other threads");
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(&one[..])
                .read_to_end(&mut back)
                .expect("gzip reads it, CRC and size checked");
            assert!(back == data[..len], "{len} bytes: not what was written");
            if len > GZ_CHUNK {
                assert!(
                    one.len() < len / 2,
                    "{len} bytes: compressed to {}",
                    one.len()
                );
            }
        }
    }

    #[test]
    fn a_file_that_is_not_its_listed_size_is_refused_and_nothing_is_left() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("f");
        std::fs::write(&file, b"twelve bytes").expect("ok");
        let input = Input {
            name: "opt/p/f".into(),
            mode: 0o644,
            source: Source::File(file.into()),
            listed_size: Some(5),
        };
        let out = dir.path().join("p.deb");
        let e = write(&out, vec![input], &Control::default(), 0, Level::Fast).expect_err("refused");
        assert!(
            e.to_string()
                .contains("changed while it was being archived"),
            "{e}"
        );
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).expect("ok").count(), 1);
    }
}
