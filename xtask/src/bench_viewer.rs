//! The viewer benchmark, in headless Chromium: ingest and drawing (wasm-bindgen-test in
//! `bench/`), the gzipped size of the first load, and the time from navigation to an
//! interactive form (a `performance.mark` the app sets after its first render), through
//! the release relay serving `dist/` on loopback.

use std::{process::Command, time::Duration};

use fedview_testkit::{wait_until, ChromeDriver};

use crate::{
    build,
    command::{self, cmd, root},
    report::{machine, today},
    wasm_bench,
    webdriver::{demo_relay, Session},
};

pub(crate) fn run() -> Result<String, String> {
    build::app_release()?;
    command::run(&mut cmd(
        "cargo",
        &["build", "--release", "--package", "fedview-relay"],
    ))?;
    let speed = wasm_speed()?;
    let (transfer, files) = transfer_size()?;
    let load = load_time()?;
    let mut out = format!(
        "## Viewer in headless Chromium\n\n{} · {} · `cargo xtask bench viewer` (Debian's \
         Chromium, headless; release build with wasm-opt)\n\n\
         | what | measured | target |\n|---|---:|---:|\n",
        today(),
        machine()
    );
    for (what, ms) in &speed {
        let target = if what.starts_with("draw") {
            "≤ 25 ms"
        } else {
            "≤ 50 ms"
        };
        out.push_str(&format!("| {what} | {ms:.1} ms | {target} |\n"));
    }
    out.push_str(&format!(
        "| first load, gzipped ({files}) | {:.0} KB | ≤ 350 KB |\n",
        transfer as f64 / 1000.0
    ));
    out.push_str(&format!(
        "| navigation to interactive form, localhost (median of 5) | {load:.0} ms | ≤ 300 ms |\n\n\
         Ingest and drawing are medians of repeated runs in one page, timed with \
         `performance.now()`; drawing includes decimating to the canvas width.\n"
    ));
    Ok(out)
}

fn wasm_speed() -> Result<Vec<(String, f64)>, String> {
    Ok(wasm_bench::run("viewer_speed")?
        .into_iter()
        .filter_map(|row| match row.as_slice() {
            [group, what, ms] if group == "viewer" => Some((what.clone(), ms.parse().ok()?)),
            _ => None,
        })
        .collect())
}

/// Gzipped bytes of everything the first load fetches: HTML, JS, wasm, CSS, icon.
fn transfer_size() -> Result<(u64, String), String> {
    let dist = root().join("dist");
    let mut total = 0u64;
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dist)
        .map_err(|e| format!("no dist/: {e}"))?
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let output = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .map_err(|e| format!("cannot run gzip: {e}"))?;
        total += output.stdout.len() as u64;
        if let Some(ext) = path.extension() {
            names.push(ext.to_string_lossy().into_owned());
        }
    }
    names.sort();
    names.dedup();
    Ok((total, names.join(", ")))
}

/// Median time from navigation start to the app's `fedview-interactive` mark.
fn load_time() -> Result<f64, String> {
    let relay = demo_relay();
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    let mut times = Vec::new();
    for _ in 0..5 {
        session.open(&relay.origin())?;
        let ms = wait_until(
            "the app to become interactive",
            Duration::from_secs(20),
            || {
                session
                .script("const m = performance.getEntriesByName('fedview-interactive')[0]; return m ? m.startTime : null;")
                .ok()?
                .as_f64()
            },
        );
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    times
        .get(times.len() / 2)
        .copied()
        .ok_or_else(|| "no load measured".to_owned())
}
