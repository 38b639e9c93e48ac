//! Panel values: a real board's stat, gauge and bar gauge panels, imported by fedview
//! (`import_grafana`) and shown (`shown_values`), against Grafana's
//! `applyFieldOverrides` + `getFieldDisplayValues` on the panel's own JSON, over the same
//! generated series, in the dark and the light theme. Each shown value's text (reduce,
//! mapping, unit, decimals) and colour (thresholds, colour modes, named colours) is
//! compared. Panels still in the pre-7 schema (no `fieldConfig`) are left out: Grafana
//! migrates them in its panel plugins, which are not part of `@grafana/data`.

use std::path::PathBuf;

use fedview::{
    analysis::chart_line::ChartLine,
    board::{
        grafana::import::import_grafana,
        model::{Panel, PanelKind},
        shown_values::shown_values,
    },
};
use serde_json::{json, Value};

use crate::{cases::Cases, node::ask_grafana, report::Agreement};

/// The Grafana boards in the shared test data.
fn boards() -> Option<Vec<PathBuf>> {
    let data = fedview_testkit::testdata_dir()?;
    let mut files = Vec::new();
    for folder in ["dashboards/grafana", "dashboards/community"] {
        for entry in std::fs::read_dir(data.join(folder)).expect("a test data folder") {
            let path = entry.expect("a file").path();
            let is_board = path.extension().is_some_and(|e| e == "json")
                && path.file_name().is_none_or(|n| n != "expected.json");
            if is_board {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}

/// Every panel of the board's JSON, rows' own panels included, in file order.
fn panels(board: &Value) -> Vec<&Value> {
    fn walk<'a>(panels: &'a [Value], out: &mut Vec<&'a Value>) {
        for panel in panels {
            out.push(panel);
            if let Some(inner) = panel.get("panels").and_then(Value::as_array) {
                walk(inner, out);
            }
        }
    }
    let board = board.get("dashboard").unwrap_or(board);
    let mut out = Vec::new();
    walk(
        board
            .get("panels")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice),
        &mut out,
    );
    out
}

/// The values a panel's thresholds, min and max turn on, so that cases fall on both
/// sides of each.
fn edges(panel: &Value) -> Vec<f64> {
    let defaults = &panel["fieldConfig"]["defaults"];
    let mut edges: Vec<f64> = defaults["thresholds"]["steps"]
        .as_array()
        .map(|steps| steps.iter().filter_map(|s| s["value"].as_f64()).collect())
        .unwrap_or_default();
    edges.extend(defaults["min"].as_f64());
    edges.extend(defaults["max"].as_f64());
    if edges.is_empty() {
        edges.push(80.0);
    }
    edges
}

/// The names overrides match by (`byName`), so that generated series meet them.
fn override_names(panel: &Value) -> Vec<String> {
    panel["fieldConfig"]["overrides"]
        .as_array()
        .map(|overrides| {
            overrides
                .iter()
                .filter(|o| o["matcher"]["id"] == "byName")
                .filter_map(|o| o["matcher"]["options"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A series for a panel: values near its edges, above and below, now and then a whole
/// number, a fraction or a value far out.
fn series(cases: &mut Cases, edges: &[f64]) -> Vec<f64> {
    let len = 1 + cases.below(6);
    (0..len)
        .map(|_| {
            let edge = *cases.pick(edges);
            let scale = edge.abs().max(1.0);
            match cases.below(6) {
                0 => edge,
                1 => cases.value(),
                2 => (edge + (cases.unit() - 0.5) * scale * 4.0).round(),
                _ => edge + (cases.unit() - 0.5) * scale * 2.0,
            }
        })
        .collect()
}

/// A number as JavaScript's `Number()` reads it back (NaN and the infinities included).
pub(crate) fn js_text(v: f64) -> String {
    match v {
        f64::INFINITY => "Infinity".to_owned(),
        f64::NEG_INFINITY => "-Infinity".to_owned(),
        v => format!("{v:?}"),
    }
}

/// One shown value, as `text` and a colour reduced to its RGBA bytes.
pub(crate) fn shown(text: &str, color: &str) -> String {
    format!("{text:?} in {}", rgba(color))
}

/// A CSS colour (`#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(…)`, `rgba(…)`) as `r,g,b,a`
/// bytes, so that Grafana's hex strings and fedview's CSS compare; anything else as it is.
fn rgba(color: &str) -> String {
    let color = color.trim();
    let hex = |s: &str| u8::from_str_radix(s, 16).ok();
    if let Some(digits) = color.strip_prefix('#') {
        let bytes: Option<Vec<u8>> = match digits.len() {
            3 | 4 => digits.chars().map(|c| hex(&format!("{c}{c}"))).collect(),
            6 | 8 => (0..digits.len())
                .step_by(2)
                .map(|i| hex(&digits[i..i + 2]))
                .collect(),
            _ => None,
        };
        if let Some(mut bytes) = bytes {
            if bytes.len() == 3 {
                bytes.push(255);
            }
            return format!("{},{},{},{}", bytes[0], bytes[1], bytes[2], bytes[3]);
        }
    }
    if let Some(inner) = color
        .strip_prefix("rgba(")
        .or_else(|| color.strip_prefix("rgb("))
        .and_then(|rest| rest.strip_suffix(')'))
    {
        let parts: Vec<f64> = inner
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        if parts.len() >= 3 {
            let alpha = parts.get(3).map_or(255.0, |a| (a * 255.0).round());
            return format!("{},{},{},{alpha}", parts[0], parts[1], parts[2]);
        }
    }
    color.to_owned()
}

/// What fedview shows for the panel at `index` among the board's value panels.
fn fedview_shows(
    board: &fedview::board::model::Board,
    title: &str,
    nth: usize,
    names: &[String],
    series: &[Vec<f64>],
    dark: bool,
) -> Option<Vec<String>> {
    let panel = board
        .panels()
        .filter(|p| {
            matches!(
                p.kind,
                PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge
            ) && p.title == title
        })
        .nth(nth)?;
    Some(shown_by_fedview(panel, names, series, dark))
}

/// Grafana's values for the display cases `asked`, compared with fedview's (`ours`: each
/// case's input and the values fedview shows, as `shown` writes them); `None` where the
/// run may skip.
pub(crate) fn compare_with_grafana(
    kind: &'static str,
    asked: &[Value],
    ours: &[(String, Vec<String>)],
) -> Option<Agreement> {
    let answers = ask_grafana(&json!({ "display": asked }))?;
    let answers = answers["display"].as_array().expect("an answer per case");
    assert_eq!(answers.len(), asked.len());
    let mut agreement = Agreement::new(kind);
    for ((input, shown_by_fedview), answer) in ours.iter().zip(answers) {
        let by_grafana = answer.as_array().expect("the values Grafana shows");
        for (i, pair) in by_grafana.iter().enumerate() {
            let theirs = shown(
                pair[0].as_str().unwrap_or_default(),
                pair[1].as_str().unwrap_or_default(),
            );
            let ours = shown_by_fedview.get(i).map_or("nothing", String::as_str);
            let known = crate::known::known_difference(ours, &theirs);
            agreement.case(&format!("{input} value {i}"), ours, &theirs, known);
        }
    }
    Some(agreement)
}

/// What fedview shows for `panel` over `series` named `names` (a point a second), as
/// `shown` writes each value.
pub(crate) fn shown_by_fedview(
    panel: &Panel,
    names: &[String],
    series: &[Vec<f64>],
    dark: bool,
) -> Vec<String> {
    let lines: Vec<ChartLine> = names
        .iter()
        .zip(series)
        .enumerate()
        .map(|(i, (name, values))| ChartLine {
            label: name.clone(),
            points: values
                .iter()
                .enumerate()
                .map(|(t, &v)| (t as i64 * 1000, v))
                .collect(),
            color: i,
            dashed: false,
        })
        .collect();
    // Series from two queries, in turn: `byFrameRefID` overrides name the series of theirs.
    let resolved;
    let panel = if panel.display.matches_by_frame() {
        let series: Vec<(String, String)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), if i % 2 == 0 { "A" } else { "B" }.to_owned()))
            .collect();
        resolved = Panel {
            display: Box::new(panel.display.with_frames(&series)),
            ..panel.clone()
        };
        &resolved
    } else {
        panel
    };
    shown_values(panel, &lines, dark, crate::js_regex::matches)
        .iter()
        .map(|v| shown(&v.text, &v.color))
        .collect()
}

#[test]
fn real_panels_show_their_values_as_grafana_shows_them() {
    let Some(files) = boards() else {
        return;
    };
    let mut cases = Cases::seeded(0x0D15_B1A7);
    let mut asked = Vec::new();
    let mut ours = Vec::new();
    let mut left_out = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a board");
        let json: Value = serde_json::from_str(&text).expect("a board's JSON");
        let board = import_grafana(&text).expect("the board imports");
        let name = file
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into());
        let mut seen: Vec<String> = Vec::new();
        for panel in panels(&json) {
            let kind = panel["type"].as_str().unwrap_or_default();
            if !matches!(kind, "stat" | "gauge" | "bargauge" | "singlestat") {
                continue;
            }
            let title = panel["title"].as_str().unwrap_or_default().to_owned();
            let nth = seen.iter().filter(|t| **t == title).count();
            seen.push(title.clone());
            if panel.get("fieldConfig").is_none() || kind == "singlestat" {
                left_out.push(format!("{name}: {title:?} ({kind}, before Grafana 7)"));
                continue;
            }
            let edges = edges(panel);
            let mut names = override_names(panel);
            for _ in 0..6 {
                let count = 1 + cases.below(3);
                while names.len() < count {
                    names.push(format!("series {}", names.len()));
                }
                let names: Vec<String> = names[..count].to_vec();
                let series: Vec<Vec<f64>> =
                    (0..count).map(|_| series(&mut cases, &edges)).collect();
                for (theme, dark) in [("dark", true), ("light", false)] {
                    let Some(shown) = fedview_shows(&board, &title, nth, &names, &series, dark)
                    else {
                        left_out.push(format!("{name}: {title:?} is not among fedview's panels"));
                        continue;
                    };
                    let texts: Vec<Vec<String>> = series
                        .iter()
                        .map(|s| s.iter().map(|v| js_text(*v)).collect())
                        .collect();
                    asked.push(json!({
                        "panel": panel,
                        "series": texts,
                        "names": names,
                        "theme": theme,
                    }));
                    ours.push((format!("{name}: {title:?} {theme} over {series:?}"), shown));
                }
            }
        }
    }
    let Some(agreement) = compare_with_grafana("panel values", &asked, &ours) else {
        return;
    };
    for line in &left_out {
        println!("  left out: {line}");
    }
    agreement.check();
}
