//! `alliance verify`, `install`, `uninstall` and `keygen` (issue 5): each check reported on
//! its own, hostile archives refused with nothing written outside a temp folder, every
//! single-byte tampering detected, and interop with the stock `minisign` tool.

use std::io::Write;
use std::path::{Path, PathBuf};

use alliance::manifest::ArtifactManifest;
use alliance::sign::{self, KeySource, SigningKey};
use alliance::verify;
use zip::write::SimpleFileOptions;

use crate::common;
use crate::common::{
    SignedWorkspace, alliance, require_tool, run, run_tool, sample_workspace, signed_release, walk,
};

#[test]
fn keygen_protects_the_secret_key_and_refuses_to_overwrite() {
    let ws = sample_workspace();
    let config = tempfile::tempdir().expect("temp dir");
    let keygen = |args: &[&str], password: Option<&str>| {
        let mut cmd = alliance(ws.path());
        cmd.arg("keygen")
            .args(args)
            .env("XDG_CONFIG_HOME", config.path());
        if let Some(password) = password {
            cmd.env("ALLIANCE_KEY_PASSWORD", password);
        }
        cmd.output().expect("runs")
    };
    // No password and no terminal.
    let stderr = common::refusal(common::outcome(&keygen(&["a"], None)));
    assert!(stderr.contains("ALLIANCE_KEY_PASSWORD"), "{stderr}");
    let output = keygen(&["a"], Some("pw"));
    assert!(output.status.success());
    let secret_path = config.path().join("alliance/keys/a.key");
    let secret = std::fs::read_to_string(&secret_path).expect("secret key");
    assert!(
        secret.starts_with("untrusted comment: alliance secret key\n"),
        "{secret}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret_path)
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let before = std::fs::read(ws.path().join("keys/a.pub")).expect("public key");
    let stderr = common::refusal(common::outcome(&keygen(&["a"], Some("pw"))));
    // The help is its own line after the message, not a clause of it.
    let error = stderr.lines().find(|l| l.starts_with("error: "));
    assert!(
        error.is_some_and(|l| l.ends_with("already exists")),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n  help: choose another name, or move the file away\n"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(ws.path().join("keys/a.pub")).expect("public key"),
        before
    );
    assert_eq!(
        std::fs::read_to_string(&secret_path).expect("secret key"),
        secret,
        "the secret key is kept"
    );
    let output = keygen(&["b", "--unencrypted"], None);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("NOT password-protected"));
    // A wrong password when signing is a clear error, not a panic.
    let output = common::release_with_key(ws.path(), &secret_path, "wrong");
    let stderr = common::refusal(common::outcome(&output));
    assert!(stderr.contains("cannot unlock the secret key"), "{stderr}");
}

/// Keys issue, item 7: `keygen NAME` writes the public half to the workspace's `keys/` and
/// the secret half to the per-user keys folder, says where, and a release finds it by name
/// (`--secret-key NAME`, or `signing.secret_key: NAME`).
#[test]
fn keygen_keeps_the_secret_key_out_of_the_workspace_and_release_finds_it() {
    let ws = sample_workspace();
    let config = tempfile::tempdir().expect("temp dir");
    let with_config = |args: &[&str]| {
        alliance(ws.path())
            .args(args)
            .env("XDG_CONFIG_HOME", config.path())
            .env("ALLIANCE_KEY_PASSWORD", "a password long enough")
            .output()
            .expect("runs")
    };
    let output = with_config(&["keygen", "shop"]);
    common::assert_success(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let secret = config.path().join("alliance/keys/shop.key");
    assert!(secret.is_file(), "{stdout}");
    assert!(stdout.contains(&secret.display().to_string()), "{stdout}");
    assert!(ws.path().join("keys/shop.pub").is_file());
    assert!(
        !walk(ws.path())
            .iter()
            .any(|p| p.extension().is_some_and(|x| x == "key")),
        "no secret key anywhere in the workspace"
    );
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("shorter"),
        "a long password draws no warning"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&secret)
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let public = std::fs::read_to_string(ws.path().join("keys/shop.pub")).expect("public key");
    let signed_by_shop = || {
        let dir = ws.path().join("dist/1995.08");
        let bytes = std::fs::read(dir.join("ledgerline-4.2.0.zip")).expect("artifact");
        let signature =
            std::fs::read_to_string(dir.join("ledgerline-4.2.0.zip.minisig")).expect("signature");
        let comment = sign::verify(&public, &signature, &bytes).expect("signed by shop");
        assert!(!comment.contains("development"), "{comment}");
    };
    common::assert_success(&with_config(&["release", "--secret-key", "shop"]));
    signed_by_shop();
    std::fs::remove_dir_all(ws.path().join("dist")).expect("remove dist");
    let yaml = ws.path().join("alliance.yaml");
    let mut config_text = std::fs::read_to_string(&yaml).expect("config");
    config_text.push_str("signing:\n  secret_key: shop\n");
    std::fs::write(&yaml, config_text).expect("write config");
    common::assert_success(&with_config(&["release"]));
    signed_by_shop();
    // A name that is no key says where it was looked for.
    let output = with_config(&["release", "--secret-key", "nosuch"]);
    let stderr = common::refusal(common::outcome(&output));
    assert!(
        stderr.contains(&config.path().join("alliance/keys").display().to_string()),
        "{stderr}"
    );
}

/// Keys issue, item 7: a secret key is never written inside a workspace, be it its `keys/`
/// or any other folder; the refusal says where to put it, and nothing is written. Outside
/// the workspace `--out` still writes both halves; a short password draws a warning.
#[test]
fn keygen_refuses_to_write_a_secret_key_inside_the_workspace() {
    let ws = sample_workspace();
    let config = tempfile::tempdir().expect("temp dir");
    let keygen = |args: &[&str], password: &str| {
        alliance(ws.path())
            .arg("keygen")
            .args(args)
            .env("XDG_CONFIG_HOME", config.path())
            .env("ALLIANCE_KEY_PASSWORD", password)
            .output()
            .expect("runs")
    };
    let before = walk(ws.path());
    for out in ["keys/shop", "secrets/shop", "./shop"] {
        let output = keygen(&["--out", out], "a password long enough");
        let stderr = common::refusal(common::outcome(&output));
        assert!(stderr.contains("inside the workspace"), "{stderr}");
        assert!(stderr.contains("alliance keygen shop"), "{stderr}");
        assert!(
            stderr.contains(&config.path().join("alliance/keys").display().to_string()),
            "{stderr}"
        );
    }
    assert_eq!(walk(ws.path()), before, "nothing was written");
    // Refused before any password is asked for.
    let stderr = common::refused(ws.path(), &["keygen", "--out", "keys/shop"]);
    assert!(stderr.contains("inside the workspace"), "{stderr}");

    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = elsewhere.path().join("shop");
    let output = keygen(&["--out", out.to_str().expect("utf-8")], "short");
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("shorter than 12 characters"), "{stderr}");
    assert!(elsewhere.path().join("shop.key").is_file());
    assert!(elsewhere.path().join("shop.pub").is_file());
}

#[test]
fn verify_reports_each_check_and_names_the_key() {
    let (ws, dir) = signed_release();
    let artifact = dir.join("ledgerline-4.2.0.zip");
    let (code, stdout, _) = run(ws.path(), &["verify", artifact.to_str().expect("utf-8")]);
    assert_eq!(code, Some(0), "{stdout}");
    for check in [
        "signature",
        "manifest",
        "trusted-comment",
        "development",
        "sha256",
        "contents",
    ] {
        assert!(
            stdout.lines().any(|l| l.contains(&format!("✓ {check}"))),
            "{check}:\n{stdout}"
        );
    }
    assert!(stdout.contains("made by trusted key shop.pub"), "{stdout}");
    let (_, json, _) = run(
        ws.path(),
        &[
            "verify",
            artifact.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value[0]["ok"], true);
    assert_eq!(value[0]["checks"].as_array().expect("checks").len(), 6);
}

#[test]
fn a_manifest_changed_by_a_mirror_fails_and_so_do_permissions_that_differ_from_the_archive() {
    let (ws, dir) = signed_release();
    let artifact = dir.join("ledgerline-4.2.0.zip");
    let manifest = dir.join("ledgerline-4.2.0.manifest.yaml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    // A mirror makes the binary world-writable in the (unsigned copy of the) manifest.
    std::fs::write(&manifest, text.replace("mode: \"0755\"", "mode: \"0777\"")).expect("write");
    let (code, stdout, _) = run(ws.path(), &["verify", artifact.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("✗ manifest")
            && stdout.contains("the signature of `ledgerline-4.2.0.manifest.yaml` does not verify"),
        "{stdout}"
    );
    assert!(
        stdout.contains("has permissions 0755, not the 0777 of the manifest"),
        "{stdout}"
    );
    let prefix = ws.path().join("opt/ledgerline");
    let (code, _, _) = common::install(
        ws.path(),
        &artifact,
        &prefix,
        &["--key", common::arg(&ws.public_key())],
    );
    assert_eq!(code, Some(1));
    assert!(!prefix.exists());
}

#[test]
fn keys_are_trusted_from_a_workspace_only_or_from_key() {
    let (ws, dir) = signed_release();
    // A downloaded folder (no alliance.yaml) with its own keys/ is not trusted.
    let download = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&dir, download.path());
    common::copy_tree(&ws.path().join("keys"), &download.path().join("keys"));
    let stderr = common::refused(download.path(), &["verify", "ledgerline-4.2.0.zip"]);
    assert!(
        stderr.contains("no trusted public key") && stderr.contains("--key"),
        "{stderr}"
    );
    let key = ws.path().join("keys/shop.pub");
    let (code, stdout, _) = run(
        download.path(),
        &[
            "verify",
            "ledgerline-4.2.0.zip",
            "--key",
            key.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn development_signed_artifacts_need_allow_dev() {
    let ws = sample_workspace();
    let dir = common::release(ws.path());
    let artifact = dir.join("bridgeword-0.9.1.zip");
    let path = artifact.to_str().expect("utf-8");
    // keys/ has no key yet.
    let stderr = common::refused(ws.path(), &["verify", path]);
    assert!(stderr.contains("no trusted public key"), "{stderr}");
    let (code, stdout, _) = run(ws.path(), &["verify", path, "--allow-dev"]);
    assert_eq!(code, Some(0), "{stdout}");
    let dev = ws.path().join(".alliance/dev-signing.pub");
    let (code, stdout, _) = run(
        ws.path(),
        &["verify", path, "--key", dev.to_str().expect("utf-8")],
    );
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("✗ development"), "{stdout}");
}

#[test]
fn a_renamed_or_swapped_artifact_fails() {
    let (ws, dir) = signed_release();
    // Renamed: the signature and manifest travel with it, but they name the old file.
    for suffix in ["zip", "zip.minisig", "manifest.yaml"] {
        std::fs::copy(
            dir.join(format!("ledgerline-4.2.0.{suffix}")),
            dir.join(format!("ledgerline-9.9.9.{suffix}")),
        )
        .expect("copy");
    }
    let (code, stdout, _) = run(
        ws.path(),
        &[
            "verify",
            dir.join("ledgerline-9.9.9.zip").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("✗ trusted-comment")
            && stdout.contains("names the file `ledgerline-4.2.0.zip`"),
        "{stdout}"
    );
    // Swapped: another artifact's bytes under this name, with their own signature.
    std::fs::copy(
        dir.join("bridgeword-0.9.1.zip"),
        dir.join("ledgerline-4.2.0.zip"),
    )
    .expect("copy");
    std::fs::copy(
        dir.join("bridgeword-0.9.1.zip.minisig"),
        dir.join("ledgerline-4.2.0.zip.minisig"),
    )
    .expect("copy");
    let (code, stdout, _) = run(
        ws.path(),
        &[
            "verify",
            dir.join("ledgerline-4.2.0.zip").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("✓ signature")
            && stdout.contains("✗ trusted-comment")
            && stdout.contains("✗ sha256"),
        "{stdout}"
    );
}

/// A throw-away signing key and its trust.
struct TestKey {
    _dir: tempfile::TempDir,
    key: SigningKey,
    public: PathBuf,
}

fn test_key() -> TestKey {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = sign::keygen(&dir.path().join("test"), None).expect("keygen");
    let source = KeySource {
        secret_key: Some(generated.secret_path.clone()),
        password: None,
        ask: None,
        allow_in_workspace: false,
    };
    let key = SigningKey::open(dir.path(), &source).expect("opens");
    TestKey {
        public: generated.public_path,
        key,
        _dir: dir,
    }
}

/// An archive entry: name and contents.
type Named<'a> = (&'a str, &'a [u8]);

/// Runs `alliance install` of a hostile archive; asserts it is refused with `expected` in
/// the message and that nothing appeared in the folder around the prefix.
fn install_refuses(bytes: &[u8], files: &[(&str, &[u8])], expected: &str) {
    let key = test_key();
    let work = tempfile::tempdir().expect("temp dir");
    let release = work.path().join("release");
    std::fs::create_dir_all(&release).expect("dir");
    common::write_signed_artifact(&release, "evil-1.0.0.zip", bytes, files, &key.key);
    let target = work.path().join("target");
    std::fs::create_dir_all(&target).expect("dir");
    // Parent folders that do not exist yet must not be left behind either (issue 9, item 8).
    let prefix = target.join("new/deeper/app");
    let before: Vec<PathBuf> = walk(work.path());
    let output = alliance(work.path())
        .args([
            "install",
            release.join("evil-1.0.0.zip").to_str().expect("utf-8"),
            "--prefix",
            prefix.to_str().expect("utf-8"),
        ])
        .args(["--key", key.public.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in:\n{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(walk(work.path()), before, "nothing written anywhere");
    assert!(!Path::new("/tmp/alliance-escaped.txt").exists());
}

#[test]
fn hostile_archives_are_refused_and_nothing_is_written() {
    let payload: &[u8] = b"owned";
    // Path traversal.
    let names = [("evil-1.0.0/files/../../../alliance-escaped.txt", payload)];
    install_refuses(&common::zip_of(&names), &names, "climbs out of its folder");
    // Absolute path.
    let names = [("/tmp/alliance-escaped.txt", payload)];
    install_refuses(&common::zip_of(&names), &names, "is an absolute path");
    // Drive letters, Windows device names and backslashes.
    let names = [("C:/alliance-escaped.txt", payload)];
    install_refuses(
        &common::zip_of(&names),
        &names,
        "starts with a drive letter",
    );
    let names = [("evil-1.0.0/files/C:/Windows/evil.dll", payload)];
    install_refuses(&common::zip_of(&names), &names, "contains a colon");
    let names = [("evil-1.0.0/files/NUL.txt", payload)];
    install_refuses(
        &common::zip_of(&names),
        &names,
        "uses a device name reserved on Windows",
    );
    let names = [("evil-1.0.0\\files\\x.txt", payload)];
    install_refuses(&common::zip_of(&names), &names, "contains a backslash");
    // Symbolic link leaving the prefix.
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .add_symlink(
            "evil-1.0.0/files/link",
            "/etc/passwd",
            SimpleFileOptions::default(),
        )
        .expect("link");
    let bytes = writer.finish().expect("zip").into_inner();
    install_refuses(
        &bytes,
        &[("evil-1.0.0/files/link", b"/etc/passwd")],
        "is a symbolic link",
    );
    // Deflate bomb: 64 MB of zeros, declared as 1,000 bytes.
    let bomb = vec![0u8; 64 << 20];
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file(
            "evil-1.0.0/files/bomb",
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated),
        )
        .expect("entry");
    writer.write_all(&bomb).expect("data");
    let bytes = writer.finish().expect("zip").into_inner();
    assert!(
        bytes.len() < 200_000,
        "the bomb compresses well: {}",
        bytes.len()
    );
    install_refuses(
        &bytes,
        &[("evil-1.0.0/files/bomb", &bomb[..1000])],
        "holds more than the 1000 bytes it declares",
    );
    // Duplicate entry names: two entries written as `a` and `b`, then `b` renamed `a`.
    let mut bytes = common::zip_of(&[
        ("evil-1.0.0/files/a", b"first"),
        ("evil-1.0.0/files/b", b"other"),
    ]);
    let (from, to) = (b"evil-1.0.0/files/b", b"evil-1.0.0/files/a");
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(from.len()).position(|w| w == from) {
        bytes[at + i..at + i + to.len()].copy_from_slice(to);
        at += i + to.len();
    }
    install_refuses(
        &bytes,
        &[("evil-1.0.0/files/a", b"first")],
        "two entries have the same name",
    );
    // An entry whose size lies: the header says 5 bytes, the data is 9 (read as declared,
    // the bytes no longer match their checksum).
    let mut bytes = common::zip_of(&[("evil-1.0.0/files/size", b"123456789")]);
    patch_uncompressed_size(&mut bytes, 9, 5);
    install_refuses(
        &bytes,
        &[("evil-1.0.0/files/size", b"12345")],
        "changed: `evil-1.0.0/files/size`",
    );
}

/// Issue 9, items 7 to 9: names that install differently (or not at all) on some system,
/// or show the user another name than what is written, are refused with exit 1, naming the
/// entry, and nothing is left behind, parent folders included.
#[test]
fn names_that_cannot_install_the_same_everywhere_are_refused_and_nothing_is_left() {
    let payload: &[u8] = b"owned";
    for (name, why) in [
        ("evil-1.0.0/files/CONIN$", "device name reserved on Windows"),
        (
            "evil-1.0.0/files/CONOUT$",
            "device name reserved on Windows",
        ),
        (
            "evil-1.0.0/files/COM\u{b9}",
            "device name reserved on Windows",
        ),
        (
            "evil-1.0.0/files/LPT\u{b3}.txt",
            "device name reserved on Windows",
        ),
        (
            "evil-1.0.0/files/CON .txt",
            "device name reserved on Windows",
        ),
        (
            "evil-1.0.0/files/invoice\u{202e}fdp.exe",
            "invisible or direction-changing character U+202E",
        ),
        (
            "evil-1.0.0/files/set\u{200b}up.exe",
            "invisible or direction-changing character U+200B",
        ),
        (
            "evil-1.0.0/files/.alliance-receipt.yaml",
            "the name of the install receipt",
        ),
    ] {
        let names = [(name, payload)];
        install_refuses(&common::zip_of(&names), &names, why);
    }
    let long = format!("evil-1.0.0/files/{}", "x".repeat(300));
    let names = [(long.as_str(), payload)];
    install_refuses(&common::zip_of(&names), &names, "longer than 255 bytes");
    let names = [
        ("evil-1.0.0/files/a", payload),
        ("evil-1.0.0/files/a/b", payload),
    ];
    install_refuses(
        &common::zip_of(&names),
        &names,
        "`evil-1.0.0/files/a` is both a file and a folder",
    );
    let names = [
        ("evil-1.0.0/files/README.txt", payload),
        ("evil-1.0.0/files/Readme.txt", payload),
    ];
    install_refuses(&common::zip_of(&names), &names, "differ only in case");
    // The local header names another file than the central directory does.
    let names = [("evil-1.0.0/files/aaaa", payload)];
    let mut bytes = common::zip_of(&names);
    let at = bytes
        .windows(4)
        .position(|w| w == b"aaaa")
        .expect("local header name");
    bytes[at..at + 4].copy_from_slice(b"bbbb");
    install_refuses(&bytes, &names, "its local header names");
}

/// Rewrites an entry's uncompressed size in its local header and central directory record.
fn patch_uncompressed_size(bytes: &mut [u8], from: u32, to: u32) {
    let patch = |bytes: &mut [u8], signature: &[u8; 4], offset: usize| {
        let at = bytes
            .windows(4)
            .position(|w| w == signature)
            .expect("header");
        let field = &mut bytes[at + offset..at + offset + 4];
        assert_eq!(
            u32::from_le_bytes([field[0], field[1], field[2], field[3]]),
            from
        );
        field.copy_from_slice(&to.to_le_bytes());
    };
    patch(bytes, b"PK\x03\x04", 22);
    patch(bytes, b"PK\x01\x02", 24);
}

#[test]
fn flipping_any_single_byte_of_a_signed_installer_fails_verification() {
    let key = test_key();
    let files: [(&str, &[u8]); 2] = [
        ("tiny-1.0.0/files/hello.txt", b"hello, alliance\n"),
        ("tiny-1.0.0/README.txt", b"Tiny 1.0.0\n"),
    ];
    let entries: Vec<alliance::archive::Entry> = files
        .iter()
        .map(|(n, d)| alliance::archive::Entry {
            name: (*n).into(),
            mode: 0o644,
            data: d.to_vec(),
        })
        .collect();
    let zip = alliance::archive::write_zip(entries, 809_222_400)
        .expect("zip")
        .bytes;
    let dir = tempfile::tempdir().expect("temp dir");
    common::write_signed_artifact(dir.path(), "tiny-1.0.0.zip", &zip, &files, &key.key);
    let options = verify::Options {
        keys: vec![sign::TrustedKey::read(&key.public, "test.pub".into()).expect("key")],
        ..verify::Options::default()
    };
    let signature =
        std::fs::read_to_string(dir.path().join("tiny-1.0.0.zip.minisig")).expect("signature");
    let manifest: ArtifactManifest = serde_saphyr::from_str(
        &std::fs::read_to_string(dir.path().join("tiny-1.0.0.manifest.yaml")).expect("manifest"),
    )
    .expect("parses");
    assert!(
        verify::verify_bytes(
            "tiny-1.0.0.zip",
            zip.clone(),
            &signature,
            manifest.clone(),
            &options
        )
        .ok,
        "the original verifies"
    );
    for i in 0..zip.len() {
        let mut tampered = zip.clone();
        tampered[i] ^= 0x01;
        let result = verify::verify_bytes(
            "tiny-1.0.0.zip",
            tampered,
            &signature,
            manifest.clone(),
            &options,
        );
        assert!(
            !result.ok,
            "flipping byte {i} of {} went unnoticed",
            zip.len()
        );
    }
}

#[test]
fn an_added_missing_or_changed_entry_fails_even_when_signed() {
    let key = test_key();
    let options = verify::Options {
        keys: vec![sign::TrustedKey::read(&key.public, "test.pub".into()).expect("key")],
        ..verify::Options::default()
    };
    let listed: [(&str, &[u8]); 2] = [("p/a", b"alpha"), ("p/b", b"beta")];
    let cases: [(&[Named], &str); 3] = [
        (
            &[("p/a", b"alpha"), ("p/b", b"beta"), ("p/c", b"extra")],
            "not in the manifest: `p/c`",
        ),
        (&[("p/a", b"alpha")], "missing: `p/b`"),
        (&[("p/a", b"alpha"), ("p/b", b"BETA")], "changed: `p/b`"),
    ];
    for (actual, expected) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let bytes = common::zip_of(actual);
        common::write_signed_artifact(dir.path(), "p-1.0.0.zip", &bytes, &listed, &key.key);
        let result = verify::verify(&dir.path().join("p-1.0.0.zip"), &options);
        let contents = result
            .checks
            .iter()
            .find(|c| c.name == "contents")
            .expect("contents check");
        assert!(
            !contents.ok && contents.detail.contains(expected),
            "{expected}: {}",
            contents.detail
        );
        assert!(
            result
                .checks
                .iter()
                .filter(|c| c.name != "contents")
                .all(|c| c.ok),
            "only the contents fail"
        );
    }
}

/// Installs the release's Ledgerline installer into `opt/ledgerline`, asserting success;
/// returns the prefix, the installer and what install printed.
fn install_ledgerline(ws: &SignedWorkspace, dir: &Path) -> (PathBuf, PathBuf, String) {
    let root = ws.path();
    let prefix = root.join("opt/ledgerline");
    let installer = dir.join("ledgerline-4.2.0.zip");
    let (code, stdout, stderr) = common::install(
        root,
        &installer,
        &prefix,
        &["--key", common::arg(&ws.public_key())],
    );
    assert_eq!(code, Some(0), "{stderr}");
    (prefix, installer, stdout)
}

#[test]
fn install_puts_the_payload_in_place_and_uninstall_takes_exactly_it_back() {
    let (ws, dir) = signed_release();
    let (prefix, installer, stdout) = install_ledgerline(&ws, &dir);
    assert!(stdout.contains("installed ledgerline 4.2.0"), "{stdout}");
    let source = std::fs::read(
        ws.path()
            .join("packages/ledgerline/files/data/tax-codes.tsv"),
    )
    .expect("payload");
    assert_eq!(
        std::fs::read(prefix.join("data/tax-codes.tsv")).expect("installed"),
        source
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(prefix.join("bin/ledgerline"))
            .expect("bin")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o755);
    }
    let receipt = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt");
    assert!(
        receipt.contains("schema: alliance.receipt/1") && receipt.contains("keys/shop.pub ("),
        "{receipt}"
    );

    // Installing it again changes nothing: it is installed already.
    let before = common::contents(&prefix);
    let (code, stdout, stderr) = common::install(
        ws.path(),
        &installer,
        &prefix,
        &["--key", common::arg(&ws.public_key())],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("is already installed"), "{stdout}");
    assert_eq!(common::contents(&prefix), before);

    // The user's own file and a changed file stay; everything else goes.
    std::fs::write(prefix.join("etc/mine.conf"), "user data").expect("write");
    std::fs::write(prefix.join("etc/ledgerline.ini"), "changed by the user").expect("write");
    let (code, stdout, _) = run(
        ws.path(),
        &["uninstall", "--prefix", prefix.to_str().expect("utf-8")],
    );
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("removed ledgerline 4.2.0: 6 files") && stdout.contains("kept 1 file"),
        "{stdout}"
    );
    let left: Vec<PathBuf> = walk(&prefix).into_iter().filter(|p| p.is_file()).collect();
    assert_eq!(
        left,
        [
            prefix.join(".alliance-kept.yaml"),
            prefix.join("etc/ledgerline.ini"),
            prefix.join("etc/mine.conf")
        ]
    );
}

/// No dead end after an uninstall that keeps files: the prefix holds only them and a
/// record of them (`.alliance-kept.yaml`), a second uninstall says so, and an install into
/// it keeps them, writing the new version of a kept file beside it as `<name>.alliance-new`.
#[test]
fn after_an_uninstall_that_keeps_files_the_prefix_installs_again_beside_them() {
    let (ws, dir) = signed_release();
    let (prefix, installer, _) = install_ledgerline(&ws, &dir);
    let key = ws.public_key();
    uninstall_keeping_two_files(ws.path(), &prefix);

    // A folder with files but no such record is still refused.
    let other = ws.path().join("opt/other");
    std::fs::create_dir_all(&other).expect("dir");
    std::fs::write(other.join("notes.txt"), "mine").expect("write");
    let stderr = common::refusal(common::install(
        ws.path(),
        &installer,
        &other,
        &["--key", common::arg(&key)],
    ));
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(walk(&other), [other.join("notes.txt")]);

    // A second uninstall has nothing to remove, and says what the folder holds.
    let stderr = common::refused(ws.path(), &["uninstall", "--prefix", common::arg(&prefix)]);
    assert!(
        stderr.contains("holds only the 2 files kept") && stderr.contains(".alliance-kept.yaml"),
        "{stderr}"
    );

    // An install into it keeps them and writes the new version beside the changed one; a
    // file already identical to the new version is simply installed again.
    let source = ws.path().join("packages/ledgerline/files");
    std::fs::create_dir_all(prefix.join("data")).expect("dir");
    std::fs::copy(
        source.join("data/tax-codes.tsv"),
        prefix.join("data/tax-codes.tsv"),
    )
    .expect("copy");
    let (code, stdout, stderr) = common::install(
        ws.path(),
        &installer,
        &prefix,
        &["--key", common::arg(&key)],
    );
    assert_eq!(code, Some(0), "{stderr}");
    installed_beside_the_kept_files(&stdout, &prefix, &source);

    // And it uninstalls again, keeping the user's files once more.
    let (code, stdout, stderr) = run(ws.path(), &["uninstall", "--prefix", common::arg(&prefix)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("7 files"), "{stdout}");
    let left: Vec<PathBuf> = walk(&prefix).into_iter().filter(|p| p.is_file()).collect();
    assert_eq!(
        left,
        [
            prefix.join(".alliance-kept.yaml"),
            prefix.join("etc/ledgerline.ini"),
            prefix.join("etc/mine.conf")
        ]
    );
}

/// Changes one installed file of the ledgerline `prefix`, adds one of the user's, and
/// uninstalls: both are kept and recorded in `.alliance-kept.yaml`.
fn uninstall_keeping_two_files(root: &Path, prefix: &Path) {
    std::fs::write(prefix.join("etc/mine.conf"), "user data").expect("write");
    std::fs::write(prefix.join("etc/ledgerline.ini"), "changed by the user").expect("write");
    let (code, stdout, stderr) = run(root, &["uninstall", "--prefix", common::arg(prefix)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("kept 1 file changed since the install: etc/ledgerline.ini")
            && stdout.contains("1 file alliance did not install: etc/mine.conf")
            && stdout.contains(".alliance-kept.yaml"),
        "{stdout}"
    );
    assert!(!prefix.join(".alliance-receipt.yaml").exists());
    let record = std::fs::read_to_string(prefix.join(".alliance-kept.yaml")).expect("record");
    assert!(
        record.contains("schema: alliance.kept/1")
            && record.contains("package: ledgerline")
            && record.contains("etc/ledgerline.ini:")
            && record.contains("why: changed")
            && record.contains("etc/mine.conf:")
            && record.contains("why: not-installed"),
        "{record}"
    );
}

/// What an install into a prefix holding kept files must leave: the new version beside
/// the changed file (named in `stdout`), the user's files untouched, the receipt without
/// them; `source` is the package's payload.
fn installed_beside_the_kept_files(stdout: &str, prefix: &Path, source: &Path) {
    assert!(
        stdout.contains("etc/ledgerline.ini.alliance-new"),
        "the new version beside the kept file is named: {stdout}"
    );
    assert!(!prefix.join("data/tax-codes.tsv.alliance-new").exists());
    assert_eq!(
        std::fs::read_to_string(prefix.join("etc/ledgerline.ini")).expect("kept"),
        "changed by the user"
    );
    assert_eq!(
        std::fs::read(prefix.join("etc/ledgerline.ini.alliance-new")).expect("new version"),
        std::fs::read(source.join("etc/ledgerline.ini")).expect("payload")
    );
    assert_eq!(
        std::fs::read_to_string(prefix.join("etc/mine.conf")).expect("kept"),
        "user data"
    );
    assert_eq!(
        std::fs::read(prefix.join("data/tax-codes.tsv")).expect("installed"),
        std::fs::read(source.join("data/tax-codes.tsv")).expect("payload")
    );
    assert!(!prefix.join(".alliance-kept.yaml").exists());
    let receipt = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt");
    assert!(
        receipt.contains("etc/ledgerline.ini.alliance-new:")
            && receipt.contains("data/tax-codes.tsv:")
            && !receipt.contains("etc/ledgerline.ini:")
            && !receipt.contains("etc/mine.conf"),
        "{receipt}"
    );
}

#[test]
fn a_failed_verification_installs_nothing() {
    let (ws, dir) = signed_release();
    let installer = dir.join("moatkeeper-7.0.3.zip");
    let mut bytes = std::fs::read(&installer).expect("installer");
    let last = bytes.len() - 30;
    bytes[last] ^= 0xff;
    std::fs::write(&installer, bytes).expect("tamper");
    let prefix = ws.path().join("opt/moat");
    let (code, _, stderr) = common::install(
        ws.path(),
        &installer,
        &prefix,
        &["--key", common::arg(&ws.public_key())],
    );
    assert_eq!(code, Some(1));
    assert!(stderr.contains("✗ signature"), "{stderr}");
    assert!(
        !prefix.exists() && !ws.path().join("opt").exists(),
        "nothing was written"
    );
}

#[test]
fn signatures_interoperate_with_the_stock_minisign_tool() {
    require_tool("minisign");
    let (ws, dir) = signed_release();
    // alliance's signatures verify with minisign and the published key.
    let out = run_tool(
        &dir,
        "minisign",
        &[
            "-Vm",
            "ledgerline-4.2.0.zip",
            "-p",
            ws.path().join("keys/shop.pub").to_str().expect("utf-8"),
        ],
    );
    assert!(
        out.contains("Signature and comment signature verified"),
        "{out}"
    );

    // A signature made by minisign with a key listed in keys/ verifies with alliance (a key
    // without a password: what is signed, and how, is the same).
    let keys = ws.path().join("keys");
    run_tool(
        &keys,
        "minisign",
        &["-G", "-W", "-p", "vendor.pub", "-s", "vendor.key"],
    );
    let sha = alliance::archive::sha256_hex(
        &std::fs::read(dir.join("bridgeword-0.9.1.zip")).expect("artifact"),
    );
    std::fs::remove_file(dir.join("bridgeword-0.9.1.zip.minisig")).expect("remove");
    run_tool(
        &dir,
        "minisign",
        &[
            "-S",
            "-s",
            common::arg(&keys.join("vendor.key")),
            "-m",
            "bridgeword-0.9.1.zip",
            "-t",
            &format!("file:bridgeword-0.9.1.zip release:1995.08 sha256:{sha}"),
        ],
    );
    let (code, stdout, _) = run(
        ws.path(),
        &[
            "verify",
            dir.join("bridgeword-0.9.1.zip").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("made by trusted key vendor.pub"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn uninstall_never_follows_a_folder_replaced_by_a_link() {
    let (ws, dir) = signed_release();
    let (prefix, _, _) = install_ledgerline(&ws, &dir);
    // Someone swaps `etc/` for a link to a folder outside holding an identical file.
    let outside = ws.path().join("outside");
    std::fs::create_dir_all(&outside).expect("dir");
    std::fs::copy(
        prefix.join("etc/ledgerline.ini"),
        outside.join("ledgerline.ini"),
    )
    .expect("copy");
    std::fs::remove_dir_all(prefix.join("etc")).expect("remove");
    std::os::unix::fs::symlink(&outside, prefix.join("etc")).expect("link");
    let (code, stdout, _) = run(
        ws.path(),
        &["uninstall", "--prefix", prefix.to_str().expect("utf-8")],
    );
    assert_eq!(code, Some(0));
    assert!(
        outside.join("ledgerline.ini").is_file(),
        "the file behind the link stays"
    );
    assert!(stdout.contains("kept 1 file"), "{stdout}");
    // Nor does an install into what is left: the link is in the way, and nothing changes.
    let before = common::contents(&prefix);
    let stderr = common::refusal(common::install(
        ws.path(),
        &dir.join("ledgerline-4.2.0.zip"),
        &prefix,
        &["--key", common::arg(&ws.public_key())],
    ));
    assert!(
        stderr.contains("`etc` is a symbolic link") && stderr.contains("remove it"),
        "{stderr}"
    );
    assert_eq!(common::contents(&prefix), before);
    assert!(
        std::fs::symlink_metadata(prefix.join("etc"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_dir(&outside).expect("outside").count(), 1);
}

/// The entries of `artifact`'s manifest that are its payload, by the path each installs to:
/// `<stem>/files/X` installs as `X`, a bundle's `<stem>/locales/<locale>/Y` as
/// `locales/<locale>/Y`; with the SHA-256 the manifest declares.
fn declared_payload(dir: &Path, stem: &str) -> std::collections::BTreeMap<PathBuf, String> {
    let text =
        std::fs::read_to_string(dir.join(format!("{stem}.manifest.yaml"))).expect("manifest");
    let manifest: ArtifactManifest = serde_saphyr::from_str(&text).expect("parses");
    let files = format!("{stem}/files/");
    let locales = manifest
        .locale
        .as_ref()
        .map(|l| format!("{stem}/locales/{l}/"));
    manifest
        .files
        .iter()
        .filter_map(|f| {
            let rel = if let Some(rel) = f.path.strip_prefix(&files) {
                rel.to_string()
            } else if locales.as_ref().is_some_and(|l| f.path.starts_with(l)) {
                f.path.strip_prefix(&format!("{stem}/"))?.to_string()
            } else {
                return None;
            };
            Some((PathBuf::from(rel), f.sha256.clone()))
        })
        .collect()
}

/// Unpacks `artifact` into a new temp dir and runs its `install.sh --prefix PREFIX` with `sh`.
fn run_install_script(dir: &Path, stem: &str, prefix: &Path) -> tempfile::TempDir {
    let unpacked = tempfile::tempdir().expect("temp dir");
    let file = std::fs::File::open(dir.join(format!("{stem}.zip"))).expect("zip");
    zip::ZipArchive::new(file)
        .expect("zip")
        .extract(unpacked.path())
        .expect("extract");
    let output = std::process::Command::new("sh")
        .arg(unpacked.path().join(stem).join("install.sh"))
        .arg("--prefix")
        .arg(prefix)
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    unpacked
}

/// A bundle installs whole: `alliance install` and the bundle's own `install.sh` put every
/// payload file its manifest declares into the prefix, its translations
/// (`locales/<locale>/*.ftl`) included; an installer likewise puts all of its `files/`.
#[test]
fn install_and_install_sh_put_every_declared_payload_file_translations_included() {
    let (ws, dir) = signed_release();
    let key = ws.public_key();
    for (stem, count) in [("spark-messenger-3.2.1-de", 11), ("ledgerline-4.2.0", 7)] {
        let declared = declared_payload(&dir, stem);
        assert_eq!(declared.len(), count, "{stem}: {declared:?}");
        if stem.contains("-de") {
            assert!(
                declared.contains_key(Path::new("locales/de/messenger.ftl")),
                "{declared:?}"
            );
        }

        let prefix = ws.path().join("opt").join(stem);
        let (code, stdout, stderr) = common::install(
            ws.path(),
            &dir.join(format!("{stem}.zip")),
            &prefix,
            &["--key", common::arg(&key)],
        );
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stdout.contains(&format!(": {count} files,")), "{stdout}");
        let mut installed = common::contents(&prefix);
        installed.remove(Path::new(".alliance-receipt.yaml"));
        assert_eq!(installed, declared, "{stem} through `alliance install`");

        let by_script = ws.path().join("by-script").join(stem);
        let _unpacked = run_install_script(&dir, stem, &by_script);
        assert_eq!(
            common::contents(&by_script),
            declared,
            "{stem} through its install.sh"
        );

        // `uninstall` takes the translations back out too.
        let (code, stdout, _) = run(ws.path(), &["uninstall", "--prefix", common::arg(&prefix)]);
        assert_eq!(code, Some(0));
        assert!(stdout.contains(&format!("{count} files")), "{stdout}");
        assert!(!prefix.exists(), "{stdout}");
    }
}

/// `alliance list` shows what each prefix holds — package, version, release, signing key —
/// and which installed files changed since the install, in text and JSON.
#[test]
fn list_shows_each_prefix_and_the_files_changed_since_the_install() {
    let (ws, dir) = signed_release();
    let (ledger, _, _) = install_ledgerline(&ws, &dir);
    let key = ws.public_key();
    let key_id = common::key_id(&key);
    let spark = ws.path().join("opt/spark");
    let (code, _, stderr) = common::install(
        ws.path(),
        &dir.join("spark-messenger-3.2.1-de.zip"),
        &spark,
        &["--key", common::arg(&key)],
    );
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::write(ledger.join("etc/ledgerline.ini"), "changed by the user").expect("write");
    std::fs::remove_file(ledger.join("docs/README.md")).expect("remove");

    let prefixes = [
        "list",
        "--prefix",
        common::arg(&ledger),
        "--prefix",
        common::arg(&spark),
    ];
    let (code, stdout, stderr) = run(ws.path(), &prefixes);
    assert_eq!(code, Some(0), "{stderr}");
    for expected in [
        format!(
            "{}: ledgerline 4.2.0, release 1995.08, signed by key {key_id}",
            ledger.display()
        ),
        "1 changed since the install: etc/ledgerline.ini".to_string(),
        "1 missing: docs/README.md".to_string(),
        format!(
            "{}: spark-messenger 3.2.1, release 1995.08, signed by key {key_id}",
            spark.display()
        ),
        "11 files, none changed since the install".to_string(),
    ] {
        assert!(stdout.contains(&expected), "`{expected}` in:\n{stdout}");
    }

    let mut args = prefixes.to_vec();
    args.extend(["--format", "json"]);
    let (code, json, stderr) = run(ws.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    list_json_says_what_each_prefix_holds(&value, &key_id);

    // A prefix an uninstall left files in says so; one alliance never installed into is
    // an error, and the others are still shown.
    let (code, _, _) = run(ws.path(), &["uninstall", "--prefix", common::arg(&ledger)]);
    assert_eq!(code, Some(0));
    let nowhere = ws.path().join("opt/nowhere");
    let (code, stdout, stderr) = run(
        ws.path(),
        &[
            "list",
            "--prefix",
            common::arg(&ledger),
            "--prefix",
            common::arg(&nowhere),
            "--prefix",
            common::arg(&spark),
        ],
    );
    assert_eq!(code, Some(2), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{}: nothing installed; 1 file kept when ledgerline 4.2.0 was uninstalled: etc/ledgerline.ini",
            ledger.display()
        )) && stdout.contains("spark-messenger 3.2.1"),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("`{}` has no install receipt", nowhere.display())),
        "{stderr}"
    );
}

/// `list --format json` of the ledgerline prefix (one file changed, one missing) and the
/// Spark prefix, in that order, signed by `key_id`.
fn list_json_says_what_each_prefix_holds(value: &serde_json::Value, key_id: &str) {
    assert_eq!(value[0]["package"], "ledgerline");
    assert_eq!(value[0]["version"], "4.2.0");
    assert_eq!(value[0]["release"], "1995.08");
    assert_eq!(value[0]["key_id"], key_id);
    assert_eq!(value[0]["files"], 7);
    assert_eq!(
        value[0]["changed"],
        serde_json::json!(["etc/ledgerline.ini"])
    );
    assert_eq!(value[0]["missing"], serde_json::json!(["docs/README.md"]));
    assert_eq!(value[1]["package"], "spark-messenger");
    assert_eq!(value[1]["changed"], serde_json::json!([]));
}

/// Upgrade in place: a newer installer of the package in the prefix writes new and changed
/// files, removes those the new version dropped, keeps what the user changed (the new
/// version beside it as `<name>.alliance-new`) and what the user added. A lower version
/// needs `--allow-downgrade`, the same one is a no-op without `--reinstall`, and another
/// package is refused; a refused install changes nothing.
#[test]
fn a_newer_installer_upgrades_the_prefix_in_place_keeping_what_the_user_changed() {
    let (ws, dir) = signed_release();
    let old = dir.join("ledgerline-4.2.0.zip");
    let key = ws.public_key();
    let with_key = ["--key", common::arg(&key)];
    let (prefix, _, _) = install_ledgerline(&ws, &dir);
    std::fs::write(prefix.join("etc/ledgerline.ini"), "changed by the user").expect("write");
    std::fs::write(prefix.join("samples/sample-ledger.csv"), "my ledger").expect("write");
    std::fs::write(prefix.join("etc/mine.conf"), "user data").expect("write");

    let new = common::release_ledgerline_4_3_0(&ws);
    assert_upgraded_keeping_what_the_user_changed(ws.path(), &new, &prefix, &with_key);
    assert_same_version_changes_nothing_unless_reinstalled(ws.path(), &new, &prefix, &with_key);
    assert_lower_version_needs_allow_downgrade(ws.path(), &old, &prefix, &with_key);

    // Another package is refused.
    let before = common::contents(&prefix);
    let stderr = common::refusal(common::install(
        ws.path(),
        &dir.join("bridgeword-0.9.1.zip"),
        &prefix,
        &with_key,
    ));
    assert!(
        stderr.contains("holds ledgerline 4.2.0, not bridgeword"),
        "{stderr}"
    );
    assert_eq!(common::contents(&prefix), before);
}

/// The text of `rel` in `prefix`.
fn read_in(prefix: &Path, rel: &str) -> String {
    std::fs::read_to_string(prefix.join(rel)).unwrap_or_else(|_| panic!("{rel}"))
}

/// Installs `new` (4.3.0) over 4.2.0: new and changed files written, dropped ones removed,
/// the user's changes and additions kept, nothing left beside the prefix.
fn assert_upgraded_keeping_what_the_user_changed(
    root: &Path,
    new: &Path,
    prefix: &Path,
    with_key: &[&str],
) {
    let (code, stdout, stderr) = common::install(root, new, prefix, with_key);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("upgraded ledgerline 4.2.0 to 4.3.0")
            && stdout.contains("etc/ledgerline.ini.alliance-new"),
        "{stdout}"
    );
    let read = |rel: &str| read_in(prefix, rel);
    assert_eq!(read("etc/ledgerline.ini"), "changed by the user");
    assert_eq!(
        read("etc/ledgerline.ini.alliance-new"),
        "[ledgerline]\nversion = 4.3\n"
    );
    assert_eq!(read("data/tax-codes.tsv"), "code\trate\nVAT\t21\n");
    assert_eq!(read("data/currencies.csv"), "EUR\nUSD\n");
    assert_eq!(
        read("samples/sample-ledger.csv"),
        "my ledger",
        "changed by the user: kept"
    );
    assert_eq!(read("etc/mine.conf"), "user data");
    assert!(!prefix.join("docs/README.md").exists(), "dropped by 4.3.0");
    assert!(
        !prefix
            .join("samples/sample-ledger.csv.alliance-new")
            .exists()
    );
    let receipt = read(".alliance-receipt.yaml");
    assert!(
        receipt.contains("version: \"4.3.0\"") || receipt.contains("version: 4.3.0"),
        "{receipt}"
    );
    let beside: Vec<PathBuf> = walk(&root.join("opt"));
    assert!(
        beside
            .iter()
            .all(|p| !p.to_string_lossy().contains(".alliance-old-")
                && !p.to_string_lossy().contains(".alliance-install-")),
        "nothing left beside the prefix: {beside:?}"
    );
}

/// Installing the version the prefix holds changes nothing, unless `--reinstall` is given.
fn assert_same_version_changes_nothing_unless_reinstalled(
    root: &Path,
    new: &Path,
    prefix: &Path,
    with_key: &[&str],
) {
    let read = |rel: &str| read_in(prefix, rel);
    let before = common::contents(prefix);
    let (code, stdout, stderr) = common::install(root, new, prefix, with_key);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("already installed") && stdout.contains("--reinstall"),
        "{stdout}"
    );
    assert_eq!(common::contents(prefix), before);
    std::fs::write(prefix.join("data/currencies.csv"), "damaged").expect("write");
    let mut reinstall = with_key.to_vec();
    reinstall.push("--reinstall");
    let (code, _, stderr) = common::install(root, new, prefix, &reinstall);
    assert_eq!(code, Some(0), "{stderr}");
    // Issue 24, item 2: not configuration, so replaced, the user's copy saved beside it.
    assert_eq!(read("data/currencies.csv"), "EUR\nUSD\n", "replaced");
    assert_eq!(
        read("data/currencies.csv.alliance-old"),
        "damaged",
        "the user's copy saved"
    );
    assert_eq!(read("etc/ledgerline.ini"), "changed by the user");
}

/// A lower version is refused, and nothing changes; `--allow-downgrade` installs it.
fn assert_lower_version_needs_allow_downgrade(
    root: &Path,
    old: &Path,
    prefix: &Path,
    with_key: &[&str],
) {
    let read = |rel: &str| read_in(prefix, rel);
    let before = common::contents(prefix);
    let (code, _, stderr) = common::install(root, old, prefix, with_key);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("4.2.0 is lower than the installed 4.3.0")
            && stderr.contains("--allow-downgrade"),
        "{stderr}"
    );
    assert_eq!(common::contents(prefix), before);
    let mut downgrade = with_key.to_vec();
    downgrade.push("--allow-downgrade");
    let (code, stdout, stderr) = common::install(root, old, prefix, &downgrade);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("ledgerline 4.3.0 to 4.2.0"), "{stdout}");
    assert!(prefix.join("docs/README.md").is_file(), "back with 4.2.0");
    assert!(
        !prefix.join("data/currencies.csv").exists(),
        "4.2.0 has none, and the installed one was unchanged"
    );
    assert_eq!(
        read("data/currencies.csv.alliance-old"),
        "damaged",
        "the user's copy stays, on record"
    );
    assert!(
        read(".alliance-receipt.yaml")
            .contains("data/currencies.csv.alliance-old: data/currencies.csv")
    );
}

/// Issue 24, item 9: a secret key inside the workspace (or any git work tree) is refused,
/// saying why and where keys go, unless `--allow-key-in-workspace`; nothing is built first.
#[test]
fn a_secret_key_inside_the_workspace_or_a_git_tree_is_refused() {
    let ws = common::SignedWorkspace::new(common::ReleaseKey::Shop);
    let inside = ws.path().join("keys/vendor.secret");
    std::fs::copy(ws.secret_key(), &inside).expect("copied");
    let release = |args: &[&str]| {
        alliance(ws.path())
            .env_remove("ALLIANCE_SECRET_KEY")
            .args(["release", "--secret-key", inside.to_str().expect("utf-8")])
            .args(args)
            .output()
            .expect("runs")
    };
    let stderr = common::refusal(common::outcome(&release(&[])));
    assert!(stderr.contains("inside the workspace"), "{stderr}");
    assert!(stderr.contains("--allow-key-in-workspace"), "{stderr}");
    assert!(!ws.path().join("dist").exists(), "nothing built");
    common::assert_success(&release(&["--allow-key-in-workspace"]));

    let tree = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(tree.path().join(".git")).expect(".git");
    let in_git = tree.path().join("vendor.secret");
    std::fs::copy(ws.secret_key(), &in_git).expect("copied");
    let output = alliance(ws.path())
        .env_remove("ALLIANCE_SECRET_KEY")
        .args(["release", "--secret-key", in_git.to_str().expect("utf-8")])
        .output()
        .expect("runs");
    let stderr = common::refusal(common::outcome(&output));
    assert!(stderr.contains("inside the git work tree"), "{stderr}");

    // Where `keygen` puts keys is fine, even in a home folder kept in git.
    let keys = tree.path().join("config/alliance/keys");
    std::fs::create_dir_all(&keys).expect("keys");
    std::fs::copy(ws.secret_key(), keys.join("vendor.key")).expect("copied");
    let output = alliance(ws.path())
        .env_remove("ALLIANCE_SECRET_KEY")
        .env("XDG_CONFIG_HOME", tree.path().join("config"))
        .args(["release", "--secret-key", "vendor"])
        .output()
        .expect("runs");
    common::assert_success(&output);
}

/// Issue 24, item 7: a partial run with another key than the one that signed the release it
/// adds to is refused before anything is built (it was refused after building).
#[test]
fn another_key_for_a_partial_release_is_refused_before_building() {
    let ws = common::SignedWorkspace::new(common::ReleaseKey::Shop);
    ws.release(&[]);
    let other = common::SignedWorkspace::new(common::ReleaseKey::Other);
    let output = alliance(ws.path())
        .args(["package", "ledgerline"])
        .env("ALLIANCE_SECRET_KEY", other.secret_key())
        .output()
        .expect("runs");
    let stderr = common::refusal(common::outcome(&output));
    assert!(stderr.contains("this run signs with key"), "{stderr}");
    assert!(
        !stderr.contains("built "),
        "refused before building: {stderr}"
    );
}

/// Issue 24, item 8: a vendor's post-install and pre-remove scripts (`scripts:`) ship in the
/// installer outside the payload; the generated `install.sh` runs the post-install script,
/// `alliance install` only with `--run-scripts` (else it says so and how to run it), and
/// `alliance uninstall --run-scripts` runs the pre-remove script first — nothing is removed
/// when it fails. A payload file named like a generated installer is refused.
#[test]
fn a_vendor_s_scripts_run_with_consent_and_a_payload_named_like_the_installer_is_refused() {
    let ws = common::SignedWorkspace::new(common::ReleaseKey::Shop);
    let package = ws.path().join("packages/ledgerline");
    std::fs::write(
        package.join("files/install.cmd"),
        "reg add HKCU\\Software\\Ledgerline\r\n",
    )
    .expect("write");
    let stderr = common::refused(ws.path(), &["package", "--check"]);
    assert!(
        stderr.contains(
            "`files/install.cmd` has the name of a file alliance writes at the top of the installer"
        ) && stderr.contains("scripts:"),
        "{stderr}"
    );
    std::fs::remove_file(package.join("files/install.cmd")).expect("remove");
    add_scripts(&package);
    ws.release(&[]);
    let dir = ws.dist().join("1995.08");
    let manifest =
        std::fs::read_to_string(dir.join("ledgerline-4.2.0.manifest.yaml")).expect("manifest");
    assert!(
        manifest.contains("path: ledgerline-4.2.0/scripts/post-install.sh"),
        "{manifest}"
    );

    // The generated install.sh runs the post-install script.
    let by_script = ws.path().join("opt/by-script");
    let _unpacked = run_install_script(&dir, "ledgerline-4.2.0", &by_script);
    assert_eq!(
        std::fs::read_to_string(by_script.join("post-install-ran"))
            .ok()
            .as_deref(),
        Some("ledgerline 4.2.0\n")
    );

    scripts_run_with_consent(&ws, &dir.join("ledgerline-4.2.0.zip"));
}

/// Gives the ledgerline `package` a post-install script that writes `post-install-ran` into
/// the prefix, and a pre-remove script that writes `pre-remove-ran` beside it, or fails
/// (exit 3) when the prefix holds `refuse`.
fn add_scripts(package: &Path) {
    std::fs::create_dir_all(package.join("scripts")).expect("scripts");
    std::fs::write(
        package.join("scripts/post-install.sh"),
        "echo \"$ALLIANCE_PACKAGE $ALLIANCE_VERSION\" > \"$ALLIANCE_PREFIX/post-install-ran\"\n",
    )
    .expect("write");
    std::fs::write(
        package.join("scripts/pre-remove.sh"),
        "[ -e \"$1/refuse\" ] && exit 3\necho removed > \"$1/../pre-remove-ran\"\n",
    )
    .expect("write");
    let definition = package.join("package.yaml");
    let text = std::fs::read_to_string(&definition).expect("package.yaml");
    std::fs::write(
        &definition,
        format!(
            "{text}scripts:\n  post_install: {{unix: scripts/post-install.sh}}\n  pre_remove: {{unix: scripts/pre-remove.sh}}\n"
        ),
    )
    .expect("write");
}

/// `alliance install` runs the post-install script of `installer` only with
/// `--run-scripts` (else it says so), and `uninstall --run-scripts` the pre-remove script
/// first, removing nothing when it fails.
fn scripts_run_with_consent(ws: &common::SignedWorkspace, installer: &Path) {
    // `alliance install` without consent: said, not run.
    let key = ws.public_key();
    let quiet = ws.path().join("opt/quiet");
    let (code, stdout, stderr) =
        common::install(ws.path(), installer, &quiet, &["--key", common::arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("ledgerline 4.2.0 has a post-install script, which alliance runs only with --run-scripts")
            && stdout.contains(".alliance-scripts/post-install.sh"),
        "{stdout}"
    );
    assert!(!quiet.join("post-install-ran").exists());
    assert!(quiet.join(".alliance-scripts/pre-remove.sh").is_file());

    // With consent: run.
    let opt = ws.path().join("opt/run");
    let (code, stdout, stderr) = common::install(
        ws.path(),
        installer,
        &opt,
        &["--key", common::arg(&key), "--run-scripts"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("ran the vendor's post-install script"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(opt.join("post-install-ran"))
            .ok()
            .as_deref(),
        Some("ledgerline 4.2.0\n")
    );

    // A failing pre-remove script removes nothing; a passing one runs first.
    std::fs::write(opt.join("refuse"), "").expect("write");
    let before = common::contents(&opt);
    let (code, _, stderr) = run(
        ws.path(),
        &["uninstall", "--prefix", common::arg(&opt), "--run-scripts"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("pre-remove script")
            && stderr.contains("exited with status 3")
            && stderr.contains("nothing was removed"),
        "{stderr}"
    );
    assert_eq!(common::contents(&opt), before);
    std::fs::remove_file(opt.join("refuse")).expect("remove");
    let (code, stdout, stderr) = run(
        ws.path(),
        &["uninstall", "--prefix", common::arg(&opt), "--run-scripts"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("ran the vendor's pre-remove script first"),
        "{stdout}"
    );
    assert!(ws.path().join("opt/pre-remove-ran").is_file());
    assert!(!opt.join("bin/ledgerline").exists());
}
