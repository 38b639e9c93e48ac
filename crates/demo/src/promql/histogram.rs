//! `histogram_quantile` over classic buckets (`le` labels), as Prometheus's `bucketQuantile`
//! computes it: linear interpolation inside the bucket the rank falls in.

use std::collections::BTreeMap;

use super::value::{drop_name, label, Labels, Sample};

/// The `q` quantile of each histogram in `buckets` (grouped by their labels without `le`
/// and the metric name), stamped `t`.
pub(crate) fn quantiles(q: f64, buckets: Vec<Sample>, t: i64) -> Vec<Sample> {
    let mut histograms: BTreeMap<Labels, Vec<(f64, f64)>> = BTreeMap::new();
    for sample in buckets {
        let Ok(upper) = parse_le(label(&sample.labels, "le")) else {
            continue;
        };
        let mut labels = drop_name(sample.labels);
        labels.retain(|(n, _)| &**n != "le");
        histograms
            .entry(labels)
            .or_default()
            .push((upper, sample.v));
    }
    histograms
        .into_iter()
        .map(|(labels, mut buckets)| Sample {
            labels,
            t,
            v: bucket_quantile(q, &mut buckets),
        })
        .collect()
}

fn parse_le(text: &str) -> Result<f64, ()> {
    match text {
        "+Inf" | "Inf" | "+inf" | "inf" => Ok(f64::INFINITY),
        _ => text.parse().map_err(|_| ()),
    }
}

/// Prometheus's `bucketQuantile` over (upper bound, cumulative count) pairs.
fn bucket_quantile(q: f64, buckets: &mut Vec<(f64, f64)>) -> f64 {
    if q.is_nan() {
        return f64::NAN;
    }
    if q < 0.0 {
        return f64::NEG_INFINITY;
    }
    if q > 1.0 {
        return f64::INFINITY;
    }
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    if buckets
        .last()
        .is_none_or(|(upper, _)| *upper != f64::INFINITY)
    {
        return f64::NAN;
    }
    // Buckets with the same bound are added together, then made monotonic.
    buckets.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            earlier.1 += later.1;
        }
        same
    });
    let mut highest = f64::NEG_INFINITY;
    for bucket in buckets.iter_mut() {
        if bucket.1 < highest {
            bucket.1 = highest;
        }
        highest = bucket.1;
    }
    if buckets.len() < 2 {
        return f64::NAN;
    }
    let observations = buckets.last().map_or(0.0, |b| b.1);
    if observations == 0.0 {
        return f64::NAN;
    }
    let mut rank = q * observations;
    let last = buckets.len() - 1;
    let b = buckets
        .get(..last)
        .and_then(|below_inf| below_inf.iter().position(|(_, count)| *count >= rank))
        .unwrap_or(last);
    if b == last {
        return buckets.get(last - 1).map_or(f64::NAN, |(upper, _)| *upper);
    }
    let Some(&(end, mut count)) = buckets.get(b) else {
        return f64::NAN;
    };
    if b == 0 && end <= 0.0 {
        return end;
    }
    let mut start = 0.0;
    if let Some(&(below_upper, below_count)) = b.checked_sub(1).and_then(|i| buckets.get(i)) {
        start = below_upper;
        count -= below_count;
        rank -= below_count;
    }
    start + (end - start) * (rank / count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_inside_the_bucket_the_rank_falls_in() {
        let mut buckets = vec![(0.1, 50.0), (0.2, 100.0), (f64::INFINITY, 100.0)];
        assert_eq!(bucket_quantile(0.5, &mut buckets), 0.1);
        assert!((bucket_quantile(0.75, &mut buckets) - 0.15).abs() < 1e-12);
        assert_eq!(bucket_quantile(1.0, &mut buckets), 0.2);
        assert_eq!(bucket_quantile(2.0, &mut buckets), f64::INFINITY);
    }

    #[test]
    fn without_an_infinite_bucket_there_is_no_answer() {
        let mut buckets = vec![(0.1, 50.0), (0.2, 100.0)];
        assert!(bucket_quantile(0.5, &mut buckets).is_nan());
    }
}
