//! Binary operators: arithmetic, comparison (with and without `bool`) and the set
//! operators, between scalars and vectors, with `on`/`ignoring` and
//! `group_left`/`group_right` vector matching as Prometheus matches.

use std::collections::{HashMap, HashSet};

use promql_parser::parser::{BinaryExpr, LabelModifier, VectorMatchCardinality};

use super::{
    eval::Evaluator,
    value::{
        check_unique, drop_name, label, set_label, Failure, Labels, Sample, Text, Value, NAME,
    },
};

/// The value of `bin` at `t`.
pub(crate) fn eval(ev: &mut Evaluator<'_>, bin: &BinaryExpr, t: i64) -> Result<Value, Failure> {
    let op = bin.op.to_string();
    if op == "atan2" {
        return Err(Failure::unsupported("the operator atan2"));
    }
    let modifier = bin.modifier.as_ref();
    if modifier.is_some_and(|m| m.fill_values.lhs.is_some() || m.fill_values.rhs.is_some()) {
        return Err(Failure::unsupported("fill modifiers"));
    }
    let returns_bool = modifier.is_some_and(|m| m.return_bool);
    let lhs = ev.eval(&bin.lhs, t)?;
    let rhs = ev.eval(&bin.rhs, t)?;
    let result = match (lhs, rhs) {
        (Value::Scalar(l), Value::Scalar(r)) => {
            let (v, keep) = apply(&op, l, r);
            return Ok(Value::Scalar(if is_comparison(&op) {
                f64::from(u8::from(keep))
            } else {
                v
            }));
        }
        (Value::Vector(samples), Value::Scalar(s)) => {
            with_scalar(&op, samples, s, false, returns_bool, t)
        }
        (Value::Scalar(s), Value::Vector(samples)) => {
            with_scalar(&op, samples, s, true, returns_bool, t)
        }
        (Value::Vector(l), Value::Vector(r)) => match op.as_str() {
            "and" | "or" | "unless" => {
                set_operation(&op, l, r, modifier.and_then(|m| m.matching.as_ref()))
            }
            _ => between_vectors(&op, l, r, bin, returns_bool, t)?,
        },
        (l, r) => {
            return Err(Failure::BadData(format!(
            "binary expression must contain only scalar and instant vector types, got {} and {}",
            l.kind(),
            r.kind()
        )))
        }
    };
    check_unique(&result)?;
    Ok(Value::Vector(result))
}

fn is_comparison(op: &str) -> bool {
    matches!(op, "==" | "!=" | ">" | "<" | ">=" | "<=")
}

/// `l op r`, and for a comparison whether it holds (its value is then `l`).
fn apply(op: &str, l: f64, r: f64) -> (f64, bool) {
    match op {
        "+" => (l + r, true),
        "-" => (l - r, true),
        "*" => (l * r, true),
        "/" => (l / r, true),
        "%" => (l % r, true),
        "^" => (l.powf(r), true),
        "==" => (l, l == r),
        "!=" => (l, l != r),
        ">" => (l, l > r),
        "<" => (l, l < r),
        ">=" => (l, l >= r),
        "<=" => (l, l <= r),
        _ => (f64::NAN, false),
    }
}

fn with_scalar(
    op: &str,
    samples: Vec<Sample>,
    scalar: f64,
    scalar_first: bool,
    returns_bool: bool,
    t: i64,
) -> Vec<Sample> {
    let comparison = is_comparison(op);
    samples
        .into_iter()
        .filter_map(|mut s| {
            let (l, r) = if scalar_first {
                (scalar, s.v)
            } else {
                (s.v, scalar)
            };
            let (mut v, keep) = apply(op, l, r);
            if comparison && scalar_first {
                // The vector's value is kept even when it is on the right.
                v = r;
            }
            if returns_bool {
                v = f64::from(u8::from(keep));
            } else if !keep {
                return None;
            }
            if !comparison || returns_bool {
                s.labels = drop_name(s.labels);
            }
            s.v = v;
            s.t = t;
            Some(s)
        })
        .collect()
}

/// The matching key of a sample: only the `on` labels, or all but the `ignoring` ones and
/// the metric name.
fn signature(labels: &Labels, matching: Option<&LabelModifier>) -> Labels {
    match matching {
        Some(LabelModifier::Include(on)) => labels
            .iter()
            .filter(|(n, _)| on.labels.iter().any(|o| **o == **n))
            .cloned()
            .collect(),
        Some(LabelModifier::Exclude(ignoring)) => labels
            .iter()
            .filter(|(n, _)| &**n != NAME && !ignoring.labels.iter().any(|i| **i == **n))
            .cloned()
            .collect(),
        None => labels
            .iter()
            .filter(|(n, _)| &**n != NAME)
            .cloned()
            .collect(),
    }
}

fn set_operation(
    op: &str,
    lhs: Vec<Sample>,
    rhs: Vec<Sample>,
    matching: Option<&LabelModifier>,
) -> Vec<Sample> {
    let right: HashSet<_> = rhs.iter().map(|s| signature(&s.labels, matching)).collect();
    match op {
        "and" => lhs
            .into_iter()
            .filter(|s| right.contains(&signature(&s.labels, matching)))
            .collect(),
        "unless" => lhs
            .into_iter()
            .filter(|s| !right.contains(&signature(&s.labels, matching)))
            .collect(),
        _ => {
            let left: HashSet<_> = lhs.iter().map(|s| signature(&s.labels, matching)).collect();
            let mut out = lhs;
            out.extend(
                rhs.into_iter()
                    .filter(|s| !left.contains(&signature(&s.labels, matching))),
            );
            out
        }
    }
}

fn between_vectors(
    op: &str,
    lhs: Vec<Sample>,
    rhs: Vec<Sample>,
    bin: &BinaryExpr,
    returns_bool: bool,
    t: i64,
) -> Result<Vec<Sample>, Failure> {
    let modifier = bin.modifier.as_ref();
    let matching = modifier.and_then(|m| m.matching.as_ref());
    let card = modifier.map_or(&VectorMatchCardinality::OneToOne, |m| &m.card);
    // The "many" side is walked; the "one" side is looked up by signature.
    let (many, one, swapped, include) = match card {
        VectorMatchCardinality::OneToMany(include) => (rhs, lhs, true, Some(include)),
        VectorMatchCardinality::ManyToOne(include) => (lhs, rhs, false, Some(include)),
        _ => (lhs, rhs, false, None),
    };
    let mut by_signature: HashMap<Labels, &Sample> = HashMap::new();
    for sample in &one {
        let sig = signature(&sample.labels, matching);
        if by_signature.insert(sig.clone(), sample).is_some() {
            let side = if swapped { "left" } else { "right" };
            return Err(Failure::Execution(format!(
                "found duplicate series for the match group {} on the {side} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side",
                describe(&sig)
            )));
        }
    }
    let one_to_one = matches!(card, VectorMatchCardinality::OneToOne);
    let comparison = is_comparison(op);
    let mut matched: HashSet<Labels> = HashSet::new();
    let mut out = Vec::new();
    for sample in many {
        let sig = signature(&sample.labels, matching);
        let Some(other) = by_signature.get(&sig) else {
            continue;
        };
        if one_to_one && !matched.insert(sig.clone()) {
            return Err(Failure::Execution(format!(
                "multiple matches for labels {}: many-to-one matching must be explicit (group_left/group_right)",
                describe(&sig)
            )));
        }
        let (l, r) = if swapped {
            (other.v, sample.v)
        } else {
            (sample.v, other.v)
        };
        let (mut v, keep) = apply(op, l, r);
        if returns_bool {
            v = f64::from(u8::from(keep));
        } else if !keep {
            continue;
        }
        let mut labels = sample.labels;
        if !comparison || returns_bool {
            labels = drop_name(labels);
        }
        if one_to_one {
            match matching {
                Some(LabelModifier::Include(on)) => {
                    labels.retain(|(n, _)| on.labels.iter().any(|o| **o == **n));
                }
                Some(LabelModifier::Exclude(ignoring)) => {
                    labels.retain(|(n, _)| !ignoring.labels.iter().any(|i| **i == **n));
                }
                None => {}
            }
        }
        if let Some(include) = include {
            for name in &include.labels {
                set_label(&mut labels, name, label(&other.labels, name).to_owned());
            }
        }
        out.push(Sample { labels, t, v });
    }
    if !one_to_one {
        let mut seen = HashSet::new();
        if out.iter().any(|s| !seen.insert(&s.labels)) {
            return Err(Failure::Execution(
                "multiple matches for labels: grouping labels must ensure unique matches"
                    .to_owned(),
            ));
        }
    }
    Ok(out)
}

fn describe(labels: &[(Text, Text)]) -> String {
    let pairs: Vec<String> = labels.iter().map(|(n, v)| format!("{n}=\"{v}\"")).collect();
    format!("{{{}}}", pairs.join(", "))
}
