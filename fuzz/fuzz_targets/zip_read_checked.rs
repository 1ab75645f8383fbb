//! The hostile-archive reader: any bytes, read against an empty manifest and then against
//! one that expects every entry the archive names (so the size-capped reading runs too).
#![no_main]

use alliance::archive::{Expected, Limits, read_checked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_total: 1 << 20,
        max_entries: 1_000,
    };
    let Ok(first) = read_checked(data, &Expected::new(), limits, |_, _, _| Ok(())) else {
        return;
    };
    let _ = first.describe();
    let expected: Expected = first
        .added
        .iter()
        .map(|name| (name.clone(), (16, "0".repeat(64), 0o644)))
        .collect();
    if let Ok(second) = read_checked(data, &expected, limits, |_, _, _| Ok(())) {
        let _ = second.describe();
    }
});
