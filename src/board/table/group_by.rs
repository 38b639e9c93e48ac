//! Grafana's `groupBy` transformation: a table's rows grouped by the values of some
//! columns, and other columns reduced per group, each into a column named
//! `<column> (<calculation>)`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{key_text, Cell, Table};
use crate::board::reduce::reduce;

/// What `groupBy` does with one column, by the column's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupField {
    /// The column.
    pub name: String,
    /// What is done with it.
    pub operation: GroupOperation,
}

/// What `groupBy` does with a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupOperation {
    /// Rows are grouped by its values.
    GroupBy,
    /// It is reduced per group by these calculations (Grafana's reducer ids); Grafana's
    /// `count` operation is `Aggregate(["count"])`.
    Aggregate(Vec<String>),
}

/// `tables` grouped as `fields` say, each table on its own, as Grafana's `groupBy` works:
/// a table without any of the columns to group by (found by name or header) is left out;
/// without any column to group by at all, nothing changes. The columns grouped by come
/// first (in the table's order, with each group's first value), then the reductions,
/// column by column in the table's order, each named `<column> (<calculation>)`. Grafana
/// gathers a group's values by each column's name as given, unnumbered, so columns that
/// share one ("instance" twice after a join) share their values, and it finds a column's
/// calculations by that name, else by the column's own.
pub(super) fn group_by(tables: Vec<Table>, fields: &[GroupField]) -> Vec<Table> {
    if !fields
        .iter()
        .any(|f| f.operation == GroupOperation::GroupBy)
    {
        return tables;
    }
    tables
        .iter()
        .filter_map(|table| {
            let keys: Vec<usize> = (0..table.columns.len())
                .filter(|&at| {
                    fields.iter().any(|f| {
                        f.operation == GroupOperation::GroupBy && table.answers_to(at, &f.name)
                    })
                })
                .collect();
            if keys.is_empty() {
                return None;
            }
            // The rows of each group, groups in the order first met.
            let mut groups: Vec<Vec<usize>> = Vec::new();
            let mut places: HashMap<Vec<String>, usize> = HashMap::new();
            for (index, row) in table.rows.iter().enumerate() {
                let text = keys.iter().map(|&at| key_text(row[at].as_ref())).collect();
                let place = *places.entry(text).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[place].push(index);
            }
            // Each column's name as Grafana gathers by it (`getFieldDisplayName` without its
            // frame, which reads the name cached in the field's state when it was worked out
            // for a single frame): a column to group by, its name as cached by a calculation
            // that looked it up, else its name unnumbered; a column to reduce, its header
            // when this is the only table (the field matcher has just cached it), else its
            // name unnumbered. Columns gathered under one name share their values.
            let single = tables.len() == 1;
            let plain = |at: usize| {
                let cached = if keys.contains(&at) {
                    table.name_cached(at)
                } else {
                    single
                };
                if cached {
                    table.display_name(at)
                } else {
                    table
                        .given_name(at)
                        .cloned()
                        .unwrap_or_else(|| table.columns[at].clone())
                }
            };
            let gathered = |members: &[usize], name: &str| -> Vec<Option<Cell>> {
                members
                    .iter()
                    .flat_map(|&i| {
                        (0..table.columns.len())
                            .filter(move |&at| plain(at) == name)
                            .map(move |at| table.rows[i][at].clone())
                    })
                    .collect()
            };
            let mut columns: Vec<String> =
                keys.iter().map(|&at| table.columns[at].clone()).collect();
            let mut given: Vec<Option<String>> = keys
                .iter()
                .map(|&at| table.given_name(at).cloned())
                .collect();
            let mut rows: Vec<Vec<Option<Cell>>> = groups
                .iter()
                .map(|members| {
                    keys.iter()
                        .map(|&at| gathered(members, &plain(at)).swap_remove(0))
                        .collect()
                })
                .collect();
            for at in 0..table.columns.len() {
                let name = plain(at);
                let options = fields
                    .iter()
                    .find(|f| f.name == name)
                    .or_else(|| fields.iter().find(|f| f.name == table.columns[at]));
                let Some(GroupOperation::Aggregate(calculations)) = options.map(|f| &f.operation)
                else {
                    continue;
                };
                for calculation in calculations {
                    columns.push(format!("{name} ({calculation})"));
                    given.push(None);
                    for (members, row) in groups.iter().zip(rows.iter_mut()) {
                        let cells = gathered(members, &name);
                        let cells: Vec<Option<&Cell>> = cells.iter().map(Option::as_ref).collect();
                        row.push(aggregate(calculation, &cells));
                    }
                }
            }
            Some(Table {
                columns,
                display_names: given,
                rows,
                names_cached: Vec::new(),
            })
        })
        .collect()
}

/// A group's cells reduced by `calculation`: numbers as Grafana's `fieldReducer` reduces
/// them; text by the calculations that pick a value or count.
fn aggregate(calculation: &str, cells: &[Option<&Cell>]) -> Option<Cell> {
    let is_text = cells.iter().flatten().any(|c| matches!(c, Cell::Text(_)));
    if !is_text {
        let values: Vec<Option<f64>> = cells.iter().map(|c| c.and_then(Cell::number)).collect();
        let counted = reduce(calculation, &values);
        // Grafana's distinct count leaves out nulls only (`=== null`): a cell no row had
        // (`undefined`) is one more distinct value.
        if calculation == "distinctCount" && cells.iter().any(|c| matches!(c, Some(Cell::Absent))) {
            return counted.map(|n| Cell::Number(n + 1.0));
        }
        return counted.map(Cell::Number);
    }
    // "Not null" is neither null, nor a cell no row had, nor NaN.
    let not_null = |c: &&Option<&Cell>| {
        matches!(c, Some(cell) if !matches!(cell, Cell::Absent)
            && !matches!(cell, Cell::Number(v) if v.is_nan()))
    };
    let picked = match calculation {
        "first" => cells.first().copied().flatten(),
        "last" => cells.last().copied().flatten(),
        "firstNotNull" => cells.iter().find(not_null).copied().flatten(),
        "lastNotNull" | "current" => cells.iter().rev().find(not_null).copied().flatten(),
        "count" => return Some(Cell::Number(cells.len() as f64)),
        "distinctCount" => {
            let mut seen: Vec<&Cell> = Vec::new();
            for cell in cells.iter().flatten() {
                if !seen.contains(cell) {
                    seen.push(cell);
                }
            }
            return Some(Cell::Number(seen.len() as f64));
        }
        _ => None,
    };
    picked.cloned()
}
