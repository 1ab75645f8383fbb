//! HTTP(S) for mirrors: one small synchronous client (ureq, TLS by rustls) with the limits a
//! hostile server calls for. Connecting, every read and the wait for an answer each have a
//! timeout, and every file a deadline as a whole: derived from its size where a signed index
//! states it ([`Size::Signed`]: the timeout plus the size at the lowest speed allowed), fixed
//! otherwise ([`Size::AtMost`]: the index, signatures, manifests). At most
//! [`MAX_REDIRECTS`] redirects are followed, one by one, and only to `http://` or
//! `https://`; every message names the address that failed (and the one first asked).
//! Every body has a cap, refused up front when `Content-Length` says more and cut the
//! moment one byte more arrives. A proxy from `HTTPS_PROXY`, `HTTP_PROXY` or `ALL_PROXY`
//! (with `NO_PROXY`) is honoured. Integrity comes from the signatures, never from the
//! transport: `http://` is as good as `https://` here.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::diagnostic::{Error, FetchError, IoContext, Result};

/// The most redirects one fetch follows.
pub const MAX_REDIRECTS: u32 = 5;

/// The default wait for a server to connect, answer, or send the next bytes.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default slowest a body may arrive, on average, once the first timeout has passed: a
/// server that sends a byte now and then, just before each read would time out, is cut
/// off. A file of a signed size must arrive within the timeout plus its size at this speed.
pub const MIN_BYTES_PER_SECOND: u64 = 4 << 10;

/// The default deadline of a file whose size no signed index states (the index itself, a
/// signature, a manifest).
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(300);

/// How long a client waits.
#[derive(Debug, Clone, Copy)]
pub struct Waits {
    /// To connect, for an answer, and for each read.
    pub timeout: Duration,
    /// For the whole of a file whose size is not signed.
    pub deadline: Duration,
    /// The lowest average speed of a body, in bytes a second.
    pub min_rate: u64,
}

impl Default for Waits {
    fn default() -> Self {
        Waits {
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            min_rate: MIN_BYTES_PER_SECOND,
        }
    }
}

/// How large a body may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The size a signed index states: the cap, and the deadline follows from it.
    Signed(u64),
    /// At most this many bytes (the cap of its kind); the fixed deadline.
    AtMost(u64),
}

impl Size {
    /// The most bytes taken.
    fn cap(self) -> u64 {
        match self {
            Size::Signed(n) | Size::AtMost(n) => n,
        }
    }
}

/// A client with a mirror's limits.
pub struct Client {
    agent: ureq::Agent,
    waits: Waits,
}

impl Client {
    /// A client that waits at most `waits.timeout` to connect, for an answer, and for each
    /// read, and gives each file its deadline.
    pub fn new(waits: Waits) -> Client {
        let timeout = waits.timeout;
        let config = ureq::Agent::config_builder()
            .timeout_resolve(Some(timeout))
            .timeout_connect(Some(timeout))
            .timeout_send_request(Some(timeout))
            .timeout_recv_response(Some(timeout))
            .timeout_per_read(Some(timeout))
            // Redirects are followed here, one by one (`follow`), to check each address.
            .max_redirects(0)
            .http_status_as_error(false)
            .proxy(ureq::Proxy::try_from_env())
            .user_agent(concat!("alliance/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.new_agent(),
            waits,
        }
    }

    /// The body of `url`, of at most `size` bytes.
    pub fn bytes(&self, url: &str, size: Size) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.fetch(url, size, |chunk| {
            bytes.extend_from_slice(chunk);
            Ok(())
        })?;
        Ok(bytes)
    }

    /// Writes the body of `url`, at most `size` bytes, into a new file `path`, hashing it
    /// as it arrives (SHA-256 and BLAKE2b-512, what a signature is checked with: the file is
    /// never read again to hash it). A fetch that fails leaves no file.
    pub fn file(&self, url: &str, size: Size, path: &Path) -> Result<crate::verify::Digests> {
        self.file_reporting(url, size, path, &|_| {})
    }

    /// [`Client::file`], telling `got` of each piece of the body as it arrives (its size
    /// in bytes), for progress.
    pub fn file_reporting(
        &self,
        url: &str,
        size: Size,
        path: &Path,
        got: &dyn Fn(u64),
    ) -> Result<crate::verify::Digests> {
        let file = std::fs::File::create(path).at("create", path)?;
        let mut writer = std::io::BufWriter::with_capacity(256 << 10, file);
        let mut hashing = crate::verify::Hashing::default();
        let fetched = self
            .fetch(url, size, |chunk| {
                hashing.update(chunk);
                got(chunk.len() as u64);
                writer.write_all(chunk).at("write", path)
            })
            .and_then(|_| {
                writer.flush().at("write", path)?;
                Ok(hashing.finish())
            });
        if fetched.is_err() {
            drop(writer);
            let _ = std::fs::remove_file(path);
        }
        fetched
    }

    /// Hands bytes `start..start + len` of `url`, a file of `total` bytes (its signed
    /// size), to `sink` as they arrive, when the server answers the `Range` request with
    /// exactly those bytes (`206 Partial Content` naming that range of that total, then
    /// that many bytes, cut the moment one more arrives); [`Ranged::Whole`] when it
    /// answers with the whole file instead (a server that ignores `Range`: nothing of its
    /// body is read). Any other part, total or length is refused ([`FetchError::Range`]).
    pub fn range(
        &self,
        url: &str,
        (start, len): (u64, u64),
        total: u64,
        mut sink: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<Ranged> {
        let last = start.saturating_add(len).saturating_sub(1);
        let asked = format!("{start}-{last} of {total}");
        let refused = |url: &str, why: String| -> Error {
            FetchError::Range {
                url: url.to_string(),
                asked: asked.clone(),
                why,
            }
            .into()
        };
        if len == 0 || start.saturating_add(len) > total {
            return Err(refused(url, "was not asked: outside the file".to_string()));
        }
        let started = Instant::now();
        let deadline = self.deadline(Size::Signed(len));
        let range = format!("bytes={start}-{last}");
        let (mut response, at) = self.follow_with(url, len, started, deadline, Some(&range))?;
        match response.status().as_u16() {
            206 => {}
            200 => return Ok(Ranged::Whole),
            status => return Err(refused(&at, format!("answered {status}"))),
        }
        let header = response
            .headers()
            .get("content-range")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if content_range(header) != Some((start, last, total)) {
            return Err(refused(
                &at,
                format!("sent `Content-Range: {}` instead", header.escape_default()),
            ));
        }
        if let Some(n) = response.body().content_length().filter(|&n| n != len) {
            return Err(refused(&at, format!("announced {n} bytes")));
        }
        // One byte more than asked is read, to tell a server that sends more.
        let mut reader = response.body_mut().with_config().limit(len + 1).reader();
        let mut buffer = vec![0; 64 << 10];
        let mut got = 0u64;
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if is_timeout(&e) => {
                    return Err(self.error(&at, len, ureq::Error::from(e)));
                }
                Err(e) => return Err(refused(&at, format!("stopped after {got} bytes ({e})"))),
            };
            got += n as u64;
            if got > len {
                return Err(refused(&at, "sent more bytes than that".to_string()));
            }
            sink(&buffer[..n])?;
            self.check_rate(&at, got, started.elapsed())?;
            check_deadline(&at, started, deadline)?;
        }
        if got != len {
            return Err(refused(&at, format!("sent {got} bytes")));
        }
        Ok(Ranged::Part)
    }

    /// The whole time a file of `size` may take.
    pub(crate) fn deadline(&self, size: Size) -> Duration {
        match size {
            Size::Signed(n) => {
                let seconds = n / self.waits.min_rate.max(1) + 1;
                self.waits.timeout + Duration::from_secs(seconds)
            }
            Size::AtMost(_) => self.waits.deadline,
        }
    }

    /// Fetches `url`, handing its body to `sink` piece by piece: at most `size` bytes, or
    /// an error as soon as the server announces or sends more, sends too slowly, or the
    /// file's deadline passes. Returns the size.
    fn fetch(
        &self,
        url: &str,
        size: Size,
        mut sink: impl FnMut(&[u8]) -> Result<()>,
    ) -> Result<u64> {
        let started = Instant::now();
        let deadline = self.deadline(size);
        let cap = size.cap();
        let (mut response, at) = self.follow_with(url, cap, started, deadline, None)?;
        if response.body().content_length().is_some_and(|n| n > cap) {
            return Err(FetchError::TooLarge { url: at, cap }.into());
        }
        let mut reader = response.body_mut().with_config().limit(cap).reader();
        let mut buffer = vec![0; 64 << 10];
        let mut got = 0u64;
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => return Ok(got),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.error(&at, cap, ureq::Error::from(e))),
            };
            got += n as u64;
            sink(&buffer[..n])?;
            self.check_rate(&at, got, started.elapsed())?;
            check_deadline(&at, started, deadline)?;
        }
    }

    /// Asks for `url` (the bytes `range` names, if any), following redirects one at a time
    /// (only to `http://` or `https://`, at most [`MAX_REDIRECTS`]); returns the answer and
    /// the address that gave it, as messages name it.
    fn follow_with(
        &self,
        url: &str,
        cap: u64,
        started: Instant,
        deadline: Duration,
        range: Option<&str>,
    ) -> Result<(ureq::http::Response<ureq::Body>, String)> {
        let mut current = url.to_string();
        let named = |current: &str| {
            if current == url {
                current.to_string()
            } else {
                format!("{current} (redirected from {url})")
            }
        };
        for _ in 0..=MAX_REDIRECTS {
            let mut request = self.agent.get(&current);
            if let Some(range) = range {
                request = request.header("Range", range);
            }
            let response = request
                .call()
                .map_err(|e| self.error(&named(&current), cap, e))?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) && status != 304 {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| FetchError::Network {
                        url: named(&current),
                        detail: format!("the server answered {status} without saying where to"),
                    })?;
                current = redirect_target(&named(&current), &current, location)?;
                check_deadline(&named(&current), started, deadline)?;
                continue;
            }
            if status >= 400 {
                return Err(FetchError::Status {
                    url: named(&current),
                    status,
                }
                .into());
            }
            return Ok((response, named(&current)));
        }
        Err(FetchError::Redirects {
            url: url.to_string(),
            max: MAX_REDIRECTS,
        }
        .into())
    }

    /// Refuses a body that arrives slower than the lowest speed on average, once the
    /// timeout has passed: `size` bytes in `elapsed`.
    fn check_rate(&self, url: &str, size: u64, elapsed: Duration) -> Result<()> {
        let Some(late) = elapsed.checked_sub(self.waits.timeout) else {
            return Ok(());
        };
        let owed = u128::from(self.waits.min_rate) * late.as_millis() / 1000;
        if u128::from(size) >= owed {
            return Ok(());
        }
        Err(FetchError::TooSlow {
            url: url.to_string(),
            size,
            seconds: elapsed.as_secs(),
            rate: self.waits.min_rate,
        }
        .into())
    }

    /// What a failed fetch of `url` says to the user.
    fn error(&self, url: &str, cap: u64, error: ureq::Error) -> Error {
        let url = url.to_string();
        let seconds = self.waits.timeout.as_secs().max(1);
        let error = match error {
            ureq::Error::StatusCode(status) => FetchError::Status { url, status },
            ureq::Error::Timeout(which) => FetchError::Timeout {
                url,
                what: match which {
                    ureq::Timeout::Resolve | ureq::Timeout::Connect => "did not connect",
                    ureq::Timeout::RecvResponse | ureq::Timeout::SendRequest => "did not answer",
                    _ => "sent nothing",
                },
                seconds,
            },
            ureq::Error::Io(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                ) =>
            {
                FetchError::Timeout {
                    url,
                    what: "sent nothing",
                    seconds,
                }
            }
            ureq::Error::TooManyRedirects => FetchError::Redirects {
                url,
                max: MAX_REDIRECTS,
            },
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge { url, cap },
            ureq::Error::HostNotFound => FetchError::Network {
                url,
                detail: "no such host".to_string(),
            },
            ureq::Error::ConnectionFailed => FetchError::Network {
                url,
                detail: "cannot connect to the server".to_string(),
            },
            ureq::Error::Io(e) => FetchError::Network {
                url,
                detail: e.to_string(),
            },
            other => FetchError::Network {
                url,
                detail: other.to_string(),
            },
        };
        error.into()
    }
}

/// What a server did with a request for part of a file ([`Client::range`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranged {
    /// It sent the part asked for, which was handed on.
    Part,
    /// It answered with the whole file (it ignores `Range`); nothing was handed on.
    Whole,
}

/// The first byte, last byte and total of a `Content-Range: bytes FIRST-LAST/TOTAL`
/// header, when it is one (a `*` total, or anything else, is not).
fn content_range(header: &str) -> Option<(u64, u64, u64)> {
    let (unit, rest) = header.trim().split_once(' ')?;
    if !unit.eq_ignore_ascii_case("bytes") {
        return None;
    }
    let (span, total) = rest.trim().split_once('/')?;
    let (first, last) = span.split_once('-')?;
    let number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    Some((number(first)?, number(last)?, number(total)?))
}

/// Whether a failed read is the server's silence.
fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
    )
}

/// Refuses to go on once `deadline` has passed since `started`.
fn check_deadline(url: &str, started: Instant, deadline: Duration) -> Result<()> {
    if started.elapsed() <= deadline {
        return Ok(());
    }
    Err(FetchError::Deadline {
        url: url.to_string(),
        seconds: deadline.as_secs(),
    }
    .into())
}

/// The address a redirect from `current` (named `shown` in messages) to `location` leads
/// to: absolute, from the server's root, or relative to `current`'s folder; refused unless
/// it is `http://` or `https://`, without a user name or password.
fn redirect_target(shown: &str, current: &str, location: &str) -> Result<String> {
    let location = location.trim();
    let location = location.split('#').next().unwrap_or_default();
    let scheme_end = location.find(':').filter(|&i| {
        i > 0
            && location[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && location[..i].starts_with(|c: char| c.is_ascii_alphabetic())
    });
    let (scheme, rest) = current.split_once("://").unwrap_or(("http", current));
    let authority = rest.split('/').next().unwrap_or_default();
    let target = if scheme_end.is_some() {
        location.to_string()
    } else if location.starts_with("//") {
        format!("{scheme}:{location}")
    } else if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else {
        let folder = current
            .rsplit_once('/')
            .map_or(current, |(folder, _)| folder);
        format!("{folder}/{location}")
    };
    let lower = target.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"));
    let Some(rest) = rest.filter(|r| !r.is_empty() && !r.starts_with('/')) else {
        return Err(FetchError::RedirectedAway {
            url: shown.to_string(),
            to: target.escape_default().to_string(),
        }
        .into());
    };
    if rest.split('/').next().unwrap_or_default().contains('@') {
        return Err(FetchError::Credentials.into());
    }
    Ok(target)
}

/// The address of the file `name` in the release folder at `base` (no trailing `/`):
/// every byte but the unreserved ones percent-encoded, so a name is never read as a path,
/// a query or another host.
pub fn join(base: &str, name: &str) -> String {
    let mut url = String::with_capacity(base.len() + 1 + name.len());
    url.push_str(base);
    url.push('/');
    // `.` and `..` would name this folder or its parent.
    let dots_only = name.bytes().all(|b| b == b'.');
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || (b"-._~".contains(&byte) && !dots_only) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The release folder address `url` names: `http://` or `https://`, without a trailing `/`
/// or `/release.yaml`.
pub fn release_folder(url: &str) -> Result<String> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => {}
        _ => return Err(FetchError::Scheme(url.to_string()).into()),
    }
    if trimmed.contains(['?', '#']) || trimmed.chars().any(char::is_whitespace) {
        return Err(FetchError::Scheme(url.to_string()).into());
    }
    // A password in the address would be shown in every message and kept in the receipt.
    let authority = rest
        .unwrap_or_default()
        .split('/')
        .next()
        .unwrap_or_default();
    if authority.contains('@') {
        return Err(FetchError::Credentials.into());
    }
    let folder = trimmed.trim_end_matches('/');
    let folder = folder
        .strip_suffix(crate::manifest::RELEASE_FILE)
        .map_or(folder, |f| f.trim_end_matches('/'));
    Ok(folder.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_range_is_read_only_when_it_names_bytes_and_a_total() {
        assert_eq!(content_range("bytes 0-99/1000"), Some((0, 99, 1000)));
        assert_eq!(content_range("Bytes 5-5/6"), Some((5, 5, 6)));
        for header in [
            "",
            "bytes 0-99/*",
            "bytes */1000",
            "items 0-99/1000",
            "bytes 0-/1000",
            "bytes -1-99/1000",
            "bytes 0-99/99999999999999999999999",
            "bytes 0x10-99/1000",
        ] {
            assert_eq!(content_range(header), None, "{header}");
        }
    }

    #[test]
    fn a_name_is_encoded_into_one_path_segment() {
        assert_eq!(join("http://m/r", "a-1.0.zip"), "http://m/r/a-1.0.zip");
        assert_eq!(
            join("http://m/r", "../x?y#z/ w"),
            "http://m/r/..%2Fx%3Fy%23z%2F%20w"
        );
        assert_eq!(join("http://m/r", ".."), "http://m/r/%2E%2E");
    }

    #[test]
    fn a_redirect_leads_where_a_browser_would_go_and_only_to_http() {
        let at = "http://m:8/r/1995.08/release.yaml";
        let go = |to: &str| redirect_target(at, at, to).map_err(|e| e.to_string());
        assert_eq!(go("https://x/y").as_deref(), Ok("https://x/y"));
        assert_eq!(go("/a/b").as_deref(), Ok("http://m:8/a/b"));
        assert_eq!(go("//n/c").as_deref(), Ok("http://n/c"));
        assert_eq!(
            go("other.yaml#x").as_deref(),
            Ok("http://m:8/r/1995.08/other.yaml")
        );
        let refused = go("file:///etc/passwd").expect_err("refused");
        assert!(
            refused.contains("redirected to `file:///etc/passwd`") && refused.contains(at),
            "{refused}"
        );
        assert!(go("ftp://x/y").is_err());
        assert!(go("http://a:b@x/y").is_err());
    }

    #[test]
    fn a_release_folder_is_http_or_https_only() {
        assert_eq!(
            release_folder("https://mirror.example/1995.08/").expect("https"),
            "https://mirror.example/1995.08"
        );
        assert_eq!(
            release_folder("http://127.0.0.1:8000/1995.08/release.yaml").expect("http"),
            "http://127.0.0.1:8000/1995.08"
        );
        for bad in [
            "file:///etc",
            "ftp://m/r",
            "/tmp/r",
            "http://",
            "http:///x",
            "http://m/r?x",
        ] {
            assert!(release_folder(bad).is_err(), "{bad}");
        }
    }
}
