//! End to end at scale: the release-built app behind the relay's demo with 25,000 series,
//! in headless Chromium. The family with the most series (14,487) charts before its value
//! table is sorted, the table then scrolls to the last series, and the metric search
//! narrows the list while typing. What to expect is read from the demo's own federate
//! answer, parsed here.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;

use fedview_testkit::Relay;
use support::{
    canvas_pixels, click, demo_families, js, strings, type_into, wait_for_text, PATIENCE,
};

/// Series in the demo for this test.
const DEMO_SERIES: &str = "25000";

/// Every series of every family in the demo's federate answer, as the table writes them
/// (`name{label="value", ...}`), by family, sorted as the table sorts them by default.
fn demo_series(relay: &Relay) -> BTreeMap<String, Vec<String>> {
    demo_families(relay)
        .into_iter()
        .map(|(family, samples)| {
            let mut series: Vec<(String, Vec<(String, String)>)> =
                samples.into_iter().map(|s| (s.name, s.labels)).collect();
            series.sort();
            let texts = series
                .into_iter()
                .map(|(name, labels)| {
                    let labels: Vec<String> =
                        labels.iter().map(|(n, v)| format!("{n}=\"{v}\"")).collect();
                    format!("{name}{{{}}}", labels.join(", "))
                })
                .collect();
            (family, texts)
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn the_biggest_family_charts_and_its_table_scrolls_to_the_end() {
    let Some(app) = support::DemoApp::open(&["--demo-series", DEMO_SERIES], 1280, 800).await else {
        return;
    };
    let relay = &app.relay;
    let expected = demo_series(relay);
    let (family, series) = expected
        .iter()
        .max_by_key(|(_, series)| series.len())
        .expect("the demo has families");
    assert!(
        series.len() > 10_000,
        "{family} has {} series",
        series.len()
    );
    app.connect().await;
    let client = app.client.clone();
    click(&client, "#fetch-now").await;
    wait_for_text(&client, "#fetch-status", "a first poll", |t| {
        t.contains(", 1 poll (")
    })
    .await;

    // The search narrows the list as each letter arrives.
    let listed = || {
        strings(
            &client,
            "return [...document.querySelectorAll('#metric-list button.metric')].map(b => b.textContent.toLowerCase());",
        )
    };
    let everything = listed().await;
    assert_eq!(everything.len(), expected.len().min(200), "{everything:?}");
    let mut typed = String::new();
    let mut before = everything.len();
    for letter in "diameter_req".chars() {
        typed.push(letter);
        let field = client
            .find(fantoccini::Locator::Id("metric-search"))
            .await
            .expect("the search field");
        field
            .send_keys(&letter.to_string())
            .await
            .expect("type a letter");
        let want: usize = expected.keys().filter(|n| n.contains(&typed)).count();
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            let now = listed().await;
            // Every entry matches by name or help text; every name that matches is there.
            if now.len() >= want && now.iter().all(|n| n.contains(&typed)) {
                assert!(now.len() <= before);
                before = now.len();
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "after {typed:?} the list shows {now:?}, wanted the {want} names containing it, and only entries matching it"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    assert!(before < everything.len(), "the search narrowed the list");

    // The biggest family charts: a line on the canvas, and the legend says how many.
    type_into(&client, "metric-search", family).await;
    // The chart does not wait for the table: while the worker is still sorting the
    // family's series, the chart already shows the family and the table says it is busy.
    js(
        &client,
        "window.fedviewAhead = [];
         new MutationObserver(() => {
             const table = document.querySelector('section.panel.table');
             const title = document.getElementById('chart-title');
             if (table && title && table.getAttribute('aria-busy') === 'true')
                 window.fedviewAhead.push(title.textContent);
         }).observe(document.body, {subtree: true, childList: true, characterData: true,
             attributes: true, attributeFilter: ['aria-busy']});
         return 0;",
    )
    .await;
    click(&client, &format!("button.metric[data-name='{family}']")).await;
    wait_for_text(&client, "#chart-title", "the chart", |t| t == family).await;
    let count = wait_for_text(&client, "#legend-count", "the legend's count", |t| {
        t.starts_with("Top 10 of ")
    })
    .await;
    // After one poll each quantile is one point: a dot of radius 3 in its line's colour
    // (dots at the same place cover each other, so any of the ten colours counts).
    let mut pixels = 0;
    for colour in fedview::draw::chart::PALETTE {
        pixels += canvas_pixels(
            &client,
            "chart",
            Some([colour.0, colour.1, colour.2]),
            true,
            30,
        )
        .await;
    }
    assert!(
        pixels > 20,
        "the lines are drawn: {pixels} pixels ({count})"
    );

    // Its table lists every series, and scrolling to the end shows the last one.
    let total = series.len();
    wait_for_text(&client, "#value-count", "the table's count", |t| {
        t == format!("{total} series")
    })
    .await;
    let ahead = strings(&client, "return window.fedviewAhead;").await;
    assert!(
        ahead.iter().any(|title| title == family),
        "the chart showed {family} while the table was still busy: {ahead:?}"
    );
    let busy = js(
        &client,
        "return document.querySelector('section.panel.table').getAttribute('aria-busy');",
    )
    .await;
    assert_eq!(
        busy, "false",
        "the table is done once it counts every series"
    );
    js(
        &client,
        "const s = document.getElementById('value-scroll'); s.scrollTop = s.scrollHeight; return 0;",
    )
    .await;
    let last = series.last().expect("a last series");
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let rows = js(
            &client,
            "return [...document.querySelectorAll('#value-table tbody tr')]
                 .map(r => [r.getAttribute('aria-rowindex'), r.cells[0].textContent]);",
        )
        .await;
        let rows: Vec<(String, String)> = serde_json::from_value(rows).expect("rows");
        if let Some((index, text)) = rows.last() {
            if text == last {
                assert_eq!(index, &(total + 1).to_string(), "the last row's index");
                assert!(rows.len() <= 40, "{} rows in the page", rows.len());
                break;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "scrolled to the end, the table ends with {:?}, not {last}",
            rows.last()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
