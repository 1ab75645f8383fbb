//! Helpers shared by the end-to-end tests: a copy of the sample workspace in a temp dir, the
//! built binary, and the external tools users check releases with.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The top-level entries of the repository that make up the sample workspace.
const SAMPLE: &[&str] = &["alliance.yaml", "locales", "packages", "templates", "keys"];

/// The fixed time stamp the tests build with (1995-08-24).
const EPOCH: &str = "809222400";

/// The repository root, which is also the sample workspace.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh copy of the sample workspace in a temp dir.
pub fn sample_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in SAMPLE {
        let from = repo().join(entry);
        if from.exists() {
            copy_tree(&from, &dir.path().join(entry));
        }
    }
    dir
}

/// Copies a file or a folder recursively, keeping permissions.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create dir");
        for entry in std::fs::read_dir(from).expect("read dir") {
            let entry = entry.expect("dir entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).expect("copy file");
    }
}

/// The `alliance` binary Cargo built for these tests.
pub const BINARY: &str = env!("CARGO_BIN_EXE_alliance");

/// `alliance` run in `root`, with a fixed time stamp and no key from the environment.
pub fn alliance(root: &Path) -> Command {
    let mut cmd = Command::new(BINARY);
    cmd.current_dir(root)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        // The user's own trust store never leaks into a test: an empty one unless a test
        // points XDG_CONFIG_HOME somewhere else.
        .env("XDG_CONFIG_HOME", "/nonexistent/alliance-test-config")
        .env_remove("ALLIANCE_SECRET_KEY")
        .env_remove("ALLIANCE_KEY_PASSWORD");
    cmd
}

/// What a finished run of alliance gave: its exit code, stdout and stderr.
pub type Outcome = (Option<i32>, String, String);

/// The exit code, stdout and stderr of a finished command.
pub fn outcome(output: &Output) -> Outcome {
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `alliance ARGS` in `root`; returns the exit code, stdout and stderr.
pub fn run(root: &Path, args: &[&str]) -> Outcome {
    outcome(&alliance(root).args(args).output().expect("runs"))
}

/// Asserts that a run refused with exit code 2 (a usage or input problem) and did not
/// panic; returns its stderr.
pub fn refusal((code, stdout, stderr): Outcome) -> String {
    assert_eq!(code, Some(2), "exit code 2 expected:\n{stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Runs `alliance ARGS` in `root`, which must refuse with exit code 2 (a usage or input
/// problem) and not panic; returns its stderr.
pub fn refused(root: &Path, args: &[&str]) -> String {
    refusal(run(root, args))
}

/// Panics with the command's stderr unless it succeeded.
pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `alliance install INSTALLER --prefix PREFIX` and `extra` arguments in `root`;
/// returns the exit code, stdout and stderr.
pub fn install(root: &Path, installer: &Path, prefix: &Path, extra: &[&str]) -> Outcome {
    let mut args = vec!["install", arg(installer), "--prefix", arg(prefix)];
    args.extend_from_slice(extra);
    run(root, &args)
}

/// Runs `alliance release` in `root`, asserting success; returns the release folder.
pub fn release(root: &Path) -> PathBuf {
    let output = alliance(root).arg("release").output().expect("runs");
    assert!(
        output.status.success(),
        "release failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    root.join("dist").join("1995.08")
}

/// Runs `alliance release` in `root` signed with the secret key `key` and `password`.
pub fn release_with_key(root: &Path, key: &Path, password: &str) -> Output {
    alliance(root)
        .arg("release")
        .env("ALLIANCE_SECRET_KEY", key)
        .env("ALLIANCE_KEY_PASSWORD", password)
        .output()
        .expect("runs")
}

/// The password of [`ReleaseKey::Encrypted`].
pub const PASSWORD: &str = "shop secret";

/// The release key a [`SignedWorkspace`] signs with. Each pair is made once per test run by
/// `alliance keygen` and written into every workspace that uses it, so a test pays for no
/// key generation, and for no key derivation (scrypt) unless it is about passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseKey {
    /// The publisher's key, without a password.
    Shop,
    /// Another publisher's key, without a password: a second trusted publisher, or a key
    /// the user did not pin.
    Other,
    /// A key with the password [`PASSWORD`].
    Encrypted,
}

/// The two files of a key pair, as `alliance keygen` wrote them.
struct KeyPairFiles {
    public: Vec<u8>,
    secret: Vec<u8>,
}

impl ReleaseKey {
    /// The pair, made at its first use in this run.
    fn files(self) -> &'static KeyPairFiles {
        static SHOP: OnceLock<KeyPairFiles> = OnceLock::new();
        static OTHER: OnceLock<KeyPairFiles> = OnceLock::new();
        static ENCRYPTED: OnceLock<KeyPairFiles> = OnceLock::new();
        let cell = match self {
            ReleaseKey::Shop => &SHOP,
            ReleaseKey::Other => &OTHER,
            ReleaseKey::Encrypted => &ENCRYPTED,
        };
        cell.get_or_init(|| self.keygen())
    }

    /// `alliance keygen --out` into a temporary folder, read back.
    fn keygen(self) -> KeyPairFiles {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("shop");
        let mut cmd = alliance(dir.path());
        cmd.args(["keygen", "--out", arg(&out)]);
        match self.password() {
            Some(password) => cmd.env("ALLIANCE_KEY_PASSWORD", password),
            None => cmd.arg("--unencrypted"),
        };
        assert_success(&cmd.output().expect("runs"));
        KeyPairFiles {
            public: std::fs::read(out.with_extension("pub")).expect("public key"),
            secret: std::fs::read(out.with_extension("key")).expect("secret key"),
        }
    }

    /// The password of the secret key, if it has one.
    pub fn password(self) -> Option<&'static str> {
        (self == ReleaseKey::Encrypted).then_some(PASSWORD)
    }
}

/// A sample workspace with a release key of its own: `keys/shop.pub` in the workspace, the
/// secret key outside it, in a configuration folder of its own, where `alliance keygen shop`
/// puts it.
pub struct SignedWorkspace {
    ws: tempfile::TempDir,
    config: tempfile::TempDir,
    key: ReleaseKey,
}

impl SignedWorkspace {
    /// A fresh copy of the sample workspace with a copy of `key`.
    pub fn new(key: ReleaseKey) -> SignedWorkspace {
        let ws = SignedWorkspace {
            ws: sample_workspace(),
            config: tempfile::tempdir().expect("temp dir"),
            key,
        };
        let files = key.files();
        let public = ws.public_key();
        std::fs::create_dir_all(public.parent().expect("keys/")).expect("keys/");
        std::fs::write(&public, &files.public).expect("public key");
        write_secret(&ws.secret_key(), &files.secret);
        ws
    }

    /// The workspace.
    pub fn path(&self) -> &Path {
        self.ws.path()
    }

    /// The public key, to pin: `keys/shop.pub`.
    pub fn public_key(&self) -> PathBuf {
        self.path().join("keys/shop.pub")
    }

    /// The secret key.
    pub fn secret_key(&self) -> PathBuf {
        self.config.path().join("alliance/keys/shop.key")
    }

    /// The output folder, `dist/`.
    pub fn dist(&self) -> PathBuf {
        self.path().join("dist")
    }

    /// Runs `alliance release EXTRA…`, signed with the workspace's key; returns its output.
    pub fn try_release(&self, extra: &[&str]) -> Output {
        let mut cmd = alliance(self.path());
        cmd.arg("release")
            .args(extra)
            .env("ALLIANCE_SECRET_KEY", self.secret_key());
        if let Some(password) = self.key.password() {
            cmd.env("ALLIANCE_KEY_PASSWORD", password);
        }
        cmd.output().expect("runs")
    }

    /// Runs `alliance release EXTRA…`, signed with the workspace's key, asserting success.
    pub fn release(&self, extra: &[&str]) {
        assert_success(&self.try_release(extra));
    }
}

/// Writes a secret key as `alliance keygen` does: its folder 0700, the file 0600.
fn write_secret(path: &Path, data: &[u8]) {
    let dir = path.parent().expect("a folder");
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        builder.mode(0o700);
        options.mode(0o600);
    }
    builder.create(dir).expect("key folder");
    options
        .open(path)
        .and_then(|mut file| file.write_all(data))
        .expect("secret key");
}

/// A sample workspace signed with [`ReleaseKey::Shop`].
pub fn signed_workspace() -> SignedWorkspace {
    SignedWorkspace::new(ReleaseKey::Shop)
}

/// A sample release signed with a release key ([`signed_workspace`]); returns the
/// workspace and its `dist/1995.08`.
pub fn signed_release() -> (SignedWorkspace, PathBuf) {
    signed_release_with(ReleaseKey::Shop)
}

/// A sample release signed with `key`; returns the workspace and its `dist/1995.08`.
pub fn signed_release_with(key: ReleaseKey) -> (SignedWorkspace, PathBuf) {
    let ws = SignedWorkspace::new(key);
    ws.release(&[]);
    let dir = ws.dist().join("1995.08");
    (ws, dir)
}

/// Sets the line of `file` that starts with `key` to `key value`, or appends it.
pub fn set_line(file: &Path, key: &str, value: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    let mut found = false;
    let mut out: String = text
        .lines()
        .map(|l| {
            if l.starts_with(key) {
                found = true;
                format!("{key} {value}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    if !found {
        out.push_str(&format!("{key} {value}\n"));
    }
    std::fs::write(file, out).expect("write");
}

/// Sets `release:` of `alliance.yaml` in the workspace `root` and the version of ledgerline.
pub fn set_release(root: &Path, release: &str, ledgerline: &str) {
    set_line(
        &root.join("alliance.yaml"),
        "release:",
        &format!("\"{release}\""),
    );
    set_line(
        &root.join("packages/ledgerline/package.yaml"),
        "version:",
        ledgerline,
    );
}

/// Releases version 4.3.0 of ledgerline as release 1995.09 of `ws`: it changes the settings
/// and tax codes, adds a file and drops two. Returns the new installer.
pub fn release_ledgerline_4_3_0(ws: &SignedWorkspace) -> PathBuf {
    let files = ws.path().join("packages/ledgerline/files");
    set_release(ws.path(), "1995.09", "4.3.0");
    std::fs::write(
        files.join("etc/ledgerline.ini"),
        "[ledgerline]\nversion = 4.3\n",
    )
    .expect("write");
    std::fs::write(files.join("data/tax-codes.tsv"), "code\trate\nVAT\t21\n").expect("write");
    std::fs::write(files.join("data/currencies.csv"), "EUR\nUSD\n").expect("write");
    std::fs::remove_file(files.join("samples/sample-ledger.csv")).expect("remove");
    std::fs::remove_file(files.join("docs/README.md")).expect("remove");
    ws.release(&[]);
    ws.dist().join("1995.09/ledgerline-4.3.0.zip")
}

/// The command of `alliance ARGS` as an end user runs it: outside any workspace, with no
/// proxy from this environment.
pub fn user_command<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let mut cmd = alliance(Path::new("/"));
    cmd.args(args);
    for proxy in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(proxy);
    }
    cmd
}

/// Runs `alliance ARGS` as an end user runs it ([`user_command`]).
pub fn user<S: AsRef<OsStr>>(args: &[S]) -> Outcome {
    outcome(&user_command(args).output().expect("runs"))
}

/// `alliance install PACKAGE --from URL --key KEY --prefix PREFIX EXTRA…`, as an end user
/// runs it.
pub fn install_from(
    url: &str,
    package: &str,
    key: &Path,
    prefix: &Path,
    extra: &[&str],
) -> Outcome {
    let mut args = vec![
        "install",
        package,
        "--from",
        url,
        "--key",
        arg(key),
        "--prefix",
        arg(prefix),
    ];
    args.extend_from_slice(extra);
    user(&args)
}

/// `path` as a `&str` argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Every file and folder under `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() && !path.is_symlink() {
            all.extend(walk(&path));
        }
        all.push(path);
    }
    all.sort();
    all
}

/// The outside tools the tests use, from `tests/tools.txt` (the one list, which `./test`
/// installs from): `(tool, install, what for)` for each.
pub fn tools() -> Vec<(String, String, String)> {
    let list = std::fs::read_to_string(repo().join("tests/tools.txt")).expect("tests/tools.txt");
    list.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '|').map(|p| p.trim().to_string());
            let mut next = || parts.next().unwrap_or_default();
            (next(), next(), next())
        })
        .collect()
}

/// Panics, naming the tool and how to install it, when `tool` (a command on the PATH,
/// listed in `tests/tools.txt`) is not installed: an interop test never passes by skipping.
pub fn require_tool(tool: &str) {
    let install = tools()
        .into_iter()
        .find(|(name, _, _)| name == tool)
        .map(|(_, install, _)| install)
        .unwrap_or_else(|| panic!("`{tool}` is not in tests/tools.txt: list it there"));
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
        .unwrap_or(false);
    assert!(
        found,
        "this test needs the `{tool}` tool, which is not installed: `./test` installs it \
         (else `sudo apt-get install -y {install}`)"
    );
}

/// Runs an external tool in `dir`, asserting success; returns its stdout and stderr.
pub fn run_tool(dir: &Path, tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("tool runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "`{tool} {}` failed:\n{text}",
        args.join(" ")
    );
    text
}

/// The SHA-256 of `data` in lowercase hex, as manifests and `sha256sum` write it.
pub fn sha256(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The artifact file names of a release folder, sorted.
pub fn artifacts(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("release dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    names.sort();
    names
}

/// Writes `<name>` with a signature and a manifest listing `files` (path, declared contents).
pub fn write_signed_artifact(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    files: &[(&str, &[u8])],
    key: &alliance::sign::SigningKey,
) {
    let sha256 = alliance::archive::sha256_hex(bytes);
    std::fs::write(dir.join(name), bytes).expect("artifact");
    let comment = alliance::sign::trusted_comment(name, "test", &sha256, false);
    std::fs::write(
        dir.join(format!("{name}.minisig")),
        key.sign(bytes, &comment).expect("signs"),
    )
    .expect("signature");
    let manifest = alliance::manifest::ArtifactManifest {
        schema: "alliance.artifact/1".into(),
        name: name.into(),
        kind: alliance::manifest::ArtifactKind::Installer,
        package: "evil".into(),
        locale: None,
        version: "1.0.0".into(),
        release: "test".into(),
        size: bytes.len() as u64,
        sha256,
        signature: format!("{name}.minisig"),
        signed_by: alliance::manifest::Signer {
            key_id: key.key_id.clone(),
            development: false,
        },
        bundle: None,
        files: files
            .iter()
            .map(|(path, data)| alliance::manifest::FileRecord {
                path: (*path).into(),
                size: data.len() as u64,
                sha256: alliance::archive::sha256_hex(data),
                mode: 0o644,
            })
            .collect(),
        config: Vec::new(),
    };
    let stem = name.trim_end_matches(".zip");
    let manifest_name = format!("{stem}.manifest.yaml");
    let text = serde_saphyr::to_string(&manifest).expect("yaml");
    let comment = alliance::sign::trusted_comment(
        &manifest_name,
        "test",
        &alliance::archive::sha256_hex(text.as_bytes()),
        false,
    );
    std::fs::write(
        dir.join(format!("{manifest_name}.minisig")),
        key.sign(text.as_bytes(), &comment).expect("signs"),
    )
    .expect("manifest signature");
    std::fs::write(dir.join(manifest_name), text).expect("manifest");
}

/// A plain zip of `entries` (name, contents), as any zip tool would write it.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        writer.write_all(data).expect("data");
    }
    writer.finish().expect("zip").into_inner()
}

/// Replaces the first `from` in file `file` of `root` by `to`; panics if it is not there.
pub fn edit_file(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("file exists");
    assert!(text.contains(from), "`{from}` not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// Every file under `dir` with the SHA-256 of its bytes, by path relative to `dir`: two
/// equal results mean the folder is byte for byte the same.
pub fn contents(dir: &Path) -> std::collections::BTreeMap<PathBuf, String> {
    walk(dir)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let data = std::fs::read(&p).expect("file");
            (
                p.strip_prefix(dir).expect("inside").to_path_buf(),
                alliance::archive::sha256_hex(&data),
            )
        })
        .collect()
}

/// The identity of a folder (device and inode), which changes when it is replaced, as
/// publishing a release replaces it.
#[cfg(unix)]
pub fn identity(dir: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(dir).expect("folder");
    (meta.dev(), meta.ino())
}

/// The key id of the minisign public key file at `path`.
pub fn key_id(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("public key");
    alliance::sign::TrustedKey::parse(&text, String::new())
        .expect("a minisign public key")
        .key_id
}

/// Every entry of a zip: name -> (unix mode, contents).
pub fn zip_entries(path: &Path) -> std::collections::BTreeMap<String, (u32, Vec<u8>)> {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("zip exists");
    let mut archive = zip::ZipArchive::new(file).expect("valid zip");
    let mut entries = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("entry readable");
        let name = entry.name().expect("utf-8 name").to_string();
        entries.insert(name, (entry.unix_mode().unwrap_or(0) & 0o777, data));
    }
    entries
}

/// The entries of a zip that are UTF-8 text, by name.
pub fn zip_texts(path: &Path) -> std::collections::BTreeMap<String, String> {
    zip_entries(path)
        .into_iter()
        .filter_map(|(name, (_, data))| String::from_utf8(data).ok().map(|text| (name, text)))
        .collect()
}

/// Runs alliance with `args` in `dir` under a pseudo-terminal (`script`), as on a user's
/// terminal: whether it succeeded, and what the terminal showed (carriage returns as line
/// ends). `typed` is written to the terminal half a second after the start.
pub fn on_a_terminal(dir: &Path, args: &[&str], typed: Option<&str>) -> (bool, String) {
    require_tool("script");
    let quoted: Vec<String> = std::iter::once(BINARY)
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let mut child = Command::new("script")
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", "/nonexistent/alliance-test-config")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script runs");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        if let Some(typed) = typed {
            std::thread::sleep(std::time::Duration::from_millis(500));
            std::io::Write::write_all(&mut stdin, typed.as_bytes()).expect("typed");
        }
    }
    let output = child.wait_with_output().expect("waits");
    let shown = String::from_utf8_lossy(&output.stdout).replace('\r', "\n");
    (output.status.success(), shown)
}
