//! The cardinality view: series per metric name (with the labels driving each count), per
//! label name and per label pair, from the latest federation answer, counted in the browser.

use yew::prelude::*;

use crate::{
    app::context::use_app,
    app::explore_state::ExploreAction,
    app::state::{Action, Tab},
};

/// Rows each table shows before "show all".
const ROWS: usize = 25;

/// `part` of `whole` as a percentage with one decimal.
fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

/// The cardinality panel.
#[component]
pub fn CardinalityPanel() -> Html {
    let state = use_app();
    let all = use_state(|| false);
    let counts = state.shown.0.cardinality.clone().unwrap_or_default();
    if counts.series == 0 {
        return html! {
            <section class="panel cardinality" aria-labelledby="cardinality-title">
                <h2 id="cardinality-title">{ "Cardinality" }</h2>
                <p class="status">{ "Fetch federation (or open a dump) to count its series." }</p>
            </section>
        };
    }
    let rows = if *all { usize::MAX } else { ROWS };
    let longest = counts
        .metrics
        .len()
        .max(counts.labels.len())
        .max(counts.pairs.len());
    let on_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(!*all))
    };
    html! {
        <section class="panel cardinality" aria-labelledby="cardinality-title">
            <h2 id="cardinality-title">{ "Cardinality" }</h2>
            <p id="cardinality-summary" class="status">
                { format!(
                    "{} series in {} metric names, with {} label names, in the latest answer.",
                    counts.series, counts.metrics.len(), counts.labels.len()
                ) }
            </p>
            <h3>{ "Series per metric name" }</h3>
            <table id="cardinality-metrics">
                <thead><tr><th>{ "Metric" }</th><th>{ "Series" }</th><th>{ "Share" }</th><th>{ "Labels driving it (distinct values)" }</th></tr></thead>
                <tbody>
                    { for counts.metrics.iter().take(rows).map(|m| {
                        let onclick = {
                            let state = state.clone();
                            let name = m.name.clone();
                            Callback::from(move |_: MouseEvent| {
                                state.dispatch(Action::Explore(ExploreAction::Search(name.clone())));
                                state.dispatch(Action::SetTab(Tab::Chart));
                            })
                        };
                        let drivers: Vec<String> = m.drivers.iter().take(3)
                            .map(|(label, values)| format!("{label} ({values})")).collect();
                        html! {
                            <tr data-metric={m.name.clone()}>
                                <td class="series"><button type="button" class="link" {onclick}>{ m.name.clone() }</button></td>
                                <td class="value">{ m.series }</td>
                                <td class="value">{ share(m.series, counts.series) }</td>
                                <td>{ drivers.join(", ") }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <h3>{ "Label names" }</h3>
            <table id="cardinality-labels">
                <thead><tr><th>{ "Label" }</th><th>{ "Distinct values" }</th><th>{ "Series with it" }</th></tr></thead>
                <tbody>
                    { for counts.labels.iter().take(rows).map(|l| html! {
                        <tr data-label={l.name.clone()}>
                            <td class="series">{ l.name.clone() }</td>
                            <td class="value">{ l.values }</td>
                            <td class="value">{ l.series }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <h3>{ "Label pairs on the most series" }</h3>
            <table id="cardinality-pairs">
                <thead><tr><th>{ "Pair" }</th><th>{ "Series" }</th></tr></thead>
                <tbody>
                    { for counts.pairs.iter().take(rows).map(|(pair, series)| html! {
                        <tr><td class="series">{ pair.clone() }</td><td class="value">{ *series }</td></tr>
                    }) }
                </tbody>
            </table>
            if longest > ROWS {
                <button id="cardinality-all" type="button" class="secondary" onclick={on_all}>
                    { if *all { format!("Show the top {ROWS}") } else { format!("Show all ({longest} rows in the longest table)") } }
                </button>
            }
        </section>
    }
}
