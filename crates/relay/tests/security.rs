//! The relay is not an open proxy and can be trusted with a secret: checked against a real
//! Prometheus set up like the WG2 upstream (and, where Prometheus cannot show what is
//! needed, a recording socket or one that never answers).

use std::path::Path;

use fedview_testkit::{
    free_port,
    http::{self, Answer},
    prometheus::basic_authorization,
    Prometheus, RecordingUpstream, Relay, SilentUpstream,
};

fn relay_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fedview-relay"))
}

fn relay(upstream: &str, args: &[&str]) -> Relay {
    Relay::start_at(relay_binary(), upstream, args, &[])
}

fn request(port: u16, method: &str, target: &str, headers: &str) -> Answer {
    http::raw(
        port,
        &format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n{headers}Content-Length: 0\r\n\r\n"),
    )
    .unwrap_or_else(|| panic!("no answer to {method} {target}"))
}

fn assert_json_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!(answer.status, status, "{}\n{}", answer.head, answer.body);
    assert!(
        answer
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{}",
        answer.head
    );
    assert!(
        answer.body.contains(&format!("\"error\":\"{code}\"")),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("\"detail\":"), "{}", answer.body);
}

#[test]
fn forwards_only_the_allowlisted_paths_and_methods() {
    if !Prometheus::available() {
        return;
    }
    let prometheus = Prometheus::start();
    let relay = relay(&prometheus.origin(), &[]);
    let auth = prometheus.authorization_header();
    let prefix = prometheus.prefix();

    for allowed in [
        "-/healthy",
        "federate?match[]=up",
        "api/v1/query?query=up",
        "api/v1/labels",
        "api/v1/label/job/values",
        "api/v1/metadata",
        "api/v1/series?match[]=up",
        "api/v1/query_range?query=up&start=0&end=60&step=15",
        "api/v1/rules",
        "api/v1/alerts",
    ] {
        let answer = request(relay.port, "GET", &format!("{prefix}/{allowed}"), &auth);
        assert_eq!(answer.status, 200, "{allowed}: {}", answer.body);
    }
    let head = request(relay.port, "HEAD", &format!("{prefix}/-/healthy"), &auth);
    assert_eq!(head.status, 200);

    let rejected = [
        format!("{prefix}/api/v1/admin/tsdb/snapshot"),
        format!("{prefix}/api/v1/status/config"),
        format!("{prefix}/api/v1/alertmanagers"),
        format!("{prefix}/api/v1/rules/../status/config"),
        format!("{prefix}/-/reload"),
        format!("{prefix}/-/quit"),
        format!("{prefix}/graph"),
        format!("{prefix}/metrics"),
        format!("{prefix}/federate/../api/v1/status/config"),
        format!("{prefix}/%2e%2e/%2e%2e/etc/passwd"),
        "/metrics/v1/prometheus/..%2f..%2f/federate".to_owned(),
        "/metrics/v1/prometheus/%2e%2e/federate".to_owned(),
        format!("/metrics/v1/prometheus/{}%2Ffederate", prometheus.id),
        "/metrics/v1/prometheus/../../etc/passwd".to_owned(),
        "/etc/passwd".to_owned(),
    ];
    // "/" is the app when the binary embeds it, and nothing otherwise.
    if fedview_relay::embedded_app::is_embedded() {
        let app = request(relay.port, "GET", "/", "");
        assert_eq!(app.status, 200, "{}", app.head);
        assert_eq!(app.header("content-type"), Some("text/html; charset=utf-8"));
    } else {
        assert_json_error(&request(relay.port, "GET", "/", &auth), 404, "not_found");
    }
    for path in &rejected {
        assert_json_error(&request(relay.port, "GET", path, &auth), 404, "not_found");
    }

    for method in ["PUT", "DELETE", "PATCH", "POST"] {
        // The upstream's rules and alerts are read-only through the relay, like federation.
        for endpoint in ["federate", "api/v1/rules", "api/v1/alerts"] {
            let answer = request(relay.port, method, &format!("{prefix}/{endpoint}"), &auth);
            assert_json_error(&answer, 405, "method_not_allowed");
            assert_eq!(
                answer.header("allow"),
                Some("GET, HEAD"),
                "{method} {endpoint}"
            );
        }
    }
    // POST (form-encoded) is fine where Prometheus takes it.
    let body = "query=up";
    let post = http::raw(
        relay.port,
        &format!(
            "POST {prefix}/api/v1/query HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .expect("an answer to POST");
    assert_eq!(post.status, 200, "{}", post.body);
    assert!(
        post.body.contains("\"resultType\":\"vector\""),
        "{}",
        post.body
    );
}

#[test]
fn the_client_can_never_choose_the_host() {
    if !Prometheus::available() {
        return;
    }
    let prometheus = Prometheus::start();
    let other = RecordingUpstream::start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno");
    let relay = relay(&prometheus.origin(), &[]);
    let auth = prometheus.authorization_header();
    let prefix = prometheus.prefix();

    // Absolute-form targets naming another host, or the upstream itself, are refused.
    for target in [
        format!("{}{prefix}/-/healthy", other.origin()),
        format!("{}{prefix}/-/healthy", prometheus.origin()),
    ] {
        assert_json_error(
            &request(relay.port, "GET", &target, &auth),
            404,
            "not_found",
        );
    }
    // A Host header naming another server changes nothing: the request still goes to the
    // configured upstream, never to the named one.
    let answer = http::raw(
        relay.port,
        &format!(
            "GET {prefix}/-/healthy HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n{auth}\r\n",
            other.port
        ),
    )
    .expect("an answer");
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("Healthy"), "{}", answer.body);
    assert!(
        other.requests().is_empty(),
        "a request reached the other host"
    );
}

#[test]
fn wrong_credentials_pass_through_as_401_without_a_login_prompt() {
    if !Prometheus::available() {
        return;
    }
    let prometheus = Prometheus::start();
    let relay = relay(&prometheus.origin(), &[]);
    let wrong = format!(
        "Authorization: {}\r\n",
        basic_authorization(&prometheus.client_id, "wrong-secret")
    );
    let answer = request(
        relay.port,
        "GET",
        &format!("{}/-/healthy", prometheus.prefix()),
        &wrong,
    );
    assert_eq!(answer.status, 401);
    assert_eq!(answer.header("www-authenticate"), None, "{}", answer.head);
    let none = request(
        relay.port,
        "GET",
        &format!("{}/federate", prometheus.prefix()),
        "",
    );
    assert_eq!(none.status, 401);
}

#[test]
fn preflight_is_answered_for_allowed_origins_only() {
    if !Prometheus::available() {
        return;
    }
    let prometheus = Prometheus::start();
    let relay = relay(
        &prometheus.origin(),
        &["--allow-origin", "http://app.example"],
    );
    let preflight = |origin: &str| {
        request(
            relay.port,
            "OPTIONS",
            &format!("{}/federate", prometheus.prefix()),
            &format!(
                "Origin: {origin}\r\nAccess-Control-Request-Method: GET\r\n\
                 Access-Control-Request-Headers: authorization\r\n"
            ),
        )
    };
    let allowed = preflight("http://app.example");
    assert!(allowed.status < 300, "{}", allowed.head);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://app.example")
    );
    assert!(allowed
        .header("access-control-allow-headers")
        .is_some_and(|h| h.to_ascii_lowercase().contains("authorization")));
    assert_eq!(allowed.header("access-control-allow-credentials"), None);

    let other = preflight("http://evil.example");
    assert_eq!(
        other.header("access-control-allow-origin"),
        None,
        "{}",
        other.head
    );

    // A real request from the allowed origin carries the header; never `*`.
    let get = request(
        relay.port,
        "GET",
        &format!("{}/-/healthy", prometheus.prefix()),
        &format!(
            "Origin: http://app.example\r\n{}",
            prometheus.authorization_header()
        ),
    );
    assert_eq!(get.status, 200);
    assert_eq!(
        get.header("access-control-allow-origin"),
        Some("http://app.example")
    );
    assert_eq!(get.header("access-control-allow-credentials"), None);
}

#[test]
fn the_secret_never_reaches_the_log_even_at_trace_level() {
    if !Prometheus::available() {
        return;
    }
    let prometheus = Prometheus::start();
    let relay = Relay::start_at(
        relay_binary(),
        &prometheus.origin(),
        &[],
        &[("RUST_LOG", "trace")],
    );
    let auth = prometheus.authorization_header();
    for endpoint in ["-/healthy", "federate?match[]=up", "api/v1/query?query=up"] {
        let answer = request(
            relay.port,
            "GET",
            &format!("{}/{endpoint}", prometheus.prefix()),
            &auth,
        );
        assert_eq!(answer.status, 200);
    }
    let token = basic_authorization(&prometheus.client_id, &prometheus.secret);
    let token = token.trim_start_matches("Basic ");
    let log = relay.log();
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "trace logging was not on:\n{log}"
    );
    assert!(
        !log.contains(&prometheus.secret),
        "the secret is in the log"
    );
    assert!(
        !log.contains(token),
        "the Authorization value is in the log"
    );
}

#[test]
fn cookies_are_stripped_and_redirects_not_followed() {
    let upstream = RecordingUpstream::start(
        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\n\
         Set-Cookie: session=upstream-cookie\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    let relay = relay(&upstream.origin(), &[]);
    let answer = request(
        relay.port,
        "GET",
        "/metrics/v1/prometheus/x/federate",
        "Cookie: session=browser-cookie\r\nAuthorization: Basic eDp5\r\n",
    );
    assert_eq!(
        answer.status, 302,
        "the redirect is passed back, not followed"
    );
    assert_eq!(answer.header("set-cookie"), None, "{}", answer.head);
    let seen = upstream.requests();
    assert_eq!(
        seen.len(),
        1,
        "exactly one request reached the upstream: {seen:?}"
    );
    let head = seen
        .first()
        .map(String::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(!head.contains("cookie"), "{head}");
    assert!(
        head.contains("authorization: basic eDp5".to_ascii_lowercase().as_str()),
        "{head}"
    );
}

#[test]
fn a_dead_upstream_is_502_and_a_silent_one_504() {
    let dead = format!("http://127.0.0.1:{}", free_port());
    let relay_to_dead = relay(&dead, &["--timeout", "2s"]);
    let answer = request(
        relay_to_dead.port,
        "GET",
        "/metrics/v1/prometheus/x/-/healthy",
        "",
    );
    assert_json_error(&answer, 502, "upstream_unreachable");

    let silent = SilentUpstream::start();
    let relay_to_silent = relay(&silent.origin(), &["--timeout", "1s"]);
    let started = std::time::Instant::now();
    let answer = request(
        relay_to_silent.port,
        "GET",
        "/metrics/v1/prometheus/x/-/healthy",
        "",
    );
    assert_json_error(&answer, 504, "upstream_timeout");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn healthz_reports_the_relay_itself() {
    let dead = format!("http://127.0.0.1:{}", free_port());
    let relay = relay(&dead, &[]);
    let answer = request(relay.port, "GET", "/healthz", "");
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("\"status\":\"ok\""), "{}", answer.body);
}
