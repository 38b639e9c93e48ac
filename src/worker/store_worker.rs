//! The worker that owns the data: it polls federation through the relay, parses and
//! stores it, reads dumps, and answers the page with only what the page shows. The page's
//! main thread never holds the store, so a 100,000-series poll never blocks it.

use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::{
    analysis::export::family_csv,
    analysis::heatmap::{heatmap_of, Heatmap},
    analysis::overview::Overview,
    analysis::overview_history::{history_lines, HISTORY_STEP_S},
    analysis::{
        chart_data::answer_lines,
        decimate::{min_max, PIXELS_PER_COLUMN},
    },
    board::{legend::legend, requests::PanelKey, variables::VariableQuery},
    draw::chart::extent,
    model::credentials::Credentials,
    model::metric_kind::MetricKind,
    model::offline,
    model::point::Point,
    model::range_series::RangeSeries,
    model::series_store::{IngestReport, SeriesStore},
    net::api::{self, Answer as HttpAnswer, PollError},
    net::instant::query_instant,
    net::range_query::{QueryError, RangeResult},
    net::variables::fetch_options,
    worker::{
        overview_backfill::{Backfill, Job},
        protocol::{Answer, Command, HistoryKey, HistoryLoad, QueryAnswer},
        variable_regex,
        views::{lines_ahead, show, ViewCache},
    },
};

/// The worker's state: the store and what views reuse.
#[derive(Debug, Default)]
pub struct StoreWorker {
    store: SeriesStore,
    /// Raised on every change of what views show (data, metadata, history).
    version: u64,
    /// History loaded from the upstream, and what it was loaded for.
    history: Vec<RangeSeries>,
    history_key: Option<HistoryKey>,
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
}

/// Work the worker finishes after waiting on the network.
#[derive(Debug)]
pub enum Step {
    /// An answer ready to go back as it is.
    Ready(HandlerId, Answer),
    /// The federate answer (or why none) for a poll.
    Polled {
        /// Who asked.
        id: HandlerId,
        /// The connection, to fetch metadata with when new series arrive.
        credentials: Credentials,
        /// The generation the poll was for.
        generation: u64,
        /// When the poll started.
        at_ms: i64,
        /// The answer.
        answer: Result<HttpAnswer, PollError>,
    },
    /// A `query_range` answer for history.
    HistoryFetched {
        /// Who asked.
        id: HandlerId,
        /// What it is for.
        key: HistoryKey,
        /// The generation it was asked for.
        generation: u64,
        /// The answer.
        result: Result<RangeResult, QueryError>,
    },
    /// A PromQL answer.
    QueryFetched {
        /// Who asked.
        id: HandlerId,
        /// Which of the query page's expressions it is.
        index: usize,
        /// The PromQL.
        query: String,
        /// The chart's plot width in pixels.
        plot_pixels: u32,
        /// The generation it was asked for.
        generation: u64,
        /// The answer.
        result: Result<RangeResult, QueryError>,
    },
    /// A board panel's query answered.
    PanelFetched {
        /// Who asked.
        id: HandlerId,
        /// What was asked.
        key: PanelKey,
        /// The panel's plot width in pixels.
        plot_pixels: u32,
        /// The answer.
        result: Result<RangeResult, QueryError>,
    },
    /// A board variable's values.
    VariableFetched {
        /// Who asked.
        id: HandlerId,
        /// The variable.
        name: String,
        /// The query asked.
        query: VariableQuery,
        /// Its regex.
        regex: Option<String>,
        /// The values.
        result: Result<Vec<String>, QueryError>,
    },
    /// A family's history for the overview.
    OverviewHistoryFetched {
        /// Who asked.
        id: HandlerId,
        /// The generation it was asked for.
        generation: u64,
        /// What was asked.
        job: Job,
        /// The answer.
        result: Result<RangeResult, QueryError>,
    },
    /// Time for one of the warm-ups.
    WarmUp(WarmUp),
    /// Metadata after a poll that found new series.
    Described {
        /// Who asked.
        id: HandlerId,
        /// The generation the poll was for.
        generation: u64,
        /// When the poll started.
        at_ms: i64,
        /// What the poll added.
        report: IngestReport,
        /// `(name, kind, help, unit)` per family.
        metadata: Vec<(String, MetricKind, String, String)>,
    },
}

/// The worker's two warm-ups.
#[derive(Debug, Clone, Copy)]
pub enum WarmUp {
    /// While the first poll's answer is on its way, unless [`WarmUp::Views`] ran before:
    /// a poll's path, short.
    Poll,
    /// A moment after the worker started, if no data was asked for by then: the poll's
    /// path and the views that follow.
    Views,
}

/// How long after starting the worker waits, idle, before it warms up the views: the page
/// has loaded by then, and a user who fills in the form takes longer.
const WARM_UP_AFTER_MS: u32 = 1_000;

impl Worker for StoreWorker {
    type Message = Step;
    type Input = Command;
    type Output = Answer;

    fn create(scope: &WorkerScope<Self>) -> Self {
        scope.send_future(async {
            gloo_timers::future::TimeoutFuture::new(WARM_UP_AFTER_MS).await;
            Step::WarmUp(WarmUp::Views)
        });
        Self::default()
    }

    fn update(&mut self, scope: &WorkerScope<Self>, step: Step) {
        match step {
            Step::WarmUp(WarmUp::Poll) => super::warm_up::warm_ingest(),
            Step::WarmUp(WarmUp::Views) => {
                if !self.data_asked {
                    self.poll_warm = true;
                    super::warm_up::warm_up();
                }
            }
            Step::Ready(id, answer) => scope.respond(id, answer),
            Step::Polled {
                id,
                credentials,
                generation,
                at_ms,
                answer,
            } => {
                let started = js_sys::Date::now();
                let outcome = answer.and_then(|answer| {
                    api::ingest_federate(&mut self.store, generation, &answer, at_ms)
                });
                let stored = js_sys::Date::now();
                if outcome.is_ok() {
                    self.version += 1;
                    self.overview.after_poll(&self.store, at_ms);
                }
                match outcome {
                    Ok(mut report) => {
                        report.micros = ((stored - started) * 1000.0) as u64;
                        report.overview_micros = ((js_sys::Date::now() - stored) * 1000.0) as u64;
                        if report.new_series > 0 {
                            scope.send_future(async move {
                                let metadata = api::fetch_metadata(&credentials).await;
                                Step::Described {
                                    id,
                                    generation,
                                    at_ms,
                                    report,
                                    metadata,
                                }
                            });
                        } else {
                            scope.respond(id, polled(generation, at_ms, Ok(report)));
                        }
                    }
                    Err(e) => scope.respond(id, polled(generation, at_ms, Err(e))),
                }
            }
            Step::HistoryFetched {
                id,
                key,
                generation,
                result,
            } => {
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
                scope.respond(
                    id,
                    Answer::HistoryLoaded {
                        key,
                        outcome,
                        generation,
                    },
                );
            }
            Step::QueryFetched {
                id,
                index,
                query,
                plot_pixels,
                generation,
                result,
            } => {
                let outcome =
                    result.map(|result| query_answer(result, plot_pixels, &RangeSeries::legend));
                scope.respond(
                    id,
                    Answer::QueryFinished {
                        index,
                        query,
                        outcome,
                        generation,
                    },
                );
            }
            Step::PanelFetched {
                id,
                key,
                plot_pixels,
                result,
            } => {
                let outcome = result.map(|result| match &key.legend {
                    Some(format) => query_answer(result, plot_pixels, &|s: &RangeSeries| {
                        legend(format, s.name.as_deref(), &s.labels)
                    }),
                    None => query_answer(result, plot_pixels, &RangeSeries::legend),
                });
                scope.respond(id, Answer::PanelAnswered { key, outcome });
            }
            Step::VariableFetched {
                id,
                name,
                query,
                regex,
                result,
            } => {
                let outcome = result.and_then(|values| {
                    let values = match &query {
                        VariableQuery::Metrics(pattern) => variable_regex::filter(values, pattern)
                            .map_err(|why| QueryError::new(0, why))?,
                        _ => values,
                    };
                    match &regex {
                        Some(regex) => variable_regex::filter(values, regex)
                            .map_err(|why| QueryError::new(0, why)),
                        None => Ok(values),
                    }
                });
                scope.respond(
                    id,
                    Answer::VariableOptions {
                        name,
                        query,
                        outcome,
                    },
                );
            }
            Step::OverviewHistoryFetched {
                id,
                generation,
                job,
                result,
            } => {
                // A family whose history the upstream could not give keeps its polls only;
                // an upstream without the query API is asked nothing more.
                let current = self.store.generation() == generation;
                let api_missing = match &result {
                    Ok(answer) if current => {
                        let lines = history_lines(job.summary, &answer.series);
                        self.overview.set_history(&job.family, job.summary, lines);
                        self.version += 1;
                        None
                    }
                    Err(e) if current && e.api_missing() => {
                        self.backfill.stop();
                        Some(e.status)
                    }
                    _ => None,
                };
                if self.backfill.done(generation) || api_missing.is_some() {
                    scope.respond(
                        id,
                        Answer::OverviewHistoryLoaded {
                            generation,
                            api_missing,
                        },
                    );
                }
                self.ask_history(scope, id);
            }
            Step::Described {
                id,
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
                scope.respond(id, polled(generation, at_ms, Ok(report)));
            }
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, command: Command, id: HandlerId) {
        match command {
            Command::OverviewHistory {
                credentials,
                generation,
                panels,
            } => {
                if generation == self.store.generation() {
                    let (store, overview) = (&self.store, &self.overview);
                    self.backfill
                        .want(generation, credentials, store, overview, panels);
                    self.ask_history(scope, id);
                }
            }
            Command::Poll {
                credentials,
                selectors,
                generation,
            } => {
                self.data_asked = true;
                let at_ms = js_sys::Date::now() as i64;
                scope.send_future(async move {
                    let answer = api::fetch_federate(&credentials, &selectors).await;
                    Step::Polled {
                        id,
                        credentials,
                        generation,
                        at_ms,
                        answer,
                    }
                });
                // Queued after the request, so that it is on its way first.
                if !std::mem::replace(&mut self.poll_warm, true) {
                    scope.send_future(async { Step::WarmUp(WarmUp::Poll) });
                }
            }
            Command::OpenDump { name, bytes } => {
                self.data_asked = true;
                let at_ms = js_sys::Date::now() as i64;
                let answer = match offline::open(&name, &bytes, at_ms) {
                    Ok((store, report)) => {
                        let generation = self.replace(store);
                        Answer::DumpOpened {
                            name,
                            report,
                            at_ms,
                            generation,
                        }
                    }
                    Err(e) => Answer::DumpFailed {
                        title: e.title,
                        detail: e.detail,
                    },
                };
                scope.respond(id, answer);
            }
            Command::Reset => {
                let generation = self.replace(SeriesStore::default());
                scope.respond(id, Answer::Reset { generation });
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
                scope.send_future(async move {
                    let result = api::query_range(&credentials, &query, start, end, step_s).await;
                    Step::HistoryFetched {
                        id,
                        key,
                        generation,
                        result,
                    }
                });
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
            } => {
                scope.send_future(async move {
                    let result = api::query_range(&credentials, &query, start, end, step_s).await;
                    Step::QueryFetched {
                        id,
                        index,
                        query,
                        plot_pixels,
                        generation,
                        result,
                    }
                });
            }
            Command::PanelQuery {
                credentials,
                key,
                plot_pixels,
            } => {
                scope.send_future(async move {
                    let result =
                        api::query_range(&credentials, &key.query, key.start, key.end, key.step_s)
                            .await;
                    Step::PanelFetched {
                        id,
                        key,
                        plot_pixels,
                        result,
                    }
                });
            }
            Command::InstantQuery {
                credentials,
                query,
                at_ms,
                generation,
            } => {
                scope.send_future(async move {
                    let outcome = query_instant(&credentials, &query, at_ms).await;
                    Step::Ready(
                        id,
                        Answer::InstantFinished {
                            query,
                            outcome,
                            generation,
                        },
                    )
                });
            }
            Command::Suggestions {
                credentials,
                query,
                start,
                end,
            } => {
                scope.send_future(async move {
                    let outcome = fetch_options(&credentials, &query, start, end).await;
                    Step::Ready(id, Answer::Suggestions { query, outcome })
                });
            }
            Command::VariableOptions {
                credentials,
                name,
                query,
                regex,
                start,
                end,
            } => {
                scope.send_future(async move {
                    let result = fetch_options(&credentials, &query, start, end).await;
                    Step::VariableFetched {
                        id,
                        name,
                        query,
                        regex,
                        result,
                    }
                });
            }
            Command::Show(request) => {
                // History joins the points only while the view shows what it was loaded for.
                let history: &[RangeSeries] =
                    if request.history.is_some() && request.history == self.history_key {
                        &self.history
                    } else {
                        &[]
                    };
                let started = js_sys::Date::now();
                let ahead = lines_ahead(
                    &self.store,
                    self.version,
                    history,
                    &request,
                    &mut self.order,
                );
                if let Some(family) = ahead {
                    let generation = self.store.generation();
                    let family = Box::new(family);
                    scope.respond(id, Answer::LinesAhead { generation, family });
                }
                let mut view = show(
                    &self.store,
                    &self.overview,
                    self.version,
                    history,
                    &request,
                    &mut self.order,
                );
                view.worked_micros = ((js_sys::Date::now() - started) * 1000.0) as u64;
                scope.respond(id, Answer::View(Box::new(view)));
            }
            Command::MetricNames => {
                scope.respond(id, Answer::MetricNames(metric_names(self.store.families())));
            }
            Command::Csv(name) => {
                if let Some(family) = self.store.family(&name) {
                    let text = family_csv(&self.store, family);
                    scope.respond(id, Answer::Csv { name, text });
                }
            }
        }
    }
}

impl StoreWorker {
    /// Replaces the data; the new generation.
    fn replace(&mut self, store: SeriesStore) -> u64 {
        self.version += 1;
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

/// The time of the newest point in `store` (0 when empty).
fn latest_time(store: &SeriesStore) -> i64 {
    store
        .series()
        .iter()
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
        line.points = min_max(&line.points, start, end, columns);
    }
    QueryAnswer {
        query: result.query,
        step_s: result.step_s,
        series,
        points,
        lines,
        banded,
        heatmap,
    }
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

impl StoreWorker {
    /// Starts the overview's history queries waiting, as far as the limit in flight allows.
    fn ask_history(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        let generation = self.backfill.generation();
        if generation != self.store.generation() {
            return;
        }
        while let Some((job, credentials)) = self.backfill.start_next() {
            scope.send_future(async move {
                let result =
                    api::query_range(&credentials, &job.query, job.start, job.end, HISTORY_STEP_S)
                        .await;
                Step::OverviewHistoryFetched {
                    id,
                    generation,
                    job,
                    result,
                }
            });
        }
    }
}

fn polled(generation: u64, at_ms: i64, outcome: Result<IngestReport, PollError>) -> Answer {
    Answer::Polled {
        generation,
        at_ms,
        outcome,
    }
}

/// The sample names of `families`, sorted: a histogram's are its `_bucket`, `_sum` and
/// `_count`, a summary's its own and those two.
fn metric_names(families: &[crate::model::series_store::Family]) -> Vec<String> {
    use crate::model::metric_kind::MetricKind;
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
