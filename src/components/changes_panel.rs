//! What changed between the last two polls: the top movers by relative change, and the
//! series that appeared or disappeared.

use yew::prelude::*;

use crate::{
    changes::Changes,
    components::app::AppContext,
    series_store::{Series, SeriesStore},
    units::Unit,
};

/// How many appeared or disappeared series are listed.
const LISTED: usize = 50;

/// A series as `name{labels}`.
fn series_text(series: &Series) -> String {
    let labels: Vec<String> = series
        .labels
        .iter()
        .map(|(n, v)| format!("{n}=\"{v}\""))
        .collect();
    format!("{}{{{}}}", series.name, labels.join(", "))
}

/// A relative change as a signed percentage.
fn percent(relative: f64) -> String {
    if relative.is_infinite() {
        if relative > 0.0 {
            "new activity"
        } else {
            "stopped"
        }
        .to_owned()
    } else {
        format!("{:+.1} %", relative * 100.0)
    }
}

fn listed(store: &SeriesStore, id: &str, title: &str, series: &[usize]) -> Html {
    html! {
        <>
            <h3>{ format!("{title} ({})", series.len()) }</h3>
            if series.is_empty() {
                <p class="status">{ "None." }</p>
            } else {
                <ul id={id.to_owned()} class="series-list">
                    { for series.iter().take(LISTED).filter_map(|&i| store.get(i)).map(|s| html! {
                        <li>{ series_text(s) }</li>
                    }) }
                </ul>
                if series.len() > LISTED {
                    <p class="status">{ format!("and {} more.", series.len() - LISTED) }</p>
                }
            }
        </>
    }
}

/// The changes panel.
#[component]
pub fn ChangesPanel() -> Html {
    let Some(state) = use_context::<AppContext>() else {
        return html! {};
    };
    let changes = {
        let store = state.store.clone();
        use_memo(state.store_version, move |_| Changes::of(&store.0.borrow()))
    };
    let store = state.store.0.borrow();
    if store.polls() < 2 {
        return html! {
            <section class="panel changes" aria-labelledby="changes-title">
                <h2 id="changes-title">{ "What changed" }</h2>
                <p class="status">{ "This compares the last two polls: fetch again, or go live." }</p>
            </section>
        };
    }
    html! {
        <section class="panel changes" aria-labelledby="changes-title">
            <h2 id="changes-title">{ "What changed" }</h2>
            <p class="status">{ format!("Between poll {} and poll {}. Counters compare their per-second rates, so they need three polls.", store.polls() - 1, store.polls()) }</p>
            <h3>{ format!("Top movers ({})", changes.movers.len()) }</h3>
            if changes.movers.is_empty() {
                <p class="status">{ "No series changed value." }</p>
            } else {
                <table id="movers">
                    <thead><tr><th>{ "Series" }</th><th>{ "Before" }</th><th>{ "After" }</th><th>{ "Change" }</th></tr></thead>
                    <tbody>
                        { for changes.movers.iter().filter_map(|m| Some((m, store.get(m.series)?))).map(|(m, s)| {
                            let unit = Unit::of(&s.name, None);
                            html! {
                                <tr>
                                    <td class="series">{ series_text(s) }</td>
                                    <td class="value">{ unit.format(m.before, m.rate) }</td>
                                    <td class="value">{ unit.format(m.after, m.rate) }</td>
                                    <td class="value">{ percent(m.relative()) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            { listed(&store, "appeared", "Appeared", &changes.appeared) }
            { listed(&store, "disappeared", "Disappeared", &changes.disappeared) }
        </section>
    }
}
