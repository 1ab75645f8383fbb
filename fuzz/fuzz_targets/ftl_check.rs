#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| alliance_fuzz::ftl_check(data));
