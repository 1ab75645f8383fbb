//! A tiny std-only HTTP/1.1 test server for integration tests.
//!
//! Every response carries `Connection: close`; one thread serves each connection.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Largest request head accepted (request line plus headers).
const MAX_HEAD: usize = 64 * 1024;
/// Size of the blocks written by endless bodies.
const BLOCK: usize = 64 * 1024;
/// Sleep step of stalled connections.
const STEP: Duration = Duration::from_millis(50);

/// What the server answers to one request, chosen by the rule given to [`Server::start`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Serve the file at this path under the served folder (200 with Content-Length), 404 if
    /// missing; a request for one range of it (`Range: bytes=FIRST-LAST`, `bytes=FIRST-` or
    /// `bytes=-SUFFIX`) gets `206` with that part, or `416` when it lies outside the file.
    File,
    /// Serve the whole file with 200 whatever `Range` asks (a server that ignores ranges).
    WholeOnly,
    /// Answer a range request with a lie of this kind (the whole file, 200, without one).
    Lying(Lie),
    /// 200 with these bytes instead of the file's.
    Bytes(Vec<u8>),
    /// This status code with an empty body (Content-Length: 0).
    Status(u16),
    /// 302 with this Location header value.
    Redirect(String),
    /// 200 with no Content-Length (Connection: close), then an endless stream of b'A' until the client closes.
    Endless,
    /// 200 with a Content-Length header of the file's real size (404 if missing), send the first `n`
    /// bytes of the body (or headers only when n = 0), then hold the connection open silently
    /// until the client closes or the server is dropped.
    StallAfter(usize),
    /// 200 with a Content-Length header of the file's real size, then the body one byte
    /// every 100 ms (a server that keeps every read just inside its timeout).
    Trickle,
    /// 200 with Content-Length: N (N given) but the body is the file's contents (empty if missing)
    /// followed by endless b'A' bytes (a lying server that sends more than it announced).
    LongerThan(u64),
    /// 200 with Content-Length: `len`, then b'A' bytes at `rate` bytes a second, in pieces every
    /// 100 ms (a server just fast enough for every rate check, which would take `len / rate`
    /// seconds).
    Steady {
        /// Bytes a second.
        rate: u64,
        /// The length announced.
        len: u64,
    },
}

/// How a [`Reply::Lying`] server lies about a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lie {
    /// The right headers, and the bytes of the part with its middle byte changed.
    Bytes,
    /// The bytes one further on, and a `Content-Range` that says so.
    Shifted,
    /// The right headers, and one byte fewer than the part.
    Short,
    /// The right headers and half the part, then nothing (the connection held open).
    Stall,
}

/// The rule deciding the reply for a (percent-decoded, query-less) request path.
type Rule = dyn Fn(&str) -> Reply + Send + Sync;

/// State shared by the server handle, the accept loop and the connection threads.
struct Shared {
    root: PathBuf,
    rule: Box<Rule>,
    stop: AtomicBool,
    requests: Mutex<Vec<String>>,
    conns: Mutex<Vec<(u64, TcpStream)>>,
    next_id: AtomicU64,
    /// Bytes of bodies sent (not heads), for tests that count what a client fetched.
    sent: AtomicU64,
    /// The same, by request path.
    sent_by_path: Mutex<std::collections::HashMap<String, u64>>,
}

/// A running test server on 127.0.0.1; dropping it stops it promptly.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves the folder `root` on 127.0.0.1 on a free port; `rule` decides the reply for each
    /// request path (the path as requested, e.g. "/1995.08/release.yaml", percent-decoded, without
    /// the query); a thread per connection.
    pub fn start(root: &Path, rule: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind test server on 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address of test server");
        let shared = Arc::new(Shared {
            root: root.to_path_buf(),
            rule: Box::new(rule),
            stop: AtomicBool::new(false),
            requests: Mutex::new(Vec::new()),
            conns: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(0),
            sent: AtomicU64::new(0),
            sent_by_path: Mutex::new(std::collections::HashMap::new()),
        });
        let for_loop = Arc::clone(&shared);
        let accept = thread::Builder::new()
            .name("http-test-accept".into())
            .spawn(move || accept_loop(&listener, &for_loop))
            .expect("spawn test server accept thread");
        Server {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// Serves `root` with Reply::File for every path.
    pub fn serve(root: &Path) -> Server {
        Server::start(root, |_| Reply::File)
    }

    /// "http://127.0.0.1:PORT" (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many bytes of bodies the server has sent so far (heads not counted).
    pub fn bytes_sent(&self) -> u64 {
        self.shared.sent.load(Ordering::SeqCst)
    }

    /// How many bytes of bodies the server has sent so far for requests of `path` (as the
    /// rule sees it: "/1995.08/release.yaml").
    pub fn bytes_sent_for(&self, path: &str) -> u64 {
        lock(&self.shared.sent_by_path)
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// Every request target received so far, in order (as in the request line: a path, or for a
    /// proxy request the absolute URL "http://host:port/path").
    pub fn requests(&self) -> Vec<String> {
        lock(&self.shared.requests).clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let woke = TcpStream::connect_timeout(&self.addr, Duration::from_millis(500)).is_ok();
        if let (true, Some(handle)) = (woke, self.accept.take()) {
            let _ = handle.join();
        }
        // Unblock handler threads stuck in read or write; they are not joined.
        for (_, stream) in lock(&self.shared.conns).iter() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// Locks a mutex, ignoring poisoning (a panicking test thread must not break the server).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Accepts connections until the stop flag is set, one thread per connection.
fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for conn in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = conn else {
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.conns).push((id, clone));
        }
        let shared = Arc::clone(shared);
        let _ = thread::Builder::new()
            .name("http-test-conn".into())
            .spawn(move || {
                handle(stream, &shared);
                lock(&shared.conns).retain(|(i, _)| *i != id);
            });
    }
}

/// Why reading a request head failed.
enum HeadError {
    TooLarge,
    Closed,
}

/// Reads the request head up to and including "\r\n\r\n".
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, HeadError> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Closed),
        };
        let start = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(pos) = head[start..].windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(start + pos + 4);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

/// Serves one connection: one request, one response, then close.
fn handle(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(HeadError::TooLarge) => {
            let _ = write_head(&mut stream, 431, Some(0), &[]);
            finish(&mut stream);
            return;
        }
        Err(HeadError::Closed) => return,
    };
    let head = String::from_utf8_lossy(&head);
    let line = head.lines().next().unwrap_or("");
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        let _ = write_head(&mut stream, 400, Some(0), &[]);
        finish(&mut stream);
        return;
    };
    if shared.stop.load(Ordering::SeqCst) {
        return;
    }
    if method == "CONNECT" {
        lock(&shared.requests).push(format!("CONNECT {target}"));
        tunnel(stream, target);
        return;
    }
    lock(&shared.requests).push(target.to_string());
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let _ = write_head(&mut stream, 405, Some(0), &[("Allow", "GET, HEAD")]);
            finish(&mut stream);
            return;
        }
    };
    let path = request_path(target);
    let reply = if path.split(['/', '\\']).any(|seg| seg == "..") {
        Reply::Status(404)
    } else {
        (shared.rule)(&path)
    };
    let range = head.lines().skip(1).find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("range")
            .then(|| value.trim().to_string())
    });
    let _ = respond(
        &mut stream,
        shared,
        (&path, range.as_deref()),
        reply,
        head_only,
    );
    finish(&mut stream);
}

/// Serves `CONNECT host:port` as a forward proxy does, to 127.0.0.1 only: answers 200 and
/// relays bytes both ways until either side closes.
fn tunnel(mut stream: TcpStream, target: &str) {
    let upstream = match target.strip_prefix("127.0.0.1:") {
        Some(port) if port.parse::<u16>().is_ok() => TcpStream::connect(target),
        _ => Err(io::Error::other("tunnels go to 127.0.0.1 only")),
    };
    let Ok(mut upstream) = upstream else {
        let _ = write_head(&mut stream, 502, Some(0), &[]);
        finish(&mut stream);
        return;
    };
    if stream
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .is_err()
    {
        return;
    }
    let (Ok(mut client_reader), Ok(mut upstream_writer)) =
        (stream.try_clone(), upstream.try_clone())
    else {
        return;
    };
    let _ = thread::Builder::new()
        .name("http-test-tunnel".into())
        .spawn(move || {
            let _ = io::copy(&mut client_reader, &mut upstream_writer);
            let _ = upstream_writer.shutdown(Shutdown::Write);
        });
    let _ = io::copy(&mut upstream, &mut stream);
    let _ = stream.shutdown(Shutdown::Both);
}

/// Flushes and half-closes the connection.
fn finish(stream: &mut TcpStream) {
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// Writes the response for `reply`; returns when done, on error, or when the server stops.
fn respond(
    stream: &mut TcpStream,
    shared: &Shared,
    (path, range): (&str, Option<&str>),
    reply: Reply,
    head_only: bool,
) -> io::Result<()> {
    let file = || fs::read(shared.root.join(path.trim_start_matches('/'))).ok();
    match reply {
        Reply::File | Reply::Lying(_) => match file() {
            Some(body) => serve_part(stream, shared, (path, &body), range, reply, head_only),
            None => send(stream, 404, &[], head_only),
        },
        Reply::WholeOnly => match file() {
            Some(body) => serve_part(stream, shared, (path, &body), None, Reply::File, head_only),
            None => send(stream, 404, &[], head_only),
        },
        Reply::Bytes(body) => send(stream, 200, &body, head_only),
        Reply::Status(code) => send(stream, code, &[], head_only),
        Reply::Redirect(location) => write_head(stream, 302, Some(0), &[("Location", &location)]),
        Reply::Endless => {
            write_head(stream, 200, None, &[])?;
            if !head_only {
                write_forever(stream, shared)?;
            }
            Ok(())
        }
        Reply::StallAfter(n) => {
            let Some(body) = file() else {
                return send(stream, 404, &[], head_only);
            };
            write_head(stream, 200, Some(body.len() as u64), &[])?;
            if !head_only {
                stream.write_all(&body[..n.min(body.len())])?;
            }
            stream.flush()?;
            stall(stream, shared);
            Ok(())
        }
        Reply::Trickle => {
            let Some(body) = file() else {
                return send(stream, 404, &[], head_only);
            };
            write_head(stream, 200, Some(body.len() as u64), &[])?;
            if head_only {
                return Ok(());
            }
            for byte in body {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                stream.write_all(&[byte])?;
                stream.flush()?;
                thread::sleep(Duration::from_millis(100));
            }
            Ok(())
        }
        Reply::Steady { rate, len } => {
            write_head(stream, 200, Some(len), &[])?;
            if head_only {
                return Ok(());
            }
            let piece = vec![b'A'; usize::try_from(rate / 10).unwrap_or(1).max(1)];
            let mut sent = 0u64;
            while sent < len && !shared.stop.load(Ordering::SeqCst) {
                stream.write_all(&piece)?;
                stream.flush()?;
                sent += piece.len() as u64;
                thread::sleep(Duration::from_millis(100));
            }
            Ok(())
        }
        Reply::LongerThan(announced) => {
            let body = file().unwrap_or_default();
            write_head(stream, 200, Some(announced), &[])?;
            if !head_only {
                stream.write_all(&body)?;
                write_forever(stream, shared)?;
            }
            Ok(())
        }
    }
}

/// Serves `body`, a file, as `reply` (`File` or `Lying`) answers a request for `range` of
/// it (the whole file without one), counting the bytes of the body sent.
fn serve_part(
    stream: &mut TcpStream,
    shared: &Shared,
    (path, body): (&str, &[u8]),
    range: Option<&str>,
    reply: Reply,
    head_only: bool,
) -> io::Result<()> {
    let counted = |stream: &mut TcpStream, status: u16, body: &[u8], extra: &[(&str, &str)]| {
        write_head(stream, status, Some(body.len() as u64), extra)?;
        if !head_only {
            // Counted before it is sent: a client that has it finds it counted.
            shared.sent.fetch_add(body.len() as u64, Ordering::SeqCst);
            *lock(&shared.sent_by_path)
                .entry(path.to_string())
                .or_default() += body.len() as u64;
            stream.write_all(body)?;
        }
        Ok(())
    };
    let total = body.len() as u64;
    let Some(range) = range else {
        return counted(stream, 200, body, &[]);
    };
    let Some((first, last)) = byte_range(range, total) else {
        let unsatisfied = format!("bytes */{total}");
        return counted(stream, 416, &[], &[("Content-Range", &unsatisfied)]);
    };
    let (mut first, mut last, mut part) = (first, last, None);
    match reply {
        Reply::Lying(Lie::Shifted) if last + 1 < total => (first, last) = (first + 1, last + 1),
        Reply::Lying(Lie::Bytes) => {
            let mut bytes = body[first as usize..=last as usize].to_vec();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0xff;
            part = Some(bytes);
        }
        _ => {}
    }
    let part = part.unwrap_or_else(|| body[first as usize..=last as usize].to_vec());
    let said = format!("bytes {first}-{last}/{total}");
    if let Reply::Lying(lie @ (Lie::Stall | Lie::Short)) = reply {
        // The right headers, then half the part and silence, or all but its last byte.
        let sent = if lie == Lie::Stall {
            part.len() / 2
        } else {
            part.len() - 1
        };
        write_head(
            stream,
            206,
            Some(part.len() as u64),
            &[("Content-Range", &said)],
        )?;
        shared.sent.fetch_add(sent as u64, Ordering::SeqCst);
        stream.write_all(&part[..sent])?;
        stream.flush()?;
        if lie == Lie::Stall {
            stall(stream, shared);
        }
        return Ok(());
    }
    counted(stream, 206, &part, &[("Content-Range", &said)])
}

/// The first and last byte a `Range` header value asks of a file of `total` bytes (one
/// range only), or `None` when it asks for nothing in it.
fn byte_range(value: &str, total: u64) -> Option<(u64, u64)> {
    let spec = value.strip_prefix("bytes=")?.trim();
    let (first, last) = spec.split_once('-')?;
    let (first, last) = match (first.trim(), last.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().ok()?;
            (total.checked_sub(n.min(total))?, total.checked_sub(1)?)
        }
        (first, "") => (first.parse().ok()?, total.checked_sub(1)?),
        (first, last) => (
            first.parse().ok()?,
            last.parse::<u64>().ok()?.min(total.checked_sub(1)?),
        ),
    };
    (first <= last && last < total).then_some((first, last))
}

/// Sends a complete response with Content-Length.
fn send(stream: &mut TcpStream, status: u16, body: &[u8], head_only: bool) -> io::Result<()> {
    write_head(stream, status, Some(body.len() as u64), &[])?;
    if !head_only {
        stream.write_all(body)?;
    }
    Ok(())
}

/// Writes the status line and headers (always with `Connection: close`).
fn write_head(
    stream: &mut TcpStream,
    status: u16,
    content_length: Option<u64>,
    extra: &[(&str, &str)],
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    if let Some(len) = content_length {
        let _ = write!(head, "Content-Length: {len}\r\n");
    }
    for (name, value) in extra {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes())
}

/// Writes b'A' blocks until a write fails or the server stops.
fn write_forever(stream: &mut TcpStream, shared: &Shared) -> io::Result<()> {
    let block = vec![b'A'; BLOCK];
    while !shared.stop.load(Ordering::SeqCst) {
        stream.write_all(&block)?;
    }
    Ok(())
}

/// Holds the connection silently until the client closes it or the server stops.
fn stall(stream: &mut TcpStream, shared: &Shared) {
    let _ = stream.set_nonblocking(true);
    let mut buf = [0u8; 1024];
    while !shared.stop.load(Ordering::SeqCst) {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => thread::sleep(STEP),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// The path part of a request target (origin form or absolute URL), without query and
/// fragment, percent-decoded.
fn request_path(target: &str) -> String {
    let rest = match target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        Some(after_scheme) => match after_scheme.find(['/', '?', '#']) {
            Some(i) if after_scheme[i..].starts_with('/') => &after_scheme[i..],
            _ => "/",
        },
        None => target,
    };
    let raw = rest.split(['?', '#']).next().unwrap_or("");
    percent_decode(raw)
}

/// Decodes `%XX` escapes; malformed escapes are kept literally.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: Option<&u8>| b.and_then(|&c| (c as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let (b'%', Some(hi), Some(lo)) = (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2)))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reason phrase for common status codes.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        410 => "Gone",
        416 => "Range Not Satisfiable",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A fresh temporary folder with the given files.
    fn folder(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("httpserver-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, data) in files {
            let p = dir.join(path);
            fs::create_dir_all(p.parent().expect("test I/O")).expect("test I/O");
            fs::write(p, data).expect("test I/O");
        }
        fs::create_dir_all(&dir).expect("test I/O");
        dir
    }

    /// Opens a connection and sends a request.
    fn send_request(server: &Server, method: &str, target: &str) -> TcpStream {
        let mut s = TcpStream::connect(server.addr).expect("test I/O");
        s.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("test I/O");
        write!(s, "{method} {target} HTTP/1.1\r\nHost: x\r\n\r\n").expect("test I/O");
        s
    }

    /// Reads the response head; returns (status, head text, body bytes already read).
    fn read_response_head(s: &mut TcpStream) -> (u16, String, Vec<u8>) {
        let mut data = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            if let Some(pos) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8(data[..pos].to_vec()).expect("test I/O");
                let status = head
                    .split(' ')
                    .nth(1)
                    .expect("test I/O")
                    .parse()
                    .expect("test I/O");
                return (status, head, data[pos + 4..].to_vec());
            }
            let n = s.read(&mut buf).expect("test I/O");
            assert!(n > 0, "connection closed before end of head");
            data.extend_from_slice(&buf[..n]);
        }
    }

    fn header(head: &str, name: &str) -> Option<String> {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    /// Full request: (status, head, whole body until close).
    fn fetch(server: &Server, method: &str, target: &str) -> (u16, String, Vec<u8>) {
        let mut s = send_request(server, method, target);
        let (status, head, mut body) = read_response_head(&mut s);
        s.read_to_end(&mut body).expect("test I/O");
        (status, head, body)
    }

    /// Reads at least `min` body bytes, returns how many were read.
    fn read_at_least(s: &mut TcpStream, mut got: Vec<u8>, min: usize) -> Vec<u8> {
        let mut buf = vec![0u8; 65536];
        while got.len() <= min {
            let n = s.read(&mut buf).expect("test I/O");
            assert!(n > 0, "stream ended after {} bytes", got.len());
            got.extend_from_slice(&buf[..n]);
        }
        got
    }

    #[test]
    fn file_is_served_with_content_length() {
        let dir = folder(
            "file",
            &[
                ("1995.08/release.yaml", b"version: 1995.08\n"),
                ("a b.txt", b"spaced"),
            ],
        );
        let server = Server::serve(&dir);
        let (status, head, body) = fetch(&server, "GET", "/1995.08/release.yaml");
        assert_eq!(status, 200);
        assert_eq!(header(&head, "content-length").as_deref(), Some("17"));
        assert_eq!(body, b"version: 1995.08\n");

        let (status, _, body) = fetch(&server, "GET", "/a%20b.txt?x=1");
        assert_eq!(status, 200);
        assert_eq!(body, b"spaced");

        let (status, head, body) = fetch(&server, "HEAD", "/a%20b.txt");
        assert_eq!(status, 200);
        assert_eq!(header(&head, "content-length").as_deref(), Some("6"));
        assert!(body.is_empty());

        assert!(server.url().starts_with("http://127.0.0.1:"));
        assert_eq!(
            server.requests(),
            ["/1995.08/release.yaml", "/a%20b.txt?x=1", "/a%20b.txt"]
        );
        drop(server);
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn missing_and_dotdot_are_404() {
        let dir = folder("missing", &[("x", b"x")]);
        let server = Server::serve(&dir);
        for target in ["/nope", "/../x", "/%2e%2e/x", "/a/../x"] {
            let (status, head, body) = fetch(&server, "GET", target);
            assert_eq!(status, 404, "{target}");
            assert_eq!(header(&head, "content-length").as_deref(), Some("0"));
            assert!(body.is_empty());
        }
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn redirect_bytes_and_status() {
        let dir = folder("redirect", &[]);
        let server = Server::start(&dir, |p| match p {
            "/old" => Reply::Redirect("http://elsewhere/new".into()),
            "/bytes" => Reply::Bytes(b"hello".to_vec()),
            _ => Reply::Status(503),
        });
        let (status, head, _) = fetch(&server, "GET", "/old");
        assert_eq!(status, 302);
        assert_eq!(
            header(&head, "location").as_deref(),
            Some("http://elsewhere/new")
        );
        let (status, _, body) = fetch(&server, "GET", "/bytes");
        assert_eq!((status, body.as_slice()), (200, &b"hello"[..]));
        let (status, head, body) = fetch(&server, "GET", "/other");
        assert_eq!(status, 503);
        assert_eq!(header(&head, "content-length").as_deref(), Some("0"));
        assert!(body.is_empty());
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn endless_delivers_more_than_a_megabyte() {
        let dir = folder("endless", &[]);
        let server = Server::start(&dir, |_| Reply::Endless);
        let mut s = send_request(&server, "GET", "/big");
        let (status, head, body) = read_response_head(&mut s);
        assert_eq!(status, 200);
        assert_eq!(header(&head, "content-length"), None);
        let body = read_at_least(&mut s, body, 1 << 20);
        assert!(body.iter().all(|&b| b == b'A'));
        drop(s);
        // The server notices the closed client; a new request still works.
        let (status, _, _) = fetch(&server, "HEAD", "/again");
        assert_eq!(status, 200);
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn stall_after_zero_sends_headers_then_nothing() {
        let dir = folder("stall", &[("f", b"0123456789")]);
        let server = Server::start(&dir, |p| match p {
            "/f" => Reply::StallAfter(0),
            _ => Reply::StallAfter(3),
        });
        let mut s = send_request(&server, "GET", "/f");
        let (status, head, body) = read_response_head(&mut s);
        assert_eq!(status, 200);
        assert_eq!(header(&head, "content-length").as_deref(), Some("10"));
        assert!(body.is_empty());
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .expect("test I/O");
        let mut buf = [0u8; 16];
        let err = s.read(&mut buf).expect_err("no bytes");
        assert!(matches!(
            err.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ));

        // StallAfter(3) sends exactly three body bytes, then holds the connection.
        let dir2 = folder("stall3", &[("g", b"0123456789")]);
        let server2 = Server::start(&dir2, |_| Reply::StallAfter(3));
        let mut s = send_request(&server2, "GET", "/g");
        let (_, _, mut body) = read_response_head(&mut s);
        s.set_read_timeout(Some(Duration::from_millis(300)))
            .expect("test I/O");
        let mut buf = [0u8; 16];
        while let Ok(n) = s.read(&mut buf) {
            assert!(n > 0, "server closed a stalled connection");
            body.extend_from_slice(&buf[..n]);
        }
        assert_eq!(body, b"012");
        let _ = fs::remove_dir_all(dir);
        let _ = fs::remove_dir_all(dir2);
    }

    #[test]
    fn longer_than_sends_more_than_announced() {
        let dir = folder("longer", &[("f", b"0123456789")]);
        let server = Server::start(&dir, |_| Reply::LongerThan(5));
        let mut s = send_request(&server, "GET", "/f");
        let (status, head, body) = read_response_head(&mut s);
        assert_eq!(status, 200);
        assert_eq!(header(&head, "content-length").as_deref(), Some("5"));
        let body = read_at_least(&mut s, body, 100_000);
        assert!(body.starts_with(b"0123456789AAAA"));
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn proxy_style_absolute_target_is_recorded_and_served() {
        let dir = folder("proxy", &[("x/y.txt", b"via proxy")]);
        let server = Server::serve(&dir);
        let target = "http://mirror.example:8080/x/y.txt";
        let (status, _, body) = fetch(&server, "GET", target);
        assert_eq!(status, 200);
        assert_eq!(body, b"via proxy");
        assert_eq!(server.requests(), [target]);
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn drop_is_prompt_with_open_connections() {
        let dir = folder("drop", &[("f", b"data")]);
        let server = Server::start(&dir, |p| {
            if p == "/endless" {
                Reply::Endless
            } else {
                Reply::StallAfter(0)
            }
        });
        let mut stalled = send_request(&server, "GET", "/f");
        let (status, _, _) = read_response_head(&mut stalled);
        assert_eq!(status, 200);
        // An endless download the client never reads, and a silent client.
        let _unread = send_request(&server, "GET", "/endless");
        let _silent = TcpStream::connect(server.addr).expect("test I/O");
        thread::sleep(Duration::from_millis(200));

        let started = Instant::now();
        drop(server);
        assert!(started.elapsed() < Duration::from_secs(1));
        // The stalled connection is closed by the server.
        let mut rest = Vec::new();
        let _ = stalled.read_to_end(&mut rest);
        assert!(rest.is_empty());
        let _ = fs::remove_dir_all(dir);
    }

    #[test]
    fn request_path_parsing() {
        assert_eq!(request_path("/a%20b?q=1#f"), "/a b");
        assert_eq!(request_path("http://h:1/p/q?x"), "/p/q");
        assert_eq!(request_path("http://h:1"), "/");
        assert_eq!(request_path("http://h:1?x=/y"), "/");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
