//! What the views compute from the store: the chart's lines (rates, quantiles, top lines
//! and bands), decimation to pixels, heatmap bins, the overview's summaries, cardinality, changes between polls and
//! CSV exports. Pure Rust, tested natively.

pub mod cardinality;
pub mod changes;
pub mod chart_data;
pub mod chart_line;
pub mod decimate;
pub mod export;
pub mod heatmap;
pub mod overview;
pub mod overview_history;
pub mod quantile;
pub mod rate;
