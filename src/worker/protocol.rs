//! What the page and the store's worker say to each other. The page sends commands (poll,
//! open a dump, what it shows); the worker answers with outcomes and with only what the
//! page shows: a page of the metric list, the chart's lines, the table rows in view.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    alerts::{alert_state::Alert, backtest::Stretch, rules::Rule},
    analysis::cardinality::Cardinality,
    analysis::chart_data::{LabelValues, LineRequest, LineSet},
    analysis::chart_line::ChartLine,
    analysis::heatmap::Heatmap,
    analysis::overview::Summary,
    board::{requests::PanelKey, table::SeriesRow, variables::VariableQuery},
    model::credentials::Credentials,
    model::metric_kind::MetricKind,
    model::series_store::IngestReport,
    net::api::PollError,
    net::{
        instant::InstantTable,
        range_query::{QueryError, Range},
    },
};

/// How much history the store keeps: a series that left is forgotten once it has had no
/// sample for `history_s`, and each series keeps that long a window of points at one
/// point per `poll_s`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Seconds of history.
    pub history_s: u32,
    /// Seconds between polls.
    pub poll_s: u32,
}

/// A command from the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Poll federation once, for the data of `generation`. The credentials stay in the
    /// worker's memory for the request only.
    Poll {
        /// The connection.
        credentials: Credentials,
        /// The `match[]` selectors, one per line.
        selectors: String,
        /// The generation of the data on screen.
        generation: u64,
        /// How much history the store keeps, and how often it is polled.
        retention: Retention,
    },
    /// Read a dump into a fresh store.
    OpenDump {
        /// The file's name, or "pasted text".
        name: String,
        /// Its bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Drop the data: live polling starts again from nothing.
    Reset,
    /// Say you are there: the page's watchdog asks every few seconds.
    Ping,
    /// Load history from the upstream's `query_range`, to join to the polled points.
    LoadHistory {
        /// The connection.
        credentials: Credentials,
        /// What it is for.
        key: HistoryKey,
        /// The PromQL to run.
        query: String,
        /// Start, ms since the epoch.
        start: i64,
        /// End, ms since the epoch.
        end: i64,
        /// The step in seconds.
        step_s: i64,
        /// The generation of the data on screen.
        generation: u64,
    },
    /// Run a PromQL range query; the answer comes back as lines `plot_pixels` wide.
    Query {
        /// The connection.
        credentials: Credentials,
        /// Which of the query page's expressions it is.
        index: usize,
        /// The PromQL.
        query: String,
        /// Start, ms since the epoch.
        start: i64,
        /// End, ms since the epoch.
        end: i64,
        /// The step in seconds.
        step_s: i64,
        /// The chart's plot width in pixels.
        plot_pixels: u32,
        /// The generation of the data on screen.
        generation: u64,
    },
    /// Evaluate an alerting rule at `at_ms`, as Prometheus's rule manager does: its query
    /// at that time, and its alerts moved on from its last evaluation (kept in the worker).
    EvaluateRule {
        /// The connection.
        credentials: Credentials,
        /// Which rule.
        rule: RuleKey,
        /// The rule (a changed rule starts its alerts afresh).
        definition: Rule,
        /// The evaluation's time, ms since the epoch.
        at_ms: i64,
    },
    /// Run an alerting rule over the past: its query from `query_range` at the group's
    /// interval, each step one evaluation ("when would this have fired?").
    Backtest {
        /// The connection.
        credentials: Credentials,
        /// Which rule.
        rule: RuleKey,
        /// The rule.
        definition: Rule,
        /// The first evaluation, ms since the epoch.
        start_ms: i64,
        /// The last.
        end_ms: i64,
        /// The group's interval, in seconds.
        step_s: i64,
    },
    /// Run a PromQL instant query, for the query page's table and the Explain view's counts.
    InstantQuery {
        /// The connection.
        credentials: Credentials,
        /// The PromQL.
        query: String,
        /// When, ms since the epoch.
        at_ms: i64,
        /// The generation of the data on screen.
        generation: u64,
    },
    /// Ask the upstream for names to complete with: metric names, a metric's label names,
    /// or a label's values.
    Suggestions {
        /// The connection.
        credentials: Credentials,
        /// What to ask, in the words of a board variable's query.
        query: VariableQuery,
        /// Start, ms since the epoch.
        start: i64,
        /// End, ms since the epoch.
        end: i64,
    },
    /// Run one query of a board's panel; the answer comes back as lines `plot_pixels` wide,
    /// named by the key's legend format.
    PanelQuery {
        /// The connection.
        credentials: Credentials,
        /// The query, its legend and its window.
        key: PanelKey,
        /// The panel's plot width in pixels.
        plot_pixels: u32,
    },
    /// Ask the upstream for a board variable's values.
    VariableOptions {
        /// The connection.
        credentials: Credentials,
        /// The variable.
        name: String,
        /// Its query, earlier variables substituted.
        query: VariableQuery,
        /// Grafana's regex on the values (`/pattern/flags`), if any.
        regex: Option<String>,
        /// The board's window, ms since the epoch.
        start: i64,
        /// Its end.
        end: i64,
    },
    /// Ask the upstream for the overview's history before the first poll, for the first
    /// `panels` panels of the board (those the page has put up).
    OverviewHistory {
        /// The connection.
        credentials: Credentials,
        /// The generation of the data on screen.
        generation: u64,
        /// How many panels the page shows.
        panels: usize,
    },
    /// Work out what the page shows.
    Show(ViewRequest),
    /// A family's series and points as CSV.
    Csv(String),
    /// The metric names the store holds (a histogram's `_bucket`, `_sum` and `_count`), for
    /// completion.
    MetricNames,
}

/// An answer from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The worker is there (to [`Command::Ping`]).
    Alive,
    /// A board panel's query finished.
    PanelAnswered {
        /// What was asked.
        key: PanelKey,
        /// The lines, or the upstream's error.
        outcome: Result<QueryAnswer, QueryError>,
    },
    /// A board variable's values came back.
    VariableOptions {
        /// The variable.
        name: String,
        /// The query answered.
        query: VariableQuery,
        /// The values (the regex applied), or the upstream's error.
        outcome: Result<Vec<String>, QueryError>,
    },
    /// A poll finished.
    Polled {
        /// The generation it was asked for.
        generation: u64,
        /// When it started, ms since the epoch.
        at_ms: i64,
        /// What it added, or why nothing.
        outcome: Result<IngestReport, PollError>,
    },
    /// A dump was read into a fresh store.
    DumpOpened {
        /// Its name.
        name: String,
        /// What it held.
        report: IngestReport,
        /// When it was read.
        at_ms: i64,
        /// The new generation of the data.
        generation: u64,
    },
    /// A dump could not be read; the data before it is kept.
    DumpFailed {
        /// A short title.
        title: String,
        /// Where and what.
        detail: String,
    },
    /// A history load finished.
    HistoryLoaded {
        /// What it was for.
        key: HistoryKey,
        /// What came back, or the upstream's error.
        outcome: Result<HistoryLoad, QueryError>,
        /// The generation it was asked for.
        generation: u64,
    },
    /// A PromQL query finished.
    QueryFinished {
        /// Which of the query page's expressions it was.
        index: usize,
        /// The PromQL.
        query: String,
        /// Its lines, or the upstream's error.
        outcome: Result<QueryAnswer, QueryError>,
        /// The generation it was asked for.
        generation: u64,
    },
    /// An alerting rule was evaluated.
    RuleEvaluated {
        /// Which rule.
        rule: RuleKey,
        /// When.
        at_ms: i64,
        /// Its alerts (active and recently resolved), or why the evaluation failed.
        outcome: Result<Vec<Alert>, String>,
    },
    /// A rule's backtest finished.
    Backtested {
        /// Which rule.
        rule: RuleKey,
        /// The stretches its alerts would have been pending and firing, or why none could
        /// be worked out.
        outcome: Result<Vec<Stretch>, String>,
        /// The rule's query over the window, to draw: its first series, each cut to the
        /// lowest and highest point of each of a few hundred slices of the window.
        lines: Vec<crate::alerts::backtest::RangeSeries>,
    },
    /// A PromQL instant query finished.
    InstantFinished {
        /// The PromQL.
        query: String,
        /// Its rows, or the upstream's error.
        outcome: Result<InstantTable, QueryError>,
        /// The generation it was asked for.
        generation: u64,
    },
    /// Names to complete with came back.
    Suggestions {
        /// What was asked.
        query: VariableQuery,
        /// The names, or the upstream's error.
        outcome: Result<Vec<String>, QueryError>,
    },
    /// The data was dropped.
    Reset {
        /// The new generation of the data.
        generation: u64,
    },
    /// Some of the overview's history came in: the board has more to show. Or the
    /// upstream does not offer `query_range` (its HTTP status): then nothing more is asked.
    OverviewHistoryLoaded {
        /// The generation it was asked for.
        generation: u64,
        /// 403 or 404 when the upstream has no query API.
        api_missing: Option<u16>,
    },
    /// What the page shows.
    View(Box<StoreView>),
    /// The charted family's lines, sent ahead of the view they belong to when working
    /// that view out takes a while.
    LinesAhead {
        /// The generation of the data.
        generation: u64,
        /// The family, with its lines only.
        family: Box<FamilyView>,
    },
    /// The metric names the store holds, sorted.
    MetricNames(Vec<String>),
    /// A family as CSV.
    Csv {
        /// The family.
        name: String,
        /// The CSV text.
        text: String,
    },
}

/// How the value table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TableColumn {
    /// By series name and labels.
    #[default]
    Series,
    /// By latest value.
    Value,
    /// By the latest value's time.
    Time,
}

/// The value table's sort and scroll position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRequest {
    /// The column sorted by.
    pub column: TableColumn,
    /// Ascending or descending.
    pub ascending: bool,
    /// The first row in the page (0-based).
    pub first_row: usize,
}

impl Default for TableRequest {
    fn default() -> Self {
        Self {
            column: TableColumn::Series,
            ascending: true,
            first_row: 0,
        }
    }
}

/// What the page shows, for the worker to work out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ViewRequest {
    /// The metric list's search.
    pub search: String,
    /// The charted family.
    pub selected: Option<String>,
    /// What the chart asks of its lines.
    pub lines: LineRequest,
    /// The value table.
    pub table: TableRequest,
    /// The zoomed window, for the heatmap's range.
    pub window: Option<(i64, i64)>,
    /// The chart's plot width in pixels, for the heatmap's columns.
    pub plot_pixels: u32,
    /// Whether the cardinality view is open.
    pub cardinality: bool,
    /// Whether the changes view is open.
    pub changes: bool,
    /// The history to join to the polled points, when the view shows one that loaded.
    pub history: Option<HistoryKey>,
    /// Whether the overview is open.
    pub overview: bool,
    /// An overview panel's plot width in pixels.
    pub panel_pixels: u32,
}

/// Counts of the whole store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StoreSummary {
    /// Series held: the live ones, and those that left within the retention window.
    pub series: usize,
    /// Series the latest poll had.
    pub live: usize,
    /// Series forgotten since the store began, their retention window over.
    pub forgotten: usize,
    /// The history kept, in ms: the user's, or less when the memory ceiling lowered it.
    pub retention_ms: i64,
    /// Families.
    pub families: usize,
    /// Polls read.
    pub polls: usize,
    /// Points kept per series at most.
    pub limit: usize,
    /// Heap bytes of the compressed points.
    pub point_bytes: usize,
    /// Points held.
    pub points: usize,
    /// Bytes of everything else the store holds: names, labels, indexes.
    pub other_bytes: usize,
    /// The worker's whole wasm memory, in bytes (0 outside a browser).
    pub memory_bytes: usize,
}

/// Bytes a point takes compressed before the store has measured its own (a gauge that
/// moves every poll; a counter or a steady value takes less).
const POINT_BYTES_GUESS: f64 = 2.0;

/// Bytes a series' name, labels and bookkeeping take before the store has measured them.
const SERIES_BYTES_GUESS: f64 = 400.0;

impl StoreSummary {
    /// About how many bytes the store will take once `retention` is full, at the live
    /// series count: each series' window of points at the bytes a point has taken so far,
    /// and its labels and bookkeeping at what they take now.
    pub fn bytes_at(&self, retention: Retention) -> usize {
        let per_point = if self.points >= 1_000 {
            self.point_bytes as f64 / self.points as f64
        } else {
            POINT_BYTES_GUESS
        };
        let per_series = if self.series > 0 {
            self.other_bytes as f64 / self.series as f64
        } else {
            SERIES_BYTES_GUESS
        };
        let points = f64::from(retention.history_s) / f64::from(retention.poll_s.max(1)) + 1.0;
        let live = self.live as f64;
        (live
            * (points.min(crate::model::series_store::MAX_POINTS_PER_SERIES as f64) * per_point
                + per_series)) as usize
    }
}

/// One entry of the metric list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    /// The family name.
    pub name: String,
    /// Its kind.
    pub kind: MetricKind,
    /// Its help text.
    pub help: Option<String>,
    /// How many series it has.
    pub series: usize,
}

/// The families the search matches, the first page of them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FamilyList {
    /// The first [`LIST_PAGE`] matching families.
    pub entries: Vec<ListEntry>,
    /// How many match.
    pub matching: usize,
}

/// Families listed at once; a search narrows the rest.
pub const LIST_PAGE: usize = 200;

/// Rows of the value table sent at once: two screens.
pub const TABLE_PAGE: usize = 40;

/// One row of the value table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// The series as Prometheus writes it.
    pub series: String,
    /// Its latest value.
    pub value: f64,
    /// That value's time, ms since the epoch.
    pub time: i64,
}

/// The rows of the value table in view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TablePage {
    /// Rows in the whole table.
    pub total: usize,
    /// The index of the first row sent.
    pub first: usize,
    /// The rows sent.
    pub rows: Vec<TableRow>,
}

/// The charted family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyView {
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: MetricKind,
    /// Its help text.
    pub help: Option<String>,
    /// Its unit.
    pub unit: Option<String>,
    /// The chart's lines.
    pub lines: LineSet,
    /// The labels it can be filtered by, with their values.
    pub choices: BTreeMap<String, LabelValues>,
    /// For a histogram, the bucket heatmap.
    pub heatmap: Option<Heatmap>,
    /// The value table's rows in view.
    pub table: TablePage,
    /// Whether this is the lines alone, sent ahead: the filters, heatmap and table follow
    /// in the next view.
    pub pending: bool,
}

/// One series whose value moved between the last two polls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MovedSeries {
    /// The series as Prometheus writes it.
    pub series: String,
    /// Its sample name, for the unit.
    pub name: String,
    /// The value before.
    pub before: f64,
    /// The value after.
    pub after: f64,
    /// Whether the values are per-second rates.
    pub rate: bool,
    /// The change relative to before.
    pub relative: f64,
}

/// What changed between the last two polls.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ChangesView {
    /// The biggest movers.
    pub movers: Vec<MovedSeries>,
    /// The first of the series that appeared.
    pub appeared: Vec<String>,
    /// How many appeared.
    pub appeared_total: usize,
    /// The first of the series that disappeared.
    pub disappeared: Vec<String>,
    /// How many disappeared.
    pub disappeared_total: usize,
}

/// Series named in a list of appeared or disappeared ones, at most.
pub const LISTED: usize = 50;

/// Everything the page shows, as of one state of the store.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StoreView {
    /// The generation of the data.
    pub generation: u64,
    /// Counts of the whole store.
    pub summary: StoreSummary,
    /// The metric list.
    pub list: FamilyList,
    /// The charted family.
    pub family: Option<FamilyView>,
    /// The cardinality view, when open.
    pub cardinality: Option<Cardinality>,
    /// The changes view, when open.
    pub changes: Option<ChangesView>,
    /// Whether history from the upstream is joined to the polled points.
    pub history: bool,
    /// The overview, when open.
    pub overview: Option<OverviewView>,
    /// How long the worker took to work this view out, in microseconds (for the
    /// benchmarks, which split a click's time by it).
    pub worked_micros: u64,
}

/// The overview: a panel per family, grouped by the first word of their names.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OverviewView {
    /// The groups, by name.
    pub groups: Vec<OverviewGroup>,
}

/// The families that share the first word of their names (`sip`, `diameter`, `go`…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewGroup {
    /// The shared word.
    pub name: String,
    /// Its families' panels, by name.
    pub panels: Vec<OverviewPanel>,
}

/// One family's small panel on the overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewPanel {
    /// The family.
    pub family: String,
    /// Its kind.
    pub kind: MetricKind,
    /// Its declared unit.
    pub unit: Option<String>,
    /// Its series.
    pub series: usize,
    /// What the panel draws.
    pub summary: Summary,
    /// The latest value shown large, with what it is (`rate`, `sum`, `p99`, a series).
    pub headline: Option<(String, f64)>,
    /// The lines, decimated to the panel's width.
    pub lines: Vec<ChartLine>,
}

/// A history load as the page knows it: what was asked and how much came back (the
/// series themselves stay in the store's worker, which joins them to the polled points).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryLoad {
    /// The PromQL that was run.
    pub query: String,
    /// The step in seconds.
    pub step_s: i64,
    /// Series in the answer.
    pub series: usize,
    /// Points in the answer.
    pub points: usize,
}

/// What a history load is for: the family, label filters and rate/raw choice.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HistoryKey {
    /// The family.
    pub family: String,
    /// Its label filters.
    pub filters: BTreeMap<String, String>,
    /// Counters raw.
    pub raw: bool,
    /// The range.
    pub range: Range,
}

/// A PromQL answer as the page shows it: what was run, how much came back, and its lines
/// (worked out in the store's worker: every line up to 200, beyond that the top 10 and the
/// band of all), decimated to the chart's width.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct QueryAnswer {
    /// The PromQL that was run.
    pub query: String,
    /// The step in seconds.
    pub step_s: i64,
    /// Series in the answer.
    pub series: usize,
    /// Points in the answer.
    pub points: usize,
    /// The lines to draw.
    pub lines: Vec<ChartLine>,
    /// Whether the last three lines are the band of all series.
    pub banded: bool,
    /// When every series of the answer is a histogram bucket (has `le`): the buckets
    /// binned over time, for heatmap panels.
    #[serde(default)]
    pub heatmap: Option<Heatmap>,
    /// For a table query: a row per series, its labels and latest value.
    #[serde(default)]
    pub rows: Vec<SeriesRow>,
}

/// An alerting rule, by its group's name and its place in the group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RuleKey {
    /// The group's name.
    pub group: String,
    /// The rule's place in the group.
    pub index: usize,
}
