//! The app's state and the pure reducer that changes it. Views change the state only by
//! dispatching actions. The state is made of slices (connection, polling, data source,
//! explore, overview, boards, query page), each held in an `Rc` with its own reducer:
//! an action clones only the slice it changes, and a view that reads one slice can tell by
//! identity whether it changed. The store itself lives in a worker; its answers come in as
//! [`Action::Worker`] and are taken in `app/answers.rs`.

use std::rc::Rc;

use yew::Reducible;

use crate::{
    app::alerts_state::{Alerts, AlertsAction},
    app::board_state::{BoardAction, Boards},
    app::connection_state::{Connection, ConnectionAction},
    app::explore_state::{Explore, ExploreAction},
    app::overview_state::{OverviewAction, OverviewState},
    app::playlist_state::{PlaylistAction, Playlists, Stop},
    app::polling_state::{Polling, PollingAction},
    app::query_state::{QueryAction, QueryPage},
    app::source_state::DataSource,
    net::range_query::QueryError,
    worker::protocol::{Answer, HistoryKey, QueryAnswer, StoreView, ViewRequest},
};

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
    /// Alerting rules watched live, and their alerts.
    Alerts,
}

impl Tab {
    /// Every tab, in the order shown.
    pub const ALL: [Self; 7] = [
        Self::Overview,
        Self::Boards,
        Self::Alerts,
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
            Self::Alerts => "alerts",
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
            Self::Alerts => "Alerts",
        }
    }

    /// The tab called `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
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

/// Everything the app shows, in slices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// The connection, and its health check.
    pub connection: Rc<Connection>,
    /// Polling federation.
    pub polling: Rc<Polling>,
    /// Where the data comes from, and its generation.
    pub data: Rc<DataSource>,
    /// The metric search, the charted family and its history.
    pub explore: Rc<Explore>,
    /// The overview's panels.
    pub overview: Rc<OverviewState>,
    /// What the store's worker last worked out for the page.
    pub shown: Shown,
    /// The boards.
    pub boards: Rc<Boards>,
    /// The query page.
    pub query: Rc<QueryPage>,
    /// The colour theme.
    pub theme: ThemeChoice,
    /// The view the main column shows.
    pub tab: Tab,
    /// The side panels (connection, federation, metrics, dumps) opened by the user while
    /// connected. Once a health check answers healthy they fold into the header strip, so
    /// the views get the whole width.
    pub panels_open: bool,
    /// Kiosk mode, for wall displays: only the board or the overview, live, with no chrome.
    pub kiosk: bool,
    /// The playlist a wall display turns through, and where it is.
    pub playlists: Rc<Playlists>,
    /// The alerting rules and their alerts.
    pub alerts: Rc<Alerts>,
}

/// What can happen to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Something happened to the connection.
    Connection(ConnectionAction),
    /// Something happened to polling.
    Polling(PollingAction),
    /// Something happened while exploring the metrics.
    Explore(ExploreAction),
    /// Something happened to the overview.
    Overview(OverviewAction),
    /// Something happened to the boards.
    Board(BoardAction),
    /// Something happened on the query page.
    Query(QueryAction),
    /// The store's worker answered.
    Worker(Answer),
    /// The store's worker answered several times (panel answers, gathered for one render).
    Workers(Vec<Answer>),
    /// A dump could not be opened: title and detail.
    DumpFailed(String, String),
    /// The user picked a theme.
    SetTheme(ThemeChoice),
    /// The user switched tabs.
    SetTab(Tab),
    /// The user opened the side panels from the header strip, or folded them.
    OpenPanels(bool),
    /// The user entered or left kiosk mode.
    SetKiosk(bool),
    /// The store's worker went silent, and a new one took its place at this time (ms
    /// since the epoch).
    WorkerRestarted(i64),
    /// Something happened to the playlist.
    Playlist(PlaylistAction),
    /// Something happened to the alerting rules or their alerts.
    Alerts(AlertsAction),
}

impl AppState {
    /// The initial state, with the relay at `relay` (normally the page's own origin).
    pub fn new(relay: String) -> Self {
        let mut connection = Connection::default();
        connection.credentials.relay = relay;
        Self {
            connection: Rc::new(connection),
            ..Self::default()
        }
    }

    /// Kiosk mode: a wall display, so it is live.
    pub fn enter_kiosk(&mut self) {
        self.kiosk = true;
        if !self.polling.live {
            Rc::make_mut(&mut self.polling).set_live(true);
        }
    }

    /// Whether the side panels show: before the app is connected, and when the user opens
    /// them; never in kiosk mode.
    pub fn panels_shown(&self) -> bool {
        !self.kiosk && (self.panels_open || !self.connection.is_healthy())
    }

    /// What history the view asks for: the charted family, its filters and rate/raw choice
    /// over the picked range, on live data only.
    pub fn history_key(&self) -> Option<HistoryKey> {
        self.explore.history_key(self.data.is_live())
    }

    /// The loaded history's key, while it is the one the view asks for.
    pub fn shown_history(&self) -> Option<&HistoryKey> {
        self.explore.shown_history(self.data.is_live())
    }

    /// What the page asks the store's worker to work out, for a plot `plot_pixels` wide.
    pub fn view_request(&self, plot_pixels: u32) -> ViewRequest {
        let explore = &self.explore;
        ViewRequest {
            search: explore.search.clone(),
            selected: explore.selected.clone(),
            lines: explore.line_request(),
            table: explore.table,
            window: explore.window,
            plot_pixels,
            cardinality: self.tab == Tab::Cardinality,
            changes: self.tab == Tab::Changes,
            overview: self.tab == Tab::Overview,
            panel_pixels: 0,
            history: self.shown_history().cloned(),
        }
    }
}

impl AppState {
    /// Applies a playlist action: playing enters kiosk mode, and each stop shows its
    /// board or the overview. A board the device no longer has is passed over.
    pub fn play(&mut self, action: PlaylistAction) {
        if action == PlaylistAction::Play {
            self.enter_kiosk();
        }
        let mut stop = Rc::make_mut(&mut self.playlists).reduce(action);
        for _ in 0..self.playlists.playlist.stops.len() {
            match stop {
                Some(Stop::Overview) => {
                    self.tab = Tab::Overview;
                    return;
                }
                Some(Stop::Board(ref title)) => {
                    if let Some(at) = self.boards.boards.iter().position(|b| b.title == *title) {
                        Rc::make_mut(&mut self.boards).reduce(BoardAction::Open(at));
                        self.tab = Tab::Boards;
                        return;
                    }
                    stop = Rc::make_mut(&mut self.playlists).reduce(PlaylistAction::Next);
                }
                None => return,
            }
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Cloning the state clones eight `Rc`s; a slice's data is cloned only when it is
        // changed below (`Rc::make_mut` on a slice the old state still holds).
        let mut next = (*self).clone();
        let changed = match action {
            Action::Connection(action) => {
                let changes = next.connection.changes(&action);
                // Connected: the side panels fold into the header strip.
                if matches!(&action, ConnectionAction::CheckFinished(status) if status.is_healthy())
                {
                    next.panels_open = false;
                }
                if changes {
                    Rc::make_mut(&mut next.connection).reduce(action);
                }
                changes
            }
            Action::Polling(action) => {
                Rc::make_mut(&mut next.polling).reduce(action);
                true
            }
            Action::Explore(action) => {
                let changes = next.explore.changes(&action);
                // A family picked from the overview is charted.
                if matches!(action, ExploreAction::Select(Some(_))) && next.tab == Tab::Overview {
                    next.tab = Tab::Chart;
                }
                if changes {
                    Rc::make_mut(&mut next.explore).reduce(action);
                }
                changes
            }
            Action::Overview(action) => {
                let changes = next.overview.changes(&action);
                if changes {
                    Rc::make_mut(&mut next.overview).reduce(action);
                }
                changes
            }
            Action::Board(action) => {
                // A pinned panel shows on its board.
                if matches!(action, BoardAction::Pin(_) | BoardAction::Imported(_)) {
                    next.tab = Tab::Boards;
                }
                Rc::make_mut(&mut next.boards).reduce(action);
                true
            }
            Action::Query(action) => {
                Rc::make_mut(&mut next.query).reduce(action);
                true
            }
            Action::Alerts(action) => {
                Rc::make_mut(&mut next.alerts).reduce(action);
                true
            }
            Action::Worker(answer) => next.take(answer),
            Action::Workers(answers) => {
                let mut changed = false;
                for answer in answers {
                    changed |= next.take(answer);
                }
                changed
            }
            Action::DumpFailed(title, detail) => {
                Rc::make_mut(&mut next.data).dump_error = Some((title, detail));
                true
            }
            Action::WorkerRestarted(at_ms) => {
                next.worker_restarted(at_ms);
                true
            }
            Action::SetTheme(theme) => {
                next.theme = theme;
                true
            }
            Action::SetTab(tab) => {
                next.tab = tab;
                true
            }
            Action::OpenPanels(open) => {
                next.panels_open = open;
                true
            }
            Action::SetKiosk(true) => {
                next.enter_kiosk();
                true
            }
            Action::SetKiosk(false) => {
                next.kiosk = false;
                Rc::make_mut(&mut next.playlists).reduce(PlaylistAction::Stop);
                true
            }
            Action::Playlist(action) => {
                next.play(action);
                true
            }
        };
        if changed {
            Rc::new(next)
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::{
        app::{
            connection_state::{ConnectionAction, Field, HealthCheck},
            explore_state::{ExploreAction, HistoryStatus, LineView},
            polling_state::{FetchStatus, PollingAction, DEFAULT_SELECTOR, MIN_POLL_SECONDS},
            source_state::Source,
        },
        model::series_store::IngestReport,
        net::{api::PollError, health::HealthStatus, range_query::Range},
        worker::protocol::FamilyView,
    };

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
                Action::Connection(ConnectionAction::Edit(Field::Id, "demo".into())),
                Action::Connection(ConnectionAction::CheckFinished(HealthStatus::Healthy)),
                Action::Connection(ConnectionAction::Edit(Field::Secret, "x".into())),
            ],
        );
        assert_eq!(state.connection.credentials.id, "demo");
        assert_eq!(state.connection.credentials.secret, "x");
        assert_eq!(state.connection.credentials.relay, "http://relay");
        assert_eq!(state.connection.health, HealthCheck::NotRun);
    }

    #[test]
    fn a_healthy_check_folds_the_side_panels_into_the_strip() {
        let check = |status| Action::Connection(ConnectionAction::CheckFinished(status));
        let state = reduce(AppState::new("http://relay".into()), vec![]);
        assert!(state.panels_shown(), "the form shows before connecting");
        let refused = reduce(
            state.clone(),
            vec![check(HealthStatus::CredentialsRejected { status: 401 })],
        );
        assert!(refused.panels_shown(), "a refusal keeps the form");
        let state = reduce(
            state,
            vec![Action::OpenPanels(true), check(HealthStatus::Healthy)],
        );
        assert!(!state.panels_shown(), "healthy: folded");
        let opened = reduce(state.clone(), vec![Action::OpenPanels(true)]);
        assert!(opened.panels_shown(), "one click opens them");
        let kiosk = reduce(opened, vec![Action::SetKiosk(true)]);
        assert!(
            !kiosk.panels_shown() && kiosk.polling.live,
            "kiosk: no panels, live"
        );
        let edited = reduce(
            state,
            vec![Action::Connection(ConnectionAction::Edit(
                Field::Id,
                "other".into(),
            ))],
        );
        assert!(edited.panels_shown(), "new credentials need the form again");
    }

    #[test]
    fn polling_settings_and_outcomes() {
        let state = reduce(
            AppState::new("http://relay".into()),
            vec![
                Action::Polling(PollingAction::SetPollSeconds(1)),
                Action::Polling(PollingAction::SetLive(true)),
                Action::Polling(PollingAction::PollStarted),
                Action::Worker(Answer::Polled {
                    outcome: Ok(IngestReport {
                        samples: 3,
                        new_series: 3,
                        micros: 0,
                        overview_micros: 0,
                    }),
                    at_ms: 1000,
                    generation: 0,
                }),
            ],
        );
        assert_eq!(state.polling.selectors, DEFAULT_SELECTOR);
        assert_eq!(
            state.polling.poll_seconds, MIN_POLL_SECONDS,
            "clamped to the minimum"
        );
        assert!(state.polling.live);
        assert_eq!(state.data.store_version, 1);
        let failed = reduce(
            state,
            vec![Action::Worker(Answer::Polled {
                at_ms: 0,
                outcome: Err(PollError {
                    title: "Timed out".into(),
                    detail: "x".into(),
                }),
                generation: 0,
            })],
        );
        assert_eq!(
            failed.data.store_version, 1,
            "a failure keeps what was collected"
        );
        assert!(matches!(failed.polling.fetch, FetchStatus::Failed { .. }));
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
                Action::Explore(ExploreAction::HistoryStarted(key("a"))),
                Action::Explore(ExploreAction::HistoryStarted(key("b"))),
                Action::Worker(Answer::HistoryLoaded {
                    key: key("a"),
                    outcome: Err(QueryError::new(404, "gone")),
                    generation: 0,
                }),
            ],
        );
        assert_eq!(state.explore.history, HistoryStatus::Loading(key("b")));
        assert_eq!(state.data.query_api_missing, None);
        let state = reduce(
            state,
            vec![Action::Worker(Answer::HistoryLoaded {
                key: key("b"),
                outcome: Err(QueryError::new(404, "gone")),
                generation: 0,
            })],
        );
        assert_eq!(
            state.data.query_api_missing,
            Some(404),
            "said once, remembered"
        );
    }

    #[test]
    fn a_dump_replaces_live_data_until_the_user_goes_back() {
        let state = reduce(
            AppState::default(),
            vec![
                Action::Polling(PollingAction::SetLive(true)),
                Action::Worker(Answer::DumpOpened {
                    name: "x.txt".into(),
                    report: IngestReport::default(),
                    at_ms: 1,
                    generation: 1,
                }),
            ],
        );
        assert_eq!(
            state.data.source,
            Source::Dump {
                name: "x.txt".into()
            }
        );
        assert!(!state.polling.live, "polling stops");
        let state = reduce(state, vec![Action::Worker(Answer::Reset { generation: 2 })]);
        assert_eq!(state.data.source, Source::Live);
        assert_eq!(state.data.store_version, 2);
    }

    #[test]
    fn a_check_goes_from_checking_to_done() {
        let state = reduce(
            AppState::default(),
            vec![Action::Connection(ConnectionAction::CheckStarted)],
        );
        assert_eq!(state.connection.health, HealthCheck::Checking);
        let state = reduce(
            state,
            vec![Action::Connection(ConnectionAction::CheckFinished(
                HealthStatus::Timeout,
            ))],
        );
        assert_eq!(
            state.connection.health,
            HealthCheck::Done(HealthStatus::Timeout)
        );
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
                Action::Polling(PollingAction::SetLive(true)),
                Action::Polling(PollingAction::PollStarted),
                // The user opens a dump while the poll (generation 0) is in flight.
                Action::Worker(Answer::DumpOpened {
                    name: "x.txt".into(),
                    report: dumped,
                    at_ms: 1,
                    generation: 1,
                }),
                Action::Worker(Answer::Polled {
                    outcome: Ok(IngestReport::default()),
                    at_ms: 2,
                    generation: 0,
                }),
                Action::Worker(Answer::Polled {
                    at_ms: 0,
                    outcome: Err(PollError {
                        title: "Timed out".into(),
                        detail: "x".into(),
                    }),
                    generation: 0,
                }),
                Action::Worker(Answer::QueryFinished {
                    index: 0,
                    query: "up".into(),
                    outcome: Err(QueryError::new(404, "gone")),
                    generation: 0,
                }),
            ],
        );
        assert_eq!(
            state.polling.fetch,
            FetchStatus::Polled {
                report: dumped,
                at_ms: 1
            },
            "the dump's status stands"
        );
        assert_eq!(
            state.data.store_version, 1,
            "only the dump changed the store"
        );
        assert_eq!(state.query.expressions[0].run, QueryRun::Idle);
        assert_eq!(state.data.query_api_missing, None);
        // An answer for the data on screen is taken.
        let state = reduce(
            state,
            vec![Action::Worker(Answer::Polled {
                outcome: Ok(IngestReport::default()),
                at_ms: 3,
                generation: 1,
            })],
        );
        assert_eq!(state.data.store_version, 2);
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
            Action::Worker(Answer::View(Box::new(StoreView {
                family: Some(f),
                ..StoreView::default()
            })))
        };
        // Lines go ahead without a table, as the worker sends them.
        let ahead = |f: FamilyView| {
            Action::Worker(Answer::LinesAhead {
                generation: 0,
                family: Box::new(FamilyView {
                    table: crate::worker::protocol::TablePage::default(),
                    ..f
                }),
            })
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
            vec![Action::Worker(Answer::LinesAhead {
                generation: 9,
                family: Box::new(family("c", 1, true)),
            })],
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
                Action::Explore(ExploreAction::Select(Some("a_seconds".into()))),
                Action::Explore(ExploreAction::ToggleLine(
                    LineView::Family("a_seconds".into(), BTreeMap::new()),
                    p50.clone(),
                )),
            ],
        );
        let a = state.explore.family_view();
        assert_eq!(state.explore.hidden_in(&a), BTreeSet::from([p50.clone()]));
        // Another histogram shows its p50.
        let other = reduce(
            state.clone(),
            vec![Action::Explore(ExploreAction::Select(Some(
                "b_seconds".into(),
            )))],
        );
        assert!(other
            .explore
            .hidden_in(&other.explore.family_view())
            .is_empty());
        // So does the same family under another filter, and the PromQL chart.
        let filtered = reduce(
            state.clone(),
            vec![Action::Explore(ExploreAction::SetFilter(
                "code".into(),
                Some("200".into()),
            ))],
        );
        assert!(filtered
            .explore
            .hidden_in(&filtered.explore.family_view())
            .is_empty());
        assert!(state
            .explore
            .hidden_in(&LineView::Query("up".into()))
            .is_empty());
        // A second click shows it again.
        let shown = reduce(
            state,
            vec![Action::Explore(ExploreAction::ToggleLine(a.clone(), p50))],
        );
        assert!(shown.explore.hidden_in(&a).is_empty());
    }

    #[test]
    fn an_action_clones_only_the_slice_it_changes() {
        let before = Rc::new(AppState::default());
        let after = before
            .clone()
            .reduce(Action::Explore(ExploreAction::Search("node".into())));
        assert_eq!(after.explore.search, "node");
        assert!(!Rc::ptr_eq(&before.explore, &after.explore));
        for (a, b) in [
            (
                Rc::as_ptr(&before.boards).cast::<()>(),
                Rc::as_ptr(&after.boards).cast::<()>(),
            ),
            (
                Rc::as_ptr(&before.query).cast(),
                Rc::as_ptr(&after.query).cast(),
            ),
            (
                Rc::as_ptr(&before.polling).cast(),
                Rc::as_ptr(&after.polling).cast(),
            ),
            (
                Rc::as_ptr(&before.connection).cast(),
                Rc::as_ptr(&after.connection).cast(),
            ),
            (
                Rc::as_ptr(&before.data).cast(),
                Rc::as_ptr(&after.data).cast(),
            ),
            (
                Rc::as_ptr(&before.overview).cast(),
                Rc::as_ptr(&after.overview).cast(),
            ),
        ] {
            assert_eq!(a, b, "a slice the search does not touch is the same slice");
        }
        // An action that changes nothing keeps the very same state.
        let width = after
            .clone()
            .reduce(Action::Explore(ExploreAction::ChartWidth(500)));
        let again = width
            .clone()
            .reduce(Action::Explore(ExploreAction::ChartWidth(500)));
        assert!(Rc::ptr_eq(&width, &again));
    }
}
