//! The polling slice of the state: the `match[]` selectors, the interval, whether polling
//! is live and when the next poll is due, and the last poll's outcome.

use crate::{model::series_store::IngestReport, worker::protocol::Retention};

/// The default `match[]` selector: every series.
pub const DEFAULT_SELECTOR: &str = "{__name__=~\".+\"}";
/// The default poll interval, in seconds (the upstream's recommended scrape interval).
pub const DEFAULT_POLL_SECONDS: u32 = 30;
/// The shortest poll interval the app allows, in seconds.
pub const MIN_POLL_SECONDS: u32 = 5;
/// The default history kept, in minutes: 6 hours.
pub const DEFAULT_HISTORY_MINUTES: u32 = 360;
/// The longest history kept, in minutes: a week.
pub const MAX_HISTORY_MINUTES: u32 = 7 * 24 * 60;

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

/// Polling.
#[derive(Debug, Clone, PartialEq)]
pub struct Polling {
    /// The `match[]` selectors, one per line.
    pub selectors: String,
    /// Seconds between polls when live.
    pub poll_seconds: u32,
    /// Minutes of history kept: a series that left is forgotten after this long.
    pub history_minutes: u32,
    /// Whether polling is on.
    pub live: bool,
    /// When the next live poll is due (ms since the epoch), while live.
    pub next_poll_ms: Option<i64>,
    /// The last poll's outcome.
    pub fetch: FetchStatus,
}

impl Default for Polling {
    fn default() -> Self {
        Self {
            selectors: DEFAULT_SELECTOR.to_owned(),
            poll_seconds: DEFAULT_POLL_SECONDS,
            history_minutes: DEFAULT_HISTORY_MINUTES,
            live: false,
            next_poll_ms: None,
            fetch: FetchStatus::Idle,
        }
    }
}

/// What can happen to polling.
#[derive(Debug, Clone, PartialEq)]
pub enum PollingAction {
    /// The user edited the selectors.
    EditSelectors(String),
    /// The user set the poll interval (clamped to the minimum).
    SetPollSeconds(u32),
    /// The user set how many minutes of history to keep (one minute to a week).
    SetHistoryMinutes(u32),
    /// The user started or paused live polling.
    SetLive(bool),
    /// The next live poll is due at this time (ms since the epoch).
    NextPollAt(i64),
    /// A poll started.
    PollStarted,
    /// A poll could not start, or failed.
    PollFailed {
        /// A short title.
        title: String,
        /// What happened and what to do.
        detail: String,
    },
}

impl Polling {
    /// Applies `action`.
    pub fn reduce(&mut self, action: PollingAction) {
        match action {
            PollingAction::EditSelectors(text) => self.selectors = text,
            PollingAction::SetPollSeconds(seconds) => {
                self.poll_seconds = seconds.max(MIN_POLL_SECONDS);
            }
            PollingAction::SetHistoryMinutes(minutes) => {
                self.history_minutes = minutes.clamp(1, MAX_HISTORY_MINUTES);
            }
            PollingAction::SetLive(live) => self.set_live(live),
            PollingAction::NextPollAt(at_ms) => {
                self.next_poll_ms = self.live.then_some(at_ms);
            }
            PollingAction::PollStarted => self.fetch = FetchStatus::Fetching,
            PollingAction::PollFailed { title, detail } => {
                self.fetch = FetchStatus::Failed { title, detail };
            }
        }
    }

    /// How much history the store keeps, at this interval.
    pub fn retention(&self) -> Retention {
        Retention {
            history_s: self.history_minutes * 60,
            poll_s: self.poll_seconds,
        }
    }

    /// Starts or stops live polling.
    pub fn set_live(&mut self, live: bool) {
        self.live = live;
        if !live {
            self.next_poll_ms = None;
        }
    }

    /// A poll (or a dump) was read into the store.
    pub fn polled(&mut self, report: IngestReport, at_ms: i64) {
        self.fetch = FetchStatus::Polled { report, at_ms };
    }
}
