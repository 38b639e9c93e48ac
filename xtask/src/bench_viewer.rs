//! The viewer benchmark, in headless Chromium: ingest and drawing (wasm-bindgen-test in
//! `bench/`), the size of the first load as the relay sends it, the time from navigation to a
//! usable form (a `performance.mark` the first screen sets once its form works), and from a new
//! user's click on "Check health" to a connection (the app loading after that click), through
//! the release relay serving `dist/` on loopback.

use std::time::Duration;

use fedview_testkit::{wait_until, ChromeDriver};

use crate::{
    build, first_load,
    report::{machine, today},
    wasm_bench,
    webdriver::{demo_relay, demo_relay_logged, logged_latency_ms, Session, CONNECT_DEMO},
};

pub(crate) fn run() -> Result<String, String> {
    build::app_release()?;
    build::relay_release()?;
    let speed = wasm_speed()?;
    let messages = messages_table(&wasm_bench::run("worker_messages")?);
    let first = first_load::measure()?;
    let load = load_time(false)?;
    let cold = load_time(true)?;
    let connect = connect_time()?;
    let history = history_end_to_end()?;
    let (click, total) = connect;
    let mut out = format!(
        "## Viewer in headless Chromium\n\n{} · {} · `cargo xtask bench viewer` (Debian's \
         Chromium, headless; release build with wasm-opt)\n\n\
         | what | measured | target |\n|---|---:|---:|\n",
        today(),
        machine()
    );
    for (what, ms) in speed
        .iter()
        .filter(|(group, _, _)| group == "viewer")
        .map(|(_, w, m)| (w, m))
    {
        let target = if what.starts_with("draw") {
            "≤ 25 ms"
        } else {
            "≤ 50 ms"
        };
        out.push_str(&format!("| {what} | {ms:.1} ms | {target} |\n"));
    }
    out.push_str(&format!(
        "| first load before connecting, as Chromium asked for it, brotli ({}) | {:.0} KB | ≤ 300 KB |\n",
        first.names(),
        first.bytes() as f64 / 1000.0,
    ));
    out.push_str(&format!(
        "| navigation to interactive form, localhost, cached (median of 5) | {load:.0} ms | |\n\
         | the same, cold: a new browser profile each time, nothing cached (median of 5) | {cold:.0} ms | ≤ 250 ms |\n\
         | cold, a new user's click on \"Check health\" to \"Connected to demo\": the app's code loads after the click (median of 5) | {click:.0} ms | |\n\
         | cold, navigation to \"Connected to demo\", the form filled by script at once (median of 5) | {total:.0} ms | |\n\n\
         Ingest and drawing are medians of repeated runs in one page, timed with \
         `performance.now()`; drawing includes decimating to the canvas width.\n"
    ));
    out.push_str(
        "\n### Beyond a snapshot: history and cardinality\n\n\
         | what | measured |\n|---|---:|\n",
    );
    for (_, what, ms) in speed.iter().filter(|(group, _, _)| group == "beyond") {
        out.push_str(&format!("| {what} | {ms:.1} ms |\n"));
    }
    out.push_str(&format!(
        "| history 24 h end to end in the app: pick the range → chart drawn, {} series of \
         the demo through the release relay, {} s step at the chart's width in a 1280-pixel \
         window (median of 5) | {:.0} ms |\n\
         | of which the `query_range` request (relay + demo upstream computing the rates; the latency the relay logs, since the worker makes the request) | \
         {:.0} ms |\n",
        history.series, history.step_s, history.total_ms, history.request_ms
    ));
    out.push_str(
        "\nMedians of repeated runs in one page. History: the `query_range` answer for \
         `rate(...)` over 24 h at a 90 s step (961 points per series, one per pixel of a \
         960-pixel plot) is read from Prometheus's JSON, joined to the polled points and drawn; \
         the network is not included there; the end-to-end row is the real path in the app. Cardinality: series per \
         metric, per label and per label pair over one poll of the sample.\n",
    );
    out.push_str(&messages);
    Ok(out)
}

/// The encodings of the worker's messages side by side (`bench/tests/worker_messages.rs`).
fn messages_table(rows: &[Vec<String>]) -> String {
    let mut codecs: Vec<&str> = Vec::new();
    for row in rows {
        if let Some(name) = row.get(1).filter(|_| row[0] == "messages") {
            if !codecs.contains(&name.as_str()) {
                codecs.push(name);
            }
        }
    }
    let cell = |group: &str, codec: &str, what: Option<&str>| {
        rows.iter()
            .find(|r| {
                r[0] == group
                    && r.get(1).map(String::as_str) == Some(codec)
                    && what.is_none_or(|w| r.get(2).map(String::as_str) == Some(w))
            })
            .and_then(|r| r.get(3).cloned())
            .unwrap_or_default()
    };
    let mut out = String::from(
        "\n### The worker's messages, per encoding\n\n\
         A board of 125 panels answered (3 lines of 780 points each), carried from the \
         store's worker to the page (`bench/tests/worker_messages.rs`; medians of 7):\n\n\
         | encoding | encode, in the worker | `postMessage`'s copy | decode, on the page | bytes | the same answers back |\n\
         |---|---:|---:|---:|---:|---|\n",
    );
    for codec in codecs {
        out.push_str(&format!(
            "| {codec} | {} ms | {} ms | {} ms | {} | {} |\n",
            cell("messages", codec, Some("encode, in the worker")),
            cell("messages", codec, Some("postMessage's copy")),
            cell("messages", codec, Some("decode, on the page")),
            cell("bytes", codec, None),
            if cell("exact", codec, None) == "true" {
                "yes"
            } else {
                "no"
            },
        ));
    }
    out
}

/// `(group, what, milliseconds)` for every figure the wasm benchmark printed.
fn wasm_speed() -> Result<Vec<(String, String, f64)>, String> {
    Ok(wasm_bench::run("viewer_speed")?
        .into_iter()
        .filter_map(|row| match row.as_slice() {
            [group, what, ms] => Some((group.clone(), what.clone(), ms.parse().ok()?)),
            _ => None,
        })
        .collect())
}

/// Median time from navigation start to the first screen's `fedview-interactive` mark (its
/// form usable): in one browser (its cache warm after the first), or `cold`, in a new
/// browser with a new profile each time (nothing cached).
fn load_time(cold: bool) -> Result<f64, String> {
    let relay = demo_relay();
    let driver = ChromeDriver::start();
    let mut warm = None;
    let mut times = Vec::new();
    for _ in 0..5 {
        let fresh;
        let session = if cold {
            fresh = Session::start(&driver)?;
            &fresh
        } else {
            if warm.is_none() {
                warm = Some(Session::start(&driver)?);
            }
            warm.as_ref().ok_or("no session")?
        };
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

/// Medians, cold (a new browser profile each time), of the time from the click on "Check
/// health" in the first screen to the header strip saying "Connected to demo", and from
/// navigation to the same: the path of a new user, whose page loads the app's code only
/// when they act.
fn connect_time() -> Result<(f64, f64), String> {
    let relay = demo_relay();
    let driver = ChromeDriver::start();
    let (mut clicks, mut totals) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let session = Session::start(&driver)?;
        session.open(&relay.origin())?;
        session.wait_for(
            "the form to be usable",
            20,
            "performance.getEntriesByName('fedview-interactive').length > 0",
        );
        session.script(CONNECT_DEMO)?;
        session.script(
            "const clicked = performance.now();\
             const look = () => {\
               const strip = document.getElementById('status-strip');\
               if (strip && strip.textContent.includes('Connected to demo')) {\
                 window.fedviewConnected = [performance.now() - clicked, performance.now()];\
               } else setTimeout(look, 5);\
             };\
             document.getElementById('check-health').click();\
             look();",
        )?;
        let times = wait_until("the connection", Duration::from_secs(30), || {
            let times = session
                .script("return window.fedviewConnected ?? null;")
                .ok()?;
            Some((times[0].as_f64()?, times[1].as_f64()?))
        });
        clicks.push(times.0);
        totals.push(times.1);
    }
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    Ok((median(clicks), median(totals)))
}

/// The end-to-end history figure.
#[derive(Debug)]
struct HistoryLoad {
    series: u64,
    step_s: u64,
    total_ms: f64,
    request_ms: f64,
}

/// In the app on the demo upstream (about 100 series of `sip_responses_total`): the time
/// from picking "last 24h" to the `fedview-history-drawn` mark, and the request's share.
fn history_end_to_end() -> Result<HistoryLoad, String> {
    // The worker makes the request, out of the page's resource timings: the relay's own log
    // gives its latency.
    let relay = demo_relay_logged(&["--demo-series", "900"]);
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    session.open(&format!("{}/#metric=sip_responses_total", relay.origin()))?;
    session.wait_for_app();
    session.script(CONNECT_DEMO)?;
    std::thread::sleep(Duration::from_millis(300));
    session.script("document.getElementById('fetch-now').click();")?;
    session.wait_for(
        "a first poll",
        20,
        "document.getElementById('fetch-status').textContent.includes(', 1 poll (')",
    );
    let mut totals = Vec::new();
    let mut requests = Vec::new();
    let mut series = 0;
    let mut step = 0;
    for _ in 0..5 {
        // Back to polled data only (a separate render), then the 24 h range from scratch.
        session.script(
            "const s = document.getElementById('history-range');
             s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true}));",
        )?;
        session.wait_for(
            "polled data only",
            10,
            "document.getElementById('history-status').textContent.startsWith('Showing polled')",
        );
        session.script(
            "performance.clearMarks('fedview-history-drawn');
             performance.clearResourceTimings();
             window.fedviewT0 = performance.now();
             const s = document.getElementById('history-range');
             s.value = '24h'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        )?;
        let (total, count, step_s) = wait_until("history drawn", Duration::from_secs(60), || {
            let row = session
                .script(
                    "const m = performance.getEntriesByName('fedview-history-drawn')[0];
                     const status = document.getElementById('history-status').textContent;
                     const n = /([0-9]+) s step, ([0-9]+) series/.exec(status);
                     return m && n ? [m.startTime - window.fedviewT0, Number(n[2]), Number(n[1])] : null;",
                )
                .ok()?;
            Some((row[0].as_f64()?, row[1].as_u64()?, row[2].as_u64()?))
        });
        let request = logged_latency_ms(&relay, "query_range").unwrap_or(f64::NAN);
        totals.push(total);
        requests.push(request);
        series = count;
        step = step_s;
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    Ok(HistoryLoad {
        series,
        step_s: step,
        total_ms: median(totals),
        request_ms: median(requests),
    })
}
