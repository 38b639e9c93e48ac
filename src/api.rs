//! Every HTTP call the app makes, through the relay with gloo-net. Nothing here panics on
//! a network result; each call returns what the views need to explain it.

use std::{cell::Cell, rc::Rc};

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;

use crate::{credentials::Credentials, health::HealthStatus};

/// How long the app waits for any answer before calling it a timeout, in milliseconds.
/// Longer than the relay's own default upstream timeout (30 s), so the relay's clearer
/// 504 arrives first when the relay is there.
pub const REQUEST_TIMEOUT_MS: u32 = 35_000;

/// A request failure before any HTTP status arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The browser could not reach the relay (refused, DNS, CORS, offline).
    Unreachable,
    /// The app gave up waiting.
    Timeout,
}

/// An HTTP answer: status and body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status code.
    pub status: u16,
    /// Body text (empty when it could not be read).
    pub body: String,
}

/// `GET` an endpoint of the instance with basic auth, giving up after
/// [`REQUEST_TIMEOUT_MS`].
pub async fn get(credentials: &Credentials, endpoint: &str) -> Result<Answer, ApiError> {
    let controller = web_sys::AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let _timer = controller.clone().map(|controller| {
        let timed_out = Rc::clone(&timed_out);
        Timeout::new(REQUEST_TIMEOUT_MS, move || {
            timed_out.set(true);
            controller.abort();
        })
    });
    let request = Request::get(&credentials.endpoint_url(endpoint))
        .header("Authorization", &credentials.authorization())
        .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref())
        .build()
        .map_err(|_| ApiError::Unreachable)?;
    let response = request.send().await.map_err(|_| {
        if timed_out.get() {
            ApiError::Timeout
        } else {
            ApiError::Unreachable
        }
    })?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Ok(Answer { status, body })
}

/// Checks `-/healthy` and says what happened.
pub async fn check_health(credentials: &Credentials) -> HealthStatus {
    match get(credentials, "-/healthy").await {
        Ok(answer) => HealthStatus::from_answer(answer.status, &answer.body),
        Err(ApiError::Timeout) => HealthStatus::Timeout,
        Err(ApiError::Unreachable) => HealthStatus::RelayUnreachable {
            relay: credentials.relay.clone(),
        },
    }
}
