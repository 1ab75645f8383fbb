//! The formats CI systems read (issue 27, item 2): `--format github` (workflow commands, one
//! per finding, on the text output's lines and columns) and `--format sarif` (SARIF 2.1.0,
//! checked against the standard's JSON schema and read by a SARIF library) of `l10n check`,
//! `package --check` and `verify`.

use std::path::Path;

use crate::common::{self, sample_workspace};

/// The SARIF 2.1.0 schema (see `tests/fixtures/sarif/README.md` for where it comes from).
fn sarif_schema() -> serde_json::Value {
    let path = common::repo().join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json")
}

/// Asserts that `text` is a SARIF 2.1.0 log: valid against the schema, read by
/// `serde-sarif`; returns its results as (rule, level, uri, line, column).
fn sarif_results(text: &str) -> Vec<(String, String, String, usize, usize)> {
    let log: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(false)
        .build(&sarif_schema())
        .expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:?}");
    let read: serde_sarif::sarif::Sarif =
        serde_json::from_value(log.clone()).expect("a SARIF library reads it");
    assert_eq!(read.runs.len(), 1);
    let results = log["runs"][0]["results"].as_array().expect("results");
    results
        .iter()
        .map(|r| {
            let place = &r["locations"][0]["physicalLocation"];
            let region = &place["region"];
            (
                r["ruleId"].as_str().expect("rule").to_string(),
                r["level"].as_str().expect("level").to_string(),
                place["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri")
                    .to_string(),
                region["startLine"].as_u64().unwrap_or(0) as usize,
                region["startColumn"].as_u64().unwrap_or(0) as usize,
            )
        })
        .collect()
}

/// Runs `alliance ARGS` in `root`; returns its stdout (any exit code but a crash).
fn stdout_of(root: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = common::run(root, args);
    assert!(matches!(code, Some(0..=2)), "{stdout}{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stdout
}

/// `l10n check --format github` has one workflow command per finding of `--format json`,
/// at its file, line and column with its code as the title; `--format sarif` the same
/// findings, valid SARIF that a SARIF library reads.
#[test]
fn l10n_check_speaks_github_and_sarif_on_the_text_output_s_positions() {
    let ws = sample_workspace();
    let root = ws.path();
    // One more error, with a place: an unknown variable in a translation.
    common::edit_file(root, "locales/de/messenger.ftl", "{ $count }", "{ $cuont }");
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(root, &["l10n", "check", "--format", "json"]))
            .expect("json");
    let mut expected = Vec::new();
    for locale in json["locales"].as_object().expect("locales").values() {
        for f in locale["findings"].as_array().expect("findings") {
            expected.push((
                f["code"].as_str().expect("code").to_string(),
                f["severity"].as_str().expect("severity").to_string(),
                f["file"].as_str().expect("file").to_string(),
                f["line"].as_u64().expect("line") as usize,
                f["column"].as_u64().expect("column") as usize,
                (
                    f["end_line"].as_u64().expect("end line") as usize,
                    f["end_column"].as_u64().expect("end column") as usize,
                ),
            ));
        }
    }
    assert!(
        expected.iter().any(|(code, ..)| code == "unknown-variable"),
        "{expected:?}"
    );

    let github = stdout_of(root, &["l10n", "check", "--format", "github"]);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{github}");
    for (line, (code, severity, file, at, column, end)) in lines.iter().zip(&expected) {
        let level = match severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let mut head = format!("::{level} file={file}");
        if *at > 0 {
            head.push_str(&format!(",line={at},col={column}"));
            if *end > (*at, *column) {
                head.push_str(&format!(",endLine={},endColumn={}", end.0, end.1));
            }
        }
        head.push_str(&format!(",title={code}::"));
        assert!(line.starts_with(&head), "`{line}` is not `{head}…`");
        assert!(!line[head.len()..].contains('\n'));
    }

    let text = stdout_of(root, &["l10n", "check", "--format", "sarif"]);
    let sarif = sarif_results(&text);
    assert_eq!(sarif.len(), expected.len());
    // One rule per code, its help what the code is about (not one finding's advice).
    let log: serde_json::Value = serde_json::from_str(&text).expect("json");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let rule = rules
        .iter()
        .find(|r| r["id"] == "unknown-variable")
        .expect("a rule of unknown-variable");
    assert_eq!(
        rule["help"]["text"],
        "A `$variable` the reference message never uses (usually a translated name)."
    );
    for ((rule, level, uri, line, column), (code, severity, file, at, col, _)) in
        sarif.iter().zip(&expected)
    {
        assert_eq!(rule, code);
        assert_eq!(uri, file);
        assert_eq!((line, column), (at, col));
        let sarif_level = match severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(level, sarif_level);
    }
}

/// `verify --format github|sarif`: each failed check of a tampered artifact, on the
/// artifact's file; `package --check --format github|sarif`: each problem of a broken
/// `package.yaml` at its line and column.
#[test]
fn verify_and_package_check_speak_github_and_sarif() {
    let ws = sample_workspace();
    let root = ws.path();
    let dist = common::release(root);
    let artifact = dist.join("ledgerline-4.2.0.zip");
    let mut bytes = std::fs::read(&artifact).expect("artifact");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&artifact, bytes).expect("write");
    let args = |format: &'static str| {
        vec![
            "verify".to_string(),
            common::arg(&artifact).to_string(),
            "--allow-dev".to_string(),
            "--format".to_string(),
            format.to_string(),
        ]
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        stdout_of(root, &args)
    };
    let github = run(args("github"));
    assert!(
        github.lines().any(|l| l.starts_with(&format!(
            "::error file={},title=sha256::",
            common::arg(&artifact)
        ))),
        "{github}"
    );
    let sarif = sarif_results(&run(args("sarif")));
    assert!(
        sarif
            .iter()
            .any(|(rule, level, ..)| rule == "sha256" && level == "error")
    );

    common::edit_file(
        root,
        "packages/ledgerline/package.yaml",
        "version: 4.2.0",
        "version: [4, 2]",
    );
    let github = stdout_of(root, &["package", "--check", "--format", "github"]);
    let line = github
        .lines()
        .find(|l| l.contains("file=packages/ledgerline/package.yaml"))
        .unwrap_or_else(|| panic!("no finding on package.yaml:\n{github}"));
    assert!(
        line.starts_with("::error ") && line.contains(",line="),
        "{line}"
    );
    let sarif = sarif_results(&stdout_of(
        root,
        &["package", "--check", "--format", "sarif"],
    ));
    assert!(
        sarif.iter().any(
            |(_, level, uri, line, _)| uri == "packages/ledgerline/package.yaml"
                && level == "error"
                && *line > 0
        ),
        "{sarif:?}"
    );
}

/// Issue 27, item 3: one finding model. A finding's start, end and related locations (the
/// reference message a translation is checked against) are the same in the JSON report,
/// the GitHub workflow commands and SARIF.
#[test]
fn every_output_of_a_finding_agrees_on_its_start_end_and_related_places() {
    let ws = sample_workspace();
    let root = ws.path();
    common::edit_file(root, "locales/de/messenger.ftl", "{ $count }", "{ $cuont }");
    let args = |format: &'static str| {
        [
            "l10n",
            "check",
            "de",
            "--code",
            "unknown-variable",
            "--format",
            format,
        ]
    };
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(root, &args("json"))).expect("json");
    let finding = &json["locales"]["de"]["findings"][0];
    assert_eq!(finding["code"], "unknown-variable", "{json}");
    let n = |v: &serde_json::Value| v.as_u64().expect("a number") as usize;
    let (line, column) = (n(&finding["line"]), n(&finding["column"]));
    let (end_line, end_column) = (n(&finding["end_line"]), n(&finding["end_column"]));
    // The underlined `$cuont`: six characters on one line.
    assert_eq!((end_line, end_column), (line, column + 6), "{finding}");
    let related = &finding["related"][0];
    assert_eq!(related["file"], "locales/en-US/messenger.ftl");
    assert_eq!(related["message"], "the en-US message");
    let reference =
        std::fs::read_to_string(root.join("locales/en-US/messenger.ftl")).expect("en-US");
    let id = finding["id"].as_str().expect("id");
    let id_line = reference
        .lines()
        .position(|l| l.starts_with(&format!("{id} =")))
        .expect("the reference has it")
        + 1;
    assert_eq!((n(&related["line"]), n(&related["column"])), (id_line, 1));

    let github = stdout_of(root, &args("github"));
    assert!(
        github.starts_with(&format!(
            "::error file=locales/de/messenger.ftl,line={line},col={column},endLine={end_line},endColumn={end_column},title=unknown-variable::"
        )) && github.contains(&format!("see the en-US message: locales/en-US/messenger.ftl:{id_line}:1")),
        "{github}"
    );

    let sarif = stdout_of(root, &args("sarif"));
    sarif_results(&sarif);
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("json");
    let result = &log["runs"][0]["results"][0];
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            n(&region["startLine"]),
            n(&region["startColumn"]),
            n(&region["endLine"]),
            n(&region["endColumn"])
        ),
        (line, column, end_line, end_column)
    );
    let place = &result["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "locales/en-US/messenger.ftl"
    );
    assert_eq!(n(&place["region"]["startLine"]), id_line);
}
