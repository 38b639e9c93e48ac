//! End to end: the cardinality view counts one federation answer the way the test counts
//! it, and a dropped dump is browsed without a single request, though valid credentials
//! are entered — against a real Prometheus behind the relay, in headless Chromium.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::{BTreeMap, BTreeSet};

use fantoccini::Client;
use promtext::{Entry, Format, Options, Parser};
use support::{click, js, screenshot, text_of, type_into, wait_for_text, Stack};

/// Series in an exposition, counted independently of the app: per metric name, and the
/// distinct values of each label.
#[derive(Debug, Default)]
struct Counted {
    series: usize,
    per_metric: BTreeMap<String, usize>,
    label_values: BTreeMap<String, BTreeSet<String>>,
}

fn count(body: &str) -> Counted {
    let mut seen = BTreeSet::new();
    let mut counted = Counted::default();
    let options = Options::new(Format::choose(None, body.as_bytes()));
    for entry in Parser::new(body.as_bytes(), options) {
        let Entry::Sample(sample) = entry.expect("the exposition parses") else {
            continue;
        };
        let mut labels: Vec<(String, String)> = sample
            .labels
            .iter()
            .map(|l| (l.name.to_owned(), l.value.into_owned()))
            .collect();
        labels.sort();
        if !seen.insert((sample.name.to_owned(), labels.clone())) {
            continue;
        }
        counted.series += 1;
        *counted
            .per_metric
            .entry(sample.name.to_owned())
            .or_default() += 1;
        for (name, value) in labels {
            counted.label_values.entry(name).or_default().insert(value);
        }
    }
    counted
}

/// The rows of table `#id` as their cells' texts.
async fn rows(client: &Client, id: &str) -> Vec<Vec<String>> {
    let rows = js(
        client,
        &format!(
            "return [...document.querySelectorAll('#{id} tbody tr')]
                 .map(r => [...r.cells].map(c => c.textContent));"
        ),
    )
    .await;
    serde_json::from_value(rows).expect("rows of cells")
}

/// A mobile-core exposition: 12 SIP counters, 3 gauges and 2 histograms of 4 buckets.
fn exposition() -> String {
    let mut text = String::from("# TYPE sip_responses_total counter\n");
    for code in ["200", "404", "486", "503"] {
        for region in ["oslo", "bergen", "trondheim"] {
            text.push_str(&format!(
                "sip_responses_total{{code=\"{code}\",region=\"{region}\"}} 7\n"
            ));
        }
    }
    text.push_str("# TYPE subscribers_attached gauge\n");
    for region in ["oslo", "bergen", "trondheim"] {
        text.push_str(&format!(
            "subscribers_attached{{region=\"{region}\"}} 1200\n"
        ));
    }
    text.push_str("# TYPE diameter_latency_seconds histogram\n");
    for peer in ["hss1", "pcrf1"] {
        for (le, n) in [("0.01", 3), ("0.1", 8), ("1", 9), ("+Inf", 9)] {
            text.push_str(&format!(
                "diameter_latency_seconds_bucket{{peer=\"{peer}\",le=\"{le}\"}} {n}\n"
            ));
        }
        text.push_str(&format!(
            "diameter_latency_seconds_sum{{peer=\"{peer}\"}} 1.5\ndiameter_latency_seconds_count{{peer=\"{peer}\"}} 9\n"
        ));
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn cardinality_matches_a_count_of_the_same_answer() {
    let target = fedview_testkit::scrape_target(&exposition());
    let job = format!(
        "  - job_name: static\n    static_configs:\n      - targets: ['127.0.0.1:{}']\n",
        target.port
    );
    let Some(stack) = Stack::open_with_scrapes(&job).await else {
        return;
    };
    let prometheus = &stack.prometheus;
    // Wait until Prometheus has scraped the target, then count what federation gives.
    let federate = format!(
        "{}/federate?match[]=%7Bjob%3D%22static%22%7D",
        prometheus.prefix()
    );
    let body = fedview_testkit::wait_until(
        "Prometheus to scrape the static target",
        std::time::Duration::from_secs(30),
        || {
            let answer = fedview_testkit::http::get(
                prometheus.port,
                &federate,
                &prometheus.authorization_header(),
            )?;
            answer
                .body
                .contains("sip_responses_total")
                .then_some(answer.body)
        },
    );
    let expected = count(&body);
    // The 27 series served, plus the 5 Prometheus adds per target (up, scrape_…).
    assert_eq!(expected.series, 27 + 5, "{expected:?}");

    stack.connect().await;
    let client = &stack.client;
    type_into(client, "selectors", "{job=\"static\"}").await;
    click(client, "#fetch-now").await;
    wait_for_text(client, "#fetch-status", "a poll", |t| {
        t.contains(", 1 poll (")
    })
    .await;
    click(client, "#tab-cardinality").await;
    let summary = wait_for_text(client, "#cardinality-summary", "the counts", |t| {
        t.contains("series in")
    })
    .await;
    assert!(
        summary.starts_with(&format!(
            "{} series in {} metric names, with {} label names",
            expected.series,
            expected.per_metric.len(),
            expected.label_values.len()
        )),
        "{summary} vs {expected:?}"
    );
    let per_metric: BTreeMap<String, usize> = rows(client, "cardinality-metrics")
        .await
        .into_iter()
        .filter_map(|cells| Some((cells.first()?.clone(), cells.get(1)?.parse().ok()?)))
        .collect();
    assert_eq!(per_metric, expected.per_metric);
    let label_values: BTreeMap<String, usize> = rows(client, "cardinality-labels")
        .await
        .into_iter()
        .filter_map(|cells| Some((cells.first()?.clone(), cells.get(1)?.parse().ok()?)))
        .collect();
    let expected_values: BTreeMap<String, usize> = expected
        .label_values
        .iter()
        .map(|(name, values)| (name.clone(), values.len()))
        .collect();
    assert_eq!(label_values, expected_values);
    // The first row names the label driving the largest metric's count.
    let first = rows(client, "cardinality-metrics").await;
    let drivers = first
        .first()
        .and_then(|r| r.get(3))
        .cloned()
        .unwrap_or_default();
    assert!(drivers.starts_with("code (4)"), "{drivers}");
    screenshot(client, "cardinality.png").await;
}

/// Drops a file named `name` holding `text` on the page, as a browser does.
async fn drop_file(client: &Client, name: &str, text: &str) {
    client
        .execute(
            "const dt = new DataTransfer();
             dt.items.add(new File([arguments[0]], arguments[1], {type: 'text/plain'}));
             document.querySelector('main').dispatchEvent(
                 new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
            vec![text.into(), name.into()],
        )
        .await
        .expect("drop a file");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_dump_is_browsed_without_any_request() {
    let Some(data) = fedview_testkit::testdata_dir() else {
        return;
    };
    let file = data.join("samples/node_exporter/collector/fixtures/e2e-output.txt");
    if !fedview_testkit::require(&file, "the node_exporter sample in ../shared/testdata") {
        return;
    }
    let text = std::fs::read_to_string(&file).expect("read the sample");
    let expected = count(&text);
    let Some(stack) = Stack::open().await else {
        return;
    };
    let client = &stack.client;

    // Valid credentials are entered and used once, so a bug that sent a request while a
    // dump is open could: and the relay's log and Prometheus's own count both see such a
    // request.
    stack.connect().await;
    let before_poll = stack.prometheus.served();
    click(client, "#fetch-now").await;
    wait_for_text(client, "#fetch-status", "a poll", |t| {
        t.contains(", 1 poll (")
    })
    .await;
    let after_poll = stack.prometheus.served();
    assert!(
        after_poll.get("/federate") > before_poll.get("/federate"),
        "Prometheus counts the app's federate request: {before_poll:?} → {after_poll:?}"
    );
    // The overview asks for its panels' history after a poll: wait until that is over.
    let mut relayed = stack.upstream_requests();
    let deadline = std::time::Instant::now() + support::PATIENCE;
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let now = stack.upstream_requests();
        if now == relayed {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "requests never settled"
        );
        relayed = now;
    }
    assert!(relayed > 0, "the relay's log lists the poll");
    // What Prometheus served once those requests were done.
    let after_poll = stack.prometheus.served();

    // The dump needs no request.
    drop_file(client, "e2e-output.txt", &text).await;
    let status = wait_for_text(client, "#dump-status", "the dump opened", |t| {
        t.starts_with("Browsing")
    })
    .await;
    assert!(
        status.starts_with(&format!(
            "Browsing e2e-output.txt: {} series in",
            expected.series
        )),
        "{status} vs {} series",
        expected.series
    );

    // Browsed like live data: search, pick, chart and table.
    let family = "node_cpu_seconds_total";
    type_into(client, "metric-search", family).await;
    click(client, &format!("button.metric[data-name='{family}']")).await;
    wait_for_text(client, "#chart-title", "the chart", |t| t == family).await;
    let series = expected.per_metric.get(family).copied().unwrap_or_default();
    wait_for_text(client, "#value-count", "the table's count", |t| {
        t == format!("{series} series")
    })
    .await;
    // The table is virtualised: the rows in view are in the page, not all of them.
    let table = rows(client, "value-table").await;
    assert_eq!(table.len(), series.min(40));
    click(client, "#tab-cardinality").await;
    let summary = wait_for_text(client, "#cardinality-summary", "the counts", |t| {
        t.contains("series in")
    })
    .await;
    assert!(
        summary.starts_with(&format!("{} series", expected.series)),
        "{summary}"
    );

    // A broken dump says where, and the open one stays.
    drop_file(client, "broken.txt", "up 1\nup{job=\"a\" 2\n").await;
    let error = wait_for_text(client, "#dump-error", "the parse error", |t| !t.is_empty()).await;
    assert!(
        error.starts_with("broken.txt could not be read Line 2, column"),
        "{error}"
    );
    assert!(error.contains("The line reads: up{job=\"a\" 2"), "{error}");
    assert!(text_of(client, "#dump-status")
        .await
        .contains("e2e-output.txt"));

    // While the dump was open the page (and its worker) made no request to the upstream:
    // the relay received none, and Prometheus served nothing new.
    assert_eq!(
        stack.upstream_requests(),
        relayed,
        "no request left the page:\n{}",
        stack.relay.log()
    );
    assert_eq!(
        stack.prometheus.served(),
        after_poll,
        "no request reached the upstream"
    );
    screenshot(client, "dump.png").await;
}
