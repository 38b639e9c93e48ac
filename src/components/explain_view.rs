//! The Explain view: the first expression as a tree of its sub-expressions, each saying
//! what it does and how many series it returns now, and each runnable on its own (as a
//! new expression on the graph).

use yew::prelude::*;

use crate::{
    app::context::{use_app, AppContext},
    app::{
        query_state::{QueryAction, QueryView},
        state::Action,
    },
    components::promql_editor::caret,
    promql::explain::ExplainNode,
};

/// The count shown beside a node.
fn count_text(count: Option<&Result<usize, String>>) -> String {
    match count {
        Some(Ok(1)) => "1 series".to_owned(),
        Some(Ok(n)) => format!("{n} series"),
        Some(Err(e)) if e.is_empty() => "counting…".to_owned(),
        Some(Err(e)) => format!("error: {e}"),
        None => String::new(),
    }
}

/// The explain view.
#[component]
pub fn ExplainView() -> Html {
    let state = use_app();
    let explained = &state.query.explained;
    if state.query.first().is_empty() {
        return html! { <p class="status">{ "Write an expression to see it as a tree of its parts." }</p> };
    }
    match &explained.tree {
        None => html! { <p class="status">{ "Explaining…" }</p> },
        Some(Err(error)) => html! {
            <div id="explain-error" class="query-error" role="alert">
                <p>{ error.message.clone() }</p>
                if let Some(marked) = caret(&explained.text, error.line, error.column) {
                    <pre>{ marked }</pre>
                }
            </div>
        },
        Some(Ok(root)) => html! {
            <ul id="explain" class="explain-tree">{ node(&state, root) }</ul>
        },
    }
}

fn node(state: &AppContext, n: &ExplainNode) -> Html {
    let count = count_text(state.query.explained.counts.get(&n.text));
    let on_run = {
        let state = state.clone();
        let text = n.text.clone();
        Callback::from(move |_: MouseEvent| {
            // The part becomes a new expression, drawn with the others.
            let index = state.query.expressions.len();
            state.dispatch(Action::Query(QueryAction::Add));
            state.dispatch(Action::Query(QueryAction::Edit(index, text.clone())));
            state.dispatch(Action::Query(QueryAction::SetView(QueryView::Graph)));
        })
    };
    html! {
        <li class="explain-node">
            <div class="explain-row">
                <code class="explain-text">{ n.text.clone() }</code>
                <span class="explain-what">{ n.what.clone() }</span>
                if n.runnable {
                    <span class="explain-count">{ count }</span>
                    <button type="button" class="secondary small explain-run" onclick={on_run}>{ "Graph this" }</button>
                }
            </div>
            if !n.children.is_empty() {
                <ul>{ for n.children.iter().map(|c| node(state, c)) }</ul>
            }
        </li>
    }
}
