#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| alliance_fuzz::package_yaml(data));
