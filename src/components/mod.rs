//! The app's views: function components, one per file.

pub mod app;
pub mod board_import;
pub mod board_panel;
pub mod boards_view;
pub mod cardinality_panel;
pub mod changes_panel;
pub mod chart_panel;
pub mod connection_panel;
pub mod dump_panel;
pub mod fetch_panel;
pub mod health_result;
pub mod heatmap_panel;
pub mod label_filters;
pub mod legend;
pub mod metric_list;
pub mod overview_board;
pub mod panel_editor;
pub mod plot;
pub mod query_panel;
pub mod range_picker;
pub mod snippets_panel;
pub mod text_field;
pub mod value_table;
