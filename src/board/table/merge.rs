//! Tables into one: Grafana's `merge` (rows that agree on the columns every table has
//! become one row) and `joinByField` (an outer join on one column).

use std::collections::{HashMap, HashSet};

use super::{js_number, key_text, Cell, Table};
use crate::board::js_sort::js_sort;

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
        let key_at: Vec<usize> = key_columns
            .iter()
            .filter_map(|k| table.by_name(k))
            .collect();
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
            // A column the row's table lacks is absent (Grafana's `undefined`).
            columns
                .iter()
                .map(|c| values.get(c).map_or(Some(Cell::Absent), Clone::clone))
                .collect()
        })
        .collect();
    // Grafana's merge copies each column without the name it was given.
    vec![Table::of(columns, rows)]
}

/// Whether `value` can join `existing`: no column they share holds another value, where
/// `existing`'s is not null.
fn mergeable(existing: &Values, value: &Values) -> bool {
    value.iter().all(|(name, cell)| match existing.get(name) {
        None | Some(None | Some(Cell::Absent)) => true,
        Some(Some(held)) => Some(held) == cell.as_ref(),
    })
}

/// Grafana's `joinByField` (an outer join, as `joinDataFrames` does it): one table alone is
/// left as it is. Of several, those without the column are left out (none left: one empty
/// table), and the others become one table: the column first, then every other column of
/// each table in turn. When every table has the same values in that column, in the same
/// order, they are set side by side. Otherwise there is a row per value (each once, in the
/// order met, then sorted as JavaScript's `a - b` sorts them), with the last row of each
/// table that has it; a table without the value leaves its cells absent, and a null next
/// to absent cells spreads over them (uPlot's `NULL_EXPAND`). A name that more than one
/// column has is shown numbered, "instance 1", "instance 2", as Grafana shows them.
pub(super) fn join_by_field(tables: Vec<Table>, field: &str) -> Vec<Table> {
    if tables.len() <= 1 {
        return tables;
    }
    let keyed: Vec<(usize, &Table)> = tables
        .iter()
        .filter_map(|table| {
            (0..table.columns.len())
                .find(|&at| table.answers_to(at, field))
                .map(|at| (at, table))
        })
        .collect();
    let Some(&(first_at, first)) = keyed.first() else {
        return vec![Table::default()];
    };
    let key_of = |at: usize, table: &Table| -> Vec<Option<Cell>> {
        table
            .rows
            .iter()
            .map(|row| row.get(at).cloned().flatten())
            .collect()
    };
    let first_keys = key_of(first_at, first);
    let mut names = vec![first.columns[first_at].clone()];
    let mut given = vec![first.given_name(first_at).cloned()];
    // Every other column of each table, in turn: its table's key column, the table, its place.
    let others: Vec<(usize, &Table, usize)> = keyed
        .iter()
        .flat_map(|&(key_at, table)| {
            (0..table.columns.len())
                .filter(move |&at| at != key_at)
                .map(move |at| (key_at, table, at))
        })
        .collect();
    for &(_, table, at) in &others {
        names.push(table.columns[at].clone());
        given.push(table.given_name(at).cloned());
    }
    let mut columns: Vec<Vec<Option<Cell>>> = Vec::new();
    if keyed
        .iter()
        .all(|&(at, table)| key_of(at, table) == first_keys)
    {
        columns.push(first_keys);
        for &(_, table, at) in &others {
            columns.push(table.cells(at).map(Option::<&Cell>::cloned).collect());
        }
        if !likely_ascending(&columns[0]) {
            let key = columns[0].clone();
            let mut order: Vec<usize> = (0..key.len()).collect();
            js_sort(&mut order, |&a, &b| {
                js_number(key[a].as_ref()) - js_number(key[b].as_ref())
            });
            for column in &mut columns {
                *column = order.iter().map(|&i| column[i].clone()).collect();
            }
        }
    } else {
        // The column's values, each once, in the order met, then sorted.
        let mut keys: Vec<Option<Cell>> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for &(at, table) in &keyed {
            for key in key_of(at, table) {
                if seen.insert(key_text(key.as_ref())) {
                    keys.push(key);
                }
            }
        }
        js_sort(&mut keys, |a, b| {
            js_number(a.as_ref()) - js_number(b.as_ref())
        });
        let places: HashMap<String, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (key_text(k.as_ref()), i))
            .collect();
        columns.push(keys);
        let length = columns[0].len();
        for &(key_at, table, at) in &others {
            let mut cells = vec![Some(Cell::Absent); length];
            let mut nulls = Vec::new();
            for row in &table.rows {
                let key = key_text(row.get(key_at).and_then(Option::as_ref));
                let place = places[&key];
                let cell = row.get(at).cloned().flatten();
                if cell.is_none() {
                    nulls.push(place);
                }
                cells[place] = cell;
            }
            expand_nulls(&mut cells, &nulls);
            columns.push(cells);
        }
    }
    let length = columns[0].len();
    let rows = (0..length)
        .map(|i| columns.iter().map(|column| column[i].clone()).collect())
        .collect();
    vec![Table {
        columns: names,
        display_names: given,
        rows,
        names_cached: Vec::new(),
    }]
}

/// uPlot's `nullExpand`: each null (in the order its rows came) spreads to the absent or
/// null cells next to it, on both sides.
fn expand_nulls(cells: &mut [Option<Cell>], nulls: &[usize]) {
    let empty = |cell: &Option<Cell>| matches!(cell, None | Some(Cell::Absent));
    let mut last_null: Option<usize> = None;
    for &null in nulls {
        if last_null.is_some_and(|last| null <= last) {
            continue;
        }
        let mut at = null;
        while at > 0 && empty(&cells[at - 1]) {
            at -= 1;
            cells[at] = None;
        }
        let mut at = null + 1;
        while at < cells.len() && empty(&cells[at]) {
            cells[at] = None;
            last_null = Some(at);
            at += 1;
        }
    }
}

/// Grafana's `isLikelyAscendingVector` over a join's column (of up to 50 values, each one
/// sampled): the values that are not empty never fall or repeat, compared as JavaScript's
/// `<=` compares them.
fn likely_ascending(cells: &[Option<Cell>]) -> bool {
    let present = |c: &Option<Cell>| matches!(c, Some(Cell::Text(_) | Cell::Number(_)));
    let (Some(first), Some(last)) = (
        cells.iter().position(present),
        cells.iter().rposition(present),
    ) else {
        return true;
    };
    if last <= first {
        return true;
    }
    let stride = ((last - first + 1) / 50).max(1);
    let mut previous = &cells[first];
    let mut at = first + stride;
    while at <= last {
        let cell = &cells[at];
        if present(cell) {
            let falls = match (cell, previous) {
                (Some(Cell::Text(a)), Some(Cell::Text(b))) => {
                    a.encode_utf16().cmp(b.encode_utf16()) != std::cmp::Ordering::Greater
                }
                (a, b) => js_number(a.as_ref()) <= js_number(b.as_ref()),
            };
            if falls {
                return false;
            }
            previous = cell;
        }
        at += stride;
    }
    true
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
