//! Which public keys are trusted, and for which artifacts.
//!
//! Trust comes only from keys the user pinned: `--key` files, or else the per-user trust
//! [`Store`] (`alliance trust add|list|remove`), kept in the user's configuration folder,
//! outside every workspace and download. Nothing that arrives with an artifact is trusted,
//! and a downloaded folder can always be made to look like a workspace (an `alliance.yaml`,
//! a `keys/`, a `dist/<release>/`). So a workspace's `keys/*.pub`, and with `--allow-dev` its
//! development key, are trusted only by `verify` and the building commands, and only for
//! artifacts in that workspace's own output folder ([`Trust::keys_for`]); `install` never
//! trusts them. Every key carries its [`Origin`], so that a check can say where the key that
//! matched came from. A store or `keys/` entry that is no key file (a folder named `*.pub`)
//! is skipped, never failing the command, and told of ([`Trust::warnings`]).

use std::path::{Path, PathBuf};

use crate::diagnostic::escape::escape;
use crate::diagnostic::{Error, IoContext, Problem, Result};
use crate::sign::{self, Origin, TrustedKey};
use crate::workspace::Workspace;

/// The keys of one command: pinned, from the store, and (for `verify`) the workspace's.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    pinned: Vec<TrustedKey>,
    store: Vec<TrustedKey>,
    workspace: Option<WorkspaceKeys>,
    /// What was skipped in the store or the workspace's `keys/`, one warning each.
    warnings: Vec<String>,
    /// The root of trust pinned in the store (with no `--key`), and the store to keep a
    /// newer one in.
    root: Option<PinnedRoot>,
}

/// A root of trust the user pinned, and the store a newer root accepted goes into.
#[derive(Debug, Clone)]
pub struct PinnedRoot {
    /// The newest root accepted so far.
    pub root: crate::root::Root,
    /// The store it is kept in.
    pub store: Store,
}

impl PinnedRoot {
    /// Keeps `accepted` in the store when it went past the pinned root.
    pub fn keep(&self, accepted: &crate::root::Accepted) -> Result<()> {
        if accepted.advanced {
            self.store.keep_root_bytes(&accepted.bytes)?;
        }
        Ok(())
    }
}

/// A workspace's keys and the output folder they count for.
#[derive(Debug, Clone)]
struct WorkspaceKeys {
    /// The output folder, canonical.
    output: PathBuf,
    keys: Vec<TrustedKey>,
    development: Option<TrustedKey>,
}

impl Trust {
    /// The pinned keys (`--key` files); when there are none, the user's trust store.
    pub fn pinned(key_files: &[PathBuf]) -> Result<Trust> {
        let mut trust = Trust::default();
        for path in key_files {
            trust.pinned.push(
                TrustedKey::read(path, path.display().to_string())?.with_origin(Origin::Pinned),
            );
        }
        if trust.pinned.is_empty()
            && let Some(store) = Store::user()
        {
            let folder = store.read()?;
            trust.store = folder.keys;
            if let Some(root) = store.root()? {
                trust.root = Some(PinnedRoot {
                    root,
                    store: store.clone(),
                });
            }
            trust
                .warnings
                .extend(folder.skipped.iter().map(sign::Skipped::warning));
        }
        Ok(trust)
    }

    /// What was skipped in the trust store or the workspace's `keys/` (a folder named
    /// `*.pub`, a file that is not one public key): one warning each, for the command to
    /// show.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Adds the workspace at `root` (if it is one): its `keys/*.pub` and, with `allow_dev`,
    /// its development key, both for artifacts in its own output folder only. `--key`
    /// files replace `keys/`; the development key is added to them.
    pub fn with_workspace(mut self, root: &Path, allow_dev: bool) -> Result<Trust> {
        // A folder whose `alliance.yaml` does not load is no workspace, and trusts nothing.
        let Ok(Some(config)) = Workspace::config_only(root) else {
            return Ok(self);
        };
        let (Ok(output), Ok(canonical_root)) = (config.output.canonicalize(), root.canonicalize())
        else {
            return Ok(self);
        };
        // An output folder outside the workspace (`output: /`, a `dist` linked elsewhere)
        // would make its keys count for files that are not its own.
        if output == canonical_root || !output.starts_with(&canonical_root) {
            return Ok(self);
        }
        let keys = if self.pinned.is_empty() {
            let folder = sign::trusted_keys(&root.join("keys"))?;
            self.warnings
                .extend(folder.skipped.iter().map(sign::Skipped::warning));
            folder
                .keys
                .into_iter()
                .map(|k| k.with_origin(Origin::Workspace))
                .collect()
        } else {
            Vec::new()
        };
        let dev = root.join(sign::DEV_KEY_DIR).join(sign::DEV_PUBLIC);
        let development = if allow_dev && dev.is_file() {
            Some(
                TrustedKey::read(&dev, "the workspace's development key".to_string())?
                    .with_origin(Origin::Development),
            )
        } else {
            None
        };
        self.workspace = Some(WorkspaceKeys {
            output,
            keys,
            development,
        });
        Ok(self)
    }

    /// The keys trusted for files read from `folders` (an artifact's folder and the folder
    /// of its signature and manifest): the pinned keys (else the store's), and the
    /// workspace's only when every folder is inside its output folder.
    pub fn keys_for(&self, folders: &[&Path]) -> Vec<TrustedKey> {
        let mut keys = if self.pinned.is_empty() {
            self.store.clone()
        } else {
            self.pinned.clone()
        };
        if let Some(ws) = &self.workspace {
            let inside = !folders.is_empty()
                && folders.iter().all(|folder| {
                    folder
                        .canonicalize()
                        .is_ok_and(|folder| folder.starts_with(&ws.output))
                });
            if inside {
                keys.extend(ws.keys.iter().cloned());
                keys.extend(ws.development.iter().cloned());
            }
        }
        keys
    }

    /// The root of trust pinned (it counts when no `--key` is given).
    pub fn pinned_root(&self) -> Option<&PinnedRoot> {
        self.root.as_ref()
    }

    /// The root chain of the release folder `dir` walked from the pinned root (a newer root
    /// accepted is kept in the store); a folder that carries no chain (`root/`) is judged by
    /// the pinned root itself, never by the keys alone (taking `root/` away must not turn the
    /// root off). `None` when no root is pinned (or `--key` was given): the keys decide.
    pub fn root_chain(&self, dir: &Path) -> Option<Result<crate::root::Accepted>> {
        let pinned = self.root.as_ref()?;
        let chain = dir.join(crate::root::ROOT_DIR);
        Some(
            crate::root::walk(&pinned.root, &chain, crate::date::now()).and_then(|accepted| {
                pinned.keep(&accepted)?;
                Ok(accepted)
            }),
        )
    }

    /// The problem when no key is trusted for `what`, saying how to trust one.
    pub fn none_for(what: &Path, install: bool) -> Problem {
        let help = if install {
            "install trusts only keys you pinned: pass the publisher's minisign public key with \
             --key FILE, or add it once with `alliance trust add FILE`"
        } else {
            "pass the publisher's minisign public key with --key FILE, or add it once with \
             `alliance trust add FILE` (a workspace's keys/ count only for its own output folder)"
        };
        Problem::new(what, "no trusted public key for this file").with_help(help)
    }
}

/// The per-user trust store: one `<name>.pub` per key, in
/// `$XDG_CONFIG_HOME/alliance/trusted-keys/` (else `~/.config/…`, or `%APPDATA%\…`).
#[derive(Debug, Clone)]
pub struct Store {
    /// The store's folder.
    pub dir: PathBuf,
}

impl Store {
    /// The current user's store, if a configuration folder can be found.
    pub fn user() -> Option<Store> {
        Some(Store {
            dir: sign::config_dir()?.join("trusted-keys"),
        })
    }

    /// The current user's store, or an error saying that there is none.
    pub fn user_or_error() -> Result<Store> {
        Store::user().ok_or_else(|| {
            Error::Invalid(vec![
                Problem::new(
                    "trusted-keys",
                    "no configuration folder for the trust store",
                )
                .with_help("set HOME or XDG_CONFIG_HOME"),
            ])
        })
    }

    /// Where the pinned root of trust is kept: the newest root accepted, beside the keys.
    pub fn root_path(&self) -> PathBuf {
        self.dir.with_file_name("trusted-root.yaml")
    }

    /// The root of trust the user pinned (or the newest accepted since), if any.
    pub fn root(&self) -> Result<Option<crate::root::Root>> {
        let path = self.root_path();
        if !path.exists() {
            return Ok(None);
        }
        Ok(Some(crate::root::Signed::read(&path)?.root))
    }

    /// Keeps `root` (its bytes as signed) as the trusted root; a later root replaces it.
    pub fn keep_root(&self, root: &crate::root::Signed) -> Result<()> {
        self.keep_root_bytes(&root.bytes)
    }

    /// Keeps the root whose bytes are `bytes` (accepted by its chain) as the trusted root.
    pub fn keep_root_bytes(&self, bytes: &[u8]) -> Result<()> {
        let path = self.root_path();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).at("create folder", parent)?;
        }
        crate::fs::write_whole(&path, bytes)?;
        Ok(())
    }

    /// Every key of the store, sorted by name.
    pub fn keys(&self) -> Result<Vec<TrustedKey>> {
        Ok(self.read()?.keys)
    }

    /// Every key of the store, sorted by name, and what in it is no key file (skipped: a
    /// folder named `*.pub` never stops a command).
    pub fn read(&self) -> Result<sign::KeyFolder> {
        let mut folder = sign::trusted_keys(&self.dir)?;
        for key in &mut folder.keys {
            key.name = key
                .name
                .strip_suffix(".pub")
                .unwrap_or(&key.name)
                .to_string();
            key.origin = Origin::Store;
        }
        Ok(folder)
    }

    /// Adds the public key at `path` under `name` (default: the file's stem). A name is
    /// letters, digits, `.`, `_` and `-` ([`sign::valid_key_name`]); it never looks like a
    /// key id (16 hexadecimal digits, so that [`Store::remove`] knows which is meant) and
    /// never differs from a trusted key's name only in case (one file where file names
    /// ignore case).
    pub fn add(&self, path: &Path, name: Option<&str>) -> Result<TrustedKey> {
        // A key is never fetched: one from the mirror proves nothing about the mirror.
        let given = path.to_string_lossy();
        if ["http://", "https://", "ftp://"]
            .iter()
            .any(|scheme| given.to_ascii_lowercase().starts_with(scheme))
        {
            return Err(Error::Invalid(vec![
                Problem::new(
                    path,
                    "a key is added from a file, never fetched: a key downloaded from the \
                     server it would vouch for proves nothing about that server",
                )
                .with_help(
                    "get the publisher's `minisign.pub` through a channel you trust (their \
                     signed e-mail, their source repository, a colleague who checked it), \
                     compare its key id with what the publisher announces, then `alliance trust \
                     add FILE`",
                ),
            ]));
        }
        let (mut key, text) = TrustedKey::read_file(path, String::new())?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = name.unwrap_or(&stem).to_string();
        if let Some(problem) = name_refusal(path, &name) {
            return Err(Error::Invalid(vec![problem]));
        }
        key.name.clone_from(&name);
        let folder = self.read()?;
        let existing = folder.keys;
        if let Some(taken) = skipped_named(&folder.skipped, &name) {
            return Err(Error::Invalid(vec![
                Problem::new(
                    path,
                    format!(
                        "`{}` in the trust store is not a key file, and takes the name `{name}`",
                        taken.path.display()
                    ),
                )
                .with_help("choose another name with --name, or move that entry away"),
            ]));
        }
        if let Some(problem) = clash(path, &key, &name, &existing) {
            return Err(Error::Invalid(vec![problem]));
        }
        std::fs::create_dir_all(&self.dir).at("create", &self.dir)?;
        let file = self.dir.join(format!("{name}.pub"));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        use std::io::Write;
        options
            .open(&file)
            .at("create", &file)?
            .write_all(text.as_bytes())
            .at("write", &file)?;
        Ok(key.with_origin(Origin::Store))
    }

    /// Removes the key with key id `name_or_id` (16 hexadecimal digits, any case), or else
    /// the key of that name. A name never looks like a key id ([`Store::add`]); a store
    /// made before that rule may still hold one, found by its name when no key has that id.
    pub fn remove(&self, name_or_id: &str) -> Result<TrustedKey> {
        let folder = self.read()?;
        let keys = folder.keys;
        let by_id: Vec<&TrustedKey> = if sign::is_key_id(name_or_id) {
            keys.iter()
                .filter(|k| k.key_id.eq_ignore_ascii_case(name_or_id))
                .collect()
        } else {
            Vec::new()
        };
        let key = match by_id.as_slice() {
            [key] => *key,
            [] => {
                let exact = keys.iter().find(|k| k.name == name_or_id);
                let folded: Vec<&TrustedKey> = keys
                    .iter()
                    .filter(|k| k.name.eq_ignore_ascii_case(name_or_id))
                    .collect();
                match (exact, folded.as_slice()) {
                    (Some(key), _) => key,
                    (None, [key]) => *key,
                    (None, []) => {
                        if let Some(skipped) = skipped_named(&folder.skipped, name_or_id) {
                            return Err(Error::Invalid(vec![
                                Problem::new(&skipped.path, format!("not a trusted key: {}", skipped.why))
                                    .with_help("alliance removes only the key files it reads; move or delete this entry yourself"),
                            ]));
                        }
                        return Err(self.none_named(name_or_id, &keys));
                    }
                    // A store made before names were compared without case.
                    (None, several) => {
                        let names: Vec<String> =
                            several.iter().map(|k| format!("`{}`", k.name)).collect();
                        return Err(Error::Invalid(vec![
                            Problem::new(
                                &self.dir,
                                format!(
                                    "`{}` names {} trusted keys in other cases: {}",
                                    escape(name_or_id),
                                    several.len(),
                                    names.join(", ")
                                ),
                            )
                            .with_help("give the name exactly as `alliance trust list` shows it"),
                        ]));
                    }
                }
            }
            several => {
                let names: Vec<String> = several.iter().map(|k| format!("`{}`", k.name)).collect();
                return Err(Error::Invalid(vec![
                    Problem::new(
                        &self.dir,
                        format!(
                            "{} trusted keys have the key id {name_or_id}",
                            several.len()
                        ),
                    )
                    .with_help(format!("remove one by its name: {}", names.join(", "))),
                ]));
            }
        };
        let file = self.dir.join(format!("{}.pub", key.name));
        std::fs::remove_file(&file).at("remove", &file)?;
        Ok(key.clone())
    }

    /// The error when no trusted key is named (or has the id) `name`.
    fn none_named(&self, name: &str, keys: &[TrustedKey]) -> Error {
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        let what = if sign::is_key_id(name) {
            format!("no trusted key has the key id `{name}`")
        } else {
            format!("no trusted key is named `{}`", escape(name))
        };
        Error::Invalid(vec![Problem::new(&self.dir, what).with_help(
            if names.is_empty() {
                "the trust store is empty".to_string()
            } else {
                format!(
                    "the trusted keys are {} (`alliance trust list` shows their ids)",
                    names.join(", ")
                )
            },
        )])
    }
}

/// The skipped entry of a store whose name (without `.pub`) is `name` in any case.
fn skipped_named<'s>(skipped: &'s [sign::Skipped], name: &str) -> Option<&'s sign::Skipped> {
    skipped.iter().find(|s| {
        s.path
            .file_stem()
            .is_some_and(|stem| stem.to_string_lossy().eq_ignore_ascii_case(name))
    })
}

/// Why `name` cannot name a trusted key (from the key file `path`), if it cannot: not made
/// of letters, digits, `.`, `_` and `-`, or looking like a key id.
fn name_refusal(path: &Path, name: &str) -> Option<Problem> {
    if !sign::valid_key_name(name) {
        return Some(
            Problem::new(
                path,
                format!("`{}` cannot name a trusted key", escape(name)),
            )
            .with_help("choose a name of letters, digits, `.`, `_` and `-` with --name"),
        );
    }
    if sign::is_key_id(name) {
        return Some(
            Problem::new(
                path,
                format!("`{name}` cannot name a trusted key: it looks like a key id"),
            )
            .with_help(
                "choose a name that is not 16 hexadecimal digits with --name (such as the \
                     publisher's name): `alliance trust remove` takes a key id or a name, and \
                     must know which",
            ),
        );
    }
    None
}

/// Why `key`, named `name` (from the key file `path`), clashes with a key of `existing`,
/// if it does: the same id, or a name differing only in case.
fn clash(path: &Path, key: &TrustedKey, name: &str, existing: &[TrustedKey]) -> Option<Problem> {
    if let Some(same) = existing.iter().find(|k| k.key_id == key.key_id) {
        let problem = if same.same_key(key) {
            Problem::new(
                path,
                format!("key {} is already trusted as `{}`", key.key_id, same.name),
            )
            .with_help(format!(
                "nothing to do; `alliance trust remove {}` first to rename it",
                same.name
            ))
        } else {
            Problem::new(
                    path,
                    format!(
                        "another key with the same id {} is trusted as `{}`",
                        key.key_id, same.name
                    ),
                )
                .with_help("whoever makes a key chooses its id: check both keys with their publishers before trusting this one")
        };
        return Some(problem);
    }
    if let Some(same) = existing.iter().find(|k| k.name.eq_ignore_ascii_case(name)) {
        let message = if same.name == name {
            format!("a trusted key is already named `{name}`")
        } else {
            format!(
                "`{name}` differs only in case from `{}`, a trusted key ({}): where file names ignore case (Windows, macOS) the two are one file",
                same.name, same.key_id
            )
        };
        return Some(Problem::new(path, message).with_help("choose another name with --name"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store at `dir` holding `files` (name -> public key text).
    fn store_with(dir: &Path, files: &[(&str, &str)]) -> Store {
        let store = Store {
            dir: dir.join("trusted-keys"),
        };
        std::fs::create_dir_all(&store.dir).expect("create");
        for (name, text) in files {
            std::fs::write(store.dir.join(name), text).expect("write");
        }
        store
    }

    fn public_key(dir: &Path, name: &str) -> (String, String) {
        let generated = sign::keygen(&dir.join(name), None).expect("key pair");
        let text = std::fs::read_to_string(&generated.public_path).expect("read");
        (text, generated.key_id)
    }

    /// Issue 20, item 13b: a store written before names were checked may hold a key named
    /// like a key id, or two names in different cases: `remove` still finds each, an id
    /// before a name, and an ambiguous argument is refused, never guessed.
    #[test]
    fn remove_takes_an_id_first_then_a_name_and_never_guesses() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, a_id) = public_key(dir.path(), "a");
        let (b, b_id) = public_key(dir.path(), "b");
        let (c, _) = public_key(dir.path(), "c");
        let legacy = format!("{a_id}.pub");
        let store = store_with(
            dir.path(),
            &[
                (&legacy, &b),
                ("alpha.pub", &a),
                ("Shop.pub", &c),
                ("shop.pub", &c),
            ],
        );
        // The id of `alpha`, which is also the name of the key `b`: the id wins.
        let removed = store.remove(&a_id.to_lowercase()).expect("removed");
        assert_eq!(removed.name, "alpha");
        // No key has that id any more: the legacy name is found.
        let removed = store.remove(&a_id).expect("removed");
        assert_eq!(
            (removed.name.as_str(), removed.key_id.as_str()),
            (a_id.as_str(), b_id.as_str())
        );
        let err = store.remove("SHOP").expect_err("ambiguous");
        assert!(err.to_string().contains("problem"), "{err}");
        assert_eq!(store.remove("shop").expect("exact").name, "shop");
        assert_eq!(store.remove("SHOP").expect("one left").name, "Shop");
        assert!(store.keys().expect("keys").is_empty());
    }
}
