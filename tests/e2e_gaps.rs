//! End to end: an outage between the app and the upstream (the relay frozen for two
//! minutes, while Debian's Prometheus goes on scraping), in headless Chromium. Once the
//! polls come back, the overview's panels show the outage's points, filled from the
//! upstream's `query_range`, instead of a line drawn across it.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use support::{click, js, open_link, wait_for_text, Stack};

/// How long the relay is frozen.
const OUTAGE: Duration = Duration::from_secs(120);

/// Sends `signal` (`STOP`, `CONT`) to process `pid`.
fn signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// `(family, longest gap in ms)` of every overview panel drawn from a summary the
/// upstream's history can give (a summed rate, a sum, quantiles: not its top series), in
/// the page's order.
async fn summary_panels(client: &fantoccini::Client) -> Vec<(String, f64)> {
    let found = js(
        client,
        "return [...document.querySelectorAll('.overview-panel[data-longest-gap-ms]')]
            .filter(p => !p.querySelector('.overview-about').textContent.includes('top series'))
            .map(p => [p.dataset.family, Number(p.dataset.longestGapMs)]);",
    )
    .await;
    found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|pair| Some((pair[0].as_str()?.to_owned(), pair[1].as_f64()?)))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn the_overview_shows_an_outages_points_filled_from_the_upstreams_history() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    let client = stack.client.clone();
    open_link(&client, &format!("{}/#every=5", stack.relay.origin())).await;
    stack.connect().await;
    click(&client, "#check-health").await;
    wait_for_text(&client, "#status-strip", "the header strip", |t| {
        t.contains("Connected to")
    })
    .await;
    click(&client, "#strip-live-toggle").await;

    // A few polls in, the overview's panels are up and have asked for their history.
    tokio::time::sleep(Duration::from_secs(20)).await;
    let before = summary_panels(&client).await;
    assert!(!before.is_empty(), "no summary panel in the overview");
    let (family, _) = before[0].clone();
    println!("watching {family}: {before:?}");

    // The outage: nothing the page asks reaches the upstream, which goes on scraping.
    signal(stack.relay.pid(), "STOP");
    tokio::time::sleep(OUTAGE).await;
    signal(stack.relay.pid(), "CONT");
    let resumed = Instant::now();

    // Once the polls are back, the gap is asked of the upstream and drawn: the panel's
    // longest stretch without a point is a column or two of its plot, not the outage.
    let gap_of = |panels: Vec<(String, f64)>| {
        panels
            .into_iter()
            .find(|(f, _)| *f == family)
            .map(|(_, gap)| gap)
    };
    let mut seen = Vec::new();
    loop {
        let gap = gap_of(summary_panels(&client).await);
        seen.push(gap);
        if gap.is_some_and(|g| g < 90_000.0) && resumed.elapsed() > Duration::from_secs(15) {
            break;
        }
        assert!(
            resumed.elapsed() < Duration::from_secs(60),
            "{family}'s longest gap after the outage: {seen:?} ms"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}
