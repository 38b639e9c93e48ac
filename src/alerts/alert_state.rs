//! An alerting rule's alerts, tracked from one evaluation to the next as Prometheus's rule
//! manager tracks them (`rules/alerting.go`, `AlertingRule.Eval`): each sample of the
//! rule's query is an alert (its labels without `__name__`, plus the rule's labels, plus
//! `alertname`); a new one is pending from that evaluation; it fires once it has been
//! active for the rule's `for`; when its sample goes, a pending alert is dropped and a
//! firing one keeps firing for `keep_firing_for`, then is resolved, and is forgotten 15
//! minutes after that.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    rules::Rule,
    template::{expand, AlertData},
};

/// How long a resolved alert is kept (Prometheus's `resolvedRetention`).
pub const RESOLVED_RETENTION_MS: i64 = 15 * 60_000;

/// Labels, sorted by name.
pub type Labels = BTreeMap<String, String>;

/// An alert's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlertState {
    /// Resolved (or never active).
    Inactive,
    /// Active for less than the rule's `for`.
    Pending,
    /// Firing.
    Firing,
}

impl AlertState {
    /// The word Prometheus uses (`api/v1/alerts`, the `alertstate` label).
    pub fn word(self) -> &'static str {
        match self {
            AlertState::Inactive => "inactive",
            AlertState::Pending => "pending",
            AlertState::Firing => "firing",
        }
    }
}

/// One alert of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Its labels: the sample's, the rule's, and `alertname`.
    pub labels: Labels,
    /// Its annotations, expanded for its sample.
    pub annotations: Labels,
    /// Its state.
    pub state: AlertState,
    /// When it became active, ms since the epoch (the evaluation that first saw it).
    pub active_at_ms: i64,
    /// When it started firing.
    pub fired_at_ms: Option<i64>,
    /// When it was resolved.
    pub resolved_at_ms: Option<i64>,
    /// Since when it has kept firing without its sample (`keep_firing_for`).
    pub keep_firing_since_ms: Option<i64>,
    /// The sample's last value.
    pub value: f64,
}

/// A sample of a rule's query: its labels (`__name__` included, when kept) and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// The labels.
    pub labels: Labels,
    /// The value.
    pub value: f64,
}

/// The alerts of one alerting rule, by their labels.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RuleAlerts {
    /// The alerts, active and recently resolved.
    pub alerts: BTreeMap<Labels, Alert>,
}

impl RuleAlerts {
    /// The rule's evaluation at `at_ms` gave `samples`: the alerts move on as Prometheus's
    /// move. An error (two samples that make the same alert) changes nothing, as in
    /// Prometheus.
    pub fn evaluate(
        &mut self,
        rule: &Rule,
        at_ms: i64,
        samples: &[Sample],
        external_url: &str,
    ) -> Result<(), String> {
        let mut seen: BTreeMap<Labels, Alert> = BTreeMap::new();
        for sample in samples {
            let data = AlertData {
                labels: sample.labels.clone(),
                value: sample.value,
                external_labels: Labels::new(),
                external_url: external_url.to_owned(),
            };
            let mut labels = sample.labels.clone();
            labels.remove("__name__");
            for (name, value) in &rule.labels {
                labels.insert(name.clone(), expand(value, &data));
            }
            labels.insert("alertname".to_owned(), rule.name.clone());
            let annotations = rule
                .annotations
                .iter()
                .map(|(name, value)| (name.clone(), expand(value, &data)))
                .collect();
            if seen.contains_key(&labels) {
                return Err(
                    "vector contains metrics with the same labelset after applying alert labels"
                        .to_owned(),
                );
            }
            seen.insert(
                labels.clone(),
                Alert {
                    labels,
                    annotations,
                    state: AlertState::Pending,
                    active_at_ms: at_ms,
                    fired_at_ms: None,
                    resolved_at_ms: None,
                    keep_firing_since_ms: None,
                    value: sample.value,
                },
            );
        }
        for (labels, alert) in &seen {
            match self.alerts.get_mut(labels) {
                Some(held) if held.state != AlertState::Inactive => {
                    held.value = alert.value;
                    held.annotations = alert.annotations.clone();
                }
                _ => {
                    self.alerts.insert(labels.clone(), alert.clone());
                }
            }
        }
        let hold = rule.for_ms as i64;
        let keep_firing_for = rule.keep_firing_for_ms as i64;
        self.alerts.retain(|labels, alert| {
            if !seen.contains_key(labels) {
                let mut keep_firing = false;
                if alert.state == AlertState::Firing && keep_firing_for > 0 {
                    let since = *alert.keep_firing_since_ms.get_or_insert(at_ms);
                    keep_firing = at_ms - since < keep_firing_for;
                }
                let forget = alert.state == AlertState::Pending
                    || alert
                        .resolved_at_ms
                        .is_some_and(|resolved| at_ms - resolved > RESOLVED_RETENTION_MS);
                if alert.state != AlertState::Inactive && !keep_firing {
                    alert.state = AlertState::Inactive;
                    alert.resolved_at_ms = Some(at_ms);
                }
                if forget {
                    return false;
                }
                if !keep_firing {
                    return true;
                }
            } else {
                alert.keep_firing_since_ms = None;
            }
            if alert.state == AlertState::Pending && at_ms - alert.active_at_ms >= hold {
                alert.state = AlertState::Firing;
                alert.fired_at_ms = Some(at_ms);
            }
            true
        });
        Ok(())
    }

    /// The alerts that are pending or firing (Prometheus's `api/v1/alerts` lists these).
    pub fn active(&self) -> impl Iterator<Item = &Alert> {
        self.alerts.values().filter(|a| a.resolved_at_ms.is_none())
    }

    /// The rule's state: its most severe alert's.
    pub fn state(&self) -> AlertState {
        most_severe(self.alerts.values())
    }
}

/// The state of a rule whose alerts are `alerts`: its most severe active alert's (a resolved
/// one counts as inactive).
pub fn most_severe<'a>(alerts: impl IntoIterator<Item = &'a Alert>) -> AlertState {
    alerts
        .into_iter()
        .filter(|a| a.resolved_at_ms.is_none())
        .map(|a| a.state)
        .max()
        .unwrap_or(AlertState::Inactive)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(for_ms: u64, keep_firing_for_ms: u64) -> Rule {
        Rule {
            for_ms,
            keep_firing_for_ms,
            labels: [("severity".to_owned(), "page".to_owned())].into(),
            annotations: [(
                "summary".to_owned(),
                "{{ $labels.instance }} at {{ $value }}".to_owned(),
            )]
            .into(),
            ..Rule::alerting("HighLoad", "load > 1")
        }
    }

    fn sample(value: f64) -> Vec<Sample> {
        vec![Sample {
            labels: [
                ("__name__".to_owned(), "load".to_owned()),
                ("instance".to_owned(), "a".to_owned()),
            ]
            .into(),
            value,
        }]
    }

    fn state(alerts: &RuleAlerts) -> Vec<&'static str> {
        alerts.alerts.values().map(|a| a.state.word()).collect()
    }

    #[test]
    fn an_alert_goes_pending_fires_keeps_firing_and_resolves_as_in_prometheus() {
        let rule = rule(2_000, 2_000);
        let mut alerts = RuleAlerts::default();
        alerts
            .evaluate(&rule, 0, &sample(2.0), "")
            .expect("an evaluation");
        assert_eq!(state(&alerts), ["pending"]);
        let alert = alerts.alerts.values().next().expect("an evaluation");
        assert_eq!(alert.labels["alertname"], "HighLoad");
        assert_eq!(alert.labels["severity"], "page");
        assert!(!alert.labels.contains_key("__name__"));
        assert_eq!(alert.annotations["summary"], "a at 2");
        alerts
            .evaluate(&rule, 1_000, &sample(3.0), "")
            .expect("an evaluation");
        assert_eq!(state(&alerts), ["pending"]);
        alerts
            .evaluate(&rule, 2_000, &sample(3.0), "")
            .expect("an evaluation");
        assert_eq!(state(&alerts), ["firing"]);
        assert_eq!(
            alerts
                .alerts
                .values()
                .next()
                .expect("an alert")
                .active_at_ms,
            0
        );
        // The sample goes: it keeps firing for two seconds, then is resolved.
        alerts
            .evaluate(&rule, 3_000, &[], "")
            .expect("an evaluation");
        alerts
            .evaluate(&rule, 4_000, &[], "")
            .expect("an evaluation");
        assert_eq!(state(&alerts), ["firing"]);
        alerts
            .evaluate(&rule, 5_000, &[], "")
            .expect("an evaluation");
        assert_eq!(state(&alerts), ["inactive"]);
        assert_eq!(alerts.active().count(), 0);
        // Back: a new alert, active from now.
        alerts
            .evaluate(&rule, 6_000, &sample(2.0), "")
            .expect("an evaluation");
        assert_eq!(state(&alerts), ["pending"]);
        assert_eq!(
            alerts
                .alerts
                .values()
                .next()
                .expect("an alert")
                .active_at_ms,
            6_000
        );
    }

    #[test]
    fn a_pending_alert_whose_sample_goes_is_dropped() {
        let rule = rule(10_000, 0);
        let mut alerts = RuleAlerts::default();
        alerts
            .evaluate(&rule, 0, &sample(2.0), "")
            .expect("an evaluation");
        alerts
            .evaluate(&rule, 1_000, &[], "")
            .expect("an evaluation");
        assert!(alerts.alerts.is_empty());
    }

    #[test]
    fn a_resolved_alert_is_forgotten_after_fifteen_minutes() {
        let rule = rule(0, 0);
        let mut alerts = RuleAlerts::default();
        alerts
            .evaluate(&rule, 0, &sample(2.0), "")
            .expect("an evaluation");
        alerts
            .evaluate(&rule, 1_000, &[], "")
            .expect("an evaluation");
        assert_eq!(state(&alerts), ["inactive"]);
        alerts
            .evaluate(&rule, 1_000 + RESOLVED_RETENTION_MS, &[], "")
            .expect("an evaluation");
        assert_eq!(alerts.alerts.len(), 1);
        alerts
            .evaluate(&rule, 2_000 + RESOLVED_RETENTION_MS, &[], "")
            .expect("an evaluation");
        assert!(alerts.alerts.is_empty());
    }
}
