//! The overview's data: one summary of every family, kept poll by poll beside the
//! store. Each poll adds one point per summary line, worked out from the latest two points
//! of each series (which the store keeps whole), so keeping the board costs one pass over
//! the series per poll and never decodes a chunk.
//!
//! What a family's panel draws follows its kind, as an operator would write it in PromQL:
//! - a counter: its summed rate (`sum(rate(x[..]))`);
//! - a gauge: its sum, or, where a sum means nothing (seconds, ratios, temperatures, info
//!   and timestamps) or the family has five series or fewer, its top five series;
//! - a histogram: p50, p90 and p99 over all its series, from the summed bucket rates
//!   (`histogram_quantile(q, sum by (le) (rate(x_bucket[..])))`);
//! - a summary: each of its quantiles, averaged over its series.

use std::collections::{BTreeMap, VecDeque};

use crate::{
    analysis::quantile::from_buckets,
    model::metric_kind::MetricKind,
    model::point::{merge, Point},
    model::series_store::{Family, Series, SeriesStore, DEFAULT_POINTS_PER_SERIES},
    model::units::Unit,
};

/// The quantiles a histogram's panel draws, with their legends.
pub const HISTOGRAM_QUANTILES: [(f64, &str); 3] = [(0.5, "p50"), (0.9, "p90"), (0.99, "p99")];

/// A gauge family with at most this many series draws each of them; so does one whose
/// sum means nothing, its top ones.
pub const TOP_SERIES: usize = 5;

/// What a family's panel draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Summary {
    /// The per-second rate summed over the series.
    SummedRate,
    /// The values summed over the series.
    Sum,
    /// The series with the highest latest values, each as it is.
    TopSeries,
    /// Quantiles over all series.
    Quantiles,
}

impl Summary {
    /// What a family of `kind` called `name` (in `unit`, with `series` series) draws.
    pub fn of(kind: MetricKind, name: &str, unit: Option<&str>, series: usize) -> Self {
        match kind {
            MetricKind::Counter => Self::SummedRate,
            MetricKind::Histogram | MetricKind::Summary => Self::Quantiles,
            MetricKind::Gauge | MetricKind::Unknown => {
                if series <= TOP_SERIES || !summable(name, unit) {
                    Self::TopSeries
                } else {
                    Self::Sum
                }
            }
        }
    }

    /// How the panel says what it draws.
    pub fn describe(self) -> &'static str {
        match self {
            Self::SummedRate => "summed rate",
            Self::Sum => "sum",
            Self::TopSeries => "top series",
            Self::Quantiles => "quantiles",
        }
    }
}

/// Whether adding up a gauge's series means something: bytes, counts and connections do;
/// durations, ratios, temperatures, timestamps and info metrics do not.
pub fn summable(name: &str, unit: Option<&str>) -> bool {
    let unit_allows = !matches!(
        Unit::of(name, unit),
        Unit::Seconds | Unit::Ratio | Unit::Percent
    );
    let word_allows = ![
        "_info",
        "_timestamp",
        "_celsius",
        "_fahrenheit",
        "_temperature",
        "_version",
    ]
    .iter()
    .any(|ending| name.ends_with(ending));
    unit_allows && word_allows
}

/// One family's summary lines, one value per poll the board has seen (NaN where the line
/// had none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelSeries {
    /// What it draws.
    pub summary: Option<Summary>,
    /// Legend and values, oldest first, aligned with [`Overview::times`].
    pub lines: Vec<(String, VecDeque<f64>)>,
}

/// A line of a panel from the upstream's history: its legend and points.
pub type HistoryLine = (String, Vec<Point>);

/// The summaries of every family, poll by poll, for as many polls as the store keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    times: VecDeque<i64>,
    panels: BTreeMap<String, PanelSeries>,
    /// Each family's lines from before the first poll, read from the upstream's history,
    /// with the summary they were asked for.
    history: BTreeMap<String, (Summary, Vec<HistoryLine>)>,
    /// Each family's lines in the gaps between polls (an outage, a hidden tab, a machine
    /// asleep), read from the upstream's history, with the summary they were asked for.
    gaps: BTreeMap<String, (Summary, Vec<HistoryLine>)>,
    limit: usize,
}

impl Default for Overview {
    fn default() -> Self {
        Self::new(DEFAULT_POINTS_PER_SERIES)
    }
}

impl Overview {
    /// An empty board keeping at most `limit` polls.
    pub fn new(limit: usize) -> Self {
        Self {
            times: VecDeque::new(),
            panels: BTreeMap::new(),
            history: BTreeMap::new(),
            gaps: BTreeMap::new(),
            limit: limit.max(2),
        }
    }

    /// The poll times, oldest first (ms since the epoch).
    pub fn times(&self) -> &VecDeque<i64> {
        &self.times
    }

    /// A family's summary, by name.
    pub fn panel(&self, family: &str) -> Option<&PanelSeries> {
        self.panels.get(family)
    }

    /// A family's lines from before the first poll, if its history came for what its panel
    /// draws now (metadata arriving later can change a family's kind, and so its summary).
    pub fn history(&self, family: &str) -> &[(String, Vec<Point>)] {
        self.drawn_now(&self.history, family)
    }

    /// A family's lines in the gaps between polls, if they came for what its panel draws
    /// now.
    pub fn gaps(&self, family: &str) -> &[(String, Vec<Point>)] {
        self.drawn_now(&self.gaps, family)
    }

    /// A family's lines in `kept`, if they came for the summary its panel draws now.
    fn drawn_now<'a>(
        &self,
        kept: &'a BTreeMap<String, (Summary, Vec<HistoryLine>)>,
        family: &str,
    ) -> &'a [(String, Vec<Point>)] {
        let drawn = self.panels.get(family).and_then(|p| p.summary);
        match kept.get(family) {
            Some((summary, lines)) if Some(*summary) == drawn => lines,
            _ => &[],
        }
    }

    /// Keeps a family's `lines` from the upstream's history over a gap between two polls:
    /// the points after `start` and before `end` (ms since the epoch), added to those of
    /// the gaps before.
    pub fn fill_gap(
        &mut self,
        family: &str,
        summary: Summary,
        lines: Vec<HistoryLine>,
        start: i64,
        end: i64,
    ) {
        let entry = self
            .gaps
            .entry(family.to_owned())
            .or_insert_with(|| (summary, Vec::new()));
        if entry.0 != summary {
            *entry = (summary, Vec::new());
        }
        for (label, points) in lines {
            let inside = points.into_iter().filter(|&(t, _)| start <= t && t <= end);
            match entry.1.iter_mut().find(|(l, _)| *l == label) {
                Some((_, kept)) => merge(kept, inside),
                None => entry.1.push((label, inside.collect())),
            }
        }
    }

    /// Keeps a family's `lines` from the upstream's history: the points before the board's
    /// first poll (the polls themselves have the rest).
    pub fn set_history(&mut self, family: &str, summary: Summary, lines: Vec<HistoryLine>) {
        let first = self.times.front().copied().unwrap_or(i64::MAX);
        let lines: Vec<HistoryLine> = lines
            .into_iter()
            .map(|(label, points)| {
                (
                    label,
                    points.into_iter().filter(|&(t, _)| t < first).collect(),
                )
            })
            .filter(|(_, points): &(String, Vec<Point>)| !points.is_empty())
            .collect();
        self.history.insert(family.to_owned(), (summary, lines));
    }

    /// Adds the store's latest poll, taken at `at_ms`: one point per summary line. Families
    /// the store no longer has leave the board.
    pub fn after_poll(&mut self, store: &SeriesStore, at_ms: i64) {
        let poll = store.polls();
        if self.times.len() >= self.limit {
            // The polls now fill the window: history from before them has left it.
            self.history.clear();
            self.times.pop_front();
            for panel in self.panels.values_mut() {
                for (_, values) in &mut panel.lines {
                    values.pop_front();
                }
            }
        }
        self.times.push_back(at_ms);
        let held = self.times.len();
        self.panels
            .retain(|name, _| store.family(name).is_some_and(|f| !f.series.is_empty()));
        let panels = &self.panels;
        self.history.retain(|name, _| panels.contains_key(name));
        // Gaps older than the first poll kept have left the window.
        let first = self.times.front().copied().unwrap_or(at_ms);
        self.gaps.retain(|name, (_, lines)| {
            for (_, points) in lines.iter_mut() {
                points.retain(|&(t, _)| t >= first);
            }
            lines.retain(|(_, points)| !points.is_empty());
            panels.contains_key(name) && !lines.is_empty()
        });
        for family in store.families() {
            let members: Vec<&Series> = family
                .series
                .iter()
                .filter_map(|&i| store.get(i))
                .filter(|s| s.last_poll == poll)
                .collect();
            let summary = Summary::of(
                family.kind,
                &family.name,
                family.unit.as_deref(),
                members.len(),
            );
            let values = summarise(family, summary, &members);
            let panel = self.panels.entry(family.name.clone()).or_default();
            panel.summary = Some(summary);
            for (_, line) in &mut panel.lines {
                line.push_back(f64::NAN);
            }
            for (label, value) in values {
                match panel.lines.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, line)) => {
                        if let Some(last) = line.back_mut() {
                            *last = value;
                        }
                    }
                    None => {
                        let mut line: VecDeque<f64> =
                            std::iter::repeat_n(f64::NAN, held - 1).collect();
                        line.push_back(value);
                        panel.lines.push((label, line));
                    }
                }
            }
            // A line with no value left in the window (a summary's quantile that went away,
            // or a quantile never computable) leaves the panel.
            panel
                .lines
                .retain(|(_, line)| line.iter().any(|v| !v.is_nan()));
        }
    }
}

/// The summary values of one poll: legend and value. Top series are read from the store
/// when the board is shown, so they give none here.
fn summarise(family: &Family, summary: Summary, members: &[&Series]) -> Vec<(String, f64)> {
    match summary {
        Summary::SummedRate => summed_rate(members)
            .map(|rate| vec![("rate".to_owned(), rate)])
            .unwrap_or_default(),
        Summary::Sum => {
            let values: Vec<f64> = members
                .iter()
                .filter_map(|s| s.latest())
                .map(|(_, v)| v)
                .collect();
            if values.is_empty() {
                Vec::new()
            } else {
                vec![("sum".to_owned(), values.iter().sum())]
            }
        }
        Summary::TopSeries => Vec::new(),
        Summary::Quantiles if family.kind == MetricKind::Histogram => histogram(members),
        Summary::Quantiles => summary_quantiles(members),
    }
}

/// The per-second rate of a counter series between its last two points, counting a drop
/// as a restart from zero; `None` with fewer than two points.
fn rate_of(series: &Series) -> Option<f64> {
    let (t, v) = series.latest()?;
    let (before_t, before) = series.points.previous()?;
    if t <= before_t {
        return None;
    }
    let increase = if v >= before { v - before } else { v };
    Some(increase * 1000.0 / (t - before_t) as f64)
}

/// The rates of `members` summed; `None` when none has two points yet.
fn summed_rate(members: &[&Series]) -> Option<f64> {
    members
        .iter()
        .filter_map(|s| rate_of(s))
        .fold(None, |sum, rate| Some(sum.unwrap_or(0.0) + rate))
}

/// p50, p90 and p99 from the bucket rates summed by `le` over the family.
fn histogram(members: &[&Series]) -> Vec<(String, f64)> {
    let mut by_bound: BTreeMap<u64, (f64, f64)> = BTreeMap::new();
    for series in members.iter().filter(|s| s.name.ends_with("_bucket")) {
        let Some(bound) = series.label("le").and_then(parse_bound) else {
            continue;
        };
        if let Some(rate) = rate_of(series) {
            by_bound.entry(bound.to_bits()).or_insert((bound, 0.0)).1 += rate;
        }
    }
    let buckets: Vec<(f64, f64)> = by_bound.into_values().collect();
    HISTOGRAM_QUANTILES
        .iter()
        .filter_map(|&(q, label)| from_buckets(q, &buckets).map(|v| (label.to_owned(), v)))
        .collect()
}

/// Each quantile of a summary, averaged over the series that report it.
fn summary_quantiles(members: &[&Series]) -> Vec<(String, f64)> {
    let mut by_quantile: BTreeMap<u64, (f64, f64, usize)> = BTreeMap::new();
    for series in members {
        let (Some(q), Some((_, value))) = (
            series.label("quantile").and_then(parse_bound),
            series.latest(),
        ) else {
            continue;
        };
        if value.is_nan() {
            continue;
        }
        let entry = by_quantile.entry(q.to_bits()).or_insert((q, 0.0, 0));
        entry.1 += value;
        entry.2 += 1;
    }
    let mut out: Vec<(f64, String, f64)> = by_quantile
        .into_values()
        .map(|(q, sum, n)| (q, quantile_label(q), sum / n as f64))
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out.into_iter().map(|(_, label, v)| (label, v)).collect()
}

/// A bucket bound or quantile as written in a label (`+Inf` included).
fn parse_bound(text: &str) -> Option<f64> {
    match text {
        "+Inf" | "Inf" => Some(f64::INFINITY),
        other => other.parse().ok(),
    }
}

/// `0.99` as `p99`, `0.999` as `p99.9`, `0.5` as `p50`.
pub fn quantile_label(q: f64) -> String {
    let percent = (q * 1000.0).round() / 10.0;
    format!("p{percent}")
}

/// A store and its board fed with `polls`, one every 10 s from 10 s on (for tests).
#[cfg(test)]
pub(crate) fn fed(polls: &[&str]) -> (SeriesStore, Overview) {
    let mut store = SeriesStore::new(100);
    let mut board = Overview::new(100);
    for (i, poll) in polls.iter().enumerate() {
        let at = (i as i64 + 1) * 10_000;
        store.ingest(poll.as_bytes(), None, at).expect("parses");
        board.after_poll(&store, at);
    }
    (store, board)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(board: &Overview, family: &str, label: &str) -> Vec<f64> {
        board
            .panel(family)
            .and_then(|p| p.lines.iter().find(|(l, _)| l == label))
            .map(|(_, values)| values.iter().copied().collect())
            .unwrap_or_else(|| panic!("{family} has no line {label}"))
    }

    #[test]
    fn a_counter_draws_its_rates_summed_over_its_series() {
        let (_, board) = fed(&[
            "# TYPE calls_total counter\ncalls_total{a=\"x\"} 10\ncalls_total{a=\"y\"} 100\n",
            "# TYPE calls_total counter\ncalls_total{a=\"x\"} 30\ncalls_total{a=\"y\"} 150\n",
            // y restarted: its 5 counts from zero.
            "# TYPE calls_total counter\ncalls_total{a=\"x\"} 40\ncalls_total{a=\"y\"} 5\n",
        ]);
        let rates = line(&board, "calls_total", "rate");
        assert!(rates[0].is_nan(), "no rate from one poll: {rates:?}");
        assert_eq!(&rates[1..], &[7.0, 1.5]);
        assert_eq!(
            board.times().iter().copied().collect::<Vec<_>>(),
            [10_000, 20_000, 30_000]
        );
    }

    #[test]
    fn a_histogram_draws_quantiles_of_its_summed_bucket_rates() {
        let poll = |a1: u32, ainf: u32, b1: u32, binf: u32| {
            format!(
                "# TYPE lat_seconds histogram\n\
                 lat_seconds_bucket{{le=\"1\",pod=\"a\"}} {a1}\nlat_seconds_bucket{{le=\"+Inf\",pod=\"a\"}} {ainf}\n\
                 lat_seconds_bucket{{le=\"1\",pod=\"b\"}} {b1}\nlat_seconds_bucket{{le=\"+Inf\",pod=\"b\"}} {binf}\n\
                 lat_seconds_count{{pod=\"a\"}} {ainf}\nlat_seconds_count{{pod=\"b\"}} {binf}\n"
            )
        };
        let (first, second) = (poll(0, 0, 0, 0), poll(60, 100, 20, 100));
        let (_, board) = fed(&[&first, &second]);
        // Over 10 s: 80 of 200 observations at or under 1 s, summed over both pods.
        // p50 falls in the +Inf bucket, which gives its lower bound; p90 and p99 too.
        assert_eq!(line(&board, "lat_seconds", "p50")[1], 1.0);
        let (_, board) = fed(&[&first, &poll(90, 100, 90, 100)]);
        // 180 of 200 under 1 s: the p50 rank (100) interpolates inside (0, 1].
        let p50 = line(&board, "lat_seconds", "p50")[1];
        assert!((p50 - 100.0 / 180.0).abs() < 1e-9, "{p50}");
    }

    #[test]
    fn a_summary_draws_each_quantile_averaged_over_its_series() {
        let (_, board) = fed(&["# TYPE rpc_seconds summary\n\
             rpc_seconds{quantile=\"0.5\",pod=\"a\"} 1\nrpc_seconds{quantile=\"0.5\",pod=\"b\"} 3\n\
             rpc_seconds{quantile=\"0.99\",pod=\"a\"} 10\nrpc_seconds{quantile=\"0.99\",pod=\"b\"} 20\n\
             rpc_seconds_count{pod=\"a\"} 5\nrpc_seconds_sum{pod=\"a\"} 5\n"]);
        assert_eq!(line(&board, "rpc_seconds", "p50"), [2.0]);
        assert_eq!(line(&board, "rpc_seconds", "p99"), [15.0]);
    }

    #[test]
    fn a_gauge_is_summed_only_where_a_sum_means_something() {
        let many = |name: &str| -> String {
            let mut text = format!("# TYPE {name} gauge\n");
            for pod in 0..6 {
                text.push_str(&format!("{name}{{pod=\"{pod}\"}} {pod}\n"));
            }
            text
        };
        let poll = format!("{}{}", many("sessions"), many("queue_seconds"));
        let (_, board) = fed(&[&poll]);
        assert_eq!(line(&board, "sessions", "sum"), [15.0]);
        let panel = board.panel("queue_seconds").expect("a panel");
        assert_eq!(panel.summary, Some(Summary::TopSeries));
        assert!(panel.lines.is_empty(), "top series are read when shown");
        assert_eq!(
            Summary::of(MetricKind::Gauge, "sessions", None, 3),
            Summary::TopSeries
        );
        assert!(!summable("node_hwmon_temp_celsius", None));
        assert!(!summable("cpu_usage", Some("ratio")));
        assert!(summable("memory_bytes", None));
    }

    #[test]
    fn families_that_come_late_are_padded_and_those_that_leave_go() {
        let mut store = SeriesStore::new(4);
        // Forty seconds of history at 10 s polls.
        store.set_retention(40_000, 10_000);
        let mut board = Overview::new(4);
        let polls = [
            "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"3\"} 1\na{x=\"4\"} 1\na{x=\"5\"} 1\na{x=\"6\"} 1\n",
            "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"3\"} 1\na{x=\"4\"} 1\na{x=\"5\"} 1\na{x=\"6\"} 1\n\
             # TYPE b_total counter\nb_total 1\n",
        ];
        for (i, poll) in polls.iter().enumerate() {
            let at = (i as i64 + 1) * 10_000;
            store.ingest(poll.as_bytes(), None, at).expect("parses");
            board.after_poll(&store, at);
        }
        assert_eq!(line(&board, "a", "sum"), [6.0, 6.0]);
        assert!(board.panel("b_total").is_some_and(|p| p.lines.is_empty()));
        // b stays for as long as the store keeps it, a keeps a ring of four polls.
        for i in 2..8 {
            let at = (i + 1) * 10_000;
            store.ingest(polls[0].as_bytes(), None, at).expect("parses");
            board.after_poll(&store, at);
        }
        assert_eq!(board.times().len(), 4);
        assert_eq!(line(&board, "a", "sum").len(), 4);
        assert!(
            board.panel("b_total").is_none(),
            "b left the store and the board"
        );
    }

    #[test]
    fn quantiles_are_named_as_operators_say_them() {
        assert_eq!(quantile_label(0.5), "p50");
        assert_eq!(quantile_label(0.99), "p99");
        assert_eq!(quantile_label(0.999), "p99.9");
    }
}
