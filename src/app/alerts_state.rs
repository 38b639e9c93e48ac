//! The alerts slice: the operator's rules (imported from a rules file, kept on the device),
//! what the last import could not read, and each rule's alerts as the store's worker last
//! worked them out. The Alerts tab, the header strip's count and the page title read it.

use std::{collections::BTreeMap, rc::Rc};

use serde::{Deserialize, Serialize};

use crate::{
    alerts::{
        alert_state::{most_severe, Alert, AlertState},
        backtest::{RangeSeries, Stretch},
        rule_draft::{DraftField, RuleDraft},
        rules::{RuleFile, RuleGroup, RuleKind},
    },
    net::upstream_rules::UpstreamRule,
    promql::rules_file::{RuleError, RulesRead},
    worker::protocol::RuleKey,
};

/// One rule's last evaluation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleStatus {
    /// Its alerts, active and recently resolved.
    pub alerts: Vec<Alert>,
    /// Why the last evaluation failed, if it did.
    pub error: Option<String>,
    /// When it was last evaluated, ms since the epoch.
    pub evaluated_at_ms: i64,
}

impl RuleStatus {
    /// The rule's state: its most severe active alert's.
    pub fn state(&self) -> AlertState {
        most_severe(&self.alerts)
    }
}

/// Whether fedview shows a desktop notification when an alert starts firing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notifications {
    /// Off: the user has not turned them on (or turned them off).
    #[default]
    Off,
    /// The browser is asking the user for permission.
    Asking,
    /// On: the user turned them on and the browser allows them.
    On,
    /// The browser (or the user, when it asked) blocks them for this page.
    Blocked,
    /// This browser has no notifications here (they need a secure context: https, or
    /// localhost).
    Unavailable,
}

/// A rule's backtest: the window it ran over, and what came back (nothing yet while it
/// runs).
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// The first evaluation, ms since the epoch.
    pub start_ms: i64,
    /// The last.
    pub end_ms: i64,
    /// The group's interval, ms.
    pub step_ms: i64,
    /// The stretches pending and firing, or why none; `None` while it runs.
    pub outcome: Option<Result<Vec<Stretch>, String>>,
    /// The rule's query over the window, to draw (its first series, cut to a few hundred
    /// points each).
    pub lines: Vec<RangeSeries>,
}

/// The alerts slice.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Alerts {
    /// The rules (a new `Rc` whenever they change, so effects key on it).
    pub file: Rc<RuleFile>,
    /// What the last import could not read.
    pub import_errors: Vec<RuleError>,
    /// Rules the last import kept with a template fedview cannot expand.
    pub import_warnings: Vec<RuleError>,
    /// What the last import did, in words ("Read 26 rules from node.yaml").
    pub import_note: Option<String>,
    /// Each rule's last evaluation.
    pub status: BTreeMap<RuleKey, Rc<RuleStatus>>,
    /// Each rule's last backtest.
    pub backtests: BTreeMap<RuleKey, Rc<Backtest>>,
    /// The upstream's own rules, or why there are none to show; `None` before asked.
    pub upstream: Option<Result<Vec<UpstreamRule>, String>>,
    /// Desktop notifications of alerts that start firing.
    pub notifications: Notifications,
    /// The rule being written, if the form is open.
    pub draft: Option<RuleDraft>,
    /// Why the rule being written was not saved (from its last "Save").
    pub draft_errors: Vec<String>,
}

/// The `source` of a rules file the rule form wrote: its one rule goes into the rules
/// only if it reads without an error.
pub const DRAFT_SOURCE: &str = "the rule form";

/// What changes the alerts slice.
#[derive(Debug, Clone, PartialEq)]
pub enum AlertsAction {
    /// A rules file was read (from `source`: a file's name, or "pasted text"); its groups
    /// replace those of the same name, and the others stay.
    Imported {
        /// The file as read.
        read: RulesRead,
        /// Where it came from.
        source: String,
    },
    /// The rules kept on the device, read back at start.
    Restored(RuleFile),
    /// The user removed every rule.
    Clear,
    /// The user asked when a rule would have fired over a window.
    BacktestStarted {
        /// Which rule.
        rule: RuleKey,
        /// The window and its step.
        backtest: Backtest,
    },
    /// The store's worker worked out a rule's backtest.
    Backtested {
        /// Which rule.
        rule: RuleKey,
        /// The stretches, or why none.
        outcome: Result<Vec<Stretch>, String>,
        /// The rule's query over the window, to draw.
        lines: Vec<RangeSeries>,
    },
    /// The upstream's own rules came back (or why none).
    Upstream(Result<Vec<UpstreamRule>, String>),
    /// The rule form opened, on a new rule or a copy of one.
    DraftOpened(RuleDraft),
    /// A field of the rule form was edited.
    DraftEdited(DraftField, String),
    /// The rule form could not be checked (a line without a name).
    DraftRefused(String),
    /// The rule form was closed without saving.
    DraftClosed,
    /// Desktop notifications were turned on or off, or the browser answered.
    Notifications(Notifications),
    /// The store's worker evaluated a rule.
    Evaluated {
        /// Which rule.
        rule: RuleKey,
        /// When.
        at_ms: i64,
        /// Its alerts, or why the evaluation failed.
        outcome: Result<Vec<Alert>, String>,
    },
}

/// The rules as they are kept on the device (JSON in local storage).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct KeptRules {
    /// The rules.
    pub file: RuleFile,
}

impl Alerts {
    /// Applies `action`.
    pub fn reduce(&mut self, action: AlertsAction) {
        match action {
            AlertsAction::Imported { read, source } if source == DRAFT_SOURCE => {
                self.save_draft(read);
            }
            AlertsAction::DraftOpened(draft) => {
                self.draft = Some(draft);
                self.draft_errors.clear();
            }
            AlertsAction::DraftEdited(field, value) => {
                if let Some(draft) = &mut self.draft {
                    draft.edit(field, value);
                }
            }
            AlertsAction::DraftRefused(why) => self.draft_errors = vec![why],
            AlertsAction::DraftClosed => {
                self.draft = None;
                self.draft_errors.clear();
            }
            AlertsAction::Imported { read, source } => {
                let count: usize = read.file.groups.iter().map(|g| g.rules.len()).sum();
                let file = Rc::make_mut(&mut self.file);
                for group in read.file.groups {
                    match file.groups.iter_mut().find(|g| g.name == group.name) {
                        Some(held) => *held = group,
                        None => file.groups.push(group),
                    }
                }
                let kept = |key: &RuleKey| {
                    self.file
                        .groups
                        .iter()
                        .any(|g| g.name == key.group && key.index < g.rules.len())
                };
                self.status.retain(|key, _| kept(key));
                self.backtests.retain(|key, _| kept(key));
                let rules = |n: usize| {
                    if n == 1 {
                        "1 rule".to_owned()
                    } else {
                        format!("{n} rules")
                    }
                };
                self.import_note = Some(match read.errors.len() {
                    0 => format!("Read {} from {source}.", rules(count)),
                    n => format!(
                        "Read {} from {source}; {} could not be read and were left out.",
                        rules(count),
                        rules(n)
                    ),
                });
                self.import_errors = read.errors;
                self.import_warnings = read.warnings;
            }
            AlertsAction::Restored(file) => self.file = Rc::new(file),
            AlertsAction::BacktestStarted { rule, backtest } => {
                self.backtests.insert(rule, Rc::new(backtest));
            }
            AlertsAction::Backtested {
                rule,
                outcome,
                lines,
            } => {
                if let Some(backtest) = self.backtests.get_mut(&rule) {
                    let backtest = Rc::make_mut(backtest);
                    backtest.outcome = Some(outcome);
                    backtest.lines = lines;
                }
            }
            AlertsAction::Clear => {
                *self = Alerts {
                    upstream: self.upstream.take(),
                    notifications: self.notifications,
                    ..Alerts::default()
                }
            }
            AlertsAction::Upstream(rules) => self.upstream = Some(rules),
            AlertsAction::Notifications(notifications) => self.notifications = notifications,
            AlertsAction::Evaluated {
                rule,
                at_ms,
                outcome,
            } => {
                let status = Rc::make_mut(self.status.entry(rule).or_default());
                status.evaluated_at_ms = at_ms;
                match outcome {
                    Ok(alerts) => {
                        status.alerts = alerts;
                        status.error = None;
                    }
                    Err(why) => status.error = Some(why),
                }
            }
        }
    }

    /// The rule form's rule, checked by the rules file reader (`read`): saved in place of
    /// the rule it was opened on (or at the end of its group, made if new), its alerts
    /// worked out afresh; or, if it does not read, the form stays open with why.
    fn save_draft(&mut self, read: RulesRead) {
        let Some(draft) = &self.draft else {
            return;
        };
        let new_group = read.file.groups.into_iter().next();
        let rule = new_group
            .as_ref()
            .and_then(|g| g.rules.first().cloned())
            .filter(|_| read.errors.is_empty());
        let (Some(mut rule), Some(new_group)) = (rule, new_group) else {
            self.draft_errors = read.errors.iter().map(|e| e.message.clone()).collect();
            if self.draft_errors.is_empty() {
                self.draft_errors.push("The form holds no rule.".to_owned());
            }
            return;
        };
        rule.line = 0;
        let file = Rc::make_mut(&mut self.file);
        // A rule moved to another group leaves its old place.
        let mut key = None;
        if let Some((group, index)) = &draft.replaces {
            if let Some(held) = file.groups.iter_mut().find(|g| &g.name == group) {
                if *group == new_group.name && *index < held.rules.len() {
                    held.rules[*index] = rule.clone();
                    key = Some(RuleKey {
                        group: group.clone(),
                        index: *index,
                    });
                } else if *index < held.rules.len() {
                    held.rules.remove(*index);
                    self.status.clear();
                    self.backtests.clear();
                }
            }
        }
        if key.is_none() {
            let group = match file
                .groups
                .iter_mut()
                .position(|g| g.name == new_group.name)
            {
                Some(at) => &mut file.groups[at],
                None => {
                    file.groups.push(RuleGroup {
                        rules: Vec::new(),
                        ..new_group.clone()
                    });
                    file.groups.last_mut().expect("just pushed")
                }
            };
            group.rules.push(rule);
            key = Some(RuleKey {
                group: group.name.clone(),
                index: group.rules.len() - 1,
            });
        }
        if let Some(key) = key {
            self.status.remove(&key);
            self.backtests.remove(&key);
        }
        file.groups.retain(|g| !g.rules.is_empty());
        self.import_note = Some(format!("Saved the rule {:?}.", draft.name.trim()));
        self.import_warnings = read.warnings;
        self.import_errors.clear();
        self.draft = None;
        self.draft_errors.clear();
    }

    /// The alerts that are pending or firing, of every rule.
    pub fn active(&self) -> impl Iterator<Item = &Alert> {
        self.status
            .values()
            .flat_map(|s| &s.alerts)
            .filter(|a| a.resolved_at_ms.is_none())
    }

    /// How many alerts are firing.
    pub fn firing(&self) -> usize {
        self.active()
            .filter(|a| a.state == AlertState::Firing)
            .count()
    }

    /// How many alerting rules there are.
    pub fn alerting_rules(&self) -> usize {
        self.file
            .groups
            .iter()
            .flat_map(|g| &g.rules)
            .filter(|r| r.kind == RuleKind::Alert)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::rules::{Rule, RuleGroup};

    fn group(name: &str, rules: &[&str]) -> RuleGroup {
        RuleGroup {
            name: name.into(),
            rules: rules.iter().map(|r| Rule::alerting(r, "up == 0")).collect(),
            ..RuleGroup::default()
        }
    }

    #[test]
    fn a_rule_from_the_form_replaces_its_rule_only_if_it_reads() {
        let mut alerts = Alerts::default();
        alerts.reduce(AlertsAction::Imported {
            read: RulesRead {
                file: RuleFile {
                    groups: vec![group("a", &["A1", "A2"])],
                },
                ..RulesRead::default()
            },
            source: "rules.yml".into(),
        });
        let file = alerts.file.clone();
        let draft = RuleDraft::of(&file.groups[0], 0, &file.groups[0].rules[0]);
        alerts.reduce(AlertsAction::DraftOpened(draft));
        alerts.reduce(AlertsAction::DraftEdited(DraftField::Name, "A1b".into()));
        // The reader refused it: the form stays, with why, and nothing changes.
        let refused = RulesRead {
            errors: vec![RuleError {
                group: "a".into(),
                rule: "A1b".into(),
                line: 5,
                message: "could not parse expression".into(),
            }],
            ..RulesRead::default()
        };
        alerts.reduce(AlertsAction::Imported {
            read: refused,
            source: DRAFT_SOURCE.into(),
        });
        assert_eq!(alerts.draft_errors, ["could not parse expression"]);
        assert_eq!(alerts.draft.as_ref().map(|d| d.name.as_str()), Some("A1b"));
        assert_eq!(alerts.file, file);
        // Read: it takes the first rule's place, and the form closes.
        let read = RulesRead {
            file: RuleFile {
                groups: vec![group("a", &["A1b"])],
            },
            ..RulesRead::default()
        };
        alerts.reduce(AlertsAction::Imported {
            read,
            source: DRAFT_SOURCE.into(),
        });
        let names: Vec<&str> = alerts.file.groups[0]
            .rules
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["A1b", "A2"]);
        assert!(alerts.draft.is_none());
        assert_eq!(
            alerts.import_note.as_deref(),
            Some("Saved the rule \"A1b\".")
        );
    }

    #[test]
    fn an_import_replaces_groups_of_the_same_name_and_keeps_the_rest() {
        let mut alerts = Alerts::default();
        let imported = |groups| AlertsAction::Imported {
            read: RulesRead {
                file: RuleFile { groups },
                ..RulesRead::default()
            },
            source: "rules.yml".into(),
        };
        alerts.reduce(imported(vec![
            group("a", &["A1", "A2"]),
            group("b", &["B1"]),
        ]));
        alerts.reduce(imported(vec![group("a", &["A3"])]));
        let names: Vec<&str> = alerts
            .file
            .groups
            .iter()
            .flat_map(|g| g.rules.iter().map(|r| r.name.as_str()))
            .collect();
        assert_eq!(names, ["A3", "B1"]);
        assert_eq!(
            alerts.import_note.as_deref(),
            Some("Read 1 rule from rules.yml.")
        );
    }
}
