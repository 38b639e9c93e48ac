//! Where a parser error points. `promql-parser` says what is wrong but not where, so the
//! place is found from its message and the tokens: the unclosed bracket, the unknown
//! function, the token no grammar rule allows after the one before it.

use super::tokens::{tokenize, Token, TokenKind};

/// A 1-based line and column (in characters), as Prometheus reports positions.
pub type Position = (usize, usize);

/// The line and column of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> Position {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The byte an error `message` about `text` points at.
pub fn locate(text: &str, message: &str) -> usize {
    let tokens: Vec<Token> = tokenize(text)
        .into_iter()
        .filter(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Comment))
        .collect();
    let end = text.trim_end().len();
    if message.contains("unclosed left") {
        let open = match () {
            _ if message.contains("parenthesis") => "(",
            _ if message.contains("brace") => "{",
            _ => "[",
        };
        return unclosed(&tokens, text, open).unwrap_or(end);
    }
    if message.contains("unexpected end of input") || message.contains("unexpected <eof>") {
        return end;
    }
    if message.contains("unexpected right") || message.contains("unexpected ')'") {
        return unopened(&tokens, text).unwrap_or(end);
    }
    // A message naming something in quotes points at it.
    if let Some(named) = quoted(message) {
        if let Some(t) = tokens
            .iter()
            .find(|t| t.text(text) == named || t.text(text).trim_matches(['"', '\'', '`']) == named)
        {
            return t.start;
        }
    }
    if let Some(regex) = message.strip_prefix("illegal regex for ") {
        if let Some(t) = tokens
            .iter()
            .find(|t| t.kind == TokenKind::Text && t.text(text).contains(regex.trim()))
        {
            return t.start;
        }
    }
    first_misfit(&tokens, text).unwrap_or(end)
}

/// The text between the first pair of single quotes in `message`.
fn quoted(message: &str) -> Option<&str> {
    let start = message.find('\'')? + 1;
    let len = message.get(start..)?.find('\'')?;
    message.get(start..start + len)
}

fn unclosed(tokens: &[Token], text: &str, open: &str) -> Option<usize> {
    let close = match open {
        "(" => ")",
        "{" => "}",
        _ => "]",
    };
    let mut stack = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Bracket) {
        match t.text(text) {
            o if o == open => stack.push(t.start),
            c if c == close => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.last().copied()
}

fn unopened(tokens: &[Token], text: &str) -> Option<usize> {
    let mut depth = 0_i32;
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Bracket) {
        match t.text(text) {
            "(" | "{" | "[" => depth += 1,
            _ => {
                depth -= 1;
                if depth < 0 {
                    return Some(t.start);
                }
            }
        }
    }
    None
}

/// Whether a token ends an operand (a value could be complete after it).
fn ends_operand(t: &Token, text: &str) -> bool {
    matches!(
        t.kind,
        TokenKind::Metric | TokenKind::Number | TokenKind::Text | TokenKind::Duration
    ) || matches!(t.text(text), ")" | "}" | "]")
}

/// Whether a token starts an operand.
fn starts_operand(t: &Token, text: &str) -> bool {
    matches!(
        t.kind,
        TokenKind::Metric
            | TokenKind::Number
            | TokenKind::Text
            | TokenKind::Function
            | TokenKind::Aggregation
    ) || t.text(text) == "("
}

/// The first token that cannot follow the one before it, or the end when the text stops
/// after an operator.
fn first_misfit(tokens: &[Token], text: &str) -> Option<usize> {
    let binary = |t: &Token| {
        (t.kind == TokenKind::Operator && !matches!(t.text(text), "=" | "=~" | "!~" | "@" | ":"))
            || matches!(t.text(text), "and" | "or" | "unless")
    };
    // Parentheses around a label list (`by (…)`) close no operand.
    let mut lists: Vec<bool> = Vec::new();
    let mut closes_list = false;
    let mut previous: Option<&Token> = None;
    for t in tokens {
        if let Some(p) = previous {
            let misfit = (ends_operand(p, text)
                && !closes_list
                && starts_operand(t, text)
                && !(p.text(text) == "}" && t.text(text) == "("))
                || (binary(p) && binary(t) && !matches!(t.text(text), "-" | "+"))
                || (binary(p) && matches!(t.text(text), ")" | "]" | "}" | ","))
                || (matches!(p.text(text), "by" | "without" | "on" | "ignoring")
                    && t.text(text) != "(");
            if misfit {
                return Some(t.start);
            }
        } else if binary(t) && !matches!(t.text(text), "-" | "+") {
            return Some(t.start);
        }
        closes_list = false;
        match t.text(text) {
            "(" => lists.push(previous.is_some_and(|p| {
                p.kind == TokenKind::Keyword && !matches!(p.text(text), "bool" | "offset")
            })),
            ")" => closes_list = lists.pop().unwrap_or(false),
            _ => {}
        }
        previous = Some(t);
    }
    previous
        .filter(|p| binary(p))
        .map(|_| text.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, message: &str) -> Position {
        line_column(text, locate(text, message))
    }

    #[test]
    fn points_at_what_the_message_is_about() {
        assert_eq!(at("sum(rate(x[5m])", "unclosed left parenthesis"), (1, 4));
        assert_eq!(
            at("x{a=\"b\"", "unexpected end of input inside braces"),
            (1, 8)
        );
        assert_eq!(
            at("up +\n  foo(x)", "unknown function with name 'foo'"),
            (2, 3)
        );
        assert_eq!(at("x{a=~\"(\"}", "illegal regex for ("), (1, 6));
        assert_eq!(
            at(
                "rate(x)",
                "expected type matrix in call to function 'rate', got vector"
            ),
            (1, 1)
        );
    }

    #[test]
    fn finds_the_token_no_rule_allows() {
        assert_eq!(at("x +* y", "invalid promql query"), (1, 4));
        assert_eq!(at("sum by (a) (x) +", "invalid promql query"), (1, 17));
        assert_eq!(at("up down", "invalid promql query"), (1, 4));
        assert_eq!(at("sum(x) by a", "invalid promql query"), (1, 11));
    }

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(line_column("é\nab", 4), (2, 2));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
