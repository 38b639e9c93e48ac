//! Function calls: the range functions, `histogram_quantile`, rounding and clamping,
//! `label_replace` and `label_join`, and `time`, `vector`, `scalar` and `timestamp`.

use promql_parser::parser::{Call, Expr};
use regex::Regex;

use super::{
    eval::Evaluator,
    histogram,
    range_functions::{self, Window},
    value::{check_unique, drop_name, label, set_label, Failure, Sample, Value},
};

/// The value of `call` at `t`.
pub(crate) fn call(ev: &mut Evaluator<'_>, call: &Call, t: i64) -> Result<Value, Failure> {
    let name = call.func.name;
    let args: Vec<&Expr> = call.args.args.iter().map(|a| a.as_ref()).collect();
    let context = format!("call to function \"{name}\"");
    let arg = |i: usize| {
        args.get(i)
            .copied()
            .ok_or_else(|| Failure::BadData(format!("missing argument {} in {context}", i + 1)))
    };
    let result = match name {
        _ if range_functions::NAMES.contains(&name) => range_function(ev, name, arg(0)?, t)?,
        "histogram_quantile" => {
            let q = ev.scalar(arg(0)?, t, &context)?;
            let buckets = ev.vector(arg(1)?, t, &context)?;
            histogram::quantiles(q, buckets, t)
        }
        "abs" | "ceil" | "floor" => {
            let f = match name {
                "abs" => f64::abs,
                "ceil" => f64::ceil,
                _ => f64::floor,
            };
            map(ev.vector(arg(0)?, t, &context)?, t, f)
        }
        "round" => {
            let nearest = match args.get(1) {
                Some(e) => ev.scalar(e, t, &context)?,
                None => 1.0,
            };
            let inverse = 1.0 / nearest;
            map(ev.vector(arg(0)?, t, &context)?, t, |v| {
                (v * inverse + 0.5).floor() / inverse
            })
        }
        "clamp" => {
            let samples = ev.vector(arg(0)?, t, &context)?;
            let (low, high) = (
                ev.scalar(arg(1)?, t, &context)?,
                ev.scalar(arg(2)?, t, &context)?,
            );
            if high < low {
                Vec::new()
            } else {
                map(samples, t, |v| low.max(high.min(v)))
            }
        }
        "clamp_min" | "clamp_max" => {
            let samples = ev.vector(arg(0)?, t, &context)?;
            let bound = ev.scalar(arg(1)?, t, &context)?;
            if name == "clamp_min" {
                map(samples, t, |v| bound.max(v))
            } else {
                map(samples, t, |v| bound.min(v))
            }
        }
        "label_replace" => {
            let samples = ev.vector(arg(0)?, t, &context)?;
            let destination = ev.text(arg(1)?, t, &context)?;
            let replacement = ev.text(arg(2)?, t, &context)?;
            let source = ev.text(arg(3)?, t, &context)?;
            let pattern = ev.text(arg(4)?, t, &context)?;
            label_replace(samples, &destination, &replacement, &source, &pattern, t)?
        }
        "label_join" => {
            let samples = ev.vector(arg(0)?, t, &context)?;
            let destination = ev.text(arg(1)?, t, &context)?;
            let separator = ev.text(arg(2)?, t, &context)?;
            let mut sources = Vec::new();
            for source in args.iter().skip(3) {
                sources.push(ev.text(source, t, &context)?);
            }
            check_label_name(&destination, name)?;
            samples
                .into_iter()
                .map(|mut s| {
                    let joined: Vec<&str> = sources.iter().map(|n| label(&s.labels, n)).collect();
                    let joined = joined.join(&separator);
                    set_label(&mut s.labels, &destination, joined);
                    s.t = t;
                    s
                })
                .collect()
        }
        "time" => return Ok(Value::Scalar(t as f64 / 1000.0)),
        "vector" => vec![Sample {
            labels: Vec::new(),
            t,
            v: ev.scalar(arg(0)?, t, &context)?,
        }],
        "scalar" => {
            let samples = ev.vector(arg(0)?, t, &context)?;
            return Ok(Value::Scalar(match samples.as_slice() {
                [only] => only.v,
                _ => f64::NAN,
            }));
        }
        "timestamp" => {
            // A selector's samples keep the scrape's time; anything computed has `t`.
            let samples = ev.vector(arg(0)?, t, &context)?;
            samples
                .into_iter()
                .map(|s| Sample {
                    labels: drop_name(s.labels),
                    t,
                    v: s.t as f64 / 1000.0,
                })
                .collect()
        }
        other => {
            return Err(Failure::unsupported(format!(
                "the function {other}(); it evaluates {}",
                supported().join(", ")
            )))
        }
    };
    check_unique(&result)?;
    Ok(Value::Vector(result))
}

/// Every function the demo evaluates, for the message naming what it does not.
fn supported() -> Vec<&'static str> {
    let mut names = range_functions::NAMES.to_vec();
    names.extend([
        "histogram_quantile",
        "abs",
        "ceil",
        "floor",
        "round",
        "clamp",
        "clamp_min",
        "clamp_max",
        "label_replace",
        "label_join",
        "time",
        "vector",
        "scalar",
        "timestamp",
    ]);
    names
}

fn range_function(
    ev: &mut Evaluator<'_>,
    name: &str,
    arg: &Expr,
    t: i64,
) -> Result<Vec<Sample>, Failure> {
    let Expr::MatrixSelector(ms) = arg else {
        // A subquery says so; anything else is named by the function.
        ev.eval(arg, t)?;
        return Err(Failure::unsupported(format!(
            "{name}() over anything but a range selector such as x[5m]"
        )));
    };
    let range = i64::try_from(ms.range.as_millis()).unwrap_or(i64::MAX);
    let end = ev.reference_time(&ms.vs, t);
    let window = Window {
        start: end.saturating_sub(range),
        end,
    };
    let picked = ev.pick(&ms.vs)?;
    let keep_name = name == "last_over_time";
    let mut out = Vec::new();
    ev.store()
        .visit_window(&picked, window.start, window.end, |p, points| {
            if let Some(v) = range_functions::apply(name, points, window) {
                let labels = if keep_name { &p.labels } else { &p.unnamed };
                out.push(Sample {
                    labels: labels.clone(),
                    t,
                    v,
                });
            }
        })?;
    Ok(out)
}

/// Applies `f` to each value, dropping the metric name as Prometheus's math functions do.
fn map(samples: Vec<Sample>, t: i64, f: impl Fn(f64) -> f64) -> Vec<Sample> {
    samples
        .into_iter()
        .map(|s| Sample {
            labels: drop_name(s.labels),
            t,
            v: f(s.v),
        })
        .collect()
}

fn check_label_name(name: &str, function: &str) -> Result<(), Failure> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(Failure::BadData(format!(
            "invalid destination label name in {function}(): {name}"
        )))
    }
}

fn label_replace(
    samples: Vec<Sample>,
    destination: &str,
    replacement: &str,
    source: &str,
    pattern: &str,
    t: i64,
) -> Result<Vec<Sample>, Failure> {
    let regex = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| {
        Failure::BadData(format!(
            "invalid regular expression in label_replace(): {pattern}: {e}"
        ))
    })?;
    check_label_name(destination, "label_replace")?;
    Ok(samples
        .into_iter()
        .map(|mut s| {
            let value = label(&s.labels, source).to_owned();
            if let Some(captures) = regex.captures(&value) {
                let mut replaced = String::new();
                captures.expand(replacement, &mut replaced);
                set_label(&mut s.labels, destination, replaced);
            }
            s.t = t;
            s
        })
        .collect())
}
