//! Differential tests: promtext and Python's `prometheus_client` must read the same
//! samples from every real sample file: same names, label sets, values (NaN equal to NaN)
//! and timestamps.
//!
//! Legitimate differences, normalised here:
//! - prometheus_client appends `_total` to counter samples that lack it, so names are
//!   compared without a trailing `_total`.
//! - Prometheus rewrites `le` and `quantile` values (`1` as `1.0`), so those labels are
//!   compared as numbers.
//! - HELP escapes differ by format (OpenMetrics decodes `\"`, Prometheus text does not);
//!   HELP is metadata, not a sample, and is covered by the edge-case tests instead.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Command,
};

use promtext::{Entry, Format, Options, Parser};

/// One sample in a form both sides can produce: name, sorted labels, value, timestamp.
type Row = (String, BTreeMap<String, String>, String, Option<i64>);

fn label_value(name: &str, value: &str) -> String {
    if name == "le" || name == "quantile" {
        if let Ok(number) = value.parse::<f64>() {
            return format!("{number:?}");
        }
    }
    value.to_owned()
}

fn value_text(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value == f64::INFINITY {
        "+Inf".to_owned()
    } else if value == f64::NEG_INFINITY {
        "-Inf".to_owned()
    } else {
        format!("{value:?}")
    }
}

fn base_name(name: &str) -> String {
    name.strip_suffix("_total").unwrap_or(name).to_owned()
}

fn ours(input: &[u8], format: Format) -> Vec<Row> {
    let mut rows: Vec<Row> = Parser::new(input, Options::new(format))
        .filter_map(|entry| match entry.expect("promtext parses the sample") {
            Entry::Sample(s) => Some((
                base_name(s.name),
                s.labels
                    .iter()
                    .map(|l| (l.name.to_owned(), label_value(l.name, &l.value)))
                    .collect(),
                value_text(s.value),
                s.timestamp_ms,
            )),
            _ => None,
        })
        .collect();
    rows.sort();
    rows
}

/// The reference's samples, or `None` when it rejects the file.
fn reference(script: &Path, path: &Path, format: Format) -> Option<Vec<Row>> {
    let kind = match format {
        Format::Prometheus => "prometheus",
        Format::OpenMetrics => "openmetrics",
    };
    let output = Command::new("python3")
        .arg(script)
        .arg(kind)
        .arg(path)
        .output()
        .expect("python3 runs");
    if output.status.code() == Some(3) {
        return None;
    }
    assert!(
        output.status.success(),
        "the reference script failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut rows: Vec<Row> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON from the script");
            let labels = v["labels"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), label_value(k, v.as_str().unwrap_or_default())))
                        .collect()
                })
                .unwrap_or_default();
            // The script sends each value as its exact repr; parse it here, correctly rounded.
            let value = match v["value"].as_str().unwrap_or_default() {
                special @ ("NaN" | "+Inf" | "-Inf") => special.to_owned(),
                text => value_text(text.parse().unwrap_or(f64::NAN)),
            };
            (
                base_name(v["name"].as_str().unwrap_or_default()),
                labels,
                value,
                v["timestamp_ms"].as_i64(),
            )
        })
        .collect();
    rows.sort();
    Some(rows)
}

fn sample_files(data: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                walk(&path, out);
            } else if path.file_name().is_some_and(|n| n != "LICENSE") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&data.join("samples"), &mut files);
    walk(&data.join("prometheus-textparse"), &mut files);
    files.sort();
    files
}

#[test]
fn same_samples_as_prometheus_client() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let python_ready = Command::new("python3")
        .args(["-c", "import prometheus_client"])
        .status()
        .is_ok_and(|s| s.success());
    if !python_ready {
        let why = "python3 with prometheus_client is missing \
                   (pip install -r crates/promtext/tests/reference/requirements.txt)";
        fedview_testkit::paths::skip(why);
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/dump_samples.py");
    let mut compared = 0;
    let mut rejected_by_reference = Vec::new();
    let mut differences = Vec::new();
    for file in sample_files(&data) {
        let input = std::fs::read(&file).expect("sample file");
        let format = Format::detect(&input);
        let Some(theirs) = reference(&script, &file, format) else {
            rejected_by_reference.push(file.display().to_string());
            continue;
        };
        let ours = ours(&input, format);
        compared += 1;
        if ours != theirs {
            let first = ours
                .iter()
                .zip(&theirs)
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("promtext {a:?}\nreference {b:?}"))
                .unwrap_or_else(|| format!("{} vs {} samples", ours.len(), theirs.len()));
            differences.push(format!("{}: {first}", file.display()));
        }
    }
    eprintln!(
        "compared {compared} files; the reference rejected {}: {rejected_by_reference:?}",
        rejected_by_reference.len()
    );
    assert!(compared >= 20, "only {compared} files compared");
    assert!(differences.is_empty(), "{}", differences.join("\n\n"));
}
