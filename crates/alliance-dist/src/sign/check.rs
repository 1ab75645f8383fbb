//! Checking a `.minisig` against the trusted keys: its shape before the minisign crate reads
//! it, the key its id names, the Ed25519 signature over the BLAKE2b-512 of the data (read
//! once), and the trusted comment that binds it to a file, a release and a SHA-256.

use super::*;

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
