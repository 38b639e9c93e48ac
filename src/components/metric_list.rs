//! The metric browser: every family with its type, help and series count, and instant
//! search (done in the store's worker, which sends the first page of matches).

use crate::app::explore_state::ExploreAction;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{app::context::use_app, app::state::Action};

/// The metric list.
#[component]
pub fn MetricList() -> Html {
    let state = use_app();
    let on_search = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::Explore(ExploreAction::Search(input.value())));
        })
    };
    let shown = &state.shown.0;
    let list = &shown.list;
    let more = list.matching.saturating_sub(list.entries.len());
    html! {
        <section class="panel metrics" aria-labelledby="metrics-title">
            <h2 id="metrics-title">{ format!("Metrics ({})", shown.summary.families) }</h2>
            <div class="field">
                <label for="metric-search">{ "Search" }</label>
                <input id="metric-search" type="search" placeholder="name or help text"
                    value={state.explore.search.clone()} oninput={on_search} />
            </div>
            <ul id="metric-list" class="metric-list">
                { for list.entries.iter().map(|family| {
                    let name = family.name.clone();
                    let selected = state.explore.selected.as_deref() == Some(name.as_str());
                    let onclick = {
                        let state = state.clone();
                        let name = name.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::Explore(ExploreAction::Select(Some(name.clone())))))
                    };
                    html! {
                        <li>
                            <button type="button" class={classes!("metric", selected.then_some("selected"))}
                                data-name={name.clone()} aria-pressed={selected.to_string()} {onclick}>
                                <span class="metric-name">{ name.clone() }</span>
                                <span class={classes!("kind", family.kind.as_str())}>{ family.kind.as_str() }</span>
                                <span class="count">{ format!("{} series", family.series) }</span>
                                if let Some(help) = &family.help {
                                    <span class="help">{ help.clone() }</span>
                                }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if more > 0 {
                <p class="status">{ format!("{more} more: refine the search.") }</p>
            }
            if shown.summary.families == 0 {
                <p class="status">{ "Fetch federation to see metrics here." }</p>
            } else if list.matching == 0 {
                <p class="status">{ "No metric matches this search." }</p>
            }
        </section>
    }
}
