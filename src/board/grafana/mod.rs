//! Grafana's dashboard format, kept apart from what a board does: reading a dashboard's
//! JSON (`import.rs`), writing a board back as one (`export.rs`), Grafana's own migrations
//! of its older models (the rows before the grid, `migrate.rs`; the table before version
//! 7, `old_table.rs`), its field config and panel options read and written
//! (`display.rs`; a table column's cell options, `cell_options.rs`), and its transformations' JSON (`transformations.rs`).

pub mod cell_options;
pub mod display;
pub mod export;
pub mod import;
pub mod migrate;
pub mod old_table;
pub mod transformations;
