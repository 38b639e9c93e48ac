//! Grafana's `calculateField` transformation ("Add field from calculation"): a column
//! worked out from others, row by row: a binary operation on two columns or a column and a
//! number, or a reduction of each row's number columns.

use serde::{Deserialize, Serialize};

use super::{js_number, Cell, Table};
use crate::board::reduce::{calc_name, reduce};

/// A `calculateField` transformation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calculation {
    /// The new column's name (`alias`); Grafana names it after the calculation without one.
    pub alias: Option<String>,
    /// How the column is worked out.
    pub mode: CalculationMode,
    /// Only the new column is kept (`replaceFields`).
    pub replace_fields: bool,
}

/// How a `calculateField` column is worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CalculationMode {
    /// `left operator right`, with `+`, `-`, `*`, `/`, `%` or `^`.
    Binary {
        /// The left operand.
        left: BinaryOperand,
        /// The operator, as Grafana writes it.
        operator: String,
        /// The right operand.
        right: BinaryOperand,
    },
    /// Each row's number columns (or the `include`d ones) reduced by a calculation.
    ReduceRow {
        /// Grafana's reducer id (`sum`, `mean`, …).
        reducer: String,
        /// The columns reduced; all number columns when empty.
        include: Vec<String>,
    },
}

/// An operand of a binary calculation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryOperand {
    /// A column, by name.
    Field(String),
    /// A number, as written.
    Fixed(String),
}

impl BinaryOperand {
    /// The operand as Grafana reads its older form, a bare string: a number when it is
    /// one, else a column. (Grafana also takes a number for a column when a column has
    /// that name; fedview reads boards before any data, so it keeps the number.)
    pub fn from_text(text: &str) -> Self {
        if text.trim().parse::<f64>().is_ok() {
            Self::Fixed(text.to_owned())
        } else {
            Self::Field(text.to_owned())
        }
    }

    /// The operand as written in the default column name.
    fn text(&self) -> &str {
        match self {
            Self::Field(text) | Self::Fixed(text) => text,
        }
    }

    /// The operand's value in each row of `table`, as JavaScript's arithmetic reads it (a
    /// null is 0, an absent cell NaN); `None` when it names no column there or is not a
    /// number.
    fn values(&self, table: &Table) -> Option<Vec<f64>> {
        match self {
            Self::Field(name) => {
                let at = table.shown_as(name)?;
                Some(table.cells(at).map(js_number).collect())
            }
            Self::Fixed(text) => {
                let number = text.trim().parse::<f64>().ok()?;
                Some(vec![number; table.rows.len()])
            }
        }
    }
}

impl Calculation {
    /// The name Grafana gives the new column (or series): the alias, else the
    /// calculation (`getNameFromOptions`).
    pub fn column_name(&self) -> String {
        if let Some(alias) = self.alias.as_deref().filter(|a| !a.is_empty()) {
            return alias.to_owned();
        }
        match &self.mode {
            CalculationMode::Binary {
                left,
                operator,
                right,
            } => format!("{} {operator} {}", left.text(), right.text()).replace('$', ""),
            CalculationMode::ReduceRow { reducer, .. } => calc_name(reducer).to_owned(),
        }
    }
}

/// `tables` with the calculated column, each table on its own. A table the calculation
/// cannot be worked out for (an operand names no column of it) stays as it is, or is left
/// out when only the new column is kept.
pub(super) fn calculate(tables: Vec<Table>, calculation: &Calculation) -> Vec<Table> {
    let name = calculation.column_name();
    // Several tables whose first time columns share a name are joined on it first
    // (Grafana's `ensureColumns`), so that the calculation sees one row per time; not
    // for a binary operation with a number on its right.
    let time_name = |table: &Table| {
        table
            .first_time_column()
            .map(|at| table.columns[at].clone())
    };
    let fixed_right = matches!(
        &calculation.mode,
        CalculationMode::Binary {
            right: BinaryOperand::Fixed(_),
            ..
        }
    );
    let shared = tables.first().and_then(time_name);
    let joined = tables.len() > 1
        && !fixed_right
        && shared.is_some()
        && tables.iter().all(|t| time_name(t) == shared);
    let tables = match shared {
        Some(name) if joined => super::merge::join_by_field(tables, &name),
        _ => tables,
    };
    let one = tables.len() == 1;
    tables
        .into_iter()
        .filter_map(|mut table| {
            if one {
                cache_names_looked_up(&mut table, &calculation.mode);
            }
            let Some(values) = values(&table, &calculation.mode) else {
                return (!calculation.replace_fields).then_some(table);
            };
            let cells: Vec<Option<Cell>> =
                values.into_iter().map(|v| v.map(Cell::Number)).collect();
            // Grafana names the column after its alias too, and shows the alias.
            let given = calculation.alias.clone().filter(|a| !a.is_empty());
            Some(if calculation.replace_fields {
                // Only the new column is kept, after the table's first time column.
                let kept = match table.first_time_column() {
                    Some(at) => Table {
                        columns: vec![table.columns[at].clone()],
                        // A header cached while the calculation looked the columns up
                        // ("Time 1" beside another time column) stays the column's.
                        display_names: vec![table
                            .display_names
                            .get(at)
                            .cloned()
                            .flatten()
                            .or_else(|| {
                                let header = table.display_name(at);
                                (table.name_cached(at) && header != table.columns[at])
                                    .then_some(header)
                            })],
                        rows: table
                            .rows
                            .iter()
                            .map(|row| vec![row.get(at).cloned().flatten()])
                            .collect(),
                        names_cached: Vec::new(),
                    },
                    None => Table::of(Vec::new(), vec![Vec::new(); cells.len()]),
                };
                kept.with_column(name.clone(), given, cells)
            } else {
                table.with_column(name.clone(), given, cells)
            })
        })
        .collect()
}

/// Marks the columns whose headers Grafana works out (and caches) while it looks up the
/// calculation's columns in the only table: for each column operand, every column up to
/// the first whose header it names (all of them when none does); for a reduction of the
/// columns named, each column whose own name is not among them.
fn cache_names_looked_up(table: &mut Table, mode: &CalculationMode) {
    match mode {
        CalculationMode::Binary { left, right, .. } => {
            for operand in [left, right] {
                let BinaryOperand::Field(name) = operand else {
                    continue;
                };
                for at in 0..table.columns.len() {
                    table.cache_name(at);
                    if table.display_name(at) == *name {
                        break;
                    }
                }
            }
        }
        CalculationMode::ReduceRow { include, .. } if !include.is_empty() => {
            for at in 0..table.columns.len() {
                if !include.contains(&table.columns[at]) {
                    table.cache_name(at);
                }
            }
        }
        CalculationMode::ReduceRow { .. } => {}
    }
}

/// The new column's values in `table`, a row each.
fn values(table: &Table, mode: &CalculationMode) -> Option<Vec<Option<f64>>> {
    match mode {
        CalculationMode::Binary {
            left,
            operator,
            right,
        } => {
            // Grafana applies the operator to the cells as they are, so a null counts as 0
            // (`null * 2` is 0) and a cell a merge left absent as NaN.
            let (left, right) = (left.values(table)?, right.values(table)?);
            let operate = binary_operator(operator)?;
            Some(
                left.iter()
                    .zip(&right)
                    .map(|(l, r)| Some(operate(*l, *r)))
                    .collect(),
            )
        }
        CalculationMode::ReduceRow { reducer, include } => {
            let reduced: Vec<usize> = (0..table.columns.len())
                .filter(|&at| {
                    if include.is_empty() {
                        table.is_numeric(at)
                    } else {
                        include.iter().any(|name| table.answers_to(at, name))
                    }
                })
                .collect();
            Some(
                table
                    .rows
                    .iter()
                    .map(|row| {
                        let values: Vec<Option<f64>> = reduced
                            .iter()
                            .map(|&at| row[at].as_ref().and_then(Cell::number))
                            .collect();
                        reduce(reducer, &values)
                    })
                    .collect(),
            )
        }
    }
}

/// Grafana's binary operators (`binaryOperators`).
fn binary_operator(operator: &str) -> Option<fn(f64, f64) -> f64> {
    Some(match operator {
        "+" => |a, b| a + b,
        "-" => |a, b| a - b,
        "*" => |a, b| a * b,
        "/" => |a, b| a / b,
        "%" => |a, b| a % b,
        "^" => f64::powf,
        _ => return None,
    })
}
