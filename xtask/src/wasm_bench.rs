//! Running a wasm-bindgen benchmark test of `bench/` in headless Chromium and collecting the
//! `WASMBENCH` lines it prints.

use crate::command::{cmd, root};

/// Runs `bench/tests/<test>.rs` for wasm32 in release; returns each `WASMBENCH` line split
/// at its tabs, sorted, without repeats (the runner echoes its output).
pub(crate) fn run(test: &str) -> Result<Vec<Vec<String>>, String> {
    let mut command = cmd(
        "cargo",
        &[
            "test",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            test,
            "--",
            "--nocapture",
        ],
    );
    command
        .env("CARGO_TARGET_DIR", root().join("target"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .current_dir(root().join("bench"));
    println!("$ (in bench/) cargo test --release --target wasm32-unknown-unknown --test {test}");
    let output = command
        .output()
        .map_err(|e| format!("cannot run the {test} benchmark: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("the {test} benchmark failed:\n{text}"));
    }
    let mut rows: Vec<Vec<String>> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("WASMBENCH "))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    rows.sort();
    rows.dedup();
    Ok(rows)
}
