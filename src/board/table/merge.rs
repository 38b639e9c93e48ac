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

/// Grafana's `joinByField` (an outer join, as `joinDataFrames` does it with uPlot's
/// `join`): one table alone is left as it is; of several, those without the column are
/// left out, and the others become one table with a row per value of the column (in the
/// order met, numbers sorted), the column first and then every other column of each table
/// in turn, a row's cells being those of the last row with that value in each table. A
/// name that more than one of those columns has is numbered, "instance 1", "instance 2",
/// as Grafana names them.
pub(super) fn join_by_field(mut tables: Vec<Table>, field: &str) -> Table {
    if tables.len() == 1 {
        return tables.remove(0);
    }
    let keyed: Vec<(usize, &Table)> = tables
        .iter()
        .filter_map(|table| table.column(field).map(|at| (at, table)))
        .collect();
    // The column's values, each once, in the order met.
    let mut keys: Vec<Option<Cell>> = Vec::new();
    let mut places: HashMap<String, usize> = HashMap::new();
    for (at, table) in &keyed {
        for row in &table.rows {
            let key = row.get(*at).cloned().flatten();
            places.entry(key_text(key.as_ref())).or_insert_with(|| {
                keys.push(key.clone());
                keys.len() - 1
            });
        }
    }
    // uPlot sorts them with `a - b`: numbers ascending; text compares as equal, so stays.
    if keys.iter().all(|k| matches!(k, Some(Cell::Number(_)))) {
        keys.sort_by(|a, b| {
            let (Some(Cell::Number(a)), Some(Cell::Number(b))) = (a, b) else {
                return std::cmp::Ordering::Equal;
            };
            a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
        });
        places = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (key_text(k.as_ref()), i))
            .collect();
    }
    let mut names = vec![field.to_owned()];
    let mut columns: Vec<Vec<Option<Cell>>> = vec![keys.clone()];
    for (key_at, table) in &keyed {
        for (at, name) in table.columns.iter().enumerate() {
            if at == *key_at {
                continue;
            }
            let mut cells = vec![None; keys.len()];
            for row in &table.rows {
                let key = key_text(row.get(*key_at).and_then(Option::as_ref));
                if let Some(&place) = places.get(&key) {
                    cells[place] = row.get(at).cloned().flatten();
                }
            }
            names.push(name.clone());
            columns.push(cells);
        }
    }
    let names = numbered(names);
    let rows = (0..keys.len())
        .map(|i| columns.iter().map(|column| column[i].clone()).collect())
        .collect();
    Table {
        columns: names,
        rows,
    }
}

/// Names that occur more than once numbered in order ("instance 1", "instance 2").
fn numbered(names: Vec<String>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let counts = names.iter().fold(HashMap::new(), |mut counts, name| {
        *counts.entry(name.clone()).or_insert(0) += 1;
        counts
    });
    names
        .into_iter()
        .map(|name| {
            if counts.get(&name).copied().unwrap_or(0) > 1 {
                let n = seen.entry(name.clone()).or_insert(0);
                *n += 1;
                format!("{name} {n}")
            } else {
                name
            }
        })
        .collect()
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
