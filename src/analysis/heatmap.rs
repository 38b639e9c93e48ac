//! A histogram's buckets over time as a heatmap: cumulative per-second bucket rates binned
//! into time columns, summed across label groups, turned into per-bucket rates, and a
//! log-scaled intensity for the colour.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::point::Point;

/// The binned heatmap: `columns` time columns × one row per bucket bound.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Heatmap {
    /// Start of the first column, ms since the epoch.
    pub start: i64,
    /// End of the last column.
    pub end: i64,
    /// The number of time columns.
    pub columns: usize,
    /// Upper bounds of the rows, ascending (the last may be `+Inf`).
    pub bounds: Vec<f64>,
    /// Per-second observations in each (column, row), column-major; `None` where no data
    /// fell in the column.
    pub cells: Vec<Option<f64>>,
    /// The largest cell.
    pub max: f64,
}

impl Heatmap {
    /// The cell at `column`, `row`.
    pub fn cell(&self, column: usize, row: usize) -> Option<f64> {
        self.cells
            .get(column * self.bounds.len() + row)
            .copied()
            .flatten()
    }

    /// Whether any cell holds observations.
    pub fn has_data(&self) -> bool {
        self.max > 0.0
    }
}

/// Bins cumulative bucket rates into a heatmap over `start..end` in `columns` columns.
///
/// `buckets` holds `(le, points)` for every bucket series: points are per-second rates of
/// the cumulative bucket counter. Several series may share one `le` (one per label group);
/// they are summed. Within a column a series contributes the mean of its points there.
/// Each row then holds the rate of observations in its own bucket: its cumulative rate less
/// the row below's, never under zero.
pub fn bin(buckets: &[(f64, &[Point])], start: i64, end: i64, columns: usize) -> Heatmap {
    let columns = columns.max(1);
    let span = (end - start).max(1);
    let mut by_bound: BTreeMap<OrderedBound, Vec<Option<f64>>> = BTreeMap::new();
    for &(le, points) in buckets {
        if le.is_nan() {
            continue;
        }
        let mut sums = vec![0.0; columns];
        let mut counts = vec![0u32; columns];
        for &(t, v) in points {
            if t < start || t > end || !v.is_finite() {
                continue;
            }
            let column = (((t - start) as f64 / span as f64) * columns as f64) as usize;
            let column = column.min(columns - 1);
            if let (Some(sum), Some(count)) = (sums.get_mut(column), counts.get_mut(column)) {
                *sum += v;
                *count += 1;
            }
        }
        let row = by_bound
            .entry(OrderedBound(le))
            .or_insert_with(|| vec![None; columns]);
        for ((cell, sum), count) in row.iter_mut().zip(&sums).zip(&counts) {
            if *count > 0 {
                *cell = Some(cell.unwrap_or(0.0) + sum / f64::from(*count));
            }
        }
    }
    let bounds: Vec<f64> = by_bound.keys().map(|b| b.0).collect();
    let rows: Vec<Vec<Option<f64>>> = by_bound.into_values().collect();
    let mut cells = Vec::with_capacity(columns * rows.len());
    let mut max: f64 = 0.0;
    for column in 0..columns {
        let mut below: Option<f64> = None;
        for row in &rows {
            let cumulative = row.get(column).copied().flatten();
            let own = cumulative.map(|c| (c - below.unwrap_or(0.0)).max(0.0));
            if let Some(own) = own {
                max = max.max(own);
            }
            cells.push(own);
            if cumulative.is_some() {
                below = cumulative;
            }
        }
    }
    Heatmap {
        start,
        end,
        columns,
        bounds,
        cells,
        max,
    }
}

/// The colour intensity (0–1) of `value` on a log scale up to `max`: values three orders
/// of magnitude below the largest still show, zero shows as nothing.
pub fn intensity(value: f64, max: f64) -> f64 {
    if !(value > 0.0 && max > 0.0) {
        return 0.0;
    }
    let floor = max / 1000.0;
    let share = ((value.max(floor) / floor).ln() / 1000f64.ln()).clamp(0.0, 1.0);
    // Keep the faintest data visible against the background.
    0.08 + 0.92 * share
}

/// An `f64` bound that sorts with `+Inf` last.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderedBound(f64);

impl Eq for OrderedBound {}

impl PartialOrd for OrderedBound {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedBound {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Pixels per heatmap column at most.
pub const COLUMN_PIXELS: u32 = 6;

/// Bins `buckets` over `range`: one column per distinct time, at most one per
/// [`COLUMN_PIXELS`] pixels of `pixels`.
pub fn heatmap_of(buckets: &[(f64, Vec<Point>)], range: (i64, i64), pixels: u32) -> Heatmap {
    let times: BTreeSet<i64> = buckets
        .iter()
        .flat_map(|(_, points)| points.iter().map(|p| p.0))
        .filter(|t| (range.0..=range.1).contains(t))
        .collect();
    let columns = times
        .len()
        .clamp(1, (pixels / COLUMN_PIXELS).max(1) as usize);
    let borrowed: Vec<(f64, &[Point])> =
        buckets.iter().map(|(le, p)| (*le, p.as_slice())).collect();
    bin(&borrowed, range.0, range.1, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cumulative_rates_into_bucket_rates() {
        // Two columns of 10 s. Cumulative rates: le=0.1 → 1/s, le=1 → 3/s, +Inf → 4/s.
        let small: Vec<Point> = vec![(0, 1.0), (5_000, 1.0), (15_000, 2.0)];
        let medium: Vec<Point> = vec![(0, 3.0), (5_000, 3.0), (15_000, 2.0)];
        let all: Vec<Point> = vec![(0, 4.0), (5_000, 4.0), (15_000, 6.0)];
        let map = bin(
            &[(1.0, &medium), (f64::INFINITY, &all), (0.1, &small)],
            0,
            20_000,
            2,
        );
        assert_eq!(map.bounds, vec![0.1, 1.0, f64::INFINITY]);
        assert_eq!(map.cell(0, 0), Some(1.0));
        assert_eq!(map.cell(0, 1), Some(2.0));
        assert_eq!(map.cell(0, 2), Some(1.0));
        // Second column: 2, 2 − 2 = 0, 6 − 2 = 4.
        assert_eq!(map.cell(1, 0), Some(2.0));
        assert_eq!(map.cell(1, 1), Some(0.0));
        assert_eq!(map.cell(1, 2), Some(4.0));
        assert_eq!(map.max, 4.0);
    }

    #[test]
    fn label_groups_sum_and_gaps_stay_empty() {
        let a: Vec<Point> = vec![(0, 1.0)];
        let b: Vec<Point> = vec![(1_000, 2.0)];
        let map = bin(&[(f64::INFINITY, &a), (f64::INFINITY, &b)], 0, 10_000, 5);
        assert_eq!(map.cell(0, 0), Some(3.0), "both groups summed");
        assert_eq!(map.cell(3, 0), None, "no data in that column");
        // Points outside the range and NaN bounds are ignored.
        let late: Vec<Point> = vec![(50_000, 9.0)];
        let map = bin(&[(f64::NAN, &a), (1.0, &late)], 0, 10_000, 5);
        assert!(!map.has_data());
    }

    #[test]
    fn a_counter_dip_never_makes_a_negative_cell() {
        let low: Vec<Point> = vec![(0, 5.0)];
        let high: Vec<Point> = vec![(0, 3.0)];
        let map = bin(&[(1.0, &low), (2.0, &high)], 0, 1_000, 1);
        assert_eq!(map.cell(0, 1), Some(0.0));
    }

    #[test]
    fn log_scaled_intensity() {
        assert_eq!(intensity(0.0, 10.0), 0.0);
        assert_eq!(intensity(10.0, 10.0), 1.0);
        let tenth = intensity(1.0, 10.0);
        let thousandth = intensity(0.01, 10.0);
        assert!(tenth > 0.6 && tenth < 0.8, "{tenth}");
        assert!((thousandth - 0.08).abs() < 1e-9, "{thousandth}");
        assert_eq!(intensity(f64::NAN, 10.0), 0.0);
    }
}
