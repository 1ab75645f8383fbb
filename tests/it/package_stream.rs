//! The streaming packer (issue 13): the same bytes whatever the number of threads, the
//! compression a package asks for, and memory that does not grow with the payload; and the
//! build cache, which reuses exactly what did not change and publishes nothing it did not
//! check (issue 20).

use std::path::{Path, PathBuf};

use crate::common;
use crate::common::{alliance, sample_workspace};

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

/// Packs `ledgerline` in the workspace `root`, verifies its installer and installs it into
/// `root/opt/ledgerline`, reading the peak resident set of each command (KiB, in that
/// order); returns the installer, the prefix and the peaks. Each command must succeed.
fn package_verify_install_peaks(root: &Path) -> (PathBuf, PathBuf, [u64; 3]) {
    let mut package = alliance(root);
    package.args(["package", "ledgerline"]);
    let (ok, stderr, packing) = peak_of(package);
    assert!(ok, "{stderr}");
    let zip = root.join("dist/1995.08/ledgerline-4.2.0.zip");
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
    ]);
    install.args(["--key", common::arg(&key), "--allow-dev"]);
    let (ok, stderr, installing) = peak_of(install);
    assert!(ok, "{stderr}");
    (zip, prefix, [packing, verifying, installing])
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
    let (zip, prefix, [packing, verifying, installing]) = package_verify_install_peaks(root);
    let size = std::fs::metadata(&zip).expect("built").len();
    assert!(
        size > PAYLOAD as u64,
        "the payload is in the installer ({size} bytes)"
    );
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

/// Issue 25: a package of 99,900 small files (with the sample's own, about as many entries
/// as an artifact may hold) is packed, verified and installed within these bounds. When
/// they were set: package 131 to 138 MiB (161 MiB a revision before; the target,
/// 100 MB, is not met: the templates' values, a map per file, are the peak); verify 90 MiB
/// and install 95 MiB (157 and 194 MiB before: the manifest's entries are borrowed, not
/// copied, to check the archive, each outcome kept in its entry; a mode is a number; the
/// journal borrows the receipts, YAML is written as it is serialized, and an install lets
/// the manifest's bytes go once checked). Verify is held to the 100 MB; install,
/// 99.6 MB now, to 110 MiB. A per-entry cost that grows again fails here.
#[test]
fn a_package_of_100_000_small_files_stays_within_its_memory_bound() {
    const FILES: usize = 99_900;
    const PACKAGE_KIB: u64 = 150 << 10;
    const VERIFY_KIB: u64 = 100_000_000 / 1024;
    const INSTALL_KIB: u64 = 110 << 10;
    let ws = sample_workspace();
    let root = ws.path();
    let files = root.join("packages/ledgerline/files/vendor");
    for folder in 0..FILES / 100 {
        let dir = files.join(format!("pkg{folder:03}/src"));
        std::fs::create_dir_all(&dir).expect("folder");
        for i in 0..100 {
            let text = format!("// file {folder}/{i}\npub fn f{i}() -> usize {{ {i} }}\n");
            std::fs::write(dir.join(format!("file{i:04}.rs")), text).expect("write");
        }
    }
    let (zip, prefix, [packing, verifying, installing]) = package_verify_install_peaks(root);
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).expect("built")).expect("zip");
    assert!(archive.len() > FILES, "{} entries", archive.len());
    assert!(prefix.join("vendor/pkg998/src/file0099.rs").is_file());

    eprintln!(
        "peak resident set for {FILES} files: package {} MiB, verify {} MiB, install {} MiB",
        packing >> 10,
        verifying >> 10,
        installing >> 10
    );
    for (what, peak, bound) in [
        ("package", packing, PACKAGE_KIB),
        ("verify", verifying, VERIFY_KIB),
        ("install", installing, INSTALL_KIB),
    ] {
        assert!(
            peak < bound,
            "{what}: peak resident set {} MiB for {FILES} files",
            peak >> 10
        );
    }
}

/// A pointer a killed run left half written in the cache (`previous/.new-*`, an hour old)
/// is removed by the next run that files an artifact; one a running build is writing (just
/// made) stays.
#[test]
fn a_killed_run_s_half_written_pointer_is_removed_by_the_next_build() {
    let ws = sample_workspace();
    let root = ws.path();
    package_ledgerline(root);
    let previous = root.join(".alliance/cache/previous");
    let killed = previous.join(".new-killed");
    std::fs::write(&killed, "half").expect("write");
    std::fs::File::options()
        .write(true)
        .open(&killed)
        .and_then(|f| {
            f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        })
        .expect("made old");
    let running = previous.join(".new-running");
    std::fs::write(&running, "half").expect("write");
    common::edit_file(
        root,
        "packages/ledgerline/files/docs/README.md",
        "Ledgerline",
        "Ledgerline (changed)",
    );
    package_ledgerline(root);
    assert!(!killed.exists(), "the killed run's pointer is left");
    assert!(running.exists(), "a running build's pointer was removed");
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

/// The entries of the build cache of the workspace at `root`: one folder each.
fn cache_entries(root: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(".alliance/cache"))
        .expect("a cache")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            p.is_dir() && name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
        })
        .collect();
    entries.sort();
    entries
}

/// Flips one bit of the byte at `at` of `path`, in place (the same inode), and puts its
/// modification time back: the change shows in the bytes alone.
fn flip_in_place(path: &Path, at: u64) {
    use std::io::{Read, Seek, SeekFrom, Write};
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("a time");
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("opens");
    let mut byte = [0u8; 1];
    file.seek(SeekFrom::Start(at)).expect("seeks");
    file.read_exact(&mut byte).expect("reads");
    byte[0] ^= 0x01;
    file.seek(SeekFrom::Start(at)).expect("seeks");
    file.write_all(&byte).expect("writes");
    file.set_modified(modified).expect("time put back");
}

/// Runs `alliance release` in `root`, which must succeed, and `alliance verify` of its
/// release folder, which must pass; returns what the run said of each artifact, and its
/// stderr.
fn release_and_verify(root: &Path) -> (Vec<(String, bool)>, String) {
    let output = alliance(root).arg("release").output().expect("runs");
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let (code, stdout, verify_err) = common::run(root, &["verify", "dist/1995.08", "--allow-dev"]);
    assert_eq!(
        code,
        Some(0),
        "the release does not verify:\n{stdout}{verify_err}"
    );
    (built(&stderr), stderr)
}

/// Issue 20, item 9: a cache entry whose artifact has one flipped byte (its size and time
/// as they were) is never published: the run exits 0 with every artifact built again, byte
/// for byte the cold build, says which entries it threw away, and the next run takes the
/// rebuilt ones from the cache again.
#[test]
fn a_cached_artifact_with_a_flipped_byte_is_built_again_never_published() {
    let ws = sample_workspace();
    let root = ws.path();
    let dist = common::release(root);
    let cold = common::contents(&dist);
    let entries = cache_entries(root);
    assert_eq!(entries.len(), 16, "{entries:?}");
    for entry in &entries {
        let artifact = entry.join("artifact.zip");
        let size = std::fs::metadata(&artifact).expect("cached").len();
        flip_in_place(&artifact, size / 2);
    }
    let (built, stderr) = release_and_verify(root);
    assert_eq!(built.len(), 16, "{stderr}");
    assert!(built.iter().all(|(_, cached)| !cached), "{stderr}");
    assert_eq!(
        common::contents(&dist),
        cold,
        "the rebuilt release is the cold one"
    );
    for (name, _) in &built {
        assert!(
            stderr.contains(&format!("the cached `{name}`")),
            "no warning names `{name}`:\n{stderr}"
        );
    }
    let (again, stderr) = release_and_verify(root);
    assert!(again.iter().all(|(_, cached)| *cached), "{stderr}");
    assert_eq!(common::contents(&dist), cold);
}

/// Issue 20, item 9: a cache entry whose signature was tampered with (one character of the
/// signature, or of its trusted comment) is never published: every artifact is signed
/// again, and the release is byte for byte the cold one.
#[test]
fn a_cached_artifact_with_a_broken_signature_is_built_again_never_published() {
    let ws = sample_workspace();
    let root = ws.path();
    let dist = common::release(root);
    let cold = common::contents(&dist);
    let entries = cache_entries(root);
    assert_eq!(entries.len(), 16, "{entries:?}");
    for (i, entry) in entries.iter().enumerate() {
        let path = entry.join("written.json");
        let mut record: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("record")).expect("json");
        let signature = record["signature"]
            .as_str()
            .expect("a signature")
            .to_string();
        let mut lines: Vec<String> = signature.lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 4, "{signature}");
        if i % 2 == 0 {
            // One base64 digit of the signature itself, its length kept.
            let line = &mut lines[1];
            let swapped = if line.as_bytes()[20] == b'A' {
                "B"
            } else {
                "A"
            };
            line.replace_range(20..21, swapped);
        } else {
            // The trusted comment: another release.
            lines[2] = lines[2].replace("release:1995.08", "release:1995.09");
        }
        record["signature"] = serde_json::Value::String(lines.join("\n") + "\n");
        std::fs::write(&path, record.to_string()).expect("write");
    }
    let (built, stderr) = release_and_verify(root);
    assert_eq!(built.len(), 16, "{stderr}");
    assert!(built.iter().all(|(_, cached)| !cached), "{stderr}");
    assert_eq!(
        common::contents(&dist),
        cold,
        "the rebuilt release is the cold one"
    );
}

/// Issue 20, item 9: a published artifact shares no file with the cache, so one edited in
/// place (its time put back) leaves the cache clean: the next run publishes the cold bytes
/// again, taken from the cache.
#[cfg(unix)]
#[test]
fn a_published_artifact_edited_in_place_never_poisons_the_cache() {
    use std::os::unix::fs::MetadataExt;
    let ws = sample_workspace();
    let root = ws.path();
    let dist = common::release(root);
    let cold = common::contents(&dist);
    // A warm run: everything from the cache.
    let (warm, stderr) = release_and_verify(root);
    assert!(warm.iter().all(|(_, cached)| *cached), "{stderr}");
    for name in common::artifacts(&dist) {
        flip_in_place(&dist.join(name), 100);
    }
    let (again, stderr) = release_and_verify(root);
    assert!(again.iter().all(|(_, cached)| *cached), "{stderr}");
    assert_eq!(common::contents(&dist), cold, "the cache was poisoned");
    let cached: Vec<u64> = cache_entries(root)
        .iter()
        .map(|e| {
            std::fs::metadata(e.join("artifact.zip"))
                .expect("cached")
                .ino()
        })
        .collect();
    for name in common::artifacts(&dist) {
        let published = std::fs::metadata(dist.join(&name)).expect("published");
        assert_eq!(published.nlink(), 1, "`{name}` has another name");
        assert!(
            !cached.contains(&published.ino()),
            "`{name}` is a file of the cache"
        );
    }
}

/// Issue 20, item 9: an earlier build of an artifact, signed and whole, filed under the key
/// of other inputs (an entry copied over another) is not taken: a hit must hold the entries
/// of the inputs this run has (here one payload file of the same size, changed).
#[test]
fn an_earlier_build_filed_under_the_key_of_new_inputs_is_not_taken() {
    let ws = sample_workspace();
    let root = ws.path();
    let dist = common::release(root);
    let installer = "ledgerline-4.2.0.zip";
    let entry_of = |bytes: &[u8]| {
        cache_entries(root)
            .into_iter()
            .find(|e| std::fs::read(e.join("artifact.zip")).expect("cached") == bytes)
            .expect("filed in the cache")
    };
    let old_entry = entry_of(&std::fs::read(dist.join(installer)).expect("built"));
    let saved = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&old_entry, saved.path());
    common::edit_file(
        root,
        "packages/ledgerline/files/docs/README.md",
        "Ledgerline",
        "LEDGERLINE",
    );
    common::release(root);
    let changed = common::contents(&dist);
    let new_entry = entry_of(&std::fs::read(dist.join(installer)).expect("built"));
    assert_ne!(old_entry, new_entry);
    for file in ["artifact.zip", "written.json"] {
        std::fs::copy(saved.path().join(file), new_entry.join(file)).expect("copied over");
    }
    let (built, stderr) = release_and_verify(root);
    let rebuilt: Vec<&str> = built
        .iter()
        .filter(|(_, cached)| !cached)
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(rebuilt, [installer], "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the cached `{installer}` does not hold `ledgerline-4.2.0/files/docs/README.md`"
        )),
        "{stderr}"
    );
    assert_eq!(common::contents(&dist), changed);
}

/// Issue 24, item 12: Java's streaming reader (`ZipInputStream`, as a download or a pipe is
/// read) reads every entry of an artifact: stored ones (one chunk of noise, an empty file)
/// with their sizes and CRC-32 in the local header, a large incompressible one as stored
/// blocks of deflate, text deflated. It refused the first stored entry ("only DEFLATED
/// entries can have EXT descriptor").
#[test]
fn java_s_streaming_reader_reads_every_entry() {
    // `java File.java` compiles the reader first: a JDK, not only a runtime.
    common::require_tool("javac");
    let ws = sample_workspace();
    let root = ws.path();
    let data = root.join("packages/ledgerline/files/data");
    noise(&data.join("noise.bin"), 300 << 10, 7);
    noise(&data.join("big-noise.bin"), 3 << 20, 9);
    std::fs::write(data.join("empty.txt"), b"").expect("written");
    std::fs::write(
        data.join("photo.png"),
        b"not really a png, stored by its name",
    )
    .expect("written");
    let output = alliance(root)
        .args(["package", "ledgerline"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let zip = root.join("dist/1995.08/ledgerline-4.2.0.zip");
    let read = std::process::Command::new("java")
        .arg(common::repo().join("tests/it/ZipStreamRead.java"))
        .arg(&zip)
        .output()
        .expect("java runs");
    let stderr = String::from_utf8_lossy(&read.stderr);
    assert!(read.status.success(), "java failed: {stderr}");
    let mut java: Vec<(String, u64, String)> = String::from_utf8(read.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| {
            let mut fields = line.split('\t');
            let name = fields.next().expect("name").to_string();
            let size = fields.next().expect("size").parse().expect("a size");
            (name, size, fields.next().expect("sha256").to_string())
        })
        .collect();
    java.sort();
    let manifest: alliance::manifest::ArtifactManifest = serde_saphyr::from_str(
        &std::fs::read_to_string(root.join("dist/1995.08/ledgerline-4.2.0.manifest.yaml"))
            .expect("manifest"),
    )
    .expect("parses");
    let mut listed: Vec<(String, u64, String)> = manifest
        .files
        .iter()
        .map(|e| (e.path.clone(), e.size, e.sha256.clone()))
        .collect();
    listed.sort();
    assert_eq!(java, listed);
    let file = std::fs::File::open(&zip).expect("built");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut method = |name: &str| -> zip::CompressionMethod {
        archive
            .by_name(&format!("ledgerline-4.2.0/files/data/{name}"))
            .expect("entry")
            .compression()
    };
    assert_eq!(method("noise.bin"), zip::CompressionMethod::Stored);
    assert_eq!(method("empty.txt"), zip::CompressionMethod::Stored);
    assert_eq!(method("big-noise.bin"), zip::CompressionMethod::Deflated);
}

/// A payload for a repack: many small text files, one of several chunks, one that does not
/// compress, and one stored for its name alone.
fn repack_payload(root: &Path) {
    let files = root.join("packages/ledgerline/files/data");
    std::fs::create_dir_all(&files).expect("folder");
    for i in 0..300 {
        let text: String = (0..(i % 17 + 3))
            .map(|line| {
                format!(
                    "part {i}, line {line}: debit {} credit {}\n",
                    i * 7,
                    line * 3
                )
            })
            .collect();
        std::fs::write(files.join(format!("part-{i:03}.txt")), text).expect("write");
    }
    let log: String = (0..120_000)
        .map(|i| {
            format!(
                "{i:08} posted entry {} to ledger {}\n",
                i * 31 % 977,
                i % 13
            )
        })
        .collect();
    std::fs::write(files.join("journal.log"), log).expect("write");
    noise(&files.join("noise.bin"), 3 << 19, 11);
    std::fs::write(
        files.join("picture.png"),
        "not a picture, text ".repeat(400),
    )
    .expect("write");
}

/// Changes, adds, removes and renames files of [`repack_payload`]: a rename that keeps
/// its place in name order, one that moves before the files around it, and one that
/// turns a file stored for its name into one compressed.
fn repack_changes(root: &Path) {
    let files = root.join("packages/ledgerline/files/data");
    std::fs::write(files.join("part-007.txt"), "changed\n").expect("change");
    std::fs::write(files.join("added.txt"), "a new file\n".repeat(50)).expect("add");
    std::fs::remove_file(files.join("part-009.txt")).expect("remove");
    let rename = |from: &str, to: &str| {
        std::fs::rename(files.join(from), files.join(to)).expect("rename");
    };
    rename("part-003.txt", "part-003-moved.txt");
    rename("part-250.txt", "a-moved-first.txt");
    rename("picture.png", "picture.txt");
}

/// What `package ledgerline` said of its installer: the `built …` line.
fn package_ledgerline(root: &Path) -> String {
    let output = alliance(root)
        .args(["package", "ledgerline"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or_else(|| panic!("no `built` line: {stderr}"))
        .to_string()
        + "\n"
        + &stderr
}

/// The release folder of a cold build of the workspace at `root` (its files and its
/// development key, no cache), made in a copy of it.
fn cold_build(root: &Path) -> std::collections::BTreeMap<std::path::PathBuf, String> {
    let cold = tempfile::tempdir().expect("temp dir");
    common::copy_tree(root, cold.path());
    std::fs::remove_dir_all(cold.path().join("dist")).expect("a release");
    std::fs::remove_dir_all(cold.path().join(".alliance/cache")).expect("a cache");
    let said = package_ledgerline(cold.path());
    assert!(!said.contains("copied from the last build"), "{said}");
    common::contents(&cold.path().join("dist/1995.08"))
}

/// Issue 25, item 2: after files are changed, added, removed and renamed, a build copies
/// the compressed data of everything unchanged from the last build instead of compressing
/// it again, and what it writes is byte for byte what a cold build of the same files
/// writes.
#[test]
fn a_repack_copies_what_did_not_change_and_is_byte_identical_to_a_cold_build() {
    let ws = sample_workspace();
    let root = ws.path();
    repack_payload(root);
    let first = package_ledgerline(root);
    assert!(!first.contains("copied from the last build"), "{first}");
    repack_changes(root);
    let said = package_ledgerline(root);
    let copied = said
        .split("; ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no count of entries copied: {said}"));
    let total = said
        .split(" of ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("no count of entries: {said}"));
    // Of the payload's 304 files, 4 changed or new are compressed, 1 moved before its
    // neighbours is compressed again; the rendered templates are copied too.
    assert!(copied >= 290 && copied < total, "{said}");
    assert_eq!(
        common::contents(&root.join("dist/1995.08")),
        cold_build(root),
        "the repack is not the cold build"
    );
    // The repack is the last build now: nothing changed, it comes from the cache whole.
    let again = package_ledgerline(root);
    assert!(again.contains("unchanged: from the cache"), "{again}");
}

/// Nothing is copied from a last build that is not what its signed index states: an
/// artifact with a flipped byte is noticed when it is read, and the installer is built
/// again from its files (said in a warning); an index with a changed offset does not
/// verify and is not used. Each time the result is the cold build.
#[test]
fn a_tampered_last_build_is_never_copied_from() {
    let ws = sample_workspace();
    let root = ws.path();
    repack_payload(root);
    package_ledgerline(root);
    let [entry] = <[_; 1]>::try_from(cache_entries(root)).expect("one cache entry");
    let artifact = entry.join("artifact.zip");
    flip_in_place(
        &artifact,
        std::fs::metadata(&artifact).expect("cached").len() / 3,
    );
    repack_changes(root);
    let said = package_ledgerline(root);
    assert!(
        said.contains("could not be copied from: it is not the archive its record states")
            && said.contains("it was built again from its files"),
        "{said}"
    );
    assert_eq!(
        common::contents(&root.join("dist/1995.08")),
        cold_build(root)
    );

    // The index of the new entry, with one offset changed and its signature kept.
    let entry = cache_entries(root)
        .into_iter()
        .max_by_key(|e| std::fs::metadata(e).and_then(|m| m.modified()).ok())
        .expect("an entry");
    flip_in_place(&entry.join("packed.bin"), 200);
    std::fs::write(
        root.join("packages/ledgerline/files/data/part-100.txt"),
        "changed too\n",
    )
    .expect("change");
    let said = package_ledgerline(root);
    assert!(!said.contains("copied from the last build"), "{said}");
    assert!(!said.contains("warning: the last build"), "{said}");
    assert_eq!(
        common::contents(&root.join("dist/1995.08")),
        cold_build(root)
    );
}

/// Issue 25, item 1: a package the cache never built is read once, as it is written, and
/// the cache learns from that writing what its settled files held (one stat each, no
/// second read): every payload file is remembered with the digest of its bytes. A file
/// changed since, even in place to the same size with its time put back, is read again:
/// the next artifact holds its new bytes.
#[test]
fn a_cold_build_teaches_the_cache_what_its_files_held_and_a_change_since_is_read_again() {
    use sha2::Digest;
    use std::io::Read;
    let ws = sample_workspace();
    let root = ws.path();
    // A file changed within two seconds of a run is never remembered.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let said = package_ledgerline(root);
    assert!(!said.contains("copied from the last build"), "{said}");
    let remembered =
        std::fs::read_to_string(root.join(".alliance/cache/inputs.json")).expect("remembered");
    let files = root.join("packages/ledgerline/files");
    let payload: Vec<_> = common::walk(&files)
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    assert!(payload.len() >= 5, "{payload:?}");
    for path in &payload {
        let rel = path.strip_prefix(&files).expect("inside");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.ends_with(".bak") {
            continue;
        }
        let digest = sha2::Sha256::digest(std::fs::read(path).expect("read"));
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        // Named by the first 128 bits of the SHA-256 of its path.
        let named = sha2::Sha256::digest(format!("./packages/ledgerline/files/{rel}"));
        let named: String = named[..16].iter().map(|b| format!("{b:02x}")).collect();
        let key = format!("\"{named}\":");
        let at = remembered
            .find(&key)
            .unwrap_or_else(|| panic!("`{rel}` is not remembered: {remembered}"));
        // `stat`, then `sha256`, then `crc32`.
        let end = remembered[at..]
            .find("crc32")
            .map_or(remembered.len(), |e| at + e);
        let record = &remembered[at..end];
        assert!(record.contains(&hex), "`{rel}`: {record}");
    }

    let changed = files.join("data/tax-codes.tsv");
    let before = std::fs::read(&changed).expect("read");
    flip_in_place(&changed, 3);
    let after = std::fs::read(&changed).expect("read");
    assert_ne!(before, after);
    assert_eq!(before.len(), after.len());
    package_ledgerline(root);
    let zip = root.join("dist/1995.08/ledgerline-4.2.0.zip");
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(&zip).expect("built")).expect("a zip");
    let mut entry = archive
        .by_name("ledgerline-4.2.0/files/data/tax-codes.tsv")
        .expect("the entry");
    let mut held = Vec::new();
    entry.read_to_end(&mut held).expect("reads");
    assert_eq!(
        held, after,
        "the artifact holds the file as it was before it changed"
    );
}
