//! minisign (Ed25519) keys, signatures and their verification.
//!
//! The signing key is the configured one (`signing.secret_key` in `alliance.yaml`, or
//! `ALLIANCE_SECRET_KEY`: a file, or the name of a key in the user's keys folder) unlocked
//! with `ALLIANCE_KEY_PASSWORD`, or else a development key kept in `.alliance/` of the
//! workspace (git-ignored, never in `dist/`) and created on first use. `keygen` writes the
//! public half into the workspace's `keys/` and the secret half into the user's keys folder
//! ([`user_keys_dir`]); it never writes a secret key inside a workspace. Signatures are ordinary `.minisig` files: `minisign -Vm FILE -p KEY.pub` checks them.
//! The trusted comment binds a signature to the artifact's file name, release and SHA-256.

mod check;
mod keygen;
mod trusted;

pub use check::*;
pub use keygen::*;
pub use trusted::*;

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
    /// Signs with a secret key inside the workspace or a git work tree, where it could be
    /// committed (`--allow-key-in-workspace`); refused otherwise.
    pub allow_in_workspace: bool,
}

impl SigningKey {
    /// Opens the configured key, or the workspace's development key (created if absent).
    pub fn open(root: &Path, source: &KeySource) -> Result<SigningKey> {
        match &source.secret_key {
            Some(path) => {
                let path = locate_secret_key(root, path)?;
                if !source.allow_in_workspace {
                    keygen::refuse_committable(&path)?;
                }
                Self::open_file(&path, source)
            }
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
            allow_in_workspace: false,
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
            allow_in_workspace: false,
        };
        let err = SigningKey::open(dir.path(), &source).expect_err("wrong password");
        assert!(err.to_string().contains("cannot unlock"), "{err}");
        assert!(
            err.help()
                .is_some_and(|h| h.contains("ALLIANCE_KEY_PASSWORD")),
            "the help says what to check: {:?}",
            err.help()
        );
        let source = KeySource {
            secret_key: Some(path),
            password: Some("right".into()),
            ask: None,
            allow_in_workspace: false,
        };
        assert!(
            !SigningKey::open(dir.path(), &source)
                .expect("unlocks")
                .development
        );
    }
}
