//! `release.yaml` as a mirror could serve it: parsed, compared with itself, shown.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use alliance::manifest::ReleaseIndex;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source: Arc<str> = Arc::from(text);
    match alliance::yaml::parse::<ReleaseIndex>(Path::new("release.yaml"), &source) {
        Ok(index) => {
            let diff = alliance::diff::diff(&index, &index);
            assert!(diff.is_empty(), "a release differs from itself");
            let _ = alliance::release::summary(&index);
        }
        Err(problem) => {
            let _ = alliance::output::Output::new().render_problem(&problem);
        }
    }
});
