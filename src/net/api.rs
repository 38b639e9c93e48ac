//! Every HTTP call the app makes, through the relay with gloo-net. Nothing here panics on
//! a network result; each call returns what the views need to explain it.

use std::{cell::Cell, rc::Rc};

use gloo_net::http::Request;
use gloo_timers::callback::Timeout;

use crate::{
    model::credentials::{encode_component, Credentials},
    model::metric_kind::MetricKind,
    model::series_store::{IngestReport, SeriesStore},
    net::health::HealthStatus,
    net::range_query::{parse_matrix, range_endpoint, QueryError, RangeResult},
};

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

/// An HTTP answer: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, when present.
    pub content_type: Option<String>,
    /// The body (empty when it could not be read).
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
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
    let content_type = response.headers().get("content-type");
    let body = response.binary().await.unwrap_or_default();
    Ok(Answer {
        status,
        content_type,
        body,
    })
}

/// Checks `-/healthy` and says what happened.
pub async fn check_health(credentials: &Credentials) -> HealthStatus {
    match get(credentials, "-/healthy").await {
        Ok(answer) => HealthStatus::from_answer(answer.status, &answer.text()),
        Err(error) => failure(credentials, error),
    }
}

/// Why no answer came, in a sentence for the page.
pub fn describe_failure(credentials: &Credentials, error: ApiError) -> String {
    let status = failure(credentials, error);
    format!("{} {}", status.title(), status.explanation())
}

fn failure(credentials: &Credentials, error: ApiError) -> HealthStatus {
    match error {
        ApiError::Timeout => HealthStatus::Timeout,
        ApiError::Unreachable => HealthStatus::RelayUnreachable {
            relay: credentials.relay.clone(),
        },
    }
}

/// Why a poll did not add anything: a title and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PollError {
    /// A short title.
    pub title: String,
    /// What happened and what to do.
    pub detail: String,
}

impl PollError {
    /// The answer came for data the store no longer holds (a dump replaced it).
    fn superseded() -> Self {
        Self {
            title: "Superseded".to_owned(),
            detail: "The store was replaced while this poll was in flight; its answer was dropped."
                .to_owned(),
        }
    }
}

impl From<HealthStatus> for PollError {
    fn from(status: HealthStatus) -> Self {
        Self {
            title: status.title().to_owned(),
            detail: status.explanation(),
        }
    }
}

/// The federate endpoint for `selectors`, one per line (blank lines ignored).
pub fn federate_endpoint(selectors: &str) -> String {
    let params: Vec<String> = selectors
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("match[]={}", encode_component(l)))
        .collect();
    format!("federate?{}", params.join("&"))
}

/// Fetches federation for `selectors`: the answer's body and content type, or why there
/// is none.
///
/// # Errors
/// No selectors, the upstream unreachable or refusing, or a rejected selector.
pub async fn fetch_federate(
    credentials: &Credentials,
    selectors: &str,
) -> Result<Answer, PollError> {
    if federate_endpoint(selectors).ends_with('?') {
        return Err(PollError {
            title: "No selectors".to_owned(),
            detail: "Enter at least one match[] selector, such as {__name__=~\".+\"}.".to_owned(),
        });
    }
    let answer = get(credentials, &federate_endpoint(selectors))
        .await
        .map_err(|e| PollError::from(failure(credentials, e)))?;
    if !(200..300).contains(&answer.status) {
        if answer.status == 400 {
            return Err(PollError {
                title: "Selector rejected".to_owned(),
                detail: format!(
                    "The upstream rejected the selectors: {}",
                    answer.text().trim()
                ),
            });
        }
        return Err(HealthStatus::from_answer(answer.status, &answer.text()).into());
    }
    Ok(answer)
}

/// Ingests a federate `answer` into `store` at `now_ms`, while the store still holds
/// `generation`'s data (a dump may have replaced it since the poll started).
///
/// # Errors
/// Superseded, unreadable (nothing of it kept), or empty.
pub fn ingest_federate(
    store: &mut SeriesStore,
    generation: u64,
    answer: &Answer,
    now_ms: i64,
) -> Result<IngestReport, PollError> {
    let ingested = store.ingest_for(
        generation,
        &answer.body,
        answer.content_type.as_deref(),
        now_ms,
    );
    let report = ingested
        .ok_or_else(PollError::superseded)?
        .map_err(|e| PollError {
            title: "Unreadable answer".to_owned(),
            detail: format!(
                "The federate answer could not be parsed at line {}, column {}: {}. Nothing from this poll was kept.",
                e.line,
                e.column,
                e.message()
            ),
        })?;
    if report.samples == 0 {
        return Err(PollError {
            title: "No series".to_owned(),
            detail: "The upstream answered, but no series match these selectors.".to_owned(),
        });
    }
    Ok(report)
}

/// Types, help and units from `api/v1/metadata`: `(name, kind, help, unit)`, or nothing
/// when the API is not there.
pub async fn fetch_metadata(
    credentials: &Credentials,
) -> Vec<(String, MetricKind, String, String)> {
    let Ok(answer) = get(credentials, "api/v1/metadata").await else {
        return Vec::new();
    };
    if answer.status != 200 {
        return Vec::new();
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&answer.body) else {
        return Vec::new();
    };
    let Some(families) = body["data"].as_object() else {
        return Vec::new();
    };
    families
        .iter()
        .map(|(name, entries)| {
            let first = &entries[0];
            (
                name.clone(),
                MetricKind::from_metadata(first["type"].as_str().unwrap_or_default()),
                first["help"].as_str().unwrap_or_default().to_owned(),
                first["unit"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Runs `query` as a range query from `start_ms` to `end_ms` at `step_s` seconds.
///
/// # Errors
/// Prometheus's error (with its position in the query), a status the API answered with
/// (403/404 when the upstream does not offer it), or why no answer came.
pub async fn query_range(
    credentials: &Credentials,
    query: &str,
    start_ms: i64,
    end_ms: i64,
    step_s: i64,
) -> Result<RangeResult, QueryError> {
    let endpoint = range_endpoint(query, start_ms, end_ms, step_s);
    let answer = get(credentials, &endpoint)
        .await
        .map_err(|e| QueryError::new(0, describe_failure(credentials, e)))?;
    if answer.status == 401 {
        let status = HealthStatus::from_answer(answer.status, &answer.text());
        return Err(QueryError::new(
            answer.status,
            format!("{} {}", status.title(), status.explanation()),
        ));
    }
    let series = parse_matrix(answer.status, &answer.body)?;
    Ok(RangeResult {
        query: query.to_owned(),
        start: start_ms,
        end: end_ms,
        step_s,
        series,
    })
}
