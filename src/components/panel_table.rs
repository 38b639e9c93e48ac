//! A table panel over `format: table` queries, as Grafana shows it: a row per series,
//! transformed as the panel says (`board/table.rs`), each column under its display name,
//! hidden or not, and each number in its column's unit and decimals (an override by name
//! or by pattern, else the panel's), and a column of gauge cells drawn as
//! Grafana's `BarGaugeCell` draws them: a horizontal bar gauge in the cell's mode
//! (gradient unless set), coloured by the panel's thresholds, the value in the text colour.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::{
    app::board_state::PanelAnswer,
    board::{
        display::{css_color, BarMode, Field, Orientation, PanelDisplay},
        model::Panel,
        requests::PanelKey,
        shown_values::ShownValue,
        table::{build, reference, Cell, SeriesRow, Table},
    },
    components::{panel_values::bar, series_style::js_regex_matches},
    model::value_format::format_value,
};

/// A table panel over `format: table` queries: a row per series (transformed as the panel
/// says), numbers in their column's unit, gauge cells in the theme (`dark`). When the
/// transformations leave several tables, table `chosen` shows (else the panel's
/// `frameIndex`, else the first), with a menu under it that sends the user's choice to
/// `on_choose`, as Grafana's table panel offers them.
pub fn table_view(
    panel: &Panel,
    answers: &[(PanelKey, Option<PanelAnswer>)],
    dark: bool,
    chosen: Option<usize>,
    on_choose: Callback<usize>,
) -> Html {
    let references = panel
        .queries
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.hidden)
        .map(|(i, _)| reference(i));
    let rows: Vec<(String, Vec<SeriesRow>)> = references
        .zip(answers.iter().filter(|(key, _)| key.shift_s == 0))
        .map(|(reference, (_, answer))| {
            let rows = match answer {
                Some(PanelAnswer::Done(done)) => done.rows.clone(),
                _ => Vec::new(),
            };
            (reference, rows)
        })
        .collect();
    let tables = build(&rows, &panel.transformations);
    let index = chosen
        .unwrap_or(panel.display.frame_index)
        .min(tables.len().saturating_sub(1));
    let empty = Table::default();
    let table = tables.get(index).unwrap_or(&empty);
    // The columns shown, with where each is in the table's rows.
    let columns: Vec<(usize, Column)> = (0..table.columns.len())
        .map(|at| (at, Column::of(panel, table, at)))
        .filter(|(_, column)| !column.hidden)
        .collect();
    // Cells stay on one line, cut with an ellipsis, in columns as wide as Grafana makes
    // them: a column's `custom.width`, else at least its `custom.minWidth` (150 px), the
    // table scrolling sideways when they do not fit. Widths go in `<col width>`: the
    // page's CSP allows no inline style.
    let grid = html! {
        <div class="table-wrap"><table class="board-table">
            <colgroup>{ for columns.iter().map(|(_, c)| html! { <col width={c.width.to_string()} /> }) }</colgroup>
            <thead><tr>{ for columns.iter().map(|(_, c)| html! { <th scope="col">{ c.header.clone() }</th> }) }</tr></thead>
            <tbody>
                { for table.rows.iter().take(500).map(|row| html! {
                    <tr>{ for columns.iter().map(|(at, column)| column.cell(row.get(*at).and_then(Option::as_ref), dark)) }</tr>
                }) }
            </tbody>
        </table></div>
    };
    if tables.len() < 2 {
        return grid;
    }
    let onchange = Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        if let Ok(at) = select.value().parse() {
            on_choose.emit(at);
        }
    });
    html! {
        <div class="table-frames">
            { grid }
            <select class="table-frame-menu" aria-label="Table shown" {onchange}>
                { for tables.iter().enumerate().map(|(at, t)| html! {
                    <option value={at.to_string()} selected={at == index}>{ t.title() }</option>
                }) }
            </select>
        </div>
    }
}

/// How a column is shown: its header, whether it is hidden, and its cells' unit, decimals
/// and, for gauge cells, the bar gauge.
struct Column {
    /// The column's name.
    name: String,
    /// Its header: an override's `displayName`, else its name.
    header: String,
    /// Left out (`custom.hidden`).
    hidden: bool,
    /// Its unit (an override's, else the panel's).
    unit: Option<String>,
    /// Its decimals (an override's, else the panel's).
    decimals: Option<i32>,
    /// For gauge cells: the panel's display in the cells' mode, and the gauge's range.
    gauge: Option<(PanelDisplay, (f64, f64))>,
    /// Its width in pixels: its own, else its least.
    width: f64,
}

impl Column {
    /// Column `at` of `table` in `panel`. A gauge's range is the column's own `min` and
    /// `max` (an override's, else the panel's), else the range of its numbers.
    fn of(panel: &Panel, table: &Table, at: usize) -> Self {
        let name = table.display_name(at);
        let display = &panel.display;
        // What an override's matcher sees of the column: its type and its numbers.
        let texts = table
            .rows
            .iter()
            .any(|row| matches!(row.get(at), Some(Some(Cell::Text(_)))));
        let values: Option<Vec<Option<f64>>> = display.matches_by_value().then(|| {
            table
                .rows
                .iter()
                .map(|row| match row.get(at) {
                    Some(Some(Cell::Number(v))) => Some(*v),
                    _ => None,
                })
                .collect()
        });
        let field = Field {
            name: &name,
            kind: if texts { "string" } else { "number" },
            values: values.as_deref(),
        };
        let style = display.style_of(&field, js_regex_matches);
        let gauge = style.gauge_cells.map(|mode| {
            let numbers = table.rows.iter().filter_map(|row| match row.get(at) {
                Some(Some(Cell::Number(v))) if v.is_finite() => Some(*v),
                _ => None,
            });
            let (low, high) = numbers.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
            let min = style
                .min
                .or(display.min)
                .unwrap_or(if low.is_finite() { low } else { 0.0 });
            let max =
                style
                    .max
                    .or(display.max)
                    .unwrap_or(if high.is_finite() { high } else { 1.0 });
            let cells = PanelDisplay {
                bar_mode: mode,
                orientation: Orientation::Horizontal,
                ..(**display).clone()
            };
            (cells, (min, max))
        });
        Self {
            width: style.width.or(style.min_width).unwrap_or(150.0).round(),
            header: style.display_name.clone().unwrap_or_else(|| name.clone()),
            hidden: style.hidden == Some(true),
            name,
            unit: style.unit.or_else(|| panel.unit.clone()),
            decimals: style.decimals.or(display.decimals),
            gauge,
        }
    }

    /// One cell of the column.
    fn cell(&self, cell: Option<&Cell>, dark: bool) -> Html {
        match cell {
            Some(Cell::Text(text)) => html! { <td class="series">{ text.clone() }</td> },
            Some(Cell::Number(v)) => {
                let text = format_value(self.unit.as_deref(), *v, self.decimals).to_string();
                match &self.gauge {
                    Some((display, range)) => {
                        // Grafana's gauge cell writes the value in the text colour; a basic
                        // bar takes its threshold's colour.
                        let color = match display.bar_mode {
                            BarMode::Basic => display
                                .thresholds
                                .step_for(*v, range.0, range.1)
                                .map_or_else(
                                    || "currentColor".to_owned(),
                                    |s| css_color(&s.color, dark),
                                ),
                            _ => "currentColor".to_owned(),
                        };
                        let value = ShownValue {
                            label: self.name.clone(),
                            value: Some(*v),
                            text,
                            color,
                            points: Vec::new(),
                        };
                        html! { <td class="gauge-cell">{ bar(&value, display, *range, false, dark) }</td> }
                    }
                    None => html! { <td class="num">{ text }</td> },
                }
            }
            Some(Cell::Absent) | None => html! { <td /> },
        }
    }
}
