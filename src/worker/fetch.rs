//! What the store's worker asks the network for, and what comes back: the core
//! (`store_core.rs`) says what to fetch as a [`Fetch`], and the worker's shell runs it and
//! hands the core the [`Fetched`] answer. Every `query_range` the worker makes, for the
//! chart's history, the query page, a board panel or the overview, is one
//! [`Fetch::Range`], told apart by what it is [`RangeFor`].

use crate::{
    alerts::{alert_state::Sample, rules::Rule},
    board::{requests::PanelKey, variables::VariableQuery},
    model::credentials::Credentials,
    model::metric_kind::MetricKind,
    model::series_store::IngestReport,
    net::api::{Answer as HttpAnswer, PollError},
    net::instant::InstantTable,
    net::range_query::{QueryError, RangeResult},
    worker::{
        overview_backfill::Job,
        protocol::{HistoryKey, RuleKey},
    },
};

/// What a `query_range` answer is for.
#[derive(Debug, Clone, PartialEq)]
pub enum RangeFor {
    /// The charted family's history.
    History {
        /// What it is for.
        key: HistoryKey,
        /// The generation it was asked for.
        generation: u64,
    },
    /// One of the query page's expressions.
    Query {
        /// Which expression.
        index: usize,
        /// The PromQL.
        query: String,
        /// The chart's plot width in pixels.
        plot_pixels: u32,
        /// The generation it was asked for.
        generation: u64,
    },
    /// A board panel's query.
    Panel {
        /// What was asked.
        key: PanelKey,
        /// The panel's plot width in pixels.
        plot_pixels: u32,
    },
    /// An alerting rule's backtest.
    Backtest {
        /// Which rule.
        rule: RuleKey,
        /// The rule.
        definition: Box<Rule>,
    },
    /// The charted family's history over a gap between polls, for the key loaded.
    HistoryGap {
        /// What it is for.
        key: HistoryKey,
        /// The generation it was asked for.
        generation: u64,
    },
    /// A family's history for the overview.
    Overview {
        /// The generation it was asked for.
        generation: u64,
        /// What was asked.
        job: Job,
    },
}

/// What a label-values (or series) answer is for.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionsFor {
    /// Completion in the PromQL editor.
    Suggestions,
    /// A board variable's values.
    Variable {
        /// The variable.
        name: String,
        /// Its regex.
        regex: Option<String>,
    },
}

/// A request the worker's shell makes for the core.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetch {
    /// A poll of `/federate`.
    Federate {
        /// The connection.
        credentials: Credentials,
        /// The `match[]` selectors.
        selectors: String,
        /// The generation the poll is for.
        generation: u64,
        /// When the poll started.
        at_ms: i64,
    },
    /// Metadata, after a poll that found new series.
    Metadata {
        /// The connection.
        credentials: Credentials,
        /// The generation the poll was for.
        generation: u64,
        /// When the poll started.
        at_ms: i64,
        /// What the poll added.
        report: IngestReport,
    },
    /// A `query_range`.
    Range {
        /// The connection.
        credentials: Credentials,
        /// The PromQL.
        query: String,
        /// Start, ms since the epoch.
        start: i64,
        /// End, ms since the epoch.
        end: i64,
        /// The step in seconds.
        step_s: i64,
        /// What the answer is for.
        then: RangeFor,
    },
    /// An instant query.
    Instant {
        /// The connection.
        credentials: Credentials,
        /// The PromQL.
        query: String,
        /// When, ms since the epoch.
        at_ms: i64,
        /// The generation it was asked for.
        generation: u64,
    },
    /// A rule's query, at its evaluation's time.
    RuleSamples {
        /// The connection.
        credentials: Credentials,
        /// Which rule.
        rule: RuleKey,
        /// The rule.
        definition: Box<Rule>,
        /// The evaluation's time, ms since the epoch.
        at_ms: i64,
    },
    /// Label values or metric names.
    Options {
        /// The connection.
        credentials: Credentials,
        /// What to ask.
        query: VariableQuery,
        /// Start of the window, ms since the epoch.
        start: i64,
        /// End of the window.
        end: i64,
        /// What the answer is for.
        then: OptionsFor,
    },
}

/// What came back for a [`Fetch`].
#[derive(Debug)]
pub enum Fetched {
    /// The federate answer, or why none.
    Federate {
        /// The connection, to fetch metadata with when new series arrive.
        credentials: Credentials,
        /// The generation the poll was for.
        generation: u64,
        /// When the poll started.
        at_ms: i64,
        /// The answer.
        answer: Result<HttpAnswer, PollError>,
    },
    /// Metadata after a poll.
    Metadata {
        /// The generation the poll was for.
        generation: u64,
        /// When the poll started.
        at_ms: i64,
        /// What the poll added.
        report: IngestReport,
        /// `(name, kind, help, unit)` per family.
        metadata: Vec<(String, MetricKind, String, String)>,
    },
    /// A `query_range` answer.
    Range {
        /// What it is for.
        then: RangeFor,
        /// The answer.
        result: Result<RangeResult, QueryError>,
    },
    /// An instant query's answer.
    Instant {
        /// The PromQL.
        query: String,
        /// The generation it was asked for.
        generation: u64,
        /// The rows, or the upstream's error.
        outcome: Result<InstantTable, QueryError>,
    },
    /// A rule's query answered.
    RuleSamples {
        /// The instance it was asked of (the relay and the identifier).
        instance: String,
        /// Which rule.
        rule: RuleKey,
        /// The rule.
        definition: Box<Rule>,
        /// The evaluation's time.
        at_ms: i64,
        /// The samples, or the upstream's error.
        result: Result<Vec<Sample>, QueryError>,
    },
    /// Label values or metric names.
    Options {
        /// What was asked.
        query: VariableQuery,
        /// What it is for.
        then: OptionsFor,
        /// The values.
        result: Result<Vec<String>, QueryError>,
    },
}
