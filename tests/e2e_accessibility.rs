//! End to end: axe-core (the npm package `package.json` pins, injected into the page) finds
//! no WCAG 2.1 A or AA violation, of any impact, in any view of the release app: the
//! first screen (before the app has loaded), the connection form, the overview, the side panels, a board, the chart, the PromQL page,
//! cardinality, what changed and kiosk mode; in the light theme and the dark; at a desktop
//! size and a phone's.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fantoccini::Locator;
use support::{click, js, viewport, wait_for_text, wait_until, DemoApp};

/// What axe checks: the WCAG 2.1 A and AA rules, as the issue measured them.
const RUN_AXE: &str = "const done = arguments[arguments.length - 1];\
    axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})\
      .then(r => done(r.violations.map(v => ({rule: v.id, impact: v.impact,\
          nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))\
      .catch(e => done('axe failed: ' + e));";

/// The axe-core build the test injects, or `None` (after saying why) when npm has not
/// installed it.
fn axe_source() -> Option<String> {
    let path = fedview_testkit::workspace_root().join("node_modules/axe-core/axe.min.js");
    fedview_testkit::require(&path, "axe-core (run `npm ci`)")
        .then(|| std::fs::read_to_string(&path).expect("read axe.min.js"))
}

/// Sets the page's theme with the theme button, as a user does.
async fn theme(app: &DemoApp, wanted: &str) {
    for _ in 0..3 {
        let now = js(
            &app.client,
            "return document.documentElement.getAttribute('data-theme');",
        )
        .await;
        if now == wanted {
            return;
        }
        click(&app.client, "#theme-toggle").await;
    }
    panic!("the theme button never picked {wanted}");
}

/// Runs axe in both themes on what the page shows now, and adds what it finds to `found`.
async fn check(app: &DemoApp, axe: &str, view: &str, found: &mut Vec<String>) {
    for wanted in ["light", "dark"] {
        theme(app, wanted).await;
        check_as_is(app, axe, &format!("{view}, {wanted}"), found).await;
    }
}

/// Runs axe on what the page shows now, in its theme as it is.
async fn check_as_is(app: &DemoApp, axe: &str, view: &str, found: &mut Vec<String>) {
    let loaded = js(&app.client, "return typeof axe !== 'undefined';").await;
    if loaded != true {
        js(&app.client, &format!("{axe}\n;return true;")).await;
    }
    let violations = app
        .client
        .execute_async(RUN_AXE, vec![])
        .await
        .expect("run axe");
    match violations.as_array() {
        Some(list) if list.is_empty() => {}
        Some(list) => found.extend(list.iter().map(|v| format!("{view}: {v}"))),
        None => found.push(format!("{view}: {violations}")),
    }
}

/// Waits until `count` elements match `css`.
async fn wait_for_count(app: &DemoApp, css: &str, count: u64) {
    let script = format!(
        "return document.querySelectorAll({}).length;",
        serde_json::to_string(css).expect("a string")
    );
    wait_until(css, || async {
        let n = js(&app.client, &script).await;
        if n.as_u64() >= Some(count) {
            Ok(())
        } else {
            Err(format!("{n} of {count}"))
        }
    })
    .await;
}

/// Walks every view at `width` × `height` and says what axe found.
async fn every_view(width: u32, height: u32) -> Option<Vec<String>> {
    let axe = axe_source()?;
    let dist = fedview_testkit::workspace_root().join("dist");
    let app = DemoApp::open_build(&dist, &[], width, height).await?;
    viewport(&app.client, width, height).await;
    let client = &app.client;
    let mut found = Vec::new();
    // The first screen, before the app has loaded, in each theme (set as index.html's
    // own script sets the theme picked).
    wait_for_text(client, "#open-app", "the first screen", |t| !t.is_empty()).await;
    for wanted in ["light", "dark"] {
        js(
            client,
            &format!("document.documentElement.dataset.theme = '{wanted}';"),
        )
        .await;
        check_as_is(
            &app,
            &axe,
            &format!("the first screen, {wanted}"),
            &mut found,
        )
        .await;
    }
    support::open_the_app(client).await;
    app.connect().await;
    check(&app, &axe, "the connection form", &mut found).await;

    app.connect_healthy().await;
    click(client, "#strip-fetch").await;
    wait_for_count(&app, "#overview canvas.overview-plot[data-drawn]", 8).await;
    check(&app, &axe, "the overview", &mut found).await;
    click(client, "#open-panels").await;
    check(&app, &axe, "the side panels", &mut found).await;
    click(client, "#open-panels").await;

    click(client, "#open-demo-dashboard").await;
    wait_for_count(&app, "#boards canvas[data-drawn]", 4).await;
    check(&app, &axe, "the demo board", &mut found).await;
    // A panel's menu, opened from the keyboard's reach.
    click(client, ".board-panel .panel-menu-button").await;
    check(&app, &axe, "a panel's menu", &mut found).await;

    click(client, "#tab-overview").await;
    click(client, "#overview .overview-open").await;
    wait_for_text(client, "#chart-title", "the chart", |t| !t.is_empty()).await;
    check(&app, &axe, "the chart", &mut found).await;

    click(client, "#tab-query").await;
    let editor = client
        .find(Locator::Id("promql"))
        .await
        .expect("the PromQL editor");
    editor
        .send_keys("sum by (region) (rate(sip_responses_total[5m]))")
        .await
        .expect("type a query");
    click(client, "#promql-run").await;
    wait_for_text(client, "#query-status", "the answer", |t| {
        t.contains("series")
    })
    .await;
    check(&app, &axe, "the PromQL page", &mut found).await;

    click(client, "#tab-cardinality").await;
    check(&app, &axe, "cardinality", &mut found).await;
    click(client, "#strip-fetch").await;
    wait_for_text(client, "#strip-last", "a second poll", |t| {
        t.starts_with("Polled")
    })
    .await;
    click(client, "#tab-changes").await;
    check(&app, &axe, "what changed", &mut found).await;

    // Kiosk mode has no theme button: the theme is picked before entering it.
    click(client, "#tab-overview").await;
    for wanted in ["light", "dark"] {
        theme(&app, wanted).await;
        click(client, "#enter-kiosk").await;
        wait_for_count(&app, "#kiosk-view", 1).await;
        check_as_is(&app, &axe, &format!("kiosk mode, {wanted}"), &mut found).await;
        click(client, "#exit-kiosk").await;
    }
    Some(found)
}

#[tokio::test(flavor = "current_thread")]
async fn no_view_breaks_a_wcag_rule_on_a_desktop() {
    if let Some(found) = every_view(1366, 900).await {
        assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_view_breaks_a_wcag_rule_on_a_phone() {
    if let Some(found) = every_view(390, 844).await {
        assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
    }
}
