//! The parser never panics: every prefix and many single-byte corruptions of the real
//! inputs, under every format and strictness, must come back as entries or an error.
//! (The coverage-guided fuzzer in `fuzz/` goes further; this runs in every test pass.)

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

fn exercise(input: &[u8]) {
    for options in all_options() {
        for entry in Parser::new(input, options) {
            if let Ok(promtext::Entry::Sample(sample)) = entry {
                let _ = sample.labels.iter().count();
                if let Some(exemplar) = sample.exemplar {
                    let _ = exemplar.labels.iter().count();
                }
            }
        }
        let _ = promtext::parse(input, options);
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
