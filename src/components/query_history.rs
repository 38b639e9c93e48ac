//! The queries run lately (kept on this device): a searchable list; picking one puts it
//! in the editor.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::{
    app::context::use_app,
    app::{query_state::QueryAction, state::Action},
};

/// The history list.
#[component]
pub fn QueryHistoryList() -> Html {
    let state = use_app();
    let search = use_state(String::new);
    let history = &state.query.history;
    if history.queries.is_empty() {
        return html! {};
    }
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            search.set(input.value());
        })
    };
    let found = history.search(&search).map(|query| {
        let state = state.clone();
        let text = query.clone();
        let on_pick = Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Query(QueryAction::Replace(text.clone())));
        });
        html! {
            <li><button type="button" class="link history-entry" onclick={on_pick}><code>{ query.clone() }</code></button></li>
        }
    });
    html! {
        <details id="query-history" class="query-history">
            <summary>{ format!("History ({})", history.queries.len()) }</summary>
            <input id="history-search" type="search" placeholder="search the queries run"
                aria-label="Search the queries run" value={(*search).clone()} oninput={on_search} />
            <ul>{ for found }</ul>
        </details>
    }
}
