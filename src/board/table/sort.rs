//! Grafana's `sortBy` transformation: a table's rows in the order of one column, as
//! Grafana's `sortDataFrame` and its field comparers order them.

use std::cmp::Ordering;

use super::{Cell, Table};

/// `table` with its rows sorted by `field` (largest first when `descending`); as it was
/// when it has no such column. Equal rows keep their order. Numbers compare as numbers,
/// an empty cell as 0 (JavaScript's `null - 1`). Text compares as Grafana's
/// `Intl.Collator('en', { sensitivity: 'base' })` does for letters and digits (case
/// ignored), with empty text last; other characters compare by code point.
pub(super) fn sort_by(mut table: Table, field: &str, descending: bool) -> Table {
    let Some(at) = table.column(field) else {
        return table;
    };
    let numeric = table.is_numeric(at);
    table.rows.sort_by(|a, b| {
        let (a, b) = (a[at].as_ref(), b[at].as_ref());
        let (a, b) = if descending { (b, a) } else { (a, b) };
        if numeric {
            let number = |c: Option<&Cell>| c.and_then(Cell::number).unwrap_or(0.0);
            number(a).partial_cmp(&number(b)).unwrap_or(Ordering::Equal)
        } else {
            compare_text(text(a), text(b))
        }
    });
    table
}

/// A cell as text: a label's value, or a number written out.
fn text(cell: Option<&Cell>) -> String {
    match cell {
        Some(Cell::Text(text)) => text.clone(),
        Some(Cell::Number(v)) => v.to_string(),
        None => String::new(),
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
