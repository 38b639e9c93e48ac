//! Grafana's `calculateField` row reduction over a time series panel's series: the series
//! joined on their timestamps (Grafana's outer join by time), and each timestamp's values
//! reduced into a new series, which replaces the others when the panel says so (as
//! k8s-views-global's "Cluster CPU Utilization" does).

use crate::board::{
    reduce::reduce,
    table::{Calculation, CalculationMode, Transformation},
};

/// A series: its name and its points (milliseconds, value) in time order.
pub type Series = (String, Vec<(i64, f64)>);

/// The transformation as a row reduction, if it is one.
fn row_reduction(transformation: &Transformation) -> Option<(&Calculation, &str, &[String])> {
    let Transformation::CalculateField(calculation) = transformation else {
        return None;
    };
    let CalculationMode::ReduceRow { reducer, include } = &calculation.mode else {
        return None;
    };
    Some((calculation, reducer, include))
}

/// Whether any of `transformations` changes a time series panel's series.
pub fn reduces_rows(transformations: &[Transformation]) -> bool {
    transformations.iter().any(|t| row_reduction(t).is_some())
}

/// `series` after the panel's row reductions, in order; other transformations do not
/// apply to time series here.
pub fn calculated(mut series: Vec<Series>, transformations: &[Transformation]) -> Vec<Series> {
    for (calculation, reducer, include) in transformations.iter().filter_map(row_reduction) {
        let reduced: Vec<&Series> = series
            .iter()
            .filter(|(name, _)| include.is_empty() || include.contains(name))
            .collect();
        if reduced.is_empty() {
            continue;
        }
        let mut times: Vec<i64> = reduced
            .iter()
            .flat_map(|(_, points)| points.iter().map(|&(t, _)| t))
            .collect();
        times.sort_unstable();
        times.dedup();
        let points: Vec<(i64, f64)> = times
            .iter()
            .filter_map(|&t| {
                let row: Vec<Option<f64>> = reduced
                    .iter()
                    .map(|(_, points)| {
                        points
                            .binary_search_by_key(&t, |&(at, _)| at)
                            .ok()
                            .map(|i| points[i].1)
                    })
                    .collect();
                Some((t, reduce(reducer, &row)?))
            })
            .collect();
        let name = calculation.column_name();
        if calculation.replace_fields {
            series = vec![(name, points)];
        } else {
            series.push((name, points));
        }
    }
    series
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean(alias: Option<&str>, replace_fields: bool) -> Transformation {
        Transformation::CalculateField(Calculation {
            alias: alias.map(str::to_owned),
            mode: CalculationMode::ReduceRow {
                reducer: "mean".into(),
                include: Vec::new(),
            },
            replace_fields,
        })
    }

    #[test]
    fn a_row_reduction_joins_the_series_on_time_and_reduces_each_time() {
        let series = vec![
            ("a".to_owned(), vec![(0, 1.0), (1000, 3.0)]),
            ("b".to_owned(), vec![(0, 3.0), (2000, 5.0)]),
        ];
        let replaced = calculated(series.clone(), &[mean(Some("CPU usage in %"), true)]);
        assert_eq!(
            replaced,
            [(
                "CPU usage in %".to_owned(),
                vec![(0, 2.0), (1000, 3.0), (2000, 5.0)]
            )],
            "an outer join: a time one series lacks reduces the others"
        );
        let added = calculated(series.clone(), &[mean(None, false)]);
        assert_eq!(added.len(), 3);
        assert_eq!(
            added[2].0, "Mean",
            "Grafana's name for the reducer without an alias"
        );
        assert_eq!(calculated(series.clone(), &[]), series);
    }
}
