//! Stale translations (issue 27, item 1): a translation whose reference text changed since
//! it was made or accepted is reported, counted, accepted, and shipped or not as the
//! workspace says; a workspace without a record starts from its git history.

use std::path::Path;
use std::process::Command;

use alliance::manifest::ArtifactManifest;

use crate::common::{self, sample_workspace};

/// Every `stale` finding of `l10n check --format json`: (locale, id, file, message).
fn stale_findings(root: &Path) -> Vec<(String, String, String, String)> {
    let (_, stdout, stderr) = common::run(root, &["l10n", "check", "--format", "json"]);
    let report: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    let mut found = Vec::new();
    for (tag, locale) in report["locales"].as_object().expect("locales") {
        for f in locale["findings"].as_array().expect("findings") {
            if f["code"] == "stale" {
                found.push((
                    tag.clone(),
                    f["id"].as_str().expect("id").to_string(),
                    f["file"].as_str().expect("file").to_string(),
                    f["message"].as_str().expect("message").to_string(),
                ));
            }
        }
    }
    found
}

/// The locales of the sample workspace but the reference.
fn translations(root: &Path) -> Vec<String> {
    let mut tags: Vec<String> = std::fs::read_dir(root.join("locales"))
        .expect("locales")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|t| t != "en-US")
        .collect();
    tags.sort();
    tags
}

/// The sample workspace with every translation accepted as it is.
fn accepted_workspace() -> tempfile::TempDir {
    let ws = sample_workspace();
    for tag in translations(ws.path()) {
        let (code, stdout, stderr) = common::run(ws.path(), &["l10n", "accept", &tag]);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
    }
    assert_eq!(stale_findings(ws.path()), []);
    ws
}

const OLD: &str =
    "login-failed = Sign-in failed. Check your nickname and password, then try again.";
const NEW: &str = "login-failed = Your password was wrong: { $reason }";

/// The example: the English text of `login-failed` changes, its id stays: every
/// locale that translates it has a `stale` warning with both texts; a whitespace-only or
/// comment-only change is nothing; `accept` makes it go away.
#[test]
fn a_changed_reference_text_makes_every_translation_of_it_stale_until_accepted() {
    let ws = accepted_workspace();
    let root = ws.path();
    let messenger = "locales/en-US/messenger.ftl";

    // Whitespace and comments only: nothing is stale.
    common::edit_file(
        root,
        messenger,
        OLD,
        "# Shown when the password is refused.\nlogin-failed =\n    Sign-in failed.   Check your nickname\n    and password, then try again.",
    );
    assert_eq!(stale_findings(root), []);

    common::edit_file(
        root,
        messenger,
        "login-failed =\n    Sign-in failed.   Check your nickname\n    and password, then try again.",
        NEW,
    );
    let found = stale_findings(root);
    let having: Vec<String> = translations(root)
        .into_iter()
        .filter(|tag| {
            std::fs::read_to_string(root.join(format!("locales/{tag}/messenger.ftl")))
                .is_ok_and(|t| t.contains("\nlogin-failed ="))
        })
        .collect();
    assert!(having.len() >= 5, "{having:?}");
    let stale_tags: Vec<String> = found.iter().map(|(tag, ..)| tag.clone()).collect();
    assert_eq!(stale_tags, having, "{found:#?}");
    for (tag, id, file, message) in &found {
        assert_eq!(id, "login-failed");
        assert_eq!(file, &format!("locales/{tag}/messenger.ftl"));
        assert!(
            message.contains(
                "was `Sign-in failed. Check your nickname and password, then try again.`"
            ) && message.contains("now `Your password was wrong: { $reason }`"),
            "{message}"
        );
    }

    // `status` counts it as not done.
    let (_, status, _) = common::run(root, &["l10n", "status", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&status).expect("json");
    let fr = &status["locales"]["fr"]["summary"];
    assert_eq!(fr["stale"], 1, "{fr}");
    let (_, table, _) = common::run(root, &["l10n", "status", "fr"]);
    assert!(
        table.lines().next().unwrap_or("").contains("stale"),
        "{table}"
    );

    // Accepted in French: gone there, still stale elsewhere.
    let (code, stdout, stderr) = common::run(root, &["l10n", "accept", "fr", "login-failed"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("accepted 1 stale translation"), "{stdout}");
    let after = stale_findings(root);
    assert!(after.iter().all(|(tag, ..)| tag != "fr"), "{after:?}");
    assert_eq!(after.len(), found.len() - 1);
    let (_, status, _) = common::run(root, &["l10n", "status", "--format", "json"]);
    let status: serde_json::Value = serde_json::from_str(&status).expect("json");
    assert_eq!(
        status["locales"]["fr"]["summary"]["translated"],
        fr["translated"].as_u64().expect("count") + 1
    );

    // Checked against another locale than the configured reference, nothing is stale (the
    // locks record English texts).
    let (_, against_de, _) = common::run(
        root,
        &[
            "l10n",
            "check",
            "es",
            "--reference",
            "de",
            "--format",
            "json",
        ],
    );
    assert!(!against_de.contains("\"code\": \"stale\""), "{against_de}");

    // A term is named as it is written.
    let (code, stdout, stderr) = common::run(root, &["l10n", "accept", "fr", "-brand-name"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    // Accepting an id the locale does not translate names it.
    let refusal = common::refused(root, &["l10n", "accept", "fr", "login-faild"]);
    assert!(
        refusal.contains("`login-faild` is not a translated message of fr")
            && refusal.contains("login-failed"),
        "{refusal}"
    );
}

/// A lock is written as sorted lines, one per translation; the reference's texts keep only
/// what some lock refers to, so an accepted change drops the old text.
#[test]
fn the_lock_files_are_sorted_lines_and_keep_only_texts_in_use() {
    let ws = accepted_workspace();
    let root = ws.path();
    let lock = std::fs::read_to_string(root.join("locales/fr/l10n.lock")).expect("lock");
    let lines: Vec<&str> = lock.lines().filter(|l| !l.starts_with('#')).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("messenger.ftl\tlogin-failed\t")),
        "{lock}"
    );
    let texts =
        || std::fs::read_to_string(root.join("locales/en-US/l10n-texts.lock")).expect("texts");
    assert!(texts().contains("\tlogin-failed\tSign-in failed. Check"));

    common::edit_file(root, "locales/en-US/messenger.ftl", OLD, NEW);
    for tag in translations(root) {
        common::run(root, &["l10n", "accept", &tag, "--all"]);
    }
    assert_eq!(stale_findings(root), []);
    let texts = texts();
    assert!(!texts.contains("Sign-in failed. Check"), "{texts}");
    assert!(texts.contains("\tlogin-failed\tYour password was wrong: { $reason }"));

    // A damaged lock is an error naming its file and line, not a silent reset.
    std::fs::write(
        root.join("locales/fr/l10n.lock"),
        format!("{lock}messenger.ftl\tbroken\n"),
    )
    .expect("write");
    let refusal = common::refused(root, &["l10n", "check", "fr"]);
    let line = lock.lines().count() + 1;
    assert!(
        refusal.contains(&format!("locales/fr/l10n.lock:{line}:1")),
        "{refusal}"
    );
}

/// `accept` of one message keeps the record of the others, a translation that does not
/// read at the moment (a syntax error being fixed) included.
#[test]
fn accepting_one_message_keeps_the_record_of_a_broken_one() {
    let ws = accepted_workspace();
    let root = ws.path();
    common::edit_file(root, "locales/en-US/messenger.ftl", OLD, NEW);
    let fr = root.join("locales/fr/messenger.ftl");
    let text = std::fs::read_to_string(&fr).expect("fr");
    let line = text
        .lines()
        .find(|l| l.starts_with("login-failed ="))
        .expect("fr translates it")
        .to_string();
    std::fs::write(&fr, text.replace(&line, &format!("{line} {{"))).expect("write");
    let (code, stdout, stderr) = common::run(root, &["l10n", "accept", "fr", "-brand-name"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    std::fs::write(&fr, &text).expect("fixed");
    assert!(
        stale_findings(root)
            .iter()
            .any(|(tag, id, ..)| tag == "fr" && id == "login-failed"),
        "the broken translation's record was lost"
    );
}

/// `l10n add` records the reference text of every message it writes: a later change of
/// the reference makes the new locale's copy stale.
#[test]
fn a_new_locale_starts_its_record() {
    let ws = sample_workspace();
    let root = ws.path();
    let (code, stdout, stderr) = common::run(root, &["l10n", "add", "uk"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let lock = std::fs::read_to_string(root.join("locales/uk/l10n.lock")).expect("lock");
    assert!(lock.contains("messenger.ftl\tlogin-failed\t"), "{lock}");
    // Translated, then the reference changes.
    common::edit_file(
        root,
        "locales/uk/messenger.ftl",
        OLD,
        "login-failed = Не вдалося увійти.",
    );
    common::edit_file(root, "locales/en-US/messenger.ftl", OLD, NEW);
    let found = stale_findings(root);
    assert!(
        found
            .iter()
            .any(|(tag, id, ..)| tag == "uk" && id == "login-failed"),
        "{found:?}"
    );
}

fn manifest(dir: &Path, tag: &str) -> ArtifactManifest {
    let text =
        std::fs::read_to_string(dir.join(format!("spark-messenger-3.2.1-{tag}.manifest.yaml")))
            .expect("manifest");
    serde_saphyr::from_str(&text).expect("manifest parses")
}

fn bundled_messenger(dir: &Path, tag: &str) -> String {
    let stem = format!("spark-messenger-3.2.1-{tag}");
    common::zip_texts(&dir.join(format!("{stem}.zip")))
        .remove(&format!("{stem}/locales/{tag}/messenger.ftl"))
        .expect("messenger.ftl")
}

/// A stale translation ships by default and the bundle's manifest lists it;
/// `l10n.stale: fallback` ships the new reference text instead (listed too); `--strict`
/// refuses.
#[test]
fn bundles_ship_or_fall_back_for_stale_translations_and_strict_refuses() {
    let ws = accepted_workspace();
    let root = ws.path();
    common::edit_file(root, "locales/en-US/messenger.ftl", OLD, NEW);
    let french_line = std::fs::read_to_string(root.join("locales/fr/messenger.ftl"))
        .expect("fr")
        .lines()
        .find(|l| l.starts_with("login-failed ="))
        .expect("fr translates it")
        .to_string();

    let dir = common::release(root);
    let info = manifest(&dir, "fr").bundle.expect("bundle");
    assert_eq!(info.stale, ["login-failed"]);
    assert!(info.rejected.is_empty(), "{info:?}");
    assert!(bundled_messenger(&dir, "fr").contains(&french_line));

    let config = root.join("alliance.yaml");
    let yaml = std::fs::read_to_string(&config).expect("config");
    let with_fallback = if yaml.contains("\nl10n:\n") {
        yaml.replace("\nl10n:\n", "\nl10n:\n  stale: fallback\n")
    } else {
        format!("{yaml}\nl10n:\n  stale: fallback\n")
    };
    std::fs::write(&config, with_fallback).expect("write");
    std::fs::remove_dir_all(root.join("dist")).expect("clean");
    let dir = common::release(root);
    let info = manifest(&dir, "fr").bundle.expect("bundle");
    assert_eq!(info.stale, ["login-failed"]);
    assert!(
        info.rejected
            .iter()
            .any(|r| r.id == "login-failed" && r.locale == "fr" && r.code == "stale"),
        "{info:?}"
    );
    let messenger = bundled_messenger(&dir, "fr");
    assert!(messenger.contains(NEW), "{messenger}");
    assert!(!messenger.contains(&french_line));

    let refusal = common::refused(root, &["release", "--strict"]);
    assert!(
        refusal.contains("[stale]") && refusal.contains("locales/fr/messenger.ftl"),
        "{refusal}"
    );
}

fn git(root: &Path, args: &[&str]) {
    common::require_tool("git");
    let output = Command::new("git")
        .current_dir(root)
        .args([
            "-c",
            "user.name=Translator",
            "-c",
            "user.email=t@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {output:?}");
}

/// A workspace without locks starts from its git history: three commits (the translation,
/// then a change of the English text, then an unrelated change) give exactly one stale
/// message, with the English text of the translation's commit as the old text. A
/// translation edited since its last commit counts as made against today's text.
#[test]
fn without_a_lock_the_git_history_finds_exactly_the_stale_message() {
    let ws = sample_workspace();
    let root = ws.path();
    // A workspace from before the locks.
    for dir in std::fs::read_dir(root.join("locales")).expect("locales") {
        let dir = dir.expect("entry").path();
        for lock in ["l10n.lock", "l10n-texts.lock"] {
            let _ = std::fs::remove_file(dir.join(lock));
        }
    }
    git(root, &["init", "-q", "."]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "translations"]);
    common::edit_file(root, "locales/en-US/messenger.ftl", OLD, NEW);
    git(root, &["commit", "-q", "-am", "clearer sign-in error"]);
    std::fs::write(root.join("NOTES.md"), "unrelated\n").expect("write");
    git(root, &["add", "NOTES.md"]);
    git(root, &["commit", "-q", "-m", "unrelated"]);

    let found = stale_findings(root);
    assert!(!found.is_empty());
    assert!(found.iter().all(|(_, id, _, message)| id == "login-failed"
        && message.contains("in a commit after the translation's last one")
        && message.contains("was `Sign-in failed. Check your nickname")));
    let german: Vec<_> = found.iter().filter(|(tag, ..)| tag == "de").collect();
    assert_eq!(german.len(), 1, "{found:?}");

    // The German translation updated after that commit: no longer stale.
    let de = root.join("locales/de/messenger.ftl");
    let text = std::fs::read_to_string(&de).expect("de");
    let line = text
        .lines()
        .find(|l| l.starts_with("login-failed ="))
        .expect("de translates it")
        .to_string();
    std::fs::write(
        &de,
        text.replace(&line, "login-failed = Falsches Passwort: { $reason }"),
    )
    .expect("write");
    assert!(stale_findings(root).iter().all(|(tag, ..)| tag != "de"));
    // `accept` judges it as `check` does: current, not still stale.
    let (code, stdout, _) = common::run(root, &["l10n", "accept", "de"]);
    assert_eq!(code, Some(0));
    assert!(!stdout.contains("still stale"), "{stdout}");
    assert!(stale_findings(root).iter().all(|(tag, ..)| tag != "de"));
    git(root, &["commit", "-q", "-am", "German updated"]);
    assert!(stale_findings(root).iter().all(|(tag, ..)| tag != "de"));

    // The first `accept` writes down what the history says: still stale, now from the lock.
    let (code, stdout, _) = common::run(root, &["l10n", "accept", "fr"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("1 translation still stale: `login-failed`"),
        "{stdout}"
    );
    let french: Vec<_> = stale_findings(root)
        .into_iter()
        .filter(|(tag, ..)| tag == "fr")
        .collect();
    assert_eq!(french.len(), 1);
    assert!(french[0].3.contains("since this translation was accepted"));
}
