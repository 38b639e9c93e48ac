//! Serving the built app (`dist/`) from the relay's own origin, with caching that suits
//! trunk's hashed file names, a Content-Security-Policy, and the brotli or gzip copies the
//! build wrote beside each asset for clients that accept them.

use std::path::Path;

use axum::{
    extract::Request,
    http::{header, HeaderValue},
    middleware::{self, Next},
    response::Response,
    Router,
};
use base64::Engine as _;
use sha2::{Digest as _, Sha256};
use tower_http::services::ServeDir;

/// The Content-Security-Policy for the app in `dir`: its own scripts, styles and wasm, the
/// inline start-up script and style sheet `index.html` holds (allowed by their hashes, not
/// by `'unsafe-inline'`), and connections to any relay the user points it at (the relay
/// base URL is a setting of the app). Images may come from any `https:` address: a
/// board's image cells show them, as Grafana's do.
pub fn content_security_policy(dir: &Path) -> String {
    policy_for_index(&std::fs::read_to_string(dir.join("index.html")).unwrap_or_default())
}

/// The Content-Security-Policy for an app whose `index.html` reads `index`.
pub fn policy_for_index(index: &str) -> String {
    let scripts = hash_sources(&inline_bodies(index, "script"));
    let styles = hash_sources(&inline_bodies(index, "style"));
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         img-src 'self' data: blob: https:; connect-src 'self' http: https:; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
    )
}

/// Each of `bodies` as a CSP hash source, each with a space before it.
fn hash_sources(bodies: &[&str]) -> String {
    bodies
        .iter()
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
}

/// The bodies of the `<tag>` elements (`script` or `style`) without a `src`.
fn inline_bodies<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    html.split(open.as_str())
        .skip(1)
        .filter_map(|rest| {
            let (attributes, rest) = rest.split_once('>')?;
            let (body, _) = rest.split_once(close.as_str())?;
            (!attributes.contains("src=")).then_some(body)
        })
        .collect()
}

/// A router that serves the files under `dir`, `index.html` for `/`: a file's `.br` or
/// `.gz` copy (written by `cargo xtask` when it builds the app) to a client that accepts
/// that encoding, the file itself to others.
pub fn router(dir: &Path) -> Router {
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip();
    with_app_headers(
        Router::new().fallback_service(files),
        &content_security_policy(dir),
    )
}

/// `router` with the headers every file of the app gets: caching, the policy, and more.
pub fn with_app_headers(router: Router, policy: &str) -> Router {
    let policy = HeaderValue::from_str(policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let policy = policy.clone();
        async move { cache_headers(request, next, policy).await }
    }))
}

async fn cache_headers(request: Request, next: Next, policy: HeaderValue) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let success = response.status().is_success();
    let headers = response.headers_mut();
    let cache = if hashed && success {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // The same URL answers brotli, gzip or identity depending on the request.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// Trunk names built assets `name-<16 hex digits>.ext` (or `_bg.wasm`): those never change.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::{inline_bodies, is_hashed_asset};

    #[test]
    fn finds_only_inline_scripts_and_styles() {
        let html = "<style>p{}</style><script type=\"module\">init()</script>\
                    <script src=\"/a.js\"></script><link rel=\"stylesheet\" href=\"/a.css\">";
        assert_eq!(inline_bodies(html, "script"), vec!["init()"]);
        assert_eq!(inline_bodies(html, "style"), vec!["p{}"]);
    }

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/fedview-0123456789abcdef.js"));
        assert!(is_hashed_asset("/fedview-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/"));
        assert!(!is_hashed_asset("/favicon.svg"));
    }
}
