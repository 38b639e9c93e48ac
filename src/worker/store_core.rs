//! The store worker's core, in plain Rust: it takes the page's commands and the network's
//! answers, keeps the store, its generations and the loaded history, and says what to
//! answer and what to fetch next ([`Work`]). It never touches the network, a timer or the
//! worker's scope, so it is tested natively; `store_worker.rs` is the shell that moves its
//! messages.

use std::collections::HashMap;

use crate::{
    alerts::{
        alert_state::{Labels, RuleAlerts, Sample},
        backtest::{backtest, DRAWN_SERIES},
        rules::Rule,
    },
    analysis::export::family_csv,
    analysis::heatmap::{heatmap_of, Heatmap},
    analysis::overview::Overview,
    analysis::overview_history::history_lines,
    analysis::{
        chart_data::answer_lines,
        decimate::{min_max, PIXELS_PER_COLUMN},
    },
    board::{legend::legend, table::SeriesRow, variables::VariableQuery},
    draw::chart::extent,
    model::credentials::Credentials,
    model::metric_kind::MetricKind,
    model::offline,
    model::point::{merge, Point},
    model::range_series::RangeSeries,
    model::series_store::{Family, IngestReport, SeriesStore, DEFAULT_BUDGET_BYTES},
    net::api::{self, PollError},
    net::range_query::{QueryError, RangeResult},
    worker::{
        fetch::{Fetch, Fetched, OptionsFor, RangeFor},
        overview_backfill::Backfill,
        protocol::{Answer, Command, HistoryKey, HistoryLoad, QueryAnswer, RuleKey},
        variable_regex,
        views::{lines_ahead, show, ViewCache},
    },
};

/// Over how many slices of its window a backtest's query is drawn.
const BACKTEST_COLUMNS: usize = 300;

/// What the shell does for the core, in order.
#[derive(Debug, PartialEq)]
pub enum Work {
    /// Send this answer to the page.
    Answer(Answer),
    /// Make this request; hand the core what comes back.
    Fetch(Fetch),
    /// Warm up a poll's path once the requests before it are on their way.
    WarmUp(WarmUp),
}

/// The worker's two warm-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarmUp {
    /// While the first poll's answer is on its way, unless [`WarmUp::Views`] ran before:
    /// a poll's path, short.
    Poll,
    /// A moment after the worker started, if no data was asked for by then: the poll's
    /// path and the views that follow.
    Views,
}

/// The data and what views reuse.
#[derive(Debug)]
pub struct StoreCore {
    store: SeriesStore,
    /// Raised on every change of what views show (data, metadata, history).
    version: u64,
    /// History loaded from the upstream, and what it was loaded for.
    history: Vec<RangeSeries>,
    history_key: Option<HistoryKey>,
    /// How the history was asked (connection, PromQL, step), to ask a gap of it again.
    history_asked: Option<(Credentials, String, i64)>,
    order: ViewCache,
    /// The overview's summaries, one point per poll.
    overview: Overview,
    /// Whether real data (a poll or a dump) has been asked for: then the views' warm-up is
    /// skipped, since it would only compete with the work it prepares for.
    data_asked: bool,
    /// Whether a poll's path has been warmed up (by either warm-up).
    poll_warm: bool,
    /// The overview's history being asked for.
    backfill: Backfill,
    /// The interval the page polls at, ms: a longer wait between two polls is a gap.
    poll_ms: i64,
    /// The store's memory ceiling, in bytes.
    budget_bytes: usize,
    /// The retention the memory ceiling lowered the user's to, if it did (ms).
    retention_cap_ms: Option<i64>,
    /// Each alerting rule the page watches (with the instance it is watched on), with its
    /// alerts.
    rules: HashMap<RuleKey, ((String, Rule), RuleAlerts)>,
    /// The clock: ms since the epoch.
    now_ms: fn() -> f64,
}

impl StoreCore {
    /// An empty store that tells the time by `now_ms`.
    pub fn new(now_ms: fn() -> f64) -> Self {
        Self {
            store: SeriesStore::default(),
            version: 0,
            history: Vec::new(),
            history_key: None,
            history_asked: None,
            order: ViewCache::default(),
            overview: Overview::default(),
            data_asked: false,
            poll_warm: false,
            backfill: Backfill::default(),
            poll_ms: 30_000,
            budget_bytes: DEFAULT_BUDGET_BYTES,
            retention_cap_ms: None,
            rules: HashMap::new(),
            now_ms,
        }
    }

    /// The time now, ms since the epoch.
    fn now(&self) -> i64 {
        (self.now_ms)() as i64
    }

    /// Warms up `which`, unless the warm-up would no longer help.
    pub fn warm_up(&mut self, which: WarmUp) {
        match which {
            WarmUp::Poll => super::warm_up::warm_ingest(),
            WarmUp::Views => {
                if !self.data_asked {
                    self.poll_warm = true;
                    super::warm_up::warm_up();
                }
            }
        }
    }

    /// Takes a command from the page.
    pub fn command(&mut self, command: Command) -> Vec<Work> {
        match command {
            Command::OverviewHistory {
                credentials,
                generation,
                panels,
            } => {
                if generation != self.store.generation() {
                    return Vec::new();
                }
                let (store, overview) = (&self.store, &self.overview);
                self.backfill
                    .want(generation, credentials, store, overview, panels);
                self.ask_overview_history()
            }
            Command::Ping => vec![Work::Answer(Answer::Alive)],
            Command::Poll {
                credentials,
                selectors,
                generation,
                retention,
            } => {
                self.data_asked = true;
                self.poll_ms = i64::from(retention.poll_s) * 1000;
                let asked = i64::from(retention.history_s) * 1000;
                let window = self.retention_cap_ms.map_or(asked, |cap| cap.min(asked));
                self.store.set_retention(window, self.poll_ms);
                let mut work = vec![Work::Fetch(Fetch::Federate {
                    credentials,
                    selectors,
                    generation,
                    at_ms: self.now(),
                })];
                // After the request, so that it is on its way first.
                if !std::mem::replace(&mut self.poll_warm, true) {
                    work.push(Work::WarmUp(WarmUp::Poll));
                }
                work
            }
            Command::OpenDump { name, bytes } => {
                self.data_asked = true;
                let at_ms = self.now();
                let answer = match offline::open(&name, &bytes, at_ms) {
                    Ok((store, report)) => Answer::DumpOpened {
                        name,
                        report,
                        at_ms,
                        generation: self.replace(store),
                    },
                    Err(e) => Answer::DumpFailed {
                        title: e.title,
                        detail: e.detail,
                    },
                };
                vec![Work::Answer(answer)]
            }
            Command::Reset => {
                let generation = self.replace(SeriesStore::default());
                vec![Work::Answer(Answer::Reset { generation })]
            }
            Command::LoadHistory {
                credentials,
                key,
                query,
                start,
                end,
                step_s,
                generation,
            } => {
                self.history_asked = Some((credentials.clone(), query.clone(), step_s));
                vec![Work::Fetch(Fetch::Range {
                    credentials,
                    query,
                    start,
                    end,
                    step_s,
                    then: RangeFor::History { key, generation },
                })]
            }
            Command::Query {
                credentials,
                index,
                query,
                start,
                end,
                step_s,
                plot_pixels,
                generation,
            } => vec![Work::Fetch(Fetch::Range {
                credentials,
                query: query.clone(),
                start,
                end,
                step_s,
                then: RangeFor::Query {
                    index,
                    query,
                    plot_pixels,
                    generation,
                },
            })],
            Command::PanelQuery {
                credentials,
                key,
                plot_pixels,
            } => vec![Work::Fetch(Fetch::Range {
                credentials,
                query: key.query.clone(),
                start: key.start,
                end: key.end,
                step_s: key.step_s,
                then: RangeFor::Panel { key, plot_pixels },
            })],
            Command::InstantQuery {
                credentials,
                query,
                at_ms,
                generation,
            } => vec![Work::Fetch(Fetch::Instant {
                credentials,
                query,
                at_ms,
                generation,
            })],
            Command::EvaluateRule {
                credentials,
                rule,
                definition,
                at_ms,
            } => vec![Work::Fetch(Fetch::RuleSamples {
                credentials,
                rule,
                definition: Box::new(definition),
                at_ms,
            })],
            Command::Backtest {
                credentials,
                rule,
                definition,
                start_ms,
                end_ms,
                step_s,
            } => vec![Work::Fetch(Fetch::Range {
                credentials,
                query: definition.expr.clone(),
                start: start_ms,
                end: end_ms,
                step_s,
                then: RangeFor::Backtest {
                    rule,
                    definition: Box::new(definition),
                },
            })],
            Command::Suggestions {
                credentials,
                query,
                start,
                end,
            } => vec![Work::Fetch(Fetch::Options {
                credentials,
                query,
                start,
                end,
                then: OptionsFor::Suggestions,
            })],
            Command::VariableOptions {
                credentials,
                name,
                query,
                regex,
                start,
                end,
            } => vec![Work::Fetch(Fetch::Options {
                credentials,
                query,
                start,
                end,
                then: OptionsFor::Variable { name, regex },
            })],
            Command::Show(request) => {
                // History joins the points only while the view shows what it was loaded for.
                let history: &[RangeSeries] =
                    if request.history.is_some() && request.history == self.history_key {
                        &self.history
                    } else {
                        &[]
                    };
                let started = (self.now_ms)();
                let mut work = Vec::new();
                let ahead = lines_ahead(
                    &self.store,
                    self.version,
                    history,
                    &request,
                    &mut self.order,
                );
                if let Some(family) = ahead {
                    work.push(Work::Answer(Answer::LinesAhead {
                        generation: self.store.generation(),
                        family: Box::new(family),
                    }));
                }
                let mut view = show(
                    &self.store,
                    &self.overview,
                    self.version,
                    history,
                    &request,
                    &mut self.order,
                );
                view.worked_micros = (((self.now_ms)() - started) * 1000.0) as u64;
                work.push(Work::Answer(Answer::View(Box::new(view))));
                work
            }
            Command::MetricNames => vec![Work::Answer(Answer::MetricNames(metric_names(
                self.store.families(),
            )))],
            Command::Csv(name) => self
                .store
                .family(&name)
                .map(|family| {
                    let text = family_csv(&self.store, family);
                    Work::Answer(Answer::Csv { name, text })
                })
                .into_iter()
                .collect(),
        }
    }

    /// Takes what came back for a [`Fetch`].
    /// A rule's query came back: its alerts move on from its last evaluation (afresh when
    /// the rule changed), as Prometheus's rule manager moves them.
    fn rule_evaluated(
        &mut self,
        rule: RuleKey,
        instance: String,
        definition: Rule,
        at_ms: i64,
        result: Result<Vec<Sample>, QueryError>,
    ) -> Answer {
        // A rule changed, or watched on another instance, starts its alerts afresh.
        let fresh = (instance, definition);
        let held = self
            .rules
            .entry(rule.clone())
            .or_insert_with(|| (fresh.clone(), RuleAlerts::default()));
        if held.0 != fresh {
            *held = (fresh, RuleAlerts::default());
        }
        let ((_, definition), alerts) = held;
        let outcome = result
            .map_err(|e| e.message)
            .and_then(|samples| alerts.evaluate(definition, at_ms, &samples, ""))
            .map(|()| alerts.alerts.values().cloned().collect());
        Answer::RuleEvaluated {
            rule,
            at_ms,
            outcome,
        }
    }

    pub fn fetched(&mut self, fetched: Fetched) -> Vec<Work> {
        match fetched {
            Fetched::Federate {
                credentials,
                generation,
                at_ms,
                answer,
            } => {
                let started = (self.now_ms)();
                let outcome = answer.and_then(|answer| {
                    api::ingest_federate(&mut self.store, generation, &answer, at_ms)
                });
                let stored = (self.now_ms)();
                let mut report = match outcome {
                    Ok(report) => report,
                    Err(e) => return vec![polled(generation, at_ms, Err(e))],
                };
                self.version += 1;
                if self.store.polls() % MEMORY_CHECK_POLLS == 0 {
                    if let Some(lowered) = self.store.keep_under(self.budget_bytes, self.poll_ms) {
                        self.retention_cap_ms = Some(lowered);
                    }
                }
                let before = self.overview.times().back().copied();
                self.overview.after_poll(&self.store, at_ms);
                report.micros = ((stored - started) * 1000.0) as u64;
                report.overview_micros = (((self.now_ms)() - stored) * 1000.0) as u64;
                let mut work = if report.new_series > 0 {
                    vec![Work::Fetch(Fetch::Metadata {
                        credentials,
                        generation,
                        at_ms,
                        report,
                    })]
                } else {
                    vec![polled(generation, at_ms, Ok(report))]
                };
                if let Some((before, step_s)) =
                    before.and_then(|b| Some((b, gap_step(b, at_ms, self.poll_ms)?)))
                {
                    self.backfill.fill(before, at_ms, step_s);
                    work.extend(self.ask_overview_history());
                    work.extend(self.ask_history_gap(generation, before, at_ms));
                }
                work
            }
            Fetched::Metadata {
                generation,
                at_ms,
                report,
                metadata,
            } => {
                if self.store.generation() == generation {
                    for (name, kind, help, unit) in &metadata {
                        self.store.apply_metadata(name, *kind, help, unit);
                    }
                    self.version += 1;
                }
                vec![polled(generation, at_ms, Ok(report))]
            }
            Fetched::Range { then, result } => self.range_answered(then, result),
            Fetched::Instant {
                query,
                generation,
                outcome,
            } => vec![Work::Answer(Answer::InstantFinished {
                query,
                outcome,
                generation,
            })],
            Fetched::RuleSamples {
                rule,
                instance,
                definition,
                at_ms,
                result,
            } => vec![Work::Answer(self.rule_evaluated(
                rule,
                instance,
                *definition,
                at_ms,
                result,
            ))],
            Fetched::Options {
                query,
                then: OptionsFor::Suggestions,
                result,
            } => vec![Work::Answer(Answer::Suggestions {
                query,
                outcome: result,
            })],
            Fetched::Options {
                query,
                then: OptionsFor::Variable { name, regex },
                result,
            } => {
                let outcome = result.and_then(|values| variable_values(&query, &regex, values));
                vec![Work::Answer(Answer::VariableOptions {
                    name,
                    query,
                    outcome,
                })]
            }
        }
    }

    /// Takes a `query_range` answer, for whatever it was asked.
    fn range_answered(
        &mut self,
        then: RangeFor,
        result: Result<RangeResult, QueryError>,
    ) -> Vec<Work> {
        match then {
            RangeFor::History { key, generation } => {
                let outcome = result.map(|result| {
                    let load = HistoryLoad {
                        query: result.query.clone(),
                        step_s: result.step_s,
                        series: result.series.len(),
                        points: result.points(),
                    };
                    if self.store.generation() == generation {
                        self.history = result.series;
                        self.history_key = Some(key.clone());
                        self.version += 1;
                    }
                    load
                });
                vec![Work::Answer(Answer::HistoryLoaded {
                    key,
                    outcome,
                    generation,
                })]
            }
            RangeFor::HistoryGap { key, generation } => {
                // Into the history still loaded for the same key: the chart joins the points
                // inside the gap between its polled ones on the next view.
                let current = self.store.generation() == generation
                    && self.history_key.as_ref() == Some(&key);
                if let (true, Ok(result)) = (current, result) {
                    merge_history(&mut self.history, result.series);
                    self.version += 1;
                }
                Vec::new()
            }
            RangeFor::Query {
                index,
                query,
                plot_pixels,
                generation,
            } => {
                let outcome =
                    result.map(|result| query_answer(result, plot_pixels, &RangeSeries::legend));
                vec![Work::Answer(Answer::QueryFinished {
                    index,
                    query,
                    outcome,
                    generation,
                })]
            }
            RangeFor::Backtest { rule, definition } => {
                let mut lines = Vec::new();
                let outcome = result.map_err(|e| e.message).map(|result| {
                    let series: Vec<(Labels, Vec<(i64, f64)>)> = result
                        .series
                        .into_iter()
                        .map(|s| {
                            let mut labels: Labels = s.labels.into_iter().collect();
                            if let Some(name) = s.name {
                                labels.insert("__name__".to_owned(), name);
                            }
                            (labels, s.points)
                        })
                        .collect();
                    let step_ms = (result.step_s * 1000).max(1);
                    let steps: Vec<i64> = (0..=(result.end - result.start) / step_ms)
                        .map(|k| result.start + k * step_ms)
                        .collect();
                    lines = series
                        .iter()
                        .take(DRAWN_SERIES)
                        .map(|(labels, points)| {
                            let cut =
                                min_max(points, result.start, result.end + 1, BACKTEST_COLUMNS);
                            (labels.clone(), cut)
                        })
                        .collect();
                    backtest(&definition, &series, &steps)
                });
                vec![Work::Answer(Answer::Backtested {
                    rule,
                    outcome,
                    lines,
                })]
            }
            RangeFor::Panel { key, plot_pixels } => {
                let table = key.table;
                let outcome = result.map(|result| {
                    let rows = if table {
                        table_rows(&result)
                    } else {
                        Vec::new()
                    };
                    let answer = match &key.legend {
                        Some(format) => query_answer(result, plot_pixels, &|s: &RangeSeries| {
                            legend(format, s.name.as_deref(), &s.labels)
                        }),
                        None => query_answer(result, plot_pixels, &RangeSeries::legend),
                    };
                    QueryAnswer { rows, ..answer }
                });
                vec![Work::Answer(Answer::PanelAnswered { key, outcome })]
            }
            RangeFor::Overview { generation, job } => {
                // A family whose history the upstream could not give keeps its polls only;
                // an upstream without the query API is asked nothing more.
                let current = self.store.generation() == generation;
                let api_missing = match &result {
                    Ok(answer) if current => {
                        let lines = history_lines(job.summary, &answer.series);
                        if job.gap {
                            let (start, end) = (job.start, job.end);
                            self.overview
                                .fill_gap(&job.family, job.summary, lines, start, end);
                        } else {
                            self.overview.set_history(&job.family, job.summary, lines);
                        }
                        self.version += 1;
                        None
                    }
                    Err(e) if current && e.api_missing() => {
                        self.backfill.stop();
                        Some(e.status)
                    }
                    _ => None,
                };
                let mut work = Vec::new();
                if self.backfill.done(generation) || api_missing.is_some() {
                    work.push(Work::Answer(Answer::OverviewHistoryLoaded {
                        generation,
                        api_missing,
                    }));
                }
                work.extend(self.ask_overview_history());
                work
            }
        }
    }

    /// The charted family's history over the gap from `start` to `end` (two polls), asked
    /// as the history loaded was, if one was.
    fn ask_history_gap(&self, generation: u64, start: i64, end: i64) -> Option<Work> {
        let key = self.history_key.clone()?;
        let (credentials, query, step_s) = self.history_asked.clone()?;
        Some(Work::Fetch(Fetch::Range {
            credentials,
            query,
            start: start + 1,
            end: end - 1,
            step_s,
            then: RangeFor::HistoryGap { key, generation },
        }))
    }

    /// The overview's history queries waiting, as many as the limit in flight allows.
    fn ask_overview_history(&mut self) -> Vec<Work> {
        let generation = self.backfill.generation();
        if generation != self.store.generation() {
            return Vec::new();
        }
        let mut work = Vec::new();
        while let Some((job, credentials)) = self.backfill.start_next() {
            work.push(Work::Fetch(Fetch::Range {
                credentials,
                query: job.query.clone(),
                start: job.start,
                end: job.end,
                step_s: job.step_s,
                then: RangeFor::Overview { generation, job },
            }));
        }
        work
    }

    /// Replaces the data; the new generation.
    fn replace(&mut self, store: SeriesStore) -> u64 {
        self.version += 1;
        self.retention_cap_ms = None;
        self.history.clear();
        self.history_key = None;
        let generation = self.store.replace(store);
        // The old data's overview history is asked no further: a dump asks for nothing.
        self.backfill.stop();
        // A dump's points form the overview's first poll.
        self.overview = Overview::new(self.store.limit());
        if self.store.polls() > 0 {
            let at = latest_time(&self.store);
            self.overview.after_poll(&self.store, at);
        }
        generation
    }
}

/// A poll's answer for the page.
fn polled(generation: u64, at_ms: i64, outcome: Result<IngestReport, PollError>) -> Work {
    Work::Answer(Answer::Polled {
        generation,
        at_ms,
        outcome,
    })
}

/// A variable's values as its query and regex keep them (a metric-name query is a regex
/// over the names too).
fn variable_values(
    query: &VariableQuery,
    regex: &Option<String>,
    values: Vec<String>,
) -> Result<Vec<String>, QueryError> {
    let values = match query {
        VariableQuery::Metrics(pattern) => {
            variable_regex::filter(values, pattern).map_err(|why| QueryError::new(0, why))?
        }
        _ => values,
    };
    match regex {
        Some(regex) => variable_regex::filter(values, regex).map_err(|why| QueryError::new(0, why)),
        None => Ok(values),
    }
}

/// Adds `gap`'s points to the series of `history` with the same name and labels (in time
/// order, a point already there kept), and its other series as they are.
fn merge_history(history: &mut Vec<RangeSeries>, gap: Vec<RangeSeries>) {
    for series in gap {
        match history
            .iter_mut()
            .find(|h| h.name == series.name && h.labels == series.labels)
        {
            Some(known) => merge(&mut known.points, series.points),
            None => history.push(series),
        }
    }
}

/// The store's bytes are counted against its ceiling once in this many polls.
const MEMORY_CHECK_POLLS: usize = 12;

/// A gap between polls is a wait of more than this many intervals.
const GAP_POLLS: i64 = 3;

/// The most points a gap is filled with, per line.
const GAP_POINTS: i64 = 720;

/// The step to fill the gap between polls at `before` and `after` with (a point per poll,
/// fewer for a long gap), or `None` when the wait between them was no gap (at most
/// [`GAP_POLLS`] intervals of `poll_ms`).
fn gap_step(before: i64, after: i64, poll_ms: i64) -> Option<i64> {
    let waited = after - before;
    (waited > GAP_POLLS * poll_ms.max(1_000)).then(|| {
        let poll_s = (poll_ms / 1_000).max(1);
        poll_s.max(waited / 1_000 / GAP_POINTS + 1)
    })
}

/// The time of the newest point in `store` (0 when empty).
fn latest_time(store: &SeriesStore) -> i64 {
    store
        .series()
        .filter_map(|s| s.latest().map(|(t, _)| t))
        .max()
        .unwrap_or(0)
}

/// A PromQL answer as the page draws it: lines ranked and banded, named by `legend`,
/// decimated to the plot.
fn query_answer(
    result: RangeResult,
    plot_pixels: u32,
    legend: &dyn Fn(&RangeSeries) -> String,
) -> QueryAnswer {
    let series = result.series.len();
    let points = result.points();
    let heatmap = buckets_heatmap(&result, plot_pixels);
    let (mut lines, banded) = answer_lines(result.series, legend);
    let columns = (f64::from(plot_pixels) / PIXELS_PER_COLUMN).max(1.0) as usize;
    let (start, end) = extent(&lines);
    for line in &mut lines {
        // A series of NaN only (0/0, say) keeps its last point: a stat shows "NaN", as
        // Grafana does, where the chart has nothing to draw.
        let last_nan = line.points.last().filter(|p| p.1.is_nan()).copied();
        line.points = min_max(&line.points, start, end, columns);
        if line.points.is_empty() {
            line.points.extend(last_nan);
        }
    }
    QueryAnswer {
        query: result.query,
        step_s: result.step_s,
        series,
        points,
        lines,
        banded,
        heatmap,
        rows: Vec::new(),
    }
}

/// A table query's answer as rows: each series' labels (its name as `__name__`) and its
/// latest value.
fn table_rows(result: &RangeResult) -> Vec<SeriesRow> {
    result
        .series
        .iter()
        .map(|s| SeriesRow {
            labels: s
                .name
                .iter()
                .map(|n| ("__name__".to_owned(), n.clone()))
                .chain(s.labels.iter().cloned())
                .collect(),
            value: s.points.iter().rev().map(|p| p.1).find(|v| v.is_finite()),
            time_ms: s.points.iter().rev().find(|p| p.1.is_finite()).map(|p| p.0),
        })
        .collect()
}

/// The answer binned as a heatmap when every series in it is a bucket (has `le`), as
/// Grafana's heatmap panel reads a `format: heatmap` query.
fn buckets_heatmap(result: &RangeResult, plot_pixels: u32) -> Option<Heatmap> {
    let buckets: Vec<(f64, Vec<Point>)> = result
        .series
        .iter()
        .map(|s| {
            let le = match s.label("le")? {
                "+Inf" => f64::INFINITY,
                bound => bound.parse().ok()?,
            };
            Some((le, s.points.clone()))
        })
        .collect::<Option<_>>()?;
    (!buckets.is_empty()).then(|| heatmap_of(&buckets, (result.start, result.end), plot_pixels))
}

/// The sample names of `families`, sorted: a histogram's are its `_bucket`, `_sum` and
/// `_count`, a summary's its own and those two.
fn metric_names(families: &[Family]) -> Vec<String> {
    let mut names: Vec<String> = families
        .iter()
        .flat_map(|f| {
            let suffixes: &[&str] = match f.kind {
                MetricKind::Histogram => &["_bucket", "_sum", "_count"],
                MetricKind::Summary => &["", "_sum", "_count"],
                _ => &[""],
            };
            suffixes.iter().map(move |s| format!("{}{s}", f.name))
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests;
