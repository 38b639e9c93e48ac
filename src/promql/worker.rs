//! The worker loaded on first use: it answers lint and explain requests (timing each lint
//! with the worker's own clock), and reads dashboards (Grafana's JSON, Perses's JSON or
//! YAML) into boards, so that neither the parsers nor the importers weigh on the page.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use super::{
    explain::{explain, ExplainNode},
    lint::{lint, LintError},
    rules_file::{read_rules, write_rules, RulesRead},
    yaml::{looks_like_yaml, yaml_to_json},
};
use crate::{
    alerts::rules::RuleFile,
    board::{import::import_dashboard, model::Board},
};

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PromqlRequest {
    /// Check the expression at `index` of the query page.
    Lint {
        /// Which expression.
        index: usize,
        /// Its text.
        text: String,
    },
    /// Break `text` into its sub-expressions.
    Explain {
        /// The expression.
        text: String,
    },
    /// Read a dashboard: Grafana's JSON, or Perses's JSON or YAML.
    ReadDashboard {
        /// The file's text.
        text: String,
    },
    /// Read a Prometheus rules file.
    ReadRules {
        /// The file's text.
        text: String,
        /// Where it came from (a file's name, or "pasted text").
        source: String,
    },
    /// Write rules as a rules file.
    WriteRules(RuleFile),
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PromqlAnswer {
    /// The check of the expression at `index`, for `text`.
    Linted {
        /// Which expression.
        index: usize,
        /// The text checked (an answer for older text is dropped).
        text: String,
        /// Why it does not parse, if it does not.
        error: Option<LintError>,
        /// How long the check took, in milliseconds.
        millis: f64,
    },
    /// The dashboard as a board, or why it could not be read (naming the JSON path or the
    /// YAML line).
    DashboardRead(Result<Board, String>),
    /// A rules file as read: its rules, and why some could not be.
    RulesRead {
        /// The rules read, and the errors.
        read: RulesRead,
        /// Where it came from.
        source: String,
    },
    /// The rules as a rules file (YAML).
    RulesWritten(String),
    /// The tree of `text`.
    Explained {
        /// The expression.
        text: String,
        /// Its tree, or why it does not parse.
        tree: Result<ExplainNode, LintError>,
    },
}

/// A dashboard's text as a board: YAML is read as JSON first.
///
/// # Errors
/// What is wrong with the text, for the import panel to show.
pub fn read(text: &str) -> Result<Board, String> {
    let json = if looks_like_yaml(text) {
        std::borrow::Cow::Owned(yaml_to_json(text)?)
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    import_dashboard(&json).map_err(|e| format!("The dashboard could not be read: {e}"))
}

/// The worker; it keeps nothing between requests.
#[derive(Debug, Default)]
pub struct PromqlWorker;

/// The worker's clock, in milliseconds (`performance.now()`), or 0 where there is none.
fn now_ms() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"performance".into())
        .ok()
        .and_then(|p| {
            let now = js_sys::Reflect::get(&p, &"now".into()).ok()?;
            let now: js_sys::Function = wasm_bindgen::JsCast::dyn_into(now).ok()?;
            now.call0(&p).ok()?.as_f64()
        })
        .unwrap_or(0.0)
}

impl Worker for PromqlWorker {
    type Message = ();
    type Input = PromqlRequest;
    type Output = PromqlAnswer;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: PromqlRequest, id: HandlerId) {
        let answer = match request {
            PromqlRequest::Lint { index, text } => {
                let started = now_ms();
                let error = lint(&text).err();
                PromqlAnswer::Linted {
                    index,
                    text,
                    error,
                    millis: now_ms() - started,
                }
            }
            PromqlRequest::Explain { text } => PromqlAnswer::Explained {
                tree: explain(&text),
                text,
            },
            PromqlRequest::ReadDashboard { text } => PromqlAnswer::DashboardRead(read(&text)),
            PromqlRequest::ReadRules { text, source } => PromqlAnswer::RulesRead {
                read: read_rules(&text),
                source,
            },
            PromqlRequest::WriteRules(file) => PromqlAnswer::RulesWritten(write_rules(&file)),
        };
        scope.respond(id, answer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dashboard_is_read_from_json_or_yaml_and_a_broken_one_says_where() {
        let json = r#"{"title": "Edge", "panels": [{"type": "stat", "title": "Up",
            "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}, "targets": [{"expr": "up"}]}]}"#;
        let board = read(json).expect("Grafana JSON");
        assert_eq!(board.title, "Edge");
        assert_eq!(board.rows[0].panels[0].queries[0].expr, "up");
        let yaml = "kind: Dashboard\nmetadata:\n  name: edge\nspec:\n  display:\n    name: Edge\n  panels: {}\n  layouts: []\n";
        assert_eq!(read(yaml).expect("Perses YAML").title, "Edge");
        let broken = read(r#"{"title": "Edge", "panels": [{"type": "stat", "gridPos": 3}]}"#)
            .expect_err("a panel's gridPos is not a number");
        assert!(
            broken.starts_with("The dashboard could not be read: ") && broken.contains("gridPos"),
            "{broken}"
        );
    }
}
