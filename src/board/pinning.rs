//! Panels made from what the user is looking at: the chart of a family (its filters, rate
//! or raw) or a PromQL expression, pinned to the end of a board.

use std::collections::BTreeMap;

use crate::{
    board::{
        layout::reflow,
        model::{Board, GridPos, Panel, PanelKind, PanelQuery, Row, GRID_COLUMNS},
    },
    model::metric_kind::MetricKind,
    model::selector::selector,
};

/// A new panel's height in grid rows (30 px each).
const PANEL_HEIGHT: u32 = 8;

/// The panel of a family's chart: a counter's per-second rate (or its raw values), a
/// histogram's p50, p90 and p99 over all its series, anything else as it is; over the last
/// `last_ms` when the chart was looked at over a history range.
pub fn family_panel(
    family: &str,
    kind: MetricKind,
    filters: &BTreeMap<String, String>,
    raw: bool,
    last_ms: Option<i64>,
) -> Panel {
    let queries = match kind {
        MetricKind::Counter if !raw => vec![PanelQuery {
            expr: format!("rate({}[$__rate_interval])", selector(family, filters)),
            ..PanelQuery::default()
        }],
        MetricKind::Histogram => [("0.5", "p50"), ("0.9", "p90"), ("0.99", "p99")]
            .iter()
            .map(|(q, legend)| PanelQuery {
                expr: format!(
                    "histogram_quantile({q}, sum by (le) (rate({}[$__rate_interval])))",
                    selector(&format!("{family}_bucket"), filters)
                ),
                legend: Some((*legend).to_owned()),
                ..PanelQuery::default()
            })
            .collect(),
        _ => vec![PanelQuery {
            expr: selector(family, filters),
            ..PanelQuery::default()
        }],
    };
    let title = if filters.is_empty() {
        family.to_owned()
    } else {
        selector(family, filters)
    };
    Panel {
        title,
        queries,
        time_from_s: last_ms.and_then(|ms| u64::try_from(ms / 1000).ok()),
        ..Panel::default()
    }
}

/// The panel of a PromQL expression.
pub fn expression_panel(expr: &str) -> Panel {
    Panel {
        title: expr.to_owned(),
        queries: vec![PanelQuery {
            expr: expr.to_owned(),
            ..PanelQuery::default()
        }],
        ..Panel::default()
    }
}

/// Adds `panel` at the end of `board`'s last row, half the board wide.
pub fn pin(board: &mut Board, mut panel: Panel) {
    panel.kind = PanelKind::TimeSeries;
    panel.grid = GridPos {
        x: 0,
        y: 0,
        w: GRID_COLUMNS / 2,
        h: PANEL_HEIGHT,
    };
    if board.rows.is_empty() {
        board.rows.push(Row::default());
    }
    if let Some(row) = board.rows.last_mut() {
        let top = row.panels.iter().map(|p| p.grid.y).min().unwrap_or(0);
        row.panels.push(panel);
        reflow(&mut row.panels, top);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_pins_as_the_chart_shows_it() {
        let filters = BTreeMap::from([("region".to_owned(), "oslo".to_owned())]);
        let counter = family_panel(
            "sip_responses_total",
            MetricKind::Counter,
            &filters,
            false,
            Some(86_400_000),
        );
        assert_eq!(
            counter.queries[0].expr,
            "rate(sip_responses_total{region=\"oslo\"}[$__rate_interval])"
        );
        assert_eq!(counter.title, "sip_responses_total{region=\"oslo\"}");
        assert_eq!(
            counter.time_from_s,
            Some(86_400),
            "the chart's 24 h range goes with it"
        );
        let raw = family_panel(
            "sip_responses_total",
            MetricKind::Counter,
            &filters,
            true,
            None,
        );
        assert_eq!(raw.queries[0].expr, "sip_responses_total{region=\"oslo\"}");
        let histogram = family_panel(
            "rtt_seconds",
            MetricKind::Histogram,
            &BTreeMap::new(),
            false,
            None,
        );
        let legends: Vec<_> = histogram
            .queries
            .iter()
            .map(|q| q.legend.as_deref().unwrap_or_default())
            .collect();
        assert_eq!(legends, ["p50", "p90", "p99"]);
        assert_eq!(
            histogram.queries[2].expr,
            "histogram_quantile(0.99, sum by (le) (rate(rtt_seconds_bucket[$__rate_interval])))"
        );
    }

    #[test]
    fn pinned_panels_fill_the_board_two_by_two() {
        let mut board = Board::default();
        for expr in ["a", "b", "c"] {
            pin(&mut board, expression_panel(expr));
        }
        let grids: Vec<(u32, u32)> = board.panels().map(|p| (p.grid.x, p.grid.y)).collect();
        assert_eq!(grids, [(0, 0), (12, 0), (0, 8)]);
    }
}
