//! What the page asks the store's worker to work out, as effects of the state: the view
//! (metric list, chart, table, overview, cardinality, changes) whenever something it shows
//! changes, and the overview's history from before the first poll.

use yew::prelude::*;

use crate::{
    app::context::AppContext,
    app::data_link::{mark, DataLink},
    app::state::Tab,
    worker::protocol::Command,
};

/// Asks the worker for the view whenever the request, the data or its history changes.
#[hook]
pub fn use_view_requests(state: &AppContext, link: &DataLink) {
    let link = link.clone();
    let request = state.view_request(0);
    let chart_pixels = state.explore.chart_pixels();
    let panel_pixels = state.overview.panel_pixels();
    use_effect_with(
        (
            request,
            state.data.store_version,
            state.data.generation,
            // A reload of the same history is new data too.
            state.explore.history.clone(),
            state.overview.version,
        ),
        move |(request, ..)| {
            let mut request = request.clone();
            request.plot_pixels = chart_pixels;
            request.panel_pixels = panel_pixels;
            link.send(Command::Show(request));
            mark("fedview-view-asked");
            || ()
        },
    );
}

/// Asks for the history of the overview's panels on the page, from before the first poll,
/// once per family (the worker skips what it asked already).
#[hook]
pub fn use_overview_history(state: &AppContext, link: &DataLink) {
    let link = link.clone();
    let wanted = (state.tab == Tab::Overview
        && state.data.is_live()
        && state.data.query_api_missing.is_none()
        && state.overview.panels > 0)
        .then(|| {
            (
                state.connection.credentials.clone(),
                state.data.generation,
                state.overview.panels,
                state.data.store_version,
            )
        });
    use_effect_with(wanted, move |wanted| {
        if let Some((credentials, generation, panels, _)) = wanted.clone() {
            link.send(Command::OverviewHistory {
                credentials,
                generation,
                panels,
            });
        }
        || ()
    });
}
