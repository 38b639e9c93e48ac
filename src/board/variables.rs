//! A board's variables: what each one is (a query on the upstream, a fixed list, a
//! constant, an interval, a text box), which values it offers and which are picked, and
//! the Grafana variable queries (`label_values`, `label_names`, `metrics`, `query_result`)
//! as the upstream requests that answer them.

use serde::{Deserialize, Serialize};

/// The text Grafana shows for "every value".
pub const ALL: &str = "All";
/// The value Grafana stores for "every value".
pub const ALL_VALUE: &str = "$__all";

/// A variable.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Variable {
    /// Its name, as written after `$`.
    pub name: String,
    /// The label shown beside its dropdown, if not the name.
    pub label: Option<String>,
    /// Where its values come from.
    pub kind: VariableKind,
    /// Whether several values can be picked.
    pub multi: bool,
    /// Whether "All" is offered.
    pub include_all: bool,
    /// What "All" stands for, if not every value as a regex alternation (often `.*`).
    pub all_value: Option<String>,
    /// Hidden from the bar above the board (Grafana `hide: 2`).
    pub hidden: bool,
    /// The values offered, once resolved.
    pub options: Vec<String>,
    /// The values picked ([`ALL_VALUE`] for "All").
    pub current: Vec<String>,
}

/// Where a variable's values come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VariableKind {
    /// Asked of the upstream, and kept when they match `regex` (a JavaScript regex as
    /// Grafana writes it, `/pattern/flags`; its first capture group, if any, is the value).
    Query {
        /// The query.
        query: VariableQuery,
        /// The filter.
        regex: Option<String>,
    },
    /// A fixed list (`custom`, Perses `StaticListVariable`).
    Custom(Vec<String>),
    /// One fixed value.
    Constant(String),
    /// A list of intervals (`1m,10m,1h`).
    Interval(Vec<String>),
    /// Whatever the user types, starting with this.
    Textbox(String),
    /// A kind fedview does not resolve (datasource, ad hoc filters), by its name.
    Unsupported(String),
}

impl Default for VariableKind {
    fn default() -> Self {
        Self::Constant(String::new())
    }
}

/// A Grafana variable query for Prometheus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum VariableQuery {
    /// `label_values(label)` or `label_values(selector, label)`: a label's values, among
    /// the series the selector matches.
    LabelValues {
        /// The label.
        label: String,
        /// The series selector, if any.
        selector: Option<String>,
    },
    /// `label_names()` or `label_names(selector)`.
    LabelNames {
        /// The series selector, if any.
        selector: Option<String>,
    },
    /// `metrics(regex)`: the metric names that match.
    Metrics(String),
    /// `query_result(expr)`: one value per series of the instant query's answer, written
    /// as `name{labels} value timestamp` for the regex to pick from.
    QueryResult(String),
}

/// A variable query that is not one of the forms above.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownQuery(pub String);

impl VariableQuery {
    /// Reads a query as written in a dashboard.
    ///
    /// # Errors
    /// When it is none of the known forms.
    pub fn parse(text: &str) -> Result<Self, UnknownQuery> {
        let text = text.trim();
        let unknown = || UnknownQuery(text.to_owned());
        let (function, inside) = text
            .split_once('(')
            .and_then(|(f, rest)| Some((f.trim(), rest.trim_end().strip_suffix(')')?)))
            .ok_or_else(unknown)?;
        let inside = inside.trim();
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        match function {
            "label_values" => {
                // The label is after the last top-level comma; a selector may hold commas.
                match split_last_argument(inside) {
                    Some((selector, label)) => Ok(Self::LabelValues {
                        label: label.to_owned(),
                        selector: optional(selector),
                    }),
                    None if is_label_name(inside) => Ok(Self::LabelValues {
                        label: inside.to_owned(),
                        selector: None,
                    }),
                    None => Err(unknown()),
                }
            }
            "label_names" => Ok(Self::LabelNames {
                selector: optional(inside),
            }),
            "metrics" => Ok(Self::Metrics(inside.to_owned())),
            "query_result" => Ok(Self::QueryResult(inside.to_owned())),
            _ => Err(unknown()),
        }
    }

    /// The query as Grafana writes it.
    pub fn text(&self) -> String {
        match self {
            Self::LabelValues {
                label,
                selector: Some(selector),
            } => format!("label_values({selector}, {label})"),
            Self::LabelValues {
                label,
                selector: None,
            } => format!("label_values({label})"),
            Self::LabelNames { selector } => {
                format!("label_names({})", selector.as_deref().unwrap_or_default())
            }
            Self::Metrics(regex) => format!("metrics({regex})"),
            Self::QueryResult(expr) => format!("query_result({expr})"),
        }
    }
}

/// `(before, label)` when `text` ends with `, label` outside braces, brackets, parentheses
/// and quotes.
fn split_last_argument(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut last_comma = None;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => last_comma = Some(i),
            _ => {}
        }
    }
    let at = last_comma?;
    let label = text.get(at + 1..)?.trim();
    is_label_name(label).then(|| (text.get(..at).unwrap_or_default().trim(), label))
}

/// A Prometheus label name.
fn is_label_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Variable {
    /// Whether "All" is picked.
    pub fn is_all(&self) -> bool {
        self.current.iter().any(|v| v == ALL_VALUE)
    }

    /// The values picked, with "All" standing for every option.
    pub fn picked(&self) -> Vec<String> {
        if self.is_all() {
            self.options.clone()
        } else {
            self.current.clone()
        }
    }

    /// Sets the options (once resolved) and keeps the picked values that are still offered;
    /// with none left, picks "All" where offered, else the first option.
    pub fn offer(&mut self, options: Vec<String>) {
        self.options = options;
        let options = &self.options;
        self.current
            .retain(|v| v == ALL_VALUE || options.iter().any(|o| o == v));
        if !self.multi && self.current.len() > 1 {
            self.current.truncate(1);
        }
        if self.current.is_empty() {
            if self.include_all {
                self.current.push(ALL_VALUE.to_owned());
            } else if let Some(first) = self.options.first() {
                self.current.push(first.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_values_family_reads_as_grafana_writes_it() {
        assert_eq!(
            VariableQuery::parse("label_values(job)"),
            Ok(VariableQuery::LabelValues {
                label: "job".into(),
                selector: None
            })
        );
        assert_eq!(
            VariableQuery::parse(
                "label_values(node_uname_info{job=\"node-exporter\", sysname!=\"Darwin\"}, cluster)"
            ),
            Ok(VariableQuery::LabelValues {
                label: "cluster".into(),
                selector: Some("node_uname_info{job=\"node-exporter\", sysname!=\"Darwin\"}".into())
            })
        );
        // A comma inside a quoted value is not the separator.
        assert_eq!(
            VariableQuery::parse("label_values(up{a=\"x,y\"},instance) "),
            Ok(VariableQuery::LabelValues {
                label: "instance".into(),
                selector: Some("up{a=\"x,y\"}".into())
            })
        );
        assert_eq!(
            VariableQuery::parse("label_names()"),
            Ok(VariableQuery::LabelNames { selector: None })
        );
        assert_eq!(
            VariableQuery::parse("metrics(^sip_.*)"),
            Ok(VariableQuery::Metrics("^sip_.*".into()))
        );
        assert_eq!(
            VariableQuery::parse("query_result(topk(5, sum by (region) (up)))"),
            Ok(VariableQuery::QueryResult(
                "topk(5, sum by (region) (up))".into()
            ))
        );
        assert!(VariableQuery::parse("SHOW TAG VALUES").is_err());
        assert!(VariableQuery::parse("label_values(up, 1bad)").is_err());
        for text in [
            "label_values(job)",
            "label_values(up{a=\"b\"}, instance)",
            "label_names()",
            "metrics(a.*)",
            "query_result(up)",
        ] {
            let query = VariableQuery::parse(text).expect("reads");
            assert_eq!(VariableQuery::parse(&query.text()), Ok(query));
        }
    }

    #[test]
    fn picked_values_survive_a_refresh_while_offered() {
        let mut region = Variable {
            name: "region".into(),
            multi: true,
            include_all: true,
            current: vec!["oslo".into(), "gone".into()],
            ..Variable::default()
        };
        region.offer(vec!["bergen".into(), "oslo".into()]);
        assert_eq!(region.current, ["oslo"]);
        region.offer(vec!["bergen".into()]);
        assert!(region.is_all(), "nothing left picked: All");
        assert_eq!(region.picked(), ["bergen"]);
        let mut single = Variable {
            name: "instance".into(),
            ..Variable::default()
        };
        single.offer(vec!["a".into(), "b".into()]);
        assert_eq!(single.current, ["a"]);
    }
}
