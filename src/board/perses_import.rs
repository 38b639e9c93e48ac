//! Reading a Perses dashboard (`kind: Dashboard`, as JSON) into a [`Board`]: its `Grid`
//! layouts as rows (a closed `collapse` folds the row), `TimeSeriesChart`, `StatChart`,
//! `GaugeChart` and `Table` panels with their `PrometheusTimeSeriesQuery` queries and
//! `seriesNameFormat`, and its variables: `PrometheusLabelValuesVariable`,
//! `PrometheusLabelNamesVariable`, `PrometheusPromQLVariable` (the values of its
//! `labelName` in the answer), `StaticListVariable` and text variables. Data sources are
//! ignored: every query goes to the connected instance.

use serde_json::{Map, Value};

use crate::board::{
    display::{PanelDisplay, ThresholdStep, Thresholds},
    json_fields::{array, error, object, optional_bool, optional_string, ImportError},
    model::{Board, GridPos, Panel, PanelKind, PanelQuery, Row, GRID_COLUMNS},
    text_panel::{PanelText, TextMode},
    variables::{Variable, VariableKind, VariableQuery},
};

/// Whether `json` looks like a Perses dashboard rather than a Grafana one.
pub fn is_perses(json: &Value) -> bool {
    json.get("kind").and_then(Value::as_str) == Some("Dashboard") && json.get("spec").is_some()
}

/// Reads a Perses dashboard from its JSON.
///
/// # Errors
/// Where a field has the wrong type or a layout refers to no panel.
pub fn import_perses(json: &Value) -> Result<Board, ImportError> {
    let root = object(json, "$")?;
    let spec_value = root
        .get("spec")
        .ok_or_else(|| error("$", "a Perses dashboard needs a \"spec\""))?;
    let spec = object(spec_value, "$.spec")?;
    let title = spec
        .get("display")
        .and_then(|d| d.get("name"))
        .and_then(Value::as_str)
        .or_else(|| {
            root.get("metadata")
                .and_then(|m| m.get("name"))
                .and_then(Value::as_str)
        })
        .unwrap_or("Imported dashboard")
        .to_owned();
    let variables = match spec.get("variables").filter(|v| !v.is_null()) {
        None => Vec::new(),
        Some(list) => array(list, "$.spec.variables")?
            .iter()
            .enumerate()
            .map(|(i, v)| variable(v, &format!("$.spec.variables[{i}]")))
            .collect::<Result<_, _>>()?,
    };
    let panels = match spec.get("panels").filter(|v| !v.is_null()) {
        None => Map::new(),
        Some(panels) => object(panels, "$.spec.panels")?.clone(),
    };
    let mut rows = Vec::new();
    if let Some(layouts) = spec.get("layouts").filter(|v| !v.is_null()) {
        for (i, layout) in array(layouts, "$.spec.layouts")?.iter().enumerate() {
            let at = format!("$.spec.layouts[{i}]");
            rows.push(grid(layout, &at, &panels)?);
        }
    }
    Ok(Board {
        title,
        variables,
        rows,
    })
}

/// A `Grid` layout as a row of panels.
fn grid(layout: &Value, path: &str, panels: &Map<String, Value>) -> Result<Row, ImportError> {
    let fields = object(layout, path)?;
    let kind = optional_string(fields, "kind", path)?.unwrap_or_default();
    if kind != "Grid" {
        return Err(error(
            &format!("{path}.kind"),
            format!("a {kind:?} layout is not read; only Grid"),
        ));
    }
    let spec_path = format!("{path}.spec");
    let spec = object(
        fields
            .get("spec")
            .ok_or_else(|| error(path, "a layout needs a \"spec\""))?,
        &spec_path,
    )?;
    let display = spec.get("display");
    let title = display
        .and_then(|d| d.get("title"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let collapsed = display
        .and_then(|d| d.get("collapse"))
        .and_then(|c| c.get("open"))
        .and_then(Value::as_bool)
        .is_some_and(|open| !open);
    let mut row = Row {
        title,
        collapsed,
        panels: Vec::new(),
        repeat: None,
    };
    let items = match spec.get("items").filter(|v| !v.is_null()) {
        None => &[][..],
        Some(items) => array(items, &format!("{spec_path}.items"))?,
    };
    for (i, item) in items.iter().enumerate() {
        let at = format!("{spec_path}.items[{i}]");
        let item = object(item, &at)?;
        let number = |key: &str| {
            item.get(key)
                .and_then(Value::as_f64)
                .map(|n| n.max(0.0).round() as u32)
                .ok_or_else(|| error(&format!("{at}.{key}"), "expected a number"))
        };
        let reference = item
            .get("content")
            .and_then(|c| c.get("$ref"))
            .and_then(Value::as_str)
            .ok_or_else(|| error(&format!("{at}.content"), "expected a {\"$ref\": …}"))?;
        let name = reference
            .strip_prefix("#/spec/panels/")
            .ok_or_else(|| error(&format!("{at}.content.$ref"), "not a panel reference"))?;
        let panel_value = panels.get(name).ok_or_else(|| {
            error(
                &format!("{at}.content.$ref"),
                format!("no panel {name:?} in $.spec.panels"),
            )
        })?;
        let w = number("width")?.clamp(1, GRID_COLUMNS);
        let grid = GridPos {
            x: number("x")?.min(GRID_COLUMNS - w),
            y: number("y")?,
            w,
            h: number("height")?.max(1),
        };
        row.panels
            .push(panel(panel_value, &format!("$.spec.panels.{name}"), grid)?);
    }
    Ok(row)
}

fn panel(value: &Value, path: &str, grid: GridPos) -> Result<Panel, ImportError> {
    let fields = object(value, path)?;
    let spec = fields
        .get("spec")
        .ok_or_else(|| error(path, "a panel needs a \"spec\""))?;
    let spec_path = format!("{path}.spec");
    let spec = object(spec, &spec_path)?;
    let plugin = spec.get("plugin");
    let kind_name = plugin
        .and_then(|p| p.get("kind"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            error(
                &format!("{spec_path}.plugin"),
                "a panel needs a plugin kind",
            )
        })?;
    let kind = match kind_name {
        "TimeSeriesChart" => PanelKind::TimeSeries,
        "StatChart" => PanelKind::Stat,
        "GaugeChart" => PanelKind::Gauge,
        "Table" => PanelKind::Table,
        "Markdown" => PanelKind::Text(PanelText {
            mode: TextMode::Markdown,
            content: plugin
                .and_then(|p| p.get("spec"))
                .and_then(|s| s.get("text"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        }),
        other => PanelKind::Unsupported(other.to_owned()),
    };
    let mut queries = Vec::new();
    if let Some(list) = spec.get("queries").filter(|v| !v.is_null()) {
        let at = format!("{spec_path}.queries");
        for (i, query) in array(list, &at)?.iter().enumerate() {
            let plugin = query.get("spec").and_then(|s| s.get("plugin"));
            let query_kind = plugin.and_then(|p| p.get("kind")).and_then(Value::as_str);
            if query_kind != Some("PrometheusTimeSeriesQuery") {
                continue;
            }
            let query_spec = plugin.and_then(|p| p.get("spec"));
            let expr = query_spec
                .and_then(|s| s.get("query"))
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    error(
                        &format!("{at}[{i}].spec.plugin.spec.query"),
                        "expected a string",
                    )
                })?;
            queries.push(PanelQuery {
                expr: expr.to_owned(),
                legend: query_spec
                    .and_then(|s| s.get("seriesNameFormat"))
                    .and_then(Value::as_str)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
                ..PanelQuery::default()
            });
        }
    }
    Ok(Panel {
        title: spec
            .get("display")
            .and_then(|d| d.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        kind,
        grid,
        queries,
        unit: plugin
            .and_then(|p| p.get("spec"))
            .and_then(|s| s.get("format"))
            .and_then(|f| f.get("unit"))
            .and_then(Value::as_str)
            .map(grafana_unit),
        time_shift_s: None,
        time_from_s: None,
        time_variables: None,
        display: Box::new(
            plugin
                .and_then(|p| p.get("spec"))
                .map(perses_display)
                .unwrap_or_default(),
        ),
        repeat: None,
        transformations: Vec::new(),
    })
}

/// A Perses chart's display options, as its panel plugins read them: `calculation`,
/// `format.decimalPlaces`, `thresholds` (`steps`, `defaultColor`, `mode`), a gauge's `max`,
/// and a stat's `sparkline`.
fn perses_display(spec: &Value) -> PanelDisplay {
    let mut display = PanelDisplay::default();
    if let Some(calculation) = spec.get("calculation").and_then(Value::as_str) {
        display.calc = match calculation {
            "last-number" => "lastNotNull",
            "first-number" => "firstNotNull",
            other => other,
        }
        .to_owned();
    }
    display.decimals = spec
        .get("format")
        .and_then(|f| f.get("decimalPlaces"))
        .and_then(Value::as_i64)
        .and_then(|d| i32::try_from(d).ok());
    display.max = spec.get("max").and_then(Value::as_f64);
    display.sparkline = spec.get("sparkline").is_some_and(|s| !s.is_null());
    if let Some(thresholds) = spec.get("thresholds") {
        let base = thresholds
            .get("defaultColor")
            .and_then(Value::as_str)
            .unwrap_or("green")
            .to_owned();
        let mut steps = vec![ThresholdStep {
            value: None,
            color: base,
        }];
        for (i, step) in thresholds
            .get("steps")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            steps.push(ThresholdStep {
                value: step.get("value").and_then(Value::as_f64),
                // Perses's palette for steps without a colour.
                color: step.get("color").and_then(Value::as_str).map_or_else(
                    || ["orange", "red", "purple"][i % 3].to_owned(),
                    str::to_owned,
                ),
            });
        }
        display.thresholds = Thresholds {
            percentage: thresholds.get("mode").and_then(Value::as_str) == Some("percent"),
            steps,
        };
    }
    display
}

/// A Perses unit as the Grafana unit name boards keep.
fn grafana_unit(unit: &str) -> String {
    match unit {
        "seconds" => "s",
        "bytes" => "bytes",
        "percent" => "percent",
        "percent-decimal" => "percentunit",
        other => other,
    }
    .to_owned()
}

fn variable(value: &Value, path: &str) -> Result<Variable, ImportError> {
    let fields = object(value, path)?;
    let kind_name = optional_string(fields, "kind", path)?.unwrap_or_default();
    let spec_path = format!("{path}.spec");
    let spec = object(
        fields
            .get("spec")
            .ok_or_else(|| error(path, "a variable needs a \"spec\""))?,
        &spec_path,
    )?;
    let name = optional_string(spec, "name", &spec_path)?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| error(&spec_path, "a variable needs a \"name\""))?;
    let display = spec.get("display");
    let mut variable = Variable {
        name,
        label: display
            .and_then(|d| d.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        hidden: display
            .and_then(|d| d.get("hidden"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        multi: optional_bool(spec, "allowMultiple", &spec_path)?.unwrap_or(false),
        include_all: optional_bool(spec, "allowAllValue", &spec_path)?.unwrap_or(false),
        all_value: optional_string(spec, "customAllValue", &spec_path)?,
        ..Variable::default()
    };
    if kind_name == "TextVariable" {
        let value = optional_string(spec, "value", &spec_path)?.unwrap_or_default();
        let constant = optional_bool(spec, "constant", &spec_path)?.unwrap_or(false);
        variable.kind = if constant {
            VariableKind::Constant(value.clone())
        } else {
            VariableKind::Textbox(value.clone())
        };
        variable.offer(vec![value]);
        return Ok(variable);
    }
    let plugin = spec.get("plugin");
    let plugin_kind = plugin
        .and_then(|p| p.get("kind"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let plugin_spec = plugin.and_then(|p| p.get("spec"));
    let text = |key: &str| {
        plugin_spec
            .and_then(|s| s.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let first_matcher = plugin_spec
        .and_then(|s| s.get("matchers"))
        .and_then(Value::as_array)
        .and_then(|m| m.first())
        .and_then(Value::as_str)
        .map(str::to_owned);
    // Perses's `capturingRegexp` keeps the first group of each value, as Grafana's regex.
    let capturing = optional_string(spec, "capturingRegexp", &spec_path)?.map(|r| format!("/{r}/"));
    variable.kind = match plugin_kind {
        "PrometheusLabelValuesVariable" => match text("labelName") {
            Some(label) => VariableKind::Query {
                query: VariableQuery::LabelValues {
                    label,
                    selector: first_matcher,
                },
                regex: capturing,
            },
            None => VariableKind::Unsupported(plugin_kind.to_owned()),
        },
        "PrometheusLabelNamesVariable" => VariableKind::Query {
            query: VariableQuery::LabelNames {
                selector: first_matcher,
            },
            regex: capturing,
        },
        // The values of `labelName` in the answer: the query's lines, `name{…} value time`,
        // with the label's value picked out as Grafana users do with `query_result`.
        "PrometheusPromQLVariable" => match (text("expr"), text("labelName")) {
            (Some(expr), Some(label)) => VariableKind::Query {
                query: VariableQuery::QueryResult(expr),
                regex: Some(format!("/[{{ ]{label}=\"([^\"]*)\"/")),
            },
            _ => VariableKind::Unsupported(plugin_kind.to_owned()),
        },
        "StaticListVariable" => {
            let values: Vec<String> = plugin_spec
                .and_then(|s| s.get("values"))
                .and_then(Value::as_array)
                .map(|values| {
                    values
                        .iter()
                        .filter_map(|v| {
                            v.as_str()
                                .or_else(|| v.get("value").and_then(Value::as_str))
                                .map(str::to_owned)
                        })
                        .collect()
                })
                .unwrap_or_default();
            variable.offer(values.clone());
            VariableKind::Custom(values)
        }
        other => VariableKind::Unsupported(other.to_owned()),
    };
    Ok(variable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perses_dashboard_reads_into_rows_panels_and_variables() {
        let json: Value = serde_json::from_str(
            r##"{"kind": "Dashboard", "metadata": {"name": "m"}, "spec": {
              "display": {"name": "Shown"},
              "variables": [
                {"kind": "ListVariable", "spec": {"name": "job", "allowMultiple": true, "allowAllValue": true,
                  "customAllValue": ".*",
                  "plugin": {"kind": "PrometheusLabelValuesVariable", "spec": {"labelName": "job", "matchers": ["up"]}}}},
                {"kind": "ListVariable", "spec": {"name": "pod",
                  "plugin": {"kind": "PrometheusPromQLVariable", "spec": {"expr": "group by (pod) (x)", "labelName": "pod"}}}},
                {"kind": "ListVariable", "spec": {"name": "step",
                  "plugin": {"kind": "StaticListVariable", "spec": {"values": ["1m", {"label": "5 m", "value": "5m"}]}}}},
                {"kind": "TextVariable", "spec": {"name": "t", "value": "v", "constant": true}},
                {"kind": "ListVariable", "spec": {"name": "ds",
                  "plugin": {"kind": "DatasourceVariable", "spec": {}}}}
              ],
              "panels": {
                "a": {"kind": "Panel", "spec": {"display": {"name": "A"},
                  "plugin": {"kind": "TimeSeriesChart", "spec": {}},
                  "queries": [{"kind": "TimeSeriesQuery", "spec": {"plugin": {"kind": "PrometheusTimeSeriesQuery",
                    "spec": {"query": "up{job=~\"$job\"}", "seriesNameFormat": "{{job}}"}}}}]}},
                "b": {"kind": "Panel", "spec": {"display": {"name": "B"}, "plugin": {"kind": "Markdown", "spec": {"text": "# Jobs"}}}},
                "c": {"kind": "Panel", "spec": {"display": {"name": "C"}, "plugin": {"kind": "PieChart", "spec": {}}}}
              },
              "layouts": [
                {"kind": "Grid", "spec": {"display": {"title": "Top", "collapse": {"open": false}},
                  "items": [{"x": 0, "y": 0, "width": 12, "height": 6, "content": {"$ref": "#/spec/panels/a"}},
                            {"x": 12, "y": 0, "width": 12, "height": 6, "content": {"$ref": "#/spec/panels/b"}},
                            {"x": 0, "y": 6, "width": 24, "height": 4, "content": {"$ref": "#/spec/panels/c"}}]}}
              ]}}"##,
        )
        .expect("JSON");
        assert!(is_perses(&json));
        let board = import_perses(&json).expect("reads");
        assert_eq!(board.title, "Shown");
        assert_eq!(board.rows.len(), 1);
        assert!(board.rows[0].collapsed);
        assert_eq!(board.rows[0].title.as_deref(), Some("Top"));
        let a = &board.rows[0].panels[0];
        assert_eq!(a.queries[0].legend.as_deref(), Some("{{job}}"));
        assert_eq!(
            a.grid,
            GridPos {
                x: 0,
                y: 0,
                w: 12,
                h: 6
            }
        );
        assert_eq!(
            board.rows[0].panels[1].kind,
            PanelKind::Text(PanelText {
                mode: TextMode::Markdown,
                content: "# Jobs".into()
            })
        );
        assert_eq!(
            board.rows[0].panels[2].kind,
            PanelKind::Unsupported("PieChart".into())
        );
        let kinds: Vec<&VariableKind> = board.variables.iter().map(|v| &v.kind).collect();
        assert!(matches!(
            kinds[0],
            VariableKind::Query {
                query: VariableQuery::LabelValues { .. },
                ..
            }
        ));
        assert!(matches!(
            kinds[1],
            VariableKind::Query {
                query: VariableQuery::QueryResult(_),
                regex: Some(_)
            }
        ));
        assert_eq!(board.variables[2].options, ["1m", "5m"]);
        assert_eq!(board.variables[3].current, ["v"]);
        assert!(matches!(kinds[4], VariableKind::Unsupported(_)));
        assert_eq!(board.variables[0].all_value.as_deref(), Some(".*"));
    }

    #[test]
    fn a_layout_pointing_nowhere_names_its_path() {
        let json: Value = serde_json::from_str(
            r##"{"kind": "Dashboard", "spec": {"panels": {}, "layouts": [
                {"kind": "Grid", "spec": {"items": [{"x": 0, "y": 0, "width": 1, "height": 1,
                  "content": {"$ref": "#/spec/panels/gone"}}]}}]}}"##,
        )
        .expect("JSON");
        let e = import_perses(&json).expect_err("a dangling reference");
        assert_eq!(
            e.to_string(),
            "$.spec.layouts[0].spec.items[0].content.$ref: no panel \"gone\" in $.spec.panels"
        );
    }
}
