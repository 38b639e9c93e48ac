//! The overview's history, asked of the upstream for the panels the page has put up: once
//! per family, in the overview's order, two at a time, so an overview of hundreds of families
//! asks only for what is in view and never crowds out the polls. A gap between two polls
//! (an outage, a hidden tab's throttled timers, a machine that slept) is asked for the
//! same panels, first.

use std::collections::{BTreeMap, VecDeque};

use crate::{
    analysis::overview::{Overview, Summary},
    analysis::overview_history::{history_query, HISTORY_MS, HISTORY_STEP_S},
    model::credentials::Credentials,
    model::series_store::SeriesStore,
    worker::overview_view::group_of,
};

/// History queries in flight at once.
const IN_FLIGHT: usize = 2;

/// The page is told every this many answers (and after the last), rather than after each.
const ANSWERS_PER_UPDATE: usize = 6;

/// One family's history to ask for.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The family.
    pub family: String,
    /// What its panel draws.
    pub summary: Summary,
    /// The PromQL.
    pub query: String,
    /// Start of the window, ms since the epoch.
    pub start: i64,
    /// Its end: just before the first poll, or the poll after the gap.
    pub end: i64,
    /// Seconds between its points.
    pub step_s: i64,
    /// Whether it fills a gap between polls (else it is the history before the first).
    pub gap: bool,
}

/// What has been asked, what waits, and what is in flight, for one generation of the data.
#[derive(Debug, Default)]
pub struct Backfill {
    generation: u64,
    credentials: Option<Credentials>,
    /// The history job of each family asked (each is asked once), for its gaps.
    history_jobs: BTreeMap<String, Job>,
    queue: VecDeque<Job>,
    in_flight: usize,
    answered: usize,
}

impl Backfill {
    /// Queues the history of the first `panels` panels of the overview (in the order the page
    /// shows them) not asked for yet. A new generation of data starts over.
    pub fn want(
        &mut self,
        generation: u64,
        credentials: Credentials,
        store: &SeriesStore,
        overview: &Overview,
        panels: usize,
    ) {
        if generation != self.generation {
            *self = Self {
                generation,
                ..Self::default()
            };
        }
        self.credentials = Some(credentials);
        let Some(&first) = overview.times().front() else {
            return;
        };
        let mut families: Vec<_> = store
            .families()
            .iter()
            .filter(|f| overview.panel(&f.name).is_some())
            .collect();
        families.sort_by(|a, b| (group_of(&a.name), &a.name).cmp(&(group_of(&b.name), &b.name)));
        for family in families.into_iter().take(panels) {
            let Some(summary) = overview.panel(&family.name).and_then(|p| p.summary) else {
                continue;
            };
            let sample = family
                .series
                .first()
                .and_then(|&i| store.get(i))
                .map_or(family.name.as_str(), |s| &*s.name);
            let Some(query) = history_query(family.kind, summary, &family.name, sample) else {
                continue;
            };
            if !self.history_jobs.contains_key(&family.name) {
                let job = Job {
                    family: family.name.clone(),
                    summary,
                    query,
                    start: first - HISTORY_MS,
                    end: first - 1,
                    step_s: HISTORY_STEP_S,
                    gap: false,
                };
                self.history_jobs.insert(family.name.clone(), job.clone());
                self.queue.push_back(job);
            }
        }
    }

    /// Asks for the gap from `start` to `end` (ms since the epoch, both polls) in every
    /// panel whose history was asked, a point per `step_s`, ahead of the history still
    /// waiting: the gap is on screen, in the middle of the lines.
    pub fn fill(&mut self, start: i64, end: i64, step_s: i64) {
        let mut gaps: Vec<Job> = self
            .history_jobs
            .values()
            .map(|job| Job {
                start: start + 1,
                end: end - 1,
                step_s,
                gap: true,
                ..job.clone()
            })
            .collect();
        gaps.sort_by(|a, b| {
            (group_of(&a.family), &a.family).cmp(&(group_of(&b.family), &b.family))
        });
        for job in gaps.into_iter().rev() {
            self.queue.push_front(job);
        }
    }

    /// The next job to start, with the connection to ask with, while fewer than two are in
    /// flight.
    pub fn start_next(&mut self) -> Option<(Job, Credentials)> {
        if self.in_flight >= IN_FLIGHT {
            return None;
        }
        let credentials = self.credentials.clone()?;
        let job = self.queue.pop_front()?;
        self.in_flight += 1;
        Some((job, credentials))
    }

    /// A job of `generation` finished; whether the page should be told now.
    pub fn done(&mut self, generation: u64) -> bool {
        if generation != self.generation {
            return false;
        }
        self.in_flight = self.in_flight.saturating_sub(1);
        self.answered += 1;
        self.answered % ANSWERS_PER_UPDATE == 0 || (self.in_flight == 0 && self.queue.is_empty())
    }

    /// Asks nothing more for this generation (the upstream has no query API).
    pub fn stop(&mut self) {
        self.queue.clear();
        self.credentials = None;
    }

    /// The generation it works for.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::overview::fed;
    use crate::model::credentials::Credentials;

    #[test]
    fn the_panels_in_view_are_asked_once_two_at_a_time() {
        let (store, overview) = fed(&[
            "# TYPE sip_calls_total counter\nsip_calls_total 1\n# TYPE sip_up gauge\nsip_up{p=\"1\"} 1\n\
             # TYPE diameter_seconds histogram\ndiameter_seconds_bucket{le=\"+Inf\"} 1\n\
             # TYPE a_bytes gauge\na_bytes{i=\"1\"} 1\na_bytes{i=\"2\"} 1\na_bytes{i=\"3\"} 1\n\
             a_bytes{i=\"4\"} 1\na_bytes{i=\"5\"} 1\na_bytes{i=\"6\"} 1\n",
        ]);
        let mut backfill = Backfill::default();
        backfill.want(0, Credentials::default(), &store, &overview, 3);
        let mut jobs = Vec::new();
        while let Some((job, _)) = backfill.start_next() {
            jobs.push(job);
        }
        let asked: Vec<&str> = jobs.iter().map(|j| j.family.as_str()).collect();
        assert_eq!(
            asked,
            ["a_bytes", "diameter_seconds"],
            "the first three panels in the overview's order are a_bytes, diameter_seconds and \
             sip_calls_total; two go at once"
        );
        assert_eq!(jobs[0].query, "sum(a_bytes)");
        assert_eq!(jobs[0].end, overview.times()[0] - 1);
        assert!(!backfill.done(0), "one still in flight, one waiting");
        let (third, _) = backfill.start_next().expect("the third");
        assert_eq!(third.query, "sum(rate(sip_calls_total[5m]))");
        backfill.want(0, Credentials::default(), &store, &overview, 4);
        assert_eq!(
            backfill.start_next(),
            None,
            "two in flight, and sip_up's top series ask nothing"
        );
        assert!(!backfill.done(0));
        assert!(backfill.done(0), "all answered: the page is told");
        assert_eq!(backfill.start_next(), None, "nothing is asked twice");
        assert!(
            !backfill.done(7),
            "an answer for other data changes nothing"
        );
        backfill.want(1, Credentials::default(), &store, &overview, 4);
        backfill.stop();
        assert_eq!(
            backfill.start_next(),
            None,
            "stopped: nothing more is asked"
        );
    }
}
