//! A board as fedview keeps it: a title, variables, and rows of panels on Grafana's
//! 24-column grid, each panel drawing one or more PromQL queries. Grafana and Perses
//! dashboards are read into it, and it is written back out as Grafana JSON.

use serde::{Deserialize, Serialize};

use crate::board::{
    display::PanelDisplay, repeat::Repeat, table::Transformation, text_panel::PanelText,
    variables::Variable,
};

/// Columns of the grid panels are placed on, as in Grafana.
pub const GRID_COLUMNS: u32 = 24;

/// A board.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Board {
    /// Its title.
    pub title: String,
    /// Its variables, in the order they resolve (a later one may refer to an earlier one).
    pub variables: Vec<Variable>,
    /// Its rows, top to bottom; panels above the first titled row are in an untitled one.
    pub rows: Vec<Row>,
}

impl Board {
    /// Every panel, row by row.
    pub fn panels(&self) -> impl Iterator<Item = &Panel> {
        self.rows.iter().flat_map(|row| row.panels.iter())
    }
}

/// A row of panels, which can be folded away.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Row {
    /// Its title; `None` for the panels above the first row.
    pub title: Option<String>,
    /// Whether it is folded (its panels are not drawn until it is opened).
    pub collapsed: bool,
    /// Its panels.
    pub panels: Vec<Panel>,
    /// The variable the row is repeated over, with its panels, once per value picked.
    // Always written: bincode, between the page and its workers, reads every field.
    #[serde(default)]
    pub repeat: Option<String>,
}

/// Where a panel sits on the grid: column and row of its top-left cell, width in columns
/// (1–24) and height in rows of 30 px.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GridPos {
    /// First column, 0–23.
    pub x: u32,
    /// First row.
    pub y: u32,
    /// Width in columns.
    pub w: u32,
    /// Height in rows.
    pub h: u32,
}

/// What a panel draws.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PanelKind {
    /// Lines over time (Grafana `timeseries` and `graph`, Perses `TimeSeriesChart`).
    #[default]
    TimeSeries,
    /// One large latest value (`stat` and the older `singlestat`, Perses `StatChart`).
    Stat,
    /// A value on a dial (`gauge`, Perses `GaugeChart`).
    Gauge,
    /// Values as bars (`bargauge`).
    BarGauge,
    /// Buckets over time as colour (`heatmap`).
    Heatmap,
    /// The latest values as rows (`table`, Perses `Table`).
    Table,
    /// Notes in markdown, HTML or code (`text`, Perses `Markdown`).
    Text(PanelText),
    /// A panel type fedview does not draw, by its name in the file.
    Unsupported(String),
}

impl PanelKind {
    /// The kind for a Grafana panel `type` (a `text` panel's content is read apart, so it
    /// comes empty here).
    pub fn from_grafana(kind: &str) -> Self {
        match kind {
            "timeseries" | "graph" => Self::TimeSeries,
            "stat" | "singlestat" => Self::Stat,
            "gauge" => Self::Gauge,
            "bargauge" => Self::BarGauge,
            "heatmap" => Self::Heatmap,
            "table" => Self::Table,
            "text" => Self::Text(PanelText::default()),
            other => Self::Unsupported(other.to_owned()),
        }
    }

    /// The Grafana panel `type` it is written back as.
    pub fn grafana_type(&self) -> &str {
        match self {
            Self::TimeSeries => "timeseries",
            Self::Stat => "stat",
            Self::Gauge => "gauge",
            Self::BarGauge => "bargauge",
            Self::Heatmap => "heatmap",
            Self::Table => "table",
            Self::Text(_) => "text",
            Self::Unsupported(kind) => kind,
        }
    }
}

/// One query of a panel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PanelQuery {
    /// The PromQL, variables not yet substituted.
    pub expr: String,
    /// The legend format (`{{label}}` is replaced by the series' label), if any.
    pub legend: Option<String>,
    /// Whether the query is switched off in the panel.
    pub hidden: bool,
    /// The shortest step it is asked with (Grafana's `interval`: `1m`, or a variable).
    #[serde(default)]
    pub interval: Option<String>,
    /// Whether only its latest value is wanted (Grafana's `instant`).
    #[serde(default)]
    pub instant: bool,
    /// Whether it is read as a table, a row per series (Grafana's `format: table`).
    #[serde(default)]
    pub table: bool,
    /// Its reference (Grafana's `refId`), as the board gave it.
    #[serde(default)]
    pub ref_id: Option<String>,
}

impl PanelQuery {
    /// Its reference: as given, else the one Grafana gives the `index`th query of a panel
    /// (`A`, `B`, … `Z`, `A1`, …).
    pub fn reference(&self, index: usize) -> String {
        if let Some(given) = self.ref_id.as_ref().filter(|r| !r.is_empty()) {
            return given.clone();
        }
        let letter = char::from(b'A' + (index % 26) as u8);
        match index / 26 {
            0 => letter.to_string(),
            n => format!("{letter}{n}"),
        }
    }
}

/// A panel.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Panel {
    /// Its title (may hold variables).
    pub title: String,
    /// What it draws.
    pub kind: PanelKind,
    /// Where it sits.
    pub grid: GridPos,
    /// Its queries.
    pub queries: Vec<PanelQuery>,
    /// The unit its values are in (Grafana's `fieldConfig.defaults.unit`), if given.
    pub unit: Option<String>,
    /// Overlay the same queries this many seconds earlier, drawn dashed (1 day, 7 days).
    pub time_shift_s: Option<u64>,
    /// Its own window, the last this many seconds, instead of the board's (Grafana's
    /// `timeFrom`): a pinned chart keeps the range it was looked at over.
    #[serde(default)]
    pub time_from_s: Option<u64>,
    /// `timeFrom` and `timeShift` as written where they name a variable (`$shift`),
    /// worked out each time the board asks, from the variables' values then.
    #[serde(default)]
    pub time_variables: Option<TimeVariables>,
    /// How it shows its values: decimals, thresholds, colours, the reduce calculation.
    #[serde(default)]
    pub display: Box<PanelDisplay>,
    /// The variable it is drawn once per value of, if any.
    #[serde(default)]
    pub repeat: Option<Repeat>,
    /// A table panel's transformations.
    #[serde(default)]
    pub transformations: Vec<Transformation>,
}

/// A panel's own window and overlay as written with variables in them (Grafana
/// substitutes the board's variables before it reads `timeFrom` and `timeShift`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TimeVariables {
    /// `timeFrom`, as written.
    pub from: Option<String>,
    /// `timeShift`, as written.
    pub shift: Option<String>,
}
