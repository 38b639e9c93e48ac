//! End to end: the first screen, in headless Chromium against the relay's demo.
//! `index.html` holds the header and a working connection form. A new user's page loads
//! nothing more until they act on it; the app then loads, takes over what was typed, does
//! what was asked, and renders the same text in the same place. A returning user gets the
//! app at once. When the code cannot load, the first screen says so. The store's worker is
//! fetched when the user connects, not before.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use fedview_testkit::TempDir;
use support::{click, js, viewport, wait_for_text, wait_until, DemoApp};

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

/// Whether the app has replaced the first screen (its theme button is the app's own).
async fn app_started(client: &fantoccini::Client) -> bool {
    js(
        client,
        "return !document.getElementById('first-paint') \
            && document.getElementById('theme-toggle') !== null;",
    )
    .await
    .as_bool()
        == Some(true)
}

/// The files of the app's build the page asked the relay for (`/` is `index.html`).
fn files_asked(app: &DemoApp) -> Vec<String> {
    app.requests()
        .into_iter()
        .filter(|uri| !uri.starts_with("/metrics/") && uri != "/healthz")
        .collect()
}

/// The release build, opened in a new browser on its first screen (the app not loaded).
async fn first_screen() -> Option<DemoApp> {
    let dist = fedview_testkit::workspace_root().join("dist");
    DemoApp::open_build(&dist, &[], 1366, 900).await
}

#[tokio::test]
async fn the_app_renders_its_intro_where_the_first_screen_put_it() {
    let Some(without_wasm) = build_without_wasm() else {
        return;
    };
    let Some(first_paint) = DemoApp::open_build(without_wasm.path(), &[], 1366, 900).await else {
        return;
    };
    let Some(app) = first_screen().await else {
        return;
    };
    for (width, height) in SIZES {
        reload_at(&app, width, height).await;
        wait_for_text(&app.client, "#open-app", "the first screen", |t| {
            !t.is_empty()
        })
        .await;
        let painted = intro_box(&app).await;
        click(&app.client, "#open-app").await;
        wait_until("the app replaces the first screen", || async {
            if app_started(&app.client).await {
                Ok(())
            } else {
                Err("the first screen is still there".to_owned())
            }
        })
        .await;
        let rendered = intro_box(&app).await;

        assert_eq!(painted.len(), 4, "the first screen's intro: {painted:?}");
        assert!(
            painted
                .iter()
                .zip(&rendered)
                .all(|(a, b)| (a - b).abs() < 0.5),
            "at {width}×{height} the intro moved from {painted:?} (first screen) to \
             {rendered:?} (the app)"
        );
        // Opened once, the app is a returning user's: clear that for the next size.
        js(&app.client, "localStorage.clear();").await;
    }
    // A build whose code cannot load says why the app is not coming, when the user asks.
    reload_at(&first_paint, 1366, 900).await;
    click(&first_paint.client, "#check-health").await;
    let status = wait_for_text(
        &first_paint.client,
        "#first-paint .status",
        "the first screen's status",
        |t| t.contains("could not load"),
    )
    .await;
    assert!(
        status.contains("404") && status.contains("Reload the page"),
        "{status}"
    );
}

#[tokio::test]
async fn a_new_user_loads_only_the_first_screen_until_they_connect() {
    let Some(app) = first_screen().await else {
        return;
    };
    let client = &app.client;
    wait_for_text(client, "#check-health", "the first screen's form", |t| {
        !t.is_empty()
    })
    .await;
    // Left alone, the page asks for nothing but itself and its icon.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let before = files_asked(&app);
    assert!(
        before
            .iter()
            .all(|file| file == "/" || file.starts_with("/favicon")),
        "before connecting the page asked for {before:?}"
    );
    assert!(!app_started(client).await, "the app started on its own");
    // Typing is not acting: still nothing.
    for (id, value) in [
        ("identifier", "demo"),
        ("client-id", "demo"),
        ("client-secret", "demo"),
    ] {
        support::type_into(client, id, value).await;
    }
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    assert_eq!(files_asked(&app), before, "typing loaded something");
    // Enter in the secret's field checks health: the app loads, takes what was typed, and
    // connects with it.
    client
        .find(fantoccini::Locator::Id("client-secret"))
        .await
        .expect("the secret's field")
        .send_keys("\u{E007}")
        .await
        .expect("press Enter");
    wait_for_text(client, "#status-strip", "the header strip", |t| {
        t.contains("Connected to demo")
    })
    .await;
    let after = files_asked(&app);
    assert!(
        after.iter().any(|file| file.contains("_bg.wasm")),
        "the app's code was never asked for: {after:?}"
    );
    // The form was never sent: the address holds no field of it.
    let url = client.current_url().await.expect("the page's address");
    assert!(url.query().is_none(), "{url}");
    assert!(!url.as_str().contains("secret"), "{url}");
}

#[tokio::test]
async fn what_the_user_asked_of_the_first_screen_the_app_does() {
    let Some(app) = first_screen().await else {
        return;
    };
    let client = &app.client;
    // "Remember on this device": the app ticks it and warns, with what was typed kept.
    support::type_into(client, "identifier", "mine").await;
    click(client, "#remember").await;
    wait_for_text(client, "#remember-warning", "the warning", |t| {
        t.contains("unencrypted")
    })
    .await;
    assert!(app_started(client).await);
    assert_eq!(support::value_of(client, "identifier").await, "mine");
    let ticked = js(
        client,
        "return document.getElementById('remember').checked;",
    )
    .await;
    assert_eq!(ticked, serde_json::json!(true));

    // The remembered connection makes this a returning user: the app comes at once.
    reload_at(&app, 1366, 900).await;
    support::wait_for_the_app(client).await;
    assert_eq!(support::value_of(client, "identifier").await, "mine");

    // The theme button picks the next theme, as the app's own does.
    js(client, "localStorage.clear();").await;
    reload_at(&app, 1366, 900).await;
    wait_for_text(
        client,
        "#first-theme",
        "the first screen's theme button",
        |t| t == "Theme: system",
    )
    .await;
    click(client, "#first-theme").await;
    wait_for_text(client, "#theme-toggle", "the app's theme button", |t| {
        t == "Theme: light"
    })
    .await;

    // A dump dropped on the first screen opens in the app.
    js(client, "localStorage.clear();").await;
    reload_at(&app, 1366, 900).await;
    wait_for_text(client, "#open-app", "the first screen", |t| !t.is_empty()).await;
    client
        .execute(
            "const dt = new DataTransfer();
             dt.items.add(new File(['up{job=\"a\"} 1\\nup{job=\"b\"} 0\\n'], 'dump.txt', {type: 'text/plain'}));
             document.querySelector('#first-paint main').dispatchEvent(
                 new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
            vec![],
        )
        .await
        .expect("drop a file");
    wait_for_text(client, "#dump-status", "the dump opened", |t| {
        t.starts_with("Browsing dump.txt: 2 series")
    })
    .await;
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
