//! The streaming packer (issue 13): the same bytes whatever the number of threads, the
//! compression a package asks for, and memory that does not grow with the payload.

mod common;

use std::path::Path;

use common::{alliance, sample_workspace};

/// A release built on one thread is byte for byte the release built on all of them.
#[test]
fn a_release_is_the_same_bytes_on_one_thread_and_on_all() {
    let parallel = sample_workspace();
    let dist = common::release(parallel.path());
    let single = tempfile::tempdir().expect("temp dir");
    common::copy_tree(parallel.path(), single.path());
    // The same development key, so that the signatures are the same too.
    std::fs::remove_dir_all(single.path().join("dist")).expect("no release yet");
    let output = alliance(single.path())
        .arg("release")
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .expect("runs");
    common::assert_success(&output);
    let one = common::contents(&single.path().join("dist/1995.08"));
    let all = common::contents(&dist);
    assert!(!all.is_empty());
    assert_eq!(
        one, all,
        "one thread and all threads built different releases"
    );
}

/// `compression: store` stores every entry; an unknown level is refused where it is
/// written, with the level meant.
#[test]
fn a_package_chooses_its_compression() {
    let ws = sample_workspace();
    let root = ws.path();
    let definition = "packages/ledgerline/package.yaml";
    common::edit_file(
        root,
        definition,
        "version: 4.2.0",
        "version: 4.2.0\ncompression: store",
    );
    let output = alliance(root)
        .args(["package", "ledgerline"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let zip = root.join("dist/1995.08/ledgerline-4.2.0.zip");
    let file = std::fs::File::open(&zip).expect("built");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        assert_eq!(
            entry.compression(),
            zip::CompressionMethod::Stored,
            "{:?}",
            entry.name()
        );
    }
    common::edit_file(root, definition, "compression: store", "compression: stor");
    let stderr = common::refused(root, &["package", "ledgerline"]);
    assert!(
        stderr.contains("`stor` is not a compression level")
            && stderr.contains("did you mean `store`?")
            && stderr.contains(&format!("{definition}:7:14")),
        "{stderr}"
    );
}

/// Writes `len` bytes that do not compress into `path`, quickly and the same every time.
fn noise(path: &Path, len: usize, seed: u64) {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut n = seed | 1;
    let mut block = vec![0u8; 1 << 16];
    for _ in 0..len / block.len() {
        for byte in &mut block {
            n ^= n << 13;
            n ^= n >> 7;
            n ^= n << 17;
            *byte = (n >> 32) as u8;
        }
        out.write_all(&block).expect("write");
    }
}

/// The largest resident set of process `pid` so far (`VmHWM`), in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Runs `command` to its end, reading its peak resident set from `/proc` meanwhile;
/// returns whether it succeeded, its stderr and the peak in KiB.
fn peak_of(mut command: std::process::Command) -> (bool, String, u64) {
    let mut child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_rss_kib(child.id()) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        use std::io::Read;
        let _ = pipe.read_to_string(&mut stderr);
    }
    assert!(peak > 0, "the peak resident set was read from /proc");
    (status.success(), stderr, peak)
}

/// Packing, verifying and installing a payload of 384 MB each stay far below it in memory:
/// nothing holds a whole file or the whole archive. The peak resident set is read from
/// `/proc` while each runs.
#[test]
fn packing_verifying_and_installing_a_payload_larger_than_the_memory_bound_stay_within_it() {
    const PAYLOAD: usize = 384 << 20;
    const BOUND_KIB: u64 = 128 << 10;
    let ws = sample_workspace();
    let root = ws.path();
    let files = root.join("packages/ledgerline/files/data");
    for (i, size) in [(0, PAYLOAD / 2), (1, PAYLOAD / 4), (2, PAYLOAD / 4)] {
        noise(&files.join(format!("blob-{i}.bin")), size, 7 + i as u64);
    }
    let mut package = alliance(root);
    package.args(["package", "ledgerline"]);
    let (ok, stderr, packing) = peak_of(package);
    assert!(ok, "{stderr}");
    let zip = root.join("dist/1995.08/ledgerline-4.2.0.zip");
    let size = std::fs::metadata(&zip).expect("built").len();
    assert!(
        size > PAYLOAD as u64,
        "the payload is in the installer ({size} bytes)"
    );

    let mut verify = alliance(root);
    verify.args(["verify", "--allow-dev", common::arg(&zip)]);
    let (ok, stderr, verifying) = peak_of(verify);
    assert!(ok, "{stderr}");

    let prefix = root.join("opt/ledgerline");
    let key = root.join(".alliance/dev-signing.pub");
    let mut install = alliance(root);
    install.args([
        "install",
        common::arg(&zip),
        "--prefix",
        common::arg(&prefix),
        "--key",
        common::arg(&key),
        "--allow-dev",
    ]);
    let (ok, stderr, installing) = peak_of(install);
    assert!(ok, "{stderr}");
    let installed = std::fs::metadata(prefix.join("data/blob-0.bin")).expect("installed");
    assert_eq!(installed.len(), (PAYLOAD / 2) as u64);

    eprintln!(
        "peak resident set: package {} MiB, verify {} MiB, install {} MiB",
        packing >> 10,
        verifying >> 10,
        installing >> 10
    );
    for (what, peak) in [
        ("package", packing),
        ("verify", verifying),
        ("install", installing),
    ] {
        assert!(
            peak < BOUND_KIB,
            "{what}: peak resident set {} MiB for a payload of {} MiB",
            peak >> 10,
            PAYLOAD >> 20
        );
    }
}

/// What a run says of each artifact: `(name, from the cache)`.
fn built(stderr: &str) -> Vec<(String, bool)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("built "))
        .map(|l| {
            let name = l.split(' ').next().unwrap_or_default().to_string();
            (name, l.contains("unchanged: from the cache"))
        })
        .collect()
}

/// A warm run takes every unchanged artifact from the cache, and its release is byte for
/// byte the cold one; a change to a package rebuilds that package's installer alone, and
/// a changed key rebuilds everything.
#[test]
fn a_warm_run_reuses_exactly_what_did_not_change() {
    let ws = sample_workspace();
    let root = ws.path();
    let dist = common::release(root);
    let cold = common::contents(&dist);
    let run = |args: &[&str]| {
        let output = alliance(root).args(args).output().expect("runs");
        common::assert_success(&output);
        built(&String::from_utf8_lossy(&output.stderr))
    };
    let warm = run(&["release"]);
    assert_eq!(warm.len(), 16, "{warm:?}");
    assert!(warm.iter().all(|(_, cached)| *cached), "{warm:?}");
    assert_eq!(
        common::contents(&dist),
        cold,
        "a warm release is the cold one"
    );

    common::edit_file(
        root,
        "packages/ledgerline/files/docs/README.md",
        "Ledgerline",
        "Ledgerline (changed)",
    );
    let changed = run(&["release"]);
    let rebuilt: Vec<&str> = changed
        .iter()
        .filter(|(_, cached)| !cached)
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(rebuilt, ["ledgerline-4.2.0.zip"], "{changed:?}");

    // Deleting the cache is safe: everything is built again, the same bytes.
    std::fs::remove_dir_all(root.join(".alliance/cache")).expect("cache");
    common::edit_file(
        root,
        "packages/ledgerline/files/docs/README.md",
        "Ledgerline (changed)",
        "Ledgerline",
    );
    let again = run(&["release"]);
    assert!(again.iter().all(|(_, cached)| !cached), "{again:?}");
    assert_eq!(common::contents(&dist), cold);
}
