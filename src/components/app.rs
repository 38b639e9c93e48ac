//! The root component: owns the state, runs the effects of `app/` on it, and provides it
//! to the views below, around the tabs and the side column.

use yew::prelude::*;

use crate::{
    app::alert_effects::{use_rule_evaluation, use_upstream_rules},
    app::board_effects::{use_board_refresh, use_board_requests},
    app::context::AppContext,
    app::data_link::DataLink,
    app::history_effects::use_history,
    app::notifications::use_alert_notifications,
    app::page::{initial_state, use_kiosk_escape, use_page_sync},
    app::playlist_effects::use_playlist,
    app::polling::{use_polling, use_worker_on_connect},
    app::promql_link::PromqlLink,
    app::query_effects::use_query_effects,
    app::services::{next_theme, open_dump_file},
    app::state::{Action, Tab},
    app::view_effects::{use_overview_history, use_view_requests},
    app::worker_restart::use_worker_watchdog,
    components::{
        alerts_view::{kiosk_band, AlertsView},
        boards_view::BoardsView,
        cardinality_panel::CardinalityPanel,
        changes_panel::ChangesPanel,
        chart_panel::ChartPanel,
        connection_panel::ConnectionPanel,
        dump_panel::DumpPanel,
        fetch_panel::FetchPanel,
        metric_list::MetricList,
        overview_board::OverviewBoard,
        query_panel::QueryPanel,
        snippets_panel::SnippetsPanel,
        status_strip::StatusStrip,
        value_table::ValueTable,
    },
    model::credentials::Credentials,
};

/// Properties of [`App`].
#[derive(Debug, Clone, PartialEq, Default, Properties)]
pub struct AppProps {
    /// What the user typed into the first screen's connection form before the app loaded.
    #[prop_or_default]
    pub typed: Option<Credentials>,
}

/// The whole app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let typed = props.typed.clone();
        use_reducer(move || initial_state(typed.as_ref()))
    };
    use_page_sync(&state);
    // The store lives in a worker; its answers come back as actions.
    let link = {
        let dispatch = state.dispatcher();
        (*use_memo((), move |()| DataLink::new(dispatch))).clone()
    };
    let promql = {
        let dispatch = state.dispatcher();
        (*use_memo((), move |()| PromqlLink::new(dispatch))).clone()
    };
    use_view_requests(&state, &link);
    use_overview_history(&state, &link);
    use_polling(&state, &link);
    use_worker_on_connect(&state, &link);
    use_worker_watchdog(&state, &link);
    use_playlist(&state);
    use_board_refresh(&state);
    use_history(&state, &link);
    use_board_requests(&state, &link);
    use_query_effects(&state, &link, &promql);
    use_rule_evaluation(&state, &link);
    use_upstream_rules(&state);
    use_alert_notifications(&state);
    let on_theme = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| next_theme(&state))
    };
    let theme_label = format!("Theme: {}", state.theme.as_str());
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
    use_kiosk_escape(&state);
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
        Tab::Alerts => html! { <AlertsView /> },
    };
    let providers = |content: Html| {
        html! {
            <ContextProvider<AppContext> context={state.clone()}>
            <ContextProvider<DataLink> context={link.clone()}>
            <ContextProvider<PromqlLink> context={promql.clone()}>
                { content }
            </ContextProvider<PromqlLink>>
            </ContextProvider<DataLink>>
            </ContextProvider<AppContext>>
        }
    };
    if state.kiosk {
        // A wall display: the view alone, live; Esc or the corner button leaves.
        let on_exit = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::SetKiosk(false)))
        };
        return providers(html! {
            <main class="kiosk" id="kiosk-view">
                <button id="exit-kiosk" type="button" class="secondary exit-kiosk" onclick={on_exit}>
                    { "Exit kiosk" }</button>
                { kiosk_band(&state.alerts) }
                { view }
            </main>
        });
    }
    // Once connected the side panels fold into the header strip; the chart keeps its
    // metric list beside it.
    let panels = state.panels_shown();
    let side = if panels {
        html! {
            <div class="side" id="side-panels">
                <ConnectionPanel />
                <FetchPanel />
                <MetricList />
                <DumpPanel />
            </div>
        }
    } else if state.tab == Tab::Chart {
        html! { <div class="side"><MetricList /></div> }
    } else {
        Html::default()
    };
    let full = !panels && state.tab != Tab::Chart;
    providers(html! {
        <>
            <header class="top">
                <h1>{ "fedview" }</h1>
                <p class="tagline">{ "Your WG2 Prometheus metrics, in the browser." }</p>
                <button id="theme-toggle" type="button" class="secondary theme" onclick={on_theme}>{ theme_label }</button>
            </header>
            if state.connection.is_healthy() {
                <StatusStrip />
            }
            <main class={classes!("layout", full.then_some("full"), panels.then_some("with-panels"))}
                ondragover={on_dragover} ondrop={on_drop}>
                { side }
                <div class="view">
                    { tabs }
                    { view }
                </div>
            </main>
        </>
    })
}
