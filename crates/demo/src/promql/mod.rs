//! The demo's PromQL engine: expressions parsed by `promql-parser` (the same parser the
//! app lints with) and evaluated over the demo's data set as Prometheus 2.x evaluates them.
//! What it does not evaluate is refused with Prometheus's `bad_data` error, never answered
//! with a wrong number.

mod aggregate;
mod binary;
mod eval;
mod functions;
mod histogram;
mod range_functions;
mod select;
mod value;

use std::collections::HashMap;

use promql_parser::parser::{self, Expr};
use serde_json::{json, Value as Json};

pub(crate) use value::Failure;
use value::{metric, number_text, seconds, Labels, Value};

use crate::dataset::Dataset;

/// The most points a range query may return per series, as in Prometheus.
const MAX_POINTS: i64 = 11_000;

fn parse(text: &str) -> Result<Expr, Failure> {
    parser::parse(text)
        .map_err(|e| Failure::BadData(format!("invalid parameter \"query\": parse error: {e}")))
}

/// An instant query of `text` at `t` (Unix milliseconds), with the data scraped up to
/// `now`: Prometheus's `data` object.
pub(crate) fn instant(data: &Dataset, text: &str, t: i64, now: i64) -> Result<Json, Failure> {
    let expr = parse(text)?;
    let mut ev = eval::Evaluator::new(select::Store::new(data, now), t, t);
    Ok(match ev.eval(&expr, t)? {
        Value::Scalar(v) => {
            json!({ "resultType": "scalar", "result": [seconds(t), number_text(v)] })
        }
        Value::Text(s) => json!({ "resultType": "string", "result": [seconds(t), s] }),
        Value::Vector(mut samples) => {
            if !is_sorted_by_function(&expr) {
                samples.sort_by(|a, b| a.labels.cmp(&b.labels));
            }
            let result: Vec<Json> = samples
                .iter()
                .map(|s| json!({ "metric": metric(&s.labels), "value": [seconds(t), number_text(s.v)] }))
                .collect();
            json!({ "resultType": "vector", "result": result })
        }
        Value::Matrix(series) => {
            let result: Vec<Json> = series
                .iter()
                .map(|s| {
                    let values: Vec<Json> = s
                        .points
                        .iter()
                        .map(|&(pt, v)| json!([seconds(pt), number_text(v)]))
                        .collect();
                    json!({ "metric": metric(&s.labels), "values": values })
                })
                .collect();
            json!({ "resultType": "matrix", "result": result })
        }
    })
}

/// `topk` and `bottomk` answer in rank order; everything else is sorted by labels.
fn is_sorted_by_function(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(p) => is_sorted_by_function(&p.expr),
        Expr::Aggregate(a) => matches!(a.op.to_string().as_str(), "topk" | "bottomk"),
        _ => false,
    }
}

/// A range query of `text` from `start` to `end` every `step` (Unix milliseconds), with
/// the data scraped up to `now`: Prometheus's `data` object, a matrix.
pub(crate) fn range(
    data: &Dataset,
    text: &str,
    start: i64,
    end: i64,
    step: i64,
    now: i64,
) -> Result<Json, Failure> {
    if end < start {
        return Err(Failure::BadData(
            "end timestamp must not be before start time".to_owned(),
        ));
    }
    if step <= 0 {
        return Err(Failure::BadData(
            "zero or negative query resolution step widths are not accepted. Try a positive integer".to_owned(),
        ));
    }
    if (end - start) / step > MAX_POINTS {
        return Err(Failure::BadData("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)".to_owned()));
    }
    let expr = parse(text)?;
    let mut ev = eval::Evaluator::new(select::Store::new(data, now), start, end);
    let mut series: Vec<(Labels, Vec<Json>)> = Vec::new();
    let mut index: HashMap<Labels, usize> = HashMap::new();
    let mut t = start;
    while t <= end {
        ev.store().new_step();
        let samples = match ev.eval(&expr, t)? {
            Value::Vector(samples) => samples,
            Value::Scalar(v) => vec![value::Sample {
                labels: Vec::new(),
                t,
                v,
            }],
            other => {
                return Err(Failure::BadData(format!(
                "invalid expression type \"{}\" for range query, must be Scalar or instant Vector",
                other.kind()
            )))
            }
        };
        for s in samples {
            let point = json!([seconds(t), number_text(s.v)]);
            match index.get(&s.labels).and_then(|&i| series.get_mut(i)) {
                Some((_, points)) => points.push(point),
                None => {
                    index.insert(s.labels.clone(), series.len());
                    series.push((s.labels, vec![point]));
                }
            }
        }
        t += step;
    }
    series.sort_by(|a, b| a.0.cmp(&b.0));
    let result: Vec<Json> = series
        .into_iter()
        .map(|(labels, values)| json!({ "metric": metric(&labels), "values": values }))
        .collect();
    Ok(json!({ "resultType": "matrix", "result": result }))
}
