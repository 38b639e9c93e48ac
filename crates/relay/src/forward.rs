//! Forwarding an allowed request to the one upstream and streaming its answer back.

use std::{
    future::Future as _,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, Method, Response},
};
use futures_util::StreamExt;

use crate::{
    error::RelayError,
    rounds::{Rounds, Streaming},
    route::{parse_target, Target},
    tls::Roots,
};

/// What every forwarded request shares: the client and the one upstream.
#[derive(Debug)]
pub struct Upstream {
    client: reqwest::Client,
    /// Scheme, host and port, with no trailing slash.
    base: String,
    timeout: Duration,
    max_body: Option<u64>,
    rounds: Option<Arc<Rounds>>,
}

impl Upstream {
    /// A relay to `base` (such as `https://api.wgtwo.com`), trusting `roots` for its
    /// certificate; streamed answers are counted by `rounds`.
    pub fn new(
        base: &str,
        timeout: Duration,
        max_body: Option<u64>,
        roots: &Roots,
        rounds: Option<Arc<Rounds>>,
    ) -> reqwest::Result<Self> {
        let mut client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout)
            .read_timeout(timeout)
            .user_agent(concat!("fedview-relay/", env!("CARGO_PKG_VERSION")));
        for certificate in &roots.extra {
            client = client.add_root_certificate(certificate.clone());
        }
        let client = client.build()?;
        Ok(Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
            timeout,
            max_body,
            rounds,
        })
    }
}

/// Request headers passed to the upstream. Everything else, cookies and hop-by-hop
/// headers included, stays behind.
const REQUEST_HEADERS: [HeaderName; 5] = [
    header::AUTHORIZATION,
    header::ACCEPT,
    header::ACCEPT_ENCODING,
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
];

/// Response headers never passed back to the browser: hop-by-hop headers, cookies, CORS
/// headers (the relay answers CORS itself) and `WWW-Authenticate`, which would make the
/// browser pop up its own login dialog over the app's.
const DROPPED_RESPONSE_HEADERS: [HeaderName; 14] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
    header::SET_COOKIE,
    header::WWW_AUTHENTICATE,
    header::ACCESS_CONTROL_ALLOW_ORIGIN,
    header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
    header::ACCESS_CONTROL_ALLOW_HEADERS,
    header::ACCESS_CONTROL_EXPOSE_HEADERS,
];

/// The handler for everything under `/metrics/`.
pub async fn forward(
    State(upstream): State<Arc<Upstream>>,
    request: Request,
) -> Result<Response<Body>, RelayError> {
    let uri = request.uri();
    // An absolute-form target (`GET http://elsewhere/ HTTP/1.1`) is never honoured.
    if uri.scheme().is_some() || uri.authority().is_some() {
        return Err(RelayError::NotFound);
    }
    let target = parse_target(uri.path()).ok_or(RelayError::NotFound)?;
    check_method(request.method(), target)?;

    let url = match uri.query() {
        Some(query) => format!("{}{}?{query}", upstream.base, uri.path()),
        None => format!("{}{}", upstream.base, uri.path()),
    };
    let (parts, body) = request.into_parts();
    let mut outgoing = upstream.client.request(parts.method.clone(), url);
    for name in &REQUEST_HEADERS {
        for value in parts.headers.get_all(name) {
            outgoing = outgoing.header(name, value);
        }
    }
    if parts.method == Method::POST {
        outgoing = outgoing.body(reqwest::Body::wrap_stream(body.into_data_stream()));
    }

    let answer = tokio::time::timeout(upstream.timeout, outgoing.send())
        .await
        .map_err(|_| RelayError::UpstreamTimeout)?
        .map_err(|e| {
            if e.is_timeout() {
                RelayError::UpstreamTimeout
            } else if is_tls_failure(&e) {
                RelayError::UpstreamTls(describe(&e))
            } else {
                RelayError::UpstreamUnreachable(describe(&e))
            }
        })?;
    let streaming = upstream.rounds.as_ref().map(Rounds::streaming);
    relay_response(answer, upstream.max_body, upstream.timeout, streaming).await
}

/// Answers up to this size are read whole before they are passed on. A streamed answer is
/// cut off by the server once its `Content-Length` is written, before the client side has
/// seen the end of the body, so its upstream connection is closed instead of reused: for a
/// health check against a TLS upstream that would mean a new handshake every time.
const SMALL_BODY: u64 = 64 * 1024;

fn check_method(method: &Method, target: Target<'_>) -> Result<(), RelayError> {
    let allowed = *method == Method::GET
        || *method == Method::HEAD
        || (*method == Method::POST && target.endpoint.accepts_post());
    if allowed {
        Ok(())
    } else {
        Err(RelayError::MethodNotAllowed {
            allow: target.endpoint.allow(),
        })
    }
}

/// Streams the upstream's answer back unchanged apart from the dropped headers. Only small
/// answers (see [`SMALL_BODY`]) are read whole, so memory stays flat whatever the size;
/// gzip passes through as is.
async fn relay_response(
    answer: reqwest::Response,
    max_body: Option<u64>,
    timeout: Duration,
    streaming: Option<Streaming>,
) -> Result<Response<Body>, RelayError> {
    if let (Some(limit), Some(length)) = (max_body, answer.content_length()) {
        if length > limit {
            return Err(RelayError::BodyTooLarge { limit });
        }
    }
    let mut response = Response::builder().status(answer.status());
    if let Some(headers) = response.headers_mut() {
        copy_response_headers(answer.headers(), headers);
    }
    if answer
        .content_length()
        .is_some_and(|length| length <= SMALL_BODY)
    {
        let body = tokio::time::timeout(timeout, answer.bytes())
            .await
            .map_err(|_| RelayError::UpstreamTimeout)?
            .map_err(|e| RelayError::UpstreamUnreachable(describe(&e)))?;
        return response
            .body(Body::from(body))
            .map_err(|e| RelayError::UpstreamUnreachable(e.to_string()));
    }
    let mut relayed: u64 = 0;
    let stream = Batched::new(answer.bytes_stream(), streaming).map(move |chunk| {
        let chunk = chunk?;
        relayed += chunk.len() as u64;
        match max_body {
            Some(limit) if relayed > limit => Err(std::io::Error::other(format!(
                "upstream body exceeds the relay's limit of {limit} bytes"
            ))),
            _ => Ok(chunk),
        }
    });
    response
        .body(Body::from_stream(stream))
        .map_err(|e| RelayError::UpstreamUnreachable(e.to_string()))
}

/// A streamed body goes out in pieces of up to this size…
const BATCH_BYTES: usize = 128 * 1024;
/// …waiting at most this long for the upstream's next piece to fill one. Prometheus writes
/// federation 2 KB at a time; sent as they come, each piece would cost the client side a
/// write, a TCP segment and a wake-up of the reader.
const BATCH_WAIT: Duration = Duration::from_millis(5);

/// The upstream's body re-cut into larger pieces: what arrives within [`BATCH_WAIT`] of the
/// first byte of a piece, up to [`BATCH_BYTES`]. The end of the body is passed on at once.
struct Batched<S> {
    inner: S,
    buffer: bytes::BytesMut,
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
    ended: bool,
    /// Counts this answer as streaming while the body lives.
    _streaming: Option<Streaming>,
}

impl<S> Batched<S> {
    fn new(inner: S, streaming: Option<Streaming>) -> Self {
        Self {
            inner,
            buffer: bytes::BytesMut::new(),
            deadline: None,
            ended: false,
            _streaming: streaming,
        }
    }

    fn take(&mut self) -> bytes::Bytes {
        self.deadline = None;
        self.buffer.split().freeze()
    }

    /// Adds `piece` to the batch, making room for a whole batch at once rather than
    /// growing (and copying) the buffer piece by piece.
    fn add(&mut self, piece: &[u8]) {
        if self.buffer.is_empty() {
            self.buffer.reserve(BATCH_BYTES.max(piece.len()));
        }
        self.buffer.extend_from_slice(piece);
    }
}

impl<S> futures_util::Stream for Batched<S>
where
    S: futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin,
{
    type Item = std::io::Result<bytes::Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.ended {
            return Poll::Ready(None);
        }
        loop {
            match Pin::new(&mut this.inner).poll_next(cx) {
                Poll::Ready(Some(Ok(piece))) => {
                    if this.buffer.is_empty() && piece.len() >= BATCH_BYTES {
                        return Poll::Ready(Some(Ok(piece)));
                    }
                    this.add(&piece);
                    if this.buffer.len() >= BATCH_BYTES {
                        return Poll::Ready(Some(Ok(this.take())));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(std::io::Error::other(e))));
                }
                Poll::Ready(None) => {
                    this.ended = true;
                    if this.buffer.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(Ok(this.take())));
                }
                Poll::Pending => {
                    if this.buffer.is_empty() {
                        return Poll::Pending;
                    }
                    let deadline = this
                        .deadline
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep(BATCH_WAIT)));
                    return match deadline.as_mut().poll(cx) {
                        Poll::Ready(()) => Poll::Ready(Some(Ok(this.take()))),
                        Poll::Pending => Poll::Pending,
                    };
                }
            }
        }
    }
}

fn copy_response_headers(from: &HeaderMap, to: &mut HeaderMap) {
    let named_in_connection: Vec<String> = from
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    for (name, value) in from {
        let dropped = DROPPED_RESPONSE_HEADERS.contains(name)
            || named_in_connection.iter().any(|n| n == name.as_str());
        if !dropped {
            to.append(name, value.clone());
        }
    }
}

/// Whether the request failed in the TLS handshake (an untrusted or mismatched
/// certificate): rustls's errors name the certificate or the handshake.
fn is_tls_failure(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string().to_ascii_lowercase();
        if text.contains("certificate") || text.contains("handshake") || text.contains("tls") {
            return true;
        }
        source = cause.source();
    }
    false
}

/// A reason for an unreachable upstream, without the URL (which the user already knows).
fn describe(error: &reqwest::Error) -> String {
    let mut reason = String::from(if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    });
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    reason
}
