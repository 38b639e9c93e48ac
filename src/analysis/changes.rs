//! What changed between the last two polls: the series that appeared or disappeared, and
//! the top movers by relative change (of the value, or of the per-second rate for counters).

use crate::{
    analysis::rate::per_second,
    model::metric_kind::MetricKind,
    model::series_store::{Series, SeriesStore},
};

/// How many movers the view lists.
pub const TOP_MOVERS: usize = 20;

/// One series whose value moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    /// Index of the series in the store.
    pub series: usize,
    /// The value (or rate) at the poll before.
    pub before: f64,
    /// The value (or rate) at the latest poll.
    pub after: f64,
    /// Whether the values are per-second rates of a counter.
    pub rate: bool,
}

impl Mover {
    /// `(after − before) / |before|`; infinite when it moved away from zero.
    pub fn relative(&self) -> f64 {
        let delta = self.after - self.before;
        if delta == 0.0 {
            0.0
        } else if self.before == 0.0 {
            f64::INFINITY.copysign(delta)
        } else {
            delta / self.before.abs()
        }
    }
}

/// The changes between the latest poll and the one before.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// Series the latest poll had for the first time.
    pub appeared: Vec<usize>,
    /// Series the poll before had and the latest did not.
    pub disappeared: Vec<usize>,
    /// Series that moved, largest relative change first (at most [`TOP_MOVERS`]).
    pub movers: Vec<Mover>,
}

impl Changes {
    /// The changes in `store`; empty before the second poll.
    pub fn of(store: &SeriesStore) -> Self {
        let latest = store.polls();
        if latest < 2 {
            return Self::default();
        }
        let mut changes = Self::default();
        for family in store.families() {
            let counter = family.kind == MetricKind::Counter;
            for &index in &family.series {
                let Some(series) = store.get(index) else {
                    continue;
                };
                if series.first_poll == latest {
                    changes.appeared.push(index);
                } else if series.last_poll == latest - 1 {
                    changes.disappeared.push(index);
                } else if series.last_poll == latest && series.previous_poll == latest - 1 {
                    if let Some((before, after)) = last_two(series, counter) {
                        let mover = Mover {
                            series: index,
                            before,
                            after,
                            rate: counter,
                        };
                        if mover.relative() != 0.0 && !mover.relative().is_nan() {
                            changes.movers.push(mover);
                        }
                    }
                }
            }
        }
        changes.movers.sort_by(|a, b| {
            b.relative()
                .abs()
                .total_cmp(&a.relative().abs())
                .then_with(|| {
                    (b.after - b.before)
                        .abs()
                        .total_cmp(&(a.after - a.before).abs())
                })
        });
        changes.movers.truncate(TOP_MOVERS);
        changes
    }
}

/// The last two values of a series, or of its rate for a counter (which needs three points).
fn last_two(series: &Series, counter: bool) -> Option<(f64, f64)> {
    let tail = series.points.len().saturating_sub(3);
    let recent: Vec<(i64, f64)> = series.points.iter().skip(tail).collect();
    let values: Vec<f64> = if counter {
        per_second(recent).into_iter().map(|(_, v)| v).collect()
    } else {
        recent.into_iter().map(|(_, v)| v).collect()
    };
    match values.as_slice() {
        [.., before, after] if before.is_finite() && after.is_finite() => Some((*before, *after)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::series_store::polled as store;

    fn name(store: &SeriesStore, index: usize) -> String {
        store
            .get(index)
            .map(|s| format!("{}{:?}", s.name, s.labels))
            .unwrap_or_default()
    }

    #[test]
    fn appeared_disappeared_and_movers() {
        let store = store(&[
            "# TYPE q gauge\nq{x=\"a\"} 10\nq{x=\"b\"} 10\nq{x=\"gone\"} 1\nq{x=\"same\"} 5\n",
            "# TYPE q gauge\nq{x=\"a\"} 20\nq{x=\"b\"} 9\nq{x=\"new\"} 1\nq{x=\"same\"} 5\n",
        ]);
        let changes = Changes::of(&store);
        let names = |v: &[usize]| v.iter().map(|&i| name(&store, i)).collect::<Vec<_>>();
        assert_eq!(names(&changes.appeared), vec!["q[(\"x\", \"new\")]"]);
        assert_eq!(names(&changes.disappeared), vec!["q[(\"x\", \"gone\")]"]);
        let movers: Vec<(String, f64)> = changes
            .movers
            .iter()
            .map(|m| (name(&store, m.series), m.relative()))
            .collect();
        assert_eq!(
            movers,
            vec![
                ("q[(\"x\", \"a\")]".to_owned(), 1.0),
                ("q[(\"x\", \"b\")]".to_owned(), -0.1)
            ],
            "unchanged series are not movers"
        );
    }

    #[test]
    fn counters_move_by_their_rate() {
        let two = store(&["c_total 0\n", "c_total 100\n"]);
        assert!(
            Changes::of(&two).movers.is_empty(),
            "a rate needs three polls"
        );
        let three = store(&["c_total 0\n", "c_total 100\n", "c_total 400\n"]);
        let mover = Changes::of(&three)
            .movers
            .first()
            .cloned()
            .expect("a mover");
        assert!(mover.rate);
        assert_eq!((mover.before, mover.after), (10.0, 30.0));
        assert_eq!(mover.relative(), 2.0);
    }

    #[test]
    fn nothing_before_the_second_poll() {
        assert_eq!(Changes::of(&store(&["a 1\n"])), Changes::default());
        let zero = Mover {
            series: 0,
            before: 0.0,
            after: 2.0,
            rate: false,
        };
        assert_eq!(zero.relative(), f64::INFINITY);
    }
}
