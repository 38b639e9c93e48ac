//! Grafana's `reduce` transformation in its default mode (series to rows), as
//! `transformers/reduce.ts` works it out: every column (but the times) of every table
//! becomes a row of one table, its name under `Field` and a column per calculation
//! (headed by the calculation's name, "Max", "Last *", …). A text column is reduced as Grafana reduces a text field:
//! its last (or first) value is its text, its count the values it has, its total 0, and
//! anything numeric has no number (NaN).

use crate::board::reduce::{calc_name, reduce};

use super::{Cell, Table};

/// The tables' columns as rows of one table.
pub(super) fn series_to_rows(tables: Vec<Table>, reducers: &[String]) -> Vec<Table> {
    // Nothing to reduce is left as it is: no table makes no table, as in Grafana.
    if reducers.is_empty() || tables.is_empty() {
        return tables;
    }
    let mut columns = vec!["Field".to_owned()];
    columns.extend(reducers.iter().map(|id| calc_name(id).to_owned()));
    let mut rows = Vec::new();
    for table in &tables {
        for (at, name) in table.headers().iter().enumerate() {
            // A time column is not a series: Grafana leaves it out.
            if table.is_time(at) {
                continue;
            }
            let cells: Vec<Option<&Cell>> = table
                .rows
                .iter()
                .map(|row| row.get(at).and_then(Option::as_ref))
                .collect();
            let mut row = vec![Some(Cell::Text(name.clone()))];
            row.extend(reducers.iter().map(|id| reduced(id, &cells)));
            rows.push(row);
        }
    }
    vec![Table::of(columns, rows)]
}

/// One calculation over a column's cells.
fn reduced(id: &str, cells: &[Option<&Cell>]) -> Option<Cell> {
    let text = cells.iter().any(|c| matches!(c, Some(Cell::Text(_))));
    if !text {
        let values: Vec<Option<f64>> = cells
            .iter()
            .map(|c| match c {
                Some(Cell::Number(v)) => Some(*v),
                _ => None,
            })
            .collect();
        // Grafana writes a calculation without a value as NaN.
        return Some(Cell::Number(reduce(id, &values).unwrap_or(f64::NAN)));
    }
    let present = || {
        cells
            .iter()
            .flatten()
            .filter(|c| !matches!(c, Cell::Absent))
    };
    // The first and last "not null" are not NaN either (`Number.isNaN`, which a text is not).
    let not_null = || present().filter(|c| !matches!(c, Cell::Number(v) if v.is_nan()));
    Some(match id {
        "lastNotNull" | "current" => return not_null().next_back().map(|c| (*c).clone()),
        "firstNotNull" => return not_null().next().map(|c| (*c).clone()),
        "last" => return cells.last().copied().flatten().cloned(),
        "first" => return cells.first().copied().flatten().cloned(),
        "count" => Cell::Number(present().count() as f64),
        "countAll" => Cell::Number(cells.len() as f64),
        "sum" | "total" | "delta" | "diffperc" => Cell::Number(0.0),
        _ => Cell::Number(f64::NAN),
    })
}
