//! Which workspace a command works on: the nearest folder holding `alliance.yaml`, from the
//! current folder up (as git and cargo find theirs), unless `--root` names one; commands that
//! need no workspace work outside any.

use std::path::Path;

use crate::common;
use crate::common::{arg, edit_file, run, sample_workspace, signed_release};

#[test]
fn commands_find_the_workspace_from_a_subfolder() {
    let ws = sample_workspace();
    let sub = ws.path().join("locales/de");
    let (code, stdout, stderr) = run(&sub, &["l10n", "check", "de"]);
    assert!(matches!(code, Some(0 | 1)), "{stderr}");
    assert!(
        stdout.contains("checked 1 locale against en-US"),
        "{stdout}{stderr}"
    );

    let (code, stdout, stderr) = run(&sub, &["l10n", "status"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("zh-TW"), "{stdout}");

    let deep = ws.path().join("packages/ledgerline/files");
    let (code, stdout, stderr) = run(&deep, &["release", "--dry-run"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("planned for release 1995.08 into dist/1995.08;"),
        "{stdout}"
    );
}

#[test]
fn root_wins_over_the_folder_a_command_runs_in() {
    let (one, two) = (sample_workspace(), sample_workspace());
    edit_file(two.path(), "alliance.yaml", "1995.08", "2001.01");
    let (code, stdout, stderr) = run(
        &one.path().join("locales/de"),
        &["release", "--dry-run", "--root", arg(two.path())],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("for release 2001.01"), "{stdout}");
}

#[test]
fn outside_any_workspace_the_error_says_where_alliance_looked() {
    let empty = tempfile::tempdir().expect("temp dir");
    let stderr = common::refused(empty.path(), &["l10n", "check"]);
    assert!(
        stderr.contains("no `alliance.yaml` in this folder or any folder above it"),
        "{stderr}"
    );
}

#[test]
fn commands_that_need_no_workspace_work_outside_one() {
    let (ws, dir) = signed_release();
    let outside = tempfile::tempdir().expect("temp dir");
    let copy = outside.path().join("1995.08");
    common::copy_tree(&dir, &copy);
    let key = ws.path().join("keys/shop.pub");
    let (code, stdout, stderr) = run(outside.path(), &["verify", "1995.08", "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    let prefix = outside.path().join("opt/ledgerline");
    let (code, _, stderr) = common::install(
        outside.path(),
        &copy.join("ledgerline-4.2.0.zip"),
        &prefix,
        &["--key", arg(&key)],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(outside.path(), &["uninstall", "--prefix", arg(&prefix)]);
    assert_eq!(code, Some(0), "{stderr}");

    let (code, _, stderr) = run(outside.path(), &["keygen", "--out", "k", "--unencrypted"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(outside.path().join("k.pub").is_file());
    assert!(!Path::new(&outside.path().join("keys")).exists());
}

/// A downloaded folder can be made to look like a workspace (see `cli_trust`): the keys of a
/// workspace count for `verify`, `manifest show` and `manifest diff` only when it is named
/// with `--root` or is the current folder, never when found above a release folder one
/// checks from inside.
#[test]
fn keys_of_a_workspace_above_the_current_folder_are_not_trusted() {
    let (ws, dir) = signed_release();
    let stderr = common::refused(&dir, &["verify", "ledgerline-4.2.0.zip"]);
    assert!(stderr.contains("no trusted public key"), "{stderr}");
    let (_, stdout, stderr) = run(&dir, &["manifest", "show", "."]);
    assert!(stdout.contains("signature: ✗"), "{stdout}{stderr}");

    let (code, stdout, stderr) = run(ws.path(), &["verify", "dist/1995.08/ledgerline-4.2.0.zip"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) = run(
        &dir,
        &["verify", "ledgerline-4.2.0.zip", "--root", arg(ws.path())],
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
}
