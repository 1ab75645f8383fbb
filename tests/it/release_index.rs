//! The index `alliance release` writes for the sample workspace, as a snapshot: every
//! artifact, its size, hash, manifest and signature, and the key that signed it (its id
//! redacted: a development key is made per workspace).

use crate::common::{release, sample_workspace};

#[test]
fn the_index_of_the_sample_release() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let text = std::fs::read_to_string(dir.join("release.yaml")).expect("release.yaml");
    let index: alliance::manifest::ReleaseIndex =
        alliance::manifest::parse(&dir.join("release.yaml"), &text).expect("parses");
    let key_id = &index.signed_by.key_id;
    assert_eq!(key_id.len(), 16, "{key_id}");
    assert!(
        index.artifacts.values().all(|a| &a.key_id == key_id),
        "every artifact is signed by the index's key"
    );
    insta::assert_snapshot!(text.replace(key_id.as_str(), "[KEY ID]"));
}
