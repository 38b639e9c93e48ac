//! The demo's Prometheus HTTP API: instant and range queries (evaluated by
//! [`super::promql`]), series, labels, label values and metadata, answered in Prometheus's
//! JSON shapes.

use std::collections::BTreeSet;

use serde_json::{json, Value};

pub(crate) use super::promql::Failure;
use super::{
    dataset::{Dataset, SeriesDef, FAMILIES},
    promql,
    selector::Selector,
};

/// A failed API call's body, as Prometheus writes it.
pub(crate) fn error_body(failure: &Failure) -> Value {
    let (kind, message) = match failure {
        Failure::BadData(m) => ("bad_data", m),
        Failure::Execution(m) => ("execution", m),
    };
    json!({ "status": "error", "errorType": kind, "error": message })
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

fn metric(series: &SeriesDef) -> Value {
    let mut labels = serde_json::Map::new();
    labels.insert("__name__".to_owned(), json!(series.name));
    for (name, value) in &series.labels {
        labels.insert((*name).to_owned(), json!(value));
    }
    Value::Object(labels)
}

/// A time parameter: Unix seconds (fractions allowed) or RFC 3339 is what Prometheus takes;
/// the demo takes Unix seconds, as Unix milliseconds.
fn time(query: &str, name: &str, default: Option<i64>) -> Result<i64, Failure> {
    match param(query, name) {
        Some(text) => text
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite())
            .map(|t| (t * 1000.0).round() as i64)
            .ok_or_else(|| {
                Failure::BadData(format!(
                    "invalid parameter \"{name}\": cannot parse {text:?} to a valid timestamp"
                ))
            }),
        None => default.ok_or_else(|| Failure::BadData(format!("missing parameter \"{name}\""))),
    }
}

/// A step: seconds, or a duration such as `15s`, `1m`, `2h`, in milliseconds.
fn step(query: &str) -> Result<i64, Failure> {
    let text = param(query, "step")
        .ok_or_else(|| Failure::BadData("missing parameter \"step\"".to_owned()))?;
    let parsed = match text.parse::<f64>() {
        Ok(seconds) if seconds.is_finite() => Ok((seconds * 1000.0).round() as i64),
        _ => promql_parser::util::parse_duration(&text)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
    };
    parsed.map_err(|_| {
        Failure::BadData(format!(
            "invalid parameter \"step\": cannot parse {text:?} to a valid duration"
        ))
    })
}

fn expression(query: &str) -> Result<String, Failure> {
    param(query, "query").ok_or_else(|| Failure::BadData("missing parameter \"query\"".to_owned()))
}

/// `api/v1/query`: the expression at `time` (default now).
pub(crate) fn instant(data: &Dataset, query: &str, now: i64) -> Result<Value, Failure> {
    let text = expression(query)?;
    let at = time(query, "time", Some(now))?;
    promql::instant(data, &text, at, now).map(success)
}

/// `api/v1/query_range`: the expression from `start` to `end` every `step`.
pub(crate) fn range(data: &Dataset, query: &str, now: i64) -> Result<Value, Failure> {
    let text = expression(query)?;
    let start = time(query, "start", None)?;
    let end = time(query, "end", None)?;
    let step = step(query)?;
    promql::range(data, &text, start, end, step, now).map(success)
}

/// `api/v1/series`: the label sets of the series the `match[]` selectors pick.
pub(crate) fn series(data: &Dataset, query: &str) -> Result<Value, Failure> {
    let selectors = selectors(query).map_err(Failure::BadData)?;
    if selectors.is_empty() {
        return Err(Failure::BadData("no match[] parameter provided".to_owned()));
    }
    let result: Vec<Value> = data
        .series()
        .iter()
        .filter(|s| selectors.iter().any(|sel| sel.matches(&s.name, &s.labels)))
        .map(metric)
        .collect();
    Ok(success(json!(result)))
}

/// `api/v1/labels`: every label name of the series any `match[]` selector matches (of all
/// series without one).
pub(crate) fn labels(data: &Dataset, query: &str) -> Result<Value, Failure> {
    let matching = selectors(query).map_err(Failure::BadData)?;
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for s in data
        .series()
        .iter()
        .filter(|s| matching.is_empty() || matching.iter().any(|m| m.matches(&s.name, &s.labels)))
    {
        names.insert("__name__");
        names.extend(s.labels.iter().map(|(n, _)| *n));
    }
    Ok(success(json!(names)))
}

/// `api/v1/label/<name>/values`, among the series any `match[]` selector matches (all of
/// them without one).
pub(crate) fn label_values(data: &Dataset, label: &str, query: &str) -> Result<Value, Failure> {
    let matching = selectors(query).map_err(Failure::BadData)?;
    let values: BTreeSet<&str> = data
        .series()
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
