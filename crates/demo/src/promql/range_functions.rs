//! Functions over a range vector, computed as Prometheus 2.x computes them: `rate`,
//! `irate`, `increase`, `delta`, `deriv` and the `*_over_time` family.

/// What a range function needs besides the points: the window it was asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// The window's first instant (Unix milliseconds): evaluation time minus range and offset.
    pub(crate) start: i64,
    /// The window's last instant: evaluation time minus offset.
    pub(crate) end: i64,
}

/// The range functions the demo evaluates.
pub(crate) const NAMES: [&str; 11] = [
    "rate",
    "irate",
    "increase",
    "delta",
    "deriv",
    "avg_over_time",
    "min_over_time",
    "max_over_time",
    "sum_over_time",
    "count_over_time",
    "last_over_time",
];

/// `name` over `points` (oldest first), or `None` where Prometheus gives no sample.
pub(crate) fn apply(name: &str, points: &[(i64, f64)], window: Window) -> Option<f64> {
    let values = || points.iter().map(|&(_, v)| v);
    match name {
        "rate" => extrapolated(points, window, true, true),
        "increase" => extrapolated(points, window, true, false),
        "delta" => extrapolated(points, window, false, false),
        "irate" => instant_rate(points),
        "deriv" => slope(points),
        "avg_over_time" => (!points.is_empty()).then(|| mean(values())),
        "min_over_time" => values().reduce(|a, b| if b < a || a.is_nan() { b } else { a }),
        "max_over_time" => values().reduce(|a, b| if b > a || a.is_nan() { b } else { a }),
        "sum_over_time" => (!points.is_empty()).then(|| values().sum()),
        "count_over_time" => (!points.is_empty()).then_some(points.len() as f64),
        "last_over_time" => points.last().map(|&(_, v)| v),
        _ => None,
    }
}

/// Prometheus's `extrapolatedRate`: the change over the samples (counter resets added back
/// for counters), extrapolated towards the window's edges by at most half a sample
/// interval, or to where the counter would have been zero.
fn extrapolated(
    points: &[(i64, f64)],
    window: Window,
    counter: bool,
    per_second: bool,
) -> Option<f64> {
    let (&(first_t, first_v), &(last_t, last_v)) = (points.first()?, points.last()?);
    if points.len() < 2 {
        return None;
    }
    let mut change = last_v - first_v;
    if counter {
        let mut previous = 0.0;
        for &(_, v) in points {
            if v < previous {
                change += previous;
            }
            previous = v;
        }
    }
    let mut to_start = (first_t - window.start) as f64 / 1000.0;
    let to_end = (window.end - last_t) as f64 / 1000.0;
    let sampled = (last_t - first_t) as f64 / 1000.0;
    let average_gap = sampled / (points.len() - 1) as f64;
    if counter && change > 0.0 && first_v >= 0.0 {
        let to_zero = sampled * (first_v / change);
        if to_zero < to_start {
            to_start = to_zero;
        }
    }
    let threshold = average_gap * 1.1;
    let mut interval = sampled;
    interval += if to_start < threshold {
        to_start
    } else {
        average_gap / 2.0
    };
    interval += if to_end < threshold {
        to_end
    } else {
        average_gap / 2.0
    };
    let mut result = change * (interval / sampled);
    if per_second {
        result /= (window.end - window.start) as f64 / 1000.0;
    }
    Some(result)
}

/// `irate`: the per-second change between the last two samples (a drop is a reset).
fn instant_rate(points: &[(i64, f64)]) -> Option<f64> {
    let [.., (t0, v0), (t1, v1)] = points else {
        return None;
    };
    let elapsed = (t1 - t0) as f64 / 1000.0;
    if elapsed == 0.0 {
        return None;
    }
    let change = if v1 < v0 { *v1 } else { v1 - v0 };
    Some(change / elapsed)
}

/// `deriv`: the least-squares slope per second.
fn slope(points: &[(i64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let origin = points.first()?.0;
    let n = points.len() as f64;
    let (mut sx, mut sy, mut sxy, mut sxx) = (0.0, 0.0, 0.0, 0.0);
    for &(t, v) in points {
        let x = (t - origin) as f64 / 1000.0;
        sx += x;
        sy += v;
        sxy += x * v;
        sxx += x * x;
    }
    let covariance = sxy - sx * sy / n;
    let variance = sxx - sx * sx / n;
    Some(covariance / variance)
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0.0), |(s, c), v| (s + v, c + 1.0));
    sum / count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(start: i64, end: i64) -> Window {
        Window { start, end }
    }

    #[test]
    fn an_aligned_window_needs_no_extrapolation() {
        let points = [
            (0, 10.0),
            (15_000, 25.0),
            (30_000, 40.0),
            (45_000, 55.0),
            (60_000, 70.0),
        ];
        assert_eq!(apply("rate", &points, window(0, 60_000)), Some(1.0));
        assert_eq!(apply("increase", &points, window(0, 60_000)), Some(60.0));
        assert_eq!(apply("irate", &points, window(0, 60_000)), Some(1.0));
        assert_eq!(apply("deriv", &points, window(0, 60_000)), Some(1.0));
    }

    #[test]
    fn a_reset_counts_as_starting_again_from_zero() {
        let points = [(0, 10.0), (15_000, 20.0), (30_000, 5.0), (45_000, 15.0)];
        // 10 before the reset, then 5 and 10 after it.
        assert_eq!(apply("increase", &points, window(0, 45_000)), Some(25.0));
        assert_eq!(
            apply("irate", &points, window(0, 45_000)),
            Some(10.0 / 15.0)
        );
    }

    #[test]
    fn a_gap_at_the_edge_extrapolates_by_half_an_interval() {
        // Samples at 30 s and 45 s in a window from 0 to 90 s: 7.5 s added each side.
        let points = [(30_000, 100.0), (45_000, 115.0)];
        assert_eq!(apply("delta", &points, window(0, 90_000)), Some(30.0));
        // A gap within 1.1 intervals of the edge is extrapolated whole.
        assert_eq!(apply("delta", &points, window(15_000, 45_000)), Some(30.0));
        assert_eq!(apply("rate", &[(15_000, 100.0)], window(0, 45_000)), None);
    }

    #[test]
    fn over_time_functions() {
        let points = [(0, 3.0), (15_000, 1.0), (30_000, 2.0)];
        let w = window(0, 30_000);
        assert_eq!(apply("avg_over_time", &points, w), Some(2.0));
        assert_eq!(apply("min_over_time", &points, w), Some(1.0));
        assert_eq!(apply("max_over_time", &points, w), Some(3.0));
        assert_eq!(apply("sum_over_time", &points, w), Some(6.0));
        assert_eq!(apply("count_over_time", &points, w), Some(3.0));
        assert_eq!(apply("last_over_time", &points, w), Some(2.0));
    }
}
