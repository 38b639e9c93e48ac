//! The effects views start from a click or a drop, kept out of the views (as yew's
//! `async_clock` keeps its async work in `services.rs`): the health check, one poll,
//! opening a dump, importing a dashboard, and the theme. Each dispatches what it starts
//! and what comes back.

use wasm_bindgen_futures::JsFuture;

use crate::{
    alerts::{
        rule_draft::RuleDraft,
        rules::{Rule, RuleFile},
    },
    app::alert_effects::evaluation_time,
    app::alerts_state::{AlertsAction, Backtest, DRAFT_SOURCE},
    app::board_state::BoardAction,
    app::connection_state::ConnectionAction,
    app::context::AppContext,
    app::data_link::DataLink,
    app::device_storage,
    app::polling_state::{FetchStatus, PollingAction},
    app::promql_link::PromqlLink,
    app::query_state::QueryAction,
    app::source_state::Source,
    app::state::{Action, Tab},
    model::offline::too_large,
    net::api,
    promql::rules_file::{RuleError, RulesRead},
    promql::worker::PromqlRequest,
    worker::protocol::{Command, RuleKey},
};

/// Checks the instance's health with the credentials entered, unless the form is missing
/// something (then it says what).
pub fn check_health(state: &AppContext) {
    let credentials = state.connection.credentials.clone();
    if let Some(missing) = credentials.missing() {
        state.dispatch(Action::Connection(ConnectionAction::CheckRefused(missing)));
        return;
    }
    state.dispatch(Action::Connection(ConnectionAction::CheckStarted));
    let state = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let status = api::check_health(&credentials).await;
        state.dispatch(Action::Connection(ConnectionAction::CheckFinished(status)));
    });
}

/// Starts one poll with the current connection and selectors, in the store's worker.
pub fn start_poll(state: &AppContext, link: &DataLink) {
    if matches!(state.polling.fetch, FetchStatus::Fetching) || state.data.source != Source::Live {
        return;
    }
    let credentials = state.connection.credentials.clone();
    let generation = state.data.generation;
    if let Some(missing) = credentials.missing() {
        state.dispatch(Action::Polling(PollingAction::PollFailed {
            title: "Incomplete connection".to_owned(),
            detail: missing.to_owned(),
        }));
        return;
    }
    state.dispatch(Action::Polling(PollingAction::PollStarted));
    link.send(Command::Poll {
        credentials,
        selectors: state.polling.selectors.clone(),
        generation,
        retention: state.polling.retention(),
    });
}

/// Moves to the next theme, and keeps the choice on this device (only a theme the user
/// picks is stored, never one on start-up).
pub fn next_theme(state: &AppContext) {
    let next = state.theme.next();
    device_storage::save_theme(next);
    state.dispatch(Action::SetTheme(next));
}

/// Sends `bytes` (named `name`) to the store's worker, to read into a fresh store.
pub fn open_dump(link: &DataLink, name: &str, bytes: Vec<u8>) {
    link.send(Command::OpenDump {
        name: name.to_owned(),
        bytes,
    });
}

/// Reads a dropped or picked file.
pub fn open_dump_file(state: &AppContext, link: &DataLink, file: web_sys::File) {
    let name = file.name();
    if let Some(e) = too_large(&name, file.size()) {
        state.dispatch(Action::DumpFailed(e.title, e.detail));
        return;
    }
    let state = state.clone();
    let link = link.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => open_dump(&link, &name, js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(_) => state.dispatch(Action::DumpFailed(
                format!("{name} could not be read"),
                "The browser could not read the file.".to_owned(),
            )),
        }
    });
}

/// The largest dashboard file read (Grafana's own exports are well under 1 MB).
const MAX_DASHBOARD_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// Reads `text` as a dashboard in the worker that holds the readers (JSON or YAML), which
/// answers with the board to open or why it could not be read.
pub fn open_dashboard(promql: &PromqlLink, text: &str) {
    promql.send(PromqlRequest::ReadDashboard {
        text: text.to_owned(),
    });
}

/// Reads a picked file's text for `then`, unless it is larger than `what` can be or the
/// browser cannot read it: then `failed` gets the state and what to say.
fn read_picked_file(
    state: &AppContext,
    file: web_sys::File,
    what: &'static str,
    then: impl FnOnce(String) + 'static,
    failed: impl Fn(&AppContext, String) + 'static,
) {
    let name = file.name();
    if file.size() > MAX_DASHBOARD_BYTES {
        failed(
            state,
            format!(
                "{name} is larger than {what} can be ({} MB at most).",
                MAX_DASHBOARD_BYTES / 1024.0 / 1024.0
            ),
        );
        return;
    }
    let state = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.text()).await {
            Ok(text) => then(text.as_string().unwrap_or_default()),
            Err(_) => failed(&state, format!("{name} could not be read.")),
        }
    });
}

/// Reads a picked dashboard file and imports it, unless it is larger than a dashboard
/// can be or the browser cannot read it (then the board says so).
pub fn open_dashboard_file(state: &AppContext, promql: &PromqlLink, file: web_sys::File) {
    let promql = promql.clone();
    read_picked_file(
        state,
        file,
        "a dashboard",
        move |text| open_dashboard(&promql, &text),
        |state, why| state.dispatch(Action::Board(BoardAction::ImportFailed(why))),
    );
}

/// Reads `text`, a Prometheus rules file from `source`, in the PromQL worker; its rules
/// join the Alerts tab's when read.
pub fn import_rules(promql: &PromqlLink, text: &str, source: &str) {
    promql.send(PromqlRequest::ReadRules {
        text: text.to_owned(),
        source: source.to_owned(),
    });
}

/// Reads a picked rules file and imports it, unless it is larger than a rules file can be
/// or the browser cannot read it (then the Alerts tab says so).
pub fn import_rules_file(state: &AppContext, promql: &PromqlLink, file: web_sys::File) {
    let name = file.name();
    let promql = promql.clone();
    let source = name.clone();
    read_picked_file(
        state,
        file,
        "a rules file",
        move |text| import_rules(&promql, &text, &source),
        move |state, message| {
            state.dispatch(Action::Alerts(AlertsAction::Imported {
                read: RulesRead {
                    errors: vec![RuleError {
                        group: String::new(),
                        rule: String::new(),
                        line: 0,
                        message,
                    }],
                    ..RulesRead::default()
                },
                source: name.clone(),
            }));
        },
    );
}

/// Checks the rule form's rule as a rules file is checked (in the PromQL worker), and
/// saves it if it reads; else the form says why.
pub fn save_rule_draft(state: &AppContext, promql: &PromqlLink) {
    let Some(draft) = &state.alerts.draft else {
        return;
    };
    match draft.to_yaml() {
        Ok(text) => import_rules(promql, &text, DRAFT_SOURCE),
        Err(why) => state.dispatch(Action::Alerts(AlertsAction::DraftRefused(why))),
    }
}

/// Opens the rule form on `expr` (the PromQL page's first expression), or gives the open
/// form that expression, and shows the Alerts tab.
pub fn rule_from_query(state: &AppContext, expr: &str) {
    let draft = match &state.alerts.draft {
        Some(draft) => RuleDraft {
            expr: expr.to_owned(),
            ..draft.clone()
        },
        None => RuleDraft::new("fedview", expr),
    };
    state.dispatch(Action::Alerts(AlertsAction::DraftOpened(draft)));
    state.dispatch(Action::SetTab(Tab::Alerts));
}

/// Takes the rule form's expression to the PromQL page, to write it there with completion,
/// the parser's check and Explain; its "Back to the rule" brings it back.
pub fn write_rule_query(state: &AppContext) {
    if let Some(draft) = &state.alerts.draft {
        // Into the first expression, the one "Back to the rule" takes; the others stay.
        state.dispatch(Action::Query(QueryAction::Edit(0, draft.expr.clone())));
        state.dispatch(Action::SetTab(Tab::Query));
    }
}

/// Saves the rules as a rules file Prometheus loads (written in the PromQL worker).
pub fn export_rules(promql: &PromqlLink, file: &RuleFile) {
    promql.send(PromqlRequest::WriteRules(file.clone()));
}

/// The most evaluations a backtest asks for: Prometheus answers at most 11,000 points per
/// series.
pub const MOST_BACKTEST_STEPS: i64 = 11_000;

/// Runs rule `key` (`rule`, of a group evaluated every `interval_ms`) over the last
/// `window_ms`, at the group's interval, through the store's worker: the evaluations are
/// whole multiples of the interval, as the live ones are, and at most
/// [`MOST_BACKTEST_STEPS`] of them (a shorter window when the interval is short).
pub fn backtest_rule(
    dispatch: &yew::UseReducerDispatcher<crate::app::state::AppState>,
    link: &DataLink,
    credentials: &crate::model::credentials::Credentials,
    key: RuleKey,
    rule: &Rule,
    interval_ms: u64,
    window_ms: i64,
) {
    let step_s = (interval_ms as i64 / 1000).max(1);
    let step_ms = step_s * 1000;
    let end_ms = evaluation_time(js_sys::Date::now() as i64, step_ms as u64);
    let start_ms = end_ms - (window_ms / step_ms - 1).clamp(0, MOST_BACKTEST_STEPS - 1) * step_ms;
    dispatch.dispatch(Action::Alerts(AlertsAction::BacktestStarted {
        rule: key.clone(),
        backtest: Backtest {
            start_ms,
            end_ms,
            step_ms,
            outcome: None,
            lines: Vec::new(),
        },
    }));
    link.send(Command::Backtest {
        credentials: credentials.clone(),
        rule: key,
        definition: rule.clone(),
        start_ms,
        end_ms,
        step_s,
    });
}
