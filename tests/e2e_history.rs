//! End to end, beyond a snapshot: history loaded with `query_range` (counters as
//! `rate(...)`), the PromQL box with Prometheus's own error, and a histogram's bucket
//! heatmap — against a real Prometheus behind the relay, in headless Chromium; and an
//! upstream without the query API, said once while polling goes on.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use fantoccini::Client;
use support::{
    canvas_pixels, choose, click, js, screenshot, text_of, type_into, wait_for_text, Stack,
    FIRST_LINE, PATIENCE,
};

/// Waits until `count` reaches `at_least`, or fails with a screenshot named `what`.
async fn wait_for_pixels<F, Fut>(client: &Client, what: &str, at_least: u64, count: F) -> u64
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = u64>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        let n = count().await;
        if n >= at_least {
            return n;
        }
        if Instant::now() > deadline {
            let file = format!("{}.png", what.replace(' ', "-"));
            screenshot(client, &file).await;
            panic!("{what}: {n} pixels, wanted {at_least} (see target/e2e/{file})");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The number in `text` just before `word`, such as 12 in "… 12 points".
fn number_before(text: &str, word: &str) -> Option<u64> {
    let at = text.find(&format!(" {word}"))?;
    text.get(..at)?
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Lets Prometheus (scraping itself every second) build up some history.
async fn let_history_build() {
    tokio::time::sleep(Duration::from_secs(8)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn history_loads_counters_as_rates_and_polling_continues() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    let_history_build().await;
    let family = "process_cpu_seconds_total";
    stack.chart(family).await;
    let client = &stack.client;
    // One poll of a counter has no rate yet: nothing but axes.
    let before = canvas_pixels(client, "chart", Some(FIRST_LINE), true, 40).await;

    choose(client, "history-range", "15m").await;
    let status = wait_for_text(client, "#history-status", "loaded history", |t| {
        t.contains("History of the last 15m")
    })
    .await;
    assert!(
        status.contains(&format!("rate({family}[60s])")),
        "counters load as rate(...): {status}"
    );
    // About one point per pixel: the step is the range over the plot's width, rounded up.
    let width = js(
        client,
        "return document.getElementById('chart').clientWidth;",
    )
    .await
    .as_u64()
    .expect("the chart's width");
    let plot = width - 84; // value labels (74 px) and the right margin (10 px)
    let step = 900_u64.div_ceil(plot);
    assert!(
        status.contains(&format!("at a {step} s step")),
        "{width} px wide: {status}"
    );
    assert_eq!(number_before(&status, "series"), Some(1), "{status}");
    let points = number_before(&status, "points").expect("a point count");

    // The same query, asked of Prometheus directly by the test, has as many points (give or
    // take the seconds between the two).
    let prometheus = &stack.prometheus;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let direct = fedview_testkit::http::get(
        prometheus.port,
        &format!(
            "{}/api/v1/query_range?query=rate({family}%5B60s%5D)&start={}&end={now}&step={step}",
            prometheus.prefix(),
            now - 900
        ),
        &prometheus.authorization_header(),
    )
    .expect("Prometheus answers");
    let body: serde_json::Value = serde_json::from_str(&direct.body).expect("JSON");
    let direct_points = body["data"]["result"][0]["values"]
        .as_array()
        .map_or(0, Vec::len) as u64;
    assert!(points >= 3, "{points} points of history");
    assert!(
        points.abs_diff(direct_points) <= 5,
        "the app loaded {points} points, Prometheus has {direct_points}"
    );

    // The history is drawn as a line: far more than the nothing one poll gave.
    let drawn = wait_for_pixels(client, "history line", 200, || {
        canvas_pixels(client, "chart", Some(FIRST_LINE), true, 40)
    })
    .await;
    assert!(drawn > before + 150, "{before} → {drawn} line pixels");

    // Polling continues from the end of the history; the history stays. The poll waits for
    // Prometheus's next scrapes (every second), as a poll a while later would find them.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    click(client, "#fetch-now").await;
    wait_for_text(client, "#fetch-status", "a second poll", |t| {
        t.contains("2 polls")
    })
    .await;
    let status = text_of(client, "#history-status").await;
    assert!(status.contains("live polls continue"), "{status}");
    assert!(
        canvas_pixels(client, "chart", Some(FIRST_LINE), true, 40).await >= 200,
        "the line is still there after the poll"
    );
    // The range is part of the shareable view.
    let url = js(client, "return location.hash;").await;
    assert!(
        url.as_str().is_some_and(|u| u.contains("range=15m")),
        "{url}"
    );
    screenshot(client, "history.png").await;

    // What changed between the two polls: the app's metadata request after the first poll
    // was Prometheus's first, so its request counter for that handler appeared since.
    click(client, "#tab-changes").await;
    let changes = wait_for_text(client, ".changes", "the changes", |t| {
        t.contains("Between poll 1 and poll 2")
    })
    .await;
    let appeared = text_of(client, "#appeared").await;
    assert!(
        appeared.contains("prometheus_http_requests_total{")
            && appeared.contains("handler=\"/api/v1/metadata\""),
        "{changes}"
    );
    assert!(changes.contains("Top movers"), "{changes}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_histogram_shows_its_bucket_heatmap() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    let_history_build().await;
    stack
        .chart("prometheus_http_request_duration_seconds")
        .await;
    let client = &stack.client;
    choose(client, "history-range", "15m").await;
    let status = wait_for_text(client, "#history-status", "loaded history", |t| {
        t.contains("History of the last 15m")
    })
    .await;
    assert!(
        status.contains("rate(prometheus_http_request_duration_seconds_bucket[60s])"),
        "buckets load as rates: {status}"
    );
    let heat = wait_for_text(client, "#heatmap-status", "a binned heatmap", |t| {
        t.contains("buckets ×")
    })
    .await;
    assert!(heat.contains("log-scaled"), "{heat}");
    // Orange cells (red well above blue), not just axes and labels.
    let cells = wait_for_pixels(client, "heatmap cells", 300, || async {
        js(
            client,
            "const c = document.getElementById('heatmap');
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let n = 0;
             for (let i = 0; i < d.length; i += 4) { if (d[i] - d[i + 2] > 30 && d[i] > d[i + 1]) n++; }
             return n;",
        )
        .await
        .as_u64()
        .unwrap_or(0)
    })
    .await;
    assert!(cells >= 300, "{cells}");
    screenshot(client, "heatmap.png").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_promql_box_runs_queries_and_points_at_errors() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    let_history_build().await;
    stack.connect().await;
    let client = &stack.client;
    click(client, "#tab-query").await;

    // `limitk` parses in the app (promql-parser knows Prometheus 3's syntax), but
    // Prometheus 2.42 rejects it: its error shows with a caret where it points.
    type_into(client, "promql", "up + limitk(1, up)").await;
    click(client, "#promql-run").await;
    let error = wait_for_text(client, "#query-error", "Prometheus's error", |t| {
        !t.is_empty()
    })
    .await;
    assert!(error.contains("parse error"), "{error}");
    assert!(error.contains("limitk"), "{error}");
    let marked = text_of(client, "#query-error-at").await;
    let mut lines = marked.lines();
    assert_eq!(lines.next(), Some("up + limitk(1, up)"), "{marked}");
    assert_eq!(lines.next(), Some("     ^"), "{marked}");
    // Under an error there is no empty axis around 1970, only the error.
    assert_eq!(
        client
            .find_all(fantoccini::Locator::Css("#query-chart"))
            .await
            .map_or(0, |found| found.len()),
        0,
        "a chart is drawn under the error"
    );

    type_into(
        client,
        "promql",
        "rate(process_cpu_seconds_total[1m]) * 100",
    )
    .await;
    click(client, "#promql-run").await;
    let status = wait_for_text(client, "#query-status", "a result", |t| {
        t.contains("series")
    })
    .await;
    assert!(status.starts_with("1 series"), "{status}");
    wait_for_pixels(client, "query line", 50, || {
        canvas_pixels(client, "query-chart", Some(FIRST_LINE), true, 40)
    })
    .await;
    let legend = text_of(client, "#query-legend").await;
    assert!(legend.contains("job=\"prometheus\""), "{legend}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upstream_without_query_range_is_said_once_and_polling_goes_on() {
    let dist = fedview_testkit::workspace_root().join("dist");
    if !fedview_testkit::ChromeDriver::available()
        || !fedview_testkit::require(&dist.join("index.html"), "the app build")
    {
        return;
    }
    let upstream = fedview_testkit::federate_only_upstream(
        "# TYPE requests_total counter\nrequests_total{code=\"200\"} 5\nrequests_total{code=\"500\"} 1\n",
    );
    let relay =
        fedview_testkit::Relay::start(&upstream.origin(), &["--static", &dist.to_string_lossy()]);
    let driver = fedview_testkit::ChromeDriver::start();
    let client = support::browser(&driver).await;
    client.goto(&relay.origin()).await.expect("open the app");
    support::open_the_app(&client).await;
    type_into(&client, "identifier", "op1").await;
    type_into(&client, "client-id", "client").await;
    type_into(&client, "client-secret", "secret").await;
    // On the chart tab: the overview would ask for its own history first.
    click(&client, "#tab-chart").await;
    click(&client, "#fetch-now").await;
    wait_for_text(&client, "#fetch-status", "a first poll", |t| {
        t.contains(", 1 poll (")
    })
    .await;
    click(&client, "button.metric[data-name='requests_total']").await;
    wait_for_text(&client, "#chart-title", "the chart", |t| {
        t == "requests_total"
    })
    .await;
    let deadline = Instant::now() + PATIENCE;
    while js(
        &client,
        "return !!document.getElementById('history-range');",
    )
    .await
        != true
    {
        assert!(Instant::now() < deadline, "the history picker never showed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    choose(&client, "history-range", "1h").await;
    let said = wait_for_text(&client, "#history-status", "the missing API", |t| {
        t.contains("does not offer")
    })
    .await;
    assert!(
        said.contains("api/v1/query_range (HTTP 404), so charts show polled data only"),
        "{said}"
    );
    // Said once: no picker to retry with, polling carries on, the overview does not ask
    // for its history either, and one request was made.
    assert!(client
        .find(fantoccini::Locator::Id("history-range"))
        .await
        .is_err());
    click(&client, "#tab-overview").await;
    click(&client, "#fetch-now").await;
    wait_for_text(&client, "#fetch-status", "a second poll", |t| {
        t.contains("2 polls")
    })
    .await;
    click(&client, "#tab-chart").await;
    assert_eq!(text_of(&client, "#history-status").await, said);
    let asked = upstream
        .requests()
        .iter()
        .filter(|head| head.contains("/api/v1/query_range"))
        .count();
    assert_eq!(asked, 1, "{:?}", upstream.requests());
    click(&client, "#tab-query").await;
    let query = wait_for_text(&client, ".query", "the PromQL tab", |t| {
        t.contains("PromQL")
    })
    .await;
    assert!(
        query.contains("does not offer api/v1/query_range (HTTP 404)"),
        "{query}"
    );
}
