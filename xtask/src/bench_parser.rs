//! The parser benchmark: promtext beside its peers, natively, with criterion.

use std::path::Path;

use crate::{
    bench_cli,
    command::{self, cmd, root},
    report::{machine, today},
    wasm_bench,
};

/// One measured row: parser and its mean throughput in MB/s.
struct Measured {
    parser: String,
    megabytes_per_second: f64,
}

pub(crate) fn run() -> Result<String, String> {
    let target = root().join("target");
    let mut bench = cmd(
        "cargo",
        &[
            "bench",
            "--manifest-path",
            "bench/Cargo.toml",
            "--bench",
            "parsers",
            "--",
            "--noplot",
        ],
    );
    bench.env("CARGO_TARGET_DIR", &target);
    command::run(&mut bench)?;

    let mut out = format!(
        "## Parser throughput (native)\n\n{} · {} · `cargo xtask bench parser` (criterion, \
         mean of 20 samples; inputs from `../shared/testdata`)\n\n",
        today(),
        machine()
    );
    out.push_str(
        "Ratios are against the fastest peer in the same run. \"iterate\" decodes every \
         sample's name, labels and value without keeping them; \"families\" keeps every \
         sample, grouped by family (labels stay borrowed). A peer missing from a table \
         failed on that input or left part of it unread. The memchr row is the physical \
         ceiling: one pass finding every line end, no parsing.\n\n",
    );
    for input in ["large-metrics", "node-exporter", "alltypes-237mfs"] {
        let rows = read_group(&target.join("criterion").join(input))?;
        let fastest_peer = rows
            .iter()
            .filter(|r| !r.parser.starts_with("promtext") && !r.parser.starts_with("memchr"))
            .map(|r| r.megabytes_per_second)
            .fold(0.0, f64::max);
        out.push_str(&format!(
            "### {input}\n\n| parser | MB/s | × fastest peer |\n|---|---:|---:|\n"
        ));
        for row in &rows {
            let ratio = if fastest_peer > 0.0 {
                format!("{:.1}×", row.megabytes_per_second / fastest_peer)
            } else {
                "n/a".to_owned()
            };
            out.push_str(&format!(
                "| {} | {:.0} | {ratio} |\n",
                row.parser, row.megabytes_per_second
            ));
        }
        out.push('\n');
    }
    out.push_str(&bench_cli::run()?);
    out.push_str(&wasm()?);
    Ok(out)
}

/// The same parsers compiled to wasm32 in headless Chromium: one table for all inputs.
fn wasm() -> Result<String, String> {
    let results: Vec<(String, String, String)> = wasm_bench::run("wasm_throughput")?
        .into_iter()
        .filter_map(|row| match row.as_slice() {
            [input, parser, value] => Some((input.clone(), parser.clone(), value.clone())),
            _ => None,
        })
        .collect();
    let mut out = String::from(
        "### In headless Chromium (wasm32, release)\n\nThe same parsers and inputs compiled to \
         wasm32-unknown-unknown and run by wasm-bindgen-test in Debian's Chromium; median of \
         repeated runs, timed with `performance.now()`.\n\n\
         | input | parser | MB/s | × fastest peer |\n|---|---|---:|---:|\n",
    );
    for input in ["large-metrics", "node-exporter", "alltypes-237mfs"] {
        let rows: Vec<&(String, String, String)> =
            results.iter().filter(|(i, _, _)| i == input).collect();
        let fastest_peer = rows
            .iter()
            .filter(|(_, p, _)| !p.starts_with("promtext"))
            .filter_map(|(_, _, v)| v.parse::<f64>().ok())
            .fold(0.0, f64::max);
        for (_, parser, value) in rows {
            let (speed, ratio) = match value.parse::<f64>() {
                Ok(mb) if fastest_peer > 0.0 => {
                    (format!("{mb:.0}"), format!("{:.1}×", mb / fastest_peer))
                }
                Ok(mb) => (format!("{mb:.0}"), "n/a".to_owned()),
                Err(_) => (value.clone(), String::new()),
            };
            out.push_str(&format!("| {input} | {parser} | {speed} | {ratio} |\n"));
        }
    }
    out.push('\n');
    Ok(out)
}

/// Reads criterion's results for one benchmark group, fastest first.
fn read_group(dir: &Path) -> Result<Vec<Measured>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("no results in {}: {e}", dir.display()))?;
    let mut rows = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let new = entry.path().join("new");
        let (Ok(benchmark), Ok(estimates)) = (
            std::fs::read_to_string(new.join("benchmark.json")),
            std::fs::read_to_string(new.join("estimates.json")),
        ) else {
            continue;
        };
        let benchmark: serde_json::Value =
            serde_json::from_str(&benchmark).map_err(|e| e.to_string())?;
        let estimates: serde_json::Value =
            serde_json::from_str(&estimates).map_err(|e| e.to_string())?;
        let bytes = benchmark["throughput"]["Bytes"].as_f64().unwrap_or(0.0);
        let nanoseconds = estimates["mean"]["point_estimate"]
            .as_f64()
            .unwrap_or(f64::NAN);
        rows.push(Measured {
            parser: benchmark["value_str"].as_str().unwrap_or("?").to_owned(),
            megabytes_per_second: bytes / nanoseconds * 1e3,
        });
    }
    rows.sort_by(|a, b| b.megabytes_per_second.total_cmp(&a.megabytes_per_second));
    Ok(rows)
}
