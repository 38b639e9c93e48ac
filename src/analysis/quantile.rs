//! Quantiles estimated from histogram buckets, as Prometheus's `histogram_quantile` does:
//! linear interpolation inside the bucket where the rank falls.

/// The `q` quantile (0–1) of cumulative `buckets` given as `(le, count)`, in any order.
/// `None` without a `+Inf` bucket or with no observations. A rank in the `+Inf` bucket
/// gives the highest finite bound.
pub fn from_buckets(q: f64, buckets: &[(f64, f64)]) -> Option<f64> {
    if !(0.0..=1.0).contains(&q) {
        return None;
    }
    let mut sorted: Vec<(f64, f64)> = buckets
        .iter()
        .copied()
        .filter(|(le, _)| !le.is_nan())
        .collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let &(last_le, total) = sorted.last()?;
    // No observations (or a NaN count) gives no quantile.
    if last_le != f64::INFINITY || total.is_nan() || total <= 0.0 {
        return None;
    }
    let rank = q * total;
    let mut lower_bound = 0.0;
    let mut lower_count = 0.0;
    for &(le, count) in &sorted {
        if count >= rank {
            if le == f64::INFINITY {
                return Some(lower_bound);
            }
            if count == lower_count {
                return Some(le);
            }
            // The first bucket starts at 0 unless its bound is negative.
            let start = if lower_count == 0.0 && le <= 0.0 {
                le
            } else {
                lower_bound
            };
            return Some(start + (le - start) * (rank - lower_count) / (count - lower_count));
        }
        lower_bound = le;
        lower_count = count;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_like_prometheus() {
        let buckets = [
            (0.1, 10.0),
            (0.5, 60.0),
            (1.0, 90.0),
            (f64::INFINITY, 100.0),
        ];
        let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(from_buckets(0.5, &buckets).is_some_and(|v| near(v, 0.42)));
        assert!(from_buckets(0.05, &buckets).is_some_and(|v| near(v, 0.05)));
        assert!(from_buckets(0.9, &buckets).is_some_and(|v| near(v, 1.0)));
        assert_eq!(
            from_buckets(0.99, &buckets),
            Some(1.0),
            "in +Inf: highest finite bound"
        );
    }

    #[test]
    fn needs_inf_and_observations() {
        assert_eq!(from_buckets(0.5, &[(1.0, 5.0)]), None);
        assert_eq!(from_buckets(0.5, &[(1.0, 0.0), (f64::INFINITY, 0.0)]), None);
        assert_eq!(from_buckets(1.5, &[(f64::INFINITY, 1.0)]), None);
    }
}
