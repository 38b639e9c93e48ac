//! `fedview-demo`: a demo upstream for fedview, answering like a WG2 hosted Prometheus at
//! identifier `demo` (client ID `demo`, secret `demo`) from a changing, generated data set
//! of telecom-flavoured counters, gauges, histograms and summaries, with a PromQL engine of
//! its own for the query API.
//!
//! The relay mounts [`router`] only when it is built with its `demo` feature, as the
//! development commands build it (`cargo xtask serve`, `test`, `bench`); the production
//! binary carries neither this crate nor its credential.

mod dataset;
mod endpoint;
mod promql;
mod query;
mod router;
mod selector;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, Method, Response, StatusCode},
};
use base64::Engine as _;

pub(crate) use dataset::Dataset;
pub use endpoint::Endpoint;
pub use router::{router, PREFIX};
pub use selector::Selector;

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

    /// A demo with about `series` series, of which `pods` pods (57 series each) are
    /// replaced at every scrape (every 15 s): federation then shows series coming and
    /// going as deployments replace pods. The PromQL endpoints answer for the pods as
    /// first deployed.
    pub fn churning(series: usize, pods: usize) -> Self {
        Self {
            dataset: Dataset::new(series).churning(pods),
        }
    }

    /// The federate answer for every series at `now_ms`, as `/federate` writes it: for
    /// benchmarks that ingest the demo's data without a network.
    pub fn federate_all(&self, now_ms: i64) -> String {
        Selector::parse("{__name__=~\".+\"}")
            .map(|everything| self.dataset.federate(now_ms, &[everything]))
            .unwrap_or_default()
    }

    /// The federate answers of every scrape from `from_ms` to `to_ms`, as one OpenMetrics
    /// text (seconds, grouped by series, ending in `# EOF`) that
    /// `promtool tsdb create-blocks-from openmetrics` reads: a real Prometheus filled with
    /// exactly what the demo federated. `only` keeps one metric name.
    pub fn federated_history(&self, from_ms: i64, to_ms: i64, only: Option<&str>) -> String {
        use std::fmt::Write as _;
        let mut series: std::collections::BTreeMap<String, String> = Default::default();
        let mut ms = Dataset::scrape_time(from_ms);
        while ms <= to_ms {
            for line in self
                .federate_all(ms)
                .lines()
                .filter(|l| !l.starts_with('#'))
            {
                let Some((key, rest)) = line.rsplit_once("} ") else {
                    continue;
                };
                if only.is_some_and(|name| key.split('{').next() != Some(name)) {
                    continue;
                }
                let Some((value, stamp)) = rest.split_once(' ') else {
                    continue;
                };
                let seconds = stamp.parse::<i64>().unwrap_or_default() / 1000;
                let points = series.entry(format!("{key}}}")).or_default();
                let _ = writeln!(points, "{key}}} {value} {seconds}");
            }
            ms += dataset::SCRAPE_INTERVAL_MS;
        }
        let mut out: String = series.into_values().collect();
        out.push_str("# EOF\n");
        out
    }

    /// Answers one request for identifier `demo`, as Prometheus would; `form` is a POST's
    /// form-encoded body (empty for other methods).
    pub fn answer(&self, endpoint: Endpoint, request: &Request, form: &str) -> Response<Body> {
        let authorized = request
            .headers()
            .get(header::AUTHORIZATION)
            .is_some_and(|v| v.as_bytes() == expected_authorization().as_bytes());
        if !authorized {
            return plain(StatusCode::UNAUTHORIZED, "Unauthorized\n");
        }
        let head = request.method() == Method::HEAD;
        // A form-encoded POST's parameters count as well as the query string's.
        let query = match (request.uri().query(), form) {
            (Some(q), "") => q.to_owned(),
            (Some(q), form) => format!("{q}&{form}"),
            (None, form) => form.to_owned(),
        };
        let query = query.as_str();
        let now = now_ms();
        let api = |result: Result<serde_json::Value, query::Failure>| match result {
            Ok(body) => json(StatusCode::OK, &body),
            Err(failure) => {
                let status = match failure {
                    query::Failure::BadData(_) => StatusCode::BAD_REQUEST,
                    query::Failure::Execution(_) => StatusCode::UNPROCESSABLE_ENTITY,
                };
                json(status, &query::error_body(&failure))
            }
        };
        let response = match endpoint {
            Endpoint::Healthy => plain(StatusCode::OK, "Prometheus Server is Healthy.\n"),
            Endpoint::Federate => match query::selectors(query) {
                Ok(selectors) => {
                    let text = self.dataset.federate(now, &selectors);
                    let mut response = plain(StatusCode::OK, text);
                    response.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
                    );
                    response
                }
                Err(message) => plain(StatusCode::BAD_REQUEST, format!("{message}\n")),
            },
            Endpoint::Query => api(query::instant(&self.dataset, query, now)),
            Endpoint::QueryRange => api(query::range(&self.dataset, query, now)),
            Endpoint::Series => api(query::series(&self.dataset, query)),
            Endpoint::Labels => api(query::labels(&self.dataset, query)),
            Endpoint::LabelValues => {
                let label = request.uri().path().rsplit('/').nth(1).unwrap_or_default();
                api(query::label_values(&self.dataset, label, query))
            }
            Endpoint::Metadata => json(StatusCode::OK, &query::metadata(query)),
        };
        if head {
            let (parts, _) = response.into_parts();
            Response::from_parts(parts, Body::empty())
        } else {
            response
        }
    }
}

fn json(status: StatusCode, body: &serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A plain-text answer.
pub(crate) fn plain(status: StatusCode, body: impl Into<Body>) -> Response<Body> {
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
