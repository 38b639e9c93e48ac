//! The unit of an expression's answer, read from the metric names in it, as the chart's
//! axis shows it: `rate(x_bytes_total[5m])` is bytes per second,
//! `histogram_quantile(0.9, …x_seconds_bucket…)` is seconds.

use super::tokens::{tokenize, TokenKind};
use crate::model::units::Unit;

/// The unit of `expression`'s values, and whether they are per second.
pub fn expression_unit(expression: &str) -> (Unit, bool) {
    let tokens = tokenize(expression);
    let words = || tokens.iter().map(|t| (t.kind, t.text(expression)));
    let Some(metric) = words()
        .find(|(k, _)| *k == TokenKind::Metric)
        .map(|(_, w)| w)
    else {
        return (Unit::None, false);
    };
    let name = metric
        .strip_suffix("_bucket")
        .or_else(|| metric.strip_suffix("_sum"))
        .unwrap_or(metric);
    let functions: Vec<&str> = words()
        .filter(|(k, _)| *k == TokenKind::Function)
        .map(|(_, w)| w)
        .collect();
    // A count of observations has no unit of its own.
    let unit = if metric.ends_with("_count") {
        Unit::None
    } else {
        Unit::of(name, None)
    };
    let per_second = !functions.contains(&"histogram_quantile")
        && functions
            .iter()
            .any(|f| matches!(*f, "rate" | "irate" | "deriv"));
    (unit, per_second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_from_the_metric_names() {
        assert_eq!(
            expression_unit("rate(data_bytes_total[5m])"),
            (Unit::Bytes, true)
        );
        assert_eq!(
            expression_unit("histogram_quantile(0.9, sum by (le) (rate(x_seconds_bucket[5m])))"),
            (Unit::Seconds, false)
        );
        assert_eq!(expression_unit("sum(up)"), (Unit::None, false));
        assert_eq!(
            expression_unit("rate(x_seconds_count[5m])"),
            (Unit::None, true)
        );
        assert_eq!(expression_unit("1 + 1"), (Unit::None, false));
    }
}
