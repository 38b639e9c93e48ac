//! The production path: an HTTPS upstream through rustls, against Debian's Prometheus
//! serving TLS with a certificate made in the test and basic auth, as WG2's does.

use std::path::Path;

use fedview_testkit::{http, Relay, TestCertificates, TlsPrometheus};

fn relay(upstream: &TlsPrometheus, args: &[&str]) -> Relay {
    Relay::start_at(
        Path::new(env!("CARGO_BIN_EXE_fedview-relay")),
        &upstream.origin(),
        args,
        &[("RUST_LOG", "trace")],
    )
}

fn available() -> bool {
    fedview_testkit::Prometheus::available()
}

/// Prometheus's own count of the connections it accepted, read over TLS with the CA.
fn accepted(upstream: &TlsPrometheus) -> f64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let ca = std::fs::read(&upstream.ca_file).expect("the CA file");
    let text = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&ca).expect("PEM"))
            .build()
            .expect("a client");
        client
            .get(format!(
                "{}{}/metrics",
                upstream.origin(),
                upstream.prefix()
            ))
            .basic_auth(&upstream.client_id, Some(&upstream.secret))
            .send()
            .await
            .expect("Prometheus's metrics")
            .text()
            .await
            .expect("a body")
    });
    fedview_testkit::prometheus::accepted_connections(&text)
}

/// A health check through `relay`, which must come back as the relay's JSON 502 for a
/// failed TLS handshake.
fn tls_failure(relay: &Relay, upstream: &TlsPrometheus) -> http::Answer {
    let answer = http::get(
        relay.port,
        &format!("{}/-/healthy", upstream.prefix()),
        &upstream.authorization_header(),
    )
    .expect("an answer");
    assert_eq!(answer.status, 502, "{}\n{}", answer.head, answer.body);
    assert!(
        answer.body.contains("\"error\":\"upstream_tls\""),
        "{}",
        answer.body
    );
    answer
}

#[test]
fn health_and_federation_work_with_the_upstreams_ca() {
    if !available() {
        return;
    }
    let upstream = TlsPrometheus::start(&["127.0.0.1"]);
    let ca = upstream.ca_file.to_string_lossy().into_owned();
    let relay = relay(&upstream, &["--upstream-ca", &ca]);
    let auth = upstream.authorization_header();
    let healthy = format!("{}/-/healthy", upstream.prefix());
    let answer = fedview_testkit::wait_until(
        "a healthy answer through the relay",
        std::time::Duration::from_secs(30),
        || http::get(relay.port, &healthy, &auth).filter(|a| a.status == 200),
    );
    assert!(answer.body.contains("Healthy"), "{}", answer.body);
    // Federation, once Prometheus has scraped itself over TLS.
    let federate = format!("{}/federate?match[]=up", upstream.prefix());
    let answer = fedview_testkit::wait_until(
        "federation through the relay",
        std::time::Duration::from_secs(30),
        || {
            http::get(relay.port, &federate, &auth)
                .filter(|a| a.status == 200 && a.body.contains("up{"))
        },
    );
    assert!(
        answer.body.contains("job=\"prometheus\""),
        "{}",
        answer.body
    );
    // Wrong credentials still come back as the upstream's 401.
    let wrong = format!(
        "Authorization: {}\r\n",
        fedview_testkit::prometheus::basic_authorization(&upstream.client_id, "wrong")
    );
    assert_eq!(
        http::get(relay.port, &healthy, &wrong).map(|a| a.status),
        Some(401)
    );

    // One handshake, not one per request: twenty health checks reuse the connection.
    let before = accepted(&upstream);
    for _ in 0..20 {
        let answer = http::get(relay.port, &healthy, &auth).expect("an answer");
        assert_eq!(answer.status, 200);
    }
    // Our own read of the count is one connection.
    let opened = accepted(&upstream) - before - 1.0;
    assert!(
        opened <= 1.0,
        "20 relayed requests opened {opened} TLS connections to the upstream"
    );

    // The secret is in no answer and no line of the trace-level log.
    let log = relay.log();
    assert!(log.contains("TRACE"), "the log is at trace level");
    assert!(!log.contains(&upstream.secret), "the secret is in the log");
    let encoded = auth.trim_end().trim_start_matches("Authorization: Basic ");
    assert!(
        !log.contains(encoded),
        "the encoded credentials are in the log"
    );
    assert!(!answer.body.contains(&upstream.secret));
}

#[test]
fn without_the_ca_the_relay_names_a_tls_failure() {
    if !available() {
        return;
    }
    let upstream = TlsPrometheus::start(&["127.0.0.1"]);
    let relay = relay(&upstream, &[]);
    let answer = tls_failure(&relay, &upstream);
    assert!(answer.body.contains("certificate"), "{}", answer.body);
    assert!(answer.body.contains("--upstream-ca"), "{}", answer.body);
    assert!(!answer.body.contains(&upstream.secret));
    assert!(!relay.log().contains(&upstream.secret));
}

#[test]
fn a_certificate_for_another_host_is_refused() {
    if !available() {
        return;
    }
    // The certificate names another host; its CA is trusted all the same.
    let upstream = TlsPrometheus::start(&["upstream.example"]);
    let ca = upstream.ca_file.to_string_lossy().into_owned();
    let relay = relay(&upstream, &["--upstream-ca", &ca]);
    let answer = tls_failure(&relay, &upstream);
    assert!(
        answer
            .body
            .to_ascii_lowercase()
            .contains("not valid for name")
            || answer.body.contains("NotValidForName"),
        "the answer names the mismatch: {}",
        answer.body
    );
}

#[test]
fn another_ca_is_not_trusted_in_its_place() {
    if !available() {
        return;
    }
    let upstream = TlsPrometheus::start(&["127.0.0.1"]);
    let other = TestCertificates::for_names(&["127.0.0.1"]);
    let other_ca = upstream.write_file("other-ca.pem", &other.ca_pem);
    let relay = relay(&upstream, &["--upstream-ca", &other_ca.to_string_lossy()]);
    tls_failure(&relay, &upstream);
}

#[test]
fn an_unreadable_ca_file_stops_the_relay_at_start_up() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fedview-relay"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "https://127.0.0.1:9",
            "--upstream-ca",
            "/nonexistent/ca.pem",
        ])
        .output()
        .expect("run the relay");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read --upstream-ca /nonexistent/ca.pem"),
        "{stderr}"
    );
}
