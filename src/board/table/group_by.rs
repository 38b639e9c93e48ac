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

/// `tables` grouped as `fields` say, each table on its own. A table without any of the
/// columns to group by is left out; without any column to group by at all, nothing
/// changes. The columns grouped by come first (in the table's order, each group's first
/// value), then the reductions, column by column in the table's order.
pub(super) fn group_by(tables: Vec<Table>, fields: &[GroupField]) -> Vec<Table> {
    let grouped_by = |name: &str| {
        fields
            .iter()
            .any(|f| f.name == name && f.operation == GroupOperation::GroupBy)
    };
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
                .filter(|&at| grouped_by(&table.columns[at]))
                .collect();
            if keys.is_empty() {
                return None;
            }
            // The rows of each group, groups in the order first met.
            let mut groups: Vec<(Vec<Option<&Cell>>, Vec<usize>)> = Vec::new();
            let mut places: HashMap<Vec<String>, usize> = HashMap::new();
            for (index, row) in table.rows.iter().enumerate() {
                let key: Vec<Option<&Cell>> = keys.iter().map(|&at| row[at].as_ref()).collect();
                let text = key.iter().map(|c| key_text(*c)).collect();
                let place = *places.entry(text).or_insert_with(|| {
                    groups.push((key, Vec::new()));
                    groups.len() - 1
                });
                groups[place].1.push(index);
            }
            let mut columns: Vec<String> =
                keys.iter().map(|&at| table.columns[at].clone()).collect();
            let mut rows: Vec<Vec<Option<Cell>>> = groups
                .iter()
                .map(|(key, _)| key.iter().map(|c| c.cloned()).collect())
                .collect();
            for (at, name) in table.columns.iter().enumerate() {
                let Some(calculations) = fields.iter().find_map(|f| match &f.operation {
                    GroupOperation::Aggregate(c) if f.name == *name && !c.is_empty() => Some(c),
                    _ => None,
                }) else {
                    continue;
                };
                for calculation in calculations {
                    columns.push(format!("{name} ({calculation})"));
                    for ((_, members), row) in groups.iter().zip(rows.iter_mut()) {
                        let cells: Vec<Option<&Cell>> = members
                            .iter()
                            .map(|&i| table.rows[i][at].as_ref())
                            .collect();
                        row.push(aggregate(calculation, &cells));
                    }
                }
            }
            Some(Table { columns, rows })
        })
        .collect()
}

/// A group's cells reduced by `calculation`: numbers as Grafana's `fieldReducer` reduces
/// them; text by the calculations that pick a value or count.
fn aggregate(calculation: &str, cells: &[Option<&Cell>]) -> Option<Cell> {
    let is_text = cells.iter().flatten().any(|c| matches!(c, Cell::Text(_)));
    if !is_text {
        let values: Vec<Option<f64>> = cells.iter().map(|c| c.and_then(Cell::number)).collect();
        return reduce(calculation, &values).map(Cell::Number);
    }
    let picked = match calculation {
        "first" => cells.first().copied().flatten(),
        "last" => cells.last().copied().flatten(),
        "firstNotNull" => cells.iter().find_map(|c| *c),
        "lastNotNull" | "current" => cells.iter().rev().find_map(|c| *c),
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
