//! A table panel's columns and cells as Grafana's table shows them: each column's header,
//! width, alignment and cell type from the panel's field config and the overrides that
//! match it; each cell written and coloured by the column's display processor (value
//! mappings, unit, decimals, thresholds, colour mode); a coloured cell's text and
//! background as Grafana's table paints them (`color-text`; `color-background` as a
//! gradient or one colour, for the cell or its whole row); and the column's data links
//! with the cell's values put in. `tests/grafana_oracle` compares the texts and colours
//! with `@grafana/data`'s `applyFieldOverrides` and display processor.

use crate::board::{
    cell_colors::{gradient_partner, text_on},
    cell_options::{Align, CellType, DataLink},
    display::{Field, SeriesStyle, Thresholds},
    display_processor::{data_range, FieldConfig, JsRegex},
    model::Panel,
    table::{Cell, Table},
};

/// How a column of a table panel is shown.
#[derive(Debug)]
pub struct Column<'a> {
    /// Where it is in the table's rows; also its place among the table's fields, by
    /// which Grafana gives it a palette colour.
    pub at: usize,
    /// Its header: an override's `displayName`, else its display name.
    pub header: String,
    /// Left out (`custom.hidden`).
    pub hidden: bool,
    /// Its width in pixels: its own (`custom.width`), else its least (`custom.minWidth`,
    /// 150 by default).
    pub width: f64,
    /// Where its text sits.
    pub align: Align,
    /// Its cell type.
    pub kind: CellType,
    /// Its links.
    pub links: Vec<DataLink>,
    /// Whether it holds numbers.
    pub numbers: bool,
    /// Its place among the table's columns, as Grafana counts a field for its palette
    /// colour (time columns are not counted).
    index: usize,
    /// A column of times: written as dates, at this offset from UTC in minutes, with
    /// milliseconds when the column spans under a minute.
    time: Option<(i32, bool)>,
    config: FieldConfig<'a>,
}

/// One cell as shown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShownCell {
    /// Its text.
    pub text: String,
    /// Its number, for a gauge.
    pub value: Option<f64>,
    /// The colour its value gets (the display processor's), whether or not the cell
    /// shows it.
    pub value_color: String,
    /// Its text's colour, where the cell type sets one.
    pub color: Option<String>,
    /// Its background (a CSS colour or gradient), where the cell type sets one.
    pub background: Option<String>,
}

/// The columns of `table` in `panel`: each with the overrides that match its header (by
/// name, pattern, type or value) put over the panel's field config. `all` are the tables
/// the panel's transformations left, whose numbers give a field its range where it has
/// no `min` or `max`, as Grafana's global range does.
pub fn columns<'a>(
    panel: &'a Panel,
    table: &Table,
    all: &[Table],
    regex: &impl JsRegex,
    utc_offset_minutes: i32,
) -> Vec<Column<'a>> {
    let display = &panel.display;
    // Grafana's global range: the numbers of every column of numbers, in every table.
    let numbers = all.iter().flat_map(|t| {
        (0..t.columns.len())
            .filter(|&at| t.is_numeric(at))
            .flat_map(move |at| t.cells(at).filter_map(|c| c.and_then(Cell::number)))
    });
    let range = data_range(numbers);
    // Which columns hold times, worked out once: each column's palette place counts the
    // others before it.
    let time_columns: Vec<bool> = (0..table.columns.len())
        .map(|at| table.is_time(at))
        .collect();
    (0..table.columns.len())
        .map(|at| {
            let name = table.display_name(at);
            let texts = table
                .rows
                .iter()
                .any(|row| matches!(row.get(at), Some(Some(Cell::Text(_)))));
            let values: Option<Vec<Option<f64>>> = display.matches_by_value().then(|| {
                table
                    .rows
                    .iter()
                    .map(|row| match row.get(at) {
                        Some(Some(Cell::Number(v))) => Some(*v),
                        _ => None,
                    })
                    .collect()
            });
            let times = time_columns[at];
            let field = Field {
                name: &name,
                kind: if texts {
                    "string"
                } else if times {
                    "time"
                } else {
                    "number"
                },
                values: values.as_deref(),
            };
            // Grafana's `showMs`: a time column whose first and last times are under a
            // minute apart (a null counts as the epoch).
            let time_of = |row: Option<&Vec<Option<Cell>>>| match row.and_then(|r| r.get(at)) {
                Some(Some(Cell::Time(ms))) => *ms,
                _ => 0,
            };
            let with_ms = table.rows.len() > 1
                && (time_of(table.rows.last()) - time_of(table.rows.first())).abs() < 60_000;
            let style: SeriesStyle = display.style_of(&field, |p, n| regex.matches(p, n));
            Column {
                at,
                header: style.display_name.clone().unwrap_or(name),
                hidden: style.hidden == Some(true),
                width: style.width.or(style.min_width).unwrap_or(150.0).round(),
                align: style.align.unwrap_or_default().resolved(!texts && !times),
                kind: style.cell.clone().unwrap_or_default(),
                links: style.links.clone().unwrap_or_default(),
                numbers: !texts && !times,
                index: time_columns[..at].iter().filter(|&&time| !time).count(),
                time: times.then_some((utc_offset_minutes, with_ms)),
                config: FieldConfig::of(panel, &style, range, !texts && !times),
            }
        })
        .collect()
}

impl Column<'_> {
    /// The range a gauge cell is drawn over: the field's `min` and `max`, else the
    /// numbers' of every table.
    pub fn range(&self) -> (f64, f64) {
        self.config.range
    }

    /// Its thresholds (an override's, else the panel's), a gauge cell's colours.
    pub fn thresholds(&self) -> &Thresholds {
        &self.config.thresholds
    }

    /// `cell` of this column, in the theme (`dark`).
    pub fn cell(&self, cell: Option<&Cell>, dark: bool, regex: &impl JsRegex) -> ShownCell {
        let (text, value_color, value) = match cell {
            Some(Cell::Text(text)) => {
                let (shown, color) = self
                    .config
                    .text(text, self.index, &self.header, dark, regex);
                (shown, color, None)
            }
            Some(Cell::Number(v)) => {
                let (shown, color) = self.config.number(Some(*v), self.index, &self.header, dark);
                (shown, color, Some(*v))
            }
            Some(Cell::Time(ms)) => {
                let (offset, with_ms) = self.time.unwrap_or((0, false));
                let (shown, color) =
                    self.config
                        .time(*ms, with_ms, offset, self.index, &self.header, dark);
                (shown, color, None)
            }
            Some(Cell::Absent) | None => {
                let (shown, color) = self.config.number(None, self.index, &self.header, dark);
                (shown, color, None)
            }
        };
        let (color, background) = paint(&self.kind, &value_color, dark);
        ShownCell {
            text: if self.kind == CellType::Json {
                json_text(&text)
            } else {
                text
            },
            value,
            value_color,
            color,
            background,
        }
    }

    /// Whether this column colours its whole row (`color-background` with `applyToRow`).
    pub fn colours_its_row(&self) -> bool {
        matches!(
            self.kind,
            CellType::ColorBackground {
                whole_row: true,
                ..
            }
        )
    }
}

/// The text colour and background a cell of type `kind` gets from its value's `color`, as
/// Grafana's table paints them: `color-text` the text; `color-background` the background
/// (a 120° gradient from its partner colour to it, or the colour alone) and the text that
/// reads on it. Other types leave both to the theme.
pub fn paint(kind: &CellType, color: &str, dark: bool) -> (Option<String>, Option<String>) {
    match kind {
        CellType::ColorText => (Some(color.to_owned()), None),
        CellType::ColorBackground { solid, .. } => {
            let background = match gradient_partner(color, dark) {
                Some(partner) if !solid => format!("linear-gradient(120deg, {partner}, {color})"),
                _ => color.to_owned(),
            };
            (Some(text_on(color, dark).to_owned()), Some(background))
        }
        _ => (None, None),
    }
}

/// A JSON cell's text, as Grafana's `json-view` writes it: a text that reads as JSON
/// indented by one space a level, anything else as it is.
fn json_text(text: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.to_owned();
    };
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut writer = serde_json::Serializer::with_formatter(&mut out, formatter);
    match serde::Serialize::serialize(&value, &mut writer) {
        Ok(()) => String::from_utf8(out).unwrap_or_else(|_| text.to_owned()),
        Err(_) => text.to_owned(),
    }
}

/// A link's address with a row's values put in, as Grafana's data links interpolate:
/// `${__value.raw}` and `${__value.text}` the cell's, `${__data.fields.name}` (or
/// `${__data.fields["name"]}`) another column's in the same row, `${__field.name}` the
/// column's header, and a board variable through `variable` (`$name`, `${name}`,
/// `${name:format}`); a variable it does not know (Grafana's `${datasource:queryparam}`)
/// is left out. Values are written for an address (percent-encoded).
pub fn link_address(
    url: &str,
    raw: &str,
    text: &str,
    header: &str,
    field: impl Fn(&str) -> Option<String>,
    variable: impl Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, taken) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (&inner[..end], end + 2),
                None => {
                    out.push('$');
                    rest = after;
                    continue;
                }
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
            continue;
        }
        let base = name.split(':').next().unwrap_or(name);
        let value = match base {
            "__value.raw" | "__value.numeric" => Some(raw.to_owned()),
            "__value.text" => Some(text.to_owned()),
            "__field.name" | "__field.displayName" => Some(header.to_owned()),
            other => match other.strip_prefix("__data.fields") {
                Some(path) => {
                    let column = path
                        .trim_start_matches('.')
                        .trim_start_matches("[\"")
                        .trim_end_matches("\"]")
                        .trim_start_matches('[')
                        .trim_end_matches(']');
                    field(column)
                }
                None => variable(other),
            },
        };
        if let Some(value) = value {
            out.push_str(&crate::model::credentials::encode_component(&value));
        }
        rest = &after[taken..];
    }
    out.push_str(rest);
    // A variable left out leaves an empty query pair behind ("?&var-a=1"): tidied.
    out.replace("?&", "?").replace("&&", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_address_takes_the_rows_values_and_leaves_out_what_it_does_not_know() {
        let address = link_address(
            "/d/85a5?${datasource:queryparam}&var-cluster=$cluster&var-namespace=${__data.fields.Namespace}&v=${__value.raw}",
            "0.5",
            "50%",
            "CPU",
            |name| (name == "Namespace").then(|| "kube system".to_owned()),
            |name| (name == "cluster").then(|| "eu/1".to_owned()),
        );
        assert_eq!(
            address,
            "/d/85a5?var-cluster=eu%2F1&var-namespace=kube%20system&v=0.5"
        );
    }

    #[test]
    fn json_cells_are_indented_as_grafana_indents_them() {
        assert_eq!(
            json_text(r#"{"a":[1,2]}"#),
            "{\n \"a\": [\n  1,\n  2\n ]\n}"
        );
        assert_eq!(json_text("not json"), "not json");
    }

    #[test]
    fn coloured_cells_are_painted_as_grafanas_table_paints_them() {
        let (text, background) = paint(
            &CellType::ColorBackground {
                solid: false,
                whole_row: false,
            },
            "#F2495C",
            true,
        );
        assert_eq!(text.as_deref(), Some("rgb(247, 248, 250)"));
        assert_eq!(
            background.as_deref(),
            Some("linear-gradient(120deg, rgb(239, 25, 32), #F2495C)")
        );
        assert_eq!(
            paint(&CellType::ColorText, "#73BF69", true),
            (Some("#73BF69".to_owned()), None)
        );
        assert_eq!(paint(&CellType::Auto, "#73BF69", true), (None, None));
    }
}
