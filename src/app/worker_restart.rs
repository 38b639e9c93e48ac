//! A store worker that stopped answering (it crashed, ran out of memory, or hangs) is
//! replaced without a reload: `use_worker_watchdog` asks it every few seconds whether it
//! is there, and when an ask goes unanswered for too long it starts a new worker and
//! dispatches [`Action::WorkerRestarted`], whose reducer (here) lets go of everything
//! that waited on the old one, so the effects ask the new one again.
//!
//! [`Action::WorkerRestarted`]: crate::app::state::Action::WorkerRestarted

use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::{
    app::board_state::PanelAnswer,
    app::context::AppContext,
    app::data_link::DataLink,
    app::explore_state::HistoryStatus,
    app::polling_state::FetchStatus,
    app::query_state::TableRun,
    app::source_state::Source,
    app::state::{Action, AppState, QueryRun},
    worker::protocol::Command,
};

/// How often the watchdog asks the worker whether it is there, in ms.
pub const PING_MS: u32 = 1_000;

/// How long an ask may go unanswered before the worker is replaced, in ms: a live view is
/// back within two polls at the shortest interval (5 s). A poll of 100,000 series keeps
/// the worker busy for a fraction of a second; only a dump of hundreds of MB keeps it
/// longer, so reading one allows [`OPENING_DUMP_MS`].
pub const SILENT_MS: f64 = 5_000.0;

/// How long an ask may go unanswered while a dump is being read, in ms.
pub const OPENING_DUMP_MS: f64 = 120_000.0;

/// What the watchdog does at a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    /// Ask the worker whether it is there.
    Ping,
    /// An ask is out, and not overdue yet.
    Wait,
    /// The worker has not answered for too long: replace it.
    Restart,
}

/// The watchdog's rule: `asked_ms` is when the ask still unanswered went out (`None`
/// when every ask was answered), `heard_ms` when the worker last answered anything, and
/// `ticked_ms` when the watchdog last ran. A page that was asleep (a hidden tab's timers
/// throttled, the machine suspended) asks afresh instead of blaming the worker, which
/// slept too.
pub fn tick(
    now_ms: f64,
    ticked_ms: f64,
    asked_ms: Option<f64>,
    heard_ms: f64,
    patience_ms: f64,
) -> Tick {
    if now_ms - ticked_ms > 3.0 * f64::from(PING_MS) {
        return Tick::Ping;
    }
    match asked_ms {
        Some(asked) if heard_ms >= asked => Tick::Ping,
        Some(asked) if now_ms - asked > patience_ms => Tick::Restart,
        Some(_) => Tick::Wait,
        None => Tick::Ping,
    }
}

/// Watches the store's worker while the page lives, and replaces it when it goes silent.
#[hook]
pub fn use_worker_watchdog(state: &AppContext, link: &DataLink) {
    // The timer reads the state as it is when it fires.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let link = link.clone();
    use_effect_with((), move |()| {
        let mut asked: Option<f64> = None;
        let mut ticked = js_sys::Date::now();
        let timer = Interval::new(PING_MS, move || {
            let state = latest.borrow().clone();
            let now = js_sys::Date::now();
            let last_tick = std::mem::replace(&mut ticked, now);
            if !link.started() {
                // No worker yet (nothing connected or opened): nothing to watch.
                return;
            }
            let patience = if link.reading_dump() {
                OPENING_DUMP_MS
            } else {
                SILENT_MS
            };
            match tick(now, last_tick, asked, link.heard_ms(), patience) {
                Tick::Ping => {
                    asked = Some(now);
                    link.send(Command::Ping);
                }
                Tick::Wait => {}
                Tick::Restart => {
                    asked = None;
                    link.restart();
                    state.dispatch(Action::WorkerRestarted(now as i64));
                }
            }
        });
        move || drop(timer)
    });
}

impl AppState {
    /// A new, empty worker took the place of one that stopped at `at_ms`: live data
    /// starts again (a dump it held is lost, and says so), and every request the old one
    /// had in flight is let go, so that it is asked again.
    pub(crate) fn worker_restarted(&mut self, at_ms: i64) {
        let data = Rc::make_mut(&mut self.data);
        if let Source::Dump { name } = &data.source {
            data.dump_error = Some((
                "The dump was closed.".to_owned(),
                format!("The worker that held {name} stopped; open it again."),
            ));
        }
        data.source = Source::Live;
        data.generation = 0;
        data.store_version += 1;
        data.worker_restarts.push(at_ms);
        let polling = Rc::make_mut(&mut self.polling);
        if polling.fetch == FetchStatus::Fetching {
            polling.fetch = FetchStatus::Idle;
        }
        let boards = Rc::make_mut(&mut self.boards);
        boards.answers.retain(|_, a| *a != PanelAnswer::Loading);
        boards.variables_asked.retain(|_, (_, answered)| *answered);
        let explore = Rc::make_mut(&mut self.explore);
        if matches!(explore.history, HistoryStatus::Loading(_)) {
            explore.history = HistoryStatus::Off;
        }
        let query = Rc::make_mut(&mut self.query);
        for expression in &mut query.expressions {
            if expression.run == QueryRun::Running {
                expression.run = QueryRun::Idle;
            }
        }
        if matches!(query.table, TableRun::Running(_)) {
            query.table = TableRun::Idle;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_worker_is_replaced_after_its_patience_and_not_before() {
        let tick =
            |now: f64, asked, heard, patience| tick(now, now - 1_000.0, asked, heard, patience);
        // Every ask answered: ask again.
        assert_eq!(tick(10_000.0, None, 0.0, SILENT_MS), Tick::Ping);
        assert_eq!(
            tick(10_000.0, Some(8_000.0), 8_001.0, SILENT_MS),
            Tick::Ping
        );
        // An ask out, not overdue.
        assert_eq!(
            tick(12_000.0, Some(8_000.0), 7_000.0, SILENT_MS),
            Tick::Wait
        );
        // Overdue.
        assert_eq!(
            tick(13_001.0, Some(8_000.0), 7_000.0, SILENT_MS),
            Tick::Restart
        );
        // Reading a dump takes longer.
        assert_eq!(
            tick(13_001.0, Some(8_000.0), 7_000.0, OPENING_DUMP_MS),
            Tick::Wait
        );
    }

    #[test]
    fn a_page_that_slept_asks_afresh_instead_of_blaming_the_worker() {
        // The last tick a minute ago: the tab was hidden, or the machine slept.
        assert_eq!(
            tick(70_000.0, 10_000.0, Some(9_000.0), 8_000.0, SILENT_MS),
            Tick::Ping
        );
    }

    #[test]
    fn a_restart_lets_go_of_what_waited_on_the_old_worker() {
        let mut state = AppState::new("http://relay".into());
        Rc::make_mut(&mut state.polling).fetch = FetchStatus::Fetching;
        Rc::make_mut(&mut state.data).dump_opened("night.prom".into(), 3);
        let key = crate::board::requests::PanelKey {
            query: "up".into(),
            legend: None,
            start: 0,
            end: 1,
            step_s: 1,
            shift_s: 0,
            table: false,
        };
        Rc::make_mut(&mut state.boards)
            .answers
            .insert(key, PanelAnswer::Loading);
        state.worker_restarted(1_000);
        assert_eq!(state.polling.fetch, FetchStatus::Idle, "polling goes on");
        assert_eq!((state.data.generation, state.data.is_live()), (0, true));
        assert!(state.data.dump_error.is_some(), "the lost dump says so");
        assert!(state.boards.answers.is_empty(), "the panel is asked again");
        assert_eq!(state.data.worker_restarts, vec![1_000]);
    }
}
