//! The page's end of the store's worker: it starts the worker, sends it commands, and turns
//! its answers into actions for the reducer (or, for a CSV, into a download). Every view
//! reads what the worker worked out from the state; none holds the store.

use std::rc::Rc;

use gloo_worker::{Spawnable as _, WorkerBridge};
use wasm_bindgen::JsCast as _;
use yew::UseReducerDispatcher;

use crate::{
    app::board_state::BoardAction,
    app::query_state::QueryAction,
    app::state::{Action, AppState, Shown},
    model::credentials::encode_component,
    worker::{
        protocol::{Answer, Command},
        store_worker::StoreWorker,
    },
};

/// Where trunk puts the worker's loader, beside `index.html`.
const WORKER_LOADER: &str = "./store-worker_loader.js";

/// A handle on the running worker, shared through a context.
#[derive(Clone)]
pub struct DataLink(Rc<WorkerBridge<StoreWorker>>);

impl std::fmt::Debug for DataLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataLink")
    }
}

impl PartialEq for DataLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl DataLink {
    /// Starts the worker; its answers go to `dispatch`.
    pub fn start(dispatch: UseReducerDispatcher<AppState>) -> Self {
        let bridge = StoreWorker::spawner()
            .callback(move |answer| on_answer(&dispatch, answer))
            .spawn_with_loader(WORKER_LOADER);
        Self(Rc::new(bridge))
    }

    /// Sends `command` to the worker.
    pub fn send(&self, command: Command) {
        self.0.send(command);
    }
}

fn on_answer(dispatch: &UseReducerDispatcher<AppState>, answer: Answer) {
    let action = match answer {
        Answer::PanelAnswered { key, outcome } => {
            Action::Board(BoardAction::PanelAnswered(key, outcome.map(Rc::new)))
        }
        Answer::VariableOptions {
            name,
            query,
            outcome,
        } => Action::Board(BoardAction::VariableAnswered {
            name,
            query,
            result: outcome,
        }),
        Answer::Polled {
            generation,
            at_ms,
            outcome: Ok(report),
        } => {
            // For the benchmarks: when the poll's answer reached the page.
            mark("fedview-polled");
            Action::Polled {
                report,
                at_ms,
                generation,
            }
        }
        Answer::Polled {
            generation,
            outcome: Err(e),
            ..
        } => Action::PollFailed {
            title: e.title,
            detail: e.detail,
            generation,
        },
        Answer::DumpOpened {
            name,
            report,
            at_ms,
            generation,
        } => {
            // For the benchmarks: when the dump's answer reached the page.
            mark("fedview-dump-opened");
            Action::DumpOpened {
                name,
                report,
                at_ms,
                generation,
            }
        }
        Answer::DumpFailed { title, detail } => Action::DumpFailed(title, detail),
        Answer::Reset { generation } => Action::BackToLive { generation },
        Answer::QueryFinished {
            index,
            query,
            outcome,
            generation,
        } => Action::QueryFinished {
            index,
            query,
            result: outcome.map(Rc::new),
            generation,
        },
        Answer::InstantFinished {
            query,
            outcome,
            generation,
        } => Action::InstantFinished {
            query,
            result: outcome.map(Rc::new),
            generation,
        },
        Answer::MetricNames(names) => Action::Query(QueryAction::Federated(names)),
        Answer::Suggestions { query, outcome } => {
            Action::Query(QueryAction::Answered(query, outcome))
        }
        Answer::HistoryLoaded {
            key,
            outcome,
            generation,
        } => Action::HistoryLoaded {
            key,
            result: outcome,
            generation,
        },
        Answer::OverviewHistoryLoaded {
            generation,
            api_missing,
        } => Action::OverviewHistoryLoaded {
            generation,
            api_missing,
        },
        Answer::View(view) => {
            // For the benchmarks: when the worker's view reached the page, and how long
            // the worker took to work it out.
            mark("fedview-view-arrived");
            mark(&format!(
                "fedview-view-worked-{}",
                view.worked_micros / 1000
            ));
            Action::Shown(Shown(Rc::new(*view)))
        }
        Answer::LinesAhead { generation, family } => {
            // For the benchmarks: when the chart's lines reached the page.
            mark("fedview-lines-arrived");
            Action::LinesAhead { generation, family }
        }
        Answer::Csv { name, text } => {
            download(
                &format!("data:text/csv;charset=utf-8,{}", encode_component(&text)),
                &format!("{name}.csv"),
            );
            return;
        }
    };
    dispatch.dispatch(action);
}

/// Sets a `performance` mark named `name`, for the benchmarks to time the page by.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Saves `href` (a data URL) as `file` through a temporary link.
pub fn download(href: &str, file: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("download", file);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}
