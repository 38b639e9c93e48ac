//! Conformance against third-party suites, read from `../shared/testdata` (never copied):
//! the OpenMetrics parser suite in strict OpenMetrics mode, prometheus/common's fuzz corpus
//! in strict Prometheus mode, and every real sample file in lenient mode.

use std::path::{Path, PathBuf};

use promtext::{Format, Options, Parser};

fn parses(input: &[u8], options: Options) -> Result<usize, promtext::Error> {
    let mut entries = 0;
    for entry in Parser::new(input, options) {
        entry?;
        entries += 1;
    }
    Ok(entries)
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .file_name()
            .is_some_and(|n| n != "LICENSE" && n != "README.md")
        {
            out.push(path);
        }
    }
}

#[test]
fn openmetrics_suite_strict() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let suite = data.join("openmetrics/parsers");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&suite)
        .expect("the OpenMetrics suite")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    cases.sort();
    let mut wrong = Vec::new();
    for case in &cases {
        let spec = std::fs::read_to_string(case.join("test.json")).expect("test.json");
        let should_parse = spec.contains("\"shouldParse\": true");
        let input = std::fs::read(case.join("metrics")).expect("metrics");
        let got = parses(&input, Options::strict(Format::OpenMetrics));
        if got.is_ok() != should_parse {
            let name = case
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            wrong.push(format!(
                "{name}: should parse = {should_parse}, got {got:?}"
            ));
        }
    }
    assert_eq!(cases.len(), 211, "the suite has 211 cases");
    assert!(
        wrong.is_empty(),
        "{}/{} right; wrong:\n{}",
        cases.len() - wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn prometheus_common_corpus_strict() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let corpus = data.join("prometheus-common-expfmt/expfmt/fuzz/corpus");
    let mut cases = Vec::new();
    files_under(&corpus, &mut cases);
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let should_parse = !name.contains("error");
        let input = std::fs::read(case).expect("corpus file");
        let got = parses(&input, Options::strict(Format::Prometheus));
        if got.is_ok() != should_parse {
            wrong.push(format!(
                "{name}: should parse = {should_parse}, got {got:?}"
            ));
        }
    }
    assert_eq!(cases.len(), 26, "the corpus has 26 inputs");
    assert!(
        wrong.is_empty(),
        "{}/{} right; wrong:\n{}",
        cases.len() - wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_sample_file_parses_leniently() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let mut files = Vec::new();
    files_under(&data.join("samples"), &mut files);
    files_under(&data.join("prometheus-textparse"), &mut files);
    assert!(
        files.len() > 30,
        "expected the sample files, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let input = std::fs::read(file).expect("sample file");
        let options = Options::new(Format::detect(&input));
        match parses(&input, options) {
            Ok(0) => failures.push(format!("{}: no entries", file.display())),
            Ok(_) => {}
            Err(e) => failures.push(format!("{} ({:?}): {e}", file.display(), options.format)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
