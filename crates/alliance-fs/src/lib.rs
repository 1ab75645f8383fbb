//! The moves on files that every stage makes the same way, made in one place: a walk that
//! names each file by its `/`-joined path relative to a folder, a write that replaces a file
//! in one step, a rename that never replaces anything, a file's SHA-256 read in pieces, and
//! whether a path is reached through a symbolic link.
//!
//! Every error names its path ([`Error::Io`]). Nothing here knows a zip, a signature or a
//! translation.

use std::path::{Path, PathBuf};

use alliance_diagnostic::{Error, IoContext, Result};

/// The prefix of the temporary file [`write_whole`] writes beside the file it replaces: a
/// killed run may leave one, which the next run that owns the folder removes.
pub const TEMP_PREFIX: &str = ".alliance-write-";

/// A file (or link) found by [`walk`].
#[derive(Debug)]
pub struct Walked {
    /// Its path relative to the folder walked, with `/` between names.
    pub rel: String,
    /// What the walk saw of it (never followed if a link).
    pub entry: walkdir::DirEntry,
}

impl Walked {
    /// Its path.
    pub fn path(&self) -> &Path {
        self.entry.path()
    }

    /// Whether it is a symbolic link.
    pub fn is_link(&self) -> bool {
        self.entry.path_is_symlink()
    }
}

/// What the system says of a file without reading it: enough to tell that it has not changed
/// since (its size, the times of its last change, and its inode). A caller that lists files
/// keeps it, so that later stages neither ask again nor trust a second answer that a change
/// in between would make disagree with the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// Its size in bytes.
    pub size: u64,
    /// When its contents last changed, in nanoseconds since 1970.
    pub modified: u64,
    /// When its contents or metadata last changed (ctime), in nanoseconds since 1970.
    pub changed: u64,
    /// Its inode number.
    pub inode: u64,
}

impl Stat {
    /// What `m` says of a file; `None` where it cannot tell enough (a time before 1970 or
    /// after 2554, or a system without ctime and inodes).
    #[cfg(unix)]
    pub fn of(m: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt;
        let nanos = |seconds: i64, nanos: i64| -> Option<u64> {
            u64::try_from(seconds)
                .ok()?
                .checked_mul(1_000_000_000)?
                .checked_add(u64::try_from(nanos).ok()?)
        };
        Some(Stat {
            size: m.len(),
            modified: nanos(m.mtime(), m.mtime_nsec())?,
            changed: nanos(m.ctime(), m.ctime_nsec())?,
            inode: m.ino(),
        })
    }

    /// Elsewhere nothing is known without reading.
    #[cfg(not(unix))]
    pub fn of(_: &std::fs::Metadata) -> Option<Stat> {
        None
    }
}

/// Every file and link under `dir` (not the folders), sorted by name within each folder,
/// each with its `/`-joined path relative to `dir`; links are never followed, and a top-level
/// entry named `skip` is left out with everything under it. An entry that cannot be read is
/// an error naming it.
pub fn walk(dir: &Path, skip: Option<&str>) -> impl Iterator<Item = Result<Walked>> {
    let skipped = skip.map(std::ffi::OsString::from);
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| !(e.depth() == 1 && Some(e.file_name()) == skipped.as_deref()))
        .filter_map(move |entry| match entry {
            Ok(entry) if entry.file_type().is_dir() => None,
            Ok(entry) => Some(Ok(Walked {
                rel: relative(dir, entry.path()),
                entry,
            })),
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                Some(Err(Error::io("read", &path, e.into())))
            }
        })
}

/// `path` relative to `base`, with `/` between names (whatever the system's separator).
pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    // The common case, a walk's clean path where `/` is the separator already, is copied
    // as it is (a walk names every file this way).
    if std::path::MAIN_SEPARATOR == '/'
        && let Some(text) = rel.to_str()
        && !text
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return text.to_string();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `data` to `path` in one step: into a temporary file beside it, flushed to disk,
/// then renamed over it (with the permissions of the file it replaces). A run killed on
/// the way leaves the old file, or the new one, never half of one.
pub fn write_whole(path: &Path, data: &[u8]) -> Result<()> {
    write_whole_with(path, |out| out.write_all(data))
}

/// [`write_whole`] of what `write` writes, as it writes it (nothing held whole in memory):
/// `path` is replaced only when `write` succeeds.
pub fn write_whole_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(&dir)
        .at("write into", &dir)?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file.as_file_mut());
        write(&mut out)
            .and_then(|()| out.flush())
            .at("write", path)?;
    }
    file.as_file().sync_all().at("write", file.path())?;
    if let Ok(metadata) = std::fs::metadata(path) {
        std::fs::set_permissions(file.path(), metadata.permissions()).at("write", file.path())?;
    }
    file.persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

/// Removes the temporary files of [`write_whole`] a killed run left at the top of `dir`;
/// the caller owns the folder (it holds its lock).
pub fn remove_cut_writes(dir: &Path) {
    for path in cut_writes(dir) {
        let _ = std::fs::remove_file(path);
    }
}

/// The temporary files of [`write_whole`] at the top of `dir`.
pub fn cut_writes(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect()
}

/// Renames `from` to `to` unless `to` exists (then `AlreadyExists`), in one step where the
/// system can (Linux `renameat2(RENAME_NOREPLACE)`).
pub fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Elsewhere (or a file system without it): a hard link fails when `to` exists.
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => std::fs::rename(from, to),
    }
}

/// The SHA-256 (hex) of the file at `path`, read in pieces; `None` when it cannot be read.
pub fn sha256_file(path: &Path) -> Option<String> {
    use sha2::Digest;
    let file = std::fs::File::open(path).ok()?;
    let mut hash = sha2::Sha256::new();
    read_pieces(file, &mut vec![0u8; 256 << 10], |b| hash.update(b)).ok()?;
    Some(hex(&hash.finalize()))
}

/// Reads `reader` to its end in pieces of `buffer`'s size, handing each to `take`; returns
/// the bytes read. The one loop that reads a whole file for a hash.
pub fn read_pieces(
    mut reader: impl std::io::Read,
    buffer: &mut [u8],
    mut take: impl FnMut(&[u8]),
) -> std::io::Result<u64> {
    let mut size = 0u64;
    loop {
        let n = reader.read(buffer)?;
        if n == 0 {
            return Ok(size);
        }
        size += n as u64;
        take(&buffer[..n]);
    }
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Two digits from a table: a digest is written for every entry of every manifest,
        // and the formatting machinery per byte cost more than the hashing.
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
}

/// What identifies a file on its system: its device and inode (on Unix; `(0, 0)`
/// elsewhere).
pub type FileId = (u64, u64);

/// Opens the regular file `path` to read, never through a symbolic link at its last name
/// (`O_NOFOLLOW`) and never blocking on a pipe (`O_NONBLOCK`); with its [`FileId`], to
/// tell it from a file put in its place later.
pub fn open_regular_no_follow(path: &Path) -> std::io::Result<(std::fs::File, FileId)> {
    let not_a_file = || std::io::Error::other("not a regular file");
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(i32::try_from(flags.bits()).unwrap_or(0));
    }
    #[cfg(not(target_os = "linux"))]
    if !std::fs::symlink_metadata(path)?.is_file() {
        return Err(not_a_file());
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_a_file());
    }
    #[cfg(unix)]
    let id = {
        use std::os::unix::fs::MetadataExt;
        (metadata.dev(), metadata.ino())
    };
    #[cfg(not(unix))]
    let id = (0, 0);
    Ok((file, id))
}

/// Whether `rel` under `base`, or any folder on the way to it, is a symbolic link.
pub fn crosses_link(base: &Path, rel: &str) -> bool {
    let mut path = base.to_path_buf();
    for part in rel.split('/') {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_lowercase_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff, 0x10]), "000fa5ff10");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn a_walk_names_files_by_slash_paths_and_leaves_out_folders_and_the_skipped_top() {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).expect("dir");
        std::fs::create_dir_all(d.join("skip/x")).expect("dir");
        std::fs::write(d.join("a/b/c.txt"), "c").expect("write");
        std::fs::write(d.join("z.txt"), "z").expect("write");
        std::fs::write(d.join("skip/x/y"), "y").expect("write");
        let names = |skip| -> Vec<String> {
            walk(d, skip)
                .map(|w| w.expect("walked").rel)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Some("skip")), ["a/b/c.txt", "z.txt"]);
        assert_eq!(names(None), ["a/b/c.txt", "skip/x/y", "z.txt"]);
    }

    #[test]
    fn a_relative_path_has_one_slash_between_names_however_it_was_written() {
        let base = Path::new("/w/files");
        assert_eq!(relative(base, Path::new("/w/files/a/b.txt")), "a/b.txt");
        assert_eq!(relative(base, Path::new("/w/files/a/./b.txt")), "a/b.txt");
        assert_eq!(relative(base, Path::new("/w/files/a//b.txt")), "a/b.txt");
        assert_eq!(relative(base, Path::new("/w/files/a/")), "a");
    }

    #[test]
    fn a_whole_write_replaces_in_one_step_and_a_rename_never_replaces() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("f");
        write_whole(&path, b"one").expect("write");
        write_whole(&path, b"two").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert!(cut_writes(dir.path()).is_empty());
        let other = dir.path().join("g");
        std::fs::write(&other, "g").expect("write");
        let refused = rename_noreplace(&other, &path).expect_err("refused");
        assert_eq!(refused.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let two = {
            use sha2::Digest;
            hex(&sha2::Sha256::digest(b"two"))
        };
        assert_eq!(sha256_file(&path).as_deref(), Some(two.as_str()));
    }
}
