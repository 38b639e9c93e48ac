//! A point of a series, the one vocabulary the chunk codecs, the store, range queries and
//! the chart maths all speak, and the join of loaded points with polled ones.

/// One point: milliseconds since the Unix epoch, and the value.
pub type Point = (i64, f64);

/// Loaded points followed by polled ones: the loaded points up to where the polled ones
/// begin.
pub fn join(loaded: &[Point], polled: &[Point]) -> Vec<Point> {
    let cut = polled.first().map_or(i64::MAX, |&(t, _)| t);
    loaded
        .iter()
        .copied()
        .filter(|&(t, _)| t < cut)
        .chain(polled.iter().copied())
        .collect()
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
}
