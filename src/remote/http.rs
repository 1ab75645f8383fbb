//! HTTP(S) for mirrors: one small synchronous client (ureq, TLS by rustls) with the limits a
//! hostile server calls for. Connecting, every read and the wait for an answer each have a
//! timeout; at most [`MAX_REDIRECTS`] redirects are followed, and only to `http://` or
//! `https://`; every body has a cap, refused up front when `Content-Length` says more and
//! cut the moment one byte more arrives. A proxy from `HTTPS_PROXY`, `HTTP_PROXY` or
//! `ALL_PROXY` (with `NO_PROXY`) is honoured. Integrity comes from the signatures, never
//! from the transport: `http://` is as good as `https://` here.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use crate::diagnostic::{Error, FetchError, IoContext, Result};

/// The most redirects one fetch follows.
pub const MAX_REDIRECTS: u32 = 5;

/// The default wait for a server to connect, answer, or send the next bytes.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The slowest a body may arrive, on average, once the first timeout has passed: a server
/// that sends a byte now and then, just before each read would time out, is cut off.
pub const MIN_BYTES_PER_SECOND: u64 = 4 << 10;

/// A client with a mirror's limits.
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Client {
    /// A client that waits at most `timeout` to connect, for an answer, and for each read.
    pub fn new(timeout: Duration) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_resolve(Some(timeout))
            .timeout_connect(Some(timeout))
            .timeout_send_request(Some(timeout))
            .timeout_recv_response(Some(timeout))
            .timeout_per_read(Some(timeout))
            .max_redirects(MAX_REDIRECTS)
            .max_redirects_will_error(true)
            .proxy(ureq::Proxy::try_from_env())
            .user_agent(concat!("alliance/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.new_agent(),
            timeout,
        }
    }

    /// The body of `url`, at most `cap` bytes.
    pub fn bytes(&self, url: &str, cap: u64) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.fetch(url, cap, |chunk| {
            bytes.extend_from_slice(chunk);
            Ok(())
        })?;
        Ok(bytes)
    }

    /// Writes the body of `url`, at most `cap` bytes, into a new file `path`, hashing it as
    /// it arrives; returns its size and SHA-256 (hex). A fetch that fails leaves no file.
    pub fn file(&self, url: &str, cap: u64, path: &Path) -> Result<(u64, String)> {
        use sha2::Digest;
        let file = std::fs::File::create(path).at("create", path)?;
        let mut writer = std::io::BufWriter::with_capacity(256 << 10, file);
        let mut hasher = sha2::Sha256::new();
        let fetched = self
            .fetch(url, cap, |chunk| {
                hasher.update(chunk);
                writer.write_all(chunk).at("write", path)
            })
            .and_then(|size| {
                writer.flush().at("write", path)?;
                Ok((size, crate::archive::hex(&hasher.finalize())))
            });
        if fetched.is_err() {
            drop(writer);
            let _ = std::fs::remove_file(path);
        }
        fetched
    }

    /// Fetches `url`, handing its body to `sink` piece by piece: at most `cap` bytes, or an
    /// error as soon as the server announces or sends more. Returns the size.
    fn fetch(&self, url: &str, cap: u64, mut sink: impl FnMut(&[u8]) -> Result<()>) -> Result<u64> {
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| self.error(url, cap, e))?;
        if response.body().content_length().is_some_and(|n| n > cap) {
            return Err(FetchError::TooLarge {
                url: url.to_string(),
                cap,
            }
            .into());
        }
        let mut reader = response.body_mut().with_config().limit(cap).reader();
        let mut buffer = vec![0; 64 << 10];
        let mut size = 0u64;
        let started = std::time::Instant::now();
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => return Ok(size),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.error(url, cap, ureq::Error::from(e))),
            };
            size += n as u64;
            sink(&buffer[..n])?;
            self.check_rate(url, size, started.elapsed())?;
        }
    }

    /// Refuses a body that arrives slower than [`MIN_BYTES_PER_SECOND`] on average, once the
    /// timeout has passed: `size` bytes in `elapsed`.
    fn check_rate(&self, url: &str, size: u64, elapsed: Duration) -> Result<()> {
        let Some(late) = elapsed.checked_sub(self.timeout) else {
            return Ok(());
        };
        let owed = u128::from(MIN_BYTES_PER_SECOND) * late.as_millis() / 1000;
        if u128::from(size) >= owed {
            return Ok(());
        }
        Err(FetchError::TooSlow {
            url: url.to_string(),
            size,
            seconds: elapsed.as_secs(),
            rate: MIN_BYTES_PER_SECOND,
        }
        .into())
    }

    /// What a failed fetch of `url` says to the user.
    fn error(&self, url: &str, cap: u64, error: ureq::Error) -> Error {
        let url = url.to_string();
        let seconds = self.timeout.as_secs().max(1);
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
    fn a_name_is_encoded_into_one_path_segment() {
        assert_eq!(join("http://m/r", "a-1.0.zip"), "http://m/r/a-1.0.zip");
        assert_eq!(
            join("http://m/r", "../x?y#z/ w"),
            "http://m/r/..%2Fx%3Fy%23z%2F%20w"
        );
        assert_eq!(join("http://m/r", ".."), "http://m/r/%2E%2E");
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
