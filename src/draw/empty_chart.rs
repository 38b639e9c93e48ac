//! Why a chart has nothing to draw, in words that say what is missing and when it will
//! come, instead of an empty axis around 1970.

use std::collections::BTreeSet;

use crate::{analysis::chart_line::ChartLine, model::metric_kind::MetricKind};

/// What the chart knows about where its points come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartSource {
    /// The family's kind.
    pub kind: MetricKind,
    /// Whether counters are drawn as per-second rates.
    pub rate: bool,
    /// When the next live poll is due, as the clock shows it (a time rather than a
    /// countdown, which would go stale on screen), or `None` when not polling.
    pub next_poll: Option<String>,
}

/// Whether any line that is not hidden has a point with a finite value.
pub fn drawable(lines: &[ChartLine], hidden: &BTreeSet<String>) -> bool {
    lines
        .iter()
        .filter(|l| !hidden.contains(&l.label))
        .any(|l| l.points.iter().any(|(_, v)| v.is_finite()))
}

/// Why a family's chart of `lines` has nothing to draw, or `None` when it has something.
pub fn family_gap(
    lines: &[ChartLine],
    hidden: &BTreeSet<String>,
    source: &ChartSource,
) -> Option<String> {
    if drawable(lines, hidden) {
        return None;
    }
    if lines.is_empty() {
        return Some("No series of this metric match the label filters.".to_owned());
    }
    if lines.iter().all(|l| hidden.contains(&l.label)) {
        return Some("Every line is hidden: click an entry in the legend to show it.".to_owned());
    }
    let needs = match source.kind {
        MetricKind::Counter if source.rate => {
            "Rates need two samples of this counter, and it has one so far"
        }
        MetricKind::Histogram => {
            "Quantiles come from the rate of the buckets, which needs two samples of them, and they have one so far"
        }
        _ => "This metric has no finite value to draw yet",
    };
    let next = match &source.next_poll {
        Some(at) => format!("; the next poll is at {at}."),
        None => ": fetch again after the upstream's next scrape, go live, or pick a history range."
            .to_owned(),
    };
    Some(format!("{needs}{next}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, points: Vec<(i64, f64)>) -> ChartLine {
        ChartLine {
            label: label.into(),
            points,
            color: 0,
            dashed: false,
        }
    }

    fn counter() -> ChartSource {
        ChartSource {
            kind: MetricKind::Counter,
            rate: true,
            next_poll: Some("14:03:25".into()),
        }
    }

    #[test]
    fn a_counter_polled_once_says_when_its_rate_comes() {
        let lines = vec![line("code=200", Vec::new())];
        assert_eq!(
            family_gap(&lines, &BTreeSet::new(), &counter()).as_deref(),
            Some("Rates need two samples of this counter, and it has one so far; the next poll is at 14:03:25.")
        );
        let paused = ChartSource {
            next_poll: None,
            ..counter()
        };
        assert!(family_gap(&lines, &BTreeSet::new(), &paused)
            .is_some_and(|m| m.contains("go live, or pick a history range")));
    }

    #[test]
    fn something_to_draw_means_no_message() {
        let lines = vec![line("a", vec![(1000, 2.0)])];
        assert_eq!(family_gap(&lines, &BTreeSet::new(), &counter()), None);
        let only_nan = vec![line("a", vec![(1000, f64::NAN)])];
        assert!(family_gap(&only_nan, &BTreeSet::new(), &counter()).is_some());
    }

    #[test]
    fn hidden_and_filtered_out_are_said_as_such() {
        let lines = vec![line("p50", vec![(1000, 2.0)])];
        let hidden = BTreeSet::from(["p50".to_owned()]);
        assert!(family_gap(&lines, &hidden, &counter()).is_some_and(|m| m.contains("hidden")));
        assert!(
            family_gap(&[], &BTreeSet::new(), &counter()).is_some_and(|m| m.contains("filters"))
        );
    }
}
