//! Grafana's `sortBy` transformation: a table's rows in the order of one column, as
//! Grafana's `sortDataFrame` and its field comparers order them.

use std::cmp::Ordering;

use super::{js_number, Cell, Table};
use crate::board::js_sort::js_sort;

/// `table` with its rows sorted by `field` (largest first when `descending`); as it was
/// when it has no such column. Numbers compare as JavaScript subtracts them (a null as 0,
/// an absent cell as NaN, which V8's sort cannot place: `js_sort` follows V8's steps).
/// Text compares as Grafana's `Intl.Collator('en', { sensitivity: 'base' })` does for
/// letters and digits (case ignored), with empty text last; other characters compare by
/// code point.
pub(super) fn sort_by(mut table: Table, field: &str, descending: bool) -> Table {
    // Grafana looks the column up by header, working out (and caching, as for a single
    // table) each header up to the one it finds, or all of them.
    let found = table.shown_as(field);
    for looked_at in 0..found.map_or(table.columns.len(), |at| at + 1) {
        table.cache_name(looked_at);
    }
    let Some(at) = found else {
        return table;
    };
    let numeric = table.is_numeric(at);
    let times = table.is_time(at);
    // Grafana subtracts times as numbers when the column's first is one (a null as 0, so
    // first); else it uses its time comparer, a missing time after any other.
    let first_is_time = matches!(
        table.rows.first().and_then(|row| row.get(at)),
        Some(Some(Cell::Time(_)))
    );
    js_sort(&mut table.rows, |a, b| {
        let (a, b) = (a[at].as_ref(), b[at].as_ref());
        let (a, b) = if descending { (b, a) } else { (a, b) };
        if times && !first_is_time {
            match (a, b) {
                (Some(Cell::Time(a)), Some(Cell::Time(b))) => (a - b) as f64,
                (Some(Cell::Time(_)), _) => -1.0,
                (_, Some(Cell::Time(_))) => 1.0,
                _ => 0.0,
            }
        } else if numeric || times {
            js_number(a) - js_number(b)
        } else {
            match compare_text(text(a), text(b)) {
                Ordering::Less => -1.0,
                Ordering::Equal => 0.0,
                Ordering::Greater => 1.0,
            }
        }
    });
    table
}

/// A cell as text: a label's value, or a number written out; empty when there is none.
fn text(cell: Option<&Cell>) -> String {
    match cell {
        Some(Cell::Text(text)) => text.clone(),
        Some(Cell::Number(v)) => v.to_string(),
        Some(Cell::Time(ms)) => ms.to_string(),
        Some(Cell::Absent) | None => String::new(),
    }
}

/// Grafana's `stringComparer`: empty text after any other, else the collator's order.
fn compare_text(a: String, b: String) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (true, true) => Ordering::Equal,
        (false, false) => collation_key(&a).cmp(&collation_key(&b)),
    }
}

/// A key that orders text as the collator does at base strength: punctuation and symbols
/// before digits before letters, case ignored.
fn collation_key(text: &str) -> Vec<(u8, char)> {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            let class = if c.is_alphabetic() {
                2
            } else if c.is_numeric() {
                1
            } else {
                0
            };
            (class, c)
        })
        .collect()
}
