//! A rule being written in fedview: the form's fields as typed (its group, name,
//! expression, `for`, `keep_firing_for`, labels and annotations as `name: value` lines),
//! turned into a one-group rules file that the rules file reader checks as `promtool`
//! would, so that a rule written here is held to the same rules as one imported.

use super::{
    duration::format_duration,
    rules::{Rule, RuleGroup},
};

/// Which field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftField {
    /// The group's name.
    Group,
    /// A new group's interval.
    Interval,
    /// The alert's name.
    Name,
    /// The PromQL expression.
    Expr,
    /// `for`.
    For,
    /// `keep_firing_for`.
    KeepFiringFor,
    /// Labels, one `name: value` a line.
    Labels,
    /// Annotations, one `name: value` a line.
    Annotations,
}

/// The form's fields, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleDraft {
    /// The rule it replaces (its group's name and its place there), or `None` for a new
    /// rule.
    pub replaces: Option<(String, usize)>,
    /// The group's name.
    pub group: String,
    /// The group's interval, for a group the draft creates (such as `1m`).
    pub interval: String,
    /// The alert's name.
    pub name: String,
    /// The expression.
    pub expr: String,
    /// `for` (such as `5m`; empty for none).
    pub for_: String,
    /// `keep_firing_for` (empty for none).
    pub keep_firing_for: String,
    /// Labels, one `name: value` a line.
    pub labels: String,
    /// Annotations, one `name: value` a line.
    pub annotations: String,
}

/// A map's entries as `name: value` lines.
fn lines<'a>(entries: impl Iterator<Item = (&'a String, &'a String)>) -> String {
    entries
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A duration as the form shows it: empty for none.
fn duration_text(millis: u64) -> String {
    if millis == 0 {
        String::new()
    } else {
        format_duration(millis)
    }
}

impl RuleDraft {
    /// A new rule on `expr`, in group `group`.
    pub fn new(group: &str, expr: &str) -> Self {
        RuleDraft {
            group: group.to_owned(),
            interval: "1m".to_owned(),
            expr: expr.to_owned(),
            ..RuleDraft::default()
        }
    }

    /// The form for rule `index` of `group`, as it is.
    pub fn of(group: &RuleGroup, index: usize, rule: &Rule) -> Self {
        RuleDraft {
            replaces: Some((group.name.clone(), index)),
            group: group.name.clone(),
            interval: format_duration(group.interval()),
            name: rule.name.clone(),
            expr: rule.expr.clone(),
            for_: duration_text(rule.for_ms),
            keep_firing_for: duration_text(rule.keep_firing_for_ms),
            labels: lines(rule.labels.iter()),
            annotations: lines(rule.annotations.iter()),
        }
    }

    /// Sets `field` to `value`.
    pub fn edit(&mut self, field: DraftField, value: String) {
        let slot = match field {
            DraftField::Group => &mut self.group,
            DraftField::Interval => &mut self.interval,
            DraftField::Name => &mut self.name,
            DraftField::Expr => &mut self.expr,
            DraftField::For => &mut self.for_,
            DraftField::KeepFiringFor => &mut self.keep_firing_for,
            DraftField::Labels => &mut self.labels,
            DraftField::Annotations => &mut self.annotations,
        };
        *slot = value;
    }

    /// The draft as a rules file of one group and one rule, every value a JSON string
    /// (which YAML reads as a double-quoted scalar), for the rules file reader to check;
    /// or why a `name: value` line cannot be read.
    ///
    /// # Errors
    /// A labels or annotations line without `name:`.
    pub fn to_yaml(&self) -> Result<String, String> {
        let quoted = |text: &str| serde_json::Value::from(text.trim()).to_string();
        let mut yaml = format!("groups:\n- name: {}\n", quoted(&self.group));
        if !self.interval.trim().is_empty() {
            yaml.push_str(&format!("  interval: {}\n", quoted(&self.interval)));
        }
        yaml.push_str(&format!(
            "  rules:\n  - alert: {}\n    expr: {}\n",
            quoted(&self.name),
            quoted(&self.expr)
        ));
        for (key, text) in [
            ("for", &self.for_),
            ("keep_firing_for", &self.keep_firing_for),
        ] {
            if !text.trim().is_empty() {
                yaml.push_str(&format!("    {key}: {}\n", quoted(text)));
            }
        }
        for (key, text) in [("labels", &self.labels), ("annotations", &self.annotations)] {
            let entries = entries(key, text)?;
            if !entries.is_empty() {
                yaml.push_str(&format!("    {key}:\n"));
                for (name, value) in entries {
                    yaml.push_str(&format!("      {}: {}\n", quoted(name), quoted(value)));
                }
            }
        }
        Ok(yaml)
    }
}

/// The `name: value` lines of `text` (blank lines skipped), or the first line without a
/// name, in the words of the form's field `field`.
fn entries<'a>(field: &str, text: &'a str) -> Result<Vec<(&'a str, &'a str)>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(at, line)| {
            line.split_once(':')
                .map(|(name, value)| (name.trim(), value.trim()))
                .filter(|(name, _)| !name.is_empty())
                .ok_or_else(|| {
                    format!(
                        "{field}, line {}: {:?} is not \"name: value\"",
                        at + 1,
                        line.trim()
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_goes_to_the_form_and_back_as_yaml() {
        let mut rule = Rule::alerting("DiskFull", "node_filesystem_avail_bytes < 1e9");
        rule.for_ms = 300_000;
        rule.labels.insert("severity".into(), "page".into());
        rule.annotations
            .insert("summary".into(), "{{ $labels.device }}: \"low\"".into());
        let group = RuleGroup {
            name: "node".into(),
            interval_ms: Some(30_000),
            rules: vec![rule.clone()],
            ..RuleGroup::default()
        };
        let draft = RuleDraft::of(&group, 0, &rule);
        assert_eq!(draft.for_, "5m");
        assert_eq!(draft.keep_firing_for, "");
        assert_eq!(draft.annotations, "summary: {{ $labels.device }}: \"low\"");
        let yaml = draft.to_yaml().expect("yaml");
        assert!(yaml.contains("    for: \"5m\"\n"), "{yaml}");
        assert!(
            yaml.contains("      \"summary\": \"{{ $labels.device }}: \\\"low\\\"\"\n"),
            "{yaml}"
        );
        assert!(!yaml.contains("keep_firing_for"), "{yaml}");
    }

    #[test]
    fn a_line_without_a_name_is_named() {
        let draft = RuleDraft {
            labels: "severity: page\n\njust words".into(),
            ..RuleDraft::new("g", "up == 0")
        };
        let error = draft.to_yaml().expect_err("a line without a name");
        assert_eq!(
            error,
            "labels, line 3: \"just words\" is not \"name: value\""
        );
    }
}
