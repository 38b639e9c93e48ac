//! The built app compiled into the binary (cargo feature `embed-app`, on by default): a
//! single copied `fedview-relay` serves the app and relays. `build.rs` embeds whatever
//! `dist/` holds when the relay is built, with the brotli and gzip copies `cargo xtask`
//! writes beside each file; `--static DIR` overrides it.

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
    Router,
};

use crate::{error::RelayError, static_files};

/// One file of the app, with its precompressed copies.
#[derive(Debug)]
struct Asset {
    /// The URL path, such as `/index.html`.
    path: &'static str,
    /// The file as built.
    identity: &'static [u8],
    /// Its gzip copy, when the build wrote one.
    gzip: Option<&'static [u8]>,
    /// Its brotli copy, when the build wrote one.
    br: Option<&'static [u8]>,
}

// `ASSETS: &[Asset]`, written by build.rs (empty without the feature or without `dist/`).
include!(concat!(env!("OUT_DIR"), "/embedded_app.rs"));

/// Whether this binary carries the app.
pub fn is_embedded() -> bool {
    ASSETS.iter().any(|a| a.path == "/index.html")
}

/// How many files are embedded, and their size as built, for the start-up log.
pub fn summary() -> (usize, usize) {
    (ASSETS.len(), ASSETS.iter().map(|a| a.identity.len()).sum())
}

/// A router answering every path not otherwise routed from the embedded files.
pub fn router() -> Router {
    let index = ASSETS
        .iter()
        .find(|a| a.path == "/index.html")
        .map(|a| String::from_utf8_lossy(a.identity).into_owned())
        .unwrap_or_default();
    static_files::with_app_headers(
        Router::new().fallback(serve),
        &static_files::policy_for_index(&index),
    )
}

async fn serve(request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return RelayError::NotFound.into_response();
    }
    let path = match request.uri().path() {
        "/" => "/index.html",
        other => other,
    };
    let Some(asset) = ASSETS.iter().find(|a| a.path == path) else {
        return RelayError::NotFound.into_response();
    };
    let (bytes, encoding) = match choose_encoding(request.headers(), asset) {
        Some(("br", bytes)) => (bytes, Some("br")),
        Some((_, bytes)) => (bytes, Some("gzip")),
        None => (asset.identity, None),
    };
    let mut response = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type(path))
        .header(header::CONTENT_LENGTH, bytes.len());
    if let Some(encoding) = encoding {
        response = response.header(header::CONTENT_ENCODING, encoding);
    }
    let body = if request.method() == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    response
        .body(body)
        .unwrap_or_else(|_| RelayError::NotFound.into_response())
}

/// The best copy of `asset` the client accepts: brotli, then gzip; `None` for the file
/// itself. An encoding with `q=0` is refused.
fn choose_encoding(headers: &HeaderMap, asset: &Asset) -> Option<(&'static str, &'static [u8])> {
    let accepted: Vec<(String, f32)> = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse().ok())
                .unwrap_or(1.0);
            (name, quality)
        })
        .collect();
    let accepts = |name: &str| accepted.iter().any(|(n, q)| n == name && *q > 0.0);
    if let Some(br) = asset.br.filter(|_| accepts("br")) {
        return Some(("br", br));
    }
    asset
        .gzip
        .filter(|_| accepts("gzip"))
        .map(|gz| ("gzip", gz))
}

/// The Content-Type for a file of the app, by its extension.
fn content_type(path: &str) -> HeaderValue {
    let kind = match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    HeaderValue::from_static(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSET: Asset = Asset {
        path: "/app.wasm",
        identity: b"wasm",
        gzip: Some(b"gz"),
        br: Some(b"br"),
    };

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(header::ACCEPT_ENCODING, value);
        }
        headers
    }

    #[test]
    fn brotli_then_gzip_then_identity() {
        let pick = |value: &str| choose_encoding(&accepting(value), &ASSET).map(|(e, _)| e);
        assert_eq!(pick("gzip, deflate, br"), Some("br"));
        assert_eq!(pick("gzip"), Some("gzip"));
        assert_eq!(pick("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(pick("identity"), None);
        assert_eq!(pick(""), None);
        assert_eq!(choose_encoding(&HeaderMap::new(), &ASSET), None);
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(content_type("/a-0123.wasm"), "application/wasm");
        assert_eq!(content_type("/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("/x"), "application/octet-stream");
    }
}
