//! The page's end of the PromQL worker: started on first use (the query page's first
//! check, or the first dashboard read), so the parser and the dashboard readers are never
//! loaded for people who do not use them. Its answers become actions for the reducer.

use std::{cell::RefCell, rc::Rc};

use gloo_worker::{Spawnable as _, WorkerBridge};
use yew::UseReducerDispatcher;

use crate::{
    app::{
        alerts_state::AlertsAction,
        board_state::BoardAction,
        data_link::download,
        query_state::QueryAction,
        state::{Action, AppState},
    },
    model::credentials::encode_component,
    promql::worker::{PromqlAnswer, PromqlRequest, PromqlWorker},
};

/// Where trunk puts the worker's loader, beside `index.html`.
const WORKER_LOADER: &str = "./promql-worker_loader.js";

/// A handle on the PromQL worker, started when first sent something.
#[derive(Clone)]
pub struct PromqlLink {
    bridge: Rc<RefCell<Option<WorkerBridge<PromqlWorker>>>>,
    dispatch: UseReducerDispatcher<AppState>,
}

impl std::fmt::Debug for PromqlLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PromqlLink")
    }
}

impl PartialEq for PromqlLink {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

impl PromqlLink {
    /// A link whose answers go to `dispatch`; no worker runs yet.
    pub fn new(dispatch: UseReducerDispatcher<AppState>) -> Self {
        Self {
            bridge: Rc::new(RefCell::new(None)),
            dispatch,
        }
    }

    /// Sends `request`, starting the worker if it is not running.
    pub fn send(&self, request: PromqlRequest) {
        let mut bridge = self.bridge.borrow_mut();
        let bridge = bridge.get_or_insert_with(|| {
            let dispatch = self.dispatch.clone();
            PromqlWorker::spawner()
                .callback(move |answer| {
                    if let Some(action) = into_action(answer) {
                        dispatch.dispatch(action);
                    }
                })
                .spawn_with_loader(WORKER_LOADER)
        });
        bridge.send(request);
    }
}

/// The action an answer makes, if any (a rules file written is saved, and changes nothing).
fn into_action(answer: PromqlAnswer) -> Option<Action> {
    Some(match answer {
        PromqlAnswer::Linted {
            index,
            text,
            error,
            millis,
        } => Action::Query(QueryAction::Linted {
            index,
            text,
            error,
            millis,
        }),
        PromqlAnswer::Explained { text, tree } => {
            Action::Query(QueryAction::Explained { text, tree })
        }
        PromqlAnswer::DashboardRead(Ok(board)) => Action::Board(BoardAction::Imported(board)),
        PromqlAnswer::DashboardRead(Err(why)) => Action::Board(BoardAction::ImportFailed(why)),
        PromqlAnswer::RulesRead { read, source } => {
            Action::Alerts(AlertsAction::Imported { read, source })
        }
        PromqlAnswer::RulesWritten(text) => {
            download(
                &format!(
                    "data:application/yaml;charset=utf-8,{}",
                    encode_component(&text)
                ),
                "fedview-rules.yml",
            );
            return None;
        }
    })
}
