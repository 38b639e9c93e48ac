//! What kind a metric is. Federation says `untyped` for everything, so the kind comes from
//! the upstream's metadata when it answers, and otherwise from Prometheus's naming rules.

use std::fmt;

/// The kind of a metric family, as the viewer treats it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum MetricKind {
    /// Only goes up (resets aside): charted as a per-second rate.
    Counter,
    /// Goes up and down: charted as is.
    Gauge,
    /// Buckets, count and sum: charted as estimated quantiles.
    Histogram,
    /// Quantiles, count and sum.
    Summary,
    /// Neither metadata nor the name says.
    #[default]
    Unknown,
}

impl MetricKind {
    /// From a metadata `type` word.
    pub fn from_metadata(word: &str) -> Self {
        match word {
            "counter" => Self::Counter,
            "gauge" => Self::Gauge,
            "histogram" | "gaugehistogram" => Self::Histogram,
            "summary" => Self::Summary,
            _ => Self::Unknown,
        }
    }

    /// The lowercase word shown to the user.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Gauge => "gauge",
            Self::Histogram => "histogram",
            Self::Summary => "summary",
            Self::Unknown => "untyped",
        }
    }
}

impl fmt::Display for MetricKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family a sample starts and the kind its name implies: `_bucket` with `le` is a
/// histogram's, `quantile` a summary's, `_total` a counter. (`_count` and `_sum` join an
/// existing histogram or summary: see [`companion_of`].)
pub fn family_of(sample: &str, has_le: bool, has_quantile: bool) -> (&str, MetricKind) {
    if let Some(base) = sample.strip_suffix("_bucket") {
        if has_le {
            return (base, MetricKind::Histogram);
        }
    }
    if has_quantile {
        return (sample, MetricKind::Summary);
    }
    if sample.ends_with("_total") {
        return (sample, MetricKind::Counter);
    }
    (sample, MetricKind::Unknown)
}

/// For `name_count` and `name_sum`: `name`, the histogram or summary they may belong to.
pub fn companion_of(sample: &str) -> Option<&str> {
    sample
        .strip_suffix("_count")
        .or_else(|| sample.strip_suffix("_sum"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        let cases = [
            (
                "rpc_seconds_bucket",
                true,
                false,
                ("rpc_seconds", MetricKind::Histogram),
            ),
            (
                "rpc_seconds_bucket",
                false,
                false,
                ("rpc_seconds_bucket", MetricKind::Unknown),
            ),
            (
                "rpc_seconds",
                false,
                true,
                ("rpc_seconds", MetricKind::Summary),
            ),
            (
                "rpc_seconds_count",
                false,
                false,
                ("rpc_seconds_count", MetricKind::Unknown),
            ),
            (
                "http_requests_total",
                false,
                false,
                ("http_requests_total", MetricKind::Counter),
            ),
            ("up", false, false, ("up", MetricKind::Unknown)),
        ];
        for (sample, le, quantile, want) in cases {
            assert_eq!(family_of(sample, le, quantile), want, "{sample}");
        }
    }

    #[test]
    fn companions() {
        assert_eq!(companion_of("rpc_seconds_count"), Some("rpc_seconds"));
        assert_eq!(companion_of("rpc_seconds_sum"), Some("rpc_seconds"));
        assert_eq!(companion_of("rpc_seconds"), None);
    }

    #[test]
    fn metadata_words() {
        assert_eq!(MetricKind::from_metadata("counter"), MetricKind::Counter);
        assert_eq!(
            MetricKind::from_metadata("gaugehistogram"),
            MetricKind::Histogram
        );
        assert_eq!(MetricKind::from_metadata("info"), MetricKind::Unknown);
    }
}
