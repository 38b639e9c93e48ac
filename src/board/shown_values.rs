//! A stat, gauge or bar gauge panel's values as Grafana's `getFieldDisplayValues` works
//! them out: each series reduced to one value by the panel's calculation, mapped, written
//! in its unit with its decimals, and coloured by its threshold, a fixed colour, the
//! classic palette or a continuous scheme over the panel's range. `tests/grafana_oracle`
//! compares the text and colour with `@grafana/data`'s over the test data's real panels.

use crate::{
    analysis::chart_line::ChartLine,
    board::{
        color_scheme::scheme_color,
        display::{css_color, percent_of, series_color, ColorBy, Field, PanelDisplay, Thresholds},
        model::Panel,
        reduce::reduce,
        value_mapping::{mapping_result, ValueMapping},
    },
    model::value_format::format_value,
};

/// One series, reduced.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownValue {
    /// The series' legend, shown only when the panel has several.
    pub label: String,
    /// The reduced value, if the calculation has one.
    pub value: Option<f64>,
    /// It, written in the panel's unit.
    pub text: String,
    /// Its colour.
    pub color: String,
    /// Its points, for a sparkline.
    pub points: Vec<(i64, f64)>,
}

/// What one series is shown with: the panel's field config with the overrides that
/// match the series put over it, as Grafana's `applyFieldOverrides` builds a field's.
struct FieldConfig<'a> {
    unit: Option<String>,
    decimals: Option<i32>,
    thresholds: std::borrow::Cow<'a, Thresholds>,
    color: std::borrow::Cow<'a, ColorBy>,
    mappings: std::borrow::Cow<'a, [ValueMapping]>,
    no_value: Option<String>,
    /// The range colours and percentage thresholds are worked out over.
    range: (f64, f64),
}

/// The panel's series reduced and written as the panel says, in the theme (`dark`), as
/// Grafana's display processor writes and colours each: a mapping's text and colour
/// first; then the value in its unit, or, without a number, the `noValue` text (empty
/// by default) or "NaN"; a value without a colour of its own takes the colour of -∞.
/// `regex_matches(pattern, name)` tests a `byRegexp` override (the page runs it as
/// JavaScript does, as Grafana does).
pub fn shown_values(
    panel: &Panel,
    lines: &[ChartLine],
    dark: bool,
    regex_matches: impl Fn(&str, &str) -> bool,
) -> Vec<ShownValue> {
    let display = &panel.display;
    let data_range = data_range(lines);
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let values: Vec<Option<f64>> = line.points.iter().map(|&(_, v)| Some(v)).collect();
            let field = Field {
                name: &line.label,
                kind: "number",
                values: Some(&values),
            };
            let config = field_config(panel, &field, data_range, &regex_matches);
            let value = reduce(&display.calc, &values);
            let mapped = mapping_result(&config.mappings, value);
            let number = value.filter(|v| !v.is_nan());
            let text = match (mapped.and_then(|m| m.text.clone()), value) {
                (Some(text), _) => text,
                (None, Some(v)) if !v.is_nan() => {
                    format_value(config.unit.as_deref(), v, config.decimals).to_string()
                }
                (None, Some(_)) => "NaN".to_owned(),
                (None, None) => config.no_value.clone().unwrap_or_default(),
            };
            let color = match mapped.and_then(|m| m.color.as_deref()) {
                Some(color) => css_color(color, dark),
                None => value_color(
                    &config,
                    number.unwrap_or(f64::NEG_INFINITY),
                    i,
                    &line.label,
                    dark,
                ),
            };
            ShownValue {
                label: line.label.clone(),
                value,
                text,
                color,
                points: line.points.clone(),
            }
        })
        .collect()
}

/// The field config of `field`.
fn field_config<'a>(
    panel: &'a Panel,
    field: &Field<'_>,
    data_range: (Option<f64>, Option<f64>),
    regex_matches: impl Fn(&str, &str) -> bool,
) -> FieldConfig<'a> {
    let display = &panel.display;
    let style = display.style_of(field, regex_matches);
    let min = style.min.or(display.min);
    let max = style.max.or(display.max);
    // Grafana's calculateRange: the field's own min and max when it has both, else the
    // lowest and highest value of all the panel's series in place of what it lacks.
    let range = match (min, max) {
        (Some(min), Some(max)) => (min, max),
        (min, max) => (
            // With no value at all Grafana's ends are null, which its arithmetic reads as 0.
            min.or(data_range.0).unwrap_or(0.0),
            max.or(data_range.1).unwrap_or(0.0),
        ),
    };
    // An override's mappings come before the panel's; without any, the panel's are lent.
    let mappings = match &style.mappings {
        Some(own) => {
            std::borrow::Cow::Owned(own.iter().chain(&display.mappings).cloned().collect())
        }
        None => std::borrow::Cow::Borrowed(display.mappings.as_slice()),
    };
    FieldConfig {
        unit: style.unit.clone().or_else(|| panel.unit.clone()),
        decimals: style.decimals.or(display.decimals),
        thresholds: style.thresholds.clone().map_or(
            std::borrow::Cow::Borrowed(&display.thresholds),
            std::borrow::Cow::Owned,
        ),
        color: style.color_by.clone().map_or(
            std::borrow::Cow::Borrowed(&display.color),
            std::borrow::Cow::Owned,
        ),
        mappings,
        no_value: style.no_value.clone().or_else(|| display.no_value.clone()),
        range,
    }
}

/// The colour of a number (-∞ for a value that is not one), as Grafana's scale works it
/// out: its threshold, a fixed colour, the `index`th series' palette colour, or a
/// continuous scheme's colour where it lies in the field's range.
fn value_color(
    config: &FieldConfig<'_>,
    value: f64,
    index: usize,
    name: &str,
    dark: bool,
) -> String {
    let (min, max) = config.range;
    let percent = percent_of(value, min, max);
    let threshold = || {
        let at = if config.thresholds.percentage {
            percent * 100.0
        } else {
            value
        };
        let step = config
            .thresholds
            .steps
            .iter()
            .take_while(|step| step.value.is_none_or(|start| at >= start))
            .last()
            .or(config.thresholds.steps.first());
        step.map_or_else(|| css_color("green", dark), |s| css_color(&s.color, dark))
    };
    match config.color.as_ref() {
        ColorBy::Thresholds => threshold(),
        ColorBy::Fixed(color) => css_color(color, dark),
        ColorBy::Series => series_color(index, dark),
        ColorBy::Scheme(scheme) => {
            scheme_color(scheme, percent, index, name, dark, |c| css_color(c, dark))
                .unwrap_or_else(threshold)
        }
    }
}

/// The lowest and highest value of all the panel's series (NaN left out), as Grafana's
/// `findNumericFieldMinMax` finds them.
fn data_range(lines: &[ChartLine]) -> (Option<f64>, Option<f64>) {
    lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .filter(|v| !v.is_nan())
        .fold((None, None), |(lo, hi): (Option<f64>, Option<f64>), v| {
            (
                Some(lo.map_or(v, |lo| lo.min(v))),
                Some(hi.map_or(v, |hi| hi.max(v))),
            )
        })
}

/// The low and high ends values are drawn against: the panel's `min` and `max`, else the
/// data's own (from zero, for data that never goes below it), as Grafana works them out.
pub fn range(display: &PanelDisplay, lines: &[ChartLine]) -> (f64, f64) {
    let finite = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .filter(|v| v.is_finite());
    let (low, high) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let min = display
        .min
        .unwrap_or(if low.is_finite() { low.min(0.0) } else { 0.0 });
    let max = display
        .max
        .unwrap_or(if high.is_finite() { high } else { 1.0 });
    if max > min {
        (min, max)
    } else {
        (min, min + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::display::{ThresholdStep, Thresholds};
    use crate::board::{display::PanelDisplay, model::PanelKind};

    fn panel(kind: PanelKind, unit: &str, display: PanelDisplay) -> Panel {
        Panel {
            kind,
            unit: Some(unit.into()),
            display: Box::new(display),
            ..Panel::default()
        }
    }

    #[test]
    fn a_mapped_value_shows_its_text_and_colour_without_the_unit() {
        let display = PanelDisplay {
            mappings: crate::board::value_mapping::read_mappings(
                &serde_json::from_str(
                    r#"[{"type": "value", "options": {"1": {"text": "Up", "color": "dark-red"}}},
                        {"type": "special", "options": {"match": "null", "result": {"text": "N/A"}}}]"#,
                )
                .expect("JSON"),
                &Thresholds::default(),
            ),
            ..PanelDisplay::default()
        };
        let stat = panel(PanelKind::Stat, "percent", display);
        let up = shown_values(
            &stat,
            &[ChartLine::of_values("{}", &[0.0, 1.0])],
            false,
            |_, _| false,
        );
        assert_eq!(up[0].text, "Up");
        assert_eq!(up[0].color, css_color("dark-red", false));
        let other = shown_values(
            &stat,
            &[ChartLine::of_values("{}", &[2.0])],
            false,
            |_, _| false,
        );
        assert_eq!(other[0].text, "2%", "an unmapped value keeps its unit");
        assert_eq!(other[0].color, css_color("green", false));
        let none = shown_values(&stat, &[ChartLine::of_values("{}", &[])], false, |_, _| {
            false
        });
        assert_eq!(none[0].text, "N/A", "no value: the null mapping");
    }

    #[test]
    fn a_gauge_of_cpu_busy_reads_as_grafana_writes_it() {
        let display = PanelDisplay {
            decimals: Some(1),
            min: Some(0.0),
            max: Some(100.0),
            thresholds: Thresholds {
                percentage: false,
                steps: vec![
                    ThresholdStep {
                        value: None,
                        color: "rgba(50, 172, 45, 0.97)".into(),
                    },
                    ThresholdStep {
                        value: Some(85.0),
                        color: "rgba(237, 129, 40, 0.89)".into(),
                    },
                ],
            },
            ..PanelDisplay::default()
        };
        let cpu = panel(PanelKind::Gauge, "percent", display);
        let shown = shown_values(
            &cpu,
            &[ChartLine::of_values("{}", &[12.0, 74.0])],
            true,
            |_, _| false,
        );
        assert_eq!(shown[0].text, "74.0%");
        assert_eq!(shown[0].color, "rgba(50, 172, 45, 0.97)");
        let busy = shown_values(
            &cpu,
            &[ChartLine::of_values("{}", &[90.0])],
            true,
            |_, _| false,
        );
        assert_eq!(busy[0].color, "rgba(237, 129, 40, 0.89)");
    }

    #[test]
    fn the_calculation_and_the_data_range_follow_the_panel() {
        let mean = PanelDisplay {
            calc: "mean".into(),
            ..PanelDisplay::default()
        };
        let p = panel(PanelKind::Stat, "short", mean);
        assert_eq!(
            shown_values(
                &p,
                &[ChartLine::of_values("a", &[1.0, 2.0, 6.0])],
                true,
                |_, _| false
            )[0]
            .text,
            "3"
        );
        assert_eq!(
            range(&p.display, &[ChartLine::of_values("a", &[5.0, 20.0])]),
            (0.0, 20.0)
        );
        let none = shown_values(&p, &[ChartLine::of_values("a", &[])], true, |_, _| false);
        assert_eq!(none[0].value, None);
        // A series without a value shows the panel's noValue, empty by default, as
        // Grafana's display processor writes it ("No data" is for a panel with no series).
        assert_eq!(none[0].text, "");
        // Node Exporter Full's SWAP Used on a machine without swap: 0/0. Grafana 13's
        // mean leaves NaN out, so there is no value to show.
        let swap = shown_values(
            &p,
            &[ChartLine::of_values("a", &[f64::NAN])],
            true,
            |_, _| false,
        );
        assert_eq!(swap[0].value, None);
    }
}
