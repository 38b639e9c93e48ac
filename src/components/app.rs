//! The root component: owns the state and provides it to the views below.

use yew::prelude::*;

use crate::{
    components::{
        chart_panel::ChartPanel, connection_panel::ConnectionPanel, fetch_panel::FetchPanel,
        metric_list::MetricList, value_table::ValueTable,
    },
    state::AppState,
};

/// The shared state handle every view reads and dispatches to.
pub type AppContext = UseReducerHandle<AppState>;

/// The page's own origin, the default relay URL.
fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState::new(page_origin()));
    html! {
        <ContextProvider<AppContext> context={state}>
            <header class="top">
                <h1>{ "fedview" }</h1>
                <p class="tagline">{ "Your WG2 Prometheus metrics, in the browser." }</p>
            </header>
            <main class="layout">
                <div class="side">
                    <ConnectionPanel />
                    <FetchPanel />
                    <MetricList />
                </div>
                <div class="view">
                    <ChartPanel />
                    <ValueTable />
                </div>
            </main>
        </ContextProvider<AppContext>>
    }
}
