//! Table panels over `format: table` queries, as Grafana builds them: each query a table
//! (Grafana's data frame) with a row per series, a column per label and its value under
//! `Value` (`Value #A`, `Value #B`, … when the panel has several queries). Then the panel's
//! transformations, in their order, as Grafana's transformers work: `merge`, `joinByField`,
//! `organize`, `renameByName`, `groupBy`, `calculateField` (binary operations and row
//! reductions) and `sortBy`. Where several tables are left at the end, the panel shows one
//! at a time, as Grafana's does: the first, or the one its `frameIndex` option or its menu
//! chooses.
//! Each table starts with Grafana's `Time` column: when each series' value was taken.

mod calculate;
mod group_by;
mod merge;
mod series_to_rows;
mod sort;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use calculate::{BinaryOperand, Calculation, CalculationMode};
pub use group_by::{GroupField, GroupOperation};

/// One series of a table query's answer: its labels and its latest value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SeriesRow {
    /// Its labels (`__name__` included, when the query kept it).
    pub labels: Vec<(String, String)>,
    /// Its latest value.
    pub value: Option<f64>,
    /// When that value was taken, ms since the epoch (Grafana's `Time` column).
    #[serde(default)]
    pub time_ms: Option<i64>,
}

/// A transformation of a table panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transformation {
    /// The tables become one; rows that agree on the columns every table has become one.
    Merge,
    /// Rows are joined on the value of this column.
    JoinByField(String),
    /// Columns left out, their order, and new names.
    Organize {
        /// Columns left out.
        exclude: BTreeSet<String>,
        /// Columns' places.
        order: BTreeMap<String, u32>,
        /// Columns' new names.
        rename: BTreeMap<String, String>,
    },
    /// Columns' new names.
    Rename(BTreeMap<String, String>),
    /// Rows grouped by the values of some columns, others reduced per group.
    GroupBy(Vec<GroupField>),
    /// A column worked out from others.
    CalculateField(Calculation),
    /// Every column of every table as a row of one table, reduced by these calculations
    /// (`reduce`, series to rows).
    Reduce(Vec<String>),
    /// The first rows of each table (`limit`).
    Limit(usize),
    /// Rows sorted by one column.
    SortBy {
        /// The column.
        field: String,
        /// Largest first.
        descending: bool,
    },
}

/// A cell: a label's value, or a number; an empty cell is `None` in a row (Grafana's
/// `null`), or [`Cell::Absent`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A label's value.
    Text(String),
    /// A query's value.
    Number(f64),
    /// A time, ms since the epoch (Grafana's time field: the `Time` column).
    Time(i64),
    /// No value at all: a row that a merge or a join made where its table had no such
    /// column or row (Grafana's `undefined`). Shown empty, as a null is, but it is NaN in a
    /// calculation, where a null is 0.
    Absent,
}

impl Cell {
    /// The cell's number, if it holds one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(v) => Some(*v),
            Cell::Text(_) | Cell::Time(_) | Cell::Absent => None,
        }
    }
}

/// A cell as JavaScript's arithmetic reads it (`null` is 0; `undefined` NaN; text its
/// number, as `Number()` reads it, else NaN).
fn js_number(cell: Option<&Cell>) -> f64 {
    match cell {
        None => 0.0,
        Some(Cell::Number(v)) => *v,
        Some(Cell::Time(ms)) => *ms as f64,
        Some(Cell::Absent) => f64::NAN,
        Some(Cell::Text(text)) => {
            let text = text.trim();
            if text.is_empty() {
                0.0
            } else if text
                .chars()
                .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
            {
                f64::NAN
            } else {
                text.parse().unwrap_or(f64::NAN)
            }
        }
    }
}

/// How a cell reads in a key that rows are matched on (Grafana joins the values as text).
fn key_text(cell: Option<&Cell>) -> String {
    match cell {
        Some(Cell::Text(text)) => text.clone(),
        Some(Cell::Number(v)) => v.to_string(),
        Some(Cell::Time(ms)) => ms.to_string(),
        Some(Cell::Absent) => "undefined".to_owned(),
        None => "null".to_owned(),
    }
}

/// A table as the panel shows it, and as each transformation sees it. Two tables are
/// equal when their columns, headers given and rows are: which headers Grafana holds
/// cached is how the next transformation will see them, not what the table shows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The columns' names (Grafana's field names, which a merge or a join goes by).
    pub columns: Vec<String>,
    /// The display name given to each column, where one was (Grafana's
    /// `config.displayName`: an organize's rename, a calculation's alias), a place per
    /// column.
    pub display_names: Vec<Option<String>>,
    /// The rows, a cell (or nothing) per column.
    pub rows: Vec<Vec<Option<Cell>>>,
    /// Whether Grafana's field holds column `at`'s header as worked out within this one
    /// table (`state.displayName`, cached when a calculation looked the column up), a
    /// place per column (missing: no). A `groupBy` gathers such a column under its
    /// header, numbered, rather than under its plain name.
    pub names_cached: Vec<bool>,
}

impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        self.columns == other.columns
            && self.display_names == other.display_names
            && self.rows == other.rows
    }
}

impl Table {
    /// A table of these columns, without display names.
    fn of(columns: Vec<String>, rows: Vec<Vec<Option<Cell>>>) -> Table {
        Table {
            display_names: vec![None; columns.len()],
            columns,
            rows,
            names_cached: Vec::new(),
        }
    }

    /// Whether Grafana holds column `at`'s header cached for this table (see
    /// [`Table::names_cached`]).
    fn name_cached(&self, at: usize) -> bool {
        self.names_cached.get(at).copied().unwrap_or(false)
    }

    /// Marks column `at`'s header as cached for this table.
    fn cache_name(&mut self, at: usize) {
        if self.names_cached.len() <= at {
            self.names_cached.resize(at + 1, false);
        }
        self.names_cached[at] = true;
    }

    /// The display name given to column `at`, if any.
    fn given_name(&self, at: usize) -> Option<&String> {
        self.display_names.get(at).and_then(Option::as_ref)
    }

    /// Column `at`'s header, as Grafana's `getFieldDisplayName` writes it: the name given,
    /// else its name, numbered when other columns have that name too ("instance 1",
    /// "instance 2").
    pub fn display_name(&self, at: usize) -> String {
        if let Some(given) = self.given_name(at) {
            return given.clone();
        }
        let name = &self.columns[at];
        let same = |c: &String| c == name;
        if self.columns.iter().filter(|c| same(c)).count() < 2 {
            return name.clone();
        }
        let before = self.columns[..at].iter().filter(|c| same(c)).count();
        format!("{name} {}", before + 1)
    }

    /// Every column's header.
    pub fn headers(&self) -> Vec<String> {
        (0..self.columns.len())
            .map(|at| self.display_name(at))
            .collect()
    }

    /// The first column named `name` (a merge's and a join's way of finding a column).
    fn by_name(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The first column whose header is `name` (how a sort, an order or a calculation
    /// finds its column).
    fn shown_as(&self, name: &str) -> Option<usize> {
        (0..self.columns.len()).find(|&at| self.display_name(at) == name)
    }

    /// Whether column `at` is the one Grafana's `byName` matcher finds for `name`: by its
    /// name or its header.
    fn answers_to(&self, at: usize, name: &str) -> bool {
        self.columns[at] == name || self.display_name(at) == name
    }

    /// The cells of column `at`, a row each.
    pub fn cells(&self, at: usize) -> impl Iterator<Item = Option<&Cell>> {
        self.rows
            .iter()
            .map(move |row| row.get(at).and_then(Option::as_ref))
    }

    /// Whether column `at` holds numbers (Grafana's number fields): some, and no text.
    pub fn is_numeric(&self, at: usize) -> bool {
        let mut cells = self
            .cells(at)
            .flatten()
            .filter(|c| !matches!(c, Cell::Absent))
            .peekable();
        cells.peek().is_some() && cells.all(|c| matches!(c, Cell::Number(_)))
    }

    /// Whether column `at` holds times (Grafana's time field): some, and nothing else; or,
    /// when every cell is empty, whether it is named `Time`, as the Prometheus data
    /// source names its time field (a limit or a join can leave it with no time at all,
    /// and Grafana still knows its type).
    pub fn is_time(&self, at: usize) -> bool {
        let mut cells = self
            .cells(at)
            .flatten()
            .filter(|c| !matches!(c, Cell::Absent))
            .peekable();
        match cells.peek() {
            None => self.columns[at] == "Time",
            Some(_) => cells.all(|c| matches!(c, Cell::Time(_))),
        }
    }

    /// The first column of times, if any (the one Grafana's `getTimeField` finds).
    pub fn first_time_column(&self) -> Option<usize> {
        (0..self.columns.len()).find(|&at| self.is_time(at))
    }

    /// The table's name in the panel's menu of tables, as Grafana's `getFrameDisplayName`
    /// writes a frame without a name: its columns' headers but the times, joined.
    pub fn title(&self) -> String {
        // Time columns are not named in it.
        self.headers()
            .into_iter()
            .enumerate()
            .filter(|&(at, _)| !self.is_time(at))
            .map(|(_, header)| header)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The table with a column named `name` (shown as `given`, if set) added at the end, a
    /// cell per row.
    fn with_column(
        mut self,
        name: String,
        given: Option<String>,
        cells: Vec<Option<Cell>>,
    ) -> Table {
        self.display_names.resize(self.columns.len(), None);
        self.display_names.push(given);
        self.columns.push(name);
        for (row, cell) in self.rows.iter_mut().zip(cells) {
            row.push(cell);
        }
        self
    }
}

/// The tables of `answers` (each query's reference, `A`, `B`, …, and its rows) after
/// `transformations`: Grafana's frames, which its table panel shows one at a time.
pub fn build(
    answers: &[(String, Vec<SeriesRow>)],
    transformations: &[Transformation],
) -> Vec<Table> {
    let mut tables = query_tables(answers);
    for transformation in transformations {
        tables = apply(transformation, tables);
    }
    tables
}

/// A table per query, as Grafana's Prometheus data source frames it: a row per series,
/// the `Time` its value was taken at, a column per label (in the order first met;
/// Prometheus sorts each series' labels) and the value's column.
fn query_tables(answers: &[(String, Vec<SeriesRow>)]) -> Vec<Table> {
    let value_column = |reference: &str| {
        if answers.len() > 1 {
            format!("Value #{reference}")
        } else {
            "Value".to_owned()
        }
    };
    answers
        .iter()
        .map(|(reference, rows)| {
            // Rows that carry when their values were taken (every answer does) start
            // with Grafana's `Time` column.
            let timed = rows.iter().any(|row| row.time_ms.is_some());
            let mut columns: Vec<String> = Vec::new();
            for row in rows {
                for (name, _) in &row.labels {
                    if !columns.contains(name) {
                        columns.push(name.clone());
                    }
                }
            }
            let rows = rows
                .iter()
                .map(|row| {
                    let mut cells: Vec<Option<Cell>> = columns
                        .iter()
                        .map(|c| {
                            row.labels
                                .iter()
                                .find(|(n, _)| n == c)
                                .map(|(_, v)| Cell::Text(v.clone()))
                        })
                        .collect();
                    cells.push(row.value.map(Cell::Number));
                    if timed {
                        cells.insert(0, row.time_ms.map(Cell::Time));
                    }
                    cells
                })
                .collect();
            if timed {
                columns.insert(0, "Time".to_owned());
            }
            columns.push(value_column(reference));
            Table::of(columns, rows)
        })
        .collect()
}

/// `tables` after `transformation`.
fn apply(transformation: &Transformation, tables: Vec<Table>) -> Vec<Table> {
    match transformation {
        Transformation::Merge => merge::merge(tables),
        Transformation::JoinByField(field) => merge::join_by_field(tables, field),
        Transformation::Organize {
            exclude,
            order,
            rename,
        } => {
            // Grafana works out (and caches) every column's header as it filters, orders
            // and renames; cached for a single table, that header is what a later
            // `groupBy` gathers by.
            let one = tables.len() == 1;
            tables
                .into_iter()
                .map(|table| {
                    let mut table = organize(table, exclude, order, rename);
                    if one {
                        for at in 0..table.columns.len() {
                            table.cache_name(at);
                        }
                    }
                    table
                })
                // Grafana's field filter leaves out a table with no column left.
                .filter(|table| !table.columns.is_empty())
                .collect()
        }
        Transformation::Rename(rename) => tables
            .into_iter()
            .map(|table| organize(table, &BTreeSet::new(), &BTreeMap::new(), rename))
            .collect(),
        Transformation::GroupBy(fields) => group_by::group_by(tables, fields),
        Transformation::CalculateField(calculation) => calculate::calculate(tables, calculation),
        Transformation::SortBy { field, descending } => tables
            .into_iter()
            .map(|table| sort::sort_by(table, field, *descending))
            .collect(),
        Transformation::Reduce(reducers) => series_to_rows::series_to_rows(tables, reducers),
        Transformation::Limit(rows) => tables
            .into_iter()
            .map(|mut table| {
                table.rows.truncate(*rows);
                table
            })
            .collect(),
    }
}

/// `table` with the columns in `exclude` left out (by name or header, as Grafana's
/// `byNames` matcher finds them), the others in `order` (by header; those without a place
/// after, as they were), and given the new names in `rename` (by header; Grafana sets the
/// display name and keeps the name, which a later merge or join goes by).
fn organize(
    table: Table,
    exclude: &BTreeSet<String>,
    order: &BTreeMap<String, u32>,
    rename: &BTreeMap<String, String>,
) -> Table {
    let headers = table.headers();
    let mut kept: Vec<usize> = (0..table.columns.len())
        .filter(|&at| !exclude.contains(&table.columns[at]) && !exclude.contains(&headers[at]))
        .collect();
    kept.sort_by_key(|&at| order.get(&headers[at]).copied().unwrap_or(u32::MAX));
    Table {
        columns: kept.iter().map(|&at| table.columns[at].clone()).collect(),
        display_names: kept
            .iter()
            .map(|&at| {
                // An empty new name (a cleared field in Grafana's editor) keeps the name.
                match rename.get(&headers[at]) {
                    Some(new) if !new.is_empty() => Some(new.clone()),
                    _ => table.given_name(at).cloned(),
                }
            })
            .collect(),
        rows: table
            .rows
            .iter()
            .map(|row| {
                kept.iter()
                    .map(|&at| row.get(at).cloned().flatten())
                    .collect()
            })
            .collect(),
        names_cached: Vec::new(),
    }
}
