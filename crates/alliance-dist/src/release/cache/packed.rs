//! `packed.bin`: where each entry's compressed data lies in a cached artifact, and what it
//! holds, so that the next build of the same family copies it instead of compressing the
//! same contents again.
//!
//! The file is binary and little-endian: the magic `alliance-packed1`, the tool's version
//! and the compression level (each a `u16` length and UTF-8), the artifact's size (`u64`) and
//! SHA-256, the number of entries (`u64`), then for each entry in the artifact's order its
//! contents' SHA-256, size (`u64`), CRC-32 (`u32`), flags (`u8`: 1 deflated, 2 stored for its
//! name), and its data's offset and length (`u64` each). It is signed as a whole by the key
//! that signed the artifact, with the trusted comment [`comment`]; nothing in it is read
//! before that signature verifies.

use std::collections::HashMap;

use crate::archive::stream::{Packed, Written};

use super::Settings;

/// The index's file name in a cache entry.
pub(super) const FILE: &str = "packed.bin";
/// Its signature's file name.
pub(super) const SIGNATURE: &str = "packed.bin.minisig";
/// The largest index read: the most entries an artifact holds, and room for the header.
pub(super) const MAX_BYTES: u64 = (crate::archive::MAX_ENTRIES as u64) * RECORD as u64 + 4096;

const MAGIC: &[u8; 16] = b"alliance-packed1";
/// The bytes of one entry's record.
const RECORD: usize = 32 + 8 + 4 + 1 + 8 + 8;

/// The trusted comment of the index of the artifact whose SHA-256 is `sha256` (hex).
pub(super) fn comment(sha256: &str) -> String {
    format!("alliance build cache: the compressed entries of {sha256}")
}

/// The index of `written`, built with `settings`.
pub(super) fn index(settings: &Settings<'_>, written: &Written) -> Vec<u8> {
    index_at(&level_name(settings), written)
}

/// The index of `written`, built at the level named `level`: it names the tool's version
/// and its writer ([`crate::archive::stream::WRITER`]) too, and is read only by the same.
fn index_at(level: &str, written: &Written) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + written.packed.len() * RECORD);
    out.extend_from_slice(MAGIC);
    for text in header(level) {
        out.extend_from_slice(&u16::try_from(text.len()).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&written.size.to_le_bytes());
    let sha256 = super::unhex(&written.sha256).unwrap_or_default();
    let mut digest = [0u8; 32];
    if sha256.len() == 32 {
        digest.copy_from_slice(&sha256);
    }
    out.extend_from_slice(&digest);
    out.extend_from_slice(&(written.packed.len() as u64).to_le_bytes());
    for p in &written.packed {
        out.extend_from_slice(&p.sha256);
        out.extend_from_slice(&p.size.to_le_bytes());
        out.extend_from_slice(&p.crc32.to_le_bytes());
        out.push(u8::from(p.deflated) | (u8::from(p.by_name) << 1));
        out.extend_from_slice(&p.offset.to_le_bytes());
        out.extend_from_slice(&p.len.to_le_bytes());
    }
    out
}

fn level_name(settings: &Settings<'_>) -> String {
    format!("{:?}", settings.level)
}

/// What an index begins with, after its magic: the tool's version, how its writer makes
/// bytes, and the level.
fn header(level: &str) -> [&str; 3] {
    [
        env!("CARGO_PKG_VERSION"),
        crate::archive::stream::WRITER,
        level,
    ]
}

/// What an index says.
pub(super) struct Read {
    /// The artifact's size.
    pub size: u64,
    /// Its SHA-256.
    pub sha256: [u8; 32],
    /// Each content's data (the first entry holding it), by its SHA-256 and whether its
    /// name alone made it stored.
    pub entries: HashMap<([u8; 32], bool), Packed>,
}

/// The index `data`, when it is one that this tool wrote at the level of `settings`.
pub(super) fn read(data: &[u8], settings: &Settings<'_>) -> Option<Read> {
    read_at(data, &level_name(settings))
}

/// The index `data`, when this tool and writer wrote it at the level named `level`.
fn read_at(data: &[u8], level: &str) -> Option<Read> {
    let mut at = Cursor { data, at: 0 };
    if at.take(MAGIC.len())? != MAGIC {
        return None;
    }
    for expected in header(level) {
        let len = usize::from(u16::from_le_bytes(at.array()?));
        if at.take(len)? != expected.as_bytes() {
            return None;
        }
    }
    let size = u64::from_le_bytes(at.array()?);
    let sha256 = at.array()?;
    let count = usize::try_from(u64::from_le_bytes(at.array()?)).ok()?;
    if count.checked_mul(RECORD)? != data.len() - at.at {
        return None;
    }
    let mut entries = HashMap::with_capacity(count);
    for _ in 0..count {
        let digest: [u8; 32] = at.array()?;
        let size = u64::from_le_bytes(at.array()?);
        let crc32 = u32::from_le_bytes(at.array()?);
        let [flags] = at.array()?;
        let offset = u64::from_le_bytes(at.array()?);
        let len = u64::from_le_bytes(at.array()?);
        let packed = Packed {
            sha256: digest,
            size,
            crc32,
            deflated: flags & 1 != 0,
            by_name: flags & 2 != 0,
            offset,
            len,
        };
        entries.entry((digest, packed.by_name)).or_insert(packed);
    }
    Some(Read {
        size,
        sha256,
        entries,
    })
}

/// Reads an index front to back.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, len: usize) -> Option<&[u8]> {
        let bytes = self.data.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(bytes)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index is read back by the same tool, writer and level only: compressed data that
    /// another writer made (the same inputs giving other bytes) is never copied.
    #[test]
    fn an_index_is_read_only_by_the_writer_and_level_that_wrote_it() {
        let written = Written {
            size: 100,
            sha256: "ab".repeat(32),
            blake2b: [0; 64],
            entries: Vec::new(),
            packed: vec![crate::archive::stream::Packed {
                sha256: [7; 32],
                size: 10,
                crc32: 3,
                deflated: true,
                by_name: false,
                offset: 30,
                len: 8,
            }],
            copied: 0,
        };
        let index = index_at("Default", &written);
        let read = read_at(&index, "Default").expect("read back");
        assert_eq!(read.size, 100);
        assert_eq!(read.entries.len(), 1);
        assert!(read_at(&index, "Best").is_none(), "another level");
        let writer = crate::archive::stream::WRITER.as_bytes();
        let at = index
            .windows(writer.len())
            .position(|w| w == writer)
            .expect("the index names its writer");
        let mut other = index.clone();
        other[at] ^= 1;
        assert!(read_at(&other, "Default").is_none(), "another writer");
    }
}
