//! What changed between the last two polls: the top movers by relative change, and the
//! series that appeared or disappeared.

use yew::prelude::*;

use crate::{app::context::use_app, model::units::Unit, worker::protocol::LISTED};

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

fn listed(id: &str, title: &str, series: &[String], total: usize) -> Html {
    html! {
        <>
            <h3>{ format!("{title} ({total})") }</h3>
            if series.is_empty() {
                <p class="status">{ "None." }</p>
            } else {
                <ul id={id.to_owned()} class="series-list">
                    { for series.iter().map(|s| html! { <li>{ s.clone() }</li> }) }
                </ul>
                if total > LISTED {
                    <p class="status">{ format!("and {} more.", total - LISTED) }</p>
                }
            }
        </>
    }
}

/// The changes panel.
#[component]
pub fn ChangesPanel() -> Html {
    let state = use_app();
    let polls = state.shown.0.summary.polls;
    let changes = state.shown.0.changes.clone().unwrap_or_default();
    if polls < 2 {
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
            <p class="status">{ format!("Between poll {} and poll {}. Counters compare their per-second rates, so they need three polls.", polls - 1, polls) }</p>
            <h3>{ format!("Top movers ({})", changes.movers.len()) }</h3>
            if changes.movers.is_empty() {
                <p class="status">{ "No series changed value." }</p>
            } else {
                <table id="movers">
                    <thead><tr><th>{ "Series" }</th><th>{ "Before" }</th><th>{ "After" }</th><th>{ "Change" }</th></tr></thead>
                    <tbody>
                        { for changes.movers.iter().map(|m| {
                            let unit = Unit::of(&m.name, None);
                            html! {
                                <tr>
                                    <td class="series">{ m.series.clone() }</td>
                                    <td class="value">{ unit.format(m.before, m.rate) }</td>
                                    <td class="value">{ unit.format(m.after, m.rate) }</td>
                                    <td class="value">{ percent(m.relative) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            }
            { listed("appeared", "Appeared", &changes.appeared, changes.appeared_total) }
            { listed("disappeared", "Disappeared", &changes.disappeared, changes.disappeared_total) }
        </section>
    }
}
