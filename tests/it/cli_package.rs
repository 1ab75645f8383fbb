//! `alliance package --check` and `init-package` (issue 5): every problem of every
//! `package.yaml` at once, each with file, line and column; a scaffold that passes.

use crate::common;
use crate::common::{alliance, sample_workspace};

#[test]
fn check_reports_every_package_problem_at_once() {
    let ws = sample_workspace();
    let root = ws.path();
    // A second folder claiming an id that is taken.
    common::copy_tree(
        &root.join("packages/bridgeword"),
        &root.join("packages/bridgeword-2"),
    );
    common::edit_file(
        root,
        "packages/ledgerline/package.yaml",
        "homepage:",
        "home_page:",
    );
    common::edit_file(
        root,
        "packages/moatkeeper/package.yaml",
        "targets: [unix, windows]",
        "targets: unix",
    );
    common::edit_file(
        root,
        "packages/bridgeword/package.yaml",
        "\"share/**\"",
        "\"../../secrets/**\"",
    );
    common::edit_file(
        root,
        "packages/quillstone-office/package.yaml",
        "license: LICENSE.txt",
        "license: COPYING.txt",
    );
    common::edit_file(
        root,
        "packages/quillstone-office/package.yaml",
        "exclude: [\"templates/drafts/**\"]",
        "include: [\"fonts/**\"]",
    );
    common::edit_file(
        root,
        "packages/spark-messenger/package.yaml",
        "name_message: package-spark-messenger-name",
        "name_message: spark-nmae",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "/etc/hostname",
        root.join("packages/spark-messenger/files/hostname"),
    )
    .expect("symlink");
    let stderr = common::refused(root, &["package", "--check"]);
    for (place, what) in [
        (
            "packages/ledgerline/package.yaml:12:1",
            "unknown key `home_page`",
        ),
        (
            "packages/bridgeword/package.yaml:16:23",
            "`../../secrets/**` points outside `files/`",
        ),
        (
            "packages/quillstone-office/package.yaml:10:10",
            "licence file `COPYING.txt` does not exist",
        ),
        (
            "packages/quillstone-office/package.yaml:18:13",
            "`fonts/**` matches no file in `files/`",
        ),
        (
            "packages/spark-messenger/package.yaml:4:15",
            "there is no message `spark-nmae` in the reference locale",
        ),
        ("packages/moatkeeper/package.yaml:11:10", "expected a list"),
        (
            "packages/bridgeword-2/package.yaml:2:5",
            "id `bridgeword` differs from its folder `packages/bridgeword-2/`",
        ),
        (
            "packages/bridgeword-2/package.yaml",
            "the id `bridgeword` is also the id of `packages/bridgeword/package.yaml`",
        ),
    ] {
        assert!(
            stderr.contains(place),
            "{place} ({what}) not reported:\n{stderr}"
        );
        assert!(stderr.contains(what), "{what} not reported:\n{stderr}");
    }
    #[cfg(unix)]
    assert!(
        stderr.contains("packages/spark-messenger/files/hostname")
            && stderr.contains("leads outside the package folder"),
        "{stderr}"
    );
    assert!(!root.join("dist").exists(), "--check builds nothing");
}

#[test]
fn check_passes_on_the_sample_and_names_every_package() {
    let ws = sample_workspace();
    let output = alliance(ws.path())
        .args(["package", "--check"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("5 packages checked: no problems"),
        "{stdout}"
    );
}

/// Replaces what `init-package` wrote for the vendor to replace in `packages/word-wizard`.
fn replace_placeholders(root: &std::path::Path) {
    common::edit_file(
        root,
        "packages/word-wizard/package.yaml",
        "Your Company",
        "Wizardry Ltd",
    );
    common::edit_file(
        root,
        "packages/word-wizard/package.yaml",
        "One or two sentences a shop would show.",
        "Spells words.",
    );
    std::fs::write(
        root.join("packages/word-wizard/LICENSE.txt"),
        "MIT License\n",
    )
    .expect("licence");
    std::fs::write(
        root.join("packages/word-wizard/files/README.txt"),
        "Word Wizard casts spells on words.\n",
    )
    .expect("payload");
}

#[test]
fn init_package_scaffolds_a_package_that_passes_the_check_and_builds() {
    let ws = sample_workspace();
    let output = alliance(ws.path())
        .args(["init-package", "word-wizard"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let yaml = std::fs::read_to_string(ws.path().join("packages/word-wizard/package.yaml"))
        .expect("package.yaml");
    assert!(
        yaml.contains("id: word-wizard")
            && yaml.contains("name: Word Wizard")
            && yaml.contains("# "),
        "{yaml}"
    );
    // The scaffold's placeholders fail the check until they are replaced.
    let stderr = common::refused(ws.path(), &["package", "--check"]);
    // Issue 24, item 10: the placeholder payload too, a note to the vendor.
    for placeholder in [
        "`vendor`",
        "`description`",
        "LICENSE.txt",
        "packages/word-wizard/files/README.txt",
    ] {
        assert!(
            stderr.contains(placeholder) && stderr.contains("placeholder"),
            "{placeholder}: {stderr}"
        );
    }
    assert!(
        stderr.contains("packages/word-wizard/package.yaml:5:"),
        "{stderr}"
    );
    replace_placeholders(ws.path());
    let output = alliance(ws.path())
        .args(["package", "--check"])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("6 packages checked: no problems"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = alliance(ws.path())
        .args(["package", "word-wizard"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        common::artifacts(&ws.path().join("dist/1995.08")),
        ["word-wizard-0.1.0.zip"]
    );

    for (id, expected) in [
        ("word-wizard", "already exists"),
        ("Word_Wizard", "is not a valid package id"),
    ] {
        let stderr = common::refused(ws.path(), &["init-package", id]);
        assert!(stderr.contains(expected), "{id}: {stderr}");
    }
    let stderr = common::refused(ws.path(), &["package", "ledgerlin"]);
    assert!(stderr.contains("did you mean `ledgerline`?"), "{stderr}");
}

/// Issue 9, items 7 and 9: payload names that would install differently on another system
/// are refused before they are ever signed.
#[test]
fn check_refuses_payload_names_that_differ_on_other_systems() {
    let ws = sample_workspace();
    let files = ws.path().join("packages/ledgerline/files");
    for name in [
        "CONIN$",
        "LPT\u{b3}.txt",
        "CON .txt",
        "set\u{200b}up.exe",
        "Data",
    ] {
        std::fs::write(files.join(name), "x").expect("write");
    }
    std::fs::write(files.join("data.txt"), "x").expect("write");
    std::fs::write(files.join("DATA.txt"), "x").expect("write");
    let stderr = common::refused(ws.path(), &["package", "--check"]);
    for (name, why) in [
        ("CONIN$", "device name reserved on Windows"),
        ("LPT\u{b3}.txt", "device name reserved on Windows"),
        ("CON .txt", "device name reserved on Windows"),
        ("set\u{200b}up.exe", "U+200B"),
        ("DATA.txt", "differ only in case"),
        ("Data", "both a file and a folder"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&name.escape_default().to_string()) || l.contains(name))
                && stderr.contains(why),
            "{name}: {why}:\n{stderr}"
        );
    }
}

#[test]
fn every_mistake_of_one_package_yaml_is_reported_in_one_run() {
    let ws = sample_workspace();
    let root = ws.path();
    let file = "packages/ledgerline/package.yaml";
    common::edit_file(
        root,
        file,
        "vendor: Abacus Row Software",
        "vendr: Abacus Row Software",
    );
    common::edit_file(root, file, "targets: [unix, windows]", "targets: [linux]");
    common::edit_file(root, file, "version: 4.2.0", "version: 4.2");
    common::edit_file(root, file, "license: LICENSE.txt", "license: COPYING.txt");
    common::edit_file(
        root,
        file,
        "exclude: [\"**/*.bak\", \"**/*~\"]",
        "exclude: [\"../**\"]",
    );
    // Issue 24, item 6: a key written twice (here and inside `files:`) no longer hides
    // every other mistake.
    common::edit_file(root, file, "homepage:", "name: Again\nhomepage:");
    common::edit_file(root, file, "exclude: [", "include: [\"**\"]\n  exclude: [");
    let stderr = common::refused(root, &["package", "--check"]);
    for expected in [
        "`name` is written twice",
        "`include` is written twice",
        "unknown key `vendr`",
        "did you mean `vendor`?",
        "`vendor` is missing",
        "`linux` is not a target",
        "`4.2` is not a semantic version",
        "licence file `COPYING.txt` does not exist",
        "`../**`",
    ] {
        assert!(stderr.contains(expected), "{expected}:\n{stderr}");
    }
    assert!(
        stderr.contains(&format!("{file}:14:")),
        "targets at its line: {stderr}"
    );
}

#[test]
fn a_duplicate_key_and_an_oversized_file_are_told_in_our_words() {
    let ws = sample_workspace();
    let root = ws.path();
    let file = "packages/ledgerline/package.yaml";
    common::edit_file(
        root,
        file,
        "version: 4.2.0",
        "version: 4.2.0\nversion: 4.3.0",
    );
    let stderr = common::refused(root, &["package", "--check"]);
    assert!(
        stderr.contains("`version` is written twice") && !stderr.contains("DuplicateKeyPolicy"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{file}:7:")), "{stderr}");

    common::edit_file(
        root,
        file,
        "version: 4.2.0\nversion: 4.3.0",
        "version: 4.2.0",
    );
    let many: String = "  - l\n".repeat(260_000);
    common::edit_file(
        root,
        file,
        "locales: [en-US, zh-CN]",
        &format!("locales:\n{many}"),
    );
    let stderr = common::refused(root, &["package", "--check"]);
    assert!(
        stderr.contains("too large") && !stderr.contains("budget breached"),
        "{stderr}"
    );
}

/// Issue 24, item 13: a vendor whose name ends with a period ("… Inc.") is not followed by a
/// second one where a sentence ends with the name.
#[test]
fn a_vendor_name_ending_in_a_period_gets_no_second_one() {
    let ws = sample_workspace();
    common::edit_file(
        ws.path(),
        "packages/ledgerline/package.yaml",
        "vendor: Abacus Row Software",
        "vendor: Abacus Row Software Inc.",
    );
    let output = alliance(ws.path())
        .args(["package", "ledgerline"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let texts = common::zip_texts(&ws.path().join("dist/1995.08/ledgerline-4.2.0.zip"));
    for (name, text) in &texts {
        assert!(!text.contains("Inc.."), "{name}:\n{text}");
    }
    assert!(
        texts["ledgerline-4.2.0/README.txt"].contains("contact Abacus Row Software Inc."),
        "{}",
        texts["ledgerline-4.2.0/README.txt"]
    );
}

/// Issue 24, item 2: `files.config` names the configuration files; the signed manifest
/// lists them as they install, and a glob that names no payload file is told at its place.
#[test]
fn configuration_files_are_declared_checked_and_listed_in_the_manifest() {
    let ws = sample_workspace();
    let root = ws.path();
    let file = "packages/ledgerline/package.yaml";
    common::edit_file(
        root,
        file,
        "config: [\"etc/*.ini\"]",
        "config: [\"etc/*.ini\", \"etc/*.cfg\"]",
    );
    let stderr = common::refused(root, &["package", "--check"]);
    assert!(
        stderr.contains("`etc/*.cfg` matches no payload file")
            && stderr.contains(&format!("{file}:23:")),
        "{stderr}"
    );
    common::edit_file(
        root,
        file,
        "config: [\"etc/*.ini\", \"etc/*.cfg\"]",
        "config: [\"etc/*.ini\"]",
    );
    let output = alliance(root)
        .args(["package", "ledgerline"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let manifest =
        std::fs::read_to_string(root.join("dist/1995.08/ledgerline-4.2.0.manifest.yaml"))
            .expect("manifest");
    assert!(
        manifest.contains("config:\n- etc/ledgerline.ini\n"),
        "{manifest}"
    );
}
