//! The parser never panics: every prefix and many single-byte corruptions of the real
//! inputs, under every format and strictness, must come back as entries or an error, and
//! an error must point inside the input (a line it has, a column on that line or just past
//! its end). (The coverage-guided fuzzer in `fuzz/` goes further; this runs in every test
//! pass.)

use std::path::{Path, PathBuf};

use promtext::{Format, Options, Parser};

fn all_options() -> [Options; 4] {
    [
        Options::new(Format::Prometheus),
        Options::strict(Format::Prometheus),
        Options::new(Format::OpenMetrics),
        Options::strict(Format::OpenMetrics),
    ]
}

/// Panics unless `error` names a line of `input` and a column on it (or one past its end).
fn assert_inside(input: &[u8], error: &promtext::Error, options: Options) {
    let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    let line = error
        .line
        .checked_sub(1)
        .and_then(|i| lines.get(i))
        .unwrap_or_else(|| {
            panic!(
                "{options:?}: error {error} names line {} of an input with {} lines: {:?}",
                error.line,
                lines.len(),
                String::from_utf8_lossy(input)
            )
        });
    // Columns count characters; an invalid byte counts as one.
    let widest = line
        .len()
        .max(String::from_utf8_lossy(line).chars().count());
    assert!(
        (1..=widest + 1).contains(&error.column),
        "{options:?}: error {error} names column {} of a line {widest} wide: {:?}",
        error.column,
        String::from_utf8_lossy(line)
    );
}

fn exercise(input: &[u8]) {
    for options in all_options() {
        for entry in Parser::new(input, options) {
            match entry {
                Ok(promtext::Entry::Sample(sample)) => {
                    let _ = sample.labels.iter().count();
                    if let Some(exemplar) = sample.exemplar {
                        let _ = exemplar.labels.iter().count();
                    }
                }
                Ok(_) => {}
                Err(error) => assert_inside(input, &error, options),
            }
        }
        if let Err(error) = promtext::parse(input, options) {
            assert_inside(input, &error, options);
        }
    }
}

fn small_inputs(data: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let suite = data.join("openmetrics/parsers");
    for case in std::fs::read_dir(&suite)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        out.push(case.path().join("metrics"));
    }
    let corpus = data.join("prometheus-common-expfmt/expfmt/fuzz/corpus");
    for file in std::fs::read_dir(&corpus)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        out.push(file.path());
    }
    out.sort();
    out
}

#[test]
fn every_prefix_and_corruption_of_the_suites_returns() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let inputs = small_inputs(&data);
    assert!(inputs.len() > 200);
    let nasty = [
        b'\0', b'\\', b'"', b'{', b'}', b'\n', b'\r', b' ', b'#', 0xff, 0xc3,
    ];
    let mut runs = 0usize;
    for path in inputs {
        let input = std::fs::read(&path).unwrap_or_default();
        for end in 0..=input.len() {
            exercise(input.get(..end).unwrap_or_default());
            runs += 1;
        }
        for at in 0..input.len() {
            let mut corrupted = input.clone();
            if let Some(byte) = corrupted.get_mut(at) {
                *byte = nasty[at % nasty.len()];
            }
            exercise(&corrupted);
            runs += 1;
        }
    }
    assert!(runs > 10_000, "{runs} runs");
}

#[test]
fn pathological_shapes_return() {
    let shapes: Vec<Vec<u8>> = vec![
        b"{".repeat(10_000),
        b"a{".repeat(10_000),
        b"\\".repeat(10_000),
        b"a{b=\""
            .iter()
            .chain(b"\\".repeat(9_999).iter())
            .copied()
            .collect(),
        b"# HELP ".repeat(10_000),
        b"# TYPE a histogram\n"
            .iter()
            .chain(b"a_bucket{le=\"+Inf\"} 1\n".repeat(5_000).iter())
            .copied()
            .collect(),
        b"a 1 # {".repeat(1_000),
        vec![b'\n'; 100_000],
        vec![0xff; 1000],
        "\u{feff}\u{feff}a 1\n".as_bytes().to_vec(),
    ];
    for shape in shapes {
        exercise(&shape);
    }
}
