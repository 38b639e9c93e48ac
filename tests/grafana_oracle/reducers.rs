//! Reduce calculations: `reduce` against Grafana's `reduceField` for every numeric
//! `ReducerID` (all but `allValues` and `uniqueValues`, which give lists), over series with
//! nulls.

use fedview::board::reduce::reduce;
use serde_json::{json, Value};

use crate::{cases::Cases, node::ask_grafana, report::Agreement};

/// Every numeric reducer Grafana 13 has.
fn reducer_ids() -> Vec<String> {
    let named = [
        "sum",
        "max",
        "min",
        "logmin",
        "mean",
        "variance",
        "stdDev",
        "last",
        "median",
        "first",
        "count",
        "countAll",
        "range",
        "diff",
        "diffperc",
        "delta",
        "step",
        "firstNotNull",
        "lastNotNull",
        "changeCount",
        "distinctCount",
        "allIsZero",
        "allIsNull",
    ];
    named
        .iter()
        .map(|id| (*id).to_owned())
        .chain((1..=99).map(|p| format!("p{p}")))
        .collect()
}

fn written(value: Option<f64>) -> String {
    match value {
        None => "null".to_owned(),
        Some(v) if v.is_nan() => "NaN".to_owned(),
        Some(v) => format!("{v:?}"),
    }
}

fn theirs(answer: &Value) -> String {
    match answer {
        Value::Bool(b) => written(Some(f64::from(u8::from(*b)))),
        Value::String(s) => written(Some(match s.as_str() {
            "Infinity" => f64::INFINITY,
            "-Infinity" => f64::NEG_INFINITY,
            text => text.parse().expect("a number as JavaScript writes it"),
        })),
        _ => "null".to_owned(),
    }
}

#[test]
fn every_reducer_reduces_a_series_as_grafana_does() {
    let mut cases = Cases::seeded(0x00ED_0CE5);
    let ids = reducer_ids();
    let mut asked = Vec::new();
    for id in &ids {
        let runs = if id.starts_with('p') && id != "p1" && id != "p50" && id != "p99" {
            12
        } else {
            300
        };
        for _ in 0..runs {
            asked.push((id.clone(), cases.series()));
        }
    }
    // Values go as text, so that NaN reaches Grafana as NaN (JSON has no NaN).
    let as_text: Vec<(&String, Vec<Option<String>>)> = asked
        .iter()
        .map(|(id, values)| {
            (
                id,
                values.iter().map(|v| v.map(|v| format!("{v:?}"))).collect(),
            )
        })
        .collect();
    let Some(answers) = ask_grafana(&json!({ "reducers": as_text })) else {
        return;
    };
    let answers = answers["reducers"].as_array().expect("an answer per case");
    assert_eq!(answers.len(), asked.len());
    let mut agreement = Agreement::new("reducers");
    for ((id, values), answer) in asked.iter().zip(answers) {
        let input = format!("{id} of {values:?}");
        agreement.case(&input, &written(reduce(id, values)), &theirs(answer), None);
    }
    agreement.check();
}
