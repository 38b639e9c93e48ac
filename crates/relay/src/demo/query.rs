//! The demo's Prometheus HTTP API: instant and range queries for plain selectors and
//! `rate(selector[range])`, series, labels, label values and metadata, answered in
//! Prometheus's JSON shapes.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};

use super::{
    dataset::{Dataset, Series, FAMILIES},
    selector::Selector,
};

/// The most points a range query may return per series, as in Prometheus.
const MAX_POINTS: f64 = 11_000.0;

/// A failed API call: HTTP 400 with Prometheus's `bad_data` error body.
pub(crate) fn bad_data(message: &str) -> Value {
    json!({ "status": "error", "errorType": "bad_data", "error": message })
}

fn success(data: Value) -> Value {
    json!({ "status": "success", "data": data })
}

/// The parameter `name` of a query string, decoded.
pub(crate) fn param(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Every `match[]` selector of a query string.
pub(crate) fn selectors(query: &str) -> Result<Vec<Selector>, String> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "match[]")
        .map(|(_, v)| Selector::parse(&v))
        .collect()
}

fn metric(series: &Series) -> Value {
    let mut labels = serde_json::Map::new();
    if !series.name.is_empty() {
        labels.insert("__name__".to_owned(), json!(series.name));
    }
    for (name, value) in &series.labels {
        labels.insert((*name).to_owned(), json!(value));
    }
    Value::Object(labels)
}

fn sample_value(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned()
    } else {
        value.to_string()
    }
}

/// A time parameter: Unix seconds (fractions allowed).
fn time(query: &str, name: &str, default: Option<f64>) -> Result<f64, String> {
    match param(query, name) {
        Some(text) => text
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite())
            .ok_or_else(|| format!("invalid parameter {name:?}: {text:?} is not a Unix time")),
        None => default.ok_or_else(|| format!("missing parameter {name:?}")),
    }
}

/// A step: seconds, or a duration such as `15s`, `1m`, `2h`.
fn step(text: &str) -> Result<f64, String> {
    let seconds = crate::config::parse_duration(text)
        .map_err(|_| format!("invalid parameter \"step\": {text:?}"))?
        .as_secs_f64();
    if seconds > 0.0 {
        Ok(seconds)
    } else {
        Err("zero or negative query resolution step widths are not accepted".to_owned())
    }
}

/// A series' identity: its name and labels.
type SeriesKey = (String, Vec<(&'static str, String)>);

/// The expressions the demo evaluates.
#[derive(Debug)]
enum Expression {
    /// A plain selector.
    Select(Selector),
    /// `rate(selector[window])`, the window in seconds.
    Rate(Selector, f64),
}

impl Expression {
    fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let unsupported = |e: String| {
            format!(
                "the demo upstream answers only selectors such as up{{job=\"x\"}} and rate(selector[5m]): {e}"
            )
        };
        if let Some(inner) = text
            .strip_prefix("rate(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            let (selector, window) = inner
                .trim()
                .strip_suffix(']')
                .and_then(|rest| rest.rsplit_once('['))
                .ok_or_else(|| unsupported("rate() needs a range such as [5m]".to_owned()))?;
            let window = crate::config::parse_duration(window.trim())
                .map_err(|e| unsupported(e.to_string()))?
                .as_secs_f64();
            return Ok(Self::Rate(
                Selector::parse(selector).map_err(unsupported)?,
                window.max(1.0),
            ));
        }
        Selector::parse(text).map(Self::Select).map_err(unsupported)
    }

    /// The series the expression gives at `t`: as stored, or per-second rates over the
    /// window (a drop counts as a restart from zero), without their names.
    fn at(&self, data: &Dataset, t: f64) -> Vec<Series> {
        match self {
            Self::Select(selector) => data
                .unsorted_series_at(t, selector.exact_name())
                .into_iter()
                .filter(|s| selector.matches(&s.name, &s.labels))
                .collect(),
            Self::Rate(selector, window) => {
                let before: HashMap<SeriesKey, f64> = data
                    .unsorted_series_at(t - window, selector.exact_name())
                    .into_iter()
                    .filter(|s| selector.matches(&s.name, &s.labels))
                    .map(|s| ((s.name, s.labels), s.value))
                    .collect();
                data.unsorted_series_at(t, selector.exact_name())
                    .into_iter()
                    .filter(|s| selector.matches(&s.name, &s.labels))
                    .filter_map(|s| {
                        let old = *before.get(&(s.name.clone(), s.labels.clone()))?;
                        let increase = if s.value >= old {
                            s.value - old
                        } else {
                            s.value
                        };
                        Some(Series {
                            name: String::new(),
                            labels: s.labels,
                            value: increase / window,
                        })
                    })
                    .collect()
            }
        }
    }
}

fn query_expression(query: &str) -> Result<Expression, String> {
    let text = param(query, "query").ok_or("missing parameter \"query\"")?;
    Expression::parse(&text)
}

/// `api/v1/query`: an instant vector.
pub(crate) fn instant(data: &Dataset, query: &str, now: f64) -> Result<Value, String> {
    let expression = query_expression(query)?;
    let at = time(query, "time", Some(now))?;
    let mut series = expression.at(data, at);
    series.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.labels.cmp(&b.labels)));
    let result: Vec<Value> = series
        .iter()
        .map(|s| json!({ "metric": metric(s), "value": [at, sample_value(s.value)] }))
        .collect();
    Ok(success(json!({ "resultType": "vector", "result": result })))
}

/// `api/v1/query_range`: a matrix, one point per step.
pub(crate) fn range(data: &Dataset, query: &str) -> Result<Value, String> {
    let expression = query_expression(query)?;
    let start = time(query, "start", None)?;
    let end = time(query, "end", None)?;
    let step = step(&param(query, "step").ok_or("missing parameter \"step\"")?)?;
    if end < start {
        return Err("end timestamp must not be before start time".to_owned());
    }
    if (end - start) / step > MAX_POINTS {
        return Err("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)".to_owned());
    }
    let mut matrix: Vec<(Series, Vec<Value>)> = Vec::new();
    let mut index: HashMap<SeriesKey, usize> = HashMap::new();
    let mut t = start;
    while t <= end {
        for s in expression.at(data, t) {
            let point = json!([t, sample_value(s.value)]);
            let key = (s.name.clone(), s.labels.clone());
            match index.get(&key).and_then(|&i| matrix.get_mut(i)) {
                Some((_, values)) => values.push(point),
                None => {
                    index.insert(key, matrix.len());
                    matrix.push((s, vec![point]));
                }
            }
        }
        t += step;
    }
    matrix.sort_by(|(a, _), (b, _)| a.name.cmp(&b.name).then_with(|| a.labels.cmp(&b.labels)));
    let result: Vec<Value> = matrix
        .iter()
        .map(|(s, values)| json!({ "metric": metric(s), "values": values }))
        .collect();
    Ok(success(json!({ "resultType": "matrix", "result": result })))
}

/// `api/v1/series`: the label sets of the series the `match[]` selectors pick.
pub(crate) fn series(data: &Dataset, query: &str, now: f64) -> Result<Value, String> {
    let selectors = selectors(query)?;
    if selectors.is_empty() {
        return Err("no match[] parameter provided".to_owned());
    }
    let result: Vec<Value> = data
        .series_at(now)
        .iter()
        .filter(|s| selectors.iter().any(|sel| sel.matches(&s.name, &s.labels)))
        .map(metric)
        .collect();
    Ok(success(json!(result)))
}

/// `api/v1/labels`: every label name.
pub(crate) fn labels(data: &Dataset, now: f64) -> Value {
    let mut names: BTreeSet<&str> = BTreeSet::from(["__name__"]);
    let series = data.series_at(now);
    for s in &series {
        names.extend(s.labels.iter().map(|(n, _)| *n));
    }
    success(json!(names))
}

/// `api/v1/label/<name>/values`, among the series any `match[]` selector matches (all of
/// them without one).
pub(crate) fn label_values(
    data: &Dataset,
    label: &str,
    now: f64,
    query: &str,
) -> Result<Value, String> {
    let matching = selectors(query)?;
    let series = data.series_at(now);
    let values: BTreeSet<&str> = series
        .iter()
        .filter(|s| matching.is_empty() || matching.iter().any(|m| m.matches(&s.name, &s.labels)))
        .filter_map(|s| {
            if label == "__name__" {
                Some(s.name.as_str())
            } else {
                s.labels
                    .iter()
                    .find(|(n, _)| *n == label)
                    .map(|(_, v)| v.as_str())
            }
        })
        .collect();
    Ok(success(json!(values)))
}

/// `api/v1/metadata`: type, help and unit per family (`metric=` narrows it).
pub(crate) fn metadata(query: &str) -> Value {
    let only = param(query, "metric");
    let mut data = serde_json::Map::new();
    for family in FAMILIES
        .iter()
        .filter(|f| only.as_deref().is_none_or(|m| m == f.name))
    {
        data.insert(
            family.name.to_owned(),
            json!([{ "type": family.kind, "help": family.help, "unit": family.unit }]),
        );
    }
    success(Value::Object(data))
}
