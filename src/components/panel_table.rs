//! A table panel over `format: table` queries, as Grafana shows it: a row per series,
//! transformed as the panel says (`board/table.rs`), each column under its display name,
//! hidden or not, aligned as set, each cell written and coloured as its column's field
//! config says (`board/table_cells.rs`: mappings, unit, decimals, thresholds, coloured
//! text or background), and the other cell types drawn: gauge cells as Grafana's
//! `BarGaugeCell` (a horizontal bar gauge in the cell's mode, gradient unless set),
//! images, JSON, and the column's data links.

use wasm_bindgen::JsCast as _;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use crate::{
    app::board_state::PanelAnswer,
    board::{
        cell_options::{Align, CellType, DataLink},
        display::{BarMode, Orientation, PanelDisplay},
        model::Panel,
        requests::PanelKey,
        shown_values::ShownValue,
        table::{build, Cell, SeriesRow, Table},
        table_cells::{columns, link_address, Column, ShownCell},
    },
    components::{fetch_panel::utc_offset_minutes, panel_values::bar, series_style::BrowserRegex},
};

/// A table panel over `format: table` queries: a row per series (transformed as the panel
/// says), numbers in their column's unit, gauge cells in the theme (`dark`). When the
/// transformations leave several tables, table `chosen` shows (else the panel's
/// `frameIndex`, else the first), with a menu under it that sends the user's choice to
/// `on_choose`, as Grafana's table panel offers them.
pub fn table_view(
    panel: &Panel,
    answers: &[(PanelKey, Option<PanelAnswer>)],
    variables: &[(String, String)],
    dark: bool,
    chosen: Option<usize>,
    on_choose: Callback<usize>,
) -> Html {
    let references = panel
        .queries
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.hidden)
        .map(|(i, q)| q.reference(i));
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
    let regex = BrowserRegex;
    let columns: Vec<Column<'_>> = columns(panel, table, &tables, &regex, utc_offset_minutes())
        .into_iter()
        .filter(|column| !column.hidden)
        .collect();
    let rows = table.rows.iter().take(500).map(|row| {
        let shown: Vec<ShownCell> = columns
            .iter()
            .map(|c| c.cell(row.get(c.at).and_then(Option::as_ref), dark, &regex))
            .collect();
        // A column that colours its whole row (`applyToRow`) paints the others too.
        let row_paint = columns
            .iter()
            .zip(&shown)
            .find(|(c, _)| c.colours_its_row())
            .map(|(_, cell)| (cell.color.clone(), cell.background.clone()));
        let (row_color, row_background) = row_paint.unwrap_or_default();
        html! {
            <tr data-color={row_color} data-background={row_background}>
                { for columns.iter().zip(shown).map(|(column, cell)| cell_view(panel, table, row, column, cell, variables, dark)) }
            </tr>
        }
    });
    // Cells stay on one line, cut with an ellipsis, in columns as wide as Grafana makes
    // them: a column's `custom.width`, else at least its `custom.minWidth` (150 px), the
    // table scrolling sideways when they do not fit. Widths go in `<col width>`, colours
    // in `data-` attributes that `paint_cells` sets through the CSSOM: the page's CSP
    // allows no inline style.
    let grid = html! {
        <div class="table-wrap"><table class="board-table">
            <colgroup>{ for columns.iter().map(|c| html! { <col width={c.width.to_string()} /> }) }</colgroup>
            <thead><tr>{ for columns.iter().map(|c| html! {
                <th scope="col" class={align_class(c.align)}>{ c.header.clone() }</th>
            }) }</tr></thead>
            <tbody>{ for rows }</tbody>
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

/// One cell of `column`, shown as its cell type says: a gauge, an image, JSON, its
/// column's links, or its text (a link when the column has one that leads out of
/// fedview).
fn cell_view(
    panel: &Panel,
    table: &Table,
    row: &[Option<Cell>],
    column: &Column<'_>,
    cell: ShownCell,
    variables: &[(String, String)],
    dark: bool,
) -> Html {
    let class = classes!(
        align_class(column.align),
        (!column.numbers).then_some("series"),
        column.numbers.then_some("num"),
    );
    let raw = match row.get(column.at).and_then(Option::as_ref) {
        Some(Cell::Text(text)) => text.clone(),
        Some(Cell::Number(v)) => v.to_string(),
        Some(Cell::Time(ms)) => ms.to_string(),
        _ => String::new(),
    };
    let address = |link: &DataLink| {
        link_address(
            &link.url,
            &raw,
            &cell.text,
            &column.header,
            |name| {
                let at = (0..table.columns.len())
                    .find(|&at| table.display_name(at) == name || table.columns[at] == name)?;
                match row.get(at).and_then(Option::as_ref)? {
                    Cell::Text(text) => Some(text.clone()),
                    Cell::Number(v) => Some(v.to_string()),
                    Cell::Time(ms) => Some(ms.to_string()),
                    Cell::Absent => None,
                }
            },
            |name| {
                variables
                    .iter()
                    .find(|(variable, _)| variable == name)
                    .map(|(_, value)| value.clone())
            },
        )
    };
    // Only a link that leads somewhere from here: another Grafana board's address
    // (`/d/…`) has no page in fedview.
    let outward = |link: &&DataLink| {
        let url = link.url.trim_start();
        url.starts_with("https://") || url.starts_with("http://")
    };
    let content = match &column.kind {
        CellType::Gauge(mode) => match cell.value {
            Some(v) => {
                let display = PanelDisplay {
                    bar_mode: *mode,
                    orientation: Orientation::Horizontal,
                    thresholds: column.thresholds().clone(),
                    ..(*panel.display).clone()
                };
                // Grafana's gauge cell writes the value in the text colour; a basic bar
                // takes its value's colour.
                let color = match mode {
                    BarMode::Basic => cell.value_color.clone(),
                    _ => "currentColor".to_owned(),
                };
                let value = ShownValue {
                    label: column.header.clone(),
                    value: Some(v),
                    text: cell.text.clone(),
                    color,
                    points: Vec::new(),
                };
                return html! { <td class="gauge-cell">{ bar(&value, &display, column.range(), false, dark) }</td> };
            }
            None => html! { { cell.text.clone() } },
        },
        CellType::Image { alt } if !raw.is_empty() => html! {
            <img class="cell-image" src={raw.clone()} alt={alt.clone().unwrap_or_default()} loading="lazy" referrerpolicy="no-referrer" />
        },
        CellType::Json => html! { <code class="cell-json">{ cell.text.clone() }</code> },
        CellType::DataLinks => html! {
            { for column.links.iter().filter(outward).map(|link| html! {
                <a class="cell-link" href={address(link)} target={link.new_tab.then_some("_blank")} rel="noopener noreferrer">{ link.title.clone() }</a>
            }) }
        },
        _ => match column.links.iter().find(outward) {
            Some(link) => html! {
                <a href={address(link)} title={link.title.clone()} target={link.new_tab.then_some("_blank")} rel="noopener noreferrer">{ cell.text.clone() }</a>
            },
            None => html! { { cell.text.clone() } },
        },
    };
    html! {
        <td {class} data-color={cell.color} data-background={cell.background}>{ content }</td>
    }
}

/// The class that puts a column's text where its alignment says.
fn align_class(align: Align) -> &'static str {
    match align {
        Align::Right => "align-right",
        Align::Center => "align-center",
        Align::Left | Align::Auto => "align-left",
    }
}

/// Sets the colours the cells under `node` carry in their `data-color` and
/// `data-background` attributes through the CSSOM (the page's CSP allows no inline style
/// attribute); called after each render of a table panel.
pub fn paint_cells(node: &web_sys::Element) {
    let Ok(cells) = node.query_selector_all("[data-color], [data-background]") else {
        return;
    };
    for at in 0..cells.length() {
        let Some(cell) = cells
            .item(at)
            .and_then(|c| c.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        let style = cell.style();
        if let Some(color) = cell.get_attribute("data-color") {
            let _ = style.set_property("color", &color);
        }
        if let Some(background) = cell.get_attribute("data-background") {
            let _ = style.set_property("background", &background);
        }
    }
}
