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
    let Some(at) = table.shown_as(field) else {
        return table;
    };
    let numeric = table.is_numeric(at);
    js_sort(&mut table.rows, |a, b| {
        let (a, b) = (a[at].as_ref(), b[at].as_ref());
        let (a, b) = if descending { (b, a) } else { (a, b) };
        if numeric {
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
