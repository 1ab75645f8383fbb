//! Which keys are trusted, for what (issue 9, items 1 to 4): a download folder can always be
//! made to look like a workspace, so `install` trusts only keys the user pinned (`--key` or
//! the per-user trust store); a workspace's `keys/` and development key count only for
//! `verify` of that workspace's own output; partial runs and merges re-sign nothing they
//! did not verify; `verify DIR` checks the signed index.

use std::path::{Path, PathBuf};

use crate::common;
use crate::common::{Outcome, ReleaseKey, alliance, arg, run, sample_workspace, signed_release};

/// An attacker's release: the sample with a different Ledgerline payload, signed by the
/// attacker's own key; returns the attacker's workspace, its release folder and public key.
fn forged_release() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let ws = sample_workspace();
    let keys = tempfile::tempdir().expect("temp dir");
    let output = alliance(ws.path())
        .args(["keygen", "attacker", "--unencrypted"])
        .env("XDG_CONFIG_HOME", keys.path())
        .output()
        .expect("runs");
    common::assert_success(&output);
    std::fs::write(
        ws.path()
            .join("packages/ledgerline/files/data/tax-codes.tsv"),
        "owned\n",
    )
    .expect("write");
    let output = alliance(ws.path())
        .arg("release")
        .env(
            "ALLIANCE_SECRET_KEY",
            keys.path().join("alliance/keys/attacker.key"),
        )
        .output()
        .expect("runs");
    common::assert_success(&output);
    let dir = ws.path().join("dist/1995.08");
    let public = ws.path().join("keys/attacker.pub");
    (ws, dir, public)
}

/// The exact attack of the issue: the attacker's files, `keys/attacker.pub` and an empty
/// `alliance.yaml` in one downloaded folder.
#[test]
fn a_download_with_its_own_keys_and_configuration_is_never_trusted() {
    let (_attacker, forged, attacker_pub) = forged_release();
    let download = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&forged, download.path());
    std::fs::create_dir_all(download.path().join("keys")).expect("dir");
    std::fs::copy(&attacker_pub, download.path().join("keys/attacker.pub")).expect("copy");
    std::fs::write(download.path().join("alliance.yaml"), "").expect("touch");
    let (code, stdout, stderr) = run(download.path(), &["verify", "ledgerline-4.2.0.zip"]);
    assert_ne!(code, Some(0), "{stdout}{stderr}");
    let prefix = download.path().join("opt/ledgerline");
    let (code, stdout, stderr) = run(
        download.path(),
        &["install", "ledgerline-4.2.0.zip", "--prefix", arg(&prefix)],
    );
    assert_ne!(code, Some(0), "{stdout}{stderr}");
    assert!(!prefix.exists() && !download.path().join("opt").exists());
}

/// The same download, made to look like a whole workspace: `install` still refuses, and
/// `verify` says that the key it used came from the workspace.
#[test]
fn install_never_trusts_a_workspace_key_and_verify_says_where_its_key_came_from() {
    let (_attacker, forged, attacker_pub) = forged_release();
    let download = tempfile::tempdir().expect("temp dir");
    let dist = download.path().join("dist/1995.08");
    common::copy_tree(&forged, &dist);
    std::fs::create_dir_all(download.path().join("keys")).expect("dir");
    std::fs::copy(&attacker_pub, download.path().join("keys/attacker.pub")).expect("copy");
    std::fs::write(
        download.path().join("alliance.yaml"),
        "release: \"1995.08\"\nreference_locale: en-US\n",
    )
    .expect("write");
    let installer = dist.join("ledgerline-4.2.0.zip");
    let prefix = download.path().join("opt/ledgerline");
    let stderr = common::refusal(common::install(download.path(), &installer, &prefix, &[]));
    assert!(
        stderr.contains("no trusted public key")
            && stderr.contains("--key")
            && stderr.contains("alliance trust add"),
        "{stderr}"
    );
    assert!(!download.path().join("opt").exists());
    let (code, stdout, _) = run(download.path(), &["verify", arg(&installer)]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("attacker.pub") && stdout.contains("from the workspace's keys/"),
        "{stdout}"
    );
}

#[test]
fn the_trust_store_pins_keys_by_name_for_install_outside_any_workspace() {
    let (ws, dir) = signed_release();
    let config = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let with_store = |args: &[&str]| {
        common::outcome(
            &alliance(elsewhere.path())
                .args(args)
                .env("XDG_CONFIG_HOME", config.path())
                .output()
                .expect("runs"),
        )
    };
    let shop = ws.path().join("keys/shop.pub");
    let (code, stdout, stderr) = with_store(&["trust", "add", arg(&shop), "--name", "the-shop"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("the-shop"), "{stdout}");
    assert!(
        config.path().join("alliance/trusted-keys").is_dir(),
        "kept in the user's configuration folder"
    );
    let (code, stdout, _) = with_store(&["trust", "list"]);
    assert_eq!(code, Some(0));
    let key_id = std::fs::read_to_string(&shop).expect("key")[..]
        .lines()
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .expect("key id in the comment")
        .to_string();
    assert!(
        stdout.contains("the-shop") && stdout.contains(&key_id),
        "{stdout}"
    );
    let stderr = common::refusal(with_store(&["trust", "add", arg(&shop), "--name", "again"]));
    assert!(stderr.contains("already trusted as `the-shop`"), "{stderr}");

    let installer = dir.join("ledgerline-4.2.0.zip");
    let prefix = elsewhere.path().join("ledgerline");
    let (code, stdout, stderr) =
        with_store(&["install", arg(&installer), "--prefix", arg(&prefix)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("the-shop"), "{stdout}");

    let (code, _, stderr) = with_store(&["trust", "remove", "the-shop"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, _) = with_store(&["trust", "list"]);
    assert_eq!(code, Some(0));
    assert!(!stdout.contains("the-shop"), "{stdout}");
    let other = elsewhere.path().join("other");
    common::refusal(with_store(&[
        "install",
        arg(&installer),
        "--prefix",
        arg(&other),
    ]));
    assert!(!other.exists());
}

#[test]
fn in_a_workspace_install_needs_a_pinned_key_and_verify_trusts_keys_only_for_its_output() {
    let (ws, dir) = signed_release();
    let installer = dir.join("ledgerline-4.2.0.zip");
    let prefix = ws.path().join("opt/ledgerline");
    let stderr = common::refusal(common::install(ws.path(), &installer, &prefix, &[]));
    assert!(stderr.contains("alliance trust add"), "{stderr}");
    assert!(!prefix.exists());
    let shop = ws.path().join("keys/shop.pub");
    let (code, stdout, stderr) =
        common::install(ws.path(), &installer, &prefix, &["--key", arg(&shop)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("installed ledgerline 4.2.0"), "{stdout}");

    // The same files copied out of the output folder are not the workspace's own.
    let copy = ws.path().join("downloads");
    common::copy_tree(&dir, &copy);
    let stderr = common::refused(
        ws.path(),
        &["verify", arg(&copy.join("ledgerline-4.2.0.zip"))],
    );
    assert!(stderr.contains("no trusted public key"), "{stderr}");
}

/// Item 2: a development key in `.alliance/` of any folder is no key at all.
#[test]
fn allow_dev_trusts_only_the_development_key_of_this_workspace_for_its_own_output() {
    let (ws, dir) = signed_release();
    let genuine = ws.path().join("keys/shop.pub");
    let evil = tempfile::tempdir().expect("temp dir");
    let dev = alliance::sign::SigningKey::open(evil.path(), &Default::default()).expect("dev key");
    assert!(evil.path().join(".alliance/dev-signing.pub").is_file());
    let files: [(&str, &[u8]); 1] = [("ledgerline-4.2.0/files/bin/ledgerline", b"owned")];
    let zip = common::zip_of(&files);
    // The manifest and signature claim a release key.
    common::write_signed_artifact(evil.path(), "ledgerline-4.2.0.zip", &zip, &files, &dev);
    let (code, stdout, _) = run(
        evil.path(),
        &[
            "verify",
            "ledgerline-4.2.0.zip",
            "--allow-dev",
            "--key",
            arg(&genuine),
        ],
    );
    assert_eq!(code, Some(1), "{stdout}");
    assert!(!stdout.contains("signed by a release key"), "{stdout}");

    // Inside the workspace's own output, a development signature that claims a release key
    // is reported as what matched: the development key.
    let dev = alliance::sign::SigningKey::open(ws.path(), &Default::default()).expect("dev key");
    let forged = dir.join("forged");
    std::fs::create_dir_all(&forged).expect("dir");
    common::write_signed_artifact(&forged, "ledgerline-4.2.0.zip", &zip, &files, &dev);
    let artifact = forged.join("ledgerline-4.2.0.zip");
    let (code, stdout, _) = run(ws.path(), &["verify", arg(&artifact), "--allow-dev"]);
    assert_eq!(code, Some(0), "{stdout}");
    let development = stdout
        .lines()
        .find(|l| l.contains("development"))
        .expect("development check");
    assert!(
        development.contains("the development key of the workspace")
            && !development.contains("release key"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run(ws.path(), &["verify", arg(&artifact)]);
    assert_ne!(code, Some(0), "{stdout}{stderr}");
}

/// The sample release signed with the development key, and its `release.yaml` patched so
/// that `victim` (an artifact) is described by `bytes`, as an attacker with write access
/// to `dist/` would do.
fn swap_artifact(dir: &Path, victim: &str, bytes: &[u8]) {
    let index_path = dir.join("release.yaml");
    let mut index: alliance::manifest::ReleaseIndex =
        serde_saphyr::from_str(&std::fs::read_to_string(&index_path).expect("index"))
            .expect("parses");
    let entry = index.artifacts.get_mut(victim).expect("listed");
    entry.sha256 = alliance::archive::sha256_hex(bytes);
    entry.size = bytes.len() as u64;
    std::fs::write(dir.join(victim), bytes).expect("swap");
    std::fs::write(&index_path, serde_saphyr::to_string(&index).expect("yaml")).expect("patch");
}

/// Item 3: nothing is signed that was not built or verified in the same run.
#[test]
fn partial_runs_refuse_to_re_sign_a_swapped_artifact() {
    let ws = sample_workspace();
    let dir = common::release(ws.path());
    let forged = common::zip_of(&[("bridgeword-0.9.1/files/evil", b"owned")]);
    swap_artifact(&dir, "bridgeword-0.9.1.zip", &forged);
    let sums = std::fs::read(dir.join("SHA256SUMS")).expect("sums");
    for args in [&["bundle", "de"][..], &["package", "ledgerline"][..]] {
        let (code, _, stderr) = run(ws.path(), args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("bridgeword-0.9.1.zip") && stderr.contains("alliance release"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            std::fs::read(dir.join("SHA256SUMS")).expect("sums"),
            sums,
            "nothing re-signed"
        );
    }
    // A changed index alone is refused too: its signature no longer matches.
    let ws = sample_workspace();
    let dir = common::release(ws.path());
    let index = std::fs::read_to_string(dir.join("release.yaml")).expect("index");
    std::fs::write(dir.join("release.yaml"), index.replace("0.9.1", "0.9.2")).expect("patch");
    let (code, _, stderr) = run(ws.path(), &["bundle", "de"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("release.yaml"), "{stderr}");
}

#[test]
fn merge_refuses_a_shard_artifact_or_shard_file_that_does_not_verify() {
    let ws = sample_workspace();
    for i in 1..=2 {
        let (code, _, stderr) = run(ws.path(), &["release", "--shard", &format!("{i}/2")]);
        assert_eq!(code, Some(0), "{stderr}");
    }
    let dist = ws.path().join("dist");
    let one = dist.join("1995.08.shard-1-of-2");
    let two = dist.join("1995.08.shard-2-of-2");
    let out = ws.path().join("merged");
    let merge = || {
        run(
            ws.path(),
            &[
                "manifest",
                "merge",
                arg(&one),
                arg(&two),
                "--out",
                arg(&out),
            ],
        )
    };
    // An artifact swapped in a shard.
    let victim = common::artifacts(&one).remove(0);
    let genuine = std::fs::read(one.join(&victim)).expect("zip");
    std::fs::write(
        one.join(&victim),
        common::zip_of(&[("x/files/evil", b"owned")]),
    )
    .expect("swap");
    let (code, _, stderr) = merge();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&victim), "{stderr}");
    assert!(!out.exists());
    std::fs::write(one.join(&victim), genuine).expect("restore");

    // `shard.yaml` changed to make the merge write a manifest outside the release.
    let elsewhere = ws.path().join("victim.txt");
    std::fs::write(&elsewhere, "precious").expect("write");
    let shard_path = one.join("shard.yaml");
    let shard = std::fs::read_to_string(&shard_path).expect("shard");
    let stem = victim.trim_end_matches(".zip");
    std::fs::write(
        &shard_path,
        shard.replace(
            &format!("manifest: {stem}.manifest.yaml"),
            &format!("manifest: {}", elsewhere.display()),
        ),
    )
    .expect("patch");
    assert_ne!(std::fs::read_to_string(&shard_path).expect("shard"), shard);
    let (code, _, stderr) = merge();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("shard.yaml"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&elsewhere).expect("read"),
        "precious"
    );
    assert!(!out.exists());
}

/// Another release's folder put in this one's place is not re-signed as this release
/// (a rollback), and a release folder without an index is not silently dropped.
#[test]
fn partial_runs_refuse_another_release_or_a_folder_without_index() {
    let ws = sample_workspace();
    let config = ws.path().join("alliance.yaml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(
        &config,
        text.replace("release: \"1995.08\"", "release: \"1995.07\""),
    )
    .expect("write");
    let (code, _, stderr) = run(ws.path(), &["release"]);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::write(&config, &text).expect("restore");
    let dist = ws.path().join("dist");
    std::fs::rename(dist.join("1995.07"), dist.join("1995.08")).expect("rename");
    let (code, _, stderr) = run(ws.path(), &["bundle", "de"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("not `1995.08`"), "{stderr}");

    std::fs::remove_file(dist.join("1995.08/release.yaml")).expect("remove");
    let (code, _, stderr) = run(ws.path(), &["package", "ledgerline"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("has no index"), "{stderr}");
    assert!(
        dist.join("1995.08/moatkeeper-7.0.3.zip").is_file(),
        "nothing dropped"
    );
}

/// A workspace whose output folder is not inside it (`output: /`, an absolute path) does
/// not make its keys count for files there.
#[test]
fn workspace_keys_count_only_for_an_output_folder_inside_the_workspace() {
    let (ws, dir) = signed_release();
    let outside = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&dir, outside.path());
    let config = ws.path().join("alliance.yaml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(
        &config,
        format!("{text}\noutput: {}\n", outside.path().display()),
    )
    .expect("write");
    let stderr = common::refused(
        ws.path(),
        &["verify", arg(&outside.path().join("ledgerline-4.2.0.zip"))],
    );
    assert!(stderr.contains("no trusted public key"), "{stderr}");
}

/// Several arguments: one without a trusted key fails on its own, the others are checked.
#[test]
fn verify_checks_every_argument_even_when_one_has_no_trusted_key() {
    let (ws, dir) = signed_release();
    let outside = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&dir, outside.path());
    let (code, stdout, _) = run(
        ws.path(),
        &[
            "verify",
            arg(&dir.join("ledgerline-4.2.0.zip")),
            arg(&outside.path().join("ledgerline-4.2.0.zip")),
        ],
    );
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("1 of 2 artifacts verified") && stdout.contains("no trusted public key"),
        "{stdout}"
    );
}

/// A download whose `release.yaml` is a pipe or an endless device never hangs `verify`.
#[cfg(unix)]
#[test]
fn verify_never_reads_a_pipe_or_a_device() {
    let (ws, dir) = signed_release();
    let fifo = ws.path().join("dist/fifo");
    common::copy_tree(&dir, &fifo);
    std::fs::remove_file(fifo.join("release.yaml")).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.join("release.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let zero = ws.path().join("dist/zero");
    common::copy_tree(&dir, &zero);
    std::fs::remove_file(zero.join("ledgerline-4.2.0.zip.minisig")).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", zero.join("ledgerline-4.2.0.zip.minisig"))
        .expect("link");
    for args in [
        vec!["verify".to_string(), fifo.display().to_string()],
        vec![
            "verify".to_string(),
            zero.join("ledgerline-4.2.0.zip").display().to_string(),
        ],
    ] {
        let mut child = alliance(ws.path())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("waits") {
                break status;
            }
            if started.elapsed() > std::time::Duration::from_secs(30) {
                let _ = child.kill();
                panic!("`alliance {}` hangs", args.join(" "));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        assert!(!status.success(), "{args:?}");
    }
}

#[test]
fn a_relative_configuration_folder_never_holds_the_trust_store() {
    let home = tempfile::tempdir().expect("temp dir");
    let output = alliance(home.path())
        .args(["trust", "list"])
        .env("XDG_CONFIG_HOME", "keys")
        .env("HOME", home.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(
        stdout.contains(
            &home
                .path()
                .join(".config/alliance/trusted-keys")
                .display()
                .to_string()
        ),
        "{stdout}"
    );
}

/// Item 4: `verify DIR` checks the signed index, the checksums and every artifact.
#[test]
fn verify_of_a_release_folder_checks_index_checksums_and_every_artifact() {
    let (ws, dir) = signed_release();
    let verify = |dir: &Path| run(ws.path(), &["verify", arg(dir)]);
    let (code, stdout, stderr) = verify(&dir);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("✓ index") && stdout.contains("✓ checksums"),
        "{stdout}"
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        17,
        "the index and 16 artifacts: {stdout}"
    );

    // Each tampering on its own copy of the release.
    let copy = |name: &str| {
        let to = ws.path().join("dist").join(name);
        common::copy_tree(&dir, &to);
        to
    };
    let extra = copy("extra");
    std::fs::copy(
        extra.join("ledgerline-4.2.0.zip"),
        extra.join("ledgerline-4.2.1.zip"),
    )
    .expect("copy");
    let (code, stdout, _) = verify(&extra);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("`ledgerline-4.2.1.zip` is not in the signed index"),
        "{stdout}"
    );

    let missing = copy("missing");
    std::fs::remove_file(missing.join("moatkeeper-7.0.3.zip")).expect("remove");
    let (code, stdout, _) = verify(&missing);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("moatkeeper-7.0.3.zip"), "{stdout}");

    let index = copy("index");
    let text = std::fs::read_to_string(index.join("release.yaml")).expect("index");
    std::fs::write(index.join("release.yaml"), text.replace("4.2.0", "4.2.9")).expect("patch");
    let (code, stdout, _) = verify(&index);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("✗ index"), "{stdout}");

    let sums = copy("sums");
    let text = std::fs::read_to_string(sums.join("SHA256SUMS")).expect("sums");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.pop();
    std::fs::write(sums.join("SHA256SUMS"), lines.join("\n") + "\n").expect("patch");
    let (code, stdout, _) = verify(&sums);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("✗ checksums"), "{stdout}");
}

#[test]
fn manifest_show_and_diff_say_when_the_index_is_unsigned_or_forged() {
    let (ws, dir) = signed_release();
    let (code, stdout, stderr) = run(ws.path(), &["manifest", "show", arg(&dir)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("signed by trusted key shop.pub"),
        "{stdout}"
    );

    let unsigned = ws.path().join("dist/unsigned");
    common::copy_tree(&dir, &unsigned);
    std::fs::remove_file(unsigned.join("release.yaml.minisig")).expect("remove");
    let (code, stdout, stderr) = run(ws.path(), &["manifest", "show", arg(&unsigned)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("is not signed"),
        "{stdout}{stderr}"
    );

    let forged = ws.path().join("dist/forged");
    common::copy_tree(&dir, &forged);
    let text = std::fs::read_to_string(forged.join("release.yaml")).expect("index");
    std::fs::write(forged.join("release.yaml"), text.replace("4.2.0", "4.2.9")).expect("patch");
    let (code, stdout, stderr) = run(
        ws.path(),
        &[
            "manifest",
            "diff",
            arg(&dir),
            arg(&forged),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(value["old_signature"]["ok"], true, "{stdout}");
    assert_eq!(value["new_signature"]["ok"], false, "{stdout}");
    assert!(stderr.contains("does not verify"), "{stderr}");
}

/// A trust store of its own (`XDG_CONFIG_HOME`) and a folder for fresh key pairs.
struct TrustStore {
    config: tempfile::TempDir,
    keys: tempfile::TempDir,
}

impl TrustStore {
    fn new() -> TrustStore {
        TrustStore {
            config: tempfile::tempdir().expect("temp dir"),
            keys: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A new key pair `NAME.pub` and `NAME.key` (unencrypted) outside the store; returns
    /// the public key's path.
    fn pair(&self, name: &str) -> PathBuf {
        let generated =
            alliance::sign::keygen(&self.keys.path().join(name), None).expect("key pair");
        generated.public_path
    }

    /// Runs `alliance ARGS` with this store; exit code, stdout and stderr.
    fn run(&self, args: &[&str]) -> Outcome {
        common::outcome(
            &alliance(self.keys.path())
                .args(args)
                .env("XDG_CONFIG_HOME", self.config.path())
                .output()
                .expect("runs"),
        )
    }
}

/// Issue 20, item 13a: `Shop` and `shop` are one file where names ignore case (Windows,
/// macOS): the second is refused, naming the first.
#[test]
fn trust_add_refuses_a_name_that_differs_from_another_only_in_case() {
    let store = TrustStore::new();
    let (a, b) = (store.pair("a"), store.pair("b"));
    let (code, _, stderr) = store.run(&["trust", "add", arg(&a), "--name", "Shop"]);
    assert_eq!(code, Some(0), "{stderr}");
    let stderr = common::refusal(store.run(&["trust", "add", arg(&b), "--name", "shop"]));
    assert!(
        stderr.contains("`shop`") && stderr.contains("`Shop`") && stderr.contains("case"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (_, stdout, _) = store.run(&["trust", "list"]);
    assert!(
        stdout.contains("Shop") && !stdout.contains("shop "),
        "{stdout}"
    );
}

/// Issue 20, item 13b: a key named with another key's id made `trust remove ID` remove the
/// wrong key. A name never looks like a key id (16 hexadecimal digits), so `trust remove`
/// reads 16 hex digits as a key id and anything else as a name.
#[test]
fn a_key_cannot_be_named_like_a_key_id_so_remove_by_id_is_unambiguous() {
    let store = TrustStore::new();
    let (a, b) = (store.pair("a"), store.pair("b"));
    let b_id = common::key_id(&b);
    for name in [b_id.as_str(), &b_id.to_lowercase(), "0123456789abcdef"] {
        let stderr = common::refusal(store.run(&["trust", "add", arg(&a), "--name", name]));
        assert!(
            stderr.contains(&format!("`{name}`")) && stderr.contains("key id"),
            "{stderr}"
        );
    }
    // A file named like a key id needs --name too.
    let hex = store.keys.path().join("FEDCBA9876543210.pub");
    std::fs::copy(&a, &hex).expect("copy");
    let stderr = common::refusal(store.run(&["trust", "add", arg(&hex)]));
    assert!(stderr.contains("--name"), "{stderr}");

    let (code, _, stderr) = store.run(&["trust", "add", arg(&a), "--name", "alpha"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = store.run(&["trust", "add", arg(&b), "--name", "beta"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, stderr) = store.run(&["trust", "remove", &b_id.to_lowercase()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("beta") && stdout.contains(&b_id),
        "{stdout}"
    );
    let (_, stdout, _) = store.run(&["trust", "list"]);
    assert!(
        stdout.contains("alpha") && !stdout.contains("beta"),
        "{stdout}"
    );
}

/// Issue 20, item 13c: a folder (or a pipe) named `*.pub` in the trust store made every
/// command fail. It is skipped, with a warning naming it; the keys beside it still count.
#[test]
fn what_is_not_a_regular_file_in_the_trust_store_is_skipped_with_a_warning() {
    let (ws, dir) = signed_release();
    let store = TrustStore::new();
    let trusted = store.config.path().join("alliance/trusted-keys");
    std::fs::create_dir_all(trusted.join("folder.pub")).expect("folder");
    #[cfg(unix)]
    {
        let made = std::process::Command::new("mkfifo")
            .arg(trusted.join("pipe.pub"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    let shop = ws.path().join("keys/shop.pub");
    let (code, _, stderr) = store.run(&["trust", "add", arg(&shop)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains("folder.pub"),
        "{stderr}"
    );
    let (code, stdout, stderr) = store.run(&["trust", "list"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("shop") && !stdout.contains("folder"),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning:")
            && stderr.contains("folder.pub")
            && stderr.contains("not a regular file"),
        "{stderr}"
    );
    #[cfg(unix)]
    assert!(stderr.contains("pipe.pub"), "{stderr}");
    let (code, _, stderr) = store.run(&["trust", "list", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");

    let installer = dir.join("ledgerline-4.2.0.zip");
    let (code, stdout, stderr) = store.run(&["verify", arg(&installer)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stderr.contains("folder.pub"), "{stderr}");
    let prefix = store.keys.path().join("opt");
    let (code, _, stderr) = store.run(&["install", arg(&installer), "--prefix", arg(&prefix)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("folder.pub"), "{stderr}");

    common::refusal(store.run(&["trust", "remove", "folder"]));
    assert!(trusted.join("folder.pub").is_dir(), "left alone");
    let (code, _, stderr) = store.run(&["trust", "remove", "shop"]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// Issue 20, item 13d: a file holding two public keys was read as its first alone, so the
/// second was silently never trusted (or the first trusted by mistake). It is refused
/// wherever a public key file is read.
#[test]
fn a_key_file_holding_two_public_keys_is_refused() {
    let (ws, dir) = signed_release();
    let store = TrustStore::new();
    let other = store.pair("other");
    let two = store.keys.path().join("two.pub");
    let text = std::fs::read_to_string(ws.path().join("keys/shop.pub")).expect("key")
        + &std::fs::read_to_string(&other).expect("key");
    std::fs::write(&two, text).expect("write");
    let stderr = common::refusal(store.run(&["trust", "add", arg(&two)]));
    assert!(
        stderr.contains("two.pub") && stderr.contains("2 public keys"),
        "{stderr}"
    );
    assert!(
        !store
            .config
            .path()
            .join("alliance/trusted-keys/two.pub")
            .exists()
    );
    let installer = dir.join("ledgerline-4.2.0.zip");
    let stderr = common::refusal(store.run(&["verify", arg(&installer), "--key", arg(&two)]));
    assert!(stderr.contains("2 public keys"), "{stderr}");
    // The base64 line of a key alone still reads, with or without its comment.
    let line = std::fs::read_to_string(&other)
        .expect("key")
        .lines()
        .nth(1)
        .expect("line")
        .to_string();
    let bare = store.keys.path().join("bare.pub");
    std::fs::write(&bare, format!("{line}\n")).expect("write");
    let (code, _, stderr) = store.run(&["trust", "add", arg(&bare)]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// Issue 20, item 13e: a secret key given as a public key got "base64 conversion failed".
/// Every kind of minisign secret key file (encrypted, unencrypted, of the stock tool with
/// its comment or without) is recognised where a public key is read, and the error names
/// its public half.
#[test]
fn a_secret_key_given_as_a_public_key_is_recognised_and_its_public_half_named() {
    let (ws, dir) = common::signed_release_with(ReleaseKey::Encrypted);
    let store = TrustStore::new();
    let unencrypted = store.pair("plain").with_extension("key");
    let encrypted = ws.secret_key();
    let text = std::fs::read_to_string(&unencrypted).expect("key");
    let line = text.lines().nth(1).expect("key line");
    let bare = store.keys.path().join("bare.key");
    std::fs::write(&bare, format!("{line}\n")).expect("write");
    let stock = store.keys.path().join("minisign.key");
    std::fs::write(
        &stock,
        format!("untrusted comment: minisign encrypted secret key\n{line}\n"),
    )
    .expect("write");
    let installer = dir.join("ledgerline-4.2.0.zip");
    for secret in [&unencrypted, &encrypted, &bare, &stock] {
        for args in [
            vec!["trust", "add", arg(secret), "--name", "oops"],
            vec!["verify", arg(&installer), "--key", arg(secret)],
        ] {
            let stderr = common::refusal(store.run(&args));
            assert!(
                stderr.contains("secret key")
                    && stderr.contains("public half")
                    && stderr.contains(arg(&secret.with_extension("pub")))
                    && !stderr.contains("base64"),
                "{args:?}: {stderr}"
            );
        }
    }
    assert!(!store.config.path().join("alliance/trusted-keys").exists());
}

/// Issue 24, item 5: `trust add http://…/minisign.pub` said "No such file or directory"; it
/// says that a key is added from a file obtained through a trusted channel, never fetched.
#[test]
fn trust_add_of_an_address_says_keys_are_never_fetched() {
    let store = TrustStore::new();
    for address in [
        "http://mirror.example/1995.08/minisign.pub",
        "HTTPS://mirror.example/minisign.pub",
    ] {
        let stderr = common::refusal(store.run(&["trust", "add", address]));
        assert!(
            stderr.contains("never fetched") && stderr.contains("channel you trust"),
            "{stderr}"
        );
        assert!(!stderr.contains("No such file"), "{stderr}");
    }
}
