//! How a table column shows its cells, as Grafana's table field options say: the cell
//! type (`custom.cellOptions`: auto, coloured text, coloured background, gauge, JSON,
//! image, data links), the alignment (`custom.align`) and the column's data links
//! (`links`). Reading and writing them is `grafana/cell_options.rs`; the cells they give
//! are worked out in `table_cells.rs`.

use serde::{Deserialize, Serialize};

use crate::board::display::BarMode;

/// A column's cell type (`custom.cellOptions.type`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CellType {
    /// The value as text (`auto`).
    #[default]
    Auto,
    /// The text in the value's colour (`color-text`).
    ColorText,
    /// The cell's background in the value's colour (`color-background`).
    ColorBackground {
        /// One colour, without Grafana's gradient (`mode: basic`).
        solid: bool,
        /// The colour is the whole row's (`applyToRow`).
        whole_row: bool,
    },
    /// A bar gauge in this mode (`gauge`).
    Gauge(BarMode),
    /// The value written as indented JSON (`json-view`).
    Json,
    /// The value is an image's address (`image`), shown with this text for those who
    /// cannot see it (`alt`).
    Image {
        /// The image's alternative text.
        alt: Option<String>,
    },
    /// The column's links, by their titles, in place of the value (`data-links`).
    DataLinks,
    /// A type fedview does not draw (`sparkline`, `pill`, `markdown`, `actions`), by
    /// Grafana's name: shown as `auto`, written back as it was.
    Other(String),
}

/// Where a column's text sits (`custom.align`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Align {
    /// Numbers to the right, anything else to the left (`auto`).
    #[default]
    Auto,
    /// To the left.
    Left,
    /// In the middle.
    Center,
    /// To the right.
    Right,
}

impl Align {
    /// Where a column of numbers (`numbers`) or of text puts its text, as Grafana's table
    /// decides: as set, else numbers right and text left.
    pub fn resolved(self, numbers: bool) -> Align {
        match self {
            Align::Auto if numbers => Align::Right,
            Align::Auto => Align::Left,
            set => set,
        }
    }
}

/// A link a column's cells lead to (Grafana's data link: `links[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataLink {
    /// What it says.
    pub title: String,
    /// Where it goes, with Grafana's variables (`${__value.raw}`,
    /// `${__data.fields.name}`, a board variable) still in it.
    pub url: String,
    /// Opened in a new tab (`targetBlank`).
    pub new_tab: bool,
}
