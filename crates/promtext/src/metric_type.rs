//! Metric types, as `# TYPE` names them in either format.

use std::fmt;

/// The type of a metric family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MetricType {
    /// A monotonically increasing count.
    Counter,
    /// A value that goes up and down.
    Gauge,
    /// Cumulative buckets (`_bucket{le=…}`), `_count` and `_sum`.
    Histogram,
    /// A histogram of gauge values (OpenMetrics).
    GaugeHistogram,
    /// Quantiles (`{quantile=…}`), `_count` and `_sum`.
    Summary,
    /// Key-value information with value 1 (OpenMetrics).
    Info,
    /// A set of boolean states (OpenMetrics).
    StateSet,
    /// No type given: Prometheus's `untyped`, OpenMetrics's `unknown`.
    #[default]
    Unknown,
}

impl MetricType {
    /// Parses a `# TYPE` word as `format` allows it; lenient parsing takes either
    /// format's words.
    pub(crate) fn parse(
        word: &str,
        openmetrics_words: bool,
        prometheus_words: bool,
    ) -> Option<Self> {
        Some(match word {
            "counter" => Self::Counter,
            "gauge" => Self::Gauge,
            "histogram" => Self::Histogram,
            "summary" => Self::Summary,
            "untyped" if prometheus_words => Self::Unknown,
            "unknown" if openmetrics_words => Self::Unknown,
            "gaugehistogram" if openmetrics_words => Self::GaugeHistogram,
            "info" if openmetrics_words => Self::Info,
            "stateset" if openmetrics_words => Self::StateSet,
            _ => return None,
        })
    }

    /// The lowercase word for this type (`unknown` for an untyped metric).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Gauge => "gauge",
            Self::Histogram => "histogram",
            Self::GaugeHistogram => "gaugehistogram",
            Self::Summary => "summary",
            Self::Info => "info",
            Self::StateSet => "stateset",
            Self::Unknown => "unknown",
        }
    }

    /// The sample-name suffixes a family of this type may use (besides the bare name).
    pub fn suffixes(self) -> &'static [&'static str] {
        match self {
            Self::Counter => &["_total", "_created"],
            Self::Histogram => &["_bucket", "_count", "_sum", "_created"],
            Self::GaugeHistogram => &["_bucket", "_gcount", "_gsum"],
            Self::Summary => &["_count", "_sum", "_created"],
            Self::Info => &["_info"],
            Self::Gauge | Self::StateSet | Self::Unknown => &[],
        }
    }
}

impl fmt::Display for MetricType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
