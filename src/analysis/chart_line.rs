//! One line of a chart as the worker works it out and the page draws it: its legend text,
//! its points (already decimated) and its colour.

use crate::model::point::Point;

/// One line on the chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChartLine {
    /// The legend text.
    pub label: String,
    /// Points in time order.
    pub points: Vec<Point>,
    /// Index into the palette, stable per series.
    pub color: usize,
    /// Drawn dashed: the same query some time earlier, overlaid.
    #[serde(default)]
    pub dashed: bool,
}

#[cfg(test)]
impl ChartLine {
    /// A line of `values` a second apart from time 0, in the palette's first colour: for
    /// the tests of what draws lines.
    pub fn of_values(label: &str, values: &[f64]) -> Self {
        Self {
            label: label.into(),
            points: values
                .iter()
                .enumerate()
                .map(|(i, &v)| (i as i64 * 1000, v))
                .collect(),
            color: 0,
            dashed: false,
        }
    }
}
