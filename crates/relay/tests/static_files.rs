//! `--static DIR`: the built app from the relay's own origin, hashed assets cached forever,
//! `index.html` revalidated, and a Content-Security-Policy that allows the inline start-up
//! script and style sheet by their hashes.

use std::path::Path;

use fedview_testkit::{free_port, http, Relay, TempDir};

#[test]
fn serves_the_app_with_caching_and_a_policy() {
    let dir = TempDir::new("fedview-static");
    std::fs::write(
        dir.path().join("index.html"),
        "<html><head><style>p{color:red}</style><script type=\"module\">import init from '/app-0123456789abcdef.js';</script></head></html>",
    )
    .expect("write index.html");
    std::fs::write(
        dir.path().join("app-0123456789abcdef.js"),
        "export default 1;",
    )
    .expect("write js");
    let dead = format!("http://127.0.0.1:{}", free_port());
    let relay = Relay::start_at(
        Path::new(env!("CARGO_BIN_EXE_fedview-relay")),
        &dead,
        &["--static", &dir.path().to_string_lossy()],
        &[],
    );

    let index = http::get(relay.port, "/", "").expect("index");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("import init"), "{}", index.body);
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    let policy = index.header("content-security-policy").expect("a CSP");
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{policy}"
    );
    assert!(policy.contains("style-src 'self' 'sha256-"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");

    let asset = http::get(relay.port, "/app-0123456789abcdef.js", "").expect("asset");
    assert_eq!(asset.status, 200);
    assert_eq!(
        asset.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let missing = http::get(relay.port, "/nope-0123456789abcdef.js", "").expect("404");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("cache-control"), Some("no-cache"));
}

#[test]
fn stops_gracefully_on_sigterm() {
    let dead = format!("http://127.0.0.1:{}", free_port());
    let mut relay = Relay::start_at(
        Path::new(env!("CARGO_BIN_EXE_fedview-relay")),
        &dead,
        &[],
        &[],
    );
    let started = std::time::Instant::now();
    relay.stop();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "SIGTERM took {:?}",
        started.elapsed()
    );
    assert!(relay.log().contains("shutting down"), "{}", relay.log());
}
