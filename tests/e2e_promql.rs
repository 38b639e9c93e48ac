//! End to end, the PromQL page on the demo upstream, in headless Chromium: typing with
//! completion (names and label values from the upstream's API, taken with the keyboard)
//! and running; a parser error shown at its caret with nothing sent; two expressions on
//! one graph; the table; and Explain on a nested expression, with series counts checked
//! against the demo's own federate answer.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use support::{click, js, strings, text_of, wait_for_text, DemoApp, PATIENCE};

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";
const CTRL_ENTER: &str = "\u{E009}\u{E007}\u{E000}";

/// Types `keys` into the expression editor `id` (without clearing it), once the page lets
/// it be typed into.
async fn keys(client: &Client, id: &str, keys: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let field = client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("no #{id}: {e}"));
        match field.send_keys(keys).await {
            Ok(()) => return,
            Err(e) if Instant::now() < deadline => {
                eprintln!("#{id} not ready for typing yet: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot type into #{id}: {e}"),
        }
    }
}

/// The editor's text, as the page holds it.
async fn editor_text(client: &Client, id: &str) -> String {
    js(
        client,
        &format!("return document.getElementById('{id}').value"),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Waits until the editor `id` holds `want`.
async fn wait_for_editor(client: &Client, id: &str, want: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let text = editor_text(client, id).await;
        if text == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "#{id} holds {text:?}, not {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The completion list's entries, once it holds one that satisfies `done`.
async fn suggestions(client: &Client, id: &str, done: impl Fn(&[String]) -> bool) -> Vec<String> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let found = strings(
            client,
            &format!("return [...document.querySelectorAll('#{id}-suggestions li')].map(li => li.dataset.text)"),
        )
        .await;
        if done(&found) {
            return found;
        }
        if Instant::now() > deadline {
            let html = js(
                client,
                &format!("return document.getElementById('{id}').parentNode.parentNode.outerHTML + ' value=' + document.getElementById('{id}').value"),
            )
            .await;
            panic!("the completion list shows {found:?}: {html}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The requests for `endpoint` (such as `query_range`) that reached the relay.
fn asked(app: &DemoApp, endpoint: &str) -> Vec<String> {
    app.upstream_requests()
        .into_iter()
        .filter(|r| r.contains(&format!("/api/v1/{endpoint}?")))
        .collect()
}

/// What the demo federates now, fetched as the page would: every sample line.
async fn federated(app: &DemoApp) -> Vec<String> {
    let script = r#"
        const done = arguments[0];
        fetch('/metrics/v1/prometheus/demo/federate?match[]=' + encodeURIComponent('{__name__=~".+"}'),
              { headers: { Authorization: 'Basic ' + btoa('demo:demo') } })
          .then(r => r.text()).then(t => done(t.split('\n').filter(l => l && !l.startsWith('#'))));
    "#;
    app.client
        .execute_async(script, vec![])
        .await
        .expect("federate")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

async fn open_query_page() -> Option<DemoApp> {
    let app = DemoApp::open(&[], 1280, 1000).await?;
    app.connect().await;
    click(&app.client, "#tab-query").await;
    Some(app)
}

#[tokio::test(flavor = "current_thread")]
async fn typing_completes_names_labels_and_values_and_runs() {
    let Some(app) = open_query_page().await else {
        return;
    };
    let client = &app.client;
    keys(client, "promql", "sum by (reg").await;
    // Label names in a grouping list come from the upstream as well.
    let found = suggestions(client, "promql", |s| s.iter().any(|x| x == "region")).await;
    assert!(!found.contains(&"sum".to_owned()), "{found:?}");
    keys(client, "promql", TAB).await;
    keys(client, "promql", ") (rat").await;
    let found = suggestions(client, "promql", |s| !s.is_empty()).await;
    assert_eq!(found.first().map(String::as_str), Some("rate"), "{found:?}");
    let detail = text_of(client, "#promql-suggestions li.picked .detail").await;
    assert!(
        detail.contains("range-vector"),
        "the signature shows: {detail}"
    );
    keys(client, "promql", TAB).await;
    assert_eq!(
        editor_text(client, "promql").await,
        "sum by (region) (rate("
    );
    // Metric names come from api/v1/label/__name__/values.
    keys(client, "promql", "sip_resp").await;
    suggestions(client, "promql", |s| s == ["sip_responses_total"]).await;
    keys(client, "promql", ENTER).await;
    keys(client, "promql", "{code=").await;
    // The values of `code`, scoped to the metric being written.
    let codes = suggestions(client, "promql", |s| s.len() == 6).await;
    assert!(codes.contains(&"503".to_owned()), "{codes:?}");
    let asked_codes: Vec<String> = app
        .upstream_requests()
        .into_iter()
        .filter(|r| r.contains("/api/v1/label/code/values"))
        .collect();
    assert!(
        !asked_codes.is_empty()
            && asked_codes
                .iter()
                .all(|r| r.contains("sip_responses_total")),
        "the values are asked for the metric being written: {asked_codes:?}"
    );
    // Arrows move; Esc closes; typing opens the list again.
    keys(client, "promql", "\u{E015}").await;
    assert_eq!(
        text_of(client, "#promql-suggestions li.picked .name").await,
        codes[1]
    );
    keys(client, "promql", ESCAPE).await;
    suggestions(client, "promql", <[String]>::is_empty).await;
    keys(client, "promql", "\"50").await;
    suggestions(client, "promql", |s| s == ["503"]).await;
    keys(client, "promql", TAB).await;
    keys(client, "promql", "}[5m]))").await;
    let text = editor_text(client, "promql").await;
    assert_eq!(
        text,
        "sum by (region) (rate(sip_responses_total{code=\"503\"}[5m]))"
    );
    // Each part is coloured.
    let coloured = strings(
        client,
        "return [...document.querySelectorAll('.promql-highlight span')].map(s => s.className + ' ' + s.textContent)",
    )
    .await;
    for expected in [
        "tok-aggregation sum",
        "tok-keyword by",
        "tok-label region",
        "tok-function rate",
        "tok-metric sip_responses_total",
        "tok-string \"503\"",
        "tok-duration 5m",
    ] {
        assert!(
            coloured.iter().any(|c| c == expected),
            "no {expected:?} in {coloured:?}"
        );
    }
    keys(client, "promql", CTRL_ENTER).await;
    let regions: usize = federated(&app)
        .await
        .iter()
        .filter(|l| l.starts_with("up{"))
        .count();
    let status = wait_for_text(client, "#query-status", "the answer", |t| {
        t.contains("series")
    })
    .await;
    assert!(
        status.starts_with(&format!("{regions} series")),
        "{status} ({regions} regions)"
    );
    let ranges = asked(&app, "query_range");
    assert_eq!(ranges.len(), 1, "{ranges:?}");
    // The query is in the history, kept on this device.
    let kept = js(client, "return localStorage.getItem('fedview.queries')").await;
    assert!(
        kept.as_str()
            .unwrap_or_default()
            .contains("sip_responses_total"),
        "{kept}"
    );
    assert!(!kept.as_str().unwrap_or_default().contains("demo:demo"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_parser_error_shows_at_its_caret_and_nothing_is_sent() {
    let Some(app) = open_query_page().await else {
        return;
    };
    let client = &app.client;
    keys(
        client,
        "promql",
        "sum by (region) (rate(sip_responses_total[5m])",
    )
    .await;
    let error = wait_for_text(client, "#promql-lint", "the parser's error", |t| {
        !t.is_empty()
    })
    .await;
    assert!(error.contains("parenthesis"), "{error}");
    assert!(error.contains("Line 1, column 17"), "{error}");
    let marked = text_of(client, "#promql-lint pre").await;
    let mut lines = marked.lines();
    assert_eq!(
        lines.next(),
        Some("sum by (region) (rate(sip_responses_total[5m])")
    );
    assert_eq!(
        lines.next(),
        Some(format!("{}^", " ".repeat(16)).as_str()),
        "{marked}"
    );
    keys(client, "promql", CTRL_ENTER).await;
    let disabled = js(
        client,
        "return document.getElementById('promql-run').disabled",
    )
    .await;
    assert_eq!(disabled, serde_json::json!(true));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        asked(&app, "query_range").is_empty(),
        "a query left the page"
    );
    // Fixing it clears the error.
    keys(client, "promql", ")").await;
    wait_for_text(client, "#promql-lint", "the error to go", str::is_empty).await;
    let lint_ms = js(
        client,
        "return document.querySelector('section.query').dataset.lintMs",
    )
    .await;
    assert!(
        lint_ms.as_str().is_some_and(|m| m.parse::<f64>().is_ok()),
        "{lint_ms}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn two_expressions_draw_on_one_graph_and_the_table_lists_the_first() {
    let Some(app) = open_query_page().await else {
        return;
    };
    let client = &app.client;
    keys(client, "promql", "sum(rate(sms_messages_total[5m]))").await;
    click(client, "#add-expression").await;
    keys(client, "promql-1", "sum(rate(voice_calls_total[5m]))").await;
    click(client, "#promql-run").await;
    wait_for_text(client, "#query-status", "the first answer", |t| {
        t.starts_with("1 series")
    })
    .await;
    wait_for_text(client, "#query-status-1", "the second answer", |t| {
        t.starts_with("1 series")
    })
    .await;
    let legend = strings(
        client,
        "return [...document.querySelectorAll('#query-legend li')].map(li => li.textContent)",
    )
    .await;
    assert_eq!(legend.len(), 2, "{legend:?}");
    assert!(
        legend[0].starts_with("#1") && legend[1].starts_with("#2"),
        "{legend:?}"
    );
    assert_eq!(asked(&app, "query_range").len(), 2);

    click(client, "#query-view-table").await;
    let status = wait_for_text(client, "#query-table-status", "the table", |t| {
        t.contains("series")
    })
    .await;
    assert!(status.starts_with("1 series (vector)"), "{status}");
    let value: f64 = text_of(client, "#query-table td.value")
        .await
        .parse()
        .expect("a number");
    assert!(value > 0.0, "{value}");
    assert_eq!(
        asked(&app, "query").len(),
        1,
        "one instant query for the table"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn explain_breaks_a_nested_expression_into_counted_parts() {
    let Some(app) = open_query_page().await else {
        return;
    };
    let client = &app.client;
    keys(
        client,
        "promql",
        "topk(2, sum by (region) (rate(sip_responses_total[5m])))",
    )
    .await;
    click(client, "#query-view-explain").await;
    wait_for_text(client, "#explain", "the tree", |t| t.contains("topk")).await;
    let lines = federated(&app).await;
    let responses = lines
        .iter()
        .filter(|l| l.starts_with("sip_responses_total{"))
        .count();
    let regions = lines.iter().filter(|l| l.starts_with("up{")).count();
    let want = [
        (
            "topk(2, sum by (region) (rate(sip_responses_total[5m])))",
            "2 series".to_owned(),
        ),
        (
            "sum by (region) (rate(sip_responses_total[5m]))",
            format!("{regions} series"),
        ),
        (
            "rate(sip_responses_total[5m])",
            format!("{responses} series"),
        ),
    ];
    let deadline = Instant::now() + PATIENCE;
    loop {
        let rows = strings(
            client,
            "return [...document.querySelectorAll('.explain-row')].map(r => r.querySelector('code').textContent + ' | ' + (r.querySelector('.explain-count') || {textContent: ''}).textContent)",
        )
        .await;
        if want
            .iter()
            .all(|(text, count)| rows.contains(&format!("{text} | {count}")))
        {
            assert!(
                rows.iter()
                    .any(|r| r.starts_with("sip_responses_total[5m] | ")),
                "{rows:?}"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the tree shows {rows:?}, wanted {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A part can be graphed on its own, beside the whole.
    click(client, ".explain-row:nth-child(1) ~ ul .explain-run").await;
    wait_for_editor(
        client,
        "promql-1",
        "sum by (region) (rate(sip_responses_total[5m]))",
    )
    .await;
}

/// The `start` and `end` of a `query_range` request the relay logged.
fn bounds(request: &str) -> (f64, f64) {
    let param = |name: &str| -> f64 {
        request
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {request}"))
    };
    (param("start"), param("end"))
}

#[tokio::test(flavor = "current_thread")]
async fn the_graph_has_units_a_read_out_and_a_drag_to_narrow_and_the_history_is_searchable() {
    let Some(app) = open_query_page().await else {
        return;
    };
    let client = &app.client;
    keys(
        client,
        "promql",
        "sum(rate(data_bytes_total{apn=\"ims\"}[5m]))",
    )
    .await;
    keys(client, "promql", CTRL_ENTER).await;
    wait_for_text(client, "#query-status", "the answer", |t| {
        t.starts_with("1 series")
    })
    .await;
    // Bytes per second, from the metric's name.
    let unit = js(
        client,
        "return document.getElementById('query-chart').dataset.unit",
    )
    .await;
    assert_eq!(unit, serde_json::json!("Bytes"));
    let box_of = "const c = document.getElementById('query-chart').getBoundingClientRect();";
    js(
        client,
        &format!("{box_of} document.getElementById('query-chart').dispatchEvent(new MouseEvent('mousemove', {{clientX: c.left + c.width * 0.6, clientY: c.top + c.height / 2, bubbles: true}}));"),
    )
    .await;
    let readout = wait_for_text(client, "#query-readout", "the read-out", |t| !t.is_empty()).await;
    assert!(readout.contains("B/s"), "{readout}");
    // A drag across the middle queries that stretch only.
    js(
        client,
        &format!(
            "{box_of} const chart = document.getElementById('query-chart');
             const at = f => ({{clientX: c.left + c.width * f, clientY: c.top + c.height / 2, bubbles: true}});
             chart.dispatchEvent(new MouseEvent('mousedown', at(0.4)));
             chart.dispatchEvent(new MouseEvent('mouseup', at(0.7)));"
        ),
    )
    .await;
    let deadline = Instant::now() + PATIENCE;
    while asked(&app, "query_range").len() < 2 {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            asked(&app, "query_range")
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ranges = asked(&app, "query_range");
    let (first, second) = (bounds(&ranges[0]), bounds(&ranges[1]));
    assert!(
        second.0 > first.0 && second.1 < first.1,
        "{first:?} then {second:?}"
    );

    // The narrowed answer is in before the next query runs (Run is off while one is in flight).
    let deadline = Instant::now() + PATIENCE;
    while js(
        client,
        "return document.getElementById('promql-run').disabled",
    )
    .await
        != serde_json::json!(false)
    {
        assert!(
            Instant::now() < deadline,
            "the narrowed query never finished"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The history: a second query, then the first found again by a word of it.
    type_into_editor(client, "up").await;
    keys(client, "promql", CTRL_ENTER).await;
    wait_for_text(client, "#query-status", "the second answer", |t| {
        !t.starts_with("1 series")
    })
    .await;
    click(client, "#query-history summary").await;
    keys(client, "history-search", "BYTES ims").await;
    let found = strings(
        client,
        "return [...document.querySelectorAll('#query-history li')].map(li => li.textContent)",
    )
    .await;
    assert_eq!(found, ["sum(rate(data_bytes_total{apn=\"ims\"}[5m]))"]);
    click(client, "#query-history li button").await;
    wait_for_editor(client, "promql", &found[0]).await;
}

/// Replaces the first editor's text, as a user selecting all and typing.
async fn type_into_editor(client: &Client, text: &str) {
    js(
        client,
        "const a = document.getElementById('promql'); a.select();",
    )
    .await;
    keys(client, "promql", text).await;
}
