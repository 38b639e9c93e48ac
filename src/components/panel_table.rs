//! A table panel over `format: table` queries, as Grafana shows it: a row per series,
//! merged, joined and organized as the panel's transformations say (`board/table.rs`), each
//! number in its column's unit (an override by name or by pattern, else the panel's).

use yew::prelude::*;

use crate::{
    app::board_state::PanelAnswer,
    board::{
        model::Panel,
        requests::PanelKey,
        table::{build, reference, Cell, SeriesRow},
    },
    components::series_style::js_regex_matches,
    model::value_format::format_value,
};

/// A table panel over `format: table` queries: a row per series (merged, joined and
/// organized as its transformations say), numbers in their column's unit.
pub fn table_view(panel: &Panel, answers: &[(PanelKey, Option<PanelAnswer>)]) -> Html {
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
    let table = build(&rows, &panel.transformations);
    let display = &panel.display;
    let units: Vec<Option<String>> = table
        .columns
        .iter()
        .map(|c| {
            display
                .style_for(c, js_regex_matches)
                .unit
                .or_else(|| panel.unit.clone())
        })
        .collect();
    html! {
        <div class="table-wrap"><table>
            <thead><tr>{ for table.columns.iter().map(|c| html! { <th scope="col">{ c.clone() }</th> }) }</tr></thead>
            <tbody>
                { for table.rows.iter().take(500).map(|row| html! {
                    <tr>{ for row.iter().zip(&units).map(|(cell, unit)| match cell {
                        Some(Cell::Text(text)) => html! { <td class="series">{ text.clone() }</td> },
                        Some(Cell::Number(v)) => html! {
                            <td class="num">{ format_value(unit.as_deref(), *v, display.decimals).to_string() }</td>
                        },
                        None => html! { <td /> },
                    }) }</tr>
                }) }
            </tbody>
        </table></div>
    }
}
