//! What the key commands print: where `keygen` wrote a pair, and the trust store's keys
//! (`trust add`, `trust list` as text or JSON, `trust remove`).

use std::io::Write;

use super::Output;
use crate::diagnostic::Result;
use crate::sign::{Generated, TrustedKey};
use crate::trust::Store;

impl Output {
    /// Prints where `keygen` wrote the pair.
    pub fn keygen(&mut self, generated: &Generated) -> Result<()> {
        self.print_with(|w| {
            writeln!(
                w,
                "public key {} (id {}): commit it and publish it\nsecret key {} (mode 0600, outside the workspace): back it up, never share it",
                generated.public_path.display(),
                generated.key_id,
                generated.secret_path.display()
            )?;
            let name = generated
                .secret_path
                .file_stem()
                .map(|s| s.to_string_lossy());
            if let Some(name) = name
                .filter(|_| generated.secret_path.parent() == crate::sign::user_keys_dir().as_deref())
            {
                writeln!(
                    w,
                    "sign with it: --secret-key {name}, or `signing: {{secret_key: {name}}}` in alliance.yaml"
                )?;
            }
            if !generated.encrypted {
                writeln!(
                    w,
                    "the secret key is NOT password-protected: use it for tests only"
                )?;
            }
            Ok(())
        })
    }

    /// Prints the key `trust add` put into the store.
    pub fn trusted(&mut self, store: &Store, key: &TrustedKey) -> Result<()> {
        self.print_with(|w| {
            writeln!(
                w,
                "trusted key {} ({}), kept in {}",
                key.name,
                key.key_id,
                store.dir.display()
            )
        })
    }

    /// Prints the key `trust remove` took out of the store.
    pub fn untrusted(&mut self, key: &TrustedKey) -> Result<()> {
        self.print_with(|w| writeln!(w, "no longer trusted: key {} ({})", key.name, key.key_id))
    }

    /// Prints the keys of the trust store.
    pub fn trusted_keys(&mut self, store: &Store, keys: &[TrustedKey]) -> Result<()> {
        self.print_with(|w| {
            writeln!(w, "trust store {}", store.dir.display())?;
            if keys.is_empty() {
                writeln!(w, "no key is trusted yet: alliance trust add KEY.pub")?;
            }
            for key in keys {
                writeln!(w, "  {:24} {}", key.name, key.key_id)?;
            }
            Ok(())
        })
    }

    /// Prints the keys of the trust store as JSON: name, key id, file.
    pub fn trusted_keys_json(&mut self, store: &Store, keys: &[TrustedKey]) -> Result<()> {
        self.json(
            &keys
                .iter()
                .map(|k| {
                    serde_json::json!({
                        "name": k.name,
                        "key_id": k.key_id,
                        "file": store.dir.join(format!("{}.pub", k.name)),
                    })
                })
                .collect::<Vec<_>>(),
        )
    }
}
