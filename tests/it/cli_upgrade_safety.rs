//! Issue 20: upgrades that never lose a file, and a package that cannot change hands.
//!
//! Kills by fault injection (`strace -e inject=…:signal=SIGKILL:when=K` at every rename),
//! concurrency by real concurrent processes, mirrors by real servers on 127.0.0.1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common;
use crate::common::{
    ReleaseKey, SignedWorkspace, arg, assert_success, contents, install_from, set_line,
    set_release, signed_release, signed_workspace, user, user_command,
};
use crate::http::{Reply, Server};

/// The user's patch of `bin/ledgerline` in the template prefix.
const PATCHED: &str = "#!/bin/sh\necho patched by the user\n";

/// A publisher with ledgerline 4.2.0 (release 1995.08) and 4.3.0 (1995.09), and a prefix
/// holding 4.2.0 with the user's changes: a changed setting, a changed sample (which 4.3.0
/// drops), a file of the user's own, a patched program.
struct Upgrade {
    ws: SignedWorkspace,
    old: PathBuf,
    new: PathBuf,
    /// The prefix with 4.2.0 and the user's changes, to copy for each run.
    template: tempfile::TempDir,
}

impl Upgrade {
    fn new() -> Upgrade {
        let (ws, dir) = signed_release();
        let old = dir.join("ledgerline-4.2.0.zip");
        let new = common::release_ledgerline_4_3_0(&ws);
        let template = tempfile::tempdir().expect("temp dir");
        let (code, _, stderr) = user(&[
            "install",
            arg(&old),
            "--prefix",
            arg(template.path()),
            "--key",
            arg(&ws.public_key()),
        ]);
        assert_eq!(code, Some(0), "{stderr}");
        let prefix = template.path();
        std::fs::write(prefix.join("etc/ledgerline.ini"), "changed by the user").expect("write");
        std::fs::write(prefix.join("samples/sample-ledger.csv"), "my ledger").expect("write");
        std::fs::write(prefix.join("etc/mine.conf"), "user data").expect("write");
        // Issue 24, item 2: a program the user patched, which the upgrade replaces, saving
        // the user's copy beside it (a kill at any rename must undo or finish that too).
        std::fs::write(prefix.join("bin/ledgerline"), PATCHED).expect("write");
        Upgrade {
            ws,
            old,
            new,
            template,
        }
    }

    fn key(&self) -> PathBuf {
        self.ws.public_key()
    }

    /// A fresh copy of the template prefix at `dir/name`.
    fn prefix(&self, dir: &Path, name: &str) -> PathBuf {
        let prefix = dir.join(name);
        common::copy_tree(self.template.path(), &prefix);
        prefix
    }

    /// The arguments of `alliance install NEW --prefix PREFIX --key KEY`.
    fn install_args<'a>(&'a self, installer: &'a Path, prefix: &'a Path) -> Vec<String> {
        [
            "install",
            arg(installer),
            "--prefix",
            arg(prefix),
            "--key",
            arg(&self.key()),
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect()
    }
}

/// The user's own files of the template, which must survive everything.
const USERS: [(&str, &str); 3] = [
    ("etc/ledgerline.ini", "changed by the user"),
    ("samples/sample-ledger.csv", "my ledger"),
    ("etc/mine.conf", "user data"),
];

fn assert_users_files(prefix: &Path) {
    for (rel, text) in USERS {
        assert_eq!(
            std::fs::read_to_string(prefix.join(rel)).ok().as_deref(),
            Some(text),
            "the user's `{rel}` in {}",
            prefix.display()
        );
    }
}

/// Nothing of alliance's own working files is left in or beside `prefix`.
fn assert_no_leftovers(prefix: &Path) {
    let parent = prefix.parent().expect("parent");
    for path in common::walk(parent) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let records = [
            ".alliance-receipt.yaml",
            ".alliance-kept.yaml",
            ".alliance-mirror.yaml",
        ];
        assert!(
            !name.starts_with(".alliance-") || records.contains(&name.as_str()),
            "left behind: {}",
            path.display()
        );
    }
}

/// The version the receipt of `prefix` records.
fn installed_version(prefix: &Path) -> Option<String> {
    let text = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("version: "))
        .map(|v| v.trim_matches('"').to_string())
}

/// Item 1: a release signed by a second trusted publisher cannot take over an installed
/// package; `--allow-key-change` allows it, loudly, and records the new key. The same holds
/// for `upgrade` from a mirror, which refuses before downloading the installer.
/// Two publishers of ledgerline, each with a key the user trusts: A's release (4.2.0) and
/// B's (9.9.9); with the `--key` arguments trusting both and the two key ids.
struct TwoPublishers {
    a: SignedWorkspace,
    b: SignedWorkspace,
    keys: [String; 4],
    ids: (String, String),
}

impl TwoPublishers {
    fn new() -> TwoPublishers {
        let (a, _) = signed_release();
        let b = SignedWorkspace::new(ReleaseKey::Other);
        set_line(
            &b.path().join("packages/ledgerline/package.yaml"),
            "version:",
            "9.9.9",
        );
        b.release(&[]);
        let (key_a, key_b) = (a.public_key(), b.public_key());
        let ids = (common::key_id(&key_a), common::key_id(&key_b));
        assert_ne!(ids.0, ids.1);
        let keys = [
            "--key".to_string(),
            arg(&key_a).to_string(),
            "--key".to_string(),
            arg(&key_b).to_string(),
        ];
        TwoPublishers { a, b, keys, ids }
    }

    /// Whether `stderr` refuses the change of key, naming both keys and the way out.
    fn refuses(&self, stderr: &str) -> bool {
        stderr.contains(&self.ids.0)
            && stderr.contains(&self.ids.1)
            && stderr.contains("--allow-key-change")
    }
}

/// Item 1: a release signed by a second trusted publisher cannot take over an installed
/// package; `--allow-key-change` allows it, loudly, and records the new key.
#[test]
fn a_second_trusted_publisher_cannot_take_over_an_installed_package() {
    let two = TwoPublishers::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("ledgerline");
    let install = |installer: &Path, extra: &[&str]| {
        let mut args = vec!["install", arg(installer), "--prefix", arg(&prefix)];
        args.extend(two.keys.iter().map(String::as_str));
        args.extend_from_slice(extra);
        user(&args)
    };
    let (code, _, stderr) = install(&two.a.dist().join("1995.08/ledgerline-4.2.0.zip"), &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let before = contents(&prefix);
    let other = two.b.path().join("dist/1995.08/ledgerline-9.9.9.zip");
    let (code, stdout, stderr) = install(&other, &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(two.refuses(&stderr), "{stderr}");
    assert_eq!(contents(&prefix), before, "nothing changed");
    let (code, stdout, stderr) = install(&other, &["--allow-key-change"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("upgraded ledgerline 4.2.0 to 9.9.9"),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning") && stderr.contains(&two.ids.0) && stderr.contains(&two.ids.1),
        "said loudly: {stderr}"
    );
    let receipt = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt");
    assert!(
        receipt.contains(&two.ids.1),
        "the new key is recorded: {receipt}"
    );
}

/// Item 1, from a mirror: installed from A's mirror, `upgrade` from B's is refused before
/// the installer is downloaded; `--allow-key-change` allows it.
#[test]
fn a_second_trusted_publisher_cannot_take_over_a_package_upgraded_from_a_mirror() {
    let two = TwoPublishers::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let server_a = Server::serve(&two.a.dist());
    let server_b = Server::serve(&two.b.dist());
    let mirrored = tmp.path().join("mirrored");
    let url_a = format!("{}/1995.08", server_a.url());
    let mut args = vec![
        "install",
        "ledgerline",
        "--from",
        &url_a,
        "--prefix",
        arg(&mirrored),
    ];
    args.extend(two.keys.iter().map(String::as_str));
    let (code, _, stderr) = user(&args);
    assert_eq!(code, Some(0), "{stderr}");
    let before = contents(&mirrored);
    let url_b = format!("{}/1995.08", server_b.url());
    let mut upgrade = vec!["upgrade", "--prefix", arg(&mirrored), "--from", &url_b];
    upgrade.extend(two.keys.iter().map(String::as_str));
    let (code, stdout, stderr) = user(&upgrade);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(two.refuses(&stderr), "{stderr}");
    assert_eq!(contents(&mirrored), before);
    assert!(
        !server_b
            .requests()
            .iter()
            .any(|r| r.ends_with("ledgerline-9.9.9.zip")),
        "the installer of another key is not even downloaded: {:?}",
        server_b.requests()
    );
    upgrade.push("--allow-key-change");
    let (code, stdout, stderr) = user(&upgrade);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("to 9.9.9"), "{stdout}");
}

/// Item 2: `upgrade` keeps a bundle's locale: a release without it is refused, saying why,
/// and the prefix keeps its locale and version.
#[test]
fn upgrade_never_switches_a_bundle_to_another_locale() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let server = Server::serve(&publisher.dist());
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("spark");
    let key = publisher.public_key();
    let (code, _, stderr) = user(&[
        "install",
        "spark-messenger",
        "--from",
        &format!("{}/1995.08", server.url()),
        "--locale",
        "de",
        "--prefix",
        arg(&prefix),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let root = publisher.path();
    set_line(&root.join("alliance.yaml"), "release:", "\"1995.09\"");
    set_line(
        &root.join("alliance.yaml"),
        "locales:",
        "[en-US, fr, zh-CN, zh-TW]",
    );
    let package = root.join("packages/spark-messenger/package.yaml");
    let text = std::fs::read_to_string(&package).expect("package");
    let version = text
        .lines()
        .find_map(|l| l.strip_prefix("version: "))
        .expect("a version")
        .to_string();
    set_line(&package, "version:", "99.0.0");
    publisher.release(&[]);
    let before = contents(&prefix);
    let (code, stdout, stderr) = user(&[
        "upgrade",
        "--prefix",
        arg(&prefix),
        "--from",
        &format!("{}/1995.09", server.url()),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("no bundle of `de`") && stderr.contains(&version),
        "{stderr}"
    );
    assert_eq!(contents(&prefix), before, "nothing changed");
    let receipt = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt");
    assert!(receipt.contains("locale: de"), "{receipt}");
}

/// `alliance ARGS` run under `strace` with the options `faults` (which syscalls to trace
/// and what to inject), as an end user runs it.
fn under_strace(faults: &[&str], args: &[String]) -> Command {
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-o", "/dev/null"])
        .args(faults)
        .arg(common::BINARY)
        .args(args)
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", "/nonexistent/alliance-test-config")
        .stdin(Stdio::null());
    cmd
}

/// `strace` killing `alliance ARGS` at the `when`-th rename of any kind; returns whether the
/// run was killed (else it finished), and its output.
fn killed_at_rename(args: &[String], when: usize) -> (bool, Output) {
    let inject = format!("inject=rename,renameat,renameat2:signal=SIGKILL:when={when}");
    let output = under_strace(
        &["-e", "trace=rename,renameat,renameat2", "-e", &inject],
        args,
    )
    .output()
    .expect("strace runs");
    let killed = !output.status.success();
    (killed, output)
}

/// Items 3 and 7: an upgrade killed at each of its renames, in turn. After each kill, the
/// next command on the prefix (`list`) finishes or rolls back what was left: the prefix then
/// holds exactly the old version or exactly the new one, always with the user's files, and
/// nothing of alliance's working files.
#[test]
fn an_upgrade_killed_at_any_rename_is_finished_or_rolled_back_by_the_next_command() {
    common::require_tool("strace");
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    // The two states a prefix may be in: old (the template) and new (an upgrade not cut).
    let old = contents(upgrade.template.path());
    let reference = upgrade.prefix(tmp.path(), "reference");
    let (code, _, stderr) = user(&upgrade.install_args(&upgrade.new, &reference));
    assert_eq!(code, Some(0), "{stderr}");
    let new = contents(&reference);
    assert_ne!(old, new);
    let mut outcomes = (0, 0);
    let mut when = 1;
    loop {
        let prefix = upgrade.prefix(tmp.path(), &format!("kill-{when}"));
        let (killed, output) = killed_at_rename(&upgrade.install_args(&upgrade.new, &prefix), when);
        if !killed {
            assert_success(&output);
            assert_eq!(contents(&prefix), new);
            break;
        }
        // Any command on the prefix recovers it; `list` is the mildest.
        let (code, stdout, stderr) = user(&["list", "--prefix", arg(&prefix)]);
        assert_eq!(code, Some(0), "kill at rename {when}: {stdout}{stderr}");
        let now = contents(&prefix);
        if now == old {
            outcomes.0 += 1;
        } else if now == new {
            outcomes.1 += 1;
        } else {
            panic!(
                "kill at rename {when}: neither the old nor the new version:\n{now:#?}\n{stderr}"
            );
        }
        assert_users_files(&prefix);
        assert_no_leftovers(&prefix);
        // And the upgrade then goes through.
        let (code, _, stderr) = user(&upgrade.install_args(&upgrade.new, &prefix));
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(
            contents(&prefix),
            new,
            "kill at rename {when}, then upgraded"
        );
        when += 1;
        assert!(when < 200, "the upgrade never finished");
    }
    assert!(
        outcomes.0 > 0 && outcomes.1 > 0,
        "kills both before and after the commit: {outcomes:?}"
    );
}

/// Item 3: an uninstall and a first install killed at each rename: the next command finds
/// the package installed or not, never half.
#[test]
fn an_uninstall_or_a_first_install_killed_at_any_rename_is_whole_after_the_next_command() {
    common::require_tool("strace");
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let installed = contents(upgrade.template.path());
    let mut when = 1;
    loop {
        let prefix = upgrade.prefix(tmp.path(), &format!("uninstall-{when}"));
        let args = ["uninstall", "--prefix", arg(&prefix)].map(str::to_string);
        let (killed, output) = killed_at_rename(&args, when);
        if !killed {
            assert_success(&output);
            break;
        }
        let (code, stdout, stderr) = user(&["list", "--prefix", arg(&prefix)]);
        assert_eq!(code, Some(0), "kill at rename {when}: {stdout}{stderr}");
        if installed_version(&prefix).is_some() {
            assert_eq!(contents(&prefix), installed, "kill at rename {when}");
        } else {
            assert!(stdout.contains("nothing installed"), "{stdout}");
        }
        assert_users_files(&prefix);
        assert_no_leftovers(&prefix);
        when += 1;
        assert!(when < 200, "the uninstall never finished");
    }
    let mut when = 1;
    loop {
        let prefix = tmp.path().join(format!("fresh-{when}"));
        let (killed, output) = killed_at_rename(&upgrade.install_args(&upgrade.old, &prefix), when);
        if !killed {
            assert_success(&output);
            break;
        }
        let (code, stdout, stderr) = user(&["list", "--prefix", arg(&prefix)]);
        if installed_version(&prefix).is_some() {
            assert_eq!(code, Some(0), "{stdout}{stderr}");
        } else {
            assert!(
                !prefix.exists() || std::fs::read_dir(&prefix).expect("dir").next().is_none(),
                "kill at rename {when}: half an install: {:?}",
                common::walk(&prefix)
            );
        }
        assert_no_leftovers(&prefix);
        when += 1;
        assert!(when < 200, "the install never finished");
    }
}

/// Item 4: a prefix is locked for the whole command: while another process holds it, an
/// install says so (exit 3) and changes nothing.
#[test]
fn a_prefix_in_use_by_another_command_is_refused_with_a_clear_message() {
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = upgrade.prefix(tmp.path(), "p");
    let before = contents(&prefix);
    let key = upgrade.key();
    let held = std::fs::File::open(&prefix).expect("open the prefix");
    held.try_lock().expect("lock");
    let args = upgrade.install_args(&upgrade.new, &prefix);
    let (code, stdout, stderr) = user(&args);
    assert_eq!(code, Some(3), "{stdout}{stderr}");
    assert!(
        stderr.contains("another alliance command") && stderr.contains(arg(&prefix)),
        "{stderr}"
    );
    assert_eq!(contents(&prefix), before);
    for args in [
        vec!["uninstall", "--prefix", arg(&prefix)],
        vec![
            "upgrade",
            "--prefix",
            arg(&prefix),
            "--from",
            "http://127.0.0.1:9/x",
            "--key",
            arg(&key),
        ],
    ] {
        let (code, _, stderr) = user(&args);
        assert_eq!(code, Some(3), "{stderr}");
    }
    drop(held);
    let (code, _, stderr) = user(&args);
    assert_eq!(code, Some(0), "{stderr}");
}

/// Item 4: two upgrades of one prefix started together, again and again: one upgrades, the
/// other waits its turn or says the prefix is in use; the user's files are there after each.
#[test]
fn concurrent_upgrades_of_one_prefix_never_lose_the_users_files() {
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    for round in 0..6 {
        let prefix = upgrade.prefix(tmp.path(), &format!("p{round}"));
        let args = upgrade.install_args(&upgrade.new, &prefix);
        let children: Vec<_> = (0..2)
            .map(|_| {
                user_command(&args)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let mut upgraded = 0;
        for child in children {
            let output = child.wait_with_output().expect("waits");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            match output.status.code() {
                Some(0) if stdout.contains("upgraded") => upgraded += 1,
                Some(0) => assert!(stdout.contains("already installed"), "{stdout}"),
                Some(3) => assert!(stderr.contains("another alliance command"), "{stderr}"),
                code => panic!("round {round}: exit {code:?}: {stdout}{stderr}"),
            }
        }
        assert_eq!(upgraded, 1, "round {round}");
        assert_users_files(&prefix);
        assert_eq!(installed_version(&prefix).as_deref(), Some("4.3.0"));
    }
}

/// Item 4: files the user (or the program itself) creates or changes in the prefix while an
/// upgrade runs stay: each rename of the upgrade is slowed down while another process
/// writes into the prefix.
#[test]
fn files_made_or_changed_while_an_upgrade_runs_are_never_deleted() {
    common::require_tool("strace");
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = upgrade.prefix(tmp.path(), "p");
    let slow = [
        "-e",
        "trace=rename,renameat,renameat2",
        "-e",
        "inject=rename,renameat,renameat2:delay_enter=150000",
    ];
    let mut child = under_strace(&slow, &upgrade.install_args(&upgrade.new, &prefix))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("strace runs");
    // Once the upgrade has started writing, the program writes a log, a new setting, and
    // changes a file the upgrade replaces.
    let started = Instant::now();
    let mut written = Vec::new();
    let mut changed = false;
    while child.try_wait().expect("waits").is_none() {
        let busy = common::walk(tmp.path())
            .iter()
            .any(|p| p.to_string_lossy().contains(".alliance-"));
        if busy || started.elapsed() > Duration::from_secs(1) {
            let rel = format!("log/run-{}.log", written.len());
            std::fs::create_dir_all(prefix.join("log")).expect("dir");
            std::fs::write(prefix.join(&rel), "a log line").expect("write");
            written.push(rel);
            if !changed && busy {
                std::fs::write(prefix.join("data/tax-codes.tsv"), "my tax codes").expect("write");
                changed = true;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("waits");
    assert_success(&output);
    assert!(changed && written.len() > 5, "written: {written:?}");
    for rel in &written {
        assert!(prefix.join(rel).is_file(), "{rel} was deleted");
    }
    // Changed before the upgrade looked at it, the file (not configuration) is replaced and
    // the user's copy saved beside it; changed after, it stays and the new version goes
    // beside it. Either way nothing of the user's is lost.
    let read = |rel: &str| std::fs::read_to_string(prefix.join(rel)).ok();
    let (yours, new) = if read("data/tax-codes.tsv.alliance-old").is_some() {
        ("data/tax-codes.tsv.alliance-old", "data/tax-codes.tsv")
    } else {
        ("data/tax-codes.tsv", "data/tax-codes.tsv.alliance-new")
    };
    assert_eq!(
        read(yours).as_deref(),
        Some("my tax codes"),
        "changed by the user during the upgrade: kept"
    );
    assert_eq!(read(new).as_deref(), Some("code\trate\nVAT\t21\n"));
    assert_users_files(&prefix);
    let (code, stdout, stderr) = user(&["list", "--prefix", arg(&prefix)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("4.3.0"), "{stdout}");
}

/// Item 5: a prefix that is a symbolic link is worked on inside its target: the link stays a
/// link, the user's files stay in the target. A link to an empty folder installs into it; a
/// link to nothing is refused, saying so.
#[cfg(unix)]
#[test]
fn a_prefix_that_is_a_link_is_upgraded_inside_its_target() {
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let target = upgrade.prefix(tmp.path(), "target");
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&target, &link).expect("link");
    let args = upgrade.install_args(&upgrade.new, &link);
    let (code, stdout, stderr) = user(&args);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&link).expect("link"), target);
    assert_users_files(&target);
    assert_eq!(installed_version(&target).as_deref(), Some("4.3.0"));

    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    let to_empty = tmp.path().join("to-empty");
    std::os::unix::fs::symlink(&empty, &to_empty).expect("link");
    let args = upgrade.install_args(&upgrade.old, &to_empty);
    let (code, stdout, stderr) = user(&args);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(empty.join("bin/ledgerline").is_file());
    assert!(
        std::fs::symlink_metadata(&to_empty)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    let (code, stdout, stderr) = user(&["uninstall", "--prefix", arg(&to_empty)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        std::fs::symlink_metadata(&to_empty).is_ok(),
        "the link stays"
    );

    let dangling = tmp.path().join("dangling");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).expect("link");
    let args = upgrade.install_args(&upgrade.old, &dangling);
    let stderr = common::refusal(user(&args));
    assert!(
        stderr.contains("is a symbolic link to") && stderr.contains("nowhere"),
        "{stderr}"
    );
    assert!(!tmp.path().join("nowhere").exists());
}

/// Item 6: a receipt is read like a file from outside: one that is a device or a pipe is
/// refused at once, saying so.
#[cfg(unix)]
#[test]
fn a_receipt_that_is_no_regular_file_is_refused_at_once() {
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = upgrade.prefix(tmp.path(), "zero");
    let receipt = prefix.join(".alliance-receipt.yaml");
    std::fs::remove_file(&receipt).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", &receipt).expect("link");
    let fifo = upgrade.prefix(tmp.path(), "fifo");
    std::fs::remove_file(fifo.join(".alliance-receipt.yaml")).expect("remove");
    let made = Command::new("mkfifo")
        .arg(fifo.join(".alliance-receipt.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for prefix in [&prefix, &fifo] {
        let started = Instant::now();
        for args in [
            vec!["list", "--prefix", arg(prefix)],
            vec!["uninstall", "--prefix", arg(prefix)],
        ] {
            let stderr = common::refusal(user(&args));
            assert!(
                stderr.contains(".alliance-receipt.yaml") && stderr.contains("not a regular file"),
                "{stderr}"
            );
        }
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}

/// Item 7: an install from a mirror killed while it downloads leaves nothing in the
/// temporary folder nor in the prefix once the next command ran; a `mirror` killed the same
/// way leaves no spool in its folder after the next `mirror`.
#[test]
fn downloads_killed_halfway_leave_nothing_after_the_next_run() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let dist = publisher.dist();
    let stalling = Server::start(&dist, |path| {
        if path.ends_with("ledgerline-4.2.0.zip") {
            Reply::StallAfter(1000)
        } else {
            Reply::File
        }
    });
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let temp = tmp.path().join("tmp");
    std::fs::create_dir(&temp).expect("dir");
    let prefix = tmp.path().join("p");
    let mirror_dir = tmp.path().join("mirror");
    let url = format!("{}/1995.08", stalling.url());
    for args in [
        vec![
            "install",
            "ledgerline",
            "--from",
            url.as_str(),
            "--prefix",
            arg(&prefix),
            "--key",
            arg(&key),
        ],
        vec!["mirror", url.as_str(), arg(&mirror_dir), "--key", arg(&key)],
    ] {
        let mut child = user_command(&args)
            .env("TMPDIR", &temp)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let started = Instant::now();
        while !stalling
            .requests()
            .iter()
            .any(|r| r.ends_with("ledgerline-4.2.0.zip"))
        {
            assert!(started.elapsed() < Duration::from_secs(30), "never asked");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(200));
        child.kill().expect("kill");
        child.wait().expect("waits");
    }
    let good = Server::serve(&dist);
    let url = format!("{}/1995.08", good.url());
    let (code, _, stderr) = user(&[
        "install",
        "ledgerline",
        "--from",
        &url,
        "--prefix",
        arg(&prefix),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = user(&["mirror", &url, arg(&mirror_dir), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&temp).expect("dir").count(),
        0,
        "left in the temporary folder: {:?}",
        common::walk(&temp)
    );
    assert_no_leftovers(&prefix);
    for path in common::walk(&mirror_dir) {
        assert!(
            !path.to_string_lossy().contains(".alliance-mirror-"),
            "left: {}",
            path.display()
        );
    }
}

/// Item 8: `mirror` into a folder that holds another release removes the artifacts the new
/// one does not list (the copy verifies), and the folder's rollback floor outlives a damaged
/// index; with neither a verifying index nor a record of the floor, it is refused.
#[test]
fn mirror_over_another_release_removes_its_artifacts_and_keeps_the_floor() {
    let publisher = signed_workspace();
    publisher.release(&["--sequence", "100"]);
    set_release(publisher.path(), "1995.09", "4.3.0");
    publisher.release(&["--sequence", "101"]);
    let server = Server::serve(&publisher.dist());
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("mirror");
    let mirror = |release: &str| {
        user(&[
            "mirror",
            &format!("{}/{release}", server.url()),
            arg(&dir),
            "--key",
            arg(&key),
        ])
    };
    let (code, _, stderr) = mirror("1995.08");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.join("ledgerline-4.2.0.zip").is_file());
    let (code, stdout, stderr) = mirror("1995.09");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("of an earlier release that this one does not list")
            && stdout.contains("ledgerline-4.2.0.zip"),
        "{stdout}"
    );
    for gone in [
        "ledgerline-4.2.0.zip",
        "ledgerline-4.2.0.zip.minisig",
        "ledgerline-4.2.0.manifest.yaml",
        "ledgerline-4.2.0.manifest.yaml.minisig",
    ] {
        assert!(!dir.join(gone).exists(), "{gone} stayed");
    }
    let (code, stdout, stderr) = user(&["verify", arg(&dir), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "the copy verifies: {stdout}{stderr}");

    // A damaged index does not lower the floor.
    let index = dir.join("release.yaml");
    let mut text = std::fs::read_to_string(&index).expect("index");
    text.push_str("# damaged\n");
    std::fs::write(&index, &text).expect("write");
    let (code, stdout, stderr) = mirror("1995.08");
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("sequence 100, below the 101"), "{stderr}");
    assert!(dir.join("ledgerline-4.3.0.zip").is_file());
    // Without the record either, the floor is unknown: refused, saying what to do.
    std::fs::remove_file(dir.join(".alliance-mirror.yaml")).expect("remove");
    let (code, stdout, stderr) = mirror("1995.08");
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains("does not verify with a pinned key") && stderr.contains("empty folder"),
        "{stderr}"
    );
    assert!(dir.join("ledgerline-4.3.0.zip").is_file());
}

/// Item 11: a file of no signed size (here the index) that arrives just fast enough for
/// every rate check is cut at its deadline (`--deadline`), not hours later.
#[test]
fn an_index_sent_just_fast_enough_is_cut_at_its_deadline() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let steady = Server::start(&publisher.dist(), |path| {
        if path.ends_with("/release.yaml") {
            // 8 MiB at 8 KiB a second: above the lowest speed, 17 minutes in all.
            Reply::Steady {
                rate: 8 << 10,
                len: 8 << 20,
            }
        } else {
            Reply::File
        }
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let key = publisher.public_key();
    let started = Instant::now();
    let mut child = user_command(&[
        "install",
        "ledgerline",
        "--from",
        &format!("{}/1995.08", steady.url()),
        "--key",
        arg(&key),
        "--prefix",
        arg(&prefix),
        "--timeout",
        "1",
        "--deadline",
        "3",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn");
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().expect("kill");
            panic!("still fetching the index after a minute");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("release.yaml: took longer than the 3 s allowed for it"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(!prefix.exists(), "nothing was made");
}

/// Item 10: a mirror's `release.yaml` without its signature is refused before it is parsed:
/// what it holds (here: not YAML at all) makes no difference.
#[test]
fn an_unsigned_index_is_refused_before_it_is_read() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let server = Server::start(&publisher.dist(), |path| {
        if path.ends_with("/release.yaml") {
            Reply::Bytes(b"{{{ not: [yaml".to_vec())
        } else if path.ends_with("/release.yaml.minisig") {
            Reply::Status(404)
        } else {
            Reply::File
        }
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let key = publisher.public_key();
    let (code, _, stderr) = install_from(
        &format!("{}/1995.08", server.url()),
        "ledgerline",
        &key,
        &tmp.path().join("p"),
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr
            .contains("is not signed (no `release.yaml.minisig`): an unsigned index is never read")
            && !stderr.contains("not a release index"),
        "{stderr}"
    );
}

/// Item 15: a redirect that fails names the address that failed (and the one first asked);
/// a redirect to `file://` says so rather than "not found"; an index served from a folder
/// named after another release is installed with a note.
#[test]
fn redirects_name_the_address_that_failed_and_a_misplaced_release_is_noted() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let dist = publisher.dist();
    let empty = tempfile::tempdir().expect("temp dir");
    let nowhere = Server::serve(empty.path());
    let gone = format!("{}/moved/release.yaml", nowhere.url());
    let to_gone = gone.clone();
    let redirecting = Server::start(&dist, move |path| {
        if path.ends_with("/release.yaml") {
            Reply::Redirect(to_gone.clone())
        } else {
            Reply::File
        }
    });
    let to_file = Server::start(&dist, |path| {
        if path.ends_with("/release.yaml") {
            Reply::Redirect("file:///etc/passwd".to_string())
        } else {
            Reply::File
        }
    });
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let asked = format!("{}/1995.08", redirecting.url());
    let (code, _, stderr) = install_from(&asked, "ledgerline", &key, &prefix, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{gone} (redirected from {asked}/release.yaml): the server answered 404"
        )),
        "{stderr}"
    );
    let (code, _, stderr) = install_from(
        &format!("{}/1995.08", to_file.url()),
        "ledgerline",
        &key,
        &prefix,
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "redirected to `file:///etc/passwd`, which is not an http:// or https:// address"
        ) && !stderr.contains("404"),
        "{stderr}"
    );
    assert!(!prefix.exists());

    #[cfg(unix)]
    std::os::unix::fs::symlink(dist.join("1995.08"), dist.join("1995.09")).expect("link");
    let server = Server::serve(&dist);
    let (code, _, stderr) = install_from(
        &format!("{}/1995.09", server.url()),
        "ledgerline",
        &key,
        &prefix,
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "serves the signed index of release 1995.08, not of a release named `1995.09`"
        ),
        "{stderr}"
    );
}

/// Item 15: a full disk is a failure to write (exit 2, naming the file), not an unsafe
/// archive; nothing is left. (`strace` makes every write to one staged file fail with
/// ENOSPC.)
#[test]
fn a_full_disk_is_said_as_such_and_leaves_nothing() {
    common::require_tool("strace");
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let staged = prefix.join(".alliance-txn/new/data/chart-of-accounts.csv");
    let full = [
        "-P",
        arg(&staged),
        "-e",
        "trace=write",
        "-e",
        "inject=write:error=ENOSPC",
    ];
    let output = under_strace(&full, &upgrade.install_args(&upgrade.old, &prefix))
        .output()
        .expect("strace runs");
    let stderr = common::refusal(common::outcome(&output));
    assert!(
        stderr.contains("cannot write `ledgerline-4.2.0/files/data/chart-of-accounts.csv`")
            && stderr.contains("No space left on device")
            && !stderr.contains("unsafe"),
        "{stderr}"
    );
    assert!(
        !prefix.exists(),
        "nothing is left: {:?}",
        common::walk(tmp.path())
    );
}

/// Item 15: an upgrade counts the user's changed files as kept, not removed; an uninstall
/// that meets a folder where the receipt lists a file keeps it and goes on.
#[test]
fn kept_files_are_counted_as_kept_and_a_folder_in_place_of_a_file_stops_nothing() {
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = upgrade.prefix(tmp.path(), "p");
    let args = upgrade.install_args(&upgrade.new, &prefix);
    let (code, stdout, stderr) = user(&args);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("(2 new, 1 changed, 1 removed, 2 of yours kept, 1 of yours saved)"),
        "{stdout}"
    );
    std::fs::remove_file(prefix.join("data/tax-codes.tsv")).expect("remove");
    std::fs::create_dir(prefix.join("data/tax-codes.tsv")).expect("dir");
    std::fs::write(prefix.join("data/tax-codes.tsv/mine.txt"), "mine").expect("write");
    let (code, stdout, stderr) = user(&["uninstall", "--prefix", arg(&prefix)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("data/tax-codes.tsv"), "{stdout}");
    assert!(
        !prefix.join("bin/ledgerline").exists(),
        "the rest is removed"
    );
    assert!(prefix.join("data/tax-codes.tsv/mine.txt").is_file());
    assert_users_files(&prefix);
}

/// Issue 24, item 2: an upgrade replaces a program the user patched (their copy saved as
/// `.alliance-old` and said), keeps a changed configuration file (`files.config`) with the
/// new version beside it, and keeps a changed file the new version no longer has; `list`
/// and `uninstall` then describe each as what it is, not as a file alliance did not
/// install.
#[test]
fn an_upgrade_replaces_a_patched_program_and_keeps_configuration_and_dropped_files() {
    let upgrade = Upgrade::new();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = upgrade.prefix(tmp.path(), "p");
    let (code, stdout, stderr) = user(&upgrade.install_args(&upgrade.new, &prefix));
    assert_eq!(code, Some(0), "{stderr}");
    let read = |rel: &str| std::fs::read_to_string(prefix.join(rel)).unwrap_or_default();
    let packaged = upgrade
        .ws
        .path()
        .join("packages/ledgerline/files/bin/ledgerline");
    assert_eq!(
        read("bin/ledgerline"),
        std::fs::read_to_string(packaged).expect("packaged"),
        "the program of 4.3.0 is in place"
    );
    assert_eq!(read("bin/ledgerline.alliance-old"), PATCHED);
    assert_eq!(read("etc/ledgerline.ini"), "changed by the user");
    assert!(read("etc/ledgerline.ini.alliance-new").contains("4.3"));
    assert_eq!(read("samples/sample-ledger.csv"), "my ledger");
    for said in [
        "replaced 1 file you had changed; your copy of each is saved beside it:\n  bin/ledgerline (yours: bin/ledgerline.alliance-old)",
        "kept 1 file of yours; the new version of each is beside it:\n  etc/ledgerline.ini (new: etc/ledgerline.ini.alliance-new)",
        "kept 1 file you had changed that ledgerline 4.3.0 no longer has:\n  samples/sample-ledger.csv",
    ] {
        assert!(stdout.contains(said), "{said}\n---\n{stdout}");
    }
    let (code, stdout, stderr) = user(&["list", "--prefix", arg(&prefix)]);
    assert_eq!(code, Some(0), "{stderr}");
    for said in [
        "yours kept: samples/sample-ledger.csv (you changed it; ledgerline 4.3.0 no longer has it)",
        "yours saved: bin/ledgerline.alliance-old (your copy of bin/ledgerline, which an upgrade replaced)",
    ] {
        assert!(stdout.contains(said), "{said}\n---\n{stdout}");
    }
    let (code, stdout, stderr) = user(&["uninstall", "--prefix", arg(&prefix)]);
    assert_eq!(code, Some(0), "{stderr}");
    for said in [
        "kept 2 files changed since the install: etc/ledgerline.ini, samples/sample-ledger.csv",
        "kept 1 file of yours that upgrades saved: bin/ledgerline.alliance-old",
        "left 1 file alliance did not install: etc/mine.conf",
    ] {
        assert!(stdout.contains(said), "{said}\n---\n{stdout}");
    }
    let record = read(".alliance-kept.yaml");
    assert!(
        record.contains("samples/sample-ledger.csv:\n    why: changed")
            && record.contains("bin/ledgerline.alliance-old:\n    why: saved"),
        "{record}"
    );
}
