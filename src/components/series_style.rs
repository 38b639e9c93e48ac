//! A board panel's time series drawn as Grafana's field config says: each series' style
//! from the panel's `custom` settings and the overrides that match its name (a `byRegexp`
//! pattern runs as JavaScript runs it, as in Grafana), values below the axis for
//! `negative-Y`, stacked series added up, and colours from Grafana's palette.

use std::collections::BTreeMap;

use plotters::style::RGBColor;

use crate::{
    analysis::chart_line::ChartLine,
    board::cell_colors::{css_rgba, lightened, turned},
    board::color_scheme::scheme_color,
    board::display::{
        css_color, series_color, AxisPlacement, ColorBy, DrawStyle, Field, GradientMode,
        PanelDisplay, SeriesStyle,
    },
    board::display_processor::{data_range, JsRegex},
    draw::axes::Axis,
    draw::chart::{LineStyle, BAR_WIDTH},
    draw::gradient::ValueColors,
    worker::variable_regex::compile,
};

/// Whether the JavaScript regular expression `pattern` matches `name`, as Grafana's
/// `stringToJsRegex` reads an override's pattern: `/…/flags` as written, a bare pattern
/// anchored at both ends (`^pattern$`). A pattern the browser cannot compile matches
/// nothing.
pub fn js_regex_matches(pattern: &str, name: &str) -> bool {
    let anchored;
    let pattern = if pattern.starts_with('/') {
        pattern
    } else {
        anchored = format!("/^{pattern}$/");
        &anchored
    };
    compile(pattern).is_ok_and(|regex| regex.test(name))
}

/// JavaScript's regular expressions as the browser runs them, for what Grafana matches
/// with them: overrides' patterns and value mappings' (`display_processor::JsRegex`).
#[derive(Debug, Clone, Copy)]
pub struct BrowserRegex;

impl JsRegex for BrowserRegex {
    fn matches(&self, pattern: &str, text: &str) -> bool {
        js_regex_matches(pattern, text)
    }

    fn replace(&self, pattern: &str, text: &str, with: &str) -> Option<String> {
        let anchored = if pattern.starts_with('/') {
            pattern.to_owned()
        } else {
            format!("/^{pattern}$/")
        };
        let regex = compile(&anchored).ok()?;
        if !regex.test(text) {
            return None;
        }
        // `test` moves a global pattern's place on; `replace` starts from the beginning.
        regex.set_last_index(0);
        Some(
            js_sys::JsString::from(text)
                .replace_by_pattern(&regex, with)
                .into(),
        )
    }
}

/// How `line` is drawn: the panel's style and the overrides that match it, by name,
/// type or (reduced) value.
fn series_style_of(display: &PanelDisplay, line: &ChartLine) -> SeriesStyle {
    // The values are copied only for an override that reduces them (`byValue`).
    let values: Option<Vec<Option<f64>>> = display
        .matches_by_value()
        .then(|| line.points.iter().map(|&(_, v)| Some(v)).collect());
    let field = Field {
        name: &line.label,
        kind: "number",
        values: values.as_deref(),
    };
    display.style_of(&field, js_regex_matches)
}

/// `lines` as the panel draws them, with their styles: negated for `negative-Y`, added
/// up where stacked (in the order given, per timestamp), as Grafana's `preparePlotData2`
/// stacks them: a stack per mode (normal or 100 %) and direction (a series with a value
/// above zero, after `negative-Y`, stacks upwards; others downwards). A 100 % stack's
/// values are then shares of its total at each time, signed by its direction.
pub fn styled_lines(
    display: &PanelDisplay,
    lines: Vec<ChartLine>,
    dark: bool,
) -> (Vec<ChartLine>, Vec<LineStyle>) {
    // Each stack's running totals per timestamp, by (100 %, upwards).
    let mut stacks: BTreeMap<(bool, bool), BTreeMap<i64, f64>> = BTreeMap::new();
    let mut shares = Vec::new();
    let mut out = Vec::with_capacity(lines.len());
    let mut styles = Vec::with_capacity(lines.len());
    let values = data_range(lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)));
    for mut line in lines {
        let style = series_style_of(display, &line);
        // `hideFrom.viz`: not drawn; a `displayName` override is the name it is drawn under.
        if style.hide_in_chart == Some(true) {
            continue;
        }
        if let Some(name) = &style.display_name {
            line.label = name.clone();
        }
        if style.negative_y == Some(true) {
            for point in &mut line.points {
                point.1 = -point.1;
            }
        }
        if style.stack == Some(true) {
            let upwards = line.points.iter().any(|p| p.1 > 0.0);
            let key = (style.stack_percent == Some(true), upwards);
            let totals = stacks.entry(key).or_default();
            for point in &mut line.points {
                if point.1.is_finite() {
                    let below = totals.entry(point.0).or_insert(0.0);
                    *below += point.1;
                    point.1 = *below;
                }
            }
            if key.0 {
                shares.push((out.len(), key));
            }
        }
        let mut drawn = line_style(&style, line.color, dark);
        drawn.gradient = value_colors(display, &style, &line, values, dark);
        styles.push(drawn);
        out.push(line);
    }
    for (index, key) in shares {
        let (Some(totals), Some(line)) = (stacks.get(&key), out.get_mut(index)) else {
            continue;
        };
        let sign = if key.1 { 1.0 } else { -1.0 };
        for point in &mut line.points {
            if point.1.is_finite() {
                let total = totals.get(&point.0).copied().unwrap_or(0.0);
                point.1 = if total == 0.0 {
                    0.0
                } else {
                    sign * (point.1 / total)
                };
            }
        }
    }
    (out, styles)
}

/// Whether the panel stacks any series to 100 %: its axis then reads shares
/// (`percentunit`), as Grafana's does.
pub fn stacks_to_percent(display: &PanelDisplay, lines: &[ChartLine]) -> bool {
    lines.iter().any(|line| {
        let style = series_style_of(display, line);
        style.stack == Some(true) && style.stack_percent == Some(true)
    })
}

/// The lines a legend lists, as Grafana's legend lists them: those not hidden from it
/// (`hideFrom.legend`), each under its `displayName` override if it has one, with its
/// colour (worked out from the line as it came, so that overrides by its own name apply).
pub fn legend_lines(
    display: &PanelDisplay,
    lines: &[ChartLine],
    dark: bool,
) -> (Vec<ChartLine>, Vec<String>) {
    lines
        .iter()
        .filter_map(|line| {
            let style = series_style_of(display, line);
            if style.hide_in_legend == Some(true) {
                return None;
            }
            let color = line_color(&style, line.color, dark);
            let mut line = line.clone();
            if let Some(name) = style.display_name {
                line.label = name;
            }
            Some((line, color))
        })
        .unzip()
}

/// A line's CSS colour, as the panel draws it: an override's, else Grafana's classic
/// palette by the line's place (green, yellow, blue, orange, red, …).
fn line_color(style: &SeriesStyle, index: usize, dark: bool) -> String {
    style
        .color
        .as_deref()
        .map_or_else(|| series_color(index, dark), |c| css_color(c, dark))
}

/// A series style as the chart draws it; the `index`th line of the panel takes Grafana's
/// classic palette's colour unless an override fixes one.
fn line_style(style: &SeriesStyle, index: usize, dark: bool) -> LineStyle {
    let color = line_color(style, index, dark);
    LineStyle {
        fill: style.fill_opacity.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0,
        fade_fill: style.gradient == Some(GradientMode::Opacity),
        width: style.line_width.unwrap_or(1).min(10),
        bars: style.draw == Some(DrawStyle::Bars),
        points: style.draw == Some(DrawStyle::Points),
        color: rgb(&color),
        dashed: style.dash == Some(true),
        bar_alignment: style.bar_alignment.unwrap_or(0),
        bar_width: style.bar_width.unwrap_or(BAR_WIDTH),
        gradient: None,
        axis: match style.axis.unwrap_or_default() {
            AxisPlacement::Auto => Axis::Auto,
            AxisPlacement::Left => Axis::Left,
            AxisPlacement::Right => Axis::Right,
            AxisPlacement::Hidden => Axis::Hidden,
        },
        unit: style.unit.clone(),
    }
}

/// How `line`'s colour changes with its value, for Grafana's `hue` gradient (its colour
/// turned 15° back at the foot of the plot and 15° on, lighter, at its head) and `scheme` gradient
/// (each value in its threshold's colour, or its continuous scheme's over the field's
/// range: its `min` and `max`, else the panel's values, `values`).
fn value_colors(
    display: &PanelDisplay,
    style: &SeriesStyle,
    line: &ChartLine,
    values: (Option<f64>, Option<f64>),
    dark: bool,
) -> Option<ValueColors> {
    match style.gradient? {
        GradientMode::Hue => {
            // Grafana's getHueGradientFn: the head turned 15° and lightened by 10, the foot
            // turned back 15° (and darkened by 10 in the dark theme).
            let color = line_color(style, line.color, dark);
            let foot = turned(&color, -15.0)?;
            let foot = if dark { lightened(&foot, -10.0)? } else { foot };
            Some(ValueColors::Vertical {
                bottom: rgb(&foot)?,
                top: rgb(&lightened(&turned(&color, 15.0)?, 10.0)?)?,
            })
        }
        GradientMode::Scheme => {
            let min = style.min.or(display.min).or(values.0)?;
            let max = style.max.or(display.max).or(values.1)?;
            let thresholds = style.thresholds.as_ref().unwrap_or(&display.thresholds);
            match style.color_by.as_ref().unwrap_or(&display.color) {
                ColorBy::Thresholds => Some(ValueColors::Steps(
                    thresholds
                        .steps
                        .iter()
                        .map(|step| {
                            let from = match step.value {
                                None => f64::NEG_INFINITY,
                                Some(v) if thresholds.percentage => min + (max - min) * v / 100.0,
                                Some(v) => v,
                            };
                            rgb(&css_color(&step.color, dark)).map(|c| (from, c))
                        })
                        .collect::<Option<_>>()?,
                )),
                ColorBy::Scheme(scheme) => {
                    const SAMPLES: usize = 32;
                    let colors = (0..SAMPLES)
                        .map(|i| {
                            let percent = i as f64 / (SAMPLES - 1) as f64;
                            let css = scheme_color(
                                scheme,
                                percent,
                                line.color,
                                &line.label,
                                dark,
                                |c| css_color(c, dark),
                            )?;
                            rgb(&css)
                        })
                        .collect::<Option<Vec<_>>>()?;
                    Some(ValueColors::Continuous { min, max, colors })
                }
                ColorBy::Fixed(_) | ColorBy::Series => None,
            }
        }
        GradientMode::None | GradientMode::Opacity => None,
    }
}

/// A CSS colour written `#rrggbb`, `#rgb` or `rgb(a)(r, g, b…)` as RGB.
pub fn rgb(css: &str) -> Option<RGBColor> {
    let [r, g, b, _] = css_rgba(css)?;
    let channel = |v: f64| v.round() as u8;
    Some(RGBColor(channel(r), channel(g), channel(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(lines: &[ChartLine]) -> Vec<Vec<f64>> {
        lines
            .iter()
            .map(|l| l.points.iter().map(|p| p.1).collect())
            .collect()
    }

    fn stacked(percent: bool) -> PanelDisplay {
        PanelDisplay {
            series: SeriesStyle {
                stack: Some(true),
                stack_percent: percent.then_some(true),
                ..SeriesStyle::default()
            },
            ..PanelDisplay::default()
        }
    }

    // The numbers of Grafana's `preparePlotData2`: running sums per stack, then for a
    // 100 % stack each running sum over the stack's total at that time.
    #[test]
    fn series_stack_as_grafana_stacks_them() {
        let lines = || {
            vec![
                ChartLine::of_values("a", &[1.0, 2.0, 0.0]),
                ChartLine::of_values("b", &[3.0, 2.0, 0.0]),
            ]
        };
        let (normal, _) = styled_lines(&stacked(false), lines(), false);
        assert_eq!(values(&normal), [vec![1.0, 2.0, 0.0], vec![4.0, 4.0, 0.0]]);
        let (percent, _) = styled_lines(&stacked(true), lines(), false);
        assert_eq!(
            values(&percent),
            [vec![0.25, 0.5, 0.0], vec![1.0, 1.0, 0.0]],
            "shares of the total; a zero total gives 0"
        );
        assert!(stacks_to_percent(&stacked(true), &lines()));
        assert!(!stacks_to_percent(&stacked(false), &lines()));
        // Series below the axis (transmit, `negative-Y`) stack downwards on their own.
        let mut display = stacked(false);
        display.overrides.push(crate::board::display::Override {
            matcher: crate::board::display::Matcher::Name("tx".into()),
            style: SeriesStyle {
                negative_y: Some(true),
                ..SeriesStyle::default()
            },
        });
        let (both, _) = styled_lines(
            &display,
            vec![
                ChartLine::of_values("rx", &[1.0]),
                ChartLine::of_values("tx", &[2.0]),
                ChartLine::of_values("rx2", &[3.0]),
                ChartLine::of_values("tx", &[4.0]),
            ],
            false,
        );
        assert_eq!(
            values(&both),
            [vec![1.0], vec![-2.0], vec![4.0], vec![-6.0]]
        );
    }

    #[test]
    fn node_exporter_fulls_overrides_rename_dash_and_hide_series() {
        // From Node Exporter Full: "D" shown as "Uninterruptible Sleeping" and coloured,
        // "PIDs limit" dashed, and "Exporter Processes Memory" drawing only "Virtual
        // Memory" (hideFrom.viz for all the others, by `byNames` in `exclude` mode).
        use crate::board::display::{Matcher, Override};
        let over = |matcher: Matcher, style: SeriesStyle| Override { matcher, style };
        let overrides = vec![
            over(
                Matcher::Name("D".into()),
                SeriesStyle {
                    display_name: Some("Uninterruptible Sleeping".into()),
                    color: Some("red".into()),
                    ..SeriesStyle::default()
                },
            ),
            over(
                Matcher::Name("PIDs limit".into()),
                SeriesStyle {
                    dash: Some(true),
                    ..SeriesStyle::default()
                },
            ),
            over(
                Matcher::Names {
                    names: vec!["D".into(), "PIDs limit".into()],
                    exclude: true,
                },
                SeriesStyle {
                    hide_in_chart: Some(true),
                    ..SeriesStyle::default()
                },
            ),
        ];
        let display = PanelDisplay {
            overrides,
            ..PanelDisplay::default()
        };
        let lines = vec![
            ChartLine::of_values("D", &[1.0]),
            ChartLine::of_values("PIDs limit", &[2.0]),
            ChartLine::of_values("R", &[3.0]),
        ];
        let (drawn, styles) = styled_lines(&display, lines.clone(), true);
        let labels: Vec<&str> = drawn.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Uninterruptible Sleeping", "PIDs limit"],
            "R is hidden"
        );
        assert_eq!(
            styles.iter().map(|s| s.dashed).collect::<Vec<_>>(),
            [false, true]
        );
        let (legend, colors) = legend_lines(&display, &lines, true);
        let labels: Vec<&str> = legend.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["Uninterruptible Sleeping", "PIDs limit", "R"]);
        assert_eq!(colors[0], "#F2495C", "its colour found by its own name");
    }

    #[test]
    fn css_colours_as_rgb() {
        assert_eq!(rgb("#73BF69"), Some(RGBColor(0x73, 0xbf, 0x69)));
        assert_eq!(rgb("#fff"), Some(RGBColor(255, 255, 255)));
        assert_eq!(rgb("rgba(50, 172, 45, 0.97)"), Some(RGBColor(50, 172, 45)));
        assert_eq!(rgb("purple"), None);
    }
}
