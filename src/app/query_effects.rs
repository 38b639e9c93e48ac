//! What the query page asks of the workers and the upstream, as effects of the state: each
//! expression checked by the PromQL worker as it changes, the Explain tree and its nodes'
//! series counts, the names completion wants, the history kept on this device, and the
//! queries run when the user runs them.

use yew::prelude::*;

use crate::{
    app::{
        data_link::DataLink,
        device_storage,
        promql_link::PromqlLink,
        query_state::{QueryAction, QueryView, TableRun},
        state::{Action, AppState, Tab},
    },
    net::range_query::{step_seconds, QueryError, Range},
    promql::worker::PromqlRequest,
    worker::protocol::Command,
};

/// The range the queries run over when no history range is picked.
pub const DEFAULT_RANGE: Range = Range::Last(3_600_000);

/// How far back completion asks for names.
const SUGGESTION_WINDOW_MS: i64 = 3_600_000;

/// Runs every expression as a range query (and the first as an instant query when the
/// table shows), in the store's worker.
pub fn run_queries(state: &UseReducerHandle<AppState>, link: &DataLink) {
    let page = &state.query;
    if page.texts().is_empty() || page.running() {
        return;
    }
    let generation = state.data.generation;
    if let Some(missing) = state.connection.credentials.missing() {
        for (index, e) in page.expressions.iter().enumerate() {
            state.dispatch(Action::Query(QueryAction::Finished {
                index,
                query: e.text.clone(),
                result: Err(QueryError::new(0, missing)),
            }));
        }
        return;
    }
    let (start, end) = state
        .explore
        .range
        .unwrap_or(DEFAULT_RANGE)
        .bounds(js_sys::Date::now() as i64);
    let pixels = page.chart_pixels();
    let step_s = step_seconds(end - start, pixels);
    state.dispatch(Action::Query(QueryAction::Started));
    for (index, e) in page.expressions.iter().enumerate() {
        let query = e.text.trim().to_owned();
        if query.is_empty() {
            continue;
        }
        link.send(Command::Query {
            credentials: state.connection.credentials.clone(),
            index,
            query,
            start,
            end,
            step_s,
            plot_pixels: pixels,
            generation,
        });
    }
    if page.view == QueryView::Table {
        run_table(state, link);
    }
}

/// Runs the first expression as an instant query at the end of the range, for the table.
pub fn run_table(state: &UseReducerHandle<AppState>, link: &DataLink) {
    let query = state.query.first().to_owned();
    if query.is_empty() || state.connection.credentials.missing().is_some() {
        return;
    }
    let (_, end) = state
        .explore
        .range
        .unwrap_or(DEFAULT_RANGE)
        .bounds(js_sys::Date::now() as i64);
    state.dispatch(Action::Query(QueryAction::TableStarted(query.clone())));
    link.send(Command::InstantQuery {
        credentials: state.connection.credentials.clone(),
        query,
        at_ms: end,
        generation: state.data.generation,
    });
}

/// The query page's effects.
#[hook]
pub fn use_query_effects(state: &UseReducerHandle<AppState>, link: &DataLink, promql: &PromqlLink) {
    let open = state.tab == Tab::Query;
    {
        // The history is read once, and kept whenever it changes.
        let state = state.clone();
        use_effect_with((), move |()| {
            state.dispatch(Action::Query(QueryAction::HistoryLoaded(
                device_storage::load_queries(),
            )));
            || ()
        });
    }
    use_effect_with(state.query.history.clone(), |history| {
        if !history.queries.is_empty() {
            device_storage::save_queries(history);
        }
        || ()
    });
    {
        // Each expression is checked as it changes, while the page shows.
        let texts: Vec<String> = state
            .query
            .expressions
            .iter()
            .map(|e| e.text.clone())
            .collect();
        let promql = promql.clone();
        use_effect_with((open, texts), move |(open, texts)| {
            if *open {
                for (index, text) in texts.iter().enumerate() {
                    if !text.trim().is_empty() {
                        promql.send(PromqlRequest::Lint {
                            index,
                            text: text.clone(),
                        });
                    }
                }
            }
            || ()
        });
    }
    {
        // The Explain view explains the first expression.
        let explaining = open && state.query.view == QueryView::Explain;
        let first = state.query.first().to_owned();
        let promql = promql.clone();
        use_effect_with((explaining, first), move |(explaining, first)| {
            if *explaining && !first.is_empty() {
                promql.send(PromqlRequest::Explain {
                    text: first.clone(),
                });
            }
            || ()
        });
    }
    {
        // Each runnable node of a new tree is counted with an instant query.
        let state = state.clone();
        let link = link.clone();
        let nodes: Vec<String> = state.query.explained.counts.keys().cloned().collect();
        use_effect_with(nodes, move |nodes| {
            if state.connection.credentials.missing().is_none() {
                let now = js_sys::Date::now() as i64;
                for query in nodes {
                    link.send(Command::InstantQuery {
                        credentials: state.connection.credentials.clone(),
                        query: query.clone(),
                        at_ms: now,
                        generation: state.data.generation,
                    });
                }
            }
            || ()
        });
    }
    {
        // The table shows the first expression's instant answer.
        let state = state.clone();
        let link = link.clone();
        let table = open && state.query.view == QueryView::Table;
        use_effect_with(table, move |table| {
            let stale = match &state.query.table {
                TableRun::Idle => true,
                TableRun::Running(q) | TableRun::Failed(q, _) => q != state.query.first(),
                TableRun::Done(t) => t.query != state.query.first(),
            };
            if *table && stale {
                run_table(&state, &link);
            }
            || ()
        });
    }
    {
        // The federated names, listed by the store's worker when the page opens and after
        // each poll.
        let link = link.clone();
        use_effect_with((open, state.data.store_version), move |(open, _)| {
            if *open {
                link.send(Command::MetricNames);
            }
            || ()
        });
    }
    {
        // Completion's questions, each asked once.
        let state = state.clone();
        let link = link.clone();
        let wanted = state.query.wanted.clone();
        use_effect_with((open, wanted), move |(open, wanted)| {
            if *open && state.connection.credentials.missing().is_none() {
                let now = js_sys::Date::now() as i64;
                for query in wanted {
                    if state.query.suggestions.answers.contains_key(query) {
                        continue;
                    }
                    state.dispatch(Action::Query(QueryAction::Asked(query.clone())));
                    link.send(Command::Suggestions {
                        credentials: state.connection.credentials.clone(),
                        query: query.clone(),
                        start: now - SUGGESTION_WINDOW_MS,
                        end: now,
                    });
                }
            }
            || ()
        });
    }
}
