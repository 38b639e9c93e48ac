//! PromQL on the path a user takes: the demo upstream answering a day of
//! `sum by (region) (rate(…[5m]))` (beside Prometheus 2.42 answering the same query over the
//! same samples), and, in headless Chromium, the editor's check of a 2,000-character
//! expression and its completion with 10,000 metric names known from a real Prometheus.

use std::time::{Duration, Instant};

use fedview_demo::Demo;
use fedview_testkit::{
    http, prometheus::basic_authorization, scrape_target, wait_until, ChromeDriver, Prometheus,
    Relay,
};

use crate::{
    build,
    report::{machine, today},
    webdriver::{connect_script, demo_relay_with, release_relay_for, Session, CONNECT_DEMO},
};

/// Runs of each timing; the median is reported.
const RUNS: usize = 5;
/// The query every operator writes first.
const QUERY: &str = "sum by (region) (rate(sip_responses_total[5m]))";
/// The step the app asks for a day on a 900-pixel plot (`step_seconds`).
const APP_STEP_S: i64 = 96;
/// A day, in seconds.
const DAY_S: i64 = 86_400;

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Milliseconds for `GET path` on `port` (median of [`RUNS`]), checking it succeeded.
fn timed_get(port: u16, path: &str, auth: &str) -> Result<f64, String> {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let answer =
            http::get(port, path, &format!("Authorization: {auth}\r\n")).ok_or("no answer")?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if answer.status != 200 || !answer.body.contains("\"success\"") {
            return Err(format!("{path}: {} {}", answer.status, answer.body));
        }
    }
    Ok(median(&times))
}

fn range_path(prefix: &str, end_s: i64, step_s: i64) -> String {
    format!(
        "{prefix}/api/v1/query_range?query={}&start={}&end={end_s}&step={step_s}",
        encode(QUERY),
        end_s - DAY_S
    )
}

/// The demo's day of the query, at the app's step and at every scrape, for `series`.
fn demo_day(series: usize, end_s: i64) -> Result<(f64, f64), String> {
    let relay = demo_relay_with(&["--demo-series", &series.to_string()]);
    let auth = basic_authorization("demo", "demo");
    let prefix = "/metrics/v1/prometheus/demo";
    let app = timed_get(relay.port, &range_path(prefix, end_s, APP_STEP_S), &auth)?;
    let every = timed_get(relay.port, &range_path(prefix, end_s, 15), &auth)?;
    Ok((app, every))
}

/// Prometheus 2.42 answering the same day over the same samples (backfilled).
fn prometheus_day(end_s: i64) -> Result<(f64, f64), String> {
    let demo = Demo::new(500);
    let history = demo.federated_history(
        (end_s - DAY_S - 600) * 1000,
        end_s * 1000,
        Some("sip_responses_total"),
    );
    let prometheus = Prometheus::start_backfilled(&history);
    let auth = basic_authorization(&prometheus.client_id, &prometheus.secret);
    let prefix = prometheus.prefix();
    let app = timed_get(
        prometheus.port,
        &range_path(&prefix, end_s, APP_STEP_S),
        &auth,
    )?;
    let every = timed_get(prometheus.port, &range_path(&prefix, end_s, 15), &auth)?;
    Ok((app, every))
}

/// Opens the app behind `relay`, connected with `connect` (a script), on the query page.
fn query_page(relay: &Relay, connect: &str) -> Result<(ChromeDriver, Session), String> {
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    session.resize(1280, 1000)?;
    session.open(&relay.origin())?;
    session.wait_for_app();
    session.script(connect)?;
    session.script("document.getElementById('tab-query').click()")?;
    session.wait_for(
        "the editor",
        20,
        "document.getElementById('promql') !== null",
    );
    Ok((driver, session))
}

/// The worker's time to check a 2,000-character expression, over 20 edits; and its length.
fn lint_times() -> Result<(usize, Vec<f64>), String> {
    let relay = demo_relay_with(&[]);
    let (_driver, session) = query_page(&relay, CONNECT_DEMO)?;
    let mut text = String::from(QUERY);
    while text.len() < 2_000 {
        text.push_str(" + ");
        text.push_str(QUERY);
    }
    let mut times = Vec::new();
    let checks = "Number(document.querySelector('section.query').dataset.lints)";
    for i in 0..20 {
        let before = session
            .script(&format!("return {checks}"))?
            .as_u64()
            .unwrap_or(0);
        let edit = format!("{text}{}", " ".repeat(i + 1));
        let script = format!(
            "const a = document.getElementById('promql'); a.value = {};
             a.dispatchEvent(new InputEvent('input', {{bubbles: true}}));",
            serde_json::Value::from(edit.as_str())
        );
        session.script(&script)?;
        let ms = wait_until("the check", Duration::from_secs(20), || {
            let answered = session.script(&format!("return {checks}")).ok()?.as_u64()?;
            if answered <= before {
                return None;
            }
            session
                .script("return document.querySelector('section.query').dataset.lintMs")
                .ok()?
                .as_str()
                .and_then(|m| m.parse::<f64>().ok())
        });
        times.push(ms);
    }
    let error = session.script("return document.getElementById('promql-lint') !== null")?;
    if error.as_bool() == Some(true) {
        return Err("the 2,000-character expression should parse".to_owned());
    }
    Ok((text.len(), times))
}

/// An exposition of `count` metric names, one series each.
fn many_names(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!("# TYPE bench_metric_{i:05}_total counter\nbench_metric_{i:05}_total {i}\n")
        })
        .collect()
}

/// Keystroke → completion list updated, with 10,000 metric names from a real Prometheus.
fn completion_times() -> Result<(usize, Vec<f64>), String> {
    let target = scrape_target(&many_names(10_000));
    let job = format!(
        "  - job_name: names\n    static_configs:\n      - targets: ['127.0.0.1:{}']\n",
        target.port
    );
    let prometheus = Prometheus::start_with_scrapes(&job);
    let auth = basic_authorization(&prometheus.client_id, &prometheus.secret);
    let names_path = format!("{}/api/v1/label/__name__/values", prometheus.prefix());
    let known = wait_until("10,000 names scraped", Duration::from_secs(60), || {
        let answer = http::get(
            prometheus.port,
            &names_path,
            &format!("Authorization: {auth}\r\n"),
        )?;
        let json: serde_json::Value = serde_json::from_str(answer.body.trim()).ok()?;
        let count = json["data"].as_array()?.len();
        (count >= 10_000).then_some(count)
    });
    let relay = release_relay_for(&prometheus);
    let (_driver, session) = query_page(&relay, &connect_script(&prometheus))?;
    // The first letters open completion and fetch the names.
    session.send_keys("#promql", "bench_metric_0")?;
    session.wait_for(
        "the names",
        30,
        "document.querySelectorAll('#promql-suggestions li').length === 50",
    );
    session.script(
        "window.fedviewKeys = [];
         const area = document.getElementById('promql');
         const slot = area.closest('.promql-editor').querySelector('.completion-slot');
         area.addEventListener('keydown', () => { window.fedviewKeyAt = performance.now(); }, true);
         new MutationObserver(() => {
             if (window.fedviewKeyAt) {
                 window.fedviewKeys.push(performance.now() - window.fedviewKeyAt);
                 window.fedviewKeyAt = null;
             }
         }).observe(slot, {childList: true, subtree: true, characterData: true});",
    )?;
    // Each keystroke narrows the list (and a backspace widens it again).
    for key in [
        "1", "2", "\u{E003}", "3", "4", "\u{E003}", "\u{E003}", "5", "6", "7",
    ] {
        session.send_keys("#promql", key)?;
        std::thread::sleep(Duration::from_millis(150));
    }
    let times: Vec<f64> = session
        .script("return window.fedviewKeys")?
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default();
    if times.len() < 8 {
        return Err(format!(
            "the list changed on only {} keystrokes",
            times.len()
        ));
    }
    Ok((known, times))
}

pub(crate) fn run() -> Result<String, String> {
    build::app_release()?;
    build::relay_release()?;
    let now_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    // A day ending at a whole minute an hour ago: the same samples for every run.
    let end_s = now_s - now_s % 60 - 3_600;
    let (demo_app, demo_every) = demo_day(500, end_s)?;
    let (big_app, big_every) = demo_day(5_000, end_s)?;
    let (real_app, real_every) = prometheus_day(end_s)?;
    let (length, lint) = lint_times()?;
    let (known, keys) = completion_times()?;
    let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    Ok(format!(
        "## PromQL\n\n{} · {} · `cargo xtask bench promql` (release relay and app; the demo \
         upstream; Debian's Prometheus 2.42; Debian's Chromium, headless; medians of {RUNS} \
         for the HTTP timings)\n\n\
         | what | measured | target |\n|---|---:|---:|\n\
         | demo, default data set (500 series): 24 h of `{QUERY}` at the app's {APP_STEP_S} s step, request → whole answer | {demo_app:.0} ms | ≤ 200 ms |\n\
         | the same at a 15 s step (every scrape: 5,761 steps) | {demo_every:.0} ms | |\n\
         | Prometheus 2.42, the same query over the same samples (backfilled with promtool: `sip_responses_total` only), at {APP_STEP_S} s / 15 s | {real_app:.0} / {real_every:.0} ms | |\n\
         | demo ÷ Prometheus, at {APP_STEP_S} s / 15 s | {:.2} / {:.2} | |\n\
         | demo, 5,000 series: the same day at {APP_STEP_S} s / 15 s | {big_app:.0} / {big_every:.0} ms | ≤ 1,000 ms |\n\
         | editor: `promql-parser` checking a {}-character expression in the PromQL worker (median / max of the 19 edits after the first) | {:.2} / {:.2} ms | ≤ 5 ms |\n\
         | the same, the first check after the worker started (the parser's tables and regexes are built then) | {:.1} ms | |\n\
         | editor: keystroke → completion list updated, {known} metric names known from Prometheus (median / max of {} keystrokes) | {:.1} / {:.1} ms | ≤ 16 ms |\n\n\
         The check is timed inside the worker with its own `performance.now()` (shown on the \
         page as `data-lint-ms`); the round trip to the worker adds a message each way. The \
         keystroke is timed in the page from the `keydown` event to the completion list's DOM \
         change (a `MutationObserver`), with names from `api/v1/label/__name__/values` of a \
         real Prometheus scraping 10,000 metrics.\n",
        today(),
        machine(),
        demo_app / real_app,
        demo_every / real_every,
        length,
        median(lint.get(1..).unwrap_or_default()),
        max(lint.get(1..).unwrap_or_default()),
        lint.first().copied().unwrap_or(f64::NAN),
        keys.len(),
        median(&keys),
        max(&keys),
    ))
}
