//! Issue 29, delta upgrades: the parts of a file an upgrade asks a mirror for (HTTP
//! `Range`), against the test server taught ranges and its lies.

use std::path::Path;
use std::time::Duration;

use alliance::remote::http::{Client, Ranged, Waits};

use crate::common::{
    self, SignedWorkspace, arg, install_from, set_release, signed_workspace, user,
};
use crate::http::{Lie, Reply, Server};

/// A folder served over HTTP holding `data.bin`, 100,000 bytes of a repeating pattern.
fn served(reply: Reply) -> (tempfile::TempDir, Server, Vec<u8>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(dir.path().join("data.bin"), &data).expect("write");
    let server = Server::start(dir.path(), move |_| reply.clone());
    (dir, server, data)
}

fn client() -> Client {
    Client::new(Waits {
        timeout: Duration::from_secs(10),
        deadline: Duration::from_secs(30),
        min_rate: 1024,
    })
}

/// Asks `server` for `len` bytes at `start` of `data.bin` (100,000 bytes).
fn ask(server: &Server, start: u64, len: u64) -> (alliance::diagnostic::Result<Ranged>, Vec<u8>) {
    let mut got = Vec::new();
    let url = format!("{}/data.bin", server.url());
    let answer = client().range(&url, (start, len), 100_000, |piece| {
        got.extend_from_slice(piece);
        Ok(())
    });
    (answer, got)
}

#[test]
fn a_part_of_a_file_is_fetched_as_asked_and_only_that_part_is_sent() {
    let (_dir, server, data) = served(Reply::File);
    for (start, len) in [(0, 1), (12_345, 40_000), (99_999, 1), (0, 100_000)] {
        let before = server.bytes_sent();
        let (answer, got) = ask(&server, start, len);
        assert_eq!(answer.expect("fetched"), Ranged::Part);
        assert_eq!(got, data[start as usize..(start + len) as usize]);
        assert_eq!(server.bytes_sent() - before, len, "sent for {start}+{len}");
    }
}

#[test]
fn a_server_that_ignores_ranges_is_told_apart_and_its_body_is_not_read() {
    let (_dir, server, _) = served(Reply::WholeOnly);
    let (answer, got) = ask(&server, 10, 10);
    assert_eq!(answer.expect("answered"), Ranged::Whole);
    assert!(got.is_empty(), "{} bytes handed on", got.len());
}

#[test]
fn a_part_the_file_does_not_have_is_not_asked_for() {
    let (_dir, server, _) = served(Reply::File);
    for (start, len) in [(99_999, 2), (100_000, 1), (0, 0), (u64::MAX, 2)] {
        let (answer, _) = ask(&server, start, len);
        let error = answer.expect_err("refused").to_string();
        assert!(error.contains("outside the file"), "{start}+{len}: {error}");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn a_server_that_lies_about_a_part_is_refused_saying_how() {
    for (lie, says) in [
        (
            Lie::Shifted,
            "sent `Content-Range: bytes 11-20/100000` instead",
        ),
        (Lie::Short, "stopped after 9 bytes"),
    ] {
        let (_dir, server, _) = served(Reply::Lying(lie));
        let (answer, _) = ask(&server, 10, 10);
        let error = answer.expect_err("refused").to_string();
        assert!(
            error.contains("asked for bytes 10-19 of 100000"),
            "{lie:?}: {error}"
        );
        assert!(error.contains(says), "{lie:?}: {error}");
    }
    // Another total: the file on the mirror is not the one the signed index sized.
    let (_dir, server, _) = served(Reply::File);
    let mut sink = |_: &[u8]| Ok(());
    let url = format!("{}/data.bin", server.url());
    let error = client()
        .range(&url, (10, 10), 99_000, &mut sink)
        .expect_err("refused")
        .to_string();
    assert!(error.contains("bytes 10-19/100000"), "{error}");
    // Wrong bytes under the right headers pass here: the signed manifest's SHA-256 of the
    // entry they belong to is what catches them.
    let (_dir, server, data) = served(Reply::Lying(Lie::Bytes));
    let (answer, got) = ask(&server, 10, 10);
    assert_eq!(answer.expect("fetched"), Ranged::Part);
    assert_ne!(got, data[10..20]);
    assert_eq!(got[..5], data[10..15], "the middle byte is the one changed");
}

/// The size of each file [`publisher`] adds: 2,000 make an installer of 64 MiB, in which
/// the index, the manifest and the signatures of an upgrade are less than 1%.
const SIZE: usize = 32 << 10;

/// Pseudo-random bytes (incompressible, as most of an installer is), `len` of them, from
/// `seed`.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// A publisher of the sample whose ledgerline carries `files` more files of 32 KiB each
/// (`vendor/dNN/fNNNN.bin`), released as 1995.08 (ledgerline 4.2.0); and its server.
fn publisher(files: usize) -> (SignedWorkspace, Server) {
    let publisher = signed_workspace();
    let vendor = publisher.path().join("packages/ledgerline/files/vendor");
    for i in 0..files {
        let dir = vendor.join(format!("d{:02}", i / 100));
        std::fs::create_dir_all(&dir).expect("folder");
        std::fs::write(dir.join(format!("f{i:04}.bin")), noise(i as u64, SIZE)).expect("file");
    }
    publisher.release(&[]);
    let server = Server::serve(&publisher.dist());
    (publisher, server)
}

/// Releases 1995.09 (ledgerline 4.3.0) after `change` changed the workspace.
fn next_release(publisher: &SignedWorkspace, change: impl FnOnce(&Path)) {
    change(&publisher.path().join("packages/ledgerline/files"));
    set_release(publisher.path(), "1995.09", "4.3.0");
    publisher.release(&[]);
}

/// The name of ledgerline's installer in release folder `release` of `publisher`.
fn installer(publisher: &SignedWorkspace, release: &str) -> String {
    std::fs::read_dir(publisher.dist().join(release))
        .expect("release folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("ledgerline") && n.ends_with(".zip"))
        .expect("ledgerline's installer")
}

/// Installs ledgerline from `release` of `server` into `prefix`, asserting success.
fn install(server: &Server, release: &str, key: &Path, prefix: &Path) {
    let url = format!("{}/{release}", server.url());
    let (code, _, stderr) = install_from(&url, "ledgerline", key, prefix, &[]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// `alliance upgrade --prefix PREFIX --from SERVER/1995.09 --key KEY EXTRA…`.
fn upgrade(server: &Server, key: &Path, prefix: &Path, extra: &[&str]) -> common::Outcome {
    let url = format!("{}/1995.09", server.url());
    let mut args = vec![
        "upgrade",
        "--prefix",
        arg(prefix),
        "--from",
        &url,
        "--key",
        arg(key),
    ];
    args.extend_from_slice(extra);
    user(&args)
}

/// What `prefix` holds, file by file (path and bytes), besides alliance's own records.
fn contents(prefix: &Path) -> Vec<(String, Vec<u8>)> {
    common::walk(prefix)
        .into_iter()
        .filter(|p| p.is_file())
        .filter_map(|p| {
            let rel = p.strip_prefix(prefix).ok()?.to_string_lossy().into_owned();
            (!rel.starts_with(".alliance")).then(|| {
                let bytes = std::fs::read(&p).expect("read");
                (rel, bytes)
            })
        })
        .collect()
}

/// What a full install of 1995.09 from `server` puts into a fresh prefix.
fn full_install(server: &Server, key: &Path) -> Vec<(String, Vec<u8>)> {
    let tmp = tempfile::tempdir().expect("temp dir");
    install(server, "1995.09", key, &tmp.path().join("q"));
    contents(&tmp.path().join("q"))
}

#[test]
fn an_upgrade_fetches_only_the_changed_file_and_installs_what_a_full_install_does() {
    let (publisher, server) = publisher(2000);
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    install(&server, "1995.08", &key, &prefix);
    next_release(&publisher, |files| {
        // Bytes no file of the last version holds (those of another file would be copied).
        let new = noise(1_000_000, SIZE);
        std::fs::write(files.join("vendor/d07/f0777.bin"), new).expect("write");
    });
    let zip = format!("/1995.09/{}", installer(&publisher, "1995.09"));
    let size = std::fs::metadata(publisher.dist().join(&zip[1..]))
        .expect("installer")
        .len();
    // A dry run says what it would fetch, fetching the directory to know, and changes nothing.
    let before = contents(&prefix);
    let (code, stdout, stderr) = upgrade(&server, &key, &prefix, &["--dry-run"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("would upgrade ledgerline 4.2.0 to 4.3.0")
            && stdout.contains("the 1 of its")
            && stdout.contains("nothing was changed"),
        "{stdout}"
    );
    same(&contents(&prefix), &before);
    let (looked, all_before) = (server.bytes_sent_for(&zip), server.bytes_sent());
    assert!(looked * 100 < size, "{looked} of {size} bytes to look");
    let (code, stdout, stderr) = upgrade(&server, &key, &prefix, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("upgraded ledgerline 4.2.0 to 4.3.0"),
        "{stdout}"
    );
    assert!(stdout.contains("the 1 of its"), "{stdout}");
    let fetched = server.bytes_sent_for(&zip) - looked;
    // With the index, the manifest and the signatures.
    let all = server.bytes_sent() - all_before;
    eprintln!("fetched {fetched} of the installer's {size} bytes, {all} bytes in all");
    assert!(fetched * 100 < size, "{fetched} of {size} bytes: {stdout}");
    assert!(all * 100 < size, "{all} bytes in all for {size}: {stdout}");
    same(&contents(&prefix), &full_install(&server, &key));
}

#[test]
fn a_renamed_file_is_not_fetched_and_a_file_the_user_changed_is_kept_as_before() {
    let (publisher, server) = publisher(20);
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let (delta, full) = (tmp.path().join("delta"), tmp.path().join("full"));
    for prefix in [&delta, &full] {
        install(&server, "1995.08", &key, prefix);
        std::fs::write(prefix.join("vendor/d00/f0003.bin"), "the user's").expect("edit");
    }
    next_release(&publisher, |files| {
        let vendor = files.join("vendor/d00");
        std::fs::rename(vendor.join("f0005.bin"), vendor.join("renamed.bin")).expect("rename");
    });
    let (code, stdout, stderr) = upgrade(&server, &key, &delta, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    // The user's changed file is the one entry fetched: no installed file holds it.
    assert!(stdout.contains("the 1 of its"), "{stdout}");
    let (code, stdout, stderr) = upgrade(&server, &key, &full, &["--full"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stdout.contains(" installer:"), "{stdout}");
    same(&contents(&delta), &contents(&full));
    assert_eq!(
        std::fs::read(delta.join("vendor/d00/renamed.bin")).expect("renamed"),
        noise(5, SIZE)
    );
    assert_eq!(
        std::fs::read(delta.join("vendor/d00/f0003.bin.alliance-old")).expect("kept"),
        b"the user's"
    );
}

#[test]
fn a_mirror_that_ignores_or_garbles_ranges_gets_a_full_download_never_a_wrong_install() {
    let (publisher, _) = publisher(20);
    let key = publisher.public_key();
    next_release(&publisher, |files| {
        std::fs::write(files.join("vendor/d00/f0001.bin"), "changed").expect("write");
    });
    let zip = installer(&publisher, "1995.09");
    let good = Server::serve(&publisher.dist());
    let expected = full_install(&good, &key);
    for (reply, says) in [
        (Reply::WholeOnly, "does not serve ranges"),
        (Reply::Lying(Lie::Shifted), "asked for bytes"),
        (Reply::Lying(Lie::Short), "stopped after"),
        (Reply::Lying(Lie::Bytes), "the parts fetched were refused"),
    ] {
        let zip = zip.clone();
        let server = Server::start(&publisher.dist(), move |path| {
            if path.ends_with(&zip) {
                reply.clone()
            } else {
                Reply::File
            }
        });
        let tmp = tempfile::tempdir().expect("temp dir");
        let prefix = tmp.path().join("p");
        install(&server, "1995.08", &key, &prefix);
        let (code, stdout, stderr) = upgrade(&server, &key, &prefix, &[]);
        assert_eq!(code, Some(0), "{says}: {stderr}");
        assert!(stdout.contains("fetched the whole installer"), "{stdout}");
        assert!(stdout.contains(says), "{says}: {stdout}");
        same(&contents(&prefix), &expected);
    }
}

#[test]
fn an_installer_whose_directory_lists_what_the_manifest_does_not_is_refused() {
    let (publisher, server) = publisher(20);
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    install(&server, "1995.08", &key, &prefix);
    let before = contents(&prefix);
    next_release(&publisher, |files| {
        std::fs::write(files.join("vendor/d00/f0001.bin"), "changed").expect("write");
    });
    // The same size, one entry renamed in its local header and in the central directory.
    let path = publisher
        .dist()
        .join("1995.09")
        .join(installer(&publisher, "1995.09"));
    let mut bytes = std::fs::read(&path).expect("installer");
    let (from, to) = (b"d00/f0002.bin", b"d00/g0002.bin");
    let mut renamed = 0;
    for at in 0..bytes.len() - from.len() {
        if bytes[at..at + from.len()] == *from {
            bytes[at..at + to.len()].copy_from_slice(to);
            renamed += 1;
        }
    }
    assert_eq!(
        renamed, 2,
        "the name is in its local header and in the directory"
    );
    std::fs::write(&path, bytes).expect("write");
    let (code, _, stderr) = upgrade(&server, &key, &prefix, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("lists `ledgerline")
            && stderr.contains("g0002.bin`, which the signed manifest does not"),
        "{stderr}"
    );
    same(&contents(&prefix), &before);
}

#[test]
fn a_delta_upgrade_killed_midway_leaves_the_old_version_and_the_next_run_upgrades() {
    let (publisher, _) = publisher(20);
    let key = publisher.public_key();
    next_release(&publisher, |files| {
        std::fs::write(files.join("vendor/d00/f0001.bin"), noise(99, 300_000)).expect("write");
    });
    let zip = installer(&publisher, "1995.09");
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = asked.clone();
    let stalling = Server::start(&publisher.dist(), move |path| {
        if !path.ends_with(&zip) {
            return Reply::File;
        }
        // The last bytes first, then the part that changed, which stalls half way.
        match seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) {
            0 => Reply::File,
            _ => Reply::Lying(Lie::Stall),
        }
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let good = Server::serve(&publisher.dist());
    install(&good, "1995.08", &key, &prefix);
    let before = contents(&prefix);
    asked.store(0, std::sync::atomic::Ordering::SeqCst);
    let url = format!("{}/1995.09", stalling.url());
    let mut child = common::user_command(&[
        "upgrade",
        "--prefix",
        arg(&prefix),
        "--from",
        &url,
        "--key",
        arg(&key),
    ])
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .expect("runs");
    let started = std::time::Instant::now();
    while asked.load(std::sync::atomic::Ordering::SeqCst) < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no part was asked for"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().expect("kill -9");
    child.wait().expect("waited");
    same(&contents(&prefix), &before);
    let (code, stdout, stderr) = upgrade(&good, &key, &prefix, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("the 1 of its"), "{stdout}");
    same(&contents(&prefix), &full_install(&good, &key));
}

/// A local user who can write the prefix puts a link to a file of someone else's in place of
/// an installed file, keeping its contents: the upgrade reads nothing through the link (the
/// entry is fetched), and leaves the prefix as an upgrade with `--full` does.
#[cfg(unix)]
#[test]
fn an_installed_file_replaced_by_a_link_is_not_read_through_it() {
    let (publisher, server) = publisher(20);
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let (delta, full) = (tmp.path().join("delta"), tmp.path().join("full"));
    for (prefix, secret) in [(&delta, "secret-1"), (&full, "secret-2")] {
        install(&server, "1995.08", &key, prefix);
        let installed = prefix.join("vendor/d00/f0004.bin");
        let secret = tmp.path().join(secret);
        std::fs::rename(&installed, &secret).expect("moved away");
        std::os::unix::fs::symlink(&secret, &installed).expect("link");
    }
    next_release(&publisher, |files| {
        std::fs::write(files.join("vendor/d00/f0001.bin"), "changed").expect("write");
    });
    let (code, stdout, stderr) = upgrade(&server, &key, &delta, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    // The changed file and the one behind the link: both fetched.
    assert!(stdout.contains("the 2 of its"), "{stdout}");
    let (code, _, stderr) = upgrade(&server, &key, &full, &["--full"]);
    assert_eq!(code, Some(0), "{stderr}");
    same(&contents(&delta), &contents(&full));
}

/// Asserts that two prefixes' contents are the same, naming the files that differ.
fn same(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    let differ: Vec<&str> = a
        .iter()
        .filter(|entry| !b.contains(entry))
        .chain(b.iter().filter(|entry| !a.contains(entry)))
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(differ.is_empty(), "they differ in {differ:?}");
}
