//! A stat, gauge or bar gauge panel's values as Grafana's `getFieldDisplayValues` works
//! them out: each series reduced to one value by the panel's calculation, mapped, written
//! in its unit with its decimals, and coloured by its threshold, a fixed colour, the
//! classic palette or a continuous scheme over the panel's range. `tests/grafana_oracle`
//! compares the text and colour with `@grafana/data`'s over the test data's real panels.

use crate::{
    analysis::chart_line::ChartLine,
    board::{
        display::{Field, PanelDisplay},
        display_processor::{data_range, FieldConfig},
        model::Panel,
        reduce::reduce,
    },
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
    let data_range = data_range(lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)));
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
            let style = display.style_of(&field, &regex_matches);
            let config = FieldConfig::of(panel, &style, data_range, true);
            let value = reduce(&display.calc, &values);
            let (text, color) = config.number(value, i, &line.label, dark);
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
    use crate::board::display::{css_color, ThresholdStep, Thresholds};
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
