//! The embedded demo upstream behind `--demo`: identifier `demo`, client ID `demo`, secret
//! `demo`, answering like a WG2 hosted Prometheus from a changing, generated data set.

mod dataset;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, Response, StatusCode},
};
use base64::Engine as _;

use crate::route::Endpoint;
pub use dataset::Dataset;

/// The demo instance: its data set and the credentials it accepts.
#[derive(Debug)]
pub struct Demo {
    dataset: Dataset,
}

/// The exact `Authorization` value the demo accepts (`demo:demo`).
fn expected_authorization() -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("demo:demo")
    )
}

impl Demo {
    /// A demo with about `series` series.
    pub fn new(series: usize) -> Self {
        Self {
            dataset: Dataset::new(series),
        }
    }

    /// Answers one request for identifier `demo`, as Prometheus would.
    pub fn answer(&self, endpoint: Endpoint, request: &Request) -> Response<Body> {
        let authorized = request
            .headers()
            .get(header::AUTHORIZATION)
            .is_some_and(|v| v.as_bytes() == expected_authorization().as_bytes());
        if !authorized {
            return plain(StatusCode::UNAUTHORIZED, "Unauthorized\n");
        }
        let head = request.method() == Method::HEAD;
        let response = match endpoint {
            Endpoint::Healthy => plain(StatusCode::OK, "Prometheus Server is Healthy.\n"),
            Endpoint::Federate => {
                let text = self.dataset.federate(now_ms());
                let mut response = plain(StatusCode::OK, text);
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
                );
                response
            }
            _ => plain(
                StatusCode::NOT_FOUND,
                "The demo upstream answers only -/healthy and federate.\n",
            ),
        };
        if head {
            let (parts, _) = response.into_parts();
            Response::from_parts(parts, Body::empty())
        } else {
            response
        }
    }
}

fn plain(status: StatusCode, body: impl Into<Body>) -> Response<Body> {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
