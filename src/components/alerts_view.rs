//! The Alerts tab, as the Prometheus UI's Alerts page lays it out: each group's alerting
//! rules, firing first, then pending, then inactive, each with its alerts (labels, state,
//! active since, value, annotations) and its definition. Above them, importing a rules file
//! (picked or pasted; a rule that cannot be read is named with its line, and the others
//! are kept), exporting the rules as a file Prometheus loads, and removing them.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::{
    alerts::{
        alert_state::{Alert, AlertState, Labels},
        backtest::{Stretch, DRAWN_SERIES},
        duration::format_duration,
        go_format::{float_v, humanize, humanize_duration},
        rule_draft::RuleDraft,
        rules::{Rule, RuleFile, RuleKind},
    },
    app::{
        alerts_state::{Alerts, AlertsAction, Backtest, Notifications, RuleStatus},
        context::{use_app, use_data_link, use_promql_link, AppContext},
        notifications,
        page::Same,
        services::{backtest_rule, export_rules, import_rules, import_rules_file},
        state::Action,
    },
    components::rule_editor::RuleEditor,
    draw::chart::PALETTE,
    net::upstream_rules::UpstreamRule,
    worker::protocol::RuleKey,
};

/// The rules shipped for the demo's own data (`dashboards/demo-alerts.yml`).
pub const DEMO_RULES: &str = include_str!("../../dashboards/demo-alerts.yml");

/// The Alerts tab.
#[component]
pub fn AlertsView() -> Html {
    let state = use_app();
    let promql = use_promql_link();
    let link = use_data_link();
    let pasted = use_node_ref();
    let alerts = &state.alerts;
    let on_file = {
        let state = state.clone();
        let promql = promql.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                import_rules_file(&state, &promql, file);
            }
            input.set_value("");
        })
    };
    let on_import = {
        let pasted = pasted.clone();
        let promql = promql.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = pasted.cast::<HtmlTextAreaElement>() {
                import_rules(&promql, &area.value(), "pasted text");
            }
        })
    };
    let on_export = {
        let promql = promql.clone();
        let file = alerts.file.clone();
        Callback::from(move |_: MouseEvent| export_rules(&promql, &file))
    };
    let on_demo = {
        let promql = promql.clone();
        Callback::from(move |_: MouseEvent| import_rules(&promql, DEMO_RULES, "demo-alerts.yml"))
    };
    // One callback for every rule, the same from one render to the next while the
    // connection stays, so that a rule whose alerts did not change does not render again.
    let on_backtest = {
        let dispatch = state.dispatcher();
        let link = link.clone();
        use_callback(
            state.connection.credentials.clone(),
            move |(key, rule, interval, window_ms): (RuleKey, Rule, u64, i64), credentials| {
                backtest_rule(
                    &dispatch,
                    &link,
                    credentials,
                    key,
                    &rule,
                    interval,
                    window_ms,
                )
            },
        )
    };
    // The same callback from one render to the next, as `on_backtest`.
    let on_change = {
        let dispatch = state.dispatcher();
        use_callback(
            Same(alerts.file.clone()),
            move |(group, index): (usize, usize), file| {
                let Some(group) = file.0.groups.get(group) else {
                    return;
                };
                let Some(rule) = group.rules.get(index) else {
                    return;
                };
                let draft = RuleDraft::of(group, index, rule);
                dispatch.dispatch(Action::Alerts(AlertsAction::DraftOpened(draft)));
                if let Some(form) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("alerts-title"))
                {
                    form.scroll_into_view();
                }
            },
        )
    };
    let on_new_rule = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Alerts(AlertsAction::DraftOpened(RuleDraft::new(
                "fedview", "",
            ))))
        })
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Alerts(AlertsAction::Clear)))
    };
    let mut counts = [0usize; 3];
    for alert in alerts.active() {
        counts[alert.state as usize] += 1;
    }
    let rules = alerts.alerting_rules();
    html! {
        <section id="alerts-view" class="alerts-view" aria-labelledby="alerts-title">
            <h2 id="alerts-title">{ "Alerts" }</h2>
            <p id="alerts-summary" class="muted">
                { format!("{} firing · {} pending · {rules} alerting rule{}", counts[2], counts[1], if rules == 1 { "" } else { "s" }) }
                if rules > 0 && !state.connection.is_healthy() {
                    { " · watched once fedview is connected" }
                }
            </p>
            { notifications_control(&state) }
            if alerts.draft.is_none() {
                <button id="rule-new" type="button" class="secondary" onclick={on_new_rule}>{ "New alerting rule" }</button>
            }
            <RuleEditor />
            <details class="rules-import" open={alerts.file.groups.is_empty()}>
                <summary>{ "Import a Prometheus rules file" }</summary>
                <div class="field">
                    <label for="rules-file">{ "Rules file" }</label>
                    <input id="rules-file" type="file" accept=".yml,.yaml,application/yaml,text/yaml" onchange={on_file} />
                </div>
                <div class="field">
                    <label for="rules-yaml">{ "Rules YAML" }</label>
                    <textarea id="rules-yaml" rows="6" spellcheck="false" ref={pasted}
                        placeholder={"groups:\n- name: example\n  rules:\n  - alert: InstanceDown\n    expr: up == 0\n    for: 5m"} />
                </div>
                <button id="rules-import" type="button" class="secondary" onclick={on_import}>{ "Import rules" }</button>
                if state.connection.credentials.id.trim() == "demo" {
                    <button id="rules-demo" type="button" class="secondary" onclick={on_demo}>{ "Load the demo rules" }</button>
                }
            </details>
            if let Some(note) = &alerts.import_note {
                <p id="rules-note" role="status">{ note.clone() }</p>
            }
            if !alerts.import_errors.is_empty() {
                <ul id="rules-errors" class="bad" role="alert">
                    { for alerts.import_errors.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }
                </ul>
            }
            if !alerts.import_warnings.is_empty() {
                <ul id="rules-warnings" class="muted">
                    { for alerts.import_warnings.iter().map(|e| html! { <li>{ format!("Kept, {e}") }</li> }) }
                </ul>
            }
            if !alerts.file.groups.is_empty() {
                <div class="alerts-actions">
                    <button id="rules-export" type="button" class="secondary" onclick={on_export}>{ "Export rules file" }</button>
                    <button id="rules-clear" type="button" class="secondary" onclick={on_clear}>{ "Remove all rules" }</button>
                </div>
            }
            { upstream_view(alerts.upstream.as_ref()) }
            { for alerts.file.groups.iter().enumerate().map(|(group_at, group)| {
                let mut rules: Vec<(usize, Option<&Rc<RuleStatus>>)> = group
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.kind == RuleKind::Alert)
                    .map(|(index, _)| {
                        let key = RuleKey { group: group.name.clone(), index };
                        (index, alerts.status.get(&key))
                    })
                    .collect();
                // Firing first, then pending, then inactive; the file's order within each.
                rules.sort_by_key(|(index, status)| {
                    (std::cmp::Reverse(status.map_or(AlertState::Inactive, |s| s.state())), *index)
                });
                html! {
                    <section class="rule-group">
                        <h3>{ format!("{} (every {})", group.name, format_duration(group.interval())) }</h3>
                        { for rules.into_iter().map(|(index, status)| {
                            let key = RuleKey { group: group.name.clone(), index };
                            html! {
                                <RuleView key={format!("{}/{index}", group.name)}
                                    file={Same(alerts.file.clone())} group={group_at} {index}
                                    status={status.cloned().map(Same)}
                                    backtest={alerts.backtests.get(&key).cloned().map(Same)}
                                    on_backtest={on_backtest.clone()} on_change={on_change.clone()} />
                            }
                        }) }
                    </section>
                }
            }) }
        </section>
    }
}

/// Desktop notifications: the button that turns them on (the browser asks for
/// permission then) or off, and what the browser said.
fn notifications_control(state: &AppContext) -> Html {
    let on = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| notifications::turn_on(&state))
    };
    let off = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| notifications::turn_off(&state))
    };
    let (text, button) = match state.alerts.notifications {
        Notifications::Off => (
            "",
            Some(("Turn on desktop notifications", on)),
        ),
        Notifications::Asking => ("Asking the browser for permission to notify…", None),
        Notifications::On => (
            "Desktop notifications are on: one when an alert starts firing, while fedview is open.",
            Some(("Turn off", off)),
        ),
        Notifications::Blocked => (
            "This browser blocks notifications from this page. Allow them in its site settings, then try again.",
            Some(("Try again", on)),
        ),
        Notifications::Unavailable => (
            "This browser offers no notifications here: they need the page served over https (or from localhost).",
            None,
        ),
    };
    html! {
        <p id="notifications" class="notifications muted" role="status">
            { text }
            if let Some((label, onclick)) = button {
                <button id="notifications-toggle" type="button" class="secondary" {onclick}>{ label }</button>
            }
        </p>
    }
}

/// The windows a backtest offers, with their names.
const WINDOWS: [(&str, i64); 4] = [
    ("1 h", 3_600_000),
    ("6 h", 6 * 3_600_000),
    ("24 h", 24 * 3_600_000),
    ("7 d", 7 * 24 * 3_600_000),
];

/// What a rule's line on the tab is drawn from.
#[derive(Properties, PartialEq)]
struct RuleProps {
    /// The rules.
    file: Same<RuleFile>,
    /// The rule's group, by its place in the file.
    group: usize,
    /// The rule's place in its group.
    index: usize,
    /// Its last evaluation.
    status: Option<Same<RuleStatus>>,
    /// Its last backtest.
    backtest: Option<Same<Backtest>>,
    /// Runs it over the past: `(rule, its definition, its group's interval, window in ms)`.
    on_backtest: Callback<(RuleKey, Rule, u64, i64)>,
    /// Opens the rule form on it: `(its group's place, its place in the group)`.
    on_change: Callback<(usize, usize)>,
}

/// One alerting rule: its name, state and count; opened, its alerts, its definition, and
/// "when would this have fired?". Its body is built only while it is open, and it renders
/// again only when its own evaluation or backtest changed, so that 200 rules evaluated
/// every 15 s cost the page little.
#[component]
fn RuleView(props: &RuleProps) -> Html {
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::Element = e.target_unchecked_into();
            open.set(details.has_attribute("open"));
        })
    };
    let Some(group) = props.file.0.groups.get(props.group) else {
        return Html::default();
    };
    let Some(rule) = group.rules.get(props.index) else {
        return Html::default();
    };
    let status = props.status.as_ref().map(|s| &*s.0);
    let state = status.map_or(AlertState::Inactive, RuleStatus::state);
    let active: Vec<&Alert> = status
        .map(|s| {
            s.alerts
                .iter()
                .filter(|a| a.resolved_at_ms.is_none())
                .collect()
        })
        .unwrap_or_default();
    let word = state.word();
    let on_change = {
        let (on_change, at) = (props.on_change.clone(), (props.group, props.index));
        Callback::from(move |_: MouseEvent| on_change.emit(at))
    };
    let body = (*open).then(|| {
        let key = RuleKey {
            group: group.name.clone(),
            index: props.index,
        };
        html! {
            <>
                if let Some(why) = status.and_then(|s| s.error.as_ref()) {
                    <p class="bad" role="alert">{ format!("The last evaluation failed: {why}") }</p>
                }
                <pre class="rule-definition">{ definition(rule) }</pre>
                <button type="button" class="secondary rule-change" onclick={on_change}>{ "Change this rule" }</button>
                if !active.is_empty() {
                    <table class="alerts-table">
                        <thead><tr>
                            <th scope="col">{ "Labels" }</th><th scope="col">{ "State" }</th>
                            <th scope="col">{ "Active since" }</th><th scope="col">{ "Value" }</th>
                        </tr></thead>
                        <tbody>
                            { for active.iter().map(|alert| alert_row(alert)) }
                        </tbody>
                    </table>
                }
                <div class="backtest">
                    <span>{ "When would this have fired? " }</span>
                    { for WINDOWS.iter().map(|&(name, ms)| {
                        let on_backtest = props.on_backtest.clone();
                        let (key, rule, interval) = (key.clone(), rule.clone(), group.interval());
                        html! {
                            <button type="button" class="secondary backtest-window" data-window={name}
                                onclick={Callback::from(move |_: MouseEvent| {
                                    on_backtest.emit((key.clone(), rule.clone(), interval, ms))
                                })}>
                                { format!("Last {name}") }</button>
                        }
                    }) }
                    if let Some(backtest) = &props.backtest {
                        { backtest_view(&backtest.0) }
                    }
                </div>
            </>
        }
    });
    html! {
        <details class={classes!("rule", format!("rule-{word}"))} data-rule={rule.name.clone()}
            data-state={word} {ontoggle}>
            <summary>
                <span class={classes!("alert-state", format!("alert-{word}"))}>{ word }</span>
                { format!(" {} ({} active)", rule.name, active.len()) }
            </summary>
            { body.unwrap_or_default() }
        </details>
    }
}

/// A backtest's answer: a summary, then a timeline per alert (pending and firing
/// stretches over the window).
/// The rule's query over the backtest's window, as lines above the alerts' stretches and
/// on the same time axis: a line breaks where the query had no value (where its condition
/// did not hold). The label cell gives the scale.
fn query_chart(backtest: &Backtest, x: &dyn Fn(i64) -> f64) -> Html {
    let values = || {
        backtest
            .lines
            .iter()
            .flat_map(|(_, p)| p.iter().map(|&(_, v)| v))
    };
    let (low, high) = values()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    if !low.is_finite() {
        return Html::default();
    }
    let (low, high) = if high > low {
        (low, high)
    } else {
        (low - 1.0, high + 1.0)
    };
    let y = |v: f64| 95.0 - (v - low) / (high - low) * 90.0;
    let gap = backtest.step_ms * 3 / 2;
    let polylines = backtest.lines.iter().enumerate().flat_map(|(i, (_, points))| {
        let mut runs: Vec<Vec<String>> = Vec::new();
        let mut last: Option<i64> = None;
        for &(t, v) in points.iter().filter(|(_, v)| v.is_finite()) {
            if last.is_none_or(|l| t - l > gap) {
                runs.push(Vec::new());
            }
            if let Some(run) = runs.last_mut() {
                run.push(format!("{:.1},{:.1}", x(t), y(v)));
            }
            last = Some(t);
        }
        runs.into_iter().map(move |run| {
            let color = PALETTE[i % PALETTE.len()];
            html! {
                <polyline points={run.join(" ")} fill="none" vector-effect="non-scaling-stroke"
                    stroke={format!("rgb({},{},{})", color.0, color.1, color.2)} stroke-width="1.5" />
            }
        })
    });
    let shown = backtest.lines.len();
    html! {
        <tr class="backtest-query">
            <td class="series">
                { format!("The query ({shown} series{})", if shown == DRAWN_SERIES { " shown" } else { "" }) }
                <br /><span class="muted">{ format!("{} to {}", humanize(low), humanize(high)) }</span>
            </td>
            <td class="timeline">
                <svg class="backtest-chart" viewBox="0 0 1000 100" preserveAspectRatio="none" role="img"
                    aria-label="the rule's query over the window">
                    { for polylines }
                </svg>
            </td>
        </tr>
    }
}

fn backtest_view(backtest: &Backtest) -> Html {
    let stretches = match &backtest.outcome {
        None => {
            return html! { <p class="backtest-result muted" role="status">{ "Working it out…" }</p> }
        }
        Some(Err(why)) => {
            return html! { <p class="backtest-result bad" role="alert">{ format!("The backtest failed: {why}") }</p> }
        }
        Some(Ok(stretches)) => stretches,
    };
    let (start, end, step) = (backtest.start_ms, backtest.end_ms, backtest.step_ms);
    let steps = (end - start) / step + 1;
    let firing: Vec<&Stretch> = stretches
        .iter()
        .filter(|s| s.state == AlertState::Firing)
        .collect();
    let firing_ms: i64 = firing.iter().map(|s| s.to_ms - s.from_ms + step).sum();
    let pending = stretches
        .iter()
        .filter(|s| s.state == AlertState::Pending)
        .count();
    let times = |n: usize| {
        if n == 1 {
            "once".to_owned()
        } else {
            format!("{n} times")
        }
    };
    let summary = if firing.is_empty() && pending == 0 {
        format!("It would not have gone pending or fired in these {steps} evaluations.")
    } else {
        format!(
            "In these {steps} evaluations it would have fired {}, {} in all, and gone pending {}.",
            times(firing.len()),
            humanize_duration(firing_ms as f64 / 1000.0),
            times(pending)
        )
    };
    // A row per alert, in the order of their labels.
    let mut alerts: Vec<&Labels> = Vec::new();
    for stretch in stretches {
        if !alerts.contains(&&stretch.labels) {
            alerts.push(&stretch.labels);
        }
    }
    let span = (end - start + step) as f64;
    let x = |t: i64| (t - start) as f64 / span * 1000.0;
    let clock = |t: i64| String::from(js_sys::Date::new(&(t as f64).into()).to_iso_string());
    html! {
        <div class="backtest-result" role="status">
            <p class="backtest-summary">{ summary }</p>
            if !alerts.is_empty() || !backtest.lines.is_empty() {
                <table class="backtest-timeline">
                    <tbody>
                        { query_chart(backtest, &x) }
                        { for alerts.iter().map(|labels| {
                            let name: Vec<String> = labels
                                .iter()
                                .filter(|(k, _)| k.as_str() != "alertname")
                                .map(|(k, v)| format!("{k}=\"{v}\""))
                                .collect();
                            html! {
                                <tr>
                                    <td class="series">{ name.join(", ") }</td>
                                    <td class="timeline">
                                        <svg viewBox="0 0 1000 10" preserveAspectRatio="none" role="img"
                                            aria-label="pending and firing over the window">
                                            { for stretches.iter().filter(|s| &&s.labels == labels).map(|s| html! {
                                                <rect class={format!("stretch-{}", s.state.word())}
                                                    x={format!("{:.1}", x(s.from_ms))} y="0" height="10"
                                                    width={format!("{:.1}", (x(s.to_ms + step) - x(s.from_ms)).max(1.0))}>
                                                    <title>{ format!("{} from {} to {}", s.state.word(), clock(s.from_ms), clock(s.to_ms)) }</title>
                                                </rect>
                                            }) }
                                        </svg>
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <p class="muted backtest-axis">{ format!("From {} to {}; pending in amber, firing in red.", clock(start), clock(end)) }</p>
            }
        </div>
    }
}

/// One alert, with its annotations under its labels.
fn alert_row(alert: &Alert) -> Html {
    let labels: Vec<String> = alert
        .labels
        .iter()
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect();
    let since = js_sys::Date::new(&(alert.active_at_ms as f64).into()).to_iso_string();
    let word = alert.state.word();
    html! {
        <tr class="alert" data-state={word}>
            <td class="series">
                { labels.join(", ") }
                { for alert.annotations.iter().map(|(k, v)| html! {
                    <div class="annotation"><strong>{ format!("{k}: ") }</strong>{ v.clone() }</div>
                }) }
            </td>
            <td><span class={classes!("alert-state", format!("alert-{word}"))}>{ word }</span></td>
            <td>{ String::from(since) }</td>
            <td class="num">{ float_v(alert.value) }</td>
        </tr>
    }
}

/// The rule as it reads in its file.
fn definition(rule: &Rule) -> String {
    let mut text = format!("alert: {}\nexpr: {}", rule.name, rule.expr.trim_end());
    if rule.for_ms > 0 {
        text.push_str(&format!("\nfor: {}", format_duration(rule.for_ms)));
    }
    if rule.keep_firing_for_ms > 0 {
        text.push_str(&format!(
            "\nkeep_firing_for: {}",
            format_duration(rule.keep_firing_for_ms)
        ));
    }
    for (k, v) in &rule.labels {
        text.push_str(&format!("\nlabel {k}: {v}"));
    }
    text
}

/// Kiosk mode's band across the top: every firing alert, by name and labels, so that a
/// wall display says what is wrong whatever board it shows. Nothing when none fires.
pub fn kiosk_band(alerts: &Alerts) -> Html {
    let firing: Vec<&Alert> = alerts
        .active()
        .filter(|a| a.state == AlertState::Firing)
        .collect();
    if firing.is_empty() {
        return Html::default();
    }
    html! {
        <div id="kiosk-alerts" class="kiosk-alerts" role="alert">
            <strong>{ if firing.len() == 1 { "1 alert firing".to_owned() } else { format!("{} alerts firing", firing.len()) } }</strong>
            { for firing.iter().map(|alert| {
                let labels: Vec<String> = alert
                    .labels
                    .iter()
                    .filter(|(k, _)| k.as_str() != "alertname")
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                html! {
                    <span class="kiosk-alert">
                        <strong>{ alert.labels.get("alertname").cloned().unwrap_or_default() }</strong>
                        { format!(" {}", labels.join(" ")) }
                    </span>
                }
            }) }
        </div>
    }
}

/// The upstream's own rules, read-only, as its `api/v1/rules` gives them; or why there are
/// none to show.
fn upstream_view(upstream: Option<&Result<Vec<UpstreamRule>, String>>) -> Html {
    let body = match upstream {
        None => return Html::default(),
        Some(Err(why)) => html! { <p class="muted">{ why.clone() }</p> },
        Some(Ok(rules)) if rules.is_empty() => {
            html! { <p class="muted">{ "The upstream evaluates no rules of its own." }</p> }
        }
        Some(Ok(rules)) => html! {
            <table class="alerts-table">
                <thead><tr>
                    <th scope="col">{ "Group" }</th><th scope="col">{ "Rule" }</th>
                    <th scope="col">{ "State" }</th><th scope="col">{ "Active" }</th>
                    <th scope="col">{ "Health" }</th>
                </tr></thead>
                <tbody>
                    { for rules.iter().map(|rule| {
                        let state = if rule.kind == "recording" { "recording".to_owned() } else { rule.state.clone() };
                        html! {
                            <tr class="upstream-rule" data-rule={rule.name.clone()} data-state={state.clone()}>
                                <td>{ rule.group.clone() }</td>
                                <td class="series">{ rule.name.clone() }</td>
                                <td><span class={classes!("alert-state", format!("alert-{state}"))}>{ state.clone() }</span></td>
                                <td class="num">{ rule.active }</td>
                                <td>{ rule.health.clone() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    // Open when there is something to read.
    let open = matches!(upstream, Some(Ok(rules)) if !rules.is_empty());
    html! {
        <details id="upstream-rules" class="upstream-rules" {open}>
            <summary>{ "The upstream's own rules" }</summary>
            { body }
        </details>
    }
}
