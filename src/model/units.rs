//! Units from metric names (`_seconds`, `_bytes`, `_ratio`, percentages) and value labels
//! with SI prefixes, as an operator reads them on an axis.

/// The unit a metric's values are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// Seconds (`_seconds`).
    Seconds,
    /// Bytes (`_bytes`).
    Bytes,
    /// A 0–1 ratio (`_ratio`), shown as a percentage.
    Ratio,
    /// Already a percentage (`_percent`).
    Percent,
    /// A plain number.
    #[default]
    None,
}

impl Unit {
    /// The unit a family name implies (a `_total` suffix is looked through). An explicit
    /// unit from metadata or `# UNIT` wins when given.
    pub fn of(family: &str, declared: Option<&str>) -> Self {
        match declared {
            Some("seconds") => return Self::Seconds,
            Some("bytes") => return Self::Bytes,
            Some("ratio") => return Self::Ratio,
            Some("percent") => return Self::Percent,
            _ => {}
        }
        let name = family.strip_suffix("_total").unwrap_or(family);
        if name.ends_with("_seconds") {
            Self::Seconds
        } else if name.ends_with("_bytes") {
            Self::Bytes
        } else if name.ends_with("_ratio") {
            Self::Ratio
        } else if name.ends_with("_percent") || name.ends_with("_percentage") {
            Self::Percent
        } else {
            Self::None
        }
    }

    /// The unit of one series of `family` (`series` as Prometheus writes it): a histogram's
    /// or summary's `_bucket` and `_count` series count observations, so they are plain
    /// numbers; its `_sum` and quantiles keep the family's unit.
    pub fn of_series(self, family: &str, series: &str) -> Self {
        let name = series.split('{').next().unwrap_or(series);
        let counts = name
            .strip_prefix(family)
            .is_some_and(|suffix| suffix == "_bucket" || suffix == "_count");
        if counts {
            Self::None
        } else {
            self
        }
    }

    /// A short label for `value`, with an SI prefix (binary for bytes) and the unit; `rate`
    /// adds `/s`.
    pub fn format(self, value: f64, rate: bool) -> String {
        let per = if rate { "/s" } else { "" };
        if !value.is_finite() {
            return if value.is_nan() {
                "NaN".to_owned()
            } else if value > 0.0 {
                "+Inf".to_owned()
            } else {
                "-Inf".to_owned()
            };
        }
        match self {
            Self::Seconds => format!("{}{per}", seconds(value)),
            Self::Bytes => format!("{}{per}", binary(value, "B")),
            Self::Ratio => format!("{}%{per}", trim(value * 100.0)),
            Self::Percent => format!("{}%{per}", trim(value)),
            Self::None => format!("{}{per}", si(value, "")),
        }
    }
}

/// Up to 3 significant digits, no trailing zeros.
fn trim(value: f64) -> String {
    let magnitude = value.abs();
    let text = if magnitude >= 100.0 || magnitude == 0.0 {
        format!("{value:.0}")
    } else if magnitude >= 10.0 {
        format!("{value:.1}")
    } else if magnitude >= 1.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

fn si(value: f64, unit: &str) -> String {
    const PREFIXES: [(f64, &str); 8] = [
        (1e12, "T"),
        (1e9, "G"),
        (1e6, "M"),
        (1e3, "k"),
        (1.0, ""),
        (1e-3, "m"),
        (1e-6, "µ"),
        (1e-9, "n"),
    ];
    let magnitude = value.abs();
    if magnitude == 0.0 {
        return format!("0{unit}");
    }
    for (scale, prefix) in PREFIXES {
        if magnitude >= scale {
            return format!("{}{prefix}{unit}", trim(value / scale));
        }
    }
    format!("{}{unit}", trim(value))
}

fn binary(value: f64, unit: &str) -> String {
    const PREFIXES: [(f64, &str); 5] = [
        (1_099_511_627_776.0, "Ti"),
        (1_073_741_824.0, "Gi"),
        (1_048_576.0, "Mi"),
        (1024.0, "Ki"),
        (1.0, ""),
    ];
    let magnitude = value.abs();
    for (scale, prefix) in PREFIXES {
        if magnitude >= scale {
            return format!("{}{prefix}{unit}", trim(value / scale));
        }
    }
    format!("{}{unit}", trim(value))
}

fn seconds(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 86_400.0 {
        format!("{}d", trim(value / 86_400.0))
    } else if magnitude >= 3600.0 {
        format!("{}h", trim(value / 3600.0))
    } else if magnitude >= 60.0 {
        format!("{}min", trim(value / 60.0))
    } else {
        si(value, "s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histograms_counts_are_plain_numbers() {
        let family = "diameter_request_duration_seconds";
        let unit = Unit::of(family, Some("seconds"));
        let of = |series: &str| unit.of_series(family, series);
        assert_eq!(
            of("diameter_request_duration_seconds_bucket{le=\"0.1\"}"),
            Unit::None
        );
        assert_eq!(of("diameter_request_duration_seconds_count"), Unit::None);
        assert_eq!(
            of("diameter_request_duration_seconds_sum{peer=\"a\"}"),
            Unit::Seconds
        );
        assert_eq!(
            of("diameter_request_duration_seconds{quantile=\"0.99\"}"),
            Unit::Seconds
        );
        // A 4-million bucket count reads as a count, not as days.
        assert_eq!(
            of("diameter_request_duration_seconds_count").format(4.08e6, false),
            Unit::None.format(4.08e6, false)
        );
        // A gauge that happens to end in `_count` keeps its own unit.
        assert_eq!(
            Unit::Bytes.of_series("cache_count", "cache_count"),
            Unit::Bytes
        );
    }

    #[test]
    fn units_from_names() {
        assert_eq!(
            Unit::of("http_request_duration_seconds", None),
            Unit::Seconds
        );
        assert_eq!(Unit::of("data_bytes_total", None), Unit::Bytes);
        assert_eq!(Unit::of("cache_hit_ratio", None), Unit::Ratio);
        assert_eq!(Unit::of("cpu_percent", None), Unit::Percent);
        assert_eq!(Unit::of("sms_messages_total", None), Unit::None);
        assert_eq!(Unit::of("weird", Some("seconds")), Unit::Seconds);
    }

    #[test]
    fn labels_with_prefixes() {
        let cases = [
            (Unit::Seconds, 0.0123, false, "12.3ms"),
            (Unit::Seconds, 90.0, false, "1.5min"),
            (Unit::Seconds, 7200.0, false, "2h"),
            (Unit::Bytes, 1536.0, true, "1.5KiB/s"),
            (Unit::Bytes, 3.0 * 1_073_741_824.0, false, "3GiB"),
            (Unit::Ratio, 0.256, false, "25.6%"),
            (Unit::Percent, 42.0, false, "42%"),
            (Unit::None, 1_250_000.0, true, "1.25M/s"),
            (Unit::None, 0.0, false, "0"),
            (Unit::None, 999.0, false, "999"),
            (Unit::None, f64::NAN, false, "NaN"),
        ];
        for (unit, value, rate, want) in cases {
            assert_eq!(unit.format(value, rate), want, "{unit:?} {value}");
        }
    }
}
