//! Forgetting the series that left, as Prometheus's head garbage collection does: a series
//! with no sample for the retention window is dropped with its points, its place in its
//! family (and the family, once empty), and the names and values only it used. The sweep
//! is incremental: each poll looks at a slice of the series, so no poll pays for the
//! whole store, and a departed series is gone at most [`SWEEP_PARTS`] polls after its
//! window ends.

use std::collections::VecDeque;

use super::{hash_of, write_key, Series, SeriesStore};

/// The default retention: 6 hours, a full ring at the default 30 s poll.
pub const DEFAULT_RETENTION_MS: i64 = 6 * 3_600_000;

/// A poll's sweep looks at one part in this many of the series (at least [`SWEEP_MIN`]).
pub const SWEEP_PARTS: usize = 16;

/// Series a poll's sweep looks at, at least.
const SWEEP_MIN: usize = 2_048;

/// The shortest window the memory ceiling lowers retention to: 10 minutes.
pub const SHORTEST_RETENTION_MS: i64 = 600_000;

/// The default memory ceiling of the store: 512 MB.
pub const DEFAULT_BUDGET_BYTES: usize = 512_000_000;

/// How long a series that left is kept, and when each recent poll was.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Forgetting {
    /// Milliseconds a series is kept after its last sample.
    window_ms: i64,
    /// `(poll, when)` of the polls since the newest one at least a window old.
    polls: VecDeque<(usize, i64)>,
    /// The slot the next sweep starts at.
    cursor: usize,
    /// Series forgotten so far.
    forgotten: usize,
}

impl Forgetting {
    /// The default window.
    pub(super) fn new() -> Self {
        Self {
            window_ms: DEFAULT_RETENTION_MS,
            polls: VecDeque::new(),
            cursor: 0,
            forgotten: 0,
        }
    }

    /// Notes that `poll` was made at `now_ms`, and returns the newest poll more than a
    /// window before it: a series whose last poll is that one or older is forgotten.
    fn record(&mut self, poll: usize, now_ms: i64) -> Option<usize> {
        self.polls.push_back((poll, now_ms));
        let cutoff = now_ms.saturating_sub(self.window_ms);
        // Keep one poll before the cutoff: the newest such.
        while self.polls.get(1).is_some_and(|&(_, at)| at < cutoff) {
            self.polls.pop_front();
        }
        self.polls
            .front()
            .filter(|&&(_, at)| at < cutoff)
            .map(|&(poll, _)| poll)
    }
}

impl SeriesStore {
    /// Keeps `window_ms` of history: a series that left is forgotten once it has had no
    /// sample for longer than that, and each series keeps the points of that window at `poll_ms`
    /// polls (at least two).
    pub fn set_retention(&mut self, window_ms: i64, poll_ms: i64) {
        self.retention.window_ms = window_ms.max(1);
        let limit = usize::try_from(window_ms / poll_ms.max(1) + 1)
            .unwrap_or(usize::MAX)
            .clamp(2, super::MAX_POINTS_PER_SERIES);
        if limit != self.limit {
            self.limit = limit;
            for series in self.series.iter_mut().flatten() {
                series.points.set_limit(limit);
            }
        }
    }

    /// How many series have been forgotten since the store began.
    pub fn forgotten(&self) -> usize {
        self.retention.forgotten
    }

    /// Keeps the store under `budget` bytes: once it holds more than nine tenths of it,
    /// the retention window is halved (down to [`SHORTEST_RETENTION_MS`]), which trims every
    /// series' points and forgets departed series sooner. Returns the new window when it
    /// was lowered. Counting the bytes walks the series: call it now and then, not on every
    /// poll.
    pub fn keep_under(&mut self, budget: usize, poll_ms: i64) -> Option<i64> {
        let (points, other) = self.bytes();
        let window = self.retention.window_ms;
        if points + other <= budget / 10 * 9 || window <= SHORTEST_RETENTION_MS {
            return None;
        }
        let lowered = (window / 2).max(SHORTEST_RETENTION_MS);
        self.set_retention(lowered, poll_ms);
        Some(lowered)
    }

    /// The retention window, in milliseconds.
    pub fn retention_ms(&self) -> i64 {
        self.retention.window_ms
    }

    /// Records the poll just stored, made at `now_ms`, and forgets the departed series in
    /// this poll's slice of the store.
    pub(super) fn sweep(&mut self, now_ms: i64) {
        let Some(cutoff) = self.retention.record(self.polls, now_ms) else {
            return;
        };
        // The poll before the latest stays whatever the window: "what changed" lists the
        // series that left since then.
        let cutoff = cutoff.min(self.polls.saturating_sub(2));
        let slots = self.series.len();
        if slots == 0 {
            return;
        }
        let slice = (slots / SWEEP_PARTS).max(SWEEP_MIN).min(slots);
        let mut forgotten = Vec::new();
        let mut at = self.retention.cursor % slots;
        for _ in 0..slice {
            if self
                .series
                .get(at)
                .and_then(Option::as_ref)
                .is_some_and(|s| s.last_poll <= cutoff)
            {
                forgotten.push(at);
            }
            at = (at + 1) % slots;
        }
        self.retention.cursor = at;
        if !forgotten.is_empty() {
            self.forget(&forgotten);
        }
    }

    /// Forgets the series at `indexes`.
    fn forget(&mut self, indexes: &[usize]) {
        let mut families = Vec::new();
        let mut key = String::new();
        for &index in indexes {
            let Some(series) = self.series.get_mut(index).and_then(Option::take) else {
                continue;
            };
            families.extend(self.family_of_series(&series));
            write_key(
                &mut key,
                &series.name,
                series.labels.iter().map(|(n, v)| (&**n, &**v)),
            );
            self.unindex(index, &key);
            let Series { name, labels, .. } = series;
            self.symbols.release(name, labels);
            self.free.push(index);
            self.retention.forgotten += 1;
        }
        families.sort_unstable();
        families.dedup();
        let slots = &self.series;
        let mut emptied = false;
        for family in families {
            if let Some(family) = self.families.get_mut(family) {
                family
                    .series
                    .retain(|&i| slots.get(i).is_some_and(Option::is_some));
                emptied |= family.series.is_empty();
            }
        }
        if emptied {
            self.families.retain(|f| !f.series.is_empty());
            self.family_index = self
                .families
                .iter()
                .enumerate()
                .map(|(i, f)| (f.name.clone(), i))
                .collect();
        }
    }

    /// Takes series `index`, whose key is `key`, out of the index.
    fn unindex(&mut self, index: usize, key: &str) {
        let hash = hash_of(key);
        if self.index.get(&hash) != Some(&index) {
            self.collided.remove(key);
            return;
        }
        self.index.remove(&hash);
        // A series that shares the hash moves from the collided keys into the index, where
        // `find` looks first.
        let sharer = self
            .collided
            .keys()
            .find(|other| hash_of(other) == hash)
            .cloned();
        if let Some(other) = sharer {
            if let Some(moved) = self.collided.remove(&other) {
                self.index.insert(hash, moved);
            }
        }
    }
}
