//! How the state takes the store worker's answers ([`Action::Worker`]): each answer goes
//! to the slices it concerns. An answer asked for data the store no longer holds (a dump
//! opened, or the user went back to live data, while it was in flight) is dropped.
//!
//! [`Action::Worker`]: crate::app::state::Action::Worker

use std::rc::Rc;

use crate::{
    app::alerts_state::AlertsAction,
    app::board_state::BoardAction,
    app::explore_state::HistoryStatus,
    app::query_state::QueryAction,
    app::state::{AppState, Shown},
    worker::protocol::Answer,
};

impl AppState {
    /// Takes `answer`; whether anything changed.
    pub(crate) fn take(&mut self, answer: Answer) -> bool {
        if answer_generation(&answer).is_some_and(|g| g != self.data.generation) {
            return false;
        }
        match answer {
            Answer::Alive => return false,
            Answer::PanelAnswered { key, outcome } => {
                let action = BoardAction::PanelAnswered(key, outcome.map(Rc::new));
                Rc::make_mut(&mut self.boards).reduce(action);
            }
            Answer::VariableOptions {
                name,
                query,
                outcome,
            } => Rc::make_mut(&mut self.boards).reduce(BoardAction::VariableAnswered {
                name,
                query,
                result: outcome,
            }),
            Answer::Polled {
                at_ms,
                outcome: Ok(report),
                ..
            } => {
                Rc::make_mut(&mut self.polling).polled(report, at_ms);
                Rc::make_mut(&mut self.data).stored();
            }
            Answer::Polled {
                outcome: Err(e),
                at_ms,
                ..
            } => Rc::make_mut(&mut self.polling).failed(e.title, e.detail, at_ms),
            Answer::DumpOpened {
                name,
                report,
                at_ms,
                generation,
            } => {
                Rc::make_mut(&mut self.data).dump_opened(name, generation);
                let polling = Rc::make_mut(&mut self.polling);
                polling.set_live(false);
                polling.polled(report, at_ms);
                Rc::make_mut(&mut self.explore).dump_opened();
            }
            Answer::DumpFailed { title, detail } => {
                Rc::make_mut(&mut self.data).dump_error = Some((title, detail));
            }
            Answer::Reset { generation } => {
                Rc::make_mut(&mut self.data).back_to_live(generation);
                Rc::make_mut(&mut self.polling).fetch = Default::default();
                Rc::make_mut(&mut self.explore).window = None;
            }
            Answer::HistoryLoaded { key, outcome, .. } => {
                // A load for a view the user has since left is dropped.
                if !self.explore.awaits_history(&key) {
                    return false;
                }
                let history = match outcome {
                    Ok(load) => HistoryStatus::Loaded(key, load),
                    Err(error) => {
                        if error.api_missing() {
                            Rc::make_mut(&mut self.data).query_api_missing = Some(error.status);
                        }
                        HistoryStatus::Failed(key, error)
                    }
                };
                Rc::make_mut(&mut self.explore).history = history;
            }
            Answer::OverviewHistoryLoaded { api_missing, .. } => {
                Rc::make_mut(&mut self.overview).version += 1;
                if api_missing.is_some() {
                    Rc::make_mut(&mut self.data).api_missing(api_missing);
                }
            }
            Answer::QueryFinished {
                index,
                query,
                outcome,
                ..
            } => {
                if let Err(error) = &outcome {
                    if error.api_missing() {
                        Rc::make_mut(&mut self.data).query_api_missing = Some(error.status);
                    }
                }
                Rc::make_mut(&mut self.query).reduce(QueryAction::Finished {
                    index,
                    query,
                    result: outcome.map(Rc::new),
                });
            }
            Answer::RuleEvaluated {
                rule,
                at_ms,
                outcome,
            } => {
                Rc::make_mut(&mut self.alerts).reduce(AlertsAction::Evaluated {
                    rule,
                    at_ms,
                    outcome,
                });
            }
            Answer::Backtested {
                rule,
                outcome,
                lines,
            } => {
                Rc::make_mut(&mut self.alerts).reduce(AlertsAction::Backtested {
                    rule,
                    outcome,
                    lines,
                });
            }
            Answer::InstantFinished { query, outcome, .. } => {
                Rc::make_mut(&mut self.query).reduce(QueryAction::InstantFinished {
                    query,
                    result: outcome.map(Rc::new),
                });
            }
            Answer::Suggestions { query, outcome } => {
                Rc::make_mut(&mut self.query).reduce(QueryAction::Answered(query, outcome));
            }
            Answer::MetricNames(names) => {
                Rc::make_mut(&mut self.query).reduce(QueryAction::Federated(names));
            }
            Answer::View(view) => self.shown = Shown(Rc::new(*view)),
            Answer::LinesAhead { family, .. } => {
                let mut view = (*self.shown.0).clone();
                let mut family = *family;
                // The same family (other filters, window or data) keeps showing its filters,
                // heatmap and table until the rest of the view arrives.
                if let Some(before) = view.family.take().filter(|f| f.name == family.name) {
                    family.choices = before.choices;
                    family.heatmap = before.heatmap;
                    family.table = before.table;
                }
                view.family = Some(family);
                self.shown = Shown(Rc::new(view));
            }
            // A CSV is saved by the page's link to the worker; it changes no state.
            Answer::Csv { .. } => return false,
        }
        true
    }
}

/// The generation of the data `answer` was worked out from or asked for, when it has one.
fn answer_generation(answer: &Answer) -> Option<u64> {
    match answer {
        Answer::Polled { generation, .. }
        | Answer::HistoryLoaded { generation, .. }
        | Answer::OverviewHistoryLoaded { generation, .. }
        | Answer::QueryFinished { generation, .. }
        | Answer::InstantFinished { generation, .. }
        | Answer::LinesAhead { generation, .. } => Some(*generation),
        Answer::View(view) => Some(view.generation),
        _ => None,
    }
}
