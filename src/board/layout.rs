//! Where panels go: each row's panels on the 24-column grid, placed as their positions say
//! (relative to the row's top), and reflowed left to right when the user reorders or
//! resizes them on a board of their own.

use crate::board::model::{GridPos, Panel, GRID_COLUMNS};

/// A panel's place in its row's CSS grid (1-based lines, as CSS counts them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// First column line.
    pub column: u32,
    /// Columns spanned.
    pub span: u32,
    /// First row line.
    pub row: u32,
    /// Rows spanned.
    pub height: u32,
}

impl Placement {
    /// The CSS `grid-column` value.
    pub fn grid_column(self) -> String {
        format!("{} / span {}", self.column, self.span)
    }

    /// The CSS `grid-row` value.
    pub fn grid_row(self) -> String {
        format!("{} / span {}", self.row, self.height)
    }
}

/// The places of a row's panels (as drawn: repeats expanded), in the row's order,
/// compacted upwards as Grafana's grid compacts them (react-grid-layout's vertical
/// compaction): in order of their positions, top to bottom and left to right, each panel
/// rises until it would overlap one placed before it or reaches the row's top. A row
/// folded in the file keeps its panels' old positions (Node Exporter Full's "Network
/// Traffic" sits 412 grid rows below "CPU" in its row); unfolded, they close up as in
/// Grafana.
pub fn place<'a>(panels: impl Iterator<Item = &'a Panel> + Clone) -> Vec<Placement> {
    let top = panels.clone().map(|p| p.grid.y).min().unwrap_or(0);
    let mut places: Vec<Placement> = panels
        .map(|p| Placement {
            column: p.grid.x + 1,
            span: p.grid.w,
            row: p.grid.y - top + 1,
            height: p.grid.h,
        })
        .collect();
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by_key(|&i| (places[i].row, places[i].column));
    let mut placed: Vec<Placement> = Vec::with_capacity(places.len());
    for i in order {
        let mut place = places[i];
        let overlaps = |a: &Placement, b: &Placement| {
            a.column < b.column + b.span
                && b.column < a.column + a.span
                && a.row < b.row + b.height
                && b.row < a.row + a.height
        };
        // Never lower than the bottom of what is placed, then up while nothing is in the way.
        let bottom = placed.iter().map(|p| p.row + p.height).max().unwrap_or(1);
        place.row = place.row.min(bottom);
        while place.row > 1 {
            let higher = Placement {
                row: place.row - 1,
                ..place
            };
            if placed.iter().any(|p| overlaps(p, &higher)) {
                break;
            }
            place = higher;
        }
        // Then down past anything it still overlaps.
        while let Some(under) = placed.iter().find(|p| overlaps(p, &place)) {
            place.row = under.row + under.height;
        }
        places[i] = place;
        placed.push(place);
    }
    places
}

/// Lays `panels` out again in their order: left to right, a new line when the next does
/// not fit, each line as tall as its tallest panel, starting at grid row `top`.
pub fn reflow(panels: &mut [Panel], top: u32) {
    let (mut x, mut y, mut line_height) = (0, top, 0);
    for panel in panels {
        let w = panel.grid.w.clamp(1, GRID_COLUMNS);
        if x + w > GRID_COLUMNS {
            x = 0;
            y += line_height;
            line_height = 0;
        }
        panel.grid = GridPos {
            x,
            y,
            w,
            h: panel.grid.h,
        };
        x += w;
        line_height = line_height.max(panel.grid.h);
    }
}

/// The tallest a panel can be made, in grid rows (Grafana's editor stops nowhere; a board
/// taller than two screens helps no one).
pub const MAX_ROWS: u32 = 40;

/// A panel's size on Grafana's grid, as the user set it: `columns` of 24 and `rows` of
/// 30 px (each kept on the grid).
pub fn resize(panel: &mut Panel, columns: u32, rows: u32) {
    panel.grid.w = columns.clamp(1, GRID_COLUMNS);
    panel.grid.h = rows.clamp(1, MAX_ROWS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::model::Row;

    fn panel(x: u32, y: u32, w: u32, h: u32) -> Panel {
        Panel {
            grid: GridPos { x, y, w, h },
            ..Panel::default()
        }
    }

    #[test]
    fn a_row_places_its_panels_from_its_top() {
        let row = Row {
            panels: vec![
                panel(0, 10, 12, 8),
                panel(12, 10, 12, 4),
                panel(0, 18, 24, 2),
            ],
            ..Row::default()
        };
        let placed = place(row.panels.iter());
        assert_eq!(placed[1].grid_column(), "13 / span 12");
        assert_eq!(placed[1].grid_row(), "1 / span 4");
        assert_eq!(placed[2].grid_row(), "9 / span 2");
    }

    #[test]
    fn panels_rise_into_the_gaps_above_them_as_in_grafana() {
        // Node Exporter Full's "CPU / Memory / Net / Disk" row, as the file keeps it
        // folded: two panels at y 21, the next ones at 433.
        let row = Row {
            panels: vec![
                panel(0, 21, 12, 10),
                panel(12, 21, 12, 10),
                panel(0, 433, 12, 10),
                panel(12, 433, 12, 10),
                panel(0, 443, 24, 4),
            ],
            ..Row::default()
        };
        let rows: Vec<String> = place(row.panels.iter())
            .iter()
            .map(|p| p.grid_row())
            .collect();
        assert_eq!(
            rows,
            [
                "1 / span 10",
                "1 / span 10",
                "11 / span 10",
                "11 / span 10",
                "21 / span 4"
            ]
        );
        // A narrow panel under a wide one rises only as far as the wide one lets it.
        let row = Row {
            panels: vec![panel(0, 0, 24, 3), panel(6, 9, 6, 2)],
            ..Row::default()
        };
        assert_eq!(place(row.panels.iter())[1].grid_row(), "4 / span 2");
    }

    #[test]
    fn reflow_fills_lines_left_to_right() {
        let mut panels = vec![panel(0, 0, 12, 8), panel(0, 8, 18, 4), panel(0, 12, 6, 3)];
        reflow(&mut panels, 0);
        let grids: Vec<(u32, u32)> = panels.iter().map(|p| (p.grid.x, p.grid.y)).collect();
        // 12 + 18 does not fit: the second starts a line below the first's 8 rows.
        assert_eq!(grids, [(0, 0), (0, 8), (18, 8)]);
        resize(&mut panels[1], 30, 0);
        assert_eq!(
            (panels[1].grid.w, panels[1].grid.h),
            (24, 1),
            "kept on the grid"
        );
    }
}
