//! Hand-written cases for what the third-party suites do not reach, one line each.

use promtext::{Entry, ErrorKind, Format, Options, Parser, Sample};

const PROM: Options = Options {
    format: Format::Prometheus,
    strict: false,
};
const PROM_STRICT: Options = Options {
    format: Format::Prometheus,
    strict: true,
};
const OM: Options = Options {
    format: Format::OpenMetrics,
    strict: false,
};
const OM_STRICT: Options = Options {
    format: Format::OpenMetrics,
    strict: true,
};

/// All samples, or the first error.
fn samples(input: &[u8], options: Options) -> Result<Vec<Sample<'_>>, promtext::Error> {
    Parser::new(input, options)
        .filter_map(|entry| match entry {
            Ok(Entry::Sample(sample)) => Some(Ok(sample)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect()
}

/// `(name, labels as name=value, value)` of every sample, for compact comparison.
fn shown(input: &[u8], options: Options) -> Result<Vec<(String, Vec<String>, f64)>, String> {
    let samples = samples(input, options).map_err(|e| e.to_string())?;
    Ok(samples
        .into_iter()
        .map(|s| {
            let labels = s
                .labels
                .iter()
                .map(|l| format!("{}={}", l.name, l.value))
                .collect();
            (s.name.to_owned(), labels, s.value)
        })
        .collect())
}

macro_rules! ok {
    ($input:expr, $options:expr, $want:expr) => {{
        let want: Vec<(&str, Vec<&str>, f64)> = $want;
        let got = shown($input, $options).unwrap_or_else(|e| panic!("{:?}: {e}", $input));
        let got: Vec<(&str, Vec<&str>, f64)> = got
            .iter()
            .map(|(n, l, v)| (n.as_str(), l.iter().map(String::as_str).collect(), *v))
            .collect();
        assert_eq!(got, want, "{:?}", $input);
    }};
}

macro_rules! fails {
    ($input:expr, $options:expr, $line:expr, $column:expr) => {{
        let e = samples($input, $options).expect_err(&format!("{:?} should fail", $input));
        assert_eq!((e.line, e.column), ($line, $column), "{:?}: {e}", $input);
        e
    }};
}

#[test]
fn empty_and_unterminated_input() {
    ok!(b"", PROM, vec![]);
    ok!(b"", OM, vec![]);
    fails!(b"", OM_STRICT, 1, 1);
    ok!(b"a 1", PROM, vec![("a", vec![], 1.0)]);
    fails!(b"a 1", PROM_STRICT, 1, 4);
    ok!(b"a 1\n# EOF", OM_STRICT, vec![("a", vec![], 1.0)]);
    ok!(b"\n\n  \n", PROM, vec![]);
}

#[test]
fn crlf_line_ends() {
    ok!(
        b"a 1\r\nb{c=\"d\"} 2\r\n",
        PROM,
        vec![("a", vec![], 1.0), ("b", vec!["c=d"], 2.0)]
    );
    ok!(b"a 1\r\n# EOF\r\n", OM, vec![("a", vec![], 1.0)]);
    let e = fails!(b"a 1\r\n", PROM_STRICT, 1, 4);
    assert!(e.to_string().contains("carriage return"), "{e}");
}

#[test]
fn byte_order_mark() {
    ok!("\u{feff}a 1\n".as_bytes(), PROM, vec![("a", vec![], 1.0)]);
    fails!("\u{feff}a 1\n".as_bytes(), PROM_STRICT, 1, 1);
}

#[test]
fn invalid_utf8_is_reported_where_it_is() {
    let e = fails!(b"ok 1\na{b=\"\xff\"} 1\n", PROM, 2, 6);
    assert_eq!(e.kind, ErrorKind::InvalidUtf8);
    let e = fails!(b"\xc3", PROM, 1, 1);
    assert_eq!(e.kind, ErrorKind::InvalidUtf8);
}

#[test]
fn label_escapes() {
    ok!(br#"a{b="c\\"} 1"#, PROM, vec![("a", vec!["b=c\\"], 1.0)]);
    ok!(br#"a{b="x\"y"} 1"#, PROM, vec![("a", vec!["b=x\"y"], 1.0)]);
    ok!(br#"a{b="x\ny"} 1"#, PROM, vec![("a", vec!["b=x\ny"], 1.0)]);
    ok!(br#"a{b="x\ty"} 1"#, PROM, vec![("a", vec!["b=x\\ty"], 1.0)]);
    fails!(
        br#"a{b="x\ty"} 1
"#,
        PROM_STRICT,
        1,
        7
    );
    ok!(
        br#"a{b="} # {"} 1"#,
        PROM,
        vec![("a", vec!["b=} # {"], 1.0)]
    );
    fails!(br#"a{b="c\"} 1"#, PROM, 1, 12);
}

#[test]
fn names_and_label_blocks() {
    ok!(b":a 1", PROM, vec![(":a", vec![], 1.0)]);
    ok!(b"a:b_c 1", PROM, vec![("a:b_c", vec![], 1.0)]);
    ok!(b"a{} 1", PROM, vec![("a", vec![], 1.0)]);
    ok!(b"a {b=\"c\"} 1", PROM, vec![("a", vec!["b=c"], 1.0)]);
    ok!(b"a{b=\"c\",} 1", PROM, vec![("a", vec!["b=c"], 1.0)]);
    ok!(
        b"a{ b = \"c\" , d=\"e\" } 1",
        PROM,
        vec![("a", vec!["b=c", "d=e"], 1.0)]
    );
    fails!(b"a{b=\"c\",} 1\n# EOF\n", OM_STRICT, 1, 9);
    fails!(b"1a 1", PROM, 1, 1);
    fails!(b"a{1b=\"c\"} 1", PROM, 1, 3);
    fails!(b"a{b=\"c\",b=\"d\"} 1\n", PROM_STRICT, 1, 9);
    let e = fails!(b"a{job\"x\"} 1", PROM, 1, 6);
    assert_eq!(
        e.to_string(),
        "line 1, col 6: expected '=' after label name \"job\""
    );
}

#[test]
fn huge_label_counts_and_long_lines() {
    let labels: Vec<String> = (0..10_000).map(|i| format!("l{i}=\"v{i}\"")).collect();
    let line = format!("a{{{}}} 1\n", labels.join(","));
    let parsed = samples(line.as_bytes(), PROM).expect("10,000 labels");
    assert_eq!(parsed.first().map(|s| s.labels.len()), Some(10_000));

    let long = format!("a{{b=\"{}\"}} 2\n", "x".repeat(1 << 20));
    let parsed = samples(long.as_bytes(), PROM).expect("a 1 MB line");
    assert_eq!(
        parsed
            .first()
            .and_then(|s| s.labels.get("b"))
            .map(|v| v.len()),
        Some(1 << 20)
    );
}

#[test]
fn values_in_every_spelling() {
    for (text, want) in [
        ("1", 1.0),
        ("-0.5", -0.5),
        ("1e3", 1000.0),
        ("1E-3", 0.001),
        ("+Inf", f64::INFINITY),
        ("-Inf", f64::NEG_INFINITY),
        ("Inf", f64::INFINITY),
        ("inf", f64::INFINITY),
    ] {
        ok!(
            format!("a {text}").as_bytes(),
            PROM,
            vec![("a", vec![], want)]
        );
    }
    for nan in ["NaN", "nan", "NAN"] {
        let text = format!("a {nan}");
        let parsed = samples(text.as_bytes(), PROM).expect("NaN");
        assert!(parsed.first().is_some_and(|s| s.value.is_nan()), "{nan}");
    }
    fails!(b"a one", PROM, 1, 3);
    fails!(b"a", PROM, 1, 2);
}

#[test]
fn timestamps_per_format() {
    let prom = samples(b"a 1 1700000000123\n", PROM).expect("ms timestamp");
    assert_eq!(
        prom.first().and_then(|s| s.timestamp_ms),
        Some(1_700_000_000_123)
    );
    let om = samples(b"a 1 1700000000.123\n# EOF\n", OM_STRICT).expect("s timestamp");
    assert_eq!(
        om.first().and_then(|s| s.timestamp_ms),
        Some(1_700_000_000_123)
    );
    fails!(b"a 1 1.5\n", PROM, 1, 5);
    fails!(b"a 1 2 3\n", PROM, 1, 7);
}

#[test]
fn exemplars_are_kept() {
    let text = b"# TYPE a counter\na_total 3 # {trace_id=\"abc\"} 0.5 1700000000.5\n# EOF\n";
    let parsed = samples(text, OM_STRICT).expect("exemplar");
    let exemplar = parsed
        .first()
        .and_then(|s| s.exemplar.clone())
        .expect("an exemplar");
    assert_eq!(exemplar.labels.get("trace_id").as_deref(), Some("abc"));
    assert_eq!(exemplar.value, 0.5);
    assert_eq!(exemplar.timestamp_ms, Some(1_700_000_000_500));
}

#[test]
fn metadata_and_help_escapes() {
    let text = b"# HELP a Line\\none \\\\ and \\\"q\\\"\n# TYPE a counter\na 1\n";
    let entries: Vec<Entry<'_>> = Parser::new(text, PROM).map(|e| e.expect("entry")).collect();
    // Prometheus text decodes only \\ and \n in HELP; OpenMetrics also decodes \".
    assert!(matches!(
        entries.first(),
        Some(Entry::Help { text, .. }) if text == "Line\none \\ and \\\"q\\\""
    ));
    let om = b"# HELP a Line\\none \\\"q\\\"\n# EOF\n";
    let entries: Vec<Entry<'_>> = Parser::new(om, OM).map(|e| e.expect("entry")).collect();
    assert!(matches!(
        entries.first(),
        Some(Entry::Help { text, .. }) if text == "Line\none \"q\""
    ));
    fails!(b"# TYPE a bogus\n", PROM, 1, 10);
}

#[test]
fn families_group_samples() {
    let text = b"# HELP h Latency.\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\nplain 5\n";
    let families = promtext::parse(text, PROM).expect("families");
    let shape: Vec<(&str, &str, usize)> = families
        .iter()
        .map(|f| (f.name, f.kind.as_str(), f.samples.len()))
        .collect();
    assert_eq!(shape, vec![("h", "histogram", 4), ("plain", "unknown", 1)]);
    assert_eq!(
        families.first().and_then(|f| f.help.as_deref()),
        Some("Latency.")
    );
}

#[test]
fn nothing_after_eof() {
    fails!(b"# EOF\na 1\n", OM, 2, 1);
    ok!(b"a 1\n# EOF\n\n", OM, vec![("a", vec![], 1.0)]);
    fails!(b"a 1\n# EOF\n\n", OM_STRICT, 3, 1);
}

/// OpenMetrics 1.0: "Count and bucket values MUST be integers" (histogram), "Bucket values
/// MUST be integers" (gauge histogram, whose `_gcount` follows the histogram's rules, as
/// in Python's `prometheus_client`) and "Count MUST be an integer" (summary). Sums,
/// quantiles and gauges may be fractional; an integer may be written as `3.0` or `3e2`.
#[test]
fn strict_openmetrics_counts_and_buckets_are_integers() {
    let histogram = |bucket: &str, inf: &str, count: &str| {
        format!(
            "# TYPE h histogram\nh_bucket{{le=\"1.0\"}} {bucket}\nh_bucket{{le=\"+Inf\"}} {inf}\nh_count {count}\nh_sum 2.5\n# EOF\n"
        )
    };
    let gauge_histogram = |bucket: &str, gcount: &str| {
        format!(
            "# TYPE g gaugehistogram\ng_bucket{{le=\"+Inf\"}} {bucket}\ng_gcount {gcount}\ng_gsum 2.5\n# EOF\n"
        )
    };
    let summary = |count: &str| {
        format!("# TYPE s summary\ns{{quantile=\"0.5\"}} 0.25\ns_count {count}\ns_sum 2.5\n# EOF\n")
    };
    let accepted = [
        histogram("1", "3", "3"),
        histogram("1.0", "3.0", "3.0"),
        histogram("1e0", "3e2", "300"),
        gauge_histogram("3", "3"),
        gauge_histogram("3.0", "3.0"),
        summary("7"),
        summary("7.0"),
    ];
    for input in &accepted {
        assert!(
            samples(input.as_bytes(), OM_STRICT).is_ok(),
            "strict must accept integers written any way:\n{input}"
        );
    }
    let rejected = [
        (histogram("1.5", "3", "3"), 2, "must be an integer"),
        (histogram("1", "2.5", "2.5"), 3, "must be an integer"),
        (histogram("1", "3", "3.000001"), 4, "must be an integer"),
        (gauge_histogram("2.5", "2.5"), 2, "must be an integer"),
        (gauge_histogram("3", "2.5"), 3, "must be an integer"),
        (summary("7.5"), 3, "must be an integer"),
        (summary("+Inf"), 3, "must be an integer"),
    ];
    for (input, line, words) in &rejected {
        let e = samples(input.as_bytes(), OM_STRICT)
            .expect_err(&format!("strict must reject a fraction:\n{input}"));
        assert_eq!(e.line, *line, "{input}: {e}");
        assert!(e.to_string().contains(words), "{input}: {e}");
        // Lenient parsing accepts what Prometheus's scraper accepts.
        assert!(samples(input.as_bytes(), OM).is_ok(), "lenient: {input}");
    }
}

#[test]
fn an_error_past_the_end_of_a_line_points_just_past_it() {
    // `# TYPE` cut short: the name it expects would start past the line's end.
    fails!(b"# TYPE", OM, 1, 7);
    fails!(b"# HELP", OM, 1, 7);
}
