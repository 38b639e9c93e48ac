//! The overview as the page shows it: each family's summary lines (kept poll by poll
//! in [`Overview`]) or its top series (read from the store), decimated to a panel's width,
//! with the latest value to show large, grouped by the first word of the family names.

use std::collections::BTreeMap;

use crate::{
    analysis::chart_data::{lines, HistoryIndex, LineRequest},
    analysis::chart_line::ChartLine,
    analysis::decimate::{min_max, PIXELS_PER_COLUMN},
    analysis::overview::{Overview, Summary, TOP_SERIES},
    draw::chart::extent,
    model::series_store::{Family, SeriesStore},
    worker::protocol::{OverviewGroup, OverviewPanel, OverviewView},
};

/// The overview for panels whose plots are `panel_pixels` wide.
pub fn overview_view(store: &SeriesStore, overview: &Overview, panel_pixels: u32) -> OverviewView {
    let columns = (f64::from(panel_pixels) / PIXELS_PER_COLUMN).max(1.0) as usize;
    let mut groups: BTreeMap<String, Vec<OverviewPanel>> = BTreeMap::new();
    for family in store.families() {
        let Some(panel) = panel(store, overview, family, columns) else {
            continue;
        };
        groups
            .entry(group_of(&family.name).to_owned())
            .or_default()
            .push(panel);
    }
    OverviewView {
        groups: groups
            .into_iter()
            .map(|(name, mut panels)| {
                panels.sort_by(|a, b| a.family.cmp(&b.family));
                OverviewGroup { name, panels }
            })
            .collect(),
    }
}

/// The group a family goes in: the first word of its name.
pub fn group_of(family: &str) -> &str {
    family.split('_').next().unwrap_or(family)
}

fn panel(
    store: &SeriesStore,
    overview: &Overview,
    family: &Family,
    columns: usize,
) -> Option<OverviewPanel> {
    let series = overview.panel(&family.name)?;
    let summary = series.summary?;
    let mut drawn: Vec<ChartLine> = if summary == Summary::TopSeries {
        let mut set = lines(
            store,
            family,
            &LineRequest::default(),
            &HistoryIndex::new(&[]),
        );
        set.lines.truncate(TOP_SERIES);
        set.lines
    } else {
        series
            .lines
            .iter()
            .enumerate()
            .map(|(color, (label, values))| ChartLine {
                label: label.clone(),
                points: overview
                    .times()
                    .iter()
                    .zip(values)
                    .filter(|(_, v)| !v.is_nan())
                    .map(|(&t, &v)| (t, v))
                    .collect(),
                color,
                dashed: false,
            })
            .collect()
    };
    // The value shown large is the polls' own; the upstream's history from before the
    // first poll goes in front of the lines (or is the line, until the polls give one: a
    // rate needs two).
    let headline = headline(summary, &drawn);
    for (label, before) in overview.history(&family.name) {
        match drawn.iter_mut().find(|line| line.label == *label) {
            Some(line) => {
                line.points.splice(0..0, before.iter().copied());
            }
            None => drawn.push(ChartLine {
                label: label.clone(),
                points: before.clone(),
                color: drawn.len(),
                dashed: false,
            }),
        }
    }
    // The upstream's points in the gaps between polls go where they belong in time.
    for (label, inside) in overview.gaps(&family.name) {
        if let Some(line) = drawn.iter_mut().find(|line| line.label == *label) {
            line.points.extend(inside.iter().copied());
            line.points.sort_by_key(|&(t, _)| t);
        }
    }
    let (start, end) = extent(&drawn);
    for line in &mut drawn {
        line.points = min_max(&line.points, start, end, columns);
    }
    Some(OverviewPanel {
        family: family.name.clone(),
        kind: family.kind,
        unit: family.unit.clone(),
        series: store.live_in(family),
        summary,
        headline,
        lines: drawn,
    })
}

/// The value shown large: the summed rate or sum, a histogram's or summary's p99 (else its
/// highest quantile), or the top series' latest value.
fn headline(summary: Summary, lines: &[ChartLine]) -> Option<(String, f64)> {
    let line = match summary {
        Summary::Quantiles => lines
            .iter()
            .find(|l| l.label == "p99")
            .or_else(|| lines.last()),
        _ => lines.first(),
    }?;
    let &(_, value) = line.points.last()?;
    let label = match summary {
        Summary::TopSeries if lines.len() > 1 => format!("highest: {}", line.label),
        Summary::TopSeries => line.label.clone(),
        _ => line.label.clone(),
    };
    Some((label, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::overview::fed;

    const POLLS: [&str; 2] = [
        "sip_calls_total{a=\"x\"} 10\nsip_calls_total{a=\"y\"} 100\n\
         sip_up{pod=\"1\"} 1\nsip_up{pod=\"2\"} 3\n\
         diameter_seconds_bucket{le=\"1\"} 0\ndiameter_seconds_bucket{le=\"+Inf\"} 0\n",
        "sip_calls_total{a=\"x\"} 30\nsip_calls_total{a=\"y\"} 150\n\
         sip_up{pod=\"1\"} 2\nsip_up{pod=\"2\"} 5\n\
         diameter_seconds_bucket{le=\"1\"} 10\ndiameter_seconds_bucket{le=\"+Inf\"} 10\n",
    ];

    #[test]
    fn families_are_grouped_by_their_first_word_with_their_latest_value() {
        let (store, overview) = fed(&POLLS);
        let view = overview_view(&store, &overview, 300);
        let names: Vec<(&str, Vec<&str>)> = view
            .groups
            .iter()
            .map(|g| {
                (
                    g.name.as_str(),
                    g.panels.iter().map(|p| p.family.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("diameter", vec!["diameter_seconds"]),
                ("sip", vec!["sip_calls_total", "sip_up"])
            ]
        );
        let sip = &view.groups[1].panels;
        assert_eq!(sip[0].headline, Some(("rate".to_owned(), 7.0)));
        // Two series only: each is drawn, the highest first, and its value is the headline.
        assert_eq!(sip[1].summary, Summary::TopSeries);
        assert_eq!(sip[1].lines.len(), 2);
        assert_eq!(
            sip[1].headline,
            Some(("highest: {pod=\"2\"}".to_owned(), 5.0))
        );
        let diameter = &view.groups[0].panels[0];
        let labels: Vec<&str> = diameter.lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["p50", "p90", "p99"]);
        assert_eq!(
            diameter.headline.as_ref().map(|h| h.0.as_str()),
            Some("p99")
        );
    }

    #[test]
    fn history_from_before_the_first_poll_comes_first() {
        let (store, mut overview) = fed(&POLLS);
        let first = overview.times()[0];
        overview.set_history(
            "sip_calls_total",
            Summary::SummedRate,
            vec![(
                "rate".to_owned(),
                vec![(first - 20_000, 5.0), (first - 10_000, 6.0), (first, 99.0)],
            )],
        );
        let view = overview_view(&store, &overview, 300);
        let sip = &view.groups[1].panels[0];
        assert_eq!(sip.family, "sip_calls_total");
        let points: Vec<f64> = sip.lines[0].points.iter().map(|&(_, v)| v).collect();
        assert_eq!(
            points,
            [5.0, 6.0, 7.0],
            "the history's points before the first poll, then the polled rate"
        );
        assert_eq!(sip.headline, Some(("rate".to_owned(), 7.0)));
    }

    #[test]
    fn history_draws_a_rate_before_the_polls_can() {
        let (store, mut overview) = fed(&POLLS[..1]);
        let first = overview.times()[0];
        overview.set_history(
            "sip_calls_total",
            Summary::SummedRate,
            vec![("rate".to_owned(), vec![(first - 30_000, 4.0)])],
        );
        overview.set_history(
            "sip_up",
            Summary::Sum,
            vec![("sum".to_owned(), vec![(first - 30_000, 4.0)])],
        );
        let view = overview_view(&store, &overview, 300);
        let sip = &view.groups[1].panels[0];
        assert_eq!(sip.lines.len(), 1);
        assert_eq!(sip.lines[0].points, [(first - 30_000, 4.0)]);
        assert_eq!(
            sip.headline, None,
            "the value shown large waits for two polls"
        );
        assert_eq!(
            view.groups[1].panels[1].lines.len(),
            2,
            "history asked for another summary than the panel now draws is left out"
        );
    }
}
