//! The root component: owns the state and provides it to the views below.

use yew::prelude::*;

use crate::{
    app::board_effects::use_board_requests,
    app::context::AppContext,
    app::data_link::DataLink,
    app::device_storage,
    app::promql_link::PromqlLink,
    app::query_effects::use_query_effects,
    app::services::open_dump_file,
    app::state::{Action, AppState, Source, Tab},
    app::view_url::ViewUrl,
    components::{
        boards_view::BoardsView, cardinality_panel::CardinalityPanel, changes_panel::ChangesPanel,
        chart_panel::ChartPanel, connection_panel::ConnectionPanel, dump_panel::DumpPanel,
        fetch_panel::FetchPanel, metric_list::MetricList, overview_board::OverviewBoard,
        query_panel::QueryPanel, snippets_panel::SnippetsPanel, value_table::ValueTable,
    },
    worker::protocol::Command,
};

/// The page's own origin, the default relay URL.
fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The URL fragment, without `#`.
fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Replaces the fragment without adding a history entry.
fn set_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if window
        .location()
        .hash()
        .ok()
        .as_deref()
        .map(|h| h.trim_start_matches('#'))
        == Some(fragment)
    {
        return;
    }
    if let Ok(history) = window.history() {
        let url = if fragment.is_empty() {
            window.location().pathname().unwrap_or_default()
        } else {
            format!("#{fragment}")
        };
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The whole app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let mut state = AppState::new(page_origin());
        state.boards.boards = device_storage::load_boards();
        ViewUrl::from_fragment(&fragment()).apply(&mut state);
        if let Some(credentials) = device_storage::load_connection() {
            state.credentials = credentials;
            state.remember = true;
        }
        state.theme = device_storage::load_theme();
        state
    });
    {
        // The connection is stored only while "Remember on this device" is ticked.
        let remembered = state.remember.then(|| state.credentials.clone());
        use_effect_with(remembered, |remembered| {
            device_storage::save_connection(remembered.as_ref());
            || ()
        });
    }
    {
        // Boards are kept on this device (they hold no credentials).
        use_effect_with(state.boards.boards.clone(), |boards| {
            device_storage::save_boards(boards);
            || ()
        });
    }
    // The store lives in a worker; its answers come back as actions.
    let link = {
        let dispatch = state.dispatcher();
        (*use_memo((), move |()| DataLink::start(dispatch))).clone()
    };
    use_board_requests(&state, &link);
    let promql = {
        let dispatch = state.dispatcher();
        (*use_memo((), move |()| PromqlLink::new(dispatch))).clone()
    };
    use_query_effects(&state, &link, &promql);
    {
        // Whatever changes what the page shows asks the worker again.
        let link = link.clone();
        let request = state.view_request(0);
        let chart_pixels = state.chart_pixels();
        let panel_pixels = state.overview_panel_pixels();
        use_effect_with(
            (
                request,
                state.store_version,
                state.generation,
                // A reload of the same history is new data too.
                state.history.clone(),
                state.overview_version,
            ),
            move |(request, ..)| {
                let mut request = request.clone();
                request.plot_pixels = chart_pixels;
                request.panel_pixels = panel_pixels;
                link.send(Command::Show(request));
                crate::app::data_link::mark("fedview-view-asked");
                || ()
            },
        );
    }
    {
        // The overview's panels on the page get their history from before the first poll,
        // once per family (the worker skips what it asked already).
        let link = link.clone();
        let wanted = (state.tab == Tab::Overview
            && state.source == Source::Live
            && state.query_api_missing.is_none()
            && state.overview_panels > 0)
            .then(|| {
                (
                    state.credentials.clone(),
                    state.generation,
                    state.overview_panels,
                    state.store_version,
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
    // Marks the moment the form is on screen and interactive, for the load benchmark.
    use_effect_with((), |()| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("fedview-interactive");
        }
        || ()
    });
    use_effect_with(state.theme, |&theme| {
        device_storage::apply_theme(theme);
        || ()
    });
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            // Stored only when the user picks one, never on start-up.
            let next = state.theme.next();
            device_storage::save_theme(next);
            state.dispatch(Action::SetTheme(next));
        })
    };
    let theme_label = format!("Theme: {}", state.theme.as_str());
    {
        // The view (never the credentials) follows the state into the URL fragment.
        let view = ViewUrl::of(&state);
        use_effect_with(view, |view| {
            set_fragment(&view.to_fragment());
            || ()
        });
    }
    // A file dropped anywhere on the page opens as an offline dump.
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let state = state.clone();
        let link = link.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|files| files.get(0))
            {
                open_dump_file(&state, &link, file);
            }
        })
    };
    let tabs = html! {
        <nav class="tabs" role="tablist" aria-label="Views">
            { for Tab::ALL.into_iter().map(|tab| {
                let onclick = {
                    let state = state.clone();
                    Callback::from(move |_: MouseEvent| state.dispatch(Action::SetTab(tab)))
                };
                let selected = state.tab == tab;
                html! {
                    <button type="button" role="tab" id={format!("tab-{}", tab.key())}
                        class={classes!("tab", selected.then_some("selected"))}
                        aria-selected={selected.to_string()} {onclick}>{ tab.title() }</button>
                }
            }) }
        </nav>
    };
    let view = match state.tab {
        Tab::Overview => html! { <><OverviewBoard /><SnippetsPanel /></> },
        Tab::Boards => html! { <BoardsView /> },
        Tab::Chart => html! { <><ChartPanel /><ValueTable /><SnippetsPanel /></> },
        Tab::Query => html! { <QueryPanel /> },
        Tab::Cardinality => html! { <CardinalityPanel /> },
        Tab::Changes => html! { <ChangesPanel /> },
    };
    html! {
        <ContextProvider<AppContext> context={state}>
        <ContextProvider<DataLink> context={link.clone()}>
        <ContextProvider<PromqlLink> context={promql.clone()}>
            <header class="top">
                <h1>{ "fedview" }</h1>
                <p class="tagline">{ "Your WG2 Prometheus metrics, in the browser." }</p>
                <button id="theme-toggle" type="button" class="secondary theme" onclick={on_theme}>{ theme_label }</button>
            </header>
            <main class="layout" ondragover={on_dragover} ondrop={on_drop}>
                <div class="side">
                    <ConnectionPanel />
                    <FetchPanel />
                    <MetricList />
                    <DumpPanel />
                </div>
                <div class="view">
                    { tabs }
                    { view }
                </div>
            </main>
        </ContextProvider<PromqlLink>>
        </ContextProvider<DataLink>>
        </ContextProvider<AppContext>>
    }
}
