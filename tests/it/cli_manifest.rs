//! The release as a product (issue 6): signed index and checksums, `manifest diff` and
//! `show`, shards built by separate processes and merged byte for byte, `--dry-run`, and
//! the lock against a second run.

use std::path::Path;

use crate::common;
use crate::common::{contents, release, require_tool, run, run_tool, sample_workspace};

#[test]
fn three_shards_built_separately_merge_into_the_single_release_byte_for_byte() {
    let ws = sample_workspace();
    // Each shard is its own process, as on three CI machines.
    for i in 1..=3 {
        let (code, _, stderr) = run(ws.path(), &["release", "--shard", &format!("{i}/3")]);
        assert_eq!(code, Some(0), "{stderr}");
    }
    let dist = ws.path().join("dist");
    let shard_dirs: Vec<String> = (1..=3)
        .map(|i| {
            dist.join(format!("1995.08.shard-{i}-of-3"))
                .display()
                .to_string()
        })
        .collect();
    let sizes: Vec<usize> = shard_dirs
        .iter()
        .map(|d| common::artifacts(Path::new(d)).len())
        .collect();
    assert_eq!(sizes.iter().sum::<usize>(), 16, "{sizes:?}");
    assert!(sizes.iter().all(|&n| n >= 4), "balanced: {sizes:?}");
    let merged = ws.path().join("merged/1995.08");
    let mut args = vec!["manifest", "merge"];
    args.extend(shard_dirs.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().expect("utf-8")]);
    let (code, _, stderr) = run(ws.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    let single = release(ws.path());
    let (a, b) = (contents(&single), contents(&merged));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, sha256) in &a {
        assert!(
            sha256 == &b[name],
            "{} differs between the single release and the merged shards",
            name.display()
        );
    }
}

#[test]
fn merge_refuses_shards_of_different_plans_missing_or_repeated_shards() {
    let ws = sample_workspace();
    for i in 1..=2 {
        assert_eq!(
            run(ws.path(), &["release", "--shard", &format!("{i}/2")]).0,
            Some(0)
        );
    }
    let dist = ws.path().join("dist");
    let one = dist.join("1995.08.shard-1-of-2");
    let two = dist.join("1995.08.shard-2-of-2");
    let out = ws.path().join("merged");
    let merge = |dirs: &[&Path]| {
        let mut args: Vec<String> = vec!["manifest".into(), "merge".into()];
        args.extend(dirs.iter().map(|d| d.display().to_string()));
        args.extend(["--out".into(), out.display().to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(ws.path(), &args)
    };
    let stderr = common::refusal(merge(&[&one]));
    assert!(stderr.contains("shard 2 of 2 is missing"), "{stderr}");
    let stderr = common::refusal(merge(&[&one, &one, &two]));
    assert!(stderr.contains("shard 1 of 2 is given twice"), "{stderr}");
    // Shard 2 rebuilt from changed inputs: another inputs digest.
    let path = ws
        .path()
        .join("packages/ledgerline/files/etc/ledgerline.ini");
    std::fs::write(&path, "[changed]\n").expect("write");
    assert_eq!(run(ws.path(), &["release", "--shard", "2/2"]).0, Some(0));
    let stderr = common::refusal(merge(&[&one, &two]));
    assert!(stderr.contains("another inputs digest"), "{stderr}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn the_index_and_checksums_are_signed_and_every_artifact_lists_its_key() {
    require_tool("minisign");
    let ws = sample_workspace();
    let dir = release(ws.path());
    for file in ["release.yaml", "SHA256SUMS"] {
        let out = run_tool(&dir, "minisign", &["-Vm", file, "-p", "minisign.pub"]);
        assert!(
            out.contains(&format!("file:{file} release:1995.08")),
            "{out}"
        );
    }
    let index = std::fs::read_to_string(dir.join("release.yaml")).expect("index");
    let key_id = index
        .lines()
        .find_map(|l| l.trim().strip_prefix("key_id: "))
        .expect("key id");
    assert_eq!(
        index.matches(&format!("key_id: {key_id}")).count(),
        1 + 16,
        "the release and each artifact"
    );
}

#[test]
fn diff_shows_added_removed_changed_versions_and_coverage() {
    let ws = sample_workspace();
    let old = ws.path().join("old");
    common::copy_tree(&release(ws.path()), &old);
    let path = ws.path().join("packages/ledgerline/package.yaml");
    let text = std::fs::read_to_string(&path).expect("yaml");
    std::fs::write(&path, text.replace("version: 4.2.0", "version: 4.3.0")).expect("write");
    let path = ws.path().join("locales/it/messenger.ftl");
    let mut text = std::fs::read_to_string(&path).expect("ftl");
    text.push_str("lan-scanning = Ricerca di persone sulla rete…\n");
    std::fs::write(&path, text).expect("write");
    let new = release(ws.path());
    let (code, stdout, _) = run(
        ws.path(),
        &[
            "manifest",
            "diff",
            old.to_str().expect("utf-8"),
            new.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, Some(0));
    for line in [
        "  + ledgerline-4.3.0.zip",
        "  - ledgerline-4.2.0.zip",
        "  ~ spark-messenger-3.2.1-it.zip",
        "  version ledgerline: 4.2.0 → 4.3.0",
        "  coverage it 50.3% → 51.0%",
        "1 added, 1 removed, 1 changed",
    ] {
        assert!(stdout.contains(line), "`{line}` missing in:\n{stdout}");
    }
    let (_, json, _) = run(
        ws.path(),
        &[
            "manifest",
            "diff",
            old.join("release.yaml").to_str().expect("utf-8"),
            new.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["versions"]["ledgerline"]["new"], "4.3.0");
    assert_eq!(value["coverage"]["it"]["old"], 50.3);
    let (code, stdout, _) = run(
        ws.path(),
        &[
            "manifest",
            "diff",
            new.to_str().expect("utf-8"),
            new.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, Some(0));
    assert!(stdout.contains("no difference"), "{stdout}");
}

#[test]
fn show_lists_every_artifact() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let (code, stdout, _) = run(
        ws.path(),
        &["manifest", "show", dir.to_str().expect("utf-8")],
    );
    assert_eq!(code, Some(0));
    for name in common::artifacts(&dir) {
        assert!(stdout.contains(&name), "{name} missing:\n{stdout}");
    }
    assert!(stdout.contains("16 artifacts"), "{stdout}");
}

/// The issue: `en-US`, `pt-BR`, `zh-CN` and `zh-TW` pushed the columns after
/// `package/locale` to the right.
#[test]
fn show_aligns_every_column() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let (code, stdout, _) = run(
        ws.path(),
        &["manifest", "show", dir.to_str().expect("utf-8")],
    );
    assert_eq!(code, Some(0));
    let header = stdout
        .lines()
        .find(|l| l.starts_with("artifact "))
        .expect("a header");
    let start = |name: &str| header.find(name).expect("column");
    let end = |name: &str| start(name) + name.len();
    let rows: Vec<&str> = stdout.lines().filter(|l| l.contains(".zip ")).collect();
    assert_eq!(rows.len(), 16, "{stdout}");
    for row in &rows {
        assert!(
            row.get(start("kind")..)
                .is_some_and(|r| r.starts_with("bundle ") || r.starts_with("installer ")),
            "kind:\n{header}\n{row}"
        );
        let what = &row[start("package/locale")..];
        assert!(
            what.starts_with("spark-messenger/") || !what.starts_with(' '),
            "package/locale:\n{header}\n{row}"
        );
        let bytes = end("bytes");
        assert!(
            row[..bytes].ends_with(|c: char| c.is_ascii_digit()) && row[bytes..].starts_with(' ')
                || row.len() == bytes,
            "bytes:\n{header}\n{row}"
        );
    }
    for row in stdout.lines() {
        assert!(!row.ends_with(' '), "trailing spaces:\n{row}|");
    }
    let key = common::key_id(&dir.join("minisign.pub"));
    insta::assert_snapshot!(stdout.replace(&key, "[KEY ID]"));
}

#[test]
fn dry_run_prints_the_plan_and_builds_nothing() {
    let ws = sample_workspace();
    let (code, stdout, _) = run(ws.path(), &["release", "--dry-run"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("16 artifacts planned for release 1995.08")
            && stdout.contains("bundle of spark-messenger in ar"),
        "{stdout}"
    );
    assert!(!ws.path().join("dist").exists());
}

/// The issue: `release --dry-run --shard 2/3` listed all 16 artifacts "into dist/1995.08".
#[test]
fn a_sharded_dry_run_shows_exactly_what_that_shard_builds_and_where() {
    let ws = sample_workspace();
    let (code, stdout, stderr) = run(ws.path(), &["release", "--dry-run", "--shard", "2/3"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!ws.path().join("dist").exists());
    let planned: Vec<String> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("  "))
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect();
    let (code, _, stderr) = run(ws.path(), &["release", "--shard", "2/3"]);
    assert_eq!(code, Some(0), "{stderr}");
    let built = common::artifacts(&ws.path().join("dist/1995.08.shard-2-of-3"));
    assert_eq!(planned, built, "{stdout}");
    // Input sizes change with every translation; the plan's shape is what is read.
    let shape: String = stdout
        .lines()
        .map(|line| match line.rsplit_once(", ") {
            Some((what, size)) if size.ends_with(" bytes of input") => {
                format!("{what}, [N] bytes of input\n")
            }
            _ => format!("{line}\n"),
        })
        .collect();
    insta::assert_snapshot!(shape);
}

#[test]
fn a_second_run_refuses_while_the_first_holds_the_lock() {
    let ws = sample_workspace();
    let dir = ws.path().join("dist/.alliance");
    std::fs::create_dir_all(&dir).expect("dir");
    let lock = std::fs::File::create(dir.join("1995.08.lock")).expect("lock file");
    lock.try_lock().expect("the test takes the lock");
    let (code, _, stderr) = run(ws.path(), &["release"]);
    assert_eq!(code, Some(3), "a held lock has its own exit code: {stderr}");
    assert!(
        stderr.contains("another alliance run is writing")
            && stderr.contains("wait for it to finish"),
        "{stderr}"
    );
    drop(lock);
    assert_eq!(
        run(ws.path(), &["release"]).0,
        Some(0),
        "free again once the lock is released"
    );
}

/// Issue 9, item 12: the lock belongs to the output folder, not to the workspace: two
/// workspaces writing to one shared `output:` never run together.
#[test]
fn two_workspaces_sharing_an_output_folder_share_its_lock() {
    let shared = tempfile::tempdir().expect("temp dir");
    let output = shared.path().join("dist");
    let [a, b] = [sample_workspace(), sample_workspace()];
    for ws in [&a, &b] {
        let config = ws.path().join("alliance.yaml");
        let text = std::fs::read_to_string(&config).expect("config");
        std::fs::write(&config, format!("{text}\noutput: {}\n", output.display())).expect("write");
    }
    assert_eq!(run(a.path(), &["release"]).0, Some(0));
    // Workspace a's run is under way: it holds the output folder's lock.
    let lock = std::fs::File::create(output.join(".alliance/1995.08.lock")).expect("lock file");
    lock.try_lock().expect("the test takes the lock");
    let (code, _, stderr) = run(b.path(), &["release"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stderr.contains("another alliance run is writing"),
        "{stderr}"
    );
}

/// Issue 9, item 10: what a run killed while publishing leaves behind is cleaned by the
/// next run, under the lock.
#[test]
fn the_next_run_cleans_what_a_killed_run_left_in_the_output_folder() {
    let ws = sample_workspace();
    let dist = ws.path().join("dist");
    release(ws.path());
    // Planted as a killed run leaves them: a staging folder, a previous release moved aside
    // (in alliance's own folder, and where older versions put them).
    for leftover in [
        ".alliance/1995.08.staging-Xy12Ab",
        ".alliance/1995.08.previous-4242",
        ".1995.08.staging-Ab34Cd",
    ] {
        std::fs::create_dir_all(dist.join(leftover)).expect("dir");
        std::fs::write(dist.join(leftover).join("big.zip"), vec![0u8; 1 << 20]).expect("write");
    }
    // A channel being written when its run was killed.
    std::fs::write(
        dist.join(".alliance/channel.writing-Ef56Gh"),
        "schema: half",
    )
    .expect("write");
    // Another release's leftovers are not this run's business.
    std::fs::create_dir_all(dist.join(".alliance/1995.09.staging-Zz99Zz")).expect("dir");
    // And real kills at random moments of a run.
    for delay in [5u64, 60, 150, 300, 450] {
        let mut child = common::alliance(ws.path())
            .arg("release")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("runs");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
    }
    release(ws.path());
    let list = |dir: &std::path::Path| {
        let mut left: Vec<String> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        left
    };
    // Issue 24, item 11: the output folder holds the release, its channel and alliance's
    // own folder, nothing else to keep out of an upload.
    assert_eq!(
        list(&dist),
        [
            ".alliance",
            "1995.08",
            "channel.yaml",
            "channel.yaml.minisig"
        ]
    );
    assert_eq!(
        list(&dist.join(".alliance")),
        [".channel.lock", "1995.08.lock", "1995.09.staging-Zz99Zz"],
        "only the locks and another release's files remain"
    );
}

#[test]
fn progress_is_logged_line_by_line_off_a_terminal_with_a_summary() {
    let ws = sample_workspace();
    let (code, stdout, stderr) = run(ws.path(), &["release"]);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("planned 16 artifacts"), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("built ")).count(),
        16,
        "{stderr}"
    );
    assert!(
        stdout.contains("built 16 artifacts (") && stdout.contains(" s, signed by key "),
        "{stdout}"
    );
}

#[test]
fn diff_lists_the_entries_and_the_messages_each_changed_artifact_changed() {
    let ws = sample_workspace();
    let old = ws.path().join("old");
    common::copy_tree(&release(ws.path()), &old);
    // A translator's change: one message changed, one added.
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "presence-away = Abwesend",
        "presence-away = Nicht da",
    );
    let path = ws.path().join("locales/it/messenger.ftl");
    let mut text = std::fs::read_to_string(&path).expect("ftl");
    text.push_str("lan-scanning = Ricerca di persone sulla rete…\n");
    std::fs::write(&path, text).expect("write");
    let new = release(ws.path());
    let (code, stdout, stderr) = run(
        ws.path(),
        &[
            "manifest",
            "diff",
            common::arg(&old),
            common::arg(&new),
            "--format",
            "json",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let changed = value["changed"].as_array().expect("changed");
    let of = |name: &str| {
        changed
            .iter()
            .find(|c| c["artifact"] == name)
            .unwrap_or_else(|| panic!("{name} changed: {stdout}"))
    };
    let de = of("spark-messenger-3.2.1-de.zip");
    assert_eq!(
        de["entries"]["changed"],
        serde_json::json!(["spark-messenger-3.2.1-de/locales/de/messenger.ftl"])
    );
    assert_eq!(
        de["messages"]["de"]["changed"],
        serde_json::json!(["presence-away"])
    );
    let it = of("spark-messenger-3.2.1-it.zip");
    assert_eq!(
        it["messages"]["it"]["added"],
        serde_json::json!(["lan-scanning"])
    );
    assert_eq!(it["messages"]["it"]["changed"], serde_json::json!([]));

    let (_, text, _) = run(
        ws.path(),
        &["manifest", "diff", common::arg(&old), common::arg(&new)],
    );
    assert!(
        text.contains("    ~ spark-messenger-3.2.1-de/locales/de/messenger.ftl")
            && text.contains("    de: ~ presence-away")
            && text.contains("    it: + lan-scanning"),
        "{text}"
    );
}

/// The entries of a zip: (name, unix mode, contents).
type Entries = Vec<(String, u32, Vec<u8>)>;

/// A zip of `entries`, deflated.
fn zip_with_modes(entries: &Entries) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, mode, data) in entries {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(*mode);
        writer.start_file(name.as_str(), options).expect("entry");
        writer.write_all(data).expect("data");
    }
    writer.finish().expect("zip").into_inner()
}

/// Issue 20, item 10: `manifest diff` reads a changed bundle (from a folder whose index
/// may be unsigned) through the hostile-input reader, against the bundle's manifest: an
/// archive that reader refuses (a `..` name, an entry inflating past the size its manifest
/// declares, more entries than allowed) is refused by the diff, naming the file, with
/// nothing of it shown.
#[test]
fn diff_refuses_an_archive_the_hostile_input_reader_refuses() {
    let ws = sample_workspace();
    let old = ws.path().join("old");
    common::copy_tree(&release(ws.path()), &old);
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "presence-away = Abwesend",
        "presence-away = Nicht da",
    );
    let new = release(ws.path());
    let name = "spark-messenger-3.2.1-de.zip";
    let ftl = "spark-messenger-3.2.1-de/locales/de/messenger.ftl";
    let genuine: Entries = common::zip_entries(&new.join(name))
        .into_iter()
        .map(|(name, (mode, data))| (name, mode, data))
        .collect();
    let cases = hostile_bundles(&genuine, ftl);
    let mut failures = Vec::new();
    for (case, bytes, why) in cases {
        std::fs::write(new.join(name), bytes).expect("hostile archive");
        let (code, stdout, stderr) = run(
            ws.path(),
            &["manifest", "diff", common::arg(&old), common::arg(&new)],
        );
        let file = format!("`{}`", new.join(name).display());
        let refused = code == Some(1)
            && stdout.is_empty()
            && stderr.contains(&file)
            && stderr.contains(&why)
            && !stderr.contains("panicked");
        if !refused {
            failures.push(format!(
                "{case}: exit {code:?}, expected 1 naming {file} and `{why}`:\n{stdout}{stderr}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The bundle `genuine` (its entries: name, mode, data) made hostile three ways, each
/// with what the refusal must say: a `..` name on `ftl`, `ftl` as a bomb, too many entries.
fn hostile_bundles(genuine: &Entries, ftl: &str) -> [(&'static str, Vec<u8>, String); 3] {
    let with = |change: &dyn Fn(&mut Entries)| {
        let mut entries = genuine.clone();
        change(&mut entries);
        zip_with_modes(&entries)
    };
    let climbing = with(&|entries| {
        for entry in entries.iter_mut().filter(|e| e.0 == ftl) {
            entry.0 = "spark-messenger-3.2.1-de/locales/de/../de/messenger.ftl".to_string();
        }
    });
    // 8 MB of Fluent that deflates to a few kilobytes, where the manifest says the size of
    // the genuine file.
    let bomb = with(&|entries| {
        for entry in entries.iter_mut().filter(|e| e.0 == ftl) {
            entry.2 = "bomb = Bombe\n".repeat(640_000).into_bytes();
        }
    });
    let crowded = with(&|entries| {
        let padding = alliance::archive::MAX_ENTRIES + 1 - entries.len();
        entries.extend((0..padding).map(|i| {
            (
                format!("spark-messenger-3.2.1-de/pad/{i}"),
                0o644,
                Vec::new(),
            )
        }));
    });
    [
        (
            "a `..` name",
            climbing,
            "`spark-messenger-3.2.1-de/locales/de/../de/messenger.ftl` climbs out of its folder with `..`".to_string(),
        ),
        (
            "a bomb",
            bomb,
            format!("`{ftl}` holds more than the"),
        ),
        (
            "too many entries",
            crowded,
            format!(
                "{} entries, more than the {} allowed",
                alliance::archive::MAX_ENTRIES + 1,
                alliance::archive::MAX_ENTRIES
            ),
        ),
    ]
}
