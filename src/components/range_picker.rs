//! The history range picker above the chart: polled data only, the last 15 m to 7 d, or a
//! custom range, with "Reload" and what the load (`app/history_effects.rs`) brought.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::{
    app::context::{use_app, use_data_link},
    app::explore_state::{ExploreAction, HistoryStatus},
    app::history_effects::{charted_kind, load_history},
    app::source_state::Source,
    app::state::Action,
    net::range_query::{Range, PRESETS},
};

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
    let kind = charted_kind(&state);
    let key = state.history_key();
    if state.data.source != Source::Live {
        return html! {};
    }
    if let Some(status) = state.data.query_api_missing {
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
                state.dispatch(Action::Explore(ExploreAction::SetRange(Range::from_key(
                    &value,
                ))));
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
                    state.dispatch(Action::Explore(ExploreAction::SetRange(Some(
                        Range::Between(a, b),
                    ))));
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
                load_history(&state, &link, key, kind);
            }
        })
    };
    let current = match state.explore.range {
        None => String::new(),
        Some(Range::Between(..)) => "custom".to_owned(),
        Some(range) => range.key(),
    };
    let showing_custom = *custom || current == "custom";
    let status = match (&state.explore.history, &key) {
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
        _ if state.explore.selected.is_none() => html! {},
        _ if state.explore.range.is_none() => {
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
