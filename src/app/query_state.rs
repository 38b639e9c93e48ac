//! The query page's state: its expressions (each with its check and its answer), the view
//! (graph, table or Explain), the history of queries run, and the names completion offers.

use std::{collections::BTreeMap, rc::Rc};

use crate::{
    analysis::decimate::measured_or_default,
    app::state::QueryRun,
    board::variables::VariableQuery,
    editor::past_queries::PastQueries,
    net::{instant::InstantTable, range_query::QueryError},
    promql::{explain::ExplainNode, lint::LintError},
    worker::protocol::QueryAnswer,
};

/// The most expressions drawn on one graph.
pub const MAX_EXPRESSIONS: usize = 8;

/// One expression of the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expression {
    /// Its text.
    pub text: String,
    /// Why `promql-parser` rejects it, for the text it checked.
    pub lint: Option<(String, LintError)>,
    /// Its range query.
    pub run: QueryRun,
}

impl Expression {
    /// The parser's objection to the current text, if it has one.
    pub fn lint_error(&self) -> Option<&LintError> {
        self.lint
            .as_ref()
            .filter(|(text, _)| *text == self.text)
            .map(|(_, e)| e)
    }
}

/// What the page shows under the expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryView {
    /// The range queries' lines on one chart.
    #[default]
    Graph,
    /// The first expression's instant answer as rows.
    Table,
    /// The first expression as a tree of its sub-expressions.
    Explain,
}

/// Where the table stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum TableRun {
    /// Not asked.
    #[default]
    Idle,
    /// Asked for this query.
    Running(String),
    /// The answer.
    Done(Rc<InstantTable>),
    /// The upstream's error, for this query.
    Failed(String, QueryError),
}

/// The Explain view: the tree for a text, and each node's series count as it arrives.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explained {
    /// The text explained.
    pub text: String,
    /// Its tree, or the parser's objection.
    pub tree: Option<Result<ExplainNode, LintError>>,
    /// Series (or rows) each node's text returns, or the error it got.
    pub counts: BTreeMap<String, Result<usize, String>>,
}

/// Names completion offers, as the upstream answered them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Suggestions {
    /// Answers by the question asked; `None` while asked.
    pub answers: BTreeMap<VariableQuery, Option<Rc<Vec<String>>>>,
}

impl Suggestions {
    /// The names answered for `query`, if any.
    pub fn get(&self, query: &VariableQuery) -> Option<&Rc<Vec<String>>> {
        self.answers.get(query).and_then(Option::as_ref)
    }
}

/// The query page.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryPage {
    /// The expressions, at least one.
    pub expressions: Vec<Expression>,
    /// The view under them.
    pub view: QueryView,
    /// The instant answer for the table.
    pub table: TableRun,
    /// The Explain view.
    pub explained: Explained,
    /// The queries run lately.
    pub history: PastQueries,
    /// What completion asks the upstream about now (set by the editor).
    pub wanted: Vec<VariableQuery>,
    /// What the upstream answered.
    pub suggestions: Suggestions,
    /// Metric names completion offers: those federated and those the upstream named,
    /// sorted, each once.
    pub metric_names: Rc<Vec<String>>,
    /// The names of the federated families, as the store's worker last listed them.
    federated: Vec<String>,
    /// How long the last check took in the worker, in milliseconds.
    pub lint_millis: Option<f64>,
    /// How many checks have come back (for the benchmark to wait on).
    pub lints: u64,
    /// The chart's plotting area in pixels, as its canvas last measured it.
    pub chart_width: Option<u32>,
}

impl QueryPage {
    /// The chart's plotting area in pixels: as measured, or as a default-sized chart has it
    /// before its canvas is on the page.
    pub fn chart_pixels(&self) -> u32 {
        measured_or_default(self.chart_width)
    }
}

impl Default for QueryPage {
    fn default() -> Self {
        Self {
            expressions: vec![Expression::default()],
            view: QueryView::default(),
            table: TableRun::default(),
            explained: Explained::default(),
            history: PastQueries::default(),
            wanted: Vec::new(),
            suggestions: Suggestions::default(),
            metric_names: Rc::default(),
            federated: Vec::new(),
            lint_millis: None,
            lints: 0,
            chart_width: None,
        }
    }
}

/// What happens on the query page.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryAction {
    /// The user edited expression `.0`.
    Edit(usize, String),
    /// The user added an expression.
    Add,
    /// The user removed expression `.0`.
    Remove(usize),
    /// The user picked a view.
    SetView(QueryView),
    /// The expressions' range queries were sent.
    Started,
    /// The chart's canvas measured its plotting area: this many pixels wide.
    ChartWidth(u32),
    /// Expression `index`'s range query answered (for `query`).
    Finished {
        /// Which expression.
        index: usize,
        /// The text it ran.
        query: String,
        /// The answer.
        result: Result<Rc<QueryAnswer>, QueryError>,
    },
    /// The worker checked expression `index`.
    Linted {
        /// Which expression.
        index: usize,
        /// The text checked.
        text: String,
        /// Its objection, if any.
        error: Option<LintError>,
        /// How long it took.
        millis: f64,
    },
    /// The table's instant query was sent.
    TableStarted(String),
    /// An instant query answered: the table's, or an Explain node's count.
    InstantFinished {
        /// The query.
        query: String,
        /// The answer.
        result: Result<Rc<InstantTable>, QueryError>,
    },
    /// The worker explained `text`.
    Explained {
        /// The text.
        text: String,
        /// Its tree, or the objection.
        tree: Result<ExplainNode, LintError>,
    },
    /// Completion wants these answered.
    Want(Vec<VariableQuery>),
    /// A completion question was sent.
    Asked(VariableQuery),
    /// The upstream answered a completion question.
    Answered(VariableQuery, Result<Vec<String>, QueryError>),
    /// The store's worker listed the federated metric names.
    Federated(Vec<String>),
    /// The history was read from this device.
    HistoryLoaded(PastQueries),
    /// The user replaced every expression with one (from the history or Explain).
    Replace(String),
}

impl QueryPage {
    /// The texts of the expressions that hold something.
    pub fn texts(&self) -> Vec<String> {
        self.expressions
            .iter()
            .map(|e| e.text.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// Whether any expression's range query is in flight.
    pub fn running(&self) -> bool {
        self.expressions
            .iter()
            .any(|e| matches!(e.run, QueryRun::Running))
    }

    /// The first expression's text, which the table and Explain show.
    pub fn first(&self) -> &str {
        self.expressions.first().map_or("", |e| e.text.trim())
    }

    /// Merges the federated names with the upstream's into [`Self::metric_names`].
    fn merge_names(&mut self) {
        let asked = self
            .suggestions
            .get(&names_query())
            .map(Rc::clone)
            .unwrap_or_default();
        let mut merged: Vec<String> = Vec::with_capacity(asked.len() + self.federated.len());
        merged.extend(asked.iter().cloned());
        merged.extend(self.federated.iter().cloned());
        merged.sort_unstable();
        merged.dedup();
        self.metric_names = Rc::new(merged);
    }

    /// Applies `action`.
    pub fn reduce(&mut self, action: QueryAction) {
        match action {
            QueryAction::ChartWidth(pixels) => self.chart_width = Some(pixels),
            QueryAction::Edit(index, text) => {
                if let Some(e) = self.expressions.get_mut(index) {
                    e.text = text;
                }
            }
            QueryAction::Add => {
                if self.expressions.len() < MAX_EXPRESSIONS {
                    self.expressions.push(Expression::default());
                }
            }
            QueryAction::Remove(index) => {
                if self.expressions.len() > 1 && index < self.expressions.len() {
                    self.expressions.remove(index);
                }
            }
            QueryAction::SetView(view) => self.view = view,
            QueryAction::Started => {
                for e in &mut self.expressions {
                    if !e.text.trim().is_empty() {
                        self.history.ran(&e.text);
                        e.run = QueryRun::Running;
                    } else {
                        e.run = QueryRun::Idle;
                    }
                }
            }
            QueryAction::Finished {
                index,
                query,
                result,
            } => {
                if let Some(e) = self.expressions.get_mut(index) {
                    e.run = match result {
                        Ok(answer) => QueryRun::Done(answer),
                        Err(error) => QueryRun::Failed(query, error),
                    };
                }
            }
            QueryAction::Linted {
                index,
                text,
                error,
                millis,
            } => {
                self.lint_millis = Some(millis);
                self.lints += 1;
                if let Some(e) = self.expressions.get_mut(index) {
                    e.lint = error.map(|error| (text, error));
                }
            }
            QueryAction::TableStarted(query) => {
                self.history.ran(&query);
                self.table = TableRun::Running(query);
            }
            QueryAction::InstantFinished { query, result } => {
                if self.table == TableRun::Running(query.clone()) {
                    self.table = match &result {
                        Ok(table) => TableRun::Done(Rc::clone(table)),
                        Err(error) => TableRun::Failed(query.clone(), error.clone()),
                    };
                }
                if self.explained.counts.contains_key(&query) {
                    self.explained.counts.insert(
                        query,
                        result.map(|t| t.total).map_err(|e| e.message.clone()),
                    );
                }
            }
            QueryAction::Explained { text, tree } => {
                let mut counts = BTreeMap::new();
                if let Ok(root) = &tree {
                    collect_runnable(root, &mut counts);
                }
                self.explained = Explained {
                    text,
                    tree: Some(tree),
                    counts,
                };
            }
            QueryAction::Want(queries) => self.wanted = queries,
            QueryAction::Asked(query) => {
                self.suggestions.answers.insert(query, None);
            }
            QueryAction::Answered(query, result) => {
                // A failed question is answered with nothing, and not asked again.
                self.suggestions
                    .answers
                    .insert(query, Some(Rc::new(result.unwrap_or_default())));
                self.merge_names();
            }
            QueryAction::Federated(names) => {
                if names != self.federated {
                    self.federated = names;
                    self.merge_names();
                }
            }
            QueryAction::HistoryLoaded(history) => self.history = history,
            QueryAction::Replace(text) => {
                self.expressions = vec![Expression {
                    text,
                    ..Expression::default()
                }];
            }
        }
    }
}

/// The question for every metric name (`label_values(__name__)`).
pub fn names_query() -> VariableQuery {
    VariableQuery::LabelValues {
        label: "__name__".to_owned(),
        selector: None,
    }
}

/// Every runnable node's text, with no count yet (`Err` with an empty message means
/// "asked").
fn collect_runnable(node: &ExplainNode, counts: &mut BTreeMap<String, Result<usize, String>>) {
    if node.runnable {
        counts.insert(node.text.clone(), Err(String::new()));
    }
    for child in &node.children {
        collect_runnable(child, counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer() -> Rc<QueryAnswer> {
        Rc::new(QueryAnswer::default())
    }

    #[test]
    fn expressions_are_added_run_and_answered_each_on_its_own() {
        let mut page = QueryPage::default();
        page.reduce(QueryAction::Edit(0, "up".into()));
        page.reduce(QueryAction::Add);
        page.reduce(QueryAction::Edit(1, "rate(x[5m])".into()));
        page.reduce(QueryAction::Add);
        page.reduce(QueryAction::Started);
        assert!(page.running());
        assert_eq!(
            page.expressions[2].run,
            QueryRun::Idle,
            "a blank one is not run"
        );
        page.reduce(QueryAction::Finished {
            index: 1,
            query: "rate(x[5m])".into(),
            result: Ok(answer()),
        });
        assert!(matches!(page.expressions[1].run, QueryRun::Done(_)));
        assert!(page.running(), "the first is still in flight");
        assert_eq!(page.history.queries, ["rate(x[5m])", "up"]);
        page.reduce(QueryAction::Remove(0));
        assert_eq!(page.texts(), ["rate(x[5m])"]);
    }

    #[test]
    fn completion_offers_federated_and_upstream_names_once() {
        let mut page = QueryPage::default();
        page.reduce(QueryAction::Federated(vec!["up".into(), "b_total".into()]));
        page.reduce(QueryAction::Answered(
            names_query(),
            Ok(vec!["up".into(), "a_total".into()]),
        ));
        assert_eq!(*page.metric_names, ["a_total", "b_total", "up"]);
    }

    #[test]
    fn a_check_counts_only_for_the_text_it_checked() {
        let mut page = QueryPage::default();
        page.reduce(QueryAction::Edit(0, "sum(".into()));
        let error = LintError {
            message: "unclosed left parenthesis".into(),
            line: 1,
            column: 4,
        };
        page.reduce(QueryAction::Linted {
            index: 0,
            text: "sum(".into(),
            error: Some(error.clone()),
            millis: 0.2,
        });
        assert_eq!(page.expressions[0].lint_error(), Some(&error));
        page.reduce(QueryAction::Edit(0, "sum(up)".into()));
        assert_eq!(
            page.expressions[0].lint_error(),
            None,
            "stale until checked again"
        );
    }

    #[test]
    fn explain_counts_each_runnable_node() {
        let mut page = QueryPage::default();
        let leaf = ExplainNode {
            text: "x[5m]".into(),
            what: String::new(),
            runnable: false,
            children: Vec::new(),
        };
        let root = ExplainNode {
            text: "rate(x[5m])".into(),
            what: String::new(),
            runnable: true,
            children: vec![leaf],
        };
        page.reduce(QueryAction::Explained {
            text: "rate(x[5m])".into(),
            tree: Ok(root),
        });
        assert_eq!(page.explained.counts.len(), 1);
        let table = InstantTable {
            query: "rate(x[5m])".into(),
            result_type: "vector".into(),
            rows: Vec::new(),
            total: 7,
        };
        page.reduce(QueryAction::InstantFinished {
            query: "rate(x[5m])".into(),
            result: Ok(Rc::new(table)),
        });
        assert_eq!(page.explained.counts["rate(x[5m])"], Ok(7));
    }
}
