//! How a panel shows its values, as a Grafana panel's `fieldConfig.defaults` and `options`
//! say: decimals, min and max, thresholds and colours, the reduce calculation, and the stat,
//! gauge and bar gauge options. Reading them from Grafana's JSON is `grafana/display.rs`;
//! here is what they mean: which threshold a value reaches, and the colour Grafana gives a
//! name.

use serde::{Deserialize, Serialize};

use crate::board::{
    cell_options::{Align, CellType, DataLink},
    value_mapping::ValueMapping,
};

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

/// Where `value` lies between `min` and `max`, as Grafana's scale works it out: 0 for
/// -∞ and where the answer is not a number (an empty range), past 0–1 outside it.
pub fn percent_of(value: f64, min: f64, max: f64) -> f64 {
    if value == f64::NEG_INFINITY {
        return 0.0;
    }
    let percent = (value - min) / (max - min);
    if percent.is_nan() {
        0.0
    } else {
        percent
    }
}

impl Thresholds {
    /// The step `value` reaches (as a percentage of `min`–`max` in percentage mode), as
    /// Grafana's `getActiveThreshold` picks it: the last step not above it.
    pub fn step_for(&self, value: f64, min: f64, max: f64) -> Option<&ThresholdStep> {
        let value = if self.percentage {
            percent_of(value, min, max) * 100.0
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
    /// Another of Grafana's colour schemes, by its id: a continuous scheme coloured by
    /// where the value lies in the panel's range (`continuous-GrYlRd`, …) or a palette
    /// (`palette-classic-by-name`, …); see `color_scheme.rs`.
    Scheme(String),
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

/// Where a time series' value axis is drawn (`custom.axisPlacement`). Series of one unit
/// and placement share a scale; with `auto`, the first scale's axis is on the left and
/// any other's on the right, as Grafana places them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AxisPlacement {
    /// Left for the first scale, right for the others.
    #[default]
    Auto,
    /// On the left.
    Left,
    /// On the right.
    Right,
    /// Not drawn; the series keep a scale of their own.
    Hidden,
}

/// How a time series' colour changes over its plot (`custom.gradientMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GradientMode {
    /// One colour (`none`).
    None,
    /// The fill fades from its opacity at the top of the plot to nothing at the bottom
    /// (`opacity`).
    Opacity,
    /// The colour turns in hue from the foot of the plot to its head (`hue`).
    Hue,
    /// The colour of each value by the panel's colour scheme or thresholds (`scheme`).
    Scheme,
}

/// How a time series draws its points (`custom.drawStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DrawStyle {
    /// A line through them.
    Line,
    /// A bar per point.
    Bars,
    /// A dot per point.
    Points,
}

/// How a time series' lines are drawn: the panel's `fieldConfig.defaults.custom`, or what
/// an override sets for some series. `None` leaves it to what comes before.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SeriesStyle {
    /// Fill under the line, 0–100.
    pub fill_opacity: Option<f64>,
    /// The line's width in pixels.
    pub line_width: Option<u32>,
    /// Lines, bars or points.
    pub draw: Option<DrawStyle>,
    /// Stacked on the series before it.
    pub stack: Option<bool>,
    /// Stacked to 100 %: each stacked value a share of its stack's total at that time
    /// (`stacking.mode: percent`).
    pub stack_percent: Option<bool>,
    /// Drawn below the axis (`custom.transform: negative-Y`).
    pub negative_y: Option<bool>,
    /// A fixed colour.
    pub color: Option<String>,
    /// Its own unit (an override's `unit`: a table column's, say).
    pub unit: Option<String>,
    /// How its colour changes over the plot (`gradientMode`).
    pub gradient: Option<GradientMode>,
    /// Where its value axis is drawn (`custom.axisPlacement`).
    pub axis: Option<AxisPlacement>,
    /// Where its bars sit against their points: -1 before, 0 around, 1 after
    /// (`custom.barAlignment`).
    pub bar_alignment: Option<i8>,
    /// Its bars' width, a share of the step between points (`custom.barWidthFactor`).
    pub bar_width: Option<f64>,
    /// A table column's cell type (`custom.cellOptions`, or the older
    /// `custom.displayMode`).
    pub cell: Option<CellType>,
    /// Where a table column's text sits (`custom.align`).
    pub align: Option<Align>,
    /// The links a table column's cells lead to (`links`).
    pub links: Option<Vec<DataLink>>,
    /// The name it is shown under (an override's `displayName`: a table column's header).
    pub display_name: Option<String>,
    /// Its own decimals (an override's `decimals`).
    pub decimals: Option<i32>,
    /// A table column left out of the table (`custom.hidden`).
    pub hidden: Option<bool>,
    /// Its line drawn dashed (`custom.lineStyle` with `fill: dash` or `dot`).
    pub dash: Option<bool>,
    /// Left out of the legend (`custom.hideFrom.legend`).
    pub hide_in_legend: Option<bool>,
    /// Left out of the chart (`custom.hideFrom.viz`).
    pub hide_in_chart: Option<bool>,
    /// A table column's width in pixels (`custom.width`).
    pub width: Option<f64>,
    /// A table column's least width in pixels (`custom.minWidth`; Grafana's is 150).
    pub min_width: Option<f64>,
    /// Its own thresholds (an override's `thresholds`).
    pub thresholds: Option<Thresholds>,
    /// Its own value mappings (an override's `mappings`, before the panel's).
    pub mappings: Option<Vec<crate::board::value_mapping::ValueMapping>>,
    /// Its own colour scheme (an override's `color`, whatever its mode).
    pub color_by: Option<ColorBy>,
    /// What it shows without a value (an override's `noValue`).
    pub no_value: Option<String>,
    /// Its own minimum (an override's `min`), where a gauge starts.
    pub min: Option<f64>,
    /// Its own maximum (an override's `max`), where a gauge is full.
    pub max: Option<f64>,
}

impl SeriesStyle {
    /// This style with what `over` sets put over it.
    pub fn with(&self, over: &Self) -> Self {
        Self {
            fill_opacity: over.fill_opacity.or(self.fill_opacity),
            line_width: over.line_width.or(self.line_width),
            draw: over.draw.or(self.draw),
            stack: over.stack.or(self.stack),
            stack_percent: over.stack_percent.or(self.stack_percent),
            negative_y: over.negative_y.or(self.negative_y),
            color: over.color.clone().or_else(|| self.color.clone()),
            unit: over.unit.clone().or_else(|| self.unit.clone()),
            gradient: over.gradient.or(self.gradient),
            axis: over.axis.or(self.axis),
            bar_alignment: over.bar_alignment.or(self.bar_alignment),
            bar_width: over.bar_width.or(self.bar_width),
            cell: over.cell.clone().or_else(|| self.cell.clone()),
            align: over.align.or(self.align),
            links: over.links.clone().or_else(|| self.links.clone()),
            display_name: over
                .display_name
                .clone()
                .or_else(|| self.display_name.clone()),
            decimals: over.decimals.or(self.decimals),
            hidden: over.hidden.or(self.hidden),
            dash: over.dash.or(self.dash),
            hide_in_legend: over.hide_in_legend.or(self.hide_in_legend),
            hide_in_chart: over.hide_in_chart.or(self.hide_in_chart),
            width: over.width.or(self.width),
            min_width: over.min_width.or(self.min_width),
            thresholds: over.thresholds.clone().or_else(|| self.thresholds.clone()),
            mappings: match (&over.mappings, &self.mappings) {
                // Grafana puts an override's mappings before the ones it adds to.
                (Some(over), Some(under)) => Some(over.iter().chain(under).cloned().collect()),
                (over, under) => over.clone().or_else(|| under.clone()),
            },
            color_by: over.color_by.clone().or_else(|| self.color_by.clone()),
            no_value: over.no_value.clone().or_else(|| self.no_value.clone()),
            min: over.min.or(self.min),
            max: over.max.or(self.max),
        }
    }
}

/// Which series an override is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Matcher {
    /// The series named so (`byName`).
    Name(String),
    /// The series whose name a regular expression matches (`byRegexp`).
    Regex(String),
    /// The fields of a type (`byType`: `number`, `string`, `time`, …).
    Type(String),
    /// The series named in a list, or every series but those (`byNames`, its `mode`
    /// `include` or `exclude`).
    Names {
        /// The names.
        names: Vec<String>,
        /// Every series but these.
        exclude: bool,
    },
    /// The series a query's `refId` answered (`byFrameRefID`): a panel resolves it into
    /// their names ([`PanelDisplay::with_frames`]) once its answers are in.
    RefId(String),
    /// The series whose values reduce to one that passes a comparison (`byValue`): the
    /// reduce calculation, the operator (`gt`, `gte`, `lt`, `lte`, `eq`, `neq`) and the
    /// value compared with.
    Value {
        /// The reduce calculation.
        reducer: String,
        /// The comparison.
        op: String,
        /// What the reduced value is compared with.
        value: Option<f64>,
    },
}

impl Matcher {
    /// Whether it matches `field`, as Grafana's field matchers test one;
    /// `regex_matches(pattern, name)` tests a `byRegexp` one.
    pub fn matches(&self, field: &Field<'_>, regex_matches: impl Fn(&str, &str) -> bool) -> bool {
        match self {
            Self::Name(name) => name == field.name,
            Self::Regex(pattern) => regex_matches(pattern, field.name),
            Self::Type(kind) => kind == field.kind,
            Self::Names { names, exclude } => names.iter().any(|n| n == field.name) != *exclude,
            Self::RefId(_) => false,
            Self::Value { reducer, op, value } => {
                let Some(values) = field.values else {
                    return false;
                };
                let reduced = crate::board::reduce::reduce(reducer, values);
                if reducer == "allIsNull" || reducer == "allIsZero" {
                    return reduced.is_some_and(|v| v != 0.0 && !v.is_nan());
                }
                compare(reduced, op, *value)
            }
        }
    }
}

/// Grafana's `compareValues`: a missing side is the text "null" (and `gte`, `lte` then
/// test equality); equality compares the values as JavaScript writes them.
fn compare(left: Option<f64>, op: &str, right: Option<f64>) -> bool {
    use crate::model::value_format::format_value;
    let text = |v: Option<f64>| {
        v.map_or_else(
            || "null".to_owned(),
            |v| format_value(Some("string"), v, None).text,
        )
    };
    let op = match (left, right, op) {
        (None, _, "gte" | "lte") | (_, None, "gte" | "lte") => "eq",
        _ => op,
    };
    match (op, left, right) {
        ("eq", _, _) => text(left) == text(right),
        ("neq", _, _) => text(left) != text(right),
        // "null" against a number is never greater or smaller in JavaScript.
        (_, None, _) | (_, _, None) => false,
        ("gt", Some(l), Some(r)) => l > r,
        ("gte", Some(l), Some(r)) => l >= r,
        ("lt", Some(l), Some(r)) => l < r,
        ("lte", Some(l), Some(r)) => l <= r,
        _ => false,
    }
}

/// What an override's matcher looks at: a field's name, its type and, where known, its
/// values.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// Its display name.
    pub name: &'a str,
    /// Its type as Grafana names it (`number`, `string`, `time`).
    pub kind: &'a str,
    /// Its values, where the caller has them (a `byValue` matcher needs them).
    pub values: Option<&'a [Option<f64>]>,
}

impl<'a> Field<'a> {
    /// A number field named `name`, its values unknown.
    pub fn named(name: &'a str) -> Self {
        Self {
            name,
            kind: "number",
            values: None,
        }
    }
}

/// What an override sets, for the series it matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    /// Which series.
    pub matcher: Matcher,
    /// What it sets.
    pub style: SeriesStyle,
}

/// The legend of a time series (`options.legend`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LegendOptions {
    /// A table of the series with a column per calculation, rather than a list.
    pub table: bool,
    /// The calculations a table shows (`mean`, `max`, `lastNotNull`, …).
    pub calcs: Vec<String>,
    /// No legend at all.
    pub hidden: bool,
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
    /// How a time series draws its lines.
    pub series: SeriesStyle,
    /// What overrides set for some series.
    pub overrides: Vec<Override>,
    /// The legend.
    pub legend: LegendOptions,
    /// The value axis reaches at least down to here, and up to here (`axisSoftMin`, `axisSoftMax`).
    pub soft_min: Option<f64>,
    /// See `soft_min`.
    pub soft_max: Option<f64>,
    /// Values shown as a text or colour of their own (`fieldConfig.defaults.mappings`).
    pub mappings: Vec<ValueMapping>,
    /// What a series without a value shows (`fieldConfig.defaults.noValue`).
    pub no_value: Option<String>,
    /// The table a table panel shows first when its transformations leave several
    /// (`options.frameIndex`).
    pub frame_index: usize,
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
            series: SeriesStyle::default(),
            overrides: Vec::new(),
            legend: LegendOptions::default(),
            soft_min: None,
            soft_max: None,
            mappings: Vec::new(),
            no_value: None,
            frame_index: 0,
        }
    }
}

impl PanelDisplay {
    /// Whether an override picks series by the query that answered them
    /// (`byFrameRefID`).
    pub fn matches_by_frame(&self) -> bool {
        self.overrides
            .iter()
            .any(|o| matches!(o.matcher, Matcher::RefId(_)))
    }

    /// The display with each `byFrameRefID` override turned into the names of the series
    /// its query answered (`series`: each series' name and its query's reference), so
    /// that it applies to them as Grafana applies it to that query's frames.
    pub fn with_frames(&self, series: &[(String, String)]) -> PanelDisplay {
        let mut display = self.clone();
        for o in &mut display.overrides {
            if let Matcher::RefId(id) = &o.matcher {
                let names = series
                    .iter()
                    .filter(|(_, reference)| reference == id)
                    .map(|(name, _)| name.clone())
                    .collect();
                o.matcher = Matcher::Names {
                    names,
                    exclude: false,
                };
            }
        }
        display
    }

    /// How the series named `name` is drawn: the panel's style, then each override that
    /// matches it, in order. `regex_matches(pattern, name)` tests a `byRegexp` override (the
    /// page runs it as JavaScript does, as Grafana does).
    pub fn style_for(&self, name: &str, regex_matches: impl Fn(&str, &str) -> bool) -> SeriesStyle {
        self.style_of(&Field::named(name), regex_matches)
    }

    /// Whether an override matches by reduced value (`byValue`), and so needs a field's
    /// values; without one, callers need not copy them.
    pub fn matches_by_value(&self) -> bool {
        self.overrides
            .iter()
            .any(|o| matches!(o.matcher, Matcher::Value { .. }))
    }

    /// How `field` is drawn: the panel's style, then each override that matches it.
    pub fn style_of(
        &self,
        field: &Field<'_>,
        regex_matches: impl Fn(&str, &str) -> bool,
    ) -> SeriesStyle {
        self.overrides
            .iter()
            .filter(|o| o.matcher.matches(field, &regex_matches))
            .fold(self.series.clone(), |style, o| style.with(&o.style))
    }
}

/// The CSS colour of a Grafana colour: a named one from Grafana's palette (its dark or
/// light theme's shade), else the text as it is (`#…`, `rgb(…)`, a CSS name).
pub fn css_color(color: &str, dark: bool) -> String {
    match named(color, dark) {
        Some(hex) => hex.to_owned(),
        None if color.starts_with('#') || color.contains("rgb") => color.to_owned(),
        None => super::color_scheme::theme_color(color, dark).unwrap_or_else(|| color.to_owned()),
    }
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
    super::color_scheme::scheme_color("palette-classic", 0.0, index, "", dark, |c| {
        css_color(c, dark)
    })
    .unwrap_or_else(|| super::color_scheme::FALLBACK.to_owned())
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
    fn overrides_apply_in_order_to_the_series_they_match() {
        let display = PanelDisplay {
            series: SeriesStyle {
                fill_opacity: Some(20.0),
                line_width: Some(1),
                ..SeriesStyle::default()
            },
            overrides: vec![
                Override {
                    matcher: Matcher::Regex("/.*trans.*/".into()),
                    style: SeriesStyle {
                        negative_y: Some(true),
                        ..SeriesStyle::default()
                    },
                },
                Override {
                    matcher: Matcher::Name("eth0 transmit".into()),
                    style: SeriesStyle {
                        fill_opacity: Some(0.0),
                        ..SeriesStyle::default()
                    },
                },
            ],
            ..PanelDisplay::default()
        };
        let contains =
            |pattern: &str, name: &str| name.contains(pattern.trim_matches(['/', '.', '*']));
        let transmit = display.style_for("eth0 transmit", contains);
        assert_eq!(transmit.negative_y, Some(true));
        assert_eq!(transmit.fill_opacity, Some(0.0), "the later override wins");
        assert_eq!(transmit.line_width, Some(1), "the panel's own style stays");
        let receive = display.style_for("eth0 receive", contains);
        assert_eq!(receive.negative_y, None);
        assert_eq!(receive.fill_opacity, Some(20.0));
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
        assert_eq!(series_color(1, true), "#F2CC0C", "semi-dark yellow");
        assert_eq!(series_color(12, true), "#C8F2C2", "a 64-colour palette");
        assert_eq!(series_color(64, true), "#73BF69", "the palette wraps");
        assert_eq!(css_color("text", true), "rgb(204, 204, 220)");
        assert_eq!(css_color("transparent", false), "rgba(255, 255, 255, 0)");
        assert_eq!(css_color("DarkRed", true), "#8b0000", "CSS's own names");
    }
}
