//! Counters as per-second rates, with counter resets handled the way Prometheus's `rate()`
//! handles them: a drop means the counter restarted from zero.

use crate::model::point::Point;

/// Per-second rates between consecutive points. After a reset (a drop), the new value is
/// taken as the increase since zero. Points with the same timestamp give no rate.
pub fn per_second(points: impl IntoIterator<Item = Point>) -> Vec<Point> {
    let mut out = Vec::new();
    let mut previous: Option<Point> = None;
    for (t, v) in points {
        if let Some((t0, v0)) = previous {
            let seconds = (t - t0) as f64 / 1000.0;
            if seconds > 0.0 && v.is_finite() && v0.is_finite() {
                let increase = if v < v0 { v } else { v - v0 };
                out.push((t, increase / seconds));
            }
        }
        previous = Some((t, v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_resets() {
        let points = [(0, 100.0), (10_000, 150.0), (20_000, 20.0), (30_000, 50.0)];
        assert_eq!(
            per_second(points),
            vec![(10_000, 5.0), (20_000, 2.0), (30_000, 3.0)]
        );
    }

    #[test]
    fn no_rate_from_one_point_or_a_repeated_time() {
        assert!(per_second([(0, 1.0)]).is_empty());
        assert!(per_second([(0, 1.0), (0, 2.0)]).is_empty());
        assert!(per_second([(0, f64::NAN), (1000, 2.0)]).is_empty());
    }
}
