//! Issue 14: `install --from`, `upgrade` and `mirror` against real HTTP servers on
//! 127.0.0.1 that the tests start themselves: a good mirror, and hostile ones that tamper,
//! roll back, freeze, send endless or stalled bodies, or redirect in a loop.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common;
use crate::common::{
    ReleaseKey, SignedWorkspace, arg, assert_success, install_from, set_release, signed_workspace,
    user,
};
use crate::http::{Reply, Server};

/// Installs ledgerline from the release 1995.08 `server` serves, with `extra` arguments;
/// asserts that it is refused (exit 1) with nothing written to `prefix`; returns stderr.
fn refused_from(server: &Server, key: &Path, prefix: &Path, extra: &[&str]) -> String {
    let url = folder(server, "1995.08");
    let (code, _, stderr) = install_from(&url, "ledgerline", key, prefix, extra);
    assert_eq!(code, Some(1), "{stderr}");
    untouched(prefix);
    stderr
}

/// A server of `dist` that answers `reply()` for the file `name` (of any folder) and serves
/// every other file as it is.
fn hostile(
    dist: &Path,
    name: &'static str,
    reply: impl Fn() -> Reply + Send + Sync + 'static,
) -> Server {
    Server::start(dist, move |path| {
        if path.rsplit('/').next() == Some(name) {
            reply()
        } else {
            Reply::File
        }
    })
}

/// The release folder's address on `server`.
fn folder(server: &Server, release: &str) -> String {
    format!("{}/{release}", server.url())
}

/// Asserts that `prefix` was never made, or holds nothing.
fn untouched(prefix: &Path) {
    assert!(
        !prefix.exists() || std::fs::read_dir(prefix).expect("read").next().is_none(),
        "{} holds files",
        prefix.display()
    );
}

#[test]
fn install_from_a_good_mirror_verifies_installs_and_records_where_from() {
    let publisher = signed_workspace();
    publisher.release(&["--sequence", "100", "--expires", "30d"]);
    let server = Server::serve(&publisher.dist());
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("ledgerline");
    let url = folder(&server, "1995.08");
    let (code, stdout, stderr) =
        install_from(&url, "ledgerline", &publisher.public_key(), &prefix, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("installed ledgerline 4.2.0"), "{stdout}");
    assert!(stdout.contains(&format!("fetched from {url}")), "{stdout}");
    assert!(prefix.join("bin/ledgerline").is_file());
    let receipt = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt");
    assert!(receipt.contains(&format!("url: {url}")), "{receipt}");
    assert!(receipt.contains("sequence: 100"), "{receipt}");
    // Everything came from the server: index, its signature, the artifact's four files.
    let requests = server.requests();
    for file in [
        "release.yaml",
        "release.yaml.minisig",
        "ledgerline-4.2.0.zip",
        "ledgerline-4.2.0.zip.minisig",
        "ledgerline-4.2.0.manifest.yaml",
        "ledgerline-4.2.0.manifest.yaml.minisig",
    ] {
        assert!(
            requests.contains(&format!("/1995.08/{file}")),
            "{file} not fetched: {requests:?}"
        );
    }

    // A bundle: the closest locale the release has (de-AT takes de).
    let bundle = prefix.with_file_name("spark");
    let (code, stdout, stderr) = install_from(
        &url,
        "spark-messenger",
        &publisher.public_key(),
        &bundle,
        &["--locale", "de-AT"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("spark-messenger-3.2.1-de.zip"), "{stdout}");
    assert!(bundle.join("locales/de").is_dir());
    assert!(
        stderr.contains(
            "release 1995.08 has no bundle of `de-AT`; installing the closest it has, `de`"
        ),
        "{stderr}"
    );
    // What is no language tag is refused, not taken as the reference locale.
    let stderr = common::refusal(install_from(
        &url,
        "spark-messenger",
        &publisher.public_key(),
        &prefix.with_file_name("odd"),
        &["--locale", "../x"],
    ));
    assert!(stderr.contains("`../x` is not a language tag"), "{stderr}");

    // A typo gets a suggestion and the list of what there is.
    let (code, _, stderr) = install_from(
        &url,
        "ledgerlin",
        &publisher.public_key(),
        &prefix.with_file_name("typo"),
        &[],
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("no installer of `ledgerlin` (did you mean `ledgerline`?)"),
        "{stderr}"
    );
}

#[test]
fn a_proxy_from_the_environment_carries_every_request() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let server = Server::serve(&publisher.dist());
    let proxy = Server::serve(&publisher.dist());
    let prefix = tempfile::tempdir().expect("temp dir");
    let url = folder(&server, "1995.08");
    let output = common::alliance(prefix.path())
        .args(["install", "ledgerline", "--from", &url, "--key"])
        .arg(publisher.public_key())
        .arg("--prefix")
        .arg(prefix.path().join("p"))
        .env("HTTP_PROXY", proxy.url())
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .expect("runs");
    assert_success(&output);
    // An index without an expiry is taken, and said to be one.
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("the signed index of release 1995.08 never expires"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Every connection went through the proxy, as a tunnel to the server.
    let authority = server.url().replace("http://", "");
    let tunnels = proxy.requests();
    assert!(!tunnels.is_empty());
    assert!(
        tunnels.iter().all(|r| *r == format!("CONNECT {authority}")),
        "{tunnels:?}"
    );
    assert!(
        server
            .requests()
            .contains(&"/1995.08/ledgerline-4.2.0.zip".to_string()),
        "{:?}",
        server.requests()
    );
}

#[test]
fn a_tampered_artifact_is_refused_and_nothing_is_written() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let zip = publisher.dist().join("1995.08/ledgerline-4.2.0.zip");
    let mut tampered = std::fs::read(&zip).expect("zip");
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x20;
    let server = hostile(&publisher.dist(), "ledgerline-4.2.0.zip", move || {
        Reply::Bytes(tampered.clone())
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let stderr = refused_from(&server, &publisher.public_key(), &prefix, &[]);
    assert!(
        stderr.contains("ledgerline-4.2.0.zip: its SHA-256 is not the one the signed index states"),
        "{stderr}"
    );
    untouched(&prefix);
}

#[test]
fn a_tampered_an_unsigned_and_a_foreign_index_are_refused() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let index = std::fs::read_to_string(publisher.dist().join("1995.08/release.yaml"))
        .expect("index")
        .replace("version: \"4.2.0\"", "version: \"9.9.9\"");
    let tampering = hostile(&publisher.dist(), "release.yaml", move || {
        Reply::Bytes(index.clone().into_bytes())
    });
    let unsigned = hostile(&publisher.dist(), "release.yaml.minisig", || {
        Reply::Status(404)
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let stderr = refused_from(&tampering, &publisher.public_key(), &prefix, &[]);
    assert!(stderr.contains("release.yaml"), "{stderr}");
    assert!(stderr.contains("signature"), "{stderr}");
    let stderr = refused_from(&unsigned, &publisher.public_key(), &prefix, &[]);
    assert!(
        stderr.contains("is not signed (no `release.yaml.minisig`)"),
        "{stderr}"
    );
    // Signed, but by a key the user did not pin: the mirror's own key counts for nothing.
    let other = SignedWorkspace::new(ReleaseKey::Other);
    let good = Server::serve(&publisher.dist());
    let stderr = refused_from(&good, &other.public_key(), &prefix, &[]);
    assert!(stderr.contains("release.yaml"), "{stderr}");
    untouched(&prefix);
}

#[test]
fn an_expired_index_is_refused_unless_the_user_accepts_it_loudly() {
    let publisher = signed_workspace();
    let output = publisher.try_release(&["--expires", "2001-02-03"]);
    assert_success(&output);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("expired at 2001-02-03T23:59:59Z already"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let index =
        std::fs::read_to_string(publisher.dist().join("1995.08/release.yaml")).expect("index");
    assert!(
        index.contains("expires: \"2001-02-03T23:59:59Z\""),
        "{index}"
    );
    let server = Server::serve(&publisher.dist());
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let url = folder(&server, "1995.08");
    let (code, _, stderr) = install_from(&url, "ledgerline", &publisher.public_key(), &prefix, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the signed index expired at 2001-02-03T23:59:59Z"),
        "{stderr}"
    );
    untouched(&prefix);
    let (code, _, stderr) = install_from(
        &url,
        "ledgerline",
        &publisher.public_key(),
        &prefix,
        &["--allow-expired"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("accepted because of --allow-expired"),
        "{stderr}"
    );
}

#[test]
fn a_mirror_cannot_roll_an_install_back_by_sequence_or_by_version() {
    let publisher = signed_workspace();
    publisher.release(&["--sequence", "100"]);
    let old = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&publisher.dist(), old.path());
    // The next release: ledgerline 4.3.0.
    set_release(publisher.path(), "1995.09", "4.3.0");
    publisher.release(&[]);
    let server = Server::serve(&publisher.dist());
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let (code, _, stderr) = install_from(
        &folder(&server, "1995.09"),
        "ledgerline",
        &publisher.public_key(),
        &prefix,
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let receipt = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt");
    // The sequence went up by itself: one above the release before it.
    assert!(receipt.contains("sequence: 809222400"), "{receipt}");

    // The older release, served again: its lower sequence gives it away.
    let old_server = Server::serve(old.path());
    let (code, _, stderr) = install_from(
        &folder(&old_server, "1995.08"),
        "ledgerline",
        &publisher.public_key(),
        &prefix,
        &["--allow-downgrade"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "the index has sequence 100, below the 809222400 this install has already seen"
        ),
        "{stderr}"
    );

    // A newer index (by sequence) holding an older version: install never goes down.
    set_release(publisher.path(), "1995.10", "4.1.0");
    publisher.release(&[]);
    let (code, _, stderr) = install_from(
        &folder(&server, "1995.10"),
        "ledgerline",
        &publisher.public_key(),
        &prefix,
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("ledgerline 4.1.0 is lower than the installed 4.3.0"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(prefix.join(".alliance-receipt.yaml"))
            .expect("receipt")
            .contains("version: \"4.3.0\"")
    );
}

#[test]
fn an_endless_body_is_cut_at_the_signed_size_at_once() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let size = std::fs::metadata(publisher.dist().join("1995.08/ledgerline-4.2.0.zip"))
        .expect("zip")
        .len();
    let endless = hostile(&publisher.dist(), "ledgerline-4.2.0.zip", || Reply::Endless);
    let lying = hostile(&publisher.dist(), "ledgerline-4.2.0.zip", || {
        Reply::LongerThan(100 << 30)
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    for server in [&endless, &lying] {
        let started = Instant::now();
        let stderr = refused_from(server, &publisher.public_key(), &prefix, &[]);
        assert!(
            stderr.contains(&format!(
                "ledgerline-4.2.0.zip: the server sends more than the {size} bytes allowed for it"
            )),
            "{stderr}"
        );
        assert!(started.elapsed() < Duration::from_secs(20));
    }
    // The index itself is capped too.
    let endless_index = hostile(&publisher.dist(), "release.yaml", || Reply::Endless);
    let stderr = refused_from(&endless_index, &publisher.public_key(), &prefix, &[]);
    assert!(
        stderr.contains("release.yaml: the server sends more than the 16777216 bytes"),
        "{stderr}"
    );
}

#[test]
fn a_stalled_server_times_out() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let stalling = hostile(&publisher.dist(), "ledgerline-4.2.0.zip", || {
        Reply::StallAfter(100)
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let started = Instant::now();
    let stderr = refused_from(
        &stalling,
        &publisher.public_key(),
        &prefix,
        &["--timeout", "1"],
    );
    assert!(
        stderr.contains("ledgerline-4.2.0.zip: the server sent nothing for 1 s; gave up"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn a_redirect_loop_is_given_up_and_no_redirect_leaves_http() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let looping = hostile(&publisher.dist(), "release.yaml", || {
        Reply::Redirect("/1995.08/release.yaml".to_string())
    });
    let to_file = hostile(&publisher.dist(), "release.yaml", || {
        Reply::Redirect("file:///etc/passwd".to_string())
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let stderr = refused_from(&looping, &publisher.public_key(), &prefix, &[]);
    assert!(
        stderr.contains("release.yaml: redirected more than 5 times"),
        "{stderr}"
    );
    assert!(looping.requests().len() <= 7, "{:?}", looping.requests());
    let stderr = refused_from(&to_file, &publisher.public_key(), &prefix, &[]);
    assert!(stderr.contains("release.yaml"), "{stderr}");
    untouched(&prefix);
    // Not a web address at all.
    let (code, _, stderr) = install_from(
        "file:///etc",
        "ledgerline",
        &publisher.public_key(),
        &prefix,
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`file:///etc` is not an http:// or https:// address"),
        "{stderr}"
    );
    // A password in the address would end up in every message and in the receipt.
    let with_password = folder(&looping, "1995.08").replace("http://", "http://alice:s3cret@");
    let (code, _, stderr) = install_from(
        &with_password,
        "ledgerline",
        &publisher.public_key(),
        &prefix,
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("an address with a user name or password is not taken")
            && !stderr.contains("s3cret"),
        "{stderr}"
    );
}

#[test]
fn mirror_copies_a_good_release_that_then_verifies_and_resumes_without_fetching_again() {
    let publisher = signed_workspace();
    publisher.release(&["--expires", "30d"]);
    let server = Server::serve(&publisher.dist());
    let copy = tempfile::tempdir().expect("temp dir");
    let dir = copy.path().join("1995.08");
    let url = folder(&server, "1995.08");
    let key = publisher.public_key();
    let (code, stdout, stderr) = user(&["mirror", &url, arg(&dir), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("16 artifacts fetched"), "{stdout}");
    assert!(
        stdout.contains("not copied: index.html (the download page is not signed)"),
        "{stdout}"
    );
    // Issue 24, item 5: one line per artifact and counts that agree (it printed every
    // check, ~150 lines, then "17 of 17 artifacts verified" after "16 fetched").
    assert!(
        stdout.contains("16 of 16 artifacts verified, and the signed index"),
        "{stdout}"
    );
    assert!(stdout.lines().count() < 25, "{stdout}");
    assert!(stdout.contains("✓ ledgerline-4.2.0.zip\n"), "{stdout}");
    let (_, verbose, _) = user(&["mirror", &url, arg(&dir), "--key", arg(&key), "--verbose"]);
    assert!(
        verbose.contains("sha256"),
        "every check with --verbose: {verbose}"
    );
    let (code, stdout, stderr) = user(&["verify", arg(&dir), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    // `sha256sum -c` passes on the copy too.
    common::require_tool("sha256sum");
    common::run_tool(&dir, "sha256sum", &["-c", "--quiet", "SHA256SUMS"]);

    // An interrupted copy resumes: one artifact lost, only it is fetched again.
    std::fs::remove_file(dir.join("ledgerline-4.2.0.zip")).expect("remove");
    let before = server.requests().len();
    let (code, stdout, stderr) = user(&["mirror", &url, arg(&dir), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("1 artifact fetched, 15 already there"),
        "{stdout}"
    );
    let zips: Vec<String> = server.requests()[before..]
        .iter()
        .filter(|r| r.ends_with(".zip"))
        .cloned()
        .collect();
    assert_eq!(zips, ["/1995.08/ledgerline-4.2.0.zip"]);

    // A file of the copy that is a link to one elsewhere is fetched again, never kept.
    let elsewhere = copy.path().join("elsewhere.zip");
    std::fs::rename(dir.join("moatkeeper-7.0.3.zip"), &elsewhere).expect("move");
    std::os::unix::fs::symlink(&elsewhere, dir.join("moatkeeper-7.0.3.zip")).expect("link");
    let (code, stdout, stderr) = user(&["mirror", &url, arg(&dir), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("1 artifact fetched"), "{stdout}");
    assert!(
        std::fs::symlink_metadata(dir.join("moatkeeper-7.0.3.zip"))
            .expect("zip")
            .file_type()
            .is_file()
    );
}

#[test]
fn mirror_of_a_bad_release_keeps_nothing_that_does_not_verify() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let other = std::fs::read(
        publisher
            .dist()
            .join("1995.08/ledgerline-4.2.0.zip.minisig"),
    )
    .expect("signature");
    // An artifact's signature swapped for another artifact's: the artifact is not proven.
    let server = hostile(
        &publisher.dist(),
        "moatkeeper-7.0.3.zip.minisig",
        move || Reply::Bytes(other.clone()),
    );
    let copy = tempfile::tempdir().expect("temp dir");
    let dir = copy.path().join("1995.08");
    let key = publisher.public_key();
    let (code, _, stderr) = user(&[
        "mirror",
        &folder(&server, "1995.08"),
        arg(&dir),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("moatkeeper-7.0.3.zip: does not verify"),
        "{stderr}"
    );
    assert!(!dir.join("moatkeeper-7.0.3.zip").exists());
    assert!(!dir.join("moatkeeper-7.0.3.manifest.yaml").exists());
    // Without its index, the copy is no release that anything would serve or trust.
    assert!(!dir.join("release.yaml").exists());
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn upgrade_installs_what_is_newer_and_says_when_it_is_up_to_date() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let server = Server::serve(&publisher.dist());
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let key = publisher.public_key();
    let (code, _, stderr) = install_from(
        &folder(&server, "1995.08"),
        "ledgerline",
        &key,
        &prefix,
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stdout, stderr) = user(&["upgrade", "--prefix", arg(&prefix), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("ledgerline 4.2.0 in") && stdout.contains("is up to date"),
        "{stdout}"
    );
    set_release(publisher.path(), "1995.09", "4.3.0");
    publisher.release(&[]);
    let (code, stdout, stderr) = user(&[
        "upgrade",
        "--prefix",
        arg(&prefix),
        "--from",
        &folder(&server, "1995.09"),
        "--key",
        arg(&key),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("upgraded ledgerline 4.2.0 to 4.3.0"),
        "{stdout}"
    );
    // The receipt now points at the newer release folder: the next upgrade asks there.
    let (code, stdout, stderr) = user(&["upgrade", "--prefix", arg(&prefix), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("ledgerline 4.3.0 in") && stdout.contains("release 1995.09"),
        "{stdout}"
    );
}

#[test]
fn expires_in_the_configuration_is_checked_where_it_is_written() {
    let publisher = signed_workspace();
    let config = publisher.path().join("alliance.yaml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, format!("{text}expires: soon\n")).expect("config");
    let stderr = common::refusal(common::outcome(&publisher.try_release(&[])));
    assert!(stderr.contains("`soon` is not an expiry"), "{stderr}");
    assert!(stderr.contains("alliance.yaml:"), "{stderr}");
    std::fs::write(&config, format!("{text}expires: 30d\n")).expect("config");
    publisher.release(&[]);
    let index =
        std::fs::read_to_string(publisher.dist().join("1995.08/release.yaml")).expect("index");
    assert!(index.contains("expires: "), "{index}");
}

#[test]
fn a_server_that_trickles_is_cut_off_by_the_lowest_rate() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    let trickling = hostile(&publisher.dist(), "ledgerline-4.2.0.zip", || Reply::Trickle);
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let started = Instant::now();
    // Every read gets a byte within the timeout; the whole would take 18 minutes.
    let stderr = refused_from(
        &trickling,
        &publisher.public_key(),
        &prefix,
        &["--timeout", "1"],
    );
    assert!(
        stderr.contains("slower than the 4096 bytes a second allowed; gave up"),
        "{stderr}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn the_newest_sequence_seen_counts_even_when_nothing_was_installed() {
    let publisher = signed_workspace();
    let copies = tempfile::tempdir().expect("temp dir");
    for sequence in ["100", "200"] {
        publisher.release(&["--sequence", sequence]);
        common::copy_tree(&publisher.dist(), &copies.path().join(sequence));
    }
    publisher.release(&["--sequence", "150"]);
    let s100 = Server::serve(&copies.path().join("100"));
    let s200 = Server::serve(&copies.path().join("200"));
    let s150 = Server::serve(&publisher.dist());
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let key = publisher.public_key();
    let (code, _, stderr) =
        install_from(&folder(&s100, "1995.08"), "ledgerline", &key, &prefix, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let upgrade = |server: &Server| {
        user(&[
            "upgrade",
            "--prefix",
            arg(&prefix),
            "--from",
            &folder(server, "1995.08"),
            "--key",
            arg(&key),
        ])
    };
    let (code, stdout, stderr) = upgrade(&s200);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("is up to date"), "{stdout}");
    let receipt = std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt");
    assert!(receipt.contains("sequence: 200"), "{receipt}");
    let (code, _, stderr) = upgrade(&s150);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the index has sequence 150, below the 200 this install has already seen"),
        "{stderr}"
    );
    // The same holds for an install of the same version, which changes nothing else.
    let (code, _, stderr) =
        install_from(&folder(&s200, "1995.08"), "ledgerline", &key, &prefix, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    // And for a copy: a folder holding sequence 200 takes no 150 from a mirror.
    let copy = tmp.path().join("copy");
    let mirror = |server: &Server| {
        user(&[
            "mirror",
            &folder(server, "1995.08"),
            arg(&copy),
            "--key",
            arg(&key),
        ])
    };
    let (code, _, stderr) = mirror(&s200);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = mirror(&s150);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the index has sequence 150, below the 200"),
        "{stderr}"
    );
}

#[test]
fn an_unsigned_manifest_is_never_parsed() {
    let publisher = signed_workspace();
    publisher.release(&[]);
    // Not even YAML: were it parsed, the parser would say so.
    let server = hostile(&publisher.dist(), "ledgerline-4.2.0.manifest.yaml", || {
        Reply::Bytes(b"files: [unclosed".to_vec())
    });
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let stderr = refused_from(&server, &publisher.public_key(), &prefix, &[]);
    assert!(
        stderr.contains(
            "ledgerline-4.2.0.manifest.yaml: its signature does not verify with a pinned key"
        ),
        "{stderr}"
    );
}

/// Issue 24, item 3: a Windows-only package is refused on this system, naming its targets
/// (`--any-target` installs it), and the messenger, which comes as one bundle per language,
/// follows `LANG` when no `--locale` is given, or says that `--locale` is needed and lists
/// the locales (it said "release 1995.08 has no installer of spark-messenger").
#[test]
fn a_foreign_installer_is_refused_and_a_bundle_follows_the_user_s_language() {
    let publisher = signed_workspace();
    common::edit_file(
        publisher.path(),
        "packages/ledgerline/package.yaml",
        "targets: [unix, windows]",
        "targets: [windows]",
    );
    publisher.release(&[]);
    let server = Server::serve(&publisher.dist());
    let url = folder(&server, "1995.08");
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("ledgerline");
    let (code, _, stderr) = install_from(&url, "ledgerline", &key, &prefix, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("ledgerline 4.2.0 is built for windows only")
            && stderr.contains("--any-target"),
        "{stderr}"
    );
    untouched(&prefix);
    let (code, _, stderr) = install_from(&url, "ledgerline", &key, &prefix, &["--any-target"]);
    assert_eq!(code, Some(0), "{stderr}");

    let bundle = |lang: &str, into: &str| {
        common::user_command(&[
            "install",
            "spark-messenger",
            "--from",
            &url,
            "--key",
            arg(&key),
            "--prefix",
            arg(&tmp.path().join(into)),
        ])
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("runs")
    };
    let german = common::outcome(&bundle("de_DE.UTF-8", "spark-de"));
    assert_eq!(german.0, Some(0), "{}", german.2);
    assert!(
        german.1.contains("spark-messenger-3.2.1-de.zip"),
        "{}",
        german.1
    );
    assert!(german.2.contains("LANG=de_DE.UTF-8"), "{}", german.2);
    let plain = common::refusal(common::outcome(&bundle("C.UTF-8", "spark-c")));
    assert!(
        plain.contains("comes as one bundle per language")
            && plain.contains("give --locale, one of: ar, de, en-US"),
        "{plain}"
    );
}

/// The receipt of the install in `prefix`.
fn receipt(prefix: &Path) -> String {
    std::fs::read_to_string(prefix.join(".alliance-receipt.yaml")).expect("receipt")
}

/// Issue 24, item 1: `release` writes a signed `channel.yaml` beside the release folders;
/// an install from a release folder records the channel its index names, and `upgrade`
/// with no `--from` follows it to the next release; `--from` takes the channel, or the
/// folder holding it.
#[test]
fn upgrade_follows_the_channel_to_the_next_release() {
    let publisher = signed_workspace();
    publisher.release(&["--expires", "30d"]);
    let dist = publisher.dist();
    common::require_tool("minisign");
    let out = common::run_tool(
        &dist,
        "minisign",
        &["-Vm", "channel.yaml", "-p", arg(&publisher.public_key())],
    );
    assert!(out.contains("file:channel.yaml release:channel"), "{out}");
    let index = std::fs::read_to_string(dist.join("1995.08/release.yaml")).expect("index");
    assert!(index.contains("channel: ../channel.yaml"), "{index}");
    let server = Server::serve(&dist);
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let key = publisher.public_key();
    let (code, _, stderr) = install_from(
        &folder(&server, "1995.08"),
        "ledgerline",
        &key,
        &prefix,
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let channel = format!("{}/channel.yaml", server.url());
    assert!(
        receipt(&prefix).contains(&format!("channel: {channel}")),
        "{}",
        receipt(&prefix)
    );
    set_release(publisher.path(), "1995.09", "4.3.0");
    publisher.release(&["--expires", "30d"]);
    let listed = std::fs::read_to_string(dist.join("channel.yaml")).expect("channel");
    assert!(
        listed.contains("folder: \"1995.08\"") && listed.contains("folder: \"1995.09\""),
        "{listed}"
    );
    let (code, stdout, stderr) = user(&["upgrade", "--prefix", arg(&prefix), "--key", arg(&key)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("upgraded ledgerline 4.2.0 to 4.3.0"),
        "{stdout}"
    );
    // The channel's address, and the mirror's root holding it, lead to the newest release.
    for (from, dir) in [(channel.as_str(), "c"), (&server.url(), "r")] {
        let prefix = tmp.path().join(dir);
        let (code, stdout, stderr) = install_from(from, "ledgerline", &key, &prefix, &[]);
        assert_eq!(code, Some(0), "{from}: {stderr}");
        assert!(stdout.contains("4.3.0"), "{from}: {stdout}");
        assert!(receipt(&prefix).contains(&channel), "{}", receipt(&prefix));
    }
}

/// Issue 24, item 1: the channel is trusted as an index is. A mirror that serves an older
/// channel, an index the channel does not state, a channel without its signature or with
/// its text changed, or an expired channel is refused, and the prefix stays as it was.
#[test]
fn a_mirror_cannot_roll_back_swap_unsign_alter_or_freeze_the_channel() {
    let publisher = signed_workspace();
    publisher.release(&["--sequence", "100", "--expires", "30d"]);
    let copies = tempfile::tempdir().expect("temp dir");
    let old = copies.path().join("old");
    common::copy_tree(&publisher.dist(), &old);
    set_release(publisher.path(), "1995.09", "4.3.0");
    publisher.release(&["--sequence", "200", "--expires", "30d"]);
    let dist = publisher.dist();
    let key = publisher.public_key();
    let tmp = tempfile::tempdir().expect("temp dir");
    let prefix = tmp.path().join("p");
    let good = Server::serve(&dist);
    let channel = |server: &Server| format!("{}/channel.yaml", server.url());
    let (code, _, stderr) = install_from(&channel(&good), "ledgerline", &key, &prefix, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let before = receipt(&prefix);
    assert!(before.contains("sequence: 200"), "{before}");
    let refused = |server: &Server, prefix: &Path| {
        let (code, _, stderr) = user(&[
            "upgrade",
            "--prefix",
            arg(prefix),
            "--from",
            &channel(server),
            "--key",
            arg(&key),
        ]);
        assert_eq!(code, Some(1), "{stderr}");
        stderr
    };
    // Rollback: the channel of sequence 100.
    let stderr = refused(&Server::serve(&old), &prefix);
    assert!(
        stderr.contains("the channel has sequence 100, below the 200"),
        "{stderr}"
    );
    // Swap: the newest release's folder holds the older (signed) index.
    let swapped = copies.path().join("swapped");
    common::copy_tree(&dist, &swapped);
    for name in ["release.yaml", "release.yaml.minisig"] {
        std::fs::copy(
            old.join("1995.08").join(name),
            swapped.join("1995.09").join(name),
        )
        .expect("copy");
    }
    let fresh = tmp.path().join("fresh");
    let (code, _, stderr) = install_from(
        &channel(&Server::serve(&swapped)),
        "ledgerline",
        &key,
        &fresh,
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("the mirror swapped it"), "{stderr}");
    untouched(&fresh);
    // Unsigned, and altered.
    let unsigned = hostile(&dist, "channel.yaml.minisig", || Reply::Status(404));
    assert!(refused(&unsigned, &prefix).contains("an unsigned channel is never read"));
    let text = std::fs::read_to_string(dist.join("channel.yaml")).expect("channel");
    let altered_text = text.replace("folder: \"1995.09\"", "folder: \"1995.08\"");
    assert_ne!(altered_text, text);
    let altered = hostile(&dist, "channel.yaml", move || {
        Reply::Bytes(altered_text.clone().into_bytes())
    });
    let stderr = refused(&altered, &prefix);
    assert!(
        stderr.contains("does not verify with a pinned key"),
        "{stderr}"
    );
    assert_eq!(receipt(&prefix), before, "nothing was recorded");
    // Frozen: a channel past its expiry.
    set_release(publisher.path(), "1995.10", "4.4.0");
    publisher.release(&["--expires", "2001-01-01T00:00:00Z"]);
    let stderr = refused(&good, &prefix);
    assert!(
        stderr.contains("the signed channel expired at 2001-01-01T00:00:00Z"),
        "{stderr}"
    );
    assert_eq!(receipt(&prefix), before, "nothing was recorded");
}

/// Issue 24, item 4: long work is never silent. Packing one large artifact, and verifying
/// and installing it, move a bar in bytes on a terminal (run under a pseudo-terminal by
/// `script`), and a download without a terminal says each artifact it fetched, with its
/// size, on one line.
#[test]
fn packing_shows_bytes_on_a_terminal_and_a_download_one_line_per_artifact() {
    let publisher = signed_workspace();
    // 24 MiB that do not compress: one artifact, packed in one go.
    let mut noise = vec![0u8; 24 << 20];
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for byte in &mut noise {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    let big = publisher
        .path()
        .join("packages/ledgerline/files/data/big.bin");
    std::fs::write(&big, &noise).expect("write");
    let key = publisher.secret_key();
    let (ok, shown) = common::on_a_terminal(
        publisher.path(),
        &["package", "ledgerline", "--secret-key", arg(&key)],
        None,
    );
    assert!(ok, "{shown}");
    assert!(
        shown.contains(" MiB/24.") && shown.contains("building"),
        "a bar in bytes of the 24 MiB input:\n{shown}"
    );

    // Installing it: reading it for its digests, then writing its payload.
    let tmp = tempfile::tempdir().expect("temp dir");
    let terminal_prefix = tmp.path().join("on-a-terminal");
    let (ok, shown) = common::on_a_terminal(
        publisher.path(),
        &[
            "install",
            "dist/1995.08/ledgerline-4.2.0.zip",
            "--prefix",
            arg(&terminal_prefix),
            "--key",
            arg(&publisher.public_key()),
        ],
        None,
    );
    assert!(ok, "{shown}");
    for work in ["verifying", "installing"] {
        assert!(
            shown.contains(&format!("{work} ledgerline-4.2.0.zip")),
            "{work}:\n{shown}"
        );
    }

    let server = Server::serve(&publisher.dist());
    let prefix = tmp.path().join("p");
    let (code, _, stderr) = install_from(
        &folder(&server, "1995.08"),
        "ledgerline",
        &publisher.public_key(),
        &prefix,
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let size = std::fs::metadata(publisher.dist().join("1995.08/ledgerline-4.2.0.zip"))
        .expect("artifact")
        .len();
    assert!(
        stderr.contains(&format!("fetched ledgerline-4.2.0.zip ({size} bytes)")),
        "{stderr}"
    );
}
