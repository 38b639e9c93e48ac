//! The query page's table: the first expression's instant answer at the end of the range,
//! a row per series, as the Prometheus UI's Table tab shows it.

use yew::prelude::*;

use crate::{
    app::context::use_app, app::query_state::TableRun, components::promql_editor::caret,
    net::instant::MAX_ROWS,
};

/// The table view.
#[component]
pub fn QueryTable() -> Html {
    let state = use_app();
    match &state.query.table {
        TableRun::Idle => html! {
            <p class="status">{ "Write an expression: its value now shows here, one row per series." }</p>
        },
        TableRun::Running(_) => html! { <p class="status">{ "Running…" }</p> },
        TableRun::Failed(query, error) => html! {
            <div id="query-table-error" class="query-error" role="alert">
                <p><strong>{ "Prometheus rejected the query: " }</strong>{ error.message.clone() }</p>
                if let Some(marked) = error.position.and_then(|(l, c)| caret(query, l, c)) {
                    <pre>{ marked }</pre>
                }
            </div>
        },
        TableRun::Done(table) => {
            let rows = table.rows.iter().map(|row| {
                html! {
                    <tr>
                        <td class="series">{ row.series.clone() }</td>
                        <td class="value">{ row.value.clone() }</td>
                    </tr>
                }
            });
            html! {
                <>
                    <p id="query-table-status" class="status">{
                        if table.total > MAX_ROWS {
                            format!("{} series ({}); the first {MAX_ROWS} shown.", table.total, table.result_type)
                        } else {
                            format!("{} series ({}).", table.total, table.result_type)
                        }
                    }</p>
                    <table id="query-table" class="values">
                        <thead><tr><th scope="col">{ "Series" }</th><th scope="col">{ "Value" }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </>
            }
        }
    }
}
