//! The current value of every series of the selected family, sortable by any column and
//! virtualised: the store's worker sorts and sends only the rows in view (about two
//! screens), so a family of 58,000 series costs what 40 rows cost.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::{
    app::context::use_app, app::explore_state::ExploreAction, app::state::Action,
    components::fetch_panel::utc_offset_minutes, model::units::Unit, worker::protocol::TableColumn,
};

/// Each row's height in CSS pixels (`#value-table tbody tr` in the style sheet).
const ROW_PIXELS: f64 = 28.0;

/// Rows kept above the first one in view, so a small scroll shows no gap.
const ROWS_ABOVE: usize = 10;

/// The value table.
#[component]
pub fn ValueTable() -> Html {
    let state = use_app();
    let scroller = use_node_ref();
    let table = use_node_ref();
    let spacer = use_node_ref();
    let page = state
        .shown
        .0
        .family
        .as_ref()
        .map(|f| (f.table.first, f.table.total));
    // Where the rows start, and how tall the whole table would be, set through the CSSOM
    // (the page's CSP allows no inline style attributes).
    {
        let table = table.clone();
        let spacer = spacer.clone();
        use_effect_with(page, move |page| {
            let (first, total) = page.unwrap_or_default();
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
    let Some(family) = state.shown.0.family.as_ref() else {
        return html! {};
    };
    let unit = Unit::of(&family.name, family.unit.as_deref());
    let page = &family.table;
    let sort = state.explore.table;
    let header = |label: &'static str, which: TableColumn| {
        let onclick = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::Explore(ExploreAction::SortTable(which)))
            })
        };
        let mark = match (sort.column == which, sort.ascending) {
            (true, true) => " ▲",
            (true, false) => " ▼",
            _ => "",
        };
        let order = match (sort.column == which, sort.ascending) {
            (true, true) => "ascending",
            (true, false) => "descending",
            _ => "none",
        };
        html! { <th aria-sort={order}><button type="button" {onclick}>{ label }{ mark }</button></th> }
    };
    let on_scroll = {
        let state = state.clone();
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            if let Some(element) = scroller.cast::<web_sys::Element>() {
                let top = (f64::from(element.scroll_top()) / ROW_PIXELS) as usize;
                let first = top.saturating_sub(ROWS_ABOVE);
                if first != state.explore.table.first_row {
                    state.dispatch(Action::Explore(ExploreAction::ScrollTable(first)));
                }
            }
        })
    };
    // While the worker is still sorting (the chart's lines came ahead), the rows shown are
    // the last ones, dimmed, or none yet.
    let count = if family.pending && page.total == 0 {
        "Sorting the series…".to_owned()
    } else {
        format!("{} series", page.total)
    };
    html! {
        <section class={classes!("panel", "table", family.pending.then_some("pending"))}
            aria-label="Current values" aria-busy={family.pending.to_string()}>
            <p id="value-count" class="status">{ count }</p>
            <div id="value-scroll" class="table-scroll" ref={scroller} onscroll={on_scroll}>
                <div class="table-spacer" ref={spacer}>
                    <table id="value-table" ref={table} aria-rowcount={(page.total + 1).to_string()}>
                        <thead><tr>
                            { header("Series", TableColumn::Series) }
                            { header("Value", TableColumn::Value) }
                            { header("Time", TableColumn::Time) }
                        </tr></thead>
                        <tbody>
                            { for page.rows.iter().enumerate().map(|(i, row)| html! {
                                <tr aria-rowindex={(page.first + i + 2).to_string()}>
                                    <td class="series" title={row.series.clone()}>{ row.series.clone() }</td>
                                    <td class="value" title={row.value.to_string()}>{ unit.of_series(&family.name, &row.series).format(row.value, false) }</td>
                                    <td>{ crate::draw::chart::clock(row.time, utc_offset_minutes(), true) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}
