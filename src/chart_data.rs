//! What the chart shows for a family, computed from the store: rates for counters,
//! estimated quantiles for histograms, values otherwise; legends with only the labels that
//! differ; the top series first.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    chart::ChartLine,
    history::{join, RangeSeries},
    metric_kind::MetricKind,
    quantile,
    rate::per_second,
    series_store::{Family, Point, Series, SeriesStore},
};

/// A label set, as sorted name-value pairs.
pub type Labels = Vec<(String, String)>;

/// How many lines a chart shows before "show all".
pub const TOP_LINES: usize = 10;

/// A range series' identity: its sample name (when the query kept it) and its labels.
type HistoryId<'a> = (Option<&'a str>, &'a [(String, String)]);

/// History loaded from the upstream, by label set (and sample name when it has one).
#[derive(Debug, Default)]
pub struct HistoryIndex<'a> {
    series: BTreeMap<HistoryId<'a>, &'a [Point]>,
}

impl<'a> HistoryIndex<'a> {
    /// Indexes the series of a range query's answer.
    pub fn new(series: &'a [RangeSeries]) -> Self {
        Self {
            series: series
                .iter()
                .map(|s| {
                    (
                        (s.name.as_deref(), s.labels.as_slice()),
                        s.points.as_slice(),
                    )
                })
                .collect(),
        }
    }

    /// The history of `series`: by name and labels, or by labels alone (a `rate()` drops
    /// the name).
    pub fn of(&self, series: &Series) -> &'a [Point] {
        let labels = series.labels.as_slice();
        self.series
            .get(&(Some(series.name.as_str()), labels))
            .or_else(|| self.series.get(&(None, labels)))
            .copied()
            .unwrap_or(&[])
    }
}

/// The lines for `family`, the top ones first, and how many there are in all. `history`
/// (values as the chart shows them: rates for counters, bucket rates for histograms) comes
/// before the polled points.
pub fn lines(
    store: &SeriesStore,
    family: &Family,
    raw_counters: bool,
    all: bool,
    filters: &BTreeMap<String, String>,
    history: &HistoryIndex<'_>,
) -> (Vec<ChartLine>, usize) {
    let members = members(store, family, filters);
    let mut lines = match family.kind {
        MetricKind::Histogram => histogram_quantiles(&members, &family.name, history),
        MetricKind::Counter if !raw_counters => plain(&members, true, history),
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
    let total = lines.len();
    lines.sort_by(|a, b| {
        latest(b)
            .total_cmp(&latest(a))
            .then_with(|| a.label.cmp(&b.label))
    });
    for (i, line) in lines.iter_mut().enumerate() {
        line.color = i;
    }
    if !all {
        lines.truncate(TOP_LINES);
    }
    (lines, total)
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

/// The labels a user can filter the family by: those with more than one value (other than
/// `le` and `quantile`), with every value seen.
pub fn label_choices(store: &SeriesStore, family: &Family) -> BTreeMap<String, BTreeSet<String>> {
    let mut choices: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for series in family.series.iter().filter_map(|&i| store.get(i)) {
        for (name, value) in &series.labels {
            if name != "le" && name != "quantile" {
                choices
                    .entry(name.clone())
                    .or_default()
                    .insert(value.clone());
            }
        }
    }
    choices.retain(|_, values| values.len() > 1);
    choices
}

fn latest(line: &ChartLine) -> f64 {
    line.points
        .last()
        .map(|&(_, v)| v)
        .filter(|v| v.is_finite())
        .unwrap_or(f64::NEG_INFINITY)
}

/// Legend texts: only the labels whose values differ across `series` (plus the sample name
/// when the family mixes names).
fn legends(series: &[&Series], skip: &[&str]) -> Vec<String> {
    let mut values: BTreeMap<&str, Vec<Option<&str>>> = BTreeMap::new();
    for s in series {
        for (name, _) in &s.labels {
            values.entry(name.as_str()).or_default();
        }
    }
    let differing: Vec<&str> = values
        .keys()
        .copied()
        .filter(|name| !skip.contains(name))
        .filter(|name| {
            let first = series.first().and_then(|s| s.label(name));
            series.iter().any(|s| s.label(name) != first)
        })
        .collect();
    let names_differ = series
        .iter()
        .any(|s| series.first().is_some_and(|f| f.name != s.name));
    series
        .iter()
        .map(|s| {
            let labels: Vec<String> = differing
                .iter()
                .map(|name| format!("{name}=\"{}\"", s.label(name).unwrap_or_default()))
                .collect();
            match (names_differ, labels.is_empty()) {
                (true, true) => s.name.clone(),
                (true, false) => format!("{}{{{}}}", s.name, labels.join(", ")),
                (false, true) => s.name.clone(),
                (false, false) => format!("{{{}}}", labels.join(", ")),
            }
        })
        .collect()
}

fn plain(series: &[&Series], rate: bool, history: &HistoryIndex<'_>) -> Vec<ChartLine> {
    let labels = legends(series, &[]);
    series
        .iter()
        .zip(labels)
        .map(|(s, label)| {
            let live: Vec<Point> = if rate {
                per_second(s.points.iter())
            } else {
                s.points.iter().collect()
            };
            ChartLine {
                label,
                points: join(history.of(s), &live),
                color: 0,
            }
        })
        .collect()
}

/// The bucket series of a histogram family as `(le, series)`, grouped by their other labels.
pub fn bucket_groups<'a>(
    series: &[&'a Series],
    family: &str,
) -> BTreeMap<Labels, Vec<(f64, &'a Series)>> {
    let bucket_name = format!("{family}_bucket");
    let mut groups: BTreeMap<Labels, Vec<(f64, &Series)>> = BTreeMap::new();
    for s in series.iter().copied().filter(|s| s.name == bucket_name) {
        let Some(le) = s.label("le").and_then(|v| {
            v.parse::<f64>()
                .ok()
                .or_else(|| (v == "+Inf").then_some(f64::INFINITY))
        }) else {
            continue;
        };
        let key: Labels = s
            .labels
            .iter()
            .filter(|(n, _)| n != "le")
            .cloned()
            .collect();
        groups.entry(key).or_default().push((le, s));
    }
    groups
}

/// Each bucket series of a histogram family as `(le, per-second rates)`: the history, then
/// the rates between polls. Groups that share a bound are kept apart (the heatmap sums them).
pub fn bucket_rates(
    store: &SeriesStore,
    family: &Family,
    filters: &BTreeMap<String, String>,
    history: &HistoryIndex<'_>,
) -> Vec<(f64, Vec<Point>)> {
    let members = members(store, family, filters);
    bucket_groups(&members, &family.name)
        .into_values()
        .flatten()
        .map(|(le, s)| (le, join(history.of(s), &per_second(s.points.iter()))))
        .collect()
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

/// p50, p90 and p99 per label group (labels other than `le`), from the buckets' increase
/// between polls (or, after the first poll, from the counts since the start).
fn histogram_quantiles(
    series: &[&Series],
    family: &str,
    history: &HistoryIndex<'_>,
) -> Vec<ChartLine> {
    let groups = bucket_groups(series, family);
    // Legends name only the labels whose values differ between the groups.
    let differing: BTreeSet<&str> = {
        let keys: Vec<&Labels> = groups.keys().collect();
        let mut names = BTreeSet::new();
        for key in &keys {
            for (name, value) in key.iter() {
                let same = keys.iter().all(|other| {
                    other.iter().find(|(n, _)| n == name).map(|(_, v)| v) == Some(value)
                });
                if !same {
                    names.insert(name.as_str());
                }
            }
        }
        names
    };
    let mut out = Vec::new();
    for (key, buckets) in &groups {
        let times: Vec<i64> = buckets
            .first()
            .map(|(_, s)| s.points.iter().map(|(t, _)| t).collect())
            .unwrap_or_default();
        // Each bucket's points decoded once, by time.
        let by_time: Vec<rustc_hash::FxHashMap<i64, f64>> = buckets
            .iter()
            .map(|(_, s)| s.points.iter().collect())
            .collect();
        let shown: Vec<String> = key
            .iter()
            .filter(|(n, _)| differing.contains(n.as_str()))
            .map(|(n, v)| format!("{n}=\"{v}\""))
            .collect();
        let prefix = if shown.is_empty() {
            String::new()
        } else {
            format!("{{{}}} ", shown.join(", "))
        };
        let past: Vec<(f64, &[Point])> =
            buckets.iter().map(|(le, s)| (*le, history.of(s))).collect();
        for q in [0.5, 0.9, 0.99] {
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
                            Some(_) => (*le, now),
                            None => (*le, now),
                        })
                    })
                    .collect();
                if let Some(value) = counts.and_then(|c| quantile::from_buckets(q, &c)) {
                    if i > 0 || times.len() == 1 {
                        points.push((t, value));
                    }
                }
            }
            out.push(ChartLine {
                label: format!("{prefix}p{}", (q * 100.0).round()),
                points: join(&history_quantile(&past, q), &points),
                color: 0,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::series_store::polled as store;

    /// The lines of `family` without history or label filters.
    fn polled_lines(
        store: &SeriesStore,
        family: &Family,
        raw: bool,
        all: bool,
    ) -> (Vec<ChartLine>, usize) {
        lines(
            store,
            family,
            raw,
            all,
            &BTreeMap::new(),
            &HistoryIndex::default(),
        )
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
        let (filtered, total) = lines(
            &store,
            family,
            false,
            false,
            &only_b,
            &HistoryIndex::default(),
        );
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
        let (lines, _) = lines(&store, family, false, false, &BTreeMap::new(), &index);
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
        let (lines, _) = lines(&store, family, false, false, &BTreeMap::new(), &index);
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
}
