//! Grafana's units against the values Grafana's own tests expect
//! (`valueFormats.test.ts`, `dateTimeFormatters.test.ts`), and the units of Node
//! Exporter Full's first section as Grafana writes them. Where Grafana 13 writes a case
//! differently from its older tests ("1h" where they expect "01h", plural units), the
//! expectation is Grafana 13's own answer, as `tests/grafana_oracle` checks it.

use super::*;

/// `value` in `unit` with `decimals`, as one string.
fn written(unit: &str, value: f64, decimals: Option<i32>) -> String {
    format_value(Some(unit), value, decimals).to_string()
}

#[test]
fn the_cases_of_grafanas_value_format_tests() {
    for (unit, decimals, value, expected) in [
        ("currencyUSD", Some(2), 1532.82, "$1.53K"),
        ("currencyKRW", Some(2), 1532.82, "₩1.53K"),
        ("ms", Some(4), 0.0024, "0.0024 ms"),
        ("ms", Some(0), 100.0, "100 ms"),
        ("ms", Some(2), 1250.0, "1.25 s"),
        ("ms", Some(1), 10_000_086.123, "2.8 hours"),
        ("ms", Some(0), 1200.0, "1 s"),
        ("kbytes", Some(3), 10_000_000.0, "9.537 GiB"),
        ("deckbytes", Some(3), 10_000_000.0, "10.000 GB"),
        ("megwatt", Some(3), 1000.0, "1.000 GW"),
        ("kohm", Some(3), 1000.0, "1.000 MΩ"),
        ("Mohm", Some(3), 1000.0, "1.000 GΩ"),
        ("farad", Some(3), 1000.0, "1.000 kF"),
        ("µfarad", Some(3), 1000.0, "1.000 mF"),
        ("nfarad", Some(3), 1000.0, "1.000 µF"),
        ("pfarad", Some(3), 1000.0, "1.000 nF"),
        ("ffarad", Some(3), 1000.0, "1.000 pF"),
        ("henry", Some(3), 1000.0, "1.000 kH"),
        ("mhenry", Some(3), 1000.0, "1.000 H"),
        ("µhenry", Some(3), 1000.0, "1.000 mH"),
    ] {
        assert_eq!(written(unit, value, decimals), expected, "{unit} {value}");
    }
}

#[test]
fn to_fixed_as_grafana_rounds_and_pads() {
    assert_eq!(to_fixed(100.0, None), "100");
    assert_eq!(to_fixed(100.4, None), "100");
    assert_eq!(to_fixed(100.5, None), "101");
    assert_eq!(to_fixed(100.0, Some(1)), "100.0");
    assert_eq!(to_fixed(100.37, Some(1)), "100.4");
    assert_eq!(to_fixed(100.63, Some(1)), "100.6");
    assert_eq!(to_fixed(100.4, Some(2)), "100.40");
    assert_eq!(to_fixed(100.5, Some(2)), "100.50");
    assert_eq!(
        to_fixed(186.123, Some(-2)),
        "186",
        "negative decimals count as none"
    );
    assert_eq!(to_fixed(f64::NAN, None), "NaN");
    assert_eq!(to_fixed(f64::INFINITY, None), "∞");
    assert_eq!(to_fixed(f64::NEG_INFINITY, None), "-∞");
}

#[test]
fn durations_as_grafanas_tests_write_them() {
    for (value, decimals, scale, expected) in [
        (0.0, Some(0), 0.001, "0 milliseconds"),
        (1.0, Some(0), 0.001, "1 millisecond"),
        (-1.0, Some(0), 0.001, "1 millisecond ago"),
        (1.0, Some(0), 1.0, "1 second"),
        (1.0, Some(0), 60.0, "1 minute"),
        (1.0, Some(0), 3_600.0, "1 hour"),
        (1.0, Some(0), 86_400.0, "1 day"),
        (1.0, Some(0), 604_800.0, "1 week"),
        (1.0, Some(0), 2_592_000.0, "1 month"),
        (1.0, Some(0), 31_536_000.0, "1 year"),
        (1.5, Some(2), 86_400.0, "1 day, 12 hours, 0 minutes"),
        (
            1.5,
            Some(3),
            2_592_000.0,
            "1 month, 2 weeks, 1 day, 0 hours",
        ),
        (38_898_367_008.0, Some(0), 0.001, "1 year"),
        (38_898_367_008.0, Some(1), 0.001, "1 year, 2 months"),
        (
            38_898_367_008.0,
            Some(20),
            0.001,
            "1 year, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 milliseconds",
        ),
        (
            36_993_906_007.0,
            Some(8),
            0.001,
            "1 year, 2 months, 0 weeks, 3 days, 4 hours, 5 minutes, 6 seconds, 7 milliseconds",
        ),
    ] {
        // Grafana's tests count in other scales too; its units count in ms and seconds.
        let written = if scale == 0.001 {
            written("dtdurationms", value, decimals)
        } else {
            written("dtdurations", value * scale, decimals)
        };
        assert_eq!(written, expected, "{value} × {scale}");
    }
    assert_eq!(written("dthms", 1.0, None), "00:00:01");
    assert_eq!(written("dthms", -1.0, None), "00:00:01 ago");
    assert_eq!(written("dthms", 0.0, None), "00:00:00");
}

#[test]
fn clocks_as_grafanas_tests_write_them() {
    for (ms, decimals, expected) in [
        (999.0, Some(0), "999ms"),
        (59_999.0, None, "59s:999ms"),
        (59_999.0, Some(0), "59s"),
        (3_599_999.0, None, "59m:59s:999ms"),
        (3_599_999.0, Some(0), "59m"),
        (3_599_999.0, Some(1), "59m:59s"),
        (7_199_999.0, None, "1h:59m:59s:999ms"),
        (7_199_999.0, Some(0), "1h"),
        (7_199_999.0, Some(1), "1h:59m"),
        (7_199_999.0, Some(2), "1h:59m:59s"),
        (89_999_999.0, None, "24h:59m:59s:999ms"),
        (89_999_999.0, Some(0), "24h"),
        (89_999_999.0, Some(1), "24h:59m"),
        (89_999_999.0, Some(2), "24h:59m:59s"),
    ] {
        assert_eq!(written("clockms", ms, decimals), expected, "{ms}");
    }
}

#[test]
fn node_exporter_fulls_first_section_reads_as_in_grafana() {
    // CPU Busy, RAM Used and friends: `percent`, `decimals: 1`.
    assert_eq!(written("percent", 74.0, Some(1)), "74.0%");
    assert_eq!(written("percent", 3.04, Some(1)), "3.0%");
    // Uptime: `s`, `decimals: 1`.
    assert_eq!(written("s", 5_976.0, Some(1)), "1.7 hours");
    assert_eq!(written("s", 1_209_600.0, Some(1)), "2.0 weeks");
    // RAM Total and RootFS Total: `bytes`, `decimals: 0`.
    assert_eq!(written("bytes", 25_152_958_464.0, Some(0)), "23 GiB");
    assert_eq!(written("bytes", 270_000_000_000.0, Some(0)), "251 GiB");
    // CPU Cores: `short`, no decimals, an integer.
    assert_eq!(written("short", 2.0, None), "2");
    assert_eq!(written("short", 98_765.0, Some(1)), "98.8 K");
    // No unit, and no decimals: Grafana picks three significant digits for a fraction.
    assert_eq!(written("none", 0.123_456, None), "0.123");
    assert_eq!(written("none", 0.0234, None), "0.0234");
}

#[test]
fn rates_counts_and_custom_units() {
    assert_eq!(written("bps", 1_500_000.0, Some(1)), "1.5 Mb/s");
    assert_eq!(written("Bps", 2048.0, Some(0)), "2 kB/s");
    assert_eq!(written("reqps", 1500.0, Some(1)), "1.5K req/s");
    assert_eq!(written("percentunit", 0.5, Some(0)), "50%");
    assert_eq!(written("bytes", 512.0, Some(0)), "512 B");
    assert_eq!(written("decbytes", 1_000_000.0, Some(0)), "1 MB");
    assert_eq!(written("bits", 1024.0, Some(0)), "1 Kib");
    assert_eq!(written("suffix:req", 3.0, Some(0)), "3 req");
    assert_eq!(written("prefix:$", 3.0, Some(0)), "$3");
    assert_eq!(written("si:kW", 3000.0, Some(0)), "3 MW");
    assert_eq!(written("count:calls", 3000.0, Some(0)), "3K calls");
    assert_eq!(
        written("widgets", 3.0, Some(0)),
        "3 widgets",
        "an unknown id follows"
    );
    assert_eq!(written("celsius", 21.5, Some(1)), "21.5 °C");
    assert_eq!(written("hex0x", 255.0, Some(0)), "0xFF");
    assert_eq!(written("sci", 123_456.0, Some(2)), "1.23e+5");
}
