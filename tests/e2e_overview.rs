//! End to end: the overview board is the first thing the release-built app shows after a
//! poll of the relay's demo, in headless Chromium. Every family has a panel, each panel's
//! large value is what the family's federate answer gives (sums, summed rates, quantiles;
//! worked out here from the answers, independently of the app), its chart is drawn, and a
//! click on its title charts the family.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeMap;

use fedview::model::units::Unit;
use support::{
    canvas_pixels, click, demo_families, js, screenshot, wait_for_text, Sampled, FIRST_LINE,
};

/// The demo's data, family by family.
type Families = BTreeMap<String, Vec<Sampled>>;

/// The `q` quantile of cumulative `(le, count)` buckets, as `histogram_quantile` gives it.
fn histogram_quantile(q: f64, mut buckets: Vec<(f64, f64)>) -> Option<f64> {
    buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
    let &(_, total) = buckets.last()?;
    if total <= 0.0 {
        return None;
    }
    let rank = q * total;
    let (mut below_le, mut below) = (0.0, 0.0);
    for (le, count) in buckets {
        if count >= rank {
            if le.is_infinite() {
                return Some(below_le);
            }
            return Some(below_le + (le - below_le) * (rank - below) / (count - below));
        }
        (below_le, below) = (le, count);
    }
    None
}

/// The per-second increase of each series of `name` between two answers, by its labels.
fn rates(before: &[Sampled], after: &[Sampled], name: &str) -> Vec<(Vec<(String, String)>, f64)> {
    after
        .iter()
        .filter(|s| s.name == name)
        .filter_map(|now| {
            let then = before
                .iter()
                .find(|b| b.name == now.name && b.labels == now.labels)?;
            let seconds = (now.timestamp_ms? - then.timestamp_ms?) as f64 / 1000.0;
            let increase = if now.value >= then.value {
                now.value - then.value
            } else {
                now.value
            };
            (seconds > 0.0).then(|| (now.labels.clone(), increase / seconds))
        })
        .collect()
}

/// The large value a family's panel shows after polls that saw `answers` (oldest first),
/// as the panel writes it, or `None` where it has no value yet.
fn expected_value(family: &str, answers: &[&Families]) -> Option<String> {
    let latest = answers.last()?.get(family)?;
    let unit = Unit::of(family, None);
    let previous = answers
        .len()
        .checked_sub(2)
        .and_then(|i| answers[i].get(family));
    if family.ends_with("_total") {
        let summed: f64 = rates(previous?, latest, family)
            .iter()
            .map(|(_, r)| r)
            .sum();
        return Some(unit.format(summed, true));
    }
    if latest.iter().any(|s| s.name.ends_with("_bucket")) {
        let mut by_le: BTreeMap<String, f64> = BTreeMap::new();
        for (labels, rate) in rates(previous?, latest, &format!("{family}_bucket")) {
            let le = labels.iter().find(|(n, _)| n == "le")?.1.clone();
            *by_le.entry(le).or_default() += rate;
        }
        let buckets = by_le
            .into_iter()
            .map(|(le, rate)| {
                (
                    if le == "+Inf" {
                        f64::INFINITY
                    } else {
                        le.parse().expect("a bucket bound")
                    },
                    rate,
                )
            })
            .collect();
        return histogram_quantile(0.99, buckets).map(|v| unit.format(v, false));
    }
    if latest.iter().any(|s| s.label("quantile").is_some()) {
        let p99: Vec<f64> = latest
            .iter()
            .filter(|s| s.label("quantile") == Some("0.99"))
            .map(|s| s.value)
            .collect();
        return Some(unit.format(p99.iter().sum::<f64>() / p99.len() as f64, false));
    }
    // A gauge: summed when it has more than five series and a sum means something, else
    // its highest series.
    let values = latest.iter().map(|s| s.value);
    let value = if latest.len() > 5 && unit == Unit::None {
        values.sum()
    } else {
        values.fold(f64::NEG_INFINITY, f64::max)
    };
    Some(unit.format(value, false))
}

/// Each panel on the board: its family, large value and what that value is.
async fn panels(client: &fantoccini::Client) -> BTreeMap<String, (String, String)> {
    let found = js(
        client,
        "return [...document.querySelectorAll('#overview .overview-panel')].map(p => [\
            p.dataset.family,\
            p.querySelector('.overview-value').textContent,\
            p.querySelector('.overview-what').textContent]);",
    )
    .await;
    found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let text = |i: usize| p.get(i).and_then(|v| v.as_str()).map(str::to_owned);
            Some((text(0)?, (text(1)?, text(2)?)))
        })
        .collect()
}

/// Waits until every panel shows what one of the ways the polls could have read the
/// demo gives (each poll read the answer fetched here just before it or just after it).
async fn wait_for_values(client: &fantoccini::Client, ways: &[Vec<&Families>], what: &str) {
    let deadline = std::time::Instant::now() + support::PATIENCE;
    loop {
        let shown = panels(client).await;
        let fits = |answers: &Vec<&Families>| {
            let latest = answers.last().expect("an answer");
            shown.len() == latest.len()
                && latest.keys().all(|family| {
                    let value = shown.get(family).map(|(v, _)| v.clone());
                    value == Some(expected_value(family, answers).unwrap_or_else(|| "–".into()))
                })
        };
        if ways.iter().any(fits) {
            return;
        }
        let wanted: Vec<BTreeMap<&String, Option<String>>> = ways
            .iter()
            .map(|answers| {
                answers
                    .last()
                    .expect("an answer")
                    .keys()
                    .map(|f| (f, expected_value(f, answers)))
                    .collect()
            })
            .collect();
        assert!(
            std::time::Instant::now() < deadline,
            "{what}: the board shows {shown:#?}, wanted one of {wanted:#?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_overview_shows_every_family_at_a_glance_and_opens_its_chart() {
    let Some(app) = support::DemoApp::open(&[], 1280, 1000).await else {
        return;
    };
    app.connect().await;
    let (relay, client) = (&app.relay, &app.client);
    assert_eq!(
        js(
            client,
            "return document.querySelector('#tab-overview').getAttribute('aria-selected');"
        )
        .await,
        "true",
        "the overview is the first view"
    );

    let first_before = demo_families(relay);
    click(client, "#fetch-now").await;
    wait_for_text(client, "#fetch-status", "a first poll", |t| {
        t.contains(", 1 poll (")
    })
    .await;
    let first_after = demo_families(relay);
    wait_for_values(
        client,
        &[vec![&first_before], vec![&first_after]],
        "after one poll",
    )
    .await;
    let shown = panels(client).await;
    for (family, (_, what)) in &shown {
        if family.ends_with("_total") || family == "diameter_request_duration_seconds" {
            assert_eq!(what, "a rate needs two polls", "{family}");
        }
    }

    // The demo scrapes every 15 s: a second poll 16 s later has moved every counter.
    tokio::time::sleep(std::time::Duration::from_secs(16)).await;
    let second_before = demo_families(relay);
    click(client, "#fetch-now").await;
    wait_for_text(client, "#fetch-status", "a second poll", |t| {
        t.contains(", 2 polls (")
    })
    .await;
    let second_after = demo_families(relay);
    let mut ways = Vec::new();
    for first in [&first_before, &first_after] {
        for second in [&second_before, &second_after] {
            ways.push(vec![first, second]);
        }
    }
    wait_for_values(client, &ways, "after two polls").await;
    let shown = panels(client).await;
    assert_eq!(
        shown
            .get("diameter_request_duration_seconds")
            .map(|(_, w)| w.as_str()),
        Some("p99")
    );
    assert_eq!(
        shown.get("sip_responses_total").map(|(_, w)| w.as_str()),
        Some("rate")
    );

    // The summed rate is drawn in the first colour of the palette.
    let canvas = js(
        client,
        "return document.querySelector(\".overview-panel[data-family='sip_responses_total'] canvas[data-drawn]\")?.id ?? '';",
    )
    .await;
    let canvas = canvas.as_str().unwrap_or_default().to_owned();
    assert!(!canvas.is_empty(), "the panel's chart is drawn");
    let pixels = canvas_pixels(client, &canvas, Some(FIRST_LINE), true, 30).await;
    assert!(
        pixels > 10,
        "the rate is on the panel's chart: {pixels} pixels"
    );
    screenshot(client, "overview").await;

    // A click on a panel's title charts its family.
    click(
        client,
        ".overview-panel[data-family='sip_responses_total'] .overview-open",
    )
    .await;
    wait_for_text(client, "#chart-title", "the chart", |t| {
        t == "sip_responses_total"
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_thousand_families_go_on_the_page_a_screenful_at_a_time() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let fixture = data.join("samples/node_exporter/collector/fixtures/e2e-output.txt");
    if !fedview_testkit::require(&fixture, "node_exporter's fixture") {
        return;
    }
    let text = std::fs::read_to_string(&fixture).expect("readable");
    let Some(app) = support::DemoApp::open(&[], 1280, 900).await else {
        return;
    };
    let client = &app.client;
    let literal = serde_json::to_string(&text).expect("a string");
    js(
        client,
        &format!(
            "document.getElementById('dump-text').value = {literal};
             document.getElementById('open-pasted').click();"
        ),
    )
    .await;
    let counts = || async {
        js(
            client,
            "const o = document.getElementById('overview');
             return [Number(o?.dataset.families ?? 0),
                     document.querySelectorAll('#overview .overview-panel').length,
                     document.querySelectorAll('#overview canvas[data-drawn]').length];",
        )
        .await
    };
    let deadline = std::time::Instant::now() + support::PATIENCE;
    let first = loop {
        let now = counts().await;
        if now[0].as_u64().unwrap_or_default() > 1000 && now[2].as_u64().unwrap_or_default() > 0 {
            break now;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the overview of the fixture: {now}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    // Over a thousand families: the first screenful is on the page, and only the panels
    // near the view have drawn their charts.
    assert_eq!(first[1], 48, "{first}");
    assert!(first[2].as_u64().unwrap_or(99) < 48, "{first}");
    // Scrolling to the end of the list puts the next ones on the page.
    js(
        client,
        "document.querySelector('.overview-more').scrollIntoView();",
    )
    .await;
    let deadline = std::time::Instant::now() + support::PATIENCE;
    loop {
        let now = counts().await;
        if now[1].as_u64().unwrap_or_default() >= 96 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "more panels after scrolling: {now}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_overview_shows_the_hour_before_the_first_poll() {
    let Some(app) = support::DemoApp::open(&[], 1280, 1000).await else {
        return;
    };
    app.connect().await;
    let client = &app.client;
    click(client, "#fetch-now").await;
    wait_for_text(client, "#fetch-status", "a first poll", |t| {
        t.contains(", 1 poll (")
    })
    .await;
    // One poll cannot give a rate, yet the counter's panel draws the last hour of it from
    // the upstream's history, while its large value waits for a second poll.
    let panel = ".overview-panel[data-family='sip_responses_total']";
    let hour_back = format!(
        "const p = document.querySelector(\"{panel}\");\
         return p && p.dataset.from ? Date.now() - Number(p.dataset.from) : 0;"
    );
    let deadline = std::time::Instant::now() + support::PATIENCE;
    loop {
        let back = js(client, &hour_back).await.as_f64().unwrap_or(0.0);
        if back >= 55.0 * 60_000.0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the counter's panel starts {back} ms back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let canvas = js(
        client,
        &format!("return document.querySelector(\"{panel} canvas[data-drawn]\")?.id ?? '';"),
    )
    .await;
    let canvas = canvas.as_str().unwrap_or_default().to_owned();
    assert!(
        !canvas.is_empty(),
        "the counter's chart is drawn after one poll"
    );
    let pixels = canvas_pixels(client, &canvas, Some(FIRST_LINE), true, 30).await;
    assert!(
        pixels > 10,
        "the rate's history is on the chart: {pixels} pixels"
    );
    let what = js(
        client,
        &format!("return document.querySelector(\"{panel} .overview-what\").textContent;"),
    )
    .await;
    assert_eq!(what, "a rate needs two polls");

    // Each family's history is asked for once, not again on the next poll.
    click(client, "#fetch-now").await;
    wait_for_text(client, "#fetch-status", "a second poll", |t| {
        t.contains(", 2 polls (")
    })
    .await;
    let asked = app
        .upstream_requests()
        .iter()
        .filter(|r| r.contains("/api/v1/query_range?") && r.contains("sip_responses_total"))
        .count();
    assert_eq!(asked, 1, "{:?}", app.upstream_requests());
}
