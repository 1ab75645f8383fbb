//! Issue 29, delta upgrades: the parts of a file an upgrade asks a mirror for (HTTP
//! `Range`), against the test server taught ranges and its lies.

use std::time::Duration;

use alliance::remote::http::{Client, Ranged, Waits};

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
}
