//! The PromQL worker itself: it answers lint and explain requests, timing each lint with
//! the worker's own clock.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use super::{
    explain::{explain, ExplainNode},
    lint::{lint, LintError},
    yaml::yaml_to_json,
};

/// What the page asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Read a YAML dashboard as JSON.
    YamlToJson {
        /// The YAML.
        text: String,
    },
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
    /// A YAML dashboard as JSON text, or why it is not YAML.
    YamlAsJson(Result<String, String>),
    /// The tree of `text`.
    Explained {
        /// The expression.
        text: String,
        /// Its tree, or why it does not parse.
        tree: Result<ExplainNode, LintError>,
    },
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
            PromqlRequest::YamlToJson { text } => PromqlAnswer::YamlAsJson(yaml_to_json(&text)),
        };
        scope.respond(id, answer);
    }
}
