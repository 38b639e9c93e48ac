//! The `promtext` command's contract: exit 0 when the input parses, exit 1 with
//! `LINE:COL: message` on stderr when not, and `--json` lines for every sample.

use std::{
    io::Write as _,
    process::{Command, Output, Stdio},
};

fn promtext(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promtext"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtext runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("promtext finishes")
}

#[test]
fn exit_zero_when_it_parses() {
    let out = promtext(&[], b"# TYPE a counter\na_total 1\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn exit_one_with_line_and_column() {
    let out = promtext(&["-"], b"a 1\nb{c=\"d\" 2\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("2:9: expected ',' or '}'"), "{stderr}");
}

#[test]
fn strict_and_format_choose_the_rules() {
    let trailing_comma = b"a{b=\"c\",} 1\n# EOF\n";
    assert_eq!(
        promtext(&["--format", "openmetrics"], trailing_comma)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        promtext(&["--format=openmetrics", "--strict"], trailing_comma)
            .status
            .code(),
        Some(1)
    );
    // auto: the # EOF line makes it OpenMetrics, where a bare counter name is not allowed.
    let bare_counter = b"# TYPE a counter\na 1\n# EOF\n";
    assert_eq!(promtext(&["--strict"], bare_counter).status.code(), Some(1));
    assert_eq!(
        promtext(
            &["--strict", "--format", "prometheus"],
            b"# TYPE a counter\na 1\n"
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(promtext(&["--format", "xml"], b"").status.code(), Some(2));
}

#[test]
fn json_lines_per_sample() {
    let text = b"# HELP rt Round trip \"time\".\n# TYPE rt gauge\nrt{path=\"/a\\\"b\"} NaN 1700000000000\nrt{path=\"/c\"} +Inf\nup -Inf\n";
    let out = promtext(&["--json"], text);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines.first(),
        Some(&serde_json::json!({
            "name": "rt",
            "labels": {"path": "/a\"b"},
            "value": "NaN",
            "timestamp_ms": 1_700_000_000_000_i64,
            "type": "gauge",
            "help": "Round trip \"time\".",
        }))
    );
    assert_eq!(
        lines.get(1).map(|l| &l["value"]),
        Some(&serde_json::json!("+Inf"))
    );
    assert_eq!(
        lines.get(2).map(|l| &l["value"]),
        Some(&serde_json::json!("-Inf"))
    );
    assert_eq!(
        lines.get(2).map(|l| &l["type"]),
        Some(&serde_json::json!("untyped"))
    );
    assert_eq!(
        lines.get(2).map(|l| &l["help"]),
        Some(&serde_json::Value::Null)
    );
}

#[test]
fn reads_a_file_and_names_a_missing_one() {
    let dir = fedview_testkit::TempDir::new("promtext-cli");
    let path = dir.path().join("metrics.txt");
    std::fs::write(&path, "a 1\n").expect("write");
    let out = promtext(&[&path.to_string_lossy()], b"");
    assert_eq!(out.status.code(), Some(0));
    let missing = promtext(&["/nonexistent/metrics.txt"], b"");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/metrics.txt"));
}
