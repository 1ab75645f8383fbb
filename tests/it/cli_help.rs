//! What `--help` says: one or two examples for every command, and `--root` only where a
//! command works in a workspace; shell completions and the manual page, generated from the
//! same definition.

use std::path::Path;

use alliance::cli::Cli;
use clap::CommandFactory;

use crate::common;

/// `alliance` itself (by the empty name) and every command and subcommand, by its full name
/// (`manifest show`).
fn commands() -> Vec<(String, clap::Command)> {
    fn subcommands(prefix: &str, command: &clap::Command, all: &mut Vec<(String, clap::Command)>) {
        for sub in command.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let name = format!("{prefix}{}", sub.get_name()).trim().to_string();
            all.push((name.clone(), sub.clone()));
            subcommands(&format!("{name} "), sub, all);
        }
    }
    let mut cli = Cli::command();
    cli.build();
    let mut all = vec![(String::new(), cli.clone())];
    subcommands("", &cli, &mut all);
    all
}

#[test]
fn every_command_has_examples_in_its_help() {
    let mut missing = Vec::new();
    for (name, mut command) in commands() {
        let help = command.render_long_help().to_string();
        let examples = help
            .split_once("Examples:")
            .map(|(_, rest)| rest.matches(&format!("alliance {name}")).count())
            .unwrap_or(0);
        if !(1..=3).contains(&examples) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "no examples in the help of {missing:?}");
}

#[test]
fn root_is_offered_only_where_a_command_uses_a_workspace() {
    let without = [
        "install",
        "uninstall",
        "trust",
        "trust add",
        "trust list",
        "trust remove",
    ];
    for (name, command) in commands() {
        let root = command.get_arguments().find(|a| a.get_id() == "root");
        let shown = root.is_some_and(|a| !a.is_hide_set());
        if without.contains(&name.as_str()) || name == "manifest" || name == "l10n" {
            assert!(!shown, "`alliance {name} --help` offers --root");
        }
    }
    let mut verify = Cli::command();
    let help = verify
        .find_subcommand_mut("verify")
        .expect("verify")
        .render_long_help()
        .to_string();
    let root = help.split("--root").nth(1).unwrap_or_default();
    assert!(root.contains("keys/"), "{help}");
}

#[test]
fn uninstall_help_has_no_root_and_an_example() {
    let help = Cli::command()
        .try_get_matches_from(["alliance", "uninstall", "--help"])
        .expect_err("help is shown")
        .to_string();
    insta::assert_snapshot!(help);
}

#[test]
fn completions_name_every_command_for_each_shell() {
    let outside = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, stderr) = common::run(outside.path(), &["completions", shell]);
        assert_eq!(code, Some(0), "{shell}: {stderr}");
        // The script asks alliance itself at each TAB.
        assert!(
            stdout.contains("ALLIANCE_COMPLETE") && stdout.contains("alliance"),
            "{shell}:\n{stdout}"
        );
    }
    common::refused(outside.path(), &["completions", "tcsh"]);
    let ws = common::sample_workspace();
    assert!(complete_in_bash(ws.path(), &["rel"]).contains(&"release".to_string()));
    let commands = complete_in_bash(ws.path(), &["l10n", ""]);
    for command in ["check", "status", "add", "format"] {
        assert!(commands.contains(&command.to_string()), "{commands:?}");
    }
}

/// Issue 24, item 13: completion offers values, not only commands and flags: the
/// workspace's locales and package ids, and the names of the keys the user trusts — by a
/// real bash sourcing `alliance completions bash`.
#[test]
fn completions_offer_the_workspace_s_locales_packages_and_trusted_keys() {
    let ws = common::sample_workspace();
    let locales = complete_in_bash(ws.path(), &["l10n", "check", "z"]);
    assert_eq!(locales, ["zh-CN", "zh-TW"]);
    let locales = complete_in_bash(ws.path(), &["bundle", "pt"]);
    assert_eq!(locales, ["pt-BR"]);
    let packages = complete_in_bash(ws.path(), &["package", "l"]);
    assert_eq!(packages, ["ledgerline"]);
    let config = tempfile::tempdir().expect("temp dir");
    let publisher = common::signed_workspace();
    let key = publisher.public_key();
    let (code, _, stderr) = common::outcome(
        &common::alliance(ws.path())
            .env("XDG_CONFIG_HOME", config.path())
            .args(["trust", "add", common::arg(&key), "--name", "shop-release"])
            .output()
            .expect("runs"),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let keys = complete_in_bash_with(ws.path(), &["trust", "remove", "sh"], config.path());
    assert_eq!(keys, ["shop-release"]);
}

/// What bash completes for `alliance WORDS…` (the last word being completed) in `dir`,
/// through the script of `alliance completions bash`.
fn complete_in_bash(dir: &Path, words: &[&str]) -> Vec<String> {
    complete_in_bash_with(dir, words, Path::new("/nonexistent/alliance-test-config"))
}

/// [`complete_in_bash`] with the user's configuration folder `config`.
fn complete_in_bash_with(dir: &Path, words: &[&str], config: &Path) -> Vec<String> {
    common::require_tool("bash");
    let bin = Path::new(common::BINARY).parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source <(alliance completions bash)\n\
         COMP_WORDS=(alliance {words}); COMP_CWORD={index}; COMP_TYPE=9\n\
         _clap_complete_alliance alliance {current} {previous}\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        words = quoted.join(" "),
        index = words.len(),
        current = quoted.last().expect("a word"),
        previous = if words.len() > 1 {
            quoted[words.len() - 2].clone()
        } else {
            "alliance".to_string()
        },
    );
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("XDG_CONFIG_HOME", config)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn man_writes_roff_to_stdout_or_one_page_per_command_into_a_folder() {
    let outside = tempfile::tempdir().expect("temp dir");
    let (code, stdout, stderr) = common::run(outside.path(), &["man"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with(".ie") || stdout.contains("\n.TH alliance 1"),
        "{stdout}"
    );
    assert!(stdout.contains(".TH"), "{stdout}");
    assert!(stdout.contains("release"), "{stdout}");

    let (code, stdout, stderr) = common::run(outside.path(), &["man", "--out", "man"]);
    assert_eq!(code, Some(0), "{stderr}");
    let dir = outside.path().join("man");
    for page in [
        "alliance.1",
        "alliance-release.1",
        "alliance-manifest-show.1",
        "alliance-l10n-check.1",
    ] {
        let text =
            std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH"), "{page}:\n{text}");
        assert!(stdout.contains(page), "{stdout}");
    }
}

/// Every command's `--help`, as reviewed: a changed flag, default or example shows up as a
/// snapshot change to review, never silently.
#[test]
fn every_commands_help_is_as_reviewed() {
    let mut all = String::new();
    for (name, mut command) in commands() {
        all.push_str(&format!("===== alliance {name} --help\n"));
        all.push_str(&command.render_long_help().to_string());
        all.push('\n');
    }
    insta::assert_snapshot!("help_of_every_command", all);
}

/// Issue 24, item 13: an example is a whole command on one line, in `--help` (a comment goes
/// on the line above, and the command fits the help's width) and in the manual pages (set
/// line by line, without hyphenation), so that it can be copied. Commands were wrapped
/// mid-way and the man pages hyphenated URLs.
#[test]
fn examples_are_whole_commands_on_one_line() {
    let mut broken = Vec::new();
    for (name, mut command) in commands() {
        let help = command.render_long_help().to_string();
        let Some((_, examples)) = help.split_once("Examples:\n") else {
            continue;
        };
        for line in examples.lines().filter(|l| !l.trim().is_empty()) {
            let whole = line.starts_with("  alliance ") || line.starts_with("  # ");
            if !whole || line.chars().count() > 100 {
                broken.push(format!("alliance {name}: {line:?}"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));

    let outside = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = common::run(outside.path(), &["man", "--out", "man"]);
    assert_eq!(code, Some(0), "{stderr}");
    for page in std::fs::read_dir(outside.path().join("man")).expect("pages") {
        let path = page.expect("page").path();
        let text = std::fs::read_to_string(&path).expect("roff");
        assert!(text.contains("\n.nh\n"), "{}: hyphenated", path.display());
        if text.contains("\nExamples:\n") {
            assert!(
                text.contains("\nExamples:\n.nf\n") && text.contains("\n.fi\n"),
                "{}: examples filled:\n{text}",
                path.display()
            );
        }
    }
}

/// Issue 24, item 13: the manual pages' SYNOPSIS says what each option takes, as `--help`
/// does (it read `[--from]` and `<--prefix>`).
#[test]
fn the_synopsis_shows_what_each_option_takes() {
    let outside = tempfile::tempdir().expect("temp dir");
    let (code, _, stderr) = common::run(outside.path(), &["man", "--out", "man"]);
    assert_eq!(code, Some(0), "{stderr}");
    let page = std::fs::read_to_string(outside.path().join("man/alliance-install.1"))
        .expect("alliance-install.1");
    let synopsis = page
        .split(".SH SYNOPSIS\n")
        .nth(1)
        .and_then(|rest| rest.split("\n.SH ").next())
        .expect("a SYNOPSIS");
    for shown in [
        r"[\fB\-\-from\fR \fIURL\fR]",
        r"\fB\-\-prefix\fR \fIDIR\fR",
        r"[\fB\-\-key\fR \fIPUB\fR]...",
        r"\fIINSTALLER|PACKAGE\fR",
    ] {
        assert!(synopsis.contains(shown), "{shown} in:\n{synopsis}");
    }
    let (_, root, _) = common::run(outside.path(), &["man"]);
    assert!(root.contains(r"\fIWHEN\fR"), "the root page too");
}
