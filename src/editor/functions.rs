//! What the editor knows of PromQL's functions and aggregations: names, signatures and a
//! line of help each, as the Prometheus UI's completion shows them.

/// A function or aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Function {
    /// Its name.
    pub name: &'static str,
    /// Its arguments, as Prometheus's documentation writes them.
    pub signature: &'static str,
    /// What it returns, in a few words.
    pub help: &'static str,
    /// Whether it is an aggregation operator (takes `by`/`without`).
    pub aggregation: bool,
}

const fn f(name: &'static str, signature: &'static str, help: &'static str) -> Function {
    Function {
        name,
        signature,
        help,
        aggregation: false,
    }
}

const fn agg(name: &'static str, signature: &'static str, help: &'static str) -> Function {
    Function {
        name,
        signature,
        help,
        aggregation: true,
    }
}

/// Every function and aggregation of PromQL (Prometheus 2.42).
pub const FUNCTIONS: [Function; 80] = [
    agg("sum", "(instant-vector)", "sum over dimensions"),
    agg("avg", "(instant-vector)", "average over dimensions"),
    agg("min", "(instant-vector)", "minimum over dimensions"),
    agg("max", "(instant-vector)", "maximum over dimensions"),
    agg("count", "(instant-vector)", "count of elements"),
    agg("group", "(instant-vector)", "1 per group"),
    agg(
        "stddev",
        "(instant-vector)",
        "population standard deviation",
    ),
    agg("stdvar", "(instant-vector)", "population variance"),
    agg("topk", "(k, instant-vector)", "largest k elements by value"),
    agg(
        "bottomk",
        "(k, instant-vector)",
        "smallest k elements by value",
    ),
    agg(
        "quantile",
        "(φ, instant-vector)",
        "φ-quantile over dimensions",
    ),
    agg(
        "count_values",
        "(label, instant-vector)",
        "count of elements with the same value",
    ),
    f("abs", "(v instant-vector)", "absolute values"),
    f(
        "absent",
        "(v instant-vector)",
        "1 if the vector has no elements",
    ),
    f(
        "absent_over_time",
        "(v range-vector)",
        "1 if the range has no samples",
    ),
    f("acos", "(v instant-vector)", "arccosine"),
    f("acosh", "(v instant-vector)", "inverse hyperbolic cosine"),
    f("asin", "(v instant-vector)", "arcsine"),
    f("asinh", "(v instant-vector)", "inverse hyperbolic sine"),
    f("atan", "(v instant-vector)", "arctangent"),
    f("atanh", "(v instant-vector)", "inverse hyperbolic tangent"),
    f(
        "avg_over_time",
        "(v range-vector)",
        "average of each series over the range",
    ),
    f("ceil", "(v instant-vector)", "round up to integers"),
    f(
        "changes",
        "(v range-vector)",
        "number of value changes in the range",
    ),
    f(
        "clamp",
        "(v instant-vector, min scalar, max scalar)",
        "clamp values to [min, max]",
    ),
    f(
        "clamp_max",
        "(v instant-vector, max scalar)",
        "clamp values to at most max",
    ),
    f(
        "clamp_min",
        "(v instant-vector, min scalar)",
        "clamp values to at least min",
    ),
    f("cos", "(v instant-vector)", "cosine"),
    f("cosh", "(v instant-vector)", "hyperbolic cosine"),
    f(
        "count_over_time",
        "(v range-vector)",
        "number of samples in the range",
    ),
    f(
        "day_of_month",
        "(v=vector(time()) instant-vector)",
        "day of the month, 1–31",
    ),
    f(
        "day_of_week",
        "(v=vector(time()) instant-vector)",
        "day of the week, 0–6",
    ),
    f(
        "day_of_year",
        "(v=vector(time()) instant-vector)",
        "day of the year, 1–366",
    ),
    f(
        "days_in_month",
        "(v=vector(time()) instant-vector)",
        "days in the month",
    ),
    f("deg", "(v instant-vector)", "radians to degrees"),
    f(
        "delta",
        "(v range-vector)",
        "difference between first and last value (gauges)",
    ),
    f(
        "deriv",
        "(v range-vector)",
        "per-second derivative by linear regression (gauges)",
    ),
    f("exp", "(v instant-vector)", "exponential"),
    f("floor", "(v instant-vector)", "round down to integers"),
    f(
        "histogram_quantile",
        "(φ scalar, b instant-vector)",
        "φ-quantile from histogram buckets",
    ),
    f(
        "holt_winters",
        "(v range-vector, sf scalar, tf scalar)",
        "smoothed value (gauges)",
    ),
    f(
        "hour",
        "(v=vector(time()) instant-vector)",
        "hour of the day, 0–23",
    ),
    f(
        "idelta",
        "(v range-vector)",
        "difference between the last two samples",
    ),
    f(
        "increase",
        "(v range-vector)",
        "increase over the range (counters)",
    ),
    f(
        "irate",
        "(v range-vector)",
        "per-second rate from the last two samples (counters)",
    ),
    f(
        "label_join",
        "(v instant-vector, dst_label string, separator string, src_label_1 string, …)",
        "join label values into a new label",
    ),
    f(
        "label_replace",
        "(v instant-vector, dst_label string, replacement string, src_label string, regex string)",
        "set a label from a regex match",
    ),
    f(
        "last_over_time",
        "(v range-vector)",
        "most recent sample in the range",
    ),
    f("ln", "(v instant-vector)", "natural logarithm"),
    f("log10", "(v instant-vector)", "decimal logarithm"),
    f("log2", "(v instant-vector)", "binary logarithm"),
    f(
        "mad_over_time",
        "(v range-vector)",
        "median absolute deviation over the range",
    ),
    f(
        "max_over_time",
        "(v range-vector)",
        "maximum over the range",
    ),
    f(
        "min_over_time",
        "(v range-vector)",
        "minimum over the range",
    ),
    f(
        "minute",
        "(v=vector(time()) instant-vector)",
        "minute of the hour, 0–59",
    ),
    f(
        "month",
        "(v=vector(time()) instant-vector)",
        "month of the year, 1–12",
    ),
    f("pi", "()", "π"),
    f(
        "predict_linear",
        "(v range-vector, t scalar)",
        "predicted value in t seconds (gauges)",
    ),
    f(
        "present_over_time",
        "(v range-vector)",
        "1 for any series with samples in the range",
    ),
    f(
        "quantile_over_time",
        "(s scalar, v range-vector)",
        "φ-quantile over the range",
    ),
    f("rad", "(v instant-vector)", "degrees to radians"),
    f(
        "rate",
        "(v range-vector)",
        "per-second average rate of increase (counters)",
    ),
    f(
        "resets",
        "(v range-vector)",
        "number of counter resets in the range",
    ),
    f(
        "round",
        "(v instant-vector, to_nearest=1 scalar)",
        "round to the nearest multiple",
    ),
    f(
        "scalar",
        "(v instant-vector)",
        "the single element's value as a scalar, else NaN",
    ),
    f("sgn", "(v instant-vector)", "sign: 1, 0 or -1"),
    f("sin", "(v instant-vector)", "sine"),
    f("sinh", "(v instant-vector)", "hyperbolic sine"),
    f("sort", "(v instant-vector)", "sorted by value, ascending"),
    f(
        "sort_desc",
        "(v instant-vector)",
        "sorted by value, descending",
    ),
    f("sqrt", "(v instant-vector)", "square root"),
    f(
        "stddev_over_time",
        "(v range-vector)",
        "population standard deviation over the range",
    ),
    f(
        "stdvar_over_time",
        "(v range-vector)",
        "population variance over the range",
    ),
    f("sum_over_time", "(v range-vector)", "sum over the range"),
    f("tan", "(v instant-vector)", "tangent"),
    f("tanh", "(v instant-vector)", "hyperbolic tangent"),
    f("time", "()", "evaluation time, in Unix seconds"),
    f("timestamp", "(v instant-vector)", "each sample's timestamp"),
    f(
        "vector",
        "(s scalar)",
        "the scalar as a vector with no labels",
    ),
    f("year", "(v=vector(time()) instant-vector)", "the year"),
];

/// The function or aggregation called `name`.
pub fn find(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Whether `name` is an aggregation operator.
pub fn is_aggregation(name: &str) -> bool {
    find(name).is_some_and(|f| f.aggregation)
}

/// Durations offered inside `[…]` and after `offset`.
pub const DURATIONS: [&str; 10] = [
    "1m", "5m", "10m", "15m", "30m", "1h", "3h", "6h", "12h", "1d",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found() {
        let mut names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FUNCTIONS.len());
        assert!(is_aggregation("topk"));
        assert!(!is_aggregation("rate"));
        assert_eq!(find("rate").map(|f| f.signature), Some("(v range-vector)"));
    }
}
