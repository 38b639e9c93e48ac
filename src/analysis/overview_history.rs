//! The overview's history before its first poll: for each family, the PromQL that
//! gives what its panel draws (the same summary the board keeps poll by poll), and that
//! query's answer read back into the panel's lines. Asked once per family, over the hour
//! before the first poll, so a panel shows the last hour at once instead of filling in one
//! point per poll.

use crate::{
    analysis::overview::{quantile_label, Summary, HISTOGRAM_QUANTILES},
    model::metric_kind::MetricKind,
    model::point::Point,
    model::range_series::RangeSeries,
};

/// How far back the history goes, before the first poll.
pub const HISTORY_MS: i64 = 3_600_000;

/// The step between its points, in seconds.
pub const HISTORY_STEP_S: i64 = 30;

/// The label the histogram query names its quantiles by.
const QUANTILE_LABEL: &str = "fedview_quantile";

/// The PromQL for what the panel of a family draws, `sample` being the name of one of its
/// series (a counter's `_total`, a histogram's `_bucket`); `None` for top series, which the
/// board reads from the store's own points.
pub fn history_query(
    kind: MetricKind,
    summary: Summary,
    family: &str,
    sample: &str,
) -> Option<String> {
    match summary {
        Summary::SummedRate => Some(format!("sum(rate({sample}[5m]))")),
        Summary::Sum => Some(format!("sum({sample})")),
        Summary::TopSeries => None,
        Summary::Quantiles if kind == MetricKind::Histogram => Some(
            HISTOGRAM_QUANTILES
                .iter()
                .map(|(q, label)| {
                    format!(
                        "label_replace(histogram_quantile({q}, sum by (le) (rate({family}_bucket[5m]))), \
                         \"{QUANTILE_LABEL}\", \"{label}\", \"\", \"\")"
                    )
                })
                .collect::<Vec<_>>()
                .join(" or "),
        ),
        Summary::Quantiles => Some(format!("avg by (quantile) ({family})")),
    }
}

/// The answer to [`history_query`] as the panel's lines: legend and points, named as the
/// board names the lines it keeps (`rate`, `sum`, `p50`…).
pub fn history_lines(summary: Summary, answer: &[RangeSeries]) -> Vec<(String, Vec<Point>)> {
    answer
        .iter()
        .filter_map(|series| {
            let legend = match summary {
                Summary::SummedRate => "rate".to_owned(),
                Summary::Sum => "sum".to_owned(),
                Summary::TopSeries => return None,
                Summary::Quantiles => match series.label(QUANTILE_LABEL) {
                    Some(label) => label.to_owned(),
                    None => quantile_label(series.label("quantile")?.parse().ok()?),
                },
            };
            let points: Vec<Point> = series
                .points
                .iter()
                .copied()
                .filter(|(_, v)| v.is_finite())
                .collect();
            (!points.is_empty()).then_some((legend, points))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(labels: &[(&str, &str)], points: &[Point]) -> RangeSeries {
        RangeSeries {
            name: None,
            labels: labels
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            points: points.to_vec(),
        }
    }

    #[test]
    fn each_summary_asks_what_its_panel_draws() {
        let counter = MetricKind::Counter;
        assert_eq!(
            history_query(counter, Summary::SummedRate, "sip_calls", "sip_calls_total").as_deref(),
            Some("sum(rate(sip_calls_total[5m]))")
        );
        assert_eq!(
            history_query(MetricKind::Gauge, Summary::Sum, "up", "up").as_deref(),
            Some("sum(up)")
        );
        assert_eq!(
            history_query(MetricKind::Gauge, Summary::TopSeries, "t", "t"),
            None
        );
        let histogram = history_query(MetricKind::Histogram, Summary::Quantiles, "d", "d_bucket")
            .expect("a query");
        assert!(histogram.starts_with(
            "label_replace(histogram_quantile(0.5, sum by (le) (rate(d_bucket[5m]))), \
             \"fedview_quantile\", \"p50\", \"\", \"\") or "
        ));
        assert!(histogram.contains("\"p99\""));
        assert_eq!(
            history_query(MetricKind::Summary, Summary::Quantiles, "s", "s").as_deref(),
            Some("avg by (quantile) (s)")
        );
    }

    #[test]
    fn answers_read_back_as_the_lines_the_board_keeps() {
        let rate = [series(&[], &[(0, 1.0), (30_000, f64::NAN), (60_000, 2.0)])];
        assert_eq!(
            history_lines(Summary::SummedRate, &rate),
            [("rate".to_owned(), vec![(0, 1.0), (60_000, 2.0)])]
        );
        let histogram = [
            series(&[("fedview_quantile", "p50")], &[(0, 0.1)]),
            series(&[("fedview_quantile", "p99")], &[(0, 0.9)]),
        ];
        let labels: Vec<String> = history_lines(Summary::Quantiles, &histogram)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(labels, ["p50", "p99"]);
        let summary = [series(&[("quantile", "0.99")], &[(0, 3.0)])];
        assert_eq!(history_lines(Summary::Quantiles, &summary)[0].0, "p99");
        assert!(history_lines(Summary::Sum, &[series(&[], &[(0, f64::NAN)])]).is_empty());
    }
}
