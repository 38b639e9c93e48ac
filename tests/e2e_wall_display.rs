//! End to end for a wall display: the release-built app, live, on the relay's demo, in
//! headless Chromium.
//! - With pods replaced at every scrape, series that left are forgotten once the history
//!   kept (one minute here, from the link) is over, and the metric list counts only the
//!   series the upstream has now (read from the demo's own federate answer).
//! - When the store's worker is killed (`terminate()`), a new one takes over and the view
//!   is live again within two polls, with no reload.
//! - A board left open while polling is live is asked again every 30 s, and keeps its
//!   values on screen meanwhile.
//! - A playlist turns through the overview and boards in kiosk mode, and its link starts it
//!   again.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use support::{before_every_page, click, demo_families, js, open_link, text_of};

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
    open_link(&client, &format!("{}/#every=5&keep=1", app.relay.origin())).await;
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

/// Keeps every worker the page starts, with the URL it was started from, in
/// `window.fedviewWorkers`, so that a test can kill one as a crash would.
const RECORD_WORKERS: &str = "
    const Started = window.Worker;
    window.fedviewWorkers = [];
    window.Worker = class extends Started {
        constructor(url, options) {
            super(url, options);
            window.fedviewWorkers.push({ url: String(url), worker: this });
        }
    };";

#[tokio::test(flavor = "current_thread")]
async fn a_killed_store_worker_is_replaced_and_the_view_is_live_within_two_polls() {
    let Some(app) = support::DemoApp::open(&["--demo-series", "2000"], 1280, 900).await else {
        return;
    };
    let client = app.client.clone();
    before_every_page(&client, RECORD_WORKERS).await;
    open_link(&client, &format!("{}/#every=5", app.relay.origin())).await;
    app.connect_healthy().await;
    click(&client, "#strip-live-toggle").await;
    let polls_after = |ms: f64| {
        format!(
            "return performance.getEntriesByName('fedview-polled').filter(m => m.startTime > {ms}).length;"
        )
    };
    let wait_for_polls = |since: f64, what: &'static str| {
        let client = client.clone();
        let script = polls_after(since);
        async move {
            let deadline = Instant::now() + Duration::from_secs(30);
            while js(&client, &script).await.as_u64().unwrap_or(0) == 0 {
                assert!(Instant::now() < deadline, "no poll came back {what}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    wait_for_polls(0.0, "before the kill").await;
    let stores = js(
        &client,
        "return window.fedviewWorkers.filter(w => w.url.includes('store-worker')).length;",
    )
    .await;
    assert_eq!(stores, 1, "one store worker at first");

    // Killed, as a crash or the browser's out-of-memory handling would.
    let killed_at = js(
        &client,
        "window.fedviewWorkers.filter(w => w.url.includes('store-worker')).at(-1).worker.terminate();
         return performance.now();",
    )
    .await
    .as_f64()
    .expect("a time");
    wait_for_polls(killed_at, "after the kill").await;
    let back_after_ms = js(
        &client,
        &format!(
            "return performance.getEntriesByName('fedview-polled').find(m => m.startTime > {killed_at}).startTime - {killed_at};"
        ),
    )
    .await
    .as_f64()
    .expect("a time");
    println!("a live view again {back_after_ms:.0} ms after the worker was killed");
    // Two polls at 5 s.
    assert!(
        back_after_ms <= 10_000.0,
        "the first poll after the kill came back {back_after_ms:.0} ms later"
    );
    let stores = js(
        &client,
        "return window.fedviewWorkers.filter(w => w.url.includes('store-worker')).length;",
    )
    .await;
    assert_eq!(stores, 2, "a new store worker, in the same page");
    let notice = text_of(&client, "#strip-restarted").await;
    assert!(notice.contains("a new one took over"), "{notice:?}");
    // The overview is drawn again from the new worker's data.
    let deadline = Instant::now() + Duration::from_secs(10);
    let drawn = format!(
        "return performance.getEntriesByName('fedview-overview-panel-drawn').filter(m => m.startTime > {killed_at}).length;"
    );
    while js(&client, &drawn).await.as_u64().unwrap_or(0) == 0 {
        assert!(
            Instant::now() < deadline,
            "the overview was not drawn again"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The titles of the open board's panels that say "Loading…", or `null` before the
/// board has any panel.
const BOARD_LOADING: &str = "const panels = [...document.querySelectorAll('#boards .board-panel')];
    if (panels.length === 0) return null;
    return panels.filter(p => p.textContent.includes('Loading…'))
        .map(p => p.querySelector('h4')?.textContent ?? '?');";

#[tokio::test(flavor = "current_thread")]
async fn a_live_board_is_asked_again_every_30_seconds_and_keeps_its_values_meanwhile() {
    let Some(app) = support::DemoApp::open(&[], 1280, 900).await else {
        return;
    };
    let client = app.client.clone();
    open_link(&client, &format!("{}/#every=5", app.relay.origin())).await;
    app.connect_healthy().await;
    click(&client, "#strip-live-toggle").await;
    click(&client, "#tab-boards").await;
    // What the overview asked before is not the board's.
    let before_board = app.upstream_requests().len();
    click(&client, "#open-demo-dashboard").await;
    let loading = |client: fantoccini::Client| async move {
        js(&client, BOARD_LOADING).await.as_array().map(|titles| {
            titles
                .iter()
                .map(|t| t.as_str().unwrap_or("?").to_owned())
                .collect::<Vec<_>>()
        })
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while loading(client.clone())
        .await
        .is_none_or(|titles| !titles.is_empty())
    {
        assert!(
            Instant::now() < deadline,
            "the demo board never finished loading"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Each panel query as the upstream got it (its `query=` parameter), once each.
    let queries = |from: usize, to: usize| {
        let mut asked: Vec<String> = app
            .upstream_requests()
            .into_iter()
            .take(to)
            .skip(from)
            .filter(|r| r.contains("/api/v1/query"))
            .filter_map(|r| {
                let (_, params) = r.split_once('?')?;
                params
                    .split('&')
                    .find_map(|p| p.strip_prefix("query="))
                    .map(str::to_owned)
            })
            // The board's own queries (each filters by its `$region` variable): the
            // overview's history, asked meanwhile on a loaded machine, is not the board's.
            .filter(|q| {
                url::form_urlencoded::parse(format!("q={q}").as_bytes())
                    .any(|(_, v)| v.contains("region=~"))
            })
            .collect();
        asked.sort();
        asked.dedup();
        asked
    };
    let loaded = app.upstream_requests().len();
    let first = queries(before_board, loaded);
    assert!(!first.is_empty(), "the board asked nothing");
    // Left open for 40 s: the refresh comes 30 s after the board opened and asks every
    // query again, and no panel is blank meanwhile.
    let deadline = Instant::now() + Duration::from_secs(40);
    let mut blanked: Vec<String> = Vec::new();
    let missing = loop {
        for title in loading(client.clone()).await.unwrap_or_default() {
            if !blanked.contains(&title) {
                blanked.push(title);
            }
        }
        let again = queries(loaded, usize::MAX);
        let missing: Vec<String> = first
            .iter()
            .filter(|q| !again.contains(q))
            .cloned()
            .collect();
        if missing.is_empty() || Instant::now() > deadline {
            break missing;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        missing.is_empty(),
        "not asked again in the 40 s after the board loaded: {missing:?}"
    );
    assert!(
        blanked.is_empty(),
        "panels said \"Loading…\" while the board refreshed: {blanked:?}"
    );
}

/// Which view the page shows: `overview`, or `board:` and the open board's title.
const SHOWN: &str = "
    if (document.getElementById('overview')) return 'overview';
    const title = document.getElementById('board-title');
    return title ? 'board:' + title.value : '';";

#[tokio::test(flavor = "current_thread")]
async fn a_playlist_turns_through_its_boards_in_kiosk_mode_and_its_link_starts_it_again() {
    let Some(app) = support::DemoApp::open(&[], 1280, 900).await else {
        return;
    };
    let client = app.client.clone();
    app.connect_healthy().await;
    // Two boards: the demo dashboard, and one of the user's own.
    click(&client, "#tab-boards").await;
    click(&client, "#open-demo-dashboard").await;
    // The dashboard is read in a worker: the board opens when it answers.
    support::wait_for_text(&client, "#board-pick", "the demo board", |t| !t.is_empty()).await;
    click(&client, "#board-new").await;
    let second = js(
        &client,
        "return document.getElementById('board-title').value;",
    )
    .await;
    let second = second.as_str().expect("a title").to_owned();
    let first = js(
        &client,
        "return document.querySelector('#board-pick option').textContent;",
    )
    .await;
    let first = first.as_str().expect("a title").to_owned();
    // The playlist: the overview and both boards, 5 s each.
    click(&client, "#playlist summary").await;
    click(&client, "#playlist-stop-1").await;
    click(&client, "#playlist-stop-2").await;
    support::type_into(&client, "playlist-seconds", "5").await;
    js(
        &client,
        "document.getElementById('playlist-seconds').dispatchEvent(new Event('change', {bubbles: true})); return 0;",
    )
    .await;
    click(&client, "#playlist-play").await;

    let watch = |client: fantoccini::Client| async move {
        let mut shown: Vec<String> = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while shown.len() < 4 && Instant::now() < deadline {
            let now = js(&client, SHOWN)
                .await
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if shown.last() != Some(&now) && !now.is_empty() {
                shown.push(now);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        shown
    };
    let expected = vec![
        "overview".to_owned(),
        format!("board:{first}"),
        format!("board:{second}"),
        "overview".to_owned(),
    ];
    let turned = watch(client.clone()).await;
    assert_eq!(turned, expected, "the playlist's turns");
    assert!(
        support::count_of(&client, "#kiosk-view").await == 1,
        "it plays in kiosk mode"
    );

    // Its link, bookmarked on a wall display, starts it again.
    let link = js(&client, "return location.href;").await;
    let link = link.as_str().expect("the link").to_owned();
    assert!(link.contains("play="), "{link}");
    client.goto("about:blank").await.expect("leave");
    client.goto(&link).await.expect("open the bookmark");
    // Kiosk mode from the start: the view alone, no header.
    client
        .wait()
        .at_most(support::PATIENCE)
        .for_element(fantoccini::Locator::Id("kiosk-view"))
        .await
        .expect("the bookmark opens in kiosk mode");
    let again = watch(client.clone()).await;
    assert_eq!(again.first(), Some(&"overview".to_owned()), "{again:?}");
    assert!(again.len() >= 3, "it turns again: {again:?}");
    // Esc leaves kiosk mode, and the playlist stops.
    js(
        &client,
        "document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); return 0;",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let link = js(&client, "return location.href;").await;
    assert!(
        !link.as_str().unwrap_or_default().contains("play="),
        "{link}"
    );
}
