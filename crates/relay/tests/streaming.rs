//! Bodies stream through the relay: a 200 MB answer leaves its memory flat, gzip passes
//! untouched, and `--max-body` turns an oversized answer into a clear 502.

use std::{
    io::{Read as _, Write as _},
    net::TcpStream,
    path::Path,
};

use fedview_testkit::{http, resident_kib, RecordingUpstream, Relay, StreamingUpstream};

fn relay(upstream: &str, args: &[&str]) -> Relay {
    Relay::start_at(
        Path::new(env!("CARGO_BIN_EXE_fedview-relay")),
        upstream,
        args,
        &[],
    )
}

#[test]
fn a_200_mb_answer_keeps_the_relay_flat() {
    const TOTAL: u64 = 200 * 1024 * 1024;
    let upstream = StreamingUpstream::start(TOTAL);
    let relay = relay(&upstream.origin(), &[]);
    // Warm the relay up with one small request first, so start-up allocations are counted
    // before, not during.
    let _ = http::get(relay.port, "/healthz", "");
    let (before, _) = resident_kib(relay.pid()).expect("the relay's memory");

    let mut stream = TcpStream::connect(("127.0.0.1", relay.port)).expect("connect");
    stream
        .write_all(b"GET /metrics/v1/prometheus/x/federate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut received: u64 = 0;
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => received += n as u64,
            Err(e) => panic!("read failed after {received} bytes: {e}"),
        }
    }
    let (_, peak) = resident_kib(relay.pid()).expect("the relay's memory");
    assert!(received > TOTAL, "only {received} bytes came through");
    let growth_mib = peak.saturating_sub(before) as f64 / 1024.0;
    eprintln!(
        "relay RSS before {before} KiB, peak {peak} KiB: +{growth_mib:.1} MiB for 200 MiB relayed"
    );
    assert!(growth_mib < 16.0, "the relay grew by {growth_mib:.1} MiB");
}

#[test]
fn gzip_passes_through_untouched() {
    // Opaque bytes labelled gzip: a relay that decoded or re-encoded would change them.
    let body = "opaque-compressed-bytes-0123456789";
    let upstream = RecordingUpstream::start(&format!(
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ));
    let relay = relay(&upstream.origin(), &[]);
    let answer = http::get(
        relay.port,
        "/metrics/v1/prometheus/x/federate",
        "Accept-Encoding: gzip\r\n",
    )
    .expect("an answer");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), Some("gzip"));
    assert_eq!(answer.header("content-length"), Some("34"));
    assert_eq!(answer.body, body);
    let head = upstream.requests().concat().to_ascii_lowercase();
    assert!(head.contains("accept-encoding: gzip"), "{head}");
}

#[test]
fn an_answer_over_max_body_is_a_clear_502() {
    let upstream = StreamingUpstream::start(5 * 1024 * 1024);
    let relay = relay(&upstream.origin(), &["--max-body", "1048576"]);
    let answer = http::get(relay.port, "/metrics/v1/prometheus/x/federate", "").expect("an answer");
    assert_eq!(answer.status, 502);
    assert!(
        answer.body.contains("\"error\":\"body_too_large\""),
        "{}",
        answer.body
    );
}
