//! The Explain view's tree: an expression broken into its sub-expressions, each with its
//! text (as `promql-parser` prints it), what it does, and whether it can run on its own.

use promql_parser::parser::{value::ValueType, Expr, LabelModifier};
use serde::{Deserialize, Serialize};

use super::lint::{lint, LintError};
use crate::editor::functions;

/// One sub-expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainNode {
    /// Its text, which runs as a query of its own.
    pub text: String,
    /// What it does, in words.
    pub what: String,
    /// Whether it gives series or a number (a range vector or a string cannot be run as a
    /// graph on its own).
    pub runnable: bool,
    /// Its operands, in order.
    pub children: Vec<ExplainNode>,
}

/// The tree of `text`, or why it does not parse.
pub fn explain(text: &str) -> Result<ExplainNode, LintError> {
    lint(text)?;
    let expr = promql_parser::parser::parse(text).map_err(|message| LintError {
        message,
        line: 1,
        column: 1,
    })?;
    Ok(node(&expr))
}

fn grouping(modifier: Option<&LabelModifier>) -> String {
    match modifier {
        Some(LabelModifier::Include(l)) => format!(" by ({})", l.labels.join(", ")),
        Some(LabelModifier::Exclude(l)) => format!(" without ({})", l.labels.join(", ")),
        None => String::new(),
    }
}

fn node(expr: &Expr) -> ExplainNode {
    let (what, children): (String, Vec<&Expr>) = match expr {
        Expr::Paren(p) => return node(&p.expr),
        Expr::Aggregate(a) => {
            let op = a.op.to_string();
            let help = functions::find(&op).map_or("", |f| f.help);
            let mut children: Vec<&Expr> = a.param.iter().map(AsRef::as_ref).collect();
            children.push(&a.expr);
            let scope = match &a.modifier {
                Some(LabelModifier::Include(l)) if l.labels.is_empty() => {
                    " into a single series".to_owned()
                }
                Some(LabelModifier::Include(l)) => {
                    format!(", one series per {}", l.labels.join(", "))
                }
                Some(LabelModifier::Exclude(_)) => {
                    ", keeping every label but those listed".to_owned()
                }
                None => " into a single series".to_owned(),
            };
            (
                format!("{op}{}: {help}{scope}", grouping(a.modifier.as_ref())),
                children,
            )
        }
        Expr::Binary(b) => {
            let op = b.op.to_string();
            let mut what = format!("binary {op}");
            if let Some(m) = &b.modifier {
                if m.return_bool {
                    what.push_str(" bool (0 or 1 instead of filtering)");
                }
                match &m.matching {
                    Some(LabelModifier::Include(l)) => {
                        what.push_str(&format!(", matching on ({})", l.labels.join(", ")))
                    }
                    Some(LabelModifier::Exclude(l)) => {
                        what.push_str(&format!(", ignoring ({})", l.labels.join(", ")))
                    }
                    None => {}
                }
            }
            (what, vec![&b.lhs, &b.rhs])
        }
        Expr::Unary(u) => ("negation".to_owned(), vec![&u.expr]),
        Expr::Call(c) => {
            let help = functions::find(c.func.name).map_or("", |f| f.help);
            (
                format!("{}(): {help}", c.func.name),
                c.args.args.iter().map(AsRef::as_ref).collect(),
            )
        }
        Expr::VectorSelector(vs) => {
            let name = vs.name.as_deref().unwrap_or("any metric");
            (
                format!("instant selector: the latest sample of each {name} series matched"),
                Vec::new(),
            )
        }
        Expr::MatrixSelector(ms) => (
            format!(
                "range selector: each series' samples over the last {}",
                humanize(ms.range.as_secs())
            ),
            Vec::new(),
        ),
        Expr::Subquery(s) => (
            format!("subquery over the last {}", humanize(s.range.as_secs())),
            vec![&s.expr],
        ),
        Expr::NumberLiteral(_) => ("number".to_owned(), Vec::new()),
        Expr::StringLiteral(_) => ("string".to_owned(), Vec::new()),
        Expr::Extension(_) => ("extension".to_owned(), Vec::new()),
    };
    ExplainNode {
        text: expr.to_string(),
        what,
        // A literal is no query worth running on its own.
        runnable: matches!(expr.value_type(), ValueType::Vector | ValueType::Scalar)
            && !matches!(expr, Expr::NumberLiteral(_) | Expr::StringLiteral(_)),
        children: children.into_iter().map(node).collect(),
    }
}

fn humanize(seconds: u64) -> String {
    match seconds {
        s if s % 86_400 == 0 => format!("{} d", s / 86_400),
        s if s % 3_600 == 0 => format!("{} h", s / 3_600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_expression_becomes_a_tree_of_runnable_parts() {
        let tree = explain("sum by (region) (rate(sip_responses_total[5m])) / 2").expect("parses");
        assert!(tree.what.starts_with("binary /"), "{tree:?}");
        let sum = &tree.children[0];
        assert_eq!(sum.text, "sum by (region) (rate(sip_responses_total[5m]))");
        assert!(sum.what.contains("one series per region"), "{}", sum.what);
        let rate = &sum.children[0];
        assert_eq!(rate.text, "rate(sip_responses_total[5m])");
        assert!(rate.runnable);
        let range = &rate.children[0];
        assert!(!range.runnable, "a range vector is no graph");
        assert!(range.what.contains("5 min"), "{}", range.what);
        assert!(explain("sum(").is_err());
    }
}
