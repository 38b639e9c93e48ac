//! The current value of every series of the selected family, sortable by any column.

use yew::prelude::*;

use crate::{
    chart_data::members,
    components::{app::AppContext, fetch_panel::utc_offset_minutes},
    units::Unit,
};

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Series,
    Value,
    Time,
}

/// The value table.
#[component]
pub fn ValueTable() -> Html {
    let state = use_context::<AppContext>();
    let sort = use_state(|| (Column::Series, true));
    let Some(state) = state else {
        return html! {};
    };
    let store = state.store.0.borrow();
    let Some(family) = state.selected.as_deref().and_then(|n| store.family(n)) else {
        return html! {};
    };
    let unit = Unit::of(&family.name, family.unit.as_deref());
    let mut rows: Vec<(String, f64, i64)> = members(&store, family, &state.filters)
        .into_iter()
        .filter_map(|s| {
            let (t, v) = s.latest()?;
            let labels: Vec<String> = s
                .labels
                .iter()
                .map(|(n, v)| format!("{n}=\"{v}\""))
                .collect();
            Some((format!("{}{{{}}}", s.name, labels.join(", ")), v, t))
        })
        .collect();
    let (column, ascending) = *sort;
    rows.sort_by(|a, b| {
        let order = match column {
            Column::Series => a.0.cmp(&b.0),
            Column::Value => a.1.total_cmp(&b.1),
            Column::Time => a.2.cmp(&b.2),
        };
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
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
    html! {
        <section class="panel table" aria-label="Current values">
            <table id="value-table">
                <thead><tr>
                    { header("Series", Column::Series) }
                    { header("Value", Column::Value) }
                    { header("Time", Column::Time) }
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|(series, value, time)| html! {
                        <tr>
                            <td class="series">{ series.clone() }</td>
                            <td class="value" title={value.to_string()}>{ unit.format(*value, false) }</td>
                            <td>{ crate::chart::clock(*time, utc_offset_minutes(), true) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
