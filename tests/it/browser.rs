//! The download page (issue 6) in a real browser: headless Chromium loads `index.html` from
//! the release folder, takes a screenshot, and its DOM must list every artifact of
//! `release.yaml`.

use std::path::Path;
use std::process::Command;

use alliance::manifest::ReleaseIndex;

use crate::common;
use crate::common::{release, require_tool, sample_workspace};

/// Chromium, headless, with nothing reaching for the network.
fn chromium(profile: &Path) -> Command {
    let mut cmd = Command::new("chromium");
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
fn the_download_page_lists_every_artifact_in_a_browser() {
    require_tool("chromium");
    let ws = sample_workspace();
    let dir = release(ws.path());
    let page = dir.join("index.html");
    let url = format!("file://{}", page.display());
    let profile = tempfile::tempdir().expect("profile");

    let shot = profile.path().join("page.png");
    let output = chromium(&profile.path().join("a"))
        .arg("--window-size=1280,2400")
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot: {} bytes",
        png.len()
    );

    let dom = dump_dom(&profile.path().join("b"), &[], &url);
    let index: ReleaseIndex =
        serde_saphyr::from_str(&std::fs::read_to_string(dir.join("release.yaml")).expect("index"))
            .expect("parses");
    for (name, entry) in &index.artifacts {
        assert!(
            dom.contains(&format!("<tr id=\"{name}\">")),
            "{name} has no row"
        );
        assert!(
            dom.contains(&format!("href=\"{name}\"")),
            "{name} has no download link"
        );
        assert!(
            dom.contains(&format!("href=\"{}\"", entry.signature)),
            "{name} has no signature link"
        );
        assert!(dom.contains(&entry.sha256), "{name}'s SHA-256 is not shown");
    }
    assert_eq!(
        dom.matches("<tr id=").count(),
        index.artifacts.len(),
        "nothing else is listed"
    );
    // Right-to-left names and languages are marked as such; the page needs nothing from outside.
    assert!(
        dom.contains("lang=\"ar\" dir=\"rtl\""),
        "Arabic is right to left"
    );
    // Italian is half translated (the README's table): its bar is drawn that wide.
    assert!(
        dom.contains("class=\"bar\"") && dom.contains("style=\"width: 50.3%\""),
        "coverage bars"
    );
    let html = std::fs::read_to_string(&page).expect("page");
    assert!(
        !html.contains("<script src") && !html.contains("http://") && !html.contains("https://"),
        "no external resources"
    );
}

/// The page at `url` as headless Chromium (with `args`) leaves its DOM, scripts run.
fn dump_dom(profile: &Path, args: &[&str], url: &str) -> String {
    let output = chromium(profile)
        .args(args)
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The table row of artifact `name` in `dom`.
fn artifact_row<'a>(dom: &'a str, name: &str) -> &'a str {
    let start = dom
        .find(&format!("<tr id=\"{name}\">"))
        .unwrap_or_else(|| panic!("no row for {name}"));
    let row = &dom[start..];
    &row[..row.find("</tr>").expect("row end")]
}

#[test]
fn each_translated_description_is_labelled_with_its_language_and_english_shows_once() {
    require_tool("chromium");
    let ws = sample_workspace();
    let dir = release(ws.path());
    let url = format!("file://{}", dir.join("index.html").display());
    let profile = tempfile::tempdir().expect("profile");
    let dom = dump_dom(profile.path(), &[], &url);
    let row = artifact_row(&dom, "ledgerline-4.2.0.zip");
    let english = "Double-entry bookkeeping for shops and small firms";
    assert_eq!(row.matches(english).count(), 1, "English once:\n{row}");
    let items = row.matches("<li ").count();
    assert!(items >= 2, "{row}");
    assert_eq!(
        row.matches("class=\"language\"").count(),
        items,
        "every description says its language:\n{row}"
    );
    assert!(
        row.contains("<span class=\"language\">Deutsch</span>"),
        "{row}"
    );

    // A visitor whose browser asks for German sees German first.
    let dom = dump_dom(
        &profile.path().join("de"),
        &["--lang=de-DE", "--accept-lang=de-DE,de"],
        &url,
    );
    let row = artifact_row(&dom, "ledgerline-4.2.0.zip");
    let first = &row[row.find("<li ").expect("an item")..];
    assert!(first.starts_with("<li lang=\"de\""), "German first:\n{row}");
}

#[test]
fn every_language_is_named_in_itself_even_before_it_translates_its_name() {
    require_tool("chromium");
    let ws = sample_workspace();
    let (code, _, stderr) = common::run(ws.path(), &["l10n", "add", "uk"]);
    assert_eq!(code, Some(0), "{stderr}");
    let dir = release(ws.path());
    let url = format!("file://{}", dir.join("index.html").display());
    let profile = tempfile::tempdir().expect("profile");
    let dom = dump_dom(profile.path(), &[], &url);
    let row = artifact_row(&dom, "spark-messenger-3.2.1-uk.zip");
    assert!(
        row.contains(">українська</a>"),
        "Ukrainian in Ukrainian:\n{row}"
    );
    assert!(!row.contains("English"), "{row}");
}
