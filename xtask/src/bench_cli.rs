//! The parser as people run it: the whole `promtext` process (start, read, check, exit)
//! beside the smallest command each peer parser could ship (`bench/examples/peer_cli.rs`),
//! on one large input, alternating runs so that the machine's swings hit every command.

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::Instant,
};

use crate::command::{self, cmd, root};

/// Copies of the large sample concatenated, each with its metric names renamed.
const COPIES: usize = 8;
/// Runs of each command; the median is reported.
const RUNS: usize = 5;
/// The peers, by the name `peer_cli` takes.
const PEERS: [&str; 3] = [
    "nom-openmetrics",
    "prom_text_format_parser",
    "prometheus-parse",
];

/// One command measured: its name and the median wall time of its runs.
struct Timed {
    name: String,
    median_s: f64,
}

/// Builds the commands and the input, times them, and returns the report's table.
pub(crate) fn run() -> Result<String, String> {
    let target = root().join("target");
    command::run(&mut cmd(
        "cargo",
        &[
            "build",
            "--release",
            "--package",
            "promtext",
            "--bin",
            "promtext",
        ],
    ))?;
    let mut peers = cmd(
        "cargo",
        &[
            "build",
            "--release",
            "--manifest-path",
            "bench/Cargo.toml",
            "--example",
            "peer_cli",
        ],
    );
    peers.env("CARGO_TARGET_DIR", &target);
    command::run(&mut peers)?;
    let input = large_input(&target)?;
    let bytes = std::fs::metadata(&input)
        .map_err(|e| format!("{}: {e}", input.display()))?
        .len() as f64;
    let promtext = target.join("release/promtext");
    let peer_cli = target.join("release/examples/peer_cli");

    let mut commands: Vec<(String, Vec<String>, PathBuf)> = vec![(
        "promtext (command)".to_owned(),
        Vec::new(),
        promtext.clone(),
    )];
    commands.push((
        "promtext --json > /dev/null".to_owned(),
        vec!["--json".to_owned()],
        promtext,
    ));
    for peer in PEERS {
        commands.push((peer.to_owned(), vec![peer.to_owned()], peer_cli.clone()));
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); commands.len()];
    for _ in 0..RUNS {
        for ((_, args, program), runs) in commands.iter().zip(&mut times) {
            runs.push(time_once(program, args, &input)?);
        }
    }
    let mut timed: Vec<Timed> = commands
        .iter()
        .zip(times)
        .map(|((name, _, _), mut runs)| {
            runs.sort_by(f64::total_cmp);
            Timed {
                name: name.clone(),
                median_s: runs.get(RUNS / 2).copied().unwrap_or(f64::NAN),
            }
        })
        .collect();
    timed.sort_by(|a, b| a.median_s.total_cmp(&b.median_s));
    let fastest_peer = timed
        .iter()
        .filter(|t| PEERS.contains(&t.name.as_str()))
        .map(|t| bytes / t.median_s)
        .fold(0.0, f64::max);
    let mut out = format!(
        "### Whole process (the command people run)\n\n{COPIES} renamed copies of \
         large-metrics ({:.1} MB) read from a file; wall time of the whole process, median of \
         {RUNS} alternating runs. The peers ship no command, so each runs in the smallest one \
         it could: read the file, parse it as its documentation shows, exit \
         (`bench/examples/peer_cli.rs`). `promtext` checks the input in one streaming pass; \
         `--json` also prints every sample.\n\n\
         | command | ms | MB/s | × fastest peer |\n|---|---:|---:|---:|\n",
        bytes / 1e6
    );
    for row in &timed {
        let speed = bytes / row.median_s / 1e6;
        out.push_str(&format!(
            "| {} | {:.0} | {speed:.0} | {:.1}× |\n",
            row.name,
            row.median_s * 1e3,
            bytes / row.median_s / fastest_peer
        ));
    }
    out.push('\n');
    Ok(out)
}

/// Seconds for one run of `program args input`, which must succeed.
fn time_once(program: &Path, args: &[String], input: &Path) -> Result<f64, String> {
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .arg(input)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!(
            "{} {args:?} failed on {} ({status})",
            program.display(),
            input.display()
        ));
    }
    Ok(seconds)
}

/// `target/bench-input/large-x8.txt`: the large sample `COPIES` times, each copy's metric
/// names prefixed (`c1_`, `c2_`, …) so that the families stay distinct.
fn large_input(target: &Path) -> Result<PathBuf, String> {
    let sample =
        root().join("../shared/testdata/samples/prometheus-common-pr510/large-metrics.txt");
    let text = std::fs::read_to_string(&sample)
        .map_err(|e| format!("the large sample is missing: {}: {e}", sample.display()))?;
    let mut out = String::with_capacity(text.len() * COPIES + 1024);
    for copy in 1..=COPIES {
        let prefix = format!("c{copy}_");
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# HELP ") {
                out.push_str("# HELP ");
                out.push_str(&prefix);
                out.push_str(rest);
            } else if let Some(rest) = line.strip_prefix("# TYPE ") {
                out.push_str("# TYPE ");
                out.push_str(&prefix);
                out.push_str(rest);
            } else if line.is_empty() || line.starts_with('#') {
                out.push_str(line);
            } else {
                out.push_str(&prefix);
                out.push_str(line);
            }
            out.push('\n');
        }
    }
    let dir = target.join("bench-input");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("large-x{COPIES}.txt"));
    std::fs::write(&path, out).map_err(|e| e.to_string())?;
    Ok(path)
}
