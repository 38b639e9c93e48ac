//! Importing a dashboard: a Grafana dashboard's JSON or a Perses dashboard's JSON or YAML,
//! from a file or pasted. It opens as a new board; a malformed file says which path (or
//! YAML line) is wrong.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    app::context::{use_app, use_promql_link},
    app::services::{open_dashboard, open_dashboard_file},
};

/// The dashboard shipped for the demo's own data (`dashboards/demo-network.json`).
pub const DEMO_DASHBOARD: &str = include_str!("../../dashboards/demo-network.json");

/// "Open the demo dashboard", shown while connected to the demo.
#[component]
pub fn DemoDashboardButton() -> Html {
    let state = use_app();
    let promql = use_promql_link();
    if state.connection.credentials.id.trim() != "demo" {
        return html! {};
    }
    let onclick = Callback::from(move |_: MouseEvent| open_dashboard(&promql, DEMO_DASHBOARD));
    html! {
        <button id="open-demo-dashboard" type="button" class="secondary" {onclick}>{ "Open the demo dashboard" }</button>
    }
}

/// The import controls.
#[component]
pub fn BoardImport() -> Html {
    let state = use_app();
    let pasted = use_node_ref();
    let promql = use_promql_link();
    let on_file = {
        let state = state.clone();
        let promql = promql.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                open_dashboard_file(&state, &promql, file);
            }
            input.set_value("");
        })
    };
    let on_import = {
        let pasted = pasted.clone();
        let promql = promql.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = pasted.cast::<HtmlTextAreaElement>() {
                open_dashboard(&promql, &area.value());
            }
        })
    };
    html! {
        <details class="board-import" open={state.boards.boards.is_empty()}>
            <summary>{ "Import a Grafana or Perses dashboard" }</summary>
            <div class="field">
                <label for="dashboard-file">{ "Import dashboard" }</label>
                <input id="dashboard-file" type="file" accept=".json,.yaml,.yml,application/json,application/yaml" onchange={on_file} />
            </div>
            <div class="field">
                <label for="dashboard-json">{ "Dashboard JSON" }</label>
                <textarea id="dashboard-json" rows="4" spellcheck="false" ref={pasted}
                    placeholder={"{\"title\": \"…\", \"panels\": […]}"} />
            </div>
            <button id="dashboard-import" type="button" class="secondary" onclick={on_import}>{ "Import" }</button>
            if let Some(why) = &state.boards.import_error {
                <p id="dashboard-error" class="bad" role="alert">{ why.clone() }</p>
            }
        </details>
    }
}
