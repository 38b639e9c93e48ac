//! The app's views: function components, one per file.

pub mod app;
pub mod connection_panel;
pub mod health_result;
pub mod text_field;
