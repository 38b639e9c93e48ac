//! End to end, boards: against a real Prometheus behind the relay, in headless Chromium.
//! A dashboard that uses Prometheus's own metrics imports with its variable resolved from
//! the upstream; changing the variable re-asks only the panels that use it; a text panel
//! reads its markdown with the variable in it, and runs no script; a panel type fedview does
//! not draw gets a placeholder naming it; the export imports back as the same
//! board; and a pinned chart survives a reload, with no secret in storage or the URL.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use support::{
    choose, click, direct_query, js, strings, text_of, type_into, wait_for_text, wait_until, Stack,
    PATIENCE,
};

/// A dashboard on Prometheus's own metrics: a variable over its HTTP handlers, a panel per
/// handler, a stat that does not use the variable, a text panel using it, and a panel type
/// fedview does not draw.
const DASHBOARD: &str = r###"{
  "title": "Prometheus itself",
  "templating": {"list": [
    {"name": "handler", "type": "query",
     "query": {"query": "label_values(prometheus_http_requests_total, handler)", "refId": "A"},
     "regex": "/^\\/(?:api.*|metrics)$/", "multi": false, "includeAll": false}
  ]},
  "panels": [
    {"type": "timeseries", "title": "Requests to $handler", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "targets": [{"expr": "rate(prometheus_http_requests_total{handler=\"$handler\"}[$__rate_interval])",
                  "legendFormat": "{{handler}} {{code}}"}]},
    {"type": "stat", "title": "Targets", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
     "targets": [{"expr": "count(up)"}]},
    {"type": "text", "title": "Notes", "gridPos": {"x": 0, "y": 8, "w": 12, "h": 3},
     "options": {"mode": "markdown",
                 "content": "## Handler $handler\nSee [the docs](https://prometheus.io/docs/).<script>window.fedviewRan = 1</script>"}},
    {"type": "news", "title": "Feed", "gridPos": {"x": 12, "y": 8, "w": 12, "h": 3}}
  ]
}"###;

/// The `query` parameters of the range queries that reached the relay, decoded.
fn range_queries(stack: &Stack) -> Vec<String> {
    stack
        .relay
        .log()
        .lines()
        .filter(|l| l.contains("started processing request") && l.contains("/api/v1/query_range?"))
        .filter_map(|l| {
            let query = l.split("query=").nth(1)?.split('&').next()?;
            Some(decode(query))
        })
        .collect()
}

/// `%XX` and `+` decoded.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = text.get(i + 1..i + 3).unwrap_or_default();
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How many times the values of `label` were asked of the upstream.
fn asked(app: &support::DemoApp, label: &str) -> usize {
    app.upstream_requests()
        .iter()
        .filter(|uri| uri.contains(&format!("/label/{label}/values")))
        .count()
}

/// Waits until `want` chart panels of the open board have drawn.
async fn wait_for_drawn_charts(client: &fantoccini::Client, want: u64) {
    wait_until("the board's charts draw", || async {
        let drawn = js(
            client,
            "return document.querySelectorAll('#boards canvas[data-drawn]').length;",
        )
        .await;
        if drawn == want {
            Ok(())
        } else {
            Err(format!("{drawn} drawn, wanted {want}"))
        }
    })
    .await;
}

/// Pastes `json` into the import box and imports it.
async fn paste_dashboard(client: &fantoccini::Client, json: &str) {
    let literal = serde_json::to_string(json).expect("a string");
    js(
        client,
        &format!("document.getElementById('dashboard-json').value = {literal};"),
    )
    .await;
    click(client, "#dashboard-import").await;
}

/// A connected stack with `dashboard` pasted into the boards' import box, or `None` where
/// the stack cannot run (the test then skips, unless `FEDVIEW_NO_SKIP` is set).
async fn board_of(dashboard: &str) -> Option<Stack> {
    let stack = Stack::open().await?;
    stack.connect().await;
    click(&stack.client, "#tab-boards").await;
    paste_dashboard(&stack.client, dashboard).await;
    Some(stack)
}

/// The titles of the open board's panels.
async fn panel_titles(client: &fantoccini::Client) -> Vec<String> {
    strings(
        client,
        "return [...document.querySelectorAll('#boards .board-panel h4')].map(h => h.textContent);",
    )
    .await
}

/// The values a variable's dropdown (`<select id=…>`) offers.
async fn options(client: &fantoccini::Client, id: &str) -> Vec<String> {
    strings(
        client,
        &format!("return [...document.querySelectorAll('#{id} option')].map(o => o.value);"),
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn an_imported_dashboard_resolves_its_variable_and_requeries_what_uses_it() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    // Prometheus counts requests per handler from the first one on: ask its query API until
    // a scrape has that handler, so the variable has more than `/metrics` to offer.
    let deadline = Instant::now() + PATIENCE;
    loop {
        let answer = direct_query(
            &stack,
            "count(prometheus_http_requests_total{handler=~\"/api.*\"})",
        );
        if answer["data"]["result"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "Prometheus never counted its API: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    stack.connect().await;
    let client = &stack.client;
    click(client, "#tab-boards").await;
    paste_dashboard(client, DASHBOARD).await;

    // The variable's values come from the upstream, through the regex.
    wait_until("the handler variable resolves", || async {
        let found = options(client, "var-handler").await;
        if found.len() >= 2
            && found
                .iter()
                .all(|h| h == "/metrics" || h.starts_with("/api"))
        {
            Ok(())
        } else {
            Err(format!("options {found:?}"))
        }
    })
    .await;
    let handlers = options(client, "var-handler").await;
    let first = handlers[0].clone();
    wait_until("the panels are titled with the picked handler", || async {
        let titles = panel_titles(client).await;
        if titles.contains(&format!("Requests to {first}")) {
            Ok(())
        } else {
            Err(format!("titles {titles:?}"))
        }
    })
    .await;
    let placeholder = text_of(client, ".board-panel[data-kind='news'] .placeholder").await;
    assert!(placeholder.contains("\"news\""), "{placeholder}");
    // The text panel reads its markdown, with the picked handler in it; its script is
    // neither run nor shown.
    wait_for_text(
        client,
        ".board-panel[data-kind='text'] .panel-text h6",
        "the text panel's heading",
        |t| t == format!("Handler {first}"),
    )
    .await;
    let note = text_of(client, ".board-panel[data-kind='text'] .panel-text").await;
    assert!(!note.contains("fedviewRan"), "{note}");
    let link = js(
        client,
        "const a = document.querySelector(\".board-panel[data-kind='text'] a\");\
         return [a && a.href, a && a.rel, typeof window.fedviewRan];",
    )
    .await;
    assert_eq!(
        link,
        serde_json::json!([
            "https://prometheus.io/docs/",
            "noopener noreferrer",
            "undefined"
        ])
    );

    // The stat counts the targets, as Prometheus itself does.
    let targets = direct_query(&stack, "count(up)")["data"]["result"][0]["value"][1]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    wait_until("the stat", || async {
        let shown = js(
            client,
            "const s = document.querySelector(\".board-panel[data-kind='stat'] .stat-item\");
             return s ? s.dataset.value : null;",
        )
        .await;
        if shown.as_str() == Some(targets.as_str()) {
            Ok(())
        } else {
            Err(format!(
                "the stat reads {shown}, Prometheus counts {targets}"
            ))
        }
    })
    .await;
    let asked = |handler: &str| {
        let handler = handler.to_owned();
        range_queries(&stack)
            .into_iter()
            .filter(move |q| q.contains(&format!("handler=\"{handler}\"")))
            .count()
    };
    wait_until("the panel asked for the first handler", || async {
        if asked(&first) == 1 {
            Ok(())
        } else {
            Err(format!("{:?}", range_queries(&stack)))
        }
    })
    .await;
    let counts_asked = || {
        range_queries(&stack)
            .iter()
            .filter(|q| q.as_str() == "count(up)")
            .count()
    };
    assert_eq!(counts_asked(), 1);

    // Another handler: the panel that uses it asks again, the stat does not.
    let second = handlers[1].clone();
    choose(client, "var-handler", &second).await;
    wait_until("the panel re-asks for the second handler", || async {
        let titles = panel_titles(client).await;
        if asked(&second) == 1 && titles.contains(&format!("Requests to {second}")) {
            Ok(())
        } else {
            Err(format!(
                "titles {titles:?}, queries {:?}",
                range_queries(&stack)
            ))
        }
    })
    .await;
    assert_eq!(
        counts_asked(),
        1,
        "the stat does not use the variable: not asked again"
    );

    // The export imports back as the same board.
    let exported = js(
        client,
        "return decodeURIComponent(document.querySelector('#board-export').getAttribute('href').split(',').slice(1).join(','));",
    )
    .await;
    let exported = exported.as_str().unwrap_or_default().to_owned();
    let json: serde_json::Value = serde_json::from_str(&exported).expect("the export is JSON");
    assert_eq!(json["panels"].as_array().map(Vec::len), Some(4), "{json}");
    assert_eq!(
        json["panels"][2]["options"]["content"].as_str(),
        Some("## Handler $handler\nSee [the docs](https://prometheus.io/docs/).<script>window.fedviewRan = 1</script>"),
        "the text panel's markdown is exported as written"
    );
    let before = panel_titles(client).await;
    click(client, "#board-new").await;
    wait_until("an empty board", || async {
        if panel_titles(client).await.is_empty() {
            Ok(())
        } else {
            Err("panels".into())
        }
    })
    .await;
    click(client, ".board-import summary").await;
    paste_dashboard(client, &exported).await;
    wait_until("the re-imported board", || async {
        let titles = panel_titles(client).await;
        if titles == before {
            Ok(())
        } else {
            Err(format!("{titles:?}, wanted {before:?}"))
        }
    })
    .await;
    let boards = js(
        client,
        "return document.querySelectorAll('#board-pick option').length;",
    )
    .await;
    assert_eq!(
        boards, 2,
        "the same board is not added twice: the import and the empty one"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_pinned_chart_is_back_after_a_reload_with_no_secret_kept() {
    let Some(stack) = Stack::open().await else {
        return;
    };
    let family = "prometheus_http_requests_total";
    stack.chart(family).await;
    let client = &stack.client;
    click(client, "#pin-chart").await;
    wait_until("the pinned panel", || async {
        let titles = panel_titles(client).await;
        if titles == [family] {
            Ok(())
        } else {
            Err(format!("{titles:?}"))
        }
    })
    .await;
    wait_for_text(
        client,
        ".board-panel canvas[data-drawn]",
        "the pinned panel's chart",
        |_| true,
    )
    .await;

    client.refresh().await.expect("reload");
    wait_until("the board after a reload", || async {
        let titles = panel_titles(client).await;
        if titles == [family] {
            Ok(())
        } else {
            Err(format!("{titles:?}"))
        }
    })
    .await;
    let kept = js(
        client,
        "return location.href + '\\n' + Object.keys(localStorage).map(k => k + '=' + localStorage.getItem(k)).join('\\n');",
    )
    .await;
    let kept = kept.as_str().unwrap_or_default();
    assert!(
        kept.contains("fedview.boards="),
        "the board is kept: {kept}"
    );
    assert!(
        !kept.contains(&stack.prometheus.secret),
        "the secret is in the URL or storage: {kept}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_demo_dashboard_is_one_click_away_and_its_variables_chain() {
    let Some(app) = support::DemoApp::open(&[], 1280, 1000).await else {
        return;
    };
    app.connect().await;
    let (relay, client) = (&app.relay, &app.client);
    // What the variable should offer: the regions of `up` in the demo's own answer.
    let mut expected: Vec<String> = support::demo_families(relay)["up"]
        .iter()
        .filter_map(|s| s.label("region").map(str::to_owned))
        .collect();
    expected.sort();
    expected.dedup();
    expected.insert(0, "$__all".to_owned());
    click(client, "#open-demo-dashboard").await;
    wait_until("the region variable resolves from the demo", || async {
        let regions = options(client, "var-region").await;
        if regions == expected {
            Ok(())
        } else {
            Err(format!("{regions:?}, wanted {expected:?}"))
        }
    })
    .await;
    wait_for_drawn_charts(client, 4).await;
    let heatmap = js(
        client,
        "return document.querySelector(\".board-panel[data-kind='heatmap'] canvas\").getAttribute('aria-label');",
    )
    .await;
    assert_eq!(
        heatmap, "Heatmap of Diameter request latency buckets",
        "the latency buckets are drawn as a heatmap"
    );
    support::screenshot(client, "demo-board.png").await;
    // Each variable asked once.
    assert_eq!(
        (asked(&app, "region"), asked(&app, "instance")),
        (1, 1),
        "{:?}",
        app.upstream_requests()
    );
    // Oslo only: the instance variable, which uses the region, is asked again.
    choose(client, "var-region", "oslo").await;
    wait_until("the instances of oslo", || async {
        let instances = options(client, "var-instance").await;
        if instances == ["$__all", "core-oslo:9100"] {
            Ok(())
        } else {
            Err(format!("{instances:?}"))
        }
    })
    .await;
    let titles = panel_titles(client).await;
    assert!(
        titles.contains(&"SIP responses per second on All".to_owned()),
        "{titles:?}"
    );
    // The region changed: the instance variable was asked once more, the region not again.
    assert_eq!(
        (asked(&app, "region"), asked(&app, "instance")),
        (1, 2),
        "{:?}",
        app.upstream_requests()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_board_works_on_a_phone() {
    let Some(app) = support::DemoApp::open(&[], 390, 844).await else {
        return;
    };
    let client = &app.client;
    let width = js(client, "return window.innerWidth;").await;
    assert!(
        width.as_f64().is_some_and(|w| w <= 400.0),
        "the viewport is {width} wide"
    );
    app.connect().await;
    click(client, "#check-health").await;
    // Healthy: the form folds away, into the strip that says who it is connected to.
    wait_until("the connection folds", || async {
        let shown = js(
            client,
            "const f = document.getElementById('identifier'); return f !== null && f.offsetParent !== null;",
        )
        .await;
        if shown == false {
            Ok(())
        } else {
            Err("the form is still shown".into())
        }
    })
    .await;
    click(client, "#open-demo-dashboard").await;
    wait_for_drawn_charts(client, 4).await;
    // One column: every panel starts at the same left edge and none is wider than the page.
    let layout = js(
        client,
        "const r = [...document.querySelectorAll('#boards .board-panel')].map(p => p.getBoundingClientRect());
         return {lefts: [...new Set(r.map(b => Math.round(b.left)))].length,
                 widest: Math.max(...r.map(b => b.right)),
                 page: document.documentElement.scrollWidth,
                 tabs: getComputedStyle(document.querySelector('.tabs')).overflowX};",
    )
    .await;
    assert_eq!(layout["lefts"], 1, "panels stack in one column: {layout}");
    assert!(
        layout["widest"].as_f64().unwrap_or(f64::MAX) <= 390.0
            && layout["page"].as_f64().unwrap_or(f64::MAX) <= 390.0,
        "nothing is wider than the phone: {layout}"
    );
    assert_eq!(layout["tabs"], "auto", "the tabs scroll: {layout}");

    // A tap on a chart shows the values under the finger…
    let pointer = |kind: &str, share: f64| {
        format!(
            "const c = document.querySelector(\".board-panel[data-kind='timeseries'] canvas\");
             const r = c.getBoundingClientRect();
             c.dispatchEvent(new PointerEvent('{kind}', {{bubbles: true, pointerType: 'touch',
                 clientX: r.left + r.width * {share}, clientY: r.top + r.height / 2}}));"
        )
    };
    js(client, &pointer("pointerdown", 0.6)).await;
    js(client, &pointer("pointerup", 0.6)).await;
    let read_out = text_of(client, ".board-readout").await;
    assert!(
        read_out.contains(':') && read_out.lines().count() >= 1,
        "a tap shows the read-out: {read_out:?}"
    );
    // …and a sideways drag moves the board's window with the finger.
    js(client, &pointer("pointerdown", 0.8)).await;
    js(client, &pointer("pointerup", 0.3)).await;
    wait_for_text(
        client,
        "#board-range option:checked",
        "the dragged range",
        |t| t.starts_with("Custom"),
    )
    .await;
}

/// The legend entries of the open board's panels.
async fn legend_entries(client: &fantoccini::Client) -> Vec<String> {
    strings(
        client,
        "return [...document.querySelectorAll('#boards .legend .legend-entry')].map(b => b.textContent);",
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_panel_holds_several_queries_with_legends_and_a_day_earlier_overlay() {
    let Some(app) = support::DemoApp::open(&[], 1280, 1000).await else {
        return;
    };
    app.connect().await;
    let client = &app.client;
    click(client, "#tab-query").await;
    type_into(
        client,
        "promql",
        "rate(sip_responses_total{region=\"oslo\",code=\"200\"}[5m])",
    )
    .await;
    click(client, "#promql-pin").await;
    wait_until("the pinned query", || async {
        if legend_entries(client).await.len() == 1 {
            Ok(())
        } else {
            Err(format!("{:?}", legend_entries(client).await))
        }
    })
    .await;
    // A second query with a legend format, and the same queries a day earlier.
    click(client, ".board-panel .panel-menu-button").await;
    click(client, ".board-panel .panel-edit").await;
    click(client, ".panel-editor .actions button.secondary").await;
    type_into(
        client,
        "edit-0-0-expr-1",
        "mobile_subscribers_attached{region=\"oslo\"}",
    )
    .await;
    type_into(client, "edit-0-0-legend-1", "{{rat}} subscribers").await;
    choose(client, "edit-0-0-shift", "86400").await;
    click(client, ".panel-editor .actions button:not(.secondary)").await;
    wait_until("two queries and their overlays", || async {
        let mut entries = legend_entries(client).await;
        entries.sort();
        let want = [
            "4g subscribers",
            "4g subscribers (1 day earlier)",
            "5g subscribers",
            "5g subscribers (1 day earlier)",
        ];
        let has_rate = entries
            .iter()
            .filter(|e| e.contains("code=\"200\""))
            .count()
            == 2;
        if want.iter().all(|w| entries.iter().any(|e| e == w)) && has_rate && entries.len() == 6 {
            Ok(())
        } else {
            Err(format!("{entries:?}"))
        }
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_panel_dragged_by_its_title_takes_the_place_it_is_dropped_on() {
    let Some(app) = support::DemoApp::open(&[], 1280, 1000).await else {
        return;
    };
    app.connect().await;
    let client = &app.client;
    click(client, "#tab-boards").await;
    let dashboard = r#"{"title": "Order", "panels": [
        {"type": "stat", "title": "First", "gridPos": {"x": 0, "y": 0, "w": 8, "h": 4}, "targets": [{"expr": "count(up)"}]},
        {"type": "stat", "title": "Second", "gridPos": {"x": 8, "y": 0, "w": 8, "h": 4}, "targets": [{"expr": "count(up)"}]},
        {"type": "stat", "title": "Third", "gridPos": {"x": 16, "y": 0, "w": 8, "h": 4}, "targets": [{"expr": "count(up)"}]}
    ]}"#;
    paste_dashboard(client, dashboard).await;
    wait_until("the three panels", || async {
        let titles = panel_titles(client).await;
        if titles == ["First", "Second", "Third"] {
            Ok(())
        } else {
            Err(format!("{titles:?}"))
        }
    })
    .await;
    // The browser's own drag events, as a mouse drag of the title makes them.
    js(
        client,
        "const heads = [...document.querySelectorAll('#boards .board-panel h4')];
         const target = heads[0].closest('.board-panel');
         const data = new DataTransfer();
         heads[2].dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));
         target.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
         target.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
         heads[2].dispatchEvent(new DragEvent('dragend', {dataTransfer: data, bubbles: true}));",
    )
    .await;
    wait_until("the new order", || async {
        let titles = panel_titles(client).await;
        if titles == ["Third", "First", "Second"] {
            Ok(())
        } else {
            Err(format!("{titles:?}"))
        }
    })
    .await;
    // The order is the board's: it is kept, and the export has it.
    let kept = js(client, "return localStorage.getItem('fedview.boards')").await;
    let kept = kept.as_str().unwrap_or_default();
    let (third, first) = (kept.find("Third"), kept.find("First"));
    assert!(third < first, "{kept}");
}

/// A Perses dashboard as `percli` writes it: YAML.
const PERSES_YAML: &str = r##"kind: Dashboard
metadata:
  name: core
  project: demo
spec:
  display:
    name: Core in YAML
  duration: 1h
  panels:
    subscribers:
      kind: Panel
      spec:
        display:
          name: Subscribers
        plugin:
          kind: TimeSeriesChart
          spec: {}
        queries:
          - kind: TimeSeriesQuery
            spec:
              plugin:
                kind: PrometheusTimeSeriesQuery
                spec:
                  query: sum by (rat) (mobile_subscribers_attached)
    sip:
      kind: Panel
      spec:
        display:
          name: SIP responses
        plugin:
          kind: TimeSeriesChart
          spec: {}
        queries:
          - kind: TimeSeriesQuery
            spec:
              plugin:
                kind: PrometheusTimeSeriesQuery
                spec:
                  query: sum by (code) (rate(sip_responses_total[5m]))
  layouts:
    - kind: Grid
      spec:
        items:
          - x: 0
            y: 0
            width: 12
            height: 6
            content:
              $ref: "#/spec/panels/subscribers"
          - x: 12
            y: 0
            width: 12
            height: 6
            content:
              $ref: "#/spec/panels/sip"
"##;

#[tokio::test(flavor = "current_thread")]
async fn a_perses_dashboard_pasted_as_yaml_opens_as_a_board() {
    let Some(app) = support::DemoApp::open(&[], 1280, 1000).await else {
        return;
    };
    app.connect().await;
    let client = &app.client;
    click(client, "#tab-boards").await;
    // Broken YAML says where.
    paste_dashboard(client, "kind: Dashboard\nspec: [unclosed\n").await;
    let error = wait_for_text(client, "#dashboard-error", "the YAML error", |t| {
        !t.is_empty()
    })
    .await;
    assert!(
        error.contains("not YAML") && error.contains("line"),
        "{error}"
    );
    paste_dashboard(client, PERSES_YAML).await;
    wait_until("the YAML dashboard's panels", || async {
        let titles = panel_titles(client).await;
        if titles == ["Subscribers", "SIP responses"] {
            Ok(())
        } else {
            Err(format!(
                "{titles:?} {}",
                text_of(client, "#dashboard-error").await
            ))
        }
    })
    .await;
    wait_for_drawn_charts(client, 2).await;
}

/// A table of Prometheus's own requests per handler and code, with Grafana's column
/// overrides: a display name for two columns, 0 decimals for one, one hidden, a value
/// mapping on the handlers, and the counts' cells coloured by their threshold.
const TABLE_DASHBOARD: &str = r###"{
  "title": "Requests table",
  "panels": [
    {"type": "table", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
     "targets": [{"expr": "sum by (code, handler) (prometheus_http_requests_total)",
                  "format": "table", "instant": true, "refId": "A"}],
     "fieldConfig": {"defaults": {"unit": "short", "decimals": 3,
       "mappings": [{"type": "value", "options": {"/federate": {"text": "Federation"}}}]},
      "overrides": [
       {"matcher": {"id": "byName", "options": "handler"},
        "properties": [{"id": "displayName", "value": "Handler"}]},
       {"matcher": {"id": "byName", "options": "Value"},
        "properties": [{"id": "displayName", "value": "Requests"}, {"id": "decimals", "value": 0},
          {"id": "custom.cellOptions", "value": {"type": "color-background", "mode": "basic"}},
          {"id": "thresholds", "value": {"mode": "absolute", "steps": [
             {"color": "green", "value": null}, {"color": "red", "value": 2}]}}]},
       {"matcher": {"id": "byName", "options": "code"},
        "properties": [{"id": "custom.hidden", "value": true}]}]},
     "transformations": [{"id": "sortBy", "options": {"sort": [{"field": "handler"}]}}]}
  ]
}"###;

#[tokio::test(flavor = "current_thread")]
async fn a_table_shows_its_columns_as_the_overrides_say() {
    // Grafana: an override's `displayName` is the column's header, its `decimals` the
    // column's, and `custom.hidden` leaves the column out; the `Time` column stays.
    let Some(stack) = board_of(TABLE_DASHBOARD).await else {
        return;
    };
    let client = &stack.client;
    wait_for_text(
        client,
        "#boards .board-panel tbody tr",
        "the table's rows",
        |t| !t.is_empty(),
    )
    .await;
    let headers = strings(
        client,
        "return [...document.querySelectorAll('#boards .board-panel thead th')].map(t => t.textContent);",
    )
    .await;
    // Grafana's `Time` column comes first: when each series' value was taken, written as
    // `dateTimeAsSystem` writes it, with milliseconds when the times span under a minute
    // (an instant query's are all the same).
    assert_eq!(headers, ["Time", "Handler", "Requests"]);
    let times = strings(
        client,
        "return [...document.querySelectorAll('#boards .board-panel tbody td:nth-child(1)')].map(t => t.textContent);",
    )
    .await;
    assert!(
        !times.is_empty()
            && times.iter().all(|t| {
                let b = t.as_bytes();
                b.len() == 23
                    && b.iter().enumerate().all(|(i, c)| match i {
                        4 | 7 => *c == b'-',
                        10 => *c == b' ',
                        13 | 16 => *c == b':',
                        19 => *c == b'.',
                        _ => c.is_ascii_digit(),
                    })
            }),
        "each row's time as YYYY-MM-DD HH:mm:ss.SSS: {times:?}"
    );
    let cells = strings(
        client,
        "return [...document.querySelectorAll('#boards .board-panel tbody td:nth-child(3)')].map(t => t.textContent);",
    )
    .await;
    assert!(!cells.is_empty());
    assert!(
        cells.iter().all(|c| !c.contains('.')),
        "no decimals in the Requests column: {cells:?}"
    );
    let handlers = strings(
        client,
        "return [...document.querySelectorAll('#boards .board-panel tbody td:nth-child(2)')].map(t => t.textContent);",
    )
    .await;
    assert!(
        handlers
            .iter()
            .all(|h| h.starts_with('/') || h == "Federation"),
        "the first column is the handler, the code left out: {handlers:?}"
    );
    assert!(
        handlers.iter().any(|h| h == "Federation"),
        "the value mapping names the federation fedview pulled: {handlers:?}"
    );
    // Each count's cell is painted in its threshold's colour (Grafana's green below 2,
    // red from 2, in the theme the page is in), with the text that reads on it, and sits
    // to the right: set through the CSSOM, as the page's CSP allows no inline style.
    let dark = strings(
        client,
        "return [String(matchMedia('(prefers-color-scheme: dark)').matches)];",
    )
    .await
        == ["true"];
    let painted = strings(
        client,
        "return [...document.querySelectorAll('#boards .board-panel tbody td:nth-child(3)')].map(t => {
           const s = getComputedStyle(t);
           return [t.textContent, s.backgroundColor, s.color, s.textAlign].join('|');
         });",
    )
    .await;
    for cell in &painted {
        let parts: Vec<&str> = cell.split('|').collect();
        let count: f64 = parts[0].parse().expect("a count");
        // #F2495C and #73BF69 (dark), #E02F44 and #56A64B (light); the text that reads
        // on them as Grafana's getTextColorForAlphaBackground picks it.
        let (background, text) = match (count >= 2.0, dark) {
            (true, true) => ("rgb(242, 73, 92)", "rgb(247, 248, 250)"),
            (false, true) => ("rgb(115, 191, 105)", "rgb(247, 248, 250)"),
            (true, false) => ("rgb(224, 47, 68)", "rgb(247, 248, 250)"),
            (false, false) => ("rgb(86, 166, 75)", "rgb(247, 248, 250)"),
        };
        assert_eq!(
            &parts[1..],
            [background, text, "right"],
            "the cell {cell:?} as Grafana paints it"
        );
    }
}

/// Two table queries and no transformation to bring them together: two tables, as
/// Grafana's frames, the first shown with a menu for the other.
const TWO_TABLES_DASHBOARD: &str = r###"{
  "title": "Two tables",
  "panels": [
    {"type": "table", "title": "Up and requests", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
     "targets": [
       {"expr": "up", "format": "table", "instant": true, "refId": "A"},
       {"expr": "sum by (handler) (prometheus_http_requests_total)", "format": "table", "instant": true, "refId": "B"}]}
  ]
}"###;

#[tokio::test(flavor = "current_thread")]
async fn tables_left_apart_show_one_at_a_time_with_a_menu_as_in_grafana() {
    let Some(stack) = board_of(TWO_TABLES_DASHBOARD).await else {
        return;
    };
    let client = &stack.client;
    wait_for_text(
        client,
        "#boards .board-panel tbody tr",
        "the first table's rows",
        |t| !t.is_empty(),
    )
    .await;
    let headers = || {
        strings(
            client,
            "return [...document.querySelectorAll('#boards .board-panel thead th')].map(t => t.textContent);",
        )
    };
    let first = headers().await;
    assert!(first.iter().any(|h| h == "Value #A"), "{first:?}");
    assert!(
        !first.iter().any(|h| h == "Value #B"),
        "one table at a time: {first:?}"
    );
    let options = strings(
        client,
        "return [...document.querySelectorAll('#boards select.table-frame-menu option')].map(o => o.textContent);",
    )
    .await;
    assert_eq!(options.len(), 2, "{options:?}");
    assert_eq!(
        options[1], "handler, Value #B",
        "named without its time: {options:?}"
    );
    // Picking the second table shows it.
    js(
        client,
        "const menu = document.querySelector('#boards select.table-frame-menu');
         menu.value = '1'; menu.dispatchEvent(new Event('change', {bubbles: true}));",
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let second = headers().await;
        if second == ["Time", "handler", "Value #B"] {
            break;
        }
        assert!(Instant::now() < deadline, "the second table: {second:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A short, wide stat (Grafana's 3 rows: 90 px) with a long value.
const SHORT_STAT_DASHBOARD: &str = r###"{
  "title": "Short stat",
  "panels": [
    {"type": "stat", "title": "Requests", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 3},
     "fieldConfig": {"defaults": {"unit": "bytes", "decimals": 3}},
     "targets": [{"expr": "sum(prometheus_http_requests_total) * 1e9", "refId": "A"}]}
  ]
}"###;

#[tokio::test(flavor = "current_thread")]
async fn a_stats_value_fits_its_box_in_height_as_well_as_width() {
    // Grafana fits a stat's text to its box both ways: in a short, wide panel the value
    // is as tall as the box allows and never cut off at the bottom.
    let Some(stack) = board_of(SHORT_STAT_DASHBOARD).await else {
        return;
    };
    let client = &stack.client;
    wait_for_text(client, "#boards .stat-item", "the stat's value", |t| {
        !t.is_empty()
    })
    .await;
    let boxes = strings(
        client,
        "const panel = document.querySelector('#boards .board-panel').getBoundingClientRect();
         const text = document.querySelector('#boards .stat-item text').getBoundingClientRect();
         return [panel.top, panel.bottom, panel.left, panel.right, text.top, text.bottom, text.left, text.right, text.height].map(String);",
    )
    .await;
    let n: Vec<f64> = boxes.iter().map(|v| v.parse().expect("a number")).collect();
    let (panel_top, panel_bottom, panel_left, panel_right) = (n[0], n[1], n[2], n[3]);
    let (top, bottom, left, right, height) = (n[4], n[5], n[6], n[7], n[8]);
    assert!(
        top >= panel_top && bottom <= panel_bottom && left >= panel_left && right <= panel_right,
        "the value inside its panel: {boxes:?}"
    );
    assert!(height >= 20.0, "and as large as the box allows: {boxes:?}");
}

/// A panel of two units: bytes for the panel, percent for query A by an override.
const TWO_UNITS_DASHBOARD: &str = r###"{
  "title": "Two units",
  "panels": [
    {"type": "timeseries", "title": "One and a kibibyte", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
     "fieldConfig": {"defaults": {"unit": "bytes"},
                     "overrides": [{"matcher": {"id": "byFrameRefID", "options": "A"},
                                    "properties": [{"id": "unit", "value": "percent"}]}]},
     "targets": [{"expr": "vector(1)", "refId": "A", "legendFormat": "one"},
                 {"expr": "vector(1) * 1024", "refId": "B", "legendFormat": "kibi"}]}
  ]
}"###;

#[tokio::test(flavor = "current_thread")]
async fn the_read_out_writes_each_series_in_its_own_unit() {
    // Grafana's tooltip writes each series through its own field's unit: with a second
    // unit on a right axis, its values are not written in the panel's unit.
    let Some(stack) = board_of(TWO_UNITS_DASHBOARD).await else {
        return;
    };
    let client = &stack.client;
    wait_for_drawn_charts(client, 1).await;
    js(
        client,
        "const c = document.querySelector(\".board-panel[data-kind='timeseries'] canvas\");
         const r = c.getBoundingClientRect();
         c.dispatchEvent(new PointerEvent('pointermove', {bubbles: true, pointerType: 'mouse',
             clientX: r.left + r.width * 0.5, clientY: r.top + r.height / 2}));",
    )
    .await;
    let read_out = text_of(client, ".board-readout").await;
    assert!(
        read_out.contains("one: 1%") && read_out.contains("kibi: 1 KiB"),
        "each value in its own unit: {read_out:?}"
    );
}
