//! A vendor's `package.yaml`: parsed and validated, every problem rendered with its snippet.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use alliance::package::def::{PackageFile, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source: Arc<str> = Arc::from(text);
    let rel = Path::new("packages/fuzz/package.yaml");
    let output = alliance::output::Output::new();
    match alliance::yaml::parse::<PackageFile>(rel, &source) {
        Ok(file) => {
            let mut problems = Vec::new();
            let _ = validate(Path::new("/nonexistent/fuzz"), rel, &source, &file, &mut problems);
            for problem in &problems {
                let _ = output.render_problem(problem);
            }
        }
        Err(problem) => {
            let _ = output.render_problem(&problem);
        }
    }
});
