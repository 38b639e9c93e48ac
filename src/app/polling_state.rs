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
    /// Polls failed in a row (the relay or the upstream went away): live polling backs off.
    pub failures: u32,
    /// While backing off, when the next live poll may go (ms since the epoch).
    pub retry_at_ms: Option<i64>,
}

/// The longest wait between two live polls while backing off, in seconds.
pub const MAX_BACKOFF_SECONDS: u32 = 300;

impl Default for Polling {
    fn default() -> Self {
        Self {
            selectors: DEFAULT_SELECTOR.to_owned(),
            poll_seconds: DEFAULT_POLL_SECONDS,
            history_minutes: DEFAULT_HISTORY_MINUTES,
            live: false,
            next_poll_ms: None,
            fetch: FetchStatus::Idle,
            failures: 0,
            retry_at_ms: None,
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
        self.failures = 0;
        self.retry_at_ms = None;
    }

    /// The poll started at `at_ms` failed: live polling waits twice as long after each
    /// failure in a row (the interval after the first), up to [`MAX_BACKOFF_SECONDS`].
    pub fn failed(&mut self, title: String, detail: String, at_ms: i64) {
        self.fetch = FetchStatus::Failed { title, detail };
        self.failures = self.failures.saturating_add(1);
        let doubled = 1_u32 << (self.failures - 1).min(16);
        let wait_s = self
            .poll_seconds
            .saturating_mul(doubled)
            .min(MAX_BACKOFF_SECONDS.max(self.poll_seconds));
        self.retry_at_ms = Some(at_ms + i64::from(wait_s) * 1000);
    }

    /// Whether live polling waits at `now_ms` (backing off after failures).
    pub fn backing_off(&self, now_ms: i64) -> bool {
        self.retry_at_ms.is_some_and(|at| now_ms < at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_polls_back_off_twice_as_long_each_time_up_to_five_minutes() {
        let mut polling = Polling {
            poll_seconds: 5,
            ..Polling::default()
        };
        let mut waits = Vec::new();
        for failure in 0..9 {
            let at = failure * 1_000_000;
            polling.failed("Upstream unreachable".into(), String::new(), at);
            waits.push((polling.retry_at_ms.unwrap_or(at) - at) / 1000);
        }
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert!(polling.backing_off(8_000_000 + 299_000));
        assert!(!polling.backing_off(8_000_000 + 300_000));
        // One poll that works, and polling is back to its interval.
        polling.polled(IngestReport::default(), 9_000_000);
        assert_eq!((polling.failures, polling.retry_at_ms), (0, None));
        assert!(!polling.backing_off(9_000_001));
    }
}
