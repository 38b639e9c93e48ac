//! `fedview-relay`: a small CORS relay between the fedview app in a browser and a WG2 hosted
//! Prometheus, which sends no CORS headers and answers preflight requests with 401.
//!
//! It forwards an allowlist of read-only paths to one configured upstream, passes the
//! user's `Authorization` through without logging or storing it, streams bodies both ways,
//! and can serve the built app (from a folder, or embedded in the binary). Built with its
//! `demo` feature, it also mounts the demo upstream (`fedview-demo`) behind `--demo`; the
//! production build has no demo.

pub mod config;
pub mod embedded_app;
pub mod error;
pub mod forward;
pub mod rounds;
pub mod route;
pub mod server;
pub mod static_files;
pub mod tls;

use std::sync::Arc;

use axum::{
    http::{header, HeaderValue, Method},
    routing::{any, get},
    Json, Router,
};
use tower::ServiceBuilder;
use tower_http::{
    cors::{AllowOrigin, CorsLayer},
    limit::RequestBodyLimitLayer,
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    trace::TraceLayer,
};

pub use config::Config;
use error::RelayError;
use forward::Upstream;

/// Whether this build carries the demo upstream (the `demo` feature).
pub const DEMO_BUILT_IN: bool = cfg!(feature = "demo");

/// What a build without the demo says to `--demo`.
pub const NO_DEMO: &str = "this build of fedview-relay has no demo upstream (--demo): \
    production builds leave it out. Run `cargo xtask serve`, or build the relay with \
    `cargo run -p fedview-relay --features demo -- --demo`";

/// Builds the relay's whole HTTP application from its configuration.
///
/// # Errors
/// When the HTTP client cannot be built (an unreadable `--upstream-ca`, no usable TLS
/// roots) or an allowed origin is not a valid header value.
pub fn app(config: &Config) -> Result<Router, String> {
    app_with_rounds(config, None)
}

/// The application, with its streamed answers counted by `rounds` (see [`rounds`]).
pub(crate) fn app_with_rounds(
    config: &Config,
    rounds: Option<Arc<rounds::Rounds>>,
) -> Result<Router, String> {
    if config.demo && !DEMO_BUILT_IN {
        return Err(NO_DEMO.to_owned());
    }
    let roots = tls::Roots::load(config.upstream_ca.as_deref())?;
    let upstream = Upstream::new(
        &config.upstream,
        config.timeout,
        config.max_body,
        &roots,
        rounds,
    )
    .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route(
            "/metrics/{*path}",
            any(forward::forward).layer(RequestBodyLimitLayer::new(config.max_request_body)),
        )
        .with_state(Arc::new(upstream));
    #[cfg(feature = "demo")]
    if config.demo {
        // The demo is a router of its own; the forwarding handler knows nothing of it.
        router = router.merge(fedview_demo::router(config.demo_series, config.demo_churn));
    }
    router = match &config.static_dir {
        Some(dir) => router.merge(static_files::router(dir)),
        None if embedded_app::is_embedded() => router.merge(embedded_app::router()),
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

pub use server::serve;
