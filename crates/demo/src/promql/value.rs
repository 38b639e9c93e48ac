//! What PromQL expressions evaluate to (scalars, instant vectors, range vectors and
//! strings), the label sets they carry, and how they fail.

use std::rc::Rc;

use serde_json::{json, Value as Json};

/// The metric name's label.
pub(crate) const NAME: &str = "__name__";

/// A label name or value: shared, so that passing a series' labels from step to step of a
/// range query copies pointers, not strings.
pub(crate) type Text = Rc<str>;

/// A label set, sorted by name, `__name__` included when the series has one.
pub(crate) type Labels = Vec<(Text, Text)>;

/// One sample of an instant vector.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sample {
    /// Its labels.
    pub(crate) labels: Labels,
    /// When it was taken, in Unix milliseconds (the scrape for a selector's sample, the
    /// evaluation time for a computed one).
    pub(crate) t: i64,
    /// Its value.
    pub(crate) v: f64,
}

/// One series of a range vector.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RangeSeries {
    /// Its labels.
    pub(crate) labels: Labels,
    /// Its points, oldest first: Unix milliseconds and value.
    pub(crate) points: Vec<(i64, f64)>,
}

/// The value of an expression at one instant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A number.
    Scalar(f64),
    /// A set of series, one sample each.
    Vector(Vec<Sample>),
    /// A set of series, a window of points each.
    Matrix(Vec<RangeSeries>),
    /// A string literal.
    Text(String),
}

impl Value {
    /// The name Prometheus gives this kind of value in its errors.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Scalar(_) => "scalar",
            Self::Vector(_) => "instant vector",
            Self::Matrix(_) => "range vector",
            Self::Text(_) => "string",
        }
    }
}

/// Why a query has no answer, as Prometheus sorts its errors.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The query cannot be evaluated as written (HTTP 400, `bad_data`): a parse error, a
    /// bad parameter, or something the demo does not evaluate.
    BadData(String),
    /// The evaluation itself failed (HTTP 422, `execution`), e.g. ambiguous vector matching.
    Execution(String),
}

impl Failure {
    /// Something the demo does not evaluate, named.
    pub(crate) fn unsupported(what: impl std::fmt::Display) -> Self {
        Self::BadData(format!(
            "the demo upstream does not evaluate {what}; a real Prometheus would"
        ))
    }
}

/// The labels without the metric name.
pub(crate) fn drop_name(mut labels: Labels) -> Labels {
    labels.retain(|(name, _)| &**name != NAME);
    labels
}

/// The value of label `name`, empty when it is missing (as Prometheus treats it).
pub(crate) fn label<'a>(labels: &'a Labels, name: &str) -> &'a str {
    labels
        .binary_search_by(|(n, _)| (**n).cmp(name))
        .ok()
        .and_then(|i| labels.get(i))
        .map_or("", |(_, v)| &**v)
}

/// Sets label `name` to `value`, or removes it when `value` is empty.
pub(crate) fn set_label(labels: &mut Labels, name: &str, value: String) {
    match labels.binary_search_by(|(n, _)| (**n).cmp(name)) {
        Ok(i) if value.is_empty() => {
            labels.remove(i);
        }
        Ok(i) => {
            if let Some(slot) = labels.get_mut(i) {
                slot.1 = value.into();
            }
        }
        Err(_) if value.is_empty() => {}
        Err(i) => labels.insert(i, (name.into(), value.into())),
    }
}

/// Fails as Prometheus does when a result holds two series with the same labels.
pub(crate) fn check_unique(samples: &[Sample]) -> Result<(), Failure> {
    let mut seen: Vec<&Labels> = samples.iter().map(|s| &s.labels).collect();
    seen.sort();
    if seen.windows(2).any(|w| w.first() == w.get(1)) {
        return Err(Failure::Execution(
            "vector cannot contain metrics with the same labelset".to_owned(),
        ));
    }
    Ok(())
}

/// A sample value as Prometheus writes it in JSON: a string, `NaN`, `+Inf` or `-Inf`.
pub(crate) fn number_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned()
    } else {
        value.to_string()
    }
}

/// Unix milliseconds as the seconds Prometheus writes.
pub(crate) fn seconds(t: i64) -> Json {
    if t % 1000 == 0 {
        json!(t / 1000)
    } else {
        json!(t as f64 / 1000.0)
    }
}

/// A label set as a JSON object.
pub(crate) fn metric(labels: &Labels) -> Json {
    Json::Object(
        labels
            .iter()
            .map(|(n, v)| (n.to_string(), Json::String(v.to_string())))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(n, v)| ((*n).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn labels_are_set_read_and_removed_in_order() {
        let mut set = labels(&[("a", "1"), ("c", "3")]);
        set_label(&mut set, "b", "2".to_owned());
        assert_eq!(set, labels(&[("a", "1"), ("b", "2"), ("c", "3")]));
        assert_eq!(label(&set, "c"), "3");
        assert_eq!(label(&set, "z"), "");
        set_label(&mut set, "a", String::new());
        assert_eq!(set, labels(&[("b", "2"), ("c", "3")]));
    }

    #[test]
    fn numbers_and_times_are_written_as_prometheus_writes_them() {
        assert_eq!(number_text(f64::NAN), "NaN");
        assert_eq!(number_text(f64::NEG_INFINITY), "-Inf");
        assert_eq!(number_text(0.25), "0.25");
        assert_eq!(seconds(1_700_000_000_000), json!(1_700_000_000));
        assert_eq!(seconds(1_700_000_000_500), json!(1_700_000_000.5));
    }
}
