//! Checks a query with `promql-parser` (the parser the demo evaluates with) before it is
//! sent: the parser's message, at the line and column it is about.

use serde::{Deserialize, Serialize};

use crate::editor::lint_position::{line_column, locate};

/// A query the parser rejects: why, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintError {
    /// The parser's message.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// `Ok` when `text` parses; blank text is not checked.
pub fn lint(text: &str) -> Result<(), LintError> {
    if text.trim().is_empty() {
        return Ok(());
    }
    promql_parser::parser::parse(text)
        .map(|_| ())
        .map_err(|message| {
            let (line, column) = line_column(text, locate(text, &message));
            LintError {
                message,
                line,
                column,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_query_passes_and_a_bad_one_says_where() {
        assert_eq!(
            lint("sum by (region) (rate(sip_responses_total[5m]))"),
            Ok(())
        );
        assert_eq!(lint("  "), Ok(()));
        let error = lint("sum by (region) (rate(sip_responses_total[5m])").expect_err("unclosed");
        assert_eq!((error.line, error.column), (1, 17));
        assert!(error.message.contains("parenthesis"), "{error:?}");
        let error = lint("rate(up)").expect_err("not a range");
        assert!(error.message.contains("matrix"), "{error:?}");
    }

    #[test]
    fn a_long_expression_lints_quickly() {
        let part = "sum by (region) (rate(sip_responses_total{code=~\"5..\"}[5m]))";
        let mut text = part.to_owned();
        while text.len() < 2_000 {
            text.push_str(" + ");
            text.push_str(part);
        }
        assert_eq!(lint(&text), Ok(()));
    }
}
