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
