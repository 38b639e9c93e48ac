//! The app's views: function components, one per file.

pub mod app;
pub mod chart_panel;
pub mod connection_panel;
pub mod fetch_panel;
pub mod health_result;
pub mod metric_list;
pub mod snippets_panel;
pub mod text_field;
pub mod value_table;
