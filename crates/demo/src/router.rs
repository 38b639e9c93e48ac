//! The demo as a router of its own, for the relay to mount: every path under the demo
//! instance's prefix, answered as a hosted Prometheus answers it (404 for a path it does
//! not serve, 405 for a method an endpoint does not take).

use std::sync::Arc;

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, Method, Response, StatusCode},
    routing::any,
    Router,
};

use crate::{plain, Demo, Endpoint};

/// The path prefix of the demo instance: identifier `demo`.
pub const PREFIX: &str = "/metrics/v1/prometheus/demo/";

/// The most a form-encoded POST may carry (a long query fits many times over).
const FORM_LIMIT: usize = 1024 * 1024;

/// The demo instance, with about `series` series of which `churn` pods are replaced at
/// every scrape, under [`PREFIX`].
pub fn router(series: usize, churn: usize) -> Router {
    Router::new()
        .route(&format!("{PREFIX}{{*endpoint}}"), any(answer))
        .with_state(Arc::new(Demo::churning(series, churn)))
}

async fn answer(State(demo): State<Arc<Demo>>, request: Request) -> Response<Body> {
    let Some(endpoint) = request
        .uri()
        .path()
        .strip_prefix(PREFIX)
        .and_then(Endpoint::parse)
    else {
        return plain(StatusCode::NOT_FOUND, "404 page not found\n");
    };
    let method = request.method();
    let allowed = *method == Method::GET
        || *method == Method::HEAD
        || (*method == Method::POST && endpoint.accepts_post());
    if !allowed {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(endpoint.allow()));
        return response;
    }
    let (parts, body) = request.into_parts();
    let form = if parts.method == Method::POST {
        match axum::body::to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => {
                return plain(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the form is larger than {FORM_LIMIT} bytes\n"),
                )
            }
        }
    } else {
        String::new()
    };
    let request = Request::from_parts(parts, Body::empty());
    // The demo computes its answers (a day of rates for thousands of series), so it runs
    // off the thread that serves connections.
    tokio::task::spawn_blocking(move || demo.answer(endpoint, &request, &form))
        .await
        .unwrap_or_else(|_| {
            plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the demo failed to answer\n",
            )
        })
}
