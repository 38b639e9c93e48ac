//! End to end: the viewer against a real Prometheus behind the relay, in headless Chromium.
//! Connect, fetch, search, pick a metric, see a drawn chart (its pixels, not just its
//! element), go live and see a second poll arrive, and see an error keep what was collected.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Client;
use support::{
    canvas_pixels, choose, click, fill_connection, js, screenshot, text_of, type_into, value_of,
    wait_for_count, wait_for_text, Stack, FIRST_LINE,
};

/// Chart pixels that are not background.
async fn drawn_pixels(client: &Client) -> u64 {
    canvas_pixels(client, "chart", None, false, 60).await
}

/// Chart pixels in the palette's first colour (the top line).
async fn line_pixels(client: &Client) -> u64 {
    canvas_pixels(client, "chart", Some(FIRST_LINE), true, 40).await
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_browse_chart_and_go_live() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    stack.connect().await;
    let Stack {
        prometheus,
        relay: _relay,
        driver,
        client,
    } = stack;

    click(&client, "#fetch-now").await;
    let status = wait_for_text(&client, "#fetch-status", "a first poll", |t| {
        t.contains(", 1 poll (")
    })
    .await;
    assert!(status.contains("samples"), "{status}");
    assert!(!status.contains("1 polls"), "{status}");

    // The list shows Prometheus's own families, typed from its metadata API.
    type_into(&client, "metric-search", "prometheus_http_requests").await;
    let listed = wait_for_text(&client, "#metric-list", "the searched family", |t| {
        t.contains("prometheus_http_requests_total")
    })
    .await;
    assert!(listed.to_lowercase().contains("counter"), "{listed}");
    assert!(
        !listed.contains("go_goroutines"),
        "search filters the list: {listed}"
    );

    click(
        &client,
        "button.metric[data-name='prometheus_http_requests_total']",
    )
    .await;
    wait_for_text(&client, "#chart-title", "the chart title", |t| {
        t == "prometheus_http_requests_total"
    })
    .await;
    // One poll of a counter has no rate yet: the chart says so instead of drawing an empty
    // axis, then raw values show the points.
    let gap = wait_for_text(&client, "#chart-empty", "why the chart is empty", |t| {
        !t.is_empty()
    })
    .await;
    assert!(
        gap.starts_with("Rates need two samples of this counter, and it has one so far"),
        "{gap}"
    );
    assert_eq!(
        support::count_of(&client, "#chart").await,
        0,
        "no empty axis is drawn"
    );
    click(&client, "#toggle-rate").await;
    let deadline = std::time::Instant::now() + support::PATIENCE;
    while drawn_pixels(&client).await < 2_000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the chart stayed empty"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let table = text_of(&client, "#value-table").await;
    assert!(
        table.contains("handler="),
        "the table lists the series: {table}"
    );

    // Live: every 5 s; more polls arrive and the counter's rate is drawn as a line.
    type_into(&client, "poll-seconds", "5\t").await;
    click(&client, "#live").await;
    wait_for_text(&client, "#countdown", "the countdown", |t| {
        t.contains("next poll in")
    })
    .await;
    wait_for_text(&client, "#fetch-status", "two more polls", |t| {
        t.contains("3 polls")
    })
    .await;
    click(&client, "#toggle-rate").await;
    let deadline = std::time::Instant::now() + support::PATIENCE;
    while line_pixels(&client).await < 50 {
        if std::time::Instant::now() > deadline {
            screenshot(&client, "viewer-no-rate-line.png").await;
            panic!("no rate line was drawn (see target/e2e/viewer-no-rate-line.png)");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    click(&client, "#live").await;
    screenshot(&client, "viewer-chart.png").await;

    // Hovering shows a read-out with the time and the values under the pointer.
    js(
        &client,
        "const c = document.getElementById('chart'); const r = c.getBoundingClientRect();
         c.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + r.width * 0.6, clientY: r.top + r.height / 2, bubbles: true}));",
    )
    .await;
    let readout = wait_for_text(&client, "#readout", "the hover read-out", |t| {
        t.contains("handler=")
    })
    .await;
    assert!(readout.contains("/s"), "values as rates: {readout}");

    // A label filter narrows the chart and the table to the matching series. Wait for the
    // filtered state itself (one row), then check what it shows.
    let unfiltered = support::count_of(&client, "#value-table tbody tr").await;
    assert!(unfiltered > 1, "{unfiltered} rows before filtering");
    choose(&client, "filter-handler", "/metrics").await;
    wait_for_count(&client, "#value-table tbody tr", "filtered table rows", 1).await;
    let row = text_of(&client, "#value-table tbody tr").await;
    assert!(row.contains("handler=\"/metrics\""), "{row}");
    // The one series left: the legend names nothing else, so no other handler is drawn.
    let legend = text_of(&client, "#legend").await;
    assert_eq!(
        support::count_of(&client, "#legend li").await,
        1,
        "one line: {legend}"
    );
    assert!(!legend.contains("/federate"), "{legend}");
    choose(&client, "filter-handler", "").await;
    wait_for_count(
        &client,
        "#value-table tbody tr",
        "unfiltered table rows",
        unfiltered,
    )
    .await;

    // Export CSV: every point of the family, and nothing of the credentials.
    click(&client, "#export-csv").await;
    let file = driver
        .download_dir()
        .join("prometheus_http_requests_total.csv");
    let csv = fedview_testkit::wait_until(
        "the CSV download",
        std::time::Duration::from_secs(20),
        || {
            std::fs::read_to_string(&file)
                .ok()
                .filter(|t| t.lines().count() > 3)
        },
    );
    assert!(
        csv.starts_with("series,timestamp_ms,time_utc,value\n"),
        "{csv}"
    );
    assert!(csv.contains("handler=\"\"/metrics\"\""), "{csv}");
    for secret in [&prometheus.secret, &prometheus.client_id] {
        assert!(
            !csv.contains(secret.as_str()),
            "a credential is in the export"
        );
    }

    // Reload: the view comes back from the URL; the secret does not.
    let url = client.current_url().await.expect("the URL").to_string();
    assert!(
        url.contains("metric=prometheus_http_requests_total"),
        "{url}"
    );
    assert!(
        !url.contains(&prometheus.secret) && !url.contains(&prometheus.client_id),
        "{url}"
    );
    client.refresh().await.expect("reload");
    let search = client
        .wait()
        .for_element(fantoccini::Locator::Id("metric-search"))
        .await
        .expect("the search field")
        .prop("value")
        .await
        .expect("its value");
    assert_eq!(search.as_deref(), Some("prometheus_http_requests"));
    // "Remember on this device" was not ticked: no field comes back, the secret least of
    // all, and no storage of the page holds it.
    for field in ["identifier", "client-id", "client-secret"] {
        assert_eq!(
            value_of(&client, field).await,
            "",
            "#{field} after a reload"
        );
    }
    let stored = js(
        &client,
        "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)]);",
    )
    .await;
    let stored = stored.as_str().unwrap_or_default();
    assert!(
        !stored.contains(&prometheus.secret),
        "the secret is in the page's storage"
    );
    fill_connection(&client, &prometheus).await;
    click(&client, "#fetch-now").await;
    wait_for_text(&client, "#chart-title", "the restored chart", |t| {
        t == "prometheus_http_requests_total"
    })
    .await;
    // Two more polls, each after Prometheus's next scrape (every second), give two rates:
    // a line again.
    for polls in [2, 3] {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        click(&client, "#fetch-now").await;
        wait_for_text(&client, "#fetch-status", "another poll", |t| {
            t.contains(&format!(", {polls} polls ("))
        })
        .await;
    }
    let deadline = std::time::Instant::now() + support::PATIENCE;
    while line_pixels(&client).await < 50 {
        if std::time::Instant::now() > deadline {
            screenshot(&client, "viewer-reload-no-rate.png").await;
            panic!("no rate line after the reload (see target/e2e/viewer-reload-no-rate.png)");
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    // Errors show where the user looks, say what to do, and keep what was collected.
    type_into(&client, "selectors", "no_such_metric_anywhere").await;
    click(&client, "#fetch-now").await;
    let empty = wait_for_text(&client, "#fetch-status", "the empty result", |t| {
        t.contains("No series")
    })
    .await;
    assert!(empty.contains("no series match"), "{empty}");
    type_into(&client, "selectors", "{job=~\"(\"}").await;
    click(&client, "#fetch-now").await;
    let rejected = wait_for_text(&client, "#fetch-status", "the rejected selector", |t| {
        t.contains("Selector rejected")
    })
    .await;
    assert!(rejected.contains("kept"), "{rejected}");
    type_into(&client, "selectors", "{__name__=~\".+\"}").await;

    // A failure shows in place and keeps what was collected.
    type_into(&client, "client-secret", "wrong").await;
    click(&client, "#fetch-now").await;
    let failed = wait_for_text(&client, "#fetch-status", "the rejection", |t| {
        t.contains("Credentials rejected")
    })
    .await;
    assert!(failed.contains("kept"), "{failed}");
    assert!(text_of(&client, "#metric-list")
        .await
        .contains("prometheus_http_requests_total"));
    assert!(
        line_pixels(&client).await >= 50,
        "the chart still draws its line"
    );

    client.close().await.expect("close the browser");
}
