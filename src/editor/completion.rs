//! Completion: what the cursor is writing (a name, a label, a label's value, a duration),
//! the suggestions for it from what is known, and the text once one is accepted.

use super::{
    functions::{Function, DURATIONS, FUNCTIONS},
    tokens::{tokenize, Token, TokenKind, KEYWORDS},
};

/// What is being written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// A metric, function or aggregation name, begun with `prefix`.
    Name {
        /// What is typed of it so far.
        prefix: String,
    },
    /// A label name inside `metric{…}` or a grouping list.
    LabelName {
        /// The metric the labels belong to, when the expression names one.
        metric: Option<String>,
        /// What is typed of it so far.
        prefix: String,
    },
    /// The value of `label` inside `metric{label="…`.
    LabelValue {
        /// The metric, when written before the braces.
        metric: Option<String>,
        /// The label.
        label: String,
        /// What is typed of the value so far (without the quote).
        prefix: String,
        /// Whether the opening quote is typed yet.
        quoted: bool,
    },
    /// A duration inside `[…]` or after `offset`.
    Duration {
        /// What is typed of it so far.
        prefix: String,
    },
    /// Nothing to complete here.
    Nothing,
}

/// Where the text being completed starts, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// What is being written.
    pub context: Context,
    /// The byte where the typed part starts (it is replaced when a suggestion is taken).
    pub from: usize,
}

/// What a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionKind {
    /// A metric name.
    Metric,
    /// A function.
    Function,
    /// An aggregation.
    Aggregation,
    /// A keyword.
    Keyword,
    /// A label name.
    Label,
    /// A label value.
    Value,
    /// A duration.
    Duration,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What it is.
    pub kind: SuggestionKind,
    /// The name shown and inserted.
    pub text: String,
    /// A signature or a word on what it is.
    pub detail: String,
}

/// What completion draws on: names known from federation and the upstream's API.
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    /// Metric names.
    pub metrics: &'a [String],
    /// Label names of the metric being written (or of all series).
    pub labels: &'a [String],
    /// Values of the label being written.
    pub values: &'a [String],
}

/// The most suggestions shown at once.
pub const MAX_SUGGESTIONS: usize = 50;

/// What the cursor (a byte offset into `text`) is writing.
pub fn place(text: &str, cursor: usize) -> Place {
    let cursor = cursor.min(text.len());
    let before = text.get(..cursor).unwrap_or(text);
    let tokens = tokenize(before);
    let significant: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Comment))
        .collect();
    let last = tokens.last();
    let nothing = Place {
        context: Context::Nothing,
        from: cursor,
    };
    // The open bracket the cursor is inside, if any.
    let mut stack: Vec<&Token> = Vec::new();
    for t in &significant {
        if t.kind == TokenKind::Bracket {
            match t.text(before) {
                "(" | "{" | "[" => stack.push(t),
                _ => {
                    stack.pop();
                }
            }
        }
    }
    let enclosing = stack.last().map(|t| t.text(before));
    let typing = last.filter(|t| t.end == cursor && t.kind != TokenKind::Space);
    let metric_before = |brace: &Token| {
        significant
            .iter()
            .rev()
            .find(|t| t.end <= brace.start)
            .filter(|t| t.kind == TokenKind::Metric)
            .map(|t| t.text(before).to_owned())
    };
    let first_metric = || {
        tokenize(text)
            .iter()
            .find(|t| t.kind == TokenKind::Metric)
            .map(|t| t.text(text).to_owned())
    };
    match enclosing {
        Some("{") => {
            let brace = stack.last().copied();
            let metric = brace.and_then(metric_before);
            // label op "value…
            if let Some(t) = typing.filter(|t| t.kind == TokenKind::Text && t.open) {
                let label = label_before(&significant, t, before);
                return match label {
                    Some(label) => Place {
                        context: Context::LabelValue {
                            metric,
                            label,
                            prefix: t.text(before).get(1..).unwrap_or_default().to_owned(),
                            quoted: true,
                        },
                        from: t.start + 1,
                    },
                    None => nothing,
                };
            }
            let previous = significant.last().copied();
            if let Some(p) = previous.filter(|p| p.kind == TokenKind::Operator) {
                let label = label_before(&significant, p, before).or_else(|| {
                    // The operator itself is the last token: the label is the one before it.
                    significant
                        .iter()
                        .rev()
                        .nth(1)
                        .filter(|t| t.kind == TokenKind::Label)
                        .map(|t| t.text(before).to_owned())
                });
                if let Some(label) = label {
                    return Place {
                        context: Context::LabelValue {
                            metric,
                            label,
                            prefix: String::new(),
                            quoted: false,
                        },
                        from: cursor,
                    };
                }
            }
            match typing {
                Some(t) if t.kind == TokenKind::Label => Place {
                    context: Context::LabelName {
                        metric,
                        prefix: t.text(before).to_owned(),
                    },
                    from: t.start,
                },
                _ if previous.is_some_and(|p| matches!(p.text(before), "{" | ",")) => Place {
                    context: Context::LabelName {
                        metric,
                        prefix: String::new(),
                    },
                    from: cursor,
                },
                _ => nothing,
            }
        }
        Some("[") => match typing {
            Some(t) if matches!(t.kind, TokenKind::Number | TokenKind::Duration) => Place {
                context: Context::Duration {
                    prefix: t.text(before).to_owned(),
                },
                from: t.start,
            },
            _ if significant.last().is_some_and(|p| p.text(before) == "[") => Place {
                context: Context::Duration {
                    prefix: String::new(),
                },
                from: cursor,
            },
            _ => nothing,
        },
        _ => {
            let in_label_list = typing.is_some_and(|t| t.kind == TokenKind::Label)
                || (enclosing == Some("(")
                    && significant
                        .last()
                        .is_some_and(|p| matches!(p.text(before), "(" | ","))
                    && stack.last().is_some_and(|open| {
                        significant
                            .iter()
                            .rev()
                            .find(|t| t.end <= open.start)
                            .is_some_and(|t| {
                                t.kind == TokenKind::Keyword
                                    && !matches!(t.text(before), "bool" | "offset")
                            })
                    }));
            if in_label_list {
                let typed = typing.filter(|t| t.kind == TokenKind::Label);
                return Place {
                    context: Context::LabelName {
                        metric: first_metric(),
                        prefix: typed.map(|t| t.text(before).to_owned()).unwrap_or_default(),
                    },
                    from: typed.map_or(cursor, |t| t.start),
                };
            }
            if significant
                .last()
                .is_some_and(|p| p.text(before) == "offset")
                && typing.is_none()
            {
                return Place {
                    context: Context::Duration {
                        prefix: String::new(),
                    },
                    from: cursor,
                };
            }
            match typing {
                Some(t)
                    if matches!(
                        t.kind,
                        TokenKind::Metric
                            | TokenKind::Function
                            | TokenKind::Aggregation
                            | TokenKind::Keyword
                    ) =>
                {
                    Place {
                        context: Context::Name {
                            prefix: t.text(before).to_owned(),
                        },
                        from: t.start,
                    }
                }
                _ => nothing,
            }
        }
    }
}

/// The label a matcher's operator (or value) belongs to: the label token before the
/// operator at or before `at`.
fn label_before(significant: &[&Token], at: &Token, text: &str) -> Option<String> {
    let index = significant.iter().position(|t| t.start == at.start)?;
    let mut back = significant.get(..index)?.iter().rev();
    let mut previous = back.next()?;
    if at.kind == TokenKind::Text {
        // The value's operator, then the label.
        if previous.kind != TokenKind::Operator {
            return None;
        }
        previous = back.next()?;
    } else if previous.kind != TokenKind::Label {
        return None;
    }
    (previous.kind == TokenKind::Label).then(|| previous.text(text).to_owned())
}

/// Whether `candidate` fits `prefix`: it starts with it, or (ranked after) contains it.
fn fits(candidate: &str, prefix: &str) -> Option<u8> {
    if candidate.starts_with(prefix) {
        Some(0)
    } else if prefix.len() >= 2 && candidate.contains(prefix) {
        Some(1)
    } else {
        None
    }
}

/// The suggestions for `context` from `known`, best first, at most [`MAX_SUGGESTIONS`].
pub fn suggest(context: &Context, known: Known<'_>) -> Vec<Suggestion> {
    let mut ranked: Vec<(u8, Suggestion)> = Vec::new();
    let mut offer = |rank: Option<u8>, kind, text: &str, detail: String| {
        if let Some(rank) = rank {
            ranked.push((
                rank,
                Suggestion {
                    kind,
                    text: text.to_owned(),
                    detail,
                },
            ));
        }
    };
    match context {
        Context::Name { prefix } => {
            for function in &FUNCTIONS {
                let kind = if function.aggregation {
                    SuggestionKind::Aggregation
                } else {
                    SuggestionKind::Function
                };
                offer(
                    fits(function.name, prefix),
                    kind,
                    function.name,
                    describe(function),
                );
            }
            for metric in known.metrics {
                offer(
                    fits(metric, prefix),
                    SuggestionKind::Metric,
                    metric,
                    String::new(),
                );
            }
            // `start` and `end` belong after `@`, not where a name is being written.
            for keyword in KEYWORDS.iter().filter(|k| !matches!(**k, "start" | "end")) {
                if prefix.len() >= 2 {
                    offer(
                        keyword.starts_with(prefix.as_str()).then_some(2),
                        SuggestionKind::Keyword,
                        keyword,
                        "keyword".to_owned(),
                    );
                }
            }
        }
        Context::LabelName { prefix, .. } => {
            for label in known.labels.iter().filter(|l| *l != "__name__") {
                offer(
                    fits(label, prefix),
                    SuggestionKind::Label,
                    label,
                    "label".to_owned(),
                );
            }
        }
        Context::LabelValue { prefix, label, .. } => {
            for value in known.values {
                offer(
                    fits(value, prefix),
                    SuggestionKind::Value,
                    value,
                    format!("{label} value"),
                );
            }
        }
        Context::Duration { prefix } => {
            for duration in DURATIONS {
                offer(
                    fits(duration, prefix),
                    SuggestionKind::Duration,
                    duration,
                    "duration".to_owned(),
                );
            }
        }
        Context::Nothing => {}
    }
    // An exact match is no suggestion: it is already written.
    ranked.retain(|(_, s)| match context {
        Context::Name { prefix }
        | Context::LabelName { prefix, .. }
        | Context::Duration { prefix } => s.text != *prefix,
        _ => true,
    });
    ranked.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.text.len().cmp(&b.1.text.len()))
            .then_with(|| a.1.text.cmp(&b.1.text))
    });
    ranked.truncate(MAX_SUGGESTIONS);
    ranked.into_iter().map(|(_, s)| s).collect()
}

fn describe(function: &Function) -> String {
    format!(
        "{}{} — {}",
        function.name, function.signature, function.help
    )
}

/// The text and cursor once `suggestion` replaces what is typed at `place`, ending at
/// `cursor`: functions get their `(`, values their quotes.
pub fn accept(
    text: &str,
    cursor: usize,
    place: &Place,
    suggestion: &Suggestion,
) -> (String, usize) {
    let cursor = cursor.min(text.len());
    let from = place.from.min(cursor);
    let head = text.get(..from).unwrap_or_default();
    let mut tail = text.get(cursor..).unwrap_or_default();
    // Replace the rest of the word under the cursor too.
    let word_end = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(tail.len());
    if !matches!(place.context, Context::LabelValue { .. }) {
        tail = tail.get(word_end..).unwrap_or_default();
    }
    let inserted = match (&place.context, suggestion.kind) {
        (_, SuggestionKind::Function | SuggestionKind::Aggregation)
            if !tail.trim_start().starts_with('(') =>
        {
            format!("{}(", suggestion.text)
        }
        (Context::LabelValue { quoted: true, .. }, _) => {
            let escaped = suggestion.text.replace('\\', "\\\\").replace('"', "\\\"");
            // Close the quote unless it is already closed after the cursor.
            let rest = tail.trim_start_matches(|c: char| c != '"' && c != ',' && c != '}');
            if rest.starts_with('"') {
                tail = rest.get(1..).unwrap_or_default();
            }
            format!("{escaped}\"")
        }
        (Context::LabelValue { quoted: false, .. }, _) => {
            format!(
                "\"{}\"",
                suggestion.text.replace('\\', "\\\\").replace('"', "\\\"")
            )
        }
        _ => suggestion.text.clone(),
    };
    let mut out = String::with_capacity(text.len() + inserted.len());
    out.push_str(head);
    out.push_str(&inserted);
    let new_cursor = out.len();
    out.push_str(tail);
    (out, new_cursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(text: &str) -> Context {
        place(text, text.len()).context
    }

    #[test]
    fn knows_what_the_cursor_is_writing() {
        assert_eq!(
            at_end("sum(ra"),
            Context::Name {
                prefix: "ra".into()
            }
        );
        assert_eq!(
            at_end("sip_total{co"),
            Context::LabelName {
                metric: Some("sip_total".into()),
                prefix: "co".into()
            }
        );
        assert_eq!(
            at_end("sip_total{code=\"5"),
            Context::LabelValue {
                metric: Some("sip_total".into()),
                label: "code".into(),
                prefix: "5".into(),
                quoted: true
            }
        );
        assert_eq!(
            at_end("sip_total{code="),
            Context::LabelValue {
                metric: Some("sip_total".into()),
                label: "code".into(),
                prefix: String::new(),
                quoted: false
            }
        );
        assert_eq!(
            at_end("sip_total{code=\"200\", "),
            Context::LabelName {
                metric: Some("sip_total".into()),
                prefix: String::new()
            }
        );
        assert_eq!(at_end("rate(x[5"), Context::Duration { prefix: "5".into() });
        assert_eq!(
            at_end("rate(x["),
            Context::Duration {
                prefix: String::new()
            }
        );
        assert_eq!(
            at_end("sum by (reg"),
            Context::LabelName {
                metric: None,
                prefix: "reg".into()
            }
        );
        assert_eq!(
            place("sum by () (rate(sip_total[5m]))", 8).context,
            Context::LabelName {
                metric: Some("sip_total".into()),
                prefix: String::new()
            }
        );
        assert_eq!(at_end("up "), Context::Nothing);
        assert_eq!(at_end("up > 1"), Context::Nothing);
    }

    #[test]
    fn suggests_functions_with_signatures_and_known_names() {
        let metrics = vec!["rate_limited_total".to_owned(), "up".to_owned()];
        let found = suggest(
            &Context::Name {
                prefix: "rat".into(),
            },
            Known {
                metrics: &metrics,
                ..Known::default()
            },
        );
        let names: Vec<&str> = found.iter().map(|s| s.text.as_str()).collect();
        // Names starting with the text come first, then names holding it.
        assert_eq!(names, ["rate", "rate_limited_total", "irate"]);
        assert!(
            found[0].detail.contains("(v range-vector)"),
            "{:?}",
            found[0]
        );
        let values = vec!["200".to_owned(), "503".to_owned()];
        let found = suggest(
            &Context::LabelValue {
                metric: None,
                label: "code".into(),
                prefix: "5".into(),
                quoted: true,
            },
            Known {
                values: &values,
                ..Known::default()
            },
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "503");
    }

    #[test]
    fn accepting_inserts_parentheses_and_quotes() {
        let accept_first = |text: &str, known: Known<'_>| {
            let at = place(text, text.len());
            let first = suggest(&at.context, known)
                .into_iter()
                .next()
                .expect("a suggestion");
            accept(text, text.len(), &at, &first)
        };
        assert_eq!(
            accept_first("sum(irat", Known::default()),
            ("sum(irate(".to_owned(), 10)
        );
        let values = vec!["oslo".to_owned()];
        let known = Known {
            values: &values,
            ..Known::default()
        };
        assert_eq!(
            accept_first("up{region=", known),
            ("up{region=\"oslo\"".to_owned(), 16)
        );
        assert_eq!(
            accept_first("up{region=\"os", known),
            ("up{region=\"oslo\"".to_owned(), 16)
        );
        let (text, cursor) = {
            let t = "up{region=\"os\"}";
            let at = place(t, 12);
            let first = suggest(&at.context, known).remove(0);
            accept(t, 12, &at, &first)
        };
        assert_eq!((text.as_str(), cursor), ("up{region=\"oslo\"}", 16));
    }

    #[test]
    fn ten_thousand_names_are_filtered_in_one_pass() {
        let metrics: Vec<String> = (0..10_000).map(|i| format!("metric_{i}_total")).collect();
        let found = suggest(
            &Context::Name {
                prefix: "metric_99".into(),
            },
            Known {
                metrics: &metrics,
                ..Known::default()
            },
        );
        assert_eq!(found.len(), MAX_SUGGESTIONS.min(111));
        assert_eq!(found[0].text, "metric_99_total");
    }
}
