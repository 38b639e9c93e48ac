//! Cardinality of one federation answer, counted in the browser: series per metric name
//! (with the labels that drive each count), distinct values and series per label name, and
//! the label pairs on the most series — the numbers Prometheus's TSDB status page shows.

use std::collections::{HashMap, HashSet};

use crate::model::series_store::Series;

/// One metric name's count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MetricCount {
    /// The sample name.
    pub name: String,
    /// How many series carry it.
    pub series: usize,
    /// Its labels by how many distinct values they take in this metric, most first.
    pub drivers: Vec<(String, usize)>,
}

/// One label name's count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LabelCount {
    /// The label name.
    pub name: String,
    /// How many distinct values it takes.
    pub values: usize,
    /// How many series carry it.
    pub series: usize,
}

/// The counts, each list sorted by size, largest first (ties by name).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Cardinality {
    /// Series in all.
    pub series: usize,
    /// Per metric name.
    pub metrics: Vec<MetricCount>,
    /// Per label name.
    pub labels: Vec<LabelCount>,
    /// Per `name="value"` pair: the pair and how many series carry it.
    pub pairs: Vec<(String, usize)>,
}

#[derive(Default)]
struct MetricTally<'a> {
    series: usize,
    values: HashMap<&'a str, HashSet<&'a str>>,
}

#[derive(Default)]
struct LabelTally<'a> {
    series: usize,
    values: HashMap<&'a str, usize>,
}

impl Cardinality {
    /// Counts `series`.
    pub fn of<'a>(series: impl IntoIterator<Item = &'a Series>) -> Self {
        let mut total = 0;
        let mut metrics: HashMap<&str, MetricTally<'_>> = HashMap::new();
        let mut labels: HashMap<&str, LabelTally<'_>> = HashMap::new();
        for s in series {
            total += 1;
            let metric = metrics.entry(&*s.name).or_default();
            metric.series += 1;
            for (name, value) in &s.labels {
                metric.values.entry(&**name).or_default().insert(&**value);
                let label = labels.entry(&**name).or_default();
                label.series += 1;
                *label.values.entry(&**value).or_default() += 1;
            }
        }
        let mut pairs: Vec<(String, usize)> = labels
            .iter()
            .flat_map(|(name, tally)| {
                tally
                    .values
                    .iter()
                    .map(move |(value, &count)| (format!("{name}=\"{value}\""), count))
            })
            .collect();
        by_size(&mut pairs, |p| (p.1, p.0.as_str()));
        let mut metrics: Vec<MetricCount> = metrics
            .into_iter()
            .map(|(name, tally)| {
                let mut drivers: Vec<(String, usize)> = tally
                    .values
                    .into_iter()
                    .map(|(label, values)| (label.to_owned(), values.len()))
                    .collect();
                by_size(&mut drivers, |d| (d.1, d.0.as_str()));
                MetricCount {
                    name: name.to_owned(),
                    series: tally.series,
                    drivers,
                }
            })
            .collect();
        by_size(&mut metrics, |m| (m.series, m.name.as_str()));
        let mut labels: Vec<LabelCount> = labels
            .into_iter()
            .map(|(name, tally)| LabelCount {
                name: name.to_owned(),
                values: tally.values.len(),
                series: tally.series,
            })
            .collect();
        by_size(&mut labels, |l| (l.values, l.name.as_str()));
        Self {
            series: total,
            metrics,
            labels,
            pairs,
        }
    }
}

/// Sorts by the count, largest first, then by the name.
fn by_size<T>(items: &mut [T], key: impl Fn(&T) -> (usize, &str)) {
    items.sort_by(|a, b| {
        let (ca, na) = key(a);
        let (cb, nb) = key(b);
        cb.cmp(&ca).then_with(|| na.cmp(nb))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::series_store::SeriesStore;

    #[test]
    fn counts_series_per_metric_and_label() {
        let mut store = SeriesStore::new(10);
        let text = "\
http_requests_total{code=\"200\",path=\"/a\"} 1
http_requests_total{code=\"200\",path=\"/b\"} 1
http_requests_total{code=\"500\",path=\"/c\"} 1
up{job=\"x\"} 1
up{job=\"y\"} 1
build_info 1
";
        store.ingest(text.as_bytes(), None, 0).expect("parses");
        let counts = Cardinality::of(store.current());
        assert_eq!(counts.series, 6);
        let metrics: Vec<(&str, usize)> = counts
            .metrics
            .iter()
            .map(|m| (m.name.as_str(), m.series))
            .collect();
        assert_eq!(
            metrics,
            vec![("http_requests_total", 3), ("up", 2), ("build_info", 1)]
        );
        let first = counts.metrics.first().expect("a metric");
        assert_eq!(
            first.drivers,
            vec![("path".to_owned(), 3), ("code".to_owned(), 2)],
            "path drives the count"
        );
        let labels: Vec<(&str, usize, usize)> = counts
            .labels
            .iter()
            .map(|l| (l.name.as_str(), l.values, l.series))
            .collect();
        assert_eq!(labels, vec![("path", 3, 3), ("code", 2, 3), ("job", 2, 2)]);
        assert_eq!(counts.pairs.first(), Some(&("code=\"200\"".to_owned(), 2)));
    }

    #[test]
    fn only_the_latest_answer_counts() {
        let mut store = SeriesStore::new(10);
        store
            .ingest(b"a{x=\"1\"} 1\na{x=\"2\"} 1\n", None, 0)
            .expect("parses");
        store.ingest(b"a{x=\"1\"} 1\n", None, 1000).expect("parses");
        assert_eq!(Cardinality::of(store.current()).series, 1);
        assert_eq!(Cardinality::of(store.series()).series, 2);
    }
}
