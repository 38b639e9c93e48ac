//! Boards: the dashboards fedview draws. The model (rows of panels on a 24-column grid,
//! each with PromQL queries, or text); variables and their substitution into queries; reading and
//! writing Grafana's dashboard JSON and reading Perses'; panels pinned from charts; grid
//! layout; and the requests a board makes. Pure Rust, tested natively.

pub mod cell_colors;
pub mod cell_options;
pub mod color_scheme;
pub mod display;
pub mod display_processor;
pub mod grafana;
pub mod import;
pub mod interpolate;
pub mod js_sort;
pub mod json_fields;
pub mod layout;
pub mod legend;
pub mod model;
pub mod perses_import;
pub mod pinning;
pub mod reduce;
pub mod repeat;
pub mod requests;
pub mod series_calculation;
pub mod shown_values;
pub mod table;
pub mod table_cells;
pub mod text_panel;
pub mod value_mapping;
pub mod variables;
