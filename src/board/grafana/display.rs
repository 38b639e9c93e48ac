//! Reading a Grafana panel's display options into [`PanelDisplay`]: `fieldConfig.defaults`
//! (`decimals`, `min`, `max`, `thresholds`, `color`) and the stat, gauge and bar gauge
//! `options` (`reduceOptions.calcs`, `colorMode`, `graphMode`, `textMode`, `orientation`,
//! `displayMode`, `showThresholdMarkers`). A value of the wrong type is left at Grafana's
//! default, as Grafana does.

use serde_json::{json, Map, Value};

use crate::board::display::{
    AxisPlacement, BarMode, ColorBy, DrawStyle, GradientMode, LegendOptions, Matcher, Orientation,
    Override, PanelDisplay, SeriesStyle, StatColor, ThresholdStep, Thresholds,
};
use crate::board::value_mapping::{mappings_json, read_mappings};

/// The display options of the panel whose JSON fields are `fields`.
pub fn panel_display(fields: &Map<String, Value>) -> PanelDisplay {
    let defaults = fields
        .get("fieldConfig")
        .and_then(|c| c.get("defaults"))
        .and_then(Value::as_object);
    let options = fields.get("options").and_then(Value::as_object);
    let default_of = |key: &str| defaults.and_then(|d| d.get(key));
    let option = |key: &str| options.and_then(|o| o.get(key)).and_then(Value::as_str);
    let mut display = PanelDisplay {
        // The old singlestat and graph panels keep `decimals` on the panel.
        decimals: default_of("decimals")
            .or_else(|| fields.get("decimals"))
            .and_then(number)
            .map(|d| d.round() as i32),
        min: default_of("min").and_then(number),
        max: default_of("max").and_then(number),
        ..PanelDisplay::default()
    };
    if let Some(thresholds) = default_of("thresholds").and_then(thresholds) {
        display.thresholds = thresholds;
    }
    if let Some(mappings) = default_of("mappings") {
        display.mappings = read_mappings(mappings, &display.thresholds);
    }
    if let Some(color) = default_of("color").and_then(color_by) {
        display.color = color;
    }
    display.no_value = default_of("noValue")
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned);
    if let Some(calc) = options
        .and_then(|o| o.get("reduceOptions"))
        .and_then(|r| r.get("calcs"))
        .and_then(Value::as_array)
        .and_then(|calcs| calcs.first())
        .and_then(Value::as_str)
    {
        display.calc = calc.to_owned();
    }
    display.stat_color = match option("colorMode") {
        Some("background" | "background_solid") => StatColor::Background,
        Some("none") => StatColor::None,
        _ => StatColor::Value,
    };
    display.frame_index = options
        .and_then(|o| o.get("frameIndex"))
        .and_then(Value::as_u64)
        .map_or(0, |at| at as usize);
    display.sparkline = option("graphMode") == Some("area");
    display.value_only = option("textMode") == Some("value");
    display.orientation = match option("orientation") {
        Some("horizontal") => Orientation::Horizontal,
        Some("vertical") => Orientation::Vertical,
        _ => Orientation::Auto,
    };
    display.bar_mode = match option("displayMode") {
        Some("lcd") => BarMode::Lcd,
        Some("basic") => BarMode::Basic,
        _ => BarMode::Gradient,
    };
    if let Some(markers) = options
        .and_then(|o| o.get("showThresholdMarkers"))
        .and_then(Value::as_bool)
    {
        display.threshold_markers = markers;
    }
    if fields.get("type").and_then(Value::as_str) == Some("singlestat") {
        singlestat(fields, &mut display);
    }
    if let Some(custom) = default_of("custom") {
        display.series = series_style(custom);
        display.soft_min = custom.get("axisSoftMin").and_then(number);
        display.soft_max = custom.get("axisSoftMax").and_then(number);
    }
    if let Some(links) = default_of("links") {
        display.series.links = Some(super::cell_options::links(links)).filter(|l| !l.is_empty());
    }
    display.overrides = fields
        .get("fieldConfig")
        .and_then(|c| c.get("overrides"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(field_override)
        .collect();
    if let Some(legend) = options.and_then(|o| o.get("legend")) {
        let mode = legend.get("displayMode").and_then(Value::as_str);
        display.legend = LegendOptions {
            table: mode == Some("table"),
            calcs: legend
                .get("calcs")
                .and_then(Value::as_array)
                .map(|c| {
                    c.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            hidden: mode == Some("hidden")
                || legend.get("showLegend").and_then(Value::as_bool) == Some(false),
        };
    }
    if fields.get("type").and_then(Value::as_str) == Some("graph") {
        graph(fields, &mut display);
    }
    display
}

/// A time series' style from `custom` (`fillOpacity`, `gradientMode`, `lineWidth`,
/// `drawStyle`, `stacking.mode`, `transform`) or an override's properties rewritten as such.
fn series_style(custom: &Value) -> SeriesStyle {
    SeriesStyle {
        fill_opacity: custom.get("fillOpacity").and_then(number),
        line_width: custom
            .get("lineWidth")
            .and_then(number)
            .map(|w| w.clamp(0.0, 10.0) as u32),
        draw: custom
            .get("drawStyle")
            .and_then(Value::as_str)
            .map(|d| match d {
                "bars" => DrawStyle::Bars,
                "points" => DrawStyle::Points,
                _ => DrawStyle::Line,
            }),
        stack: custom.get("stacking").and_then(|stacking| {
            // `group: false` takes the series out of the stack (Node Exporter Full's
            // "Total" memory line).
            let out = stacking.get("group") == Some(&Value::Bool(false));
            let mode = stacking.get("mode")?.as_str()?;
            Some(mode != "none" && !out)
        }),
        // Only a percent stack says so; anything else leaves it unset.
        stack_percent: custom
            .get("stacking")
            .filter(|stacking| {
                stacking.get("group") != Some(&Value::Bool(false))
                    && stacking.get("mode").and_then(Value::as_str) == Some("percent")
            })
            .map(|_| true),
        negative_y: custom
            .get("transform")
            .and_then(Value::as_str)
            .map(|t| t == "negative-Y"),
        gradient: custom
            .get("gradientMode")
            .and_then(Value::as_str)
            .map(|mode| match mode {
                "opacity" => GradientMode::Opacity,
                "hue" => GradientMode::Hue,
                "scheme" => GradientMode::Scheme,
                _ => GradientMode::None,
            }),
        axis: custom.get("axisPlacement").and_then(Value::as_str).map(
            |placement| match placement {
                "left" => AxisPlacement::Left,
                "right" => AxisPlacement::Right,
                "hidden" => AxisPlacement::Hidden,
                _ => AxisPlacement::Auto,
            },
        ),
        bar_alignment: custom
            .get("barAlignment")
            .and_then(number)
            .map(|a| a.clamp(-1.0, 1.0) as i8),
        bar_width: custom
            .get("barWidthFactor")
            .and_then(number)
            .map(|w| w.clamp(0.0, 1.0)),
        cell: super::cell_options::cell_type(custom),
        align: super::cell_options::align(custom),
        hidden: custom.get("hidden").and_then(Value::as_bool),
        dash: custom
            .get("lineStyle")
            .and_then(|style| style.get("fill"))
            .and_then(Value::as_str)
            .map(|fill| fill == "dash" || fill == "dot"),
        hide_in_legend: custom
            .get("hideFrom")
            .and_then(|hide| hide.get("legend"))
            .and_then(Value::as_bool),
        hide_in_chart: custom
            .get("hideFrom")
            .and_then(|hide| hide.get("viz"))
            .and_then(Value::as_bool),
        width: custom.get("width").and_then(number).filter(|w| *w > 0.0),
        min_width: custom.get("minWidth").and_then(number).filter(|w| *w > 0.0),
        ..SeriesStyle::default()
    }
}

/// A `color` field config (`{"mode": …, "fixedColor": …}`) as fedview colours by it.
fn color_by(color: &Value) -> Option<ColorBy> {
    let color = color.as_object()?;
    Some(match color.get("mode").and_then(Value::as_str) {
        Some("fixed" | "shades" | "gradient") => ColorBy::Fixed(
            color
                .get("fixedColor")
                .and_then(Value::as_str)
                .unwrap_or(crate::board::color_scheme::FALLBACK)
                .to_owned(),
        ),
        Some("thresholds") | None => ColorBy::Thresholds,
        Some("palette-classic") => ColorBy::Series,
        Some(scheme) => ColorBy::Scheme(scheme.to_owned()),
    })
}

/// The `color` field config that colours as `color` does.
fn color_json(color: &ColorBy) -> Value {
    match color {
        ColorBy::Thresholds => json!({"mode": "thresholds"}),
        ColorBy::Fixed(color) => json!({"mode": "fixed", "fixedColor": color}),
        ColorBy::Series => json!({"mode": "palette-classic"}),
        ColorBy::Scheme(scheme) => json!({"mode": scheme}),
    }
}

/// One of `fieldConfig.overrides`, when fedview draws what it sets: a `byName` or
/// `byRegexp` matcher and its properties.
fn field_override(value: &Value) -> Option<Override> {
    let matcher = value.get("matcher")?;
    let options = matcher.get("options");
    let text = || options.and_then(Value::as_str).map(str::to_owned);
    let matcher = match matcher.get("id")?.as_str()? {
        "byName" => Matcher::Name(text()?),
        "byRegexp" => Matcher::Regex(text()?),
        "byType" => Matcher::Type(text()?),
        "byFrameRefID" => Matcher::RefId(text()?),
        "byNames" => {
            let options = options?;
            Matcher::Names {
                names: options
                    .get("names")?
                    .as_array()?
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect(),
                exclude: options.get("mode").and_then(Value::as_str) == Some("exclude"),
            }
        }
        "byValue" => {
            let options = options?;
            Matcher::Value {
                reducer: options.get("reducer")?.as_str()?.to_owned(),
                op: options
                    .get("op")
                    .and_then(Value::as_str)
                    .unwrap_or("eq")
                    .to_owned(),
                value: options.get("value").and_then(number),
            }
        }
        _ => return None,
    };
    let mut custom = Map::new();
    let mut color = None;
    let mut color_by_mode = None;
    let (mut override_thresholds, mut mappings, mut no_value) = (None, None, None);
    let mut links = None;
    let mut unit: Option<String> = None;
    let (mut min, mut max) = (None, None);
    let (mut display_name, mut decimals) = (None, None);
    for property in value.get("properties")?.as_array()? {
        let Some(id) = property.get("id").and_then(Value::as_str) else {
            continue;
        };
        let Some(value) = property.get("value") else {
            // A property without a value takes the setting back to its default.
            if id == "custom.align" {
                custom.insert("align".into(), json!("auto"));
            }
            continue;
        };
        if let Some(key) = id.strip_prefix("custom.") {
            custom.insert(key.to_owned(), value.clone());
        } else if id == "color" {
            color_by_mode = self::color_by(value);
            color = match &color_by_mode {
                Some(ColorBy::Fixed(fixed)) => Some(fixed.clone()),
                _ => None,
            };
        } else if id == "thresholds" {
            override_thresholds = thresholds(value);
        } else if id == "mappings" {
            mappings = Some(read_mappings(value, &Thresholds::default()));
        } else if id == "noValue" {
            no_value = value.as_str().map(str::to_owned);
        } else if id == "links" {
            links = Some(super::cell_options::links(value));
        } else if id == "unit" {
            unit = value.as_str().map(str::to_owned);
        } else if id == "displayName" {
            display_name = value.as_str().filter(|n| !n.is_empty()).map(str::to_owned);
        } else if id == "decimals" {
            decimals = number(value).map(|d| d.clamp(0.0, 20.0) as i32);
        } else if id == "min" {
            min = number(value);
        } else if id == "max" {
            max = number(value);
        }
    }
    let mut style = series_style(&Value::Object(custom));
    style.color = color;
    style.unit = unit;
    style.min = min;
    style.max = max;
    style.display_name = display_name;
    style.decimals = decimals;
    style.thresholds = override_thresholds;
    style.mappings = mappings;
    style.color_by = color_by_mode;
    style.no_value = no_value;
    style.links = links;
    Some(Override { matcher, style })
}

/// The old `graph` panel's options as Grafana's migration to the time series reads them:
/// `fill` (0–10), `linewidth`, `stack`, `bars`, `points`, and `seriesOverrides` by alias
/// (`/…/` a regex) with `transform: negative-Y`, `color`, `fill`, `stack`.
fn graph(fields: &Map<String, Value>, display: &mut PanelDisplay) {
    let flag = |v: Option<&Value>| v.and_then(Value::as_bool);
    display.series = SeriesStyle {
        fill_opacity: fields.get("fill").and_then(number).map(|f| f * 10.0),
        line_width: fields.get("linewidth").and_then(number).map(|w| w as u32),
        draw: if flag(fields.get("bars")) == Some(true) {
            Some(DrawStyle::Bars)
        } else if flag(fields.get("points")) == Some(true)
            && flag(fields.get("lines")) == Some(false)
        {
            Some(DrawStyle::Points)
        } else {
            None
        },
        stack: flag(fields.get("stack")),
        // As Grafana migrates a graph: `stack` with `percentage` stacks to 100 %.
        stack_percent: (flag(fields.get("stack")) == Some(true)
            && flag(fields.get("percentage")) == Some(true))
        .then_some(true),
        ..SeriesStyle::default()
    };
    display.overrides = fields
        .get("seriesOverrides")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|o| {
            let alias = o.get("alias")?.as_str()?.to_owned();
            let matcher = if alias.len() > 1 && alias.starts_with('/') && alias.ends_with('/') {
                Matcher::Regex(alias)
            } else {
                Matcher::Name(alias)
            };
            Some(Override {
                matcher,
                style: SeriesStyle {
                    fill_opacity: o.get("fill").and_then(number).map(|f| f * 10.0),
                    line_width: o.get("linewidth").and_then(number).map(|w| w as u32),
                    draw: None,
                    stack: flag(o.get("stack")),
                    stack_percent: None,
                    negative_y: o
                        .get("transform")
                        .and_then(Value::as_str)
                        .map(|t| t == "negative-Y"),
                    color: o.get("color").and_then(Value::as_str).map(str::to_owned),
                    ..SeriesStyle::default()
                },
            })
        })
        .collect();
    if let Some(legend) = fields.get("legend") {
        let on = |key: &str| flag(legend.get(key)) == Some(true);
        display.legend = LegendOptions {
            table: on("alignAsTable"),
            calcs: [
                ("avg", "mean"),
                ("max", "max"),
                ("min", "min"),
                ("current", "lastNotNull"),
                ("total", "sum"),
            ]
            .iter()
            .filter(|(key, _)| on(key))
            .map(|(_, calc)| (*calc).to_owned())
            .collect(),
            hidden: flag(legend.get("show")) == Some(false),
        };
    }
}

/// Whether an old `singlestat` panel is drawn as a gauge (`gauge.show`), as Grafana
/// migrates it.
pub fn singlestat_is_gauge(fields: &Map<String, Value>) -> bool {
    fields.get("type").and_then(Value::as_str) == Some("singlestat")
        && fields
            .get("gauge")
            .and_then(|g| g.get("show"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
}

/// The old singlestat's options as Grafana's stat (or gauge) migration reads them:
/// `valueName`, `thresholds` ("80,90") with `colors`, `colorValue` or `colorBackground`,
/// `sparkline.show` and the gauge's range.
fn singlestat(fields: &Map<String, Value>, display: &mut PanelDisplay) {
    if let Some(name) = fields.get("valueName").and_then(Value::as_str) {
        display.calc = match name {
            "current" => "lastNotNull",
            "avg" => "mean",
            "total" => "sum",
            other => other,
        }
        .to_owned();
    }
    let colors: Vec<String> = fields
        .get("colors")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let bounds: Vec<f64> = fields
        .get("thresholds")
        .and_then(Value::as_str)
        .map(|t| t.split(',').filter_map(|b| b.trim().parse().ok()).collect())
        .unwrap_or_default();
    if let Some(base) = colors.first() {
        let mut steps = vec![ThresholdStep {
            value: None,
            color: base.clone(),
        }];
        for (bound, color) in bounds.iter().zip(colors.iter().skip(1)) {
            steps.push(ThresholdStep {
                value: Some(*bound),
                color: color.clone(),
            });
        }
        display.thresholds = Thresholds {
            percentage: false,
            steps,
        };
    }
    let flag = |key: &str| fields.get(key).and_then(Value::as_bool).unwrap_or(false);
    display.stat_color = if flag("colorBackground") {
        StatColor::Background
    } else if flag("colorValue") {
        StatColor::Value
    } else {
        StatColor::None
    };
    display.sparkline = fields
        .get("sparkline")
        .and_then(|s| s.get("show"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if let Some(gauge) = fields.get("gauge").filter(|_| singlestat_is_gauge(fields)) {
        display.min = gauge.get("minValue").and_then(number).or(display.min);
        display.max = gauge.get("maxValue").and_then(number).or(display.max);
        if let Some(markers) = gauge.get("thresholdMarkers").and_then(Value::as_bool) {
            display.threshold_markers = markers;
        }
    }
}

/// `display` written back as Grafana reads it: the `fieldConfig.defaults` fields (to go
/// with the unit) and the panel's `options`.
pub fn display_json(display: &PanelDisplay) -> (Map<String, Value>, Map<String, Value>) {
    let mut defaults = Map::new();
    if let Some(decimals) = display.decimals {
        defaults.insert("decimals".into(), json!(decimals));
    }
    if let Some(min) = display.min {
        defaults.insert("min".into(), json!(min));
    }
    if let Some(max) = display.max {
        defaults.insert("max".into(), json!(max));
    }
    if !display.mappings.is_empty() {
        defaults.insert("mappings".into(), mappings_json(&display.mappings));
    }
    if let Some(text) = &display.no_value {
        defaults.insert("noValue".into(), json!(text));
    }
    defaults.insert("thresholds".into(), thresholds_json(&display.thresholds));
    defaults.insert("color".into(), color_json(&display.color));
    if let Some(links) = &display.series.links {
        defaults.insert("links".into(), super::cell_options::links_json(links));
    }
    let mut options = Map::new();
    if display.frame_index > 0 {
        options.insert("frameIndex".into(), json!(display.frame_index));
    }
    options.insert(
        "reduceOptions".into(),
        json!({"calcs": [display.calc], "fields": "", "values": false}),
    );
    options.insert(
        "colorMode".into(),
        json!(match display.stat_color {
            StatColor::Value => "value",
            StatColor::Background => "background",
            StatColor::None => "none",
        }),
    );
    options.insert(
        "graphMode".into(),
        json!(if display.sparkline { "area" } else { "none" }),
    );
    options.insert(
        "textMode".into(),
        json!(if display.value_only { "value" } else { "auto" }),
    );
    options.insert(
        "orientation".into(),
        json!(match display.orientation {
            Orientation::Auto => "auto",
            Orientation::Horizontal => "horizontal",
            Orientation::Vertical => "vertical",
        }),
    );
    options.insert(
        "displayMode".into(),
        json!(super::cell_options::bar_mode_name(display.bar_mode)),
    );
    options.insert(
        "showThresholdMarkers".into(),
        json!(display.threshold_markers),
    );
    let mut custom = match style_json(&display.series) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if let Some(min) = display.soft_min {
        custom.insert("axisSoftMin".into(), json!(min));
    }
    if let Some(max) = display.soft_max {
        custom.insert("axisSoftMax".into(), json!(max));
    }
    if !custom.is_empty() {
        defaults.insert("custom".into(), Value::Object(custom));
    }
    let legend_mode = if display.legend.hidden {
        "hidden"
    } else if display.legend.table {
        "table"
    } else {
        "list"
    };
    options.insert(
        "legend".into(),
        json!({
            "displayMode": legend_mode,
            "showLegend": !display.legend.hidden,
            "calcs": display.legend.calcs,
        }),
    );
    (defaults, options)
}

/// The overrides as Grafana's `fieldConfig.overrides`.
pub fn overrides_json(display: &PanelDisplay) -> Vec<Value> {
    display
        .overrides
        .iter()
        .map(|o| {
            let (id, option) = match &o.matcher {
                Matcher::Name(name) => ("byName", json!(name)),
                Matcher::Regex(pattern) => ("byRegexp", json!(pattern)),
                Matcher::Type(kind) => ("byType", json!(kind)),
                Matcher::RefId(id) => ("byFrameRefID", json!(id)),
                Matcher::Names { names, exclude } => (
                    "byNames",
                    json!({"mode": if *exclude { "exclude" } else { "include" }, "names": names}),
                ),
                Matcher::Value { reducer, op, value } => (
                    "byValue",
                    json!({"reducer": reducer, "op": op, "value": value}),
                ),
            };
            let mut properties: Vec<Value> = match style_json(&o.style) {
                Value::Object(map) => map
                    .into_iter()
                    .map(|(key, value)| json!({"id": format!("custom.{key}"), "value": value}))
                    .collect(),
                _ => Vec::new(),
            };
            if let Some(unit) = &o.style.unit {
                properties.push(json!({"id": "unit", "value": unit}));
            }
            if let Some(name) = &o.style.display_name {
                properties.push(json!({"id": "displayName", "value": name}));
            }
            if let Some(decimals) = o.style.decimals {
                properties.push(json!({"id": "decimals", "value": decimals}));
            }
            for (id, limit) in [("min", o.style.min), ("max", o.style.max)] {
                if let Some(limit) = limit {
                    properties.push(json!({"id": id, "value": limit}));
                }
            }
            if let Some(color) = &o.style.color_by {
                properties.push(json!({"id": "color", "value": color_json(color)}));
            } else if let Some(color) = &o.style.color {
                properties
                    .push(json!({"id": "color", "value": {"mode": "fixed", "fixedColor": color}}));
            }
            if let Some(thresholds) = &o.style.thresholds {
                properties.push(json!({"id": "thresholds", "value": thresholds_json(thresholds)}));
            }
            if let Some(mappings) = &o.style.mappings {
                properties.push(json!({"id": "mappings", "value": mappings_json(mappings)}));
            }
            if let Some(text) = &o.style.no_value {
                properties.push(json!({"id": "noValue", "value": text}));
            }
            if let Some(links) = &o.style.links {
                properties
                    .push(json!({"id": "links", "value": super::cell_options::links_json(links)}));
            }
            json!({"matcher": {"id": id, "options": option}, "properties": properties})
        })
        .collect()
}

/// Thresholds as Grafana's `{"mode", "steps"}`.
fn thresholds_json(thresholds: &Thresholds) -> Value {
    let steps: Vec<Value> = thresholds
        .steps
        .iter()
        .map(|step| match step.value {
            Some(v) if v == f64::INFINITY => json!({ "color": step.color }),
            value => json!({"color": step.color, "value": value}),
        })
        .collect();
    json!({
        "mode": if thresholds.percentage { "percentage" } else { "absolute" },
        "steps": steps,
    })
}

/// A series style as the `custom` fields Grafana reads it from.
fn style_json(style: &SeriesStyle) -> Value {
    let mut custom = Map::new();
    if let Some(fill) = style.fill_opacity {
        custom.insert("fillOpacity".into(), json!(fill));
    }
    if let Some(width) = style.line_width {
        custom.insert("lineWidth".into(), json!(width));
    }
    if let Some(draw) = style.draw {
        let name = match draw {
            DrawStyle::Line => "line",
            DrawStyle::Bars => "bars",
            DrawStyle::Points => "points",
        };
        custom.insert("drawStyle".into(), json!(name));
    }
    if let Some(stack) = style.stack {
        let mode = match (stack, style.stack_percent) {
            (false, _) => "none",
            (true, Some(true)) => "percent",
            (true, _) => "normal",
        };
        custom.insert("stacking".into(), json!({ "mode": mode }));
    }
    if let Some(negative) = style.negative_y {
        let transform = if negative { "negative-Y" } else { "constant" };
        custom.insert("transform".into(), json!(transform));
    }
    if let Some(gradient) = style.gradient {
        let mode = match gradient {
            GradientMode::None => "none",
            GradientMode::Opacity => "opacity",
            GradientMode::Hue => "hue",
            GradientMode::Scheme => "scheme",
        };
        custom.insert("gradientMode".into(), json!(mode));
    }
    if let Some(dash) = style.dash {
        custom.insert(
            "lineStyle".into(),
            if dash {
                json!({"fill": "dash", "dash": [10, 10]})
            } else {
                json!({"fill": "solid"})
            },
        );
    }
    if style.hide_in_legend.is_some() || style.hide_in_chart.is_some() {
        custom.insert(
            "hideFrom".into(),
            json!({
                "legend": style.hide_in_legend == Some(true),
                "tooltip": false,
                "viz": style.hide_in_chart == Some(true),
            }),
        );
    }
    if let Some(width) = style.width {
        custom.insert("width".into(), json!(width));
    }
    if let Some(width) = style.min_width {
        custom.insert("minWidth".into(), json!(width));
    }
    if let Some(hidden) = style.hidden {
        custom.insert("hidden".into(), json!(hidden));
    }
    if let Some(axis) = style.axis {
        let placement = match axis {
            AxisPlacement::Auto => "auto",
            AxisPlacement::Left => "left",
            AxisPlacement::Right => "right",
            AxisPlacement::Hidden => "hidden",
        };
        custom.insert("axisPlacement".into(), json!(placement));
    }
    if let Some(alignment) = style.bar_alignment {
        custom.insert("barAlignment".into(), json!(alignment));
    }
    if let Some(width) = style.bar_width {
        custom.insert("barWidthFactor".into(), json!(width));
    }
    super::cell_options::write(style.cell.as_ref(), style.align, &mut custom);
    Value::Object(custom)
}

/// A number, or a number written as a string (`"decimals": "1"` in some exports).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

/// `{"mode": "absolute" | "percentage", "steps": [{"color", "value"}]}`.
fn thresholds(value: &Value) -> Option<Thresholds> {
    let steps: Vec<ThresholdStep> = value
        .get("steps")?
        .as_array()?
        .iter()
        .enumerate()
        .filter_map(|(at, step)| {
            // The first step is the base, from -∞. A later one without a value is never
            // reached (JavaScript's `v >= undefined` is false), kept as starting at +∞;
            // one whose value is null starts at 0 (`v >= null` compares with 0).
            let value = match step.get("value") {
                _ if at == 0 => None,
                None => Some(f64::INFINITY),
                Some(Value::Null) => Some(0.0),
                Some(value) => Some(number(value).unwrap_or(f64::INFINITY)),
            };
            Some(ThresholdStep {
                value,
                color: step.get("color")?.as_str()?.to_owned(),
            })
        })
        .collect();
    (!steps.is_empty()).then(|| Thresholds {
        percentage: value.get("mode").and_then(Value::as_str) == Some("percentage"),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::cell_options::CellType;

    fn display_of(json: &str) -> PanelDisplay {
        let value: Value = serde_json::from_str(json).expect("JSON");
        panel_display(value.as_object().expect("an object"))
    }

    #[test]
    fn node_exporter_fulls_pressure_bars() {
        let display = display_of(
            r#"{"type": "bargauge",
                "fieldConfig": {"defaults": {"decimals": 1, "min": 0, "max": 1, "unit": "percentunit",
                    "color": {"mode": "thresholds"},
                    "thresholds": {"mode": "percentage", "steps": [{"color": "green", "value": null},
                        {"color": "dark-yellow", "value": 70}, {"color": "dark-red", "value": 90}]}}},
                "options": {"displayMode": "basic", "orientation": "horizontal",
                    "reduceOptions": {"calcs": ["lastNotNull"]}}}"#,
        );
        assert_eq!(display.decimals, Some(1));
        assert_eq!((display.min, display.max), (Some(0.0), Some(1.0)));
        assert!(display.thresholds.percentage);
        assert_eq!(display.thresholds.steps.len(), 3);
        assert_eq!(display.thresholds.steps[0].value, None);
        assert_eq!(display.bar_mode, BarMode::Basic);
        assert_eq!(display.orientation, Orientation::Horizontal);
        assert_eq!(display.calc, "lastNotNull");
    }

    #[test]
    fn a_stat_with_a_sparkline_and_background_colour() {
        let display = display_of(
            r#"{"type": "stat", "options": {"colorMode": "background", "graphMode": "area",
                "textMode": "value", "reduceOptions": {"calcs": ["mean"]}},
                "fieldConfig": {"defaults": {"color": {"mode": "fixed", "fixedColor": "purple"}}}}"#,
        );
        assert_eq!(display.stat_color, StatColor::Background);
        assert!(display.sparkline);
        assert!(display.value_only);
        assert_eq!(display.calc, "mean");
        assert_eq!(display.color, ColorBy::Fixed("purple".into()));
        assert_eq!(
            display.thresholds,
            Thresholds::default(),
            "Grafana's default steps"
        );
    }

    #[test]
    fn an_old_singlestat_as_grafana_migrates_it() {
        let fields = r#"{"type": "singlestat", "valueName": "avg", "thresholds": "1,2",
            "colors": ["rgba(245, 54, 54, 0.9)", "rgba(237, 129, 40, 0.89)", "rgba(50, 172, 45, 0.97)"],
            "colorValue": true, "sparkline": {"show": true},
            "gauge": {"show": true, "minValue": 0, "maxValue": 5, "thresholdMarkers": false}}"#;
        let display = display_of(fields);
        assert_eq!(display.calc, "mean");
        assert_eq!(display.stat_color, StatColor::Value);
        assert!(display.sparkline);
        assert_eq!(display.thresholds.steps.len(), 3);
        assert_eq!(display.thresholds.steps[2].value, Some(2.0));
        assert_eq!(display.thresholds.steps[2].color, "rgba(50, 172, 45, 0.97)");
        assert_eq!((display.min, display.max), (Some(0.0), Some(5.0)));
        assert!(!display.threshold_markers);
        let value: Value = serde_json::from_str(fields).expect("JSON");
        assert!(singlestat_is_gauge(value.as_object().expect("an object")));
        // etcd's "Up": no colour, no thresholds beyond its base.
        let up = display_of(
            r#"{"type": "singlestat", "valueName": "current", "thresholds": "",
            "colors": ["red", "orange", "green"], "colorValue": false, "colorBackground": false}"#,
        );
        assert_eq!(up.calc, "lastNotNull");
        assert_eq!(up.stat_color, StatColor::None);
        assert_eq!(up.thresholds.steps.len(), 1);
    }

    #[test]
    fn gauge_cells_in_a_table_column_new_and_old() {
        // kube-prometheus's Disk Space Usage: `Used, %` as a gauge, 0 to 1.
        let display = display_of(
            r#"{"type": "table", "fieldConfig": {"defaults": {}, "overrides": [
                {"matcher": {"id": "byName", "options": "Used, %"}, "properties": [
                    {"id": "unit", "value": "percentunit"},
                    {"id": "custom.cellOptions", "value": {"type": "gauge"}},
                    {"id": "max", "value": 1}, {"id": "min", "value": 0}]},
                {"matcher": {"id": "byName", "options": "Size"}, "properties": [
                    {"id": "custom.cellOptions", "value": {"type": "color-background"}}]},
                {"matcher": {"id": "byName", "options": "Old"}, "properties": [
                    {"id": "custom.displayMode", "value": "lcd-gauge"}]}]}}"#,
        );
        let used = display.style_for("Used, %", |_, _| false);
        assert_eq!(
            used.cell,
            Some(CellType::Gauge(BarMode::Gradient)),
            "gradient when unset"
        );
        assert_eq!((used.min, used.max), (Some(0.0), Some(1.0)));
        assert_eq!(
            display.style_for("Size", |_, _| false).cell,
            Some(CellType::ColorBackground {
                solid: false,
                whole_row: false
            })
        );
        assert_eq!(
            display.style_for("Old", |_, _| false).cell,
            Some(CellType::Gauge(BarMode::Lcd))
        );
        let written = overrides_json(&display);
        assert_eq!(
            written[0]["properties"],
            json!([
                {"id": "custom.cellOptions", "value": {"type": "gauge", "mode": "gradient"}},
                {"id": "unit", "value": "percentunit"},
                {"id": "min", "value": 0.0},
                {"id": "max", "value": 1.0},
            ])
        );
    }

    #[test]
    fn a_table_columns_header_decimals_and_hiding() {
        // ingress-nginx's table: `Value #A` shown as "P50 Latency", `Value #D` with 2
        // decimals, `Time` hidden.
        let display = display_of(
            r#"{"type": "table", "fieldConfig": {"defaults": {}, "overrides": [
                {"matcher": {"id": "byName", "options": "Value #A"}, "properties": [
                    {"id": "displayName", "value": "P50 Latency"}, {"id": "custom.align"}]},
                {"matcher": {"id": "byName", "options": "Value #D"}, "properties": [
                    {"id": "decimals", "value": 2}]},
                {"matcher": {"id": "byName", "options": "Time"}, "properties": [
                    {"id": "custom.hidden", "value": true}]}]}}"#,
        );
        let style = |name: &str| display.style_for(name, |_, _| false);
        assert_eq!(
            style("Value #A").display_name.as_deref(),
            Some("P50 Latency")
        );
        assert_eq!(style("Value #D").decimals, Some(2));
        assert_eq!(style("Time").hidden, Some(true));
        assert_eq!(style("ingress"), SeriesStyle::default());
        let written = overrides_json(&display);
        // The property without a value takes the column back to Grafana's alignment.
        assert_eq!(
            written[0]["properties"],
            json!([{"id": "custom.align", "value": "auto"},
                   {"id": "displayName", "value": "P50 Latency"}])
        );
        assert_eq!(
            written[2]["properties"],
            json!([{"id": "custom.hidden", "value": true}])
        );
    }

    #[test]
    fn an_override_takes_a_series_out_of_the_stack() {
        let display = display_of(
            r#"{"type": "timeseries", "fieldConfig": {
                "defaults": {"custom": {"fillOpacity": 40, "stacking": {"group": "A", "mode": "normal"}}},
                "overrides": [{"matcher": {"id": "byName", "options": "Total"}, "properties": [
                    {"id": "custom.fillOpacity", "value": 0},
                    {"id": "custom.stacking", "value": {"group": false, "mode": "normal"}}]}]}}"#,
        );
        assert_eq!(display.series.stack, Some(true));
        let total = display.style_for("Total", |_, _| false);
        assert_eq!(total.stack, Some(false));
        assert_eq!(total.fill_opacity, Some(0.0));
    }

    #[test]
    fn the_old_panels_decimals_and_wrong_types_fall_back() {
        let display = display_of(
            r#"{"type": "singlestat", "decimals": 2,
            "fieldConfig": {"defaults": {"min": "x", "max": "100"}}}"#,
        );
        assert_eq!(display.decimals, Some(2));
        assert_eq!(display.min, None);
        assert_eq!(display.max, Some(100.0));
    }
}
