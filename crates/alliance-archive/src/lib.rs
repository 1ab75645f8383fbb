//! Deterministic zip archives, hashed on the way through.
//!
//! [`write_zip`] takes staged entries and writes a zip whose bytes depend only on them and on
//! the given time stamp: entries sorted by name, every entry with the same time and explicit
//! permissions, the same compression settings. Each entry's size and SHA-256 are recorded
//! for the manifest as it is written.

use std::path::Path;

use sha2::{Digest, Sha256};
use zip::DateTime;

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What stops reading or writing an archive.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written (it names its path).
    #[error(transparent)]
    Diagnostic(#[from] alliance_diagnostic::Error),
    /// An archive could not be written.
    #[error("cannot write {what}: {source}")]
    Write {
        /// "archive entry `x`", "archive".
        what: String,
        /// What the zip library said.
        source: zip::result::ZipError,
    },
    /// Two entries of one archive have the same name.
    #[error("two archive entries are both named `{0}`")]
    DuplicateEntry(String),
    /// An archive from outside is not a zip archive that can be read.
    #[error("{what}: {source}")]
    Read {
        /// "not a readable zip archive", "entry 3 of the archive cannot be read".
        what: String,
        /// What the zip library said.
        source: zip::result::ZipError,
    },
    /// A thread of the writer stopped before the archive was whole.
    #[error("the archive was not written whole: {0}")]
    Stopped(std::io::Error),
    /// The earlier archive entries were copied from is not what its record states.
    #[error("the earlier archive to copy entries from cannot be used: {0}")]
    Earlier(String),
}

impl Error {
    /// An I/O error on `path` while doing `action` ("read", "write" …).
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Diagnostic(alliance_diagnostic::Error::io(action, path, source))
    }

    /// What to do next, where the message alone does not say.
    pub fn help(&self) -> Option<String> {
        match self {
            Error::Diagnostic(e) => e.help(),
            Error::Earlier(_) => Some(
                "build again without it: remove the cache folder `.alliance/cache`".to_string(),
            ),
            Error::Write { .. } | Error::Stopped(_) => Some(
                "check the output folder has room and can be written, then run again".to_string(),
            ),
            Error::DuplicateEntry(_) => {
                Some("give each file of the payload its own name".to_string())
            }
            Error::Read { .. } => Some(
                "the file is damaged or not a zip archive: download it again from its publisher"
                    .to_string(),
            ),
        }
    }
}

pub mod deb;
mod read;
pub mod stream;
pub mod untrusted;

/// 1980-01-01T00:00:00Z, the earliest time a zip entry can hold: the default time stamp.
pub const ZIP_EPOCH: i64 = 315_532_800;

/// One file to put into an archive.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `/`-separated path inside the archive.
    pub name: String,
    /// Unix permission bits.
    pub mode: u32,
    /// The contents.
    pub data: Vec<u8>,
}

/// What was written for one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRecord {
    /// The entry's name in the archive.
    pub name: String,
    /// Its Unix permissions.
    pub mode: u32,
    /// Its size, uncompressed.
    pub size: u64,
    /// The SHA-256 of its contents ([`hex`] writes it as a manifest does).
    pub sha256: [u8; 32],
}

/// A finished archive.
#[derive(Debug)]
pub struct Zip {
    /// The archive's bytes.
    pub bytes: Vec<u8>,
    /// The entries, sorted by name.
    pub entries: Vec<EntryRecord>,
}

/// Writes `entries` as a reproducible zip in memory, with every time stamp set to `epoch`
/// (seconds), compressed as `zip -r` does; see [`stream::write`] for files written as they
/// are read.
pub fn write_zip(entries: Vec<Entry>, epoch: i64) -> Result<Zip> {
    let inputs = entries
        .into_iter()
        .map(|entry| stream::Input {
            name: entry.name,
            mode: entry.mode,
            source: stream::Source::Bytes(entry.data),
            listed_size: None,
        })
        .collect();
    let (bytes, written) = stream::write(inputs, epoch, stream::Level::Default, Vec::new())?;
    Ok(Zip {
        bytes,
        entries: written.entries,
    })
}

/// The most entries an artifact may hold: `release` refuses to build more, `verify` and
/// `install` read no more, and the manifest readers' budgets are sized for it.
pub const MAX_ENTRIES: usize = 100_000;
/// The most bytes (uncompressed) all entries of an artifact may hold together.
pub const MAX_TOTAL: u64 = 4 << 30;

/// Caps on what reading an archive may cost, whatever it declares.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of all entries together, uncompressed.
    pub max_total: u64,
    /// Number of entries.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total: MAX_TOTAL,
            max_entries: MAX_ENTRIES,
        }
    }
}

/// What an archive is expected to hold (from its manifest): name -> (size, sha256 in
/// lowercase hex, mode), borrowed from the manifest (nothing of a manifest of 100,000 entries
/// is copied to check its archive).
pub type Expected<'a> = std::collections::BTreeMap<&'a str, (u64, &'a str, u32)>;

/// Why an archive does not match what was expected, entry by entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mismatch {
    /// Entries refused outright (unsafe names, links, duplicates, too many, too large).
    pub refused: Vec<String>,
    /// Entries the archive has and the manifest does not.
    pub added: Vec<String>,
    /// Entries the manifest lists and the archive lacks.
    pub missing: Vec<String>,
    /// Entries whose size or SHA-256 differ.
    pub changed: Vec<String>,
}

impl Mismatch {
    /// Whether the archive holds exactly what was expected.
    pub fn is_empty(&self) -> bool {
        self.refused.is_empty()
            && self.added.is_empty()
            && self.missing.is_empty()
            && self.changed.is_empty()
    }

    /// One sentence per kind of difference.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let quote = |names: &[String]| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.refused.is_empty() {
            parts.push(self.refused.join("; "));
        }
        if !self.added.is_empty() {
            parts.push(format!("not in the manifest: {}", quote(&self.added)));
        }
        if !self.missing.is_empty() {
            parts.push(format!("missing: {}", quote(&self.missing)));
        }
        if !self.changed.is_empty() {
            parts.push(format!("changed: {}", quote(&self.changed)));
        }
        parts.join("; ")
    }
}

pub use read::{
    DirectoryEntry, Elsewhere, Entries, SharedReader, Span, check_directory,
    check_directory_skipping, check_only, directory_bounds, list, read_checked, read_checked_from,
    read_checked_skipping, spans,
};

/// The longest path component most file systems take (ext4, NTFS, APFS: 255).
pub const MAX_COMPONENT_BYTES: usize = 255;

/// Whether `name` is a safe relative path inside an archive, one that installs as the same
/// file everywhere and shows what it is; the error says why not.
pub fn safe_name(name: &str) -> std::result::Result<(), String> {
    if name.is_empty() {
        return Err("has an empty name".into());
    }
    if name.contains('\\') {
        return Err("contains a backslash".into());
    }
    if name.contains('\0') || name.chars().any(char::is_control) {
        return Err("contains a control character".into());
    }
    if let Some(c) = name.chars().find(|&c| is_invisible(c)) {
        return Err(format!(
            "contains the invisible or direction-changing character U+{:04X} (it would show another name than the one written)",
            u32::from(c)
        ));
    }
    if name.starts_with('/') {
        return Err("is an absolute path".into());
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return Err("starts with a drive letter".into());
    }
    for component in name.split('/') {
        match component {
            ".." => return Err("climbs out of its folder with `..`".into()),
            "." | "" => return Err("has an empty or `.` path component".into()),
            // On Windows `C:x` is a drive path and `name:stream` an alternate data stream.
            c if c.contains(':') => {
                return Err("contains a colon (a drive or stream on Windows)".into());
            }
            c if c.ends_with('.') || c.ends_with(' ') => {
                return Err(
                    "has a path component ending in a dot or space (renamed on Windows)".into(),
                );
            }
            c if is_reserved_on_windows(c) => {
                return Err("uses a device name reserved on Windows".into());
            }
            c if c.len() > MAX_COMPONENT_BYTES => {
                return Err(format!(
                    "has a path component longer than {MAX_COMPONENT_BYTES} bytes (too long for most file systems)"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Characters that change the direction of the text around them or show nothing at all:
/// Unicode's format characters (bidirectional controls, zero-width joiners, the byte order
/// mark, the soft hyphen …), variation selectors, invisible fillers and every space but
/// the plain one.
fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x034F
            | 0x061C
            | 0x0600..=0x0605
            | 0x06DD
            | 0x070F
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    ) || (c.is_whitespace() && c != ' ')
}

/// `CON`, `nul.txt`, `COM1`, `CONIN$`, `LPT³` …: names Windows opens as devices, whatever
/// the extension and with spaces before it.
pub fn is_reserved_on_windows(component: &str) -> bool {
    let stem = component
        .split('.')
        .next()
        .unwrap_or(component)
        .trim_end_matches(' ');
    // The longest reserved name is `CONOUT$` (7 bytes; `COM¹` is 5).
    if stem.len() > 7 {
        return false;
    }
    let stem = stem.to_ascii_uppercase();
    if matches!(
        stem.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = stem.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let digit = chars.next();
    (prefix == "COM" || prefix == "LPT")
        && chars.next().is_none()
        && digit.is_some_and(|d| d.is_ascii_digit() || matches!(d, '\u{b9}' | '\u{b2}' | '\u{b3}'))
}

/// `name` as systems that ignore case and normalization compare it: composed (NFC, as
/// macOS treats `é` and `e` + U+0301 alike) and case-folded (upper then lower case, so
/// that `ΟΔΟΣ`/`οδοσ` and `ſ`/`s` meet too).
fn fold(name: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    // An ASCII name is its own NFC, and its case folds byte by byte (a name in lowercase
    // already is not copied).
    if name.is_ascii() {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            return name.to_ascii_lowercase().into();
        }
        return name.into();
    }
    name.nfc()
        .collect::<String>()
        .to_uppercase()
        .to_lowercase()
        .into()
}

/// Names of one archive that are safe alone but clash where names are compared without
/// case (Windows, macOS), or where one is a file and a folder at once; one sentence each.
pub fn name_clashes<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    use rustc_hash::{FxHashMap, FxHashSet};
    let mut files: FxHashMap<std::borrow::Cow<'a, str>, &str> = FxHashMap::default();
    let mut folders: FxHashSet<String> = FxHashSet::default();
    let mut clashes = Vec::new();
    for name in names {
        let folded = fold(name);
        for (i, _) in folded.match_indices('/') {
            if !folders.contains(&folded[..i]) {
                folders.insert(folded[..i].to_string());
            }
        }
        match files.get(&folded) {
            Some(other) if *other != name => clashes.push(format!(
                "`{other}` and `{name}` differ only in case (one file on Windows and macOS)"
            )),
            Some(_) => {}
            None => {
                files.insert(folded, name);
            }
        }
    }
    let mut both: Vec<(&str, &str)> = files
        .iter()
        .filter(|(folded, _)| folders.contains(folded.as_ref()))
        .map(|(folded, name)| (folded.as_ref(), *name))
        .collect();
    both.sort_unstable();
    for (_, name) in both {
        clashes.push(format!("`{name}` is both a file and a folder"));
    }
    clashes
}

/// The lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

pub use alliance_fs::{hex, read_pieces};

/// The zip (MS-DOS) time stamp of `epoch` seconds, UTC, clamped to what a zip can hold.
pub fn zip_time(epoch: i64) -> DateTime {
    let (year, month, day, seconds) = alliance_date::civil_from_epoch(epoch);
    let fallback = DateTime::default();
    if year < 1980 {
        return fallback;
    }
    let (year, month, day, seconds) = if year > 2107 {
        (2107, 12, 31, 86_399)
    } else {
        (year, month, day, seconds)
    };
    DateTime::from_date_and_time(
        u16::try_from(year).unwrap_or(1980),
        month,
        day,
        (seconds / 3600) as u8,
        (seconds / 60 % 60) as u8,
        (seconds % 60) as u8,
    )
    .unwrap_or(fallback)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, data: &str) -> Entry {
        Entry {
            name: name.into(),
            mode: 0o644,
            data: data.as_bytes().to_vec(),
        }
    }

    #[test]
    fn same_entries_in_any_order_give_the_same_bytes() {
        let a = write_zip(
            vec![entry("b.txt", "bee"), entry("a/x.txt", "ex")],
            809_222_400,
        )
        .expect("zip");
        let b = write_zip(
            vec![entry("a/x.txt", "ex"), entry("b.txt", "bee")],
            809_222_400,
        )
        .expect("zip");
        assert_eq!(a.bytes, b.bytes);
        assert_eq!(a.entries[0].name, "a/x.txt");
        let c = write_zip(
            vec![entry("a/x.txt", "ex"), entry("b.txt", "bee")],
            809_222_402,
        )
        .expect("zip");
        assert_ne!(a.bytes, c.bytes, "the time stamp is part of the bytes");
    }

    /// A zip of `names`, each holding its own name, written by the zip crate as anyone
    /// could write one.
    fn foreign_zip(names: &[&str]) -> SharedReader {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for name in names {
            let options = zip::write::SimpleFileOptions::default().unix_permissions(0o640);
            writer.start_file(*name, options).expect("entry");
            std::io::Write::write_all(&mut writer, name.as_bytes()).expect("data");
        }
        SharedReader::from_bytes(writer.finish().expect("zip").into_inner())
    }

    #[test]
    fn list_reads_the_directory_and_refuses_what_the_hostile_reader_refuses() {
        let listed = list(&foreign_zip(&["b.txt", "a/x.txt"]), Limits::default()).expect("lists");
        let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["b.txt", "a/x.txt"], "in the directory's order");
        assert_eq!(listed[0].size, 5);
        assert_eq!(listed[0].mode.map(|m| m & 0o777), Some(0o640));
        assert_eq!(listed[0].crc32, crc32fast::hash(b"b.txt"));
        let err = list(&foreign_zip(&["ok", "../evil"]), Limits::default()).expect_err("climbs");
        assert!(
            err.to_string().contains("evil") || format!("{err:?}").contains("evil"),
            "{err:?}"
        );
        let few = Limits {
            max_entries: 1,
            ..Limits::default()
        };
        let err = list(&foreign_zip(&["a", "b"]), few).expect_err("too many");
        assert!(
            format!("{err:?}").contains("more than the 1 allowed"),
            "{err:?}"
        );
    }

    #[test]
    fn duplicate_names_are_refused() {
        let err = write_zip(vec![entry("a", "1"), entry("a", "2")], 0).expect_err("duplicate");
        assert!(err.to_string().contains("`a`"));
    }

    #[test]
    fn epoch_converts_to_civil_time() {
        let t = zip_time(809_222_400 + 3_661);
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (1995, 8, 24, 1, 1, 0)
        );
        assert_eq!(zip_time(0).year(), 1980);
    }

    #[test]
    fn unsafe_names_are_refused() {
        for name in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "C:/Windows/x",
            "p/files/C:/Windows/evil.dll",
            "p/files/C:evil",
            "p/file.txt:stream",
            "p/CON",
            "p/nul.txt",
            "p/com1.log",
            "p/trailing.",
            "p/trailing ",
            "a\\b",
            "a//b",
            "./a",
            "",
            // Issue 9, item 7: the other device names, superscript digits, and a space
            // before the extension, which Windows drops.
            "p/CONIN$",
            "p/conout$.txt",
            "p/COM\u{b9}",
            "p/LPT\u{b3}.txt",
            "p/CON .txt",
            "p/com0",
            // Issue 9, item 9: names that show the user something else than what is
            // written.
            "p/invoice\u{202e}fdp.exe",
            "p/set\u{200b}up.exe",
            "p/\u{feff}bom",
            "p/soft\u{ad}hyphen",
            "p/no\u{a0}break",
            "p/isolate\u{2066}x\u{2069}",
        ] {
            assert!(safe_name(name).is_err(), "{name:?} should be refused");
        }
        assert!(safe_name("spark-3.2.1/files/bin/spark").is_ok());
        assert!(
            safe_name("p/console.txt").is_ok()
                && safe_name("p/COM10").is_ok()
                && safe_name("p/.hidden").is_ok()
        );
    }

    /// Issue 9, items 8 and 9: names each safe alone, unsafe together.
    #[test]
    fn names_that_clash_on_some_system_are_refused_together() {
        let clash = |names: &[&str]| name_clashes(names.iter().copied());
        assert!(clash(&["p/a", "p/b", "p/c/d"]).is_empty());
        let found = clash(&["p/Readme.txt", "p/README.txt"]);
        assert!(
            found.len() == 1 && found[0].contains("differ only in case"),
            "{found:?}"
        );
        let found = clash(&["p/\u{130}x", "p/i\u{307}x"]);
        assert_eq!(found.len(), 1, "unicode case folding: {found:?}");
        let found = clash(&["p/a", "p/a/b"]);
        assert!(
            found.len() == 1 && found[0].contains("both a file and a folder"),
            "{found:?}"
        );
        let found = clash(&[
            "p/\u{39f}\u{394}\u{39f}\u{3a3}",
            "p/\u{3bf}\u{3b4}\u{3bf}\u{3c3}",
        ]);
        assert_eq!(found.len(), 1, "final sigma: {found:?}");
        let found = clash(&["p/\u{17f}x", "p/sx"]);
        assert_eq!(found.len(), 1, "long s: {found:?}");
        let found = clash(&["p/caf\u{e9}", "p/cafe\u{301}"]);
        assert_eq!(found.len(), 1, "composed and decomposed: {found:?}");
        let found = clash(&["p/A", "p/a/b"]);
        assert_eq!(
            found.len(),
            1,
            "a file and a folder in another case: {found:?}"
        );
        let long = format!("p/{}", "x".repeat(256));
        assert!(safe_name(&long).is_err(), "a component over 255 bytes");
        assert!(safe_name(&format!("p/{}", "x".repeat(255))).is_ok());
    }

    /// Issue 9, item 9: a local header naming another file than the central directory.
    #[test]
    fn a_local_header_that_names_another_file_is_refused() {
        let zip = write_zip(vec![entry("p/aaaa", "data")], 0).expect("zip");
        let mut bytes = zip.bytes.clone();
        let at = bytes
            .windows(6)
            .position(|w| w == b"p/aaaa")
            .expect("local header name");
        bytes[at + 2..at + 6].copy_from_slice(b"bbbb");
        let data = sha256_hex(b"data");
        let mut expected = Expected::new();
        expected.insert("p/aaaa", (4, &data, 0o644));
        let (mismatch, _) =
            read_checked(&bytes, &expected, Limits::default(), check_only::<Error>).expect("reads");
        assert!(
            mismatch.refused.iter().any(|r| r.contains("local header")),
            "{mismatch:?}"
        );
        let (clean, _) = read_checked(
            &zip.bytes,
            &expected,
            Limits::default(),
            check_only::<Error>,
        )
        .expect("reads");
        assert!(clean.is_empty(), "{clean:?}");
    }

    #[test]
    fn checked_reading_finds_added_missing_and_changed_entries() {
        let zip = write_zip(
            vec![entry("a", "one"), entry("b", "two"), entry("c", "extra")],
            0,
        )
        .expect("zip");
        let (one, two, d) = (sha256_hex(b"one"), sha256_hex(b"TWO"), sha256_hex(b"d"));
        let mut expected = Expected::new();
        expected.insert("a", (3, &one, 0o644));
        expected.insert("b", (3, &two, 0o644));
        expected.insert("d", (1, &d, 0o644));
        let (mismatch, accepted) = read_checked(
            &zip.bytes,
            &expected,
            Limits::default(),
            check_only::<Error>,
        )
        .expect("readable");
        assert_eq!(accepted, [("a".to_string(), 0o644)]);
        assert_eq!(mismatch.added, ["c"]);
        assert_eq!(mismatch.missing, ["d"]);
        assert_eq!(mismatch.changed, ["b"]);
    }

    /// Issue 29: what a delta upgrade reads of an archive it fetched only parts of.
    #[test]
    fn an_archive_of_which_only_some_parts_are_there_reads_as_those_parts() {
        let texts = ["one", "two two", "three three three", "four"];
        let names = ["a", "b/c", "b/d", "e"];
        let zip = write_zip(
            names.iter().zip(texts).map(|(n, t)| entry(n, t)).collect(),
            0,
        )
        .expect("zip");
        let total = zip.bytes.len() as u64;
        // The directory's bounds, from the whole archive or from its last 30 bytes.
        let whole = zip::ZipArchive::new(std::io::Cursor::new(&zip.bytes)).expect("zip");
        let (start, end, count) = directory_bounds(&zip.bytes, 0, total).expect("bounds");
        assert_eq!(count, 4);
        assert_eq!(start, whole.central_directory_start());
        assert_eq!(end, total - 22, "the end record follows the directory");
        let tail = &zip.bytes[zip.bytes.len() - 30..];
        assert_eq!(
            directory_bounds(tail, total - 30, total),
            Ok((start, end, 4))
        );
        assert!(directory_bounds(&zip.bytes[..40], 0, total).is_err());
        let mut moved = zip.bytes.clone();
        let at = moved.len() - 6;
        moved[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            directory_bounds(&moved, 0, total).is_err(),
            "zip64 without its records"
        );
        // Only the directory and `b/d` are there: the rest are zeros.
        let mut sparse = vec![0u8; zip.bytes.len()];
        sparse[start as usize..].copy_from_slice(&zip.bytes[start as usize..]);
        let reader = SharedReader::from_bytes(sparse.clone());
        let spans = spans(&reader, Limits::default()).expect("spans");
        let listed: Vec<(&str, u64)> = spans.iter().map(|s| (s.name.as_str(), s.start)).collect();
        assert_eq!(listed[0], ("a", 0));
        assert_eq!(spans.iter().map(|s| s.end - s.start).sum::<u64>(), start);
        let d = spans.iter().find(|s| s.name == "b/d").expect("b/d");
        sparse[d.start as usize..d.end as usize]
            .copy_from_slice(&zip.bytes[d.start as usize..d.end as usize]);
        let reader = SharedReader::from_bytes(sparse);
        let hashes: Vec<String> = texts.iter().map(|t| sha256_hex(t.as_bytes())).collect();
        let expected: Expected = names
            .iter()
            .zip(texts.iter().zip(&hashes))
            .map(|(n, (t, h))| (*n, (t.len() as u64, h.as_str(), 0o644)))
            .collect();
        let elsewhere = |name: &str| name != "b/d";
        let structure =
            check_directory_skipping(&reader, &expected, (Limits::default(), &elsewhere))
                .expect("directory");
        assert!(structure.is_empty(), "{structure:?}");
        let read = std::sync::Mutex::new(Vec::new());
        let (mismatch, matched) = read_checked_skipping(
            &reader,
            &expected,
            (Limits::default(), &elsewhere),
            |name, _| {
                read.lock().expect("lock").push(name.to_string());
                Ok::<_, Error>(None::<std::io::Sink>)
            },
        )
        .expect("reads");
        assert!(mismatch.is_empty(), "{mismatch:?}");
        assert_eq!(matched.len(), 4);
        assert_eq!(
            *read.lock().expect("lock"),
            ["b/d"],
            "only the part fetched is read"
        );
        // What is not there is not taken for there: reading it all fails.
        let everything = check_directory(&reader, &expected, Limits::default()).expect("dir");
        assert_eq!(everything.refused.len(), 3, "{everything:?}");
    }

    /// End records that lie (a zip64 locator at the end of the address space, records cut
    /// anywhere, noise) are refused, never followed, never a panic.
    #[test]
    fn end_records_that_lie_are_refused() {
        let mut tail = vec![0u8; 100];
        let (locator, end) = (100 - 22 - 20, 100 - 22);
        tail[locator..locator + 4].copy_from_slice(b"PK\x06\x07");
        tail[locator + 8..locator + 16].copy_from_slice(&(u64::MAX - 5).to_le_bytes());
        tail[end..end + 4].copy_from_slice(b"PK\x05\x06");
        tail[end + 12..end + 16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(directory_bounds(&tail, 0, 100).is_err());
        assert!(directory_bounds(&tail, 50, 150).is_err());
        let zip = write_zip(vec![entry("a", "x"), entry("b", "y")], 0).expect("zip");
        let total = zip.bytes.len() as u64;
        for cut in 0..zip.bytes.len() {
            let found = directory_bounds(&zip.bytes[cut..], cut as u64, total);
            assert!(
                found.is_err() || cut <= zip.bytes.len() - 22,
                "{cut}: {found:?}"
            );
        }
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..300 {
            let noise: Vec<u8> = (0..len)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    if i % 7 == 0 { b'P' } else { (x >> 32) as u8 }
                })
                .collect();
            let _ = directory_bounds(&noise, 0, len as u64 + 1);
        }
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
