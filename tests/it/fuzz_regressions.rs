//! The fuzz targets' inputs worth keeping (issue 9, fuzzing), replayed on every test run:
//! every crash a fuzzer found, and a sample of what they cover, per target in
//! `tests/fuzz_regressions/<target>/`. The bodies are those the fuzzers run
//! (`fuzz/src/lib.rs`); an input that panics fails the test and is named.

#[path = "../../fuzz/src/lib.rs"]
mod targets;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs kept in {}", dir.display());
    for input in inputs {
        let data = std::fs::read(&input).expect("input");
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!("{target} panics on {}", input.display());
        }
    }
}

#[test]
fn zip_read_checked() {
    replay("zip_read_checked", targets::zip_read_checked);
}

#[test]
fn artifact_manifest() {
    replay("artifact_manifest", targets::artifact_manifest);
}

#[test]
fn release_index() {
    replay("release_index", targets::release_index);
}

#[test]
fn minisig() {
    replay("minisig", targets::minisig);
}

#[test]
fn ftl_check() {
    replay("ftl_check", targets::ftl_check);
}

#[test]
fn package_yaml() {
    replay("package_yaml", targets::package_yaml);
}
