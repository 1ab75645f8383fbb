//! The translator check: a reference file and a translation (split at the first NUL byte),
//! checked and reported as `l10n check` does, text and JSON.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use alliance::l10n::{FtlFile, Locale};
use libfuzzer_sys::fuzz_target;

fn locale(tag: &str, source: &str) -> Locale {
    Locale {
        tag: tag.to_string(),
        files: vec![FtlFile {
            rel: "app.ftl".to_string(),
            display: PathBuf::from(format!("locales/{tag}/app.ftl")),
            source: Arc::from(source),
        }],
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (reference, translation) = text.split_once('\0').unwrap_or((text, text));
    let reference = locale("en-US", reference);
    let translations = [locale("de", translation), locale("ar", translation)];
    let options = alliance::l10n::check::Options {
        untranslated_allow: vec!["Spark".to_string()],
    };
    let locales: Vec<&Locale> = translations.iter().collect();
    let report = alliance::l10n::check::check(&reference, &locales, &options);
    let output = alliance::output::Output::new();
    for locale in report.locales.values() {
        for finding in &locale.findings {
            let _ = output.render_problem(&finding.problem);
        }
    }
    let _ = serde_json::to_string(&report.json(true));
});
