//! `cargo xtask fuzz [SECONDS]`: runs the promtext fuzz target with cargo-fuzz (libFuzzer),
//! seeded with every conformance input and sample from ../shared/testdata plus the
//! hand-written edge cases, for SECONDS (default 60).
//!
//! The seeds are copied into the git-ignored `fuzz/corpus/parse`, never committed. This
//! machine has only stable Rust, so cargo-fuzz runs with `RUSTC_BOOTSTRAP=1` and without a
//! sanitizer: libFuzzer's coverage guidance and panic detection still work.

use std::path::Path;

use crate::command::{self, cmd, first_line, root};

const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Inputs the suites do not have, as seeds.
const HAND_SEEDS: [&[u8]; 8] = [
    b"a 1\r\nb{c=\"d\"} 2\r\n",
    "\u{feff}a 1\n".as_bytes(),
    b"a{b=\"\xff\"} 1\n",
    b"a{b=\"c\\\\\"} 1\n",
    b":a{} 1\n",
    b"a {b=\"c\",} 1 1700000000000\n",
    b"# TYPE a counter\na_total 1 # {t=\"x\"} 0.5 1.5\n# EOF",
    b"",
];

pub(crate) fn run() -> Result<(), String> {
    let seconds: u64 = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    if first_line("cargo", &["fuzz", "--version"]).is_none_or(|v| !v.contains(CARGO_FUZZ_VERSION)) {
        println!("installing cargo-fuzz {CARGO_FUZZ_VERSION}");
        command::run(&mut cmd(
            "cargo",
            &[
                "install",
                "cargo-fuzz",
                "--version",
                CARGO_FUZZ_VERSION,
                "--locked",
            ],
        ))?;
    }
    let corpus = root().join("fuzz/corpus/parse");
    std::fs::create_dir_all(&corpus).map_err(|e| format!("cannot create the corpus: {e}"))?;
    let data = root().join("../shared/testdata");
    let mut seeds = 0;
    for dir in [
        "openmetrics/parsers",
        "prometheus-common-expfmt",
        "prometheus-textparse",
        "samples",
    ] {
        seeds += copy_seeds(&data.join(dir), &corpus, seeds)?;
    }
    for seed in HAND_SEEDS {
        std::fs::write(corpus.join(format!("hand-{seeds}")), seed).map_err(|e| e.to_string())?;
        seeds += 1;
    }
    println!("fuzzing promtext for {seconds} s from {seeds} seeds");
    let mut fuzz = cmd(
        "cargo",
        &[
            "fuzz",
            "run",
            "parse",
            "--sanitizer",
            "none",
            "--",
            &format!("-max_total_time={seconds}"),
            "-max_len=1048576",
        ],
    );
    fuzz.current_dir(root().join("fuzz"))
        .env("RUSTC_BOOTSTRAP", "1");
    command::run(&mut fuzz)
}

/// Copies every file under `dir` (but licences) into `corpus`; returns how many.
fn copy_seeds(dir: &Path, corpus: &Path, first: usize) -> Result<usize, String> {
    let mut copied = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Err(format!(
            "{} is missing: the fuzzer's seeds come from there",
            dir.display()
        ));
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            copied += copy_seeds(&path, corpus, first + copied)?;
        } else if path
            .file_name()
            .is_some_and(|n| n != "LICENSE" && n != "test.json")
        {
            std::fs::copy(&path, corpus.join(format!("seed-{}", first + copied)))
                .map_err(|e| e.to_string())?;
            copied += 1;
        }
    }
    Ok(copied)
}
