//! End to end for a wall display: the release-built app, live, on the relay's demo with
//! pods replaced at every scrape, in headless Chromium. Series that left are forgotten
//! once the history kept (one minute here, from the link) is over, and the metric list
//! counts only the series the upstream has now. What to expect is read from the demo's own
//! federate answer.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use support::{click, demo_families, text_of, wait_for_the_app};

/// Pods replaced at each of the demo's scrapes (every 15 s), of about 36.
const CHURN: &str = "5";

/// The numbers after "… that left kept, N forgotten." in the fetch status, if any.
fn left_and_forgotten(status: &str) -> Option<(usize, usize)> {
    let (before, _) = status.split_once(" that left kept, ")?;
    let left = before.rsplit(' ').next()?.parse().ok()?;
    let forgotten = status
        .split(" that left kept, ")
        .nth(1)?
        .split(' ')
        .next()?
        .parse()
        .ok()?;
    Some((left, forgotten))
}

#[tokio::test(flavor = "current_thread")]
async fn series_that_left_are_forgotten_and_the_list_counts_what_is_live() {
    let flags = ["--demo-series", "2000", "--demo-churn", CHURN];
    let Some(app) = support::DemoApp::open(&flags, 1280, 900).await else {
        return;
    };
    let client = app.client.clone();
    // A link that keeps one minute of history, polled every 5 s.
    client
        .goto(&format!("{}/#every=5&keep=1", app.relay.origin()))
        .await
        .expect("open the link");
    client.refresh().await.expect("reload with the link");
    wait_for_the_app(&client).await;
    let kept = support::js(
        &client,
        "return document.getElementById('history').selectedOptions[0].textContent;",
    )
    .await;
    assert_eq!(kept, "1 minute of history", "the link's history is chosen");
    app.connect().await;
    click(&client, "#fetch-now").await;
    click(&client, "#live").await;

    // The upstream has one `up` series per pod, whatever pods are up now.
    let pods = demo_families(&app.relay).get("up").map_or(0, Vec::len);
    assert!(pods > 30, "{pods} pods in the demo");

    let deadline = Instant::now() + Duration::from_secs(150);
    let mut seen = Vec::new();
    let (left, forgotten) = loop {
        let status = text_of(&client, "#fetch-status").await;
        let up = text_of(&client, "#metric-list button[data-name='up'] .count").await;
        seen.push(format!("{up} · {status}"));
        // Live series only: the pods replaced so far do not add to the count.
        if !up.is_empty() {
            assert_eq!(up, format!("{pods} series"), "{seen:#?}");
        }
        if let Some((left, forgotten)) = left_and_forgotten(&status) {
            if forgotten > 0 {
                break (left, forgotten);
            }
        }
        assert!(
            Instant::now() < deadline,
            "no series was forgotten after 150 s: {seen:#?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    // A minute of departures is kept (5 pods of 57 series per 15 s scrape: about 1,400,
    // with a scrape's worth either side), not everything that ever left.
    assert!(
        left <= 7 * 5 * 57,
        "{left} series that left are kept, {forgotten} forgotten"
    );
    assert!(forgotten >= 57, "at least a pod's series: {forgotten}");
}
