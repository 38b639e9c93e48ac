//! End to end: the first paint, in headless Chromium against the relay's demo.
//! `index.html` paints the header and the connection panel's intro before the app's code
//! has arrived. The app then renders the same text in the same place, so that first paint
//! stays the largest thing on the page, and the app's code is fetched only once it is on
//! screen. When the code cannot load, the first paint says so. The store's worker is
//! fetched when the user connects, not before.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fedview_testkit::TempDir;
use support::{js, viewport, wait_for_text, wait_until, DemoApp};

/// The sizes the app is drawn at: a laptop and a phone.
const SIZES: [(u32, u32); 2] = [(1366, 900), (390, 844)];

/// A copy of the release build without any wasm: what a reader sees while the app's code
/// is still on its way, kept on screen.
fn build_without_wasm() -> Option<TempDir> {
    let dist = fedview_testkit::workspace_root().join("dist");
    if !fedview_testkit::require(&dist.join("index.html"), "the app build") {
        return None;
    }
    let files = std::fs::read_dir(&dist).expect("list the app build");
    let copy = TempDir::new("fedview-first-paint");
    for file in files.flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        if !name.contains("_bg.wasm") {
            std::fs::copy(file.path(), copy.path().join(&name)).expect("copy the build");
        }
    }
    Some(copy)
}

/// Loads the app again in a `width` × `height` viewport, so that it is laid out at that
/// size from its first paint on.
async fn reload_at(app: &DemoApp, width: u32, height: u32) {
    viewport(&app.client, width, height).await;
    app.client
        .goto(&app.relay.origin())
        .await
        .expect("load the app");
}

/// Where the connection panel's intro is, `[left, top, width, height]` in CSS pixels.
async fn intro_box(app: &DemoApp) -> Vec<f64> {
    let found = js(
        &app.client,
        "const r = document.querySelector('.connection p.intro').getBoundingClientRect();\
         return [r.left, r.top, r.width, r.height];",
    )
    .await;
    found
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_app_renders_its_intro_where_the_first_paint_put_it() {
    let Some(without_wasm) = build_without_wasm() else {
        return;
    };
    let Some(first_paint) = DemoApp::open_build(without_wasm.path(), &[], 1366, 900).await else {
        return;
    };
    let Some(app) = DemoApp::open(&[], 1366, 900).await else {
        return;
    };
    for (width, height) in SIZES {
        reload_at(&first_paint, width, height).await;
        wait_for_text(
            &first_paint.client,
            "#first-paint .status",
            "the first paint's status",
            |t| t.contains("could not load"),
        )
        .await;
        let painted = intro_box(&first_paint).await;

        reload_at(&app, width, height).await;
        wait_until("the app replaces the first paint", || async {
            let rendered = js(
                &app.client,
                "return !document.getElementById('first-paint') \
                    && document.getElementById('check-health') !== null;",
            )
            .await;
            if rendered.as_bool() == Some(true) {
                Ok(())
            } else {
                Err("the first paint is still there".to_owned())
            }
        })
        .await;
        let rendered = intro_box(&app).await;

        assert_eq!(painted.len(), 4, "the first paint's intro: {painted:?}");
        assert!(
            painted
                .iter()
                .zip(&rendered)
                .all(|(a, b)| (a - b).abs() < 0.5),
            "at {width}×{height} the intro moved from {painted:?} (first paint) to \
             {rendered:?} (the app)"
        );
    }
    // The wasm-less build says why the app is not coming.
    let status = js(
        &first_paint.client,
        "return document.querySelector('#first-paint .status').textContent;",
    )
    .await;
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.contains("404") && s.contains("Reload the page")),
        "{status}"
    );
}

#[tokio::test]
async fn the_first_paint_stays_the_largest_and_comes_before_the_apps_code() {
    let Some(app) = DemoApp::open(&[], 1366, 900).await else {
        return;
    };
    for (width, height) in SIZES {
        reload_at(&app, width, height).await;
        wait_for_text(&app.client, "#check-health", "the app's form", |t| {
            !t.is_empty()
        })
        .await;
        // The page's own timeline: its paints, the largest-paint candidates the browser
        // recorded, and when the app's wasm was asked for and arrived.
        let timeline = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 new PerformanceObserver((list) => {\
                   const largest = list.getEntries().map((e) => e.startTime);\
                   const first = performance.getEntriesByName('first-contentful-paint')[0];\
                   const wasm = performance.getEntriesByType('resource')\
                     .find((e) => /fedview-[0-9a-f]+_bg\\.wasm$/.test(e.name));\
                   done([first.startTime, largest, wasm.fetchStart, wasm.responseEnd]);\
                 }).observe({ type: 'largest-contentful-paint', buffered: true });",
                vec![],
            )
            .await
            .expect("read the page's timeline");
        let first_paint = timeline[0].as_f64().expect("a first contentful paint");
        let largest: Vec<f64> = timeline[1]
            .as_array()
            .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default();
        let (asked, arrived) = (
            timeline[2].as_f64().expect("the wasm's start"),
            timeline[3].as_f64().expect("the wasm's end"),
        );
        let last = largest.last().copied().expect("a largest paint");
        // Under load the browser may paint the page as it parses it, the intro a frame
        // after the header: still the first paint. What the app draws can only come once
        // its code has arrived.
        assert!(
            last < arrived,
            "at {width}×{height} the largest paint came at {last:.0} ms, after the app's \
             code arrived at {arrived:.0} ms (first paint at {first_paint:.0} ms): the app \
             drew something larger ({largest:?})"
        );
        assert!(
            asked >= first_paint && arrived > asked,
            "at {width}×{height} the app's wasm was asked for at {asked:.0} ms, before the \
             first paint at {first_paint:.0} ms"
        );
    }
}

#[tokio::test]
async fn the_store_worker_is_fetched_when_the_user_connects_not_before() {
    let Some(app) = DemoApp::open(&[], 1366, 900).await else {
        return;
    };
    wait_for_text(&app.client, "#check-health", "the app's form", |t| {
        !t.is_empty()
    })
    .await;
    // Left alone, the page asks for nothing more.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let worker = |requests: &[String]| requests.iter().any(|r| r.contains("store-worker"));
    let before = app.requests();
    assert!(
        !worker(&before),
        "the store's worker was fetched before connecting: {before:?}"
    );
    // A healthy connection fetches it, before the first poll needs it.
    app.connect_healthy().await;
    wait_until("the worker to be fetched", || async {
        let requests = app.requests();
        if requests.iter().any(|r| r.contains("store-worker_bg.wasm")) {
            Ok(())
        } else {
            Err(format!("asked so far: {requests:?}"))
        }
    })
    .await;
}

#[tokio::test]
async fn the_first_paint_is_in_the_theme_the_user_picked() {
    let Some(without_wasm) = build_without_wasm() else {
        return;
    };
    let Some(first_paint) = DemoApp::open_build(without_wasm.path(), &[], 1366, 900).await else {
        return;
    };
    // The page's background in each theme (`--bg` in static/style.css).
    for (picked, background) in [("dark", "rgb(13, 17, 23)"), ("light", "rgb(246, 248, 250)")] {
        js(
            &first_paint.client,
            &format!(
                "localStorage.setItem('{}', '{picked}');",
                fedview::app::device_storage::THEME_KEY
            ),
        )
        .await;
        first_paint
            .client
            .goto(&first_paint.relay.origin())
            .await
            .expect("load the first paint again");
        let painted = js(
            &first_paint.client,
            "return [document.documentElement.dataset.theme ?? '',\
                getComputedStyle(document.body).backgroundColor];",
        )
        .await;
        assert_eq!(
            painted,
            serde_json::json!([picked, background]),
            "the first paint with the {picked} theme picked"
        );
    }
}
