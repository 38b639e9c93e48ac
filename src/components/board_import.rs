//! Importing a dashboard: a Grafana dashboard's JSON or a Perses dashboard's JSON or YAML,
//! from a file or pasted. It opens as a new board; a malformed file says which path (or
//! YAML line) is wrong.

use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    app::board_state::BoardAction,
    app::context::use_app,
    app::context::AppContext,
    app::promql_link::PromqlLink,
    app::state::Action,
    promql::{worker::PromqlRequest, yaml::looks_like_yaml},
};

/// The largest dashboard file read (Grafana's own exports are well under 1 MB).
const MAX_DASHBOARD_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// Reads `text` as a dashboard and opens it, or says why not. JSON is read at once; YAML
/// (Perses) goes to the worker that holds the YAML parser first, and comes back as JSON.
pub fn import_text(state: &AppContext, promql: Option<&PromqlLink>, text: &str) {
    match promql.filter(|_| looks_like_yaml(text)) {
        Some(worker) => worker.send(PromqlRequest::YamlToJson {
            text: text.to_owned(),
        }),
        None => state.dispatch(Action::Board(BoardAction::ImportText(text.to_owned()))),
    }
}

/// The dashboard shipped for the demo's own data (`dashboards/demo-network.json`).
pub const DEMO_DASHBOARD: &str = include_str!("../../dashboards/demo-network.json");

/// "Open the demo dashboard", shown while connected to the demo.
#[component]
pub fn DemoDashboardButton() -> Html {
    let state = use_app();
    if state.connection.credentials.id.trim() != "demo" {
        return html! {};
    }
    let onclick = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| import_text(&state, None, DEMO_DASHBOARD))
    };
    html! {
        <button id="open-demo-dashboard" type="button" class="secondary" {onclick}>{ "Open the demo dashboard" }</button>
    }
}

/// The import controls.
#[component]
pub fn BoardImport() -> Html {
    let state = use_app();
    let pasted = use_node_ref();
    let promql = use_context::<PromqlLink>();
    let on_file = {
        let state = state.clone();
        let promql = promql.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                if file.size() > MAX_DASHBOARD_BYTES {
                    state.dispatch(Action::Board(BoardAction::ImportFailed(format!(
                        "{} is larger than a dashboard can be ({} MB at most).",
                        file.name(),
                        MAX_DASHBOARD_BYTES / 1024.0 / 1024.0
                    ))));
                } else {
                    let state = state.clone();
                    let promql = promql.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match JsFuture::from(file.text()).await {
                            Ok(text) => import_text(
                                &state,
                                promql.as_ref(),
                                &text.as_string().unwrap_or_default(),
                            ),
                            Err(_) => state.dispatch(Action::Board(BoardAction::ImportFailed(
                                format!("{} could not be read.", file.name()),
                            ))),
                        }
                    });
                }
            }
            input.set_value("");
        })
    };
    let on_import = {
        let state = state.clone();
        let pasted = pasted.clone();
        let promql = promql.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = pasted.cast::<HtmlTextAreaElement>() {
                import_text(&state, promql.as_ref(), &area.value());
            }
        })
    };
    html! {
        <details class="board-import" open={state.boards.boards.is_empty()}>
            <summary>{ "Import a Grafana or Perses dashboard" }</summary>
            <div class="field">
                <label for="dashboard-file">{ "Import dashboard" }</label>
                <input id="dashboard-file" type="file" accept=".json,application/json" onchange={on_file} />
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
