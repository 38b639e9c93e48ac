//! Panel values on generated panels: stat, gauge and bar gauge panels whose options are
//! drawn at random from what Grafana offers (units, decimals, min and max, absolute and
//! percentage thresholds in every kind of colour name, every colour mode fedview draws,
//! value, range, regex and special mappings, every reduce calculation, `noValue`, and
//! overrides by name, regular expression, type and reduced value), each imported by
//! fedview and shown, and
//! held to Grafana's `applyFieldOverrides` + `getFieldDisplayValues` on the same JSON.

use fedview::board::grafana::import::import_grafana;
use serde_json::{json, Value};

use crate::cases::Cases;

const UNITS: [&str; 14] = [
    "none",
    "short",
    "percent",
    "percentunit",
    "bytes",
    "decbytes",
    "s",
    "ms",
    "reqps",
    "bps",
    "bool",
    "currencyUSD",
    "celsius",
    "suffix:calls",
];

const COLORS: [&str; 16] = [
    "green",
    "red",
    "dark-red",
    "semi-dark-orange",
    "super-light-blue",
    "light-purple",
    "yellow",
    "text",
    "transparent",
    "#EAB839",
    "#e65013",
    "rgba(245, 54, 54, 0.9)",
    "rgb(31, 120, 193)",
    "purple",
    "DarkSlateGray",
    "orange",
];

const MODES: [&str; 14] = [
    "thresholds",
    "fixed",
    "palette-classic",
    "palette-classic-by-name",
    "continuous-GrYlRd",
    "continuous-RdYlGr",
    "continuous-BlYlRd",
    "continuous-YlRd",
    "continuous-BlPu",
    "continuous-YlBl",
    "continuous-blues",
    "continuous-reds",
    "continuous-greens",
    "continuous-purples",
];

const CALCS: [&str; 22] = [
    "lastNotNull",
    "last",
    "firstNotNull",
    "first",
    "mean",
    "median",
    "sum",
    "count",
    "min",
    "max",
    "range",
    "delta",
    "step",
    "diff",
    "diffperc",
    "logmin",
    "variance",
    "stdDev",
    "changeCount",
    "distinctCount",
    "p90",
    "countAll",
];

fn thresholds(cases: &mut Cases, percentage: bool) -> Value {
    let count = 1 + cases.below(4);
    let mut level = if percentage {
        0.0
    } else {
        cases.value().abs().min(1e6)
    };
    let mut steps = vec![json!({"color": cases.pick(&COLORS), "value": null})];
    for _ in 1..count {
        level += if percentage {
            5.0 + cases.below(40) as f64
        } else {
            1.0 + cases.below(100) as f64
        };
        steps.push(json!({"color": cases.pick(&COLORS), "value": level}));
    }
    json!({"mode": if percentage { "percentage" } else { "absolute" }, "steps": steps})
}

fn mappings(cases: &mut Cases) -> Value {
    let mut mappings = Vec::new();
    for _ in 0..cases.below(3) {
        let result = |cases: &mut Cases| {
            let mut result = serde_json::Map::new();
            if cases.below(4) != 0 {
                result.insert(
                    "text".into(),
                    json!(cases.pick(&["Up", "Down", "n/a", "$1 found", "OK"])),
                );
            }
            if cases.below(2) == 0 {
                result.insert("color".into(), json!(cases.pick(&COLORS)));
            }
            result.insert("index".into(), json!(0));
            Value::Object(result)
        };
        mappings.push(match cases.below(4) {
            0 => json!({"type": "value", "options": {
                (cases.below(3)).to_string(): result(cases)}}),
            1 => {
                let from = cases.below(50) as f64;
                json!({"type": "range", "options": {
                    "from": from, "to": from + cases.below(100) as f64, "result": result(cases)}})
            }
            2 => json!({"type": "regex", "options": {
                "pattern": cases.pick(&["(\\d+)", "^1", "0$", "^(\\d)\\d*$"]), "result": result(cases)}}),
            _ => json!({"type": "special", "options": {
                "match": cases.pick(&["null", "nan", "null+nan", "true", "false", "empty"]),
                "result": result(cases)}}),
        });
    }
    Value::Array(mappings)
}

/// A random panel of `kind` and the names of the series it will be shown over.
fn panel(cases: &mut Cases) -> (Value, Vec<String>) {
    let kind = cases.pick(&["stat", "gauge", "bargauge"]);
    let names: Vec<String> = (0..1 + cases.below(3))
        .map(|i| format!("series {i}"))
        .collect();
    let mut defaults = serde_json::Map::new();
    defaults.insert("unit".into(), json!(cases.pick(&UNITS)));
    if cases.below(2) == 0 {
        defaults.insert("decimals".into(), json!(cases.below(4)));
    }
    if cases.below(2) == 0 {
        defaults.insert("min".into(), json!(0));
        defaults.insert("max".into(), json!(*cases.pick(&[1.0, 100.0, 1000.0])));
    }
    let percentage = cases.below(3) == 0;
    defaults.insert("thresholds".into(), thresholds(cases, percentage));
    let mode = *cases.pick(&MODES);
    defaults.insert(
        "color".into(),
        if mode == "fixed" {
            json!({"mode": mode, "fixedColor": cases.pick(&COLORS)})
        } else {
            json!({"mode": mode})
        },
    );
    defaults.insert("mappings".into(), mappings(cases));
    if cases.below(4) == 0 {
        defaults.insert("noValue".into(), json!("—"));
    }
    let mut overrides = Vec::new();
    if cases.below(2) == 0 {
        let matcher = match cases.below(6) {
            0 => json!({"id": "byName", "options": names[cases.below(names.len())]}),
            1 => {
                json!({"id": "byRegexp", "options": *cases.pick(&["series [01]", "/1$/", "series"])})
            }
            2 => json!({"id": "byType", "options": *cases.pick(&["number", "string"])}),
            // The series come from queries A and B in turn.
            3 => json!({"id": "byFrameRefID", "options": *cases.pick(&["A", "B"])}),
            _ => json!({"id": "byValue", "options": {
                "reducer": *cases.pick(&["max", "mean", "lastNotNull", "allIsZero", "count"]),
                "op": *cases.pick(&["gt", "gte", "lt", "lte", "eq", "neq"]),
                "value": *cases.pick(&[0.0, 1.0, 2.0, 50.0]),
            }}),
        };
        let property = match cases.below(5) {
            0 => json!({"id": "unit", "value": cases.pick(&UNITS)}),
            1 => json!({"id": "decimals", "value": cases.below(4)}),
            2 => {
                json!({"id": "color", "value": {"mode": "fixed", "fixedColor": cases.pick(&COLORS)}})
            }
            3 => json!({"id": "max", "value": 10}),
            _ => json!({"id": "thresholds", "value": thresholds(cases, false)}),
        };
        overrides.push(json!({"matcher": matcher, "properties": [property]}));
    }
    let calc = *cases.pick(&CALCS);
    let panel = json!({
        "type": kind,
        "title": "generated",
        "gridPos": {"h": 4, "w": 6, "x": 0, "y": 0},
        "fieldConfig": {"defaults": defaults, "overrides": overrides},
        "options": {"reduceOptions": {"calcs": [calc], "fields": "", "values": false}},
        "targets": [{"expr": "up", "refId": "A"}],
    });
    (panel, names)
}

#[test]
fn generated_panels_show_their_values_as_grafana_shows_them() {
    let mut cases = Cases::seeded(0x0005_7A75);
    let mut asked = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..600 {
        let (panel, names) = panel(&mut cases);
        let board = import_grafana(&json!({"title": "generated", "panels": [panel]}).to_string())
            .expect("a generated panel imports");
        let imported = board.panels().next().expect("the panel");
        let edges: Vec<f64> = panel["fieldConfig"]["defaults"]["thresholds"]["steps"]
            .as_array()
            .map(|s| s.iter().filter_map(|s| s["value"].as_f64()).collect())
            .unwrap_or_default();
        let series: Vec<Vec<f64>> = names
            .iter()
            .map(|_| {
                (0..cases.below(6))
                    .map(|_| match cases.below(5) {
                        0 if !edges.is_empty() => *cases.pick(&edges),
                        1 => cases.below(3) as f64,
                        2 => f64::NAN,
                        _ => cases.value(),
                    })
                    .collect()
            })
            .collect();
        let dark = cases.below(2) == 0;
        let shown_by_fedview = crate::display::shown_by_fedview(imported, &names, &series, dark);
        let texts: Vec<Vec<String>> = series
            .iter()
            .map(|s| s.iter().map(|v| crate::display::js_text(*v)).collect())
            .collect();
        asked.push(json!({
            "panel": panel,
            "series": texts,
            "names": names,
            "theme": if dark { "dark" } else { "light" },
        }));
        ours.push((format!("{panel} over {series:?}"), shown_by_fedview));
    }
    let Some(agreement) =
        crate::display::compare_with_grafana("generated panel values", &asked, &ours)
    else {
        return;
    };
    agreement.check();
}
