//! End to end: how the release app uses the screen, in headless Chromium against the
//! relay's demo. Once connected the side panels fold into a header strip and the overview
//! shows most of its families on the first screen; on a phone the view comes first and
//! every control is big enough for a finger; kiosk mode shows the view alone and keeps
//! polling.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{click, js, screenshot, viewport, wait_for_text, wait_until, DemoApp};

/// Polls once from the strip and waits until every family's panel has drawn its chart.
async fn poll_and_wait_for_the_overview(app: &DemoApp, families: usize) {
    click(&app.client, "#strip-fetch").await;
    wait_until("every overview panel is drawn", || async {
        let drawn = js(
            &app.client,
            "return document.querySelectorAll('#overview canvas.overview-plot[data-drawn]').length;",
        )
        .await;
        if drawn.as_u64() == Some(families as u64) {
            Ok(())
        } else {
            Err(format!("{drawn} of {families} drawn"))
        }
    })
    .await;
}

/// The overview's panels: `[family, left, top, bottom, value shown, chart drawn]`.
async fn overview_boxes(app: &DemoApp) -> Vec<serde_json::Value> {
    js(
        &app.client,
        "return [...document.querySelectorAll('#overview .overview-panel')].map(p => {\
            const r = p.getBoundingClientRect();\
            return [p.dataset.family, Math.round(r.left), r.top, r.bottom,\
                p.querySelector('.overview-value').textContent.trim() !== '',\
                p.querySelector('canvas[data-drawn]') !== null];});",
    )
    .await
    .as_array()
    .cloned()
    .unwrap_or_default()
}

/// Whether the element matching `css` is on the page and laid out.
async fn shown(app: &DemoApp, css: &str) -> bool {
    js(
        &app.client,
        &format!(
            "const e = document.querySelector({}); return e !== null && e.getClientRects().length > 0;",
            serde_json::to_string(css).expect("a string")
        ),
    )
    .await
        == true
}

#[tokio::test(flavor = "current_thread")]
async fn once_connected_the_overview_takes_the_width_and_fits_a_first_screen() {
    let Some(app) = DemoApp::open(&[], 1366, 900).await else {
        return;
    };
    viewport(&app.client, 1366, 900).await;
    assert!(shown(&app, "#side-panels").await, "the form shows first");
    app.connect_healthy().await;
    assert!(
        !shown(&app, "#side-panels").await,
        "the side panels fold once healthy"
    );
    poll_and_wait_for_the_overview(&app, 8).await;
    screenshot(&app.client, "layout-overview-1366.png").await;
    let boxes = overview_boxes(&app).await;
    assert_eq!(boxes.len(), 8, "{boxes:?}");
    let whole = boxes
        .iter()
        .filter(|b| b[2].as_f64() >= Some(0.0) && b[3].as_f64() <= Some(900.0))
        .filter(|b| b[4] == true && b[5] == true)
        .count();
    assert!(
        whole >= 6,
        "{whole} of 8 panels, each with its value and chart, are wholly on the first screen: {boxes:?}"
    );
    let columns = |boxes: &[serde_json::Value]| {
        boxes
            .iter()
            .map(|b| b[1].as_i64())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    assert_eq!(columns(&boxes), 3, "three columns at 1366 px: {boxes:?}");

    // The grid grows with the screen.
    viewport(&app.client, 1920, 1080).await;
    wait_until("four columns at 1920 px", || async {
        let boxes = overview_boxes(&app).await;
        match columns(&boxes) {
            4 => Ok(()),
            n => Err(format!("{n} columns: {boxes:?}")),
        }
    })
    .await;

    // What the user edits is one click away, and folds again with another.
    click(&app.client, "#open-panels").await;
    assert!(shown(&app, "#side-panels").await && shown(&app, "#selectors").await);
    click(&app.client, "#open-panels").await;
    assert!(!shown(&app, "#side-panels").await);
}

#[tokio::test(flavor = "current_thread")]
async fn on_a_phone_the_view_comes_first_and_every_control_takes_a_finger() {
    let Some(app) = DemoApp::open(&[], 390, 844).await else {
        return;
    };
    viewport(&app.client, 390, 844).await;
    app.connect_healthy().await;
    poll_and_wait_for_the_overview(&app, 8).await;
    screenshot(&app.client, "layout-phone.png").await;
    let tabs = js(
        &app.client,
        "const r = document.querySelector('.tabs').getBoundingClientRect();\
         return [r.top, r.bottom, document.documentElement.scrollWidth];",
    )
    .await;
    assert!(
        tabs[1].as_f64().is_some_and(|bottom| bottom <= 844.0),
        "the tabs are on the first screen: {tabs}"
    );
    assert!(
        tabs[2].as_f64().is_some_and(|w| w <= 390.0),
        "nothing is wider than the phone: {tabs}"
    );
    // Every control shown, in each view and in the menu, is at least 44 px tall.
    let small = "return [...document.querySelectorAll('button, select, input:not([type=checkbox]), summary, a')]\
        .filter(e => e.getClientRects().length > 0)\
        .map(e => [e.id || e.className || e.textContent.slice(0, 24), e.getBoundingClientRect().height])\
        .filter(([, h]) => h < 44);";
    for tab in [
        "overview",
        "boards",
        "chart",
        "query",
        "cardinality",
        "changes",
    ] {
        click(&app.client, &format!("#tab-{tab}")).await;
        let found = js(&app.client, small).await;
        assert_eq!(
            found,
            serde_json::json!([]),
            "controls under 44 px in {tab}"
        );
    }
    // The menu button opens the connection, federation, metrics and dumps.
    click(&app.client, "#open-panels").await;
    for panel in ["#change-connection", "#selectors", "#metric-search"] {
        assert!(shown(&app, panel).await, "{panel} is in the menu");
    }
    let found = js(&app.client, small).await;
    assert_eq!(
        found,
        serde_json::json!([]),
        "controls under 44 px in the menu"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn kiosk_mode_shows_only_the_view_and_keeps_polling() {
    let Some(app) = DemoApp::open(&[], 1366, 900).await else {
        return;
    };
    app.connect_healthy().await;
    click(&app.client, "#enter-kiosk").await;
    wait_until("kiosk mode", || async {
        let url = app.client.current_url().await.map_err(|e| e.to_string())?;
        if url.fragment().is_some_and(|f| f.contains("kiosk")) {
            Ok(())
        } else {
            Err(format!("the address is {url}"))
        }
    })
    .await;
    for chrome in [
        "header.top",
        "#status-strip",
        ".side",
        "#side-panels",
        ".tabs",
    ] {
        assert!(!shown(&app, chrome).await, "{chrome} shows in kiosk mode");
    }
    // Live: the overview fills from polls no one asked for, and they go on.
    let polls = || {
        app.upstream_requests()
            .iter()
            .filter(|r| r.contains("/federate"))
            .count()
    };
    wait_until("two polls in kiosk mode", || async {
        match polls() {
            n if n >= 2 => Ok(()),
            n => Err(format!("{n} polls")),
        }
    })
    .await;
    assert!(shown(&app, "#overview .overview-panel").await);
    screenshot(&app.client, "layout-kiosk.png").await;
    // Esc leaves, as in Grafana.
    js(
        &app.client,
        "window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));",
    )
    .await;
    wait_for_text(&app.client, "#status-strip", "the strip back", |t| {
        t.contains("Live")
    })
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_panel_menu_is_reached_and_used_from_the_keyboard() {
    let Some(app) = DemoApp::open(&[], 1366, 900).await else {
        return;
    };
    let client = &app.client;
    app.connect_healthy().await;
    poll_and_wait_for_the_overview(&app, 8).await;
    click(client, "#open-demo-dashboard").await;
    wait_until("the demo board", || async {
        match js(
            client,
            "return document.querySelectorAll('#boards canvas[data-drawn]').length;",
        )
        .await
        .as_u64()
        {
            Some(n) if n >= 4 => Ok(()),
            n => Err(format!("{n:?} charts drawn")),
        }
    })
    .await;
    // What has the focus, whether its focus ring shows, and whether it can be seen.
    let focused = "const e = document.activeElement; const s = getComputedStyle(e);\
        return {menu: e.classList.contains('panel-menu-button'), in_tools: e.closest('.panel-tools') !== null,\
            ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1,\
            opacity: parseFloat(s.opacity), expanded: e.getAttribute('aria-expanded'),\
            open: document.querySelectorAll('.panel-tools').length};";
    let key = |k: &'static str| async move {
        client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(k)
            .await
            .expect("press a key");
    };
    js(client, "document.activeElement.blur();").await;
    let mut state = serde_json::Value::Null;
    for _ in 0..120 {
        key("\u{e004}").await; // Tab
        state = js(client, focused).await;
        if state["menu"] == true {
            break;
        }
    }
    assert_eq!(state["menu"], true, "Tab reaches a panel's menu: {state}");
    assert!(
        state["ring"] == true && state["opacity"].as_f64() == Some(1.0),
        "the focused menu button shows, with a focus ring: {state}"
    );
    key("\u{e007}").await; // Enter
    let state = js(client, focused).await;
    assert!(
        state["expanded"] == "true" && state["open"] == 1,
        "Enter opens it: {state}"
    );
    key("\u{e004}").await;
    let state = js(client, focused).await;
    assert!(
        state["in_tools"] == true && state["ring"] == true,
        "Tab goes into its tools, with a focus ring: {state}"
    );
    key("\u{e00c}").await; // Escape
    let state = js(client, focused).await;
    assert!(
        state["menu"] == true && state["open"] == 0,
        "Esc closes it and gives the focus back to its button: {state}"
    );
}
