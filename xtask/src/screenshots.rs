//! `cargo xtask screenshots`: the README's pictures, taken in headless Chromium from the
//! demo upstream (no real credentials anywhere): the overview, a board, the PromQL page,
//! the Alerts tab and the chart at a desktop size and the overview on a phone, each light and dark; and
//! Node Exporter Full (its first sections, then every row unfolded, whole) and
//! kube-prometheus's cluster board (whole), at 1600 px, against a local Prometheus
//! scraping this machine's node exporter (credentials made up for the run), to set beside
//! Grafana's pictures of the same boards.

use std::{thread::sleep, time::Duration};

use base64::Engine as _;
use fedview_testkit::ChromeDriver;

use crate::{
    build,
    command::root,
    webdriver::{
        connect_script, demo_relay, node_exporter_stack, Session, BOARD_ANSWERED, CONNECT_DEMO,
    },
};

pub(crate) fn run() -> Result<(), String> {
    build::app_release()?;
    build::relay_release()?;
    let relay = demo_relay();
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    // Tall enough for the chart and the heatmap under it.
    session.resize(1280, 1240)?;
    let view = format!(
        "{}/#metric=diameter_request_duration_seconds&label.application=gx&label.region=oslo&range=6h",
        relay.origin()
    );
    for theme in ["light", "dark"] {
        // A fresh load of the shared view, in the theme.
        session.open("about:blank")?;
        session.open(&view)?;
        session.wait_for_app();
        sleep(Duration::from_secs(1));
        session.theme(theme)?;
        session.script(CONNECT_DEMO)?;
        sleep(Duration::from_millis(300));
        session.script("document.getElementById('fetch-now').click();")?;
        // One poll, then six hours of history from the demo's query_range.
        session.wait_for(
            "the history",
            30,
            "document.getElementById('history-status').textContent.startsWith('History of')",
        );
        session.script("window.scrollTo(0, 0);")?;
        sleep(Duration::from_millis(500));
        let status =
            session.script("return document.getElementById('fetch-status').textContent;")?;
        println!("{theme}: {}", status.as_str().unwrap_or_default());
        save(&session, &format!("viewer-{theme}"))?;
    }
    for theme in ["light", "dark"] {
        connected_views(&session, &relay, theme)?;
    }
    node_exporter_full()
}

/// Saves what the browser shows as `docs/<name>.png`.
fn save(session: &Session, name: &str) -> Result<(), String> {
    let png = base64::engine::general_purpose::STANDARD
        .decode(session.screenshot()?)
        .map_err(|e| format!("bad screenshot: {e}"))?;
    let path = root().join("docs").join(format!("{name}.png"));
    std::fs::write(&path, png).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// A user's first minutes in `theme`: connect (the side panels fold into the strip), poll,
/// the overview, the demo board, a PromQL query; then the overview on a phone.
fn connected_views(
    session: &Session,
    relay: &fedview_testkit::Relay,
    theme: &str,
) -> Result<(), String> {
    let connect = |width: u32, height: u32| -> Result<(), String> {
        session.open("about:blank")?;
        session.viewport(width, height)?;
        session.open(&relay.origin())?;
        session.wait_for_app();
        session.theme(theme)?;
        session.script(CONNECT_DEMO)?;
        session.script("document.getElementById('check-health').click();")?;
        session.wait_for(
            "the header strip",
            20,
            "document.getElementById('strip-fetch') !== null",
        );
        session.script("document.getElementById('strip-fetch').click();")?;
        session.wait_for(
            "the overview drawn",
            30,
            "document.querySelectorAll('#overview canvas.overview-plot[data-drawn]').length >= 8",
        );
        sleep(Duration::from_millis(500));
        Ok(())
    };
    connect(1366, 900)?;
    save(session, &format!("overview-{theme}"))?;
    session.script("document.getElementById('open-demo-dashboard').click();")?;
    session.wait_for(
        "the demo board drawn",
        30,
        "document.querySelectorAll('#boards canvas[data-drawn]').length >= 4",
    );
    sleep(Duration::from_millis(500));
    save(session, &format!("board-{theme}"))?;
    session.script("document.getElementById('tab-query').click();")?;
    sleep(Duration::from_millis(300));
    session.send_keys("#promql", "sum by (region) (rate(sip_responses_total[5m]))")?;
    session
        .script("document.getElementById('promql-run').click(); document.activeElement.blur();")?;
    session.wait_for(
        "the query's answer",
        30,
        "(document.getElementById('query-status') || {textContent: ''}).textContent.includes('series')",
    );
    sleep(Duration::from_millis(500));
    save(session, &format!("query-{theme}"))?;
    // The Alerts tab with the demo's rules, one of them run over the last six hours.
    session.script("document.getElementById('tab-alerts').click();")?;
    session.wait_for(
        "the Alerts tab",
        10,
        "document.getElementById('rules-demo') !== null",
    );
    session.script("document.getElementById('rules-demo').click();")?;
    session.wait_for(
        "the demo rules watched",
        30,
        "document.querySelectorAll('details.rule').length >= 3
         && document.getElementById('strip-alerts') !== null",
    );
    session.script(
        "document.querySelector('details.rule[data-rule=\"DataTrafficHigh\"]').open = true;",
    )?;
    session.wait_for(
        "the rule opened",
        10,
        "document.querySelector('button.backtest-window[data-window=\"6 h\"]') !== null",
    );
    session.script(
        "document.querySelector('button.backtest-window[data-window=\"6 h\"]').click();
         document.activeElement.blur();",
    )?;
    session.wait_for(
        "the backtest",
        30,
        "document.querySelector('.backtest-summary') !== null",
    );
    sleep(Duration::from_millis(500));
    save(session, &format!("alerts-{theme}"))?;
    connect(390, 844)?;
    save(session, &format!("phone-{theme}"))
}

/// Node Exporter Full (grafana.com 1860), as a user imports it, against Debian's Prometheus
/// scraping this machine's `prometheus-node-exporter`: its first sections, full width; then
/// every row unfolded, the whole board. Then kube-prometheus's cluster board, whole (a
/// node exporter answers few of its queries, so it shows its layout, titles and "No data").
fn node_exporter_full() -> Result<(), String> {
    let board = |name: &str| -> Result<String, String> {
        let path = root().join("../shared/testdata/dashboards").join(name);
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let full = board("community/node-exporter-full.json")?;
    let cluster = board("community/kube-prometheus-k8s-resources-cluster.json")?;
    let (_exporter, prometheus, relay) = node_exporter_stack();
    // A minute of scrapes, so the charts have lines.
    sleep(Duration::from_secs(60));
    let driver = ChromeDriver::start();
    let session = Session::start(&driver)?;
    session.resize(1600, 1100)?;
    session.open(&relay.origin())?;
    session.wait_for_app();
    session.script(&connect_script(&prometheus))?;
    sleep(Duration::from_millis(300));
    // Healthy: the side panels fold into the header strip; the board has the width.
    session.script("document.getElementById('check-health').click();")?;
    session.wait_for(
        "the header strip",
        20,
        "document.getElementById('strip-fetch') !== null",
    );
    session.script("document.getElementById('tab-boards').click();")?;
    session.import_dashboard(&full)?;
    session.wait_for("Node Exporter Full drawn", 60, BOARD_ANSWERED);
    // Past the import box, to the board itself.
    session.script("document.querySelector('#boards .variables').scrollIntoView();")?;
    sleep(Duration::from_secs(1));
    save(&session, "node-exporter-full")?;
    session.script(
        "for (const b of document.querySelectorAll('#boards .row-toggle[aria-expanded=\"false\"]')) b.click();",
    )?;
    session.wait_for("every row of Node Exporter Full drawn", 120, BOARD_ANSWERED);
    save_whole(&session, "node-exporter-full-unfolded")?;
    session.resize(1600, 1100)?;
    session.import_dashboard(&cluster)?;
    session.wait_for("kube-prometheus's cluster board drawn", 60, BOARD_ANSWERED);
    save_whole(&session, "kube-prometheus-cluster")
}

/// Saves the whole page, top to bottom, at its width, as pages of 1600 × 3000 px
/// (`<name>-1.png`, `<name>-2.png`, …, at most eight), the page scrolled down each time,
/// so that each picture is a screen's worth to set beside Grafana's.
fn save_whole(session: &Session, name: &str) -> Result<(), String> {
    const PAGE: u64 = 3000;
    session.resize(1600, PAGE as u32 + 120)?;
    sleep(Duration::from_secs(2));
    let height = session
        .script("return document.documentElement.scrollHeight;")?
        .as_u64()
        .unwrap_or(PAGE);
    let pages = height.div_ceil(PAGE).clamp(1, 8);
    for page in 0..pages {
        session.script(&format!("window.scrollTo(0, {});", page * PAGE))?;
        sleep(Duration::from_secs(1));
        save(session, &format!("{name}-{}", page + 1))?;
    }
    Ok(())
}
