//! Writing a [`Board`] as a Grafana dashboard (the classic JSON model), so that a board
//! made here moves into the user's own Grafana: rows as `row` panels (a folded row's
//! panels nested in it), panels with their grid position, queries, legend formats, unit and
//! time shift, and the variables with their picked values. Reading the export back gives
//! the same board.

use serde_json::{json, Map, Value};

use crate::board::{
    grafana::display::{display_json, overrides_json},
    grafana::transformations,
    model::{Board, PanelKind, GRID_COLUMNS},
    variables::{Variable, VariableKind, ALL, ALL_VALUE},
};

/// The Grafana schema version written (Grafana 10.4 and 11 read it as their own).
pub const SCHEMA_VERSION: u32 = 39;

/// The board as Grafana dashboard JSON.
pub fn export_grafana(board: &Board) -> Value {
    let mut panels = Vec::new();
    let mut id = 0;
    let mut next_id = || {
        id += 1;
        id
    };
    for row in &board.rows {
        let written: Vec<Value> = row
            .panels
            .iter()
            .map(|panel| {
                let targets: Vec<Value> = panel
                    .queries
                    .iter()
                    .enumerate()
                    .map(|(i, q)| {
                        let mut target = json!({
                            "expr": q.expr,
                            "refId": q.reference(i),
                        });
                        if let Some(legend) = &q.legend {
                            target["legendFormat"] = json!(legend);
                        }
                        if q.hidden {
                            target["hide"] = json!(true);
                        }
                        if let Some(interval) = &q.interval {
                            target["interval"] = json!(interval);
                        }
                        if q.instant {
                            target["instant"] = json!(true);
                            target["range"] = json!(false);
                        }
                        if q.table {
                            target["format"] = json!("table");
                        }
                        target
                    })
                    .collect();
                let mut written = json!({
                    "id": next_id(),
                    "type": panel.kind.grafana_type(),
                    "title": panel.title,
                    "gridPos": {"x": panel.grid.x, "y": panel.grid.y, "w": panel.grid.w, "h": panel.grid.h},
                    "targets": targets,
                });
                let mut defaults = Map::new();
                if let PanelKind::Text(text) = &panel.kind {
                    written["options"] =
                        json!({"mode": text.mode.grafana(), "content": text.content});
                } else {
                    let (display_defaults, options) = display_json(&panel.display);
                    defaults = display_defaults;
                    written["options"] = Value::Object(options);
                }
                if let Some(unit) = &panel.unit {
                    defaults.insert("unit".into(), json!(unit));
                }
                if !defaults.is_empty() || !panel.display.overrides.is_empty() {
                    written["fieldConfig"] = json!({
                        "defaults": defaults,
                        "overrides": overrides_json(&panel.display),
                    });
                }
                if !panel.transformations.is_empty() {
                    written["transformations"] =
                        Value::Array(panel.transformations.iter().map(transformations::write).collect());
                }
                if let Some(repeat) = &panel.repeat {
                    written["repeat"] = json!(repeat.variable);
                    written["repeatDirection"] = json!(if repeat.vertical { "v" } else { "h" });
                    if let Some(most) = repeat.max_per_row {
                        written["maxPerRow"] = json!(most);
                    }
                }
                if let Some(shift) = panel.time_shift_s {
                    written["timeShift"] = json!(shift_text(shift));
                }
                if let Some(from) = panel.time_from_s {
                    written["timeFrom"] = json!(shift_text(from));
                }
                // As written, where they name a variable.
                let time = panel.time_variables.clone().unwrap_or_default();
                if let Some(shift) = time.shift {
                    written["timeShift"] = json!(shift);
                }
                if let Some(from) = time.from {
                    written["timeFrom"] = json!(from);
                }
                written
            })
            .collect();
        match &row.title {
            None => panels.extend(written),
            Some(title) => {
                let top = row.panels.iter().map(|p| p.grid.y).min().unwrap_or(0);
                let mut header = json!({
                    "id": next_id(),
                    "type": "row",
                    "title": title,
                    "collapsed": row.collapsed,
                    "gridPos": {"x": 0, "y": top.saturating_sub(1), "w": GRID_COLUMNS, "h": 1},
                    "panels": [],
                });
                if let Some(variable) = &row.repeat {
                    header["repeat"] = json!(variable);
                }
                if row.collapsed {
                    header["panels"] = Value::Array(written);
                    panels.push(header);
                } else {
                    panels.push(header);
                    panels.extend(written);
                }
            }
        }
    }
    json!({
        "title": board.title,
        "schemaVersion": SCHEMA_VERSION,
        "editable": true,
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": board.variables.iter().map(variable).collect::<Vec<_>>()},
        "panels": panels,
    })
}

/// Seconds as a Grafana time shift: `7d`, `1d`, `6h`, `90s`.
fn shift_text(seconds: u64) -> String {
    for (size, unit) in [(86_400, "d"), (3_600, "h"), (60, "m")] {
        if seconds % size == 0 {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

fn variable(variable: &Variable) -> Value {
    let (kind, query, regex) = match &variable.kind {
        VariableKind::Query { query, regex } => ("query", query.text(), regex.clone()),
        VariableKind::Custom(list) => ("custom", join_list(list), None),
        VariableKind::Constant(value) => ("constant", value.clone(), None),
        VariableKind::Interval(list) => ("interval", list.join(","), None),
        VariableKind::Textbox(value) => ("textbox", value.clone(), None),
        VariableKind::Unsupported(kind) => (kind.as_str(), String::new(), None),
    };
    let all = variable.is_all();
    let text: Vec<&str> = variable
        .current
        .iter()
        .map(|v| if v == ALL_VALUE { ALL } else { v.as_str() })
        .collect();
    let current = if variable.multi {
        json!({"text": text, "value": variable.current})
    } else {
        json!({
            "text": text.first().copied().unwrap_or_default(),
            "value": variable.current.first().cloned().unwrap_or_default(),
        })
    };
    let mut options: Vec<Value> = variable
        .options
        .iter()
        .map(|o| json!({"text": o, "value": o, "selected": !all && variable.current.contains(o)}))
        .collect();
    if variable.include_all {
        options.insert(0, json!({"text": ALL, "value": ALL_VALUE, "selected": all}));
    }
    let mut written = Map::new();
    written.insert("name".into(), json!(variable.name));
    written.insert("type".into(), json!(kind));
    written.insert("query".into(), json!(query));
    if let Some(label) = &variable.label {
        written.insert("label".into(), json!(label));
    }
    if let Some(regex) = regex {
        written.insert("regex".into(), json!(regex));
    }
    written.insert("multi".into(), json!(variable.multi));
    written.insert("includeAll".into(), json!(variable.include_all));
    if let Some(all_value) = &variable.all_value {
        written.insert("allValue".into(), json!(all_value));
    }
    written.insert("hide".into(), json!(if variable.hidden { 2 } else { 0 }));
    written.insert("current".into(), current);
    written.insert("options".into(), Value::Array(options));
    Value::Object(written)
}

/// A custom variable's values as its query: commas inside a value escaped.
fn join_list(list: &[String]) -> String {
    list.iter()
        .map(|v| v.replace(',', "\\,"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::grafana::import::import_grafana;

    #[test]
    fn a_querys_own_reference_is_kept_and_written_back() {
        let board = import_grafana(
            r#"{"title": "Refs", "panels": [{"type": "timeseries", "title": "Two",
                 "targets": [{"expr": "up", "refId": "requests"}, {"expr": "up * 2"},
                             {"expr": "up * 3", "refId": "C"}]}]}"#,
        )
        .expect("imports");
        let panel = board.panels().next().expect("a panel");
        let references: Vec<String> = panel
            .queries
            .iter()
            .enumerate()
            .map(|(i, q)| q.reference(i))
            .collect();
        assert_eq!(references, ["requests", "B", "C"]);
        let written = export_grafana(&board);
        let targets = &written["panels"][0]["targets"];
        assert_eq!(
            [
                &targets[0]["refId"],
                &targets[1]["refId"],
                &targets[2]["refId"]
            ],
            ["requests", "B", "C"]
        );
    }

    #[test]
    fn import_export_import_gives_the_same_board() {
        let text = r#"{"title": "Round", "templating": {"list": [
                {"name": "job", "type": "query", "query": "label_values(up, job)", "regex": "/(.*)-prod/",
                 "multi": true, "includeAll": true, "allValue": ".*", "current": {"value": ["api", "db"]},
                 "options": [{"text": "api", "value": "api"}, {"text": "db", "value": "db"}]},
                {"name": "topk", "type": "custom", "query": "5,1\\,000", "label": "How many"},
                {"name": "c", "type": "constant", "query": "x", "hide": 2}
            ]}, "panels": [
                {"type": "stat", "title": "top", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 3},
                 "targets": [{"expr": "sum(up)", "legendFormat": "{{job}}"}, {"expr": "up", "hide": true}]},
                {"type": "row", "title": "Folded", "collapsed": true, "gridPos": {"x": 0, "y": 3, "w": 24, "h": 1},
                 "panels": [{"type": "timeseries", "title": "t", "gridPos": {"x": 0, "y": 4, "w": 24, "h": 8},
                   "fieldConfig": {"defaults": {"unit": "s"}}, "timeShift": "7d", "timeFrom": "24h",
                   "targets": [{"expr": "rate(x[$__rate_interval])"}]}]},
                {"type": "row", "title": "Open", "gridPos": {"x": 0, "y": 12, "w": 24, "h": 1}},
                {"type": "text", "title": "note", "gridPos": {"x": 0, "y": 13, "w": 12, "h": 2},
                 "options": {"mode": "html", "content": "<b>On call</b>: $job"}},
                {"type": "news", "title": "feed", "gridPos": {"x": 12, "y": 13, "w": 12, "h": 2}}
            ]}"#;
        let first = import_grafana(text).expect("reads");
        let exported = export_grafana(&first).to_string();
        let second = import_grafana(&exported).expect("reads its own export");
        assert_eq!(first, second);
        assert_eq!(first.variables[1].options, ["5", "1,000"]);
        let note = &first.rows[2].panels[0].kind;
        assert_eq!(
            note,
            &PanelKind::Text(crate::board::text_panel::PanelText {
                mode: crate::board::text_panel::TextMode::Html,
                content: "<b>On call</b>: $job".into(),
            })
        );
        assert_eq!(
            first.rows[2].panels[1].kind,
            PanelKind::Unsupported("news".into())
        );
    }
}
