//! How a panel shows its values, as a Grafana panel's `fieldConfig.defaults` and `options`
//! say: decimals, min and max, thresholds and colours, the reduce calculation, and the stat,
//! gauge and bar gauge options. Reading them from Grafana's JSON is `grafana_import.rs`;
//! here is what they mean: which threshold a value reaches, and the colour Grafana gives a
//! name.

use serde::{Deserialize, Serialize};

use crate::board::reduce::DEFAULT_CALC;

/// A threshold: from `value` up (the first, with no value, from minus infinity), `color`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ThresholdStep {
    /// Where it starts; `None` for the base.
    pub value: Option<f64>,
    /// Its colour: a Grafana name (`green`, `dark-red`), `#rrggbb` or `rgba(…)`.
    pub color: String,
}

/// A panel's thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Whether the steps are percentages of the way from min to max.
    pub percentage: bool,
    /// The steps, lowest first.
    pub steps: Vec<ThresholdStep>,
}

impl Default for Thresholds {
    /// Grafana's defaults: green, and red from 80.
    fn default() -> Self {
        Self {
            percentage: false,
            steps: vec![
                ThresholdStep {
                    value: None,
                    color: "green".to_owned(),
                },
                ThresholdStep {
                    value: Some(80.0),
                    color: "red".to_owned(),
                },
            ],
        }
    }
}

impl Thresholds {
    /// The step `value` reaches (as a percentage of `min`–`max` in percentage mode), as
    /// Grafana's `getActiveThreshold` picks it: the last step not above it.
    pub fn step_for(&self, value: f64, min: f64, max: f64) -> Option<&ThresholdStep> {
        let value = if self.percentage {
            if max > min {
                (value - min) / (max - min) * 100.0
            } else {
                0.0
            }
        } else {
            value
        };
        let mut active = self.steps.first();
        for step in &self.steps {
            match step.value {
                Some(start) if value >= start => active = Some(step),
                Some(_) => break,
                None => {}
            }
        }
        active
    }

    /// Where each step starts, as a value between `min` and `max`.
    pub fn starts(&self, min: f64, max: f64) -> Vec<(f64, &str)> {
        self.steps
            .iter()
            .map(|step| {
                let start = match step.value {
                    None => min,
                    Some(v) if self.percentage => min + (max - min) * v / 100.0,
                    Some(v) => v,
                };
                (start.clamp(min, max), step.color.as_str())
            })
            .collect()
    }
}

/// How a panel colours its values (`fieldConfig.defaults.color.mode`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ColorBy {
    /// By the threshold each value reaches.
    #[default]
    Thresholds,
    /// One colour.
    Fixed(String),
    /// Each series its colour from the classic palette.
    Series,
}

/// A stat's colour mode (`options.colorMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum StatColor {
    /// The value's text in its colour.
    #[default]
    Value,
    /// The panel's background in its colour.
    Background,
    /// No colour.
    None,
}

/// A bar gauge's look (`options.displayMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BarMode {
    /// A gradient through the thresholds' colours.
    #[default]
    Gradient,
    /// Lit cells, like an LCD.
    Lcd,
    /// One colour.
    Basic,
}

/// Which way a stat lays out several values, and a bar gauge draws its bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Orientation {
    /// By the panel's shape: side by side when it is wider than tall.
    #[default]
    Auto,
    /// Bars across, values one under the other.
    Horizontal,
    /// Bars upright, values side by side.
    Vertical,
}

/// A panel's display options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelDisplay {
    /// Digits after the point, or Grafana's choice.
    pub decimals: Option<i32>,
    /// The low end of a gauge or bar, and of percentage thresholds.
    pub min: Option<f64>,
    /// The high end.
    pub max: Option<f64>,
    /// The thresholds.
    pub thresholds: Thresholds,
    /// How values are coloured.
    pub color: ColorBy,
    /// The reduce calculation a stat, gauge or bar gauge shows (`reduceOptions.calcs[0]`).
    pub calc: String,
    /// A stat's colour mode.
    pub stat_color: StatColor,
    /// A stat draws its series under its value (`graphMode: area`).
    pub sparkline: bool,
    /// A stat shows the value only, never the series' name (`textMode: value`).
    pub value_only: bool,
    /// Which way values are laid out.
    pub orientation: Orientation,
    /// A bar gauge's look.
    pub bar_mode: BarMode,
    /// A gauge draws its thresholds as a thin outer band.
    pub threshold_markers: bool,
}

impl Default for PanelDisplay {
    fn default() -> Self {
        Self {
            decimals: None,
            min: None,
            max: None,
            thresholds: Thresholds::default(),
            color: ColorBy::default(),
            calc: DEFAULT_CALC.to_owned(),
            stat_color: StatColor::default(),
            sparkline: false,
            value_only: false,
            orientation: Orientation::default(),
            bar_mode: BarMode::default(),
            threshold_markers: true,
        }
    }
}

/// The CSS colour of a Grafana colour: a named one from Grafana's palette (its dark or
/// light theme's shade), else the text as it is (`#…`, `rgb(…)`, a CSS name).
pub fn css_color(color: &str, dark: bool) -> String {
    named(color, dark).map_or_else(|| color.to_owned(), str::to_owned)
}

/// Grafana's named colours: five shades of six hues, different in the dark and light
/// themes, and the classic aliases.
fn named(name: &str, dark: bool) -> Option<&'static str> {
    const DARK: [(&str, [&str; 5]); 6] = [
        (
            "red",
            ["#FFA6B0", "#FF7383", "#F2495C", "#E02F44", "#C4162A"],
        ),
        (
            "orange",
            ["#FFCB7D", "#FFB357", "#FF9830", "#FF780A", "#FA6400"],
        ),
        (
            "yellow",
            ["#FFF899", "#FFEE52", "#FADE2A", "#F2CC0C", "#E0B400"],
        ),
        (
            "green",
            ["#C8F2C2", "#96D98D", "#73BF69", "#56A64B", "#37872D"],
        ),
        (
            "blue",
            ["#C0D8FF", "#8AB8FF", "#5794F2", "#3274D9", "#1F60C4"],
        ),
        (
            "purple",
            ["#DEB6F2", "#CA95E5", "#B877D9", "#A352CC", "#8F3BB8"],
        ),
    ];
    const LIGHT: [(&str, [&str; 5]); 6] = [
        (
            "red",
            ["#FF7383", "#F2495C", "#E02F44", "#C4162A", "#AD0317"],
        ),
        (
            "orange",
            ["#FFB357", "#FF9830", "#FF780A", "#FA6400", "#E55400"],
        ),
        (
            "yellow",
            ["#FFEE52", "#FADE2A", "#F2CC0C", "#E0B400", "#CC9D00"],
        ),
        (
            "green",
            ["#96D98D", "#73BF69", "#56A64B", "#37872D", "#19730E"],
        ),
        (
            "blue",
            ["#8AB8FF", "#5794F2", "#3274D9", "#1F60C4", "#1250B0"],
        ),
        (
            "purple",
            ["#CA95E5", "#B877D9", "#A352CC", "#8F3BB8", "#7C2EA3"],
        ),
    ];
    let (shade, hue) = [
        ("super-light-", 0),
        ("light-", 1),
        ("semi-dark-", 3),
        ("dark-", 4),
    ]
    .iter()
    .find_map(|(prefix, shade)| name.strip_prefix(prefix).map(|hue| (*shade, hue)))
    .unwrap_or((2, name));
    let hues = if dark { &DARK } else { &LIGHT };
    hues.iter()
        .find(|(h, _)| *h == hue)
        .map(|(_, shades)| shades[shade])
}

/// Grafana's classic palette, by series: the colour of the `index`th series when a panel
/// colours by series.
pub fn series_color(index: usize, dark: bool) -> String {
    const CLASSIC: [&str; 12] = [
        "green",
        "yellow",
        "blue",
        "orange",
        "red",
        "purple",
        "dark-green",
        "dark-yellow",
        "dark-blue",
        "dark-orange",
        "dark-red",
        "dark-purple",
    ];
    css_color(CLASSIC[index % CLASSIC.len()], dark)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(percentage: bool) -> Thresholds {
        Thresholds {
            percentage,
            steps: vec![
                ThresholdStep {
                    value: None,
                    color: "green".into(),
                },
                ThresholdStep {
                    value: Some(70.0),
                    color: "dark-yellow".into(),
                },
                ThresholdStep {
                    value: Some(90.0),
                    color: "dark-red".into(),
                },
            ],
        }
    }

    #[test]
    fn a_value_reaches_the_last_step_not_above_it() {
        let color =
            |t: &Thresholds, v: f64, max: f64| t.step_for(v, 0.0, max).map(|s| s.color.clone());
        let absolute = steps(false);
        assert_eq!(color(&absolute, 10.0, 100.0).as_deref(), Some("green"));
        assert_eq!(
            color(&absolute, 70.0, 100.0).as_deref(),
            Some("dark-yellow")
        );
        assert_eq!(color(&absolute, 95.0, 100.0).as_deref(), Some("dark-red"));
        assert_eq!(color(&absolute, -5.0, 100.0).as_deref(), Some("green"));
        // Node Exporter Full's Pressure bars: percentage steps over 0–1.
        let percentage = steps(true);
        assert_eq!(color(&percentage, 0.5, 1.0).as_deref(), Some("green"));
        assert_eq!(
            color(&percentage, 0.75, 1.0).as_deref(),
            Some("dark-yellow")
        );
        assert_eq!(color(&percentage, 0.95, 1.0).as_deref(), Some("dark-red"));
        assert_eq!(
            percentage.starts(0.0, 1.0),
            vec![(0.0, "green"), (0.7, "dark-yellow"), (0.9, "dark-red")]
        );
    }

    #[test]
    fn grafanas_named_colours_in_each_theme() {
        assert_eq!(css_color("green", true), "#73BF69");
        assert_eq!(css_color("green", false), "#56A64B");
        assert_eq!(css_color("dark-red", true), "#C4162A");
        assert_eq!(css_color("semi-dark-orange", true), "#FF780A");
        assert_eq!(css_color("super-light-blue", false), "#8AB8FF");
        assert_eq!(
            css_color("rgba(50, 172, 45, 0.97)", true),
            "rgba(50, 172, 45, 0.97)"
        );
        assert_eq!(css_color("#ff0000", true), "#ff0000");
        assert_eq!(series_color(0, true), "#73BF69");
        assert_eq!(series_color(12, true), "#73BF69", "the palette wraps");
    }
}
