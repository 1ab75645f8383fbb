//! The digests of an artifact: SHA-256 (its manifest and trusted comment) and BLAKE2b-512
//! (what a minisign signature signs), computed in one read, or as a download arrives.

use super::*;
use crate::progress::{Progress, Transfer, Work};

/// The SHA-256 (for the manifest and the trusted comment) and BLAKE2b-512 (what a minisign
/// signature signs) of an artifact, and its size.
#[derive(Debug, Clone)]
pub struct Digests {
    /// SHA-256, in hex.
    pub sha256: String,
    /// BLAKE2b-512.
    pub blake2b: [u8; 64],
    /// Bytes.
    pub size: u64,
}

/// [`Digests`] computed as the bytes go by, in one pass.
pub struct Hashing {
    sha256: sha2::Sha256,
    blake2b: blake2::Blake2b512,
    size: u64,
}

impl Default for Hashing {
    fn default() -> Self {
        Hashing {
            sha256: <sha2::Sha256 as sha2::Digest>::new(),
            blake2b: <blake2::Blake2b512 as blake2::Digest>::new(),
            size: 0,
        }
    }
}

impl Hashing {
    /// Takes the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.sha256, bytes);
        blake2::Digest::update(&mut self.blake2b, bytes);
        self.size += bytes.len() as u64;
    }

    /// The digests of every byte taken.
    pub fn finish(self) -> Digests {
        Digests {
            sha256: archive::hex(&sha2::Digest::finalize(self.sha256)),
            blake2b: blake2::Digest::finalize(self.blake2b).into(),
            size: self.size,
        }
    }
}

impl Digests {
    /// Each digest of the archive `reader` (the artifact `name`) in one read of its own,
    /// the two side by side, telling `progress` of the bytes read.
    pub(super) fn of_reporting(
        reader: &archive::SharedReader,
        name: &str,
        progress: &Progress,
    ) -> std::io::Result<Digests> {
        let each = |take: &mut dyn FnMut(&[u8])| {
            archive::read_pieces(reader.from_start(), &mut vec![0u8; 1 << 20], take)
        };
        let mut sha256 = <sha2::Sha256 as sha2::Digest>::new();
        let mut blake2b = <blake2::Blake2b512 as blake2::Digest>::new();
        progress.tell(Transfer::Started {
            work: Work::Verifying,
            name,
            size: reader.len(),
        });
        let (sized, blaked) = rayon::join(
            || {
                each(&mut |b| {
                    sha2::Digest::update(&mut sha256, b);
                    progress.tell(Transfer::Bytes(b.len() as u64));
                })
            },
            || each(&mut |b| blake2::Digest::update(&mut blake2b, b)),
        );
        let size = sized?;
        blaked?;
        progress.tell(Transfer::Done {
            work: Work::Verifying,
            name,
            size,
        });
        Ok(Digests {
            sha256: archive::hex(&sha2::Digest::finalize(sha256)),
            blake2b: blake2::Digest::finalize(blake2b).into(),
            size,
        })
    }
}
