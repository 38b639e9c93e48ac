//! The app's state and the pure reducer that changes it. Views change the state only by
//! dispatching actions. The series store is shared by handle rather than copied: polls
//! (`api::poll`) and dumps fill it before they dispatch, each guarded by the store's
//! generation so that an answer for replaced data is dropped.

use std::{
    collections::{BTreeMap, BTreeSet},
    rc::Rc,
};

use yew::Reducible;

use crate::{
    analysis::chart_data::LineRequest,
    analysis::decimate::measured_or_default,
    app::board_state::{BoardAction, Boards},
    app::query_state::{QueryAction, QueryPage},
    model::credentials::Credentials,
    model::series_store::IngestReport,
    net::health::HealthStatus,
    net::instant::InstantTable,
    net::range_query::{QueryError, Range},
    worker::protocol::{
        FamilyView, HistoryKey, HistoryLoad, QueryAnswer, StoreView, TableColumn, TableRequest,
        ViewRequest,
    },
};

/// The default `match[]` selector: every series.
pub const DEFAULT_SELECTOR: &str = "{__name__=~\".+\"}";
/// The default poll interval, in seconds (the upstream's recommended scrape interval).
pub const DEFAULT_POLL_SECONDS: u32 = 30;
/// The shortest poll interval the app allows, in seconds.
pub const MIN_POLL_SECONDS: u32 = 5;

/// What the store's worker last said the page shows. Views compare it by identity: a new
/// answer is a new view.
#[derive(Debug, Clone, Default)]
pub struct Shown(pub Rc<StoreView>);

impl PartialEq for Shown {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The colour theme the user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// The next choice of the theme button: system, light, dark, system…
    pub fn next(self) -> Self {
        match self {
            Self::System => Self::Light,
            Self::Light => Self::Dark,
            Self::Dark => Self::System,
        }
    }

    /// The word stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// Where fetching stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FetchStatus {
    /// Nothing fetched yet.
    #[default]
    Idle,
    /// A request is in flight.
    Fetching,
    /// The last poll worked.
    Polled {
        /// What it added.
        report: IngestReport,
        /// When (ms since the epoch).
        at_ms: i64,
    },
    /// The last poll failed; what was collected before is kept.
    Failed {
        /// A short title.
        title: String,
        /// What happened and what to do.
        detail: String,
    },
}

/// Which view the main column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// A panel per family: the whole instance at a glance.
    #[default]
    Overview,
    /// The chart and table of the picked metric.
    Chart,
    /// The PromQL box.
    Query,
    /// Series counts per metric and label.
    Cardinality,
    /// What changed between the last two polls.
    Changes,
    /// Boards of panels: pinned charts and imported dashboards.
    Boards,
}

impl Tab {
    /// Every tab, in the order shown.
    pub const ALL: [Self; 6] = [
        Self::Overview,
        Self::Boards,
        Self::Chart,
        Self::Query,
        Self::Cardinality,
        Self::Changes,
    ];

    /// The word in ids and the URL.
    pub fn key(self) -> &'static str {
        match self {
            Self::Overview => "overview",
            Self::Chart => "chart",
            Self::Query => "query",
            Self::Cardinality => "cardinality",
            Self::Changes => "changes",
            Self::Boards => "boards",
        }
    }

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Chart => "Chart",
            Self::Query => "PromQL",
            Self::Cardinality => "Cardinality",
            Self::Changes => "What changed",
            Self::Boards => "Boards",
        }
    }

    /// The tab called `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// Where the data on screen comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Source {
    /// Federation through the relay.
    #[default]
    Live,
    /// A dump the user dropped or pasted.
    Dump {
        /// The file name, or "pasted text".
        name: String,
    },
}

/// What history the chart holds for the picked metric.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum HistoryStatus {
    /// None asked for.
    #[default]
    Off,
    /// A range query is in flight for this key.
    Loading(HistoryKey),
    /// Loaded for this key.
    Loaded(HistoryKey, HistoryLoad),
    /// The upstream refused the query.
    Failed(HistoryKey, QueryError),
}

/// Where the PromQL box stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum QueryRun {
    /// Nothing run yet.
    #[default]
    Idle,
    /// Running.
    Running,
    /// The answer.
    Done(Rc<QueryAnswer>),
    /// Prometheus's error, for the query text it was about.
    Failed(String, QueryError),
}

/// What a chart is drawing, for the lines hidden in it: a family view (the family and its
/// label filters) or a PromQL query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LineView {
    /// No chart.
    #[default]
    Nothing,
    /// The family called `.0`, with label filters `.1`.
    Family(String, BTreeMap<String, String>),
    /// The PromQL query `.0`.
    Query(String),
}

/// The legend entries the user hid, for one view: another view starts with none hidden.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HiddenLines {
    /// The view they were hidden in.
    pub view: LineView,
    /// The hidden legend labels.
    pub labels: BTreeSet<String>,
}

/// Where the health check stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum HealthCheck {
    /// Not run since the credentials last changed.
    #[default]
    NotRun,
    /// A request is in flight.
    Checking,
    /// The last check's outcome.
    Done(HealthStatus),
    /// The form is not complete; the message says what is missing.
    Incomplete(&'static str),
}

/// Everything the app shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// The connection the user entered.
    pub credentials: Credentials,
    /// The health check's progress and outcome.
    pub health: HealthCheck,
    /// The `match[]` selectors, one per line.
    pub selectors: String,
    /// Seconds between polls when live.
    pub poll_seconds: u32,
    /// Whether polling is on.
    pub live: bool,
    /// The last poll's outcome.
    pub fetch: FetchStatus,
    /// What the store's worker last worked out for the page.
    pub shown: Shown,
    /// Changes whenever the store does.
    pub store_version: u64,
    /// The value table's sort and scroll position.
    pub table: TableRequest,
    /// The metric list's search text.
    pub search: String,
    /// The family being charted.
    pub selected: Option<String>,
    /// Label filters on the charted family: label name to the value it must have.
    pub filters: BTreeMap<String, String>,
    /// Show counters as raw values instead of per-second rates.
    pub raw_counters: bool,
    /// Draw every line of the charted family (as a band when there are many).
    pub show_all: bool,
    /// The legend's search: only lines whose legend contains it are drawn.
    pub legend_search: String,
    /// The zoomed time window (ms since the epoch), or `None` for all collected data.
    pub window: Option<(i64, i64)>,
    /// Keep the connection, secret included, in this browser's storage.
    pub remember: bool,
    /// The colour theme.
    pub theme: ThemeChoice,
    /// The view the main column shows.
    pub tab: Tab,
    /// Where the data comes from.
    pub source: Source,
    /// A dump that could not be opened: title and detail.
    pub dump_error: Option<(String, String)>,
    /// The history range picked, or `None` for polled data only.
    pub range: Option<Range>,
    /// The history of the picked metric.
    pub history: HistoryStatus,
    /// Set once the upstream answered `query_range` with 403 or 404: that status.
    pub query_api_missing: Option<u16>,
    /// The query page.
    pub query: QueryPage,
    /// The lines hidden in the chart the user last hid one in.
    pub hidden: HiddenLines,
    /// The generation of the data on screen (the store's): answers asked for another
    /// generation are dropped.
    pub generation: u64,
    /// The boards.
    pub boards: Boards,
    /// How many overview panels are on the page (their history is asked for).
    pub overview_panels: usize,
    /// Changes whenever more of the overview's history comes in.
    pub overview_version: u64,
    /// The chart's plotting area in pixels, as its canvas last measured it.
    pub chart_width: Option<u32>,
    /// The overview's first panel's plotting area in pixels, as its canvas last measured it.
    pub overview_plot_width: Option<u32>,
}

/// A field of the connection form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The relay base URL.
    Relay,
    /// The instance identifier.
    Id,
    /// The client ID.
    ClientId,
    /// The client secret.
    Secret,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Something happened to the boards.
    Board(BoardAction),
    /// The chart's canvas measured its plotting area: this many pixels wide.
    ChartWidth(u32),
    /// The overview's first panel measured its plotting area: this many pixels wide.
    OverviewPlotWidth(u32),
    /// The user asked for every line of the charted family, or for the top ones.
    SetShowAll(bool),
    /// The user typed in the legend's search.
    SearchLegend(String),
    /// The user sorted the value table by a column (again: the other way).
    SortTable(TableColumn),
    /// The value table scrolled: the first row to show.
    ScrollTable(usize),
    /// The store's worker answered with what the page shows.
    Shown(Shown),
    /// The store's worker sent the charted family's lines ahead of the rest of its view.
    LinesAhead {
        /// The generation of the data they were worked out from.
        generation: u64,
        /// The family, with its lines only.
        family: Box<FamilyView>,
    },
    /// The user edited a field of the connection form.
    Edit(Field, String),
    /// A health check started.
    CheckStarted,
    /// A health check could not start because the form is incomplete.
    CheckRefused(&'static str),
    /// A health check finished.
    CheckFinished(HealthStatus),
    /// The user edited the selectors.
    EditSelectors(String),
    /// The user set the poll interval (clamped to the minimum).
    SetPollSeconds(u32),
    /// The user started or paused live polling.
    SetLive(bool),
    /// The overview put this many panels on the page.
    OverviewPanels(usize),
    /// More of the overview's history came in for the data of `generation`.
    OverviewHistoryLoaded {
        /// The generation it was asked for.
        generation: u64,
        /// 403 or 404 when the upstream turned out to have no query API.
        api_missing: Option<u16>,
    },
    /// A poll started.
    PollStarted,
    /// A poll was ingested into the store.
    Polled {
        /// What it added.
        report: IngestReport,
        /// When (ms since the epoch).
        at_ms: i64,
        /// The data generation it was asked for.
        generation: u64,
    },
    /// A poll failed.
    PollFailed {
        /// A short title.
        title: String,
        /// What happened and what to do.
        detail: String,
        /// The data generation it was asked for.
        generation: u64,
    },
    /// The user typed in the metric search.
    Search(String),
    /// The user picked a family to chart (its label filters start empty).
    Select(Option<String>),
    /// The user set (or, with `None`, cleared) a label filter.
    SetFilter(String, Option<String>),
    /// The user toggled counters between rates and raw values.
    SetRawCounters(bool),
    /// The user zoomed into a time window, or reset it with `None`.
    Zoom(Option<(i64, i64)>),
    /// The user ticked or unticked "Remember on this device".
    SetRemember(bool),
    /// The user picked a theme.
    SetTheme(ThemeChoice),
    /// The user switched tabs.
    SetTab(Tab),
    /// The user picked a history range, or polled data only.
    SetRange(Option<Range>),
    /// A history load started.
    HistoryStarted(HistoryKey),
    /// A history load finished.
    HistoryLoaded {
        /// What it was for.
        key: HistoryKey,
        /// The answer.
        result: Result<HistoryLoad, QueryError>,
        /// The data generation it was asked for.
        generation: u64,
    },
    /// Something happened on the query page.
    Query(QueryAction),
    /// One of the query page's range queries finished.
    QueryFinished {
        /// Which expression.
        index: usize,
        /// The query text.
        query: String,
        /// The answer.
        result: Result<Rc<QueryAnswer>, QueryError>,
        /// The data generation it was asked for.
        generation: u64,
    },
    /// An instant query finished (the table's, or an Explain node's count).
    InstantFinished {
        /// The query text.
        query: String,
        /// The answer.
        result: Result<Rc<InstantTable>, QueryError>,
        /// The data generation it was asked for.
        generation: u64,
    },
    /// A dump was read into the (replaced) store.
    DumpOpened {
        /// The file name, or "pasted text".
        name: String,
        /// What it held.
        report: IngestReport,
        /// When it was opened.
        at_ms: i64,
        /// The store's new generation.
        generation: u64,
    },
    /// A dump could not be opened: title and detail.
    DumpFailed(String, String),
    /// The user went back from a dump to live data (the store was emptied).
    BackToLive {
        /// The store's new generation.
        generation: u64,
    },
    /// The user hid or showed the line labelled `.1` in the chart of view `.0`.
    ToggleLine(LineView, String),
}

impl AppState {
    /// The initial state, with the relay at `relay` (normally the page's own origin).
    pub fn new(relay: String) -> Self {
        Self {
            credentials: Credentials {
                relay,
                ..Credentials::default()
            },
            health: HealthCheck::NotRun,
            selectors: DEFAULT_SELECTOR.to_owned(),
            poll_seconds: DEFAULT_POLL_SECONDS,
            ..Self::default()
        }
    }

    /// What history the view asks for: the charted family, its filters and rate/raw choice
    /// over the picked range, on live data only.
    pub fn history_key(&self) -> Option<HistoryKey> {
        match (&self.selected, self.range) {
            (Some(family), Some(range)) if self.source == Source::Live => Some(HistoryKey {
                family: family.clone(),
                filters: self.filters.clone(),
                raw: self.raw_counters,
                range,
            }),
            _ => None,
        }
    }

    /// What the chart of the picked family shows.
    pub fn family_view(&self) -> LineView {
        self.selected.as_ref().map_or(LineView::Nothing, |family| {
            LineView::Family(family.clone(), self.filters.clone())
        })
    }

    /// The chart's plotting area in pixels: as measured, or as a default-sized chart has it
    /// before its canvas is on the page.
    pub fn chart_pixels(&self) -> u32 {
        measured_or_default(self.chart_width)
    }

    /// An overview panel's plotting area in pixels, for the worker to decimate to: as the
    /// first panel measured it (a default-sized chart's before), at most 640.
    pub fn overview_panel_pixels(&self) -> u32 {
        measured_or_default(self.overview_plot_width).min(640)
    }

    /// What the page asks the store's worker to work out, for a plot `plot_pixels` wide.
    pub fn view_request(&self, plot_pixels: u32) -> ViewRequest {
        ViewRequest {
            search: self.search.clone(),
            selected: self.selected.clone(),
            lines: self.line_request(),
            table: self.table,
            window: self.window,
            plot_pixels,
            cardinality: self.tab == Tab::Cardinality,
            changes: self.tab == Tab::Changes,
            overview: self.tab == Tab::Overview,
            panel_pixels: 0,
            history: self.shown_history().cloned(),
        }
    }

    /// What the chart asks of the picked family's lines.
    pub fn line_request(&self) -> LineRequest {
        LineRequest {
            filters: self.filters.clone(),
            raw_counters: self.raw_counters,
            show_all: self.show_all,
            legend_search: self.legend_search.clone(),
        }
    }

    /// The labels hidden in `view`: none unless it is the view they were hidden in.
    pub fn hidden_in(&self, view: &LineView) -> BTreeSet<String> {
        if &self.hidden.view == view {
            self.hidden.labels.clone()
        } else {
            BTreeSet::new()
        }
    }

    /// The loaded history's key, while it is the one the view asks for.
    pub fn shown_history(&self) -> Option<&HistoryKey> {
        match &self.history {
            HistoryStatus::Loaded(key, _) if Some(key) == self.history_key().as_ref() => Some(key),
            _ => None,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, value) => {
                let slot = match field {
                    Field::Relay => &mut next.credentials.relay,
                    Field::Id => &mut next.credentials.id,
                    Field::ClientId => &mut next.credentials.client_id,
                    Field::Secret => &mut next.credentials.secret,
                };
                if *slot == value {
                    return self;
                }
                *slot = value;
                // An old verdict no longer describes the new credentials.
                if !matches!(next.health, HealthCheck::Checking) {
                    next.health = HealthCheck::NotRun;
                }
            }
            Action::CheckStarted => next.health = HealthCheck::Checking,
            Action::CheckRefused(why) => next.health = HealthCheck::Incomplete(why),
            Action::CheckFinished(status) => next.health = HealthCheck::Done(status),
            Action::EditSelectors(text) => next.selectors = text,
            Action::SetPollSeconds(seconds) => next.poll_seconds = seconds.max(MIN_POLL_SECONDS),
            Action::SetLive(live) => next.live = live,
            Action::PollStarted => next.fetch = FetchStatus::Fetching,
            // An answer for data the store no longer holds (a dump opened, or the user went
            // back to live data, while it was in flight) is dropped.
            Action::Polled { generation, .. }
            | Action::PollFailed { generation, .. }
            | Action::HistoryLoaded { generation, .. }
            | Action::OverviewHistoryLoaded { generation, .. }
            | Action::QueryFinished { generation, .. }
            | Action::InstantFinished { generation, .. }
                if generation != self.generation =>
            {
                return self;
            }
            Action::Polled { report, at_ms, .. } => {
                next.fetch = FetchStatus::Polled { report, at_ms };
                next.store_version += 1;
            }
            Action::OverviewPanels(count) => next.overview_panels = count,
            Action::OverviewHistoryLoaded { api_missing, .. } => {
                next.overview_version += 1;
                if let Some(status) = api_missing {
                    next.query_api_missing.get_or_insert(status);
                }
            }
            Action::PollFailed { title, detail, .. } => {
                next.fetch = FetchStatus::Failed { title, detail }
            }
            Action::Search(text) => next.search = text,
            Action::Select(family) => {
                if next.selected != family {
                    next.filters.clear();
                    next.show_all = false;
                    next.legend_search.clear();
                    next.table.first_row = 0;
                }
                // A family picked from the overview (or the list, while it shows) is charted.
                if family.is_some() && next.tab == Tab::Overview {
                    next.tab = Tab::Chart;
                }
                next.selected = family;
            }
            Action::SetFilter(label, Some(value)) => {
                next.filters.insert(label, value);
            }
            Action::SetFilter(label, None) => {
                next.filters.remove(&label);
            }
            Action::SetRawCounters(raw) => next.raw_counters = raw,
            Action::SetShowAll(all) => next.show_all = all,
            Action::SortTable(column) => {
                let ascending = next.table.column != column || !next.table.ascending;
                next.table = TableRequest {
                    column,
                    ascending,
                    first_row: 0,
                };
            }
            Action::ScrollTable(first_row) => next.table.first_row = first_row,
            Action::Shown(view) => {
                // A view of data left behind (a dump opened since it was asked) is dropped.
                if view.0.generation != next.generation {
                    return self;
                }
                next.shown = view;
            }
            Action::LinesAhead { generation, family } => {
                if generation != next.generation {
                    return self;
                }
                let mut view = (*next.shown.0).clone();
                let mut family = *family;
                // The same family (other filters, window or data) keeps showing its filters,
                // heatmap and table until the rest of the view arrives.
                if let Some(before) = view.family.take().filter(|f| f.name == family.name) {
                    family.choices = before.choices;
                    family.heatmap = before.heatmap;
                    family.table = before.table;
                }
                view.family = Some(family);
                next.shown = Shown(Rc::new(view));
            }
            Action::SearchLegend(text) => next.legend_search = text,
            Action::Zoom(window) => next.window = window.filter(|(a, b)| a < b),
            Action::SetRemember(remember) => next.remember = remember,
            Action::SetTheme(theme) => next.theme = theme,
            Action::SetTab(tab) => next.tab = tab,
            Action::Board(action) => {
                // A pinned panel shows on its board.
                if matches!(
                    action,
                    BoardAction::Pin(_) | BoardAction::Imported(_) | BoardAction::ImportText(_)
                ) {
                    next.tab = Tab::Boards;
                }
                next.boards.reduce(action);
            }
            Action::SetRange(range) => {
                next.range = range;
                if range.is_none() {
                    next.history = HistoryStatus::Off;
                }
            }
            Action::HistoryStarted(key) => next.history = HistoryStatus::Loading(key),
            Action::HistoryLoaded { key, result, .. } => {
                // A load for a view the user has since left is dropped.
                if next.history != HistoryStatus::Loading(key.clone()) {
                    return self;
                }
                next.history = match result {
                    Ok(result) => HistoryStatus::Loaded(key, result),
                    Err(error) => {
                        if error.api_missing() {
                            next.query_api_missing = Some(error.status);
                        }
                        HistoryStatus::Failed(key, error)
                    }
                };
            }
            Action::Query(action) => next.query.reduce(action),
            Action::ChartWidth(pixels) => {
                if self.chart_width == Some(pixels) {
                    return self;
                }
                next.chart_width = Some(pixels);
            }
            Action::OverviewPlotWidth(pixels) => {
                if self.overview_plot_width == Some(pixels) {
                    return self;
                }
                next.overview_plot_width = Some(pixels);
            }
            Action::QueryFinished {
                index,
                query,
                result,
                ..
            } => {
                if let Err(error) = &result {
                    if error.api_missing() {
                        next.query_api_missing = Some(error.status);
                    }
                }
                next.query.reduce(QueryAction::Finished {
                    index,
                    query,
                    result,
                });
            }
            Action::InstantFinished { query, result, .. } => {
                next.query
                    .reduce(QueryAction::InstantFinished { query, result });
            }
            Action::DumpOpened {
                name,
                report,
                at_ms,
                generation,
            } => {
                next.generation = generation;
                next.source = Source::Dump { name };
                next.dump_error = None;
                next.live = false;
                next.history = HistoryStatus::Off;
                next.range = None;
                next.window = None;
                next.fetch = FetchStatus::Polled { report, at_ms };
                next.store_version += 1;
            }
            Action::DumpFailed(title, detail) => next.dump_error = Some((title, detail)),
            Action::ToggleLine(view, label) => {
                if next.hidden.view != view {
                    next.hidden = HiddenLines {
                        view,
                        labels: BTreeSet::new(),
                    };
                }
                if !next.hidden.labels.remove(&label) {
                    next.hidden.labels.insert(label);
                }
            }
            Action::BackToLive { generation } => {
                next.generation = generation;
                next.source = Source::Live;
                next.dump_error = None;
                next.fetch = FetchStatus::Idle;
                next.window = None;
                next.store_version += 1;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: AppState, actions: Vec<Action>) -> AppState {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    #[test]
    fn editing_fills_the_credentials_and_clears_an_old_verdict() {
        let state = reduce(
            AppState::new("http://relay".into()),
            vec![
                Action::Edit(Field::Id, "demo".into()),
                Action::CheckFinished(HealthStatus::Healthy),
                Action::Edit(Field::Secret, "x".into()),
            ],
        );
        assert_eq!(state.credentials.id, "demo");
        assert_eq!(state.credentials.secret, "x");
        assert_eq!(state.credentials.relay, "http://relay");
        assert_eq!(state.health, HealthCheck::NotRun);
    }

    #[test]
    fn polling_settings_and_outcomes() {
        let state = reduce(
            AppState::new("http://relay".into()),
            vec![
                Action::SetPollSeconds(1),
                Action::SetLive(true),
                Action::PollStarted,
                Action::Polled {
                    report: IngestReport {
                        samples: 3,
                        new_series: 3,
                        micros: 0,
                        overview_micros: 0,
                    },
                    at_ms: 1000,
                    generation: 0,
                },
            ],
        );
        assert_eq!(state.selectors, DEFAULT_SELECTOR);
        assert_eq!(
            state.poll_seconds, MIN_POLL_SECONDS,
            "clamped to the minimum"
        );
        assert!(state.live);
        assert_eq!(state.store_version, 1);
        let failed = reduce(
            state,
            vec![Action::PollFailed {
                title: "Timed out".into(),
                detail: "x".into(),
                generation: 0,
            }],
        );
        assert_eq!(
            failed.store_version, 1,
            "a failure keeps what was collected"
        );
        assert!(matches!(failed.fetch, FetchStatus::Failed { .. }));
    }

    #[test]
    fn a_history_answer_for_a_view_left_behind_is_dropped() {
        let key = |family: &str| HistoryKey {
            family: family.into(),
            filters: BTreeMap::new(),
            raw: false,
            range: Range::Last(3_600_000),
        };
        let state = reduce(
            AppState::default(),
            vec![
                Action::HistoryStarted(key("a")),
                Action::HistoryStarted(key("b")),
                Action::HistoryLoaded {
                    key: key("a"),
                    result: Err(QueryError::new(404, "gone")),
                    generation: 0,
                },
            ],
        );
        assert_eq!(state.history, HistoryStatus::Loading(key("b")));
        assert_eq!(state.query_api_missing, None);
        let state = reduce(
            state,
            vec![Action::HistoryLoaded {
                key: key("b"),
                result: Err(QueryError::new(404, "gone")),
                generation: 0,
            }],
        );
        assert_eq!(state.query_api_missing, Some(404), "said once, remembered");
    }

    #[test]
    fn a_dump_replaces_live_data_until_the_user_goes_back() {
        let state = reduce(
            AppState::default(),
            vec![
                Action::SetLive(true),
                Action::DumpOpened {
                    name: "x.txt".into(),
                    report: IngestReport::default(),
                    at_ms: 1,
                    generation: 1,
                },
            ],
        );
        assert_eq!(
            state.source,
            Source::Dump {
                name: "x.txt".into()
            }
        );
        assert!(!state.live, "polling stops");
        let state = reduce(state, vec![Action::BackToLive { generation: 2 }]);
        assert_eq!(state.source, Source::Live);
        assert_eq!(state.store_version, 2);
    }

    #[test]
    fn a_check_goes_from_checking_to_done() {
        let state = reduce(AppState::default(), vec![Action::CheckStarted]);
        assert_eq!(state.health, HealthCheck::Checking);
        let state = reduce(state, vec![Action::CheckFinished(HealthStatus::Timeout)]);
        assert_eq!(state.health, HealthCheck::Done(HealthStatus::Timeout));
    }

    #[test]
    fn answers_for_data_left_behind_are_dropped() {
        let dumped = IngestReport {
            samples: 5,
            new_series: 5,
            micros: 0,
            overview_micros: 0,
        };
        let state = reduce(
            AppState::default(),
            vec![
                Action::SetLive(true),
                Action::PollStarted,
                // The user opens a dump while the poll (generation 0) is in flight.
                Action::DumpOpened {
                    name: "x.txt".into(),
                    report: dumped,
                    at_ms: 1,
                    generation: 1,
                },
                Action::Polled {
                    report: IngestReport::default(),
                    at_ms: 2,
                    generation: 0,
                },
                Action::PollFailed {
                    title: "Timed out".into(),
                    detail: "x".into(),
                    generation: 0,
                },
                Action::QueryFinished {
                    index: 0,
                    query: "up".into(),
                    result: Err(QueryError::new(404, "gone")),
                    generation: 0,
                },
            ],
        );
        assert_eq!(
            state.fetch,
            FetchStatus::Polled {
                report: dumped,
                at_ms: 1
            },
            "the dump's status stands"
        );
        assert_eq!(state.store_version, 1, "only the dump changed the store");
        assert_eq!(state.query.expressions[0].run, QueryRun::Idle);
        assert_eq!(state.query_api_missing, None);
        // An answer for the data on screen is taken.
        let state = reduce(
            state,
            vec![Action::Polled {
                report: IngestReport::default(),
                at_ms: 3,
                generation: 1,
            }],
        );
        assert_eq!(state.store_version, 2);
    }

    #[test]
    fn lines_sent_ahead_replace_the_chart_and_keep_the_same_familys_table_until_the_rest_comes() {
        let family = |name: &str, rows: usize, pending: bool| FamilyView {
            name: name.into(),
            kind: crate::model::metric_kind::MetricKind::Gauge,
            help: None,
            unit: None,
            lines: crate::analysis::chart_data::LineSet {
                total: rows,
                ..Default::default()
            },
            choices: BTreeMap::new(),
            heatmap: None,
            table: crate::worker::protocol::TablePage {
                total: rows,
                ..Default::default()
            },
            pending,
        };
        let whole = |f: FamilyView| {
            Action::Shown(Shown(Rc::new(StoreView {
                family: Some(f),
                ..StoreView::default()
            })))
        };
        // Lines go ahead without a table, as the worker sends them.
        let ahead = |f: FamilyView| Action::LinesAhead {
            generation: 0,
            family: Box::new(FamilyView {
                table: crate::worker::protocol::TablePage::default(),
                ..f
            }),
        };
        let family_of = |s: &AppState| s.shown.0.family.clone().expect("a family");
        let state = reduce(
            AppState::default(),
            vec![whole(family("a", 5, false)), ahead(family("a", 7, true))],
        );
        let a = family_of(&state);
        assert!(a.pending);
        assert_eq!(a.lines.total, 7, "the new lines");
        assert_eq!(a.table.total, 5, "the table shown until the rest comes");
        let state = reduce(state, vec![ahead(family("b", 3, true))]);
        assert_eq!(
            family_of(&state).table.total,
            0,
            "another family's table is not kept"
        );
        let state = reduce(state, vec![whole(family("b", 3, false))]);
        assert!(!family_of(&state).pending);
        assert_eq!(family_of(&state).table.total, 3);
        let stale = reduce(
            state,
            vec![Action::LinesAhead {
                generation: 9,
                family: Box::new(family("c", 1, true)),
            }],
        );
        assert_eq!(
            family_of(&stale).name,
            "b",
            "lines of other data are dropped"
        );
    }

    #[test]
    fn hidden_lines_belong_to_their_view() {
        let p50 = "p50".to_owned();
        let state = reduce(
            AppState::default(),
            vec![
                Action::Select(Some("a_seconds".into())),
                Action::ToggleLine(
                    LineView::Family("a_seconds".into(), BTreeMap::new()),
                    p50.clone(),
                ),
            ],
        );
        let a = state.family_view();
        assert_eq!(state.hidden_in(&a), BTreeSet::from([p50.clone()]));
        // Another histogram shows its p50.
        let other = reduce(
            state.clone(),
            vec![Action::Select(Some("b_seconds".into()))],
        );
        assert!(other.hidden_in(&other.family_view()).is_empty());
        // So does the same family under another filter, and the PromQL chart.
        let filtered = reduce(
            state.clone(),
            vec![Action::SetFilter("code".into(), Some("200".into()))],
        );
        assert!(filtered.hidden_in(&filtered.family_view()).is_empty());
        assert!(state.hidden_in(&LineView::Query("up".into())).is_empty());
        // A second click shows it again.
        let shown = reduce(state, vec![Action::ToggleLine(a.clone(), p50)]);
        assert!(shown.hidden_in(&a).is_empty());
    }
}
