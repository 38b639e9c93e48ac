//! What the page shows, worked out from the store: a page of the metric list, the charted
//! family's lines, heatmap and visible table rows, and the cardinality and changes views.
//! Pure: the worker calls it, and native tests do.

use std::collections::BTreeMap;

use crate::{
    analysis::cardinality::Cardinality,
    analysis::changes::Changes,
    analysis::chart_data::{
        bucket_rates, label_choices, lines, HistoryIndex, LabelValues, LineRequest, LineSet,
    },
    analysis::decimate::{min_max, PIXELS_PER_COLUMN},
    analysis::heatmap::{heatmap_of, Heatmap},
    analysis::overview::Overview,
    draw::chart::extent,
    model::metric_kind::MetricKind,
    model::point::Point,
    model::range_series::RangeSeries,
    model::series_store::{Family, Series, SeriesStore},
    worker::overview_view::overview_view,
    worker::protocol::HistoryKey,
    worker::protocol::{
        ChangesView, FamilyList, FamilyView, ListEntry, MovedSeries, OverviewView, StoreSummary,
        StoreView, TableColumn, TablePage, TableRequest, TableRow, ViewRequest, LISTED, LIST_PAGE,
        TABLE_PAGE,
    },
};

/// What views keep between requests, so that scrolling the table or hovering costs only
/// what changed: the table's order, and the charted family's lines, filters and heatmap.
#[derive(Debug, Default)]
pub struct ViewCache {
    key: Option<OrderKey>,
    order: Vec<usize>,
    lines: Option<(ChartKey, Lines)>,
    extras: Option<(ChartKey, Extras)>,
    summary: Option<(u64, StoreSummary)>,
    overview: Option<((u64, u32), OverviewView)>,
}

/// What a family's chart was worked out for: the data's version, the family, the line
/// request, the window and the plot's width.
type ChartKey = (
    u64,
    String,
    LineRequest,
    Option<(i64, i64)>,
    u32,
    Option<HistoryKey>,
);

/// A family's lines as drawn, and the time range they span (or the window asked for).
type Lines = (LineSet, (i64, i64));

/// What a family's chart shows beside its lines: the label filters and, for a histogram,
/// the heatmap.
type Extras = (BTreeMap<String, LabelValues>, Option<Heatmap>);

/// What a table order was sorted for: the data's version, the family, its filters, the
/// column and the direction.
type OrderKey = (u64, String, BTreeMap<String, String>, TableColumn, bool);

/// Works out `request` over `store` (whose contents are at `version`), with `history` and
/// the overview `board`.
pub fn show(
    store: &SeriesStore,
    board: &Overview,
    version: u64,
    history: &[RangeSeries],
    request: &ViewRequest,
    cache: &mut ViewCache,
) -> StoreView {
    let family = request
        .selected
        .as_deref()
        .and_then(|name| store.family(name))
        .map(|family| family_view(store, version, family, history, request, cache));
    StoreView {
        generation: store.generation(),
        summary: match cache.summary {
            Some((at, counted)) if at == version => counted,
            _ => {
                let counted = summary(store);
                cache.summary = Some((version, counted));
                counted
            }
        },
        list: list(store, &request.search),
        family,
        cardinality: request
            .cardinality
            .then(|| Cardinality::of(store.current())),
        changes: request.changes.then(|| changes(store)),
        history: !history.is_empty(),
        overview: request.overview.then(|| {
            let key = (version, request.panel_pixels);
            match &cache.overview {
                Some((at, shown)) if *at == key => shown.clone(),
                _ => {
                    let shown = overview_view(store, board, request.panel_pixels);
                    cache.overview = Some((key, shown.clone()));
                    shown
                }
            }
        }),
        worked_micros: 0,
    }
}

/// Counts of the whole store.
pub fn summary(store: &SeriesStore) -> StoreSummary {
    let (point_bytes, other_bytes) = store.bytes();
    StoreSummary {
        series: store.len(),
        live: store.current().count(),
        forgotten: store.forgotten(),
        retention_ms: store.retention_ms(),
        families: store.families().len(),
        polls: store.polls(),
        limit: store.limit(),
        point_bytes,
        points: store.series().map(|s| s.points.len()).sum(),
        other_bytes,
        memory_bytes: wasm_memory(),
    }
}

/// The wasm linear memory's size in bytes: what the worker holds at most (it never shrinks).
fn wasm_memory() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// The families whose name or help contains `search` (case-insensitive), the first page.
pub fn list(store: &SeriesStore, search: &str) -> FamilyList {
    let needle = search.trim().to_lowercase();
    let mut matching = 0;
    let mut entries = Vec::new();
    for family in store.families().iter().filter(|f| {
        needle.is_empty()
            || f.name.to_lowercase().contains(&needle)
            || f.help
                .as_deref()
                .is_some_and(|h| h.to_lowercase().contains(&needle))
    }) {
        matching += 1;
        if entries.len() < LIST_PAGE {
            entries.push(ListEntry {
                name: family.name.clone(),
                kind: family.kind,
                help: family.help.clone(),
                series: store.live_in(family),
            });
        }
    }
    FamilyList { entries, matching }
}

/// The charted family's lines alone, when this request's are not worked out yet: the
/// worker sends them ahead of the whole view, so that a click on a 58,000-series family
/// draws its chart before its filters, heatmap and table are ready. `None` when there is no
/// family to chart or its lines are known (then the whole view is as quick).
pub fn lines_ahead(
    store: &SeriesStore,
    version: u64,
    history: &[RangeSeries],
    request: &ViewRequest,
    cache: &mut ViewCache,
) -> Option<FamilyView> {
    let family = store.family(request.selected.as_deref()?)?;
    let key = chart_key(version, family, request);
    let ((set, _), new) = kept_lines(store, family, history, request, key, cache);
    new.then(|| FamilyView {
        pending: true,
        ..described(family, set.clone())
    })
}

/// The family's lines for `key`: those kept from before, or worked out now and kept (then
/// `true`).
fn kept_lines<'c>(
    store: &SeriesStore,
    family: &Family,
    history: &[RangeSeries],
    request: &ViewRequest,
    key: ChartKey,
    cache: &'c mut ViewCache,
) -> (&'c Lines, bool) {
    match cache.lines.take() {
        Some((known, lines)) if known == key => (&cache.lines.insert((known, lines)).1, false),
        _ => {
            let lines = chart_lines(store, family, history, request);
            (&cache.lines.insert((key, lines)).1, true)
        }
    }
}

/// What a family's chart is worked out for.
fn chart_key(version: u64, family: &Family, request: &ViewRequest) -> ChartKey {
    (
        version,
        family.name.clone(),
        request.lines.clone(),
        request.window,
        request.plot_pixels,
        request.history.clone(),
    )
}

/// A family's view with its lines, and nothing yet of its filters, heatmap or table.
fn described(family: &Family, lines: LineSet) -> FamilyView {
    FamilyView {
        name: family.name.clone(),
        kind: family.kind,
        help: family.help.clone(),
        unit: family.unit.clone(),
        lines,
        choices: BTreeMap::new(),
        heatmap: None,
        table: TablePage::default(),
        pending: false,
    }
}

fn family_view(
    store: &SeriesStore,
    version: u64,
    family: &Family,
    history: &[RangeSeries],
    request: &ViewRequest,
    cache: &mut ViewCache,
) -> FamilyView {
    let key = chart_key(version, family, request);
    let (set, range) = kept_lines(store, family, history, request, key.clone(), cache)
        .0
        .clone();
    let (choices, heatmap) = match &cache.extras {
        Some((known, extras)) if *known == key => extras.clone(),
        _ => {
            let extras = (
                label_choices(store, family),
                heatmap(store, family, history, request, range),
            );
            cache.extras = Some((key, extras.clone()));
            extras
        }
    };
    FamilyView {
        choices,
        heatmap,
        table: table(
            store,
            version,
            family,
            &request.lines.filters,
            request.table,
            cache,
        ),
        ..described(family, set)
    }
}

/// A family's lines, decimated to the plot, and the time range they span.
fn chart_lines(
    store: &SeriesStore,
    family: &Family,
    history: &[RangeSeries],
    request: &ViewRequest,
) -> Lines {
    let history = HistoryIndex::new(history);
    let mut set = lines(store, family, &request.lines, &history);
    // Sent as drawn: at most a low and a high point per two pixels of the plot.
    let range = request.window.unwrap_or_else(|| extent(&set.lines));
    let columns = (f64::from(request.plot_pixels) / PIXELS_PER_COLUMN).max(1.0) as usize;
    for line in &mut set.lines {
        line.points = min_max(&line.points, range.0, range.1, columns);
    }
    (set, range)
}

/// For a histogram, the heatmap of its bucket rates over `range`.
fn heatmap(
    store: &SeriesStore,
    family: &Family,
    history: &[RangeSeries],
    request: &ViewRequest,
    range: (i64, i64),
) -> Option<Heatmap> {
    (family.kind == MetricKind::Histogram).then(|| {
        let history = HistoryIndex::new(history);
        let buckets = bucket_rates(store, family, &request.lines.filters, &history);
        heatmap_of(&buckets, range, request.plot_pixels)
    })
}

/// The rows of the value table in view, sorted as asked.
fn table(
    store: &SeriesStore,
    version: u64,
    family: &Family,
    filters: &BTreeMap<String, String>,
    request: TableRequest,
    cache: &mut ViewCache,
) -> TablePage {
    let key = (
        version,
        family.name.clone(),
        filters.clone(),
        request.column,
        request.ascending,
    );
    if cache.key.as_ref() != Some(&key) {
        cache.order = sorted_rows(store, family, filters, request.column, request.ascending);
        cache.key = Some(key);
    }
    let total = cache.order.len();
    let first = request.first_row.min(total.saturating_sub(1));
    let rows = cache
        .order
        .iter()
        .skip(first)
        .take(TABLE_PAGE)
        .filter_map(|&i| store.get(i))
        .filter_map(|s| {
            let (time, value) = s.latest()?;
            Some(TableRow {
                series: s.text(),
                value,
                time,
            })
        })
        .collect();
    TablePage { total, first, rows }
}

/// The family's series that have a value and pass the filters, in the order of `column`.
fn sorted_rows(
    store: &SeriesStore,
    family: &Family,
    filters: &BTreeMap<String, String>,
    column: TableColumn,
    ascending: bool,
) -> Vec<usize> {
    let mut rows: Vec<(usize, &Series, Point)> = family
        .series
        .iter()
        .filter_map(|&i| Some((i, store.get(i)?)))
        .filter(|(_, s)| {
            filters
                .iter()
                .all(|(name, value)| s.label(name) == Some(value))
        })
        .filter_map(|(i, s)| Some((i, s, s.latest()?)))
        .collect();
    rows.sort_by(|a, b| {
        let order = match column {
            TableColumn::Series => (&a.1.name, &a.1.labels).cmp(&(&b.1.name, &b.1.labels)),
            TableColumn::Value => a.2 .1.total_cmp(&b.2 .1),
            TableColumn::Time => a.2 .0.cmp(&b.2 .0),
        };
        if ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows.into_iter().map(|(i, ..)| i).collect()
}

/// What changed between the last two polls, with the series named.
fn changes(store: &SeriesStore) -> ChangesView {
    let changes = Changes::of(store);
    let texts = |series: &[usize]| -> Vec<String> {
        series
            .iter()
            .take(LISTED)
            .filter_map(|&i| store.get(i))
            .map(Series::text)
            .collect()
    };
    ChangesView {
        movers: changes
            .movers
            .iter()
            .filter_map(|m| {
                let s = store.get(m.series)?;
                Some(MovedSeries {
                    series: s.text(),
                    name: s.name.to_string(),
                    before: m.before,
                    after: m.after,
                    rate: m.rate,
                    relative: m.relative(),
                })
            })
            .collect(),
        appeared: texts(&changes.appeared),
        appeared_total: changes.appeared.len(),
        disappeared: texts(&changes.disappeared),
        disappeared_total: changes.disappeared.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::{
        analysis::chart_data::{LineRequest, TOP_LINES},
        model::series_store::polled,
    };

    fn request(selected: &str) -> ViewRequest {
        ViewRequest {
            selected: Some(selected.to_owned()),
            plot_pixels: 800,
            ..ViewRequest::default()
        }
    }

    /// One poll of the gauge `g` with `n` series, `g{i="000"} 0` and on.
    fn gauges(n: usize) -> SeriesStore {
        let text: String = (0..n).map(|i| format!("g{{i=\"{i:03}\"}} {i}\n")).collect();
        polled(&[&text])
    }

    #[test]
    fn the_table_sends_only_the_rows_in_view() {
        let store = gauges(100);
        let mut order = ViewCache::default();
        let mut asked = request("g");
        let view = show(&store, &Overview::default(), 1, &[], &asked, &mut order);
        let table = view.family.map(|f| f.table).unwrap_or_default();
        assert_eq!(
            (table.total, table.first, table.rows.len()),
            (100, 0, TABLE_PAGE)
        );
        assert_eq!(
            table.rows.first().map(|r| r.series.as_str()),
            Some("g{i=\"000\"}")
        );
        // Scrolled to the end, by value descending.
        asked.table = TableRequest {
            column: TableColumn::Value,
            ascending: false,
            first_row: 90,
        };
        let view = show(&store, &Overview::default(), 1, &[], &asked, &mut order);
        let table = view.family.map(|f| f.table).unwrap_or_default();
        assert_eq!((table.first, table.rows.len()), (90, 10));
        assert_eq!(table.rows.last().map(|r| r.value), Some(0.0));
    }

    #[test]
    fn a_new_chart_sends_its_lines_ahead_once_and_the_whole_view_completes_them() {
        let store = gauges(50);
        let mut cache = ViewCache::default();
        let asked = request("g");
        let ahead = lines_ahead(&store, 1, &[], &asked, &mut cache).expect("lines ahead");
        assert!(ahead.pending);
        assert_eq!(ahead.lines.total, 50);
        assert_eq!(ahead.lines.lines.len(), TOP_LINES);
        assert_eq!(ahead.table, TablePage::default(), "no table yet");
        assert!(
            lines_ahead(&store, 1, &[], &asked, &mut cache).is_none(),
            "known lines are not sent again"
        );
        let view = show(&store, &Overview::default(), 1, &[], &asked, &mut cache);
        let whole = view.family.expect("the family");
        assert!(!whole.pending);
        assert_eq!(whole.lines, ahead.lines, "the same lines, from the cache");
        assert_eq!(whole.table.total, 50);
        assert_eq!(whole.choices.keys().collect::<Vec<_>>(), vec!["i"]);
        // New data means new lines.
        assert!(lines_ahead(&store, 2, &[], &asked, &mut cache).is_some());
        // Scrolling the table asks for no new lines.
        let mut scrolled = asked.clone();
        scrolled.table.first_row = 10;
        assert!(lines_ahead(&store, 2, &[], &scrolled, &mut cache).is_none());
        // Nothing selected, nothing ahead.
        assert!(lines_ahead(&store, 2, &[], &ViewRequest::default(), &mut cache).is_none());
    }

    #[test]
    fn the_list_sends_one_page_and_counts_the_rest() {
        let text: String = (0..(LIST_PAGE + 5))
            .map(|i| format!("m{i}_total 1\n"))
            .collect();
        let store = polled(&[&text]);
        let all = list(&store, "");
        assert_eq!(
            (all.entries.len(), all.matching),
            (LIST_PAGE, LIST_PAGE + 5)
        );
        let some = list(&store, "M20");
        assert!(some.entries.iter().all(|e| e.name.contains("m20")));
        assert_eq!(some.matching, some.entries.len());
    }

    #[test]
    fn histograms_come_with_their_heatmap_and_filters() {
        let poll = |a: u32| {
            format!(
                "h_bucket{{app=\"a\",le=\"1\"}} {a}\nh_bucket{{app=\"a\",le=\"+Inf\"}} {}\n\
                 h_bucket{{app=\"b\",le=\"1\"}} {a}\nh_bucket{{app=\"b\",le=\"+Inf\"}} {}\n",
                a * 2,
                a * 2
            )
        };
        let store = polled(&[&poll(1), &poll(5)]);
        let mut asked = request("h");
        asked.lines = LineRequest::default();
        let view = show(
            &store,
            &Overview::default(),
            1,
            &[],
            &asked,
            &mut ViewCache::default(),
        );
        let family = view.family.expect("the family");
        assert_eq!(family.kind, MetricKind::Histogram);
        assert!(family.heatmap.is_some_and(|m| m.has_data()));
        assert_eq!(
            family.choices.keys().collect::<Vec<_>>(),
            vec!["app"],
            "le is not a filter"
        );
        assert_eq!(view.summary.series, 4);
    }

    #[test]
    fn lines_leave_decimated_to_the_plot() {
        let polls: Vec<String> = (0..100).map(|i| format!("g {}\n", i % 7)).collect();
        let polls: Vec<&str> = polls.iter().map(String::as_str).collect();
        let store = polled(&polls);
        let mut asked = request("g");
        asked.plot_pixels = 40;
        let view = show(
            &store,
            &Overview::default(),
            1,
            &[],
            &asked,
            &mut ViewCache::default(),
        );
        let line = view
            .family
            .and_then(|f| f.lines.lines.into_iter().next())
            .expect("a line");
        // 20 columns of two pixels: a low and a high point each at most.
        assert!(line.points.len() <= 40, "{} points", line.points.len());
        assert!(line.points.len() >= 20, "{} points", line.points.len());
        assert_eq!(
            line.points.iter().map(|p| p.1).fold(f64::NAN, f64::max),
            6.0,
            "no peak lost"
        );
    }
}
