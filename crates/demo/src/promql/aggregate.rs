//! Aggregations with `by` and `without`: `sum`, `avg`, `min`, `max`, `count`, `group`,
//! `stddev`, `stdvar`, `topk`, `bottomk`, `quantile` and `count_values`.

use std::collections::BTreeMap;

use promql_parser::parser::{AggregateExpr, LabelModifier};

use super::{
    eval::Evaluator,
    value::{drop_name, set_label, Failure, Labels, Sample, Value},
};

/// The value of `agg` at `t`.
pub(crate) fn eval(ev: &mut Evaluator<'_>, agg: &AggregateExpr, t: i64) -> Result<Value, Failure> {
    let op = agg.op.to_string();
    let context = format!("aggregation \"{op}\"");
    let param = match &agg.param {
        Some(p) if op == "count_values" => Param::Label(ev.text(p, t, &context)?),
        Some(p) => Param::Number(ev.scalar(p, t, &context)?),
        None => Param::None,
    };
    let samples = ev.vector(&agg.expr, t, &context)?;
    let grouping = agg.modifier.as_ref();
    let group_of = |labels: &Labels| -> Labels {
        match grouping {
            None => Vec::new(),
            Some(LabelModifier::Include(by)) => labels
                .iter()
                .filter(|(n, _)| by.labels.iter().any(|b| **b == **n))
                .cloned()
                .collect(),
            Some(LabelModifier::Exclude(without)) => labels
                .iter()
                .filter(|(n, _)| &**n != "__name__" && !without.labels.iter().any(|w| **w == **n))
                .cloned()
                .collect(),
        }
    };
    if op == "count_values" {
        let Param::Label(target) = param else {
            return Err(Failure::BadData(
                "count_values needs a label name".to_owned(),
            ));
        };
        return Ok(Value::Vector(count_values(samples, &target, group_of, t)?));
    }
    let mut groups: BTreeMap<Labels, Vec<Sample>> = BTreeMap::new();
    for sample in samples {
        groups
            .entry(group_of(&sample.labels))
            .or_default()
            .push(sample);
    }
    let mut out = Vec::new();
    for (labels, members) in groups {
        match (op.as_str(), &param) {
            ("topk" | "bottomk", Param::Number(k)) => {
                out.extend(ranked(members, *k, op == "topk", t));
            }
            (_, param) => {
                let values: Vec<f64> = members.iter().map(|s| s.v).collect();
                let v = reduce(&op, &values, param)?;
                out.push(Sample { labels, t, v });
            }
        }
    }
    Ok(Value::Vector(out))
}

/// An aggregation's parameter.
#[derive(Debug)]
enum Param {
    None,
    Number(f64),
    Label(String),
}

fn reduce(op: &str, values: &[f64], param: &Param) -> Result<f64, Failure> {
    let count = values.len() as f64;
    let mean = values.iter().sum::<f64>() / count;
    Ok(match op {
        "sum" => values.iter().sum(),
        "avg" => mean,
        "count" => count,
        "group" => 1.0,
        "min" => values
            .iter()
            .copied()
            .fold(f64::NAN, |a, b| if b < a || a.is_nan() { b } else { a }),
        "max" => values
            .iter()
            .copied()
            .fold(f64::NAN, |a, b| if b > a || a.is_nan() { b } else { a }),
        "stdvar" | "stddev" => {
            let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / count;
            if op == "stddev" {
                variance.sqrt()
            } else {
                variance
            }
        }
        "quantile" => match param {
            Param::Number(q) => quantile(*q, values),
            _ => return Err(Failure::BadData("quantile needs a number".to_owned())),
        },
        other => return Err(Failure::unsupported(format!("the aggregation {other}"))),
    })
}

/// Prometheus's `quantile`: linear interpolation between the closest ranks.
pub(crate) fn quantile(q: f64, values: &[f64]) -> f64 {
    if values.is_empty() || q.is_nan() {
        return f64::NAN;
    }
    if q < 0.0 {
        return f64::NEG_INFINITY;
    }
    if q > 1.0 {
        return f64::INFINITY;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let rank = q * (n - 1.0);
    let lower = rank.floor().max(0.0);
    let upper = (lower + 1.0).min(n - 1.0);
    let weight = rank - rank.floor();
    let at = |i: f64| sorted.get(i as usize).copied().unwrap_or(f64::NAN);
    at(lower) * (1.0 - weight) + at(upper) * weight
}

/// `topk`/`bottomk`: the `k` largest (smallest) samples, their labels kept whole.
fn ranked(mut members: Vec<Sample>, k: f64, largest: bool, t: i64) -> Vec<Sample> {
    if k < 1.0 {
        return Vec::new();
    }
    // NaN ranks last either way, as in Prometheus.
    members.sort_by(|a, b| match (a.v.is_nan(), b.v.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ if largest => b.v.total_cmp(&a.v),
        _ => a.v.total_cmp(&b.v),
    });
    members.truncate(k.min(members.len() as f64) as usize);
    for sample in &mut members {
        sample.t = t;
    }
    members
}

/// `count_values("label", v)`: how many samples share each value, per group.
fn count_values(
    samples: Vec<Sample>,
    target: &str,
    group_of: impl Fn(&Labels) -> Labels,
    t: i64,
) -> Result<Vec<Sample>, Failure> {
    let valid = target
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && target
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(Failure::BadData(format!("invalid label name \"{target}\"")));
    }
    let mut counts: BTreeMap<Labels, f64> = BTreeMap::new();
    for sample in samples {
        let mut labels = drop_name(group_of(&sample.labels));
        set_label(&mut labels, target, super::value::number_text(sample.v));
        *counts.entry(labels).or_default() += 1.0;
    }
    Ok(counts
        .into_iter()
        .map(|(labels, v)| Sample { labels, t, v })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let values = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(quantile(0.0, &values), 1.0);
        assert_eq!(quantile(1.0, &values), 4.0);
        assert_eq!(quantile(0.5, &values), 2.5);
        assert_eq!(quantile(-1.0, &values), f64::NEG_INFINITY);
        assert!(quantile(0.5, &[]).is_nan());
    }
}
