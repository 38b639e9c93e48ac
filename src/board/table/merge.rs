//! Tables into one: Grafana's `merge` (rows that agree on the columns every table has
//! become one row) and `joinByField` (an outer join on one column).

use std::collections::HashMap;

use super::{key_text, Cell, Table};

/// A row by column name: a name it lacks is Grafana's `undefined`, a `None` cell its `null`.
type Values = HashMap<String, Option<Cell>>;

/// Grafana's `merge`: one table with every column (in the order first met). The columns
/// that every table has are the key; a row joins each earlier row of the same key that it
/// does not contradict (a column both have, the earlier not null, with another value), and
/// starts a row of its own when there is none. Without a column every table has, the
/// tables stay as they are.
pub(super) fn merge(tables: Vec<Table>) -> Vec<Table> {
    if tables.len() <= 1 {
        return tables;
    }
    let data: Vec<&Table> = tables.iter().filter(|t| !t.columns.is_empty()).collect();
    let Some(last) = data.last() else {
        return tables.into_iter().take(1).collect();
    };
    let columns = all_columns(data.iter().copied());
    let key_columns: Vec<&String> = last
        .columns
        .iter()
        .filter(|name| data.iter().all(|t| t.columns.contains(name)))
        .collect();
    if key_columns.is_empty() {
        return tables;
    }
    let mut by_key: HashMap<String, Vec<Values>> = HashMap::new();
    let mut in_order: Vec<(String, usize)> = Vec::new();
    for table in &data {
        let key_at: Vec<usize> = key_columns.iter().filter_map(|k| table.column(k)).collect();
        for row in &table.rows {
            let key: String = key_at
                .iter()
                .map(|&at| key_text(row[at].as_ref()))
                .collect();
            let value: Values = table
                .columns
                .iter()
                .cloned()
                .zip(row.iter().cloned())
                .collect();
            let rows = by_key.entry(key.clone()).or_default();
            let mut merged = false;
            for existing in rows.iter_mut() {
                if mergeable(existing, &value) {
                    existing.extend(value.clone());
                    merged = true;
                }
            }
            if !merged {
                rows.push(value);
                in_order.push((key, rows.len() - 1));
            }
        }
    }
    let rows = in_order
        .iter()
        .map(|(key, index)| {
            let values = &by_key[key][*index];
            columns
                .iter()
                .map(|c| values.get(c).cloned().flatten())
                .collect()
        })
        .collect();
    vec![Table { columns, rows }]
}

/// Whether `value` can join `existing`: no column they share holds another value, where
/// `existing`'s is not null.
fn mergeable(existing: &Values, value: &Values) -> bool {
    value.iter().all(|(name, cell)| match existing.get(name) {
        None | Some(None) => true,
        Some(Some(held)) => Some(held) == cell.as_ref(),
    })
}

/// Grafana's `joinByField` (outer): one row per value of `field`, in the order first met,
/// with every table's columns; the first table's label wins, a later table's number.
pub(super) fn join_by_field(tables: Vec<Table>, field: &str) -> Table {
    let columns = all_columns(&tables);
    let mut places: HashMap<String, usize> = HashMap::new();
    let mut joined: Vec<HashMap<&str, Cell>> = Vec::new();
    for table in &tables {
        let key_at = table.column(field);
        for row in &table.rows {
            let key = match key_at.and_then(|at| row[at].as_ref()) {
                Some(cell) => key_text(Some(cell)),
                None => String::new(),
            };
            let at = *places.entry(key).or_insert_with(|| {
                joined.push(HashMap::new());
                joined.len() - 1
            });
            for (name, cell) in table.columns.iter().zip(row) {
                match cell {
                    Some(text @ Cell::Text(_)) => {
                        joined[at]
                            .entry(name.as_str())
                            .or_insert_with(|| text.clone());
                    }
                    Some(number) => {
                        joined[at].insert(name.as_str(), number.clone());
                    }
                    None => {}
                }
            }
        }
    }
    let rows = joined
        .iter()
        .map(|cells| {
            columns
                .iter()
                .map(|c| cells.get(c.as_str()).cloned())
                .collect()
        })
        .collect();
    Table { columns, rows }
}

/// The tables left at the end, in one: merged as Grafana's `merge` does, or, when they
/// share no column, one after the other.
pub(super) fn all_in_one(tables: Vec<Table>) -> Table {
    let mut merged = merge(tables);
    if merged.len() == 1 {
        return merged.remove(0);
    }
    let columns = all_columns(&merged);
    let rows = merged
        .iter()
        .flat_map(|table| {
            let columns = &columns;
            table.rows.iter().map(move |row| {
                columns
                    .iter()
                    .map(|c| table.column(c).and_then(|at| row[at].clone()))
                    .collect()
            })
        })
        .collect();
    Table { columns, rows }
}

/// Every column of `tables`, in the order first met.
fn all_columns<'a>(tables: impl IntoIterator<Item = &'a Table>) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for table in tables {
        for name in &table.columns {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    columns
}
