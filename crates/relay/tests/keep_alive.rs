//! The relay reuses its upstream connections: twenty health checks through it open at most
//! a couple of connections to a real Prometheus (which counts the connections it accepts).
//! Against WG2's TLS upstream, each new connection would be a handshake.

use std::path::Path;

use fedview_testkit::{http, Prometheus, Relay};

/// Prometheus's own count of accepted HTTP connections.
fn accepted(prometheus: &Prometheus) -> f64 {
    let answer = http::get(
        prometheus.port,
        &format!("{}/metrics", prometheus.prefix()),
        &prometheus.authorization_header(),
    )
    .expect("Prometheus's metrics");
    fedview_testkit::prometheus::accepted_connections(&answer.body)
}

/// A real Prometheus and a relay in front of it, or `None` when Prometheus is missing
/// (and skipping is allowed).
fn prometheus_behind_relay() -> Option<(Prometheus, Relay)> {
    if !Prometheus::available() {
        return None;
    }
    let prometheus = Prometheus::start();
    let relay = Relay::start_at(
        Path::new(env!("CARGO_BIN_EXE_fedview-relay")),
        &prometheus.origin(),
        &[],
        &[],
    );
    Some((prometheus, relay))
}

#[test]
fn upstream_connections_are_reused() {
    let Some((prometheus, relay)) = prometheus_behind_relay() else {
        return;
    };
    let path = format!("{}/-/healthy", prometheus.prefix());
    let auth = prometheus.authorization_header();
    let before = accepted(&prometheus);
    for _ in 0..20 {
        let answer = http::get(relay.port, &path, &auth).expect("an answer");
        assert_eq!(answer.status, 200);
        assert!(answer.header("content-length").is_some(), "{}", answer.head);
    }
    // Our own two metric reads count too; the scrape loop keeps its own connection.
    let opened = accepted(&prometheus) - before - 1.0;
    assert!(
        opened <= 2.0,
        "20 relayed requests opened {opened} upstream connections"
    );
}

#[test]
fn streamed_federate_answers_reuse_upstream_connections_too() {
    let Some((prometheus, relay)) = prometheus_behind_relay() else {
        return;
    };
    // Everything Prometheus has: Prometheus sends it chunked, so the relay streams it.
    let path = format!(
        "{}/federate?match[]=%7B__name__%3D~%22.%2B%22%7D",
        prometheus.prefix()
    );
    let auth = prometheus.authorization_header();
    let first = http::get(relay.port, &path, &auth).expect("an answer");
    assert_eq!(first.status, 200, "{}", first.head);
    assert_eq!(
        first.header("transfer-encoding"),
        Some("chunked"),
        "{}",
        first.head
    );
    let before = accepted(&prometheus);
    for _ in 0..20 {
        let answer = http::get(relay.port, &path, &auth).expect("an answer");
        assert_eq!(answer.status, 200);
    }
    let opened = accepted(&prometheus) - before - 1.0;
    assert!(
        opened <= 2.0,
        "20 relayed federate answers opened {opened} upstream connections"
    );
}
