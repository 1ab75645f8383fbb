//! One limit of entries per artifact (issue 9, item 6): `release` builds an artifact of
//! exactly [`MAX_ENTRIES`] entries, `verify` and `install` read it, and one entry more is
//! refused when building, naming the package and the limit.

use alliance::manifest::{ArtifactManifest, MAX_ENTRIES};

use crate::common;
use crate::common::{arg, run, sample_workspace};

#[test]
fn an_artifact_at_the_entry_limit_releases_verifies_and_installs_and_one_more_is_refused() {
    let ws = sample_workspace();
    let dir = common::release(ws.path());
    let manifest: ArtifactManifest = serde_saphyr::from_str(
        &std::fs::read_to_string(dir.join("ledgerline-4.2.0.manifest.yaml")).expect("manifest"),
    )
    .expect("parses");
    let extra = MAX_ENTRIES - manifest.files.len();
    let bulk = ws.path().join("packages/ledgerline/files/bulk");
    for i in 0..extra {
        let folder = bulk.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&folder).expect("dir");
        }
        std::fs::write(folder.join(format!("{i:06}.txt")), i.to_string()).expect("write");
    }
    let (code, _, stderr) = run(ws.path(), &["package", "ledgerline"]);
    assert_eq!(code, Some(0), "{stderr}");
    let installer = dir.join("ledgerline-4.2.0.zip");
    let (code, stdout, _) = run(ws.path(), &["verify", arg(&installer), "--allow-dev"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!("{MAX_ENTRIES} entries match the manifest")),
        "{stdout}"
    );
    let prefix = ws.path().join("opt/ledgerline");
    let dev = ws.path().join(".alliance/dev-signing.pub");
    let (code, stdout, stderr) = common::install(
        ws.path(),
        &installer,
        &prefix,
        &["--key", arg(&dev), "--allow-dev"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("files"), "{stdout}");
    assert!(prefix.join("bulk/000/000000.txt").is_file());

    std::fs::write(bulk.join("one-more.txt"), "x").expect("write");
    let stderr = common::refused(ws.path(), &["package", "ledgerline"]);
    assert!(
        stderr.contains("packages/ledgerline")
            && stderr.contains(&format!("{} entries", MAX_ENTRIES + 1))
            && stderr.contains("100000"),
        "{stderr}"
    );
}
