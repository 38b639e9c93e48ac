//! The rules watched live, as effects of the state: while the connection is healthy, each
//! group's alerting rules are evaluated at the group's interval, as Prometheus's rule
//! manager evaluates them, each through the store's worker (which asks the upstream's
//! `api/v1/query` at the evaluation's time and keeps each rule's alerts from one
//! evaluation to the next). Evaluation times are whole multiples of the interval, so two
//! fedview pages watching the same rules see the same moments. The page's title and the
//! header strip say how many alerts fire.

use std::{cell::RefCell, collections::BTreeMap, rc::Rc};

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::{
    alerts::rules::{RuleFile, RuleKind},
    app::{
        alerts_state::AlertsAction,
        data_link::DataLink,
        page::Same,
        state::{Action, AppState, Tab},
    },
    model::credentials::Credentials,
    net::upstream_rules::fetch_upstream_rules,
    worker::protocol::{Command, RuleKey},
};

/// How often the hook looks for a group that is due, in ms.
const TICK_MS: u32 = 1_000;

/// The evaluation time of a group with interval `interval_ms` that is due at `now_ms`: the
/// last whole multiple of the interval.
pub fn evaluation_time(now_ms: i64, interval_ms: u64) -> i64 {
    let interval = interval_ms.max(1) as i64;
    now_ms - now_ms.rem_euclid(interval)
}

/// The commands for the groups of `file` due at `now_ms`, given when each was last
/// evaluated (`last`, by group name, updated).
pub fn due_commands(
    file: &RuleFile,
    credentials: &Credentials,
    now_ms: i64,
    last: &mut BTreeMap<String, i64>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    for group in &file.groups {
        let at_ms = evaluation_time(now_ms, group.interval());
        if last.get(&group.name).is_some_and(|&done| done >= at_ms) {
            continue;
        }
        last.insert(group.name.clone(), at_ms);
        for (index, rule) in group.rules.iter().enumerate() {
            if rule.kind != RuleKind::Alert {
                continue;
            }
            commands.push(Command::EvaluateRule {
                credentials: credentials.clone(),
                rule: RuleKey {
                    group: group.name.clone(),
                    index,
                },
                definition: rule.clone(),
                at_ms,
            });
        }
    }
    commands
}

/// Watches the rules of `state` through `link` while the connection is healthy.
#[hook]
pub fn use_rule_evaluation(state: &UseReducerHandle<AppState>, link: &DataLink) {
    let healthy = state.connection.is_healthy();
    let file = Same(state.alerts.file.clone());
    let credentials = state.connection.credentials.clone();
    let link = link.clone();
    use_effect_with(
        (healthy, file, credentials),
        move |(healthy, file, credentials)| {
            let timer = (*healthy && !file.0.groups.is_empty()).then(|| {
                let last = Rc::new(RefCell::new(BTreeMap::new()));
                let (file, credentials) = (file.0.clone(), credentials.clone());
                let tick = move || {
                    let now = js_sys::Date::now() as i64;
                    for command in due_commands(&file, &credentials, now, &mut last.borrow_mut()) {
                        link.send(command);
                    }
                };
                tick();
                Interval::new(TICK_MS, tick)
            });
            move || drop(timer)
        },
    );
    let firing = state.alerts.firing();
    use_effect_with(firing, |&firing| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let title = document.title();
            let bare = title
                .split_once(") ")
                .filter(|(count, _)| count.starts_with('('))
                .map_or(title.as_str(), |(_, rest)| rest)
                .to_owned();
            document.set_title(&if firing > 0 {
                format!("({firing} firing) {bare}")
            } else {
                bare
            });
        }
        || ()
    });
}

/// How often the upstream's own rules are asked again while the Alerts tab shows, in ms.
const UPSTREAM_EVERY_MS: u32 = 30_000;

/// While the Alerts tab shows and the connection is healthy, asks the upstream for its own
/// rules (`api/v1/rules`, through the relay), now and every 30 s.
#[hook]
pub fn use_upstream_rules(state: &UseReducerHandle<AppState>) {
    let showing = state.tab == Tab::Alerts && state.connection.is_healthy();
    let credentials = state.connection.credentials.clone();
    let dispatch = state.dispatcher();
    use_effect_with((showing, credentials), move |(showing, credentials)| {
        let timer = showing.then(|| {
            let credentials = credentials.clone();
            let ask = move || {
                let (credentials, dispatch) = (credentials.clone(), dispatch.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let rules = fetch_upstream_rules(&credentials).await;
                    dispatch.dispatch(Action::Alerts(AlertsAction::Upstream(rules)));
                });
            };
            ask();
            Interval::new(UPSTREAM_EVERY_MS, ask)
        });
        move || drop(timer)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::rules::{Rule, RuleGroup};

    #[test]
    fn each_group_is_evaluated_once_per_interval_at_whole_multiples() {
        let rule = |kind| Rule {
            kind,
            ..Rule::alerting("A", "up == 0")
        };
        let file = RuleFile {
            groups: vec![RuleGroup {
                name: "g".into(),
                interval_ms: Some(15_000),
                rules: vec![rule(RuleKind::Alert), rule(RuleKind::Record)],
                ..RuleGroup::default()
            }],
        };
        let credentials = Credentials::default();
        let mut last = BTreeMap::new();
        let first = due_commands(&file, &credentials, 31_000, &mut last);
        assert_eq!(first.len(), 1, "the recording rule is not evaluated");
        assert!(matches!(
            &first[0],
            Command::EvaluateRule { at_ms: 30_000, .. }
        ));
        assert!(due_commands(&file, &credentials, 44_999, &mut last).is_empty());
        assert_eq!(
            due_commands(&file, &credentials, 45_000, &mut last).len(),
            1
        );
    }
}
