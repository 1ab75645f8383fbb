//! Bad input gets a clear error naming file, line and column, exit code 2, and no output
//! (issue 2). Each case breaks a copy of the sample workspace in one way; the diagnostics
//! are snapshots, so a change in wording is a reviewed change.

use std::path::Path;

use crate::common;
use crate::common::{alliance, sample_workspace};

fn append(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    let mut old = std::fs::read_to_string(&path).expect("file exists");
    old.push_str(text);
    std::fs::write(&path, old).expect("write");
}

/// Runs `release` on a sample workspace broken by `breaks`; asserts exit 2 and that nothing
/// was written; returns stderr.
fn fails(breaks: impl FnOnce(&Path)) -> String {
    let ws = sample_workspace();
    breaks(ws.path());
    let stderr = common::refused(ws.path(), &["release"]);
    assert!(
        !ws.path().join("dist").exists(),
        "nothing may be written:\n{stderr}"
    );
    stderr
}

#[test]
fn missing_configuration() {
    let stderr = fails(|root| std::fs::remove_file(root.join("alliance.yaml")).expect("remove"));
    insta::assert_snapshot!(stderr);
}

#[test]
fn configuration_type_error_shows_line_and_column() {
    let stderr = fails(|root| append(root, "alliance.yaml", "locales: 3\n"));
    assert!(stderr.contains("alliance.yaml:"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key_in_package_yaml() {
    let stderr = fails(|root| {
        common::edit_file(
            root,
            "packages/ledgerline/package.yaml",
            "homepage:",
            "hompage:",
        )
    });
    assert!(
        stderr.contains("packages/ledgerline/package.yaml:12:1"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn payload_glob_matching_nothing() {
    let stderr = fails(|root| {
        common::edit_file(
            root,
            "packages/bridgeword/package.yaml",
            "\"share/**\"",
            "\"shared/**\"",
        )
    });
    assert!(
        stderr.contains("packages/bridgeword/package.yaml:16:23"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn version_that_is_not_semver() {
    let stderr = fails(|root| {
        common::edit_file(
            root,
            "packages/moatkeeper/package.yaml",
            "version: 7.0.3",
            "version: 7.0",
        )
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn template_that_fails_to_render_names_template_and_line() {
    let stderr = fails(|root| {
        common::edit_file(
            root,
            "templates/installer/unix/install.sh.tera",
            "{{ package.prefix_unix",
            "{{ package.prefix_unx",
        )
    });
    assert!(
        stderr.contains("templates/installer/unix/install.sh.tera:8:"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("prefix_unx").count(),
        1,
        "reported once, not once per artifact:\n{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn template_syntax_error() {
    let stderr = fails(|root| {
        append(
            root,
            "templates/bundle/README.txt.tera",
            "{% if artifact.locale %}\n",
        )
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn fluent_syntax_error_in_the_reference() {
    // A translation's broken entry is taken from the next locale (tests/cli_bundle.rs); the
    // reference's would be missing everywhere.
    let stderr = fails(|root| {
        append(
            root,
            "locales/en-US/messenger.ftl",
            "chat-broken = { $name said:\n",
        )
    });
    assert!(stderr.contains("locales/en-US/messenger.ftl:"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn every_problem_is_reported_at_once() {
    let stderr = fails(|root| {
        common::edit_file(
            root,
            "packages/ledgerline/package.yaml",
            "version: 4.2.0",
            "version: 4.2",
        );
        common::edit_file(
            root,
            "packages/bridgeword/package.yaml",
            "\"bin/**\"",
            "\"bins/**\"",
        );
        append(
            root,
            "locales/en-US/installer.ftl",
            "broken-one\nbroken-two = {\n",
        );
        common::edit_file(
            root,
            "packages/quillstone-office/package.yaml",
            "license: LICENSE.txt",
            "license: COPYING",
        );
    });
    assert!(
        stderr.contains("error: 5 problems, nothing was written"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_locale_in_configuration_suggests_the_near_miss() {
    let stderr = fails(|root| append(root, "alliance.yaml", "locales: [en-US, zh_cn]\n"));
    assert!(stderr.contains("did you mean `zh-CN`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_release_name_ending_in_pseudo_is_refused() {
    // `dist/<release>-pseudo/` holds the pseudo-locale bundles of release `<release>`.
    let stderr = fails(|root| {
        common::edit_file(
            root,
            "alliance.yaml",
            "release: \"1995.08\"",
            "release: \"1995.08-pseudo\"",
        )
    });
    assert!(
        stderr.contains("`1995.08-pseudo` cannot be a release name")
            && stderr.contains("alliance.yaml:"),
        "{stderr}"
    );
}

/// A command that writes nothing anyway does not say that it wrote nothing; one that
/// builds still does.
#[test]
fn read_only_commands_do_not_end_their_errors_with_nothing_was_written() {
    let ws = sample_workspace();
    let cases: &[&[&str]] = &[
        &["l10n", "check", "xx"],
        &["l10n", "status", "xx"],
        &["verify", "alliance.yaml"],
        &["manifest", "show", "dist/1995.08"],
        &["manifest", "diff", "dist/1995.07", "dist/1995.08"],
        &["release", "--dry-run", "--root", "nowhere"],
        &["package", "--check", "--root", "nowhere"],
    ];
    for args in cases {
        let stderr = common::refused(ws.path(), args);
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("nothing was written"),
            "{args:?}: {stderr}"
        );
    }
    let stderr = common::refused(ws.path(), &["release", "--root", "nowhere"]);
    assert!(
        stderr.ends_with("1 problem, nothing was written\n"),
        "{stderr}"
    );
}

/// Issue 20, item 14b: a release name is a folder name (`dist/<release>/`, its shards',
/// its pseudo-locales'), part of every trusted comment and of the mirror's addresses. A
/// bidi override, a Windows device name or a name too long for a folder was accepted, and
/// failed late or fooled the eye; each is refused up front, at its line and column, with
/// the rule.
#[test]
fn a_release_name_that_is_no_safe_folder_name_is_refused_at_its_place() {
    let long = "9".repeat(300);
    let cases: &[(&str, &str)] = &[
        ("1995.08\\u202Egpj", "\\u{202e}"),
        ("con", "reserved on Windows"),
        ("NUL.2024", "reserved on Windows"),
        ("Com1", "reserved on Windows"),
        ("lpt9.x", "reserved on Windows"),
        (&long, "300 characters"),
        ("a\\u0007b", "\\u{7}"),
        ("1995.08.", "end"),
        ("-rc1", "start"),
        ("versión-1", "`ó`"),
        ("a b", "` `"),
    ];
    for (name, why) in cases {
        let stderr = fails(|root| {
            common::edit_file(
                root,
                "alliance.yaml",
                "release: \"1995.08\"",
                &format!("release: \"{name}\""),
            )
        });
        assert!(
            stderr.contains("cannot be a release name")
                && stderr.contains("alliance.yaml:3:10")
                && stderr.contains(why)
                && stderr.contains("at most 64 characters")
                && !stderr.contains('\u{202E}')
                && !stderr.contains('\u{7}'),
            "{name}: {stderr}"
        );
    }
    // What is refused is only what is unsafe.
    let ws = sample_workspace();
    for name in ["2026-spring", "v1.2_rc-3", &"9".repeat(64)] {
        common::edit_file(
            ws.path(),
            "alliance.yaml",
            "release: \"1995.08\"",
            &format!("release: \"{name}\""),
        );
        let (code, _, stderr) = common::run(ws.path(), &["release", "--dry-run"]);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        common::edit_file(
            ws.path(),
            "alliance.yaml",
            &format!("release: \"{name}\""),
            "release: \"1995.08\"",
        );
    }
}

/// Issue 20, item 14c: a value from the user or from outside (a tag, a path, a name, an
/// address, a file's text) reached the terminal with its control characters: a colour, a
/// cleared screen, a line break that starts a line of its own, a bidi override that turns
/// the text around. Every message shows them escaped; its own layout stays.
#[test]
fn control_characters_from_outside_are_escaped_in_every_message() {
    let ws = sample_workspace();
    let shows = |args: &[&str], escaped: &str| {
        let (code, stdout, stderr) = common::run(ws.path(), args);
        let all = format!("{stdout}{stderr}");
        assert!(!all.contains("panicked"), "{args:?}: {all}");
        assert_ne!(code, Some(0), "{args:?}: {all}");
        for raw in ['\u{1b}', '\u{7}', '\u{202E}', '\u{85}', '\r'] {
            assert!(!all.contains(raw), "{args:?}: {raw:?} in {all:?}");
        }
        assert!(!all.contains("\nok: all fine"), "{args:?}: {all}");
        assert!(all.contains(escaped), "{args:?}: {escaped} not in {all}");
        assert!(all.ends_with('\n'), "the layout stays: {all}");
    };
    // A tag on the command line, with a colour and a forged line.
    shows(
        &["l10n", "check", "\u{1b}[31mde\nok: all fine"],
        "there is no locale `\\u{1b}[31mde\\u{a}ok: all fine` in this workspace",
    );
    shows(&["bundle", "x\u{7}y"], "x\\u{7}y");
    // A key name, and a key file's path.
    shows(&["keygen", "a\u{202E}b"], "a\\u{202e}b");
    shows(
        &[
            "verify",
            "dist/1995.08/a.zip",
            "--key",
            "k\u{1b}[2J\r\nok: all fine.pub",
        ],
        "`k\\u{1b}[2J\\u{d}\\u{a}ok: all fine.pub`",
    );
    // A release folder that does not exist, from the command line, in a check's detail.
    let dist = common::release(ws.path());
    let artifact = dist.join("ledgerline-4.2.0.zip");
    shows(
        &[
            "verify",
            common::arg(&artifact),
            "--allow-dev",
            "--key",
            ".alliance/dev-signing.pub",
            "--release",
            "dist/\u{202E}evil\u{85}",
        ],
        "dist/\\u{202e}evil\\u{85}",
    );
    // A mirror's address.
    shows(
        &[
            "install",
            "ledgerline",
            "--from",
            "http://127.0.0.1:9/\u{1b}[2J",
            "--key",
            ".alliance/dev-signing.pub",
            "--prefix",
            "opt",
        ],
        "\\u{1b}[2J",
    );
    // A file in the trust store, in a warning.
    let config = tempfile::tempdir().expect("temp dir");
    let store = config.path().join("alliance/trusted-keys");
    std::fs::create_dir_all(store.join("\u{1b}[2J\n.pub")).expect("folder");
    let output = alliance(ws.path())
        .args(["trust", "list"])
        .env("XDG_CONFIG_HOME", config.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: `") && stderr.contains("\\u{1b}[2J\\u{a}.pub` is skipped"),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    // A package id, escaped in YAML and written raw (which YAML refuses).
    let yaml = ws.path().join("packages/ledgerline/package.yaml");
    let text = std::fs::read_to_string(&yaml).expect("package.yaml");
    for id in ["\"ledger\\e[2Jline\"", "ledger\u{1b}[2Jline"] {
        std::fs::write(&yaml, text.replace("id: ledgerline", &format!("id: {id}"))).expect("write");
        shows(&["package", "--check"], "\\u{1b}[2J");
    }
}
