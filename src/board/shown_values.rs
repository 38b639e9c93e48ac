//! A stat, gauge or bar gauge panel's values as Grafana's `getFieldDisplayValues` works
//! them out: each series reduced to one value by the panel's calculation, mapped, written
//! in its unit with its decimals, and coloured by its threshold, a fixed colour, the
//! classic palette or a continuous scheme over the panel's range. `tests/grafana_oracle`
//! compares the text and colour with `@grafana/data`'s over the test data's real panels.

use crate::{
    analysis::chart_line::ChartLine,
    board::{
        color_scheme::scheme_color,
        display::{css_color, series_color, ColorBy, PanelDisplay},
        model::Panel,
        reduce::reduce,
        value_mapping::mapping_result,
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

/// The panel's series reduced and written as the panel says, in the theme (`dark`).
pub fn shown_values(panel: &Panel, lines: &[ChartLine], dark: bool) -> Vec<ShownValue> {
    let display = &panel.display;
    let (min, max) = range(display, lines);
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            // NaN is a value, as in Grafana (0/0 answers it): shown as "NaN", without a unit.
            let values: Vec<Option<f64>> = line.points.iter().map(|&(_, v)| Some(v)).collect();
            let value = reduce(&display.calc, &values);
            // A value mapping's text and colour come first, as in Grafana's display
            // processor; the text is then shown without the unit.
            let mapped = mapping_result(&display.mappings, value);
            let text = match (mapped.and_then(|m| m.text.clone()), value) {
                (Some(text), _) => text,
                (None, None) => "No data".to_owned(),
                (None, Some(v)) if v.is_nan() => "NaN".to_owned(),
                (None, Some(v)) => {
                    format_value(panel.unit.as_deref(), v, display.decimals).to_string()
                }
            };
            let color = match &display.color {
                _ if mapped.is_some_and(|m| m.color.is_some()) => mapped
                    .and_then(|m| m.color.as_deref())
                    .map_or_else(String::new, |c| css_color(c, dark)),
                ColorBy::Thresholds => threshold_color(display, value, min, max, dark),
                ColorBy::Fixed(color) => css_color(color, dark),
                ColorBy::Series => series_color(i, dark),
                ColorBy::Scheme(scheme) => value
                    .and_then(|v| {
                        let (low, high) = color_range(display, lines);
                        let percent = if v == f64::NEG_INFINITY {
                            0.0
                        } else {
                            (v - low) / (high - low)
                        };
                        let percent = if percent.is_nan() { 0.0 } else { percent };
                        scheme_color(scheme, percent, i, &line.label, dark, |c| {
                            css_color(c, dark)
                        })
                    })
                    .unwrap_or_else(|| threshold_color(display, value, min, max, dark)),
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

/// The colour of the threshold `value` reaches (green where there is none).
fn threshold_color(
    display: &PanelDisplay,
    value: Option<f64>,
    min: f64,
    max: f64,
    dark: bool,
) -> String {
    value
        .and_then(|v| display.thresholds.step_for(v, min, max))
        .map_or_else(|| css_color("green", dark), |s| css_color(&s.color, dark))
}

/// The range a continuous scheme spreads its colours over, as Grafana's
/// `applyFieldOverrides` works it out: the panel's `min` and `max`, else the lowest and
/// highest value of all the panel's series (NaN left out).
fn color_range(display: &PanelDisplay, lines: &[ChartLine]) -> (f64, f64) {
    let (low, high) = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .filter(|v| !v.is_nan())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    (display.min.unwrap_or(low), display.max.unwrap_or(high))
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
        let up = shown_values(&stat, &[ChartLine::of_values("{}", &[0.0, 1.0])], false);
        assert_eq!(up[0].text, "Up");
        assert_eq!(up[0].color, css_color("dark-red", false));
        let other = shown_values(&stat, &[ChartLine::of_values("{}", &[2.0])], false);
        assert_eq!(other[0].text, "2%", "an unmapped value keeps its unit");
        assert_eq!(other[0].color, css_color("green", false));
        let none = shown_values(&stat, &[ChartLine::of_values("{}", &[])], false);
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
        let shown = shown_values(&cpu, &[ChartLine::of_values("{}", &[12.0, 74.0])], true);
        assert_eq!(shown[0].text, "74.0%");
        assert_eq!(shown[0].color, "rgba(50, 172, 45, 0.97)");
        let busy = shown_values(&cpu, &[ChartLine::of_values("{}", &[90.0])], true);
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
            shown_values(&p, &[ChartLine::of_values("a", &[1.0, 2.0, 6.0])], true)[0].text,
            "3"
        );
        assert_eq!(
            range(&p.display, &[ChartLine::of_values("a", &[5.0, 20.0])]),
            (0.0, 20.0)
        );
        let none = shown_values(&p, &[ChartLine::of_values("a", &[])], true);
        assert_eq!(none[0].value, None);
        assert_eq!(none[0].text, "No data");
        // Node Exporter Full's SWAP Used on a machine without swap: 0/0. Grafana 13's
        // mean leaves NaN out, so there is no value to show.
        let swap = shown_values(&p, &[ChartLine::of_values("a", &[f64::NAN])], true);
        assert_eq!(swap[0].value, None);
    }
}
