//! minisign (Ed25519) keys, signatures and their verification.
//!
//! The signing key is the configured one (`signing.secret_key` in `alliance.yaml`, or
//! `ALLIANCE_SECRET_KEY`: a file, or the name of a key in the user's keys folder) unlocked
//! with `ALLIANCE_KEY_PASSWORD`, or else a development key kept in `.alliance/` of the
//! workspace (git-ignored, never in `dist/`) and created on first use. `keygen` writes the
//! public half into the workspace's `keys/` and the secret half into the user's keys folder
//! ([`user_keys_dir`]); it never writes a secret key inside a workspace. Signatures are ordinary `.minisig` files: `minisign -Vm FILE -p KEY.pub` checks them.
//! The trusted comment binds a signature to the artifact's file name, release and SHA-256.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};

use crate::diagnostic::{
    Error, IoContext, KeyError, PasswordError, Problem, Result, SignatureError,
};

/// Where the development key lives, relative to the workspace.
pub const DEV_KEY_DIR: &str = ".alliance";
const DEV_SECRET: &str = "dev-signing.key";
/// The development key's public half, in [`DEV_KEY_DIR`].
pub const DEV_PUBLIC: &str = "dev-signing.pub";
const DEV_COMMENT: &str = "alliance development key - not for distribution";

/// A key ready to sign.
pub struct SigningKey {
    secret: SecretKey,
    public: PublicKey,
    /// The key id as minisign prints it (16 uppercase hex digits).
    pub key_id: String,
    /// A throw-away development key rather than a configured one.
    pub development: bool,
    /// The public key in minisign's file format.
    pub public_key_file: String,
    /// Where the secret key was read from or created.
    pub secret_path: PathBuf,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("key_id", &self.key_id)
            .field("development", &self.development)
            .finish_non_exhaustive()
    }
}

/// Where the signing key comes from.
#[derive(Debug, Clone, Default)]
pub struct KeySource {
    /// A configured secret key file; `None` means a development key.
    pub secret_key: Option<PathBuf>,
    /// The password of the secret key.
    pub password: Option<String>,
    /// Asks for the password (on a terminal) when none was given and the key needs one.
    pub ask: Option<fn(&str) -> std::io::Result<String>>,
}

impl SigningKey {
    /// Opens the configured key, or the workspace's development key (created if absent).
    pub fn open(root: &Path, source: &KeySource) -> Result<SigningKey> {
        match &source.secret_key {
            Some(path) => Self::open_file(&locate_secret_key(root, path)?, source),
            None => Self::development(root),
        }
    }

    fn open_file(path: &Path, source: &KeySource) -> Result<SigningKey> {
        let text = std::fs::read_to_string(path).at("read secret key", path)?;
        let not_a_key = |e: minisign::PError| KeyError::NotAKey {
            path: path.to_path_buf(),
            kind: "secret",
            why: e.to_string(),
        };
        let secret_box = SecretKeyBox::from_string(&text).map_err(not_a_key)?;
        // A key without a password (`alliance keygen --unencrypted`, `minisign -G -W`).
        if let Some(secret) = unencrypted_secret_key(&text, path)? {
            return Self::from_secret(secret, false, path.to_path_buf());
        }
        let asked;
        let password = match (&source.password, source.ask) {
            (Some(password), _) => password.as_str(),
            (None, Some(ask)) => {
                asked = ask(&format!("password of `{}`: ", path.display()))
                    .map_err(PasswordError::Unreadable)?;
                asked.as_str()
            }
            (None, None) => {
                return Err(PasswordError::Needed(path.to_path_buf()).into());
            }
        };
        // Never None: the crate would prompt on a terminal.
        let secret = secret_box
            .into_secret_key(Some(password.to_string()))
            .map_err(|e| PasswordError::Wrong {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        Self::from_secret(secret, false, path.to_path_buf())
    }

    fn development(root: &Path) -> Result<SigningKey> {
        let dir = root.join(DEV_KEY_DIR);
        let secret_path = dir.join(DEV_SECRET);
        if secret_path.is_file() {
            let text = std::fs::read_to_string(&secret_path).at("read", &secret_path)?;
            let secret = SecretKeyBox::from_string(&text)
                .and_then(SecretKeyBox::into_unencrypted_secret_key)
                .map_err(|e| KeyError::DevelopmentDamaged {
                    path: secret_path.clone(),
                    why: e.to_string(),
                })?;
            return Self::from_secret(secret, true, secret_path);
        }
        let pair = KeyPair::generate_unencrypted_keypair().map_err(|e| Error::Minisign {
            action: "generate a development key",
            reason: e.to_string(),
        })?;
        let key = Self::from_secret(pair.sk, true, secret_path.clone())?;
        std::fs::create_dir_all(&dir).at("create", &dir)?;
        let secret_text = key
            .secret
            .to_box(Some(DEV_COMMENT))
            .map_err(|e| Error::Minisign {
                action: "encode the development key",
                reason: e.to_string(),
            })?
            .to_string();
        write_private(&secret_path, secret_text.as_bytes())?;
        let public_path = dir.join(DEV_PUBLIC);
        std::fs::write(&public_path, &key.public_key_file).at("write", &public_path)?;
        Ok(key)
    }

    fn from_secret(
        secret: SecretKey,
        development: bool,
        secret_path: PathBuf,
    ) -> Result<SigningKey> {
        let public = PublicKey::from_secret_key(&secret).map_err(|e| Error::Minisign {
            action: "derive the public key",
            reason: e.to_string(),
        })?;
        let public_key_file = public
            .to_box()
            .map_err(|e| Error::Minisign {
                action: "encode the public key",
                reason: e.to_string(),
            })?
            .to_string();
        Ok(SigningKey {
            key_id: key_id(public.keynum()),
            secret,
            public,
            development,
            public_key_file,
            secret_path,
        })
    }

    /// This key's public half as a trusted key: what a run trusts when it checks the
    /// artifacts of an earlier run before signing them into a new index.
    pub fn trusted(&self) -> TrustedKey {
        TrustedKey {
            name: "the signing key".to_string(),
            key_id: self.key_id.clone(),
            origin: if self.development {
                Origin::Development
            } else {
                Origin::Pinned
            },
            public: self.public.clone(),
        }
    }

    /// Signs `data` (minisign's prehashed mode: Ed25519 over its BLAKE2b-512) with
    /// `trusted_comment`; returns the `.minisig` text, checked with the minisign crate.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String> {
        use blake2::Digest;
        let prehash: [u8; 64] = blake2::Blake2b512::digest(data).into();
        let text = self.sign_prehashed(&prehash, trusted_comment)?;
        let parsed = SignatureBox::from_string(&text).map_err(|e| Error::Minisign {
            action: "sign",
            reason: e.to_string(),
        })?;
        minisign::verify(&self.public, &parsed, Cursor::new(data), true, false, false).map_err(
            |e| Error::Minisign {
                action: "check the new signature",
                reason: e.to_string(),
            },
        )?;
        Ok(text)
    }

    /// Signs the data whose BLAKE2b-512 is `prehash` (computed as the data was written, so
    /// that a large artifact is never read again) with `trusted_comment`; returns the
    /// `.minisig` text, both signatures checked against the public key.
    pub fn sign_prehashed(&self, prehash: &[u8; 64], trusted_comment: &str) -> Result<String> {
        use ct_codecs::{Base64, Encoder};
        use ed25519_dalek::{Signer, Verifier};
        if trusted_comment.chars().any(char::is_control) || trusted_comment.len() > 4096 {
            return Err(Error::TrustedComment);
        }
        let untrusted = if self.development {
            "signature from an alliance development key"
        } else {
            "signature from alliance release key"
        };
        let (signing, keynum) = self.ed25519()?;
        let signature = signing.sign(prehash);
        let mut block = Vec::with_capacity(74);
        block.extend_from_slice(b"ED");
        block.extend_from_slice(&keynum);
        block.extend_from_slice(&signature.to_bytes());
        let mut signed_comment = signature.to_bytes().to_vec();
        signed_comment.extend_from_slice(trusted_comment.as_bytes());
        let global = signing.sign(&signed_comment);
        let public = signing.verifying_key();
        let checked = public
            .verify(prehash, &signature)
            .and_then(|()| public.verify(&signed_comment, &global));
        checked.map_err(|e| Error::Minisign {
            action: "check the new signature",
            reason: e.to_string(),
        })?;
        let encode = |bytes: &[u8]| {
            Base64::encode_to_string(bytes).map_err(|e| Error::Minisign {
                action: "encode the signature",
                reason: e.to_string(),
            })
        };
        Ok(format!(
            "untrusted comment: {untrusted}\n{}\ntrusted comment: {trusted_comment}\n{}\n",
            encode(&block)?,
            encode(&global.to_bytes())?
        ))
    }

    /// The Ed25519 key and the minisign key number of the secret key.
    fn ed25519(&self) -> Result<(ed25519_dalek::SigningKey, [u8; 8])> {
        // minisign's secret key layout: algorithms (6 bytes), KDF salt (32) and limits (16),
        // key number (8), then the Ed25519 seed (32) and public key (32), then a checksum.
        let secret = self.secret.to_bytes();
        let (Some(keynum), Some(seed)) = (secret.get(54..62), secret.get(62..94)) else {
            return Err(KeyError::UnknownLayout.into());
        };
        let mut seed_bytes = [0u8; 32];
        seed_bytes.copy_from_slice(seed);
        let signing = ed25519_dalek::SigningKey::from_bytes(&seed_bytes);
        if signing.verifying_key().as_bytes()[..] != self.public.to_bytes()[10..]
            || keynum != self.public.keynum()
        {
            return Err(KeyError::Mismatched.into());
        }
        let mut number = [0u8; 8];
        number.copy_from_slice(keynum);
        Ok((signing, number))
    }
}

/// The secret key in `text` when it has no password (its KDF algorithm is zero); `None`
/// when it is encrypted.
///
/// The minisign crate rejects the unencrypted keys of the stock tool (`minisign -G -W`
/// leaves their checksum zero) as "Corrupted key", so their bytes are checked here: the
/// Ed25519 seed must give the public key stored beside it, and the checksum must be right or
/// zero. The key is then handed to the crate with its checksum written.
fn unencrypted_secret_key(text: &str, path: &Path) -> Result<Option<SecretKey>> {
    use blake2::Digest;
    use ct_codecs::{Base64, Decoder};
    const LEN: usize = 158;
    let not_a_key = |why: &str| KeyError::NotAKey {
        path: path.to_path_buf(),
        kind: "secret",
        why: why.to_string(),
    };
    let line = text
        .lines()
        .nth(1)
        .ok_or_else(|| not_a_key("the key line is missing"))?;
    let mut bytes = Base64::decode_to_vec(line.trim(), None)
        .map_err(|_| not_a_key("the key line is not base64"))?;
    if bytes.len() != LEN || bytes[..2] != *b"Ed" {
        return Err(not_a_key("unknown key format").into());
    }
    if bytes[2..4] != [0, 0] {
        return Ok(None);
    }
    let damaged = |why: &str| KeyError::Damaged {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    // Layout: algorithms (6), KDF salt (32) and limits (16), key number (8), Ed25519 seed
    // (32) and public key (32), checksum (32).
    let mut seed = [0u8; 32];
    seed.copy_from_slice(&bytes[62..94]);
    let derived = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key();
    if derived.as_bytes()[..] != bytes[94..126] {
        return Err(damaged("its secret and public halves do not match").into());
    }
    let mut checksum = blake2::Blake2b::<blake2::digest::consts::U32>::new();
    checksum.update(&bytes[..2]);
    checksum.update(&bytes[54..126]);
    let checksum = checksum.finalize();
    let stored = &bytes[126..LEN];
    if stored != checksum.as_slice() && stored.iter().any(|&b| b != 0) {
        return Err(damaged("wrong checksum").into());
    }
    bytes[126..LEN].copy_from_slice(&checksum);
    SecretKey::from_bytes(&bytes)
        .map(Some)
        .map_err(|e| damaged(&e.to_string()).into())
}

/// What `keygen` wrote.
#[derive(Debug)]
pub struct Generated {
    /// The public key, to publish.
    pub public_path: PathBuf,
    /// The secret key.
    pub secret_path: PathBuf,
    /// The key's id (16 hex digits).
    pub key_id: String,
    /// Whether the secret key has a password.
    pub encrypted: bool,
}

/// Writes a new key pair as `<out>.pub` and `<out>.key` (mode 0600): see [`keygen_pair`].
pub fn keygen(out: &Path, password: Option<&str>) -> Result<Generated> {
    keygen_pair(
        &out.with_extension("pub"),
        &out.with_extension("key"),
        password,
    )
}

/// The current user's alliance configuration folder: `$XDG_CONFIG_HOME/alliance` (else
/// `~/.config/alliance`, or `%APPDATA%\alliance` on Windows), if one can be found. It holds
/// the trust store and the secret keys of `alliance keygen`.
pub fn config_dir() -> Option<PathBuf> {
    // A relative value would put the folder in whatever folder the command runs in.
    let env = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|v| v.is_absolute())
    };
    let config = if cfg!(windows) {
        env("APPDATA")?
    } else {
        env("XDG_CONFIG_HOME").or_else(|| env("HOME").map(|home| home.join(".config")))?
    };
    Some(config.join("alliance"))
}

/// The folder of the current user's secret keys, `keys/` of [`config_dir`]
/// (`$XDG_CONFIG_HOME/alliance/keys/`, else `~/.config/alliance/keys/`): outside every
/// workspace, where `alliance keygen NAME` puts `NAME.key`.
pub fn user_keys_dir() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("keys"))
}

/// [`user_keys_dir`] as shown to the user, also when there is none.
fn user_keys_dir_shown() -> String {
    user_keys_dir().map_or_else(
        || "~/.config/alliance/keys/".to_string(),
        |dir| format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR),
    )
}

/// Whether `name` can name a key: letters, digits, `.`, `_` and `-`, not starting with `.`
/// or `-`.
pub fn valid_key_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Whether `text` looks like a minisign key id: 16 hexadecimal digits, in either case
/// (`alliance trust remove` reads such an argument as a key id, never as a name).
pub fn is_key_id(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Where `alliance keygen NAME` writes: `keys/NAME.pub` of the workspace at `root`, and
/// `NAME.key` in [`user_keys_dir`].
pub fn named_pair(root: &Path, name: &str) -> Result<(PathBuf, PathBuf)> {
    if !valid_key_name(name) || name.ends_with(".key") || name.ends_with(".pub") {
        return Err(Error::Invalid(vec![
            Problem::new(
                name,
                format!(
                    "`{}` cannot name a key",
                    crate::diagnostic::escape::escape(name)
                ),
            )
            .with_help(
                "a key's name is letters, digits, `.`, `_` and `-`, such as `shop`; to write \
                 the pair elsewhere use --out PATH (outside the workspace)",
            ),
        ]));
    }
    let Some(dir) = user_keys_dir() else {
        return Err(Error::Invalid(vec![
            Problem::new(name, "no configuration folder for the secret key").with_help(
                "set HOME or XDG_CONFIG_HOME, or write the pair elsewhere with --out PATH \
                 (outside the workspace)",
            ),
        ]));
    };
    Ok((
        root.join("keys").join(format!("{name}.pub")),
        dir.join(format!("{name}.key")),
    ))
}

/// The workspace (a folder holding `alliance.yaml`) that `path` would be written into, if
/// any: symbolic links are followed as far as the path exists.
fn enclosing_workspace(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let existing = absolute.ancestors().find(|a| a.exists())?;
    let canonical = existing.canonicalize().ok()?;
    canonical
        .ancestors()
        .find(|dir| dir.join(crate::workspace::CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Writes a new key pair, the public key to `public_path` and the secret key to
/// `secret_path` (mode 0600), the secret key encrypted with `password` (scrypt, as minisign
/// does) unless it is `None`. A secret key is never written inside a workspace (a folder
/// holding `alliance.yaml`), where it could be committed. Existing files are never
/// overwritten.
pub fn keygen_pair(
    public_path: &Path,
    secret_path: &Path,
    password: Option<&str>,
) -> Result<Generated> {
    check_new_pair(public_path, secret_path)?;
    let pair = match password {
        Some(password) => KeyPair::generate_encrypted_keypair(Some(password.to_string())),
        None => KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|e| Error::Minisign {
        action: "generate a key",
        reason: e.to_string(),
    })?;
    let comment = if password.is_some() {
        "alliance secret key"
    } else {
        "alliance UNENCRYPTED secret key - for tests only"
    };
    let secret_text = pair
        .sk
        .to_box(Some(comment))
        .map_err(|e| Error::Minisign {
            action: "encode the secret key",
            reason: e.to_string(),
        })?
        .to_string();
    let public_text = pair
        .pk
        .to_box()
        .map_err(|e| Error::Minisign {
            action: "encode the public key",
            reason: e.to_string(),
        })?
        .to_string();
    if let Some(parent) = secret_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_private_dir(parent)?;
    }
    if let Some(parent) = public_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).at("create", parent)?;
    }
    write_private(secret_path, secret_text.as_bytes())?;
    std::fs::write(public_path, public_text).at("write", public_path)?;
    Ok(Generated {
        key_id: key_id(pair.pk.keynum()),
        public_path: public_path.to_path_buf(),
        secret_path: secret_path.to_path_buf(),
        encrypted: password.is_some(),
    })
}

/// Checks that a new pair may be written to `public_path` and `secret_path`: the secret key
/// not inside a workspace, and neither file there already. (`keygen` checks this before it
/// asks for a password.)
pub fn check_new_pair(public_path: &Path, secret_path: &Path) -> Result<()> {
    if let Some(workspace) = enclosing_workspace(secret_path) {
        let name = secret_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| valid_key_name(s))
            .unwrap_or_else(|| "NAME".to_string());
        return Err(Error::Invalid(vec![
            Problem::new(
                secret_path,
                format!(
                    "a secret key never goes inside the workspace `{}`, where it could be committed",
                    workspace.display()
                ),
            )
            .with_help(format!(
                "run `alliance keygen {name}`: it writes keys/{name}.pub to publish and the \
                 secret key to {}{name}.key; or give --out a path outside the workspace",
                user_keys_dir_shown()
            )),
        ]));
    }
    for path in [public_path, secret_path] {
        if path.exists() {
            return Err(Error::KeyExists(path.to_path_buf()));
        }
    }
    Ok(())
}

/// Creates a folder and its missing parents, readable by their owner only (existing ones are
/// left as they are).
fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).at("create", dir)
}

/// The secret key file that `configured` (`--secret-key`, `ALLIANCE_SECRET_KEY` or
/// `signing.secret_key`, the last one joined to `root`) means: that file if it exists,
/// else, for a bare name such as `shop`, `shop.key` in [`user_keys_dir`].
pub fn locate_secret_key(root: &Path, configured: &Path) -> Result<PathBuf> {
    if configured.exists() {
        return Ok(configured.to_path_buf());
    }
    let given = configured.strip_prefix(root).unwrap_or(configured);
    let mut parts = given
        .components()
        .filter(|c| *c != std::path::Component::CurDir);
    let name = match (parts.next(), parts.next()) {
        (Some(std::path::Component::Normal(name)), None) => name.to_str(),
        _ => None,
    };
    let Some(name) = name.filter(|n| valid_key_name(n) && !n.ends_with(".key")) else {
        // Reading it names the path in the error.
        return Ok(configured.to_path_buf());
    };
    if let Some(path) = user_keys_dir()
        .map(|dir| dir.join(format!("{name}.key")))
        .filter(|path| path.exists())
    {
        return Ok(path);
    }
    Err(Error::NoSecretKey {
        name: name.to_string(),
        configured: configured.to_path_buf(),
        dir: user_keys_dir_shown(),
    })
}

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
    public: PublicKey,
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

/// Checks `signature` over `data` with whichever of `keys` made it; returns that key and the
/// trusted comment.
pub fn verify_trusted<'k>(
    keys: &'k [TrustedKey],
    signature: &str,
    data: &[u8],
) -> Result<(&'k TrustedKey, String), SignatureError> {
    verify_trusted_with(keys, signature, |key, parsed| {
        minisign::verify(&key.public, parsed, Cursor::new(data), true, false, false)
            .map_err(|e| e.to_string())
    })
}

/// Checks `signature` over data whose BLAKE2b-512 is `blake2b` (computed as the data was
/// read, so that a large artifact is read once) with whichever of `keys` made it. A legacy
/// signature over the data itself (minisign's `Ed`) is checked over what `data()` reads.
pub fn verify_trusted_prehashed<'k, R: std::io::Read + std::io::Seek>(
    keys: &'k [TrustedKey],
    signature: &str,
    blake2b: &[u8; 64],
    data: impl Fn() -> std::io::Result<R>,
) -> Result<(&'k TrustedKey, String), SignatureError> {
    let raw = signature_bytes(signature)?;
    verify_trusted_with(keys, signature, |key, parsed| {
        if !parsed.is_prehashed() {
            let reader = data().map_err(|e| e.to_string())?;
            return minisign::verify(&key.public, parsed, reader, true, false, false)
                .map_err(|e| e.to_string());
        }
        let comment = parsed.trusted_comment().map_err(|e| e.to_string())?;
        verify_ed25519(key, &raw, blake2b, &comment)
    })
}

/// The Ed25519 signature of the data and the global signature of a `.minisig` text.
fn signature_bytes(signature: &str) -> std::result::Result<([u8; 64], [u8; 64]), SignatureError> {
    use ct_codecs::{Base64, Decoder};
    well_formed(signature)?;
    let lines: Vec<&str> = signature.lines().collect();
    let decode = |line: &str| Base64::decode_to_vec(line.trim(), None).unwrap_or_default();
    let (block, global) = (decode(lines[1]), decode(lines[3]));
    let mut data = [0u8; 64];
    let mut comment = [0u8; 64];
    let short = || SignatureError::NotASignature("too short".to_string());
    data.copy_from_slice(block.get(10..74).ok_or_else(short)?);
    comment.copy_from_slice(global.get(..64).ok_or_else(short)?);
    Ok((data, comment))
}

/// Checks a prehashed minisign signature as minisign does: Ed25519 over the BLAKE2b-512 of
/// the data, and the global signature over that signature and the trusted comment.
fn verify_ed25519(
    key: &TrustedKey,
    (data, global): &([u8; 64], [u8; 64]),
    blake2b: &[u8; 64],
    comment: &str,
) -> std::result::Result<(), String> {
    let public = key.public.to_bytes();
    let mut bytes = [0u8; 32];
    bytes.copy_from_slice(public.get(10..42).ok_or("not a minisign public key")?);
    let public = ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let signature = ed25519_dalek::Signature::from_bytes(data);
    public
        .verify_strict(blake2b, &signature)
        .map_err(|_| "Signature verification failed".to_string())?;
    let mut signed_comment = data.to_vec();
    signed_comment.extend_from_slice(comment.as_bytes());
    public
        .verify_strict(
            &signed_comment,
            &ed25519_dalek::Signature::from_bytes(global),
        )
        .map_err(|_| "Comment signature verification failed".to_string())
}

/// Checks `signature` with `check`, by whichever of `keys` made it.
fn verify_trusted_with<'k>(
    keys: &'k [TrustedKey],
    signature: &str,
    check: impl Fn(&TrustedKey, &SignatureBox) -> std::result::Result<(), String>,
) -> Result<(&'k TrustedKey, String), SignatureError> {
    well_formed(signature)?;
    let signature = SignatureBox::from_string(signature)
        .map_err(|e| SignatureError::NotASignature(e.to_string()))?;
    let signer = key_id(signature.keynum());
    // Key ids are chosen by whoever makes a key: every trusted key with this id is tried.
    let candidates: Vec<&TrustedKey> = keys.iter().filter(|k| k.key_id == signer).collect();
    let first = candidates
        .first()
        .copied()
        .ok_or_else(|| SignatureError::UnknownKey {
            signer: signer.clone(),
            trusted: keys
                .iter()
                .map(|k| format!("{} ({})", k.name, k.key_id))
                .collect(),
        })?;
    let key = match candidates
        .iter()
        .copied()
        .find(|key| check(key, &signature).is_ok())
    {
        Some(key) => key,
        None => {
            let why = check(first, &signature).err().unwrap_or_default();
            return Err(SignatureError::Mismatch {
                key: first.name.clone(),
                why,
            });
        }
    };
    let comment = signature
        .trusted_comment()
        .map_err(|e| SignatureError::Comment(e.to_string()))?;
    Ok((key, comment))
}

/// Checks the shape of a `.minisig` text before the minisign crate reads it (a global
/// signature of the wrong length makes it panic): four lines, the signature 74 bytes and
/// the global signature 64 bytes.
fn well_formed(signature: &str) -> std::result::Result<(), SignatureError> {
    use ct_codecs::{Base64, Decoder};
    let lines: Vec<&str> = signature.lines().collect();
    let decoded = |line: &str| {
        Base64::decode_to_vec(line.trim(), None)
            .ok()
            .map(|b| b.len())
    };
    let shaped = lines.len() == 4
        && lines[0].starts_with("untrusted comment: ")
        && lines[2].starts_with("trusted comment: ")
        && decoded(lines[1]) == Some(74)
        && decoded(lines[3]) == Some(64);
    if shaped {
        Ok(())
    } else {
        Err(SignatureError::Malformed)
    }
}

/// The fields of an alliance trusted comment (`file:… release:… sha256:…`).
pub fn comment_field<'c>(comment: &'c str, field: &str) -> Option<&'c str> {
    comment.split(' ').find_map(|part| {
        part.strip_prefix(field)
            .and_then(|rest| rest.strip_prefix(':'))
    })
}

/// Checks `signature` (the text of a `.minisig` file) over `data` with `public_key` (the
/// text of a minisign `.pub` file); returns the trusted comment.
pub fn verify(public_key: &str, signature: &str, data: &[u8]) -> Result<String> {
    let key = TrustedKey::parse(public_key, "the public key".to_string()).map_err(|why| {
        KeyError::NotAKey {
            path: PathBuf::from("the public key"),
            kind: "public",
            why: why.to_string(),
        }
    })?;
    let keys = [key];
    let (_, comment) = verify_trusted(&keys, signature, data)?;
    Ok(comment)
}

/// The trusted comment of an artifact's signature.
pub fn trusted_comment(file: &str, release: &str, sha256: &str, development: bool) -> String {
    let mut comment = format!("file:{file} release:{release} sha256:{sha256}");
    if development {
        comment.push_str(" key:development");
    }
    comment
}

/// minisign's key id: the 8-byte key number as a little-endian integer in hex.
fn key_id(keynum: &[u8]) -> String {
    keynum.iter().rev().map(|b| format!("{b:02X}")).collect()
}

/// Writes a file readable by its owner only.
fn write_private(path: &Path, data: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).at("create", path)?;
    file.write_all(data).at("write", path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_key_is_made_once_and_signs_verifiably() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = SigningKey::open(dir.path(), &KeySource::default()).expect("dev key");
        assert!(key.development);
        let again = SigningKey::open(dir.path(), &KeySource::default()).expect("dev key again");
        assert_eq!(key.key_id, again.key_id, "the development key is reused");
        let comment = trusted_comment("a.zip", "1995.08", "00", true);
        let signature = key.sign(b"payload", &comment).expect("signs");
        assert_eq!(
            verify(&key.public_key_file, &signature, b"payload").expect("verifies"),
            comment
        );
        assert!(verify(&key.public_key_file, &signature, b"payloaD").is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key.secret_path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn signatures_are_deterministic_and_bound_to_their_comment() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = SigningKey::open(dir.path(), &KeySource::default()).expect("dev key");
        let a = key
            .sign(b"data", "file:a release:r sha256:00")
            .expect("signs");
        assert_eq!(
            a,
            key.sign(b"data", "file:a release:r sha256:00")
                .expect("signs"),
            "same input, same bytes"
        );
        assert_ne!(
            a,
            key.sign(b"data", "file:b release:r sha256:00")
                .expect("signs")
        );
        assert_eq!(
            verify(&key.public_key_file, &a, b"data").expect("verifies"),
            "file:a release:r sha256:00"
        );
        let tampered = a.replace("file:a", "file:b");
        assert!(
            verify(&key.public_key_file, &tampered, b"data").is_err(),
            "the comment is signed too"
        );
    }

    #[test]
    fn a_malformed_signature_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = SigningKey::open(dir.path(), &KeySource::default()).expect("dev key");
        let good = key.sign(b"data", "file:a").expect("signs");
        let lines: Vec<&str> = good.lines().collect();
        let short = format!("{}\n{}\n{}\nAAAA\n", lines[0], lines[1], lines[2]);
        assert!(verify(&key.public_key_file, &short, b"data").is_err());
        assert!(verify(&key.public_key_file, "garbage", b"data").is_err());
        assert!(key.sign(b"data", "two\nlines").is_err());
    }

    /// Whoever makes a key chooses its id: a second trusted key with the same id (planted,
    /// or two `--key` files) must not hide the one that made the signature.
    #[test]
    fn every_trusted_key_with_the_signature_s_id_is_tried() {
        use ct_codecs::{Base64, Decoder, Encoder};
        let dir = tempfile::tempdir().expect("temp dir");
        let key = SigningKey::open(dir.path(), &KeySource::default()).expect("dev key");
        let signature = key.sign(b"data", "file:a").expect("signs");
        let real = TrustedKey::parse(&key.public_key_file, "real".into()).expect("key");
        let line = key.public_key_file.lines().nth(1).expect("key line");
        let mut bytes = Base64::decode_to_vec(line, None).expect("base64");
        bytes[10] ^= 0xff;
        let forged = Base64::encode_to_string(&bytes).expect("base64");
        let forged = TrustedKey::parse(&forged, "forged".into()).expect("key");
        assert_eq!(forged.key_id, real.key_id);
        assert!(!forged.same_key(&real));
        let keys = [forged, real];
        let (matched, _) = verify_trusted(&keys, &signature, b"data").expect("verifies");
        assert_eq!(matched.name, "real");
        assert!(verify_trusted(&keys[..1], &signature, b"data").is_err());
    }

    #[test]
    fn key_id_matches_minisign_format() {
        assert_eq!(
            key_id(&[0x01, 0x02, 0, 0, 0, 0, 0, 0xAB]),
            "AB00000000000201"
        );
    }

    /// The secret key of `minisign -G -W`: no KDF, and a checksum left zero.
    fn stock_unencrypted(pair: &KeyPair) -> String {
        use ct_codecs::{Base64, Encoder};
        let mut bytes = pair.sk.to_bytes();
        let len = bytes.len();
        bytes[len - 32..].fill(0);
        let line = Base64::encode_to_string(&bytes).expect("base64");
        format!("untrusted comment: minisign encrypted secret key\n{line}\n")
    }

    /// Keys issue, item 8: such a key was reported as "needs its password".
    #[test]
    fn an_unencrypted_key_of_the_stock_tool_opens_without_a_password() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pair = KeyPair::generate_unencrypted_keypair().expect("key");
        let path = dir.path().join("sec");
        std::fs::write(&path, stock_unencrypted(&pair)).expect("write");
        let source = KeySource {
            secret_key: Some(path.clone()),
            password: None,
            ask: None,
        };
        let key = SigningKey::open(dir.path(), &source).expect("opens without a password");
        assert_eq!(key.key_id, key_id(pair.pk.keynum()));
        let public = pair.pk.to_box().expect("box").to_string();
        let signature = key.sign(b"data", "file:a").expect("signs");
        assert_eq!(
            verify(&public, &signature, b"data").expect("verifies"),
            "file:a"
        );

        // The crate's own unencrypted keys carry their checksum, and open too.
        std::fs::write(&path, pair.sk.to_box(None).expect("box").to_string()).expect("write");
        let key = SigningKey::open(dir.path(), &source).expect("opens with its checksum");
        assert_eq!(key.key_id, key_id(pair.pk.keynum()));

        // A damaged one is reported as damaged, never as wanting a password.
        let mut text = stock_unencrypted(&pair);
        let damaged = if text.as_bytes()[150] == b'A' {
            "B"
        } else {
            "A"
        };
        text.replace_range(150..151, damaged);
        std::fs::write(&path, text).expect("write");
        let err = SigningKey::open(dir.path(), &source).expect_err("damaged");
        assert!(err.to_string().contains("damaged"), "{err}");
    }

    /// Keys issue, item 7: a secret key is refused inside a workspace also when the path
    /// reaches it through a symbolic link or a folder that does not exist yet.
    #[cfg(unix)]
    #[test]
    fn keygen_refuses_a_workspace_reached_through_a_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = dir.path().join("ws");
        std::fs::create_dir_all(ws.join("keys")).expect("create");
        std::fs::write(ws.join("alliance.yaml"), "release: x\n").expect("write");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(ws.join("keys"), &link).expect("link");
        for secret in [link.join("a.key"), link.join("new/deeper/a.key")] {
            let err = keygen_pair(&dir.path().join("a.pub"), &secret, None).expect_err("refused");
            assert!(matches!(err, Error::Invalid(_)), "{err}");
            assert!(!secret.exists() && !dir.path().join("a.pub").exists());
            assert!(!link.join("new").exists(), "no folder was made");
        }
        let outside = dir.path().join("outside/a");
        keygen(&outside, None).expect("outside every workspace");
        assert!(outside.with_extension("key").is_file());
    }

    #[test]
    fn a_wrong_password_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pair = KeyPair::generate_encrypted_keypair(Some("right".into())).expect("key");
        let path = dir.path().join("release.key");
        std::fs::write(&path, pair.sk.to_box(None).expect("box").to_string()).expect("write");
        let source = KeySource {
            secret_key: Some(path.clone()),
            password: Some("wrong".into()),
            ask: None,
        };
        let err = SigningKey::open(dir.path(), &source).expect_err("wrong password");
        assert!(err.to_string().contains("ALLIANCE_KEY_PASSWORD"), "{err}");
        let source = KeySource {
            secret_key: Some(path),
            password: Some("right".into()),
            ask: None,
        };
        assert!(
            !SigningKey::open(dir.path(), &source)
                .expect("unlocks")
                .development
        );
    }
}
