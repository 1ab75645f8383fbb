//! Public keys to check signatures with: reading a minisign `.pub` file (never a secret key,
//! never two keys in one file), where a trusted key came from, and a folder of them.

use super::*;

/// Where a trusted key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A `--key` file given on the command line.
    Pinned,
    /// The user's trust store.
    Store,
    /// `keys/` of the workspace, for its own output only.
    Workspace,
    /// The workspace's development key (`--allow-dev`), for its own output only.
    Development,
    /// A key of the alliance's root of trust, for what its role allows.
    Root,
}

/// Why a text is not one minisign public key ([`TrustedKey::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAPublicKey {
    /// It holds this many public keys: which one is meant cannot be guessed.
    Several(usize),
    /// It is a minisign secret key (encrypted or not).
    Secret,
    /// It does not read as a public key (what the minisign crate said).
    Unreadable(String),
}

impl NotAPublicKey {
    /// The error of the key file at `path`.
    pub fn at(self, path: &Path) -> Error {
        let path = path.to_path_buf();
        match self {
            NotAPublicKey::Several(count) => KeyError::SeveralKeys { path, count },
            NotAPublicKey::Secret => {
                let public = path.with_extension("pub");
                KeyError::SecretNotPublic {
                    beside: public.is_file(),
                    public,
                    path,
                }
            }
            NotAPublicKey::Unreadable(why) => KeyError::NotAKey {
                path,
                kind: "public",
                why,
            },
        }
        .into()
    }
}

impl std::fmt::Display for NotAPublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAPublicKey::Several(count) => write!(f, "it holds {count} public keys"),
            NotAPublicKey::Secret => f.write_str("it is a secret key, not a public key"),
            NotAPublicKey::Unreadable(why) => f.write_str(why),
        }
    }
}

/// The bytes of a minisign public key: algorithm (2), key number (8), Ed25519 key (32).
const PUBLIC_KEY_BYTES: usize = 42;

/// Whether `text` is a minisign secret key file: a line that decodes to the secret key
/// layout (the algorithm `Ed`, the KDF `Sc` (scrypt) or none, the checksum `B2`, then the
/// KDF's salt and limits and the key, encrypted or not: 158 bytes), or, with no such line,
/// an untrusted comment that says it is one (`minisign encrypted secret key`).
fn is_secret_key(text: &str) -> bool {
    use ct_codecs::{Base64, Decoder};
    const SECRET_KEY_BYTES: usize = 158;
    let layout = text.lines().any(|line| {
        decoded_len(line, b"Ed") == Some(SECRET_KEY_BYTES)
            && Base64::decode_to_vec(line.trim(), None)
                .is_ok_and(|bytes| matches!(&bytes[2..4], b"Sc" | [0, 0]) && &bytes[4..6] == b"B2")
    });
    layout
        || text.lines().next().is_some_and(|first| {
            first.starts_with("untrusted comment:")
                && first.to_ascii_lowercase().contains("secret key")
        })
}

/// The length of what `line` decodes to as base64 when that starts with `prefix`.
fn decoded_len(line: &str, prefix: &[u8]) -> Option<usize> {
    use ct_codecs::{Base64, Decoder};
    let line = line.trim();
    if line.is_empty() || line.len() > 1024 {
        return None;
    }
    Base64::decode_to_vec(line, None)
        .ok()
        .filter(|bytes| bytes.starts_with(prefix))
        .map(|bytes| bytes.len())
}

/// The largest public key file read (a minisign `.pub` is about 100 bytes).
pub const MAX_KEY_BYTES: u64 = 64 << 10;

/// A public key trusted to sign artifacts.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    /// Where it was read from, as shown to the user.
    pub name: String,
    /// minisign key id.
    pub key_id: String,
    /// How it came to be trusted.
    pub origin: Origin,
    pub(super) public: PublicKey,
}

impl TrustedKey {
    /// Reads a minisign public key file.
    pub fn read(path: &Path, name: String) -> Result<TrustedKey> {
        Self::read_file(path, name).map(|(key, _)| key)
    }

    /// Reads a minisign public key file; returns the key and the file's text.
    pub fn read_file(path: &Path, name: String) -> Result<(TrustedKey, String)> {
        let data =
            crate::untrusted::read_capped(path, MAX_KEY_BYTES).at("read public key", path)?;
        let text = String::from_utf8_lossy(&data).into_owned();
        let key = Self::parse(&text, name).map_err(|why| why.at(path))?;
        Ok((key, text))
    }

    /// Reads the text of a minisign public key file (or its base64 line alone): one key,
    /// never the first of several.
    pub fn parse(text: &str, name: String) -> std::result::Result<TrustedKey, NotAPublicKey> {
        let publics = text
            .lines()
            .filter(|line| decoded_len(line, b"Ed") == Some(PUBLIC_KEY_BYTES))
            .count();
        if publics > 1 {
            return Err(NotAPublicKey::Several(publics));
        }
        if publics == 0 && is_secret_key(text) {
            return Err(NotAPublicKey::Secret);
        }
        let public = PublicKeyBox::from_string(text)
            .and_then(PublicKeyBox::into_public_key)
            .or_else(|_| PublicKey::from_base64(text.trim()))
            .map_err(|e| NotAPublicKey::Unreadable(e.to_string()))?;
        Ok(TrustedKey {
            name,
            key_id: key_id(public.keynum()),
            origin: Origin::Pinned,
            public,
        })
    }

    /// The Ed25519 public key alone, without the key id a key's maker chooses: two keys
    /// with the same are one key.
    pub fn ed25519(&self) -> Vec<u8> {
        self.public
            .to_bytes()
            .get(10..)
            .unwrap_or_default()
            .to_vec()
    }

    /// The base64 line of the public key (as in its `.pub` file).
    pub fn base64(&self) -> String {
        self.public.to_base64()
    }

    /// The same key, trusted for another reason.
    #[must_use]
    pub fn with_origin(mut self, origin: Origin) -> TrustedKey {
        self.origin = origin;
        self
    }

    /// Whether `other` is the very same public key (not only the same key id, which
    /// whoever makes a key can choose).
    pub fn same_key(&self, other: &TrustedKey) -> bool {
        self.public.to_bytes() == other.public.to_bytes()
    }

    /// The key in words, with where its trust comes from.
    pub fn describe(&self) -> String {
        let (name, id) = (&self.name, &self.key_id);
        match self.origin {
            Origin::Pinned => format!("trusted key {name} ({id}), given with --key"),
            Origin::Store => format!("trusted key {name} ({id}) from your trust store"),
            Origin::Workspace => format!(
                "trusted key {name} ({id}) from the workspace's keys/, trusted for its own output only"
            ),
            Origin::Development => format!(
                "the development key of the workspace ({id}), trusted with --allow-dev for its own output only"
            ),
            Origin::Root => format!("key {name} ({id}) of the alliance's root of trust"),
        }
    }
}

/// The public keys of a folder of `*.pub` files (a trust store, a workspace's `keys/`),
/// and what in it was skipped.
#[derive(Debug, Clone, Default)]
pub struct KeyFolder {
    /// Every key read, sorted by file name.
    pub keys: Vec<TrustedKey>,
    /// Every `*.pub` that is not a key file, sorted by file name.
    pub skipped: Vec<Skipped>,
}

/// A `*.pub` of a key folder that is not read: not a regular file (a folder, a pipe, a
/// device, a link leading nowhere), or not one minisign public key.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// The entry.
    pub path: PathBuf,
    /// Why it is no key file: "it is not a regular file (…)", or what reading it said.
    pub why: String,
}

impl Skipped {
    /// The warning telling of it.
    pub fn warning(&self) -> String {
        let path = self.path.display().to_string();
        format!(
            "`{}` is skipped: {}",
            crate::diagnostic::escape::escape(&path),
            self.why
        )
    }
}

/// Every `*.pub` of `dir`, sorted by name. One entry never fails the others: what is not a
/// regular file, or not one public key, is [`Skipped`] (a link counts as what it leads
/// to).
pub fn trusted_keys(dir: &Path) -> Result<KeyFolder> {
    let mut folder = KeyFolder::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(folder),
        Err(e) => return Err(Error::io("read", dir, e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pub"))
        .collect();
    paths.sort();
    for path in paths {
        let skip = |why: String| Skipped {
            path: path.clone(),
            why,
        };
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => {
                folder.skipped.push(skip(
                    "it is not a regular file (a folder, a pipe or a device)".to_string(),
                ));
                continue;
            }
            Err(e) => {
                folder.skipped.push(skip(format!("it cannot be read: {e}")));
                continue;
            }
        }
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        match TrustedKey::read(&path, name) {
            Ok(key) => folder.keys.push(key),
            Err(Error::Key(KeyError::NotAKey { why, .. })) => folder
                .skipped
                .push(skip(format!("it is not a minisign public key: {why}"))),
            Err(Error::Key(KeyError::SecretNotPublic { .. })) => folder.skipped.push(skip(
                "it is a secret key, not a public key: move it out of here, and never share it"
                    .to_string(),
            )),
            Err(Error::Key(KeyError::SeveralKeys { count, .. })) => folder.skipped.push(skip(
                format!("it holds {count} public keys, and which is meant cannot be told"),
            )),
            Err(e) => folder.skipped.push(skip(e.to_string())),
        }
    }
    Ok(folder)
}
