//! PromQL selectors for a metric and its label filters, as the explorer, the overview
//! and pinned panels write them.

use std::collections::BTreeMap;

/// A PromQL string literal for `value`.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The selector of `name` with the label filters, such as `up{job="api"}`.
pub fn selector(name: &str, filters: &BTreeMap<String, String>) -> String {
    if filters.is_empty() {
        return name.to_owned();
    }
    let matchers: Vec<String> = filters
        .iter()
        .map(|(label, value)| format!("{label}={}", quoted(value)))
        .collect();
    format!("{name}{{{}}}", matchers.join(","))
}
