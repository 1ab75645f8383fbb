//! `alliance l10n check | status | add` (issue 3): one planted case per finding code in
//! `tests/fixtures/l10n-planted`, the text output as people read it, the JSON contract, and
//! the sample workspace's translations.

use std::path::Path;

use alliance::l10n::report::Code;
use serde_json::Value;

use crate::common;
use crate::common::{copy_tree, repo, run, sample_workspace};

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&repo().join("tests/fixtures/l10n-planted"), dir.path());
    dir
}

fn json(root: &Path, args: &[&str]) -> Value {
    let (_, stdout, stderr) = run(root, args);
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("JSON expected ({e}):\n{stdout}\n{stderr}"))
}

/// (locale, code, file, line, column, id) of every finding but `missing-message`.
fn findings(report: &Value) -> Vec<(String, String, String, u64, u64, String)> {
    let mut out = Vec::new();
    for (tag, locale) in report["locales"].as_object().expect("locales") {
        for f in locale["findings"].as_array().expect("findings") {
            if f["code"] == "missing-message" {
                continue;
            }
            out.push((
                tag.clone(),
                f["code"].as_str().expect("code").to_string(),
                f["file"].as_str().expect("file").to_string(),
                f["line"].as_u64().expect("line"),
                f["column"].as_u64().expect("column"),
                f["id"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

#[test]
fn every_planted_problem_is_found_with_its_code_file_line_and_column() {
    let ws = fixture();
    let report = json(ws.path(), &["l10n", "check", "--format", "json"]);
    let expected = planted_findings();
    assert_eq!(findings(&report), expected);

    let de = &report["locales"]["de"];
    let missing: Vec<&str> = de["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "missing-message")
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    assert_eq!(missing, ["missing-one"]);

    let mut planted: Vec<&str> = expected.iter().map(|e| e.1.as_str()).collect();
    planted.push("missing-message");
    for code in Code::ALL {
        assert!(
            planted.contains(&code.as_str()),
            "no planted case for `{}`",
            code.as_str()
        );
    }
}

/// Every finding planted in the fixture: (locale, code, file, line, column, id).
fn planted_findings() -> Vec<(String, String, String, u64, u64, String)> {
    let f = |tag: &str, code: &str, file: &str, line: u64, column: u64, id: &str| {
        (
            tag.to_string(),
            code.to_string(),
            format!("locales/{tag}/{file}"),
            line,
            column,
            id.to_string(),
        )
    };
    vec![
        f("de", "untranslated", "app.ftl", 1, 1, "-brand"),
        f("de", "unknown-variable", "app.ftl", 2, 32, "hello"),
        f("de", "duplicate-variant", "app.ftl", 6, 10, "files"),
        f("de", "missing-attribute", "app.ftl", 9, 1, "button"),
        f("de", "dropped-reference", "app.ftl", 11, 1, "about"),
        f("de", "untranslated", "app.ftl", 12, 1, "greeting"),
        f("de", "dropped-variable", "app.ftl", 13, 1, "welcome"),
        f("de", "style-mismatch", "app.ftl", 15, 6, "window"),
        f("de", "style-syntax", "app.ftl", 17, 6, "panel"),
        f("de", "format-error", "app.ftl", 18, 1, "cycle-a"),
        f("de", "added-reference", "app.ftl", 18, 13, "cycle-a"),
        f("de", "format-error", "app.ftl", 19, 1, "cycle-b"),
        f("de", "added-reference", "app.ftl", 19, 13, "cycle-b"),
        f(
            "de",
            "obsolete-attribute",
            "app.ftl",
            22,
            6,
            "obsolete-attr",
        ),
        f("de", "missing-value", "app.ftl", 23, 1, "with-value"),
        f("de", "added-reference", "app.ftl", 25, 38, "note"),
        f("de", "replacement-character", "app.ftl", 26, 1, "plain"),
        f("de", "duplicate-attribute", "app.ftl", 29, 6, "menu"),
        f("de", "dropped-reference", "app.ftl", 31, 1, "uses-ref"),
        f("de", "unknown-reference", "app.ftl", 31, 20, "uses-ref"),
        f("de", "added-reference", "app.ftl", 31, 20, "uses-ref"),
        f("de", "obsolete-message", "app.ftl", 32, 1, "gone"),
        f("de", "duplicate-id", "app.ftl", 33, 1, "hello"),
        f("de", "syntax", "app.ftl", 34, 1, "broken"),
        f("de", "variable-kind", "app.ftl", 35, 41, "last-seen"),
        f("de", "typography", "app.ftl", 35, 48, "last-seen"),
        f("de", "untranslated", "shared.ftl", 1, 1, "-brand"),
        f("en-US", "shadowed-id", "shared.ftl", 1, 1, "-brand"),
        f("fr", "encoding", "app.ftl", 1, 20, ""),
        f("fr", "stale", "app.ftl", 2, 1, "hello"),
        f("fr", "too-deep", "app.ftl", 3, 1, "deep"),
        f("fr", "control-character", "app.ftl", 4, 17, "greeting"),
        (
            "ja-JP-mac".into(),
            "locale-tag".into(),
            "locales/ja-JP-mac".into(),
            0,
            0,
            String::new(),
        ),
        f(
            "ja-JP-mac",
            "unused-plural-category",
            "app.ftl",
            3,
            10,
            "files",
        ),
        f("ru", "missing-plural-category", "app.ftl", 3, 10, "files"),
        f("ru", "misnamed", "app.ftl", 6, 1, "greting"),
    ]
}

#[test]
fn json_follows_the_documented_shape_and_figures() {
    let ws = fixture();
    let report = json(ws.path(), &["l10n", "check", "--format", "json"]);
    assert_eq!(report["reference"], "en-US");
    let de = &report["locales"]["de"]["summary"];
    let keys: Vec<&String> = de.as_object().expect("summary").keys().collect();
    assert_eq!(
        keys,
        [
            "total",
            "translated",
            "missing",
            "obsolete",
            "stale",
            "errors",
            "warnings",
            "completion"
        ]
    );
    // 21 messages and terms in en-US; de lacks one, has one obsolete; 3 untranslated.
    assert_eq!(
        (
            de["total"].as_u64(),
            de["missing"].as_u64(),
            de["obsolete"].as_u64()
        ),
        (Some(21), Some(1), Some(1))
    );
    assert_eq!(de["translated"].as_u64(), Some(17));
    assert_eq!(de["completion"].as_f64(), Some(81.0));
    assert_eq!(
        (de["errors"].as_u64(), de["warnings"].as_u64()),
        (Some(10), Some(17))
    );
    let finding = &report["locales"]["de"]["findings"][0];
    let keys: Vec<&String> = finding.as_object().expect("finding").keys().collect();
    assert_eq!(
        keys,
        [
            "code",
            "severity",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "id",
            "message",
            "help",
            "related"
        ]
    );
    // A missing file counts each of its messages and terms.
    let ru = &report["locales"]["ru"]["summary"];
    assert_eq!(ru["missing"].as_u64(), Some(20));

    let status = json(ws.path(), &["l10n", "status", "--format", "json"]);
    assert_eq!(
        status["locales"]["de"]["summary"],
        report["locales"]["de"]["summary"]
    );
    assert!(status["locales"]["de"].get("findings").is_none());
}

#[test]
fn text_output_groups_by_locale_with_snippets() {
    let ws = fixture();
    let (code, stdout, _) = run(ws.path(), &["l10n", "check", "de", "ru"]);
    assert_eq!(code, Some(1), "errors exit 1");
    insta::assert_snapshot!(stdout);
}

#[test]
fn status_is_a_table_with_the_reference_first() {
    let ws = fixture();
    let (code, stdout, _) = run(ws.path(), &["l10n", "status"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(stdout);
}

#[test]
fn warnings_alone_exit_zero_unless_denied() {
    let ws = fixture();
    assert_eq!(run(ws.path(), &["l10n", "check", "ru"]).0, Some(0));
    assert_eq!(
        run(ws.path(), &["l10n", "check", "ru", "--deny-warnings"]).0,
        Some(1)
    );
    assert_eq!(run(ws.path(), &["l10n", "check", "de"]).0, Some(1));
}

#[test]
fn an_unknown_locale_is_a_usage_error_with_a_suggestion() {
    let ws = fixture();
    let stderr = common::refused(ws.path(), &["l10n", "check", "DE"]);
    assert!(
        stderr.contains("there is no locale `DE`") && stderr.contains("did you mean `de`?"),
        "{stderr}"
    );
}

#[test]
fn another_reference_can_be_chosen() {
    let ws = fixture();
    let report = json(
        ws.path(),
        &[
            "l10n",
            "check",
            "en-US",
            "--reference",
            "de",
            "--format",
            "json",
        ],
    );
    assert_eq!(report["reference"], "de");
    assert!(
        report["locales"]["en-US"]["summary"]["missing"].as_u64() > Some(0),
        "en-US lacks `gone`"
    );
}

#[test]
fn the_sample_translations_pass_and_show_a_realistic_spread() {
    let ws = sample_workspace();
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "check"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let report = json(ws.path(), &["l10n", "status", "--format", "json"]);
    let locales = report["locales"].as_object().expect("locales");
    for tag in [
        "zh-CN", "zh-TW", "ja", "ko", "fr", "de", "es", "pt-BR", "ru", "ar",
    ] {
        let s = &locales[tag]["summary"];
        assert_eq!(
            (s["missing"].as_u64(), s["errors"].as_u64()),
            (Some(0), Some(0)),
            "{tag}"
        );
        assert!(s["completion"].as_f64() >= Some(95.0), "{tag}: {s}");
    }
    let partial = locales["it"]["summary"]["completion"]
        .as_f64()
        .expect("completion");
    assert!(
        (40.0..=60.0).contains(&partial),
        "it is about half translated: {partial}"
    );
    assert!(locales.len() >= 12, "en-US, ten languages and one partial");
}

#[test]
fn add_creates_a_locale_that_only_lacks_translation() {
    let ws = sample_workspace();
    let config_before = std::fs::read_to_string(ws.path().join("alliance.yaml")).expect("config");
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "add", "uk"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("created locales/uk with 4 files"),
        "{stdout}"
    );
    for file in [
        "messenger.ftl",
        "installer.ftl",
        "packages.ftl",
        "shared/brand.ftl",
    ] {
        assert!(ws.path().join("locales/uk").join(file).is_file(), "{file}");
    }
    let messenger =
        std::fs::read_to_string(ws.path().join("locales/uk/messenger.ftl")).expect("file");
    assert!(messenger.contains("# en-US: login-window-title = Sign in to { -brand-name }\nlogin-window-title = Sign in to { -brand-name }\n"), "{messenger}");
    assert!(
        messenger.contains("[few]") && messenger.contains("[many]"),
        "Ukrainian plural forms prepared"
    );
    assert_eq!(
        std::fs::read_to_string(ws.path().join("alliance.yaml")).expect("config"),
        config_before,
        "no explicit `locales:` list to edit"
    );
    let report = json(ws.path(), &["l10n", "check", "uk", "--format", "json"]);
    let codes: std::collections::BTreeSet<&str> = report["locales"]["uk"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes.into_iter().collect::<Vec<_>>(), ["untranslated"]);
    // Only messages without words to translate (`{ $name } { $version }`, brand names)
    // count as translated.
    let completion = report["locales"]["uk"]["summary"]["completion"]
        .as_f64()
        .expect("completion");
    assert!(completion < 10.0, "{completion}");
}

#[test]
fn add_registers_the_locale_in_an_explicit_list() {
    let ws = sample_workspace();
    let path = ws.path().join("alliance.yaml");
    let config = std::fs::read_to_string(&path).expect("config");
    std::fs::write(&path, format!("{config}locales: [en-US, zh-CN]\n")).expect("write");
    let (code, stdout, _) = run(ws.path(), &["l10n", "add", "pl"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("added `pl` to `locales` in alliance.yaml"),
        "{stdout}"
    );
    assert!(
        std::fs::read_to_string(&path)
            .expect("config")
            .ends_with("locales: [en-US, zh-CN, pl]\n")
    );
}

#[test]
fn add_refuses_bad_tags_and_existing_locales() {
    let ws = sample_workspace();
    for (tag, expected) in [
        ("zh_cn", "did you mean `zh-CN`?"),
        ("pt-br", "did you mean `pt-BR`?"),
        ("jp", "did you mean `ja`?"),
        ("de", "locale `de` already exists"),
        ("not a tag", "is not a BCP 47 language tag"),
    ] {
        let stderr = common::refused(ws.path(), &["l10n", "add", tag]);
        assert!(stderr.contains(expected), "{tag}: {stderr}");
    }
    let names: Vec<String> = std::fs::read_dir(ws.path().join("locales"))
        .expect("locales")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with('.') || n == "jp" || n == "zh_cn"),
        "{names:?}"
    );
}

/// A workspace whose `alliance.yaml` names en-US the reference, with `files` (path under
/// `locales/`, bytes).
fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("alliance.yaml"),
        "release: \"diag\"\nreference_locale: en-US\n",
    )
    .expect("config");
    for (path, bytes) in files {
        let path = dir.path().join("locales").join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, bytes).expect("file");
    }
    dir
}

/// The findings of `code` in `tag`: (line, column, id).
fn found(report: &Value, tag: &str, code: &str) -> Vec<(u64, u64, String)> {
    report["locales"][tag]["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings for {tag}: {report}"))
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            (
                f["line"].as_u64().expect("line"),
                f["column"].as_u64().expect("column"),
                f["id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line as u64, column as u64)
}

#[test]
fn text_and_json_show_the_same_column_after_multibyte_characters() {
    // Issue "every diagnostic points at the right place", item 4: the header of a text
    // snippet counted bytes (`:1:32`) where JSON counts characters (`:1:20`).
    let ja = "greeting = こんにちは、{ $namae }さん、ようこそ\n";
    let ws = workspace(&[
        ("en-US/app.ftl", b"greeting = Hello { $name }, welcome\n"),
        ("ja/app.ftl", ja.as_bytes()),
    ]);
    let report = json(ws.path(), &["l10n", "check", "ja", "--format", "json"]);
    let expected = line_column(ja, ja.find("$namae").expect("planted"));
    assert_eq!(expected, (1, 20));
    let unknown = found(&report, "ja", "unknown-variable");
    assert_eq!(unknown, [(expected.0, expected.1, "greeting".to_string())]);
    let (code, stdout, _) = run(ws.path(), &["l10n", "check", "ja"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains(&format!(
            "[locales/ja/app.ftl:{}:{}]",
            expected.0, expected.1
        )),
        "{stdout}"
    );
    insta::assert_snapshot!(stdout);
}

#[test]
fn colour_follows_the_stream_the_option_and_the_environment() {
    // Item 5: `l10n check > report.txt` from a terminal wrote escapes into the file, as
    // colour was decided by stderr while findings go to stdout.
    let ws = fixture();
    let escapes = |args: &[&str], env: &[(&str, &str)]| -> (bool, bool) {
        let mut cmd = common::alliance(ws.path());
        cmd.env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .args(args);
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = cmd.output().expect("runs");
        (output.stdout.contains(&0x1b), output.stderr.contains(&0x1b))
    };
    let check = ["l10n", "check", "de"];
    // The tests' streams are pipes: no colour by default.
    assert_eq!(escapes(&check, &[]), (false, false));
    assert_eq!(escapes(&check, &[("NO_COLOR", "1")]), (false, false));
    assert_eq!(escapes(&check, &[("CLICOLOR_FORCE", "1")]), (true, false));
    assert_eq!(escapes(&check, &[("CLICOLOR_FORCE", "0")]), (false, false));
    assert_eq!(
        escapes(&check, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        (false, false)
    );
    // The option wins over the environment.
    let always = ["--color", "always", "l10n", "check", "de"];
    assert_eq!(escapes(&always, &[("NO_COLOR", "1")]), (true, false));
    let never = ["l10n", "check", "de", "--color", "never"];
    assert_eq!(escapes(&never, &[("CLICOLOR_FORCE", "1")]), (false, false));
    // An error goes to stderr, coloured by the same rules.
    let error = ["--color", "always", "l10n", "check", "xx"];
    assert_eq!(escapes(&error, &[]), (false, true));
}

#[test]
fn a_syntax_error_points_at_the_entry_it_breaks() {
    // Item 6: an unclosed `{ $name` on line 2 was reported at 4:1, on an innocent comment,
    // with no message id.
    let ws = workspace(&[
        (
            "en-US/app.ftl",
            b"first = One\nbroken = Two { $name }\nthird = Three\n",
        ),
        (
            "de/app.ftl",
            b"first = Eins\nbroken = Zwei { $name\n\n# about the third message\nthird = Drei\n",
        ),
    ]);
    let report = json(ws.path(), &["l10n", "check", "de", "--format", "json"]);
    assert_eq!(
        found(&report, "de", "syntax"),
        [(2, 1, "broken".to_string())]
    );
    let (code, stdout, _) = run(ws.path(), &["l10n", "check", "de"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("[locales/de/app.ftl:2:1]"), "{stdout}");
    insta::assert_snapshot!(stdout);
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_as_editors_write_them() {
    // Item 6: a UTF-8 byte-order mark was a syntax error ("expected one of `a-zA-Z`").
    let ws = sample_workspace();
    let path = ws.path().join("locales/de/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("messenger.ftl");
    // One finding to place: a variable renamed in a message after the first line.
    let planted = text.replacen("{ $name }", "{ $nom }", 1);
    let offset = planted.find("$nom").expect("planted");
    std::fs::write(&path, &planted).expect("write");
    let lf = json(ws.path(), &["l10n", "check", "de", "--format", "json"]);
    assert_eq!(
        found(&lf, "de", "unknown-variable")
            .iter()
            .map(|(line, column, _)| (*line, *column))
            .collect::<Vec<_>>(),
        [line_column(&planted, offset)]
    );
    // As a Windows editor saves it.
    std::fs::write(&path, format!("\u{FEFF}{}", planted.replace('\n', "\r\n"))).expect("write");
    let crlf = json(ws.path(), &["l10n", "check", "de", "--format", "json"]);
    assert_eq!(crlf["locales"]["de"], lf["locales"]["de"]);

    // Without the planted error it passes, and its bundle formats and holds its text.
    std::fs::write(&path, format!("\u{FEFF}{}", text.replace('\n', "\r\n"))).expect("write");
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "check", "de"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, _, stderr) = run(ws.path(), &["bundle", "de"]);
    assert_eq!(code, Some(0), "{stderr}");
    let zip = ws.path().join("dist/1995.08/spark-messenger-3.2.1-de.zip");
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(&zip).expect("bundle")).expect("zip");
    let mut bundled = String::new();
    std::io::Read::read_to_string(
        &mut archive
            .by_name("spark-messenger-3.2.1-de/locales/de/messenger.ftl")
            .expect("messenger.ftl in the bundle"),
        &mut bundled,
    )
    .expect("utf-8");
    assert!(
        bundled.contains("login-heading = Willkommen bei { -brand-name }"),
        "{bundled}"
    );
}

#[test]
fn placeables_nested_thousands_deep_are_a_finding_not_a_crash() {
    // Item 10: 3,000 nested placeables overflowed the stack of `l10n check` and `release`.
    let ws = sample_workspace();
    let deep = format!(
        "deep-message = {}$name{}\n",
        "{ ".repeat(3000),
        " }".repeat(3000)
    );
    let mut lines = Vec::new();
    for tag in ["en-US", "de"] {
        let path = ws.path().join(format!("locales/{tag}/messenger.ftl"));
        let text = std::fs::read_to_string(&path).expect("messenger.ftl");
        lines.push(line_column(&text, text.len()).0);
        std::fs::write(&path, format!("{text}{deep}")).expect("write");
    }
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "check", "--format", "json"]);
    assert_eq!(code, Some(1), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    for (tag, line) in ["en-US", "de"].into_iter().zip(lines) {
        assert_eq!(
            found(&report, tag, "too-deep"),
            [(line, 1, "deep-message".to_string())],
            "{tag}"
        );
        assert_eq!(found(&report, tag, "syntax"), [], "{tag}");
    }
    // A build stops at the reference's broken entry, as at a syntax error there …
    let stderr = common::refused(ws.path(), &["release"]);
    assert!(stderr.contains("locales/en-US/messenger.ftl:"), "{stderr}");
    assert!(!stderr.contains("locales/de/"), "{stderr}");
    // … and takes a translation's from the next locale of the chain.
    let path = ws.path().join("locales/en-US/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("messenger.ftl");
    std::fs::write(&path, text.replace(&deep, "deep-message = { $name }\n")).expect("write");
    let (code, _, stderr) = run(ws.path(), &["release"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("`deep-message` (too-deep)"), "{stderr}");
}

#[test]
fn a_file_that_is_not_utf8_is_a_finding_and_hides_nothing_else() {
    // Item 12: one file saved as Latin-1 made `l10n check` exit 2 with no report at all.
    let ws = sample_workspace();
    let path = ws.path().join("locales/fr/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("messenger.ftl");
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    std::fs::write(&path, latin1).expect("write");
    // The first character Latin-1 writes as a byte that is not ASCII (others became `?`).
    let first = text
        .find(|c: char| (0x80..0x100).contains(&u32::from(c)))
        .expect("French has accents");
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "check", "--format", "json"]);
    assert_eq!(code, Some(1), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON");
    let (line, column) = line_column(&text, first);
    assert_eq!(
        found(&report, "fr", "encoding"),
        [(line, column, String::new())]
    );
    let finding = report["locales"]["fr"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "encoding")
        .expect("encoding");
    assert!(
        finding["message"]
            .as_str()
            .is_some_and(|m| m.contains("U+FFFD")),
        "{finding}"
    );
    // Every other locale is still checked.
    let all = json(ws.path(), &["l10n", "status", "--format", "json"]);
    assert_eq!(
        report["locales"].as_object().map(|l| l.len()),
        all["locales"].as_object().map(|l| l.len())
    );
    assert_eq!(report["locales"]["de"]["summary"]["errors"], 0);
    // A translation's damaged messages are taken from the next locale of the chain.
    let (code, _, stderr) = run(ws.path(), &["release"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("(encoding)"), "{stderr}");
}

fn codes_and_severities(report: &Value, tag: &str) -> Vec<(String, String)> {
    report["locales"][tag]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().expect("severity").to_string(),
                f["code"].as_str().expect("code").to_string(),
            )
        })
        .collect()
}

#[test]
fn check_shows_findings_of_a_minimum_severity_or_of_given_codes() {
    let ws = fixture();
    let all = json(ws.path(), &["l10n", "check", "de", "--format", "json"]);
    let errors = json(
        ws.path(),
        &[
            "l10n",
            "check",
            "de",
            "--severity",
            "error",
            "--format",
            "json",
        ],
    );
    let expected: Vec<(String, String)> = codes_and_severities(&all, "de")
        .into_iter()
        .filter(|(severity, _)| severity == "error")
        .collect();
    assert!(expected.len() >= 5, "{expected:?}");
    assert_eq!(codes_and_severities(&errors, "de"), expected);

    let two = json(
        ws.path(),
        &[
            "l10n",
            "check",
            "de",
            "--code",
            "unknown-variable",
            "--code",
            "untranslated",
            "--format",
            "json",
        ],
    );
    let mut codes: Vec<String> = codes_and_severities(&two, "de")
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    assert_eq!(codes.len(), 4, "{codes:?}");
    codes.sort();
    codes.dedup();
    assert_eq!(codes, ["unknown-variable", "untranslated"]);

    // Warnings only: exit 0, as without the errors.
    let (code, _, _) = run(
        ws.path(),
        &["l10n", "check", "de", "--code", "untranslated"],
    );
    assert_eq!(code, Some(0));
    let stderr = common::refused(
        ws.path(),
        &["l10n", "check", "de", "--code", "unknown-variabel"],
    );
    assert!(stderr.contains("unknown-variable"), "{stderr}");
}

#[test]
fn text_output_ends_with_a_summary_by_code_errors_first() {
    let ws = fixture();
    let (code, stdout, _) = run(ws.path(), &["l10n", "check", "de", "--severity", "error"]);
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(stdout);
    let (_, stdout, _) = run(ws.path(), &["l10n", "check", "de"]);
    let summary = &stdout[stdout.find("by code:").expect("a summary by code")..];
    let first_warning = summary.find("warning ").expect("warnings listed");
    let last_error = summary.rfind("error ").expect("errors listed");
    assert!(last_error < first_warning, "errors first:\n{summary}");
}

#[test]
fn status_takes_locales() {
    let ws = fixture();
    let status = json(ws.path(), &["l10n", "status", "ru", "--format", "json"]);
    let tags: Vec<&String> = status["locales"]
        .as_object()
        .expect("locales")
        .keys()
        .collect();
    assert_eq!(tags, ["ru"]);
    common::refused(ws.path(), &["l10n", "status", "xx"]);
}

#[test]
fn untranslated_leaves_international_words_and_placeable_only_messages_alone() {
    let ws = sample_workspace();
    assert_eq!(run(ws.path(), &["l10n", "add", "uk"]).0, Some(0));
    let report = json(
        ws.path(),
        &[
            "l10n",
            "check",
            "uk",
            "--code",
            "untranslated",
            "--format",
            "json",
        ],
    );
    let ids: Vec<&str> = report["locales"]["uk"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    for same in [
        "presence-online",
        "presence-offline",
        "installer-readme-install-title",
        "about-version",
        "installer-readme-title",
    ] {
        assert!(!ids.contains(&same), "{same} is flagged: {ids:?}");
    }
    for translated in [
        "settings-save",
        "transfer-cancel",
        "presence-away",
        "login-heading",
    ] {
        assert!(
            ids.contains(&translated),
            "{translated} is not flagged: {ids:?}"
        );
    }
}

#[test]
fn a_style_that_is_not_sizes_is_an_error_against_a_select_or_a_reference_of_sizes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    };
    write("alliance.yaml", "release: \"1\"\nreference_locale: en-US\n");
    let reference = "panel =\n    .style =\n        { $wide ->\n            [yes] width: 40em\n           *[no] width: 30em\n        }\ndialog =\n    .style = { panel.style }\n";
    write("locales/en-US/app.ftl", reference);
    write(
        "locales/de/app.ftl",
        "panel =\n    .style = breit\ndialog =\n    .style = stuff\n",
    );
    write(
        "locales/fr/app.ftl",
        "panel =\n    .style = width: 42em\ndialog =\n    .style =\n        { $wide ->\n            [yes] width: 44em\n           *[no] width: 34em; min-height: 3em\n        }\n",
    );
    write("locales/it/app.ftl", reference);
    let report = json(dir.path(), &["l10n", "check", "--format", "json"]);
    let styles: Vec<(String, String, String, u64, u64, String)> = findings(&report)
        .into_iter()
        .filter(|f| f.1.starts_with("style"))
        .collect();
    let de = |line: u64, id: &str| {
        (
            "de".to_string(),
            "style-syntax".to_string(),
            "locales/de/app.ftl".to_string(),
            line,
            6,
            id.to_string(),
        )
    };
    assert_eq!(styles, [de(2, "panel"), de(4, "dialog")]);
}

/// `text` with every run of white space made one space, so that a check does not depend
/// on where a long help line wraps.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Translators' issue, item 9: one suggestion for a mistyped locale tag, whatever the
/// command. In a workspace with `uk`, `l10n check ua` and `l10n add ua` both say `uk` (and
/// `check` never a locale that only looks alike, such as `ja`).
#[test]
fn check_and_add_suggest_the_same_locale_for_a_country_code() {
    let ws = sample_workspace();
    let (code, _, stderr) = run(ws.path(), &["l10n", "add", "uk"]);
    assert_eq!(code, Some(0), "{stderr}");
    let check = common::refused(ws.path(), &["l10n", "check", "ua"]);
    let add = common::refused(ws.path(), &["l10n", "add", "ua"]);
    for stderr in [&check, &add] {
        assert!(flat(stderr).contains("did you mean `uk`?"), "{stderr}");
    }
    insta::assert_snapshot!("check_ua", check);
    insta::assert_snapshot!("add_ua", add);
}

/// Translators' issue, item 9: for a locale of the workspace, the suggestion is the locale
/// meant by a common mistake (a country code, another case, `_`) when the workspace has it,
/// else the tag to create; the same in `check`, `check --reference` and the configuration
/// that `status` reads.
#[test]
fn an_unknown_locale_gets_the_locale_meant_in_every_command() {
    let ws = sample_workspace();
    for (tag, expected) in [
        (
            "ua",
            "did you mean `uk`? this workspace has no locale `uk` yet: `alliance l10n add uk` creates it",
        ),
        ("cn", "did you mean `zh-CN`?"),
        ("zh_cn", "did you mean `zh-CN`?"),
        ("jp", "did you mean `ja`?"),
        ("kr", "did you mean `ko`?"),
        ("fr_FR", "did you mean `fr`?"),
        ("DE", "did you mean `de`?"),
        (
            "gr",
            "did you mean `el`? this workspace has no locale `el` yet",
        ),
    ] {
        let stderr = common::refused(ws.path(), &["l10n", "check", tag]);
        assert!(flat(&stderr).contains(expected), "{tag}: {stderr}");
    }
    let stderr = common::refused(ws.path(), &["l10n", "check", "de", "--reference", "us"]);
    assert!(flat(&stderr).contains("did you mean `en-US`?"), "{stderr}");

    let path = ws.path().join("alliance.yaml");
    let config = std::fs::read_to_string(&path).expect("config");
    std::fs::write(&path, format!("{config}locales: [en-US, cz, jp]\n")).expect("write");
    let stderr = common::refused(ws.path(), &["l10n", "status"]);
    let stderr = flat(&stderr);
    assert!(
        stderr.contains("did you mean `cs`? this workspace has no locale `cs` yet")
            && stderr.contains("did you mean `ja`?"),
        "{stderr}"
    );
}

/// Issue 20, item 14a: a NUL (or another control character) in a translated message passed
/// `l10n check` and shipped in the bundle. It is an error at its line and column, shown
/// escaped, and the bundle takes the message from the next locale of the chain.
#[test]
fn a_control_character_in_a_message_is_an_error_and_never_ships() {
    let ws = sample_workspace();
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "Anmeldung fehlgeschlagen: { $reason }",
        "Anmeldung\u{0} fehlgeschlagen: { $reason }{ \"\u{1b}[2J\" }",
    );
    let report = json(ws.path(), &["l10n", "check", "de", "--format", "json"]);
    let found: Vec<&Value> = report["locales"]["de"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "control-character")
        .collect();
    assert_eq!(found.len(), 1, "one finding for the message: {found:?}");
    let finding = found[0];
    assert_eq!(
        (
            &finding["severity"],
            &finding["line"],
            &finding["column"],
            &finding["id"]
        ),
        (
            &Value::from("error"),
            &Value::from(32),
            &Value::from(32),
            &Value::from("login-failed-reason")
        ),
        "{finding}"
    );
    let message = finding["message"].as_str().expect("message");
    assert!(
        message.contains("`\\u{0}`") && message.contains("1 more") && !message.contains('\0'),
        "{message}"
    );
    let (code, _, stderr) = run(ws.path(), &["bundle", "de"]);
    assert_eq!(code, Some(0), "{stderr}");
    let manifest = std::fs::read_to_string(
        ws.path()
            .join("dist/1995.08/spark-messenger-3.2.1-de.manifest.yaml"),
    )
    .expect("manifest");
    assert!(
        manifest.contains("login-failed-reason") && manifest.contains("control-character"),
        "{manifest}"
    );
    let bundle = common::zip_texts(&ws.path().join("dist/1995.08/spark-messenger-3.2.1-de.zip"));
    assert!(
        bundle.values().all(|text| !text.contains('\0')),
        "no NUL ships"
    );

    // In the reference, which has no next locale, it stops the build.
    common::edit_file(
        ws.path(),
        "locales/en-US/messenger.ftl",
        "Sign-in failed: { $reason }",
        "Sign-in\u{7} failed: { $reason }",
    );
    let stderr = common::refused(ws.path(), &["bundle", "de"]);
    assert!(
        stderr.contains("locales/en-US/messenger.ftl:32:")
            && stderr.contains("`\\u{7}`")
            && !stderr.contains('\u{7}'),
        "{stderr}"
    );
}

/// A broken comment line (`#error`: no space after `#`) is Junk for the specification's
/// parser: `l10n check` and `release` both report it, at the same line, from the one parse
/// of the file.
#[test]
fn a_broken_comment_line_is_a_syntax_error_for_check_and_release_alike() {
    let ws = sample_workspace();
    common::edit_file(
        ws.path(),
        "locales/en-US/messenger.ftl",
        "presence-away = Away",
        "#error\npresence-away = Away",
    );
    let at = "locales/en-US/messenger.ftl:53:1";
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "check", "en-US"]);
    assert_ne!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains(at) && stdout.contains("syntax"),
        "{stdout}{stderr}"
    );
    let stderr = common::refused(ws.path(), &["release"]);
    assert!(stderr.contains(at), "{stderr}");
    assert!(
        !ws.path().join("dist/1995.08").exists(),
        "nothing was written"
    );
}

/// Issue 22, item 4: `l10n format` shows a message as the bundle does: the locale's number
/// format and plural rules (CLDR through ICU4X: Arabic 103 is `few`), the locale of the
/// chain it comes from, JSON for programs, every message with samples of each plural
/// category, and an unknown id with the id meant.
#[test]
fn format_shows_a_message_as_the_bundle_does() {
    let ws = sample_workspace();
    let (code, stdout, stderr) = run(
        ws.path(),
        &[
            "l10n",
            "format",
            "de",
            "contacts-total-count",
            "--arg",
            "count=1234.5",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        stdout,
        "contacts-total-count [count=1234.5]: 1.234,5 Kontakte\n"
    );
    let ar = |n: &str| {
        let arg = format!("count={n}");
        let (_, stdout, _) = run(
            ws.path(),
            &[
                "l10n",
                "format",
                "ar",
                "contacts-online-count",
                "--arg",
                &arg,
                "--format",
                "json",
            ],
        );
        let rows: Value = serde_json::from_str(&stdout).expect("json");
        rows[0]["text"].as_str().expect("text").to_string()
    };
    let (few, other) = (ar("3"), ar("100"));
    assert_ne!(few, other, "3 and 100 take different forms in Arabic");
    assert_eq!(
        ar("103").replace("103", "3"),
        few,
        "103 is `few` in CLDR, as 3 is"
    );
    // A message only the reference has comes from it, and says so.
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "about-title =",
        "about-titel =",
    );
    let (_, stdout, _) = run(ws.path(), &["l10n", "format", "de", "about-title"]);
    assert!(stdout.ends_with("(from en-US)\n"), "{stdout}");
    let (code, stdout, stderr) = run(ws.path(), &["l10n", "format", "ru", "--all"]);
    assert_eq!(code, Some(0), "{stderr}");
    let forms: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("contacts-online-count ["))
        .collect();
    assert_eq!(forms.len(), 4, "one, few, many, other: {forms:?}");
    let stderr = common::refused(ws.path(), &["l10n", "format", "de", "contacts-totl-count"]);
    assert!(
        stderr.contains("did you mean `contacts-total-count`?"),
        "{stderr}"
    );
}

/// Issue 23, item 5: a fresh Polish locale with two mistakes: the errors come first, the
/// untranslated messages take one line per file (snippets with `--verbose`), and
/// `--severity error` says how many warnings it hides.
#[test]
fn the_report_puts_errors_first_and_untranslated_messages_in_a_line() {
    let ws = sample_workspace();
    let (code, _, stderr) = run(ws.path(), &["l10n", "add", "pl"]);
    assert_eq!(code, Some(0), "{stderr}");
    common::edit_file(
        ws.path(),
        "locales/pl/messenger.ftl",
        "\nlogin-failed-reason = Sign-in failed: { $reason }",
        "\nlogin-failed-reason = Logowanie nie powiodło się: { $powod }",
    );
    common::edit_file(
        ws.path(),
        "locales/pl/messenger.ftl",
        "\nchat-sending = Sending…",
        "\nchat-sending = Wysyłanie… { $kto }",
    );
    let (_, report, _) = run(ws.path(), &["l10n", "check", "pl"]);
    let lines: Vec<&str> = report.lines().collect();
    let first_error = lines
        .iter()
        .position(|l| l.contains("× "))
        .expect("an error");
    let first_warning = lines
        .iter()
        .position(|l| l.contains("⚠ ") || l.contains("untranslated:"))
        .expect("a warning");
    assert!(first_error < first_warning, "{report}");
    assert_eq!(
        lines.iter().filter(|l| l.contains("× ")).count(),
        2,
        "{report}"
    );
    assert!(
        report.contains("  untranslated: 119 in locales/pl/messenger.ftl identical to en-US:"),
        "{report}"
    );
    assert!(lines.len() < 80, "{} lines:\n{report}", lines.len());
    let (_, verbose, _) = run(ws.path(), &["l10n", "check", "pl", "--verbose"]);
    assert!(
        verbose.lines().count() > 1_000,
        "a snippet for each: {}",
        verbose.lines().count()
    );
    let (_, errors, _) = run(ws.path(), &["l10n", "check", "pl", "--severity", "error"]);
    assert!(!errors.contains("untranslated"), "{errors}");
    assert!(errors.contains("143 warnings not shown"), "{errors}");
}
