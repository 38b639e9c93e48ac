//! The relay as an internet-facing service: the app compressed (precompressed copies, by
//! what the client accepts), the app embedded in the binary, a limit on request bodies,
//! and no easy denial of service by slow, idle or many clients.

use std::{
    io::{Read as _, Write as _},
    net::TcpStream,
    path::Path,
    time::{Duration, Instant},
};

use fedview_testkit::{free_port, http, Relay, TempDir};

fn relay(args: &[&str]) -> Relay {
    let dead = format!("http://127.0.0.1:{}", free_port());
    Relay::start_at(
        Path::new(env!("CARGO_BIN_EXE_fedview-relay")),
        &dead,
        args,
        &[],
    )
}

/// `GET path` with `Accept-Encoding: accept` (none when empty), the raw answer bytes.
fn get_encoded(port: u16, path: &str, accept: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let accept = if accept.is_empty() {
        String::new()
    } else {
        format!("Accept-Encoding: {accept}\r\n")
    };
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{accept}\r\n"
    )
    .expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(answer.get(..split).unwrap_or_default()).into_owned();
    (head, answer.get(split + 4..).unwrap_or_default().to_vec())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn the_app_goes_out_compressed_to_clients_that_ask() {
    let dir = TempDir::new("fedview-compressed");
    let script = "export default function init() { return 'fedview'; }\n".repeat(200);
    let gzip = {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(script.as_bytes()).expect("gzip");
        encoder.finish().expect("gzip")
    };
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.path().join(name), bytes).expect("write a file");
    };
    write("index.html", b"<html><body>fedview</body></html>");
    write("app-0123456789abcdef.js", script.as_bytes());
    write("app-0123456789abcdef.js.gz", &gzip);
    // Brotli's bytes are not checked here, only that they are the ones chosen.
    write("app-0123456789abcdef.js.br", b"brotli bytes");
    let relay = relay(&["--static", &dir.path().to_string_lossy()]);
    let path = "/app-0123456789abcdef.js";

    let (head, body) = get_encoded(relay.port, path, "gzip, deflate, br");
    assert_eq!(header(&head, "content-encoding"), Some("br"), "{head}");
    assert_eq!(body, b"brotli bytes");
    assert_eq!(
        header(&head, "vary")
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("accept-encoding")
    );

    let (head, body) = get_encoded(relay.port, path, "gzip");
    assert_eq!(header(&head, "content-encoding"), Some("gzip"), "{head}");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(body.as_slice())
        .read_to_string(&mut unzipped)
        .expect("gunzip");
    assert_eq!(unzipped, script);
    assert!(body.len() * 10 < script.len(), "compressed well");
    assert_eq!(
        header(&head, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let (head, body) = get_encoded(relay.port, path, "");
    assert_eq!(header(&head, "content-encoding"), None, "{head}");
    assert_eq!(body, script.as_bytes());

    let (head, _) = get_encoded(relay.port, "/", "gzip, br");
    assert_eq!(header(&head, "cache-control"), Some("no-cache"), "{head}");
}

#[test]
fn the_binary_serves_the_app_it_embeds() {
    let dist = fedview_testkit::workspace_root().join("dist");
    if !fedview_testkit::require(
        &dist.join("index.html"),
        "the app build to embed (cargo xtask test builds it before the relay)",
    ) {
        return;
    }
    assert!(
        fedview_relay::embedded_app::is_embedded(),
        "dist/ was built, so the relay must embed it: rebuild the relay after the app"
    );
    let relay = relay(&[]);
    let (head, body) = get_encoded(relay.port, "/", "");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(header(&head, "cache-control"), Some("no-cache"));
    let index = String::from_utf8_lossy(&body).into_owned();
    assert!(index.contains("fedview"), "{index}");
    // Every file trunk wrote is there, compressed for a browser that accepts brotli.
    let wasm = std::fs::read_dir(&dist)
        .expect("dist")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("the app's wasm in dist/");
    let built = std::fs::metadata(dist.join(&wasm)).expect("wasm").len();
    let (head, body) = get_encoded(relay.port, &format!("/{wasm}"), "gzip, deflate, br");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(header(&head, "content-type"), Some("application/wasm"));
    assert_eq!(header(&head, "content-encoding"), Some("br"), "{head}");
    assert!(
        (body.len() as u64) * 2 < built,
        "{} of {built} bytes",
        body.len()
    );
}

#[test]
fn a_query_body_over_the_limit_is_refused() {
    let relay = relay(&["--max-request-body", "1000"]);
    let path = "/metrics/v1/prometheus/x/api/v1/query";
    let body = format!("query={}", "a".repeat(5000));
    let answer = http::raw(
        relay.port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .expect("an answer");
    assert_eq!(answer.status, 413, "{}", answer.head);
}

/// Reads until the peer closes (or `limit` passes): how long it took, and whether it
/// closed.
fn time_until_closed(stream: &mut TcpStream, limit: Duration) -> (Duration, bool) {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("a read timeout");
    let mut buffer = [0u8; 4096];
    while started.elapsed() < limit {
        match stream.read(&mut buffer) {
            Ok(0) => return (started.elapsed(), true),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (started.elapsed(), true),
        }
    }
    (started.elapsed(), false)
}

#[test]
fn a_client_trickling_its_headers_is_cut_off() {
    let relay = relay(&["--header-timeout", "2s"]);
    let mut stream = TcpStream::connect(("127.0.0.1", relay.port)).expect("connect");
    stream
        .set_write_timeout(Some(Duration::from_secs(1)))
        .expect("a write timeout");
    let request =
        b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let started = Instant::now();
    let mut cut_off = None;
    // One byte a second, as a slowloris client sends them.
    for byte in request {
        if stream.write_all(&[*byte]).is_err() {
            cut_off = Some(started.elapsed());
            break;
        }
        let (_, closed) = time_until_closed(&mut stream, Duration::from_secs(1));
        if closed {
            cut_off = Some(started.elapsed());
            break;
        }
    }
    let cut_off = cut_off.expect("the relay kept a trickling client for the whole request");
    assert!(
        cut_off < Duration::from_secs(4),
        "cut off after {cut_off:?} with a 2 s header timeout"
    );
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let relay = relay(&["--header-timeout", "2s"]);
    let mut stream = TcpStream::connect(("127.0.0.1", relay.port)).expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    // The answer comes, and the connection stays open for another request...
    let mut answer = [0u8; 1024];
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("a read timeout");
    let read = stream.read(&mut answer).expect("an answer");
    assert!(
        answer
            .get(..read)
            .unwrap_or_default()
            .starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(answer.get(..read).unwrap_or_default())
    );
    // ...until it has been idle for the timeout.
    let (after, closed) = time_until_closed(&mut stream, Duration::from_secs(8));
    assert!(
        closed,
        "an idle keep-alive connection stayed open {after:?}"
    );
    assert!(
        after >= Duration::from_millis(1500) && after < Duration::from_secs(4),
        "closed after {after:?} with a 2 s timeout"
    );
}

#[test]
fn a_thousand_idle_connections_do_not_lock_others_out() {
    let relay = relay(&[]);
    let idle: Vec<TcpStream> = (0..1000)
        .map(|_| TcpStream::connect(("127.0.0.1", relay.port)).expect("an idle connection"))
        .collect();
    // Give the relay time to accept them all.
    std::thread::sleep(Duration::from_millis(500));
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let started = Instant::now();
        let answer = http::get(relay.port, "/healthz", "").expect("an answer");
        assert_eq!(answer.status, 200);
        slowest = slowest.max(started.elapsed());
    }
    assert!(
        slowest < Duration::from_millis(100),
        "/healthz took {slowest:?} beside 1,000 idle connections"
    );
    drop(idle);
}

#[test]
fn connections_past_the_limit_wait_for_a_free_slot() {
    let relay = relay(&["--max-connections", "4"]);
    let idle: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(("127.0.0.1", relay.port)).expect("an idle connection"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut waiting = TcpStream::connect(("127.0.0.1", relay.port)).expect("connect");
    waiting
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    waiting
        .set_read_timeout(Some(Duration::from_millis(700)))
        .expect("a read timeout");
    let mut answer = Vec::new();
    assert!(
        waiting.read_to_end(&mut answer).is_err() && answer.is_empty(),
        "a fifth connection was served while four were open: {}",
        String::from_utf8_lossy(&answer)
    );
    // One closes: the waiting client is served.
    drop(idle);
    waiting
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("a read timeout");
    waiting.read_to_end(&mut answer).expect("an answer");
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}
