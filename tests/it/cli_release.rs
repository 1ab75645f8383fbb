//! End-to-end tests of `alliance release` on a copy of the sample workspace (issue 2).

use std::collections::BTreeMap;
use std::path::Path;

use alliance::manifest::{ArtifactKind, ArtifactManifest, ReleaseIndex};

use crate::common;
use crate::common::{alliance, artifacts, release, require_tool, run_tool, sample_workspace};

use crate::common::sha256;

fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).expect("manifest exists");
    serde_saphyr::from_str(&text).expect("manifest parses")
}

/// The reference's Fluent files (not its `l10n-texts.lock`), relative to its folder.
fn reference_files(root: &Path) -> Vec<String> {
    let base = root.join("locales/en-US");
    let mut files = Vec::new();
    let mut dirs = vec![base.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "ftl") {
                let rel = path.strip_prefix(&base).expect("inside");
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}

fn locale_tags(root: &Path) -> Vec<String> {
    let mut tags: Vec<String> = std::fs::read_dir(root.join("locales"))
        .expect("locales")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    tags.sort();
    tags
}

#[test]
fn release_builds_one_installer_per_vendor_and_one_bundle_per_locale() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let mut expected = vec![
        "bridgeword-0.9.1.zip".to_string(),
        "ledgerline-4.2.0.zip".to_string(),
        "moatkeeper-7.0.3.zip".to_string(),
        "quillstone-office-2024.3.1.zip".to_string(),
    ];
    for tag in locale_tags(ws.path()) {
        expected.push(format!("spark-messenger-3.2.1-{tag}.zip"));
    }
    expected.sort();
    assert_eq!(artifacts(&dir), expected);
    assert!(expected.len() >= 6, "four vendors and at least two locales");
}

#[test]
fn manifests_signatures_and_checksums_describe_every_artifact_exactly() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let index: ReleaseIndex = read_yaml(&dir.join("release.yaml"));
    assert_eq!(index.schema, "alliance.release/3");
    assert_eq!(index.release, "1995.08");
    assert_eq!(index.source_date_epoch, 809_222_400);
    // The sequence defaults to the time stamp; nothing expires unless asked.
    assert_eq!(index.sequence, 809_222_400);
    assert_eq!(index.expires, None);
    assert_eq!(
        index.artifacts.keys().cloned().collect::<Vec<_>>(),
        artifacts(&dir)
    );
    let public_key = std::fs::read_to_string(dir.join(&index.public_key)).expect("public key");
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).expect("checksums");

    for (name, entry) in &index.artifacts {
        let bytes = std::fs::read(dir.join(name)).expect("artifact");
        assert_eq!(entry.size, bytes.len() as u64, "{name}");
        assert_eq!(entry.sha256, sha256(&bytes), "{name}");
        assert!(
            sums.contains(&format!("{}  {name}\n", entry.sha256)),
            "{name} in SHA256SUMS"
        );

        let manifest: ArtifactManifest = read_yaml(&dir.join(&entry.manifest));
        assert_eq!(manifest.schema, "alliance.artifact/2");
        assert_eq!(&manifest.name, name);
        assert_eq!(
            (manifest.size, &manifest.sha256),
            (entry.size, &entry.sha256)
        );
        assert_eq!(manifest.kind, entry.kind);
        assert_eq!(
            manifest.locale.is_some(),
            entry.kind == ArtifactKind::Bundle
        );
        assert_eq!(manifest.signed_by, index.signed_by);

        let inside = common::zip_entries(&dir.join(name));
        let listed: BTreeMap<String, (u64, String, String)> = manifest
            .files
            .iter()
            .map(|f| {
                (
                    f.path.clone(),
                    (f.size, f.sha256.clone(), format!("{:04o}", f.mode)),
                )
            })
            .collect();
        let actual: BTreeMap<String, (u64, String, String)> = inside
            .iter()
            .map(|(path, (mode, data))| {
                (
                    path.clone(),
                    (data.len() as u64, sha256(data), format!("{mode:04o}")),
                )
            })
            .collect();
        assert_eq!(
            listed, actual,
            "the manifest of {name} lists exactly its entries"
        );

        let signature = std::fs::read_to_string(dir.join(&entry.signature)).expect("signature");
        let comment =
            alliance::sign::verify(&public_key, &signature, &bytes).expect("signature verifies");
        assert_eq!(
            comment,
            format!(
                "file:{name} release:1995.08 sha256:{} key:development",
                entry.sha256
            )
        );
    }
}

#[test]
fn installers_carry_payload_licence_and_rendered_scripts() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let entries = common::zip_entries(&dir.join("ledgerline-4.2.0.zip"));
    let top = "ledgerline-4.2.0";
    let (mode, script) = &entries[&format!("{top}/install.sh")];
    assert_eq!(*mode, 0o755);
    let script = String::from_utf8_lossy(script);
    assert!(script.starts_with("#!/bin/sh\n"));
    assert!(script.contains(
        "install_file 'files/data/chart-of-accounts.csv' 'data/chart-of-accounts.csv' 0644"
    ));
    assert!(script.contains("prefix='/opt/ledgerline'"));
    let cmd = String::from_utf8_lossy(&entries[&format!("{top}/install.cmd")].1).into_owned();
    assert!(
        cmd.contains("call :install \"files\\data\\chart-of-accounts.csv\" \"data\\chart-of-accounts.csv\" || goto failed\r\n"),
        "{cmd}"
    );
    assert!(
        !cmd.replace("\r\n", "").contains('\n'),
        "install.cmd has CRLF line ends only"
    );
    let readme = String::from_utf8_lossy(&entries[&format!("{top}/README.txt")].1).into_owned();
    assert!(readme.starts_with("Ledgerline Accounts 4.2.0\n"));
    // Issue 24, item 5: with the publisher's key the user got elsewhere, never the copy
    // served beside the file; the checksum line skips the artifacts not downloaded.
    assert!(readme.contains("minisign -Vm ledgerline-4.2.0.zip -p PUBLISHER.pub"));
    assert!(readme.contains("sha256sum -c --ignore-missing SHA256SUMS"));
    let page = std::fs::read_to_string(dir.join("index.html")).expect("page");
    assert!(
        page.contains("-p PUBLISHER.pub") && !page.contains("-p minisign.pub"),
        "{page}"
    );
    assert!(page.contains("compare its key id"), "{page}");
    let source = std::fs::read(
        ws.path()
            .join("packages/ledgerline/files/data/tax-codes.tsv"),
    )
    .expect("payload");
    assert_eq!(
        entries[&format!("{top}/files/data/tax-codes.tsv")].1,
        source
    );
    assert_eq!(entries[&format!("{top}/files/bin/ledgerline")].0, 0o755);
    assert!(entries.contains_key(&format!("{top}/LICENSE.txt")));
    assert!(
        !entries.keys().any(|k| k.ends_with(".bak")),
        "`exclude: [\"**/*.bak\"]` keeps notes.bak out"
    );

    // A unix-only package gets no Windows script.
    let dictionary = common::zip_entries(&dir.join("bridgeword-0.9.1.zip"));
    assert!(dictionary.contains_key("bridgeword-0.9.1/install.sh"));
    assert!(!dictionary.contains_key("bridgeword-0.9.1/install.cmd"));
}

#[test]
fn bundles_carry_the_messenger_and_exactly_their_locale() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    for tag in locale_tags(ws.path()) {
        let top = format!("spark-messenger-3.2.1-{tag}");
        let entries = common::zip_entries(&dir.join(format!("{top}.zip")));
        assert!(entries.contains_key(&format!("{top}/files/bin/spark")));
        assert!(entries.contains_key(&format!("{top}/install.sh")));
        let readme = String::from_utf8_lossy(&entries[&format!("{top}/README.txt")].1).into_owned();
        assert!(
            readme.contains(&format!("locales/{tag}/")),
            "the bundle README is the bundle's own"
        );
        let mut resources: Vec<&str> = entries
            .keys()
            .filter_map(|k| k.strip_prefix(&format!("{top}/locales/")))
            .collect();
        resources.sort_unstable();
        // One file per reference file (`shared/brand.ftl` keeps its folder).
        let mut expected: Vec<String> = reference_files(ws.path())
            .iter()
            .map(|f| format!("{tag}/{f}"))
            .collect();
        expected.sort_unstable();
        assert!(
            expected.contains(&format!("{tag}/shared/brand.ftl")),
            "{expected:?}"
        );
        assert_eq!(
            resources, expected,
            "{tag}: only its own resources, nested folders kept"
        );
        // Compact: the translation without its comments (issue 4 checks the content).
        let shipped =
            String::from_utf8_lossy(&entries[&format!("{top}/locales/{tag}/messenger.ftl")].1)
                .into_owned();
        assert!(
            !shipped.lines().any(|l| l.starts_with('#') || l.is_empty()),
            "{tag}: no comments or blank lines"
        );
    }
}

#[test]
fn artifacts_pass_minisign_unzip_and_sha256sum() {
    require_tool("minisign");
    require_tool("unzip");
    require_tool("sha256sum");
    let ws = sample_workspace();
    let dir = release(ws.path());
    for name in artifacts(&dir) {
        let out = run_tool(&dir, "minisign", &["-Vm", &name, "-p", "minisign.pub"]);
        assert!(
            out.contains(&format!("file:{name} release:1995.08")),
            "{out}"
        );
        let out = run_tool(&dir, "unzip", &["-t", &name]);
        assert!(out.contains("No errors detected"), "{out}");
    }
    let out = run_tool(&dir, "sha256sum", &["-c", "SHA256SUMS"]);
    assert_eq!(
        out.lines().filter(|l| l.ends_with(": OK")).count(),
        artifacts(&dir).len(),
        "{out}"
    );
}

#[test]
fn same_inputs_give_byte_identical_artifacts_even_in_another_checkout() {
    let first = sample_workspace();
    let second = sample_workspace();
    let a = release(first.path());
    let b = release(second.path());
    let again = release(first.path());
    assert_eq!(
        std::fs::read(a.join("SHA256SUMS")).expect("sums"),
        std::fs::read(b.join("SHA256SUMS")).expect("sums")
    );
    for name in artifacts(&a) {
        let bytes = std::fs::read(a.join(&name)).expect("artifact");
        assert_eq!(
            bytes,
            std::fs::read(b.join(&name)).expect("artifact"),
            "{name}"
        );
        assert_eq!(
            bytes,
            std::fs::read(again.join(&name)).expect("artifact"),
            "{name}"
        );
    }
    // Every entry carries SOURCE_DATE_EPOCH (1995-08-24 00:00:00 UTC) as its time stamp.
    let file = std::fs::File::open(a.join("ledgerline-4.2.0.zip")).expect("zip");
    let mut archive = zip::ZipArchive::new(file).expect("zip");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        let t = entry.last_modified().expect("time stamp");
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (1995, 8, 24, 0, 0),
            "{:?}",
            entry.name()
        );
    }
}

#[test]
fn another_source_date_epoch_changes_the_bytes() {
    let ws = sample_workspace();
    let a = std::fs::read(release(ws.path()).join("ledgerline-4.2.0.zip")).expect("artifact");
    let status = alliance(ws.path())
        .arg("release")
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .status()
        .expect("runs");
    assert!(status.success());
    let b = std::fs::read(ws.path().join("dist/1995.08/ledgerline-4.2.0.zip")).expect("artifact");
    assert_ne!(a, b);
}

#[test]
fn development_key_is_announced_kept_out_of_dist_and_its_public_key_published() {
    let ws = sample_workspace();
    let output = alliance(ws.path()).arg("release").output().expect("runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: signed with a DEVELOPMENT key"),
        "{stderr}"
    );
    let secret =
        std::fs::read_to_string(ws.path().join(".alliance/dev-signing.key")).expect("dev key kept");
    let secret_line = secret.lines().nth(1).expect("key line");
    let dir = ws.path().join("dist/1995.08");
    for entry in std::fs::read_dir(&dir).expect("dist") {
        let data = std::fs::read(entry.expect("entry").path()).expect("file");
        assert!(
            !String::from_utf8_lossy(&data).contains(secret_line),
            "no secret key material in dist/"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("minisign.pub")).expect("published"),
        std::fs::read_to_string(ws.path().join(".alliance/dev-signing.pub"))
            .expect("dev public key")
    );
    let index: ReleaseIndex = read_yaml(&dir.join("release.yaml"));
    assert!(index.signed_by.development);
    let gitignore = std::fs::read_to_string(common::repo().join(".gitignore")).expect(".gitignore");
    assert!(
        gitignore.lines().any(|l| l == "/.alliance"),
        "development keys are never committed"
    );
}

#[test]
fn a_configured_key_signs_the_release_and_a_wrong_password_is_a_clear_error() {
    let ws = sample_workspace();
    let pair =
        minisign::KeyPair::generate_encrypted_keypair(Some("correct horse".into())).expect("key");
    // Outside the workspace, where keys belong (one inside is refused).
    let keys = tempfile::tempdir().expect("temp dir");
    let key_path = keys.path().join("release.key");
    std::fs::write(&key_path, pair.sk.to_box(None).expect("box").to_string()).expect("write key");
    let public = pair.pk.to_box().expect("box").to_string();

    let output = common::release_with_key(ws.path(), &key_path, "wrong");
    let stderr = common::refusal(common::outcome(&output));
    assert!(
        stderr.contains("cannot unlock the secret key") && stderr.contains("ALLIANCE_KEY_PASSWORD"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong"), "the password is never printed");
    assert!(!ws.path().join("dist").exists(), "nothing written");

    let output = common::release_with_key(ws.path(), &key_path, "correct horse");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("DEVELOPMENT"));
    let dir = ws.path().join("dist/1995.08");
    let index: ReleaseIndex = read_yaml(&dir.join("release.yaml"));
    assert!(!index.signed_by.development);
    assert_eq!(
        std::fs::read_to_string(dir.join("minisign.pub")).expect("public key"),
        public
    );
    for name in artifacts(&dir) {
        let bytes = std::fs::read(dir.join(&name)).expect("artifact");
        let signature = std::fs::read_to_string(dir.join(format!("{name}.minisig"))).expect("sig");
        let comment = alliance::sign::verify(&public, &signature, &bytes)
            .expect("verifies with the configured key");
        assert!(!comment.contains("development"));
    }
}

#[test]
fn a_failed_release_leaves_the_previous_one_untouched_and_a_new_one_replaces_it_whole() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let before = common::contents(&dir);

    let template = ws.path().join("templates/installer/common/README.txt.tera");
    let good = std::fs::read_to_string(&template).expect("template");
    std::fs::write(
        &template,
        format!("{good}{{{{ package.no_such_field }}}}\n"),
    )
    .expect("break template");
    common::refused(ws.path(), &["release"]);
    let after = common::contents(&dir);
    assert_eq!(before, after, "the previous release is untouched");

    std::fs::write(&template, good).expect("repair template");
    std::fs::write(dir.join("stale.txt"), "left over").expect("stale file");
    release(ws.path());
    assert!(
        !dir.join("stale.txt").exists(),
        "the new release replaces the folder as a whole"
    );
    let mut leftovers: Vec<String> = std::fs::read_dir(ws.path().join("dist"))
        .expect("dist")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        [
            ".alliance",
            "1995.08",
            "channel.yaml",
            "channel.yaml.minisig"
        ]
    );
    let mut work: Vec<String> = std::fs::read_dir(ws.path().join("dist/.alliance"))
        .expect(".alliance")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    work.sort();
    assert_eq!(
        work,
        [".channel.lock", "1995.08.lock"],
        "no staging folder or spool is left behind, only the locks"
    );
}

#[test]
fn the_two_line_configuration_is_enough() {
    let ws = sample_workspace();
    std::fs::write(
        ws.path().join("alliance.yaml"),
        "release: \"1995.08\"\nreference_locale: en-US\n",
    )
    .expect("write");
    let dir = release(ws.path());
    assert!(dir.join("release.yaml").is_file());
}

#[test]
fn a_key_made_by_the_stock_minisign_tool_signs_a_release_it_verifies() {
    require_tool("minisign");
    let ws = sample_workspace();
    let keys = tempfile::tempdir().expect("temp dir");
    let (secret, public) = (
        keys.path().join("release.key"),
        keys.path().join("release.pub"),
    );
    let mut child = std::process::Command::new("minisign")
        .args(["-G", "-p"])
        .arg(&public)
        .arg("-s")
        .arg(&secret)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("minisign runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"s3cret words\ns3cret words\n")
            .expect("password");
    }
    assert!(
        child.wait().expect("minisign ends").success(),
        "minisign -G"
    );
    let output = common::release_with_key(ws.path(), &secret, "s3cret words");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = ws.path().join("dist/1995.08");
    let public = public.to_string_lossy().into_owned();
    for name in artifacts(&dir) {
        let out = run_tool(&dir, "minisign", &["-Vm", &name, "-p", &public]);
        assert!(
            out.contains(&format!("file:{name} release:1995.08 sha256:")),
            "{out}"
        );
        assert!(!out.contains("key:development"), "{out}");
    }
}

/// Keys issue, item 8: a key made by `minisign -G -W` (no password, and the tool leaves its
/// checksum zero) was reported as "needs its password"; it signs like any other key.
#[test]
fn an_unencrypted_key_made_by_the_stock_minisign_tool_signs_without_a_password() {
    require_tool("minisign");
    let ws = sample_workspace();
    let keys = tempfile::tempdir().expect("temp dir");
    run_tool(
        keys.path(),
        "minisign",
        &["-G", "-W", "-p", "pub", "-s", "sec"],
    );
    let secret = keys.path().join("sec");
    let output = common::alliance(ws.path())
        .args(["release", "--secret-key"])
        .arg(&secret)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = ws.path().join("dist/1995.08");
    let index: ReleaseIndex = read_yaml(&dir.join("release.yaml"));
    assert!(!index.signed_by.development);
    let public = keys.path().join("pub").to_string_lossy().into_owned();
    for name in artifacts(&dir) {
        let out = run_tool(&dir, "minisign", &["-Vm", &name, "-p", &public]);
        assert!(
            out.contains(&format!("file:{name} release:1995.08 sha256:")),
            "{out}"
        );
    }
}

/// Translators' issue, item 3: a release, and a partial run of real locales or vendor
/// packages, leave `dist/<release>-pseudo/` as it was; a run of both real and pseudo-locales
/// puts each into its own folder.
#[test]
fn release_runs_never_touch_the_pseudo_locales_folder() {
    let ws = sample_workspace();
    let output = alliance(ws.path())
        .args(["bundle", "it", "--pseudo", "bidi"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let dir = ws.path().join("dist/1995.08");
    let pseudo = ws.path().join("dist/1995.08-pseudo");
    assert_eq!(artifacts(&dir), ["spark-messenger-3.2.1-it.zip"]);
    assert_eq!(artifacts(&pseudo), ["spark-messenger-3.2.1-ar-XB.zip"]);
    let index: ReleaseIndex = read_yaml(&dir.join("release.yaml"));
    assert_eq!(
        index.artifacts.keys().collect::<Vec<_>>(),
        ["spark-messenger-3.2.1-it.zip"]
    );
    let before = common::contents(&pseudo);
    #[cfg(unix)]
    let folder = common::identity(&pseudo);
    for args in [
        &["release"][..],
        &["bundle", "de"],
        &["package", "ledgerline"],
    ] {
        let output = alliance(ws.path()).args(args).output().expect("runs");
        common::assert_success(&output);
        assert_eq!(common::contents(&pseudo), before, "{args:?}");
        #[cfg(unix)]
        assert_eq!(common::identity(&pseudo), folder, "{args:?}");
    }
    assert!(!artifacts(&dir).iter().any(|a| a.contains("-XB")));
}

/// Issue 20, item 12: the sequence never saturates. `u64::MAX` leaves no room for a later
/// release (clients never accept a sequence going down), so it is refused, given with
/// `--sequence` or reached by the automatic one-above-the-others; nothing is published.
#[test]
fn a_sequence_that_leaves_no_room_for_a_later_release_is_refused() {
    let ws = sample_workspace();
    let root = ws.path();
    let stderr = common::refused(root, &["release", "--sequence", "18446744073709551615"]);
    assert!(
        stderr.contains("`--sequence 18446744073709551615` is the largest sequence there is")
            && stderr.contains("choose a smaller --sequence"),
        "{stderr}"
    );
    assert!(!root.join("dist/1995.08").exists(), "nothing is published");
    // One below leaves room for one more release.
    let output = alliance(root)
        .args(["release", "--sequence", "18446744073709551614"])
        .output()
        .expect("runs");
    common::assert_success(&output);

    // The next release would be numbered 18446744073709551615.
    common::edit_file(
        root,
        "alliance.yaml",
        "release: \"1995.08\"",
        "release: \"1995.09\"",
    );
    let stderr = common::refused(root, &["release"]);
    assert!(
        stderr.contains("this release would get sequence 18446744073709551615")
            && stderr.contains("dist/1995.08/release.yaml")
            && stderr.contains("give this release a smaller --sequence"),
        "{stderr}"
    );
    assert!(!root.join("dist/1995.09").exists(), "nothing is published");

    // An index at the largest sequence (as an earlier alliance wrote it): one above it
    // does not exist.
    common::edit_file(
        root,
        "dist/1995.08/release.yaml",
        "sequence: 18446744073709551614",
        "sequence: 18446744073709551615",
    );
    let stderr = common::refused(root, &["release"]);
    assert!(
        stderr.contains(
            "`dist/1995.08/release.yaml` has sequence 18446744073709551615, the largest there is"
        ) && stderr.contains("move `dist/1995.08` out of the output folder"),
        "{stderr}"
    );
    // Nor does a rebuild of that release keep it.
    common::edit_file(
        root,
        "alliance.yaml",
        "release: \"1995.09\"",
        "release: \"1995.08\"",
    );
    let stderr = common::refused(root, &["release"]);
    assert!(
        stderr.contains("which a rebuild of release `1995.08` keeps"),
        "{stderr}"
    );
    // A sequence given goes through.
    let output = alliance(root)
        .args(["release", "--sequence", "809222401"])
        .output()
        .expect("runs");
    common::assert_success(&output);
}

/// Issue 24, item 13: a run whose artifacts all come from the build cache says so (it said
/// "built 16 artifacts"), and the last lines name the download page and how to check it.
#[test]
fn the_summary_says_what_came_from_the_cache_and_where_the_page_is() {
    let ws = sample_workspace();
    let run = || {
        let output = alliance(ws.path()).arg("release").output().expect("runs");
        common::assert_success(&output);
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let first = run();
    assert!(first.contains("built 16 artifacts ("), "{first}");
    let second = run();
    assert!(
        second.contains("built 16 artifacts, all from the cache ("),
        "{second}"
    );
    assert!(
        second.contains("download page: dist/1995.08/index.html"),
        "{second}"
    );
    assert!(
        second.contains("alliance verify --allow-dev dist/1995.08"),
        "{second}"
    );
}

/// Issue 31 (a dead end of the README's first command): the command a release prints to
/// check it passes as printed, signed with the workspace's development key (the sample:
/// `verify` trusts that key only when asked, `--allow-dev`; the line said
/// `alliance verify dist/1995.08`, which failed with "no trusted public key") or with a
/// release key of the workspace's `keys/` (no `--allow-dev` then).
#[test]
fn the_command_a_release_prints_to_check_it_passes_as_printed() {
    let sample = sample_workspace();
    let output = alliance(sample.path())
        .arg("release")
        .output()
        .expect("runs");
    the_printed_check_passes(sample.path(), &output, true);
    let signed = common::SignedWorkspace::new(common::ReleaseKey::Shop);
    let output = signed.try_release(&[]);
    the_printed_check_passes(signed.path(), &output, false);
}

/// Runs the `check it:` command of a release's `output` in workspace `root`, asserting that
/// it passes and asks for `--allow-dev` exactly when the release was signed with the
/// development key (`dev`).
fn the_printed_check_passes(root: &Path, output: &std::process::Output, dev: bool) {
    common::assert_success(output);
    let said = String::from_utf8(output.stdout.clone()).expect("utf-8");
    let line = said
        .lines()
        .find_map(|l| l.trim().strip_prefix("check it: "))
        .unwrap_or_else(|| panic!("no `check it:` line: {said}"));
    let command = line.split(" (").next().unwrap_or(line);
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"alliance"), "{line}");
    assert_eq!(words.contains(&"--allow-dev"), dev, "{line}");
    let checked = alliance(root).args(&words[1..]).output().expect("runs");
    assert!(
        checked.status.success(),
        "`{command}` failed:\n{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// Issue 24, item 13: the password prompt of an encrypted key starts on a line of its own,
/// not after the progress bar drawn on the terminal (run under a pseudo-terminal by
/// `script`, the password typed on it).
#[test]
fn the_password_prompt_is_not_printed_on_the_progress_line() {
    let ws = common::SignedWorkspace::new(common::ReleaseKey::Encrypted);
    let key = ws.secret_key();
    let typed = format!("{}\n", common::PASSWORD);
    let (ok, shown) = common::on_a_terminal(
        ws.path(),
        &["package", "ledgerline", "--secret-key", common::arg(&key)],
        Some(&typed),
    );
    assert!(ok, "{shown}");
    let at = shown.find("assword").expect("a password prompt");
    let before = &shown[..at];
    let line = before.rsplit('\n').next().unwrap_or_default();
    assert!(
        !line.contains("checking translations") && !line.contains(" B/"),
        "the prompt shares a line with the progress bar: {line:?}\n{shown}"
    );
}
