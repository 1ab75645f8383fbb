//! A `.minisig` file as a mirror could serve it, checked against a trusted key: never a
//! panic, and never accepted (the fuzzer does not hold the secret key).
#![no_main]

use alliance::sign::{TrustedKey, verify_trusted};
use libfuzzer_sys::fuzz_target;

const PUBLIC: &str = "untrusted comment: minisign public key 805F07BE058E9C24\n\
RWQknI4FvgdfgH7dbyp4gcQRwUHq5P102+QbjJ6fk+plnG0ktdzkgL8S\n";

fuzz_target!(|data: &[u8]| {
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
});
