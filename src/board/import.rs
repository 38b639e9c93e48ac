//! Opening a dashboard file: Perses (`kind: Dashboard`) or Grafana, told apart by its JSON.

use crate::board::{
    grafana::import::import_grafana,
    json_fields::{error, ImportError},
    model::Board,
    perses_import::{import_perses, is_perses},
};

/// Reads a Grafana or Perses dashboard from its JSON text.
///
/// # Errors
/// Where the text is not JSON, or what in it is malformed, by JSON path.
pub fn import_dashboard(text: &str) -> Result<Board, ImportError> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        error(
            "$",
            format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    if is_perses(&json) {
        import_perses(&json)
    } else {
        import_grafana(text)
    }
}
