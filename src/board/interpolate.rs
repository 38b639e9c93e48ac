//! Substituting variables into queries and titles as Grafana does: `$var`, `${var}`,
//! `${var:format}`, `[[var]]` and `[[var:format]]`, and the built-in `$__interval`,
//! `$__interval_ms`, `$__rate_interval`, `$__range`, `$__range_s` and `$__range_ms`.
//!
//! Without a format, a value goes into PromQL as Grafana's Prometheus data source writes it:
//! a variable that allows one value only is written as it is (with `\` and `'` escaped);
//! one that allows several (or "All") is written regex-escaped, and several values as an
//! alternation `(a|b)`, for use in `=~` matchers. "All" is the variable's `allValue` when
//! it has one, else every option.

use crate::board::variables::Variable;

/// What substitution needs besides the variables: the board's time range and the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeScope {
    /// The range shown, in ms.
    pub range_ms: i64,
    /// The step between points, in ms (Grafana's `$__interval`).
    pub interval_ms: i64,
    /// The upstream's scrape interval, in ms (Grafana assumes 15 s).
    pub scrape_ms: i64,
}

impl TimeScope {
    /// `$__rate_interval`: the larger of four scrape intervals and the step plus one scrape
    /// interval, so that every rate window holds at least two samples.
    pub fn rate_interval_ms(&self) -> i64 {
        (self.interval_ms + self.scrape_ms).max(4 * self.scrape_ms)
    }
}

/// How values are written: into a query, or for people to read (titles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writing {
    Query,
    Title,
}

/// `text` with every variable it names replaced by its value. Names that are no variable
/// stay as written.
pub fn interpolate(text: &str, variables: &[Variable], time: TimeScope) -> String {
    substitute(text, variables, time, Writing::Query)
}

/// A title with its variables as Grafana shows them to people: "All", or the values
/// joined by ` + `.
pub fn interpolate_title(text: &str, variables: &[Variable], time: TimeScope) -> String {
    substitute(text, variables, time, Writing::Title)
}

fn substitute(text: &str, variables: &[Variable], time: TimeScope, writing: Writing) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['$', '[']) {
        out.push_str(rest.get(..at).unwrap_or_default());
        let tail = rest.get(at..).unwrap_or_default();
        match reference(tail) {
            Some((len, name, format)) => {
                match value_of(name, format, variables, time, writing) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(tail.get(..len).unwrap_or_default()),
                }
                rest = tail.get(len..).unwrap_or_default();
            }
            None => {
                let step = tail.chars().next().map_or(1, char::len_utf8);
                out.push_str(tail.get(..step).unwrap_or_default());
                rest = tail.get(step..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

/// A variable reference at the start of `text`: its length, the name and the format.
fn reference(text: &str) -> Option<(usize, &str, Option<&str>)> {
    let word = |s: &str| {
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    if let Some(inner) = text.strip_prefix("${") {
        let end = inner.find('}')?;
        let body = inner.get(..end)?;
        let (name, format) = match body.split_once(':') {
            Some((name, format)) => (name, Some(format)),
            None => (body, None),
        };
        return (word(name) == name.len() && !name.is_empty()).then_some((end + 3, name, format));
    }
    if let Some(inner) = text.strip_prefix("[[") {
        let end = inner.find("]]")?;
        let body = inner.get(..end)?;
        let (name, format) = match body.split_once(':') {
            Some((name, format)) => (name, Some(format)),
            None => (body, None),
        };
        return (word(name) == name.len() && !name.is_empty()).then_some((end + 4, name, format));
    }
    let inner = text.strip_prefix('$')?;
    let len = word(inner);
    (len > 0).then(|| (len + 1, inner.get(..len).unwrap_or_default(), None))
}

/// The text a reference stands for, or `None` when the name is no variable.
fn value_of(
    name: &str,
    format: Option<&str>,
    variables: &[Variable],
    time: TimeScope,
    writing: Writing,
) -> Option<String> {
    let built_in = match name {
        "__interval" => Some(duration_text(time.interval_ms)),
        "__interval_ms" => Some(time.interval_ms.to_string()),
        "__rate_interval" => Some(duration_text(time.rate_interval_ms())),
        "__range" => Some(format!("{}s", time.range_ms / 1000)),
        "__range_s" => Some((time.range_ms / 1000).to_string()),
        "__range_ms" => Some(time.range_ms.to_string()),
        _ => None,
    };
    if built_in.is_some() {
        return built_in;
    }
    let variable = variables.iter().find(|v| v.name == name)?;
    if writing == Writing::Title && format.is_none() {
        return Some(if variable.is_all() {
            crate::board::variables::ALL.to_owned()
        } else {
            variable.current.join(" + ")
        });
    }
    if variable.is_all() && format.is_none() {
        if let Some(all) = &variable.all_value {
            return Some(all.clone());
        }
    }
    let values = variable.picked();
    Some(match format {
        None => promql_value(variable, &values),
        Some(format) => formatted(format, &values),
    })
}

/// Grafana's Prometheus default: as written for a one-value variable, regex-escaped (and
/// as an alternation when several) for a multi-value or "All" one.
fn promql_value(variable: &Variable, values: &[String]) -> String {
    if !variable.multi && !variable.include_all {
        return values
            .first()
            .map(|v| v.replace('\\', "\\\\").replace('\'', "\\\\'"))
            .unwrap_or_default();
    }
    let escaped: Vec<String> = values.iter().map(|v| promql_regex_escape(v)).collect();
    match escaped.as_slice() {
        [one] => one.clone(),
        _ => format!("({})", escaped.join("|")),
    }
}

/// Regex metacharacters escaped for a regex inside a PromQL string (so with a doubled
/// backslash), as Grafana's `prometheusSpecialRegexEscape`.
fn promql_regex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\\\\\"),
            '$' | '^' | '*' | '{' | '}' | '[' | ']' | '\'' | '+' | '?' | '.' | '(' | ')' | '|' => {
                out.push_str("\\\\");
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Regex metacharacters escaped once, as Grafana's `:regex` format.
fn regex_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if "\\^$*+?.()|[]{}/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The values in one of Grafana's named formats; an unknown one is taken as `glob`.
fn formatted(format: &str, values: &[String]) -> String {
    let one_or_group = |items: Vec<String>, open: &str, separator: &str, close: &str| {
        if items.len() == 1 {
            items.into_iter().next().unwrap_or_default()
        } else {
            format!("{open}{}{close}", items.join(separator))
        }
    };
    match format {
        "raw" | "text" => values.join(","),
        "csv" => values.join(","),
        "pipe" => values.join("|"),
        "regex" => one_or_group(
            values.iter().map(|v| regex_escape(v)).collect(),
            "(",
            "|",
            ")",
        ),
        "doublequote" => values
            .iter()
            .map(|v| format!("\"{}\"", v.replace('"', "\\\"")))
            .collect::<Vec<_>>()
            .join(","),
        "singlequote" => values
            .iter()
            .map(|v| format!("'{}'", v.replace('\'', "\\'")))
            .collect::<Vec<_>>()
            .join(","),
        "json" => serde_json::to_string(values).unwrap_or_default(),
        "percentencode" => values
            .iter()
            .map(|v| percent_encode(v))
            .collect::<Vec<_>>()
            .join(","),
        "uriencode" => percent_encode(&one_or_group(values.to_vec(), "{", ",", "}")),
        _ => one_or_group(values.to_vec(), "{", ",", "}"),
    }
}

/// `value` with everything but unreserved URL characters percent-encoded.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A duration as PromQL writes it, in the largest unit that divides it: `5m`, `90s`, `1h`.
pub fn duration_text(ms: i64) -> String {
    const UNITS: [(i64, &str); 5] = [
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
        (1, "ms"),
    ];
    let ms = ms.max(1);
    UNITS
        .iter()
        .find(|(size, _)| ms % size == 0)
        .map(|(size, unit)| format!("{}{unit}", ms / size))
        .unwrap_or_else(|| format!("{ms}ms"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::variables::{VariableKind, ALL_VALUE};

    const TIME: TimeScope = TimeScope {
        range_ms: 6 * 3_600_000,
        interval_ms: 30_000,
        scrape_ms: 15_000,
    };

    fn variable(name: &str, multi: bool, all: bool, current: &[&str]) -> Variable {
        Variable {
            name: name.into(),
            kind: VariableKind::Custom(vec!["a.b".into(), "c".into()]),
            multi,
            include_all: all,
            options: vec!["a.b".into(), "c".into()],
            current: current.iter().map(|&s| s.to_owned()).collect(),
            ..Variable::default()
        }
    }

    #[test]
    fn every_reference_syntax_is_replaced() {
        let vars = [variable("job", false, false, &["api"])];
        for text in [
            "up{job=\"$job\"}",
            "up{job=\"${job}\"}",
            "up{job=\"[[job]]\"}",
            "up{job=\"${job:raw}\"}",
        ] {
            assert_eq!(interpolate(text, &vars, TIME), "up{job=\"api\"}", "{text}");
        }
        // Not a variable, or not a reference: left as written.
        assert_eq!(
            interpolate("$nope ${} [[x y]] $ 5$", &vars, TIME),
            "$nope ${} [[x y]] $ 5$"
        );
        // The longest name wins: `$jobs` is not `$job` followed by `s`.
        assert_eq!(interpolate("$jobs", &vars, TIME), "$jobs");
    }

    #[test]
    fn multi_values_and_all_become_regex_alternations() {
        let multi = [variable("v", true, true, &["a.b", "c"])];
        assert_eq!(interpolate("x=~\"$v\"", &multi, TIME), "x=~\"(a\\\\.b|c)\"");
        let one = [variable("v", true, false, &["a.b"])];
        assert_eq!(interpolate("$v", &one, TIME), "a\\\\.b");
        let all = [variable("v", true, true, &[ALL_VALUE])];
        assert_eq!(interpolate("$v", &all, TIME), "(a\\\\.b|c)");
        let mut all_value = variable("v", true, true, &[ALL_VALUE]);
        all_value.all_value = Some(".*".into());
        assert_eq!(interpolate("$v", &[all_value.clone()], TIME), ".*");
        // A format asks for the values themselves, not `allValue`.
        assert_eq!(interpolate("${v:csv}", &[all_value], TIME), "a.b,c");
        assert_eq!(interpolate("${v:regex}", &multi, TIME), "(a\\.b|c)");
        assert_eq!(interpolate("${v:pipe}", &multi, TIME), "a.b|c");
        assert_eq!(interpolate("${v:glob}", &multi, TIME), "{a.b,c}");
        assert_eq!(interpolate("${v:json}", &multi, TIME), "[\"a.b\",\"c\"]");
        assert_eq!(interpolate("[[v:csv]]", &multi, TIME), "a.b,c");
    }

    #[test]
    fn titles_read_as_people_read_them() {
        let mut all = variable("v", true, true, &[ALL_VALUE]);
        all.all_value = Some(".*".into());
        assert_eq!(interpolate_title("On $v", &[all], TIME), "On All");
        let two = variable("v", true, false, &["a.b", "c"]);
        assert_eq!(interpolate_title("On $v", &[two], TIME), "On a.b + c");
    }

    #[test]
    fn chained_variables_resolve_in_order() {
        // What the board does: each variable's query is interpolated with those before it.
        let region = variable("region", false, false, &["oslo"]);
        let query = "label_values(up{region=\"$region\"}, instance)";
        assert_eq!(
            interpolate(query, &[region], TIME),
            "label_values(up{region=\"oslo\"}, instance)"
        );
    }

    #[test]
    fn built_in_intervals_and_ranges() {
        let text =
            "rate(x[$__rate_interval]) $__interval $__interval_ms $__range $__range_s $__range_ms";
        assert_eq!(
            interpolate(text, &[], TIME),
            "rate(x[1m]) 30s 30000 21600s 21600 21600000"
        );
        let wide = TimeScope {
            interval_ms: 120_000,
            ..TIME
        };
        assert_eq!(interpolate("$__rate_interval", &[], wide), "135s");
        assert_eq!(duration_text(3_600_000), "1h");
        assert_eq!(duration_text(1_500), "1500ms");
    }
}
