//! Drawing with plotters on any backend (a canvas in the browser, SVG in native tests):
//! line charts (their value scales and axes in `axes.rs`, colours by value in
//! `gradient.rs`), the bucket heatmap, and what an
//! empty chart says instead.

pub mod axes;
pub mod chart;
pub mod empty_chart;
pub mod gaps;
pub mod gradient;
pub mod heatmap_chart;
