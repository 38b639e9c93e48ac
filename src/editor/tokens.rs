//! A PromQL tokenizer for the editor: it colours the text and tells completion where the
//! cursor is. It never rejects anything (checking is `promql-parser`'s job, in the lint
//! worker): unfinished text, such as an open string, still gets its tokens.

use super::functions;

/// What a piece of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A metric name.
    Metric,
    /// A function name (followed by `(`).
    Function,
    /// An aggregation operator: `sum`, `topk`, …
    Aggregation,
    /// A keyword: `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`, `bool`,
    /// `offset`, `start`, `end`, and the set operators `and`, `or`, `unless`.
    Keyword,
    /// A label name, inside braces or a grouping list.
    Label,
    /// A quoted string.
    Text,
    /// A number.
    Number,
    /// A duration, such as `5m` or `1h30m`.
    Duration,
    /// An operator or matcher: `+`, `==`, `=~`, `@`, …
    Operator,
    /// One of `( ) { } [ ]`.
    Bracket,
    /// A comma.
    Comma,
    /// A `#` comment.
    Comment,
    /// Spaces and line breaks.
    Space,
    /// Anything else.
    Other,
}

impl TokenKind {
    /// The CSS class the editor colours it with.
    pub fn class(self) -> &'static str {
        match self {
            Self::Metric => "tok-metric",
            Self::Function => "tok-function",
            Self::Aggregation => "tok-aggregation",
            Self::Keyword => "tok-keyword",
            Self::Label => "tok-label",
            Self::Text => "tok-string",
            Self::Number => "tok-number",
            Self::Duration => "tok-duration",
            Self::Operator => "tok-operator",
            Self::Bracket => "tok-bracket",
            Self::Comma | Self::Space | Self::Other => "tok-plain",
            Self::Comment => "tok-comment",
        }
    }
}

/// One token: its kind and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Whether it is a string still open at the end of the text.
    pub open: bool,
}

impl Token {
    /// Its text in `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.start..self.end).unwrap_or_default()
    }
}

/// PromQL's keywords (`start` and `end` only after `@`).
pub const KEYWORDS: [&str; 13] = [
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "offset",
    "start",
    "end",
    "and",
    "or",
    "unless",
];

/// Keywords followed by a list of label names in parentheses.
const LABEL_LISTS: [&str; 6] = [
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
];

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == ':'
}

/// Splits `text` into tokens covering all of it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut braces = 0_usize;
    // Inside `by (…)` and the like: names there are labels.
    let mut label_list = false;
    let mut i = 0;
    while i < bytes.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        let mut open = false;
        let kind = if c.is_whitespace() {
            i += text[i..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(text.len() - i);
            TokenKind::Space
        } else if c == '#' {
            i += text[i..].find('\n').unwrap_or(text.len() - i);
            TokenKind::Comment
        } else if c == '"' || c == '\'' || c == '`' {
            open = true;
            let mut end = text.len();
            let mut escaped = false;
            for (j, ch) in text[i + 1..].char_indices() {
                if escaped {
                    escaped = false;
                } else if ch == '\\' && c != '`' {
                    escaped = true;
                } else if ch == c {
                    end = i + 1 + j + 1;
                    open = false;
                    break;
                }
            }
            i = end;
            TokenKind::Text
        } else if c.is_ascii_digit()
            || (c == '.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i = number_end(text, i);
            let unit_end = duration_end(text, i);
            if unit_end > i {
                i = unit_end;
                TokenKind::Duration
            } else {
                TokenKind::Number
            }
        } else if is_name_start(c) {
            i += text[i..]
                .find(|c: char| !is_name_char(c))
                .unwrap_or(text.len() - i);
            let word = &text[start..i];
            let next = text[i..].trim_start().chars().next();
            if braces > 0 || label_list {
                TokenKind::Label
            } else if KEYWORDS.contains(&word) {
                TokenKind::Keyword
            } else if functions::is_aggregation(word) {
                TokenKind::Aggregation
            } else if next == Some('(') && functions::find(word).is_some() {
                TokenKind::Function
            } else if matches!(word.to_ascii_lowercase().as_str(), "inf" | "nan") {
                TokenKind::Number
            } else {
                TokenKind::Metric
            }
        } else {
            let two = text.get(i..i + 2).unwrap_or_default();
            if ["==", "!=", ">=", "<=", "=~", "!~"].contains(&two) {
                i += 2;
                TokenKind::Operator
            } else {
                i += c.len_utf8();
                match c {
                    '{' => {
                        braces += 1;
                        TokenKind::Bracket
                    }
                    '}' => {
                        braces = braces.saturating_sub(1);
                        TokenKind::Bracket
                    }
                    '(' => {
                        let previous = tokens.iter().rev().find(|t| t.kind != TokenKind::Space);
                        label_list = previous.is_some_and(|t| {
                            t.kind == TokenKind::Keyword && LABEL_LISTS.contains(&t.text(text))
                        });
                        TokenKind::Bracket
                    }
                    ')' => {
                        label_list = false;
                        TokenKind::Bracket
                    }
                    '[' | ']' => TokenKind::Bracket,
                    ',' => TokenKind::Comma,
                    '+' | '-' | '*' | '/' | '%' | '^' | '>' | '<' | '=' | '@' | ':' => {
                        TokenKind::Operator
                    }
                    _ => TokenKind::Other,
                }
            }
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
            open,
        });
    }
    tokens
}

fn number_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    if text[i..].starts_with("0x") || text[i..].starts_with("0X") {
        i += 2;
        while bytes.get(i).is_some_and(u8::is_ascii_hexdigit) {
            i += 1;
        }
        return i;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
    {
        i += 1;
    }
    if bytes.get(i).is_some_and(|b| *b == b'e' || *b == b'E')
        && bytes
            .get(i + 1)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'+' || *b == b'-')
    {
        i += 2;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    i
}

/// Where a duration's units end after the number ending at `from` (`from` when none):
/// `ms`, `s`, `m`, `h`, `d`, `w`, `y`, possibly chained (`1h30m`).
fn duration_end(text: &str, from: usize) -> usize {
    let mut i = from;
    loop {
        let rest = &text[i..];
        let unit = if rest.starts_with("ms") {
            2
        } else if rest.starts_with(['s', 'm', 'h', 'd', 'w', 'y']) {
            1
        } else {
            return i;
        };
        // A unit is not the start of a longer name (`5min` is not a duration).
        if rest[unit..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return i;
        }
        i += unit;
        let digits = number_end(text, i);
        if digits == i {
            return i;
        }
        i = digits;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| (t.kind, t.text(text)))
            .collect()
    }

    #[test]
    fn colours_each_part_of_a_query() {
        use TokenKind::*;
        assert_eq!(
            kinds("sum by (region) (rate(sip_total{code=~\"5..\"}[5m] offset 1h30m)) > 0.5"),
            vec![
                (Aggregation, "sum"),
                (Keyword, "by"),
                (Bracket, "("),
                (Label, "region"),
                (Bracket, ")"),
                (Bracket, "("),
                (Function, "rate"),
                (Bracket, "("),
                (Metric, "sip_total"),
                (Bracket, "{"),
                (Label, "code"),
                (Operator, "=~"),
                (Text, "\"5..\""),
                (Bracket, "}"),
                (Bracket, "["),
                (Duration, "5m"),
                (Bracket, "]"),
                (Keyword, "offset"),
                (Duration, "1h30m"),
                (Bracket, ")"),
                (Bracket, ")"),
                (Operator, ">"),
                (Number, "0.5"),
            ]
        );
    }

    #[test]
    fn unfinished_text_still_has_tokens() {
        let tokens = tokenize("up{job=\"no");
        let last = tokens.last().expect("a token");
        assert_eq!((last.kind, last.open), (TokenKind::Text, true));
        assert_eq!(
            kinds("rate")[0].0,
            TokenKind::Metric,
            "a name not yet called"
        );
        assert_eq!(kinds("# note\nup")[0].0, TokenKind::Comment);
        assert_eq!(kinds("1e3 0x1f")[1], (TokenKind::Number, "0x1f"));
    }

    #[test]
    fn the_tokens_cover_the_whole_text() {
        let text = "a + ß{x=\"é\"} @ 1 ¤";
        let tokens = tokenize(text);
        let joined: String = tokens.iter().map(|t| t.text(text)).collect();
        assert_eq!(joined, text);
    }
}
