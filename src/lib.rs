//! fedview: a browser viewer for the metrics WG2 exposes as a hosted Prometheus.
//!
//! The app is a Yew single-page app compiled to wasm. It reaches the upstream through
//! `fedview-relay`, parses expositions with `promtext`, and draws with plotters.

pub mod alerts;
pub mod analysis;
pub mod app;
pub mod board;
pub mod components;
pub mod draw;
pub mod editor;
pub mod model;
pub mod net;
pub mod promql;
pub mod worker;

pub use components::app::App;
