//! Prometheus rules files, read and written: the YAML that `promtool check rules` accepts,
//! checked as Prometheus checks it (`rulefmt`: one of `alert` and `record`, an `expr` that
//! parses, durations, label and annotation names, templates). A broken rule is reported
//! with its group, its name and its line, and left out; the file's other rules are kept.
//! Written back, a file loads in Prometheus unchanged. Both run in the worker loaded on
//! first use, with the YAML and PromQL parsers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

use crate::alerts::{
    duration::{format_duration, parse_duration},
    rules::{Rule, RuleFile, RuleGroup, RuleKind},
    template::{Template, UNSUPPORTED},
};

/// A rule that could not be read: where it is and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleError {
    /// The group's name ("" when the file itself is broken).
    pub group: String,
    /// The rule's name (its `alert` or `record`), or its place ("rule 3") without one.
    pub rule: String,
    /// The line (1-based) where the rule starts, or where YAML found the error.
    pub line: usize,
    /// Why.
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.group.is_empty(), self.rule.is_empty()) {
            (true, _) => write!(f, "line {}: {}", self.line, self.message),
            (false, true) => write!(
                f,
                "group {:?}, line {}: {}",
                self.group, self.line, self.message
            ),
            (false, false) => write!(
                f,
                "group {:?}, rule {:?}, line {}: {}",
                self.group, self.rule, self.line, self.message
            ),
        }
    }
}

/// A rules file as read: the rules that could be read, and why the others could not.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RulesRead {
    /// The groups, with the rules that could be read.
    pub file: RuleFile,
    /// The rules (or groups, or the file) that could not.
    pub errors: Vec<RuleError>,
    /// Rules kept, with a template fedview cannot expand (a Prometheus function it does
    /// not have, named): they are watched and exported as they are, and the template
    /// shows the error in place of its text.
    pub warnings: Vec<RuleError>,
}

/// Reads `text`, a rules file in Prometheus's YAML.
pub fn read_rules(text: &str) -> RulesRead {
    let mut read = RulesRead::default();
    let value: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            read.errors.push(RuleError {
                group: String::new(),
                rule: String::new(),
                line: e.location().map_or(0, |at| at.line()),
                message: format!("not YAML: {e}"),
            });
            return read;
        }
    };
    let lines = Lines::new(text);
    let file_error = |message: String| RuleError {
        group: String::new(),
        rule: String::new(),
        line: 1,
        message,
    };
    let Some(top) = value.as_mapping() else {
        read.errors.push(file_error(
            "a rules file is a mapping with `groups:`".to_owned(),
        ));
        return read;
    };
    for key in top.keys() {
        if key.as_str() != Some("groups") {
            read.errors.push(file_error(format!(
                "field {} not found in type rulefmt.RuleGroups",
                key_text(key)
            )));
        }
    }
    let Some(groups) = top.get("groups").and_then(Value::as_sequence) else {
        read.errors
            .push(file_error("`groups:` must be a list of groups".to_owned()));
        return read;
    };
    let mut names = Vec::new();
    let mut from_line = 0;
    for (index, group) in groups.iter().enumerate() {
        let name = group
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let line = lines
            .find(from_line, &["name"], &name)
            .unwrap_or(from_line.max(1));
        from_line = line;
        let error = |message: String| RuleError {
            group: if name.is_empty() {
                format!("group {}", index + 1)
            } else {
                name.clone()
            },
            rule: String::new(),
            line,
            message,
        };
        let Some(fields) = group.as_mapping() else {
            read.errors.push(error("a group is a mapping".to_owned()));
            continue;
        };
        match read_group(fields, &name, &mut names) {
            Err(message) => read.errors.push(error(message)),
            Ok(mut read_group) => {
                let rules = fields
                    .get("rules")
                    .and_then(Value::as_sequence)
                    .cloned()
                    .unwrap_or_default();
                for (at, rule) in rules.iter().enumerate() {
                    let rule_name = ["alert", "record"]
                        .iter()
                        .find_map(|k| rule.get(*k).and_then(Value::as_str))
                        .unwrap_or_default()
                        .to_owned();
                    let rule_line = lines
                        .find(from_line, &["alert", "record"], &rule_name)
                        .unwrap_or(from_line);
                    from_line = rule_line;
                    match read_rule(rule, rule_line) {
                        Ok((rule, unsupported)) => {
                            for message in unsupported {
                                read.warnings.push(RuleError {
                                    group: name.clone(),
                                    rule: rule.name.clone(),
                                    line: rule_line,
                                    message,
                                });
                            }
                            read_group.rules.push(rule);
                        }
                        Err(message) => read.errors.push(RuleError {
                            group: name.clone(),
                            rule: if rule_name.is_empty() {
                                format!("rule {}", at + 1)
                            } else {
                                rule_name
                            },
                            line: rule_line,
                            message,
                        }),
                    }
                }
                read.file.groups.push(read_group);
            }
        }
    }
    read
}

/// A group's own fields (its rules are read one by one after).
fn read_group(fields: &Mapping, name: &str, names: &mut Vec<String>) -> Result<RuleGroup, String> {
    for key in fields.keys() {
        let key = key_text(key);
        if ![
            "name",
            "interval",
            "limit",
            "rules",
            "labels",
            "query_offset",
        ]
        .contains(&key.as_str())
        {
            return Err(format!("field {key} not found in type rulefmt.RuleGroup"));
        }
    }
    if name.is_empty() {
        return Err("Groupname must not be empty".to_owned());
    }
    if names.iter().any(|n| n == name) {
        return Err(format!("{name:?}: repeated in the same file"));
    }
    names.push(name.to_owned());
    let interval_ms = match fields.get("interval") {
        None => None,
        Some(value) => Some(duration(value)?),
    };
    let limit = fields.get("limit").and_then(Value::as_u64).unwrap_or(0);
    if fields
        .get("rules")
        .is_some_and(|r| !r.is_sequence() && !r.is_null())
    {
        return Err("`rules:` must be a list".to_owned());
    }
    Ok(RuleGroup {
        name: name.to_owned(),
        interval_ms,
        labels: string_map(fields.get("labels"), "labels")?,
        limit,
        rules: Vec::new(),
    })
}

/// One rule, checked as Prometheus's `Rule.Validate` checks it, with what its templates
/// need that fedview does not have.
fn read_rule(value: &Value, line: usize) -> Result<(Rule, Vec<String>), String> {
    let fields = value.as_mapping().ok_or("a rule is a mapping")?;
    for key in fields.keys() {
        let key = key_text(key);
        if ![
            "alert",
            "record",
            "expr",
            "for",
            "keep_firing_for",
            "labels",
            "annotations",
        ]
        .contains(&key.as_str())
        {
            return Err(format!("field {key} not found in type rulefmt.Rule"));
        }
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(format!("`{key}` must be text")),
        }
    };
    let (kind, name) = match (text("alert")?, text("record")?) {
        (Some(_), Some(_)) => return Err("only one of 'record' and 'alert' must be set".into()),
        (Some(alert), None) => (RuleKind::Alert, alert),
        (None, Some(record)) => (RuleKind::Record, record),
        (None, None) => return Err("one of 'record' or 'alert' must be set".into()),
    };
    if name.is_empty() {
        return Err(format!(
            "field '{}' must be set in rule",
            if kind == RuleKind::Alert {
                "alert"
            } else {
                "record"
            }
        ));
    }
    let expr = text("expr")?.unwrap_or_default();
    if expr.trim().is_empty() {
        return Err("field 'expr' must be set in rule".into());
    }
    promql_parser::parser::parse(&expr).map_err(|e| format!("could not parse expression: {e}"))?;
    let for_ms = fields.get("for").map(duration).transpose()?.unwrap_or(0);
    let keep_firing_for_ms = fields
        .get("keep_firing_for")
        .map(duration)
        .transpose()?
        .unwrap_or(0);
    let labels = string_map(fields.get("labels"), "labels")?;
    let annotations = string_map(fields.get("annotations"), "annotations")?;
    if kind == RuleKind::Record {
        if !is_metric_name(&name) {
            return Err(format!("invalid recording rule name: {name}"));
        }
        if !annotations.is_empty() {
            return Err("invalid field 'annotations' in recording rule".into());
        }
        if for_ms != 0 {
            return Err("invalid field 'for' in recording rule".into());
        }
        if keep_firing_for_ms != 0 {
            return Err("invalid field 'keep_firing_for' in recording rule".into());
        }
    }
    for name in labels.keys() {
        if !is_label_name(name) || name == "__name__" {
            return Err(format!("invalid label name: {name}"));
        }
    }
    for name in annotations.keys() {
        if !is_label_name(name) {
            return Err(format!("invalid annotation name: {name}"));
        }
    }
    let mut unsupported = Vec::new();
    if kind == RuleKind::Alert {
        for (field, map) in [("label", &labels), ("annotation", &annotations)] {
            for (key, text) in map {
                match Template::parse(text) {
                    Ok(_) => {}
                    Err(why) if why.contains(UNSUPPORTED) => {
                        unsupported.push(format!("template of {field} {key:?}: {why}"));
                    }
                    Err(why) => return Err(format!("template of {field} {key:?}: {why}")),
                }
            }
        }
    }
    Ok((
        Rule {
            kind,
            name,
            expr,
            for_ms,
            keep_firing_for_ms,
            labels,
            annotations,
            line,
        },
        unsupported,
    ))
}

fn duration(value: &Value) -> Result<u64, String> {
    match value {
        Value::String(text) => parse_duration(text),
        Value::Number(n) if n.as_u64() == Some(0) => Ok(0),
        other => Err(format!("not a valid duration string: {}", key_text(other))),
    }
}

fn string_map(value: Option<&Value>, what: &str) -> Result<BTreeMap<String, String>, String> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(BTreeMap::new());
    };
    let map = value
        .as_mapping()
        .ok_or_else(|| format!("`{what}` must be a mapping"))?;
    map.iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => String::new(),
                _ => return Err(format!("`{what}` values must be text")),
            };
            Ok((key_text(k), v))
        })
        .collect()
}

fn key_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// The file's lines, to say where a group or a rule starts.
struct Lines<'a>(Vec<&'a str>);

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines(text.lines().collect())
    }

    /// The first line from `from` (1-based) on where one of `keys` is set to `value`
    /// (quoted or not, after a list's dash or not).
    fn find(&self, from: usize, keys: &[&str], value: &str) -> Option<usize> {
        if value.is_empty() {
            return None;
        }
        self.0
            .iter()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find(|(_, line)| {
                let line = line.trim_start().trim_start_matches('-').trim_start();
                keys.iter().any(|key| {
                    line.strip_prefix(key)
                        .and_then(|rest| rest.trim_start().strip_prefix(':'))
                        .map(|rest| rest.trim().trim_matches(['"', '\'']) == value)
                        .unwrap_or(false)
                })
            })
            .map(|(at, _)| at + 1)
    }
}

/// A rule as Prometheus's `rulefmt.Rule` writes it, fields in its order.
#[derive(Serialize)]
struct WrittenRule<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alert: Option<&'a str>,
    expr: &'a str,
    #[serde(rename = "for", skip_serializing_if = "Option::is_none")]
    for_: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keep_firing_for: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    annotations: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct WrittenGroup<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    interval: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: &'a BTreeMap<String, String>,
    rules: Vec<WrittenRule<'a>>,
}

#[derive(Serialize)]
struct WrittenFile<'a> {
    groups: Vec<WrittenGroup<'a>>,
}

/// `file` as a rules file Prometheus loads.
pub fn write_rules(file: &RuleFile) -> String {
    let nonzero = |ms: u64| (ms > 0).then(|| format_duration(ms));
    let written = WrittenFile {
        groups: file
            .groups
            .iter()
            .map(|group| WrittenGroup {
                name: &group.name,
                interval: group.interval_ms.map(format_duration),
                limit: (group.limit > 0).then_some(group.limit),
                labels: &group.labels,
                rules: group
                    .rules
                    .iter()
                    .map(|rule| WrittenRule {
                        record: (rule.kind == RuleKind::Record).then_some(rule.name.as_str()),
                        alert: (rule.kind == RuleKind::Alert).then_some(rule.name.as_str()),
                        expr: &rule.expr,
                        for_: nonzero(rule.for_ms),
                        keep_firing_for: nonzero(rule.keep_firing_for_ms),
                        labels: &rule.labels,
                        annotations: &rule.annotations,
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_yaml::to_string(&written).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_rule_is_named_with_its_line_and_the_others_are_kept() {
        let text = "groups:\n- name: demo\n  rules:\n  - alert: Good\n    expr: up == 0\n    for: 5m\n  - alert: Broken\n    expr: rate(up[5m]\n  - alert: BadFor\n    expr: up\n    for: 5 minutes\n  - record: job:up:sum\n    expr: sum by (job) (up)\n";
        let read = read_rules(text);
        let names: Vec<&str> = read.file.groups[0]
            .rules
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["Good", "job:up:sum"]);
        assert_eq!(read.errors.len(), 2, "{:?}", read.errors);
        assert_eq!(read.errors[0].rule, "Broken");
        assert_eq!(read.errors[0].line, 7);
        assert!(
            read.errors[0].message.contains("could not parse"),
            "{}",
            read.errors[0]
        );
        assert_eq!(read.errors[1].rule, "BadFor");
        assert_eq!(read.errors[1].line, 9);
        assert_eq!(read.file.groups[0].rules[0].for_ms, 300_000);
    }

    #[test]
    fn broken_yaml_says_where() {
        // YAML finds the unclosed list at the end of the file, and names where it began.
        let read = read_rules("groups:\n- name: [unclosed\n");
        assert!(read.file.groups.is_empty());
        assert_eq!(read.errors[0].line, 3, "{}", read.errors[0]);
        assert!(
            read.errors[0].message.contains("line 2"),
            "{}",
            read.errors[0]
        );
    }

    #[test]
    fn a_file_written_reads_back_the_same() {
        let text = "groups:\n- name: demo\n  interval: 30s\n  rules:\n  - alert: Down\n    expr: |\n      up\n        == 0\n    for: 1m\n    keep_firing_for: 2m\n    labels:\n      severity: page\n    annotations:\n      summary: '{{ $labels.instance }} is down'\n";
        let read = read_rules(text);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        let again = read_rules(&write_rules(&read.file));
        assert!(again.errors.is_empty(), "{:?}", again.errors);
        let strip = |mut f: RuleFile| {
            for g in &mut f.groups {
                for r in &mut g.rules {
                    r.line = 0;
                }
            }
            f
        };
        assert_eq!(strip(again.file), strip(read.file));
    }

    #[test]
    fn a_rule_written_in_the_form_is_checked_as_a_file_is() {
        use crate::alerts::rule_draft::RuleDraft;
        let draft = RuleDraft {
            name: "ErrorsHigh".into(),
            for_: "5m".into(),
            labels: "severity: page".into(),
            annotations: "summary: {{ $labels.job }}: {{ $value | humanizePercentage }}".into(),
            ..RuleDraft::new("fedview", "rate(errors_total[5m]) > 0.1")
        };
        let read = read_rules(&draft.to_yaml().expect("yaml"));
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        let rule = &read.file.groups[0].rules[0];
        assert_eq!((rule.name.as_str(), rule.for_ms), ("ErrorsHigh", 300_000));
        assert_eq!(read.file.groups[0].interval_ms, Some(60_000));

        for (broken, why) in [
            (
                RuleDraft {
                    expr: "rate(errors_total[5m]".into(),
                    ..draft.clone()
                },
                "parse",
            ),
            (
                RuleDraft {
                    for_: "soon".into(),
                    ..draft.clone()
                },
                "soon",
            ),
            (
                RuleDraft {
                    name: "".into(),
                    ..draft.clone()
                },
                "alert",
            ),
            (
                RuleDraft {
                    labels: "bad-name: x".into(),
                    ..draft.clone()
                },
                "bad-name",
            ),
        ] {
            let read = read_rules(&broken.to_yaml().expect("yaml"));
            let messages: Vec<&str> = read.errors.iter().map(|e| e.message.as_str()).collect();
            assert!(
                messages.iter().any(|m| m.contains(why)),
                "{why}: {messages:?}"
            );
        }
    }
}
