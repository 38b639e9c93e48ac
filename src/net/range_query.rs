//! Range queries to the upstream's `api/v1/query_range`: the time ranges a user can pick, the
//! step that gives about one point per pixel, the PromQL a family is loaded with (counters
//! as `rate(...)`), and Prometheus's JSON answer read into series of points.

use std::collections::BTreeMap;

use crate::model::{
    metric_kind::MetricKind, point::Point, range_series::RangeSeries, selector::selector,
};

/// The most points Prometheus returns per series in one range query.
pub const MAX_POINTS: i64 = 11_000;

/// The scrape interval assumed when choosing a `rate()` range, as Grafana does by default.
pub const ASSUMED_SCRAPE_MS: i64 = 15_000;

/// The time ranges the picker offers, as (label, milliseconds).
pub const PRESETS: [(&str, i64); 5] = [
    ("15m", 15 * 60_000),
    ("1h", 3_600_000),
    ("6h", 6 * 3_600_000),
    ("24h", 24 * 3_600_000),
    ("7d", 7 * 24 * 3_600_000),
];

/// The time range a user asked history for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Range {
    /// The last `ms` milliseconds up to now.
    Last(i64),
    /// A fixed range, ms since the epoch.
    Between(i64, i64),
}

impl Range {
    /// The range a preset label (`15m`, `1h`, …) stands for.
    pub fn preset(label: &str) -> Option<Self> {
        PRESETS
            .iter()
            .find(|(name, _)| *name == label)
            .map(|&(_, ms)| Self::Last(ms))
    }

    /// Start and end in ms since the epoch, given the time now.
    pub fn bounds(self, now_ms: i64) -> (i64, i64) {
        match self {
            Self::Last(ms) => (now_ms - ms, now_ms),
            Self::Between(from, to) => (from, to),
        }
    }

    /// How the picker and the URL name it: a preset label, or `from~to` in ms.
    pub fn key(self) -> String {
        match self {
            Self::Last(ms) => PRESETS
                .iter()
                .find(|&&(_, p)| p == ms)
                .map_or_else(|| format!("{ms}ms"), |(name, _)| (*name).to_owned()),
            Self::Between(from, to) => format!("{from}~{to}"),
        }
    }

    /// Reads what [`Range::key`] writes.
    pub fn from_key(key: &str) -> Option<Self> {
        if let Some(range) = Self::preset(key) {
            return Some(range);
        }
        let (from, to) = key.split_once('~')?;
        let (from, to) = (from.parse().ok()?, to.parse().ok()?);
        (from < to).then_some(Self::Between(from, to))
    }
}

/// The step, in whole seconds, for `range_ms` drawn `pixels` wide: about one point per
/// pixel, never under one second and never more than Prometheus's 11,000 points.
pub fn step_seconds(range_ms: i64, pixels: u32) -> i64 {
    let pixels = i64::from(pixels.max(1));
    let per_pixel = (range_ms.max(1) + pixels * 1000 - 1) / (pixels * 1000);
    let floor = (range_ms.max(1) + MAX_POINTS * 1000 - 1) / (MAX_POINTS * 1000);
    per_pixel.max(floor).max(1)
}

/// The range of `rate()` at `step_s`: Grafana's `$__rate_interval` with a 15 s scrape,
/// `max(step + scrape, 4 × scrape)`, so every window holds enough samples.
pub fn rate_window_seconds(step_s: i64) -> i64 {
    (step_s + ASSUMED_SCRAPE_MS / 1000).max(4 * ASSUMED_SCRAPE_MS / 1000)
}

/// The PromQL a family's history is loaded with: counters as `rate(...)` (unless shown
/// raw), histograms as the rate of each bucket, everything else as stored.
pub fn family_query(
    family: &str,
    kind: MetricKind,
    filters: &BTreeMap<String, String>,
    raw_counters: bool,
    step_s: i64,
) -> String {
    let window = rate_window_seconds(step_s);
    match kind {
        MetricKind::Counter if !raw_counters => {
            format!("rate({}[{window}s])", selector(family, filters))
        }
        MetricKind::Histogram => {
            format!(
                "rate({}[{window}s])",
                selector(&format!("{family}_bucket"), filters)
            )
        }
        _ => selector(family, filters),
    }
}

/// The `query_range` endpoint for `query` from `start_ms` to `end_ms` at `step_s`.
pub fn range_endpoint(query: &str, start_ms: i64, end_ms: i64, step_s: i64) -> String {
    format!(
        "api/v1/query_range?query={}&start={}&end={}&step={step_s}",
        crate::model::credentials::encode_component(query),
        seconds(start_ms),
        seconds(end_ms),
    )
}

/// Milliseconds as Prometheus's Unix seconds with three decimals.
fn seconds(ms: i64) -> String {
    format!("{}.{:03}", ms.div_euclid(1000), ms.rem_euclid(1000))
}

/// A range query's answer, as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeResult {
    /// The PromQL that was run.
    pub query: String,
    /// Start and end, ms since the epoch.
    pub start: i64,
    /// End of the range.
    pub end: i64,
    /// The step in seconds.
    pub step_s: i64,
    /// The series.
    pub series: Vec<RangeSeries>,
}

impl RangeResult {
    /// How many points it holds.
    pub fn points(&self) -> usize {
        self.series.iter().map(|s| s.points.len()).sum()
    }
}

/// Why a range query gave no series: Prometheus's message, and where in the query text it
/// points when it does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QueryError {
    /// HTTP status (0 when the answer never came).
    pub status: u16,
    /// Prometheus's error text, or a description of the failure.
    pub message: String,
    /// The 1-based line and column in the query that the message points at.
    pub position: Option<(usize, usize)>,
}

impl QueryError {
    /// An error without a position.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            position: None,
        }
    }

    /// Whether the upstream does not offer the query API at all (as opposed to rejecting
    /// one query): 403 or 404.
    pub fn api_missing(&self) -> bool {
        matches!(self.status, 403 | 404)
    }
}

/// The `line:col:` position in a Prometheus parse error, such as
/// `invalid parameter "query": 1:14: parse error: unexpected <op:*>`.
pub fn error_position(message: &str) -> Option<(usize, usize)> {
    let parse_at = message.find("parse error")?;
    let before = message.get(..parse_at)?.trim_end().strip_suffix(':')?;
    let position = before.rsplit(' ').next()?;
    let (line, column) = position.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// Reads a `query_range` answer: a matrix of series on success, Prometheus's error
/// otherwise.
///
/// # Errors
/// The upstream's error message (with its position in the query), or why the answer could
/// not be read.
pub fn parse_matrix(status: u16, body: &[u8]) -> Result<Vec<RangeSeries>, QueryError> {
    let data = api_data(status, body)?;
    if data["resultType"] != "matrix" {
        return Err(QueryError::new(
            status,
            format!(
                "expected a range vector, got {}",
                data["resultType"].as_str().unwrap_or("nothing")
            ),
        ));
    }
    let Some(result) = data["result"].as_array() else {
        return Ok(Vec::new());
    };
    Ok(result.iter().map(range_series).collect())
}

/// The `data` of a Prometheus API answer, or its error (with its position in the query).
///
/// # Errors
/// The upstream's error, or why the answer could not be read.
pub fn api_data(status: u16, body: &[u8]) -> Result<serde_json::Value, QueryError> {
    let mut json: serde_json::Value = match serde_json::from_slice(body) {
        Ok(json) => json,
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            let message = if text.is_empty() {
                format!("HTTP {status} with an empty body")
            } else {
                format!(
                    "HTTP {status}: {}",
                    text.chars().take(300).collect::<String>()
                )
            };
            return Err(QueryError::new(status, message));
        }
    };
    if json["status"] != "success" {
        let message = json["error"]
            .as_str()
            .map_or_else(|| format!("HTTP {status}"), str::to_owned);
        return Err(QueryError {
            status,
            position: error_position(&message),
            message,
        });
    }
    Ok(json["data"].take())
}

fn range_series(item: &serde_json::Value) -> RangeSeries {
    let mut name = None;
    let mut labels = Vec::new();
    if let Some(metric) = item["metric"].as_object() {
        for (label, value) in metric {
            let value = value.as_str().unwrap_or_default().to_owned();
            if label == "__name__" {
                name = Some(value);
            } else {
                labels.push((label.clone(), value));
            }
        }
    }
    labels.sort();
    let points = item["values"]
        .as_array()
        .map(|values| values.iter().filter_map(point).collect())
        .unwrap_or_default();
    RangeSeries {
        name,
        labels,
        points,
    }
}

/// One `[unix_seconds, "value"]` pair.
fn point(pair: &serde_json::Value) -> Option<Point> {
    let t = pair[0].as_f64()?;
    let text = pair[1].as_str()?;
    let value = match text {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        "NaN" => f64::NAN,
        _ => text.parse().ok()?,
    };
    Some(((t * 1000.0).round() as i64, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_pixel() {
        // 24 h over 960 px: 90 s. 15 m over 960 px: under a second, so one second.
        assert_eq!(step_seconds(24 * 3_600_000, 960), 90);
        assert_eq!(step_seconds(15 * 60_000, 960), 1);
        assert_eq!(step_seconds(3_600_000, 800), 5);
        // Rounded up, so the points never outnumber the pixels.
        assert_eq!(step_seconds(3_601_000, 3600), 2);
        // 7 d over a very wide chart would pass 11,000 points: the step grows instead.
        let step = step_seconds(7 * 24 * 3_600_000, 20_000);
        assert!(7 * 24 * 3600 / step <= MAX_POINTS, "{step}");
        assert_eq!(step_seconds(0, 0), 1);
    }

    #[test]
    fn rate_windows_hold_enough_samples() {
        assert_eq!(rate_window_seconds(1), 60);
        assert_eq!(rate_window_seconds(90), 105);
    }

    #[test]
    fn queries_per_kind() {
        let none = BTreeMap::new();
        let job = BTreeMap::from([("job".to_owned(), "a\"b".to_owned())]);
        assert_eq!(
            family_query("req_total", MetricKind::Counter, &job, false, 90),
            "rate(req_total{job=\"a\\\"b\"}[105s])"
        );
        assert_eq!(
            family_query("req_total", MetricKind::Counter, &none, true, 90),
            "req_total"
        );
        assert_eq!(
            family_query("lat_seconds", MetricKind::Histogram, &none, false, 1),
            "rate(lat_seconds_bucket[60s])"
        );
        assert_eq!(
            family_query("temp", MetricKind::Gauge, &none, false, 1),
            "temp"
        );
        assert_eq!(
            range_endpoint("up", 1_500, 61_000, 1),
            "api/v1/query_range?query=up&start=1.500&end=61.000&step=1"
        );
    }

    #[test]
    fn ranges_round_trip_through_their_keys() {
        assert_eq!(Range::from_key("24h"), Some(Range::Last(86_400_000)));
        assert_eq!(Range::Last(86_400_000).key(), "24h");
        assert_eq!(Range::from_key("10~20"), Some(Range::Between(10, 20)));
        assert_eq!(Range::Between(10, 20).key(), "10~20");
        assert_eq!(Range::from_key("20~10"), None);
        assert_eq!(Range::Last(60_000).bounds(100_000), (40_000, 100_000));
    }

    #[test]
    fn reads_a_matrix() {
        let body = br#"{"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"job":"a","__name__":"up","code":"200"},"values":[[1.5,"1"],[2.5,"NaN"],[3.5,"+Inf"]]},
            {"metric":{},"values":[[1,"0.25"]]}]}}"#;
        let series = parse_matrix(200, body).expect("a matrix");
        let first = series.first().expect("series");
        assert_eq!(first.name.as_deref(), Some("up"));
        assert_eq!(
            first.labels,
            vec![("code".into(), "200".into()), ("job".into(), "a".into())]
        );
        assert_eq!(first.points.first(), Some(&(1500, 1.0)));
        assert!(first.points.get(1).is_some_and(|p| p.1.is_nan()));
        assert_eq!(first.legend(), "up{code=\"200\", job=\"a\"}");
        assert_eq!(
            series.get(1).map(|s| s.points.clone()),
            Some(vec![(1000, 0.25)])
        );
    }

    #[test]
    fn reads_prometheus_errors_with_their_position() {
        let body = br#"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:9: parse error: unexpected <op:*>"}"#;
        let error = parse_matrix(400, body).expect_err("an error");
        assert_eq!(error.position, Some((1, 9)));
        assert!(error.message.contains("unexpected <op:*>"));
        assert!(!error.api_missing());
        let missing = parse_matrix(404, b"404 page not found\n").expect_err("not there");
        assert!(missing.api_missing());
        assert_eq!(missing.message, "HTTP 404: 404 page not found");
        assert_eq!(error_position("no position here"), None);
    }
}
