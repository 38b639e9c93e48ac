//! Grafana's migration of its table from before version 7 (`table-old`, or a `table`
//! still holding `styles`) to today's table, as the table panel's
//! `tablePanelChangedHandler` does it when Grafana loads such a board: the old
//! `transform` becomes a transformation, the `/.*/` style the field defaults, and every
//! other style an override on the columns its `pattern` names (`/…/` a regular
//! expression), with the style's alias, unit, decimals, date format, colour mode, alignment
//! and thresholds. Read from Grafana's `public/app/plugins/panel/table/migrations.ts`.

use serde_json::{json, Map, Value};

/// The panel as Grafana's table after the migration, or `None` when it is not an old table.
pub fn upgrade_old_table(panel: &Value) -> Option<Value> {
    let fields = panel.as_object()?;
    let kind = fields.get("type")?.as_str()?;
    let old = kind == "table-old"
        || (kind == "table"
            && fields.get("styles").is_some_and(Value::is_array)
            && fields.get("fieldConfig").is_none());
    if !old {
        return None;
    }
    let styles: Vec<&Value> = fields
        .get("styles")
        .and_then(Value::as_array)
        .map(|s| s.iter().collect())
        .unwrap_or_default();
    let pattern = |style: &Value| {
        style
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let defaults = styles
        .iter()
        .find(|style| pattern(style).as_deref() == Some("/.*/"))
        .map_or_else(|| json!({"custom": {}}), defaults);
    let overrides: Vec<Value> = styles
        .iter()
        .filter(|style| pattern(style).as_deref() != Some("/.*/"))
        .map(style_override)
        .collect();
    let mut upgraded = fields.clone();
    upgraded.insert("type".into(), json!("table"));
    upgraded.insert(
        "fieldConfig".into(),
        json!({"defaults": defaults, "overrides": overrides}),
    );
    upgraded.insert(
        "transformations".into(),
        Value::Array(transformations(fields)),
    );
    for old_field in ["styles", "transform", "columns"] {
        upgraded.remove(old_field);
    }
    Some(Value::Object(upgraded))
}

/// The old `transform` (with its `columns`) as the panel's transformations, after any
/// it has.
fn transformations(fields: &Map<String, Value>) -> Vec<Value> {
    let mut list: Vec<Value> = fields
        .get("transformations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let transform = fields
        .get("transform")
        .and_then(Value::as_str)
        .unwrap_or("");
    let id = match transform {
        "timeseries_to_rows" => "seriesToRows",
        "timeseries_to_columns" => "seriesToColumns",
        "timeseries_aggregations" => "reduce",
        "table" => "merge",
        _ => return list,
    };
    let options = if transform == "timeseries_aggregations" {
        let reducers: Vec<Value> = fields
            .get("columns")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|column| {
                let reducer = match column.get("value").and_then(Value::as_str) {
                    Some("avg") => "mean",
                    Some("min") => "min",
                    Some("max") => "max",
                    Some("total") => "sum",
                    Some("current") => "lastNotNull",
                    Some("count") => "count",
                    _ => return Value::Null,
                };
                json!(reducer)
            })
            .collect();
        json!({"reducers": reducers, "includeTimeField": false})
    } else {
        json!({"reducers": []})
    };
    list.push(json!({"id": id, "options": options}));
    list
}

/// The old colour modes as today's cell types.
fn cell_type(color_mode: &str) -> Option<&'static str> {
    match color_mode {
        "cell" | "row" => Some("color-background"),
        "value" => Some("color-text"),
        _ => None,
    }
}

/// The style's thresholds (texts, as the old table kept them) with its colours, the
/// first from -∞ (written null, as JSON holds it); a text is read as `parseInt` reads it.
fn thresholds(style: &Value) -> Option<Value> {
    let limits = style.get("thresholds")?.as_array()?;
    if limits.is_empty() {
        return None;
    }
    let colors = style.get("colors").and_then(Value::as_array);
    let color = |i: usize| {
        colors
            .and_then(|c| c.get(i))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut steps = vec![json!({"color": color(0), "value": null})];
    for (i, limit) in limits.iter().enumerate() {
        let value = match limit {
            Value::Number(n) => json!(n),
            Value::String(text) => parse_int(text).map_or(Value::Null, |n| json!(n)),
            _ => Value::Null,
        };
        steps.push(json!({"color": color(i + 1), "value": value}));
    }
    Some(json!({"mode": "absolute", "steps": steps}))
}

/// JavaScript's `parseInt(text, 10)`: the whole number the text starts with.
fn parse_int(text: &str) -> Option<i64> {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().ok().map(|n| sign * n)
}

/// The alignment Grafana keeps (`auto` is no setting).
fn align(style: &Value) -> Option<Value> {
    match style.get("align")?.as_str()? {
        "auto" => Some(Value::Null),
        other => Some(json!(other)),
    }
}

/// The `/.*/` style as the field defaults.
fn defaults(style: &&Value) -> Value {
    let mut defaults = Map::new();
    for (key, field) in [
        ("unit", "unit"),
        ("decimals", "decimals"),
        ("alias", "displayName"),
    ] {
        if let Some(value) = style.get(key).filter(|v| !v.is_null()) {
            defaults.insert(field.into(), value.clone());
        }
    }
    let mut custom = Map::new();
    if let Some(align) = align(style).filter(|a| !a.is_null()) {
        custom.insert("align".into(), align);
    }
    if let Some(kind) = style
        .get("colorMode")
        .and_then(Value::as_str)
        .and_then(cell_type)
    {
        custom.insert("cellOptions".into(), json!({"type": kind}));
    }
    defaults.insert("custom".into(), Value::Object(custom));
    if let Some(thresholds) = thresholds(style) {
        defaults.insert("thresholds".into(), thresholds);
    }
    Value::Object(defaults)
}

/// Any other style as an override of the columns its pattern names.
fn style_override(style: &&Value) -> Value {
    let pattern = style.get("pattern").and_then(Value::as_str).unwrap_or("");
    let regex = pattern.len() > 1 && pattern.starts_with('/') && pattern.ends_with('/');
    let mut properties = Vec::new();
    let text = |key: &str| {
        style
            .get(key)
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
    };
    if let Some(alias) = text("alias") {
        properties.push(json!({"id": "displayName", "value": alias}));
    }
    if let Some(unit) = text("unit") {
        properties.push(json!({"id": "unit", "value": unit}));
    }
    // `if (style.decimals)`: none and 0 are left out alike.
    if let Some(decimals) = style
        .get("decimals")
        .and_then(Value::as_f64)
        .filter(|d| *d != 0.0)
    {
        properties.push(json!({"id": "decimals", "value": decimals}));
    }
    if text("type") == Some("date") {
        let format = text("dateFormat").unwrap_or("");
        properties.push(json!({"id": "unit", "value": format!("time: {format}")}));
    }
    if let Some(kind) = text("colorMode").and_then(cell_type) {
        properties.push(json!({"id": "custom.cellOptions", "value": {"type": kind}}));
    }
    if let Some(align) = align(style) {
        properties.push(json!({"id": "custom.align", "value": align}));
    }
    if let Some(thresholds) = thresholds(style) {
        properties.push(json!({"id": "thresholds", "value": thresholds}));
    }
    json!({
        "matcher": {"id": if regex { "byRegexp" } else { "byName" }, "options": pattern},
        "properties": properties,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_table_becomes_todays_as_grafana_migrates_it() {
        let old = json!({
            "type": "table-old", "title": "Pods", "transform": "timeseries_aggregations",
            "columns": [{"text": "Current", "value": "current"}, {"text": "Avg", "value": "avg"}],
            "styles": [
                {"pattern": "/.*/", "unit": "short", "decimals": 2, "alias": "",
                 "thresholds": [], "colorMode": null, "align": "auto"},
                {"pattern": "Time", "type": "date", "dateFormat": "YYYY-MM-DD HH:mm:ss",
                 "alias": "When", "thresholds": []},
                {"pattern": "/cpu.*/", "unit": "percent", "decimals": 0, "colorMode": "cell",
                 "thresholds": ["50", "80.5"], "colors": ["green", "orange", "red"]}
            ]
        });
        let new = upgrade_old_table(&old).expect("an old table");
        assert_eq!(new["type"], "table");
        assert_eq!(
            new["transformations"],
            json!([{"id": "reduce", "options": {"reducers": ["lastNotNull", "mean"], "includeTimeField": false}}])
        );
        assert_eq!(
            new["fieldConfig"]["defaults"],
            json!({"unit": "short", "decimals": 2, "displayName": "", "custom": {}})
        );
        assert_eq!(
            new["fieldConfig"]["overrides"],
            json!([
                {"matcher": {"id": "byName", "options": "Time"}, "properties": [
                    {"id": "displayName", "value": "When"},
                    {"id": "unit", "value": "time: YYYY-MM-DD HH:mm:ss"}]},
                {"matcher": {"id": "byRegexp", "options": "/cpu.*/"}, "properties": [
                    {"id": "unit", "value": "percent"},
                    {"id": "custom.cellOptions", "value": {"type": "color-background"}},
                    {"id": "thresholds", "value": {"mode": "absolute", "steps": [
                        {"color": "green", "value": null}, {"color": "orange", "value": 50},
                        {"color": "red", "value": 80}]}}]}
            ])
        );
        assert!(new.get("styles").is_none());
    }

    #[test]
    fn todays_table_is_left_alone() {
        let table = json!({"type": "table", "fieldConfig": {"defaults": {}, "overrides": []}});
        assert_eq!(upgrade_old_table(&table), None);
    }
}
