//! The metric browser: every family with its type, help and series count, and instant
//! search.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{components::app::AppContext, state::Action};

/// How many matching families are listed at once.
const SHOWN: usize = 200;

/// The metric list.
#[component]
pub fn MetricList() -> Html {
    let Some(state) = use_context::<AppContext>() else {
        return html! {};
    };
    let on_search = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.dispatch(Action::Search(input.value()));
        })
    };
    let store = state.store.0.borrow();
    let needle = state.search.trim().to_lowercase();
    let matching: Vec<_> = store
        .families()
        .iter()
        .filter(|f| {
            needle.is_empty()
                || f.name.to_lowercase().contains(&needle)
                || f.help
                    .as_deref()
                    .is_some_and(|h| h.to_lowercase().contains(&needle))
        })
        .collect();
    let more = matching.len().saturating_sub(SHOWN);
    html! {
        <section class="panel metrics" aria-labelledby="metrics-title">
            <h2 id="metrics-title">{ format!("Metrics ({})", store.families().len()) }</h2>
            <div class="field">
                <label for="metric-search">{ "Search" }</label>
                <input id="metric-search" type="search" placeholder="name or help text"
                    value={state.search.clone()} oninput={on_search} />
            </div>
            <ul id="metric-list" class="metric-list">
                { for matching.iter().take(SHOWN).map(|family| {
                    let name = family.name.clone();
                    let selected = state.selected.as_deref() == Some(name.as_str());
                    let onclick = {
                        let state = state.clone();
                        let name = name.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::Select(Some(name.clone()))))
                    };
                    html! {
                        <li>
                            <button type="button" class={classes!("metric", selected.then_some("selected"))}
                                data-name={name.clone()} aria-pressed={selected.to_string()} {onclick}>
                                <span class="metric-name">{ name.clone() }</span>
                                <span class={classes!("kind", family.kind.as_str())}>{ family.kind.as_str() }</span>
                                <span class="count">{ format!("{} series", family.series.len()) }</span>
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
            if store.families().is_empty() {
                <p class="status">{ "Fetch federation to see metrics here." }</p>
            } else if matching.is_empty() {
                <p class="status">{ "No metric matches this search." }</p>
            }
        </section>
    }
}
