//! A point of a series, the one vocabulary the chunk codecs, the store, range queries and
//! the chart maths all speak, and the join of loaded points with polled ones.

/// One point: milliseconds since the Unix epoch, and the value.
pub type Point = (i64, f64);

/// Adds `more` to `kept`, in time order; where both have a point at the same time, the
/// one already kept stays.
pub fn merge(kept: &mut Vec<Point>, more: impl IntoIterator<Item = Point>) {
    kept.extend(more);
    // A stable sort: of two points at one time, the kept one comes first and stays.
    kept.sort_by_key(|&(t, _)| t);
    kept.dedup_by_key(|&mut (t, _)| t);
}

/// A step between polled points this many times their shortest step is a gap (an
/// outage, a hidden tab, a machine asleep), where loaded points go in.
const GAP_FACTOR: i64 = 4;

/// Loaded points followed by polled ones: the loaded points up to where the polled ones
/// begin, and those inside the gaps between polled points (a step longer than
/// [`GAP_FACTOR`] times their shortest).
pub fn join(loaded: &[Point], polled: &[Point]) -> Vec<Point> {
    let cut = polled.first().map_or(i64::MAX, |&(t, _)| t);
    let mut out: Vec<Point> = loaded.iter().copied().filter(|&(t, _)| t < cut).collect();
    let shortest = polled
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .filter(|&step| step > 0)
        .min();
    let Some(shortest) = shortest.filter(|_| loaded.last().is_some_and(|&(t, _)| t > cut)) else {
        out.extend_from_slice(polled);
        return out;
    };
    for pair in polled.windows(2) {
        let ((a, _), (b, _)) = (pair[0], pair[1]);
        out.push(pair[0]);
        if b - a > GAP_FACTOR * shortest {
            let from = loaded.partition_point(|&(t, _)| t <= a);
            let to = loaded.partition_point(|&(t, _)| t < b);
            out.extend_from_slice(loaded.get(from..to).unwrap_or_default());
        }
    }
    out.extend(polled.last().copied());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loaded_then_polled() {
        let history = [(1000, 1.0), (2000, 2.0), (3000, 3.0)];
        let live = [(3000, 30.0), (4000, 40.0)];
        assert_eq!(
            join(&history, &live),
            vec![(1000, 1.0), (2000, 2.0), (3000, 30.0), (4000, 40.0)]
        );
        assert_eq!(join(&history, &[]), history.to_vec());
    }

    #[test]
    fn loaded_points_fill_the_gaps_between_polled_ones() {
        // Polled every 5 s, with a minute missing; loaded every 5 s over it all.
        let polled: Vec<Point> = (0..=10).chain(23..=30).map(|i| (i * 5_000, 1.0)).collect();
        let loaded: Vec<Point> = (0..=30).map(|i| (i * 5_000, 2.0)).collect();
        let joined = join(&loaded, &polled);
        let filled: Vec<i64> = joined
            .iter()
            .filter(|p| p.1 == 2.0)
            .map(|p| p.0 / 5_000)
            .collect();
        assert_eq!(filled, (11..=22).collect::<Vec<_>>(), "only the gap");
        assert!(joined.windows(2).all(|w| w[0].0 < w[1].0), "in time order");
        // No gap: the polled points alone after the first.
        let steady: Vec<Point> = (0..=30).map(|i| (i * 5_000, 1.0)).collect();
        assert_eq!(join(&loaded, &steady), steady);
    }
}
