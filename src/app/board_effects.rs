//! What the open board asks the upstream, as effects of the state: the window's clock
//! when the boards first show, each variable's values in order (a chained variable waits
//! for the ones it uses, and each asks once per change), and the panels' range queries
//! once the variables are answered, at most six in flight. While live, the open board
//! moves with the clock (`use_board_refresh`), as a Grafana dashboard with a refresh
//! interval does on a wall display.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::{
    app::board_state::{BoardAction, MAX_IN_FLIGHT},
    app::data_link::DataLink,
    app::page::Same,
    app::state::{Action, AppState, Tab},
    board::{
        requests::{variable_request, PanelKey, PANEL_POINTS},
        variables::VariableQuery,
    },
    worker::protocol::Command,
};

/// Each variable's request, in order: `(name, query and regex)`, `None` for a variable
/// that asks nothing.
type VariableRequests = Vec<(String, Option<(VariableQuery, Option<String>)>)>;

fn variable_requests(state: &AppState) -> VariableRequests {
    let Some(board) = state.boards.board() else {
        return Vec::new();
    };
    let window = state.boards.window(PANEL_POINTS);
    (0..board.variables.len())
        .filter_map(|i| {
            let variable = board.variables.get(i)?;
            Some((variable.name.clone(), variable_request(board, i, window)))
        })
        .collect()
}

/// Whether every variable that asks something has its answer for what it asks now.
fn variables_answered(state: &AppState, requests: &VariableRequests) -> bool {
    requests.iter().all(|(name, request)| match request {
        None => true,
        Some((query, _)) => {
            matches!(state.boards.variables_asked.get(name), Some((asked, true)) if asked == query)
        }
    })
}

/// Runs the open board's requests through `link`.
#[hook]
pub fn use_board_requests(state: &UseReducerHandle<AppState>, link: &DataLink) {
    let open = state.tab == Tab::Boards && state.boards.board().is_some();
    {
        // "Now" is fixed when the boards first show, so the requests stay the same.
        let state = state.clone();
        let unset = state.boards.clock == 0;
        use_effect_with((open, unset), move |&(open, unset)| {
            if open && unset {
                state.dispatch(Action::Board(BoardAction::Refresh(
                    js_sys::Date::now() as i64
                )));
            }
            || ()
        });
    }
    let ready = open && state.boards.clock != 0;
    // Every query the open board needs is worked out once per board and window; on each
    // answer only the ones not asked yet are picked from it.
    let boards = &state.boards;
    let wanted = use_memo(
        (
            Same(boards.boards.clone()),
            boards.current,
            boards.window(PANEL_POINTS),
        ),
        |_| boards.wanted(PANEL_POINTS),
    );
    let requests = if ready {
        variable_requests(state)
    } else {
        Vec::new()
    };
    let answered = variables_answered(state, &requests);
    {
        let state = state.clone();
        let link = link.clone();
        let asked = state.boards.variables_asked.clone();
        use_effect_with((requests, asked), move |(requests, asked)| {
            let window = state.boards.window(PANEL_POINTS);
            for (name, request) in requests {
                let Some((query, regex)) = request else {
                    continue;
                };
                match asked.get(name) {
                    Some((earlier, true)) if earlier == query => continue,
                    // In flight: the variables after it may use it, so they wait.
                    Some((earlier, false)) if earlier == query => break,
                    _ => {
                        state.dispatch(Action::Board(BoardAction::VariableAsked(
                            name.clone(),
                            query.clone(),
                        )));
                        link.send(Command::VariableOptions {
                            credentials: state.connection.credentials.clone(),
                            name: name.clone(),
                            query: query.clone(),
                            regex: regex.clone(),
                            start: window.start,
                            end: window.end,
                        });
                        break;
                    }
                }
            }
            || ()
        });
    }
    {
        let state = state.clone();
        let link = link.clone();
        let unasked = if ready && answered {
            state.boards.unasked_of(&wanted)
        } else {
            Vec::new()
        };
        let in_flight = state.boards.in_flight();
        use_effect_with((unasked, in_flight), move |(unasked, in_flight)| {
            let asking: Vec<PanelKey> = unasked
                .iter()
                .take(MAX_IN_FLIGHT.saturating_sub(*in_flight))
                .cloned()
                .collect();
            for key in &asking {
                link.send(Command::PanelQuery {
                    credentials: state.connection.credentials.clone(),
                    key: key.clone(),
                    plot_pixels: PANEL_POINTS,
                });
            }
            // One action for them all: one render of the board, not one per query.
            if !asking.is_empty() {
                state.dispatch(Action::Board(BoardAction::PanelsAsked(asking)));
            }
            || ()
        });
    }
}

/// How often a live board refreshes, at least, in seconds (Grafana's usual `30s`): a
/// board of a hundred panels is not asked again every 5 s poll.
pub const BOARD_REFRESH_SECONDS: u32 = 30;

/// While the boards show and polling is live, the open board refreshes every
/// [`BOARD_REFRESH_SECONDS`] (or the poll interval, when longer), and at once when it is
/// opened again (a playlist turning back to it) with a clock older than that.
#[hook]
pub fn use_board_refresh(state: &UseReducerHandle<AppState>) {
    let showing = state.tab == Tab::Boards && state.boards.board().is_some();
    let live = state.polling.live;
    let seconds = state.polling.poll_seconds.max(BOARD_REFRESH_SECONDS);
    let current = state.boards.current;
    let clock = state.boards.clock;
    let dispatch = state.dispatcher();
    use_effect_with(
        (showing && live, seconds, current),
        move |&(refreshing, seconds, _)| {
            let every_ms = i64::from(seconds) * 1000;
            let refresh = move || {
                dispatch.dispatch(Action::Board(BoardAction::Refresh(
                    js_sys::Date::now() as i64
                )));
            };
            // A clock of 0 is set by `use_board_requests` as the board first shows.
            if refreshing && clock != 0 && js_sys::Date::now() as i64 - clock > every_ms {
                refresh();
            }
            let timer = refreshing.then(|| Interval::new(seconds.saturating_mul(1000), refresh));
            move || drop(timer)
        },
    );
}
