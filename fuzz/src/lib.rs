//! The fuzz targets' bodies, one function per parser of untrusted input. The fuzz binaries
//! (`fuzz_targets/`) call them with libFuzzer's inputs; `tests/it/fuzz_regressions.rs` of the
//! main crate includes this file and replays the inputs kept in `tests/fuzz_regressions/`.
//! Each function must never panic, whatever `data` is.

use alliance::archive::{Expected, Limits, check_only, read_checked};
use alliance::l10n::{FtlFile, Locale};
use alliance::manifest::ArtifactManifest;
use alliance::manifest::ReleaseIndex;
use alliance::package::def::{read, validate};
use alliance::sign::{TrustedKey, verify_trusted};
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;

/// The hostile-archive reader: any bytes, read against an empty manifest and then against
/// one that expects every entry the archive names (so the size-capped reading runs too).
pub fn zip_read_checked(data: &[u8]) {
    let limits = Limits {
        max_total: 1 << 20,
        max_entries: 1_000,
    };
    let Ok((first, _)) = read_checked(
        data,
        &Expected::new(),
        limits,
        check_only::<alliance::diagnostic::Error>,
    ) else {
        return;
    };
    let _ = first.describe();
    let zeros = "0".repeat(64);
    let expected: Expected = first
        .added
        .iter()
        .map(|name| (name.as_str(), (16, zeros.as_str(), 0o644)))
        .collect();
    if let Ok((second, _)) = read_checked(
        data,
        &expected,
        limits,
        check_only::<alliance::diagnostic::Error>,
    ) {
        let _ = second.describe();
    }
}

/// An artifact manifest as a mirror could serve it: parsed, checked, turned into the entries
/// the archive must hold.
pub fn artifact_manifest(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match alliance::manifest::parse::<ArtifactManifest>(Path::new("x.manifest.yaml"), text) {
        Ok(manifest) => {
            let _ = alliance::verify::expected_entries(&manifest);
        }
        Err(problem) => {
            let _ = alliance::cli::render::Output::new().render_problem(&problem);
        }
    }
}

/// `release.yaml` as a mirror could serve it: parsed, compared with itself, shown.
pub fn release_index(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match alliance::manifest::parse::<ReleaseIndex>(Path::new("release.yaml"), text) {
        Ok(index) => {
            let diff = alliance::diff::diff(&index, &index);
            assert!(diff.is_empty(), "a release differs from itself");
            let _ = alliance::release::summary(&index);
        }
        Err(problem) => {
            let _ = alliance::cli::render::Output::new().render_problem(&problem);
        }
    }
}

const PUBLIC: &str = "untrusted comment: minisign public key 805F07BE058E9C24\n\
RWQknI4FvgdfgH7dbyp4gcQRwUHq5P102+QbjJ6fk+plnG0ktdzkgL8S\n";

/// A `.minisig` file as a mirror could serve it, checked against a trusted key: never a
/// panic, and never accepted (the fuzzer does not hold the secret key).
pub fn minisig(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let key = TrustedKey::parse(PUBLIC, "fuzz.pub".into()).expect("the fixed key parses");
    let keys = [key];
    // The signed data is the text itself: a signature over its own file cannot exist.
    assert!(verify_trusted(&keys, text, data).is_err());
    let _ = alliance::sign::verify(PUBLIC, text, b"data");
    let _ = TrustedKey::parse(text, "any".into());
    let _ = alliance::sign::comment_field(text, "sha256");
}

fn locale(tag: &str, bytes: &[u8]) -> Locale {
    Locale {
        tag: alliance::l10n::tag::Tag::new(tag),
        files: vec![FtlFile::new(
            "app.ftl",
            PathBuf::from(format!("locales/{tag}/app.ftl")),
            bytes,
        )],
    }
}

/// The translator check: a reference file and a translation (split at the first NUL byte),
/// loaded from their bytes (UTF-8 or not), checked and reported as `l10n check` does, text
/// and JSON.
pub fn ftl_check(data: &[u8]) {
    let (reference, translation) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, data),
    };
    let reference = locale("en-US", reference);
    let translations = [locale("de", translation), locale("ar", translation)];
    let options = alliance::l10n::check::Options {
        untranslated_allow: vec!["Spark".to_string()],
        typography_off: Vec::new(),
        errors_only: false,
        records: Default::default(),
    };
    let locales: Vec<&Locale> = translations.iter().collect();
    let report = alliance::l10n::check::check(&reference, &locales, &options);
    let output = alliance::cli::render::Output::new();
    for locale in report.locales.values() {
        for finding in &locale.findings {
            let _ = output.render_problem(&finding.problem);
        }
    }
    let _ = serde_json::to_string(&report.json(true));
}

/// A vendor's `package.yaml`: parsed and validated, every problem rendered with its snippet.
pub fn package_yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source: Arc<str> = Arc::from(text);
    let rel = Path::new("packages/fuzz/package.yaml");
    let output = alliance::cli::render::Output::new();
    let mut problems = Vec::new();
    if let Some(file) = read(rel, &source, &mut problems) {
        let _ = validate(
            Path::new("/nonexistent/fuzz"),
            rel,
            &source,
            &file,
            &mut problems,
        );
    }
    for problem in &problems {
        let _ = output.render_problem(problem);
    }
}
