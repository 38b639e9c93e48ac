//! `cargo xtask bench soak [--minutes N] [--series S] [--churn PODS] [--keep MINUTES]`: a
//! wall display left running. The release app, in kiosk mode, polls the relay's demo every
//! 5 s while the demo replaces `PODS` pods (57 series each) at every scrape (every 15 s):
//! on the overview for the first half of the run, then on a playlist of the demo board and
//! Node Exporter Full (whose node queries the demo leaves empty), 30 s each. Each minute it records the polls made and expected, the
//! renderer's memory (RSS of Chromium's renderer processes), the page's JS heap, the
//! store's own bytes, its live, held and forgotten series, and the longest main-thread
//! task; it writes the table to BENCHMARKS.md and a chart of memory against time to
//! `docs/soak-memory.svg`, drawn with the app's own chart code.
//!
//! Only run when named: it takes as long as it is told to.

use std::time::{Duration, Instant};

use fedview::{
    analysis::chart_line::ChartLine,
    draw::chart::{draw, Bounds, ChartSpec, LineStyle, Theme},
    model::units::Unit,
};
use fedview_testkit::ChromeDriver;
use plotters::prelude::*;

use crate::{
    build,
    command::root,
    report::{machine, today},
    webdriver::{demo_relay_with, Session, CONNECT_DEMO},
};

/// What the run is asked to do.
struct Soak {
    minutes: u64,
    series: usize,
    churn: usize,
    keep_minutes: u32,
}

/// One minute's record.
#[derive(Debug, Clone, Copy)]
struct Minute {
    minute: u64,
    /// What the wall display showed: the overview, or the playlist of boards.
    playlist: bool,
    polls: u64,
    expected: u64,
    renderer_bytes: u64,
    heap_bytes: u64,
    store_bytes: u64,
    live: u64,
    held: u64,
    forgotten: u64,
    longest_task_ms: f64,
}

/// The poll interval the soak runs at (the app's shortest).
const POLL_S: u64 = 5;

/// Counts the page's polls and keeps the latest store figures and the longest task, as
/// the marks come (the app clears its own marks now and then, so they are watched, not
/// read back).
const WATCH: &str = "
    window.soak = { polls: 0, store: null, longest: 0 };
    new PerformanceObserver((list) => {
        for (const mark of list.getEntries()) {
            if (mark.name === 'fedview-polled') window.soak.polls += 1;
            else if (mark.name.startsWith('fedview-store-')) window.soak.store = mark.name;
        }
    }).observe({ type: 'mark' });
    new PerformanceObserver((list) => {
        for (const task of list.getEntries())
            window.soak.longest = Math.max(window.soak.longest, task.duration);
    }).observe({ type: 'longtask' });
    return true;";

/// The minute's figures from the page; the longest task is counted afresh each minute.
const READ: &str = "
    const s = window.soak;
    const out = [s.polls, performance.memory ? performance.memory.usedJSHeapSize : 0,
                 s.store || '', s.longest];
    s.longest = 0;
    return out;";

pub(crate) fn run(args: &[String]) -> Result<String, String> {
    let soak = parse(args)?;
    build::app_release()?;
    build::relay_release()?;
    let series = soak.series.to_string();
    let churn = soak.churn.to_string();
    let relay = demo_relay_with(&["--demo-series", &series, "--demo-churn", &churn]);
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    session.viewport(1366, 900)?;
    session.open(&format!(
        "{}/#every={POLL_S}&keep={}",
        relay.origin(),
        soak.keep_minutes
    ))?;
    session.wait_for_app();
    session.script(CONNECT_DEMO)?;
    session.script("document.getElementById('check-health').click();")?;
    session.wait_for(
        "the header strip",
        30,
        "document.getElementById('enter-kiosk') !== null",
    );
    session.script(WATCH)?;
    session.script("document.getElementById('enter-kiosk').click();")?;
    let started = Instant::now();
    let mut minutes = Vec::new();
    let mut playlist = false;
    for minute in 1..=soak.minutes {
        if !playlist && minute > soak.minutes / 2 {
            play_boards(&session)?;
            playlist = true;
        }
        let due = started + Duration::from_secs(minute * 60);
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        let read = session.script(READ)?;
        let store: Vec<u64> = read[2]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("fedview-store-")
            .split('-')
            .filter_map(|n| n.parse().ok())
            .collect();
        let record = Minute {
            minute,
            playlist,
            polls: read[0].as_u64().unwrap_or(0),
            // Polls started by now: one more than those answered while a poll is in flight.
            expected: started.elapsed().as_secs() / POLL_S + 1,
            renderer_bytes: driver.renderers_resident_kib().iter().sum::<u64>() * 1024,
            heap_bytes: read[1].as_u64().unwrap_or(0),
            live: store.first().copied().unwrap_or(0),
            held: store.get(1).copied().unwrap_or(0),
            forgotten: store.get(2).copied().unwrap_or(0),
            store_bytes: store.get(3).copied().unwrap_or(0),
            longest_task_ms: read[3].as_f64().unwrap_or(0.0),
        };
        println!("{record:?}");
        minutes.push(record);
    }
    let svg = root().join("docs/soak-memory.svg");
    std::fs::write(&svg, chart(&minutes)?).map_err(|e| format!("{}: {e}", svg.display()))?;
    Ok(report(&soak, &minutes))
}

/// Leaves kiosk mode, opens the demo board and imports Node Exporter Full, and plays the
/// two as a playlist, 30 s each, in kiosk mode.
fn play_boards(session: &Session) -> Result<(), String> {
    let path = root().join("../shared/testdata/dashboards/community/node-exporter-full.json");
    let full = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let step = |script: &str| -> Result<(), String> {
        session.script(script)?;
        std::thread::sleep(Duration::from_millis(500));
        Ok(())
    };
    step("document.getElementById('exit-kiosk').click();")?;
    step("document.getElementById('tab-boards').click();")?;
    step("document.getElementById('open-demo-dashboard').click();")?;
    session.import_dashboard(&full)?;
    std::thread::sleep(Duration::from_millis(500));
    step("document.querySelector('#playlist summary').click();")?;
    // The overview is ticked by default; the two boards are the next choices.
    for stop in 0..3 {
        step(&format!(
            "document.getElementById('playlist-stop-{stop}').click();"
        ))?;
    }
    step(
        "const s = document.getElementById('playlist-seconds'); s.value = '30';
         s.dispatchEvent(new Event('change', {bubbles: true}));",
    )?;
    step("document.getElementById('playlist-play').click();")?;
    session.wait_for(
        "the playlist in kiosk mode",
        30,
        "document.getElementById('kiosk-view') !== null && location.hash.includes('play=')",
    );
    Ok(())
}

/// `--minutes N --series S --churn PODS --keep MINUTES`, each optional.
fn parse(args: &[String]) -> Result<Soak, String> {
    let mut soak = Soak {
        minutes: 20,
        series: 25_000,
        churn: 53,
        keep_minutes: 10,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{flag} wants a number"))
        };
        match flag.as_str() {
            "--minutes" => soak.minutes = value()?,
            "--series" => soak.series = value()? as usize,
            "--churn" => soak.churn = value()? as usize,
            "--keep" => soak.keep_minutes = value()? as u32,
            other => return Err(format!("bench soak: unknown flag {other:?}")),
        }
    }
    Ok(soak)
}

/// Memory against time, as an SVG drawn by the app's own chart code.
fn chart(minutes: &[Minute]) -> Result<String, String> {
    let line = |label: &str, color: usize, value: fn(&Minute) -> u64| ChartLine {
        label: label.to_owned(),
        points: minutes
            .iter()
            .map(|m| (m.minute as i64 * 60_000, value(m) as f64))
            .collect(),
        color,
        dashed: false,
    };
    let spec = ChartSpec {
        unit: Unit::Bytes,
        rate: false,
        start: 0,
        end: minutes.last().map_or(60_000, |m| m.minute as i64 * 60_000),
        utc_offset_minutes: 0,
        lines: vec![
            line("renderer RSS", 0, |m| m.renderer_bytes),
            line("JS heap", 1, |m| m.heap_bytes),
            line("store", 2, |m| m.store_bytes),
        ],
        styles: vec![LineStyle::default(); 3],
        grafana_unit: None,
        bounds: Bounds {
            soft_min: Some(0.0),
            ..Bounds::default()
        },
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (960, 360)).into_drawing_area();
        draw(&area, &spec, Theme::LIGHT)?;
    }
    Ok(svg)
}

fn report(soak: &Soak, minutes: &[Minute]) -> String {
    let mut out = format!(
        "## A wall display left running\n\n{} · {} · `cargo xtask bench soak --minutes {} \
         --series {} --churn {} --keep {}` (Debian's Chromium, headless, 1366×900; the \
         release app in kiosk mode, on the overview for the first half and then on a playlist of \
         the demo board and Node Exporter Full (30 s each), polling every {POLL_S} s through the \
         release relay's demo, which replaces {} pods of 57 series at each of its 15 s \
         scrapes; {} minutes of history kept)\n\n\
         ![memory against time](docs/soak-memory.svg)\n\n\
         Blue: the renderer's RSS; orange: the page's JS heap; green: the store's own bytes \
         (in its worker), against the time since the start.\n\n\
         | minute | showing | polls answered / started | renderer RSS | JS heap | store | live series | held | forgotten | longest task |\n\
         |---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        today(),
        machine(),
        soak.minutes,
        soak.series,
        soak.churn,
        soak.keep_minutes,
        soak.churn,
        soak.keep_minutes,
    );
    for m in minutes {
        out.push_str(&format!(
            "| {} | {} | {} / {} | {:.0} MB | {:.0} MB | {:.1} MB | {} | {} | {} | {:.0} ms |\n",
            m.minute,
            if m.playlist { "playlist" } else { "overview" },
            m.polls,
            m.expected,
            mb(m.renderer_bytes),
            mb(m.heap_bytes),
            mb(m.store_bytes),
            m.live,
            m.held,
            m.forgotten,
            m.longest_task_ms
        ));
    }
    out.push_str(&growth(minutes));
    out
}

/// Bytes as MB (10^6).
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// How the renderer's memory moved in each half once settled, the overview from its tenth
/// minute and the playlist from its third, each to its last: the two hold different views,
/// so one figure across both would measure the switch, not a leak.
fn growth(minutes: &[Minute]) -> String {
    let mut out = String::from("\n");
    for (view, playlist, settled) in [("the overview", false, 10), ("the playlist", true, 3)] {
        let half: Vec<&Minute> = minutes.iter().filter(|m| m.playlist == playlist).collect();
        if let (Some(from), Some(to)) = (half.get(settled - 1), half.last()) {
            out.push_str(&format!(
                "Renderer memory on {view}, minute {} to minute {}: {:+.0} MB.\n",
                from.minute,
                to.minute,
                mb(to.renderer_bytes) - mb(from.renderer_bytes)
            ));
        }
    }
    out.push_str("(Issue 34's goal, for the overview's 20-minute churn run: at most +30 MB after the first ten minutes.)\n");
    out
}
