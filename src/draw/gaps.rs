//! Where a line stops: a stretch with no points (an outage the upstream no longer holds,
//! a series that was away) is drawn as a gap, never bridged by a straight line, as
//! Grafana breaks a series at its missing steps. A gap is a step much longer than the
//! steps around it, so history at 30 s beside polls at 5 s, or a line decimated to
//! low-high pairs, is not cut.

use crate::model::point::Point;

/// A step this many times longer than the longest of its neighbours is a gap.
const GAP_FACTOR: i64 = 4;

/// How many steps on each side a step is compared with.
const NEIGHBOURS: usize = 3;

/// `points` (in time order) cut at their gaps: the runs to draw as lines.
pub fn runs(points: &[Point]) -> Vec<&[Point]> {
    let steps: Vec<i64> = points.windows(2).map(|w| w[1].0 - w[0].0).collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &step) in steps.iter().enumerate() {
        let around = steps
            .get(i.saturating_sub(NEIGHBOURS)..(i + NEIGHBOURS + 1).min(steps.len()))
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|&(j, _)| j + i.saturating_sub(NEIGHBOURS) != i)
            .map(|(_, &s)| s)
            .max();
        if around.is_some_and(|longest| longest > 0 && step > GAP_FACTOR * longest) {
            out.extend(points.get(start..=i));
            start = i + 1;
        }
    }
    out.extend(points.get(start..).filter(|run| !run.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every(from: i64, to: i64, step: i64) -> Vec<Point> {
        (from..=to)
            .step_by(step as usize)
            .map(|t| (t, 1.0))
            .collect()
    }

    #[test]
    fn an_outage_cuts_the_line_and_steady_steps_do_not() {
        // Polls every 5 s, then two minutes of nothing, then polls again.
        let mut points = every(0, 60_000, 5_000);
        points.extend(every(180_000, 240_000, 5_000));
        let runs = runs(&points);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].last().map(|p| p.0), Some(60_000));
        assert_eq!(runs[1].first().map(|p| p.0), Some(180_000));
        assert_eq!(super::runs(&every(0, 600_000, 5_000)).len(), 1);
    }

    #[test]
    fn history_beside_polls_and_decimated_pairs_stay_whole() {
        // An hour of history at 30 s, then polls at 5 s.
        let mut points = every(0, 3_570_000, 30_000);
        points.extend(every(3_600_000, 3_900_000, 5_000));
        assert_eq!(runs(&points).len(), 1);
        // Low-high pairs: 1 s apart within a column, 12 s between columns.
        let pairs: Vec<Point> = (0..100)
            .flat_map(|c| [(c * 12_000, 1.0), (c * 12_000 + 1_000, 2.0)])
            .collect();
        assert_eq!(runs(&pairs).len(), 1);
        assert!(runs(&[]).is_empty());
        assert_eq!(runs(&[(0, 1.0)]).len(), 1);
    }
}
