//! Boards on the path a user takes, in headless Chromium against the release relay's demo:
//! the overview painted after a poll's answer (the default demo and 5,000 series), and a
//! board of 20 history panels redrawn over the last 24 hours.

use std::time::Duration;

use fedview_testkit::{wait_until, ChromeDriver};

use crate::{
    build,
    report::{machine, today},
    webdriver::{
        connect_script, demo_relay_logged, demo_relay_with, most_in_flight, node_exporter_stack,
        Session, BOARD_ANSWERED, CONNECT_DEMO,
    },
};

/// Runs of each measurement; the median is reported.
const RUNS: usize = 3;

/// What the overview measured at one size.
struct Overview {
    series: usize,
    families: u64,
    first_ms: Vec<f64>,
    later_ms: Vec<f64>,
}

pub(crate) fn run() -> Result<String, String> {
    build::app_release()?;
    build::relay_release()?;
    let mut overviews = Vec::new();
    for series in [500, 5_000] {
        overviews.push(overview(series)?);
    }
    let wide = wide_overview()?;
    let (board, most) = board_of_twenty()?;
    let (full, full_panels) = node_exporter_full()?;
    let mut out = format!(
        "## Boards in headless Chromium\n\n{} · {} · `cargo xtask bench boards` (Debian's \
         Chromium, headless, 1280×2400 so that every overview panel is in view; release \
         app and relay, the relay's demo upstream; medians of {RUNS})\n\n\
         | what | measured | target |\n|---|---:|---:|\n",
        today(),
        machine()
    );
    for o in &overviews {
        out.push_str(&format!(
            "| overview, {} series ({} families): poll answered → every panel painted, first poll | {:.0} ms | ≤ 300 ms |\n\
             | overview, {} series: the same, a later poll (every panel redrawn) | {:.0} ms | ≤ 300 ms |\n",
            o.series,
            o.families,
            median(&o.first_ms),
            o.series,
            median(&o.later_ms)
        ));
    }
    out.push_str(&format!(
        "| overview of node_exporter's fixture ({} families, {} series), opened as a dump in a 1280×900 window: dump read → the panels in view painted ({} of {} drawn; the rest draw as they scroll into view) | {:.0} ms | ≤ 300 ms |\n\
         | the same: longest main-thread task from opening the dump to the painted panels (long tasks are those over 50 ms; 0: none) | {:.0} ms | ≤ 50 ms |\n",
        wide.families,
        wide.series,
        wide.drawn,
        wide.families,
        median(&wide.painted_ms),
        wide.longest_task_ms,
    ));
    out.push_str(&format!(
        "| board of 20 history panels: range set to 24 h → all 20 drawn | {:.0} ms | ≤ 1,500 ms |\n\
         | the same: most `query_range` requests in flight at once, from the relay's log (opening the board and changing its range, every run) | {most} | ≤ 6 |\n\
         | Node Exporter Full (grafana.com 1860) against Debian's Prometheus scraping this machine's `prometheus-node-exporter`, 1600×1200: every row unfolded at once → all {full_panels} panels answered and drawn | {:.0} ms | ≤ 1,000 ms |\n\
         | the same: longest main-thread task meanwhile (long tasks are those over 50 ms; 0: none; runs: {}) | {:.0} ms | ≤ 50 ms |\n\n\
         \"Poll answered\" is the page's `fedview-polled` mark, set when the worker's answer \
         arrives; \"painted\" the last `fedview-overview-panel-drawn` mark after it, when as \
         many panels have drawn as the board has charts. The worker works out the board \
         between the two. The 20-panel board is a Grafana dashboard pasted into the import \
         box; its panels are `rate(…[$__rate_interval])` and selectors of the demo's \
         families, which the demo upstream computes itself for every step. Node Exporter \
         Full is imported as it is published, its variables resolved, then a script clicks \
         every folded row's toggle; the time runs until no panel says \"Loading…\" (each \
         then shows its chart, values, rows, or \"No data\") and every chart's canvas has \
         painted.\n",
        median(&board),
        median(&full.iter().map(|r| r.0).collect::<Vec<_>>()),
        full.iter()
            .map(|r| format!("{:.0}", r.1))
            .collect::<Vec<_>>()
            .join(", "),
        full.iter().map(|r| r.1).fold(0.0, f64::max)
    ));
    Ok(out)
}

/// In the page: unfolds every row at once, then records when no panel is loading and every
/// panel is on the page, as `window.fedviewSettled` (ms after the unfolding).
const UNFOLD_AND_TIME: &str = "
    window.fedviewSettled = null;
    const tasks = [];
    new PerformanceObserver(list => { for (const e of list.getEntries())
        tasks.push([e.startTime, e.duration]); }).observe({type: 'longtask'});
    // The board's last change, seen as it happens (a mutation observer costs the page
    // next to nothing); the check below runs only every 50 ms, so that the measuring does
    // not load the main thread it measures.
    let changed = performance.now();
    new MutationObserver(() => { changed = performance.now(); })
        .observe(document.getElementById('boards'), { subtree: true, childList: true, characterData: true, attributes: true });
    const t0 = performance.now();
    for (const b of document.querySelectorAll('#boards .row-toggle[aria-expanded=\"false\"]')) b.click();
    const timer = setInterval(() => {
      const panels = document.querySelectorAll('#boards .board-panel');
      const loading = [...panels].some(p => p.textContent.includes('Loading…'));
      const unpainted = document.querySelectorAll('#boards canvas.board-plot:not([data-drawn])').length;
      if (panels.length >= window.fedviewWant && !loading && unpainted === 0) {
        const painted = performance.getEntriesByName('fedview-board-panel-drawn').map(m => m.startTime);
        const done = Math.max(changed, ...painted);
        const longest = Math.max(0, ...tasks.filter(t => t[0] + t[1] >= t0 && t[0] <= done).map(t => t[1]));
        window.fedviewSettled = [done - t0, longest];
        clearInterval(timer);
      }
    }, 50);";

/// `FEDVIEW_PROFILE=FILE cargo xtask bench`: Node Exporter Full alone, its first run
/// profiled (see `profile.rs`).
pub(crate) fn profile_node_exporter_full() -> Result<(), String> {
    build::app_release()?;
    build::relay_release()?;
    let (runs, _) = node_exporter_full()?;
    println!("Node Exporter Full: {runs:?} (ms, longest task)");
    Ok(())
}

/// Node Exporter Full against a real Prometheus scraping this machine's node exporter:
/// the time from unfolding every row to every panel answered and drawn and the longest
/// main-thread task meanwhile (0: none over 50 ms), per run, and how many panels that is.
fn node_exporter_full() -> Result<(Vec<(f64, f64)>, usize), String> {
    let path = crate::command::root()
        .join("../shared/testdata/dashboards/community/node-exporter-full.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let panels = count_panels(&json["panels"]);
    let (_exporter, prometheus, relay) = if crate::profile::wanted().is_some() {
        crate::webdriver::node_exporter_stack_logged()
    } else {
        node_exporter_stack()
    };
    let mut runs = Vec::new();
    for run in 0..RUNS {
        let driver = ChromeDriver::start();
        let session = Session::start(&driver)?;
        session.resize(1600, 1200)?;
        session.open(&relay.origin())?;
        session.wait_for_app();
        session.script(&connect_script(&prometheus))?;
        std::thread::sleep(Duration::from_millis(300));
        session.script("document.getElementById('tab-boards').click();")?;
        std::thread::sleep(Duration::from_millis(300));
        session.import_dashboard(&text)?;
        // Its variables resolve and the first section answers before the rows unfold.
        session.wait_for("Node Exporter Full's first section", 60, BOARD_ANSWERED);
        let profile = crate::profile::wanted().filter(|_| run == 0);
        if profile.is_some() {
            crate::profile::start(&session)?;
        }
        let unfolded = std::time::SystemTime::now();
        session.script(&format!("window.fedviewWant = {panels};{UNFOLD_AND_TIME}"))?;
        runs.push(wait_until(
            "every panel of Node Exporter Full drawn",
            Duration::from_secs(120),
            || {
                let settled = session.script("return window.fedviewSettled;").ok()?;
                Some((settled.get(0)?.as_f64()?, settled.get(1)?.as_f64()?))
            },
        ));
        if let Some(file) = &profile {
            crate::profile::stop(&session, file)?;
            println!(
                "the relay's last answer to a query came {:?} ms after the unfolding",
                crate::webdriver::last_answer_after(&relay, unfolded)
            );
            // The relay's log beside the profile: each request's time at the upstream.
            let log = format!("{file}.relay.log");
            std::fs::write(&log, relay.log()).map_err(|e| format!("{log}: {e}"))?;
        }
    }
    Ok((runs, panels))
}

/// The panels of a dashboard's `panels` list, rows' own panels included, rows not.
fn count_panels(panels: &serde_json::Value) -> usize {
    panels.as_array().map_or(0, |list| {
        list.iter()
            .map(|p| {
                if p["type"] == "row" {
                    count_panels(&p["panels"])
                } else {
                    1
                }
            })
            .sum()
    })
}

/// What the overview of a many-family exposition measured.
struct Wide {
    families: u64,
    series: u64,
    drawn: u64,
    painted_ms: Vec<f64>,
    longest_task_ms: f64,
}

/// node_exporter's end-to-end fixture: a real exposition with over a thousand families.
fn wide_fixture() -> Result<String, String> {
    let path = crate::command::root()
        .join("../shared/testdata/samples/node_exporter/collector/fixtures/e2e-output.txt");
    std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Long tasks since `window.fedviewT0`, recorded by a `PerformanceObserver`.
const RECORD_TASKS: &str = "
    window.fedviewTasks = [];
    new PerformanceObserver(list => { for (const e of list.getEntries())
        window.fedviewTasks.push([e.startTime, e.duration]); })
        .observe({type: 'longtask', buffered: false});";

/// Once the drawn marks after the dump's have stopped coming for a second: how long after
/// the dump they ended, and how many there were.
const SETTLED: &str = "
    const opened = performance.getEntriesByName('fedview-dump-opened').pop();
    if (!opened) return null;
    const drawn = performance.getEntriesByName('fedview-overview-panel-drawn')
        .filter(m => m.startTime >= opened.startTime);
    if (drawn.length === 0) return null;
    const last = drawn[drawn.length - 1].startTime;
    if (performance.now() - last < 1000) return null;
    const tasks = window.fedviewTasks.filter(t => t[0] + t[1] >= window.fedviewT0 && t[0] <= last)
        .map(t => t[1]);
    return [last - opened.startTime, drawn.length, Math.max(0, ...tasks)];";

fn wide_overview() -> Result<Wide, String> {
    let text = serde_json::to_string(&wide_fixture()?).map_err(|e| e.to_string())?;
    let mut painted_ms = Vec::new();
    let mut longest_task_ms: f64 = 0.0;
    let (mut families, mut series, mut drawn) = (0, 0, 0);
    for _ in 0..RUNS {
        let relay = demo_relay_with(&[]);
        let driver = ChromeDriver::start();
        let session = Session::start(&driver)?;
        session.resize(1280, 900)?;
        session.open(&relay.origin())?;
        session.wait_for_app();
        session.script(RECORD_TASKS)?;
        session.script(&format!(
            "document.getElementById('dump-text').value = {text};
             window.fedviewT0 = performance.now();
             document.getElementById('open-pasted').click();"
        ))?;
        let settled = wait_until("the overview painted", Duration::from_secs(60), || {
            session.script(SETTLED).ok()?.as_array().cloned()
        });
        painted_ms.push(settled.first().and_then(|v| v.as_f64()).unwrap_or(f64::NAN));
        drawn = settled.get(1).and_then(|v| v.as_u64()).unwrap_or_default();
        longest_task_ms =
            longest_task_ms.max(settled.get(2).and_then(|v| v.as_f64()).unwrap_or_default());
        families = session
            .script("return Number(document.getElementById('overview').dataset.families);")?
            .as_u64()
            .unwrap_or_default();
        series = session
            .script(
                "const m = (document.getElementById('dump-status')?.textContent ?? '').match(/([0-9]+) series/);
                 return m ? Number(m[1]) : 0;",
            )?
            .as_u64()
            .unwrap_or_default();
    }
    Ok(Wide {
        families,
        series,
        drawn,
        painted_ms,
        longest_task_ms,
    })
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

fn open_demo(series: usize) -> Result<(fedview_testkit::Relay, ChromeDriver, Session), String> {
    let count = series.to_string();
    open_on(demo_relay_with(&["--demo-series", &count]))
}

/// Like [`open_demo`], with the relay logging every request (see [`most_in_flight`]).
fn open_demo_logged(
    series: usize,
) -> Result<(fedview_testkit::Relay, ChromeDriver, Session), String> {
    let count = series.to_string();
    open_on(demo_relay_logged(&["--demo-series", &count]))
}

fn open_on(
    relay: fedview_testkit::Relay,
) -> Result<(fedview_testkit::Relay, ChromeDriver, Session), String> {
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    session.resize(1280, 2400)?;
    session.open(&relay.origin())?;
    session.wait_for_app();
    session.script(CONNECT_DEMO)?;
    std::thread::sleep(Duration::from_millis(300));
    Ok((relay, driver, session))
}

/// Time from the latest `fedview-polled` mark to the last panel drawn after it, once as many
/// panels have drawn as there are charts on the board.
const PAINTED: &str = "
    const polled = performance.getEntriesByName('fedview-polled').pop();
    if (!polled) return null;
    const drawn = performance.getEntriesByName('fedview-overview-panel-drawn')
        .filter(m => m.startTime >= polled.startTime);
    const charts = document.querySelectorAll('#overview canvas.overview-plot').length;
    if (charts === 0 || drawn.length < charts) return null;
    return drawn[drawn.length - 1].startTime - polled.startTime;";

fn overview(series: usize) -> Result<Overview, String> {
    let mut first_ms = Vec::new();
    let mut later_ms = Vec::new();
    let mut families = 0;
    for _ in 0..RUNS {
        let (_relay, _driver, session) = open_demo(series)?;
        for poll in 1..=2 {
            if poll == 2 {
                // The demo scrapes every 15 s: a poll 16 s later moves every series.
                std::thread::sleep(Duration::from_secs(16));
            }
            session.script(
                "performance.clearMarks('fedview-overview-panel-drawn');
                 performance.clearMarks('fedview-polled');
                 document.getElementById('fetch-now').click();",
            )?;
            let ms = wait_until("the overview painted", Duration::from_secs(60), || {
                session.script(PAINTED).ok()?.as_f64()
            });
            if poll == 1 {
                first_ms.push(ms);
            } else {
                later_ms.push(ms);
            }
        }
        families = session
            .script("return Number(document.getElementById('overview').dataset.families);")?
            .as_u64()
            .unwrap_or_default();
    }
    Ok(Overview {
        series,
        families,
        first_ms,
        later_ms,
    })
}

/// A Grafana dashboard of 20 panels on the demo's families, two to a line.
fn twenty_panels() -> String {
    let counters = [
        "sip_responses_total",
        "data_bytes_total",
        "sms_messages_total",
        "voice_calls_total",
    ];
    let filters = [
        "",
        "{region=\\\"oslo\\\"}",
        "{region=\\\"bergen\\\"}",
        "{region=\\\"trondheim\\\"}",
    ];
    let mut exprs: Vec<String> = Vec::new();
    for counter in counters {
        for filter in filters {
            exprs.push(format!("rate({counter}{filter}[$__rate_interval])"));
        }
    }
    for gauge in ["mobile_subscribers_attached", "up"] {
        for filter in ["", "{region=\\\"oslo\\\"}"] {
            exprs.push(format!("{gauge}{filter}"));
        }
    }
    let panels: Vec<String> = exprs
        .iter()
        .enumerate()
        .map(|(i, expr)| {
            format!(
                "{{\"type\": \"timeseries\", \"title\": \"Panel {i}\", \
                 \"gridPos\": {{\"x\": {}, \"y\": {}, \"w\": 12, \"h\": 8}}, \
                 \"targets\": [{{\"expr\": \"{expr}\"}}]}}",
                (i % 2) * 12,
                (i / 2) * 8
            )
        })
        .collect();
    format!(
        "{{\"title\": \"Twenty\", \"panels\": [{}]}}",
        panels.join(",")
    )
}

/// Drawn marks of board panels since `window.fedviewT0`, when there are 20.
const TWENTY_DRAWN: &str = "
    const drawn = performance.getEntriesByName('fedview-board-panel-drawn')
        .filter(m => m.startTime >= window.fedviewT0);
    return drawn.length >= 20 && document.querySelectorAll('#boards canvas[data-drawn]').length >= 20
        ? drawn[drawn.length - 1].startTime - window.fedviewT0 : null;";

fn board_of_twenty() -> Result<(Vec<f64>, usize), String> {
    let mut runs = Vec::new();
    let mut most = 0;
    for _ in 0..RUNS {
        let (relay, _driver, session) = open_demo_logged(500)?;
        let dashboard = serde_json::to_string(&twenty_panels()).map_err(|e| e.to_string())?;
        session.script("document.getElementById('tab-boards').click();")?;
        std::thread::sleep(Duration::from_millis(300));
        session.script(&format!(
            "document.getElementById('dashboard-json').value = {dashboard};
             window.fedviewT0 = performance.now();
             document.getElementById('dashboard-import').click();"
        ))?;
        // The board opens on the last 6 hours: let that finish first.
        wait_until("the 6-hour board drawn", Duration::from_secs(120), || {
            session.script(TWENTY_DRAWN).ok()?.as_f64()
        });
        session.script(
            "const s = document.getElementById('board-range'); s.value = '24h';
             window.fedviewT0 = performance.now();
             s.dispatchEvent(new Event('change', {bubbles: true}));",
        )?;
        runs.push(wait_until(
            "the 24-hour board drawn",
            Duration::from_secs(120),
            || session.script(TWENTY_DRAWN).ok()?.as_f64(),
        ));
        most = most.max(most_in_flight(&relay, "/api/v1/query_range"));
    }
    Ok((runs, most))
}
