//! New key pairs (`alliance keygen`): where a key goes (the user's keys folder, never a
//! workspace), what a key may be named, and finding a named secret key.

use super::*;

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
    enclosing(path, |dir| {
        dir.join(crate::workspace::CONFIG_FILE).is_file()
    })
}

/// The git work tree `path` is in (a folder holding `.git`), if any.
fn enclosing_work_tree(path: &Path) -> Option<PathBuf> {
    enclosing(path, |dir| dir.join(".git").exists())
}

/// The nearest folder around `path` that `is_it`, following symbolic links as far as the
/// path exists.
fn enclosing(path: &Path, is_it: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let existing = absolute.ancestors().find(|a| a.exists())?;
    let canonical = existing.canonicalize().ok()?;
    canonical
        .ancestors()
        .find(|dir| is_it(dir))
        .map(Path::to_path_buf)
}

/// Refuses to sign with secret key `path` when it lies inside a workspace or a git work
/// tree, where `git add .` offers it for commit (`--allow-key-in-workspace` signs anyway).
pub fn refuse_committable(path: &Path) -> Result<()> {
    // Where `keygen` puts keys is never refused, even in a home folder kept in git.
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    if let (Some(key), Some(keys)) = (
        canonical(path),
        user_keys_dir().as_deref().and_then(canonical),
    ) && key.starts_with(&keys)
    {
        return Ok(());
    }
    let (kind, tree) = match (enclosing_workspace(path), enclosing_work_tree(path)) {
        (Some(workspace), _) => ("the workspace", workspace),
        (None, Some(tree)) => ("the git work tree", tree),
        (None, None) => return Ok(()),
    };
    Err(Error::Invalid(vec![
        Problem::new(
            path,
            format!(
                "the secret key is inside {kind} `{}`, where it could be committed and \
                 published with the code",
                tree.display()
            ),
        )
        .with_help(format!(
            "move it out, to {} (then sign with `--secret-key NAME`), and make a new key if it \
             was ever committed; `--allow-key-in-workspace` signs with it where it is",
            user_keys_dir_shown()
        )),
    ]))
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
