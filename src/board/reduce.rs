//! Grafana's reduce calculations (`reduceOptions.calcs`, a table legend's `calcs`): one
//! number from a series' values, as Grafana's `fieldReducer` works it out, nulls (`None`)
//! included. A stat, gauge or bar gauge shows its series through one of them.

use std::collections::BTreeSet;

/// The calculation Grafana uses when a panel names none: the last value that is not null.
pub const DEFAULT_CALC: &str = "lastNotNull";

/// The display name Grafana gives a calculation, in a table legend's header.
pub fn calc_name(id: &str) -> &str {
    match id {
        "lastNotNull" | "current" => "Last *",
        "last" => "Last",
        "first" => "First",
        "firstNotNull" => "First *",
        "min" => "Min",
        "max" => "Max",
        "mean" | "avg" => "Mean",
        "sum" | "total" => "Total",
        "count" => "Count",
        "range" => "Range",
        "delta" => "Delta",
        "step" => "Step",
        "diff" => "Difference",
        "logmin" => "Min (above zero)",
        "changeCount" => "Change count",
        "distinctCount" => "Distinct count",
        "allIsZero" => "All zeros",
        "allIsNull" => "All nulls",
        other => other,
    }
}

/// `values` reduced by the calculation Grafana calls `id` (or by an alias of it: `current`,
/// `avg`, `total`); `None` when the calculation has no value for them (all null, empty), or
/// when Grafana has no such calculation. `allIsZero` and `allIsNull` give 1 or 0.
pub fn reduce(id: &str, values: &[Option<f64>]) -> Option<f64> {
    match id {
        "lastNotNull" | "current" => values.iter().rev().find_map(|v| *v),
        "last" => values.last().copied().flatten(),
        "first" => values.first().copied().flatten(),
        "firstNotNull" => values.iter().find_map(|v| *v),
        "count" => Some(values.len() as f64),
        "changeCount" => Some(change_count(values) as f64),
        "distinctCount" => Some(distinct_count(values) as f64),
        _ => {
            let calcs = Standard::of(values);
            match id {
                "min" => calcs.min,
                "max" => calcs.max,
                "mean" | "avg" => calcs.mean(),
                "sum" | "total" => Some(calcs.sum),
                "range" => calcs.min.zip(calcs.max).map(|(min, max)| max - min),
                "delta" => Some(calcs.delta),
                "step" => calcs.step,
                "diff" => calcs
                    .first_not_null
                    .zip(calcs.last_not_null)
                    .map(|(first, last)| last - first),
                "logmin" => calcs.logmin,
                "allIsZero" => Some(f64::from(u8::from(calcs.all_zero()))),
                "allIsNull" => Some(f64::from(u8::from(calcs.non_null == 0))),
                _ => None,
            }
        }
    }
}

/// What Grafana's `doStandardCalcs` works out in one pass.
#[derive(Debug, Default)]
struct Standard {
    sum: f64,
    min: Option<f64>,
    max: Option<f64>,
    logmin: Option<f64>,
    non_null: usize,
    any_non_zero: bool,
    first_not_null: Option<f64>,
    last_not_null: Option<f64>,
    delta: f64,
    step: Option<f64>,
}

impl Standard {
    fn of(values: &[Option<f64>]) -> Self {
        let mut calcs = Self::default();
        let mut previous_up = true;
        let last_index = values.len().saturating_sub(1);
        for (i, value) in values.iter().enumerate() {
            let Some(value) = *value else {
                continue;
            };
            calcs.first_not_null.get_or_insert(value);
            calcs.sum += value;
            calcs.non_null += 1;
            if let Some(previous) = calcs.last_not_null {
                let step = value - previous;
                if calcs.step.is_none_or(|s| s > step) {
                    calcs.step = Some(step);
                }
                if previous > value {
                    // A counter reset.
                    previous_up = false;
                    if i == last_index {
                        calcs.delta += value;
                    }
                } else {
                    calcs.delta += if previous_up { step } else { value };
                    previous_up = true;
                }
            }
            if calcs.max.is_none_or(|m| value > m) {
                calcs.max = Some(value);
            }
            if calcs.min.is_none_or(|m| value < m) {
                calcs.min = Some(value);
            }
            if value > 0.0 && calcs.logmin.is_none_or(|m| value < m) {
                calcs.logmin = Some(value);
            }
            if value != 0.0 {
                calcs.any_non_zero = true;
            }
            calcs.last_not_null = Some(value);
        }
        calcs
    }

    fn mean(&self) -> Option<f64> {
        (self.non_null > 0).then(|| self.sum / self.non_null as f64)
    }

    fn all_zero(&self) -> bool {
        self.non_null > 0 && !self.any_non_zero
    }
}

/// How many times the value changes from one to the next (a null is a value here).
fn change_count(values: &[Option<f64>]) -> usize {
    values
        .windows(2)
        .filter(|pair| !same(pair[0], pair[1]))
        .count()
}

/// How many different values there are (null is one).
fn distinct_count(values: &[Option<f64>]) -> usize {
    values
        .iter()
        .map(|v| v.map(f64::to_bits))
        .collect::<BTreeSet<_>>()
        .len()
}

/// Whether two values are the same, as JavaScript's `===` compares them.
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        (None, None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
