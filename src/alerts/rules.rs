//! Alerting and recording rules in Prometheus's own shape (`rulefmt`): groups with a name
//! and an interval, each rule an `alert` (or a `record`), its `expr`, `for`,
//! `keep_firing_for`, `labels` and `annotations`. fedview keeps them as they were read, so
//! that a file exported again loads in Prometheus unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The interval a group without one is evaluated at (Prometheus's default
/// `evaluation_interval`).
pub const DEFAULT_INTERVAL_MS: u64 = 60_000;

/// A rules file: its groups, in order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RuleFile {
    /// The groups.
    pub groups: Vec<RuleGroup>,
}

/// A group of rules, evaluated one after the other at the group's interval.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RuleGroup {
    /// Its name, unique in the file.
    pub name: String,
    /// How often it is evaluated, when the file says (else Prometheus's global
    /// `evaluation_interval`, a minute by default).
    pub interval_ms: Option<u64>,
    /// Labels added to every rule of the group (`labels`, Prometheus 2.x later than 2.42).
    pub labels: BTreeMap<String, String>,
    /// The most alerts a rule may have (`limit`; 0 for none).
    pub limit: u64,
    /// Its rules.
    pub rules: Vec<Rule>,
}

impl RuleGroup {
    /// How often the group is evaluated, in milliseconds.
    pub fn interval(&self) -> u64 {
        self.interval_ms.unwrap_or(DEFAULT_INTERVAL_MS)
    }
}

/// Whether a rule alerts or records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleKind {
    /// An alerting rule (`alert:`).
    Alert,
    /// A recording rule (`record:`), kept so that the file exports whole; fedview does not
    /// evaluate it.
    Record,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Alerting or recording.
    pub kind: RuleKind,
    /// The alert's name, or the series a recording rule records.
    pub name: String,
    /// The PromQL expression.
    pub expr: String,
    /// How long an alert stays pending before it fires (`for`), in milliseconds.
    pub for_ms: u64,
    /// How long an alert keeps firing after its condition stops (`keep_firing_for`).
    pub keep_firing_for_ms: u64,
    /// Labels added to each alert (templates allowed in the values).
    pub labels: BTreeMap<String, String>,
    /// Annotations (templates).
    pub annotations: BTreeMap<String, String>,
    /// The line of the file it was read from (1-based; 0 for a rule written in fedview).
    pub line: usize,
}

impl Rule {
    /// An alerting rule `name` on `expr`, firing at once (no `for`), without labels or
    /// annotations, as written in fedview rather than read from a file.
    pub fn alerting(name: &str, expr: &str) -> Self {
        Rule {
            kind: RuleKind::Alert,
            name: name.to_owned(),
            expr: expr.to_owned(),
            for_ms: 0,
            keep_firing_for_ms: 0,
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
            line: 0,
        }
    }
}
