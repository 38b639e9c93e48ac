//! Grafana's `calculateField` row reduction over a time series panel's series: the series
//! joined on their timestamps (Grafana's outer join by time), and each timestamp's values
//! reduced into a new series, which replaces the others when the panel says so (as
//! k8s-views-global's "Cluster CPU Utilization" does).

use crate::board::{
    reduce::{calc_name, reduce},
    table::{CalculationMode, Transformation},
};

/// A series: its name and its points (milliseconds, value) in time order.
pub type Series = (String, Vec<(i64, f64)>);

/// `series` after the panel's row reductions, in order; other transformations do not
/// apply to time series here.
pub fn calculated(mut series: Vec<Series>, transformations: &[Transformation]) -> Vec<Series> {
    for transformation in transformations {
        let Transformation::CalculateField(calculation) = transformation else {
            continue;
        };
        let CalculationMode::ReduceRow { reducer, include } = &calculation.mode else {
            continue;
        };
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
        let name = calculation
            .alias
            .clone()
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| calc_name(reducer).to_owned());
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
    use crate::board::table::Calculation;

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
