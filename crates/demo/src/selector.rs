//! Prometheus series selectors as the demo upstream understands them: `name`, `{…}` or
//! `name{…}` with `=`, `!=`, `=~` and `!~` matchers on any label (regexes fully anchored, as
//! in Prometheus).

use regex::Regex;

/// How a matcher compares.
#[derive(Debug, Clone)]
enum Op {
    Equal(String),
    NotEqual(String),
    Matches(Regex),
    NotMatches(Regex),
}

/// One `label op "value"` condition.
#[derive(Debug, Clone)]
struct Matcher {
    label: String,
    op: Op,
}

/// A parsed selector: every matcher must hold.
#[derive(Debug, Clone)]
pub struct Selector {
    matchers: Vec<Matcher>,
}

impl Selector {
    /// Parses `text`, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (name, rest) = match text.find('{') {
            Some(open) => text.split_at(open),
            None => (text, ""),
        };
        let mut matchers = Vec::new();
        let name = name.trim();
        if !name.is_empty() {
            if !is_metric_name(name) {
                return Err(format!("invalid metric name {name:?}"));
            }
            matchers.push(Matcher {
                label: "__name__".to_owned(),
                op: Op::Equal(name.to_owned()),
            });
        }
        if !rest.is_empty() {
            let inner = rest
                .strip_prefix('{')
                .and_then(|r| r.strip_suffix('}'))
                .ok_or_else(|| format!("unbalanced braces in {text:?}"))?;
            let mut chars = inner.trim();
            while !chars.is_empty() {
                let (matcher, after) = parse_matcher(chars)?;
                matchers.push(matcher);
                chars = after.trim_start();
                if let Some(after_comma) = chars.strip_prefix(',') {
                    chars = after_comma.trim_start();
                } else if !chars.is_empty() {
                    return Err(format!("expected ',' or '}}' in {text:?}"));
                }
            }
        }
        if matchers.is_empty() {
            return Err("a selector needs a metric name or at least one matcher".to_owned());
        }
        // Like Prometheus: at least one matcher must not match the empty string.
        if matchers.iter().all(|m| m.matches_empty()) {
            return Err(format!(
                "{text:?} matches empty labels: add a matcher that does not"
            ));
        }
        Ok(Self { matchers })
    }

    /// The metric name the selector requires exactly, if it names one.
    pub fn exact_name(&self) -> Option<&str> {
        self.matchers.iter().find_map(|m| match &m.op {
            Op::Equal(name) if m.label == "__name__" => Some(name.as_str()),
            _ => None,
        })
    }

    /// Whether a series with `name` and `labels` is selected.
    pub fn matches(&self, name: &str, labels: &[(&str, String)]) -> bool {
        self.matchers.iter().all(|m| {
            let value = if m.label == "__name__" {
                name
            } else {
                labels
                    .iter()
                    .find(|(l, _)| *l == m.label)
                    .map_or("", |(_, v)| v.as_str())
            };
            m.accepts(value)
        })
    }
}

impl Matcher {
    fn accepts(&self, value: &str) -> bool {
        match &self.op {
            Op::Equal(v) => value == v,
            Op::NotEqual(v) => value != v,
            Op::Matches(re) => re.is_match(value),
            Op::NotMatches(re) => !re.is_match(value),
        }
    }

    fn matches_empty(&self) -> bool {
        self.accepts("")
    }
}

fn parse_matcher(text: &str) -> Result<(Matcher, &str), String> {
    let label_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let (label, rest) = text.split_at(label_end);
    if label.is_empty() {
        return Err(format!("expected a label name at {text:?}"));
    }
    let rest = rest.trim_start();
    let (op, rest) = ["=~", "!~", "!=", "="]
        .iter()
        .find_map(|op| rest.strip_prefix(op).map(|r| (*op, r)))
        .ok_or_else(|| format!("expected =, !=, =~ or !~ after {label:?}"))?;
    let rest = rest.trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| *c == '"' || *c == '\'' || *c == '`')
        .ok_or_else(|| format!("expected a quoted value after {label}{op}"))?;
    let body = rest.get(1..).unwrap_or_default();
    let mut value = String::new();
    let mut chars = body.char_indices();
    let end = loop {
        match chars.next() {
            Some((i, c)) if c == quote => break i,
            Some((_, '\\')) if quote != '`' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, c)) => value.push(c),
                None => return Err("unterminated escape".to_owned()),
            },
            Some((_, c)) => value.push(c),
            None => return Err(format!("unterminated value for {label:?}")),
        }
    };
    let anchored = |v: &str| {
        Regex::new(&format!("^(?:{v})$")).map_err(|e| format!("invalid regex {v:?}: {e}"))
    };
    let op = match op {
        "=" => Op::Equal(value),
        "!=" => Op::NotEqual(value),
        "=~" => Op::Matches(anchored(&value)?),
        _ => Op::NotMatches(anchored(&value)?),
    };
    let after = body.get(end + 1..).unwrap_or_default();
    Ok((
        Matcher {
            label: label.to_owned(),
            op,
        },
        after,
    ))
}

fn is_metric_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b':')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<(&'static str, String)> {
        vec![
            ("job", "mobile-core".to_owned()),
            ("region", "oslo".to_owned()),
        ]
    }

    #[test]
    fn matchers() {
        let cases = [
            ("{__name__=~\".+\"}", true),
            ("up", true),
            ("down", false),
            ("up{job=\"mobile-core\"}", true),
            ("up{job!=\"mobile-core\"}", false),
            ("{region=~\"os.*\"}", true),
            ("{region=~\"os\"}", false),
            ("{region!~\"berg.*\", job=\"mobile-core\"}", true),
            ("{missing=\"\", job=\"mobile-core\"}", true),
            ("up{region='oslo'}", true),
        ];
        for (text, want) in cases {
            let selector = Selector::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(selector.matches("up", &labels()), want, "{text}");
        }
    }

    #[test]
    fn rejects_what_prometheus_rejects() {
        for text in [
            "",
            "{}",
            "{job=~\".*\"}",
            "up{job=\"x\"",
            "up{job~\"x\"}",
            "1up",
            "{job=\"x}",
        ] {
            assert!(Selector::parse(text).is_err(), "{text}");
        }
    }
}
