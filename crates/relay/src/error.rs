//! The one place where the relay's failures become HTTP responses with a JSON body.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// Why the relay could not answer a request with the upstream's own response.
#[derive(Debug)]
pub enum RelayError {
    /// The path is not one the relay forwards.
    NotFound,
    /// The path is forwarded, but not with this method.
    MethodNotAllowed {
        /// The methods the path accepts, for the `Allow` header.
        allow: &'static str,
    },
    /// The upstream could not be reached (refused, DNS, reset).
    UpstreamUnreachable(String),
    /// The TLS handshake with the upstream failed (an untrusted CA, a certificate for
    /// another host name, an expired certificate).
    UpstreamTls(String),
    /// The upstream did not answer within the configured timeout.
    UpstreamTimeout,
    /// The upstream's body is larger than `--max-body`.
    BodyTooLarge {
        /// The configured limit in bytes.
        limit: u64,
    },
}

impl RelayError {
    fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::UpstreamUnreachable(_) | Self::UpstreamTls(_) | Self::BodyTooLarge { .. } => {
                StatusCode::BAD_GATEWAY
            }
            Self::UpstreamTimeout => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// A short machine-readable code the app maps to its own message.
    fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::UpstreamUnreachable(_) => "upstream_unreachable",
            Self::UpstreamTls(_) => "upstream_tls",
            Self::UpstreamTimeout => "upstream_timeout",
            Self::BodyTooLarge { .. } => "body_too_large",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::NotFound => "the relay forwards only /metrics/v1/prometheus/{id}/ followed by \
                 -/healthy, federate or api/v1/{query,query_range,series,labels,\
                 label/<name>/values,metadata,rules,alerts}"
                .to_owned(),
            Self::MethodNotAllowed { allow } => format!("this path accepts {allow}"),
            Self::UpstreamUnreachable(why) => format!("could not reach the upstream: {why}"),
            Self::UpstreamTls(why) => format!(
                "the TLS handshake with the upstream failed: {why}. If the upstream's \
                 certificate comes from a private CA, give the relay that CA with \
                 --upstream-ca"
            ),
            Self::UpstreamTimeout => "the upstream did not answer in time".to_owned(),
            Self::BodyTooLarge { limit } => {
                format!("the upstream's response is larger than the relay's limit of {limit} bytes")
            }
        }
    }
}

impl IntoResponse for RelayError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.code(), "detail": self.detail() });
        let mut response = (self.status(), axum::Json(body)).into_response();
        if let Self::MethodNotAllowed { allow } = self {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        response
    }
}
