//! The viewer benchmark, in headless Chromium: ingest and drawing (wasm-bindgen-test in
//! `bench/`), the gzipped size of the first load, and the time from navigation to an
//! interactive form (a `performance.mark` the app sets after its first render), through
//! the release relay serving `dist/` on loopback.

use std::{process::Command, time::Duration};

use fedview_testkit::{http, wait_until, ChromeDriver, Relay};

use crate::{
    build,
    command::{self, cmd, root},
    report::{machine, today},
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
    let mut test = cmd(
        "cargo",
        &[
            "test",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "viewer_speed",
            "--",
            "--nocapture",
        ],
    );
    test.env("CARGO_TARGET_DIR", root().join("target"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .current_dir(root().join("bench"));
    println!(
        "$ (in bench/) cargo test --release --target wasm32-unknown-unknown --test viewer_speed"
    );
    let output = test
        .output()
        .map_err(|e| format!("cannot run the viewer benchmark: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("the viewer benchmark failed:\n{text}"));
    }
    let mut rows: Vec<(String, f64)> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("WASMBENCH viewer\t"))
        .filter_map(|l| {
            let (what, ms) = l.split_once('\t')?;
            Some((what.to_owned(), ms.parse().ok()?))
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.dedup_by(|a, b| a.0 == b.0);
    Ok(rows)
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
    let binary = root().join("target/release/fedview-relay");
    let dist = root().join("dist");
    let relay = Relay::start_at(
        &binary,
        "http://127.0.0.1:9",
        &["--demo", "--static", &dist.to_string_lossy()],
        &[],
    );
    let driver = ChromeDriver::start();
    let capabilities =
        serde_json::json!({ "capabilities": { "alwaysMatch": driver.capabilities() } });
    let session = webdriver(driver.port, "POST", "/session", &capabilities)?;
    let id = session["value"]["sessionId"]
        .as_str()
        .ok_or("no WebDriver session")?
        .to_owned();
    let mut times = Vec::new();
    for _ in 0..5 {
        webdriver(
            driver.port,
            "POST",
            &format!("/session/{id}/url"),
            &serde_json::json!({ "url": relay.origin() }),
        )?;
        let script = serde_json::json!({
            "script": "const m = performance.getEntriesByName('fedview-interactive')[0]; return m ? m.startTime : null;",
            "args": [],
        });
        let ms = wait_until(
            "the app to become interactive",
            Duration::from_secs(20),
            || {
                webdriver(
                    driver.port,
                    "POST",
                    &format!("/session/{id}/execute/sync"),
                    &script,
                )
                .ok()?["value"]
                    .as_f64()
            },
        );
        times.push(ms);
    }
    let _ = webdriver(
        driver.port,
        "DELETE",
        &format!("/session/{id}"),
        &serde_json::json!({}),
    );
    times.sort_by(f64::total_cmp);
    times
        .get(times.len() / 2)
        .copied()
        .ok_or_else(|| "no load measured".to_owned())
}

fn webdriver(
    port: u16,
    method: &str,
    path: &str,
    body: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    let body = body.to_string();
    let answer = http::raw(
        port,
        &format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .ok_or("chromedriver did not answer")?;
    serde_json::from_str(answer.body.trim()).map_err(|e| format!("{e}: {}", answer.body))
}
