//! Table cells: each table panel of the test data's boards, and generated variants of it
//! (cell types, colour modes, thresholds, value mappings on numbers and on text, units,
//! decimals, `noValue`, alignment), shown by fedview (`table::build`, then
//! `table_cells::columns` and each column's cells) against Grafana's `applyFieldOverrides`
//! and each field's display processor on the same table, in the dark and the light
//! theme. Compared: each column's header, whether it is hidden, its alignment, and each
//! cell's text, value colour, text colour and background. The text and value colour come
//! from `@grafana/data` running; the cell's paint (`color-text`, `color-background` as a
//! gradient or solid, the text on it), the alignment and the JSON text are restated in
//! `oracle.cjs` from `@grafana/ui`'s source (not installed), with `tinycolor2` running.

use fedview::board::{
    display_processor::JsRegex,
    grafana::import::import_grafana,
    model::{Panel, PanelKind, PanelQuery},
    table::{build, Cell, SeriesRow, Table},
    table_cells::columns,
};
use serde_json::{json, Value};

use crate::{cases::Cases, display::js_text, node::ask_grafana, report::Agreement};

/// JavaScript's patterns as the tests read them (`js_regex.rs`).
struct TestRegex;

impl JsRegex for TestRegex {
    fn matches(&self, pattern: &str, text: &str) -> bool {
        crate::js_regex::matches(pattern, text)
    }

    fn replace(&self, pattern: &str, text: &str, with: &str) -> Option<String> {
        let regex = crate::js_regex::compile(pattern)?;
        regex
            .is_match(text)
            .then(|| regex.replace(text, with).into_owned())
    }
}

const INSTANCES: [&str; 5] = ["a:9100", "b:9100", "200", "", "{\"up\":1}"];

/// The table panels of the test data's Grafana boards, each with its board's file name.
fn table_panels() -> Option<Vec<(String, Value)>> {
    let data = fedview_testkit::testdata_dir()?;
    let mut out = Vec::new();
    for folder in ["dashboards/grafana", "dashboards/community"] {
        let mut files: Vec<_> = std::fs::read_dir(data.join(folder))
            .expect("a test data folder")
            .map(|e| e.expect("a file").path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && p.file_name().is_none_or(|n| n != "expected.json")
            })
            .collect();
        files.sort();
        for file in files {
            let json: Value =
                serde_json::from_str(&std::fs::read_to_string(&file).expect("a board"))
                    .expect("a board's JSON");
            let name = file
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into());
            let board = json.get("dashboard").unwrap_or(&json);
            let mut stack: Vec<&Value> = board["panels"].as_array().into_iter().flatten().collect();
            while let Some(panel) = stack.pop() {
                stack.extend(panel["panels"].as_array().into_iter().flatten());
                if panel["type"] == "table" && panel.get("fieldConfig").is_some() {
                    out.push((name.clone(), panel.clone()));
                }
            }
        }
    }
    Some(out)
}

/// The label names a panel's overrides name, so that generated rows meet them.
fn label_names(panel: &Value) -> Vec<String> {
    let mut names: Vec<String> = panel["fieldConfig"]["overrides"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|o| o["matcher"]["id"] == "byName")
        .filter_map(|o| o["matcher"]["options"].as_str())
        .filter(|n| !n.starts_with("Value") && *n != "Time")
        .map(str::to_owned)
        .collect();
    names.extend(["instance".to_owned(), "job".to_owned()]);
    names.dedup();
    names
}

/// A variant of `panel`: its own field config, or one with generated defaults put over it.
fn variant(cases: &mut Cases, panel: &Value, first: bool) -> Value {
    let mut panel = panel.clone();
    if first {
        return panel;
    }
    let defaults = &mut panel["fieldConfig"]["defaults"];
    let cell = match cases.below(6) {
        0 => json!({"type": "color-text"}),
        1 => json!({"type": "color-background"}),
        2 => json!({"type": "color-background", "mode": "basic"}),
        3 => json!({"type": "json-view"}),
        4 => json!({"type": "auto"}),
        _ => json!({"type": "color-background", "mode": "gradient"}),
    };
    defaults["custom"]["cellOptions"] = cell;
    defaults["custom"]["align"] = json!(*cases.pick(&["auto", "left", "center", "right"]));
    defaults["color"] = match cases.below(5) {
        0 => json!({"mode": "fixed", "fixedColor": *cases.pick(&["purple", "#FF9830", "text"])}),
        1 => json!({"mode": "palette-classic"}),
        2 => {
            json!({"mode": *cases.pick(&["continuous-GrYlRd", "continuous-BlPu", "continuous-greens"])})
        }
        _ => json!({"mode": "thresholds"}),
    };
    if cases.below(2) == 0 {
        let percentage = cases.below(3) == 0;
        defaults["thresholds"] = json!({
            "mode": if percentage { "percentage" } else { "absolute" },
            "steps": [
                {"color": "green", "value": null},
                {"color": "rgba(237, 129, 40, 0.89)", "value": if percentage { 50.0 } else { 1.0 }},
                {"color": "dark-red", "value": if percentage { 90.0 } else { 100.0 }},
            ],
        });
    }
    if cases.below(2) == 0 {
        defaults["mappings"] = json!([
            {"type": "value", "options": {"b:9100": {"text": "B", "color": "blue"}, "1": {"text": "one"}}},
            {"type": "regex", "options": {"pattern": "(.*):9100", "result": {"text": "host $1", "color": "orange"}}},
            {"type": "range", "options": {"from": 150, "to": 250, "result": {"text": "around 200"}}},
            {"type": "special", "options": {"match": *cases.pick(&["empty", "null", "nan", "null+nan"]),
                                             "result": {"text": "nothing", "color": "red"}}},
        ]);
    }
    defaults["unit"] = json!(*cases.pick(&["short", "bytes", "percent", "s", "none"]));
    if cases.below(2) == 0 {
        defaults["decimals"] = json!(cases.below(3));
    } else if let Some(fields) = defaults.as_object_mut() {
        fields.remove("decimals");
    }
    if cases.below(3) == 0 {
        defaults["noValue"] = json!("n/a");
    }
    panel
}

/// A query's rows: some series, each with some of the labels and a value.
fn rows(cases: &mut Cases, labels: &[String]) -> Vec<SeriesRow> {
    (0..1 + cases.below(5))
        .map(|_| {
            let mut kept = Vec::new();
            for name in labels {
                if cases.below(6) == 0 {
                    continue;
                }
                let value = if name == "instance" {
                    (*cases.pick(&INSTANCES)).to_owned()
                } else {
                    format!("{name}-{}", cases.below(3))
                };
                kept.push((name.clone(), value));
            }
            let labels = kept;
            let value = match cases.below(10) {
                0 => None,
                1 => Some(f64::NAN),
                2 => Some(cases.below(3) as f64),
                3 => Some(200.0),
                _ => Some(cases.value()),
            };
            let time_ms = value.map(|_| {
                crate::transformations::NOW_MS - 500 * cases.below(4).saturating_sub(2) as i64
            });
            SeriesRow {
                labels,
                value,
                time_ms,
            }
        })
        .collect()
}

/// The table as Grafana's frame: each column's name, display name, type and cells.
fn frame(table: &Table) -> Value {
    let columns: Vec<Value> = (0..table.columns.len())
        .map(|at| {
            let texts = table
                .rows
                .iter()
                .any(|row| matches!(row.get(at), Some(Some(Cell::Text(_)))));
            let kind = if texts {
                "string"
            } else if table.is_time(at) {
                "time"
            } else {
                "number"
            };
            let cells: Vec<Value> = table
                .rows
                .iter()
                .map(|row| match row.get(at).and_then(Option::as_ref) {
                    Some(Cell::Text(text)) => json!(text),
                    // A number stays a number, in a column of text too (a reduce's).
                    Some(Cell::Number(v)) => json!(["number", js_text(*v)]),
                    Some(Cell::Time(ms)) => json!(["number", ms.to_string()]),
                    _ => Value::Null,
                })
                .collect();
            json!([
                table.columns[at],
                table.display_names.get(at).cloned().flatten(),
                kind,
                cells
            ])
        })
        .collect();
    Value::Array(columns)
}

/// What fedview shows of `table` in `panel`, as the oracle writes it: per column its
/// header, hidden, alignment, and per cell text, value colour, text colour, background.
fn shown_by_fedview(panel: &Panel, table: &Table, dark: bool) -> Vec<Value> {
    let regex = TestRegex;
    // Grafana's times in UTC, as the oracle asks for them.
    columns(panel, table, std::slice::from_ref(table), &regex, 0)
        .iter()
        .map(|column| {
            let align = match column.align {
                fedview::board::cell_options::Align::Right => "right",
                fedview::board::cell_options::Align::Center => "center",
                _ => "left",
            };
            let cells: Vec<Value> = table
                .rows
                .iter()
                .map(|row| {
                    let cell =
                        column.cell(row.get(column.at).and_then(Option::as_ref), dark, &regex);
                    json!([cell.text, cell.value_color, cell.color, cell.background])
                })
                .collect();
            json!([column.header, column.hidden, align, cells])
        })
        .collect()
}

/// A colour in a cell's answer as RGBA bytes (`display::shown`'s reading), so that hex
/// and `rgb()` forms compare; gradients compare colour by colour.
fn colour(value: &Value) -> String {
    let Some(text) = value.as_str() else {
        return "none".to_owned();
    };
    match text.strip_prefix("linear-gradient(120deg, ") {
        Some(rest) => {
            let rest = rest.strip_suffix(')').unwrap_or(rest);
            // The partner is an `rgb(…)` with commas of its own: split after its `)`.
            let (first, second) = rest.split_once("), ").map_or((rest, ""), |(a, b)| (a, b));
            format!(
                "gradient {} to {}",
                crate::display::shown("", &format!("{first})")),
                crate::display::shown("", second)
            )
        }
        None => crate::display::shown("", text),
    }
}

#[test]
fn table_cells_are_written_and_coloured_as_grafana_shows_them() {
    let Some(panels) = table_panels() else {
        return;
    };
    let mut cases = Cases::seeded(0x7AB1_CE11);
    let mut asked = Vec::new();
    let mut ours = Vec::new();
    for (board, original) in &panels {
        let title = original["title"].as_str().unwrap_or_default().to_owned();
        let labels = label_names(original);
        for round in 0..8 {
            let panel_json = variant(&mut cases, original, round == 0);
            let imported = import_grafana(&json!({"panels": [panel_json]}).to_string())
                .expect("the panel imports");
            let panel = imported
                .panels()
                .find(|p| p.kind == PanelKind::Table)
                .expect("a table panel")
                .clone();
            let queries = panel.queries.iter().filter(|q| !q.hidden).count().max(1);
            let answers: Vec<(String, Vec<SeriesRow>)> = (0..queries)
                .map(|i| {
                    (
                        PanelQuery::default().reference(i),
                        rows(&mut cases, &labels),
                    )
                })
                .collect();
            for table in build(&answers, &panel.transformations) {
                for (theme, dark) in [("dark", true), ("light", false)] {
                    asked.push(
                        json!({"panel": panel_json, "columns": frame(&table), "theme": theme}),
                    );
                    ours.push((
                        format!(
                            "{board}: {title:?} round {round} {theme} with {} over {}",
                            panel_json["fieldConfig"]["defaults"],
                            frame(&table)
                        ),
                        shown_by_fedview(&panel, &table, dark),
                    ));
                }
            }
        }
    }
    let Some(answers) = ask_grafana(&json!({ "cells": asked })) else {
        return;
    };
    let answers = answers["cells"].as_array().expect("an answer per case");
    assert_eq!(answers.len(), ours.len());
    let mut agreement = Agreement::new("table cells");
    for ((input, fedview_columns), grafana_columns) in ours.iter().zip(answers) {
        let grafana_columns = grafana_columns.as_array().expect("columns");
        for (at, theirs) in grafana_columns.iter().enumerate() {
            let Some(mine) = fedview_columns.get(at) else {
                agreement.case(&format!("{input} column {at}"), "nothing", "a column", None);
                continue;
            };
            let head = |c: &Value| format!("{} hidden {} {}", c[0], c[1], c[2]);
            agreement.case(
                &format!("{input} column {at}"),
                &head(mine),
                &head(theirs),
                None,
            );
            let empty = Vec::new();
            let their_cells = theirs[3].as_array().unwrap_or(&empty);
            for (row, their_cell) in their_cells.iter().enumerate() {
                let my_cell = &mine[3][row];
                let cell = |c: &Value| {
                    format!(
                        "{} value {} text {} background {}",
                        c[0],
                        colour(&c[1]),
                        colour(&c[2]),
                        colour(&c[3])
                    )
                };
                agreement.case(
                    &format!("{input} column {at} row {row}"),
                    &cell(my_cell),
                    &cell(their_cell),
                    None,
                );
            }
        }
    }
    agreement.check();
}
