//! Desktop notifications of alerts, through the browser's Notification API: turned on by
//! the user's click (the browser asks them for permission then, never before), kept on
//! this device, and shown once for each alert when it starts firing, with its summary.
//! Clicking one brings the page forward on the Alerts tab.

use std::{cell::RefCell, collections::BTreeSet, rc::Rc};

use wasm_bindgen::{closure::Closure, JsCast as _, JsValue};
use web_sys::{Notification, NotificationOptions, NotificationPermission};
use yew::prelude::*;

use crate::{
    alerts::alert_state::{Alert, AlertState},
    app::{
        alerts_state::{Alerts, AlertsAction, Notifications},
        context::AppContext,
        device_storage,
        page::Same,
        state::{Action, AppState, Tab},
    },
    worker::protocol::RuleKey,
};

/// Whether this page can show notifications at all (the API exists only in a secure
/// context: https, or localhost).
fn available() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).unwrap_or(false)
    })
}

/// What notifications are, at start: on if the user turned them on here and the browser
/// still allows them.
pub fn at_start() -> Notifications {
    if !available() {
        Notifications::Unavailable
    } else if !device_storage::load_notifications_on() {
        Notifications::Off
    } else {
        match Notification::permission() {
            NotificationPermission::Granted => Notifications::On,
            NotificationPermission::Denied => Notifications::Blocked,
            _ => Notifications::Off,
        }
    }
}

/// Turns notifications on, from the user's click: the browser asks for permission if it
/// has not been given.
pub fn turn_on(state: &AppContext) {
    if !available() {
        state.dispatch(Action::Alerts(AlertsAction::Notifications(
            Notifications::Unavailable,
        )));
        return;
    }
    let dispatch = state.dispatcher();
    dispatch.dispatch(Action::Alerts(AlertsAction::Notifications(
        Notifications::Asking,
    )));
    wasm_bindgen_futures::spawn_local(async move {
        let answer = match Notification::request_permission() {
            Ok(asked) => wasm_bindgen_futures::JsFuture::from(asked)
                .await
                .ok()
                .and_then(|a| a.as_string()),
            Err(_) => None,
        };
        let now = match answer.as_deref() {
            Some("granted") => Notifications::On,
            Some("denied") => Notifications::Blocked,
            _ => Notifications::Off,
        };
        device_storage::save_notifications_on(now == Notifications::On);
        dispatch.dispatch(Action::Alerts(AlertsAction::Notifications(now)));
    });
}

/// Turns notifications off.
pub fn turn_off(state: &AppContext) {
    device_storage::save_notifications_on(false);
    state.dispatch(Action::Alerts(AlertsAction::Notifications(
        Notifications::Off,
    )));
}

/// Each firing alert, by its rule and labels.
fn firing(alerts: &Alerts) -> Vec<(String, &Alert)> {
    alerts
        .status
        .iter()
        .flat_map(|(rule, status)| status.alerts.iter().map(move |a| (rule, a)))
        .filter(|(_, a)| a.state == AlertState::Firing && a.resolved_at_ms.is_none())
        .map(|(rule, alert)| (alert_key(rule, alert), alert))
        .collect()
}

/// What tells one alert from another: its rule and its labels.
fn alert_key(rule: &RuleKey, alert: &Alert) -> String {
    let labels: Vec<String> = alert
        .labels
        .iter()
        .map(|(k, v)| format!("{k}={v:?}"))
        .collect();
    format!("{}/{}{{{}}}", rule.group, rule.index, labels.join(","))
}

/// The notification's title and text: the alert's name, then its summary (or description,
/// or its labels).
pub fn notification_text(alert: &Alert) -> (String, String) {
    let name = alert
        .labels
        .get("alertname")
        .map_or("An alert", String::as_str);
    let body = ["summary", "description", "message"]
        .iter()
        .find_map(|k| alert.annotations.get(*k).filter(|t| !t.is_empty()))
        .cloned()
        .unwrap_or_else(|| {
            alert
                .labels
                .iter()
                .filter(|(k, _)| k.as_str() != "alertname")
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        });
    (format!("{name} is firing"), body)
}

/// Shows `alert`'s notification; a click on it brings the page forward on the Alerts tab.
fn show(key: &str, alert: &Alert, dispatch: &UseReducerDispatcher<AppState>) {
    let (title, body) = notification_text(alert);
    let options = NotificationOptions::new();
    options.set_body(&body);
    options.set_tag(key);
    let Ok(notification) = Notification::new_with_options(&title, &options) else {
        return;
    };
    let dispatch = dispatch.clone();
    let on_click = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        dispatch.dispatch(Action::SetTab(Tab::Alerts));
    });
    notification.set_onclick(Some(on_click.unchecked_ref()));
}

/// While notifications are on, shows one for each alert when it starts firing (not for
/// those already firing when they were turned on).
#[hook]
pub fn use_alert_notifications(state: &UseReducerHandle<AppState>) {
    let shown = use_mut_ref(|| None::<BTreeSet<String>>);
    let on = state.alerts.notifications == Notifications::On;
    let dispatch = state.dispatcher();
    use_effect_with(
        (on, Same(state.alerts.clone())),
        move |(on, alerts): &(bool, Same<Alerts>)| {
            notify_new(&shown, *on, &alerts.0, &dispatch);
            || ()
        },
    );
}

/// Shows the notifications of alerts firing now that `shown` has not seen firing, when
/// `on`; `shown` becomes the alerts firing now (nothing while off).
fn notify_new(
    shown: &Rc<RefCell<Option<BTreeSet<String>>>>,
    on: bool,
    alerts: &Alerts,
    dispatch: &UseReducerDispatcher<AppState>,
) {
    let mut shown = shown.borrow_mut();
    if !on {
        *shown = None;
        return;
    }
    let now = firing(alerts);
    if let Some(seen) = shown.as_ref() {
        for (key, alert) in &now {
            if !seen.contains(key) {
                show(key, alert, dispatch);
            }
        }
    }
    *shown = Some(now.into_iter().map(|(key, _)| key).collect());
}
