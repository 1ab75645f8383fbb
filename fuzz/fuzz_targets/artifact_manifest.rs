//! An artifact manifest as a mirror could serve it: parsed, checked, turned into the entries
//! the archive must hold.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use alliance::manifest::ArtifactManifest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source: Arc<str> = Arc::from(text);
    match alliance::yaml::parse::<ArtifactManifest>(Path::new("x.manifest.yaml"), &source) {
        Ok(manifest) => {
            let _ = alliance::verify::expected_entries(&manifest);
        }
        Err(problem) => {
            let _ = alliance::output::Output::new().render_problem(&problem);
        }
    }
});
