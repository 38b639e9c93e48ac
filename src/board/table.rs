//! Table panels over `format: table` queries, as Grafana builds them: each series a row
//! with a column per label and its value under `Value` (`Value #A`, `Value #B`, … when the
//! panel has several queries), rows of the same labels merged into one, then the
//! transformations community boards use: `merge`, `joinByField` (rows joined on one
//! label), `organize` (columns left out, put in order, renamed) and `renameByName`.
//! Grafana's `Time` column is left out: an instant table's time is the board's end.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// One series of a table query's answer: its labels and its latest value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SeriesRow {
    /// Its labels (`__name__` included, when the query kept it).
    pub labels: Vec<(String, String)>,
    /// Its latest value.
    pub value: Option<f64>,
}

/// A transformation of a table panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transformation {
    /// Rows with the same values in the columns they share become one.
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
}

/// A cell: a label's value, or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A label's value.
    Text(String),
    /// A query's value.
    Number(f64),
}

/// A table as the panel shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The columns' names.
    pub columns: Vec<String>,
    /// The rows, a cell (or nothing) per column.
    pub rows: Vec<Vec<Option<Cell>>>,
}

/// The table of `answers` (each query's reference, `A`, `B`, …, and its rows) after
/// `transformations`.
pub fn build(answers: &[(String, Vec<SeriesRow>)], transformations: &[Transformation]) -> Table {
    let value_column = |reference: &str| {
        if answers.len() > 1 {
            format!("Value #{reference}")
        } else {
            "Value".to_owned()
        }
    };
    // The label columns, in the order first met (Prometheus sorts each series' labels).
    let mut label_columns: Vec<String> = Vec::new();
    for (_, rows) in answers {
        for row in rows {
            for (name, _) in &row.labels {
                if !label_columns.contains(name) {
                    label_columns.push(name.clone());
                }
            }
        }
    }
    let join = transformations.iter().find_map(|t| match t {
        Transformation::JoinByField(field) => Some(field.clone()),
        _ => None,
    });
    // One row per join key: the joined label's value, or every label's.
    let mut keys: Vec<Vec<String>> = Vec::new();
    let mut merged: Vec<BTreeMap<String, Cell>> = Vec::new();
    for (reference, rows) in answers {
        let value_name = value_column(reference);
        for row in rows {
            let label = |name: &str| {
                row.labels
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
            };
            let key: Vec<String> = match &join {
                Some(field) => vec![label(field).unwrap_or_default()],
                None => label_columns
                    .iter()
                    .map(|c| label(c).unwrap_or_default())
                    .collect(),
            };
            let at = match keys.iter().position(|k| *k == key) {
                Some(at) => at,
                None => {
                    keys.push(key);
                    merged.push(BTreeMap::new());
                    merged.len() - 1
                }
            };
            let cells = &mut merged[at];
            for (name, value) in &row.labels {
                cells
                    .entry(name.clone())
                    .or_insert_with(|| Cell::Text(value.clone()));
            }
            if let Some(value) = row.value {
                cells.insert(value_name.clone(), Cell::Number(value));
            }
        }
    }
    let mut columns: Vec<String> = label_columns;
    columns.extend(answers.iter().map(|(reference, _)| value_column(reference)));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for transformation in transformations {
        match transformation {
            Transformation::Organize {
                exclude,
                order,
                rename,
            } => {
                columns.retain(|c| !exclude.contains(c));
                let place = |c: &String| order.get(c).copied().unwrap_or(u32::MAX);
                columns.sort_by_key(place);
                names.extend(rename.clone());
            }
            Transformation::Rename(rename) => names.extend(rename.clone()),
            Transformation::Merge | Transformation::JoinByField(_) => {}
        }
    }
    let rows = merged
        .iter()
        .map(|cells| columns.iter().map(|c| cells.get(c).cloned()).collect())
        .collect();
    Table {
        columns: columns
            .iter()
            .map(|c| names.get(c).cloned().unwrap_or_else(|| c.clone()))
            .collect(),
        rows,
    }
}

/// The reference Grafana gives the `index`th query without one: `A`, `B`, … `Z`, `A1`, …
pub fn reference(index: usize) -> String {
    let letter = char::from(b'A' + (index % 26) as u8);
    match index / 26 {
        0 => letter.to_string(),
        n => format!("{letter}{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(namespace: &str, value: f64) -> SeriesRow {
        SeriesRow {
            labels: vec![("namespace".into(), namespace.into())],
            value: Some(value),
        }
    }

    #[test]
    fn one_query_is_a_row_per_series_with_its_labels_and_value() {
        let table = build(
            &[(
                "A".into(),
                vec![SeriesRow {
                    labels: vec![
                        ("job".into(), "node".into()),
                        ("mode".into(), "idle".into()),
                    ],
                    value: Some(3.0),
                }],
            )],
            &[],
        );
        assert_eq!(table.columns, ["job", "mode", "Value"]);
        assert_eq!(
            table.rows,
            [vec![
                Some(Cell::Text("node".into())),
                Some(Cell::Text("idle".into())),
                Some(Cell::Number(3.0))
            ]]
        );
    }

    #[test]
    fn kube_prometheus_quota_table_joins_organizes_and_renames() {
        let answers = vec![
            (
                "A".into(),
                vec![row("kube-system", 7.0), row("default", 2.0)],
            ),
            (
                "B".into(),
                vec![row("default", 1.0), row("monitoring", 4.0)],
            ),
        ];
        let organize = Transformation::Organize {
            exclude: ["Time".to_owned()].into(),
            order: [
                ("namespace".to_owned(), 7),
                ("Value #A".to_owned(), 8),
                ("Value #B".to_owned(), 9),
            ]
            .into(),
            rename: [
                ("Value #A".to_owned(), "Pods".to_owned()),
                ("Value #B".to_owned(), "Workloads".to_owned()),
                ("namespace".to_owned(), "Namespace".to_owned()),
            ]
            .into(),
        };
        let table = build(
            &answers,
            &[Transformation::JoinByField("namespace".into()), organize],
        );
        assert_eq!(table.columns, ["Namespace", "Pods", "Workloads"]);
        let text = |r: &Vec<Option<Cell>>| match &r[0] {
            Some(Cell::Text(t)) => t.clone(),
            _ => String::new(),
        };
        assert_eq!(
            table.rows.iter().map(text).collect::<Vec<_>>(),
            ["kube-system", "default", "monitoring"],
            "an outer join: every namespace once"
        );
        assert_eq!(table.rows[1][1], Some(Cell::Number(2.0)));
        assert_eq!(table.rows[1][2], Some(Cell::Number(1.0)));
        assert_eq!(
            table.rows[0][2], None,
            "no workloads answer for kube-system"
        );
        assert_eq!(reference(27), "B1");
    }
}
