//! Grafana's migration of the old dashboard model (before schema 16: `rows`, each holding
//! panels sized by `span` in twelfths and a row `height` in pixels) to the grid, as
//! `DashboardMigrator.upgradeToGridLayout` does it: spans become widths in 24 columns,
//! heights become grid rows of 30 px plus an 8 px margin, panels fill each row left to
//! right and wrap, and rows become row panels only when one of them is collapsed, repeated
//! or shows its title.

use serde_json::{json, Map, Value};

/// Columns of the grid.
const COLUMNS: u32 = 24;
/// A cell's height and the margin under it, in pixels.
const CELL_HEIGHT: f64 = 30.0;
const CELL_MARGIN: f64 = 8.0;
/// A row's height when it gives none, in pixels.
const DEFAULT_ROW_HEIGHT: f64 = 250.0;
/// The smallest panel, in pixels (three cells).
const MIN_PANEL_HEIGHT: f64 = CELL_HEIGHT * 3.0;
/// A panel's span when it gives none, in twelfths.
const DEFAULT_SPAN: f64 = 4.0;

/// The dashboard's old `rows` as the grid's `panels`, or `None` when it has no rows.
pub fn upgrade_rows(dashboard: &Map<String, Value>) -> Option<Vec<Value>> {
    let rows = dashboard.get("rows")?.as_array()?;
    let truthy = |row: &Value, key: &str| match row.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Null) | None => false,
        Some(_) => true,
    };
    let show_rows = rows
        .iter()
        .any(|row| truthy(row, "collapse") || truthy(row, "showTitle") || truthy(row, "repeat"));
    let mut panels = Vec::new();
    let mut y = 0;
    for row in rows {
        if truthy(row, "repeatIteration") {
            continue;
        }
        let row_height =
            grid_height(row.get("height")).unwrap_or(grid_height_of(DEFAULT_ROW_HEIGHT));
        let collapsed = truthy(row, "collapse");
        let mut row_panel = show_rows.then(|| {
            let panel = json!({
                "type": "row",
                "title": row.get("title").cloned().unwrap_or(Value::Null),
                "collapsed": collapsed,
                "repeat": row.get("repeat").cloned().unwrap_or(Value::Null),
                "panels": [],
                "gridPos": {"x": 0, "y": y, "w": COLUMNS, "h": row_height},
            });
            y += 1;
            panel
        });
        let mut area = RowArea::new(row_height, y);
        for panel in row
            .get("panels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(mut fields) = panel.as_object().cloned() else {
                continue;
            };
            let span = fields
                .get("span")
                .and_then(Value::as_f64)
                .filter(|s| *s > 0.0)
                .unwrap_or(DEFAULT_SPAN);
            let width = ((span.floor() as u32) * COLUMNS / 12).clamp(1, COLUMNS);
            let height = grid_height(fields.get("height")).unwrap_or(row_height);
            let (x, top) = area.place(width);
            y = area.y;
            let grid = json!({"x": x, "y": y + top, "w": width, "h": height});
            area.add(x, width, y + top + height);
            fields.remove("span");
            fields.insert("gridPos".to_owned(), grid);
            match row_panel.as_mut().filter(|_| collapsed) {
                Some(row_panel) => {
                    if let Some(nested) = row_panel["panels"].as_array_mut() {
                        nested.push(Value::Object(fields));
                    }
                }
                None => panels.push(Value::Object(fields)),
            }
        }
        if let Some(row_panel) = row_panel {
            panels.push(row_panel);
        }
        if !collapsed || !show_rows {
            y += row_height;
        }
    }
    // Grafana sorts the panels by their place once migrated: a row before its panels.
    let at = |p: &Value, key: &str| p["gridPos"][key].as_u64().unwrap_or(0);
    panels.sort_by_key(|p| (at(p, "y"), at(p, "x")));
    Some(panels)
}

/// A height in pixels (a number, or a string like `"250px"`) in grid rows, at least three.
fn grid_height(height: Option<&Value>) -> Option<u32> {
    let pixels = match height? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().trim_end_matches("px").trim().parse::<f64>().ok()?,
        _ => return None,
    };
    Some(grid_height_of(pixels))
}

fn grid_height_of(pixels: f64) -> u32 {
    (pixels.max(MIN_PANEL_HEIGHT) / (CELL_HEIGHT + CELL_MARGIN)).ceil() as u32
}

/// One old row being filled: for each column, how far down it is filled (Grafana's
/// `RowArea`).
struct RowArea {
    filled: Vec<u32>,
    y: u32,
    height: u32,
}

impl RowArea {
    fn new(height: u32, y: u32) -> Self {
        Self {
            filled: vec![0; COLUMNS as usize],
            y,
            height,
        }
    }

    /// Where a panel `width` columns wide goes: the column it starts at and how far below
    /// the row's top; a full row wraps to a fresh one below it.
    fn place(&mut self, width: u32) -> (u32, u32) {
        if let Some(place) = self.free_place(width) {
            return place;
        }
        self.y += self.height;
        self.filled.fill(0);
        self.free_place(width).unwrap_or((0, 0))
    }

    /// The free run at the right end of the row, if `width` fits in it (as Grafana scans
    /// it, from the right).
    fn free_place(&self, width: u32) -> Option<(u32, u32)> {
        let (mut start, mut end) = (None, None);
        for i in (0..self.filled.len()).rev() {
            if self.height > self.filled[i] {
                if end.is_none() {
                    end = Some(i);
                } else if i < self.filled.len() - 1 && self.filled[i] <= self.filled[i + 1] {
                    start = Some(i);
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let (start, end) = (start?, end?);
        (end - start + 1 >= width as usize).then(|| {
            let top = self.filled[start..].iter().copied().max().unwrap_or(0);
            (start as u32, top)
        })
    }

    /// A panel from column `x`, `width` wide, now fills down to grid row `bottom`.
    fn add(&mut self, x: u32, width: u32, bottom: u32) {
        for i in x..(x + width).min(COLUMNS) {
            let depth = bottom - self.y;
            let cell = &mut self.filled[i as usize];
            if *cell == 0 || depth > *cell {
                *cell = depth;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grids(dashboard: Value) -> Vec<(String, u32, u32, u32, u32)> {
        upgrade_rows(dashboard.as_object().expect("an object"))
            .expect("rows")
            .iter()
            .map(|p| {
                let g = &p["gridPos"];
                let n = |k: &str| g[k].as_u64().expect("a number") as u32;
                (
                    p["title"].as_str().unwrap_or_default().to_owned(),
                    n("x"),
                    n("y"),
                    n("w"),
                    n("h"),
                )
            })
            .collect()
    }

    #[test]
    fn spans_become_columns_and_rows_stack_without_row_panels() {
        // As etcd's board: no row shows its title, so the rows are dropped.
        let placed = grids(json!({"rows": [
            {"title": "Row", "height": "250px", "panels": [
                {"title": "Up", "span": 3}, {"title": "RPC Rate", "span": 5}, {"title": "Active Streams", "span": 4}]},
            {"title": "New row", "height": "250px", "panels": [
                {"title": "DB Size", "span": 4}, {"title": "Disk Sync", "span": 4}, {"title": "Memory", "span": 4}]}
        ]}));
        assert_eq!(
            placed,
            vec![
                ("Up".into(), 0, 0, 6, 7),
                ("RPC Rate".into(), 6, 0, 10, 7),
                ("Active Streams".into(), 16, 0, 8, 7),
                ("DB Size".into(), 0, 7, 8, 7),
                ("Disk Sync".into(), 8, 7, 8, 7),
                ("Memory".into(), 16, 7, 8, 7),
            ]
        );
    }

    #[test]
    fn a_full_row_wraps_and_a_titled_row_becomes_a_row_panel() {
        let placed = grids(json!({"rows": [
            {"title": "Traffic", "showTitle": true, "height": 300, "panels": [
                {"title": "a", "span": 8}, {"title": "b", "span": 8}, {"title": "c", "height": "100px"}]},
        ]}));
        // 300 px is 8 grid rows; the row panel takes one line, above its panels.
        assert_eq!(placed[0], ("Traffic".into(), 0, 0, 24, 8));
        assert_eq!(placed[1], ("a".into(), 0, 1, 16, 8));
        assert_eq!(
            placed[2],
            ("b".into(), 0, 9, 16, 8),
            "b does not fit beside a: it wraps"
        );
        assert_eq!(
            placed[3],
            ("c".into(), 16, 9, 8, 3),
            "100 px is three rows, the least"
        );
    }

    #[test]
    fn a_collapsed_row_holds_its_panels() {
        let panels = upgrade_rows(
            json!({"rows": [{"title": "Hidden", "collapse": true, "panels": [{"title": "x", "span": 12}]},
                            {"title": "Shown", "panels": [{"title": "y", "span": 12}]}]})
            .as_object()
            .expect("an object"),
        )
        .expect("rows");
        assert_eq!(panels[0]["type"], "row");
        assert_eq!(panels[0]["collapsed"], true);
        assert_eq!(panels[0]["panels"][0]["title"], "x");
        assert_eq!(panels[1]["title"], "Shown");
        assert_eq!(panels[2]["title"], "y");
        assert_eq!(
            panels[2]["gridPos"]["y"], 2,
            "below the folded row's line and the next row's"
        );
    }
}
