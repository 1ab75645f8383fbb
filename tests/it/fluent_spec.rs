//! alliance's Fluent syntax against the specification's reference parser (python's
//! `fluent.syntax`, installed by `./test` into `target/python`): the same Junk entries, at
//! the same bytes, on every fixture of `tests/fixtures/fluent-spec/` and on generated
//! files mixing valid and broken entries.

use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use alliance::l10n::FtlFile;

use crate::common::repo;

/// The python with `fluent.syntax`: `ALLIANCE_FLUENT_PYTHON`, else `target/python`.
fn reference_python() -> PathBuf {
    if let Some(python) = std::env::var_os("ALLIANCE_FLUENT_PYTHON") {
        return PathBuf::from(python);
    }
    let python = repo().join("target/python/bin/python");
    let works = Command::new(&python)
        .args(["-c", "import fluent.syntax"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        works,
        "this test needs the Fluent reference parser, python's `fluent.syntax`, which is not \
         installed in target/python: `./test` installs it (tests/tools.txt)"
    );
    python
}

/// The Junk spans of each of `texts` by the reference parser.
fn reference_junk(texts: &[String]) -> Vec<Vec<Range<usize>>> {
    let mut child = Command::new(reference_python())
        .arg(repo().join("tests/it/fluent_reference.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python runs");
    let input = serde_json::to_vec(texts).expect("json");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("python answers");
    writer.join().expect("writer").expect("written");
    assert!(output.status.success(), "the reference parser failed");
    let spans: Vec<Vec<[usize; 2]>> = serde_json::from_slice(&output.stdout).expect("spans");
    spans
        .into_iter()
        .map(|file| file.into_iter().map(|[a, b]| a..b).collect())
        .collect()
}

/// The Junk spans of `text` by alliance (the span of each syntax error).
fn our_junk(text: &str) -> Vec<Range<usize>> {
    let file = FtlFile::new("x.ftl", "locales/de/x.ftl", text.as_bytes());
    file.syntax_errors()
        .iter()
        .filter_map(|e| e.slice.clone())
        .collect()
}

/// The differences between alliance's Junk and the reference's, one line each.
fn differences(names: &[String], texts: &[String]) -> Vec<String> {
    let reference = reference_junk(texts);
    names
        .iter()
        .zip(texts)
        .zip(reference)
        .filter_map(|((name, text), expected)| {
            let ours = our_junk(text);
            (ours != expected).then(|| {
                let show = |spans: &[Range<usize>]| {
                    spans
                        .iter()
                        .map(|s| format!("{:?}", &text[s.clone()]))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!(
                    "{name}:\n  reference: {expected:?} [{}]\n  alliance:  {ours:?} [{}]",
                    show(&expected),
                    show(&ours)
                )
            })
        })
        .collect()
}

#[test]
fn every_fixture_has_the_reference_parsers_junk() {
    let dir = repo().join("tests/fixtures/fluent-spec");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 16, "the fixtures are there");
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("fixture"))
        .collect();
    let junk: usize = reference_junk(&texts).iter().map(Vec::len).sum();
    assert!(junk > 50, "the fixtures hold broken entries: {junk}");
    let differences = differences(&names, &texts);
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Pieces of Fluent, valid and broken, that files are generated from.
const PIECES: &[&str] = &[
    "a = A\n",
    "b = { $n }\n",
    "c = { NUMBER($n, minimumFractionDigits: 2) }\n",
    "d = { NUMBER($n minimumFractionDigits: 2) }\n",
    "e = { NUMBER(1 2) }\n",
    "f = { \n",
    "g = {\n",
    "h = { $x\n",
    "i = A }\n",
    "#error\n",
    "# comment\n",
    "## group\n",
    "####\n",
    "#\n",
    "-t = Term\n",
    "- t = Term\n",
    "-t = { -u(case: \"gen\") }\n",
    "-t = { -u(a: \"1\" b: \"2\") }\n",
    "j =\n    .attr = A\n",
    "k =\n",
    "l\n",
    "m = { $n ->\n    [one] One\n   *[other] Other\n}\n",
    "n = { $n ->\n    [one] One\n}\n",
    "o = { $n ->\n   *[one] One\n   *[other] Other\n}\n",
    "p = Multi\n    line\n",
    "    indented\n",
    "\n",
    "q = { \"unclosed\n",
    "r = { FN(,) }\n",
    "s = { FN(1,) }\n",
    "t = {1.}\n",
    "u = { msg.attr.sub }\n",
    "v = Täst { \"ü\" } 😀\n",
    "w = [not a variant\n",
    "x = *[not] either\n",
    "y = .dot\n",
    "z = { -t.attr ->\n   *[a] A\n}\n",
    "0 = zero\n",
    "}\n",
    "aa = {{{1}}}\n",
    "bb = {{1}\n",
    "cc = 1}\n",
];

/// A deterministic sequence of generated files (xorshift: no seed from outside).
fn generated(count: usize) -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let pieces = 1 + next() % 6;
            let mut text: String = (0..pieces)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            if next() % 5 == 0 {
                text = text.replace('\n', "\r\n");
            }
            if next() % 7 == 0 {
                text.pop();
            }
            text
        })
        .collect()
}

#[test]
fn generated_files_have_the_reference_parsers_junk() {
    let texts = generated(10_000);
    let names: Vec<String> = texts.iter().map(|t| format!("{t:?}")).collect();
    let differences = differences(&names, &texts);
    assert!(
        differences.is_empty(),
        "{} of {} files differ:\n{}",
        differences.len(),
        texts.len(),
        differences
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
