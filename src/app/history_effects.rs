//! The charted family's history as an effect of the state: while the chart shows, a
//! `query_range` load whenever the family, its filters, the rate/raw choice or the range
//! change (and again on "Reload"), in the store's worker.

use yew::prelude::*;

use crate::{
    app::context::AppContext,
    app::data_link::DataLink,
    app::explore_state::ExploreAction,
    app::state::{Action, Tab},
    model::metric_kind::MetricKind,
    net::range_query::{family_query, step_seconds},
    worker::protocol::{Command, HistoryKey},
};

/// The kind of the charted family, once the worker has said it.
pub fn charted_kind(state: &AppContext) -> Option<MetricKind> {
    state
        .shown
        .0
        .family
        .as_ref()
        .filter(|f| state.explore.selected.as_deref() == Some(f.name.as_str()))
        .map(|f| f.kind)
}

/// Starts loading the history for `key` (a family of kind `kind`), in the store's worker.
pub fn load_history(state: &AppContext, link: &DataLink, key: HistoryKey, kind: MetricKind) {
    let (start, end) = key.range.bounds(js_sys::Date::now() as i64);
    let step_s = step_seconds(end - start, state.explore.chart_pixels());
    let query = family_query(&key.family, kind, &key.filters, key.raw, step_s);
    state.dispatch(Action::Explore(ExploreAction::HistoryStarted(key.clone())));
    link.send(Command::LoadHistory {
        credentials: state.connection.credentials.clone(),
        key,
        query,
        start,
        end,
        step_s,
        generation: state.data.generation,
    });
}

/// Loads the charted family's history whenever what it is asked for changes, or the chart
/// comes back into view.
#[hook]
pub fn use_history(state: &AppContext, link: &DataLink) {
    let state = state.clone();
    let link = link.clone();
    let ready = state.tab == Tab::Chart
        && state.connection.credentials.missing().is_none()
        && state.data.query_api_missing.is_none();
    let wanted = ready
        .then(|| state.history_key().zip(charted_kind(&state)))
        .flatten();
    use_effect_with(wanted, move |wanted| {
        if let Some((key, kind)) = wanted.clone() {
            load_history(&state, &link, key, kind);
        }
        || ()
    });
}
