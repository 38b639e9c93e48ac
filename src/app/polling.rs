//! Live polling as an effect of the state: while live, a poll at once and then one every
//! interval, each with the connection and selectors as they are when it starts; and the
//! countdown to the next poll, for the view that shows it.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::{
    app::context::AppContext, app::data_link::DataLink, app::polling_state::PollingAction,
    app::services::start_poll, app::state::Action,
};

/// Polls while the state says live, every `poll_seconds`.
#[hook]
pub fn use_polling(state: &AppContext, link: &DataLink) {
    // The timer reads the state as it is when it fires, not as it was when it was set.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let link = link.clone();
    let polling = &state.polling;
    // A new store worker (after the old one stopped) is polled at once.
    let workers = state.data.worker_restarts.len();
    use_effect_with(
        (polling.live, polling.poll_seconds, workers),
        move |&(live, seconds, _)| {
            let timer = live.then(|| {
                let poll = move || {
                    let state = latest.borrow().clone();
                    let now = js_sys::Date::now() as i64;
                    // After failures in a row, the relay is asked less and less often.
                    if !state.polling.backing_off(now) {
                        start_poll(&state, &link);
                    }
                    let next = state
                        .polling
                        .retry_at_ms
                        .filter(|&at| at > now)
                        .unwrap_or(now + i64::from(seconds) * 1000);
                    state.dispatch(Action::Polling(PollingAction::NextPollAt(next)));
                };
                poll.clone()();
                Interval::new(seconds.saturating_mul(1000), poll)
            });
            move || drop(timer)
        },
    );
}

/// Starts the store's worker once the connection answers healthy, so that the first poll
/// does not wait for the worker's code (it is not fetched before: the first load stays
/// light).
#[hook]
pub fn use_worker_on_connect(state: &AppContext, link: &DataLink) {
    let link = link.clone();
    use_effect_with(state.connection.is_healthy(), move |&healthy| {
        if healthy {
            link.warm_up();
        }
        || ()
    });
}

/// Whole seconds until `until_ms` (ms since the epoch), counted down once a second while
/// there is a time to count to; only the view that calls it renders each second.
#[hook]
pub fn use_countdown(until_ms: Option<i64>) -> Option<u32> {
    let render = use_force_update();
    use_effect_with(until_ms, move |until| {
        let timer = until.map(|_| Interval::new(1000, move || render.force_update()));
        move || drop(timer)
    });
    until_ms.map(|until| seconds_left(until, js_sys::Date::now() as i64))
}

/// Whole seconds from `now_ms` to `until_ms`, rounded up, never below zero.
fn seconds_left(until_ms: i64, now_ms: i64) -> u32 {
    u32::try_from((until_ms - now_ms).max(0).unsigned_abs().div_ceil(1000)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::seconds_left;

    #[test]
    fn the_countdown_rounds_up_and_stops_at_zero() {
        assert_eq!(seconds_left(30_000, 0), 30);
        assert_eq!(seconds_left(30_000, 1), 30);
        assert_eq!(seconds_left(30_000, 29_001), 1);
        assert_eq!(seconds_left(30_000, 30_000), 0);
        assert_eq!(seconds_left(30_000, 31_000), 0);
    }
}
