//! Reading a Grafana dashboard (the classic JSON model, as exported from Grafana or
//! shipped by exporters) into a [`Board`]: its panels on the 24-column grid, rows (folded
//! or not, with the panels nested in them), queries with their legend formats, units and
//! time shifts, and its template variables. Data source references are ignored: every
//! query goes to the connected instance. A malformed file gets an error naming the JSON
//! path of what is wrong.

use serde_json::{Map, Value};

use crate::board::{
    grafana::display::{panel_display, singlestat_is_gauge},
    grafana::migrate::upgrade_rows,
    grafana::transformations,
    json_fields::{array, error, object, optional_bool, optional_string, ImportError},
    model::{Board, GridPos, Panel, PanelKind, PanelQuery, Row, TimeVariables, GRID_COLUMNS},
    repeat::Repeat,
    text_panel::{PanelText, TextMode},
    variables::{Variable, VariableKind, VariableQuery, ALL_VALUE},
};

/// Reads a Grafana dashboard from its JSON text (the dashboard itself, or the API's
/// `{"dashboard": {...}}`).
///
/// # Errors
/// Where the text is not JSON, or a field has the wrong type.
pub fn import_grafana(text: &str) -> Result<Board, ImportError> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        error(
            "$",
            format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    let (dashboard, path) = match root.get("dashboard") {
        Some(inner) if inner.is_object() => (inner, "$.dashboard".to_owned()),
        _ => (&root, "$".to_owned()),
    };
    let dashboard = object(dashboard, &path)?;
    let title = optional_string(dashboard, "title", &path)?.unwrap_or_default();
    let variables = match dashboard.get("templating") {
        None | Some(Value::Null) => Vec::new(),
        Some(templating) => {
            let at = format!("{path}.templating");
            let templating = object(templating, &at)?;
            match templating.get("list") {
                None | Some(Value::Null) => Vec::new(),
                Some(list) => {
                    let at = format!("{at}.list");
                    array(list, &at)?
                        .iter()
                        .enumerate()
                        .map(|(i, v)| variable(v, &format!("{at}[{i}]")))
                        .collect::<Result<_, _>>()?
                }
            }
        }
    };
    let mut variables = variables;
    let inputs = root.get("__inputs").or_else(|| dashboard.get("__inputs"));
    variables.extend(constant_inputs(inputs, &variables));
    // A dashboard of Grafana's old model keeps its panels in `rows`; Grafana migrates them
    // to the grid when it loads the dashboard, and so does this.
    let migrated = match dashboard.get("panels") {
        None | Some(Value::Null) => upgrade_rows(dashboard),
        Some(Value::Array(list)) if list.is_empty() => upgrade_rows(dashboard),
        _ => None,
    };
    let rows = match &migrated {
        Some(panels) => rows(panels, &format!("{path}.rows"))?,
        None => {
            let panels = match dashboard.get("panels") {
                None | Some(Value::Null) => &[][..],
                Some(panels) => array(panels, &format!("{path}.panels"))?,
            };
            rows(panels, &format!("{path}.panels"))?
        }
    };
    Ok(Board {
        title: if title.is_empty() {
            "Imported dashboard".to_owned()
        } else {
            title
        },
        variables,
        rows,
    })
}

/// The constants an exported board asks for when it is imported (`__inputs` of type
/// `constant`, used as `${VAR_…}`), each as a hidden constant variable holding the value
/// the export suggests, as Grafana's import form fills it in. A variable of the same name
/// the board has already wins.
fn constant_inputs(inputs: Option<&Value>, variables: &[Variable]) -> Vec<Variable> {
    inputs
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|input| input.get("type").and_then(Value::as_str) == Some("constant"))
        .filter_map(|input| {
            let name = input.get("name")?.as_str()?.to_owned();
            if name.is_empty() || variables.iter().any(|v| v.name == name) {
                return None;
            }
            let value = match input.get("value") {
                Some(Value::String(text)) => text.clone(),
                Some(Value::Number(number)) => number.to_string(),
                _ => String::new(),
            };
            Some(Variable {
                name,
                label: input
                    .get("label")
                    .and_then(Value::as_str)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
                kind: VariableKind::Constant(value.clone()),
                multi: false,
                include_all: false,
                all_value: None,
                hidden: true,
                options: vec![value.clone()],
                current: vec![value],
            })
        })
        .collect()
}

/// The top-level panels grouped into rows: a `row` panel starts one; a folded row holds its
/// panels inside it, an open one the panels that follow it.
fn rows(panels: &[Value], path: &str) -> Result<Vec<Row>, ImportError> {
    let mut rows = vec![Row::default()];
    let mut bottom = 0;
    for (i, value) in panels.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let fields = object(value, &at)?;
        if optional_string(fields, "type", &at)?.as_deref() == Some("row") {
            let collapsed = optional_bool(fields, "collapsed", &at)?.unwrap_or(false);
            let mut row = Row {
                title: Some(optional_string(fields, "title", &at)?.unwrap_or_default()),
                collapsed,
                panels: Vec::new(),
                repeat: optional_string(fields, "repeat", &at)?.filter(|r| !r.is_empty()),
            };
            if let Some(nested) = fields.get("panels").filter(|v| !v.is_null()) {
                let nested_at = format!("{at}.panels");
                for (j, value) in array(nested, &nested_at)?.iter().enumerate() {
                    row.panels
                        .push(panel(value, &format!("{nested_at}[{j}]"), &mut bottom)?);
                }
            }
            rows.push(row);
            // Grafana's grid is flat: a panel after a folded row is not in it, and shows.
            if collapsed {
                rows.push(Row::default());
            }
        } else {
            let panel = panel(value, &at, &mut bottom)?;
            if let Some(row) = rows.last_mut() {
                row.panels.push(panel);
            }
        }
    }
    rows.retain(|r| r.title.is_some() || !r.panels.is_empty());
    Ok(rows)
}

/// One panel; `bottom` is the lowest grid row used so far, where a panel without a
/// position goes.
fn panel(value: &Value, path: &str, bottom: &mut u32) -> Result<Panel, ImportError> {
    // Grafana migrates its table from before version 7 when it loads the board.
    let upgraded = crate::board::grafana::old_table::upgrade_old_table(value);
    let value = upgraded.as_ref().unwrap_or(value);
    let fields = object(value, path)?;
    let kind = match (
        optional_string(fields, "type", path)?,
        fields.get("libraryPanel"),
    ) {
        (_, Some(_)) => PanelKind::Unsupported("library panel".to_owned()),
        (Some(kind), None) if kind == "text" => PanelKind::Text(text(fields, path)?),
        (Some(_), None) if singlestat_is_gauge(fields) => PanelKind::Gauge,
        (Some(kind), None) => PanelKind::from_grafana(&kind),
        (None, None) => return Err(error(path, "a panel needs a \"type\"")),
    };
    let grid = match fields.get("gridPos").filter(|v| !v.is_null()) {
        Some(grid) => grid_pos(grid, &format!("{path}.gridPos"))?,
        // Grafana puts a panel without a position below the others, half the width.
        None => GridPos {
            x: 0,
            y: *bottom,
            w: GRID_COLUMNS / 2,
            h: 8,
        },
    };
    *bottom = (*bottom).max(grid.y + grid.h);
    let queries = match fields.get("targets").filter(|v| !v.is_null()) {
        None => Vec::new(),
        Some(targets) => {
            let at = format!("{path}.targets");
            let mut queries = Vec::new();
            for (i, target) in array(targets, &at)?.iter().enumerate() {
                let at = format!("{at}[{i}]");
                let target = object(target, &at)?;
                let Some(expr) = optional_string(target, "expr", &at)? else {
                    continue;
                };
                let legend = optional_string(target, "legendFormat", &at)?
                    .filter(|l| !l.is_empty() && l != "__auto");
                // A target asks for a range unless it is instant only (`range: false`).
                let instant = optional_bool(target, "instant", &at)?.unwrap_or(false)
                    && !optional_bool(target, "range", &at)?.unwrap_or(false);
                queries.push(PanelQuery {
                    expr,
                    legend,
                    hidden: optional_bool(target, "hide", &at)?.unwrap_or(false),
                    interval: optional_string(target, "interval", &at)?.filter(|i| !i.is_empty()),
                    instant,
                    table: optional_string(target, "format", &at)?.as_deref() == Some("table"),
                    // Kept where it is not the letter Grafana gives the query by its place
                    // (`A`, `B`, …), which is what a query without one is known by.
                    ref_id: optional_string(target, "refId", &at)?.filter(|given| {
                        !given.is_empty()
                            && *given != PanelQuery::default().reference(queries.len())
                    }),
                });
            }
            queries
        }
    };
    Ok(Panel {
        title: optional_string(fields, "title", path)?.unwrap_or_default(),
        kind,
        grid,
        queries,
        unit: unit(fields),
        time_shift_s: optional_string(fields, "timeShift", path)?
            .as_deref()
            .and_then(shift_seconds),
        time_from_s: optional_string(fields, "timeFrom", path)?
            .as_deref()
            .and_then(shift_seconds),
        time_variables: time_variables(fields, path)?,
        display: Box::new(panel_display(fields)),
        transformations: transformations::read(fields),
        repeat: optional_string(fields, "repeat", path)?
            .filter(|r| !r.is_empty())
            .map(|variable| Repeat {
                variable: variable.trim_start_matches('$').to_owned(),
                vertical: fields.get("repeatDirection").and_then(Value::as_str) == Some("v"),
                max_per_row: fields
                    .get("maxPerRow")
                    .and_then(Value::as_u64)
                    .and_then(|m| u32::try_from(m).ok()),
            }),
    })
}

/// A text panel's content and mode: `options.content` and `options.mode` since Grafana 7,
/// `content` and `mode` on the panel before.
fn text(fields: &Map<String, Value>, path: &str) -> Result<PanelText, ImportError> {
    let (fields, path) = match fields.get("options").filter(|o| o.get("content").is_some()) {
        Some(options) => {
            let at = format!("{path}.options");
            (object(options, &at)?, at)
        }
        None => (fields, path.to_owned()),
    };
    Ok(PanelText {
        mode: TextMode::from_grafana(&optional_string(fields, "mode", &path)?.unwrap_or_default()),
        content: optional_string(fields, "content", &path)?.unwrap_or_default(),
    })
}

/// The panel's unit: `fieldConfig.defaults.unit` (`none` kept: a text field under it reads as a
/// number, as Grafana reads it), or the older `yaxes[0].format` and
/// `format`.
fn unit(fields: &Map<String, Value>) -> Option<String> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    text(
        fields
            .get("fieldConfig")
            .and_then(|c| c.get("defaults"))
            .and_then(|d| d.get("unit")),
    )
    .or_else(|| {
        text(
            fields
                .get("yaxes")
                .and_then(|a| a.get(0))
                .and_then(|a| a.get("format")),
        )
    })
    .or_else(|| text(fields.get("format")))
    .filter(|u| !u.is_empty())
}

/// `timeFrom` and `timeShift` where either names a variable, as written.
fn time_variables(
    fields: &Map<String, Value>,
    path: &str,
) -> Result<Option<TimeVariables>, ImportError> {
    let with_variable = |key: &str| -> Result<Option<String>, ImportError> {
        Ok(optional_string(fields, key, path)?.filter(|text| text.contains('$')))
    };
    let (from, shift) = (with_variable("timeFrom")?, with_variable("timeShift")?);
    Ok((from.is_some() || shift.is_some()).then_some(TimeVariables { from, shift }))
}

/// A Grafana time shift (`1d`, `7d`, `24h`, `30m`) in seconds.
pub fn shift_seconds(text: &str) -> Option<u64> {
    let text = text.trim().trim_start_matches("now-");
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    };
    Some(number * unit)
}

fn grid_pos(value: &Value, path: &str) -> Result<GridPos, ImportError> {
    let fields = object(value, path)?;
    let number = |key: &str, default: u32| -> Result<u32, ImportError> {
        match fields.get(key) {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Number(n)) => n
                .as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                // Some exports hold fractions (`"y": 22.2`); Grafana rounds them.
                .map(|f| f.round() as u32)
                .ok_or_else(|| error(&format!("{path}.{key}"), "not a position")),
            Some(_) => Err(error(&format!("{path}.{key}"), "expected a number")),
        }
    };
    let w = number("w", GRID_COLUMNS / 2)?.clamp(1, GRID_COLUMNS);
    Ok(GridPos {
        x: number("x", 0)?.min(GRID_COLUMNS - w),
        y: number("y", 0)?,
        w,
        h: number("h", 8)?.max(1),
    })
}

fn variable(value: &Value, path: &str) -> Result<Variable, ImportError> {
    let fields = object(value, path)?;
    let name = optional_string(fields, "name", path)?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| error(path, "a variable needs a \"name\""))?;
    let kind_name = optional_string(fields, "type", path)?.unwrap_or_else(|| "query".into());
    // The query is a string, or (Grafana 9 on) an object holding it.
    let query = match fields.get("query") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("query")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        Some(_) => {
            return Err(error(
                &format!("{path}.query"),
                "expected a string or an object",
            ))
        }
    };
    let options = options(fields, &format!("{path}.options"))?;
    let regex = optional_string(fields, "regex", path)?.filter(|r| !r.is_empty());
    let kind = match kind_name.as_str() {
        "query" => match VariableQuery::parse(&query) {
            Ok(query) => VariableKind::Query { query, regex },
            Err(_) => VariableKind::Unsupported(format!("query {query:?}")),
        },
        "custom" => VariableKind::Custom(if options.is_empty() {
            split_list(&query)
        } else {
            options.clone()
        }),
        "constant" => VariableKind::Constant(query.clone()),
        "textbox" => VariableKind::Textbox(query.clone()),
        "interval" => VariableKind::Interval(
            split_list(&query)
                .into_iter()
                .filter(|i| i != "auto")
                .collect(),
        ),
        other => VariableKind::Unsupported(other.to_owned()),
    };
    let current = current(fields.get("current"), &format!("{path}.current"))?;
    let mut variable = Variable {
        name,
        label: optional_string(fields, "label", path)?.filter(|l| !l.is_empty()),
        multi: optional_bool(fields, "multi", path)?.unwrap_or(false),
        include_all: optional_bool(fields, "includeAll", path)?.unwrap_or(false),
        all_value: optional_string(fields, "allValue", path)?.filter(|a| !a.is_empty()),
        // A data source variable picks among data sources; fedview has one, the instance.
        hidden: fields.get("hide").and_then(Value::as_u64) == Some(2) || kind_name == "datasource",
        options,
        current,
        kind,
    };
    // What is offered without asking the upstream is offered at once.
    let fixed = match &variable.kind {
        VariableKind::Custom(list) | VariableKind::Interval(list) => Some(list.clone()),
        VariableKind::Constant(value) | VariableKind::Textbox(value) => Some(vec![value.clone()]),
        _ => None,
    };
    if let Some(list) = fixed {
        variable.offer(list);
    }
    Ok(variable)
}

/// The option values a variable lists (`options[].value`).
fn options(fields: &Map<String, Value>, path: &str) -> Result<Vec<String>, ImportError> {
    match fields.get("options") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(list) => Ok(array(list, path)?
            .iter()
            .filter_map(|o| o.get("value").and_then(Value::as_str))
            .filter(|v| *v != ALL_VALUE)
            .map(str::to_owned)
            .collect()),
    }
}

/// The picked values: `current.value`, a string or a list.
fn current(value: Option<&Value>, path: &str) -> Result<Vec<String>, ImportError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let fields = object(value, path)?;
    let all = |s: &str| {
        if s == ALL_VALUE || s == "All" && fields.get("text").and_then(Value::as_str) == Some("All")
        {
            ALL_VALUE.to_owned()
        } else {
            s.to_owned()
        }
    };
    Ok(match fields.get("value") {
        Some(Value::String(s)) if !s.is_empty() => vec![all(s)],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).map(all).collect(),
        _ => Vec::new(),
    })
}

/// A comma-separated list as Grafana's `custom` and `interval` write them (`\,` keeps a
/// comma; `text : value` gives the value).
fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                item.push(',');
                chars.next();
            }
            ',' => items.push(std::mem::take(&mut item)),
            _ => item.push(c),
        }
    }
    items.push(item);
    items
        .into_iter()
        .map(|i| {
            let i = i.trim();
            i.split_once(" : ").map_or(i, |(_, value)| value).to_owned()
        })
        .filter(|i| !i.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_the_export_asks_for_stand_in_their_queries() {
        // As Grafana exports a board with a constant: `__inputs` beside the dashboard's
        // own fields, and `${VAR_…}` in the queries.
        let board = import_grafana(
            r#"{"__inputs": [
                  {"name": "DS_PROMETHEUS", "type": "datasource", "pluginId": "prometheus"},
                  {"name": "VAR_JOB", "type": "constant", "label": "job", "value": "node", "description": ""}],
                "title": "T", "panels": [
                {"type": "stat", "title": "up", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 3},
                 "targets": [{"expr": "up{job=\"${VAR_JOB}\"}"}]}]}"#,
        )
        .expect("reads");
        let constant = board
            .variables
            .iter()
            .find(|v| v.name == "VAR_JOB")
            .expect("the constant is a variable");
        assert_eq!(constant.kind, VariableKind::Constant("node".into()));
        assert!(constant.hidden, "Grafana shows no dropdown for a constant");
        assert_eq!(constant.current, ["node"]);
        assert!(board.variables.iter().all(|v| v.name != "DS_PROMETHEUS"));
        let query = &board.panels().next().expect("a panel").queries[0].expr;
        let time = crate::board::interpolate::TimeScope {
            range_ms: 3_600_000,
            interval_ms: 15_000,
            scrape_ms: 15_000,
        };
        let substituted = crate::board::interpolate::interpolate(query, &board.variables, time);
        assert_eq!(substituted, "up{job=\"node\"}");
    }

    #[test]
    fn rows_hold_their_panels_folded_or_not() {
        let board = import_grafana(
            r#"{"title": "T", "panels": [
                {"type": "stat", "title": "top", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 3},
                 "targets": [{"expr": "up", "legendFormat": "{{job}}"}]},
                {"type": "row", "title": "Open", "collapsed": false, "gridPos": {"x": 0, "y": 3, "w": 24, "h": 1}},
                {"type": "graph", "title": "g", "gridPos": {"x": 0, "y": 4, "w": 12, "h": 7},
                 "yaxes": [{"format": "bytes"}], "timeShift": "1d"},
                {"type": "row", "title": "Folded", "collapsed": true, "gridPos": {"x": 0, "y": 11, "w": 24, "h": 1},
                 "panels": [{"type": "text", "gridPos": {"x": 0, "y": 12, "w": 24, "h": 2},
                   "mode": "html", "content": "<h3>Old style</h3>"}]}
            ]}"#,
        )
        .expect("reads");
        let rows: Vec<(Option<&str>, bool, Vec<&str>)> = board
            .rows
            .iter()
            .map(|r| {
                (
                    r.title.as_deref(),
                    r.collapsed,
                    r.panels.iter().map(|p| p.kind.grafana_type()).collect(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (None, false, vec!["stat"]),
                (Some("Open"), false, vec!["timeseries"]),
                (Some("Folded"), true, vec!["text"]),
            ]
        );
        let graph = &board.rows[1].panels[0];
        assert_eq!(graph.unit.as_deref(), Some("bytes"));
        assert_eq!(graph.time_shift_s, Some(86_400));
        assert_eq!(
            board.rows[0].panels[0].queries[0].legend.as_deref(),
            Some("{{job}}")
        );
        assert_eq!(
            board.rows[2].panels[0].kind,
            PanelKind::Text(PanelText {
                mode: TextMode::Html,
                content: "<h3>Old style</h3>".into()
            }),
            "a text panel from before Grafana 7 keeps its mode and content on the panel"
        );
    }

    #[test]
    fn a_panel_after_a_folded_row_is_not_folded_with_it() {
        // Grafana's `panels` is flat: a folded row holds its own `panels`, and a panel
        // listed after it at the top level is on the grid, drawn, whatever its place.
        let board = import_grafana(
            r#"{"title": "T", "panels": [
                {"type": "row", "title": "Folded", "collapsed": true, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
                 "panels": [{"type": "stat", "title": "inside", "gridPos": {"x": 0, "y": 1, "w": 6, "h": 3}}]},
                {"type": "text", "title": "after", "gridPos": {"x": 0, "y": 1, "w": 24, "h": 2},
                 "options": {"mode": "markdown", "content": "Still here"}}
            ]}"#,
        )
        .expect("reads");
        let shown: Vec<&str> = board
            .rows
            .iter()
            .filter(|r| !r.collapsed)
            .flat_map(|r| r.panels.iter().map(|p| p.title.as_str()))
            .collect();
        assert_eq!(shown, ["after"]);
        let folded: Vec<&str> = board
            .rows
            .iter()
            .filter(|r| r.collapsed)
            .flat_map(|r| r.panels.iter().map(|p| p.title.as_str()))
            .collect();
        assert_eq!(folded, ["inside"]);
    }

    #[test]
    fn a_row_keeps_the_variable_it_repeats_over() {
        let text = r#"{"title": "T", "panels": [
            {"type": "row", "title": "Disk $device", "repeat": "device", "collapsed": false,
             "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}},
            {"type": "stat", "title": "used", "gridPos": {"x": 0, "y": 1, "w": 6, "h": 3}}
        ]}"#;
        let board = import_grafana(text).expect("reads");
        assert_eq!(board.rows[0].repeat.as_deref(), Some("device"));
        let exported = crate::board::grafana::export::export_grafana(&board).to_string();
        assert_eq!(import_grafana(&exported).expect("reads its export"), board);
    }

    #[test]
    fn a_panel_without_a_position_goes_below_the_others() {
        let board = import_grafana(
            r#"{"panels": [
                {"type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 3}},
                {"type": "stat"},
                {"type": "stat", "gridPos": {"x": 30, "y": 1.6, "w": 40, "h": 2}}
            ]}"#,
        )
        .expect("reads");
        let grids: Vec<GridPos> = board.panels().map(|p| p.grid).collect();
        assert_eq!(
            grids[1],
            GridPos {
                x: 0,
                y: 3,
                w: 12,
                h: 8
            }
        );
        // Out of the grid: clamped into it; fractions rounded.
        assert_eq!(
            grids[2],
            GridPos {
                x: 0,
                y: 2,
                w: 24,
                h: 2
            }
        );
    }

    #[test]
    fn errors_name_the_json_path() {
        let cases = [
            ("[1]", "$: expected an object, found an array"),
            ("{\"panels\": {}}", "$.panels: expected an array, found an object"),
            (
                "{\"panels\": [{\"type\": \"stat\", \"gridPos\": {\"w\": \"wide\"}}]}",
                "$.panels[0].gridPos.w: expected a number",
            ),
            (
                "{\"templating\": {\"list\": [{\"type\": \"custom\"}]}}",
                "$.templating.list[0]: a variable needs a \"name\"",
            ),
            (
                "{\"dashboard\": {\"panels\": [{\"type\": \"row\", \"panels\": [{\"title\": 3, \"type\": \"stat\"}]}]}}",
                "$.dashboard.panels[0].panels[0].title: expected a string, found a number",
            ),
        ];
        for (text, want) in cases {
            let got = import_grafana(text).expect_err(text);
            assert_eq!(got.to_string(), want);
        }
        let broken = import_grafana("{\n  \"title\": }").expect_err("broken");
        assert!(broken.message.contains("line 2"), "{broken}");
    }

    #[test]
    fn variables_of_every_kind() {
        let board = import_grafana(
            r#"{"templating": {"list": [
                {"name": "ds", "type": "datasource", "query": "prometheus"},
                {"name": "job", "type": "query", "query": {"query": "label_values(up, job)", "refId": "A"},
                 "multi": true, "includeAll": true, "allValue": ".*", "current": {"text": "All", "value": ["$__all"]}},
                {"name": "topk", "type": "custom", "query": "5, 10,20", "current": {"text": "10", "value": "10"}},
                {"name": "pair", "type": "custom", "query": "a\\,b,Oslo : oslo"},
                {"name": "c", "type": "constant", "query": "x", "hide": 2},
                {"name": "step", "type": "interval", "query": "auto,1m,5m"},
                {"name": "t", "type": "textbox", "query": "hello"},
                {"name": "q", "type": "query", "query": "SHOW TAGS"}
            ]}}"#,
        )
        .expect("reads");
        let v = |name: &str| {
            board
                .variables
                .iter()
                .find(|v| v.name == name)
                .expect("the variable")
        };
        assert_eq!(v("ds").kind, VariableKind::Unsupported("datasource".into()));
        assert!(v("job").is_all());
        assert_eq!(v("job").all_value.as_deref(), Some(".*"));
        assert_eq!(v("topk").options, ["5", "10", "20"]);
        assert_eq!(v("topk").current, ["10"]);
        assert_eq!(v("pair").options, ["a,b", "oslo"]);
        assert!(v("c").hidden);
        assert_eq!(v("c").current, ["x"]);
        assert_eq!(v("step").options, ["1m", "5m"]);
        assert_eq!(v("t").current, ["hello"]);
        assert!(matches!(v("q").kind, VariableKind::Unsupported(_)));
    }
}
