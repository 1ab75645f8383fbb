//! The README's sample outputs are the tool's own: each block between
//! `<!-- generated: NAME -->` and `<!-- end: NAME -->` is compared with what the tool prints
//! on the sample workspace today. `UPDATE_README=1 cargo test --test it readme::` rewrites the
//! blocks that differ (never edit them by hand).

use std::fmt::Write as _;

use alliance::manifest::{ArtifactManifest, ReleaseIndex};

use crate::common::{release, repo, run, sample_workspace};

/// Compares the README block `name` with `expected`; rewrites it with `UPDATE_README=1`.
fn check_block(name: &str, expected: &str) {
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start_marker = format!("<!-- generated: {name} -->\n");
    let end_marker = format!("<!-- end: {name} -->");
    let start = readme
        .find(&start_marker)
        .unwrap_or_else(|| panic!("README.md has no `{start_marker}`"))
        + start_marker.len();
    let end = start
        + readme[start..]
            .find(&end_marker)
            .unwrap_or_else(|| panic!("README.md has no `{end_marker}`"));
    if readme[start..end] == *expected {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    panic!(
        "the README's `{name}` block is not what the tool prints today; run \
         `UPDATE_README=1 cargo test --test it readme::`.\n--- README ---\n{}\n--- tool ---\n{expected}",
        &readme[start..end]
    );
}

/// `12345` as `12,345`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Issue 31: the README's table of outside tools is `tests/tools.txt`, the list `./test`
/// installs from and the tests name.
#[test]
fn the_tools_table_is_the_list_the_tests_install_from() {
    let mut table = String::from("| tool | installed from | what for (tests) |\n|---|---|---|\n");
    for (tool, install, purpose) in crate::common::tools() {
        let tool = tool
            .strip_prefix("venv:")
            .or_else(|| tool.strip_prefix("python3:"))
            .unwrap_or(&tool)
            .to_string();
        let from = if install.contains("==") {
            format!("pip `{install}`")
        } else {
            format!("apt `{install}`")
        };
        writeln!(table, "| `{tool}` | {from} | {purpose} |").expect("write");
    }
    check_block("tools", &table);
}

#[test]
fn the_status_sample_is_the_output_of_l10n_status() {
    let ws = sample_workspace();
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "status"]);
    assert_eq!(code, Some(0), "{stderr}");
    check_block("l10n status", &format!("```\n{stdout}```\n"));
}

#[test]
fn the_bundle_table_is_the_sample_release() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let index: ReleaseIndex =
        serde_saphyr::from_str(&std::fs::read_to_string(dir.join("release.yaml")).expect("index"))
            .expect("parses");
    let mut table = String::from(
        "| locale | bytes | translated | chain | direction |\n|---|---:|---:|---|---|\n",
    );
    let mut largest = (0, String::new());
    for entry in index.artifacts.values() {
        let Some(locale) = &entry.locale else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join(&entry.manifest)).expect("manifest");
        let manifest: ArtifactManifest = serde_saphyr::from_str(&text).expect("parses");
        let bundle = manifest.bundle.expect("bundle info");
        let direction = serde_json::to_value(bundle.direction).expect("direction");
        writeln!(
            table,
            "| `{locale}` | {} | {:.1}% | {} | {} |",
            thousands(entry.size),
            bundle.translated,
            bundle.chain.join(" → "),
            direction.as_str().expect("a name")
        )
        .expect("write");
        if entry.size > largest.0 {
            largest = (entry.size, locale.clone());
        }
    }
    writeln!(
        table,
        "\nAll are below the 270 KB budget (the largest, `{}`, is {:.1} KB).",
        largest.1,
        largest.0 as f64 / 1000.0
    )
    .expect("write");
    check_block("bundles", &table);
}

#[test]
fn the_json_sample_is_the_output_of_l10n_check() {
    let ws = sample_workspace();
    let (_, stdout, stderr) = run(ws.path(), &["l10n", "check", "fr", "--format", "json"]);
    let mut value: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("JSON expected ({e}):\n{stdout}\n{stderr}"));
    // The first finding shows the shape; the others are alike.
    let findings = value["locales"]["fr"]["findings"]
        .as_array_mut()
        .expect("findings");
    assert!(!findings.is_empty(), "fr has findings to show");
    findings.truncate(1);
    let json = serde_json::to_string_pretty(&value).expect("json");
    check_block(
        "l10n check json",
        &format!("```json\n{json}\n```\n(`l10n check fr --format json`, its first finding only)\n"),
    );
}
