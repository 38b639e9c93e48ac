//! The explore slice of the state: the metric search, the charted family with its label
//! filters and choices, the value table's order, the zoom, the history range and what it
//! loaded, and the lines hidden in a chart.

use std::collections::{BTreeMap, BTreeSet};

use crate::{
    analysis::chart_data::LineRequest,
    analysis::decimate::measured_or_default,
    net::range_query::{QueryError, Range},
    worker::protocol::{HistoryKey, HistoryLoad, TableColumn, TableRequest},
};

/// What history the chart holds for the picked metric.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum HistoryStatus {
    /// None asked for.
    #[default]
    Off,
    /// A range query is in flight for this key.
    Loading(HistoryKey),
    /// Loaded for this key.
    Loaded(HistoryKey, HistoryLoad),
    /// The upstream refused the query.
    Failed(HistoryKey, QueryError),
}

/// What a chart is drawing, for the lines hidden in it: a family view (the family and its
/// label filters) or a PromQL query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LineView {
    /// No chart.
    #[default]
    Nothing,
    /// The family called `.0`, with label filters `.1`.
    Family(String, BTreeMap<String, String>),
    /// The PromQL query `.0`.
    Query(String),
}

/// The legend entries the user hid, for one view: another view starts with none hidden.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HiddenLines {
    /// The view they were hidden in.
    pub view: LineView,
    /// The hidden legend labels.
    pub labels: BTreeSet<String>,
}

/// Exploring the metrics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Explore {
    /// The value table's sort and scroll position.
    pub table: TableRequest,
    /// The metric list's search text.
    pub search: String,
    /// The family being charted.
    pub selected: Option<String>,
    /// Label filters on the charted family: label name to the value it must have.
    pub filters: BTreeMap<String, String>,
    /// Show counters as raw values instead of per-second rates.
    pub raw_counters: bool,
    /// Draw every line of the charted family (as a band when there are many).
    pub show_all: bool,
    /// The legend's search: only lines whose legend contains it are drawn.
    pub legend_search: String,
    /// The zoomed time window (ms since the epoch), or `None` for all collected data.
    pub window: Option<(i64, i64)>,
    /// The history range picked, or `None` for polled data only.
    pub range: Option<Range>,
    /// The history of the picked metric.
    pub history: HistoryStatus,
    /// The lines hidden in the chart the user last hid one in.
    pub hidden: HiddenLines,
    /// The chart's plotting area in pixels, as its canvas last measured it.
    pub chart_width: Option<u32>,
}

/// What can happen while exploring.
#[derive(Debug, Clone, PartialEq)]
pub enum ExploreAction {
    /// The user typed in the metric search.
    Search(String),
    /// The user picked a family to chart (its label filters start empty).
    Select(Option<String>),
    /// The user set (or, with `None`, cleared) a label filter.
    SetFilter(String, Option<String>),
    /// The user toggled counters between rates and raw values.
    SetRawCounters(bool),
    /// The user asked for every line of the charted family, or for the top ones.
    SetShowAll(bool),
    /// The user typed in the legend's search.
    SearchLegend(String),
    /// The user sorted the value table by a column (again: the other way).
    SortTable(TableColumn),
    /// The value table scrolled: the first row to show.
    ScrollTable(usize),
    /// The user zoomed into a time window, or reset it with `None`.
    Zoom(Option<(i64, i64)>),
    /// The user picked a history range, or polled data only.
    SetRange(Option<Range>),
    /// A history load started.
    HistoryStarted(HistoryKey),
    /// The user hid or showed the line labelled `.1` in the chart of view `.0`.
    ToggleLine(LineView, String),
    /// The chart's canvas measured its plotting area: this many pixels wide.
    ChartWidth(u32),
}

impl Explore {
    /// Whether `action` would change anything (a width already known does not).
    pub fn changes(&self, action: &ExploreAction) -> bool {
        match action {
            ExploreAction::ChartWidth(pixels) => self.chart_width != Some(*pixels),
            _ => true,
        }
    }

    /// Applies `action`.
    pub fn reduce(&mut self, action: ExploreAction) {
        match action {
            ExploreAction::Search(text) => self.search = text,
            ExploreAction::Select(family) => {
                if self.selected != family {
                    self.filters.clear();
                    self.show_all = false;
                    self.legend_search.clear();
                    self.table.first_row = 0;
                }
                self.selected = family;
            }
            ExploreAction::SetFilter(label, Some(value)) => {
                self.filters.insert(label, value);
            }
            ExploreAction::SetFilter(label, None) => {
                self.filters.remove(&label);
            }
            ExploreAction::SetRawCounters(raw) => self.raw_counters = raw,
            ExploreAction::SetShowAll(all) => self.show_all = all,
            ExploreAction::SearchLegend(text) => self.legend_search = text,
            ExploreAction::SortTable(column) => {
                let ascending = self.table.column != column || !self.table.ascending;
                self.table = TableRequest {
                    column,
                    ascending,
                    first_row: 0,
                };
            }
            ExploreAction::ScrollTable(first_row) => self.table.first_row = first_row,
            ExploreAction::Zoom(window) => self.window = window.filter(|(a, b)| a < b),
            ExploreAction::SetRange(range) => {
                self.range = range;
                if range.is_none() {
                    self.history = HistoryStatus::Off;
                }
            }
            ExploreAction::HistoryStarted(key) => self.history = HistoryStatus::Loading(key),
            ExploreAction::ToggleLine(view, label) => {
                if self.hidden.view != view {
                    self.hidden = HiddenLines {
                        view,
                        labels: BTreeSet::new(),
                    };
                }
                if !self.hidden.labels.remove(&label) {
                    self.hidden.labels.insert(label);
                }
            }
            ExploreAction::ChartWidth(pixels) => self.chart_width = Some(pixels),
        }
    }

    /// Whether a history answer for `key` is still wanted: the load in flight is for it.
    pub fn awaits_history(&self, key: &HistoryKey) -> bool {
        matches!(&self.history, HistoryStatus::Loading(k) if k == key)
    }

    /// A dump replaced the data: its history, range and zoom no longer apply.
    pub fn dump_opened(&mut self) {
        self.history = HistoryStatus::Off;
        self.range = None;
        self.window = None;
    }

    /// What history the view asks for: the charted family, its filters and rate/raw choice
    /// over the picked range, on live data only (`live`).
    pub fn history_key(&self, live: bool) -> Option<HistoryKey> {
        match (&self.selected, self.range) {
            (Some(family), Some(range)) if live => Some(HistoryKey {
                family: family.clone(),
                filters: self.filters.clone(),
                raw: self.raw_counters,
                range,
            }),
            _ => None,
        }
    }

    /// The loaded history's key, while it is the one the view asks for.
    pub fn shown_history(&self, live: bool) -> Option<&HistoryKey> {
        match &self.history {
            HistoryStatus::Loaded(key, _) if Some(key) == self.history_key(live).as_ref() => {
                Some(key)
            }
            _ => None,
        }
    }

    /// What the chart of the picked family shows.
    pub fn family_view(&self) -> LineView {
        self.selected.as_ref().map_or(LineView::Nothing, |family| {
            LineView::Family(family.clone(), self.filters.clone())
        })
    }

    /// What the chart asks of the picked family's lines.
    pub fn line_request(&self) -> LineRequest {
        LineRequest {
            filters: self.filters.clone(),
            raw_counters: self.raw_counters,
            show_all: self.show_all,
            legend_search: self.legend_search.clone(),
        }
    }

    /// The labels hidden in `view`: none unless it is the view they were hidden in.
    pub fn hidden_in(&self, view: &LineView) -> BTreeSet<String> {
        if &self.hidden.view == view {
            self.hidden.labels.clone()
        } else {
            BTreeSet::new()
        }
    }

    /// The chart's plotting area in pixels: as measured, or as a default-sized chart has it
    /// before its canvas is on the page.
    pub fn chart_pixels(&self) -> u32 {
        measured_or_default(self.chart_width)
    }
}
