//! The history range picker above the chart: polled data only, the last 15 m to 7 d, or a
//! custom range; loads the picked metric's history with `query_range` whenever the metric,
//! its filters, the rate/raw choice or the range change.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::{
    app::context::AppContext,
    app::context::{use_app, use_data_link},
    app::data_link::DataLink,
    app::state::{Action, HistoryStatus, Source},
    model::metric_kind::MetricKind,
    net::range_query::{family_query, step_seconds, Range, PRESETS},
    worker::protocol::Command,
    worker::protocol::HistoryKey,
};

/// Starts loading the history for `key`, in the store's worker.
fn load(state: &AppContext, link: &DataLink, key: HistoryKey, kind: MetricKind) {
    let (start, end) = key.range.bounds(js_sys::Date::now() as i64);
    let step_s = step_seconds(end - start, state.chart_pixels());
    let query = family_query(&key.family, kind, &key.filters, key.raw, step_s);
    state.dispatch(Action::HistoryStarted(key.clone()));
    link.send(Command::LoadHistory {
        credentials: state.credentials.clone(),
        key,
        query,
        start,
        end,
        step_s,
        generation: state.generation,
    });
}

/// A `datetime-local` field's value as ms since the epoch (local time).
fn local_ms(value: &str) -> Option<i64> {
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    ms.is_finite().then_some(ms as i64)
}

/// A range's words in the status line.
fn describe(range: Range) -> String {
    match range {
        Range::Last(_) => format!("the last {}", range.key()),
        Range::Between(from, to) => {
            let offset = crate::components::fetch_panel::utc_offset_minutes();
            format!(
                "{} to {}",
                crate::draw::chart::clock(from, offset, false),
                crate::draw::chart::clock(to, offset, false)
            )
        }
    }
}

/// The range picker and the history status.
#[component]
pub fn RangePicker() -> Html {
    let state = use_app();
    let link = use_data_link();
    let custom = use_state(|| false);
    let from = use_node_ref();
    let to = use_node_ref();
    let kind = state
        .shown
        .0
        .family
        .as_ref()
        .filter(|f| state.selected.as_deref() == Some(f.name.as_str()))
        .map(|f| f.kind);
    let key = state.history_key();
    {
        let state = state.clone();
        let link = link.clone();
        let ready = state.credentials.missing().is_none() && state.query_api_missing.is_none();
        use_effect_with((key.clone(), kind, ready), move |(key, kind, ready)| {
            if let (Some(key), Some(kind), true) = (key.clone(), *kind, *ready) {
                load(&state, &link, key, kind);
            }
            || ()
        });
    }
    if state.source != Source::Live {
        return html! {};
    }
    if let Some(status) = state.query_api_missing {
        return html! {
            <p id="history-status" class="status">
                { format!("This upstream does not offer api/v1/query_range (HTTP {status}), so charts show polled data only.") }
            </p>
        };
    }
    let on_pick = {
        let state = state.clone();
        let custom = custom.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let value = select.value();
            custom.set(value == "custom");
            if value != "custom" {
                state.dispatch(Action::SetRange(Range::from_key(&value)));
            }
        })
    };
    let on_apply = {
        let state = state.clone();
        let (from, to) = (from.clone(), to.clone());
        Callback::from(move |_: MouseEvent| {
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value());
            if let (Some(a), Some(b)) = (
                value(&from).as_deref().and_then(local_ms),
                value(&to).as_deref().and_then(local_ms),
            ) {
                if a < b {
                    state.dispatch(Action::SetRange(Some(Range::Between(a, b))));
                }
            }
        })
    };
    let on_reload = {
        let state = state.clone();
        let link = link.clone();
        let key = key.clone();
        Callback::from(move |_: MouseEvent| {
            if let (Some(key), Some(kind)) = (key.clone(), kind) {
                load(&state, &link, key, kind);
            }
        })
    };
    let current = match state.range {
        None => String::new(),
        Some(Range::Between(..)) => "custom".to_owned(),
        Some(range) => range.key(),
    };
    let showing_custom = *custom || current == "custom";
    let status = match (&state.history, &key) {
        (HistoryStatus::Loading(k), Some(key)) if k == key => {
            html! { <span>{ format!("Loading {}…", describe(key.range)) }</span> }
        }
        (HistoryStatus::Loaded(k, result), Some(key)) if k == key => html! {
            <span>
                { format!("History of {}: ", describe(key.range)) }
                <code>{ result.query.clone() }</code>
                { format!(
                    " at a {} s step, {} series, {} points; live polls continue from its end.",
                    result.step_s,
                    result.series,
                    result.points
                ) }
            </span>
        },
        (HistoryStatus::Failed(k, error), Some(key)) if k == key => html! {
            <span class="bad" role="alert">{ format!("History could not be loaded: {}", error.message) }</span>
        },
        _ if state.selected.is_none() => html! {},
        _ if state.range.is_none() => {
            html! { <span>{ "Showing polled data. Pick a range to load history from the upstream." }</span> }
        }
        _ => html! {},
    };
    html! {
        <div class="range">
            <label for="history-range" class="inline">{ "History" }</label>
            <select id="history-range" onchange={on_pick}>
                <option value="" selected={current.is_empty() && !showing_custom}>{ "polled data only" }</option>
                { for PRESETS.iter().map(|(label, _)| html! {
                    <option value={*label} selected={current == *label}>{ format!("last {label}") }</option>
                }) }
                <option value="custom" selected={showing_custom}>{ "custom…" }</option>
            </select>
            if showing_custom {
                <label for="history-from" class="inline">{ "from" }</label>
                <input id="history-from" type="datetime-local" ref={from} />
                <label for="history-to" class="inline">{ "to" }</label>
                <input id="history-to" type="datetime-local" ref={to} />
                <button id="history-apply" type="button" class="secondary" onclick={on_apply}>{ "Apply" }</button>
            }
            if key.is_some() {
                <button id="history-reload" type="button" class="secondary" onclick={on_reload}>{ "Reload" }</button>
            }
            <p id="history-status" class="status">{ status }</p>
        </div>
    }
}
