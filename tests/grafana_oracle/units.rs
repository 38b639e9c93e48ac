//! Units: `format_value` against Grafana's `getValueFormat(id)(value, decimals)` for every
//! unit id `getValueFormats()` lists (dates left out: they read the clock and the time
//! zone), plus the `prefix:`, `suffix:`, `si:`, `count:`, `currency:` and `bool:` forms
//! and an id Grafana does not know, with decimals unset and 0 to 3.

use fedview::model::value_format::{format_value, unit_ids};
use serde_json::{json, Value};

use crate::{cases::Cases, node::ask_grafana, report::Agreement};

/// Ids whose unit text is built from the id: Grafana's custom forms.
const CUSTOM: [&str; 14] = [
    "prefix:$",
    "prefix:",
    "suffix:rpm",
    "suffix:",
    "si:mB",
    "si:k",
    "si:µV",
    "si:Hz",
    "count:cars",
    "currency:€",
    "currency:financial:$",
    "currency:financial:kr:suffix",
    "bool:up/down",
    "no-such-unit",
];

/// Grafana's answer to `(id, value, decimals)`, and fedview's, as `prefix|text|suffix`.
fn ours(id: &str, value: f64, decimals: Option<i32>) -> String {
    let formatted = format_value(Some(id), value, decimals);
    format!(
        "{}|{}|{}",
        formatted.prefix, formatted.text, formatted.suffix
    )
}

fn theirs(answer: &Value) -> String {
    let part = |i: usize| answer[i].as_str().unwrap_or_default().to_owned();
    format!("{}|{}|{}", part(0), part(1), part(2))
}

#[test]
fn every_unit_writes_a_value_as_grafana_writes_it() {
    let mut cases = Cases::seeded(0x0007_1750);
    let ids: Vec<&str> = unit_ids()
        .iter()
        .copied()
        .filter(|id| !id.starts_with("dateTime"))
        .chain(CUSTOM)
        .collect();
    let mut asked = Vec::new();
    for id in &ids {
        for _ in 0..32 {
            let value = cases.value();
            let decimals = [None, Some(0), Some(1), Some(2), Some(3)][cases.below(5)];
            asked.push((id.to_string(), value, decimals));
        }
    }
    let Some(answers) = ask_grafana(&json!({ "units": asked })) else {
        return;
    };
    let answers = answers["units"].as_array().expect("an answer per case");
    assert_eq!(answers.len(), asked.len());
    let mut agreement = Agreement::new("units");
    for ((id, value, decimals), answer) in asked.iter().zip(answers) {
        let input = format!("{id:?} {value:e} decimals {decimals:?}");
        let (ours, theirs) = (ours(id, *value, *decimals), theirs(answer));
        let known = crate::known::known_difference(&ours, &theirs);
        agreement.case(&input, &ours, &theirs, known);
    }
    agreement.check();
}

/// The list of ids fedview knows is Grafana's list, no more and no fewer.
#[test]
fn fedview_knows_every_unit_grafana_lists() {
    let Some(answers) = ask_grafana(&json!({ "unit_ids": true })) else {
        return;
    };
    let grafana: Vec<&str> = answers["unit_ids"]
        .as_array()
        .expect("Grafana's unit ids")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let missing: Vec<&&str> = grafana
        .iter()
        .filter(|id| !unit_ids().contains(id))
        .collect();
    let extra: Vec<&&str> = unit_ids()
        .iter()
        .filter(|id| !grafana.contains(id))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "unit ids Grafana lists and fedview does not: {missing:?}; fedview's and not Grafana's: {extra:?}"
    );
}
