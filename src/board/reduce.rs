//! Grafana's reduce calculations (`reduceOptions.calcs`, a table legend's `calcs`): one
//! number from a series' values, as Grafana's `fieldReducer` works it out, nulls (`None`)
//! included. A stat, gauge or bar gauge shows its series through one of them.

use std::collections::BTreeSet;

use crate::board::js_sort::js_sort;

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
        "allIsZero" => "All Zeros",
        "allIsNull" => "All Nulls",
        "changeCount" => "Change Count",
        "distinctCount" => "Distinct Count",
        "median" => "Median",
        "variance" => "Variance",
        "stdDev" => "StdDev",
        "countAll" => "Count all",
        "diffperc" => "Difference percent",
        other => other,
    }
}

/// `values` reduced by the calculation Grafana calls `id` (or by an alias of it: `current`,
/// `avg`, `total`), as Grafana 13's `reduceField` works it out for one calculation with
/// nulls ignored; `None` where Grafana's answer is null (or when it has no such
/// calculation). `allIsZero` and `allIsNull` give 1 or 0. `tests/grafana_oracle` holds every
/// calculation to `@grafana/data`'s own.
pub fn reduce(id: &str, values: &[Option<f64>]) -> Option<f64> {
    let id = match id {
        "current" => "lastNotNull",
        "avg" => "mean",
        "total" => "sum",
        other => other,
    };
    if values.is_empty() {
        // Grafana's `emptyInputResult`.
        return match id {
            "sum" | "count" | "countAll" | "allIsZero" => Some(0.0),
            "allIsNull" => Some(1.0),
            _ => None,
        };
    }
    let number = |v: &&Option<f64>| v.filter(|v| !v.is_nan());
    match id {
        "lastNotNull" => values.iter().rev().find_map(|v| number(&v)),
        "firstNotNull" => values.iter().find_map(|v| number(&v)),
        "last" => values.last().copied().flatten(),
        "first" => values.first().copied().flatten(),
        "countAll" => Some(values.len() as f64),
        "median" => Some(median(values)),
        "variance" => Some(variance(values)),
        "stdDev" => Some(variance(values).sqrt()),
        "changeCount" => Some(change_count(values) as f64),
        "distinctCount" => Some(distinct_count(values) as f64),
        _ => {
            if let Some(percent) = id.strip_prefix('p').and_then(|p| p.parse::<u8>().ok()) {
                return (1..=99)
                    .contains(&percent)
                    .then(|| percentile(values, f64::from(percent) / 100.0))
                    .flatten();
            }
            Standard::of(values).get(id)
        }
    }
}

/// What Grafana's `doStandardCalcs` works out in one pass, its starting values (the
/// largest number for a minimum not yet seen) kept as Grafana keeps them.
#[derive(Debug)]
struct Standard {
    sum: f64,
    max: f64,
    min: f64,
    logmin: f64,
    count: usize,
    non_null: usize,
    all_zero: bool,
    first_not_null: Option<f64>,
    last_not_null: Option<f64>,
    delta: f64,
    step: f64,
}

impl Standard {
    fn of(values: &[Option<f64>]) -> Self {
        let mut calcs = Self {
            sum: 0.0,
            max: -f64::MAX,
            min: f64::MAX,
            logmin: f64::MAX,
            count: 0,
            non_null: 0,
            all_zero: true,
            first_not_null: None,
            last_not_null: None,
            delta: 0.0,
            step: f64::MAX,
        };
        let mut previous_up = true;
        for value in values.iter().flatten().copied() {
            calcs.count += 1;
            if value.is_nan() {
                continue;
            }
            calcs.sum += value;
            calcs.non_null += 1;
            match calcs.last_not_null {
                None => calcs.first_not_null = Some(value),
                Some(previous) => {
                    let step = value - previous;
                    if calcs.step > step {
                        calcs.step = step;
                    }
                    if previous > value {
                        // A counter reset: the rise before it is not added on.
                        previous_up = false;
                    } else {
                        if previous_up {
                            calcs.delta += step;
                        }
                        previous_up = true;
                    }
                }
            }
            if value > calcs.max {
                calcs.max = value;
            }
            if value < calcs.min {
                calcs.min = value;
            }
            if value < calcs.logmin && value > 0.0 {
                calcs.logmin = value;
            }
            if value != 0.0 {
                calcs.all_zero = false;
            }
            calcs.last_not_null = Some(value);
        }
        calcs
    }

    fn get(&self, id: &str) -> Option<f64> {
        let max = (self.max != -f64::MAX).then_some(self.max);
        let min = (self.min != f64::MAX).then_some(self.min);
        let diff = self
            .first_not_null
            .zip(self.last_not_null)
            .map(|(first, last)| last - first);
        let all_null = self.non_null == 0;
        match id {
            "sum" => Some(self.sum),
            "max" => max,
            "min" => min,
            // Grafana leaves the minimum above zero at its start when there is none.
            "logmin" => Some(self.logmin),
            "mean" => (!all_null).then(|| self.sum / self.non_null as f64),
            "count" => Some(self.count as f64),
            "range" => max.zip(min).map(|(max, min)| max - min),
            "delta" => Some(self.delta),
            "step" => (self.step != f64::MAX).then_some(self.step),
            "diff" => diff,
            "diffperc" => Some(
                self.first_not_null
                    .zip(diff)
                    .map_or(0.0, |(first, diff)| diff / first * 100.0),
            ),
            "allIsZero" => Some(f64::from(u8::from(self.all_zero && !all_null))),
            "allIsNull" => Some(f64::from(u8::from(all_null))),
            _ => None,
        }
    }
}

/// The values that are not null, sorted as V8 sorts them with `(a, b) => a - b`: a stable
/// sort of the numbers, and V8's own steps when NaN is among them (`js_sort`).
fn sorted(values: &[Option<f64>]) -> Vec<f64> {
    let mut numbers: Vec<f64> = values.iter().flatten().copied().collect();
    js_sort(&mut numbers, |a, b| a - b);
    numbers
}

/// Grafana's `median`: the middle value, or the mean of the two middle ones (NaN when
/// every value is null, as Grafana's sum of two missing values is).
fn median(values: &[Option<f64>]) -> f64 {
    let numbers = sorted(values);
    let mid = numbers.len() / 2;
    if numbers.len() % 2 == 0 {
        match (mid.checked_sub(1).map(|i| numbers[i]), numbers.get(mid)) {
            (Some(a), Some(b)) => (a + b) / 2.0,
            _ => f64::NAN,
        }
    } else {
        numbers[mid]
    }
}

/// Grafana's `p1` … `p99`: the sorted value at the rounded rank, no interpolation.
fn percentile(values: &[Option<f64>], fraction: f64) -> Option<f64> {
    let numbers = sorted(values);
    let rank = crate::model::value_format::js_round((numbers.len() as f64 - 1.0) * fraction);
    if rank < 0.0 {
        return None;
    }
    numbers.get(rank as usize).copied()
}

/// The population variance (Welford's running mean, as Grafana sums it); 0 with no value.
fn variance(values: &[Option<f64>]) -> f64 {
    let mut square_sum = 0.0;
    let mut mean = 0.0;
    let mut n = 0.0;
    for value in values.iter().flatten().copied() {
        n += 1.0;
        let old_mean = mean;
        mean += (value - old_mean) / n;
        square_sum += (value - old_mean) * (value - mean);
    }
    if n > 0.0 {
        square_sum / n
    } else {
        0.0
    }
}

/// How many times the value changes from one to the next, nulls skipped (NaN differs
/// from itself, as in JavaScript).
fn change_count(values: &[Option<f64>]) -> usize {
    let numbers: Vec<f64> = values.iter().flatten().copied().collect();
    numbers.windows(2).filter(|pair| pair[0] != pair[1]).count()
}

/// How many different values there are, nulls skipped (as a JavaScript `Set` counts
/// them: NaN once, 0 and -0 as one).
fn distinct_count(values: &[Option<f64>]) -> usize {
    values
        .iter()
        .flatten()
        .map(|v| {
            if v.is_nan() {
                f64::NAN.to_bits()
            } else if *v == 0.0 {
                0
            } else {
                v.to_bits()
            }
        })
        .collect::<BTreeSet<_>>()
        .len()
}

#[cfg(test)]
mod tests;
