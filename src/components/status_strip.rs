//! The header strip the side panels fold into once the app is connected: the instance and
//! its health, the live state and the next poll, "Fetch now", and buttons that open the
//! side panels and enter kiosk mode. It counts down each second on its own, so nothing
//! else renders with it.

use yew::prelude::*;

use crate::{
    app::context::{use_app, use_data_link},
    app::polling::use_countdown,
    app::polling_state::{FetchStatus, PollingAction},
    app::services::start_poll,
    app::state::{Action, Tab},
    components::fetch_panel::utc_offset_minutes,
};

/// The strip, shown while the app is connected and not in kiosk mode.
#[component]
pub fn StatusStrip() -> Html {
    let state = use_app();
    let link = use_data_link();
    let countdown = use_countdown(state.polling.next_poll_ms);
    let polling = &state.polling;
    let on_fetch = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| start_poll(&state, &link))
    };
    let on_live = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Polling(PollingAction::SetLive(!state.polling.live)))
        })
    };
    let on_panels = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::OpenPanels(!state.panels_open)))
    };
    let on_kiosk = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetKiosk(true)))
    };
    let fetching = matches!(polling.fetch, FetchStatus::Fetching);
    let last = match &polling.fetch {
        FetchStatus::Idle => html! { <span>{ "Not fetched yet" }</span> },
        FetchStatus::Fetching => html! { <span>{ "Fetching…" }</span> },
        FetchStatus::Polled { at_ms, .. } => html! {
            <span>{ format!("Polled at {}", crate::draw::chart::clock(*at_ms, utc_offset_minutes(), true)) }</span>
        },
        FetchStatus::Failed { title, .. } => html! {
            <span class="bad" role="alert">{ format!("Last poll failed: {title}") }</span>
        },
    };
    let restarted = restart_notice(&state.data.worker_restarts);
    let firing = state.alerts.firing();
    let on_alerts = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetTab(Tab::Alerts)))
    };
    let live = match (polling.live, countdown) {
        (true, Some(left)) if polling.failures > 0 => {
            format!("Reconnecting: attempt {} in {left} s", polling.failures + 1)
        }
        (true, Some(left)) => format!("Live, every {} s · next in {left} s", polling.poll_seconds),
        (true, None) => format!("Live, every {} s", polling.poll_seconds),
        (false, _) => "Paused".to_owned(),
    };
    html! {
        <div id="status-strip" class="status-strip" role="region" aria-label="Connection and polling">
            <span class="strip-instance">
                <span class="health-dot" aria-hidden="true"></span>
                <span>{ "Connected to " }<strong>{ state.connection.credentials.id.clone() }</strong>
                    <span class="visually-hidden">{ ", healthy" }</span></span>
            </span>
            <span id="strip-live" class={classes!("strip-state", polling.live.then_some("live"))}>{ live }</span>
            <span id="strip-last" class="strip-state">{ last }</span>
            if let Some(notice) = restarted {
                <span id="strip-restarted" class="strip-state" role="status">{ notice }</span>
            }
            if state.alerts.alerting_rules() > 0 {
                <button id="strip-alerts" type="button"
                    class={classes!("strip-alerts", (firing > 0).then_some("firing"))}
                    onclick={on_alerts}>
                    { if firing == 1 { "1 alert firing".to_owned() } else { format!("{firing} alerts firing") } }
                </button>
            }
            <span class="strip-actions">
                <button id="strip-fetch" type="button" class="secondary" onclick={on_fetch} disabled={fetching}>
                    { "Fetch now" }</button>
                <button id="strip-live-toggle" type="button" class="secondary" onclick={on_live}
                    aria-pressed={polling.live.to_string()}>
                    { if polling.live { "Pause" } else { "Go live" } }</button>
                <button id="open-panels" type="button" class="secondary" onclick={on_panels}
                    aria-expanded={state.panels_open.to_string()}
                    aria-controls={state.panels_open.then_some("side-panels")}>
                    { if state.panels_open { "Fold panels" } else { "Panels" } }</button>
                <button id="enter-kiosk" type="button" class="secondary" onclick={on_kiosk}
                    title="Only the view, live, for a wall display. Esc leaves.">{ "Kiosk" }</button>
            </span>
        </div>
    }
}

/// What the strip says once the store's worker has been replaced: when, and how often.
fn restart_notice(restarts: &[i64]) -> Option<String> {
    let last = *restarts.last()?;
    let at = crate::draw::chart::clock(last, utc_offset_minutes(), true);
    Some(match restarts.len() {
        1 => format!("The data worker stopped; a new one took over at {at}"),
        n => format!("The data worker stopped {n} times; the last new one took over at {at}"),
    })
}
