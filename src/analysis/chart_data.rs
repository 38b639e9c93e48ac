//! What the chart shows for a family, computed from the store: rates for counters,
//! estimated quantiles for histograms, values otherwise; legends with only the labels that
//! differ; the top series first.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    analysis::chart_line::ChartLine,
    analysis::quantile,
    analysis::rate::per_second,
    model::metric_kind::MetricKind,
    model::point::Point,
    model::series_store::{Family, Series, SeriesStore},
    model::{point::join, range_series::RangeSeries},
};

/// A label set borrowed from the store, as sorted name-value pairs.
pub type LabelsRef<'a> = Vec<(&'a str, &'a str)>;

/// How many lines a chart shows before "show all".
pub const TOP_LINES: usize = 10;

/// History loaded from the upstream, by label set (and sample name when it has one).
#[derive(Debug, Default)]
pub struct HistoryIndex<'a> {
    series: rustc_hash::FxHashMap<String, &'a [Point]>,
}

/// A range series' identity as text: its sample name (empty when the query dropped it),
/// then its sorted labels.
fn history_key<'b>(name: Option<&str>, labels: impl Iterator<Item = (&'b str, &'b str)>) -> String {
    let mut key = String::from(name.unwrap_or_default());
    for (n, v) in labels {
        key.push('\u{0}');
        key.push_str(n);
        key.push('=');
        key.push_str(v);
    }
    key
}

impl<'a> HistoryIndex<'a> {
    /// Indexes the series of a range query's answer.
    pub fn new(series: &'a [RangeSeries]) -> Self {
        Self {
            series: series
                .iter()
                .map(|s| {
                    let labels = s.labels.iter().map(|(n, v)| (n.as_str(), v.as_str()));
                    (history_key(s.name.as_deref(), labels), s.points.as_slice())
                })
                .collect(),
        }
    }

    /// The history of `series`: by name and labels, or by labels alone (a `rate()` drops
    /// the name).
    pub fn of(&self, series: &Series) -> &'a [Point] {
        if self.series.is_empty() {
            return &[];
        }
        let labels = || series.labels.iter().map(|(n, v)| (&**n, &**v));
        self.series
            .get(&history_key(Some(&series.name), labels()))
            .or_else(|| self.series.get(&history_key(None, labels())))
            .copied()
            .unwrap_or(&[])
    }
}

/// What the chart asks of a family.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LineRequest {
    /// Label filters: only series with these values.
    pub filters: BTreeMap<String, String>,
    /// Counters as raw values instead of per-second rates.
    pub raw_counters: bool,
    /// Every line instead of the top ones (as a band beyond [`ALL_LINES`]).
    pub show_all: bool,
    /// Only lines whose legend contains this text (case-insensitive).
    pub legend_search: String,
}

/// The lines a chart draws, and how many there are.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LineSet {
    /// The lines to draw, the top ones first; with "show all" beyond [`ALL_LINES`], the top
    /// lines then the band's minimum, median and maximum.
    pub lines: Vec<ChartLine>,
    /// Lines in the family after the filters.
    pub total: usize,
    /// Of those, the lines the legend search matches.
    pub matching: usize,
    /// Whether the last three lines are the band of all matching lines.
    pub banded: bool,
}

/// The most lines "show all" draws one by one; beyond it, the top lines and a band.
pub const ALL_LINES: usize = 200;

/// The band's colour in the palette: grey.
const BAND_COLOR: usize = 7;

/// Columns of the band: about one per two pixels of a wide chart.
const BAND_COLUMNS: usize = 640;

/// One line before its points are computed: the value it ranks by, and how to compute it
/// and its legend (both only for the lines drawn, or searched).
struct Candidate<'a> {
    score: f64,
    source: Source<'a>,
}

/// What legends name: the labels whose values differ between the lines, and whether the
/// sample names differ too.
#[derive(Debug, Default)]
struct Legends<'a> {
    differing: Vec<&'a str>,
    names_differ: bool,
}

impl Legends<'_> {
    /// The legend of a candidate line.
    fn of(&self, source: &Source<'_>) -> String {
        match *source {
            Source::Series(s, _) => {
                let labels: Vec<String> = self
                    .differing
                    .iter()
                    .map(|name| format!("{name}=\"{}\"", s.label(name).unwrap_or_default()))
                    .collect();
                match (self.names_differ, labels.is_empty()) {
                    (true, false) => format!("{}{{{}}}", s.name, labels.join(", ")),
                    (_, true) => s.name.to_string(),
                    (false, false) => format!("{{{}}}", labels.join(", ")),
                }
            }
            Source::Quantile(key, _, q) => {
                let shown: Vec<String> = key
                    .iter()
                    .filter(|(n, _)| self.differing.contains(n))
                    .map(|(n, v)| format!("{n}=\"{v}\""))
                    .collect();
                let quantile = (q * 100.0).round();
                if shown.is_empty() {
                    format!("p{quantile}")
                } else {
                    format!("{{{}}} p{quantile}", shown.join(", "))
                }
            }
        }
    }
}

/// Where a line's points come from.
enum Source<'a> {
    /// A series, as values or as per-second rates.
    Series(&'a Series, bool),
    /// A quantile of a histogram's bucket group (its labels other than `le`, its buckets).
    Quantile(&'a LabelsRef<'a>, &'a [(f64, &'a Series)], f64),
}

/// The lines for `family`: ranked by their latest value without computing them, so that
/// only the lines drawn cost their points. `history` (values as the chart shows them:
/// rates for counters, bucket rates for histograms) comes before the polled points.
pub fn lines(
    store: &SeriesStore,
    family: &Family,
    request: &LineRequest,
    history: &HistoryIndex<'_>,
) -> LineSet {
    let members = members(store, family, &request.filters);
    let groups;
    let (mut candidates, legends) = match family.kind {
        MetricKind::Histogram => {
            groups = bucket_groups(&members, &family.name);
            histogram_candidates(&groups, history)
        }
        MetricKind::Counter if !request.raw_counters => plain(&members, true, history),
        MetricKind::Summary => {
            // The quantile series; `_count` and `_sum` belong in the table, not on this axis.
            let quantiles: Vec<&Series> = members
                .iter()
                .copied()
                .filter(|s| s.label("quantile").is_some())
                .collect();
            plain(&quantiles, false, history)
        }
        _ => plain(&members, false, history),
    };
    let total = candidates.len();
    let needle = request.legend_search.trim().to_lowercase();
    if !needle.is_empty() {
        candidates.retain(|c| legends.of(&c.source).to_lowercase().contains(&needle));
    }
    let matching = candidates.len();
    // The highest latest value first; equal ones keep the order of their labels.
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let one_by_one = if request.show_all && matching <= ALL_LINES {
        matching
    } else {
        TOP_LINES
    };
    let mut lines: Vec<ChartLine> = candidates
        .iter()
        .take(one_by_one)
        .enumerate()
        .map(|(color, c)| ChartLine {
            label: legends.of(&c.source),
            points: points_of(&c.source, history),
            color,
            dashed: false,
        })
        .collect();
    let banded = request.show_all && matching > ALL_LINES;
    if banded {
        lines.extend(band(&candidates, history));
    }
    LineSet {
        lines,
        total,
        matching,
        banded,
    }
}

/// The lines of a PromQL answer, as a family's: every line up to [`ALL_LINES`], beyond that
/// the top ones by their last value and the band of all (so a 58,000-series answer is never
/// 58,000 paths), each named by `legend`; whether the band is there.
pub fn answer_lines(
    series: Vec<RangeSeries>,
    legend: &dyn Fn(&RangeSeries) -> String,
) -> (Vec<ChartLine>, bool) {
    let last = |points: &[Point]| {
        points
            .iter()
            .rev()
            .map(|p| p.1)
            .find(|v| v.is_finite())
            .unwrap_or(f64::NEG_INFINITY)
    };
    let banded = series.len() > ALL_LINES;
    let mut series = series;
    if banded {
        series.sort_by(|a, b| last(&b.points).total_cmp(&last(&a.points)));
    }
    let band = if banded {
        let all: Vec<Vec<Point>> = series.iter().map(|s| s.points.clone()).collect();
        band_of(&all)
    } else {
        Vec::new()
    };
    let shown = if banded { TOP_LINES } else { series.len() };
    let mut lines: Vec<ChartLine> = series
        .into_iter()
        .take(shown)
        .enumerate()
        .map(|(color, s)| ChartLine {
            label: legend(&s),
            points: s.points,
            color,
            dashed: false,
        })
        .collect();
    lines.extend(band);
    (lines, banded)
}

/// A line's points: its history, then what the polls give.
fn points_of(source: &Source<'_>, history: &HistoryIndex<'_>) -> Vec<Point> {
    match *source {
        Source::Series(s, rate) => {
            let live: Vec<Point> = if rate {
                per_second(s.points.iter())
            } else {
                s.points.iter().collect()
            };
            join(history.of(s), &live)
        }
        Source::Quantile(_, buckets, q) => {
            let past: Vec<(f64, &[Point])> =
                buckets.iter().map(|(le, s)| (*le, history.of(s))).collect();
            join(&history_quantile(&past, q), &polled_quantile(buckets, q))
        }
    }
}

/// The minimum, median and maximum of every line at each of [`BAND_COLUMNS`] slices of
/// their common time range: what "show all" draws for a family too large to draw line by
/// line. Each line gives one value per slice (its last there), so the band costs one pass
/// over the points.
fn band(candidates: &[Candidate<'_>], history: &HistoryIndex<'_>) -> Vec<ChartLine> {
    let all: Vec<Vec<Point>> = candidates
        .iter()
        .map(|c| points_of(&c.source, history))
        .collect();
    band_of(&all)
}

/// The band of `all` lines: their minimum, median and maximum at each of [`BAND_COLUMNS`]
/// slices of their common time range.
fn band_of(all: &[Vec<Point>]) -> Vec<ChartLine> {
    let start = all.iter().filter_map(|p| p.first()).map(|p| p.0).min();
    let end = all.iter().filter_map(|p| p.last()).map(|p| p.0).max();
    let (Some(start), Some(end)) = (start, end) else {
        return Vec::new();
    };
    let span = (end - start).max(1) as f64;
    let column_of =
        |t: i64| (((t - start) as f64 / span) * (BAND_COLUMNS - 1) as f64).round() as usize;
    let mut columns: Vec<Vec<f64>> = vec![Vec::new(); BAND_COLUMNS];
    let mut times: Vec<i64> = vec![i64::MIN; BAND_COLUMNS];
    for points in all {
        let mut last: Option<(usize, f64)> = None;
        for &(t, v) in points.iter().filter(|p| p.1.is_finite()) {
            let c = column_of(t).min(BAND_COLUMNS - 1);
            if let Some((lc, lv)) = last.filter(|(lc, _)| *lc != c) {
                if let Some(column) = columns.get_mut(lc) {
                    column.push(lv);
                }
            }
            last = Some((c, v));
            if let Some(slot) = times.get_mut(c) {
                *slot = (*slot).max(t);
            }
        }
        if let Some((c, v)) = last {
            if let Some(column) = columns.get_mut(c) {
                column.push(v);
            }
        }
    }
    let n = all.len();
    let mut low = Vec::new();
    let mut mid = Vec::new();
    let mut high = Vec::new();
    for (values, &t) in columns.iter_mut().zip(&times) {
        if values.is_empty() {
            continue;
        }
        values.sort_unstable_by(f64::total_cmp);
        if let (Some(&min), Some(&median), Some(&max)) =
            (values.first(), values.get(values.len() / 2), values.last())
        {
            low.push((t, min));
            mid.push((t, median));
            high.push((t, max));
        }
    }
    let line = |label: String, points: Vec<Point>, color: usize| ChartLine {
        label,
        points,
        color,
        dashed: false,
    };
    vec![
        line(format!("max of all {n}"), high, BAND_COLOR),
        line(format!("median of all {n}"), mid, BAND_COLOR),
        line(format!("min of all {n}"), low, BAND_COLOR),
    ]
}

/// The family's series that pass the label filters.
pub fn members<'a>(
    store: &'a SeriesStore,
    family: &Family,
    filters: &BTreeMap<String, String>,
) -> Vec<&'a Series> {
    family
        .series
        .iter()
        .filter_map(|&i| store.get(i))
        .filter(|s| {
            filters
                .iter()
                .all(|(name, value)| s.label(name) == Some(value))
        })
        .collect()
}

/// A label's values, as the filter offers them: the first ones in order, and how many
/// there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LabelValues {
    /// The first [`VALUES_OFFERED`] values, sorted.
    pub values: Vec<String>,
    /// How many values the label has.
    pub total: usize,
}

/// Values a label filter lists at most; beyond, the filter is typed (with these as
/// suggestions), since a list of 1,755 instances helps nobody.
pub const VALUES_OFFERED: usize = 100;

/// The labels a user can filter the family by: those with more than one value (other than
/// `le` and `quantile`), with their values.
pub fn label_choices(store: &SeriesStore, family: &Family) -> BTreeMap<String, LabelValues> {
    // Each distinct label is one interned pair, so the series are scanned by the pairs'
    // addresses and only the few distinct pairs are read as text; sorted only at the end.
    let mut seen: rustc_hash::FxHashSet<usize> = rustc_hash::FxHashSet::default();
    let mut choices: rustc_hash::FxHashMap<&str, Vec<&str>> = rustc_hash::FxHashMap::default();
    for series in family.series.iter().filter_map(|&i| store.get(i)) {
        for pair in series.labels.pairs() {
            if seen.insert(std::rc::Rc::as_ptr(pair) as usize) {
                let (name, value) = &**pair;
                if &**name != "le" && &**name != "quantile" {
                    choices.entry(&**name).or_default().push(&**value);
                }
            }
        }
    }
    choices
        .into_iter()
        .filter(|(_, values)| values.len() > 1)
        .map(|(name, values)| {
            let total = values.len();
            let mut values: Vec<&str> = values.into_iter().collect();
            values.sort_unstable();
            let values = values
                .into_iter()
                .take(VALUES_OFFERED)
                .map(str::to_owned)
                .collect();
            (name.to_owned(), LabelValues { values, total })
        })
        .collect()
}

/// What the legends of `series` name: only the labels whose values differ (plus the sample
/// name when the family mixes names).
fn legends<'a>(series: &[&'a Series]) -> Legends<'a> {
    let names: BTreeSet<&str> = series
        .iter()
        .flat_map(|s| s.labels.iter().map(|(name, _)| &**name))
        .collect();
    let first = series.first();
    Legends {
        differing: names
            .into_iter()
            .filter(|name| {
                let reference = first.and_then(|s| s.label(name));
                series.iter().any(|s| s.label(name) != reference)
            })
            .collect(),
        names_differ: series
            .iter()
            .any(|s| first.is_some_and(|f| f.name != s.name)),
    }
}

/// One line per series, in the order of their labels, each scored by its latest value (or
/// rate, from the two points kept whole).
fn plain<'a>(
    series: &[&'a Series],
    rate: bool,
    history: &HistoryIndex<'_>,
) -> (Vec<Candidate<'a>>, Legends<'a>) {
    let mut sorted = series.to_vec();
    sorted.sort_by(|a, b| (&a.name, &a.labels).cmp(&(&b.name, &b.labels)));
    let candidates = sorted
        .iter()
        .map(|&s| {
            let polled = if rate {
                match (s.points.previous(), s.points.back()) {
                    (Some(before), Some(now)) => per_second([before, now]).first().map(|p| p.1),
                    _ => None,
                }
            } else {
                s.latest().map(|p| p.1)
            };
            let score = polled
                .or_else(|| history.of(s).last().map(|p| p.1))
                .filter(|v| v.is_finite())
                .unwrap_or(f64::NEG_INFINITY);
            Candidate {
                score,
                source: Source::Series(s, rate),
            }
        })
        .collect();
    (candidates, legends(series))
}

/// A histogram's bucket group: its labels other than `le`, and its buckets as `(le, series)`.
pub type BucketGroup<'a> = (LabelsRef<'a>, Vec<(f64, &'a Series)>);

/// The bucket series of a histogram family, grouped by their other labels, in the order of
/// those labels. Names and values are interned, so a group is found by the addresses of its
/// strings, without comparing them.
pub fn bucket_groups<'a>(series: &[&'a Series], family: &str) -> Vec<BucketGroup<'a>> {
    let bucket_name = format!("{family}_bucket");
    let mut bounds = Bounds::default();
    let mut found: rustc_hash::FxHashMap<Vec<usize>, usize> = rustc_hash::FxHashMap::default();
    let mut groups: Vec<BucketGroup<'a>> = Vec::new();
    let mut address = Vec::new();
    for s in series.iter().copied().filter(|s| *s.name == *bucket_name) {
        let Some(le) = bounds.of(s) else {
            continue;
        };
        // The group's address: its other labels' interned pairs.
        address.clear();
        address.extend(
            s.labels
                .pairs()
                .filter(|pair| &*pair.0 != "le")
                .map(|pair| std::rc::Rc::as_ptr(pair) as usize),
        );
        match found.get(&address) {
            Some(&i) => {
                if let Some((_, buckets)) = groups.get_mut(i) {
                    buckets.push((le, s));
                }
            }
            None => {
                found.insert(address.clone(), groups.len());
                let key: LabelsRef<'a> = s
                    .labels
                    .iter()
                    .filter(|(n, _)| &**n != "le")
                    .map(|(n, v)| (&**n, &**v))
                    .collect();
                groups.push((key, vec![(le, s)]));
            }
        }
    }
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    groups
}

/// Bucket bounds read from `le` labels, each distinct `le` pair parsed once: a family of
/// 58,000 bucket series has a dozen.
#[derive(Default)]
struct Bounds(rustc_hash::FxHashMap<usize, Option<f64>>);

impl Bounds {
    /// The upper bound of the bucket series `s`, if it has a valid `le`.
    fn of(&mut self, s: &Series) -> Option<f64> {
        let pair = s.labels.pairs().find(|pair| &*pair.0 == "le")?;
        *self
            .0
            .entry(std::rc::Rc::as_ptr(pair) as usize)
            .or_insert_with(|| bound(&pair.1))
    }
}

/// The per-second rate of each bucket bound of a histogram family, summed over its label
/// groups at each time: the history, then the rates between polls. One series per bound, so
/// the heatmap of a 58,000-series family bins a dozen series.
pub fn bucket_rates(
    store: &SeriesStore,
    family: &Family,
    filters: &BTreeMap<String, String>,
    history: &HistoryIndex<'_>,
) -> Vec<(f64, Vec<Point>)> {
    let bucket_name = format!("{}_bucket", family.name);
    let mut bounds = Bounds::default();
    let mut by_bound: Vec<(f64, rustc_hash::FxHashMap<i64, f64>)> = Vec::new();
    for s in members(store, family, filters)
        .into_iter()
        .filter(|s| *s.name == *bucket_name)
    {
        let Some(le) = bounds.of(s) else {
            continue;
        };
        let sums = match by_bound.iter().position(|(b, _)| *b == le) {
            Some(i) => by_bound.get_mut(i).map(|(_, sums)| sums),
            None => {
                by_bound.push((le, rustc_hash::FxHashMap::default()));
                by_bound.last_mut().map(|(_, sums)| sums)
            }
        };
        let Some(sums) = sums else { continue };
        let live = per_second(s.points.iter());
        let past = history.of(s);
        let joined;
        let points = if past.is_empty() {
            &live
        } else {
            joined = join(past, &live);
            &joined
        };
        for &(t, v) in points {
            *sums.entry(t).or_insert(0.0) += v;
        }
    }
    by_bound.sort_by(|a, b| a.0.total_cmp(&b.0));
    by_bound
        .into_iter()
        .map(|(le, sums)| {
            let mut points: Vec<Point> = sums.into_iter().collect();
            points.sort_unstable_by_key(|p| p.0);
            (le, points)
        })
        .collect()
}

/// A bucket's upper bound from its `le` label.
fn bound(le: &str) -> Option<f64> {
    le.parse::<f64>()
        .ok()
        .or_else(|| (le == "+Inf").then_some(f64::INFINITY))
}

/// The `q` quantile at each time of the history of a group's buckets (already rates).
fn history_quantile(buckets: &[(f64, &[Point])], q: f64) -> Vec<Point> {
    let Some((_, reference)) = buckets.iter().max_by(|a, b| a.0.total_cmp(&b.0)) else {
        return Vec::new();
    };
    reference
        .iter()
        .filter_map(|&(t, _)| {
            let rates: Option<Vec<(f64, f64)>> = buckets
                .iter()
                .map(|(le, points)| {
                    let i = points.binary_search_by_key(&t, |p| p.0).ok()?;
                    points.get(i).map(|p| (*le, p.1))
                })
                .collect();
            let value = quantile::from_buckets(q, &rates?)?;
            Some((t, value))
        })
        .collect()
}

/// The quantiles a histogram's chart shows for each bucket group.
const QUANTILES: [f64; 3] = [0.5, 0.9, 0.99];

/// p50, p90 and p99 per label group (labels other than `le`), ranked by the quantile of the
/// buckets' latest increase (or, after one poll, of their counts).
fn histogram_candidates<'a>(
    groups: &'a [BucketGroup<'a>],
    history: &HistoryIndex<'_>,
) -> (Vec<Candidate<'a>>, Legends<'a>) {
    // Legends name only the labels whose values differ between the groups.
    let differing: Vec<&str> = {
        let value =
            |key: &LabelsRef<'a>, name: &str| key.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        let names: BTreeSet<&str> = groups
            .iter()
            .flat_map(|(key, _)| key.iter().map(|(n, _)| *n))
            .collect();
        let first = groups.first().map(|(key, _)| key);
        names
            .into_iter()
            .filter(|name| {
                let reference = first.and_then(|key| value(key, name));
                groups.iter().any(|(key, _)| value(key, name) != reference)
            })
            .collect()
    };
    let mut out = Vec::new();
    for (key, buckets) in groups {
        // The latest increase of each bucket, from the two points kept whole.
        let latest: Option<Vec<(f64, f64)>> = buckets
            .iter()
            .map(|(le, s)| {
                let now = s.points.back()?.1;
                Some(match s.points.previous() {
                    Some((_, before)) if now >= before => (*le, now - before),
                    _ => (*le, now),
                })
            })
            .collect();
        for q in QUANTILES {
            let score = latest
                .as_deref()
                .and_then(|counts| quantile::from_buckets(q, counts))
                .or_else(|| {
                    let past: Vec<(f64, &[Point])> =
                        buckets.iter().map(|(le, s)| (*le, history.of(s))).collect();
                    history_quantile(&past, q).last().map(|p| p.1)
                })
                .filter(|v| v.is_finite())
                .unwrap_or(f64::NEG_INFINITY);
            out.push(Candidate {
                score,
                source: Source::Quantile(key, buckets, q),
            });
        }
    }
    let legends = Legends {
        differing,
        names_differ: false,
    };
    (out, legends)
}

/// The `q` quantile of a bucket group at each poll, from the buckets' increase since the
/// poll before (or, with one poll, from the counts since the start).
fn polled_quantile(buckets: &[(f64, &Series)], q: f64) -> Vec<Point> {
    let times: Vec<i64> = buckets
        .first()
        .map(|(_, s)| s.points.iter().map(|(t, _)| t).collect())
        .unwrap_or_default();
    // Each bucket's points decoded once, by time.
    let by_time: Vec<rustc_hash::FxHashMap<i64, f64>> = buckets
        .iter()
        .map(|(_, s)| s.points.iter().collect())
        .collect();
    let mut points: Vec<Point> = Vec::new();
    for (i, &t) in times.iter().enumerate() {
        let previous = if i == 0 {
            None
        } else {
            times.get(i - 1).copied()
        };
        let counts: Option<Vec<(f64, f64)>> = buckets
            .iter()
            .zip(&by_time)
            .map(|((le, _), values)| {
                let now = *values.get(&t)?;
                Some(match previous.and_then(|p| values.get(&p).copied()) {
                    Some(before) if now >= before => (*le, now - before),
                    _ => (*le, now),
                })
            })
            .collect();
        if let Some(value) = counts.and_then(|c| quantile::from_buckets(q, &c)) {
            if i > 0 || times.len() == 1 {
                points.push((t, value));
            }
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::series_store::polled as store;

    /// The lines of `family` without history or label filters.
    fn polled_lines(
        store: &SeriesStore,
        family: &Family,
        raw: bool,
        all: bool,
    ) -> (Vec<ChartLine>, usize) {
        let request = LineRequest {
            raw_counters: raw,
            show_all: all,
            ..LineRequest::default()
        };
        let set = lines(store, family, &request, &HistoryIndex::default());
        (set.lines, set.total)
    }

    #[test]
    fn counters_become_rates_with_only_differing_labels() {
        let store = store(&[
            "req_total{code=\"200\",job=\"api\"} 100\nreq_total{code=\"500\",job=\"api\"} 10\n",
            "req_total{code=\"200\",job=\"api\"} 200\nreq_total{code=\"500\",job=\"api\"} 20\n",
        ]);
        let family = store.family("req_total").expect("family");
        let (lines, total) = polled_lines(&store, family, false, false);
        assert_eq!(total, 2);
        let shown: Vec<(&str, Vec<Point>)> = lines
            .iter()
            .map(|l| (l.label.as_str(), l.points.clone()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("{code=\"200\"}", vec![(20_000, 10.0)]),
                ("{code=\"500\"}", vec![(20_000, 1.0)])
            ]
        );
        let (raw, _) = polled_lines(&store, family, true, false);
        assert_eq!(raw.first().map(|l| l.points.len()), Some(2));
    }

    #[test]
    fn histograms_become_quantiles() {
        let poll = |a: u32, b: u32, c: u32| {
            format!("lat_seconds_bucket{{le=\"0.1\"}} {a}\nlat_seconds_bucket{{le=\"1\"}} {b}\nlat_seconds_bucket{{le=\"+Inf\"}} {c}\nlat_seconds_count {c}\n")
        };
        let store = store(&[&poll(0, 0, 0), &poll(10, 60, 100)]);
        let family = store.family("lat_seconds").expect("family");
        assert_eq!(family.kind, MetricKind::Histogram);
        let (lines, _) = polled_lines(&store, family, false, false);
        let p50 = lines.iter().find(|l| l.label == "p50").expect("p50");
        let value = p50.points.first().map(|p| p.1).unwrap_or_default();
        assert!((value - 0.1 - 0.9 * 40.0 / 50.0).abs() < 1e-9, "{value}");
    }

    #[test]
    fn histogram_legends_name_only_the_differing_labels() {
        let text = "h_bucket{app=\"a\",job=\"x\",le=\"1\"} 1\nh_bucket{app=\"a\",job=\"x\",le=\"+Inf\"} 2\n\
                    h_bucket{app=\"b\",job=\"x\",le=\"1\"} 1\nh_bucket{app=\"b\",job=\"x\",le=\"+Inf\"} 2\n";
        let store = store(&[text]);
        let family = store.family("h").expect("family");
        let (lines, _) = polled_lines(&store, family, false, true);
        let mut labels: Vec<&str> = lines.iter().map(|l| l.label.as_str()).collect();
        labels.sort_unstable();
        assert_eq!(labels.first().copied(), Some("{app=\"a\"} p50"));
        assert_eq!(labels.len(), 6);
    }

    #[test]
    fn summaries_chart_their_quantiles() {
        let store = store(&["rt_seconds{quantile=\"0.5\"} 0.2\nrt_seconds{quantile=\"0.99\"} 0.9\nrt_seconds_count 10\nrt_seconds_sum 3\n"]);
        let family = store.family("rt_seconds").expect("family");
        assert_eq!(family.kind, MetricKind::Summary);
        assert_eq!(family.series.len(), 4);
        let (lines, _) = polled_lines(&store, family, false, false);
        let labels: Vec<&str> = lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, vec!["{quantile=\"0.99\"}", "{quantile=\"0.5\"}"]);
    }

    #[test]
    fn label_filters_pick_series() {
        let store = store(&[
            "up{job=\"a\",zone=\"x\"} 1\nup{job=\"b\",zone=\"x\"} 0\nup{job=\"c\",zone=\"x\"} 1\n",
        ]);
        let family = store.family("up").expect("family");
        let choices = label_choices(&store, family);
        assert_eq!(
            choices.keys().collect::<Vec<_>>(),
            vec!["job"],
            "zone has one value"
        );
        let only_b = BTreeMap::from([("job".to_owned(), "b".to_owned())]);
        let request = LineRequest {
            filters: only_b,
            ..LineRequest::default()
        };
        let LineSet {
            lines: filtered,
            total,
            ..
        } = lines(&store, family, &request, &HistoryIndex::default());
        assert_eq!(total, 1);
        assert_eq!(
            filtered.first().map(|l| l.points.clone()),
            Some(vec![(10_000, 0.0)])
        );
    }

    #[test]
    fn history_comes_before_the_polled_points() {
        let store = store(&[
            "# TYPE req_total counter\nreq_total{code=\"200\"} 100\n",
            "# TYPE req_total counter\nreq_total{code=\"200\"} 200\n",
        ]);
        let family = store.family("req_total").expect("family");
        // A rate() answer: no __name__, one point per step, ending where polling took over.
        let history = vec![RangeSeries {
            name: None,
            labels: vec![("code".into(), "200".into())],
            points: vec![(0, 4.0), (5_000, 6.0), (20_000, 99.0)],
        }];
        let index = HistoryIndex::new(&history);
        let lines = lines(&store, family, &LineRequest::default(), &index).lines;
        assert_eq!(
            lines.first().map(|l| l.points.clone()),
            Some(vec![(0, 4.0), (5_000, 6.0), (20_000, 10.0)]),
            "history up to the first polled rate, then the polled rates"
        );
    }

    #[test]
    fn histogram_history_gives_quantiles_from_bucket_rates() {
        let store = store(&["h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\n"]);
        let family = store.family("h").expect("family");
        let bucket = |le: &str, rate: f64| RangeSeries {
            name: None,
            labels: vec![("le".into(), le.into())],
            points: vec![(1_000, rate)],
        };
        let history = vec![bucket("1", 5.0), bucket("+Inf", 10.0)];
        let index = HistoryIndex::new(&history);
        let lines = lines(&store, family, &LineRequest::default(), &index).lines;
        let p50 = lines.iter().find(|l| l.label == "p50").expect("p50");
        assert_eq!(
            p50.points.first(),
            Some(&(1_000, 1.0)),
            "rank 5 of 10 at le=1"
        );
    }

    #[test]
    fn top_lines_first_then_all() {
        let text: String = (0..15).map(|i| format!("g{{i=\"{i}\"}} {i}\n")).collect();
        let store = store(&[&text]);
        let family = store.family("g").expect("family");
        let (top, total) = polled_lines(&store, family, false, false);
        assert_eq!((top.len(), total), (TOP_LINES, 15));
        assert_eq!(top.first().map(|l| l.label.as_str()), Some("{i=\"14\"}"));
        assert_eq!(polled_lines(&store, family, false, true).0.len(), 15);
    }

    #[test]
    fn show_all_draws_a_band_beyond_the_line_limit() {
        let poll = |k: u32| -> String {
            (0..=ALL_LINES)
                .map(|i| format!("g{{i=\"{i}\"}} {}\n", i as u32 * k))
                .collect()
        };
        let store = store(&[&poll(1), &poll(2)]);
        let family = store.family("g").expect("family");
        let request = LineRequest {
            show_all: true,
            ..LineRequest::default()
        };
        let set = lines(&store, family, &request, &HistoryIndex::default());
        assert!(set.banded);
        assert_eq!((set.total, set.matching), (ALL_LINES + 1, ALL_LINES + 1));
        assert_eq!(set.lines.len(), TOP_LINES + 3, "the top lines and the band");
        let band: Vec<&ChartLine> = set.lines.iter().skip(TOP_LINES).collect();
        let at_end = |i: usize| band.get(i).and_then(|l| l.points.last()).map(|p| p.1);
        let top = (2 * ALL_LINES) as f64;
        assert_eq!(at_end(0), Some(top), "max");
        assert_eq!(at_end(1), Some(top / 2.0), "median");
        assert_eq!(at_end(2), Some(0.0), "min");
        // A legend search narrows what is drawn, and what the band covers.
        let searched = LineRequest {
            legend_search: "i=\"19".into(),
            ..request
        };
        let set = lines(&store, family, &searched, &HistoryIndex::default());
        assert_eq!(set.matching, 11, "19 and 190..=199");
        assert!(!set.banded);
        assert_eq!(set.lines.len(), 11);
    }

    #[test]
    fn a_large_promql_answer_draws_its_top_lines_and_a_band() {
        let answer = |n: usize| -> Vec<RangeSeries> {
            (0..n)
                .map(|i| RangeSeries {
                    name: None,
                    labels: vec![("pod".into(), format!("p{i}"))],
                    points: vec![(0, 0.0), (1_000, i as f64)],
                })
                .collect()
        };
        let (lines, banded) = answer_lines(answer(ALL_LINES), &RangeSeries::legend);
        assert!(!banded);
        assert_eq!(lines.len(), ALL_LINES, "every line up to the limit");
        let (lines, banded) = answer_lines(answer(ALL_LINES + 50), &RangeSeries::legend);
        assert!(banded);
        assert_eq!(lines.len(), TOP_LINES + 3);
        assert_eq!(
            lines.first().map(|l| l.label.as_str()),
            Some("{pod=\"p249\"}"),
            "the highest last value first"
        );
        let max = lines
            .get(TOP_LINES)
            .and_then(|l| l.points.last())
            .map(|p| p.1);
        assert_eq!(max, Some(249.0));
    }
}
