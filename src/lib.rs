//! fedview: a browser viewer for the metrics WG2 exposes as a hosted Prometheus.
//!
//! The app is a Yew single-page app compiled to wasm. It reaches the upstream through
//! `fedview-relay`, parses expositions with `promtext`, and draws with plotters.

pub mod api;
pub mod cardinality;
pub mod changes;
pub mod chart;
pub mod chart_data;
pub mod components;
pub mod credentials;
pub mod data_link;
pub mod decimate;
pub mod device_storage;
pub mod empty_chart;
pub mod export;
pub mod health;
pub mod heatmap;
pub mod heatmap_chart;
pub mod history;
pub mod metric_kind;
pub mod offline;
pub mod quantile;
pub mod rate;
pub mod series_store;
pub mod snippets;
pub mod state;
pub mod units;
pub mod view_url;
pub mod worker;
pub mod xor_chunk;

pub use components::app::App;
