//! `fedview-relay`: a small CORS relay between the fedview app in a browser and a WG2 hosted
//! Prometheus, which sends no CORS headers and answers preflight requests with 401.
//!
//! It forwards an allowlist of read-only paths to one configured upstream, passes the
//! user's `Authorization` through without logging or storing it, streams bodies both ways,
//! and can serve the built app and an embedded demo upstream.

pub mod config;
pub mod demo;
pub mod error;
pub mod forward;
pub mod route;
pub mod static_files;

use std::{future::Future, sync::Arc};

use axum::{
    http::{header, HeaderValue, Method},
    routing::{any, get},
    Json, Router,
};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    cors::{AllowOrigin, CorsLayer},
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    trace::TraceLayer,
};

pub use config::Config;
use demo::Demo;
use error::RelayError;
use forward::Upstream;

/// Builds the relay's whole HTTP application from its configuration.
///
/// # Errors
/// When the HTTP client cannot be built (no usable TLS roots) or an allowed origin is not
/// a valid header value.
pub fn app(config: &Config) -> Result<Router, String> {
    let demo = config.demo.then(|| Demo::new(config.demo_series));
    let upstream = Upstream::new(&config.upstream, config.timeout, config.max_body, demo)
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics/{*path}", any(forward::forward))
        .with_state(Arc::new(upstream));
    router = match &config.static_dir {
        Some(dir) => router.merge(static_files::router(dir)),
        None => router.fallback(|| async { RelayError::NotFound }),
    };
    if !config.allow_origins.is_empty() {
        router = router.layer(cors(&config.allow_origins)?);
    }
    Ok(router.layer(
        ServiceBuilder::new()
            .layer(SetSensitiveRequestHeadersLayer::new([
                header::AUTHORIZATION,
                header::PROXY_AUTHORIZATION,
                header::COOKIE,
            ]))
            .layer(TraceLayer::new_for_http()),
    ))
}

/// CORS for the listed origins only: never `*`, never credentials.
fn cors(origins: &[String]) -> Result<CorsLayer, String> {
    let origins = origins
        .iter()
        .map(|o| HeaderValue::from_str(o).map_err(|_| format!("invalid origin {o:?}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::HEAD, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::ACCEPT, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600)))
}

async fn healthz() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Serves the relay on `listener` until `shutdown` completes, then finishes the requests
/// in flight.
///
/// # Errors
/// When the configuration is unusable or the listener fails.
pub async fn serve(
    listener: TcpListener,
    config: &Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let app = app(config)?;
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| format!("server error: {e}"))
}
