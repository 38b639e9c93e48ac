//! Where an evaluation reads its samples: the demo's data set, scraped every 15 s up to the
//! latest scrape, with selectors matched once per query and a cap on the samples read.

use std::cell::Cell;

use promql_parser::parser::VectorSelector;

use super::value::{drop_name, Failure, Labels, RangeSeries, Sample, NAME};
use crate::dataset::{Dataset, SCRAPE_INTERVAL_MS};

/// How far back an instant selector looks for a sample, as Prometheus's default.
const LOOKBACK_MS: i64 = 5 * 60 * 1000;

/// The most samples one query may read, as Prometheus's `--query.max-samples` guards.
const MAX_SAMPLES: u64 = 50_000_000;

/// One series a selector picked: its index in the data set and its labels.
#[derive(Debug)]
pub(crate) struct Picked {
    index: usize,
    /// Its labels, metric name included.
    pub(crate) labels: Labels,
    /// Its labels without the metric name, as most functions return them.
    pub(crate) unnamed: Labels,
}

/// The data set as a query sees it.
#[derive(Debug)]
pub(crate) struct Store<'a> {
    data: &'a Dataset,
    /// The latest scrape: nothing later exists yet.
    newest: i64,
    /// Samples read so far.
    read: Cell<u64>,
}

impl<'a> Store<'a> {
    /// The data set as scraped up to `now_ms`.
    pub(crate) fn new(data: &'a Dataset, now_ms: i64) -> Self {
        Self {
            data,
            newest: Dataset::scrape_time(now_ms),
            read: Cell::new(0),
        }
    }

    /// The series `selector` matches, with their labels (metric name included).
    pub(crate) fn pick(&self, selector: &VectorSelector) -> Result<Vec<Picked>, Failure> {
        if !selector.matchers.or_matchers.is_empty() {
            return Err(Failure::unsupported("`or` inside a selector's braces"));
        }
        let name = selector.name.as_deref();
        let picked = self
            .data
            .series()
            .iter()
            .enumerate()
            .filter(|(_, def)| name.is_none_or(|n| n == def.name))
            .filter(|(_, def)| {
                selector.matchers.matchers.iter().all(|m| {
                    let value = if m.name == NAME {
                        def.name.as_str()
                    } else {
                        def.labels
                            .iter()
                            .find(|(l, _)| *l == m.name)
                            .map_or("", |(_, v)| v.as_str())
                    };
                    m.is_match(value)
                })
            })
            .map(|(index, def)| {
                let mut labels: Labels = Vec::with_capacity(def.labels.len() + 1);
                labels.push((NAME.into(), def.name.as_str().into()));
                labels.extend(
                    def.labels
                        .iter()
                        .map(|(n, v)| ((*n).into(), v.as_str().into())),
                );
                labels.sort();
                let unnamed = drop_name(labels.clone());
                Picked {
                    index,
                    labels,
                    unnamed,
                }
            })
            .collect();
        Ok(picked)
    }

    /// The latest sample of each picked series at or before `at`, within the lookback.
    pub(crate) fn instant(&self, picked: &[Picked], at: i64) -> Result<Vec<Sample>, Failure> {
        let latest = at - at.rem_euclid(SCRAPE_INTERVAL_MS);
        let t = latest.min(self.newest);
        if t < at - LOOKBACK_MS {
            return Ok(Vec::new());
        }
        self.count(picked.len() as u64)?;
        Ok(picked
            .iter()
            .map(|p| Sample {
                labels: p.labels.clone(),
                t,
                v: self.value(p.index, t),
            })
            .collect())
    }

    /// The samples of each picked series from `from` to `to`, both included, as Prometheus
    /// 2.x selects a range; series without samples there are left out.
    pub(crate) fn window(
        &self,
        picked: &[Picked],
        from: i64,
        to: i64,
    ) -> Result<Vec<RangeSeries>, Failure> {
        let times = scrape_times(from, to.min(self.newest));
        self.count(picked.len() as u64 * times.len() as u64)?;
        if times.is_empty() {
            return Ok(Vec::new());
        }
        Ok(picked
            .iter()
            .map(|p| RangeSeries {
                labels: p.labels.clone(),
                points: times.iter().map(|&t| (t, self.value(p.index, t))).collect(),
            })
            .collect())
    }

    /// Calls `visit` with each picked series and its samples from `from` to `to` (both
    /// included), in one reused buffer: what a range function reads, without building a
    /// range vector first. Series without samples there are left out.
    pub(crate) fn visit_window(
        &self,
        picked: &[Picked],
        from: i64,
        to: i64,
        mut visit: impl FnMut(&Picked, &[(i64, f64)]),
    ) -> Result<(), Failure> {
        let times = scrape_times(from, to.min(self.newest));
        self.count(picked.len() as u64 * times.len() as u64)?;
        if times.is_empty() {
            return Ok(());
        }
        let mut points = Vec::with_capacity(times.len());
        for p in picked {
            points.clear();
            points.extend(times.iter().map(|&t| (t, self.value(p.index, t))));
            visit(p, &points);
        }
        Ok(())
    }

    /// Starts counting the samples read afresh: Prometheus's limit is on the samples one
    /// evaluation holds at once, which for a range query is one step's.
    pub(crate) fn new_step(&self) {
        self.read.set(0);
    }

    fn value(&self, index: usize, t: i64) -> f64 {
        self.data
            .series()
            .get(index)
            .map_or(f64::NAN, |def| def.value_at(t as f64 / 1000.0))
    }

    fn count(&self, samples: u64) -> Result<(), Failure> {
        let read = self.read.get() + samples;
        self.read.set(read);
        if read > MAX_SAMPLES {
            return Err(Failure::Execution(
                "query processing would load too many samples into memory in query execution"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

/// The scrape instants from `from` to `to`, both included.
fn scrape_times(from: i64, to: i64) -> Vec<i64> {
    let first =
        from + (SCRAPE_INTERVAL_MS - from.rem_euclid(SCRAPE_INTERVAL_MS)) % SCRAPE_INTERVAL_MS;
    let mut out = Vec::new();
    let mut t = first;
    while t <= to {
        out.push(t);
        t += SCRAPE_INTERVAL_MS;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_includes_both_ends() {
        assert_eq!(scrape_times(0, 30_000), vec![0, 15_000, 30_000]);
        assert_eq!(scrape_times(1, 30_000), vec![15_000, 30_000]);
        assert_eq!(scrape_times(-15_000, -1), vec![-15_000]);
        assert!(scrape_times(1, 14_999).is_empty());
    }
}
