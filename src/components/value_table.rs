//! The current value of every series of the selected family, sortable by any column and
//! virtualised: only the rows in view (about two screens) are in the page, so a family of
//! 58,000 series costs what 40 rows cost.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::{
    components::{app::AppContext, fetch_panel::utc_offset_minutes},
    series_store::Series,
    units::Unit,
};

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Series,
    Value,
    Time,
}

/// Each row's height in CSS pixels (`#value-table tbody tr` in the style sheet).
const ROW_PIXELS: f64 = 28.0;

/// Rows in the page at once: two screens of the scroller, plus the header's row.
const ROWS_SHOWN: usize = 40;

/// Rows kept above the first one in view, so a small scroll shows no gap.
const ROWS_ABOVE: usize = 10;

/// The value table.
#[component]
pub fn ValueTable() -> Html {
    let state = use_context::<AppContext>();
    let sort = use_state(|| (Column::Series, true));
    let first_row = use_state(|| 0usize);
    let scroller = use_node_ref();
    let table = use_node_ref();
    let spacer = use_node_ref();
    let order = {
        let state = state.clone();
        use_memo(
            (
                state.as_ref().map(|s| s.store_version),
                state.as_ref().and_then(|s| s.selected.clone()),
                state.as_ref().map(|s| s.filters.clone()),
                *sort,
            ),
            move |(.., (column, ascending))| {
                state
                    .map(|state| sorted_rows(&state, *column, *ascending))
                    .unwrap_or_default()
            },
        )
    };
    let total = order.len();
    // Where the rows start, and how tall the whole table would be, set through the CSSOM
    // (the page's CSP allows no inline style attributes).
    {
        let table = table.clone();
        let spacer = spacer.clone();
        use_effect_with((*first_row, total), move |&(first, total)| {
            if let Some(table) = table.cast::<HtmlElement>() {
                let _ = table.style().set_property(
                    "transform",
                    &format!("translateY({}px)", first as f64 * ROW_PIXELS),
                );
            }
            if let Some(spacer) = spacer.cast::<HtmlElement>() {
                let _ = spacer
                    .style()
                    .set_property("height", &format!("{}px", (total + 1) as f64 * ROW_PIXELS));
            }
        });
    }
    let Some(state) = state else {
        return html! {};
    };
    let store = state.store.0.borrow();
    let Some(family) = state.selected.as_deref().and_then(|n| store.family(n)) else {
        return html! {};
    };
    let unit = Unit::of(&family.name, family.unit.as_deref());
    let first = (*first_row).min(total.saturating_sub(1));
    let rows: Vec<(String, f64, i64)> = order
        .iter()
        .skip(first)
        .take(ROWS_SHOWN)
        .filter_map(|&i| store.get(i))
        .filter_map(|s| {
            let (t, v) = s.latest()?;
            Some((series_text(s), v, t))
        })
        .collect();
    let (column, ascending) = *sort;
    let header = |label: &'static str, which: Column| {
        let sort = sort.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let (current, ascending) = *sort;
            sort.set((which, if current == which { !ascending } else { true }));
        });
        let mark = match (column == which, ascending) {
            (true, true) => " ▲",
            (true, false) => " ▼",
            _ => "",
        };
        let order = match (column == which, ascending) {
            (true, true) => "ascending",
            (true, false) => "descending",
            _ => "none",
        };
        html! { <th aria-sort={order}><button type="button" {onclick}>{ label }{ mark }</button></th> }
    };
    let on_scroll = {
        let first_row = first_row.clone();
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            if let Some(element) = scroller.cast::<web_sys::Element>() {
                let top = (f64::from(element.scroll_top()) / ROW_PIXELS) as usize;
                let first = top.saturating_sub(ROWS_ABOVE);
                if first != *first_row {
                    first_row.set(first);
                }
            }
        })
    };
    html! {
        <section class="panel table" aria-label="Current values">
            <p id="value-count" class="status">{ format!("{total} series") }</p>
            <div id="value-scroll" class="table-scroll" ref={scroller} onscroll={on_scroll}>
                <div class="table-spacer" ref={spacer}>
                    <table id="value-table" ref={table} aria-rowcount={(total + 1).to_string()}>
                        <thead><tr>
                            { header("Series", Column::Series) }
                            { header("Value", Column::Value) }
                            { header("Time", Column::Time) }
                        </tr></thead>
                        <tbody>
                            { for rows.iter().enumerate().map(|(i, (series, value, time))| html! {
                                <tr aria-rowindex={(first + i + 2).to_string()}>
                                    <td class="series" title={series.clone()}>{ series.clone() }</td>
                                    <td class="value" title={value.to_string()}>{ unit.format(*value, false) }</td>
                                    <td>{ crate::chart::clock(*time, utc_offset_minutes(), true) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}

/// The family's series that have a value, in the order of `column`.
fn sorted_rows(state: &crate::state::AppState, column: Column, ascending: bool) -> Vec<usize> {
    let store = state.store.0.borrow();
    let Some(family) = state.selected.as_deref().and_then(|n| store.family(n)) else {
        return Vec::new();
    };
    let mut rows: Vec<(usize, &Series, (i64, f64))> = family
        .series
        .iter()
        .filter_map(|&i| Some((i, store.get(i)?)))
        .filter(|(_, s)| {
            state
                .filters
                .iter()
                .all(|(name, value)| s.label(name) == Some(value))
        })
        .filter_map(|(i, s)| Some((i, s, s.latest()?)))
        .collect();
    rows.sort_by(|a, b| {
        let order = match column {
            Column::Series => (&a.1.name, &a.1.labels).cmp(&(&b.1.name, &b.1.labels)),
            Column::Value => a.2 .1.total_cmp(&b.2 .1),
            Column::Time => a.2 .0.cmp(&b.2 .0),
        };
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows.into_iter().map(|(i, ..)| i).collect()
}

/// A series as Prometheus writes it: `name{label="value", ...}`.
fn series_text(series: &Series) -> String {
    let labels: Vec<String> = series
        .labels
        .iter()
        .map(|(n, v)| format!("{n}=\"{v}\""))
        .collect();
    format!("{}{{{}}}", series.name, labels.join(", "))
}
